// History in Chromium with the IPC stubbed: at the app's default window size the details panel
// leaves every column in view, the keyboard opens and closes it, and the outcome words are
// Rust's (`Outcome::label`, generated into ui/src/generated/ipc.ts).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, useBrowser } from "../support/browser.mjs";

const { ART, server, browser } = useBrowser();
let page;

const base = { scheduledAt: null, startAt: null, expiryAt: null, zone: null, vendorStatus: null, vendorEmailsCandidate: false, summary: "ok", extraLinks: {}, skippedEmails: [], errorKind: null, errorMessage: null, createdAt: "2026-12-02T09:00:00.000Z", updatedAt: "2026-12-02T09:00:00.000Z", batchId: null, batchRow: null, link: "https://acme.xobin.com/invite/abcdef123456", author: null, teamConflict: null, teamOffline: false, jobRef: "305", jobName: "Senior Data Engineer (Platform)" };
const status = { stage: "completed", vendorStatus: "to_evaluate", score: "4.5", recommendation: null, reportLink: "https://x.example.com/r", checkedAt: "2026-12-02T09:30:00.000Z", error: null, errorAt: null, startedAt: null, completedAt: null, revokedAt: null, changes: [] };
const providers = ["xobin", "hireflix", "tidyhire", "apploi", "interviewflow"];
const outcomes = ["sent", "pending", "unknown", "failed", "queued"];
const ROWS = providers.map((p, i) => ({ ...base, id: i + 1, provider: p, outcome: outcomes[i], candidateName: `Alexandra Konstantinopoulou ${i + 1}`, candidateEmail: `alexandra.konstantinopoulou${i + 1}@example-company.com`, vendorIds: { response_id: "7", id: "iv" }, status }));

describe("History at the default window size", () => {
  before(async () => {
    // The app's window is 1100 × 760 (tauri.conf.json); its page is that wide.
    page = await openPage(browser(), server(), { viewport: { width: 1100, height: 720 } });
    await page.evaluate((rows) => {
      window.__ipc.history_query = ({ query }) => ({ rows, total: rows.length, totalCapped: false, offset: query.offset, limit: query.limit });
      window.__ipc.history_get = ({ id }) => rows.find((x) => x.id === id);
    }, ROWS);
    await page.click("#nav-history");
    await page.waitForSelector("#history-rows tr[data-id='5']");
  });

  test("the outcome words are Rust's: Sending, not Pending", async () => {
    const words = await page.$$eval("#history-rows .badge:not(.conflict)", (els) => els.map((e) => e.textContent));
    assert.deepEqual(words, ["Sent", "Sending", "Unknown — check at the vendor", "Failed", "Queued — not sent yet"]);
    const options = await page.$$eval("#history-outcome option", (els) => els.map((e) => e.textContent));
    assert.ok(options.includes("Sending"), options.join(", "));
  });

  test("with the details panel open, every column is in view (nothing scrolls off to the right)", async () => {
    await page.click("#history-rows button.link[data-id='1']");
    await page.waitForSelector("#history-detail:not([hidden])");
    const m = await page.evaluate(() => {
      const wrap = document.querySelector(".table-wrap");
      const right = wrap.getBoundingClientRect().right;
      const heads = [...document.querySelectorAll("#history-table th")].filter((t) => t.offsetParent);
      return { scroll: wrap.scrollWidth, client: wrap.clientWidth, out: heads.filter((t) => t.getBoundingClientRect().right > right + 0.5).map((t) => t.textContent), heads: heads.map((t) => t.textContent) };
    });
    assert.deepEqual(m.heads, ["When", "Candidate", "Provider", "Job", "Outcome", "Status", "Link"]);
    assert.deepEqual(m.out, []);
    assert.ok(m.scroll <= m.client, `the table scrolls: ${m.scroll} > ${m.client}`);
    await page.screenshot({ path: `${ART}history-details-open-every-column-in-view.png` });
  });

  test("keyboard only: Tab to a row, Enter opens the details, Escape closes them and the focus is back on the row", async () => {
    await page.keyboard.press("Escape");
    await page.waitForSelector("#history-detail", { state: "hidden" });
    await page.focus("#history-next");
    // Back from the pager to the last row's name: Shift+Tab walks the row's buttons backwards.
    await page.focus("#history-rows button.link[data-id='3']");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#history-detail:not([hidden])");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Close details");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#history-detail", { state: "hidden" });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.id), "3");
    assert.equal(await page.evaluate(() => document.querySelector(".history-body").classList.contains("with-detail")), false);
  });
});
