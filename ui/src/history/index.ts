// The History view: newest first, paged, searchable, filterable; a side panel per invite
// (`detail.ts`) and the vendor's status per row (`status.ts`).
import { api, asAppError, type HistoryPage, type HistoryQuery, type InviteRecord, type Outcome, type ProviderId, type Settings, type StatusFilter, type TeamFilter } from "../api";
import { clear, formatWhen, h, toast } from "../dom";
import { PROVIDERS, providerName } from "../fields";
import { OUTCOME_LABELS } from "../generated/ipc";
import { closeDetail, copyButton, showDetail } from "./detail";
import { type HistoryParts, refreshable } from "./shared";
import { drawStatus, refreshRows } from "./status";

export { ago } from "./shared";

const PAGE = 50;
const NUDGE = "nudge";
const OUTCOMES: Outcome[] = ["sent", "failed", "unknown", "pending", "queued"];

const STATUSES: { id: StatusFilter; label: string }[] = [
  { id: "not_started", label: "Not started" },
  { id: "started", label: "Started" },
  { id: "completed", label: "Completed" },
  { id: "revoked", label: "Revoked" },
  { id: "closed", label: "Closed at the vendor" },
  { id: "other", label: "Other vendor status" },
  { id: "unchecked", label: "Not checked yet" },
];

/** One row of the table. */
function row(parts: HistoryParts, r: InviteRecord): HTMLTableRowElement {
  const open = h("button", { type: "button", class: "link", "data-id": String(r.id) }, r.candidateName || r.candidateEmail);
  open.addEventListener("click", () => void parts.showDetail(r.id));
  const linkCell = r.link ? copyButton(r.link, "Copy") : h("span", { class: "muted" }, r.outcome === "sent" ? "—" : "");
  const status = h("td", { class: "status-cell" });
  drawStatus(parts, status, r, r.status, null);
  return h("tr", { "data-outcome": r.outcome, "data-id": String(r.id) },
    h("td", { class: "when" }, formatWhen(r.createdAt)),
    h("td", {}, open, h("div", { class: "muted small" }, r.candidateEmail)),
    h("td", { class: "by" }, r.author ?? "you"),
    h("td", {}, providerName(r.provider)),
    h("td", { class: "account" }, r.accountLabel),
    h("td", {}, r.jobName || r.jobRef),
    h("td", {}, h("span", { class: `badge ${r.outcome}` }, OUTCOME_LABELS[r.outcome]),
      r.teamConflict ? h("div", { class: "badge conflict", title: r.teamConflict, role: "note" }, "possible double invite") : null,
      r.teamOffline ? h("div", { class: "muted small" }, "sent offline") : null),
    status,
    h("td", {}, linkCell));
}

/** The account filter's options (vendors with two or more accounts); the Account column shows
 * only when there are some (or a row went through a renamed or removed account). */
function drawAccountFilter(sel: HTMLSelectElement, st: Settings): void {
  const keep = sel.value;
  const options: HTMLOptionElement[] = [];
  for (const p of PROVIDERS) {
    const mine = (st.accounts ?? []).filter((a) => a.provider === p.id && a.id !== "default");
    if (!mine.length) continue;
    const def = (st.accounts ?? []).find((a) => a.provider === p.id && a.id === "default");
    options.push(h("option", { value: `${p.id}:default` }, `${p.name} — ${def?.label ?? "Default"}`));
    for (const a of mine) options.push(h("option", { value: `${p.id}:${a.id}` }, `${p.name} — ${a.label}${a.removed ? " (removed)" : ""}`));
  }
  sel.replaceChildren(h("option", { value: "" }, "All accounts"), ...options);
  sel.value = options.some((o) => o.value === keep) ? keep : "";
  sel.hidden = options.length === 0;
  document.getElementById("history-table")?.classList.toggle("accounts", options.length > 0);
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
  const outcome = h("select", { id: "history-outcome" }, h("option", { value: "" }, "All outcomes"), ...OUTCOMES.map((o) => h("option", { value: o }, OUTCOME_LABELS[o])));
  // "Needs a nudge" shows the follow-up board's invites (Rust's board, not a search).
  const statusSel = h("select", { id: "history-status" }, h("option", { value: "" }, "Any status"), ...STATUSES.map((o) => h("option", { value: o.id }, o.label)), h("option", { value: NUDGE }, "Needs a nudge"));
  // The account filter: "provider:id" of every account of a vendor with two or more.
  const accountSel = h("select", { id: "history-account", hidden: true }, h("option", { value: "" }, "All accounts"));
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
  const retention = h("p", { id: "history-retention", class: "hint", hidden: true });
  const panel = h("aside", { id: "history-detail", class: "detail", hidden: true, "aria-label": "Invite details" });
  const parts: HistoryParts = {
    tbody,
    panel,
    refreshAll,
    shown: () => shown,
    teamMode: () => teamMode,
    showDetail: (id) => showDetail(parts, id),
    refreshRows: (ids) => refreshRows(parts, ids),
  };
  // Escape closes the details panel, and the focus goes back to the row it came from.
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden) { e.preventDefault(); closeDetail(parts); }
  });

  root.append(
    h("h1", {}, "History"),
    h("div", { class: "toolbar" },
      h("label", { for: "history-search", class: "sr-only" }, "Search history"), search,
      h("label", { for: "history-provider", class: "sr-only" }, "Provider"), provider,
      h("label", { for: "history-outcome", class: "sr-only" }, "Outcome"), outcome,
      h("label", { for: "history-status", class: "sr-only" }, "Vendor status"), statusSel,
      h("label", { for: "history-account", class: "sr-only" }, "Account"), accountSel,
      h("label", { for: "history-team", class: "sr-only" }, "Whose invites"), teamSel,
      batchChip, refreshAll, exportBtn),
    searchHint, retention,
    h("div", { class: "history-body" },
      h("div", { class: "table-wrap" },
        h("table", { class: "history", id: "history-table" },
          h("thead", {}, h("tr", {}, ...["When", "Candidate", "By", "Provider", "Account", "Job", "Outcome", "Status", "Link"].map((t) => h("th", { scope: "col", class: t === "By" ? "by" : t === "Account" ? "account" : undefined }, t)))),
          tbody),
        h("div", { class: "pager" }, prev, count, next)),
      panel));

  let timer: number | undefined;
  search.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(() => { q.offset = 0; void load(); }, 150); });
  provider.addEventListener("change", () => { q.offset = 0; void load(); });
  outcome.addEventListener("change", () => { q.offset = 0; void load(); });
  statusSel.addEventListener("change", () => { q.offset = 0; void load(); });
  teamSel.addEventListener("change", () => { q.offset = 0; void load(); });
  accountSel.addEventListener("change", () => {
    if (accountSel.value) provider.value = accountSel.value.split(":")[0] ?? "";
    q.offset = 0;
    void load();
  });
  refreshAll.addEventListener("click", () => {
    const ids = shown.filter(refreshable).map((r) => r.id);
    if (!ids.length) { toast("None of the invites shown can be checked at its vendor."); return; }
    void parts.refreshRows(ids);
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
    const [accountVendor, accountId] = accountSel.value.split(":");
    if (accountId && accountVendor === provider.value) out.account = accountId;
    if (outcome.value) out.outcome = outcome.value as Outcome;
    if (batch !== null) out.batch = batch;
    if (statusSel.value && statusSel.value !== NUDGE) out.status = statusSel.value as StatusFilter;
    if (teamSel.value) out.team = teamSel.value as TeamFilter;
    return out;
  }

  /** The board's invites as one page (the board is short: it is not paged). */
  async function nudgePage(): Promise<HistoryPage> {
    const rows = (await api.followUpBoard()).rows.map((r) => r.record);
    return { rows, total: rows.length, totalCapped: false, offset: 0, limit: rows.length };
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    const term = search.value.trim();
    searchHint.hidden = !([...term].length <= 2 && /[\p{L}\p{N}]/u.test(term));
    try {
      const page = statusSel.value === NUDGE ? await nudgePage() : await api.historyQuery(current());
      if (mine !== seq) return;
      clear(tbody);
      shown = page.rows;
      if (!page.rows.length) tbody.append(h("tr", {}, h("td", { colspan: 9, class: "empty" }, page.total === 0 && !current().search && !provider.value && !outcome.value && !statusSel.value && batch === null ? "No invites yet. Sent invites appear here." : "No invite matches.")));
      for (const r of page.rows) tbody.append(row(parts, r));
      const end = page.offset + page.rows.length;
      // Past 1,000 matches the total is a floor (the count stops there): "1–50 of 1,000+".
      const of = `${page.total.toLocaleString("en-US")}${page.totalCapped ? "+" : ""}`;
      count.textContent = page.rows.length ? `${(page.offset + 1).toLocaleString("en-US")}–${end.toLocaleString("en-US")} of ${of}` : page.total ? `0 of ${of}` : "0 invites";
      count.title = page.totalCapped ? `At least ${of.slice(0, -1)} invites match (the count stops there). Search or filter to narrow it down.` : "";
      prev.disabled = page.offset === 0;
      next.disabled = !page.totalCapped && end >= page.total;
    } catch (e) {
      clear(tbody);
      tbody.append(h("tr", {}, h("td", { colspan: 9, class: "error" }, asAppError(e).message)));
    }
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
      void api.getSettings().then((st) => {
        drawAccountFilter(accountSel, st);
        retention.hidden = st.retentionDays === null;
        retention.textContent = st.retentionDays === null ? "" : `Invites are deleted ${st.retentionDays} days after their last change (Settings → Candidate data).`;
      }).catch(() => undefined);
      void load();
    },
  };
}
