// Several accounts per vendor in Chromium with the IPC stubbed (tests/support/ipc-stub.js answers
// like commands::accounts): Settings adds, names and removes accounts and asks before one key is
// saved for two; the Invite form shows an account picker only when a vendor has two or more and
// sends through the one picked (pickers too); Bulk names the batch's account; History has the
// Account column and filter. axe finds no serious or critical violation on the new parts.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { openPage, useBrowser } from "../support/browser.mjs";

const { ART, server, browser } = useBrowser();
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const calls = (page, cmd) => page.evaluate((c) => window.__calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);

/** A page whose settings already hold a second Xobin and a second Hireflix account. */
const twoAccounts = `window.__state.settings.accounts = [
  { provider: "xobin", id: "a0000000a", label: "Acme", baseUrl: "http://127.0.0.1:9/acme", removed: false },
  { provider: "hireflix", id: "a0000000b", label: "Globex", baseUrl: null, removed: false }];
window.__state.accountKeys = { "xobin:a0000000a": "key-acme", "hireflix:a0000000b": "key-globex" };`;

async function axe(page, what) {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) })));
  const bad = found.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${what}: ${JSON.stringify(bad)}`);
}

describe("Settings → accounts", () => {
  test("adding an account with its key lists it with a saved key; the same key for a second account is asked about, and refused keeps it unsaved", async () => {
    const page = await openPage(browser(), server());
    await page.click("#nav-settings");
    await page.waitForSelector("#accounts-xobin");
    // One account: the hint says so, and no account rows beyond Default.
    assert.match(await page.textContent("#accounts-xobin .hint"), /One Xobin account/);
    await page.click("#acct-new-xobin summary");
    await page.fill("#acct-new-xobin-label", "Acme — Xobin");
    await page.fill("#acct-new-xobin-key", "key-acme");
    await page.click("#acct-new-xobin-add");
    await page.waitForSelector("#acct-xobin-a00000001");
    assert.equal(await page.textContent("#acct-xobin-a00000001-state"), "Key saved ✓");
    assert.match(await page.textContent("#accounts-xobin .hint"), /Invites go through the account picked/);
    // A second account with the same key: asked, and "Cancel" leaves it without a key.
    await page.evaluate(() => { window.__dialogYes = false; });
    await page.click("#acct-new-xobin summary");
    await page.fill("#acct-new-xobin-label", "Globex — Xobin");
    await page.fill("#acct-new-xobin-key", "key-acme");
    await page.click("#acct-new-xobin-add");
    await page.waitForSelector("#acct-xobin-a00000002");
    const asked = await calls(page, "plugin:dialog|message");
    assert.match(asked.at(-1).message, /already saved for the Xobin account “Acme — Xobin”/);
    assert.equal(await page.textContent("#acct-xobin-a00000002-state"), "No key");
    const saves = await calls(page, "save_account_key");
    assert.deepEqual(saves.map((s) => s.shared), [false, false]);
    // A name taken by another account is refused by Rust, with its words next to the form.
    await page.click("#acct-new-xobin summary");
    await page.fill("#acct-new-xobin-label", "acme — xobin");
    await page.click("#acct-new-xobin-add");
    await page.waitForFunction(() => document.querySelector("#acct-new-xobin-err")?.textContent.includes("choose another name"));
    await page.screenshot({ path: `${ART}settings-two-xobin-accounts-and-a-refused-name.png`, fullPage: true });
    await axe(page, "Settings with accounts");
    // Remove asks, then the account is gone from Settings.
    await page.evaluate(() => { window.__dialogYes = true; });
    await page.click("#acct-xobin-a00000002-remove");
    await page.waitForFunction(() => !document.querySelector("#acct-xobin-a00000002"));
    assert.deepEqual((await calls(page, "remove_account")).at(-1), { provider: "xobin", id: "a00000002" });
  });
});

describe("the Invite form's account picker", () => {
  test("hidden with one account; with two, it sends through the one picked, and Hireflix's picker lists that account's positions", async () => {
    const page = await openPage(browser(), server(), { init: twoAccounts });
    await page.click("#provider-picker [data-provider=tidyhire]");
    assert.equal(await page.isVisible("#account-row"), false, "Tidyhire has one account: no picker");
    await page.click("#provider-picker [data-provider=xobin]");
    await page.waitForSelector("#account-row:not([hidden])");
    assert.deepEqual(await page.$$eval("#account-picker option", (os) => os.map((o) => o.textContent)), ["Default", "Acme"]);
    await page.selectOption("#account-picker", "a0000000a");
    await page.fill("#f-candidateName", "Alex Tanaka");
    await page.fill("#f-candidateEmail", "alex@example.com");
    await page.fill("#f-xobin-aiInterviewId", "305");
    await page.screenshot({ path: `${ART}invite-form-with-the-acme-account-picked.png`, fullPage: true });
    await axe(page, "Invite form with the account picker");
    await page.click("#send");
    await page.waitForSelector("#result-card");
    assert.equal((await calls(page, "send_invite")).at(-1).account, "a0000000a");
    assert.equal(await page.textContent("#result-account"), "Sent through the Xobin account “Acme”.");
    // Hireflix: the picker asks for the positions of the account picked.
    await page.click("#provider-picker [data-provider=hireflix]");
    await page.selectOption("#account-picker", "a0000000b");
    await page.click("#sec-job [data-field=positionId] .lookup-btn");
    await page.waitForSelector("#sec-job [data-field=positionId] .lookup-panel [role=option]");
    assert.equal((await calls(page, "hireflix_positions")).at(-1).account, "a0000000b");
    // Back on Xobin, Acme is still the one picked.
    await page.click("#provider-picker [data-provider=xobin]");
    assert.equal(await page.inputValue("#account-picker"), "a0000000a");
  });

  test("an account without a saved key blocks Send and says which account", async () => {
    const page = await openPage(browser(), server(), { init: `${twoAccounts}\nwindow.__state.accountKeys = {};` });
    await page.click("#provider-picker [data-provider=xobin]");
    await page.waitForSelector("#account-row:not([hidden])");
    await page.selectOption("#account-picker", "a0000000a");
    await page.waitForFunction(() => document.querySelector("#key-banner")?.textContent.includes("for the account “Acme”"));
    assert.equal(await page.isDisabled("#send"), true);
    await page.selectOption("#account-picker", "default");
    await page.waitForFunction(() => document.querySelector("#key-banner")?.hidden === true);
  });
});

describe("saved jobs pin an account", () => {
  test("a Tidyhire job saved with an account is saved with it, and loading it picks that account again", async () => {
    const init = `window.__state.settings.accounts = [{ provider: "tidyhire", id: "a0000000c", label: "Initech", baseUrl: null, removed: false }];
window.__ipc.job_profiles = () => [{ id: 5, name: "Data Engineer (Initech)", provider: "tidyhire", data: { externalId: "JOB-9", jobTitle: "Data Engineer", account: "a0000000c" }, updatedAt: "2026-12-01T09:00:00Z" }];`;
    const page = await openPage(browser(), server(), { init });
    await page.click("#provider-picker [data-provider=tidyhire]");
    await page.waitForSelector("#account-row:not([hidden])");
    assert.equal(await page.inputValue("#account-picker"), "default");
    await page.waitForSelector("#job-profile option[value='5']", { state: "attached" });
    await page.selectOption("#job-profile", "5");
    await page.waitForFunction(() => document.querySelector("#account-picker")?.value === "a0000000c");
    await page.click("#save-profile");
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "save_job_profile"));
    assert.equal((await calls(page, "save_job_profile")).at(-1).data.account, "a0000000c");
  });
});

describe("Bulk and History", () => {
  test("Bulk names the batch's account and checks and sends through it; History filters by account", async () => {
    const page = await openPage(browser(), server(), { init: twoAccounts });
    await page.click("#provider-picker [data-provider=xobin]");
    await page.waitForSelector("#account-row:not([hidden])");
    await page.selectOption("#account-picker", "a0000000a");
    await page.fill("#f-xobin-aiInterviewId", "305");
    await page.click("#nav-bulk");
    await page.waitForSelector("#bulk-job-vendor");
    assert.equal(await page.textContent("#bulk-job-vendor"), "Xobin (Acme)");
    await page.fill("#bulk-paste", "Name\tEmail\tNotes\nAna López\tana@example.com\t\n");
    await page.click("#bulk-read-paste");
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "bulk_check"));
    assert.equal((await calls(page, "bulk_check")).at(-1).account, "a0000000a");
    await page.click("#nav-history");
    await page.waitForSelector("#history-account:not([hidden])");
    assert.deepEqual(await page.$$eval("#history-account option", (os) => os.map((o) => o.textContent)), ["All accounts", "Xobin — Default", "Xobin — Acme", "Hireflix — Default", "Hireflix — Globex"]);
    await page.selectOption("#history-account", "xobin:a0000000a");
    await page.waitForFunction(() => window.__calls.filter((c) => c.cmd === "history_query").at(-1)?.args.query.account === "a0000000a");
    const q = (await calls(page, "history_query")).at(-1).query;
    assert.equal(q.provider, "xobin");
    assert.equal(await page.isVisible("#history-table th.account"), true);
    await axe(page, "History with the account filter");
  });
});
