// Settings → Candidate data in Chromium with the IPC stubbed: a person found by email with what
// is held and which vendors received it, Export, Forget (Rust asks; the log then says what was
// erased, never who), and the deletion of old invites — axe finding nothing serious.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { openPage, useBrowser } from "../support/browser.mjs";

const { ART, server, browser } = useBrowser();
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

describe("Settings → Candidate data", () => {
  test("find, export and forget a person; the erasure log names no one; old invites can be deleted on a schedule", async () => {
    const page = await openPage(browser(), server());
    await page.click("#nav-settings");
    await page.waitForSelector("#person-query");
    await page.fill("#person-query", "Kim@Example.com ");
    await page.press("#person-query", "Enter");
    await page.waitForSelector("#person-found");
    assert.match(await page.textContent("#person-found"), /^1 invite, 0 bulk sheet rows\. Sent to Xobin\./);
    await page.click("#person-export");
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "candidate_export" && c.args.query === "Kim@Example.com "));
    await page.click("#person-forget");
    await page.waitForSelector("#erasure-log li");
    assert.match(await page.textContent("#erasure-log"), /A person was forgotten by this computer: 1 invite; still held by Xobin\./);
    assert.doesNotMatch(await page.textContent("#erasure-log"), /Kim|kim@/);
    await page.waitForSelector("#person-none");
    await page.check("#retention-on");
    await page.fill("#retention-days", "365");
    await page.click("#retention-save");
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "save_settings" && c.args.settings.retentionDays === 365));
    await page.addScriptTag({ content: axeSource });
    const bad = await page.evaluate(async () => (await window.axe.run(document.querySelector("#candidate-data"), { resultTypes: ["violations"] })).violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id));
    assert.deepEqual(bad, []);
    await page.locator("#candidate-data").screenshot({ path: `${ART}settings-candidate-data-forgotten.png` });
  });
});
