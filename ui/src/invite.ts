// The Invite view: one form for five vendors (their forms live in forms/), validation as the
// coordinator types, sending, and the keyboard shortcuts. Controls are in controls.ts, wall times
// in walltime.ts, the result card in result.ts.
import { accountKeySaved, accountName, accountsOf, currentAccount, pickAccount } from "./accounts";
import { api, asAppError, type InviteForm, type ProviderId, type SendResult, type Settings } from "./api";
import { control, fieldRow, renderProviderPicker, type ControlEnv } from "./controls";
import { clear, h } from "./dom";
import { CANDIDATE, PROVIDERS, parseKv, providerName, str, type FieldSpec, type FormValues } from "./fields";
import { FORMS, type FormHost, type VendorForm } from "./forms";
import { fieldIds } from "./ids";
import { copyLink, showError, showInfo, showResult, showUnknown, type ResultEnv } from "./result";
import { WallTimes } from "./walltime";

export interface InviteContext {
  settings: () => Settings;
  systemZone: () => string;
  lastZone: () => string | null;
  keySaved: (p: ProviderId) => boolean | null;
  refreshKeys: () => Promise<void>;
  goHistory: (search: string) => void;
  goSettings: (provider?: ProviderId) => void;
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** The Invite form's job, as the Bulk view sends it with every row. */
export interface JobOfForm {
  provider: ProviderId;
  /** The vendor account picked on the form (the whole batch goes through it). */
  account: string;
  /** Its name, or null when the vendor has one account only. */
  accountLabel: string | null;
  form: InviteForm;
  /** "AI interview ID: 305", one line per job field with a value. */
  summary: string[];
}

export function mountInvite(root: HTMLElement, ctx: InviteContext): { focus: () => void; onShow: () => void; job: () => JobOfForm } {
  let provider: ProviderId = (localStorage.getItem("invite.provider") as ProviderId | null) ?? "xobin";
  if (!PROVIDERS.some((p) => p.id === provider)) provider = "xobin";
  const vendor = (): VendorForm => FORMS[provider];
  const values: FormValues = {};
  const touched = new Set<string>();
  let attempted = false;
  let sending = false;
  /** The link of the invite shown in the result card, for Ctrl/Cmd+Shift+C. */
  let lastLink: string | null = null;

  const { keyBanner, providerBar, accountRow, accountSel, candidateSec, jobSec, sendBtn, sendReason, resultBox, form } = buildView(root);
  accountSel.addEventListener("change", () => {
    pickAccount(provider, accountSel.value);
    lastLink = null;
    clear(resultBox);
    renderKeyBanner();
    refreshValidity();
  });
  /** The key of the account picked is saved (null: not known yet). */
  const keySaved = (): boolean | null => {
    const account = currentAccount(provider);
    return accountKeySaved(provider, account) ?? (account === "default" ? ctx.keySaved(provider) : null);
  };

  form.addEventListener("submit", (e) => { e.preventDefault(); void send(); });

  const touch = (spec: FieldSpec) => { touched.add(spec.key); refreshValidity(); };
  const walls = new WallTimes({
    defaultZone: () => ctx.lastZone() ?? vendor().defaultZone ?? ctx.systemZone(),
    defaultPreset: () => ctx.settings().expiryPresets?.[provider] ?? "custom",
    touch,
    refresh: () => refreshValidity(),
  });
  const host: FormHost = { values, touched, settings: ctx.settings, wall: (key) => walls.state(key), rerender: () => renderAll() };
  const controls: ControlEnv = {
    values,
    settings: ctx.settings,
    changed: (spec) => { vendor().onInput?.(spec, host); refreshValidity(); },
    touch,
  };
  const results = (): ResultEnv => ({ box: resultBox, provider, settings: ctx.settings, goHistory: ctx.goHistory, goSettings: ctx.goSettings, newInvite });

  function switchProvider(p: ProviderId): void {
    if (p === provider) return;
    provider = p;
    localStorage.setItem("invite.provider", p);
    attempted = false;
    lastLink = null;
    clear(resultBox);
    renderAll();
  }

  // ---- fields ----
  const candidateSpecs = (): FieldSpec[] => candidateSpecsOf(vendor());

  function specs(): FieldSpec[] {
    return [...candidateSpecs(), ...vendor().fields];
  }

  function errorFor(spec: FieldSpec): string | null {
    if (spec.kind === "wall") return walls.check(spec) ?? vendor().wallCheck?.(spec, walls.state(spec.key), host) ?? null;
    if (spec.kind === "kv") return parseKv(str(values[spec.key])).error;
    return spec.check ? spec.check(values[spec.key], values) : null;
  }

  const row = (spec: FieldSpec): HTMLElement => fieldRow(spec, spec.kind === "wall" ? walls.input(spec) : control(spec, controls));

  function renderAll(): void {
    const v = vendor();
    renderProviderPicker(providerBar, provider, switchProvider);
    renderAccountPicker(accountRow, accountSel, provider);
    clear(candidateSec);
    clear(jobSec);
    candidateSec.append(h("legend", {}, "Candidate"), h("div", { class: "grid" }, candidateSpecs().map(row)));
    v.onRender?.(host);
    jobSec.append(h("legend", {}, v.legend));
    if (v.toolbar) jobSec.append(v.toolbar(host));
    jobSec.append(h("div", { class: "grid" }, v.fields.map(row)));
    renderKeyBanner();
    refreshValidity();
  }

  const renderKeyBanner = (): void => drawKeyBanner(keyBanner, provider, keySaved(), ctx);

  function invalidFields(): { spec: FieldSpec; msg: string }[] {
    return specs().map((spec) => ({ spec, msg: errorFor(spec) })).filter((x): x is { spec: FieldSpec; msg: string } => x.msg !== null);
  }

  function refreshValidity(): void {
    const bad = invalidFields();
    showFieldErrors(specs(), bad, (spec) => attempted || touched.has(spec.key));
    const named = accountName(provider);
    const reason = keySaved() === false ? `Save a ${providerName(provider)} API key${named ? ` for “${named}”` : ""} in Settings first.` : firstProblem(bad);
    sendBtn.disabled = sending || reason !== "";
    // Only touch text that changed: replacing the button's text node between a mouse press and
    // its release makes WebKit drop the click.
    setText(sendBtn, sending ? "Sending…" : vendor().sendLabel);
    sendBtn.setAttribute("aria-busy", sending ? "true" : "false");
    setText(sendReason, sending ? "" : reason);
  }

  const payload = (): InviteForm => payloadOf(provider, specs(), values, walls);

  // ---- send ----
  async function send(): Promise<void> {
    attempted = true;
    refreshValidity();
    if (sending || sendBtn.disabled) {
      const firstBad = invalidFields()[0];
      if (firstBad) document.getElementById(fieldIds(firstBad.spec.key).input)?.focus();
      return;
    }
    const form = payload();
    const v = vendor();
    sending = true;
    refreshValidity();
    clear(resultBox);
    try {
      // The account's name, when the vendor has several: the card says which one it went through.
      const via = accountName(provider);
      const res = await sendAsking(form, currentAccount(provider), results());
      if (res?.status === "sent") {
        lastLink = res.outcome.link ?? null;
        await showResult(results(), res.recordId, res.outcome, res.notes, { title: v.doneTitle, via });
      }
    } catch (e) {
      const err = asAppError(e);
      if (err.outcomeUnknown) { showUnknown(results(), err, form, v.checkAtVendor(form)); return; }
      showError(results(), err, form);
      markRefused(err, specs());
    } finally {
      sending = false;
      refreshValidity();
      void ctx.refreshKeys().then(renderKeyBanner);
    }
  }

  function newInvite(): void {
    for (const spec of specs()) {
      if (!spec.candidate) continue;
      delete values[spec.key];
      touched.delete(spec.key);
    }
    attempted = false;
    lastLink = null;
    clear(resultBox);
    renderAll();
    document.getElementById(fieldIds("candidateName").input)?.focus();
  }

  shortcuts(root, () => void send(), () => lastLink);

  function job(): JobOfForm {
    const form = payload();
    return { provider, account: currentAccount(provider), accountLabel: accountName(provider), form, summary: summaryOf(vendor().fields, form) };
  }

  renderAll();
  let justMounted = true; // mounting drew it all: the first showing only asks for the keys' state
  return {
    job,
    focus: () => document.getElementById(fieldIds("candidateName").input)?.focus(),
    onShow: () => {
      if (!justMounted) { renderAccountPicker(accountRow, accountSel, provider); renderKeyBanner(); refreshValidity(); }
      justMounted = false;
      void ctx.refreshKeys().then(() => { renderKeyBanner(); refreshValidity(); });
    },
  };
}

/** The Invite view's page: the key banner, the form (provider, candidate, job, Send) and the
 * result card's place. */
function buildView(root: HTMLElement) {
  const keyBanner = h("div", { class: "banner warn", id: "key-banner", role: "alert", hidden: true });
  const providerBar = h("div", { class: "segmented", role: "radiogroup", "aria-label": "Provider", id: "provider-picker" });
  const accountSel = h("select", { id: "account-picker", "aria-describedby": "account-hint" });
  const accountRow = h("div", { class: "row provider-row", id: "account-row", hidden: true },
    h("label", { class: "label", for: "account-picker" }, "Account"), accountSel,
    h("span", { class: "hint", id: "account-hint" }, "The vendor account this invite goes through (Settings → Providers)."));
  const candidateSec = h("fieldset", { class: "section", id: "sec-candidate" });
  const jobSec = h("fieldset", { class: "section", id: "sec-job" });
  const sendBtn = h("button", { type: "submit", id: "send", class: "primary" }, "Send invite");
  const sendReason = h("span", { id: "send-reason", class: "reason", "aria-live": "polite" });
  const resultBox = h("div", { id: "result", "aria-live": "polite" });
  const form = h("form", { id: "invite-form", novalidate: true, autocomplete: "off" },
    h("div", { class: "row provider-row" }, h("span", { class: "label", id: "provider-label" }, "Provider"), providerBar),
    accountRow,
    candidateSec, jobSec,
    h("div", { class: "actions" }, sendReason, sendBtn, h("kbd", { class: "shortcut" }, "Ctrl+Enter")));
  root.append(h("h1", {}, "Invite a candidate"), keyBanner, form, resultBox);
  return { keyBanner, providerBar, accountRow, accountSel, candidateSec, jobSec, sendBtn, sendReason, resultBox, form };
}

/** Each field's problem next to it (once touched, or after a send was tried). */
function showFieldErrors(specs: FieldSpec[], bad: { spec: FieldSpec; msg: string }[], shown: (spec: FieldSpec) => boolean): void {
  for (const spec of specs) {
    const ids = fieldIds(spec.key);
    const el = document.getElementById(ids.error);
    const msg = bad.find((b) => b.spec === spec)?.msg ?? null;
    const show = msg !== null && shown(spec);
    if (el) setText(el, show ? msg : "");
    document.getElementById(ids.input)?.setAttribute("aria-invalid", show ? "true" : "false");
  }
}

/** Ctrl/Cmd+Enter sends; Ctrl/Cmd+Shift+C copies the last link (while the view is shown). */
function shortcuts(root: HTMLElement, send: () => void, lastLink: () => string | null): void {
  document.addEventListener("keydown", (e) => {
    if (root.hidden) return;
    const mod = e.ctrlKey || e.metaKey;
    const link = lastLink();
    if (mod && e.key === "Enter") { e.preventDefault(); send(); }
    else if (mod && e.shiftKey && (e.key === "C" || e.key === "c") && link) { e.preventDefault(); void copyLink(link); }
  });
}

/** The shared candidate fields, with the vendor's change to Full name, then its own. */
function candidateSpecsOf(v: VendorForm): FieldSpec[] {
  const shared = CANDIDATE.map((c) => (c.key === "candidateName" && v.nameField ? { ...c, ...v.nameField } : c));
  return [...shared, ...v.candidateFields];
}

/** The account picker: shown only when the vendor has two or more accounts. */
function renderAccountPicker(row: HTMLElement, sel: HTMLSelectElement, provider: ProviderId): void {
  const list = accountsOf(provider);
  row.hidden = list.length < 2;
  clear(sel);
  for (const a of list) sel.append(h("option", { value: a.id }, a.label));
  sel.value = currentAccount(provider);
}

/** The key banner: shown when no key for the account picked is saved, with a way to Settings. */
function drawKeyBanner(keyBanner: HTMLElement, provider: ProviderId, saved: boolean | null, ctx: InviteContext): void {
  clear(keyBanner);
  keyBanner.hidden = saved !== false;
  if (saved === false) {
    const go = h("button", { type: "button", class: "link", id: "go-settings" }, "Open Settings");
    go.addEventListener("click", () => ctx.goSettings(provider));
    const named = accountName(provider);
    keyBanner.append(`No ${providerName(provider)} API key is saved on this computer${named ? ` for the account “${named}”` : " yet"}. Save it in Settings before sending. `, go);
  }
}

/** Why Send cannot be pressed: the first field's problem, and how many more there are. */
function firstProblem(bad: { spec: FieldSpec; msg: string }[]): string {
  const first = bad[0];
  if (!first) return "";
  const more = bad.length > 1 ? ` (+${bad.length - 1} more)` : "";
  return `${first.spec.label.replace(/ \(.*\)$/, "")}: ${first.msg}${more}`;
}

/**
 * The form as Rust decodes it (`providers::InviteForm`): the provider tag and each field under
 * its JSON name. Built from the vendor's field specs, so the fields are checked by Rust, which
 * validates every one on send.
 */
function payloadOf(provider: ProviderId, specs: FieldSpec[], values: FormValues, walls: WallTimes): InviteForm {
  const out: Record<string, unknown> = { provider };
  for (const spec of specs) {
    const v = values[spec.key];
    if (spec.kind === "wall") {
      const w = walls.payload(spec);
      if (w) out[spec.json] = w;
    } else if (spec.kind === "tags") {
      out[spec.json] = Array.isArray(v) ? v : [];
    } else if (spec.kind === "kv") {
      out[spec.json] = parseKv(str(v)).value;
    } else if (str(v) !== "") {
      out[spec.json] = str(v);
    }
  }
  return out as InviteForm;
}

/** "AI interview ID: 305", one line per job field with a value. */
function summaryOf(fields: FieldSpec[], form: InviteForm): string[] {
  const data = form as unknown as Record<string, unknown>;
  const summary: string[] = [];
  for (const spec of fields) {
    const v = data[spec.json];
    if (v === undefined || v === null || v === "") continue;
    let text: string;
    if (Array.isArray(v)) text = v.join(", ");
    else if (typeof v === "object") {
      const w = v as { date?: string; time?: string; zone?: string };
      text = [w.date, w.time, w.zone].filter(Boolean).join(" ");
    } else text = String(v);
    if (spec.options) text = spec.options.find((o) => o.value === text)?.label ?? text;
    if (text) summary.push(`${spec.label}: ${text}`);
  }
  return summary;
}

/**
 * Sends, asking before each send Rust questions (History's or the team's earlier invite, then —
 * in team mode — a colleague who changed the claim meanwhile, or a team server out of reach).
 * `null` when the coordinator said no (the card says so).
 */
async function sendAsking(form: InviteForm, account: string, results: ResultEnv): Promise<SendResult | null> {
  let res: SendResult = await api.sendInvite(form, account, false);
  for (let asked = 0; res.status === "confirm" && asked < 3; asked++) {
    const offline = res.offline;
    const yes = await api.confirm(res.question, offline ? "Team check unavailable" : "Send another invite?", offline ? "Send anyway" : "Send another");
    if (!yes) {
      showInfo(results, offline ? "Not sent. Send again when the team server is back, or send anyway." : res.previous.author ? `Not sent. ${res.previous.author}’s invite is in History once it syncs.` : "Not sent. The earlier invite is in History.", res.previous.candidateEmail);
      return null;
    }
    res = await api.sendInvite(form, account, true, res.teamVersion);
  }
  return res;
}

/** Rust names the field it refused: say so next to it, and go there. */
function markRefused(err: { field?: string | null; message: string }, specs: FieldSpec[]): void {
  const spec = err.field ? specs.find((s) => s.json === err.field || err.field?.startsWith(`${s.json}.`)) : undefined;
  if (!spec) return;
  const ids = fieldIds(spec.key);
  const el = document.getElementById(ids.error);
  if (el) el.textContent = err.message;
  document.getElementById(ids.input)?.focus();
}
