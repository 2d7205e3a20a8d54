// Settings → Providers: a vendor's accounts beyond its key and address (an agency's clients, a
// sandbox beside production). Default is the account every vendor has; others are added here,
// each with its own name, address and key in the keychain. Rust checks every name, address and
// key, warns when one key is pasted for two accounts, and keeps a removed account's invites in
// History under its name; this draws the forms and says what Rust answered.
import { accountViews } from "./accounts";
import { api, asAppError, type AccountView, type ProviderInfo } from "./api";
import { h, toast } from "./dom";

export interface AccountsEnv {
  /** Reloads the settings and key states, then draws Settings again. */
  changed: () => Promise<void>;
}

/** The accounts block of a provider card: Default's name and test, each added account, and
 * "Add an account". */
export function drawAccounts(p: ProviderInfo, env: AccountsEnv): HTMLElement {
  const list = accountViews().filter((a) => a.provider === p.id);
  const box = h("div", { class: "vendor-accounts", id: `accounts-${p.id}` });
  const def = list.find((a) => a.id === "default");
  box.append(h("h4", { class: "sub" }, "Accounts"),
    h("p", { class: "hint" }, list.length > 1 ? `Invites go through the account picked on the Invite form. The key and address above are “${def?.label ?? "Default"}”’s.` : `One ${p.name} account: the key and address above. Add another for a second client company or a sandbox.`));
  for (const a of list) box.append(accountRow(p, a, env));
  box.append(addForm(p, env));
  return box;
}

/** Saves a key for account `a`, asking first when the same key is saved for another account. */
export async function saveAccountKey(p: ProviderInfo, id: string, label: string, key: string): Promise<boolean> {
  let r = await api.saveAccountKey(p.id, id, key, false);
  if (!r.saved && r.sharedWith !== null) {
    const yes = await api.confirm(`This key is already saved for the ${p.name} account “${r.sharedWith}”. Two accounts with one key send to the same ${p.name} account. Save it for “${label}” anyway?`, "The same key for two accounts?", "Save anyway");
    if (!yes) return false;
    r = await api.saveAccountKey(p.id, id, key, true);
  }
  return r.saved;
}

function accountRow(p: ProviderInfo, a: AccountView, env: AccountsEnv): HTMLElement {
  const base = `acct-${p.id}-${a.id}`;
  const err = h("div", { class: "error", id: `${base}-err`, role: "alert" }, a.keyError ?? "");
  const say = (e: unknown) => { err.textContent = asAppError(e).message; };
  const name = h("input", { id: `${base}-label`, value: a.label, maxlength: 80, "aria-label": `Name of the ${p.name} account ${a.label}` });
  const rename = h("button", { type: "button", id: `${base}-rename` }, "Rename");
  rename.addEventListener("click", async () => {
    err.textContent = "";
    try { await api.renameAccount(p.id, a.id, name.value); toast(`Account renamed “${name.value.trim()}”; its invites in History follow.`); await env.changed(); } catch (e) { say(e); }
  });
  const test = h("button", { type: "button", id: `${base}-test`, disabled: !a.keySaved }, "Test");
  test.addEventListener("click", async () => {
    err.textContent = "";
    test.disabled = true;
    try { toast(await api.testAccount(p.id, a.id)); } catch (e) { say(e); } finally { test.disabled = !a.keySaved; }
  });
  const row = h("div", { class: "account", id: base },
    h("div", { class: "inline" }, name, rename,
      h("span", { class: `badge ${a.keySaved ? "sent" : "failed"}`, id: `${base}-state` }, a.keyError ? "keychain unavailable" : a.keySaved ? "Key saved ✓" : "No key"),
      a.testable ? test : h("span", { class: "hint" }, "No test call at this vendor: the first invite checks the key.")));
  if (a.id !== "default") {
    const key = h("input", { id: `${base}-key`, type: "password", autocomplete: "off", spellcheck: "false", placeholder: a.keySaved ? "Paste a new key to replace it" : "Paste the API key", "aria-label": `API key of ${a.label}` });
    const saveKey = h("button", { type: "button", id: `${base}-key-save` }, a.keySaved ? "Replace key" : "Save key");
    saveKey.addEventListener("click", async () => {
      err.textContent = "";
      try { if (await saveAccountKey(p, a.id, a.label, key.value)) { key.value = ""; toast(`Key saved in the keychain for “${a.label}”.`); await env.changed(); } } catch (e) { say(e); }
    });
    const url = h("input", { id: `${base}-url`, type: "url", value: a.baseUrl ?? p.defaultBaseUrl, spellcheck: "false", "aria-label": `API address of ${a.label}` });
    const saveUrl = h("button", { type: "button", id: `${base}-url-save` }, "Save address");
    saveUrl.addEventListener("click", async () => {
      err.textContent = "";
      try { await api.setAccountAddress(p.id, a.id, url.value.trim() || null); toast(`Address saved for “${a.label}”.`); await env.changed(); } catch (e) { say(e); }
    });
    const remove = h("button", { type: "button", id: `${base}-remove`, class: "danger" }, "Remove…");
    remove.addEventListener("click", async () => {
      if (!(await api.confirm(`Remove the ${p.name} account “${a.label}”? Its key is deleted from this computer’s keychain. Its invites stay in History under its name; to refresh or revoke them later, add the account again.`, "Remove account", "Remove"))) return;
      try { const n = await api.removeAccount(p.id, a.id); toast(`“${a.label}” removed; its ${n} invite${n === 1 ? "" : "s"} stay in History.`); await env.changed(); } catch (e) { say(e); }
    });
    row.append(h("div", { class: "inline" }, key, saveKey), h("div", { class: "inline" }, url, saveUrl, remove));
  }
  row.append(err);
  return row;
}

function addForm(p: ProviderInfo, env: AccountsEnv): HTMLElement {
  const base = `acct-new-${p.id}`;
  const label = h("input", { id: `${base}-label`, maxlength: 80, placeholder: `e.g. Acme — ${p.name}` });
  const key = h("input", { id: `${base}-key`, type: "password", autocomplete: "off", spellcheck: "false", placeholder: "Paste its API key" });
  const url = h("input", { id: `${base}-url`, type: "url", spellcheck: "false", placeholder: `${p.defaultBaseUrl} (leave empty for this)` });
  const err = h("div", { class: "error", id: `${base}-err`, role: "alert" });
  const add = h("button", { type: "button", id: `${base}-add` }, "Add account");
  add.addEventListener("click", async () => {
    err.textContent = "";
    add.disabled = true;
    try {
      const a = await api.addAccount(p.id, label.value, url.value.trim() || null);
      if (key.value.trim() !== "" && !(await saveAccountKey(p, a.id, a.label, key.value))) toast(`“${a.label}” added without a key: paste one when ready.`);
      else toast(`${p.name} account “${a.label}” added.`);
      await env.changed();
    } catch (e) { err.textContent = asAppError(e).message; } finally { add.disabled = false; }
  });
  return h("details", { class: "add-account", id: base },
    h("summary", {}, `Add a ${p.name} account`),
    h("div", { class: "grid" },
      h("div", { class: "field" }, h("label", { for: `${base}-label` }, "Name"), label),
      h("div", { class: "field" }, h("label", { for: `${base}-key` }, "API key"), key),
      h("div", { class: "field" }, h("label", { for: `${base}-url` }, "API address (optional)"), url)),
    err, h("div", { class: "buttons" }, add));
}
