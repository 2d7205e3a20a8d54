// The History view: newest first, paged, searchable, filterable; a side panel per invite.
import { api, asAppError, type HistoryQuery, type InviteRecord, type Outcome, type ProviderId } from "./api";
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
      batchChip, exportBtn),
    searchHint,
    h("div", { class: "history-body" },
      h("div", { class: "table-wrap" },
        h("table", { class: "history" },
          h("thead", {}, h("tr", {}, ...["When", "Candidate", "Provider", "Job", "Outcome", "Link"].map((t) => h("th", { scope: "col" }, t)))),
          tbody),
        h("div", { class: "pager" }, prev, count, next)),
      panel));

  let timer: number | undefined;
  search.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(() => { q.offset = 0; void load(); }, 150); });
  provider.addEventListener("change", () => { q.offset = 0; void load(); });
  outcome.addEventListener("change", () => { q.offset = 0; void load(); });
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
      if (!page.rows.length) tbody.append(h("tr", {}, h("td", { colspan: 6, class: "empty" }, page.total === 0 && !current().search && !provider.value && !outcome.value && batch === null ? "No invites yet. Sent invites appear here." : "No invite matches.")));
      for (const r of page.rows) tbody.append(row(r));
      const end = Math.min(page.offset + page.rows.length, page.total);
      count.textContent = page.total ? `${page.offset + 1}–${end} of ${page.total}` : "0 invites";
      prev.disabled = page.offset === 0;
      next.disabled = end >= page.total;
    } catch (e) {
      clear(tbody);
      tbody.append(h("tr", {}, h("td", { colspan: 6, class: "error" }, asAppError(e).message)));
    }
  }

  function row(r: InviteRecord): HTMLTableRowElement {
    const open = h("button", { type: "button", class: "link", "data-id": String(r.id) }, r.candidateName || r.candidateEmail);
    open.addEventListener("click", () => void showDetail(r.id));
    const linkCell = r.link ? copyButton(r.link, "Copy") : h("span", { class: "muted" }, r.outcome === "sent" ? "—" : "");
    return h("tr", { "data-outcome": r.outcome },
      h("td", { class: "when" }, formatWhen(r.createdAt)),
      h("td", {}, open, h("div", { class: "muted small" }, r.candidateEmail)),
      h("td", {}, providerName(r.provider)),
      h("td", {}, r.jobName || r.jobRef),
      h("td", {}, h("span", { class: `badge ${r.outcome}` }, r.outcome)),
      h("td", {}, linkCell));
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
    if (r.outcome === "unknown") panel.append(h("p", { class: "note" }, "The request may have reached the vendor. Check at the vendor before sending again."));
    panel.append(h("div", { class: "detail-head" }, h("h2", {}, "Invite details"), close), dl, buttons);
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
      void load();
    },
  };
}
