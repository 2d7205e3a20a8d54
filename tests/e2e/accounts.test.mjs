// End to end on the real window: two Xobin accounts pointed at two mock Xobins with different
// keys (each mock answers only its own key). Settings adds the second account with its key and
// address and tests it; an invite through it reaches mock B only; a refresh of an invite sent
// through the first account reaches mock A with A's key while B is the one picked; History shows
// the Account column; no key's bytes are in the data folder or the page afterwards.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockVendors } from "../support/mock-vendors.mjs";
import { Session, appBinary as app, innerText, invokeIn, startDriver, useMockVendors } from "../support/webdriver.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ART = join(root, "artifacts", "e2e");
mkdirSync(ART, { recursive: true });
const KEY_A = "E2E-ACME-XOBIN-KEY-4a4a4a";
const KEY_B = "E2E-GLOBEX-XOBIN-KEY-5b5b5b";

let driver, s, mockA, mockB, dataDir, globex;

const shown = (css) => innerText(s, css);

async function shot(name, css, text) {
  await s.until(async () => (await shown(css)).includes(text), `${text} in ${css} before the ${name} screenshot`);
  writeFileSync(join(ART, `${name}.png`), await s.paintedScreenshot());
}

before(async () => {
  assert.ok(existsSync(app), `build the app first: ${app}`);
  dataDir = mkdtempSync(join(tmpdir(), "invite-desk-accounts-e2e-"));
  process.env.INVITE_DESK_DATA_DIR = join(dataDir, "data");
  mockA = await startMockVendors({ xobin: KEY_A });
  mockB = await startMockVendors({ xobin: KEY_B });
  driver = await startDriver();
  s = await Session.create(driver.base, app);
  await s.waitFor("body[data-ready=true]", 30000);
  await useMockVendors(s, { xobin: KEY_A }, { xobin: mockA.baseUrls.xobin });
});

after(async () => {
  try {
    if (s) writeFileSync(join(ART, "accounts-last.png"), await s.screenshot());
  } catch { /* the window may be gone */ }
  // The keychain is shared with the other end-to-end files (each starts with no key saved):
  // this file's keys leave it, through the app, as a coordinator would remove them.
  if (s) {
    if (globex) await invokeIn(s, "remove_account", { provider: "xobin", id: globex });
    await invokeIn(s, "delete_key", { provider: "xobin" });
  }
  await s?.close();
  driver?.stop();
  await mockA?.close();
  await mockB?.close();
});

const invites = (mock) => mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite");

async function sendXobin(name, email) {
  await s.type("#f-candidateName", name);
  await s.type("#f-candidateEmail", email);
  await s.type("#f-xobin-aiInterviewId", "305");
  await s.until(() => s.exec("return !document.querySelector('#send').disabled"), "the Send button to be enabled");
  await s.click("#send");
  await s.waitFor("#result-card, #result-error", 20000);
  const error = await s.exec("const e = document.querySelector('#result-error'); return e ? e.textContent : null");
  assert.equal(error, null, `the invite failed: ${error}`);
}

describe("two accounts of one vendor on the real window", () => {
  test("Settings adds a second Xobin account with its own key and address, and Test reaches its vendor account", { timeout: 120000 }, async () => {
    await s.click("#nav-settings");
    await s.waitFor("#accounts-xobin");
    await s.click("#acct-new-xobin summary");
    await s.type("#acct-new-xobin-label", "Globex — Xobin");
    await s.type("#acct-new-xobin-key", KEY_B);
    await s.type("#acct-new-xobin-url", mockB.baseUrls.xobin);
    await s.click("#acct-new-xobin-add");
    await s.until(async () => (await s.exec("return document.querySelectorAll('#accounts-xobin .account').length")) === 2, "the new account's row");
    globex = await s.exec("return [...document.querySelectorAll('#accounts-xobin .account')].map((e) => e.id).find((id) => !id.endsWith('-default')).replace('acct-xobin-', '')");
    assert.match(globex, /^a[0-9a-f]{8}$/);
    assert.equal(await shown(`#acct-xobin-${globex}-state`), "Key saved ✓");
    await s.click(`#acct-xobin-${globex}-test`);
    await s.until(async () => (await shown("#toast")).includes("accepted the key"), "the test's answer");
    const tested = mockB.received.filter((r) => r.path === "/xobin/ai-interviews/settings/general");
    assert.equal(tested.length, 1);
    assert.equal(tested[0].status, 200, "mock B answered its own key");
    assert.equal(mockA.received.filter((r) => r.path === "/xobin/ai-interviews/settings/general").length, 0);
    await shot("accounts-settings-with-globex-added-and-tested", "#toast", "accepted the key");
  });

  test("an invite through the account picked reaches only its vendor account; one through Default reaches the other", { timeout: 120000 }, async () => {
    await s.click("#nav-invite");
    await s.click("#provider-picker [data-provider=xobin]");
    await s.waitFor("#account-row:not([hidden])");
    await s.select("#account-picker", globex);
    await sendXobin("Kim Lee", "kim@example.com");
    assert.equal(invites(mockB).length, 1);
    assert.equal(invites(mockB)[0].status, 200);
    assert.equal(invites(mockA).length, 0, "Acme's vendor account saw nothing");
    await shot("accounts-invite-sent-through-globex", "#account-row", "Account");
    await s.click("#new-invite");
    await s.select("#account-picker", "default");
    await sendXobin("Ana López", "ana@example.com");
    assert.equal(invites(mockA).length, 1);
    assert.equal(invites(mockB).length, 1);
  });

  test("a refresh of an invite sent through Default asks mock A with A's key while Globex is the one picked", { timeout: 120000 }, async () => {
    await s.click("#nav-invite");
    await s.select("#account-picker", globex);
    await s.click("#nav-history");
    await s.waitFor("#history-table.accounts");
    await s.until(async () => (await shown("#history-rows")).includes("Globex — Xobin"), "the Account column");
    await shot("accounts-history-with-the-account-column", "#history-rows", "Globex — Xobin");
    const before = { a: mockA.received.length, b: mockB.received.length };
    await s.click("#history-refresh-all");
    await s.until(() => mockA.received.slice(before.a).some((r) => r.path === "/xobin/ai-interviews/invited/305"), "mock A asked for its invites");
    await s.until(() => mockB.received.slice(before.b).some((r) => r.path === "/xobin/ai-interviews/invited/305"), "mock B asked for its invites");
    for (const r of mockA.received.slice(before.a)) assert.equal(r.status, 200, `A answered ${r.path}`);
    for (const r of mockB.received.slice(before.b)) assert.equal(r.status, 200, `B answered ${r.path}`);
  });

  test("no key's bytes are in the data folder or the page", { timeout: 60000 }, async () => {
    const html = await s.exec("return document.documentElement.outerHTML + JSON.stringify(localStorage)");
    const files = readdirSync(join(dataDir, "data"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath ?? e.path, e.name)));
    for (const key of [KEY_A, KEY_B]) {
      for (let i = 0; i + 8 <= key.length; i++) {
        const piece = key.slice(i, i + 8);
        assert.ok(!html.includes(piece), `the page holds part of a key (${i})`);
        for (const f of files) assert.ok(!f.includes(piece), `a data file holds part of a key (${i})`);
      }
    }
    assert.ok(files.length >= 2, "the history and the settings were scanned");
  });
});
