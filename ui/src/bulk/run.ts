// Sending a batch: progress over a channel (counts, rate, time left, a vendor's wait with the
// time it ends), Pause / Resume / Cancel, the results (copy links, export, History), and the
// batches a pause, a quit or a crash left unfinished.
import { Channel } from "@tauri-apps/api/core";
import { api, asAppError, type BatchEvent, type BatchSummary, type Progress, type ProviderId } from "../api";
import { clear, h, toast } from "../dom";
import { providerName } from "../fields";
import { type Bulk, duration, NO_SHEET } from "./shared";

function channel(b: Bulk): Channel<BatchEvent> {
  const { st } = b;
  const ch = new Channel<BatchEvent>();
  let pending = false;
  ch.onmessage = (e) => {
    if (e.event === "rows") {
      const first = st.results.size === 0;
      for (const r of e.rows) st.results.set(r.row, r);
      if (first && !st.report) b.renderFilters();
    } else {
      st.lastBatch = e.batch;
      if (st.running) { st.running.batch = e.batch; st.running.progress = e; }
      showProgress(b, e);
    }
    // Rows are drawn at most once a frame, however fast they end.
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; b.drawRows(true); }); }
  };
  return ch;
}

/** "Xobin asked to wait 2 min; resuming at 14:05." — Rust bounds the wait, this says it. */
export function waitWords(provider: ProviderId | undefined, secs: number | null, now = new Date()): string {
  const who = provider ? providerName(provider) : "The vendor";
  if (secs === null) return `${who} asked to slow down. `;
  const at = new Date(now.getTime() + secs * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return `${who} asked to wait ${duration(secs)}; resuming at ${at}. `;
}

function showProgress(b: Bulk, p: Progress): void {
  const { els, st } = b;
  els.progressBox.hidden = false;
  const done = p.sent + p.failed + p.unknown;
  els.bar.max = Math.max(1, p.total);
  els.bar.value = done;
  const parts = [`${done} of ${p.total}`, `${p.sent} sent`, `${p.failed} failed`, `${p.unknown} unknown`, `${p.left} left`];
  if (p.sending) parts.push(`${p.sending} on the way`);
  if (p.perMinute > 0) parts.push(`${Math.round(p.perMinute)} per minute`);
  if (p.etaSecs !== null && p.left + p.sending > 0) parts.push(`about ${duration(p.etaSecs)} left`);
  const state = p.state === "paused" ? "Paused. " : p.state === "waiting" ? waitWords(st.running?.provider, p.waitSecs) : p.state === "done" ? "Done. " : p.state === "cancelled" ? "Cancelled: rows not sent are marked so. " : "";
  els.barText.textContent = state + parts.join(" · ");
  if (st.running) st.running.paused = p.state === "paused";
  els.pauseBtn.textContent = p.state === "paused" ? "Resume" : "Pause";
}

export async function runBatch(b: Bulk, provider: ProviderId, start: (ch: Channel<BatchEvent>) => Promise<BatchSummary>): Promise<void> {
  const { st, els } = b;
  st.running = { batch: -1, progress: null, paused: false, provider };
  els.progressBox.hidden = false;
  els.doneBox.hidden = true;
  els.runButtons.hidden = false;
  els.pauseBtn.disabled = false;
  els.cancelBtn.disabled = false;
  els.barText.textContent = "Starting…";
  els.progressBox.scrollIntoView({ block: "center" });
  b.refreshSend();
  b.drawRows(true);
  try {
    const s = await start(channel(b));
    st.lastBatch = s.id;
    toast(`Batch done: ${s.sent} sent, ${s.failed} failed, ${s.unknown} unknown.`);
  } catch (e) {
    els.barText.textContent = asAppError(e).message;
  } finally {
    st.running = null;
    els.runButtons.hidden = true;
    els.doneBox.hidden = st.lastBatch === null;
    b.refreshSend();
    b.drawRows(true);
    void b.loadUnfinished();
  }
}

/** Clears the sheet, its check and its results (a new batch, or a resumed one taking the table). */
function forgetSheet(b: Bulk): void {
  const { st, els } = b;
  st.sheet = null; st.report = null; st.mapping = null;
  st.include.clear(); st.results.clear();
  els.paste.value = "";
  els.sheetLine.textContent = NO_SHEET;
  clear(els.mapBox); els.counts.textContent = ""; els.blocking.hidden = true;
}

/** Send, Pause / Resume, Cancel, and the results' buttons. */
export function wireRun(b: Bulk): void {
  const { st, els, ctx } = b;
  els.sendBtn.addEventListener("click", () => {
    if (!st.sheet || !st.report || els.sendBtn.disabled) return;
    const s = st.sheet;
    const job = ctx.job();
    const form = job.form;
    const m = st.mapping ?? st.report.mapping;
    const include = [...st.include];
    void b.runBatch(st.report.provider, (ch) => api.bulkSend(s.id, form, m, include, job.account, ch));
  });
  els.pauseBtn.addEventListener("click", () => {
    if (!st.running || st.running.batch < 0) return;
    void api.bulkControl(st.running.batch, st.running.paused ? "run" : "pause");
  });
  els.cancelBtn.addEventListener("click", () => {
    if (!st.running || st.running.batch < 0) return;
    els.cancelBtn.disabled = true;
    els.barText.textContent = "Cancelling: invites on their way finish and are recorded…";
    void api.bulkControl(st.running.batch, "cancel");
  });
  els.copyAll.addEventListener("click", async () => {
    const links = [...st.results.values()].sort((x, y) => x.row - y.row).map((r) => r.link).filter((l): l is string => !!l);
    if (!links.length) { toast("No links to copy: the vendor returned none."); return; }
    try { await api.copyText(links.join("\n")); toast(`${links.length} links copied to the clipboard.`); } catch (e) { toast(asAppError(e).message); }
  });
  els.exportBtn.addEventListener("click", async () => {
    if (st.lastBatch === null) return;
    try {
      const res = await api.bulkExport(st.lastBatch);
      if (res) toast(`Exported ${res.rows} rows to ${res.path}`);
    } catch (e) { toast(asAppError(e).message); }
  });
  els.historyBtn.addEventListener("click", () => { if (st.lastBatch !== null) ctx.goHistory(st.lastBatch); });
  els.newBtn.addEventListener("click", () => {
    forgetSheet(b);
    st.lastBatch = null;
    els.doneBox.hidden = true; els.progressBox.hidden = true;
    b.drawRows(true); b.refreshSend();
  });
}

/** One unfinished batch: resume it, stop the rest, or see it in History. */
function unfinishedBanner(b: Bulk, batch: BatchSummary): HTMLElement {
  const { st, els, ctx } = b;
  const resume = h("button", { type: "button", class: "primary", "data-batch": String(batch.id) }, `Resume (${batch.queued} not sent yet)`);
  const discard = h("button", { type: "button" }, "Don't send the rest");
  const show = h("button", { type: "button" }, "Show in History");
  resume.addEventListener("click", () => {
    // The resumed batch's rows take the table (the sheet it came from is not on screen).
    forgetSheet(b);
    st.lastBatch = batch.id;
    els.counts.textContent = `Resuming the batch from “${batch.source}”.`;
    b.renderFilters();
    void b.runBatch(batch.provider, (ch) => api.bulkResume(batch.id, ch));
  });
  discard.addEventListener("click", async () => {
    const yes = await api.confirm(`The ${batch.queued} rows of this batch that were not sent yet will be marked "not sent" and never sent.`, "Don't send the rest?", "Don't send");
    if (!yes) return;
    try { await api.bulkDiscard(batch.id); } catch (e) { toast(asAppError(e).message); }
    void b.loadUnfinished();
  });
  show.addEventListener("click", () => ctx.goHistory(batch.id));
  const unknown = batch.unknown ? ` ${batch.unknown} may or may not have been sent (unknown: check at the vendor; they are never resent).` : "";
  const showUnknown = batch.unknown ? h("button", { type: "button", class: "show-unknown" }, `Show the ${batch.unknown} unknown`) : null;
  showUnknown?.addEventListener("click", () => ctx.goHistory(batch.id, "unknown"));
  return h("div", { class: "banner warn unfinished", role: "status", "data-batch": String(batch.id) },
    h("p", {}, `A batch of ${batch.total} ${providerName(batch.provider)} invites from “${batch.source}” did not finish: ${batch.sent} sent, ${batch.failed} failed, ${batch.queued} not sent yet.${unknown}`),
    h("div", { class: "buttons" }, resume, showUnknown, discard, show));
}

/** The batches a pause, a quit or a crash left unfinished. */
export async function loadUnfinished(b: Bulk): Promise<void> {
  const box = b.els.unfinishedBox;
  let list: BatchSummary[];
  try { list = await api.bulkUnfinished(); } catch (e) { clear(box); box.append(h("p", { class: "error" }, asAppError(e).message)); return; }
  clear(box);
  for (const batch of list) if (b.st.running?.batch !== batch.id) box.append(unfinishedBanner(b, batch));
}
