// The result card under the form: the link (copied, opened, or wrapped in an invite message),
// what the vendor said, an error with the way to fix it, or a short note. Vendor and candidate
// text is always inserted as text.
import { api, asAppError, type AppError, type InviteForm, type InviteOutcome, type ProviderId, type Settings } from "./api";
import { clear, h, isHttps, toast } from "./dom";
import { providerName, str } from "./fields";

const ERROR_TITLES: Record<string, string> = {
  validation: "Check the form",
  missing_key: "No API key saved",
  invalid_key: "The vendor refused the API key",
  keychain: "The keychain is not available",
  duplicate: "Already invited",
  quota: "No invites left",
  not_found: "Not found at the vendor",
  rate_limited: "The vendor asks to slow down",
  vendor: "The vendor returned an error",
  network: "Could not reach the vendor",
  timeout: "Outcome unknown",
  storage: "History could not be saved",
  io: "File error",
  internal: "Something went wrong",
};

export interface ResultEnv {
  box: HTMLElement;
  provider: ProviderId;
  settings: () => Settings;
  goHistory: (search: string) => void;
  goSettings: (provider?: ProviderId) => void;
  /** "New invite (same job)". */
  newInvite: () => void;
}

let resultSeq = 0;

/** A language's name in English ("French"), or its code where the web view has no name for it. */
function languageName(code: string): string {
  try { return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code; } catch { return code; }
}

/**
 * The invite message and its language picker: Rust resolves the template (vendor, job,
 * language) and fills it; choosing a language keeps it on the row, so the reminder follows.
 * The languages offered are the shipped ones and those of the stored templates.
 */
function messageBox(recordId: number): { box: HTMLElement; load: () => Promise<void> } {
  const ta = h("textarea", { id: "message-text", rows: 10, "aria-label": "Invite message" });
  const lang = h("select", { id: "message-language", "aria-label": "Message language" });
  const copyMsg = h("button", { type: "button", id: "copy-message" }, "Copy message");
  copyMsg.addEventListener("click", async () => { try { await api.copyText(ta.value); toast("Invite message copied."); } catch (e) { toast(asAppError(e).message); } });
  const show = async (language: string | null): Promise<void> => {
    try {
      const m = await api.inviteMessage(recordId, language);
      ta.value = `${m.subject}\n\n${m.body}`;
      lang.value = m.language;
    } catch (e) { toast(asAppError(e).message); }
  };
  lang.addEventListener("change", () => void show(lang.value));
  const load = async (): Promise<void> => {
    try {
      const list = await api.listTemplates();
      const codes = [...new Set([...list.builtIn, ...list.stored].map((t) => t.language))];
      clear(lang);
      for (const c of codes) lang.append(h("option", { value: c }, `${languageName(c)} (${c})`));
    } catch { /* the picker stays empty; the message still shows */ }
    await show(null);
  };
  const box = h("div", { class: "message", hidden: true },
    h("label", { class: "small" }, "Language ", lang), ta, copyMsg);
  return { box, load };
}

export async function copyLink(link: string): Promise<void> {
  try { await api.copyText(link); toast("Link copied to the clipboard."); }
  catch (e) { toast(asAppError(e).message); }
}

export function showInfo(env: ResultEnv, text: string, search: string): void {
  clear(env.box);
  const find = h("button", { type: "button" }, "Find it in History");
  find.addEventListener("click", () => env.goHistory(search));
  env.box.append(h("div", { class: "card info", id: "result-info" }, h("p", {}, text), find));
}

export async function showResult(env: ResultEnv, recordId: number, outcome: InviteOutcome, notes: string[], done: { title: string; via?: string | null }): Promise<void> {
  const { box, provider } = env;
  clear(box);
  const card = h("div", { class: "card ok", id: "result-card", "data-seq": String(++resultSeq) });
  card.append(h("h2", {}, outcome.link ? "Invite sent ✓" : done.title));
  card.append(h("p", { id: "result-summary" }, outcome.summary));
  if (done.via) card.append(h("p", { class: "muted", id: "result-account" }, `Sent through the ${providerName(provider)} account “${done.via}”.`));
  if (outcome.link) {
    const link = outcome.link;
    const linkBox = h("input", { id: "result-link", class: "link-box", type: "text", readonly: true, value: link, "aria-label": "Interview link" });
    linkBox.addEventListener("focus", () => linkBox.select());
    const copy = h("button", { type: "button", id: "copy-link", class: "primary" }, "Copy link");
    copy.addEventListener("click", () => void copyLink(link));
    const open = h("button", { type: "button", id: "open-link", disabled: !isHttps(link), title: isHttps(link) ? "Open in your browser" : "Only https links open from here" }, "Open");
    open.addEventListener("click", () => void api.openLink(link).catch((e) => toast(asAppError(e).message)));
    const msgBtn = h("button", { type: "button", id: "message-toggle", "aria-expanded": "false" }, "Invite message…");
    const { box: msgBox, load: loadMessage } = messageBox(recordId);
    let loaded = false;
    msgBtn.addEventListener("click", async () => {
      msgBox.hidden = !msgBox.hidden;
      msgBtn.setAttribute("aria-expanded", String(!msgBox.hidden));
      if (msgBox.hidden) return;
      if (!loaded) { loaded = true; await loadMessage(); }
      msgBox.querySelector("textarea")?.focus();
    });
    card.append(h("div", { class: "link-row" }, linkBox), h("div", { class: "buttons" }, copy, open, msgBtn, h("kbd", { class: "shortcut" }, "Ctrl+Shift+C")), msgBox);
    if (env.settings().autoCopy) {
      try { await api.copyText(link); card.append(h("p", { class: "muted", id: "copied-note" }, "Copied to the clipboard.")); }
      catch (e) { card.append(h("p", { class: "error" }, asAppError(e).message)); }
    }
  }
  // With a link in hand the coordinator may think they must send it; say when the vendor does.
  if (outcome.vendorEmailsCandidate && outcome.link) card.append(h("p", { class: "note" }, `${providerName(provider)} also emails this link to the candidate.`));
  if (outcome.skippedEmails.length) card.append(h("p", { class: "note" }, `Skipped as already invited: ${outcome.skippedEmails.join(", ")}`));
  const ids = Object.entries(outcome.vendorIds);
  const extras = Object.entries(outcome.extraLinks);
  if (ids.length || outcome.vendorStatus || extras.length) {
    const dl = h("dl", { class: "ids" });
    if (outcome.vendorStatus) dl.append(h("dt", {}, "Vendor status"), h("dd", {}, outcome.vendorStatus));
    for (const [k, v] of ids) dl.append(h("dt", {}, k), h("dd", {}, v));
    for (const [k, v] of extras) {
      const b = h("button", { type: "button", class: "link", disabled: !isHttps(v) }, v);
      b.addEventListener("click", () => void api.openLink(v).catch((e) => toast(asAppError(e).message)));
      dl.append(h("dt", {}, k), h("dd", {}, b));
    }
    card.append(dl);
  }
  for (const n of notes) card.append(h("p", { class: "note" }, n));
  const again = h("button", { type: "button", id: "new-invite" }, "New invite (same job)");
  again.addEventListener("click", env.newInvite);
  card.append(h("div", { class: "buttons" }, again));
  box.append(card);
  card.scrollIntoView({ block: "nearest" });
}

/**
 * The amber card for an answer that may mean the vendor created the invite (a timeout, a 5xx,
 * an unreadable 2xx…: Rust marks those `outcomeUnknown`, whatever their kind). It is not an
 * error to fix and retry: it says what to check at the vendor first, and opens History, where
 * the attempt is recorded as Unknown (sending it again asks first).
 */
export function showUnknown(env: ResultEnv, err: AppError, form: InviteForm, checkAtVendor: string): void {
  const { box } = env;
  clear(box);
  const card = h("div", { class: "card warn", id: "result-unknown", role: "alert", "data-seq": String(++resultSeq) });
  card.append(
    h("h2", {}, "May have been sent — check before sending again"),
    h("p", { id: "unknown-message" }, err.message),
    h("p", { id: "unknown-check" }, h("strong", {}, "What to check: "), checkAtVendor),
    h("p", { class: "muted" }, "History keeps this attempt as “Unknown”. If you send it again, Invite Desk asks first."),
  );
  if (err.status) card.append(h("p", { class: "muted" }, `HTTP ${err.status}`));
  const b = h("button", { type: "button", id: "unknown-history", class: "primary" }, "Open in History");
  b.addEventListener("click", () => env.goHistory(str(form.candidateEmail)));
  card.append(h("div", { class: "buttons" }, b));
  box.append(card);
}

/** The error card. The caller puts a field's error next to the field. */
export function showError(env: ResultEnv, err: AppError, form: InviteForm): void {
  const { box, provider } = env;
  clear(box);
  const card = h("div", { class: "card bad", id: "result-error", role: "alert", "data-seq": String(++resultSeq) });
  card.append(h("h2", {}, ERROR_TITLES[err.kind] ?? "Not sent"), h("p", { id: "error-message" }, err.message));
  const buttons = h("div", { class: "buttons" });
  if (err.kind === "duplicate" || err.kind === "timeout") {
    const b = h("button", { type: "button", id: "find-history" }, "Find it in History");
    b.addEventListener("click", () => env.goHistory(str(form.candidateEmail)));
    buttons.append(b);
  }
  if (err.kind === "missing_key" || err.kind === "invalid_key" || err.kind === "keychain") {
    const b = h("button", { type: "button", id: "fix-settings" }, "Open Settings");
    b.addEventListener("click", () => env.goSettings(provider));
    buttons.append(b);
  }
  if (err.kind === "rate_limited" && err.retryAfterSecs) card.append(h("p", { class: "note" }, `Try again in ${err.retryAfterSecs} seconds.`));
  if (err.status) card.append(h("p", { class: "muted" }, `HTTP ${err.status}`));
  if (buttons.childElementCount) card.append(buttons);
  box.append(card);
}
