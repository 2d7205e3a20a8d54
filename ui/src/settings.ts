// The Settings view: one card per provider (key saved or not, base URL, defaults), preferences,
// and About. The web view can ask whether a key is saved; it can never read one.
import { api, asAppError, type AppInfo, type ExpiryPreset, type KeyStatus, type ProviderId, type ProviderInfo, type Settings } from "./api";
import { clear, h, toast } from "./dom";
import { FORMS } from "./forms";
import { drawAbout } from "./about";
import { drawCandidate } from "./candidate";
import { mountTeam } from "./team";
import { mountTemplates } from "./templates";
import { drawFollowUpPrefs } from "./templates/prefs";
import { accountsOf } from "./accounts";
import { drawAccounts, saveAccountKey } from "./vendor_accounts";
import { PRESETS } from "./walltime";

export interface SettingsContext {
  settings: () => Settings;
  setSettings: (s: Settings) => void;
  keys: () => KeyStatus[];
  refreshKeys: () => Promise<void>;
  providers: () => ProviderInfo[];
  info: () => AppInfo | null;
}

export function mountSettings(root: HTMLElement, ctx: SettingsContext): { show: (focus?: ProviderId) => void } {
  const cards = h("div", { class: "cards", id: "provider-cards" });
  const prefs = h("div", { class: "card", id: "prefs" });
  const about = h("div", { class: "card", id: "about" });
  const candidate = h("div", { class: "card", id: "candidate-data" });
  const teamCard = h("div", { class: "card", id: "team" });
  const teamView = mountTeam(teamCard, () => undefined);
  const followCard = h("div", { class: "card", id: "follow-up-prefs" });
  const templatesCard = h("div", { class: "card", id: "templates" });
  const templates = mountTemplates(templatesCard);
  root.append(h("h1", {}, "Settings"), h("h2", {}, "Providers"), cards, h("h2", {}, "Preferences"), prefs, h("h2", {}, "Follow up"), followCard, h("h2", {}, "Templates"), templatesCard, h("h2", {}, "Team"), teamCard, h("h2", {}, "Candidate data"), candidate, h("h2", {}, "About"), about);

  async function save(next: Settings, okMessage: string): Promise<boolean> {
    try {
      ctx.setSettings(await api.saveSettings(next));
      toast(okMessage);
      return true;
    } catch (e) {
      toast(asAppError(e).message);
      return false;
    }
  }

  function card(p: ProviderInfo): HTMLElement {
    const status = ctx.keys().find((k) => k.provider === p.id);
    const id = p.id;
    const keyInput = h("input", { id: `key-${id}`, type: "password", autocomplete: "off", spellcheck: "false", placeholder: status?.saved ? "Paste a new key to replace it" : "Paste the API key" });
    const keyErr = h("div", { class: "error", id: `key-err-${id}`, role: "alert" }, status?.error ?? "");
    const saveKey = h("button", { type: "button", id: `key-save-${id}` }, status?.saved ? "Replace key" : "Save key");
    saveKey.addEventListener("click", async () => {
      keyErr.textContent = "";
      saveKey.disabled = true;
      try {
        if (!(await saveAccountKey(p, "default", accountsOf(id)[0]?.label ?? "Default", keyInput.value))) return;
        keyInput.value = "";
        await ctx.refreshKeys();
        toast(`${p.name} key saved in the keychain.`);
        render();
      } catch (e) {
        keyErr.textContent = asAppError(e).message;
      } finally {
        saveKey.disabled = false;
      }
    });
    keyInput.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); saveKey.click(); } });
    const del = h("button", { type: "button", id: `key-delete-${id}`, disabled: !status?.saved }, "Delete key…");
    del.addEventListener("click", async () => {
      if (!(await api.confirm(`Delete the ${p.name} API key from this computer’s keychain? You will need the key again to send ${p.name} invites.`, "Delete API key", "Delete key"))) return;
      try {
        await api.deleteKey(id);
        await ctx.refreshKeys();
        toast(`${p.name} key deleted.`);
        render();
      } catch (e) { keyErr.textContent = asAppError(e).message; }
    });

    const current = ctx.settings().baseUrls[id] ?? p.defaultBaseUrl;
    const urlInput = h("input", { id: `url-${id}`, type: "url", value: current, spellcheck: "false", "aria-describedby": `url-hint-${id}` });
    const urlErr = h("div", { class: "error", id: `url-err-${id}`, role: "alert" });
    const saveUrl = h("button", { type: "button", id: `url-save-${id}` }, "Save address");
    saveUrl.addEventListener("click", async () => {
      urlErr.textContent = "";
      const s = ctx.settings();
      const next: Settings = { ...s, baseUrls: { ...s.baseUrls, [id]: urlInput.value.trim() } };
      try { ctx.setSettings(await api.saveSettings(next)); toast(`${p.name} address saved.`); render(); }
      catch (e) { urlErr.textContent = asAppError(e).message; }
    });
    const reset = h("button", { type: "button", id: `url-reset-${id}`, disabled: current === p.defaultBaseUrl }, "Reset to default");
    reset.addEventListener("click", async () => {
      const s = ctx.settings();
      const baseUrls = { ...s.baseUrls };
      delete baseUrls[id];
      if (await save({ ...s, baseUrls }, `${p.name} address reset.`)) render();
    });

    const body = h("div", { class: "card provider-card", id: `card-${id}` },
      h("div", { class: "card-head" }, h("h3", {}, p.name),
        h("span", { class: `badge ${status?.saved ? "sent" : "failed"}`, id: `key-state-${id}` }, status?.error ? "keychain unavailable" : status?.saved ? "Key saved ✓" : "No key")),
      h("label", { for: `key-${id}` }, "API key"),
      h("div", { class: "inline" }, keyInput, saveKey, del), keyErr,
      h("label", { for: `url-${id}` }, "API address"),
      h("div", { class: "inline" }, urlInput, saveUrl, reset),
      h("div", { class: "hint", id: `url-hint-${id}` }, `Default: ${p.defaultBaseUrl}`), urlErr);
    if (id === "xobin") {
      const sel = h("select", { id: "xobin-format" }, h("option", { value: "getlink" }, "Get link only (you send it)"), h("option", { value: "sendlink" }, "Xobin emails the candidate"));
      sel.value = ctx.settings().xobinInviteFormat;
      sel.addEventListener("change", () => void save({ ...ctx.settings(), xobinInviteFormat: sel.value as Settings["xobinInviteFormat"] }, "Default invite format saved."));
      body.append(h("label", { for: "xobin-format" }, "Default invite format"), sel);
    }
    // Providers whose form has a "Link expires" field: which preset it starts with.
    const expiry = FORMS[id].fields.find((f) => f.presets);
    if (expiry) {
      const selId = `expiry-preset-${id}`;
      const sel = h("select", { id: selId }, PRESETS.map((x) => h("option", { value: x.id }, x.id === "custom" ? "Custom (type it, or leave it empty)" : x.label)));
      sel.value = ctx.settings().expiryPresets?.[id] ?? "custom";
      sel.addEventListener("change", () => {
        const s = ctx.settings();
        const expiryPresets = { ...(s.expiryPresets ?? {}) };
        if (sel.value === "custom") delete expiryPresets[id];
        else expiryPresets[id] = sel.value as ExpiryPreset;
        void save({ ...s, expiryPresets }, `New ${p.name} invites start with “${PRESETS.find((x) => x.id === sel.value)?.label ?? sel.value}” for ${expiry.label.toLowerCase()}.`);
      });
      body.append(h("label", { for: selId }, `Default for “${expiry.label}”`), sel);
    }
    body.append(drawAccounts(p, { changed }));
    return body;
  }

  /** After an account change: the settings and key states again, then Settings redrawn. */
  async function changed(): Promise<void> {
    try { ctx.setSettings(await api.getSettings()); } catch (e) { toast(asAppError(e).message); }
    await ctx.refreshKeys();
    render();
  }

  function render(): void {
    clear(cards);
    for (const p of ctx.providers()) cards.append(card(p));
    drawPrefs(prefs, ctx, save);
    void teamView.render();
    drawFollowUpPrefs(followCard, ctx.settings(), (next) => save(next, "Follow-up settings saved."));
    templates.show();
    drawCandidate(candidate, { settings: ctx.settings, save });
    drawAbout(about, { info: ctx.info, settings: ctx.settings, save });
  }

  return {
    show: (focus?: ProviderId) => {
      render();
      if (focus) document.getElementById(`key-${focus}`)?.focus();
    },
  };
}

/** Preferences: copying, notifications, the invite message, bulk sending. */
function drawPrefs(prefs: HTMLElement, ctx: SettingsContext, save: (next: Settings, okMessage: string) => Promise<boolean>): void {
  clear(prefs);
  const s = ctx.settings();
  const auto = h("input", { type: "checkbox", id: "auto-copy", checked: s.autoCopy });
  auto.addEventListener("change", () => void save({ ...ctx.settings(), autoCopy: auto.checked }, auto.checked ? "Links will be copied automatically." : "Links will not be copied automatically."));
  const tpl = h("textarea", { id: "message-template", rows: 7 }, s.messageTemplate);
  const saveTpl = h("button", { type: "button", id: "template-save" }, "Save message");
  saveTpl.addEventListener("click", () => void save({ ...ctx.settings(), messageTemplate: tpl.value }, "Invite message saved."));
  const notify = h("input", { type: "checkbox", id: "notify-when-done", checked: s.notifyWhenDone ?? true });
  notify.addEventListener("change", () => void save({ ...ctx.settings(), notifyWhenDone: notify.checked }, notify.checked ? "Invite Desk will notify you when long work finishes in the background." : "No more notifications."));
  const across = h("input", { type: "checkbox", id: "ask-across-accounts", checked: s.askAcrossAccounts ?? false });
  across.addEventListener("change", () => void save({ ...ctx.settings(), askAcrossAccounts: across.checked }, across.checked ? "Invite Desk will ask before inviting a candidate again through another account." : "An invite through another account is noted, not asked about."));
  prefs.append(
    h("label", { for: "auto-copy", class: "check" }, auto, " Copy the interview link to the clipboard as soon as an invite is sent"),
    h("label", { for: "ask-across-accounts", class: "check" }, across, " Ask before inviting a candidate for the same job through another account of the vendor (otherwise it is noted on the result)"),
    h("label", { for: "notify-when-done", class: "check" }, notify, " Notify me when long work finishes while Invite Desk is in the background"),
    h("label", { for: "message-template" }, "English invite message"),
    h("div", { class: "hint" }, "Used for an English invite when no template under Templates applies (templates per vendor, job and language come first). Placeholders: {first_name}, {name}, {job}, {link}, {expiry_line}"),
    tpl, h("div", { class: "buttons" }, saveTpl));

  // Bulk invites: Rust checks the ranges (settings::Settings::validate) and names the field.
  const conc = h("input", { type: "number", id: "bulk-concurrency", min: 1, max: 16, value: s.bulkConcurrency ?? 4, "aria-describedby": "bulk-concurrency-hint" });
  const chunk = h("input", { type: "number", id: "bulk-tidyhire-chunk", min: 1, max: 100, value: s.bulkTidyhireChunk ?? 25, "aria-describedby": "bulk-chunk-hint" });
  const bulkErr = h("div", { class: "error", id: "bulk-settings-err", role: "alert" });
  const saveBulk = h("button", { type: "button", id: "bulk-settings-save" }, "Save bulk settings");
  saveBulk.addEventListener("click", async () => {
    bulkErr.textContent = "";
    try {
      ctx.setSettings(await api.saveSettings({ ...ctx.settings(), bulkConcurrency: Number(conc.value), bulkTidyhireChunk: Number(chunk.value) }));
      toast("Bulk settings saved.");
    } catch (e) { bulkErr.textContent = asAppError(e).message; }
  });
  prefs.append(
    h("h3", { class: "sub" }, "Bulk invites"),
    h("div", { class: "grid" },
      h("div", { class: "field" }, h("label", { for: "bulk-concurrency" }, "Invites sent at once"), conc,
        h("div", { class: "hint", id: "bulk-concurrency-hint" }, "For Xobin, InterviewFlowAI and Apploi (1–16). Hireflix sends 10 per request; a vendor's “slow down” pauses the batch.")),
      h("div", { class: "field" }, h("label", { for: "bulk-tidyhire-chunk" }, "Candidates per Tidyhire request"), chunk,
        h("div", { class: "hint", id: "bulk-chunk-hint" }, "Tidyhire takes a list of candidates per call (1–100)."))),
    bulkErr, h("div", { class: "buttons" }, saveBulk));
}
