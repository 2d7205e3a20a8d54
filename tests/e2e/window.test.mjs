// The real window remembers itself (tauri-plugin-window-state behind src-tauri/desktop.rs):
// resized and moved, the app is restarted and the window is found where it was; with a saved
// place on a monitor that is gone, it comes back on screen. Positions are read from the X server
// (xwininfo), not from the app. Under Xvfb there is no window manager, so "maximised" cannot be
// exercised here (nothing maximises a window without one): desktop.rs saves it with the rest.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Session, startDriver, windowRect, appBinary } from "../support/webdriver.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const app = appBinary;
const ART = join(root, "artifacts", "e2e");
mkdirSync(ART, { recursive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let driver, s, configDir;
const stateFile = () => join(configDir, "app.invitedesk.desktop", ".window-state.json");

before(async () => {
  assert.ok(existsSync(app), `build the app first: ${app}`);
  process.env.INVITE_DESK_DATA_DIR = mkdtempSync(join(tmpdir(), "invite-desk-window-"));
  // A config folder of its own: the window state lives there (the platform's app config dir).
  configDir = mkdtempSync(join(tmpdir(), "invite-desk-window-config-"));
  process.env.XDG_CONFIG_HOME = configDir;
  driver = await startDriver();
});

after(async () => {
  await s?.close();
  driver?.stop();
});

async function launch() {
  s = await Session.create(driver.base, app);
  await s.waitFor("body[data-ready=true]", 30000);
  return until(() => { const r = windowRect(); return r?.mapped ? r : null; }, "the window on screen");
}

async function quit() {
  await s.close();
  s = null;
  await until(() => (windowRect() ? null : true), "the window to close");
}

async function until(fn, what, timeout = 10000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = fn();
    if (last) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

const near = (a, b) => Math.abs(a - b) <= 2;

describe("the window remembers its size and place", () => {
  test("resized and moved, then restarted: the window is where it was", async () => {
    const first = await launch();
    assert.deepEqual([first.width, first.height], [1100, 760], "the first start uses tauri.conf.json's size");
    await s.cmd("POST", "/window/rect", { x: 137, y: 91, width: 900, height: 640 });
    await until(() => { const r = windowRect(); return r && near(r.x, 137) && near(r.y, 91) && r.width === 900 && r.height === 640 ? r : null; }, "the window moved and resized");
    // desktop.rs saves 400 ms after the last move or resize, without waiting for a clean exit.
    const saved = await until(() => { try { const j = JSON.parse(readFileSync(stateFile(), "utf8")).main; return j.width === 900 && j.x === 137 ? j : null; } catch { return null; } }, "the saved window state");
    assert.equal(saved.height, 640);
    assert.equal(saved.y, 91);
    await quit();

    const again = await launch();
    await until(() => { const r = windowRect(); return r && near(r.x, 137) && near(r.y, 91) ? r : null; }, "the window back at 137,91").catch((e) => {
      throw new Error(`${e.message}; the window is at ${JSON.stringify(windowRect())}; saved ${readFileSync(stateFile(), "utf8")}`);
    });
    const r = windowRect();
    assert.deepEqual([r.width, r.height], [900, 640], `restored size, got ${JSON.stringify(r)} (first ${JSON.stringify(again)})`);
    await s.waitFor("#f-candidateName");
    writeFileSync(join(ART, "window-restored-900x640-at-137-91.png"), await s.paintedScreenshot());
    await quit();
  });

  test("a saved place on a monitor that is gone: the window comes back on screen", async () => {
    const state = JSON.parse(readFileSync(stateFile(), "utf8"));
    // As if it was last on a second monitor to the right of this 1280×900 screen.
    state.main = { ...state.main, x: 2600, y: 200, prev_x: 2600, prev_y: 200, width: 900, height: 640, maximized: false };
    writeFileSync(stateFile(), JSON.stringify(state));
    await launch();
    const r = await until(() => { const w = windowRect(); return w && w.x >= 0 && w.y >= 0 && w.x + w.width <= 1280 && w.y + w.height <= 900 ? w : null; }, "the window on the 1280×900 screen");
    assert.deepEqual([r.width, r.height], [900, 640], "its size is kept");
    await s.waitFor("#f-candidateName");
    writeFileSync(join(ART, "window-back-on-screen-after-monitor-gone.png"), await s.paintedScreenshot());
  });
});
