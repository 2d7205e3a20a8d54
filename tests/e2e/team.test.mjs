// End to end in team mode: the real window joins a team on a real PostgreSQL server (the one
// scripts/with-postgres.sh starts; this test fails without it) through Settings → Team, set up
// by the app's own admin command. A colleague (Bob, signed in with psql as his own login) invites
// Kim first: the window's send asks "Bob invited Kim … — send another?" through the native
// dialog, Escape sends nothing, and after a sync History shows Bob's invite. The window's own
// invite reaches the team server. Then a second window — a second computer: its own data
// folder, D-Bus session and keychain — joins as Sam, and the two windows race to invite the same
// candidate at once: one vendor request, and the other window is told who is sending it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockVendors } from "../support/mock-vendors.mjs";
import { Session, appBinary as app, appPids, innerText, invokeIn, nativeDialog, startDriver, useMockVendors } from "../support/webdriver.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ART = join(root, "artifacts", "e2e");
mkdirSync(ART, { recursive: true });
const KEYS = {
  xobin: "E2E-TEAM-XOBIN-KEY-9f8e7d",
  interviewflow: "E2E-TEAM-IFAI-KEY-6c5b4a",
  tidyhire: "E2E-TEAM-TIDY-KEY-3f2e1d",
  hireflix: "E2E-TEAM-HFX-KEY-0c9b8a",
  apploi: "E2E-TEAM-APPLOI-KEY-7f6e5d",
};

let driver, s, mock, pg, db, adminConn, priya, bob, sam, driver2, s2, dataDir;
// How long the mock vendors hold each answer: the race keeps the winner's claim `pending`.
let vendorDelay = 0;

const shown = (css) => innerText(s, css);

async function shot(name, css, text) {
  await s.until(async () => (await shown(css)).includes(text), `${text} in ${css} before the ${name} screenshot`);
  writeFileSync(join(ART, `${name}.png`), await s.paintedScreenshot());
}

/** A screenshot of one of the two windows (raised first), once `text` is in `css`. */
async function shotOf(w, name, css, text) {
  await w.until(async () => (await innerText(w, css)).includes(text), `${text} in ${css} before the ${name} screenshot`);
  writeFileSync(join(ART, `${name}.png`), await w.paintedScreenshot());
}

const param = (conn, key) => conn.split(/\s+/).find((kv) => kv.startsWith(`${key}=`))?.slice(key.length + 1);
/** The app's own admin command. */
const admin = (...args) => execFileSync(app, ["team", args[0], adminConn, ...args.slice(1)], { encoding: "utf8" });
/** SQL as a coordinator's own login, through psql. */
function asLogin(login, password, sql) {
  return execFileSync("psql", ["-X", "-qAt", "-v", "ON_ERROR_STOP=1", `host=127.0.0.1 port=${param(pg, "port")} user=${login} dbname=${db}`, "-c", sql], {
    encoding: "utf8",
    env: { ...process.env, PGPASSWORD: password },
  });
}
const asAdmin = (sql) => execFileSync("psql", ["-X", "-qAt", "-v", "ON_ERROR_STOP=1", adminConn, "-c", sql], { encoding: "utf8" });

/** Settings → Team in window `w`: the server address, `who`'s login and one-time password, Join. */
async function joinTeam(w, who) {
  await w.click("#nav-settings");
  await w.waitFor("#team-join");
  await w.type("#team-url", `postgresql://127.0.0.1:${param(pg, "port")}/${db}`);
  await w.type("#team-role", who.login);
  await w.type("#team-password", who.password);
  await w.click("#team-join");
}

/** The Xobin form in window `w`, filled for `name` <`email`> and AI interview 305, Send enabled. */
async function fillXobin(w, name, email) {
  await w.click("#nav-invite");
  await w.click("#provider-picker [data-provider=xobin]");
  await w.type("#f-candidateName", name);
  await w.type("#f-candidateEmail", email);
  await w.type("#f-xobin-aiInterviewId", "305");
  await w.until(() => w.exec("return !document.querySelector('#send').disabled"), "Send enabled");
}

/** Raises the window of the copy of the app whose data folder is `dataDir` above the other. */
function raiseWindowOf(dataDir) {
  for (const pid of appPids(app)) {
    let env = "";
    try { env = readFileSync(`/proc/${pid}/environ`, "utf8"); } catch { continue; }
    if (!env.split("\0").includes(`INVITE_DESK_DATA_DIR=${dataDir}`)) continue;
    const ids = execFileSync("xdotool", ["search", "--all", "--onlyvisible", "--pid", String(pid), "--name", "Invite Desk"], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
    for (const id of ids) execFileSync("xdotool", ["windowraise", id]);
    if (ids.length) return;
  }
  throw new Error(`no window of the app with data folder ${dataDir}`);
}

function member(name, login) {
  const out = admin("add-member", "Acme Talent", login, name);
  return { login, password: out.trim().split("\n").at(-1).trim() };
}

before(async () => {
  assert.ok(existsSync(app), `build the app first: ${app}`);
  pg = process.env.INVITE_DESK_TEST_PG;
  assert.ok(pg, "INVITE_DESK_TEST_PG is not set: run through scripts/with-postgres.sh (scripts/test.sh does)");
  db = `e2e_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  execFileSync("psql", ["-X", "-qAt", pg, "-c", `CREATE DATABASE ${db}`]);
  adminConn = pg.replace("dbname=postgres", `dbname=${db}`);
  admin("init", "Acme Talent");
  const tag = randomUUID().slice(0, 6);
  priya = member("Priya Raman", `priya_${tag}`);
  bob = member("Bob", `bob_${tag}`);
  dataDir = mkdtempSync(join(tmpdir(), "invite-desk-team-e2e-"));
  process.env.INVITE_DESK_DATA_DIR = dataDir;
  sam = member("Sam Okafor", `sam_${tag}`);
  mock = await startMockVendors(KEYS, { delayMs: () => vendorDelay });
  driver = await startDriver();
  s = await Session.create(driver.base, app);
  await s.waitFor("body[data-ready=true]", 30000);
  await useMockVendors(s, KEYS, mock.baseUrls);
});

after(async () => {
  try {
    if (s) writeFileSync(join(ART, "team-last.png"), await s.screenshot());
  } catch { /* the window may be gone */ }
  // Both at once: each close waits until no copy of the app runs.
  await Promise.all([s2?.close().catch(() => {}), s?.close()]);
  driver2?.stop();
  driver?.stop();
  await mock?.close();
});

describe("team mode on the real window", () => {
  test("joining in Settings → Team with the one-time password an admin's command printed", { timeout: 60000 }, async () => {
    await joinTeam(s, priya);
    await shot("team-settings-joined", "#team-status", "Acme Talent");
    assert.match(await shown("#team-status"), new RegExp(`as Priya Raman \\(${priya.login}\\)`));
    // The one-time password was replaced: it no longer opens the login.
    assert.throws(() => asLogin(priya.login, priya.password, "SELECT 1"), /password authentication failed/);
    const html = await s.exec("return document.documentElement.outerHTML");
    assert.ok(!html.includes(priya.password), "the one-time password is not left in the page");
  });

  test("a colleague's invite is asked about through the native dialog, and Escape sends nothing", { timeout: 90000 }, async () => {
    const attempt = randomUUID();
    asLogin(bob.login, bob.password, `SELECT result FROM team.reserve('${attempt}', 'xobin', '305', 'kim@example.com', 'Kim Lee', NULL, NULL)`);
    asLogin(bob.login, bob.password, `SELECT team.record_outcome('${attempt}', 'sent', 'https://acme.xobin.com/i/bob', '{}'::jsonb)`);
    await fillXobin(s, "Kim Lee", "kim@example.com");
    await s.click("#send");
    const w = nativeDialog("Send another invite?");
    execFileSync("xdotool", ["windowfocus", "--sync", w]);
    execFileSync("sleep", ["0.3"]);
    execFileSync("import", ["-window", "root", join(ART, "team-colleague-invited-question.png")]);
    execFileSync("xdotool", ["key", "--clearmodifiers", "Escape"]);
    await s.waitFor("#result-info", 20000);
    assert.match(await shown("#result-info"), /Not sent\. Bob’s invite is in History/);
    assert.equal(mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite").length, 0, "nothing reached the vendor");
    // After a sync, History shows Bob's invite with its author.
    assert.ok((await invokeIn(s, "team_sync", {})).ok);
    await s.click("#nav-history");
    await s.until(async () => (await shown("#history-rows")).includes("Bob"), "Bob's row in History");
    await shot("team-history-colleague-row", "#history-rows", "Bob");
  });

  test("the window's own invite goes out once and reaches the team server", { timeout: 90000 }, async () => {
    await fillXobin(s, "Lee Ann", "lee@example.com");
    await s.click("#send");
    await s.waitFor("#result-card", 20000);
    assert.equal(mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite" && r.body.candidate_email === "lee@example.com").length, 1);
    await s.until(() => asAdmin("SELECT outcome FROM team.attempts WHERE candidate_email = 'lee@example.com'").trim() === "sent", "the outcome on the team server");
    assert.equal(asAdmin("SELECT author FROM team.attempts WHERE candidate_email = 'lee@example.com'").trim(), priya.login, "the author is the login itself");
    // Vendor keys never reach the team server.
    const dump = asAdmin("SELECT string_agg(t::text, ' ') FROM team.attempts t");
    for (const key of Object.values(KEYS)) assert.ok(!dump.includes(key), "a vendor key on the team server");
  });

  test("two windows, one server: both send the same invite at once — one vendor request, the other is told who is sending it", { timeout: 180000 }, async () => {
    // The second computer: its own data folder, D-Bus session and keychain.
    const dataDir2 = mkdtempSync(join(tmpdir(), "invite-desk-team-e2e-sam-"));
    driver2 = await startDriver(undefined, { env: { INVITE_DESK_DATA_DIR: dataDir2 }, ownSession: true });
    s2 = await Session.create(driver2.base, app);
    await s2.waitFor("body[data-ready=true]", 30000);
    await useMockVendors(s2, KEYS, mock.baseUrls);
    await joinTeam(s2, sam);
    await s2.until(async () => (await innerText(s2, "#team-status")).includes("as Sam Okafor"), "Sam joined");

    const email = "ines.race@example.com";
    for (const w of [s, s2]) await fillXobin(w, "Ines Race", email);
    vendorDelay = 3000;
    await Promise.all([s.click("#send"), s2.click("#send")]);
    // One window reserved and waits on the vendor; the other is told at once who is sending it
    // (nothing to ask: a colleague's invite in flight cannot be overridden).
    const told = async (x) => (await innerText(x, "#result-error")).includes("is sending this invite right now");
    await s.until(async () => (await told(s)) || (await told(s2)), "the other window told who is sending", 20000);
    const [loser, winner, winnerName, loserDir] = (await told(s)) ? [s, s2, "Sam Okafor", dataDir] : [s2, s, "Priya Raman", dataDir2];
    assert.match(await innerText(loser, "#result-error"), new RegExp(`${winnerName} is sending this invite right now \\(Ines Race <${email}>, Xobin\\)\\. Nothing was sent`));
    raiseWindowOf(loserDir);
    await shotOf(loser, "team-two-windows-race-loser-told", "#result-error", winnerName);
    vendorDelay = 0;
    await winner.until(async () => (await innerText(winner, "#result-card")).includes("Invite sent"), "the winner's result card", 20000);
    assert.equal(mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite" && r.body.candidate_email === email).length, 1, "exactly one vendor request");
    const attempts = asAdmin(`SELECT count(*) FROM team.attempts WHERE candidate_email = '${email}'`).trim();
    assert.equal(attempts, "1", "one attempt on the team server");
    // After a sync the loser's History shows the winner's invite as theirs.
    await loser.until(async () => asAdmin(`SELECT outcome FROM team.attempts WHERE candidate_email = '${email}'`).trim() === "sent", "the outcome on the server", 20000);
    assert.ok((await invokeIn(loser, "team_sync", {})).ok);
    await loser.click("#nav-history");
    await loser.type("#history-search", email);
    raiseWindowOf(loserDir);
    await shotOf(loser, "team-two-windows-loser-history", "#history-rows", winnerName);
    raiseWindowOf(loserDir === dataDir ? dataDir2 : dataDir);
    await shotOf(winner, "team-two-windows-winner-sent", "#result-card", "Invite sent");
  });
});
