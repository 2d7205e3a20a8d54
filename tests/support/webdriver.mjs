// A small W3C WebDriver client for the end-to-end tests, and the tauri-driver process that
// drives the real Invite Desk window through WebKitWebDriver.
import { spawn, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tauriDriverPath() {
  const local = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin", "tauri-driver");
  if (existsSync(local)) return local;
  return "tauri-driver";
}

/** The debug app the e2e tests drive: `$CARGO_TARGET_DIR/debug/invite-desk`, or `target/` here. */
export const appBinary = join(process.env.CARGO_TARGET_DIR || fileURLToPath(new URL("../../target", import.meta.url)), "debug", "invite-desk");

/**
 * Starts tauri-driver on a free port and waits until it answers. `opts.env` adds to the
 * environment the app sees (its data folder, say); `opts.ownSession` runs it inside its own
 * D-Bus session and throwaway keyring (scripts/with-keyring.sh), so a second copy of the app is
 * a second computer: the single-instance handover and the keychain are per session.
 */
export async function startDriver(port = 4444 + Math.floor(Math.random() * 1000), opts = {}) {
  const args = ["--port", String(port), "--native-port", String(port + 1000), "--native-driver", "/usr/bin/WebKitWebDriver"];
  const env = { ...process.env, ...(opts.env ?? {}) };
  const withKeyring = fileURLToPath(new URL("../../scripts/with-keyring.sh", import.meta.url));
  const proc = opts.ownSession
    ? spawn("bash", [withKeyring, tauriDriverPath(), ...args], { stdio: ["ignore", "inherit", "inherit"], env, detached: true })
    : spawn(tauriDriverPath(), args, { stdio: ["ignore", "inherit", "inherit"], env });
  // The wrapper's whole process group (D-Bus, the keyring, tauri-driver) goes with it.
  const kill = (sig) => {
    try {
      if (opts.ownSession) process.kill(-proc.pid, sig);
      else proc.kill(sig);
    } catch { /* already gone */ }
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      const r = await fetch(`${base}/status`);
      if (r.ok) return { base, stop: () => kill("SIGTERM") };
    } catch { /* not up yet */ }
    await sleep(100);
  }
  kill("SIGKILL");
  throw new Error("tauri-driver did not start");
}

export class Session {
  constructor(base, id, application) {
    this.base = base;
    this.id = id;
    this.application = application;
  }

  /** tauri-driver 2.x drops a connection now and then (the app is fine): retry those. */
  static async request(method, url, body) {
    let last;
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const r = await fetch(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
        const json = await r.json();
        if (!r.ok || json.value?.error) {
          const err = new Error(`${method} ${url}: ${json.value?.error ?? r.status} ${json.value?.message ?? ""}`);
          err.webdriver = json.value?.error;
          throw err;
        }
        return json.value;
      } catch (e) {
        if (e.webdriver) throw e;
        last = e;
        await sleep(200);
      }
    }
    throw last;
  }

  static async create(base, application) {
    const value = await Session.request("POST", `${base}/session`, {
      capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application } } },
    });
    return new Session(base, value.sessionId, application);
  }

  cmd(method, path, body) {
    return Session.request(method, `${this.base}/session/${this.id}${path}`, body);
  }

  async find(css) {
    const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return v[ELEMENT];
  }

  /** Waits until `css` matches a displayed element, returns its id. */
  async waitFor(css, timeout = 15000) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      try {
        const el = await this.find(css);
        if (await this.cmd("GET", `/element/${el}/displayed`)) return el;
      } catch (e) { last = e; }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${css}: ${last?.message ?? "not displayed"}`);
  }

  async until(fn, what, timeout = 15000) {
    const end = Date.now() + timeout;
    let value;
    while (Date.now() < end) {
      try {
        value = await fn();
      } catch (e) {
        // The view re-rendered under us (stale element): look again.
        value = `error: ${e.message}`;
        await sleep(100);
        continue;
      }
      if (value) return value;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
  }

  async click(css) {
    const el = await this.waitFor(css);
    await this.cmd("POST", `/element/${el}/click`, {});
  }

  async type(css, text) {
    const el = await this.waitFor(css);
    await this.cmd("POST", `/element/${el}/clear`, {});
    if (text !== "") await this.cmd("POST", `/element/${el}/value`, { text });
  }

  /** Sets a value the way a person does for <select>: through the element, firing change. */
  async select(css, value) {
    await this.waitFor(css);
    await this.exec("const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));", [css, value]);
  }

  async text(css) {
    const el = await this.waitFor(css);
    return this.cmd("GET", `/element/${el}/text`);
  }

  async value(css) {
    const el = await this.waitFor(css);
    return this.cmd("GET", `/element/${el}/property/value`);
  }

  exec(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs an async script: it gets a `done` callback as its last argument. */
  execAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  async keys(css, text) {
    const el = await this.waitFor(css);
    await this.cmd("POST", `/element/${el}/value`, { text });
  }

  /**
   * A PNG of the X display the window is on, as a user sees it (ImageMagick `import`).
   * Not WebDriver's Take Screenshot: WebKitWebDriver 2.50 at times never answers it (seen after
   * visiting History → Settings → Invite, while clicks and scripts kept working), which hung
   * the whole suite.
   */
  async screenshot() {
    // Only the app's window, not the whole (mostly black) virtual screen around it.
    const r = windowRect();
    const crop = r ? ["-crop", `${r.width}x${r.height}+${Math.max(0, r.x)}+${Math.max(0, r.y)}`, "+repage"] : [];
    return execFileSync("import", ["-window", "root", ...crop, "png:-"], { timeout: 10000, maxBuffer: 64 << 20 });
  }

  /**
   * A screenshot of what is really on screen now. WebKit presents frames to X a little after
   * the DOM changed (a shot taken at once can show a frame from a second ago): wait for two
   * animation frames, then for two shots 150 ms apart to agree, and never keep a flat,
   * not-yet-painted window.
   */
  async paintedScreenshot(timeout = 10000) {
    await this.cmd("POST", "/execute/async", { script: "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));", args: [] }).catch(() => {});
    const end = Date.now() + timeout;
    let last = null;
    let png;
    while (Date.now() < end) {
      await sleep(150);
      png = await this.screenshot();
      const spread = Number(execFileSync("convert", ["png:-", "-format", "%[fx:standard_deviation]", "info:"], { input: png, encoding: "utf8", timeout: 10000 }));
      if (spread > 0.02 && last && Buffer.compare(last, png) === 0) return png;
      last = png;
    }
    return png;
  }

  /**
   * Ends the session and waits until the app's process is gone (killing it after 5 s), so the
   * next test's launch is not handed over to it by the single-instance check.
   */
  async close() {
    await Promise.race([this.cmd("DELETE", "").catch(() => {}), sleep(5000)]);
    await appGone(this.application);
  }
}

/**
 * The Invite Desk window's frame on the X display, as the X server has it (xwininfo), or null
 * when there is no such window. Independent of the app and of WebDriver.
 */
export function windowRect(name = "Invite Desk") {
  try {
    const out = execFileSync("xwininfo", ["-name", name], { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] });
    const num = (label) => Number(new RegExp(`${label}:\\s+(-?\\d+)`).exec(out)?.[1]);
    return { x: num("Absolute upper-left X"), y: num("Absolute upper-left Y"), width: num("Width"), height: num("Height"), mapped: /Map State: IsViewable/.test(out) };
  } catch {
    return null;
  }
}

/** The pids of running processes started from `application`. */
export function appPids(application) {
  try {
    return execFileSync("pgrep", ["-f", `^${application}`], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Waits until no process of `application` runs; after `ms`, kills what is left. */
export async function appGone(application, ms = 5000) {
  const end = Date.now() + ms;
  while (appPids(application).length && Date.now() < end) await sleep(50);
  for (const pid of appPids(application)) {
    try { process.kill(pid, "SIGKILL"); } catch { /* already gone */ }
  }
  while (appPids(application).length) await sleep(50);
}

/** The X clipboard's text, as another program on the desktop would paste it. */
export function clipboardText() {
  try {
    return execFileSync("xclip", ["-o", "-selection", "clipboard"], { encoding: "utf8", timeout: 5000 });
  } catch {
    return "";
  }
}

export const KEY = {
  enter: "\uE007",
  escape: "\uE00C",
  backspace: "\uE003",
  alt: "\uE00A",
  down: "\uE015",
  /** Releases the modifier keys pressed so far in the same key sequence. */
  release: "\uE000",
  tab: "\uE004",
  control: "\uE009",
  shift: "\uE008",
};

/** Calls a Rust command over the window's own IPC; resolves to `{ok}` or `{err}`. */
export function invokeIn(session, cmd, args) {
  return session.execAsync(
    "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((ok) => done({ ok }), (err) => done({ err }));",
    [cmd, args],
  );
}

/** The text on screen (innerText: WebDriver's own element text leaves out a clipped label). */
export function innerText(session, css) {
  return session.exec("return document.querySelector(arguments[0])?.innerText ?? ''", [css]);
}

/** The X window of a native (GTK) dialog, found by its title within 10 s. */
export function nativeDialog(title) {
  for (let i = 0; i < 100; i++) {
    try {
      const w = execFileSync("xdotool", ["search", "--onlyvisible", "--name", title], { encoding: "utf8" }).trim().split("\n")[0];
      if (w) return w;
    } catch {
      // Not open yet.
    }
    execFileSync("sleep", ["0.1"]);
  }
  throw new Error(`the dialog “${title}” did not open`);
}

/** Saves each provider's key in the keychain and points each vendor at its mock, over IPC. */
export async function useMockVendors(session, keys, baseUrls) {
  for (const [provider, key] of Object.entries(keys)) {
    const r = await invokeIn(session, "save_key", { provider, key });
    if (!r.ok) throw new Error(`save_key ${provider}: ${JSON.stringify(r.err)}`);
  }
  const settings = (await invokeIn(session, "get_settings", {})).ok;
  const saved = await invokeIn(session, "save_settings", { settings: { ...settings, baseUrls } });
  if (!saved.ok) throw new Error(`save_settings: ${JSON.stringify(saved.err)}`);
}
