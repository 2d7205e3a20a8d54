// Settings → Candidate data: find everything held about a person (by email or full name), export
// it for an access request, forget it (Rust asks first, naming the vendors that still hold them),
// the erasure log, and the deletion of old invites. Rust finds, writes and erases; this shows it.
import { api, asAppError, type Erasure, type PersonData, type Settings } from "./api";
import { clear, formatWhen, h, toast } from "./dom";
import { providerName } from "./fields";

export interface CandidateContext {
  settings: () => Settings;
  save: (next: Settings, okMessage: string) => Promise<boolean>;
}

function erasureLine(e: Erasure): string {
  const what = e.kind === "forget" ? "A person was forgotten" : "Old invites were deleted";
  const vendors = e.vendors.length ? `; still held by ${e.vendors.map(providerName).join(", ")}` : "";
  return `${formatWhen(e.at)} — ${what} by ${e.byWhom}: ${e.rows} invite${e.rows === 1 ? "" : "s"}${vendors}.`;
}

/** What was found: the invites (vendor, when, outcome), the sheet rows, the vendors. */
function found(d: PersonData): HTMLElement {
  if (!d.invites.length) return h("p", { id: "person-none" }, "Nothing is held about that person on this computer.");
  return h("div", { id: "person-found" },
    h("p", {}, `${d.invites.length} invite${d.invites.length === 1 ? "" : "s"}, ${d.sheetRows.length} bulk sheet row${d.sheetRows.length === 1 ? "" : "s"}. ${d.vendors.length ? `Sent to ${d.vendors.map(providerName).join(", ")}.` : "No vendor received one."}`),
    h("ul", { class: "person-invites" }, ...d.invites.map((r) => h("li", {}, `${formatWhen(r.createdAt)} · ${providerName(r.provider)} · ${r.jobName ?? r.jobRef} · ${r.outcome}`))));
}

function retentionPart(ctx: CandidateContext): HTMLElement {
  const s = ctx.settings();
  const on = h("input", { type: "checkbox", id: "retention-on", checked: s.retentionDays !== null });
  const days = h("input", { type: "number", id: "retention-days", min: 7, max: 3650, value: s.retentionDays ?? 365, disabled: s.retentionDays === null, "aria-describedby": "retention-hint" });
  const err = h("div", { class: "error", id: "retention-err", role: "alert" });
  const save = h("button", { type: "button", id: "retention-save" }, "Save");
  on.addEventListener("change", () => { days.disabled = !on.checked; });
  save.addEventListener("click", async () => {
    err.textContent = "";
    try {
      await api.saveSettings({ ...ctx.settings(), retentionDays: on.checked ? Number(days.value) : null });
      toast(on.checked ? `Invites are deleted ${days.value} days after their last change.` : "Invites are kept until forgotten.");
    } catch (e) { err.textContent = asAppError(e).message; }
  });
  return h("section", { "aria-label": "Deleting old invites" }, h("h3", { class: "sub" }, "Deleting old invites"),
    h("label", { for: "retention-on", class: "check" }, on, " Delete invites some days after their last change"),
    h("div", { class: "field" }, h("label", { for: "retention-days" }, "Days to keep"), days,
      h("div", { class: "hint", id: "retention-hint" }, "Checked at start and daily. Invites still being settled (sending or unknown) are kept at least 30 days.")),
    err, h("div", { class: "buttons" }, save));
}

export function drawCandidate(box: HTMLElement, ctx: CandidateContext): void {
  clear(box);
  const query = h("input", { id: "person-query", type: "search", placeholder: "Email, or full name", spellcheck: "false" });
  const findBtn = h("button", { type: "button", id: "person-find" }, "Find");
  const out = h("div", { id: "person-result", "aria-live": "polite" });
  const err = h("div", { class: "error", id: "person-err", role: "alert" });
  const exportBtn = h("button", { type: "button", id: "person-export", disabled: true }, "Export…");
  const forgetBtn = h("button", { type: "button", id: "person-forget", class: "danger", disabled: true }, "Forget…");
  const log = h("ol", { id: "erasure-log", class: "small" });
  const drawLog = async (): Promise<void> => {
    clear(log);
    try { for (const e of await api.erasureLog()) log.append(h("li", {}, erasureLine(e))); } catch (e) { log.append(h("li", { class: "error" }, asAppError(e).message)); }
  };
  const find = async (): Promise<void> => {
    err.textContent = "";
    clear(out);
    try {
      const d = await api.candidateFind(query.value);
      out.append(found(d));
      exportBtn.disabled = forgetBtn.disabled = d.invites.length === 0;
    } catch (e) { err.textContent = asAppError(e).message; }
  };
  findBtn.addEventListener("click", () => void find());
  query.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); void find(); } });
  exportBtn.addEventListener("click", async () => {
    try { const r = await api.candidateExport(query.value); if (r) toast(`Exported ${r.rows} invites to ${r.path} (and the same as CSV beside it).`); } catch (e) { err.textContent = asAppError(e).message; }
  });
  forgetBtn.addEventListener("click", async () => {
    try {
      const r = await api.candidateForget(query.value);
      if (!r) return;
      toast(`Forgotten: ${r.erasure.rows} invite${r.erasure.rows === 1 ? "" : "s"} erased from this computer.${r.team ? ` ${r.team}` : ""}`);
      await find();
      await drawLog();
    } catch (e) { err.textContent = asAppError(e).message; }
  });
  box.append(
    h("p", { class: "hint" }, "What this computer holds about a candidate: their invites, status changes and bulk sheet rows. Vendors keep their own copies."),
    h("label", { for: "person-query" }, "Find a person"),
    h("div", { class: "inline" }, query, findBtn), err, out,
    h("div", { class: "buttons" }, exportBtn, forgetBtn),
    h("h3", { class: "sub" }, "Erasures"), log,
    retentionPart(ctx));
  void drawLog();
}
