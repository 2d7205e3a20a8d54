// The loop with the vendors in Chromium with the IPC stubbed (tests/support/ipc-stub.js answers
// like tracking::*): the pickers beside the id fields (states, typing narrows, keyboard, a pick
// fills the form, names stay text), and History's Status column, filter, Refresh, Refresh all
// shown, Open report and Revoke.
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, useBrowser } from "../support/browser.mjs";

const { ART, server, browser } = useBrowser();
let page;

beforeEach(async () => {
  page = await openPage(browser(), server());
});

const calls = (cmd) => page.evaluate((c) => window.__calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);
const options = (sel) => page.$$eval(`${sel} [role=option]`, (els) => els.map((e) => [e.dataset.value, e.querySelector(".lookup-label").textContent]));
const panelOf = (field) => `#sec-job [data-field=${field}] .lookup-panel`;

describe("pickers beside the id fields", () => {
  test("Hireflix positions: open ones listed, typing narrows, archived behind a toggle, Enter picks and the id is sent", async () => {
    await page.click("#provider-picker [data-provider=hireflix]");
    await page.click("#sec-job [data-field=positionId] .lookup-btn");
    const panel = panelOf("positionId");
    await page.waitForSelector(`${panel} [role=option]`);
    assert.deepEqual(await options(panel), [["5f1a2b3c4d5e6f7a8b9c0d1f", "Backend Engineer (Rust)"], ["5f1a2b3c4d5e6f7a8b9c0d1e", "<img src=x onerror=window.__xss=1>"]]);
    assert.equal(await page.evaluate(() => window.__xss), undefined, "a position's name is text, never HTML");
    assert.match(await page.textContent(`${panel} .lookup-foot`), /1 archived hidden/);
    await page.check(`${panel} input[type=checkbox]`);
    await page.waitForFunction((p) => document.querySelectorAll(`${p} [role=option]`).length === 3, panel);
    assert.equal((await calls("hireflix_positions")).at(-1).archived, true);
    await page.screenshot({ path: `${ART}picker-hireflix-positions-with-archived.png`, fullPage: true });
    await page.fill("#f-hireflix-positionId", "rust");
    await page.waitForFunction((p) => document.querySelectorAll(`${p} [role=option]`).length === 1, panel);
    assert.equal((await calls("hireflix_positions")).at(-1).query, "rust");
    await page.keyboard.press("Enter");
    assert.equal(await page.inputValue("#f-hireflix-positionId"), "5f1a2b3c4d5e6f7a8b9c0d1f");
    assert.equal(await page.isVisible(panel), false);
    await page.fill("#f-candidateName", "Alex Tanaka");
    await page.fill("#f-candidateEmail", "alex@example.com");
    await page.click("#send");
    await page.waitForSelector("#result-card");
    assert.equal((await calls("send_invite")).at(-1).form.positionId, "5f1a2b3c4d5e6f7a8b9c0d1f");
  });

  test("a picker says when there is no key, and shows the vendor's words on an error; typing an id still works", async () => {
    await page.evaluate(() => {
      window.__ipc.hireflix_positions = () => { throw { kind: "missing_key", provider: "hireflix", message: "No Hireflix API key is saved on this computer. Add it in Settings, then send again." }; };
    });
    await page.click("#provider-picker [data-provider=hireflix]");
    await page.click("#sec-job [data-field=positionId] .lookup-btn");
    const state = `${panelOf("positionId")} .lookup-state`;
    await page.waitForFunction((s) => document.querySelector(s)?.textContent.includes("No Hireflix API key"), state);
    assert.match(await page.textContent(state), /Typing the id still works/);
    await page.evaluate(() => {
      window.__ipc.hireflix_positions = () => { throw { kind: "rate_limited", provider: "hireflix", retryAfterSecs: 12, message: "Hireflix is limiting how often Invite Desk may ask (slow down). Invite Desk waits 12 seconds before asking again." }; };
    });
    await page.click(`${panelOf("positionId")} .lookup-refresh`);
    await page.waitForFunction((s) => document.querySelector(s)?.textContent.includes("slow down"), state);
    assert.equal((await calls("hireflix_positions")).at(-1).refresh, true);
    await page.fill("#f-hireflix-positionId", "typed-by-hand");
    assert.equal(await page.inputValue("#f-hireflix-positionId"), "typed-by-hand");
  });

  test("Apploi applicants: the email typed above is searched, a pick fills the id, name and email, more pages load", async () => {
    await page.click("#provider-picker [data-provider=apploi]");
    await page.fill("#f-candidateEmail", "");
    await page.fill("#f-candidateName", "sam");
    await page.click("#sec-job [data-field=applicationFormId] .lookup-btn");
    const panel = panelOf("applicationFormId");
    await page.waitForSelector(`${panel} [role=option]`);
    assert.equal((await calls("apploi_applicants")).at(-1).query, "sam");
    assert.deepEqual(await options(panel), [["265733754", "Sam O'Neil"]]);
    // Leaving the picker closes it; opened again, it searches what the form holds now.
    await page.fill("#f-candidateName", "");
    // It closes once the focus has left it (a moment after the fill, not within it).
    await page.waitForSelector(panel, { state: "hidden", timeout: 5000 });
    assert.equal(await page.isVisible(panel), false);
    await page.click("#sec-job [data-field=applicationFormId] .lookup-btn");
    await page.waitForFunction((p) => document.querySelector(`${p} [role=option]`)?.dataset.value === "265733753", panel);
    await page.click(`${panel} .lookup-more button`);
    await page.waitForFunction((p) => document.querySelectorAll(`${p} [role=option]`).length === 2, panel);
    assert.equal((await calls("apploi_applicants")).at(-1).offset, 1);
    await page.screenshot({ path: `${ART}picker-apploi-applicants.png`, fullPage: true });
    await page.click(`${panel} [role=option][data-value="265733754"]`);
    assert.equal(await page.inputValue("#f-apploi-applicationFormId"), "265733754");
    assert.equal(await page.inputValue("#f-candidateName"), "Sam O'Neil");
    assert.equal(await page.inputValue("#f-candidateEmail"), "sam.oneil@example.com");
  });

  test("Xobin's recent AI interviews: newest first with the vendor's name, forgetting one removes it", async () => {
    await page.click("#provider-picker [data-provider=xobin]");
    await page.focus("#f-xobin-aiInterviewId");
    await page.keyboard.press("Alt+ArrowDown");
    const panel = panelOf("aiInterviewId");
    await page.waitForSelector(`${panel} [role=option]`);
    assert.deepEqual(await options(panel), [["305", "Senior Data Engineer"], ["412", "412"]]);
    assert.match(await page.textContent(`${panel} [role=option]`), /12 invites/);
    await page.click(`${panel} .lookup-forget[aria-label="Forget 412"]`);
    await page.waitForFunction((p) => document.querySelectorAll(`${p} [role=option]`).length === 1, panel);
    assert.deepEqual((await calls("forget_ref")).at(-1), { provider: "xobin", jobRef: "412" });
    await page.keyboard.press("ArrowDown");
    await page.click(`${panel} [role=option][data-value="305"]`);
    assert.equal(await page.inputValue("#f-xobin-aiInterviewId"), "305");
  });
});

/** History rows as Rust sends them (InviteRecord), and what a refresh answers per id. */
function useRows(rows, after) {
  return page.evaluate(([r, a]) => {
    window.__rows = r;
    window.__statusAfterRefresh = a;
    window.__ipc.history_query = ({ query }) => ({ rows: window.__rows, total: window.__rows.length, totalCapped: false, offset: query.offset, limit: query.limit });
    window.__ipc.history_get = ({ id }) => window.__rows.find((x) => x.id === id);
  }, [rows, after]);
}
const SENT = {
  providerDefaults: { scheduledAt: null, startAt: null, expiryAt: null, zone: null, vendorStatus: null, vendorEmailsCandidate: false, summary: "ok", extraLinks: {}, skippedEmails: [], outcome: "sent", errorKind: null, errorMessage: null, createdAt: "2026-12-02T09:00:00.000Z", updatedAt: "2026-12-02T09:00:00.000Z", batchId: null, batchRow: null, jobName: null, link: "https://hflx.io/c/x" },
};
function rec(id, provider, email, vendorIds, status = null, extra = {}) {
  return { ...SENT.providerDefaults, id, provider, candidateName: `Candidate ${id}`, candidateEmail: email, jobRef: "job", vendorIds, status, ...extra };
}
const completed = { stage: "completed", vendorStatus: "to_evaluate", score: "4.5", recommendation: null, reportLink: "https://admin.hireflix.com/interviews/iv1", checkedAt: new Date(Date.now() - 5 * 60_000).toISOString(), error: null, errorAt: null, startedAt: null, completedAt: "2026-12-02T09:30:00.000Z", revokedAt: null, changes: [] };

describe("History: where each invite stands", () => {
  test("the Status column, Refresh per row and Refresh all shown (only rows a vendor can be asked about), Open report", async () => {
    const rows = [
      rec(1, "hireflix", "a@example.com", { id: "iv1" }),
      rec(2, "xobin", "b@example.com", { response_id: "7421" }, null, { jobName: "Senior Data Engineer" }),
      rec(3, "tidyhire", "c@example.com", { project_id: "p1" }, null, { extraLinks: { "project page": "https://app.tidyhire.app/projects/p1" } }),
      rec(4, "hireflix", "d@example.com", {}, null, { outcome: "failed", link: null }),
    ];
    await useRows(rows, { 1: completed, 2: { ...completed, stage: "not_started", vendorStatus: "Pending", score: null, reportLink: null } });
    await page.click("#nav-history");
    await page.waitForSelector('#history-rows tr[data-id="1"]');
    const cell = (id) => page.textContent(`#history-rows tr[data-id="${id}"] .status-cell`);
    assert.match(await cell(1), /Not checked yet/);
    assert.match(await cell(3), /No status from this vendor/);
    assert.equal(await page.locator('#history-rows tr[data-id="4"] .refresh-row').count(), 0, "a failed invite has nothing to ask about");
    await page.click('#history-rows tr[data-id="1"] .refresh-row');
    await page.waitForFunction(() => document.querySelector('#history-rows tr[data-id="1"] .status-cell')?.textContent.includes("Completed"));
    assert.match(await cell(1), /Completed \(to_evaluate\) · score 4\.5/);
    assert.match(await cell(1), /checked 5 min ago/);
    assert.deepEqual((await calls("refresh_status")).at(-1).ids, [1]);
    await page.click('#history-rows tr[data-id="1"] .open-report');
    assert.equal((await calls("open_link")).at(-1).url, "https://admin.hireflix.com/interviews/iv1");
    await page.click("#history-refresh-all");
    await page.waitForFunction(() => document.querySelector('#history-rows tr[data-id="2"] .status-cell')?.textContent.includes("Not started"));
    assert.deepEqual((await calls("refresh_status")).at(-1).ids, [1, 2], "Tidyhire and the failed row are not asked about");
    await page.screenshot({ path: `${ART}history-status-refreshed.png`, fullPage: true });
    // A refresh that fails shows the reason on the row.
    await page.evaluate(() => { window.__statusAfterRefresh = {}; });
    await page.click('#history-rows tr[data-id="1"] .refresh-row');
    await page.waitForFunction(() => document.querySelector('#history-rows tr[data-id="1"] .status-cell .error'));
    assert.match(await cell(1), /Nothing changed/);
    // The status filter goes to Rust.
    await page.selectOption("#history-status", "completed");
    await page.waitForFunction(() => window.__calls.filter((x) => x.cmd === "history_query").at(-1).args.query.status === "completed");
  });

  test("Tidyhire's row says where to look and offers its project page; a Xobin invite is revoked after asking", async () => {
    await useRows([
      rec(2, "xobin", "b@example.com", { response_id: "7421" }),
      rec(3, "tidyhire", "c@example.com", { project_id: "p1" }, null, { extraLinks: { "project page": "https://app.tidyhire.app/projects/p1" } }),
    ], {});
    await page.click("#nav-history");
    await page.click('#history-rows button.link[data-id="3"]');
    await page.waitForSelector("#history-detail .detail-status");
    assert.match(await page.textContent("#history-detail .detail-status"), /webhook/);
    await page.click("#history-detail .open-vendor");
    assert.equal((await calls("open_link")).at(-1).url, "https://app.tidyhire.app/projects/p1");
    assert.equal(await page.locator("#detail-revoke").count(), 0);
    await page.click('#history-rows button.link[data-id="2"]');
    await page.waitForSelector("#detail-revoke");
    await page.check("#revoke-notify");
    await page.screenshot({ path: `${ART}history-detail-revoke.png`, fullPage: true });
    await page.click("#detail-revoke");
    await page.waitForFunction(() => document.querySelector('#history-rows tr[data-id="2"] .status-cell')?.textContent.includes("Revoked"));
    assert.deepEqual((await calls("revoke_invite")).at(-1), { id: 2, notify: true });
    assert.match(await page.textContent("#toast"), /no longer works/);
  });
});
