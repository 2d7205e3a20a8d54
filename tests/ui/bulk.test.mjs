// The Bulk view in Chromium with the IPC stubbed (tests/support/ipc-stub.js answers like
// bulk::check and bulk::run): it shows Rust's verdicts as text, sends what Rust says, sends the
// mapping and the included duplicates back, and shows the progress and the links.
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, useBrowser } from "../support/browser.mjs";

const { ART, server, browser } = useBrowser();
let page;

beforeEach(async () => {
  page = await openPage(browser(), server());
  await page.click("#provider-picker [data-provider=xobin]");
  await page.fill("#f-xobin-aiInterviewId", "305");
  await page.click("#nav-bulk");
});

const calls = (cmd) => page.evaluate((c) => window.__calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);
const rows = () => page.$$eval("#bulk-table .vrow", (els) => els.map((e) => [e.dataset.row, e.dataset.status, e.querySelector(".clip")?.textContent ?? ""]));

async function pasteSheet() {
  await page.fill("#bulk-paste", "Name\tEmail\tNotes\nAna López\tana@example.com\t\n");
  await page.click("#bulk-read-paste");
  await page.waitForSelector("#bulk-table .vrow");
}

describe("the Bulk view", () => {
  test("pasted rows are checked by Rust with the Invite form's job and shown as text", async () => {
    await pasteSheet();
    const check = (await calls("bulk_check")).at(-1);
    assert.equal(check.job.provider, "xobin");
    assert.equal(check.job.aiInterviewId, "305");
    assert.equal(check.mapping, null, "the first check lets Rust suggest the mapping");
    assert.deepEqual(await rows(), [["2", "ready", "Ana López"], ["3", "error", "<img src=x onerror=window.__xss=1>"], ["4", "duplicateInFile", "Ana López"]]);
    assert.equal(await page.evaluate(() => window.__xss), undefined, "a name is never HTML");
    assert.equal(await page.textContent("#bulk-counts"), "1 ready · 1 with an error · 1 duplicate in the sheet · 0 already invited");
    assert.equal(await page.textContent("#bulk-send"), "Send 1 invite");
    assert.match(await page.textContent("#bulk-job"), /AI interview ID: 305/);
    await page.screenshot({ path: `${ART}bulk-preview.png`, fullPage: true });
  });

  test("changing a column and including a duplicate asks Rust again with them", async () => {
    await pasteSheet();
    await page.selectOption("#bulk-map-candidateEmail", "");
    await page.waitForFunction(() => !document.querySelector("#bulk-blocking").hidden);
    assert.match(await page.textContent("#bulk-blocking"), /No column is mapped to Email/);
    assert.equal(await page.isDisabled("#bulk-send"), true);
    assert.equal(await page.textContent("#bulk-send-reason"), "Fix the problem above first.");
    assert.deepEqual((await calls("bulk_check")).at(-1).mapping, { candidateName: 0 });
    await page.selectOption("#bulk-map-candidateEmail", "1");
    await page.waitForFunction(() => document.querySelector("#bulk-blocking").hidden);
    await page.check("#bulk-inc-4");
    await page.waitForFunction(() => document.querySelector("#bulk-send").textContent === "Send 2 invites");
    assert.deepEqual((await calls("bulk_check")).at(-1).include, [4]);
  });

  test("Send streams progress to 100 % and the links; Copy all links copies them in row order", async () => {
    await pasteSheet();
    await page.check("#bulk-inc-4");
    await page.waitForFunction(() => document.querySelector("#bulk-send").textContent === "Send 2 invites");
    await page.click("#bulk-send");
    await page.waitForFunction(() => document.querySelector("#bulk-progress-text").textContent.startsWith("Done."));
    assert.equal(await page.$eval("#bulk-progress", (b) => `${b.value}/${b.max}`), "2/2");
    const send = (await calls("bulk_send")).at(-1);
    assert.deepEqual(send.include, [4]);
    assert.deepEqual(send.mapping, { candidateName: 0, candidateEmail: 1 });
    await page.waitForSelector("#bulk-table .vrow[data-status=sent] .cell-link");
    assert.deepEqual((await rows()).map((r) => r[1]), ["sent", "error", "sent"]);
    await page.click("#bulk-copy-links");
    assert.equal((await calls("copy_text")).at(-1).text, "https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=R2\nhttps://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=R4");
    assert.equal(await page.isDisabled("#bulk-send"), true, "a sent sheet is not sent again by accident");
    await page.screenshot({ path: `${ART}bulk-done.png`, fullPage: true });
  });

  test("a sheet Rust refuses shows its message and keeps the view usable", async () => {
    await page.fill("#bulk-paste", "just a header");
    await page.click("#bulk-read-paste");
    await page.waitForFunction(() => document.querySelector("#bulk-sheet-error").textContent !== "");
    assert.equal(await page.textContent("#bulk-sheet-error"), "Pasted rows has a header row (row 1) but no candidate rows below it.");
    assert.equal(await page.isDisabled("#bulk-send"), true);
  });

  test("an unfinished batch is offered for resume, with the unknown rows named apart", async () => {
    await page.evaluate(() => { window.__bulkUnfinished = [{ id: 3, provider: "tidyhire", source: "june.csv", state: "open", createdAt: "2026-12-01T10:00:00.000Z", total: 30, queued: 12, pending: 0, sent: 16, failed: 0, unknown: 2 }]; });
    await page.click("#nav-invite");
    await page.click("#nav-bulk");
    await page.waitForSelector("#bulk-unfinished .unfinished");
    assert.equal(await page.textContent("#bulk-unfinished .unfinished p"), "A batch of 30 Tidyhire invites from “june.csv” did not finish: 16 sent, 0 failed, 12 not sent yet. 2 may or may not have been sent (unknown: check at the vendor; they are never resent).");
    assert.equal(await page.textContent("#bulk-unfinished button.primary"), "Resume (12 not sent yet)");
  });

  test("10,000 rows: only the rows in view are in the page, and scrolling draws the ones it reaches", async () => {
    await page.evaluate(() => {
      const rows = Array.from({ length: 10000 }, (_, i) => ({ row: i + 2, status: "ready", included: true, name: `Candidate ${i}`, email: `c${i}@example.com`, message: null, field: null, duplicateOf: null, previous: null }));
      const base = window.__ipc.bulk_check;
      window.__ipc.bulk_check = (args) => ({ ...base(args), rows, counts: { ready: 10000, errors: 0, duplicatesInFile: 0, alreadyInvited: 0, toSend: 10000 } });
    });
    await pasteSheet();
    assert.equal(await page.textContent("#bulk-send"), "Send 10000 invites");
    const inPage = await page.$$eval("#bulk-table .vrow", (els) => els.length);
    assert.ok(inPage > 5 && inPage < 60, `${inPage} rows in the page`);
    await page.$eval("#bulk-table", (t) => { t.scrollTop = t.scrollHeight; });
    await page.waitForSelector('#bulk-table .vrow[data-row="10001"]');
    assert.ok((await page.$$eval("#bulk-table .vrow", (els) => els.length)) < 60);
    // Row 10001 sits at the bottom of the scrolled table, where the scroll position says.
    const box = await page.$eval('#bulk-table .vrow[data-row="10001"]', (r) => { const t = r.parentElement.getBoundingClientRect(); const b = r.getBoundingClientRect(); return Math.round(t.bottom - b.bottom); });
    assert.ok(box >= 0 && box < 40, `last row ${box}px above the table's bottom`);
  });
});

describe("a vendor's wait during a batch", () => {
  test("is shown with who asked, how long (as Rust bounded it) and when sending resumes", async () => {
    await page.evaluate(() => {
      window.__ipc.bulk_send = ({ onEvent }) => new Promise(() => {
        window[`_${onEvent.id}`]({ message: { event: "progress", batch: 8, total: 3, sent: 1, failed: 0, unknown: 0, left: 2, sending: 0, perMinute: 30, etaSecs: 4, state: "waiting", waitSecs: 600 }, index: 0 });
      });
    });
    await pasteSheet();
    await page.click("#bulk-send");
    await page.waitForFunction(() => document.querySelector("#bulk-progress-text").textContent.includes("asked to wait"));
    const text = await page.textContent("#bulk-progress-text");
    assert.match(text, /^Xobin asked to wait 10 min; resuming at \d{1,2}:\d{2}( [AP]M)?\. 1 of 3/);
    await page.screenshot({ path: `${ART}bulk-vendor-wait-shown.png`, fullPage: true });
  });
});
