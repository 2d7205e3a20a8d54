// Bulk invites end to end on the real window: a pasted sheet of 25 rows (3 invalid, one
// duplicate inside the sheet, one candidate History already holds) → the preview shows exactly
// those → send → 20 sent with links and the progress at 100% → the results CSV (through the real
// save dialog) holds them → History shows the batch. Then a batch killed with kill -9 mid-send is
// resumed after the restart, and the mock vendor sees no email twice.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { startMockVendors } from "../support/mock-vendors.mjs";
import { Session, appBinary, appPids, startDriver } from "../support/webdriver.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const app = appBinary;
const ART = join(root, "artifacts", "e2e");
mkdirSync(ART, { recursive: true });
const KEYS = {
  xobin: "E2E-BULK-XOBIN-KEY-51c0de",
  interviewflow: "E2E-BULK-IFAI-KEY-77aa01",
  tidyhire: "E2E-BULK-TIDY-KEY-3e9f12",
  hireflix: "E2E-BULK-HFX-KEY-b4c5d6",
  apploi: "E2E-BULK-APPLOI-KEY-0f1e2d",
};

let driver, s, mock, dataDir;
let delay = 0;

/** Calls a Rust command over the window's own IPC; resolves to `{ok}` or `{err}`. */
function invoke(session, cmd, args) {
  return session.execAsync(
    "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((ok) => done({ ok }), (err) => done({ err }));",
    [cmd, args],
  );
}

async function launch() {
  const session = await Session.create(driver.base, app);
  await session.waitFor("body[data-ready=true]", 30000);
  return session;
}

async function shot(name, css, text) {
  await s.until(async () => (await s.text(css)).includes(text), `${text} in ${css} before the ${name} screenshot`);
  writeFileSync(join(ART, `${name}.png`), await s.paintedScreenshot());
}

const bulkRequests = (emailPart) => mock.received.filter((r) => r.path === "/xobin/ai-interviews/invite" && (r.body?.candidate_email ?? "").includes(emailPart));

/** Fills the Xobin job on the Invite screen (the job every row is sent with). */
async function xobinJob(id) {
  await s.click("#nav-invite");
  await s.click("#provider-picker [data-provider=xobin]");
  await s.type("#f-xobin-aiInterviewId", id);
}

before(async () => {
  assert.ok(existsSync(app), `build the app first: ${app}`);
  dataDir = mkdtempSync(join(tmpdir(), "invite-desk-bulk-e2e-"));
  process.env.INVITE_DESK_DATA_DIR = dataDir;
  mock = await startMockVendors(KEYS, { delayMs: () => delay });
  driver = await startDriver();
  s = await launch();
  for (const [provider, key] of Object.entries(KEYS)) assert.ok((await invoke(s, "save_key", { provider, key })).ok);
  const settings = (await invoke(s, "get_settings", {})).ok;
  assert.ok((await invoke(s, "save_settings", { settings: { ...settings, baseUrls: mock.baseUrls } })).ok);
});

after(async () => {
  try {
    if (s) writeFileSync(join(ART, "bulk-last.png"), await s.screenshot());
  } catch { /* the window may be gone */ }
  await s?.close();
  driver?.stop();
  await mock?.close();
});

/** 25 rows: rows 5, 11 and 19 invalid; row 15 repeats row 3; row 22 was invited before. */
function sheet25() {
  const lines = ["Full name\tE-mail\tNotes"];
  for (let i = 1; i <= 25; i++) {
    const row = i + 1;
    let name = `Bulk Candidate ${i}`;
    let email = `bulk${i}@example.com`;
    if (row === 5) email = "bulk4@";
    if (row === 11) name = "";
    if (row === 19) email = "not an email";
    if (row === 15) { name = "Bulk Candidate 2"; email = "bulk2@example.com"; }
    if (row === 22) { name = "Earlier Invitee"; email = "earlier@example.com"; }
    lines.push(`${name}\t${email}\t<img src=x onerror=alert(1)>`);
  }
  return `${lines.join("\n")}\n`;
}

/** The rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function csvRows(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += c;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

describe("bulk invites on the real window", () => {
  test("a pasted sheet is checked row by row, sent with progress, exported and shown in History", { timeout: 180000 }, async () => {
    // One earlier invite, so a row of the sheet is "already invited".
    await xobinJob("305");
    await s.type("#f-candidateName", "Earlier Invitee");
    await s.type("#f-candidateEmail", "earlier@example.com");
    await s.until(() => s.exec("return !document.querySelector('#send').disabled"), "Send enabled");
    await s.click("#send");
    await s.waitFor("#result-card", 20000);
    assert.equal(bulkRequests("earlier@").length, 1);

    await s.click("#nav-bulk");
    await s.exec("const t = document.querySelector('#bulk-paste'); t.value = arguments[0]; t.dispatchEvent(new Event('input')); return true;", [sheet25()]);
    await s.click("#bulk-read-paste");
    await s.until(async () => (await s.text("#bulk-counts")).startsWith("20 ready"), "the check's counts");
    assert.equal(await s.text("#bulk-counts"), "20 ready · 3 with an error · 1 duplicate in the sheet · 1 already invited");
    assert.equal(await s.text("#bulk-sheet"), "Pasted rows: 25 rows, 3 columns.");
    // The columns were matched by their headers.
    assert.equal(await s.value("#bulk-map-candidateName"), "0");
    assert.equal(await s.value("#bulk-map-candidateEmail"), "1");
    // Exactly the rows the sheet has wrong, each naming the row and the field.
    await s.click("#bulk-filter [data-filter=problems]");
    const problems = await s.exec("return [...document.querySelectorAll('#bulk-table .vrow')].map((r) => [r.dataset.row, r.dataset.status, r.querySelector('.cell-msg')?.textContent ?? ''])");
    assert.deepEqual(problems.map((p) => [p[0], p[1]]), [["5", "error"], ["11", "error"], ["19", "error"]]);
    assert.match(problems[0][2], /^Row 5, Email: "bulk4@" is not an email address/);
    assert.match(problems[1][2], /^Row 11, Name: Enter the candidate's name/);
    await shot("bulk-preview-3-errors", "#bulk-counts", "3 with an error");
    await s.click("#bulk-filter [data-filter=duplicates]");
    const dups = await s.exec("return [...document.querySelectorAll('#bulk-table .vrow')].map((r) => [r.dataset.row, r.dataset.status, r.querySelector('.cell-msg')?.textContent ?? '', r.querySelector('input[type=checkbox]')?.checked])");
    assert.deepEqual(dups.map((d) => [d[0], d[1], d[3]]), [["15", "duplicateInFile", false], ["22", "alreadyInvited", false]]);
    assert.match(dups[0][2], /same candidate as row 3/);
    assert.match(dups[1][2], /was invited on .* via Xobin\. Skipped unless you include it/);
    // Cell text is text: the <img onerror> of the Notes column never became an element.
    assert.equal(await s.exec("return document.querySelectorAll('#view-bulk img').length"), 0);
    await s.click("#bulk-filter [data-filter=all]");
    assert.equal(await s.text("#bulk-send"), "Send 20 invites");

    delay = 20;
    await s.click("#bulk-send");
    await s.until(async () => (await s.text("#bulk-progress-text")).startsWith("Done."), "the batch to finish", 60000);
    const bar = await s.exec("const b = document.querySelector('#bulk-progress'); return [b.value, b.max]");
    assert.deepEqual(bar, [20, 20], "the progress bar is full");
    assert.match(await s.text("#bulk-progress-text"), /^Done\. 20 of 20 · 20 sent · 0 failed · 0 unknown · 0 left/);
    await shot("bulk-20-sent-progress-full", "#bulk-progress-text", "20 sent");
    // Each ready row reached Xobin once; the skipped and invalid ones never did.
    for (let i = 1; i <= 25; i++) {
      const row = i + 1;
      const expected = [5, 11, 19, 15, 22].includes(row) ? 0 : 1;
      assert.equal(bulkRequests(`bulk${i}@example.com`).length, expected, `bulk${i}@example.com`);
    }
    assert.equal(bulkRequests("earlier@").length, 1, "the already invited candidate was not sent again");
    const links = await s.exec("return [...document.querySelectorAll('#bulk-table .vrow[data-status=sent] .cell-link')].length");
    assert.ok(links >= 10, `sent rows show their links (${links} in view)`);

    // Export results… through the real GTK save dialog, typed into like a coordinator would.
    const out = join(dataDir, "results.csv");
    await s.click("#bulk-export");
    fileDialog("Export the batch", out);
    await s.until(() => existsSync(out), "the results CSV to be written", 20000);
    const csv = readFileSync(out, "utf8");
    assert.ok(csv.startsWith("\uFEFF"), "UTF-8 with a BOM");
    const rows = csvRows(csv.slice(1));
    assert.deepEqual(rows[0], ["Row", "Full name", "E-mail", "Notes", "Provider", "Interview link", "Outcome", "Message", "Vendor IDs", "Language", "Invite message"]);
    assert.equal(rows.length, 21);
    for (const r of rows.slice(1)) {
      assert.deepEqual([r[4], r[6]], ["Xobin", "Sent"], r.join(" | "));
      assert.match(r[5], /^https:\/\/acme\.xobin\.com\//);
      // No Language column in the sheet: each row's message is the default (English) one, with
      // that row's own link.
      assert.equal(r[9], "");
      assert.ok(r[10].startsWith("Your interview for") && r[10].includes(r[5]), r[10]);
    }

    await s.click("#bulk-history");
    await s.until(async () => (await s.text("#history-count")) === "1–20 of 20", "History limited to the batch");
    assert.match(await s.text("#history-batch"), /^Batch #\d+ ×$/);
    await shot("history-filtered-to-the-batch", "#history-count", "1–20 of 20");
  });

  test("a batch killed with kill -9 mid-send resumes after the restart and sends no email twice", { timeout: 180000 }, async () => {
    await xobinJob("306");
    await s.click("#nav-bulk");
    await s.click("#bulk-new");
    const lines = ["Name,Email"];
    for (let i = 1; i <= 16; i++) lines.push(`Resume Candidate ${i},resume${i}@example.com`);
    await s.exec("const t = document.querySelector('#bulk-paste'); t.value = arguments[0]; return true;", [`${lines.join("\n")}\n`]);
    await s.click("#bulk-read-paste");
    await s.until(async () => (await s.text("#bulk-send")) === "Send 16 invites", "16 rows ready");
    delay = 400;
    await s.click("#bulk-send");
    await s.until(() => (bulkRequests("resume").length >= 5 ? true : null), "some requests on their way", 30000);
    const pids = appPids(app);
    for (const pid of pids) process.kill(pid, "SIGKILL");
    for (let i = 0; i < 100 && appPids(app).length; i++) await sleep(50);
    assert.deepEqual(appPids(app), [], "the app is gone after kill -9");
    await Promise.race([s.close(), sleep(5000)]);
    const reachedBeforeKill = bulkRequests("resume").length;
    await sleep(1000);
    delay = 0;

    s = await launch();
    await s.click("#nav-bulk");
    await s.waitFor("#bulk-unfinished .unfinished", 15000);
    const banner = await s.text("#bulk-unfinished .unfinished p");
    assert.match(banner, /^A batch of 16 Xobin invites from “Pasted rows” did not finish: \d+ sent, 0 failed, \d+ not sent yet\./);
    await shot("bulk-unfinished-after-a-crash", "#bulk-unfinished", "did not finish");
    await s.click("#bulk-unfinished .unfinished button.primary");
    await s.until(async () => (await s.text("#bulk-progress-text")).startsWith("Done."), "the resumed batch to finish", 60000);

    const byEmail = {};
    for (const r of bulkRequests("resume")) byEmail[r.body.candidate_email] = (byEmail[r.body.candidate_email] ?? 0) + 1;
    for (let i = 1; i <= 16; i++) assert.ok((byEmail[`resume${i}@example.com`] ?? 0) <= 1, `resume${i}@example.com reached Xobin ${byEmail[`resume${i}@example.com`]} times`);
    const page = (await invoke(s, "history_query", { query: { search: "resume", limit: 50 } })).ok;
    const outcomes = page.rows.map((r) => r.outcome);
    assert.equal(page.total, 16);
    assert.ok(outcomes.every((o) => o === "sent" || o === "unknown"), JSON.stringify(outcomes));
    // A row the vendor received before the kill but whose answer was lost is `unknown` (never
    // resent); every other row was sent exactly once.
    const unknown = page.rows.filter((r) => r.outcome === "unknown");
    for (const r of page.rows.filter((x) => x.outcome === "sent")) assert.equal(byEmail[r.candidateEmail], 1, r.candidateEmail);
    writeFileSync(join(ART, "bulk-resumed-done.png"), await s.paintedScreenshot());
    console.log(`bulk crash: ${reachedBeforeKill} requests before the kill, ${unknown.length} unknown after the restart, ${Object.keys(byEmail).length} emails reached Xobin once each`);
  });

  test("a CSV saved by European Excel (Windows-1252, semicolons) opens through the file dialog", { timeout: 120000 }, async () => {
    await xobinJob("307");
    await s.click("#nav-bulk");
    await s.exec("document.querySelector('#bulk-new').click(); return true;");
    const file = join(dataDir, "candidats.csv");
    writeFileSync(file, Buffer.from("Nom;Courriel;Téléphone\r\nRenée François;renee@example.com;+33 1 23 45 67 89\r\nJosé Núñez;jose@example.com;\r\n", "latin1"));
    await s.click("#bulk-open");
    fileDialog("Open a sheet of candidates", file, "ctrl+l");
    try {
      await s.until(async () => (await s.text("#bulk-sheet")).startsWith("candidats.csv"), "the sheet read");
    } catch (e) {
      execFileSync("import", ["-window", "root", join(ART, "bulk-open-dialog-debug.png")]);
      throw e;
    }
    assert.match(await s.text("#bulk-sheet"), /^candidats\.csv: 2 rows, 3 columns\. .*semicolons.*Windows-1252/);
    await s.until(async () => (await s.text("#bulk-counts")).startsWith("2 ready"), "both rows ready");
    const names = await s.exec("return [...document.querySelectorAll('#bulk-table .vrow')].map((r) => r.querySelectorAll('.clip')[0].textContent)");
    assert.deepEqual(names, ["Renée François", "José Núñez"]);
    await shot("bulk-european-csv-opened", "#bulk-counts", "2 ready");
  });

  test("a workbook built to exhaust memory is read in a child process: the app says so, stays up and small, and an invite sent meanwhile completes", { timeout: 120000 }, async () => {
    // 300 cells that all point at one 8 MB shared string: a few KB compressed, it passes every
    // declared-size check, and reading it would take gigabytes. Only the reading child runs out.
    const file = join(dataDir, "agency-export.xlsx");
    execFileSync("python3", ["-c", HUNGRY_XLSX, file]);
    const appPid = appPids(app).find((pid) => !readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("read-sheet"));
    assert.ok(appPid, "the app is running");
    const before = windowRssKb(appPid);
    await xobinJob("305");
    await s.click("#nav-bulk");
    await s.exec("document.querySelector('#bulk-new').click(); return true;");
    await s.click("#bulk-open");
    fileDialog("Open a sheet of candidates", file, "ctrl+l");
    // While the child reads, a single invite goes out and comes back.
    const form = { provider: "xobin", candidateName: "Dana Safe", candidateEmail: "dana.safe@example.com", aiInterviewId: "305", inviteFormat: "getlink" };
    const sent = invoke(s, "send_invite", { form, allowDuplicate: true });
    let peak = before;
    const end = Date.now() + 60000;
    while (Date.now() < end && !(await s.text("#bulk-sheet-error")).includes("could not be read safely")) {
      peak = Math.max(peak, windowRssKb(appPid));
      await sleep(100);
    }
    const message = await s.text("#bulk-sheet-error");
    // Only the reading child has a memory limit (the app has none): this is the child's end.
    assert.match(message, /^“agency-export\.xlsx” could not be read safely \(it needed more than 1024 MB of memory\)\. Open it in your spreadsheet app and save it again as \.xlsx or CSV\.$/);
    const r = await sent;
    assert.equal(r.ok?.status, "sent", JSON.stringify(r));
    assert.ok(existsSync(`/proc/${appPid}`), "the app is still running");
    const addedMiB = (peak - before) / 1024;
    console.log(`hostile workbook: the app and its web view grew by ${addedMiB.toFixed(1)} MiB at most while the child read it`);
    assert.ok(addedMiB < 250, `the window grew by ${addedMiB} MiB`);
    await shot("bulk-hostile-workbook-refused-app-up", "#bulk-sheet-error", "could not be read safely");
  });
});

describe("each vendor's own batching, against the mock vendors that check every header and field", () => {
  // Sent over the window's own IPC (the page's Bulk view does the same calls): the channel is a
  // callback registered in the page, as @tauri-apps/api's Channel does.
  async function bulkSend(job, text) {
    const info = (await invoke(s, "bulk_load_text", { text })).ok;
    const report = (await invoke(s, "bulk_check", { sheet: info.id, job, mapping: null, include: [] })).ok;
    assert.equal(report.blocking, null);
    return s.execAsync(
      "const done = arguments[arguments.length - 1]; const id = window.__TAURI_INTERNALS__.transformCallback(() => {}); window.__TAURI_INTERNALS__.invoke('bulk_send', { sheet: arguments[0], job: arguments[1], mapping: arguments[2], include: [], onEvent: '__CHANNEL__:' + id }).then((ok) => done({ ok }), (err) => done({ err }));",
      [info.id, job, report.mapping],
    );
  }
  const lines = (n, prefix, extra = () => "") => Array.from({ length: n }, (_, i) => `${prefix} Person${i}\t${prefix.toLowerCase()}${i}@example.com${extra(i)}`).join("\n");

  test("Tidyhire: 30 rows in two candidates[] requests; Hireflix: 12 rows in two aliased requests; InterviewFlowAI and Apploi row by row", { timeout: 120000 }, async () => {
    const before = mock.received.length;
    const tidy = await bulkSend(
      { provider: "tidyhire", externalId: "ats-bulk-1", jobTitle: "Data Engineer", jobDescription: "Build the data platform.", experienceLevel: "2-5 Years", seniorityLevel: "Mid", workType: "Remote", employmentType: "Full Time", location: "Berlin", mustHaveSkills: ["SQL", "Python", "Airflow"] },
      `Name\tEmail\n${lines(30, "Tidy")}\n`,
    );
    assert.ok(tidy.ok, JSON.stringify(tidy.err));
    assert.equal(tidy.ok.sent, 30);
    const tidyCalls = mock.received.slice(before).filter((r) => r.path === "/tidyhire/interview/invite");
    assert.deepEqual(tidyCalls.map((r) => [r.status, r.body.candidates.length]), [[200, 25], [200, 5]]);

    const hf = await bulkSend({ provider: "hireflix", positionId: "64a1b2c3d4e5f6a7b8c9d0e1" }, `Full name\tEmail\n${lines(12, "Hflx")}\n`);
    assert.ok(hf.ok, JSON.stringify(hf.err));
    assert.equal(hf.ok.sent, 12);
    const hfCalls = mock.received.slice(before).filter((r) => r.path === "/hireflix");
    assert.deepEqual(hfCalls.map((r) => Object.keys(r.body.variables).length).sort((a, b) => a - b), [2, 10]);
    assert.ok(hfCalls.every((r) => r.status === 200));

    const ifai = await bulkSend({ provider: "interviewflow", jobId: "job-42" }, `Name\tEmail\n${lines(5, "Ifai")}\n`);
    assert.ok(ifai.ok, JSON.stringify(ifai.err));
    assert.equal(ifai.ok.sent, 5);

    const apploi = await bulkSend(
      { provider: "apploi", durationMinutes: "30", location: "Virtual", interviewerId: "42", interview: { date: "", time: "10:00", zone: "Europe/Paris" } },
      `Name\tEmail\tApplication ID\tInterview date\n${lines(4, "Apploi", (i) => `\t26573375${i}\t2031-0${i + 1}-15`)}\n`,
    );
    assert.ok(apploi.ok, JSON.stringify(apploi.err));
    assert.equal(apploi.ok.sent, 4);
    const apploiCalls = mock.received.slice(before).filter((r) => r.path.startsWith("/apploi/"));
    const seen = apploiCalls.map((r) => [r.path, r.body.date, r.body.timezone]).sort();
    assert.deepEqual(seen, [0, 1, 2, 3].map((i) => [`/apploi/applicants/26573375${i}/interviews`, `2031-0${i + 1}-15T10:00:00Z`, "Europe/Paris"]));
    assert.equal(apploiCalls.length, 4);
    assert.ok(mock.received.slice(before).every((r) => [200, 201].includes(r.status)), "the mock refused a request");
  });
});

/** Writes an .xlsx whose 300 cells all point at one 8 MB shared string (argv[1]: the path). */
const HUNGRY_XLSX = `
import sys, zipfile
ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
pkg = 'http://schemas.openxmlformats.org/package/2006/relationships'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    z.writestr('_rels/.rels', f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr('xl/workbook.xml', f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets><sheet name="Candidates" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    z.writestr('xl/sharedStrings.xml', f'<sst xmlns="{ns}" count="300" uniqueCount="1"><si><t>' + 'x' * (8 * 1024 * 1024) + '</t></si></sst>')
    cells = ''.join(f'<row r="{r}">' + ''.join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in 'ABC') + '</row>' for r in range(1, 101))
    z.writestr('xl/worksheets/sheet1.xml', f'<worksheet xmlns="{ns}"><dimension ref="A1:C100"/><sheetData>{cells}</sheetData></worksheet>')
`;

/** Resident memory (KiB) of the app and its web view processes, not of a reading child. */
function windowRssKb(appPid) {
  const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  let total = rss(appPid);
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (/^PPid:\s+(\d+)/m.exec(status)?.[1] === String(appPid) && /^Name:\s+WebKit/m.test(status)) total += rss(pid);
    } catch { /* gone meanwhile */ }
  }
  return total;
}

/** Types a path into the GTK file dialog titled `title` that Invite Desk opened, and presses Enter. */
function fileDialog(title, path, first = "ctrl+a") {
  let win = "";
  for (let i = 0; i < 100 && !win; i++) {
    try {
      win = execFileSync("xdotool", ["search", "--onlyvisible", "--name", title], { encoding: "utf8" }).trim().split("\n")[0];
    } catch {
      execFileSync("sleep", ["0.1"]);
    }
  }
  assert.ok(win, `the dialog “${title}” opened`);
  execFileSync("xdotool", ["windowfocus", "--sync", win]);
  execFileSync("sleep", ["0.3"]);
  // Save: select the suggested name; open: Ctrl+L opens the location field.
  execFileSync("xdotool", ["key", "--clearmodifiers", first]);
  execFileSync("xdotool", ["type", "--delay", "5", path]);
  // GTK may be showing its completion for the typed path: the first Enter can close that list
  // only. Press Enter, wait for the dialog to go; if it stays, press Enter once more.
  const open = () => {
    try {
      return execFileSync("xdotool", ["search", "--onlyvisible", "--name", title], { encoding: "utf8" }).includes(win);
    } catch {
      return false;
    }
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    execFileSync("sleep", ["0.3"]);
    execFileSync("xdotool", ["key", "Return"]);
    for (let i = 0; i < 30 && open(); i++) execFileSync("sleep", ["0.1"]);
    if (!open()) return;
  }
  execFileSync("import", ["-window", "root", join(ART, "bulk-file-dialog-stuck.png")]);
  assert.fail(`the dialog “${title}” did not take the path`);
}
