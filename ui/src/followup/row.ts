// One row of the follow-up board: why it is there, who reminds, and its actions (Copy
// reminder, Open in mail app, Mark reminded, Snooze, and Xobin's re-invite with a new window).
// Rust prepares every message and records every action; nothing here calls a vendor.
import { api, asAppError, type BoardRow, type ReminderChannel, type Why } from "../api";
import { formatWhen, h, toast } from "../dom";
import { providerName } from "../fields";

/** What the rows share with the view (set up in index.ts). */
export interface BoardParts {
  reload: () => Promise<void>;
}

function whyText(w: Why): string {
  switch (w.kind) {
    case "expired": return `Link expired ${formatWhen(w.at)}`;
    case "expiring": return `Link expires ${formatWhen(w.at)}`;
    case "not_started": return `Not started since ${formatWhen(w.since)} (${w.hours} h threshold)`;
  }
}

async function act(what: () => Promise<unknown>, done: string, parts: BoardParts): Promise<void> {
  try {
    await what();
    toast(done);
    await parts.reload();
  } catch (e) {
    toast(asAppError(e).message);
  }
}

/** The re-invite's expiry picker and button (Xobin), or where to extend at the vendor. */
function extendCell(parts: BoardParts, r: BoardRow): HTMLElement {
  const id = r.record.id;
  if (!r.canReinvite) return h("p", { class: "muted small" }, r.extend);
  const when = h("input", { type: "datetime-local", id: `reinvite-at-${id}`, "aria-label": `New expiry for ${r.record.candidateName}` });
  const go = h("button", { type: "button", class: "reinvite", "data-id": String(id) }, "Re-invite with a new window…");
  go.addEventListener("click", async () => {
    const [date, time] = when.value.split("T");
    if (!date || !time) { toast("Choose the new expiry first."); when.focus(); return; }
    // No zone on the first invite: Rust reads the time in this computer's zone.
    const zone = r.record.zone ?? "";
    go.disabled = true;
    try {
      const res = await api.reinviteXobin(id, { date, time: time.slice(0, 5), zone });
      if (res.status === "sent") toast(`New invite sent (#${res.recordId}, replacing #${res.replaces}). ${res.revoke}`);
      else if (res.status === "not_revoked" || res.status === "not_sent") toast(res.message);
    } catch (e) { toast(asAppError(e).message); }
    // The board is read again whatever happened: a revoke that went through shows.
    try { await parts.reload(); } finally { go.disabled = false; }
  });
  return h("div", { class: "reinvite-box" }, when, go);
}

/** One board row. */
export function boardRow(parts: BoardParts, r: BoardRow): HTMLTableRowElement {
  const rec = r.record;
  const id = rec.id;
  // How the reminder left, for "Mark reminded": the last way used on this row.
  let channel: ReminderChannel = "other";
  const copy = h("button", { type: "button", class: "copy-reminder", "data-id": String(id) }, "Copy reminder");
  copy.addEventListener("click", async () => {
    try {
      const rem = await api.reminderText(id);
      await api.copyText(`${rem.message.subject}\n\n${rem.message.body}`);
      channel = "copied";
      toast(`Reminder for ${rec.candidateName} copied (same link). Mark it reminded once sent.`);
    } catch (e) { toast(asAppError(e).message); }
  });
  const mail = h("button", { type: "button", class: "mail-reminder", "data-id": String(id) }, "Open in mail app");
  mail.addEventListener("click", async () => {
    try {
      const rem = await api.reminderText(id);
      if (rem.mailto === null) {
        // Too long for a mail app's link (Rust's limit): the whole message is copied instead.
        await api.copyText(`${rem.message.subject}\n\n${rem.message.body}`);
        channel = "copied";
        toast(`This reminder is too long to open in the mail app, so it was copied: paste it into a new message to ${rem.to}.`);
        return;
      }
      await api.openLink(rem.mailto);
      channel = "mail_app";
    } catch (e) { toast(asAppError(e).message); }
  });
  const mark = h("button", { type: "button", class: "mark-reminded", "data-id": String(id) }, "Mark reminded");
  mark.addEventListener("click", () => void act(() => api.markReminded(id, channel), `${rec.candidateName} marked reminded.`, parts));
  const snooze = h("button", { type: "button", class: "snooze", "data-id": String(id) }, "Snooze 1 day");
  snooze.addEventListener("click", () => void act(() => api.snoozeInvite(id, { kind: "one_day" }), `${rec.candidateName} snoozed for a day.`, parts));
  const until = h("input", { type: "date", id: `snooze-until-${id}`, "aria-label": `Snooze ${rec.candidateName} until` });
  until.addEventListener("change", () => {
    if (!until.value) return;
    // The day as picked; Rust makes it that morning in this computer's zone.
    void act(() => api.snoozeInvite(id, { kind: "until_day", day: until.value }), `${rec.candidateName} snoozed until the morning of ${until.value}.`, parts);
  });
  return h("tr", { "data-id": String(id), "data-why": r.why.kind },
    h("td", {}, h("div", {}, rec.candidateName || rec.candidateEmail), h("div", { class: "muted small" }, rec.candidateEmail)),
    h("td", {}, providerName(rec.provider), h("div", { class: "muted small" }, rec.jobName || rec.jobRef)),
    h("td", { class: "why" }, whyText(r.why), r.lastReminded ? h("div", { class: "muted small" }, `Reminded ${formatWhen(r.lastReminded)}`) : null),
    h("td", { class: "who", "data-who": r.whoReminds }, r.whoNote),
    h("td", { class: "actions" },
      h("div", { class: "row-actions" }, copy, mail, mark, snooze, h("label", { class: "small" }, "or until ", until)),
      extendCell(parts, r)));
}
