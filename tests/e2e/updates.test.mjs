// The update offer on the real window, against a local feed: a `latest.json` for 9.9.9 whose
// package is signed with a throwaway key made for this run (`tauri signer generate`; this debug
// build is told to trust it through INVITE_DESK_TEST_UPDATER_PUBKEY, which a release build
// ignores). Settings → About → Check now shows 9.9.9 with its notes; this copy was not installed
// from a package, so it says so and where to download instead of installing.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Session, appBinary, startDriver } from "../support/webdriver.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const app = appBinary;
const ART = join(root, "artifacts", "e2e");
mkdirSync(ART, { recursive: true });

let driver, s, feed, feedUrl;

function invoke(session, cmd, args) {
  return session.execAsync(
    "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((ok) => done({ ok }), (err) => done({ err }));",
    [cmd, args],
  );
}

before(async () => {
  assert.ok(existsSync(app), `build the app first: ${app}`);
  const dir = mkdtempSync(join(tmpdir(), "invite-desk-update-"));
  const key = join(dir, "throwaway.key");
  execFileSync("npx", ["--no-install", "tauri", "signer", "generate", "--ci", "-p", "", "-w", key], { cwd: root, env: { ...process.env, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "" }, stdio: "ignore" });
  const pkg = join(dir, "invite-desk_9.9.9_amd64.deb");
  writeFileSync(pkg, "!<arch>\na throwaway package for the update offer\n");
  execFileSync("npx", ["--no-install", "tauri", "signer", "sign", "-p", "", pkg], { cwd: root, env: { ...process.env, TAURI_SIGNING_PRIVATE_KEY: readFileSync(key, "utf8").trim(), TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "" }, stdio: "ignore" });
  const signature = readFileSync(`${pkg}.sig`, "utf8").trim();
  feed = createServer((req, res) => {
    const base = `http://127.0.0.1:${feed.address().port}`;
    if (req.url === "/latest.json") {
      const platform = { signature, url: `${base}/invite-desk_9.9.9_amd64.deb` };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ version: "9.9.9", notes: "Faster bulk invites and reminders in French.", pub_date: "2026-12-01T09:00:00Z", platforms: { "linux-x86_64": platform, "linux-x86_64-deb": platform } }));
    } else if (req.url === "/invite-desk_9.9.9_amd64.deb") {
      res.writeHead(200);
      res.end(readFileSync(pkg));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => feed.listen(0, "127.0.0.1", r));
  feedUrl = `http://127.0.0.1:${feed.address().port}/latest.json`;
  process.env.INVITE_DESK_DATA_DIR = mkdtempSync(join(tmpdir(), "invite-desk-update-data-"));
  process.env.INVITE_DESK_TEST_UPDATER_PUBKEY = readFileSync(`${key}.pub`, "utf8").trim();
  driver = await startDriver();
  s = await Session.create(driver.base, app);
  await s.waitFor("body[data-ready=true]", 30000);
});

after(async () => {
  await s?.close();
  driver?.stop();
  feed?.close();
});

describe("the update offer", () => {
  test("Check now against the company's feed offers 9.9.9 with its notes and, not installed from a package, says where to download it", { timeout: 120000 }, async () => {
    const settings = (await invoke(s, "get_settings", {})).ok;
    const saved = await invoke(s, "save_settings", { settings: { ...settings, updateFeed: feedUrl } });
    assert.equal(saved.ok?.updateFeed, feedUrl, JSON.stringify(saved));
    await s.click("#nav-settings");
    await s.waitFor("#update-check", 15000);
    await s.click("#update-check");
    await s.until(async () => (await s.text("#update-status")).includes("9.9.9"), "the offer");
    assert.equal(await s.text("#update-status"), "Invite Desk 9.9.9 is available (you have 0.1.0).");
    assert.equal(await s.text("#update-notes"), "Faster bulk invites and reminders in French.");
    assert.match(await s.text("#update-why-not"), /cannot replace itself: download version 9\.9\.9 from http:\/\/127\.0\.0\.1:\d+\/invite-desk_9\.9\.9_amd64\.deb/);
    await s.exec("document.querySelector('#update-answer').scrollIntoView(); return true;");
    writeFileSync(join(ART, "update-offer-9.9.9-with-notes.png"), await s.paintedScreenshot());
  });
});
