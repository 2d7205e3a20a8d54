// Serves the built web view on localhost and opens it in Debian's Chromium through
// playwright-core, with Tauri's IPC replaced by a recording stub (see ipc-stub.js).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { after, before } from "node:test";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dist = join(root, "ui", "dist");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

export async function serveDist() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^\/+/, "") || "index.html";
    try {
      const body = await readFile(join(dist, path));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

// Playwright gives every launch a fresh, empty profile of its own.
export async function launchChromium() {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

const presets = await readFile(fileURLToPath(new URL("../fixtures/presets_ui.json", import.meta.url)), "utf8");
// Real ZoneEntry values from Rust (tests/ipc_types.rs keeps the file equal to what Rust sends).
const zones = await readFile(fileURLToPath(new URL("../fixtures/zones_ui.json", import.meta.url)), "utf8");
export const ipcStub = `window.__presets = ${presets};\nwindow.__zones = ${zones};\n${await readFile(fileURLToPath(new URL("./ipc-stub.js", import.meta.url)), "utf8")}`;

/**
 * A new page of the built web view with the IPC stub (and `init`, a script run before the page's
 * own), open and ready (`body[data-ready=true]`). A page error fails the test.
 */
export async function openPage(browser, server, { init, ...contextOptions } = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...contextOptions });
  await ctx.addInitScript({ content: ipcStub });
  if (init) await ctx.addInitScript(init);
  const p = await ctx.newPage();
  p.on("pageerror", (e) => { throw e; });
  await p.goto(server.url);
  await p.waitForSelector("body[data-ready=true]");
  return p;
}

/**
 * The set-up every browser test file shares: the built web view served and one Chromium, both
 * started before the file's tests and closed after them; `artifacts/ui/` made for screenshots.
 * Returns `{ ART, server(), browser() }`.
 */
export function useBrowser() {
  const ART = fileURLToPath(new URL("../../artifacts/ui/", import.meta.url));
  mkdirSync(ART, { recursive: true });
  let server, browser;
  before(async () => {
    server = await serveDist();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return { ART, server: () => server, browser: () => browser };
}

/**
 * Waits until `selector`'s text is `expected`, then asserts it: a preview drawn from the field's
 * previous value (the zone before Enter picked a new one) is not read as the answer. On a timeout
 * the assertion fails with the text that was on screen.
 */
export async function expectText(page, selector, expected, timeout = 5000) {
  try {
    await page.waitForFunction(([s, t]) => document.querySelector(s)?.textContent === t, [selector, expected], { timeout });
  } catch {
    // Falls through to the assertion below, which names what was there instead.
  }
  assert.equal(await page.textContent(selector), expected);
}
