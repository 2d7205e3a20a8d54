// The crash test on the real binary: 50 invites, each killed with `kill -9` at a random moment —
// before, during or after the vendor call (the mock vendor holds each answer 0.2–1.4 s) — and the
// app started again on the same data folder each time. Then: no row is lost or left `pending`,
// every request the vendor received has its row (`sent` or `unknown`), and sending every invite
// again without saying yes to "send again?" reaches the vendor for none that it already had.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockVendors } from "../support/mock-vendors.mjs";
import { Session, appPids as runningPids, startDriver, appBinary } from "../support/webdriver.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const app = appBinary;
const ART = join(root, "artifacts", "e2e");
mkdirSync(ART, { recursive: true });
const RUNS = Number(process.env.CRASH_RUNS ?? 50);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const KEYS = {
  xobin: "CRASH-XOBIN-KEY-51a0",
  interviewflow: "CRASH-IFAI-KEY-62b1",
  tidyhire: "CRASH-TIDY-KEY-73c2",
  hireflix: "CRASH-HFX-KEY-84d3",
  apploi: "CRASH-APPLOI-KEY-95e4",
};
const PROVIDERS = Object.keys(KEYS);

/** A valid invite for run `i`, rotating through the five providers; one email per run. */
function formFor(i) {
  const provider = PROVIDERS[i % PROVIDERS.length];
  const email = `crash-${i}@example.com`;
  const name = `Crash Candidate ${i}`;
  switch (provider) {
    case "xobin":
      return { provider, candidateName: name, candidateEmail: email, aiInterviewId: String(300 + i), inviteFormat: "getlink", expiry: { date: "2031-07-20", time: "18:00", zone: "Europe/London" } };
    case "interviewflow":
      return { provider, candidateName: name, candidateEmail: email, jobId: `job-${i}` };
    case "tidyhire":
      return { provider, candidateName: name, candidateEmail: email, externalId: `ats-${i}`, jobTitle: "Data Engineer", jobDescription: "Build and run the data platform.", experienceLevel: "2-5 Years", seniorityLevel: "Mid", workType: "Remote", employmentType: "Full Time", location: "Berlin", mustHaveSkills: ["SQL", "Python", "Airflow"] };
    case "hireflix":
      return { provider, candidateEmail: email, positionId: `pos${i}`, firstName: "Crash", lastName: `Candidate ${i}` };
    default:
      return { provider, candidateName: name, candidateEmail: email, applicationFormId: String(9000 + i), interview: { date: "2031-12-05", time: "15:30", zone: "America/New_York" }, durationMinutes: "45", interviewerId: "123" };
  }
}

let driver, mock, dataDir, session;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "invite-desk-crash-"));
  process.env.INVITE_DESK_DATA_DIR = dataDir;
  mock = await startMockVendors(KEYS, { delayMs: () => 200 + Math.floor(Math.random() * 1200) });
  driver = await startDriver();
});

after(async () => {
  await session?.close();
  driver?.stop();
  await mock?.close();
});

const appPids = () => runningPids(app);

function singleInstanceNameTaken() {
  try {
    const out = execFileSync("dbus-send", ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:app.invitedesk.desktop.SingleInstance"], { encoding: "utf8", timeout: 5000 });
    return out.includes("boolean true");
  } catch {
    return false;
  }
}

/** Launches that had to be tried again (below); the summary reports them, and only a few pass. */
let relaunches = 0;

async function launch() {
  const once = () => Promise.race([
    Session.create(driver.base, app),
    sleep(60000).then(() => { throw new Error("the app did not start within 60 s"); }),
  ]);
  let s;
  try {
    s = await once();
  } catch (e) {
    // On a loaded machine GTK can fail to open the virtual display ("Failed to initialize GTK")
    // and the process exits before any window: that is the desktop, not Invite Desk's recovery.
    // Tried once more when no app process is left; counted, and the test allows very few.
    if (appPids().length) throw e;
    relaunches++;
    console.log(`launch failed (${e.message}); trying once more`);
    await sleep(1000);
    s = await once();
  }
  await s.waitFor("body[data-ready=true]", 30000);
  return s;
}

async function killApp(s) {
  const pids = appPids();
  assert.ok(pids.length >= 1, "the app is running");
  for (const pid of pids) process.kill(pid, "SIGKILL");
  for (let i = 0; i < 100 && appPids().length; i++) await sleep(50);
  assert.deepEqual(appPids(), [], "the app is gone after kill -9");
  // The session bus frees the single-instance name a moment after the process is gone; the app
  // copes with starting before that (it restarts itself once), but the test waits for it, so
  // each run starts the same way.
  for (let i = 0; i < 100 && singleInstanceNameTaken(); i++) await sleep(50);
  // The driver's session has lost its window: ending it must not hold up the next run.
  await Promise.race([s.close(), sleep(5000)]);
}

/** Calls a Rust command over the window's own IPC; resolves to `{ok}` or `{err}`. */
function invoke(s, cmd, args) {
  return s.execAsync(
    "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((ok) => done({ ok }), (err) => done({ err }));",
    [cmd, args],
  );
}

const receivedFor = (email) => mock.received.filter((r) => JSON.stringify(r.body ?? {}).includes(`"${email}"`));

test(`${RUNS} invites killed with kill -9 at random moments lose nothing and send nothing twice`, { timeout: 20 * 60 * 1000 }, async () => {
  // Nothing of an earlier test file may still hold the single-instance name (it would take
  // this launch over).
  assert.deepEqual(appPids(), [], "no Invite Desk is running before the crash test");
  for (let i = 0; i < 100 && singleInstanceNameTaken(); i++) await sleep(50);
  session = await launch();
  for (const [provider, key] of Object.entries(KEYS)) {
    const saved = await invoke(session, "save_key", { provider, key });
    assert.ok(saved.ok, `save ${provider} key: ${JSON.stringify(saved.err)}`);
  }
  const settings = (await invoke(session, "get_settings", {})).ok;
  const saved = await invoke(session, "save_settings", { settings: { ...settings, baseUrls: mock.baseUrls } });
  assert.ok(saved.ok, JSON.stringify(saved.err));

  const kills = [];
  for (let i = 0; i < RUNS; i++) {
    if (i > 0) session = await launch();
    const at = Math.floor(Math.random() * 1800);
    // Fire and forget: the window's send is in flight when the process dies.
    await session.exec("window.__TAURI_INTERNALS__.invoke('send_invite', { form: arguments[0], allowDuplicate: false }); return true;", [formFor(i)]);
    await sleep(at);
    const reached = receivedFor(formFor(i).candidateEmail).length;
    const answered = receivedFor(formFor(i).candidateEmail).some((r) => r.status !== null);
    kills.push({ i, at, reached, answered });
    await killApp(session);
    session = null;
  }

  // One more start: recovery runs, then everything is checked through the app itself.
  session = await launch();
  const page = await invoke(session, "history_query", { query: { limit: 200 } });
  assert.ok(page.ok, JSON.stringify(page.err));
  const rows = page.ok.rows;
  const byEmail = new Map(rows.map((r) => [r.candidateEmail, r]));
  const pending = rows.filter((r) => r.outcome === "pending");
  assert.deepEqual(pending.map((r) => r.candidateEmail), [], "rows left pending after restart");
  let lost = 0;
  for (let i = 0; i < RUNS; i++) {
    const email = formFor(i).candidateEmail;
    const got = receivedFor(email);
    assert.ok(got.length <= 1, `${email} reached the vendor ${got.length} times`);
    for (const r of got) assert.ok([200, 201].includes(r.status ?? 200), `the mock refused ${email}: ${r.status}`);
    const row = byEmail.get(email);
    if (got.length === 1 && !row) lost++;
    if (got.length === 1 && row) assert.ok(["sent", "unknown"].includes(row.outcome), `${email}: reached the vendor, recorded ${row.outcome}`);
  }
  assert.equal(lost, 0, "requests the vendor received without a history row");

  // Every invite again, without a yes: the guard must ask for each one the vendor may have.
  let asked = 0;
  let sentNow = 0;
  for (let i = 0; i < RUNS; i++) {
    const form = formFor(i);
    const before = receivedFor(form.candidateEmail).length;
    const r = await invoke(session, "send_invite", { form, allowDuplicate: false });
    const after = receivedFor(form.candidateEmail).length;
    if (before === 1) {
      assert.equal(r.ok?.status, "confirm", `${form.candidateEmail} was at the vendor, yet a resend did not ask: ${JSON.stringify(r)}`);
      assert.equal(after, 1, `${form.candidateEmail} reached the vendor twice`);
      asked++;
    } else if (r.ok?.status === "confirm") {
      // A row recorded before the kill (unknown: the request may have left): asking is right.
      assert.equal(after, 0);
      asked++;
    } else {
      assert.equal(r.ok?.status, "sent", `a fresh send of ${form.candidateEmail}: ${JSON.stringify(r)}`);
      sentNow++;
    }
  }
  const reachedBeforeKill = kills.filter((k) => k.reached).length;
  const answeredBeforeKill = kills.filter((k) => k.answered).length;
  const summary = {
    runs: RUNS,
    killedBeforeTheRequestLeft: RUNS - reachedBeforeKill,
    killedWhileTheVendorHeldTheAnswer: reachedBeforeKill - answeredBeforeKill,
    killedAfterTheAnswer: answeredBeforeKill,
    rowsLost: lost,
    rowsPending: pending.length,
    resendsThatAsked: asked,
    freshSendsAfterAKillBeforeSending: sentNow,
    launchesTriedAgain: relaunches,
    outcomes: Object.fromEntries(["sent", "unknown", "failed"].map((o) => [o, rows.filter((r) => r.outcome === o).length])),
  };
  console.log(`crash test: ${JSON.stringify(summary)}`);
  writeFileSync(join(ART, "crash-summary.json"), `${JSON.stringify({ summary, kills }, null, 2)}\n`);
  assert.ok(relaunches <= 2, `${relaunches} launches failed before a window and had to be tried again`);
  // The random moments must have covered all three phases, or the test proved less than it says.
  assert.ok(summary.killedBeforeTheRequestLeft > 0 && summary.killedWhileTheVendorHeldTheAnswer > 0 && summary.killedAfterTheAnswer > 0, JSON.stringify(summary));
});

test("a second launch hands over to the running app and exits without touching History", { timeout: 120000 }, async () => {
  assert.ok(session, "the app from the crash test is still running");
  const before = (await invoke(session, "history_query", { query: { limit: 200 } })).ok.rows;
  const started = Date.now();
  const second = spawn(app, [], { env: process.env, stdio: "ignore" });
  const code = await new Promise((resolve) => {
    const t = setTimeout(() => { second.kill("SIGKILL"); resolve("still running after 20 s"); }, 20000);
    second.on("exit", (c) => { clearTimeout(t); resolve(c); });
  });
  assert.equal(code, 0, "the second process should exit at once");
  const after = (await invoke(session, "history_query", { query: { limit: 200 } })).ok.rows;
  assert.deepEqual(after.map((r) => [r.id, r.outcome, r.updatedAt]), before.map((r) => [r.id, r.outcome, r.updatedAt]));
  assert.equal(appPids().length, 1, "one Invite Desk process");
  console.log(`second launch exited after ${Date.now() - started} ms`);
});
