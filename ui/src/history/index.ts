// The History view: newest first, paged, searchable, filterable; a side panel per invite.
import { Channel } from "@tauri-apps/api/core";
import { api, asAppError, type HistoryQuery, type InviteRecord, type InviteStatus, type Outcome, type ProviderId, type StatusFilter, type StatusRow, type TeamFilter } from "./api";
import { clear, formatWhen, h, isHttps, toast } from "./dom";
import { PROVIDERS, providerName } from "./fields";

const PAGE = 50;
const OUTCOMES: { id: Outcome; label: string }[] = [
  { id: "sent", label: "Sent" },
  { id: "failed", label: "Failed" },
  { id: "unknown", label: "Unknown" },
  { id: "pending", label: "Pending" },
  { id: "queued", label: "Queued (bulk, not sent yet)" },
];

const STATUSES: { id: StatusFilter; label: string }[] = [
  { id: "not_started", label: "Not started" },
  { id: "started", label: "Started" },
  { id: "completed", label: "Completed" },
  { id: "revoked", label: "Revoked" },
  { id: "closed", label: "Closed at the vendor" },
  { id: "other", label: "Other vendor status" },
  { id: "unchecked", label: "Not checked yet" },
];
const STAGE_WORD: Record<string, string> = { not_started: "Not started", started: "Started", completed: "Completed", revoked: "Revoked", closed: "Closed", other: "Other" };

/** "Completed", or "Completed (to_evaluate)" when the vendor's word says more than the stage. */
function stageText(s: InviteStatus): string {
  const stage = s.stage ? STAGE_WORD[s.stage] : "Unknown";
  const word = s.vendorStatus ?? "";
  const same = word.toLowerCase().replace(/[^a-z]/g, "") === stage.toLowerCase().replace(/[^a-z]/g, "");
  return word && !same ? `${stage} (${word})` : stage;
}

const afterSend = (p: ProviderId) => PROVIDERS.find((x) => x.id === p)?.afterSend;

/** "checked 5 min ago", from an RFC 3339 time. */
export function ago(rfc3339: string | null | undefined, now = Date.now()): string {
  if (!rfc3339) return "";
  const s = Math.max(0, Math.round((now - Date.parse(rfc3339)) / 1000));
  if (s < 60) return "just now";
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}

/** Whether a row can be asked about: a mirror of Rust's `tracking::not_refreshable`, from the
 * same vendor facts (`afterSend`); Rust checks again and skips any other row. */
function refreshable(r: InviteRecord): boolean {
  const a = afterSend(r.provider);
  return !!a?.canRefresh && r.outcome === "sent" && a.statusId in r.vendorIds;
}

export function mountHistory(root: HTMLElement): { show: (search?: string) => void } {
  /** The page shown: the query always names both (Rust would default them). */
  const q: Required<Pick<HistoryQuery, "offset" | "limit">> = { offset: 0, limit: PAGE };
  let seq = 0;
  const search = h("input", { id: "history-search", type: "search", placeholder: "Search name, email, job, link…", title: "Three or more characters match anywhere; one or two match the start of a word.", "aria-describedby": "history-search-hint history-count" });
  // One or two characters with a letter or digit match the start of a word only (history.rs,
  // Filter::new); the hint says so while such a term is in the box.
  const searchHint = h("p", { id: "history-search-hint", class: "hint", hidden: true }, "One or two letters match the start of a word (“ki” finds Kim, not Nikita); type three or more to match anywhere.");
  const provider = h("select", { id: "history-provider" }, h("option", { value: "" }, "All providers"), ...PROVIDERS.map((p) => h("option", { value: p.id }, p.name)));
  const outcome = h("select", { id: "history-outcome" }, h("option", { value: "" }, "All outcomes"), ...OUTCOMES.map((o) => h("option", { value: o.id }, o.label)));
  const statusSel = h("select", { id: "history-status" }, h("option", { value: "" }, "Any status"), ...STATUSES.map((o) => h("option", { value: o.id }, o.label)));
  const teamSel = h("select", { id: "history-team", hidden: true }, h("option", { value: "" }, "Everyone’s"), h("option", { value: "mine" }, "Mine"), h("option", { value: "colleagues" }, "Colleagues’"), h("option", { value: "conflicts" }, "Possible double invites"));
  let teamMode = false;
  const refreshAll = h("button", { type: "button", id: "history-refresh-all", title: "Ask the vendors where every invite shown stands" }, "↻ Refresh all shown");
  let shown: InviteRecord[] = [];
  const exportBtn = h("button", { type: "button", id: "history-export" }, "Export CSV…");
  /** The bulk batch the view is limited to ("Show in History" from Bulk). */
  let batch: number | null = null;
  const batchChip = h("button", { type: "button", id: "history-batch", class: "chip", hidden: true, title: "Show every invite again" });
  batchChip.addEventListener("click", () => { batch = null; batchChip.hidden = true; q.offset = 0; void load(); });
  const count = h("span", { id: "history-count", class: "muted", "aria-live": "polite" });
  const tbody = h("tbody", { id: "history-rows" });
  const prev = h("button", { type: "button", id: "history-prev" }, "‹ Newer");
  const next = h("button", { type: "button", id: "history-next" }, "Older ›");
  const panel = h("aside", { id: "history-detail", class: "detail", hidden: true, "aria-label": "Invite details" });

  root.append(
    h("h1", {}, "History"),
    h("div", { class: "toolbar" },
      h("label", { for: "history-search", class: "sr-only" }, "Search history"), search,
      h("label", { for: "history-provider", class: "sr-only" }, "Provider"), provider,
      h("label", { for: "history-outcome", class: "sr-only" }, "Outcome"), outcome,
      h("label", { for: "history-status", class: "sr-only" }, "Vendor status"), statusSel,
      h("label", { for: "history-team", class: "sr-only" }, "Whose invites"), teamSel,
      batchChip, refreshAll, exportBtn),
    searchHint,
    h("div", { class: "history-body" },
      h("div", { class: "table-wrap" },
        h("table", { class: "history", id: "history-table" },
          h("thead", {}, h("tr", {}, ...["When", "Candidate", "By", "Provider", "Job", "Outcome", "Status", "Link"].map((t) => h("th", { scope: "col", class: t === "By" ? "by" : undefined }, t)))),
          tbody),
        h("div", { class: "pager" }, prev, count, next)),
      panel));

  let timer: number | undefined;
  search.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(() => { q.offset = 0; void load(); }, 150); });
  provider.addEventListener("change", () => { q.offset = 0; void load(); });
  outcome.addEventListener("change", () => { q.offset = 0; void load(); });
  statusSel.addEventListener("change", () => { q.offset = 0; void load(); });
  teamSel.addEventListener("change", () => { q.offset = 0; void load(); });
  refreshAll.addEventListener("click", () => {
    const ids = shown.filter(refreshable).map((r) => r.id);
    if (!ids.length) { toast("None of the invites shown can be checked at its vendor."); return; }
    void refreshRows(ids);
  });
  prev.addEventListener("click", () => { q.offset = Math.max(0, q.offset - PAGE); void load(); });
  next.addEventListener("click", () => { q.offset += PAGE; void load(); });
  exportBtn.addEventListener("click", async () => {
    try {
      const res = await api.exportHistory(current());
      if (res) toast(`Exported ${res.rows} invites to ${res.path}`);
    } catch (e) { toast(asAppError(e).message); }
  });

  function current(): HistoryQuery {
    const out: HistoryQuery = { offset: q.offset, limit: q.limit };
    if (search.value.trim()) out.search = search.value.trim();
    if (provider.value) out.provider = provider.value as ProviderId;
    if (outcome.value) out.outcome = outcome.value as Outcome;
    if (batch !== null) out.batch = batch;
    if (statusSel.value) out.status = statusSel.value as StatusFilter;
    if (teamSel.value) out.team = teamSel.value as TeamFilter;
    return out;
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    const term = search.value.trim();
    searchHint.hidden = !([...term].length <= 2 && /[\p{L}\p{N}]/u.test(term));
    try {
      const page = await api.historyQuery(current());
      if (mine !== seq) return;
      clear(tbody);
      shown = page.rows;
      if (!page.rows.length) tbody.append(h("tr", {}, h("td", { colspan: 8, class: "empty" }, page.total === 0 && !current().search && !provider.value && !outcome.value && !statusSel.value && batch === null ? "No invites yet. Sent invites appear here." : "No invite matches.")));
      for (const r of page.rows) tbody.append(row(r));
      const end = page.offset + page.rows.length;
      // Past 1,000 matches the total is a floor (the count stops there): "1–50 of 1,000+".
      const of = `${page.total.toLocaleString("en-US")}${page.totalCapped ? "+" : ""}`;
      count.textContent = page.rows.length ? `${(page.offset + 1).toLocaleString("en-US")}–${end.toLocaleString("en-US")} of ${of}` : page.total ? `0 of ${of}` : "0 invites";
      count.title = page.totalCapped ? `At least ${of.slice(0, -1)} invites match (the count stops there). Search or filter to narrow it down.` : "";
      prev.disabled = page.offset === 0;
      next.disabled = !page.totalCapped && end >= page.total;
    } catch (e) {
      clear(tbody);
      tbody.append(h("tr", {}, h("td", { colspan: 8, class: "error" }, asAppError(e).message)));
    }
  }

  function row(r: InviteRecord): HTMLTableRowElement {
    const open = h("button", { type: "button", class: "link", "data-id": String(r.id) }, r.candidateName || r.candidateEmail);
    open.addEventListener("click", () => void showDetail(r.id));
    const linkCell = r.link ? copyButton(r.link, "Copy") : h("span", { class: "muted" }, r.outcome === "sent" ? "—" : "");
    return h("tr", { "data-outcome": r.outcome, "data-id": String(r.id) },
      h("td", { class: "when" }, formatWhen(r.createdAt)),
      h("td", {}, open, h("div", { class: "muted small" }, r.candidateEmail)),
      h("td", { class: "by" }, r.author ?? "you"),
      h("td", {}, providerName(r.provider)),
      h("td", {}, r.jobName || r.jobRef),
      h("td", {}, h("span", { class: `badge ${r.outcome}` }, r.outcome),
        r.teamConflict ? h("div", { class: "badge conflict", title: r.teamConflict, role: "note" }, "possible double invite") : null,
        r.teamOffline ? h("div", { class: "muted small" }, "sent offline") : null),
      statusCell(r),
      h("td", {}, linkCell));
  }

  /** The Status cell: the vendor's word (and score), when it was checked, Refresh, Open report. */
  function statusCell(r: InviteRecord): HTMLTableCellElement {
    const td = h("td", { class: "status-cell" });
    drawStatus(td, r, r.status, null);
    return td;
  }

  function drawStatus(td: HTMLElement, r: InviteRecord, s: InviteStatus | null, error: string | null): void {
    clear(td);
    const a = afterSend(r.provider);
    if (!a?.canRefresh) {
      td.append(h("span", { class: "muted small", title: a?.note ?? "" }, "No status from this vendor"));
      return;
    }
    if (s?.stage) {
      td.append(h("span", { class: `stage ${s.stage}` }, stageText(s)));
      if (s.score) td.append(h("span", { class: "score" }, ` · score ${s.score}`));
      td.append(h("div", { class: "muted small checked" }, `checked ${ago(s.checkedAt)}`));
    } else if (refreshable(r)) {
      td.append(h("span", { class: "muted small" }, "Not checked yet"));
    }
    const err = error ?? s?.error ?? null;
    if (err) td.append(h("div", { class: "error small", role: "note" }, err));
    const actions = h("div", { class: "row-actions" });
    if (refreshable(r)) {
      const b = h("button", { type: "button", class: "refresh-row", title: "Ask the vendor where this invite stands" }, "↻ Refresh");
      b.addEventListener("click", () => void refreshRows([r.id]));
      actions.append(b);
    }
    const report = s?.reportLink;
    if (report && isHttps(report)) {
      const o = h("button", { type: "button", class: "open-report", title: report }, "Open report");
      o.addEventListener("click", () => void api.openLink(report).catch((e) => toast(asAppError(e).message)));
      actions.append(o);
    }
    if (actions.childNodes.length) td.append(actions);
  }

  /** Refreshes rows in Rust; each row's cell is redrawn as its answer arrives. */
  async function refreshRows(ids: number[]): Promise<void> {
    for (const id of ids) {
      const cell = tbody.querySelector(`tr[data-id="${id}"] .status-cell`);
      cell?.querySelector(".refresh-row")?.setAttribute("disabled", "");
      cell?.setAttribute("aria-busy", "true");
    }
    refreshAll.disabled = true;
    const onRow = new Channel<StatusRow>();
    onRow.onmessage = (row) => {
      const r = shown.find((x) => x.id === row.id);
      const cell = tbody.querySelector<HTMLElement>(`tr[data-id="${row.id}"] .status-cell`);
      if (r) r.status = row.status;
      if (r && cell) { cell.removeAttribute("aria-busy"); drawStatus(cell, r, row.status, row.error); }
      if (!panel.hidden && panel.dataset.id === String(row.id)) void showDetail(row.id);
    };
    try {
      const s = await api.refreshStatus(ids, onRow);
      if (ids.length > 1) toast(`Checked ${s.checked} invite${s.checked === 1 ? "" : "s"}${s.failed ? `, ${s.failed} could not be checked` : ""}${s.skipped ? `, ${s.skipped} skipped` : ""}.`);
    } catch (e) {
      toast(asAppError(e).message);
    } finally {
      refreshAll.disabled = false;
      for (const id of ids) {
        const cell = tbody.querySelector(`tr[data-id="${id}"] .status-cell`);
        cell?.removeAttribute("aria-busy");
        cell?.querySelector(".refresh-row")?.removeAttribute("disabled");
      }
    }
  }

  function copyButton(link: string, label: string): HTMLButtonElement {
    const b = h("button", { type: "button", class: "copy-row", title: link }, label);
    b.addEventListener("click", async () => { try { await api.copyText(link); toast("Link copied to the clipboard."); } catch (e) { toast(asAppError(e).message); } });
    return b;
  }

  async function showDetail(id: number): Promise<void> {
    let r: InviteRecord;
    try { r = await api.historyGet(id); } catch (e) { toast(asAppError(e).message); return; }
    clear(panel);
    panel.hidden = false;
    panel.dataset.id = String(id);
    const close = h("button", { type: "button", class: "close", "aria-label": "Close details" }, "×");
    close.addEventListener("click", () => { panel.hidden = true; });
    const dl = h("dl", {});
    const add = (k: string, v: string | null | undefined) => { if (v) dl.append(h("dt", {}, k), h("dd", {}, v)); };
    add("Candidate", `${r.candidateName} <${r.candidateEmail}>`);
    add("Provider", providerName(r.provider));
    add("Job", r.jobName ? `${r.jobName} (${r.jobRef})` : r.jobRef);
    add("Outcome", r.outcome);
    add("Summary", r.summary);
    add("Interview at", r.scheduledAt ? `${formatWhen(r.scheduledAt)} (${r.scheduledAt} UTC, zone ${r.zone ?? "?"})` : null);
    add("Link opens", r.startAt ? `${r.startAt} UTC (${r.zone ?? ""})` : null);
    add("Link expires", r.expiryAt ? `${r.expiryAt} UTC (${r.zone ?? ""})` : null);
    add("Link", r.link);
    add("Vendor status", r.vendorStatus);
    for (const [k, v] of Object.entries(r.vendorIds)) add(k, v);
    for (const [label, url] of Object.entries(r.extraLinks)) add(label, url);
    add("Skipped by the vendor (already invited)", r.skippedEmails.join(", "));
    add("Vendor emails the candidate", r.vendorEmailsCandidate ? "yes" : null);
    add("Sent by", r.author ? `${r.author} (a colleague, from the team history)` : teamMode ? "you" : null);
    add("Team", r.teamConflict ?? (r.teamOffline ? "Sent while the team server could not be reached; shared since." : null));
    add("Bulk batch", r.batchId !== null ? `#${r.batchId}, row ${r.batchRow ?? "?"} of the sheet` : null);
    add("Error", r.errorMessage ? `${r.errorKind ?? ""}: ${r.errorMessage}` : null);
    add("Created", formatWhen(r.createdAt));
    add("Updated", formatWhen(r.updatedAt));
    const buttons = h("div", { class: "buttons" });
    if (r.link) {
      const link = r.link;
      buttons.append(copyButton(link, "Copy link"));
      const open = h("button", { type: "button", disabled: !isHttps(link) }, "Open");
      open.addEventListener("click", () => void api.openLink(link).catch((e) => toast(asAppError(e).message)));
      buttons.append(open);
    }
    const a = afterSend(r.provider);
    const st = r.status;
    const statusBox = h("section", { class: "detail-status", "aria-label": "At the vendor" }, h("h3", {}, "At the vendor"));
    if (a && !a.canRefresh) {
      statusBox.append(h("p", { class: "note" }, a.note));
      for (const [label, url] of Object.entries(r.extraLinks)) {
        if (!isHttps(url)) continue;
        const b = h("button", { type: "button", class: "open-vendor", title: url }, `Open ${label}`);
        b.addEventListener("click", () => void api.openLink(url).catch((e) => toast(asAppError(e).message)));
        statusBox.append(b);
      }
    }
    if (st?.stage) {
      const sdl = h("dl", {});
      const put = (k: string, v: string | null | undefined) => { if (v) sdl.append(h("dt", {}, k), h("dd", {}, v)); };
      put("Status", stageText(st));
      put("Score", st.score);
      put("Recommendation", st.recommendation);
      put("Started", st.startedAt ? formatWhen(st.startedAt) : null);
      put("Finished", st.completedAt ? formatWhen(st.completedAt) : null);
      put("Revoked", st.revokedAt ? formatWhen(st.revokedAt) : null);
      put("Checked", st.checkedAt ? `${formatWhen(st.checkedAt)} (${ago(st.checkedAt)})` : null);
      statusBox.append(sdl);
    }
    if (st?.error) statusBox.append(h("p", { class: "error" }, `Last refresh: ${st.error}`));
    if (st?.changes.length) {
      statusBox.append(h("ol", { class: "status-changes", "aria-label": "Status changes" },
        ...st.changes.map((c) => h("li", {}, `${formatWhen(c.at)} — ${stageText({ ...st, stage: c.stage, vendorStatus: c.vendorStatus })}`))));
    }
    const sButtons = h("div", { class: "buttons" });
    if (refreshable(r)) {
      const b = h("button", { type: "button", id: "detail-refresh" }, "↻ Refresh status");
      b.addEventListener("click", () => void refreshRows([r.id]));
      sButtons.append(b);
    }
    if (st?.reportLink && isHttps(st.reportLink)) {
      const link = st.reportLink;
      const o = h("button", { type: "button", id: "detail-report" }, "Open report");
      o.addEventListener("click", () => void api.openLink(link).catch((e) => toast(asAppError(e).message)));
      sButtons.append(o);
    }
    if (a?.canRevoke && r.outcome === "sent" && st?.stage !== "revoked" && a.statusId in r.vendorIds) {
      const notify = h("input", { type: "checkbox", id: "revoke-notify" });
      const rv = h("button", { type: "button", id: "detail-revoke", class: "danger" }, "Revoke invite…");
      rv.addEventListener("click", async () => {
        rv.disabled = true;
        try {
          const res = await api.revokeInvite(r.id, notify.checked);
          if (res) {
            toast(res.message);
            const row = shown.find((x) => x.id === r.id);
            const cell = tbody.querySelector<HTMLElement>(`tr[data-id="${r.id}"] .status-cell`);
            if (row) row.status = res.status;
            if (row && cell) drawStatus(cell, row, res.status, null);
            await showDetail(r.id);
            if (!res.answer.status.includes("revoked")) panel.querySelector(".detail-status")?.append(h("p", { class: "note", role: "status" }, res.message));
          }
        } catch (e) { toast(asAppError(e).message); } finally { rv.disabled = false; }
      });
      sButtons.append(rv, h("label", { for: "revoke-notify", class: "small" }, notify, " Tell the candidate by email"));
    } else if (a && !a.canRevoke && r.outcome === "sent") {
      statusBox.append(h("p", { class: "muted small" }, `To withdraw this invite, do it in ${providerName(r.provider)}: Invite Desk cannot revoke it there.`));
    }
    if (sButtons.childNodes.length) statusBox.append(sButtons);
    if (r.outcome === "unknown") panel.append(h("p", { class: "note" }, "The request may have reached the vendor. Check at the vendor before sending again."));
    panel.append(h("div", { class: "detail-head" }, h("h2", {}, "Invite details"), close), dl, buttons, statusBox);
    close.focus();
  }

  return {
    show: (s?: string) => {
      const m = s === undefined ? null : /^batch:(\d+)(?::(\w+))?$/.exec(s);
      if (m) {
        batch = Number(m[1]);
        outcome.value = m[2] ?? "";
        batchChip.textContent = `Batch #${batch} ×`;
        batchChip.hidden = false;
        search.value = "";
        q.offset = 0;
      } else if (s !== undefined) { search.value = s; q.offset = 0; }
      void api.teamStatus().then((t) => {
        teamMode = t.enabled;
        teamSel.hidden = !teamMode;
        document.getElementById("history-table")?.classList.toggle("team", teamMode);
      }).catch(() => undefined);
      void load();
    },
  };
}
