// The Invite view: one form for five vendors, the result card, and the keyboard shortcuts.
import { api, asAppError, type AppError, type InviteForm, type InviteOutcome, type JobProfile, type Preview, type ProviderId, type SendResult, type Settings, type WallTime } from "./api";
import { clear, h, isHttps, toast } from "./dom";
import { CANDIDATE, HIREFLIX_NAMES, JOB_FIELDS, PHONE, PROVIDERS, parseKv, providerName, splitName, str, type FieldSpec, type FormValues } from "./fields";
import { zonePicker } from "./zonepicker";

export interface InviteContext {
  settings: () => Settings;
  systemZone: () => string;
  lastZone: () => string | null;
  keySaved: (p: ProviderId) => boolean | null;
  refreshKeys: () => Promise<void>;
  goHistory: (search: string) => void;
  goSettings: (provider?: ProviderId) => void;
}

interface WallState {
  date: string;
  time: string;
  zone: string;
  overlap: "earlier" | "later";
  preview: Preview | null;
  error: string | null;
}

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

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function mountInvite(root: HTMLElement, ctx: InviteContext): { focus: () => void; onShow: () => void } {
  let provider: ProviderId = (localStorage.getItem("invite.provider") as ProviderId | null) ?? "xobin";
  if (!PROVIDERS.some((p) => p.id === provider)) provider = "xobin";
  const values: FormValues = {};
  const walls: Record<string, WallState> = {};
  const touched = new Set<string>();
  let attempted = false;
  let sending = false;
  /** The link of the invite shown in the result card, for Ctrl/Cmd+Shift+C. */
  let lastLink: string | null = null;
  let profiles: JobProfile[] = [];
  let resultSeq = 0;

  const keyBanner = h("div", { class: "banner warn", id: "key-banner", role: "alert", hidden: true });
  const providerBar = h("div", { class: "segmented", role: "radiogroup", "aria-label": "Provider", id: "provider-picker" });
  const candidateSec = h("fieldset", { class: "section", id: "sec-candidate" });
  const jobSec = h("fieldset", { class: "section", id: "sec-job" });
  const sendBtn = h("button", { type: "submit", id: "send", class: "primary" }, "Send invite");
  const sendReason = h("span", { id: "send-reason", class: "reason", "aria-live": "polite" });
  const resultBox = h("div", { id: "result", "aria-live": "polite" });
  const form = h("form", { id: "invite-form", novalidate: true, autocomplete: "off" },
    h("div", { class: "row provider-row" }, h("span", { class: "label", id: "provider-label" }, "Provider"), providerBar),
    candidateSec, jobSec,
    h("div", { class: "actions" }, sendReason, sendBtn, h("kbd", { class: "shortcut" }, "Ctrl+Enter")));
  root.append(h("h1", {}, "Invite a candidate"), keyBanner, form, resultBox);

  form.addEventListener("submit", (e) => { e.preventDefault(); void send(); });

  // ---- provider picker ----
  function renderProviders(): void {
    clear(providerBar);
    for (const p of PROVIDERS) {
      const b = h("button", { type: "button", role: "radio", "aria-checked": p.id === provider ? "true" : "false", class: p.id === provider ? "on" : "", "data-provider": p.id, tabindex: p.id === provider ? "0" : "-1" }, p.name);
      b.addEventListener("click", () => switchProvider(p.id));
      b.addEventListener("keydown", (e) => {
        const i = PROVIDERS.findIndex((x) => x.id === provider);
        const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
        if (!step) return;
        e.preventDefault();
        const next = PROVIDERS[(i + step + PROVIDERS.length) % PROVIDERS.length];
        if (next) { switchProvider(next.id); (providerBar.querySelector(`[data-provider="${next.id}"]`) as HTMLElement | null)?.focus(); }
      });
      providerBar.append(b);
    }
  }

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
  function specs(): FieldSpec[] {
    const cand = [...CANDIDATE];
    if (provider === "hireflix") cand.push(...HIREFLIX_NAMES);
    if (provider === "hireflix" || provider === "tidyhire") cand.push(PHONE);
    return [...cand, ...JOB_FIELDS[provider]];
  }

  function defaultZone(): string {
    return ctx.lastZone() ?? (provider === "apploi" ? "America/New_York" : ctx.systemZone());
  }

  function wall(key: string): WallState {
    let w = walls[key];
    if (!w) {
      w = { date: "", time: "", zone: defaultZone(), overlap: "earlier", preview: null, error: null };
      walls[key] = w;
    }
    return w;
  }

  function errorFor(spec: FieldSpec): string | null {
    if (spec.kind === "wall") {
      const w = wall(spec.key);
      if (!w.date && !w.time) return spec.required ? `Enter the ${spec.label.toLowerCase()}.` : null;
      if (!w.date || !w.time) return "Enter both the date (YYYY-MM-DD) and the time (HH:MM).";
      if (w.error) return w.error;
      if (spec.key === "apploi.interview" && w.preview?.inPast) return "This time is in the past: choose a future time.";
      if (spec.key === "xobin.expiry" && w.preview) {
        if (w.preview.inPast) return "This expiry is in the past: choose a later time.";
        const start = walls["xobin.start"];
        if (start?.preview && start.date && start.time && w.preview.utc <= start.preview.utc) return "The link must expire after it opens.";
      }
      return null;
    }
    if (spec.kind === "kv") return parseKv(str(values[spec.key])).error;
    return spec.check ? spec.check(values[spec.key], values) : null;
  }

  function control(spec: FieldSpec): HTMLElement {
    const id = `f-${spec.key.replace(/\./g, "-")}`;
    const describedBy = `err-${id}${spec.hint ? ` hint-${id}` : ""}`;
    const onChange = () => { touched.add(spec.key); refreshValidity(); };
    switch (spec.kind) {
      case "text":
      case "email": {
        const input = h("input", { id, type: spec.kind === "email" ? "email" : "text", value: str(values[spec.key]), placeholder: spec.placeholder, "aria-describedby": describedBy, "aria-required": spec.required ? "true" : undefined, spellcheck: "false" });
        const onInput = () => {
          values[spec.key] = input.value;
          if (spec.key === "candidateName" && provider === "hireflix" && !touched.has("hireflix.firstName") && !touched.has("hireflix.lastName")) syncHireflixNames();
          refreshValidity();
        };
        input.addEventListener("input", onInput);
        input.addEventListener("change", onInput);
        // Leaving an empty field is not a mistake yet: only judge what was typed (or on Send).
        input.addEventListener("blur", () => { if (input.value.trim()) onChange(); });
        return input;
      }
      case "textarea": {
        const ta = h("textarea", { id, rows: 4, "aria-describedby": describedBy }, str(values[spec.key]));
        ta.addEventListener("input", () => { values[spec.key] = ta.value; refreshValidity(); });
        ta.addEventListener("blur", onChange);
        return ta;
      }
      case "kv": {
        const ta = h("textarea", { id, rows: 2, "aria-describedby": describedBy, placeholder: "key = value", spellcheck: "false" }, str(values[spec.key]));
        ta.addEventListener("input", () => { values[spec.key] = ta.value; refreshValidity(); });
        ta.addEventListener("blur", onChange);
        return ta;
      }
      case "select": {
        const sel = h("select", { id, "aria-describedby": describedBy }, ...(spec.options ?? []).map((o) => h("option", { value: o.value }, o.label)));
        sel.value = str(values[spec.key]);
        sel.addEventListener("change", () => { values[spec.key] = sel.value; onChange(); });
        return sel;
      }
      case "radio": {
        if (values[spec.key] === undefined) values[spec.key] = spec.key === "xobin.inviteFormat" ? ctx.settings().xobinInviteFormat : spec.options?.[0]?.value;
        const group = h("div", { class: "radios", role: "radiogroup", id, "aria-labelledby": `lbl-${id}` });
        for (const o of spec.options ?? []) {
          const rid = `${id}-${o.value}`;
          const r = h("input", { type: "radio", name: id, id: rid, value: o.value, checked: values[spec.key] === o.value });
          r.addEventListener("change", () => { values[spec.key] = o.value; onChange(); });
          group.append(h("label", { for: rid, class: "radio" }, r, " ", o.label));
        }
        return group;
      }
      case "tags":
        return tagInput(id, spec, describedBy, onChange);
      case "wall":
        return wallInput(id, spec);
    }
  }

  function tagInput(id: string, spec: FieldSpec, describedBy: string, onChange: () => void): HTMLElement {
    const list = (): string[] => (Array.isArray(values[spec.key]) ? (values[spec.key] as string[]) : []);
    const chips = h("span", { class: "chips" });
    const input = h("input", { id, type: "text", "aria-describedby": describedBy, placeholder: "Type and press Enter" });
    const renderChips = () => {
      clear(chips);
      for (const t of list()) {
        const x = h("button", { type: "button", class: "chip-x", "aria-label": `Remove ${t}` }, "×");
        x.addEventListener("click", () => { values[spec.key] = list().filter((v) => v !== t); renderChips(); onChange(); input.focus(); });
        chips.append(h("span", { class: "chip" }, t, x));
      }
    };
    const add = () => {
      const parts = input.value.split(",").map((s) => s.trim()).filter(Boolean);
      if (!parts.length) return;
      const cur = list();
      for (const p of parts) if (!cur.some((c) => c.toLowerCase() === p.toLowerCase())) cur.push(p);
      values[spec.key] = [...cur];
      input.value = "";
      renderChips();
      onChange();
    };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !(e.ctrlKey || e.metaKey)) { e.preventDefault(); add(); }
      else if (e.key === "," ) { e.preventDefault(); add(); }
      else if (e.key === "Backspace" && !input.value && list().length) { values[spec.key] = list().slice(0, -1); renderChips(); onChange(); }
    });
    input.addEventListener("blur", add);
    renderChips();
    return h("div", { class: "tags" }, chips, input);
  }

  const previewTimers: Record<string, number> = {};
  function wallInput(id: string, spec: FieldSpec): HTMLElement {
    const w = wall(spec.key);
    const date = h("input", { id, type: "text", class: "date", value: w.date, placeholder: "YYYY-MM-DD", inputmode: "numeric", "aria-label": `${spec.label} date`, "aria-describedby": `err-${id} prev-${id}` });
    const time = h("input", { id: `${id}-time`, type: "text", class: "time", value: w.time, placeholder: "HH:MM", inputmode: "numeric", "aria-label": `${spec.label} time (24-hour)`, "aria-describedby": `err-${id} prev-${id}` });
    const zone = zonePicker(`${id}-zone`, w.zone, (z) => { w.zone = z; touched.add(spec.key); schedulePreview(spec); });
    zone.input.setAttribute("aria-label", `${spec.label} time zone`);
    const preview = h("div", { id: `prev-${id}`, class: "preview" });
    const overlap = h("div", { id: `overlap-${id}`, class: "overlap", hidden: true });
    for (const ev of ["input", "change"]) {
      date.addEventListener(ev, () => { if (w.date !== date.value.trim()) { w.date = date.value.trim(); schedulePreview(spec); } });
      time.addEventListener(ev, () => { if (w.time !== time.value.trim()) { w.time = time.value.trim(); schedulePreview(spec); } });
    }
    for (const el of [date, time]) el.addEventListener("blur", () => { touched.add(spec.key); refreshValidity(); });
    const box = h("div", { class: "wall" }, h("div", { class: "wall-inputs" }, date, time, zone.el), preview, overlap);
    renderPreview(spec, preview, overlap);
    return box;
  }

  function schedulePreview(spec: FieldSpec): void {
    window.clearTimeout(previewTimers[spec.key]);
    const w = wall(spec.key);
    if (!w.date || !w.time) { w.preview = null; w.error = null; paintPreview(spec); refreshValidity(); return; }
    previewTimers[spec.key] = window.setTimeout(async () => {
      const label = spec.key === "xobin.expiry" ? "Expires" : spec.key === "xobin.start" ? "Starts" : "Interview";
      const request: WallTime = { date: w.date, time: w.time, zone: w.zone, overlap: w.overlap };
      try {
        const p = await api.previewTime(request, spec.json, label);
        if (w.date !== request.date || w.time !== request.time || w.zone !== request.zone) return;
        w.preview = p;
        w.error = null;
      } catch (e) {
        w.preview = null;
        w.error = asAppError(e).message;
      }
      touched.add(spec.key);
      paintPreview(spec);
      refreshValidity();
    }, 120);
  }

  function paintPreview(spec: FieldSpec): void {
    const id = `f-${spec.key.replace(/\./g, "-")}`;
    const preview = document.getElementById(`prev-${id}`);
    const overlap = document.getElementById(`overlap-${id}`);
    if (preview && overlap) renderPreview(spec, preview, overlap);
  }

  function renderPreview(spec: FieldSpec, preview: HTMLElement, overlapEl: HTMLElement): void {
    const w = wall(spec.key);
    clear(preview);
    clear(overlapEl);
    overlapEl.hidden = true;
    if (!w.date && !w.time) {
      if (spec.emptyMeaning) preview.append(h("span", { class: "muted" }, spec.emptyMeaning));
      return;
    }
    if (!w.preview) return;
    preview.append(h("span", { class: "sends" }, w.preview.text));
    if (w.preview.inPast && spec.key === "xobin.start") preview.append(h("span", { class: "note" }, " · in the past: the link is active immediately"));
    const o = w.preview.overlap;
    if (o) {
      overlapEl.hidden = false;
      const name = `ov-${spec.key}`;
      overlapEl.append(h("span", {}, `${w.time} happens twice on ${w.date} in ${w.zone}. Which one?`));
      for (const [choice, off, gmt] of [["earlier", o.earlierOffset, o.earlierGmt], ["later", o.laterOffset, o.laterGmt]] as const) {
        const rid = `${name}-${choice}`;
        const r = h("input", { type: "radio", name, id: rid, checked: w.overlap === choice });
        r.addEventListener("change", () => { w.overlap = choice; schedulePreview(spec); });
        overlapEl.append(h("label", { for: rid, class: "radio" }, r, ` ${choice === "earlier" ? "First" : "Second"} (${off}) = ${gmt} GMT`));
      }
    }
  }

  function syncHireflixNames(): void {
    const [first, last] = splitName(str(values["candidateName"]));
    values["hireflix.firstName"] = first;
    values["hireflix.lastName"] = last;
    const f = document.getElementById("f-hireflix-firstName") as HTMLInputElement | null;
    const l = document.getElementById("f-hireflix-lastName") as HTMLInputElement | null;
    if (f) f.value = first;
    if (l) l.value = last;
  }

  function fieldRow(spec: FieldSpec): HTMLElement {
    const id = `f-${spec.key.replace(/\./g, "-")}`;
    return h("div", { class: `field${spec.wide || spec.kind === "wall" ? " wide" : ""}`, "data-field": spec.json },
      h("label", { for: id, id: `lbl-${id}` }, spec.label, spec.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
      control(spec),
      spec.hint ? h("div", { class: "hint", id: `hint-${id}` }, spec.hint) : null,
      h("div", { class: "error", id: `err-${id}`, role: "alert" }));
  }

  async function renderProfiles(container: HTMLElement): Promise<void> {
    try { profiles = await api.jobProfiles("tidyhire"); } catch { profiles = []; }
    clear(container);
    const sel = h("select", { id: "job-profile" }, h("option", { value: "" }, profiles.length ? "Load a saved job…" : "No saved jobs yet"), ...profiles.map((p) => h("option", { value: String(p.id) }, p.name)));
    sel.addEventListener("change", () => {
      const p = profiles.find((x) => String(x.id) === sel.value);
      if (!p) return;
      for (const spec of JOB_FIELDS.tidyhire) if (spec.json in p.data) values[spec.key] = p.data[spec.json];
      renderAll();
      toast(`Loaded job “${p.name}”.`);
    });
    const save = h("button", { type: "button", id: "save-profile" }, "Save job");
    save.addEventListener("click", async () => {
      const name = str(values["tidyhire.jobTitle"]) || str(values["tidyhire.externalId"]);
      if (!name) { toast("Enter a job title first."); return; }
      const data: Record<string, unknown> = {};
      for (const spec of JOB_FIELDS.tidyhire) data[spec.json] = values[spec.key] ?? null;
      try { await api.saveJobProfile(name, "tidyhire", data); toast(`Saved job “${name}”.`); await renderProfiles(container); }
      catch (e) { toast(asAppError(e).message); }
    });
    const del = h("button", { type: "button", id: "delete-profile", disabled: !profiles.length }, "Delete…");
    del.addEventListener("click", async () => {
      const p = profiles.find((x) => String(x.id) === sel.value);
      if (!p) { toast("Choose a saved job to delete."); return; }
      if (!(await api.confirm(`Delete the saved job “${p.name}”? Invites already sent are not affected.`, "Delete saved job", "Delete"))) return;
      await api.deleteJobProfile(p.id);
      await renderProfiles(container);
    });
    container.append(h("label", { for: "job-profile" }, "Saved jobs"), sel, save, del);
  }

  function renderAll(): void {
    renderProviders();
    clear(candidateSec);
    clear(jobSec);
    const all = specs();
    candidateSec.append(h("legend", {}, "Candidate"), h("div", { class: "grid" }, all.filter((s) => CANDIDATE.includes(s) || HIREFLIX_NAMES.includes(s) || s === PHONE).map(fieldRow)));
    if (provider === "hireflix" && !str(values["hireflix.firstName"]) && !str(values["hireflix.lastName"])) syncHireflixNames();
    jobSec.append(h("legend", {}, provider === "apploi" ? "Interview (Apploi schedules it)" : `Interview (${providerName(provider)})`));
    if (provider === "tidyhire") {
      const bar = h("div", { class: "profiles" });
      jobSec.append(bar);
      void renderProfiles(bar);
    }
    jobSec.append(h("div", { class: "grid" }, JOB_FIELDS[provider].map(fieldRow)));
    renderKeyBanner();
    refreshValidity();
  }

  function renderKeyBanner(): void {
    clear(keyBanner);
    const saved = ctx.keySaved(provider);
    keyBanner.hidden = saved !== false;
    if (saved === false) {
      const go = h("button", { type: "button", class: "link", id: "go-settings" }, "Open Settings");
      go.addEventListener("click", () => ctx.goSettings(provider));
      keyBanner.append(`No ${providerName(provider)} API key is saved on this computer yet. Save it in Settings before sending. `, go);
    }
  }

  function invalidFields(): { spec: FieldSpec; msg: string }[] {
    return specs().map((spec) => ({ spec, msg: errorFor(spec) })).filter((x): x is { spec: FieldSpec; msg: string } => x.msg !== null);
  }

  function refreshValidity(): void {
    const bad = invalidFields();
    for (const spec of specs()) {
      const id = `f-${spec.key.replace(/\./g, "-")}`;
      const el = document.getElementById(`err-${id}`);
      const msg = bad.find((b) => b.spec === spec)?.msg ?? null;
      const show = msg !== null && (attempted || touched.has(spec.key));
      if (el) setText(el, show ? msg : "");
      document.getElementById(id)?.setAttribute("aria-invalid", show ? "true" : "false");
    }
    let reason = "";
    if (ctx.keySaved(provider) === false) reason = `Save a ${providerName(provider)} API key in Settings first.`;
    else if (bad.length) {
      const first = bad[0];
      reason = first ? `${first.spec.label.replace(/ \(.*\)$/, "")}: ${first.msg}` : "";
      if (bad.length > 1) reason += ` (+${bad.length - 1} more)`;
    }
    sendBtn.disabled = sending || reason !== "";
    // Only touch text that changed: replacing the button's text node between a mouse press and
    // its release makes WebKit drop the click.
    setText(sendBtn, sending ? "Sending…" : provider === "apploi" ? "Schedule interview" : "Send invite");
    sendBtn.setAttribute("aria-busy", sending ? "true" : "false");
    setText(sendReason, sending ? "" : reason);
  }

  function payload(): InviteForm {
    const out: InviteForm = { provider };
    for (const spec of specs()) {
      const v = values[spec.key];
      if (spec.kind === "wall") {
        const w = wall(spec.key);
        if (w.date && w.time) out[spec.json] = { date: w.date, time: w.time, zone: w.zone, overlap: w.overlap };
      } else if (spec.kind === "tags") {
        out[spec.json] = Array.isArray(v) ? v : [];
      } else if (spec.kind === "kv") {
        out[spec.json] = parseKv(str(v)).value;
      } else if (str(v) !== "") {
        out[spec.json] = str(v);
      }
    }
    return out;
  }

  // ---- send ----
  async function send(): Promise<void> {
    attempted = true;
    refreshValidity();
    if (sending || sendBtn.disabled) {
      const firstBad = invalidFields()[0];
      if (firstBad) document.getElementById(`f-${firstBad.spec.key.replace(/\./g, "-")}`)?.focus();
      return;
    }
    const form = payload();
    sending = true;
    refreshValidity();
    clear(resultBox);
    try {
      let res: SendResult = await api.sendInvite(form, false);
      if (res.status === "confirm") {
        const yes = await api.confirm(res.question, "Send another invite?", "Send another");
        if (!yes) { showInfo("Not sent. The earlier invite is in History.", res.previous.candidateEmail); return; }
        res = await api.sendInvite(form, true);
      }
      if (res.status === "sent") {
        lastLink = res.outcome.link ?? null;
        await showResult(res.outcome, res.notes, form);
      }
    } catch (e) {
      showError(asAppError(e), form);
    } finally {
      sending = false;
      refreshValidity();
      void ctx.refreshKeys().then(renderKeyBanner);
    }
  }

  function showInfo(text: string, search: string): void {
    clear(resultBox);
    const find = h("button", { type: "button" }, "Find it in History");
    find.addEventListener("click", () => ctx.goHistory(search));
    resultBox.append(h("div", { class: "card info", id: "result-info" }, h("p", {}, text), find));
  }

  function messageText(outcome: InviteOutcome, form: InviteForm): string {
    const name = str(form["candidateName"]) || `${str(form["firstName"])} ${str(form["lastName"])}`.trim();
    const first = str(form["firstName"]) || splitName(name)[0];
    const job = str(form["jobTitle"]);
    const exp = walls["xobin.expiry"];
    const expiry = provider === "xobin" && exp?.preview && exp.date ? `The link expires ${exp.date} ${exp.time} ${exp.zone} (${exp.preview.gmt} GMT).\n\n` : "";
    return ctx.settings().messageTemplate
      .replaceAll("{first_name}", first)
      .replaceAll("{name}", name)
      .replaceAll("{job}", job)
      .replaceAll("{link}", outcome.link ?? "")
      .replaceAll("{expiry_line}", expiry);
  }

  async function copyLink(link: string): Promise<void> {
    try { await api.copyText(link); toast("Link copied to the clipboard."); }
    catch (e) { toast(asAppError(e).message); }
  }

  async function showResult(outcome: InviteOutcome, notes: string[], form: InviteForm): Promise<void> {
    clear(resultBox);
    const card = h("div", { class: "card ok", id: "result-card", "data-seq": String(++resultSeq) });
    const title = outcome.link ? "Invite sent ✓" : provider === "apploi" ? "Interview scheduled ✓" : "Invite sent ✓";
    card.append(h("h2", {}, title));
    card.append(h("p", { id: "result-summary" }, outcome.summary));
    if (outcome.link) {
      const link = outcome.link;
      const linkBox = h("input", { id: "result-link", class: "link-box", type: "text", readonly: true, value: link, "aria-label": "Interview link" });
      linkBox.addEventListener("focus", () => linkBox.select());
      const copy = h("button", { type: "button", id: "copy-link", class: "primary" }, "Copy link");
      copy.addEventListener("click", () => void copyLink(link));
      const open = h("button", { type: "button", id: "open-link", disabled: !isHttps(link), title: isHttps(link) ? "Open in your browser" : "Only https links open from here" }, "Open");
      open.addEventListener("click", () => void api.openLink(link).catch((e) => toast(asAppError(e).message)));
      const msgBtn = h("button", { type: "button", id: "message-toggle" }, "Invite message…");
      const msgBox = h("div", { class: "message", hidden: true });
      const ta = h("textarea", { id: "message-text", rows: 8, "aria-label": "Invite message" }, messageText(outcome, form));
      const copyMsg = h("button", { type: "button", id: "copy-message" }, "Copy message");
      copyMsg.addEventListener("click", async () => { try { await api.copyText(ta.value); toast("Invite message copied."); } catch (e) { toast(asAppError(e).message); } });
      msgBox.append(ta, copyMsg);
      msgBtn.addEventListener("click", () => { msgBox.hidden = !msgBox.hidden; if (!msgBox.hidden) ta.focus(); });
      card.append(h("div", { class: "link-row" }, linkBox), h("div", { class: "buttons" }, copy, open, msgBtn, h("kbd", { class: "shortcut" }, "Ctrl+Shift+C")), msgBox);
      if (ctx.settings().autoCopy) {
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
    again.addEventListener("click", newInvite);
    card.append(h("div", { class: "buttons" }, again));
    resultBox.append(card);
    card.scrollIntoView({ block: "nearest" });
  }

  function showError(err: AppError, form: InviteForm): void {
    clear(resultBox);
    const card = h("div", { class: "card bad", id: "result-error", role: "alert", "data-seq": String(++resultSeq) });
    card.append(h("h2", {}, ERROR_TITLES[err.kind] ?? "Not sent"), h("p", { id: "error-message" }, err.message));
    const buttons = h("div", { class: "buttons" });
    if (err.kind === "duplicate" || err.kind === "timeout") {
      const b = h("button", { type: "button", id: "find-history" }, "Find it in History");
      b.addEventListener("click", () => ctx.goHistory(str(form["candidateEmail"])));
      buttons.append(b);
    }
    if (err.kind === "missing_key" || err.kind === "invalid_key" || err.kind === "keychain") {
      const b = h("button", { type: "button", id: "fix-settings" }, "Open Settings");
      b.addEventListener("click", () => ctx.goSettings(provider));
      buttons.append(b);
    }
    if (err.kind === "rate_limited" && err.retryAfterSecs) card.append(h("p", { class: "note" }, `Try again in ${err.retryAfterSecs} seconds.`));
    if (err.status) card.append(h("p", { class: "muted" }, `HTTP ${err.status}`));
    if (buttons.childElementCount) card.append(buttons);
    resultBox.append(card);
    if (err.field) {
      const spec = specs().find((s) => s.json === err.field || err.field?.startsWith(`${s.json}.`));
      if (spec) {
        const el = document.getElementById(`err-f-${spec.key.replace(/\./g, "-")}`);
        if (el) el.textContent = err.message;
        document.getElementById(`f-${spec.key.replace(/\./g, "-")}`)?.focus();
      }
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
    document.getElementById("f-candidateName")?.focus();
  }

  document.addEventListener("keydown", (e) => {
    if (root.hidden) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === "Enter") { e.preventDefault(); void send(); }
    else if (mod && e.shiftKey && (e.key === "C" || e.key === "c") && lastLink) { e.preventDefault(); void copyLink(lastLink); }
  });

  renderAll();
  return {
    focus: () => document.getElementById("f-candidateName")?.focus(),
    onShow: () => {
      renderKeyBanner();
      refreshValidity();
      void ctx.refreshKeys().then(() => { renderKeyBanner(); refreshValidity(); });
    },
  };
}

