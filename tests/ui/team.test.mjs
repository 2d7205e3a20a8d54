// Team mode in the web view (Chromium, IPC stubbed like team::* answers): joining in Settings →
// Team (Rust's error lands on the field it names), the team's "send another?" and "team check
// unavailable" questions and what is sent back, and History's author column, conflict flag and
// team filter.
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, useBrowser } from "../support/browser.mjs";

const { ART, server, browser } = useBrowser();
let page;

beforeEach(async () => {
  page = await openPage(browser(), server());
});

const calls = (cmd) => page.evaluate((c) => window.__calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);

describe("team mode", () => {
  test("Settings → Team: a bad address or password is named on its field; joining shows the team and its sync", async () => {
    await page.click("#nav-settings");
    await page.waitForSelector("#team-join");
    await page.fill("#team-url", "https://team.example.com");
    await page.fill("#team-role", "priya");
    await page.fill("#team-password", "one-time");
    await page.click("#team-join");
    await page.waitForFunction(() => document.querySelector("#team-error")?.textContent.includes("postgresql://"));
    assert.equal(await page.getAttribute("#team-url", "aria-invalid"), "true");
    await page.fill("#team-url", "postgresql://team.example.com:5432/invitedesk");
    await page.fill("#team-password", "wrong");
    await page.click("#team-join");
    await page.waitForFunction(() => document.querySelector("#team-error")?.textContent.includes("one-time password"));
    assert.equal(await page.getAttribute("#team-password", "aria-invalid"), "true");
    await page.fill("#team-password", "one-time");
    await page.click("#team-join");
    await page.waitForSelector("#team-status");
    assert.match(await page.textContent("#team-status"), /Team “Acme Talent” as Priya \(priya\) · synced .* · nothing waiting/);
    assert.deepEqual((await calls("team_join")).at(-1), { url: "postgresql://team.example.com:5432/invitedesk", role: "priya", password: "one-time" });
    await page.screenshot({ path: `${ART}settings-team-joined.png`, fullPage: true });
    await page.click("#team-sync");
    await page.waitForFunction(() => document.querySelector("#toast")?.textContent.includes("3 from colleagues"));
    await page.click("#team-leave");
    await page.waitForSelector("#team-join");
  });

  test("an outcome the team server refused is listed with its reason, and the others still count as shared", async () => {
    await page.evaluate(() => {
      window.__team = { enabled: true, url: "postgresql://team.example.com/invitedesk", role: "priya", displayName: "Priya", teamName: "Acme Talent", strictOffline: false, lastSynced: "2026-12-02T09:55:00.000Z", waiting: 1, lastError: null, refused: [{ recordId: 7, candidateName: "Kim Lee", candidateEmail: "kim@example.com", reason: "The team server refused: Only its author may record the outcome of an attempt." }] };
    });
    await page.click("#nav-settings");
    await page.waitForSelector("#team-refused");
    assert.match(await page.textContent("#team-refused"), /refused one outcome; the others are shared/);
    assert.match(await page.textContent('#team-refused li[data-id="7"]'), /^Kim Lee <kim@example.com>: The team server refused: Only its author/);
    await page.evaluate(() => { window.__team = undefined; });
  });

  test("a colleague's invite asks “send another?” and the yes quotes the claim version; offline asks “send anyway?”", async () => {
    await page.evaluate(() => {
      let n = 0;
      const base = window.__ipc.send_invite;
      window.__ipc.send_invite = (args) => {
        n += 1;
        const previous = { id: 0, provider: "xobin", candidateName: "Kim Lee", candidateEmail: "kim@example.com", jobRef: "305", jobName: null, scheduledAt: null, startAt: null, expiryAt: null, zone: null, link: null, vendorIds: {}, vendorStatus: null, vendorEmailsCandidate: false, summary: null, extraLinks: {}, skippedEmails: [], outcome: "sent", errorKind: null, errorMessage: null, createdAt: "2026-12-02T09:12:00Z", updatedAt: "2026-12-02T09:12:00Z", batchId: null, batchRow: null, status: null, author: "Bob", teamConflict: null, teamOffline: false };
        if (n === 1) return { status: "confirm", previous, question: "Bob invited Kim Lee <kim@example.com> on 2 Dec 2026 at 09:12 via Xobin — send another invite?", teamVersion: 3, offline: false };
        if (n === 2) return { status: "confirm", previous: { ...previous, author: null }, question: "Team check unavailable (last synced 09:55) — your copy shows no invite for Kim Lee <kim@example.com> — send anyway?", teamVersion: null, offline: true };
        return base(args);
      };
      window.__dialogs = [];
      const ask = window.__ipc["plugin:dialog|message"];
      window.__ipc["plugin:dialog|message"] = (a) => { window.__dialogs.push({ title: a.title, message: a.message, ok: a.buttons?.OkCancelCustom?.[0] }); return ask(a); };
    });
    await page.click("#provider-picker [data-provider=xobin]");
    await page.fill("#f-candidateName", "Kim Lee");
    await page.fill("#f-candidateEmail", "kim@example.com");
    await page.fill("#f-xobin-aiInterviewId", "305");
    await page.click("#send");
    await page.waitForSelector("#result-card");
    const sends = await calls("send_invite");
    assert.deepEqual(sends.map((s) => [s.allowDuplicate, s.teamVersion]), [[false, null], [true, 3], [true, null]]);
    const dialogs = await page.evaluate(() => window.__dialogs);
    assert.deepEqual(dialogs.map((d) => [d.title, d.ok]), [["Send another invite?", "Send another"], ["Team check unavailable", "Send anyway"]]);
    assert.match(dialogs[0].message, /^Bob invited Kim Lee/);
  });

  test("History in team mode: who sent each invite, the possible double invite flag, and the team filter", async () => {
    await page.evaluate(() => {
      window.__team = { enabled: true, url: "postgresql://team.example.com/invitedesk", role: "priya", displayName: "Priya", teamName: "Acme Talent", strictOffline: false, lastSynced: "2026-12-02T09:55:00.000Z", waiting: 1, lastError: null, refused: [] };
      const base = { provider: "xobin", jobRef: "305", jobName: "Senior Data Engineer", scheduledAt: null, startAt: null, expiryAt: null, zone: null, vendorIds: {}, vendorStatus: null, vendorEmailsCandidate: false, summary: null, extraLinks: {}, skippedEmails: [], outcome: "sent", errorKind: null, errorMessage: null, createdAt: "2026-12-02T09:12:00Z", updatedAt: "2026-12-02T09:12:00Z", batchId: null, batchRow: null, status: null, link: "https://acme.xobin.com/i/1", teamOffline: true };
      const rows = [
        { ...base, id: 1, candidateName: "Kim Lee", candidateEmail: "kim@example.com", author: null, teamConflict: "possible double invite — also invited by Bob at 2026-12-02 09:12 UTC while offline" },
        { ...base, id: 2, candidateName: "Kim Lee", candidateEmail: "kim@example.com", author: "Bob", teamConflict: "possible double invite — also invited by Priya at 2026-12-02 09:14 UTC while offline" },
      ];
      window.__ipc.history_query = ({ query }) => ({ rows, total: 2, totalCapped: false, offset: query.offset, limit: query.limit });
      window.__ipc.history_get = ({ id }) => rows.find((r) => r.id === id);
    });
    await page.click("#nav-history");
    await page.waitForFunction(() => document.querySelector("#history-table")?.classList.contains("team"));
    assert.equal(await page.isVisible("#history-team"), true);
    const by = await page.$$eval("#history-rows td.by", (els) => els.map((e) => e.textContent));
    assert.deepEqual(by, ["you", "Bob"]);
    assert.equal(await page.locator("#history-rows .badge.conflict").count(), 2);
    assert.match(await page.getAttribute("#history-rows tr:nth-child(2) .badge.conflict", "title"), /also invited by Priya/);
    await page.screenshot({ path: `${ART}history-team-double-invite.png`, fullPage: true });
    await page.selectOption("#history-team", "conflicts");
    await page.waitForFunction(() => window.__calls.filter((x) => x.cmd === "history_query").at(-1).args.query.team === "conflicts");
    await page.click('#history-rows button.link[data-id="2"]');
    await page.waitForSelector("#history-detail dl");
    assert.match(await page.textContent("#history-detail"), /Sent byBob \(a colleague/);
  });

  test("a team-sized history: past 1,000 matches the count says 1,000+ and Older stays open", async () => {
    await page.evaluate(() => {
      const base = { provider: "hireflix", jobRef: "pos_1", jobName: "Nurse", scheduledAt: null, startAt: null, expiryAt: null, zone: null, vendorIds: {}, vendorStatus: null, vendorEmailsCandidate: false, summary: null, extraLinks: {}, skippedEmails: [], outcome: "sent", errorKind: null, errorMessage: null, createdAt: "2026-12-02T09:12:00Z", updatedAt: "2026-12-02T09:12:00Z", batchId: null, batchRow: null, status: null, link: null, teamOffline: false, teamConflict: null, author: null };
      // As Rust answers: the count stops at 1,000, or at the end of the page asked for past it.
      window.__ipc.history_query = ({ query }) => {
        const rows = Array.from({ length: query.limit }, (_, n) => ({ ...base, id: 900000 - query.offset - n, candidateName: `Cand ${query.offset + n}`, candidateEmail: `c${query.offset + n}@example.com` }));
        return { rows, total: Math.max(1000, query.offset + query.limit), totalCapped: true, offset: query.offset, limit: query.limit };
      };
    });
    await page.click("#nav-history");
    await page.waitForFunction(() => document.querySelector("#history-count")?.textContent === "1–50 of 1,000+");
    assert.equal(await page.isDisabled("#history-next"), false);
    assert.equal(await page.getAttribute("#history-count", "title"), "At least 1,000 invites match (the count stops there). Search or filter to narrow it down.");
    await page.locator("#history-count").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ART}history-count-capped.png` });
    for (let n = 0; n < 20; n++) await page.click("#history-next");
    await page.waitForFunction(() => document.querySelector("#history-count")?.textContent === "1,001–1,050 of 1,050+");
    assert.equal((await calls("history_query")).at(-1).query.offset, 1000);
    assert.equal(await page.isDisabled("#history-next"), false);
  });

  test("without a team the author column and team filter stay out of the way", async () => {
    await page.click("#nav-history");
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "team_status"));
    assert.equal(await page.isVisible("#history-team"), false);
    assert.equal(await page.isVisible("#history-table th.by"), false);
  });
});
