// Bringing a sheet in (open, drop, paste), the job it is sent with, its columns, and Rust's
// verdict on every row.
import { api, asAppError, type SheetInfo } from "../api";
import { clear, h } from "../dom";
import { providerName } from "../fields";
import { type Bulk, columnLetter } from "./shared";

/** A sheet read by Rust (or the reason it could not be). */
export async function loaded(b: Bulk, p: Promise<SheetInfo | null>): Promise<void> {
  const { st, els } = b;
  els.sheetError.textContent = "";
  try {
    const info = await p;
    if (!info) return;
    st.sheet = info;
    st.mapping = null;
    st.include.clear();
    st.results.clear();
    st.lastBatch = null;
    els.doneBox.hidden = true;
    els.progressBox.hidden = true;
    // The rows now live in Rust; a textarea holding 10,000 pasted lines costs layout and memory.
    els.paste.value = "";
    els.sheetLine.textContent = `${info.source}: ${info.rows} row${info.rows === 1 ? "" : "s"}, ${info.headers.length} columns.${info.notes.length ? ` ${info.notes.join(" ")}` : ""}`;
    await b.check();
  } catch (e) {
    els.sheetError.textContent = asAppError(e).message;
  }
}

/** Open, paste and the paste box's own paste. */
export function wireSource(b: Bulk): void {
  const { els } = b;
  els.openBtn.addEventListener("click", () => void b.loaded(api.bulkOpenFile()));
  els.pasteBtn.addEventListener("click", () => {
    if (!els.paste.value.trim()) { els.sheetError.textContent = "Nothing is pasted yet: copy the rows (with the header row) in your spreadsheet, then paste them here."; return; }
    void b.loaded(api.bulkLoadText(els.paste.value));
  });
  els.paste.addEventListener("paste", (e) => {
    const text = e.clipboardData?.getData("text/plain");
    if (!text) return;
    e.preventDefault();
    els.paste.value = text;
    void b.loaded(api.bulkLoadText(text));
  });
}

export function renderJob(b: Bulk): void {
  const j = b.ctx.job();
  clear(b.els.jobBox);
  const edit = h("button", { type: "button", class: "link", id: "bulk-edit-job" }, "Change it on the Invite screen");
  edit.addEventListener("click", b.ctx.goInvite);
  b.els.jobBox.append(
    h("p", {}, h("strong", { id: "bulk-job-vendor" }, providerName(j.provider), j.accountLabel ? ` (${j.accountLabel})` : ""), j.accountLabel ? " · every row is sent through this account, with these job fields. " : " · every row is sent with these job fields. ", edit),
    j.summary.length ? h("ul", { class: "job-summary" }, ...j.summary.map((s) => h("li", {}, s))) : h("p", { class: "muted" }, "No job fields filled in yet."));
}

/** Asks Rust to check every row against the job as it is now (the latest answer wins). */
export async function check(b: Bulk): Promise<void> {
  const { st } = b;
  if (!st.sheet) return;
  const mine = ++st.seq;
  try {
    const job = b.ctx.job();
    const r = await api.bulkCheck(st.sheet.id, job.form, st.mapping, [...st.include], job.account);
    if (mine !== st.seq) return;
    st.report = r;
    st.mapping = { ...r.mapping };
    b.render();
  } catch (e) {
    if (mine !== st.seq) return;
    b.els.sheetError.textContent = asAppError(e).message;
  }
}

function renderMapping(b: Bulk): void {
  const { st, els } = b;
  clear(els.mapBox);
  const r = st.report;
  if (!r) return;
  for (const f of r.fields) {
    const id = `bulk-map-${f.field.replace(/\W/g, "-")}`;
    const sel = h("select", { id, "data-field": f.field },
      h("option", { value: "" }, f.fromFormWhenUnmapped ? "— from the Invite form —" : "— none —"),
      ...r.headers.map((hd, i) => h("option", { value: String(i) }, `${columnLetter(i)} · ${hd}`)));
    const col = r.mapping[f.field];
    sel.value = col === undefined ? "" : String(col);
    sel.addEventListener("change", () => {
      const next = { ...(st.mapping ?? {}) };
      if (sel.value === "") delete next[f.field];
      else {
        const c = Number(sel.value);
        for (const [k, v] of Object.entries(next)) if (v === c) delete next[k];
        next[f.field] = c;
      }
      st.mapping = next;
      void b.check();
    });
    els.mapBox.append(h("div", { class: "field" }, h("label", { for: id }, f.label, f.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null), sel));
  }
}

/** The whole check on screen: job, columns, filters, counts, rows and the Send button. */
export function render(b: Bulk): void {
  const { st, els } = b;
  b.renderJob();
  renderMapping(b);
  b.renderFilters();
  const r = st.report;
  if (!r) return;
  els.blocking.hidden = !r.blocking;
  els.blocking.textContent = r.blocking ?? "";
  const c = r.counts;
  els.counts.textContent = `${c.ready} ready · ${c.errors} with an error · ${c.duplicatesInFile} duplicate${c.duplicatesInFile === 1 ? "" : "s"} in the sheet · ${c.alreadyInvited} already invited`;
  b.drawRows(true);
  b.refreshSend();
}

/** The Send button's words, and why it cannot be pressed yet. */
export function refreshSend(b: Bulk): void {
  const { st, els } = b;
  const n = st.report?.counts.toSend ?? 0;
  els.sendBtn.textContent = `Send ${n} invite${n === 1 ? "" : "s"}`;
  const why = !st.report ? (st.running || st.lastBatch !== null ? "" : "Bring in a sheet first.") : st.report.blocking ? "Fix the problem above first." : n === 0 ? "No row is ready to send." : st.running ? "A batch is being sent." : st.lastBatch !== null ? "This sheet was sent: start a new batch to send again." : "";
  els.sendBtn.disabled = why !== "";
  els.sendBtn.hidden = !st.report && (st.running !== null || st.lastBatch !== null);
  els.sendReason.textContent = why;
}
