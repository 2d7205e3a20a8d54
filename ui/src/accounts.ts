// Vendor accounts in the web view: the accounts of each vendor (from the settings Rust sent:
// Default first, then the ones added), each one's key state (asked from Rust), and the account
// picked per vendor on the Invite form (Bulk sends through the same one). Rust resolves and
// checks the account of every call; this remembers what the coordinator picked.
import { api, type AccountView, type ProviderId, type Settings } from "./api";

export interface AccountChoice {
  id: string;
  label: string;
}

let settingsOf: () => Settings = () => ({ accounts: [], lastAccount: {} }) as unknown as Settings;
let views: AccountView[] = [];
const picked: Partial<Record<ProviderId, string>> = {};

/** Where the settings come from (main.ts, once). */
export function initAccounts(settings: () => Settings): void {
  settingsOf = settings;
}

/** The live accounts of `p`, Default first. */
export function accountsOf(p: ProviderId): AccountChoice[] {
  const s = settingsOf();
  const mine = (s.accounts ?? []).filter((a) => a.provider === p);
  const renamed = mine.find((a) => a.id === "default");
  return [{ id: "default", label: renamed?.label ?? "Default" }, ...mine.filter((a) => a.id !== "default" && !a.removed).map((a) => ({ id: a.id, label: a.label }))];
}

/** The account the Invite form sends `p`'s invites through: the one picked, else the one used
 * last (Settings), else Default. */
export function currentAccount(p: ProviderId): string {
  const live = accountsOf(p);
  for (const id of [picked[p], settingsOf().lastAccount?.[p]]) if (id && live.some((a) => a.id === id)) return id;
  return "default";
}

export function pickAccount(p: ProviderId, id: string): void {
  picked[p] = id;
}

/** "Acme" — the current account's name, or null when the vendor has one account only. */
export function accountName(p: ProviderId): string | null {
  const live = accountsOf(p);
  if (live.length < 2) return null;
  return live.find((a) => a.id === currentAccount(p))?.label ?? null;
}

/** Asks Rust which accounts have a key saved (a keychain read per account). */
export async function loadAccountKeys(): Promise<void> {
  views = await api.listAccounts();
}

/** Whether the key of account `id` of `p` is saved; null when not known yet. */
export function accountKeySaved(p: ProviderId, id: string): boolean | null {
  const v = views.find((x) => x.provider === p && x.id === id);
  return v ? v.keySaved : null;
}

export function accountViews(): AccountView[] {
  return views;
}
