// End to end on the real Invite Desk window (debug build) under Xvfb, driven over WebDriver
// (tauri-driver + WebKitWebDriver), with a throwaway real keychain and local mock vendors.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockVendors } from "../support/mock-vendors.mjs";
import { KEY, Session, clipboardText, startDriver, appBinary } from "../support/webdriver.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const app = appBinary;
const ART = join(root, "artifacts", "e2e");
mkdirSync(ART, { recursive: true });
const version = /^version = "([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];

// Recognisable fake keys: the leak check below looks for them everywhere.
const KEYS = {
  xobin: "E2E-XOBIN-KEY-7f3a91",
  interviewflow: "E2E-IFAI-KEY-0b52c4",
  tidyhire: "E2E-TIDY-KEY-99d1e0",
  hireflix: "E2E-HFX-KEY-4c7b28",
  apploi: "E2E-APPLOI-KEY-d0e6f3",
};

let driver, s, mock, dataDir;

before(async () => {
  assert.ok(existsSync(app), `build the app first: ${app}`);
  dataDir = mkdtempSync(join(tmpdir(), "invite-desk-e2e-"));
  process.env.INVITE_DESK_DATA_DIR = dataDir;
  mock = await startMockVendors(KEYS);
  driver = await startDriver();
  s = await Session.create(driver.base, app);
  await s.waitFor("body[data-ready=true]", 30000);
});

after(async () => {
  try {
    if (s) writeFileSync(join(ART, "last.png"), await s.screenshot());
  } catch { /* the window may already be gone */ }
  await s?.close();
  driver?.stop();
  await mock?.close();
});

/**
 * A screenshot named after what it shows, taken only once `css` shows `text` (and no zone or
 * time list is left open over the page), so it is never the frame before.
 */
async function shot(name, css, text, { listsOpen = false } = {}) {
  await s.until(async () => (await s.text(css)).includes(text), `${text} in ${css} before the ${name} screenshot`);
  // What the name says is on screen: scrolled into view if the page had it below the fold.
  await s.exec("const e = document.querySelector(arguments[0]); const r = e?.getBoundingClientRect(); if (r && (r.top < 0 || r.bottom > innerHeight)) e.scrollIntoView({ block: 'center' });", [css]);
  if (!listsOpen) await s.until(() => s.exec("return ![...document.querySelectorAll('.zone-list, .time-list, .calendar')].some((l) => !l.hidden)"), "no list left open");
  writeFileSync(join(ART, `${name}.png`), await s.paintedScreenshot());
}

async function pick(provider) {
  await s.click("#nav-invite");
  await s.click(`#provider-picker [data-provider=${provider}]`);
}

const lastSeq = () => s.exec("const c = document.querySelector('#result-card, #result-error'); return c ? Number(c.dataset.seq) : 0");

async function sendAndWait() {
  await s.until(() => s.exec("return !document.querySelector('#send').disabled"), "the Send button to be enabled");
  const before = await lastSeq();
  await s.click("#send");
  await s.until(async () => (await lastSeq()) > before, "a new result", 20000);
  const error = await s.exec("const e = document.querySelector('#result-error'); return e ? e.textContent : null");
  assert.equal(error, null, `the invite failed: ${error}`);
}

async function resultLinkOnClipboard() {
  const link = await s.value("#result-link");
  assert.match(link, /^https:\/\//);
  const clip = await s.until(() => (clipboardText() === link ? link : null), "the link on the system clipboard");
  assert.equal(clip, link);
  return link;
}

describe("the real window", () => {
  test("opens titled Invite Desk and every view is reachable", async () => {
    assert.equal(await s.exec("return document.querySelector('.brand').textContent"), "Invite Desk");
    for (const v of ["history", "settings", "invite"]) {
      await s.click(`#nav-${v}`);
      await s.waitFor(`#view-${v}`);
    }
    await shot("invite-empty", "#view-invite h1", "Invite a candidate");
  });

  test("Settings → About shows the app's version, data folder and keychain", async () => {
    await s.click("#nav-settings");
    assert.equal(await s.text("#about-version"), version);
    assert.equal(await s.text("#about-data-dir"), dataDir);
    assert.match(await s.text("#about-keychain"), /Secret Service/);
    await shot("settings-about", "#about-version", version);
  });

  test("keys are saved in the keychain through Settings and shown as saved, never shown back", async () => {
    await s.click("#nav-settings");
    for (const [provider, key] of Object.entries(KEYS)) {
      assert.equal(await s.text(`#key-state-${provider}`), "No key");
      await s.type(`#key-${provider}`, key);
      await s.click(`#key-save-${provider}`);
      await s.until(async () => (await s.text(`#key-state-${provider}`)) === "Key saved ✓", `${provider} key saved`);
      await s.type(`#url-${provider}`, mock.baseUrls[provider]);
      await s.click(`#url-save-${provider}`);
      await s.until(async () => (await s.value(`#url-${provider}`)) === mock.baseUrls[provider], `${provider} address saved`);
    }
    const html = await s.exec("return document.documentElement.outerHTML");
    for (const key of Object.values(KEYS)) assert.ok(!html.includes(key), "a key is visible in the page");
    await shot("settings-keys-saved", "#key-state-apploi", "Key saved ✓");
  });

  test("the time preview comes from Rust: New York 10:00 is 14:00 GMT, and a DST gap is refused", async () => {
    await pick("xobin");
    await s.type("#f-xobin-start-zone", "America/New_York");
    await s.keys("#f-xobin-start-zone", KEY.tab);
    await s.type("#f-xobin-start", "2026-03-08");
    await s.type("#f-xobin-start-time", "10:00");
    await s.until(async () => (await s.text("#prev-f-xobin-start")).includes("="), "the preview");
    assert.equal(await s.text("#prev-f-xobin-start .sends"), "Starts 2026-03-08 10:00 America/New_York = 2026-03-08 14:00 GMT");
    await s.type("#f-xobin-start-time", "02:30");
    const err = await s.until(async () => { const t = await s.text("#err-f-xobin-start"); return t.includes("does not exist") ? t : null; }, "the gap error");
    assert.equal(err, "02:30 does not exist on 2026-03-08 in America/New_York: clocks jump from 02:00 to 03:00. Pick a time before 02:00 or from 03:00 on.");
    await shot("xobin-start-dst-gap-error", "#err-f-xobin-start", "does not exist");
    await s.type("#f-xobin-start", "");
    await s.type("#f-xobin-start-time", "");
  });

  test("the calendar opens with Alt+Down and each expiry preset shows Rust's local and GMT time", async () => {
    await pick("xobin");
    await s.type("#f-xobin-expiry-zone", "Europe/London");
    await s.keys("#f-xobin-expiry-zone", KEY.tab);
    await s.type("#f-xobin-expiry", "2030-07-20");
    await s.keys("#f-xobin-expiry", `${KEY.alt}${KEY.down}${KEY.release}`);
    await s.waitFor("#sec-job [data-field=expiry] [role=dialog]");
    assert.equal(await s.text("#sec-job [data-field=expiry] .cal-title"), "July 2030");
    assert.equal(await s.exec("return document.activeElement.dataset.date"), "2030-07-20");
    await shot("calendar-open-link-expires-july-2030", "#sec-job [data-field=expiry] [role=dialog]", "July 2030", { listsOpen: true });
    await s.keys("#sec-job [data-field=expiry] td[tabindex='0']", KEY.escape);
    await s.until(() => s.exec("return document.querySelector('#sec-job [data-field=expiry] [role=dialog]').hidden"), "the calendar closed");
    for (const preset of ["in2Days", "in7Days", "endOfFriday"]) {
      await s.click(`#f-xobin-expiry-presets-${preset}`);
      const info = await s.until(async () => { const t = await s.text("#prev-f-xobin-expiry"); return t.includes("Europe/London (UTC") && t.includes("GMT") ? t : null; }, `the ${preset} preview`);
      const date = await s.value("#f-xobin-expiry");
      assert.match(date, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(info.includes(`Expires ${date} `), info);
      await shot(`preset-${preset}-preview-real-window`, "#f-xobin-expiry-presets-info", date.slice(8).replace(/^0/, ""));
    }
    await s.click("#f-xobin-expiry-presets-custom");
    await s.type("#f-xobin-expiry", "");
    await s.type("#f-xobin-expiry-time", "");
  });

  test("Xobin: send, see the link, and find it on the system clipboard", async () => {
    await pick("xobin");
    await s.type("#f-candidateName", "Alex Tanaka");
    await s.type("#f-candidateEmail", "alex.tanaka@example.com");
    await s.type("#f-xobin-aiInterviewId", "305");
    await s.type("#f-xobin-expiry-zone", "Europe/London");
    await s.keys("#f-xobin-expiry-zone", KEY.tab);
    await s.type("#f-xobin-expiry", "2030-07-20");
    await s.type("#f-xobin-expiry-time", "21:30");
    await s.until(async () => (await s.text("#prev-f-xobin-expiry")).includes("2030-07-20 20:30 GMT"), "the expiry preview");
    await shot("form-xobin-expiry-london", "#prev-f-xobin-expiry", "2030-07-20 20:30 GMT");
    await sendAndWait();
    const link = await resultLinkOnClipboard();
    const req = mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite").at(-1);
    assert.deepEqual(req.body, { candidate_name: "Alex Tanaka", candidate_email: "alex.tanaka@example.com", ai_interview_id: 305, invite_format: "getlink", expiry_date: "2030-07-20 20:30" });
    assert.match(link, /inviteToken=/);
    await shot("result-xobin-link-copied", "#result-card", "Copied to the clipboard");
  });

  test("InterviewFlowAI: send, see the link, and find it on the clipboard", async () => {
    await pick("interviewflow");
    await s.click("#new-invite").catch(() => {});
    await s.type("#f-candidateName", "Jane Doe");
    await s.type("#f-candidateEmail", "Jane.Doe@Example.com");
    await s.type("#f-interviewflow-jobId", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    await s.select("#f-interviewflow-status", "shortlisted");
    await shot("form-interviewflow", "#send", "Send invite");
    await sendAndWait();
    const link = await resultLinkOnClipboard();
    assert.match(link, /^https:\/\/app\.interviewflowai\.com\/form\?interviewId=/);
    const req = mock.received.filter((r) => r.path === "/ifai/ingest/candidate").at(-1);
    assert.deepEqual(req.body, { name: "Jane Doe", email: "jane.doe@example.com", jobId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", status: "shortlisted" });
    await shot("result-interviewflow-link", "#result-card", "Invite sent");
  });

  test("Hireflix: send, see the link, and find it on the clipboard", async () => {
    await pick("hireflix");
    await s.type("#f-candidateName", "Mary Ann Smith");
    await s.type("#f-candidateEmail", "mary@example.com");
    assert.equal(await s.value("#f-hireflix-firstName"), "Mary");
    await s.type("#f-hireflix-positionId", "64f1c0ffee");
    await shot("form-hireflix-names-split", "#send", "Send invite");
    await sendAndWait();
    const link = await resultLinkOnClipboard();
    assert.match(link, /^https:\/\/app\.hireflix\.com\//);
    const req = mock.received.filter((r) => r.path === "/hireflix").at(-1);
    const input = Object.values(req.body.variables)[0];
    assert.deepEqual(input, { positionId: "64f1c0ffee", candidate: { email: "mary@example.com", firstName: "Mary", lastName: "Ann Smith" } });
    await shot("result-hireflix-link", "#result-card", "Invite sent");
  });

  test("Tidyhire: send the whole job and see that Tidyhire emails the candidate", async () => {
    await pick("tidyhire");
    await s.type("#f-candidateName", "John Doe");
    await s.type("#f-candidateEmail", "john.doe@example.com");
    await s.type("#f-tidyhire-externalId", "ats-job-12345");
    await s.type("#f-tidyhire-jobTitle", "Senior Software Engineer");
    await s.type("#f-tidyhire-jobDescription", "Build scalable backend services.");
    await s.select("#f-tidyhire-experienceLevel", "5-8 Years");
    await s.select("#f-tidyhire-seniorityLevel", "Senior");
    await s.select("#f-tidyhire-workType", "Remote");
    await s.select("#f-tidyhire-employmentType", "Full Time");
    await s.type("#f-tidyhire-location", "New York, NY");
    for (const skill of ["JavaScript", "Node.js", "MongoDB"]) await s.type("#f-tidyhire-mustHaveSkills", `${skill}${KEY.enter}`);
    await shot("form-tidyhire-job", "#send", "Send invite");
    await sendAndWait();
    assert.match(await s.text("#result-summary"), /Tidyhire/);
    assert.match(await s.text("#result-card"), /will email the candidate/);
    const req = mock.received.filter((r) => r.path === "/tidyhire/interview/invite").at(-1);
    assert.deepEqual(req.body.candidates, [{ name: "John Doe", email: "john.doe@example.com" }]);
    assert.deepEqual(req.body.must_have_skills, ["JavaScript", "Node.js", "MongoDB"]);
    await shot("result-tidyhire-vendor-emails", "#result-card", "will email the candidate");
  });

  test("Apploi: schedule an interview in a picked zone and see the stated outcome", async () => {
    await pick("apploi");
    await s.type("#f-candidateName", "Priya Nair");
    await s.type("#f-candidateEmail", "priya@example.com");
    await s.type("#f-apploi-applicationFormId", "265733753");
    // The zone list comes from Rust when a picker is first used; part of a city finds the zone.
    await s.type("#f-apploi-interview-zone", "kolk");
    await shot("zone-list-kolk-suggests-asia-kolkata", ".zone-list:not([hidden])", "Asia/Kolkata", { listsOpen: true });
    await s.type("#f-apploi-interview-zone", "Asia/Kolkata");
    await s.keys("#f-apploi-interview-zone", KEY.tab);
    await s.type("#f-apploi-interview", "2030-07-18");
    await s.type("#f-apploi-interview-time", "15:30");
    await s.type("#f-apploi-durationMinutes", "45");
    await s.type("#f-apploi-interviewerId", "123456");
    await s.until(async () => (await s.text("#prev-f-apploi-interview")).includes("2030-07-18 10:00 GMT"), "the interview preview");
    await shot("form-apploi-interview-kolkata", "#prev-f-apploi-interview", "2030-07-18 10:00 GMT");
    await sendAndWait();
    assert.match(await s.text("#result-card"), /Interview scheduled/);
    const req = mock.received.filter((r) => r.path === "/apploi/applicants/265733753/interviews").at(-1);
    assert.equal(req.method, "PUT");
    assert.deepEqual(req.body, { date: "2030-07-18T15:30:00Z", duration: "45", timezone: "Asia/Kolkata", location: "Virtual", interviewerId: "123456" });
    await shot("result-apploi-scheduled", "#result-card", "Interview scheduled");
  });

  test("History lists the invites newest first and a row's link can be copied", async () => {
    await s.click("#nav-history");
    await s.until(async () => (await s.text("#history-count")).includes("of 5"), "five invites in History");
    const first = await s.exec("return document.querySelector('#history-rows tr td:nth-child(2) button').textContent");
    assert.equal(first, "Priya Nair");
    await s.type("#history-search", "jane.doe");
    await s.until(async () => (await s.text("#history-count")) === "1–1 of 1", "the search to find Jane");
    await s.click("#history-rows .copy-row");
    const link = await s.until(() => { const c = clipboardText(); return c.startsWith("https://app.interviewflowai.com/") ? c : null; }, "the row's link on the clipboard");
    assert.match(link, /interviewId=/);
    await s.click("#history-rows td:nth-child(2) button");
    await s.waitFor("#history-detail");
    const detail = await s.text("#history-detail");
    assert.match(detail, /Jane Doe <jane\.doe@example\.com>/);
    assert.ok(detail.includes(link), "the details show the link");
    await s.until(async () => (await s.text("#history-rows")).includes("jane.doe@example.com"), "Jane's row in the table");
    await shot("history-search-jane-with-detail-panel", "#history-detail", "Jane Doe <jane.doe@example.com>");
    // As a person clears it (select all, Backspace): WebDriver's Element Clear fires no input event.
    await s.keys("#history-search", `${KEY.control}a${KEY.release}${KEY.backspace}`);
    // Text that is only in the vendor's link finds the row too (the link has search indexes of
    // its own).
    const inLink = new URL(link).searchParams.get("interviewId");
    assert.ok(inLink && inLink.length >= 3, link);
    await s.type("#history-search", inLink);
    await s.until(async () => (await s.text("#history-count")) === "1–1 of 1", "the search by the link's interview id");
    assert.ok((await s.text("#history-rows")).includes("jane.doe@example.com"), "Jane's row, found by her link");
    await s.keys("#history-search", `${KEY.control}a${KEY.release}${KEY.backspace}`);
    await s.until(async () => (await s.text("#history-count")).includes("of 5"), "all five invites again");
    await s.until(() => s.exec("return document.querySelectorAll('#history-rows tr').length === 5"), "five rows");
    await shot("history-five-invites", "#history-rows", "Priya Nair");
  });

  test("no API key reached the history database, settings, the app's log, or the page", async () => {
    // Every file of the data folder, the app's own log (logs/) included.
    const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    const files = walk(dataDir);
    assert.ok(files.some((f) => f.endsWith("invite-desk.log")), `the app's log in ${dataDir}`);
    assert.ok(files.some((f) => f.endsWith("history.sqlite3")), `history file in ${dataDir}`);
    for (const f of files) {
      const bytes = readFileSync(f).toString("latin1");
      for (const key of Object.values(KEYS)) assert.ok(!bytes.includes(key), `${key} found in ${f}`);
    }
    const html = await s.exec("return document.documentElement.outerHTML");
    for (const key of Object.values(KEYS)) assert.ok(!html.includes(key));
    for (const r of mock.received) {
      assert.ok(!JSON.stringify(r.body ?? {}).includes("E2E-"), "a key was sent in a request body");
    }
  });
});
