// End to end on the real window: following up after sending. A Xobin invite whose link expires
// in a few hours goes to the board; its message is switched to French on the result card (the
// row keeps the language); Copy reminder puts the same link and the expiry written in French in
// the candidate's zone, with GMT beside it, on the system clipboard, and no vendor is asked for
// anything; Mark reminded takes the row off; the re-invite with a new window asks through the
// native dialog, then the mock sees the revoke and one new invite with the new expiry, and
// History links the two rows.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockVendors } from "../support/mock-vendors.mjs";
import { KEY, Session, appBinary as app, clipboardText, innerText, invokeIn, nativeDialog, startDriver, useMockVendors } from "../support/webdriver.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ART = join(root, "artifacts", "e2e");
mkdirSync(ART, { recursive: true });
const KEYS = { xobin: "E2E-FOLLOW-XOBIN-KEY-5c6d7e" };
const ZONE = "Europe/Paris";

let driver, s, mock;

const shown = (css) => innerText(s, css);

async function shot(name, css, text) {
  await s.until(async () => (await shown(css)).includes(text), `${text} in ${css} before the ${name} screenshot`);
  writeFileSync(join(ART, `${name}.png`), await s.paintedScreenshot());
}

/** The wall time in `zone` `hours` from now, as the form's date and time fields take it. */
function wallIn(hours, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date(Date.now() + hours * 3600_000)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

before(async () => {
  assert.ok(existsSync(app), `build the app first: ${app}`);
  process.env.INVITE_DESK_DATA_DIR = mkdtempSync(join(tmpdir(), "invite-desk-follow-e2e-"));
  mock = await startMockVendors(KEYS);
  driver = await startDriver();
  s = await Session.create(driver.base, app);
  await s.waitFor("body[data-ready=true]", 30000);
  await useMockVendors(s, KEYS, { xobin: mock.baseUrls.xobin });
});

after(async () => {
  try {
    if (s) writeFileSync(join(ART, "follow-up-last.png"), await s.screenshot());
  } catch { /* the window may be gone */ }
  // The keychain is shared with the other end-to-end files: this file's key leaves with it.
  if (s) await invokeIn(s, "delete_key", { provider: "xobin" });
  await s?.close();
  driver?.stop();
  await mock?.close();
});

/** Sends a Xobin invite whose link expires `hours` from now in Paris; returns its link. */
async function sendExpiring(name, email, hours) {
  await s.click("#nav-invite");
  await s.click("#provider-picker [data-provider=xobin]");
  await s.type("#f-candidateName", name);
  await s.type("#f-candidateEmail", email);
  await s.type("#f-xobin-aiInterviewId", "305");
  const exp = wallIn(hours, ZONE);
  await s.type("#f-xobin-expiry-zone", ZONE);
  await s.keys("#f-xobin-expiry-zone", KEY.tab);
  await s.type("#f-xobin-expiry", exp.date);
  await s.type("#f-xobin-expiry-time", exp.time);
  await s.until(async () => (await shown("#prev-f-xobin-expiry")).includes("GMT"), "the expiry preview");
  await s.until(() => s.exec("return !document.querySelector('#send').disabled"), "the Send button to be enabled");
  const before = await s.exec("const c = document.querySelector('#result-card, #result-error'); return c ? Number(c.dataset.seq ?? 0) : 0");
  await s.click("#send");
  await s.until(() => s.exec("const c = document.querySelector('#result-card, #result-error'); return c && Number(c.dataset.seq ?? 0) > arguments[0]", [before]), "a new result", 20000);
  assert.equal(await s.exec("const e = document.querySelector('#result-error'); return e ? e.textContent : null"), null);
  const link = await s.value("#result-link");
  assert.match(link, /^https:\/\/acme\.xobin\.com\//);
  return link;
}

const boardRow = (name) => s.exec("return [...document.querySelectorAll('#followup-rows tr[data-id]')].find((r) => r.textContent.includes(arguments[0]))?.dataset.id ?? null", [name]);

describe("following up on the real window", () => {
  let chloe;
  let link;

  test("invites expiring in a few hours are on the board; a message is switched to French on the result card", { timeout: 120000 }, async () => {
    await sendExpiring("Noah Berg", "noah.berg@example.com", 5);
    link = await sendExpiring("Chloé Martin", "chloe.martin@example.com", 6);
    await s.click("#message-toggle");
    await s.until(async () => (await s.value("#message-text")).includes(link), "the English message with the link");
    assert.match(await s.value("#message-text"), /^Your interview for /);
    await s.exec("const l = document.querySelector('#message-language'); l.value = 'fr'; l.dispatchEvent(new Event('change'));");
    await s.until(async () => (await s.value("#message-text")).startsWith("Votre entretien"), "the French message");
    const fr = await s.value("#message-text");
    assert.ok(fr.includes("Bonjour Chloé,") && fr.includes(link) && fr.includes(`(${ZONE})`) && fr.includes("GMT)"), fr);
    await shot("result-card-message-in-french", "#result-card", "Invite sent");

    await s.click("#nav-followup");
    await s.until(async () => (await shown("#followup-count")) === "2 invites need a nudge", "two rows on the board");
    chloe = Number(await boardRow("Chloé Martin"));
    assert.ok(chloe > 0, "Chloé is on the board");
    assert.equal(await s.exec("return document.querySelector('#followup-rows tr[data-id=\"' + arguments[0] + '\"]').dataset.why", [chloe]), "expiring");
    assert.match(await shown("#nav-followup"), /Follow up\s*2/);
    assert.match(await shown(`#followup-rows tr[data-id="${chloe}"] .who`), /^You/);
    await shot("follow-up-board-two-expiring-invites", "#followup-rows", "Chloé Martin");
  });

  test("Copy reminder puts the same link and the expiry in French, in Paris and GMT, on the system clipboard; no vendor is asked", { timeout: 60000 }, async () => {
    const asked = mock.received.length;
    await s.click(`#followup-rows .copy-reminder[data-id="${chloe}"]`);
    const clip = await s.until(() => { const c = clipboardText(); return c.startsWith("Rappel") ? c : null; }, "the French reminder on the clipboard");
    assert.ok(clip.startsWith("Rappel : votre entretien pour"), clip);
    assert.ok(clip.includes(link), `the same link: ${clip}`);
    // "Ce lien expire le <jour> <d> <mois> <année>, HH:MM (Europe/Paris) (… GMT)."
    assert.match(clip, /Ce lien expire le (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} \S+ \d{4}, \d{2}:\d{2} \(Europe\/Paris\) \(.+ GMT\)\./);
    assert.equal(mock.received.length, asked, "a reminder asks no vendor for anything");
    // Noah was reminded some other way: Mark reminded takes him off the board.
    const noah = await boardRow("Noah Berg");
    await s.click(`#followup-rows .mark-reminded[data-id="${noah}"]`);
    await s.until(async () => (await shown("#followup-count")) === "1 invite needs a nudge", "Noah leaves the board");
    assert.equal(await boardRow("Noah Berg"), null);
    assert.equal(mock.received.length, asked);
    await shot("follow-up-board-after-mark-reminded", "#followup-count", "1 invite needs a nudge");
  });

  test("Re-invite with a new window: the native question, then the revoke and one new invite with the new expiry, both rows linked", { timeout: 120000 }, async () => {
    const first = mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite" && r.body?.candidate_email === "chloe.martin@example.com");
    assert.equal(first.length, 1);
    const asked = mock.received.length;
    const next = wallIn(72, ZONE);
    // The datetime field as the coordinator fills it (WebKit's picker takes no typed keys).
    await s.exec("const i = document.getElementById('reinvite-at-' + arguments[0]); i.value = arguments[1]; i.dispatchEvent(new Event('input'));", [chloe, `${next.date}T${next.time}`]);
    await s.click(`#followup-rows .reinvite[data-id="${chloe}"]`);
    const w = nativeDialog("Re-invite with a new window?");
    execFileSync("xdotool", ["windowfocus", "--sync", w]);
    execFileSync("sleep", ["0.3"]);
    execFileSync("import", ["-window", "root", join(ART, "follow-up-reinvite-question.png")]);
    execFileSync("xdotool", ["key", "--clearmodifiers", "Return"]);
    await s.until(() => mock.received.length >= asked + 2 && mock.received.at(-1).status !== null, "the revoke and the new invite", 20000);
    const calls = mock.received.slice(asked);
    assert.deepEqual(calls.map((r) => `${r.method} ${r.path}`), ["PATCH /xobin/ai-interviews/invite/revoke", "POST /xobin/ai-interviews/invite"], "the revoke, then one new invite");
    assert.equal(calls[0].body.response_id, first[0].responseId);
    assert.equal(calls[1].body.candidate_email, "chloe.martin@example.com");
    assert.match(calls[1].body.expiry_date, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    assert.notEqual(calls[1].body.expiry_date, first[0].body.expiry_date, "the new invite carries the new expiry");
    // The replaced invite leaves the board; the new row points to it and keeps its language.
    await s.until(async () => (await boardRow("Chloé Martin")) === null, "the replaced invite leaves the board");
    const page = (await invokeIn(s, "history_query", { query: { search: "chloe.martin@example.com", offset: 0, limit: 10 } })).ok;
    const newest = page.rows.find((r) => r.id !== chloe);
    assert.ok(newest, JSON.stringify(page.rows.map((r) => r.id)));
    assert.equal(newest.replacesId, chloe);
    assert.equal(newest.language, "fr", "the new invite keeps the first one's language");
    await s.click("#nav-history");
    await s.until(async () => (await shown("#history-rows")).includes("Chloé Martin"), "History lists her");
    await shot("history-reinvite-two-rows", "#history-rows", "Chloé Martin");
  });
});
