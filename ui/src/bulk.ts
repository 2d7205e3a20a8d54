// The Bulk view: bring a sheet in (open, drop, paste), map its columns, see Rust's verdict on
// every row, send the batch with a progress bar (pause, resume, cancel), then copy the links or
// export the results. Rust reads, checks and sends; this view shows what it says.
import { Channel } from "@tauri-apps/api/core";
import { api, asAppError, type BatchEvent, type BatchSummary, type CheckReport, type Progress, type RowResult, type RowVerdict, type SheetInfo } from "./api";
import { clear, h, toast } from "./dom";
import { providerName } from "./fields";
import type { JobOfForm } from "./invite";

export interface BulkContext {
  job: () => JobOfForm;
  goInvite: () => void;
  /** History limited to a batch, and to one outcome when given. */
  goHistory: (batch: number, outcome?: "unknown") => void;
}

/** Height of one table row (px): the table draws only the rows in view. */
const ROW_H = 34;
type Filter = "all" | "ready" | "problems" | "duplicates";

const STATUS_LABEL: Record<string, string> = {
  ready: "Ready",
  error: "Error",
  duplicateInFile: "Duplicate in sheet",
  alreadyInvited: "Already invited",
  queued: "Not sent yet",
  pending: "Sending",
  sent: "Sent",
  failed: "Failed",
  unknown: "Unknown",
};

export function mountBulk(root: HTMLElement, ctx: BulkContext): { show: () => void; dropped: () => void } {
  let sheet: SheetInfo | null = null;
  let report: CheckReport | null = null;
  /** The coordinator's mapping; null until they change one (Rust suggests or remembers). */
  let mapping: Record<string, number> | null = null;
  const include = new Set<number>();
  const results = new Map<number, RowResult>();
  let running: { batch: number; progress: Progress | null; paused: boolean } | null = null;
  let lastBatch: number | null = null;
  let filter: Filter = "all";
  let seq = 0;

  const unfinishedBox = h("div", { id: "bulk-unfinished" });
  const openBtn = h("button", { type: "button", id: "bulk-open" }, "Open a file…");
  const paste = h("textarea", { id: "bulk-paste", rows: 3, placeholder: "Paste rows copied from Excel, LibreOffice or Google Sheets (with the header row), then press Read pasted rows." });
  const pasteBtn = h("button", { type: "button", id: "bulk-read-paste" }, "Read pasted rows");
  const sheetLine = h("p", { id: "bulk-sheet", class: "muted", "aria-live": "polite" }, "No sheet yet. Open a .csv, .xlsx or .ods file, drop one on the window, or paste rows.");
  const sheetError = h("p", { id: "bulk-sheet-error", class: "error", role: "alert" });
  const jobBox = h("div", { id: "bulk-job" });
  const mapBox = h("div", { id: "bulk-mapping", class: "grid" });
  const blocking = h("div", { id: "bulk-blocking", class: "banner warn", role: "alert", hidden: true });
  const counts = h("p", { id: "bulk-counts", "aria-live": "polite" });
  const filters = h("div", { class: "segmented", role: "radiogroup", "aria-label": "Show rows", id: "bulk-filter" });
  const viewport = h("div", { id: "bulk-table", class: "vtable", role: "rowgroup", tabindex: 0, "aria-label": "Rows of the sheet (scroll for more)" });
  const spacer = h("div", { class: "vspacer" });
  viewport.append(spacer);
  const sendBtn = h("button", { type: "button", id: "bulk-send", class: "primary", disabled: true }, "Send invites");
  const sendReason = h("span", { id: "bulk-send-reason", class: "reason", "aria-live": "polite" });
  const bar = h("progress", { id: "bulk-progress", max: 1, value: 0, "aria-label": "Batch progress" });
  const barText = h("p", { id: "bulk-progress-text", "aria-live": "polite" });
  const pauseBtn = h("button", { type: "button", id: "bulk-pause" }, "Pause");
  const cancelBtn = h("button", { type: "button", id: "bulk-cancel" }, "Cancel");
  const runButtons = h("div", { class: "buttons" }, pauseBtn, cancelBtn);
  const progressBox = h("div", { id: "bulk-run", hidden: true }, bar, barText, runButtons);
  const copyAll = h("button", { type: "button", id: "bulk-copy-links" }, "Copy all links");
  const exportBtn = h("button", { type: "button", id: "bulk-export" }, "Export results…");
  const historyBtn = h("button", { type: "button", id: "bulk-history" }, "Show in History");
  const newBtn = h("button", { type: "button", id: "bulk-new" }, "New batch");
  const doneBox = h("div", { id: "bulk-done", class: "buttons", hidden: true }, copyAll, exportBtn, historyBtn, newBtn);

  root.append(
    h("h1", {}, "Bulk invites"),
    unfinishedBox,
    h("fieldset", { class: "section", id: "bulk-source" },
      h("legend", {}, "1 · Candidates"),
      h("div", { class: "row" }, openBtn, h("span", { class: "muted" }, "or drop a file on the window, or paste rows below")),
      h("label", { for: "bulk-paste", class: "sr-only" }, "Pasted rows"), paste,
      h("div", { class: "row" }, pasteBtn),
      sheetLine, sheetError),
    h("fieldset", { class: "section", id: "bulk-job-sec" }, h("legend", {}, "2 · Job, from the Invite form"), jobBox),
    h("fieldset", { class: "section", id: "bulk-columns" }, h("legend", {}, "3 · Columns"), mapBox),
    h("fieldset", { class: "section", id: "bulk-preview" },
      h("legend", {}, "4 · Check and send"),
      blocking,
      h("div", { class: "row bulk-summary" }, counts, sendReason, sendBtn),
      progressBox, doneBox, filters,
      h("div", { role: "table", "aria-label": "Rows of the sheet", id: "bulk-grid" },
        h("div", { role: "rowgroup" },
          h("div", { class: "vhead", role: "row" }, ...["Row", "Status", "Name", "Email", "Message or link", "Send"].map((t) => h("span", { role: "columnheader" }, t)))),
        viewport)));

  // ---- bringing a sheet in ----
  async function loaded(p: Promise<SheetInfo | null>): Promise<void> {
    sheetError.textContent = "";
    try {
      const info = await p;
      if (!info) return;
      sheet = info;
      mapping = null;
      include.clear();
      results.clear();
      lastBatch = null;
      doneBox.hidden = true;
      progressBox.hidden = true;
      // The rows now live in Rust; a textarea holding 10,000 pasted lines costs layout and memory.
      paste.value = "";
      sheetLine.textContent = `${info.source}: ${info.rows} row${info.rows === 1 ? "" : "s"}, ${info.headers.length} columns.${info.notes.length ? ` ${info.notes.join(" ")}` : ""}`;
      await check();
    } catch (e) {
      sheetError.textContent = asAppError(e).message;
    }
  }
  openBtn.addEventListener("click", () => void loaded(api.bulkOpenFile()));
  pasteBtn.addEventListener("click", () => {
    if (!paste.value.trim()) { sheetError.textContent = "Nothing is pasted yet: copy the rows (with the header row) in your spreadsheet, then paste them here."; return; }
    void loaded(api.bulkLoadText(paste.value));
  });
  paste.addEventListener("paste", (e) => {
    const text = e.clipboardData?.getData("text/plain");
    if (!text) return;
    e.preventDefault();
    paste.value = text;
    void loaded(api.bulkLoadText(text));
  });

  // ---- the job ----
  function renderJob(): void {
    const j = ctx.job();
    clear(jobBox);
    const edit = h("button", { type: "button", class: "link", id: "bulk-edit-job" }, "Change it on the Invite screen");
    edit.addEventListener("click", ctx.goInvite);
    jobBox.append(
      h("p", {}, h("strong", {}, providerName(j.provider)), " · every row is sent with these job fields. ", edit),
      j.summary.length ? h("ul", { class: "job-summary" }, ...j.summary.map((s) => h("li", {}, s))) : h("p", { class: "muted" }, "No job fields filled in yet."));
  }

  // ---- checking ----
  async function check(): Promise<void> {
    if (!sheet) return;
    const mine = ++seq;
    const j = ctx.job();
    try {
      const r = await api.bulkCheck(sheet.id, j.form, mapping, [...include]);
      if (mine !== seq) return;
      report = r;
      mapping = { ...r.mapping };
      render();
    } catch (e) {
      if (mine !== seq) return;
      sheetError.textContent = asAppError(e).message;
    }
  }

  function renderMapping(): void {
    clear(mapBox);
    if (!report) return;
    const r = report;
    for (const f of r.fields) {
      const id = `bulk-map-${f.field.replace(/\W/g, "-")}`;
      const sel = h("select", { id, "data-field": f.field },
        h("option", { value: "" }, f.fromFormWhenUnmapped ? "— from the Invite form —" : "— none —"),
        ...r.headers.map((hd, i) => h("option", { value: String(i) }, `${columnLetter(i)} · ${hd}`)));
      const col = r.mapping[f.field];
      sel.value = col === undefined ? "" : String(col);
      sel.addEventListener("change", () => {
        const next = { ...(mapping ?? {}) };
        if (sel.value === "") delete next[f.field];
        else {
          const c = Number(sel.value);
          for (const [k, v] of Object.entries(next)) if (v === c) delete next[k];
          next[f.field] = c;
        }
        mapping = next;
        void check();
      });
      mapBox.append(h("div", { class: "field" }, h("label", { for: id }, f.label, f.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null), sel));
    }
  }

  /** A resumed batch has no sheet on screen: its rows are the ones that end in this run. */
  function resumedRows(): RowVerdict[] {
    return [...results.values()].sort((a, b) => a.row - b.row).map((r) => ({ row: r.row, status: "ready", included: true, name: r.name, email: r.email, message: null, field: null, duplicateOf: null, previous: null }));
  }

  function rowsShown(): RowVerdict[] {
    const all = report ? report.rows : resumedRows();
    switch (filter) {
      case "ready": return all.filter((v) => v.status === "ready");
      case "problems": return all.filter((v) => v.status === "error" || (results.get(v.row)?.outcome ?? "sent") !== "sent");
      case "duplicates": return all.filter((v) => v.status === "duplicateInFile" || v.status === "alreadyInvited");
      default: return all;
    }
  }

  function renderFilters(): void {
    clear(filters);
    filters.hidden = !report && results.size === 0;
    if (filters.hidden) return;
    const opts: [Filter, string][] = [["all", "All rows"], ["ready", "Ready"], ["problems", "Errors"], ["duplicates", "Duplicates"]];
    for (const [id, label] of opts) {
      const b = h("button", { type: "button", role: "radio", "aria-checked": String(filter === id), class: filter === id ? "on" : "", "data-filter": id }, label);
      b.addEventListener("click", () => { filter = id; renderFilters(); drawRows(true); });
      filters.append(b);
    }
  }

  function render(): void {
    renderJob();
    renderMapping();
    renderFilters();
    const r = report;
    if (!r) return;
    blocking.hidden = !r.blocking;
    blocking.textContent = r.blocking ?? "";
    const c = r.counts;
    counts.textContent = `${c.ready} ready · ${c.errors} with an error · ${c.duplicatesInFile} duplicate${c.duplicatesInFile === 1 ? "" : "s"} in the sheet · ${c.alreadyInvited} already invited`;
    drawRows(true);
    refreshSend();
  }

  function refreshSend(): void {
    const n = report?.counts.toSend ?? 0;
    sendBtn.textContent = `Send ${n} invite${n === 1 ? "" : "s"}`;
    const why = !report ? (running || lastBatch !== null ? "" : "Bring in a sheet first.") : report.blocking ? "Fix the problem above first." : n === 0 ? "No row is ready to send." : running ? "A batch is being sent." : lastBatch !== null ? "This sheet was sent: start a new batch to send again." : "";
    sendBtn.disabled = why !== "";
    sendBtn.hidden = !report && (running !== null || lastBatch !== null);
    sendReason.textContent = why;
  }

  // ---- the table (only the rows in view are in the page) ----
  let drawn = "";
  function drawRows(force = false): void {
    const list = rowsShown();
    spacer.style.height = `${list.length * ROW_H}px`;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_H) - 5);
    const last = Math.min(list.length, first + Math.ceil((viewport.clientHeight || 400) / ROW_H) + 10);
    const key = `${filter}:${first}:${last}:${list.length}`;
    if (!force && key === drawn) return;
    drawn = key;
    for (const el of [...viewport.querySelectorAll(".vrow")]) el.remove();
    for (let i = first; i < last; i++) {
      const v = list[i];
      if (v) viewport.append(rowEl(v, i));
    }
  }
  let frame = 0;
  viewport.addEventListener("scroll", () => { if (!frame) frame = requestAnimationFrame(() => { frame = 0; drawRows(); }); });

  function rowEl(v: RowVerdict, i: number): HTMLElement {
    const res = results.get(v.row);
    const status = res ? res.outcome : v.status;
    const last = res?.link
      ? h("span", { class: "cell-link", title: res.link }, res.link)
      : h("span", { class: "cell-msg", title: (res?.message ?? v.message) ?? "" }, (res?.message ?? v.message) ?? "");
    let send: HTMLElement = h("span", {});
    if (v.status === "duplicateInFile" || v.status === "alreadyInvited") {
      const box = h("input", { type: "checkbox", id: `bulk-inc-${v.row}`, checked: v.included, disabled: !!running || lastBatch !== null, "aria-label": `Send row ${v.row} anyway` });
      box.addEventListener("change", () => {
        if (box.checked) include.add(v.row);
        else include.delete(v.row);
        void check();
      });
      send = box;
    } else if (v.included) send = h("span", { class: "muted" }, "✓");
    const el = h("div", { class: `vrow ${status}`, role: "row", "data-row": String(v.row), "data-status": status },
      h("span", { role: "cell" }, String(v.row)),
      h("span", { role: "cell" }, h("span", { class: `badge ${status}` }, STATUS_LABEL[status] ?? status)),
      h("span", { role: "cell", class: "clip" }, v.name),
      h("span", { role: "cell", class: "clip" }, v.email),
      h("span", { role: "cell", class: "clip" }, last),
      h("span", { role: "cell" }, send));
    // Through the CSSOM: the window's content security policy refuses style attributes.
    el.style.top = `${i * ROW_H}px`;
    return el;
  }

  // ---- sending ----
  function channel(): Channel<BatchEvent> {
    const ch = new Channel<BatchEvent>();
    let pending = false;
    ch.onmessage = (e) => {
      if (e.event === "rows") {
        const first = results.size === 0;
        for (const r of e.rows) results.set(r.row, r);
        if (first && !report) renderFilters();
      }
      else {
        if (!running) running = { batch: e.batch, progress: null, paused: false };
        running.batch = e.batch;
        lastBatch = e.batch;
        running.progress = e;
        showProgress(e);
      }
      // Rows are drawn at most once a frame, however fast they end.
      if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; drawRows(true); }); }
    };
    return ch;
  }

  function showProgress(p: Progress): void {
    progressBox.hidden = false;
    const done = p.sent + p.failed + p.unknown;
    bar.max = Math.max(1, p.total);
    bar.value = done;
    const parts = [`${done} of ${p.total}`, `${p.sent} sent`, `${p.failed} failed`, `${p.unknown} unknown`, `${p.left} left`];
    if (p.sending) parts.push(`${p.sending} on the way`);
    if (p.perMinute > 0) parts.push(`${Math.round(p.perMinute)} per minute`);
    if (p.etaSecs !== null && p.left + p.sending > 0) parts.push(`about ${duration(p.etaSecs)} left`);
    const state = p.state === "paused" ? "Paused. " : p.state === "waiting" ? `The vendor asked to slow down: waiting ${p.waitSecs ?? "?"} s. ` : p.state === "done" ? "Done. " : p.state === "cancelled" ? "Cancelled: rows not sent are marked so. " : "";
    barText.textContent = state + parts.join(" · ");
    if (running) running.paused = p.state === "paused";
    pauseBtn.textContent = p.state === "paused" ? "Resume" : "Pause";
  }

  async function runBatch(start: (ch: Channel<BatchEvent>) => Promise<BatchSummary>): Promise<void> {
    running = { batch: -1, progress: null, paused: false };
    progressBox.hidden = false;
    doneBox.hidden = true;
    runButtons.hidden = false;
    pauseBtn.disabled = false;
    cancelBtn.disabled = false;
    barText.textContent = "Starting…";
    progressBox.scrollIntoView({ block: "center" });
    refreshSend();
    drawRows(true);
    try {
      const s = await start(channel());
      lastBatch = s.id;
      toast(`Batch done: ${s.sent} sent, ${s.failed} failed, ${s.unknown} unknown.`);
    } catch (e) {
      barText.textContent = asAppError(e).message;
    } finally {
      running = null;
      runButtons.hidden = true;
      doneBox.hidden = lastBatch === null;
      refreshSend();
      drawRows(true);
      void loadUnfinished();
    }
  }

  sendBtn.addEventListener("click", () => {
    if (!sheet || !report || sendBtn.disabled) return;
    const s = sheet;
    const form = ctx.job().form;
    const m = mapping ?? report.mapping;
    void runBatch((ch) => api.bulkSend(s.id, form, m, [...include], ch));
  });
  pauseBtn.addEventListener("click", () => {
    if (!running || running.batch < 0) return;
    void api.bulkControl(running.batch, running.paused ? "run" : "pause");
  });
  cancelBtn.addEventListener("click", () => {
    if (!running || running.batch < 0) return;
    cancelBtn.disabled = true;
    barText.textContent = "Cancelling: invites on their way finish and are recorded…";
    void api.bulkControl(running.batch, "cancel");
  });
  copyAll.addEventListener("click", async () => {
    const links = [...results.values()].sort((a, b) => a.row - b.row).map((r) => r.link).filter((l): l is string => !!l);
    if (!links.length) { toast("No links to copy: the vendor returned none."); return; }
    try { await api.copyText(links.join("\n")); toast(`${links.length} links copied to the clipboard.`); } catch (e) { toast(asAppError(e).message); }
  });
  exportBtn.addEventListener("click", async () => {
    if (lastBatch === null) return;
    try {
      const res = await api.bulkExport(lastBatch);
      if (res) toast(`Exported ${res.rows} rows to ${res.path}`);
    } catch (e) { toast(asAppError(e).message); }
  });
  historyBtn.addEventListener("click", () => { if (lastBatch !== null) ctx.goHistory(lastBatch); });
  newBtn.addEventListener("click", () => {
    sheet = null; report = null; mapping = null; lastBatch = null;
    include.clear(); results.clear();
    paste.value = "";
    doneBox.hidden = true; progressBox.hidden = true;
    sheetLine.textContent = "No sheet yet. Open a .csv, .xlsx or .ods file, drop one on the window, or paste rows.";
    clear(mapBox); counts.textContent = ""; blocking.hidden = true;
    drawRows(true); refreshSend();
  });

  // ---- unfinished batches (a pause, a quit or a crash) ----
  async function loadUnfinished(): Promise<void> {
    let list: BatchSummary[];
    try { list = await api.bulkUnfinished(); } catch (e) { clear(unfinishedBox); unfinishedBox.append(h("p", { class: "error" }, asAppError(e).message)); return; }
    clear(unfinishedBox);
    for (const b of list) {
      if (running?.batch === b.id) continue;
      const resume = h("button", { type: "button", class: "primary", "data-batch": String(b.id) }, `Resume (${b.queued} not sent yet)`);
      const discard = h("button", { type: "button" }, "Don't send the rest");
      const show = h("button", { type: "button" }, "Show in History");
      resume.addEventListener("click", () => {
        // The resumed batch's rows take the table (the sheet it came from is not on screen).
        sheet = null; report = null; mapping = null;
        include.clear();
        results.clear();
        lastBatch = b.id;
        clear(mapBox); counts.textContent = `Resuming the batch from “${b.source}”.`; blocking.hidden = true;
        sheetLine.textContent = "No sheet yet. Open a .csv, .xlsx or .ods file, drop one on the window, or paste rows.";
        renderFilters();
        void runBatch((ch) => api.bulkResume(b.id, ch));
      });
      discard.addEventListener("click", async () => {
        const yes = await api.confirm(`The ${b.queued} rows of this batch that were not sent yet will be marked "not sent" and never sent.`, "Don't send the rest?", "Don't send");
        if (!yes) return;
        try { await api.bulkDiscard(b.id); } catch (e) { toast(asAppError(e).message); }
        void loadUnfinished();
      });
      show.addEventListener("click", () => ctx.goHistory(b.id));
      const unknown = b.unknown ? ` ${b.unknown} may or may not have been sent (unknown: check at the vendor; they are never resent).` : "";
      const showUnknown = b.unknown ? h("button", { type: "button", class: "show-unknown" }, `Show the ${b.unknown} unknown`) : null;
      showUnknown?.addEventListener("click", () => ctx.goHistory(b.id, "unknown"));
      unfinishedBox.append(h("div", { class: "banner warn unfinished", role: "status", "data-batch": String(b.id) },
        h("p", {}, `A batch of ${b.total} ${providerName(b.provider)} invites from “${b.source}” did not finish: ${b.sent} sent, ${b.failed} failed, ${b.queued} not sent yet.${unknown}`),
        h("div", { class: "buttons" }, resume, showUnknown, discard, show)));
    }
  }

  drawRows(true);
  refreshSend();
  return {
    show: () => {
      renderJob();
      void loadUnfinished();
      // The Invite form may have changed since: check again against the job as it is now.
      if (sheet && !running && lastBatch === null) void check();
    },
    dropped: () => void loaded(api.bulkLoadDropped()),
  };
}

function columnLetter(i: number): string {
  let s = "";
  let n = i;
  for (;;) {
    s = String.fromCharCode(65 + (n % 26)) + s;
    if (n < 26) return s;
    n = Math.floor(n / 26) - 1;
  }
}

function duration(secs: number): string {
  if (secs < 60) return `${secs} s`;
  const m = Math.round(secs / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
