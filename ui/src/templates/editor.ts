// One template in the editor: kind, vendor, job, language, subject and body, checked by Rust on
// save (an unknown placeholder is named) and previewed on a real History row. The preview is
// text: a body holding HTML or a script is shown as written, never run.
import { api, asAppError, type InviteRecord, type ProviderId, type Template, type TemplateKind } from "../api";
import { h, toast } from "../dom";
import { PROVIDERS } from "../fields";
import { TEMPLATE_PLACEHOLDERS } from "../generated/ipc";

/** What the editor shares with the list (set up in index.ts). */
export interface TemplateParts {
  saved: () => Promise<void>;
}

const KINDS: { id: TemplateKind; label: string }[] = [
  { id: "invite", label: "Invite" },
  { id: "reminder", label: "Reminder" },
  { id: "schedule", label: "Scheduled interview" },
];

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

/** The editor for `t` (a new one when its id is 0), drawn into `box`. */
export function editTemplate(box: HTMLElement, parts: TemplateParts, t: Template): void {
  const kind = h("select", { id: "tpl-kind" }, ...KINDS.map((k) => h("option", { value: k.id, selected: k.id === t.kind }, k.label)));
  const provider = h("select", { id: "tpl-provider" }, h("option", { value: "" }, "Any vendor"), ...PROVIDERS.map((p) => h("option", { value: p.id, selected: p.id === t.provider }, p.name)));
  const job = h("input", { id: "tpl-job", value: t.jobRef ?? "", placeholder: "Any job" });
  const language = h("input", { id: "tpl-language", value: t.language, spellcheck: "false", placeholder: "en, fr, pt-BR…" });
  const subject = h("input", { id: "tpl-subject", value: t.subject });
  const body = h("textarea", { id: "tpl-body", rows: 10 });
  body.value = t.body;
  const error = h("div", { class: "error", id: "tpl-error", role: "alert" });
  const rowPick = h("select", { id: "tpl-preview-row" });
  const preview = h("pre", { id: "tpl-preview", class: "template-preview", "aria-live": "polite" });
  const save = h("button", { type: "button", id: "tpl-save", class: "primary" }, t.id ? "Save template" : "Add template");
  const show = h("button", { type: "button", id: "tpl-preview-go" }, "Preview");
  const current = (): Template => ({
    id: t.id,
    kind: kind.value as TemplateKind,
    provider: (provider.value || null) as ProviderId | null,
    jobRef: job.value.trim() || null,
    language: language.value.trim(),
    subject: subject.value,
    body: body.value,
    builtIn: false,
  });
  save.addEventListener("click", async () => {
    error.textContent = "";
    try {
      const s = await api.saveTemplate(current());
      toast(`Template saved (${s.kind}, ${s.language}).`);
      await parts.saved();
    } catch (e) { error.textContent = asAppError(e).message; }
  });
  show.addEventListener("click", async () => {
    error.textContent = "";
    const id = Number(rowPick.value);
    if (!id) { preview.textContent = "No sent invite in History to preview with yet."; return; }
    try {
      const r = await api.previewTemplate(current(), id);
      // textContent: the message is shown as text, whatever it holds.
      preview.textContent = `${r.subject}\n\n${r.body}`;
    } catch (e) { error.textContent = asAppError(e).message; }
  });
  box.replaceChildren(
    h("h3", {}, t.id ? `Edit template #${t.id}` : "New template"),
    h("div", { class: "grid" },
      field("tpl-kind", "Kind", kind),
      field("tpl-provider", "Vendor", provider),
      field("tpl-job", "Job reference", job),
      field("tpl-language", "Language (BCP-47)", language)),
    field("tpl-subject", "Subject", subject),
    field("tpl-body", "Message", body),
    h("p", { class: "hint", id: "tpl-placeholders" }, `Placeholders: ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}. Write {{ for a brace. A line whose value is missing is left out.`),
    error,
    h("div", { class: "actions" }, save),
    h("h3", {}, "Preview"),
    h("div", { class: "toolbar" }, h("label", { for: "tpl-preview-row" }, "With the invite of"), rowPick, show),
    preview);
  void api.historyQuery({ offset: 0, limit: 20, outcome: "sent" }).then((page) => {
    rowPick.replaceChildren(...page.rows.map((r: InviteRecord) => h("option", { value: String(r.id) }, `${r.candidateName} — ${r.jobName || r.jobRef} (#${r.id})`)));
  }, () => undefined);
}
