// Memory with a 10,000-row batch in the Bulk table, as a ratio to the same window's idle PSS
// (measured first, in the same run): the app is started over WebDriver, left idle 4 s, measured;
// then 10,000 pasted rows are read and checked by Rust and drawn (only the visible rows are in
// the page), the table is scrolled to the end, and after 4 s the PSS is measured again. PSS is
// summed from /proc/<pid>/smaps_rollup over the app and its WebKit processes.
//
//   node scripts/bench/bulk_memory.mjs <app binary> [runs]     (under with-keyring.sh + xvfb-run)
import { readFileSync, readdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Session, appPids, startDriver } from "../../tests/support/webdriver.mjs";

const app = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!app) throw new Error("usage: bulk_memory.mjs <app binary> [runs]");

function childrenOf() {
  const kids = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${d}/status`, "utf8"))[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  return kids;
}

/** PSS in KiB over `pid` and every descendant. */
function pssTree(pid) {
  const kids = childrenOf();
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(kids.get(all[i]) ?? []));
  let kib = 0;
  for (const p of all) {
    try {
      kib += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, "utf8"))[1]);
    } catch { /* gone */ }
  }
  return kib;
}

function sheet(n) {
  const lines = ["Full name\tE-mail\tPhone\tNotes"];
  for (let i = 0; i < n; i++) lines.push(`Candidate Number ${i}\tcandidate${i}@example.com\t+44 20 7946 ${String(i % 10000).padStart(4, "0")}\tApplied via the ATS`);
  return `${lines.join("\n")}\n`;
}

const driver = await startDriver();
const results = [];
try {
  for (let r = 0; r < runs; r++) {
    process.env.INVITE_DESK_DATA_DIR = mkdtempSync(join(tmpdir(), "invite-desk-bulk-mem-"));
    const s = await Session.create(driver.base, app);
    await s.waitFor("body[data-ready=true]", 30000);
    const pid = appPids(app)[0];
    await s.click("#provider-picker [data-provider=xobin]");
    await s.type("#f-xobin-aiInterviewId", "305");
    await s.click("#nav-bulk");
    await sleep(4000);
    const idle = pssTree(pid);
    await s.exec("document.querySelector('#bulk-paste').value = arguments[0]; return true;", [sheet(10000)]);
    // Timed in the page: from the click on "Read pasted rows" to the counts of Rust's check on
    // screen (read + check in Rust, both IPC answers, the table drawn).
    await s.exec(`
      window.__bulkTiming = {};
      document.querySelector('#bulk-read-paste').addEventListener('click', () => { window.__bulkTiming.click = performance.now(); }, { capture: true, once: true });
      new MutationObserver((_, o) => {
        if (document.querySelector('#bulk-counts').textContent.startsWith('10000 ready')) { window.__bulkTiming.shown = performance.now(); o.disconnect(); }
      }).observe(document.querySelector('#bulk-counts'), { childList: true, characterData: true, subtree: true });
      return true;`);
    await s.click("#bulk-read-paste");
    await s.until(async () => (await s.text("#bulk-counts")).startsWith("10000 ready"), "10,000 rows checked", 60000);
    const checkedMs = Math.round(await s.exec("return window.__bulkTiming.shown - window.__bulkTiming.click"));
    const drawn = await s.exec("return document.querySelectorAll('#bulk-table .vrow').length");
    await s.exec("const t = document.querySelector('#bulk-table'); t.scrollTop = t.scrollHeight; return true;");
    await s.until(() => s.exec("return !!document.querySelector('#bulk-table .vrow[data-row=\"10001\"]')"), "the last row drawn after scrolling");
    await sleep(4000);
    const loaded = pssTree(pid);
    results.push({ idleMiB: idle / 1024, loadedMiB: loaded / 1024, ratio: loaded / idle, checkedMs, rowsInPage: drawn });
    console.log(`run ${r + 1}: idle ${(idle / 1024).toFixed(1)} MiB, with 10,000 rows ${(loaded / 1024).toFixed(1)} MiB = ${(loaded / idle).toFixed(3)}×; click → 10,000 rows checked and drawn ${checkedMs} ms; ${drawn} rows in the page`);
    await s.close();
  }
} finally {
  driver.stop();
}
const med = (k) => results.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
console.log(JSON.stringify({ runs, idleMiB: med("idleMiB"), loadedMiB: med("loadedMiB"), ratio: med("ratio"), checkedMs: med("checkedMs"), rowsInPage: med("rowsInPage") }));
