// End to end on the real window: the loop with the vendors against the local mock vendors (which
// check every header, method and field): pick a Hireflix position and send; pick an Apploi
// applicant and schedule; refresh a Xobin invite to Completed and open its report (the system's
// opener is a stand-in `xdg-open` that records the address); revoke a Xobin invite through the
// native confirmation (Escape keeps it, Enter revokes it).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockVendors } from "../support/mock-vendors.mjs";
import { KEY, Session, appBinary as app, innerText, nativeDialog, startDriver, useMockVendors } from "../support/webdriver.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ART = join(root, "artifacts", "e2e");
mkdirSync(ART, { recursive: true });
const KEYS = {
  xobin: "E2E-LOOP-XOBIN-KEY-a1b2c3",
  interviewflow: "E2E-LOOP-IFAI-KEY-d4e5f6",
  tidyhire: "E2E-LOOP-TIDY-KEY-0a0b0c",
  hireflix: "E2E-LOOP-HFX-KEY-7d8e9f",
  apploi: "E2E-LOOP-APPLOI-KEY-112233",
};

let driver, s, mock, dataDir, opened;

const shown = (css) => innerText(s, css);

async function shot(name, css, text) {
  await s.until(async () => (await shown(css)).includes(text), `${text} in ${css} before the ${name} screenshot`);
  writeFileSync(join(ART, `${name}.png`), await s.paintedScreenshot());
}

before(async () => {
  assert.ok(existsSync(app), `build the app first: ${app}`);
  dataDir = mkdtempSync(join(tmpdir(), "invite-desk-loop-e2e-"));
  // The app opens links with the system opener (xdg-open): a stand-in records what it was asked.
  const bin = join(dataDir, "bin");
  mkdirSync(bin);
  opened = join(dataDir, "opened.txt");
  writeFileSync(join(bin, "xdg-open"), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
  chmodSync(join(bin, "xdg-open"), 0o755);
  process.env.PATH = `${bin}:${process.env.PATH}`;
  process.env.INVITE_DESK_DATA_DIR = join(dataDir, "data");
  mock = await startMockVendors(KEYS);
  driver = await startDriver();
  s = await Session.create(driver.base, app);
  await s.waitFor("body[data-ready=true]", 30000);
  await useMockVendors(s, KEYS, mock.baseUrls);
});

after(async () => {
  try {
    if (s) writeFileSync(join(ART, "loop-last.png"), await s.screenshot());
  } catch { /* the window may be gone */ }
  await s?.close();
  driver?.stop();
  await mock?.close();
});

async function pick(provider) {
  await s.click("#nav-invite");
  await s.click(`#provider-picker [data-provider=${provider}]`);
}

async function send() {
  await s.until(() => s.exec("return !document.querySelector('#send').disabled"), "the Send button to be enabled");
  await s.click("#send");
  await s.waitFor("#result-card, #result-error", 20000);
  const error = await s.exec("const e = document.querySelector('#result-error'); return e ? e.textContent : null");
  assert.equal(error, null, `the invite failed: ${error}`);
}

const optionValues = (panel) => s.exec(`return [...document.querySelectorAll('${panel} [role=option]')].map((o) => o.dataset.value)`);

function pressInDialog(title, key) {
  const w = nativeDialog(title);
  execFileSync("xdotool", ["windowfocus", "--sync", w]);
  execFileSync("sleep", ["0.3"]);
  execFileSync("import", ["-window", "root", join(ART, `loop-revoke-confirmation-${key === "Escape" ? "before-keep" : "before-revoke"}.png`)]);
  execFileSync("xdotool", ["key", "--clearmodifiers", key]);
}

describe("the loop with the vendors on the real window", () => {
  test("a Hireflix position is picked from the list Hireflix gives and the invite goes to it", { timeout: 120000 }, async () => {
    await pick("hireflix");
    await s.type("#f-candidateName", "Priya Raman");
    await s.type("#f-candidateEmail", "priya@example.com");
    await s.click("#f-hireflix-positionId-pick");
    const panel = "#sec-job [data-field=positionId] .lookup-panel";
    await s.until(async () => (await optionValues(panel)).length === 2, "the open positions");
    // Keys into the open picker's field (a WebDriver "clear" would blur it, which closes the list).
    await s.keys("#f-hireflix-positionId", "rust");
    await s.until(async () => JSON.stringify(await optionValues(panel)) === JSON.stringify(["5f1a2b3c4d5e6f7a8b9c0d1f"]), "typing narrows the list");
    await shot("loop-hireflix-position-picker", panel, "Backend Engineer (Rust)");
    await s.keys("#f-hireflix-positionId", KEY.enter);
    assert.equal(await s.value("#f-hireflix-positionId"), "5f1a2b3c4d5e6f7a8b9c0d1f");
    await send();
    const sent = mock.received.filter((r) => r.path === "/hireflix" && r.body?.query?.includes("inviteCandidateToInterview"));
    assert.equal(sent.length, 1);
    assert.equal(Object.values(sent[0].body.variables)[0].positionId, "5f1a2b3c4d5e6f7a8b9c0d1f");
    assert.equal(mock.received.filter((r) => r.path === "/hireflix" && r.body?.query?.includes("positions")).length, 1, "the list is read once and cached");
  });

  test("an Apploi applicant is found by name, picked, and the interview is scheduled for that application", { timeout: 120000 }, async () => {
    await pick("apploi");
    await s.type("#f-candidateName", "maria");
    await s.type("#f-candidateEmail", "");
    await s.click("#f-apploi-applicationFormId-pick");
    const panel = "#sec-job [data-field=applicationFormId] .lookup-panel";
    await s.until(async () => (await optionValues(panel)).includes("265733753"), "Maria among the applicants");
    assert.equal(await s.exec(`return document.querySelector('${panel}').hidden`), false, "the list stays open");
    await shot("loop-apploi-applicant-picker", panel, "Maria Lopez");
    await s.click(`${panel} [role=option][data-value="265733753"]`);
    assert.equal(await s.value("#f-apploi-applicationFormId"), "265733753");
    assert.equal(await s.value("#f-candidateName"), "Maria Lopez");
    assert.equal(await s.value("#f-candidateEmail"), "maria.lopez@example.com");
    const search = mock.received.filter((r) => r.path === "/apploi/applicants").at(-1);
    assert.equal(search.query.query, "maria");
    await s.type("#f-apploi-interview-zone", "America/New_York");
    await s.keys("#f-apploi-interview-zone", KEY.tab);
    await s.type("#f-apploi-interview", "2030-07-18");
    await s.type("#f-apploi-interview-time", "15:30");
    await s.type("#f-apploi-durationMinutes", "45");
    await s.type("#f-apploi-interviewerId", "123456");
    await s.until(async () => (await s.text("#prev-f-apploi-interview")).includes("GMT"), "the interview preview");
    await send();
    const put = mock.received.filter((r) => r.method === "PUT" && r.path === "/apploi/applicants/265733753/interviews");
    assert.equal(put.length, 1);
    assert.equal(put[0].status, 200);
  });

  test("a Xobin invite is refreshed to Completed in History and its report opens in the browser; then it is revoked after asking", { timeout: 180000 }, async () => {
    await pick("xobin");
    await s.type("#f-candidateName", "Kim Lee");
    await s.type("#f-candidateEmail", "kim@example.com");
    await s.type("#f-xobin-aiInterviewId", "305");
    await send();
    const invite = mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite" && r.body.candidate_email === "kim@example.com")[0];
    const rid = invite.responseId;
    await s.click("#nav-history");
    const row = await s.until(() => s.exec("const b = [...document.querySelectorAll('#history-rows tr')].find((tr) => tr.textContent.includes('kim@example.com')); return b ? b.dataset.id : null"), "Kim's row");
    const cell = `#history-rows tr[data-id="${row}"] .status-cell`;
    assert.match(await s.text(cell), /Not checked yet/);
    await s.click(`${cell} .refresh-row`);
    await s.until(async () => (await s.text(cell)).includes("Not started (Pending)"), "Pending after the first refresh");
    mock.setXobinStatus(rid, "Completed");
    await s.click(`${cell} .refresh-row`);
    await s.until(async () => (await s.text(cell)).includes("Completed"), "Completed after the second refresh");
    assert.match(await s.text(cell), /score 7\.8/);
    assert.match(await s.text(cell), /checked just now/);
    await shot("loop-history-xobin-completed", cell, "score 7.8");
    const asked = mock.received.filter((r) => r.path === `/xobin/ai-interviews/report/${rid}`);
    assert.equal(asked.length, 1, "the report is asked for once the invite is completed");
    await s.click(`${cell} .open-report`);
    const url = `https://acme.xobin.com/interviews/ai/report/shared/${rid}`;
    await s.until(() => existsSync(opened) && readFileSync(opened, "utf8").includes(url), "the report link handed to the system browser");
    // The details show when the candidate finished, and Revoke asks first.
    await s.click(`#history-rows button.link[data-id="${row}"]`);
    await s.waitFor("#detail-revoke");
    assert.match(await s.text("#history-detail .detail-status"), /Finished/);
    await s.click("#detail-revoke");
    pressInDialog("Revoke the invite?", "Escape");
    await s.until(() => s.exec("return !document.querySelector('#detail-revoke')?.disabled"), "the revoke button back after Keep");
    assert.equal(mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite/revoke").length, 0, "Escape keeps the invite: nothing is sent");
    await s.click("#detail-revoke");
    pressInDialog("Revoke the invite?", "Return");
    await s.until(async () => (await s.text(cell)).includes("Revoked"), "the row shows revoked");
    const revokes = mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite/revoke");
    assert.equal(revokes.length, 1);
    assert.deepEqual(revokes[0].body, { response_id: rid, notify_candidate: false });
    await shot("loop-history-xobin-revoked", cell, "Revoked");
    // Nothing of this changed how the invite was sent.
    assert.match(await s.text(`#history-rows tr[data-id="${row}"]`), /Sent/);
    const html = await s.exec("return document.documentElement.outerHTML");
    for (const key of Object.values(KEYS)) assert.ok(!html.includes(key), "a key is visible in the page");
  });

  test("Settings → Candidate data forgets Priya after the native confirmation: her bytes leave the history file and its log, the erasure log names no one", { timeout: 120000 }, async () => {
    const dbFile = join(dataDir, "data", "history.sqlite3");
    const holds = (needle) => [dbFile, `${dbFile}-wal`].some((f) => existsSync(f) && readFileSync(f).includes(Buffer.from(needle)));
    assert.ok(holds("priya@example.com"), "the history holds her before");
    await s.click("#nav-settings");
    await s.waitFor("#person-query");
    await s.type("#person-query", "priya@example.com");
    await s.click("#person-find");
    await s.until(async () => (await s.text("#person-result")).startsWith("1 invite"), "her invite found");
    await s.click("#person-forget");
    const w = nativeDialog("Forget this person?");
    execFileSync("xdotool", ["windowfocus", "--sync", w]);
    execFileSync("sleep", ["0.3"]);
    execFileSync("import", ["-window", "root", join(ART, "candidate-forget-confirmation-names-vendors.png")]);
    execFileSync("xdotool", ["key", "--clearmodifiers", "Return"]);
    await s.until(async () => (await s.text("#erasure-log")).includes("A person was forgotten"), "the erasure in the log");
    assert.match(await s.text("#erasure-log"), /1 invite; still held by Hireflix\./);
    assert.doesNotMatch(await s.text("#erasure-log"), /Priya|priya/);
    await s.until(async () => (await s.text("#person-result")).startsWith("Nothing is held"), "nothing held any more");
    assert.equal(holds("priya@example.com"), false, "her email left the file and its log");
    assert.equal(holds("Priya Raman"), false, "her name left the file and its log");
  });
});
