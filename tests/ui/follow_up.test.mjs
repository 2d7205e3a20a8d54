// The Follow up view and Settings → Templates in Chromium with the IPC stubbed: the board as
// Rust builds it (order, who reminds), its count in the navigation, Copy reminder through the
// clipboard command with the same link and the French expiry, Mark reminded and Snooze taking
// the row off, the re-invite asking Rust with the row's zone; the template editor naming an
// unknown placeholder, a body holding HTML or a script previewed as text; axe clean on both.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { launchChromium, openPage, serveDist } from "../support/browser.mjs";

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let server, browser;
before(async () => {
  server = await serveDist();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const record = (id, provider, name, extra = {}) => ({ id, provider, candidateName: name, candidateEmail: `${name.split(" ")[0].toLowerCase()}@example.com`, jobRef: "305", jobName: "Data Analyst", scheduledAt: null, startAt: null, expiryAt: null, zone: "Europe/Paris", link: `https://${provider}.example/i/${id}`, vendorIds: {}, vendorStatus: null, vendorEmailsCandidate: false, summary: null, extraLinks: {}, skippedEmails: [], outcome: "sent", errorKind: null, errorMessage: null, createdAt: "2030-07-07T12:00:00.000Z", updatedAt: "2030-07-07T12:00:00.000Z", batchId: null, batchRow: null, status: null, author: null, teamConflict: null, teamOffline: false, language: null, replacesId: null, ...extra });
// As follow_up::board::build answers for the eight invites of the Rust test (most urgent first).
const BOARD = [
  { record: record(2, "xobin", "Bo Sendlink", { language: "fr", vendorEmailsCandidate: true, expiryAt: "2030-07-10T22:00:00.000Z" }), why: { kind: "expiring", at: "2030-07-10T22:00:00.000Z" }, whoReminds: "vendor", whoNote: "Xobin emailed this invite, so its automated reminders may reach the candidate too.", lastReminded: null, canReinvite: true, extend: "Re-invite from Invite Desk." },
  { record: record(1, "xobin", "Ada Getlink"), why: { kind: "not_started", since: "2030-07-07T12:00:00.000Z", hours: 48 }, whoReminds: "you", whoNote: "You: Xobin sends no reminder for this invite.", lastReminded: null, canReinvite: true, extend: "Re-invite from Invite Desk." },
  { record: record(7, "tidyhire", "Gus Tidy"), why: { kind: "not_started", since: "2030-07-08T00:00:00.000Z", hours: 48 }, whoReminds: "vendor", whoNote: "Tidyhire emails reminders itself.", lastReminded: null, canReinvite: false, extend: "Tidyhire's API cannot extend an invite: open the project in Tidyhire." },
  { record: record(4, "hireflix", "Di Pending"), why: { kind: "not_started", since: "2030-07-08T11:00:00.000Z", hours: 48 }, whoReminds: "vendor_if_switched_on", whoNote: "Hireflix reminds the candidate if its Reminder template is switched on.", lastReminded: null, canReinvite: false, extend: "Change it on the position in Hireflix." },
];
const REMINDER = { id: 2, to: "bo@example.com", message: { subject: "Rappel : votre entretien pour Data Analyst", body: "Bonjour Bo,\n\nPetit rappel : votre entretien pour Data Analyst vous attend ici :\nhttps://xobin.example/i/2\n\nCe lien expire le jeudi 11 juillet 2030, 00:00 (Europe/Paris) (mercredi 10 juillet 2030, 22:00 GMT).", language: "fr", templateId: 0 }, mailto: "mailto:bo@example.com?subject=Rappel&body=Bonjour" };

async function open() {
  const p = await openPage(browser, server, { init: `window.__board = ${JSON.stringify(BOARD)}; window.__reminders = { 2: ${JSON.stringify(REMINDER)} };` });
  await p.addScriptTag({ content: axeSource });
  return p;
}

async function audit(p, what) {
  const found = await p.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) })));
  const bad = found.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${what}: ${JSON.stringify(bad, null, 1)}`);
}

const calls = (p, cmd) => p.evaluate((c) => window.__calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);

describe("Follow up", () => {
  test("the board in Rust's order, who reminds, and the count in the navigation", async () => {
    const p = await open();
    await p.waitForFunction(() => document.querySelector("#nav-followup-count")?.textContent === "4");
    await p.click("#nav-followup");
    await p.waitForSelector("#followup-rows tr[data-id='4']");
    const rows = await p.$$eval("#followup-rows tr", (trs) => trs.map((tr) => [tr.dataset.id, tr.querySelector(".who").dataset.who]));
    assert.deepEqual(rows, [["2", "vendor"], ["1", "you"], ["7", "vendor"], ["4", "vendor_if_switched_on"]]);
    assert.equal(await p.textContent("#followup-count"), "4 invites need a nudge");
    assert.match(await p.textContent("#followup-rows tr[data-id='7'] .actions"), /open the project in Tidyhire/);
    assert.equal(await p.$$eval("#followup-rows .reinvite", (b) => b.length), 2, "Xobin rows only");
    await audit(p, "Follow up");
    for (const scheme of ["dark"]) {
      await p.emulateMedia({ colorScheme: scheme });
      await audit(p, `Follow up (${scheme})`);
    }
    await p.close();
  });

  test("Copy reminder puts the same link and the French expiry on the clipboard; Mark reminded and Snooze take rows off", async () => {
    const p = await open();
    await p.click("#nav-followup");
    await p.waitForSelector("#followup-rows tr[data-id='2']");
    await p.click("#followup-rows tr[data-id='2'] .copy-reminder");
    await p.waitForFunction(() => window.__calls.some((c) => c.cmd === "copy_text"));
    const [copied] = await calls(p, "copy_text");
    assert.ok(copied.text.includes("https://xobin.example/i/2"), copied.text);
    assert.ok(copied.text.includes("jeudi 11 juillet 2030, 00:00 (Europe/Paris) (mercredi 10 juillet 2030, 22:00 GMT)"), copied.text);
    await p.click("#followup-rows tr[data-id='2'] .mail-reminder");
    await p.waitForFunction(() => window.__calls.some((c) => c.cmd === "open_link"));
    assert.deepEqual(await calls(p, "open_link"), [{ url: REMINDER.mailto }]);
    await p.click("#followup-rows tr[data-id='2'] .mark-reminded");
    await p.waitForSelector("#followup-rows tr[data-id='2']", { state: "detached" });
    await p.click("#followup-rows tr[data-id='7'] .snooze");
    await p.waitForSelector("#followup-rows tr[data-id='7']", { state: "detached" });
    assert.deepEqual(await calls(p, "mark_reminded"), [{ id: 2, channel: "mail_app" }], "the last way the reminder left");
    assert.deepEqual(await calls(p, "snooze_invite"), [{ id: 7, snooze: { kind: "one_day" } }]);
    assert.equal(await p.textContent("#nav-followup-count"), "2");
    // Reminders never reach a vendor from the web view either: only Rust's own commands.
    const cmds = new Set((await p.evaluate(() => window.__calls.map((c) => c.cmd))));
    for (const c of ["send_invite", "refresh_status", "revoke_invite", "reinvite_xobin"]) assert.ok(!cmds.has(c), c);
    await p.close();
  });

  test("a reminder too long for a mail link is copied whole instead; snoozing until a day sends the day for Rust to place", async () => {
    const p = await open();
    await p.evaluate(() => { window.__reminders[2] = { ...window.__reminders[2], mailto: null }; });
    await p.click("#nav-followup");
    await p.waitForSelector("#followup-rows tr[data-id='2']");
    await p.click("#followup-rows tr[data-id='2'] .mail-reminder");
    await p.waitForFunction(() => window.__calls.some((c) => c.cmd === "copy_text"));
    assert.deepEqual(await calls(p, "open_link"), [], "no link the mail app would cut");
    assert.ok((await calls(p, "copy_text"))[0].text.includes("https://xobin.example/i/2"));
    await p.waitForFunction(() => document.querySelector("#toast")?.textContent.includes("too long to open in the mail app"));
    await p.fill("#snooze-until-7", "2030-07-15");
    await p.waitForFunction(() => window.__calls.some((c) => c.cmd === "snooze_invite"));
    assert.deepEqual(await calls(p, "snooze_invite"), [{ id: 7, snooze: { kind: "until_day", day: "2030-07-15" } }]);
    await p.close();
  });

  test("a Xobin re-invite asks Rust with the new expiry in the candidate's zone", async () => {
    const p = await open();
    await p.click("#nav-followup");
    await p.waitForSelector("#followup-rows tr[data-id='1']");
    await p.fill("#reinvite-at-1", "2030-07-20T21:30");
    await p.click("#followup-rows tr[data-id='1'] .reinvite");
    await p.waitForFunction(() => window.__calls.some((c) => c.cmd === "reinvite_xobin"));
    assert.deepEqual(await calls(p, "reinvite_xobin"), [{ id: 1, expiry: { date: "2030-07-20", time: "21:30", zone: "Europe/Paris" } }]);
    await p.close();
  });

  test("History's “Needs a nudge” filter lists the board's invites", async () => {
    const p = await open();
    await p.click("#nav-history");
    await p.selectOption("#history-status", "nudge");
    await p.waitForSelector("#history-rows tr[data-id='4']");
    assert.deepEqual(await p.$$eval("#history-rows tr", (t) => t.map((x) => x.dataset.id)), ["2", "1", "7", "4"]);
    assert.ok(!(await calls(p, "history_query")).some((a) => a.query.status === "nudge"));
    await p.close();
  });
});

describe("Settings → Templates", () => {
  test("an unknown placeholder is named, and a body holding HTML or a script previews as text", async () => {
    const p = await open();
    await p.evaluate(() => {
      window.__ipc.history_query = ({ query }) => ({ rows: [{ id: 5, candidateName: "Amélie Durand", jobName: "Data Analyst", jobRef: "305" }], total: 1, totalCapped: false, offset: query.offset, limit: query.limit });
    });
    await p.click("#nav-settings");
    await p.waitForSelector("#tpl-list li[data-built-in='true']");
    assert.equal(await p.$$eval("#tpl-list li", (l) => l.length), 2);
    await p.click("#tpl-new");
    await p.fill("#tpl-language", "fr");
    await p.fill("#tpl-subject", "Rappel : {job}");
    await p.fill("#tpl-body", "Bonjour {first_name}, le salaire est {salary}.");
    await p.click("#tpl-save");
    await p.waitForFunction(() => document.querySelector("#tpl-error")?.textContent.includes("{salary}"));
    assert.match(await p.textContent("#tpl-error"), /^\{salary\} is not a placeholder/);
    await audit(p, "Templates editor with an error");
    await p.fill("#tpl-body", "<b>Bonjour</b> {first_name}\n<script>window.__xss = 1</script><img src=x onerror=window.__xss=2>\n{link}");
    await p.waitForSelector("#tpl-preview-row option[value='5']", { state: "attached" });
    await p.click("#tpl-preview-go");
    await p.waitForFunction(() => document.querySelector("#tpl-preview")?.textContent.includes("Amélie"));
    const shown = await p.evaluate(() => ({ text: document.querySelector("#tpl-preview").textContent, children: document.querySelector("#tpl-preview").children.length, xss: window.__xss }));
    assert.equal(shown.children, 0, "the preview holds text only");
    assert.equal(shown.xss, undefined);
    assert.ok(shown.text.includes("<script>window.__xss = 1</script>"), shown.text);
    assert.ok(shown.text.includes("<b>Bonjour</b> Amélie"), shown.text);
    await p.click("#tpl-save");
    await p.waitForSelector("#tpl-list li[data-id='42']");
    const [saved] = await calls(p, "save_template").then((c) => c.slice(-1));
    assert.equal(saved.template.language, "fr");
    // Duplicate a shipped one: the editor opens it as a new template.
    await p.click("#tpl-list li[data-built-in='true'] .tpl-duplicate");
    assert.equal(await p.textContent("#tpl-editor h3"), "New template");
    await audit(p, "Templates editor");
    await p.close();
  });
});
