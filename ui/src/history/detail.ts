// The details panel of one invite: what was sent and what the vendor said, its link, where it
// stands at the vendor (with its changes), Refresh, Open report and Revoke. Escape or × closes
// it and gives the focus back to the row it was opened from.
import { api, asAppError, type FollowUpEvent, type InviteRecord, type InviteStatus } from "../api";
import { clear, formatWhen, h, isHttps, toast } from "../dom";
import { OUTCOME_LABELS } from "../generated/ipc";
import { providerName } from "../fields";
import { afterSend, ago, type HistoryParts, refreshable, stageText } from "./shared";
import { redrawStatus } from "./status";

/** A copy button for a link (the table's Link cell and the panel). */
export function copyButton(link: string, label: string): HTMLButtonElement {
  const b = h("button", { type: "button", class: "copy-row", title: link }, label);
  b.addEventListener("click", async () => { try { await api.copyText(link); toast("Link copied to the clipboard."); } catch (e) { toast(asAppError(e).message); } });
  return b;
}

function openButton(label: string, link: string, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = h("button", { type: "button", disabled: !isHttps(link), ...attrs }, label);
  b.addEventListener("click", () => void api.openLink(link).catch((e) => toast(asAppError(e).message)));
  return b;
}

/** What was sent and what the vendor answered. */
function facts(r: InviteRecord, teamMode: boolean): HTMLElement {
  const dl = h("dl", {});
  const add = (k: string, v: string | null | undefined) => { if (v) dl.append(h("dt", {}, k), h("dd", {}, v)); };
  add("Candidate", `${r.candidateName} <${r.candidateEmail}>`);
  add("Provider", providerName(r.provider));
  add("Job", r.jobName ? `${r.jobName} (${r.jobRef})` : r.jobRef);
  add("Outcome", OUTCOME_LABELS[r.outcome]);
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
  // The server's clock: the laptop's own (the "Sent" time above) may have been wrong offline.
  if (r.teamOffline && r.teamReceivedAt) add("Reached the team", formatWhen(r.teamReceivedAt));
  add("Message language", r.language);
  add("Replaces", r.replacesId ? `Invite #${r.replacesId} (re-invited with a new window)` : null);
  add("Bulk batch", r.batchId !== null ? `#${r.batchId}, row ${r.batchRow ?? "?"} of the sheet` : null);
  add("Error", r.errorMessage ? `${r.errorKind ?? ""}: ${r.errorMessage}` : null);
  add("Created", formatWhen(r.createdAt));
  add("Updated", formatWhen(r.updatedAt));
  return dl;
}

/** Where the invite stands at the vendor, and its changes. */
function stageFacts(st: InviteStatus): HTMLElement[] {
  const sdl = h("dl", {});
  const put = (k: string, v: string | null | undefined) => { if (v) sdl.append(h("dt", {}, k), h("dd", {}, v)); };
  put("Status", stageText(st));
  put("Score", st.score);
  put("Recommendation", st.recommendation);
  put("Started", st.startedAt ? formatWhen(st.startedAt) : null);
  put("Finished", st.completedAt ? formatWhen(st.completedAt) : null);
  put("Revoked", st.revokedAt ? formatWhen(st.revokedAt) : null);
  put("Checked", st.checkedAt ? `${formatWhen(st.checkedAt)} (${ago(st.checkedAt)})` : null);
  const out: HTMLElement[] = [sdl];
  if (st.changes.length) {
    out.push(h("ol", { class: "status-changes", "aria-label": "Status changes" },
      ...st.changes.map((c) => h("li", {}, `${formatWhen(c.at)} — ${stageText({ ...st, stage: c.stage, vendorStatus: c.vendorStatus })}`))));
  }
  return out;
}

/** Revoke, behind Rust's native confirmation; the row and the panel show the answer. */
function revokeControls(parts: HistoryParts, r: InviteRecord): HTMLElement[] {
  const notify = h("input", { type: "checkbox", id: "revoke-notify" });
  const rv = h("button", { type: "button", id: "detail-revoke", class: "danger" }, "Revoke invite…");
  rv.addEventListener("click", async () => {
    rv.disabled = true;
    try {
      const res = await api.revokeInvite(r.id, notify.checked);
      if (res) {
        toast(res.message);
        redrawStatus(parts, r.id, res.status, null);
        await parts.showDetail(r.id);
        if (!res.answer.status.includes("revoked")) parts.panel.querySelector(".detail-status")?.append(h("p", { class: "note", role: "status" }, res.message));
      }
    } catch (e) { toast(asAppError(e).message); } finally { rv.disabled = false; }
  });
  return [rv, h("label", { for: "revoke-notify", class: "small" }, notify, " Tell the candidate by email")];
}

/** The "At the vendor" section. */
function statusSection(parts: HistoryParts, r: InviteRecord): HTMLElement {
  const a = afterSend(r.provider);
  const st = r.status;
  const box = h("section", { class: "detail-status", "aria-label": "At the vendor" }, h("h3", {}, "At the vendor"));
  if (a && !a.canRefresh) {
    box.append(h("p", { class: "note" }, a.note));
    for (const [label, url] of Object.entries(r.extraLinks)) {
      if (isHttps(url)) box.append(openButton(`Open ${label}`, url, { class: "open-vendor", title: url }));
    }
  }
  if (st?.stage) box.append(...stageFacts(st));
  if (st?.error) box.append(h("p", { class: "error" }, `Last refresh: ${st.error}`));
  const buttons = h("div", { class: "buttons" });
  if (refreshable(r)) {
    const b = h("button", { type: "button", id: "detail-refresh" }, "↻ Refresh status");
    b.addEventListener("click", () => void parts.refreshRows([r.id]));
    buttons.append(b);
  }
  if (st?.reportLink && isHttps(st.reportLink)) buttons.append(openButton("Open report", st.reportLink, { id: "detail-report" }));
  if (a?.canRevoke && r.outcome === "sent" && st?.stage !== "revoked" && a.statusId in r.vendorIds) {
    buttons.append(...revokeControls(parts, r));
  } else if (a && !a.canRevoke && r.outcome === "sent") {
    box.append(h("p", { class: "muted small" }, `To withdraw this invite, do it in ${providerName(r.provider)}: Invite Desk cannot revoke it there.`));
  }
  if (buttons.childNodes.length) box.append(buttons);
  return box;
}

/** Closes the panel and gives the focus back to the row it was opened from. */
export function closeDetail(parts: HistoryParts): void {
  if (parts.panel.hidden) return;
  const id = parts.panel.dataset.id;
  parts.panel.hidden = true;
  parts.panel.parentElement?.classList.remove("with-detail");
  parts.tbody.querySelector<HTMLElement>(`button.link[data-id="${id}"]`)?.focus();
}

/** Shows invite `id` in the panel (read again from Rust) and moves the focus into it. */
export async function showDetail(parts: HistoryParts, id: number): Promise<void> {
  let r: InviteRecord;
  try { r = await api.historyGet(id); } catch (e) { toast(asAppError(e).message); return; }
  const { panel } = parts;
  clear(panel);
  panel.hidden = false;
  panel.parentElement?.classList.add("with-detail");
  panel.dataset.id = String(id);
  const close = h("button", { type: "button", class: "close", "aria-label": "Close details", title: "Close (Escape)" }, "×");
  close.addEventListener("click", () => closeDetail(parts));
  const buttons = h("div", { class: "buttons" });
  if (r.link) buttons.append(copyButton(r.link, "Copy link"), openButton("Open", r.link));
  if (r.outcome === "unknown") panel.append(h("p", { class: "note" }, "The request may have reached the vendor. Check at the vendor before sending again."));
  panel.append(h("div", { class: "detail-head" }, h("h2", {}, "Invite details"), close), facts(r, parts.teamMode()), buttons, statusSection(parts, r));
  void followUpSection(panel, r.id);
  close.focus();
}

/** What was done about the invite (reminders, snoozes), when anything was. */
async function followUpSection(panel: HTMLElement, id: number): Promise<void> {
  let events: FollowUpEvent[];
  try { events = await api.followUpEvents(id); } catch { return; }
  if (!events.length || panel.hidden) return;
  const channel = { copied: "copied", mail_app: "mail app", other: "other" } as const;
  panel.append(h("h3", {}, "Follow up"), h("ul", { id: "detail-follow-up" }, ...events.map((e) =>
    h("li", {}, e.kind === "reminded" ? `Reminded ${formatWhen(e.at)}${e.by ? ` by ${e.by}` : ""}${e.channel ? ` (${channel[e.channel]})` : ""}` : `Snoozed ${formatWhen(e.at)} until ${formatWhen(e.until)}`))));
}
