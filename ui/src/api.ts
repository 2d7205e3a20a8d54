// The one typed wrapper around every command the Rust side exposes. Nothing else calls invoke.
import { invoke } from "@tauri-apps/api/core";
import { ask } from "@tauri-apps/plugin-dialog";

export type ProviderId = "xobin" | "interviewflow" | "tidyhire" | "hireflix" | "apploi";

export type ErrorKind =
  | "validation" | "missing_key" | "invalid_key" | "keychain" | "duplicate" | "quota"
  | "not_found" | "rate_limited" | "vendor" | "network" | "timeout" | "storage" | "io" | "internal";

export interface AppError {
  kind: ErrorKind;
  message: string;
  field?: string;
  provider?: ProviderId;
  status?: number;
  retryAfterSecs?: number;
  /** The request may have reached the vendor and created the invite: recorded `unknown`. */
  outcomeUnknown?: boolean;
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

/** Any thrown value as an AppError, so the UI always has a kind and a message to show. */
export function asAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return { kind: "internal", message: e instanceof Error ? e.message : String(e) };
}

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  keychainBackend: string;
  tzdbVersion: string;
  notices: string[];
}

export interface ProviderInfo {
  id: ProviderId;
  name: string;
  defaultBaseUrl: string;
}

export interface WallTime {
  date: string;
  time: string;
  zone: string;
  overlap?: "earlier" | "later";
}

export interface OverlapInfo {
  earlierOffset: string;
  laterOffset: string;
  earlierGmt: string;
  laterGmt: string;
  chosen: "earlier" | "later";
}

export interface Preview {
  text: string;
  utc: string;
  gmt: string;
  offset: string;
  inPast: boolean;
  overlap?: OverlapInfo | null;
}

/** The presets next to "Link expires" (schedule/presets.rs). */
export type ExpiryPreset = "in2Days" | "in7Days" | "endOfFriday" | "custom";

export interface PresetTime {
  preset: ExpiryPreset;
  wall: WallTime;
  preview: Preview;
  /** `Wed 28 Oct 2026, 10:15 Europe/London (UTC+00:00) = 2026-10-28 10:15 GMT` */
  summary: string;
  note?: string | null;
}

export interface ZoneEntry {
  name: string;
  label: string;
  offsetMinutes: number;
  keywords?: string;
}

export interface ZoneList {
  zones: ZoneEntry[];
  system: { name: string; detected: boolean; note?: string | null };
  lastUsed?: string | null;
}

export interface InviteOutcome {
  link?: string | null;
  vendorIds: Record<string, string>;
  vendorStatus?: string | null;
  vendorEmailsCandidate: boolean;
  summary: string;
  extraLinks: Record<string, string>;
  skippedEmails: string[];
}

export type Outcome = "pending" | "sent" | "failed" | "unknown";

export interface InviteRecord {
  id: number;
  provider: ProviderId;
  candidateName: string;
  candidateEmail: string;
  jobRef: string;
  jobName?: string | null;
  scheduledAt?: string | null;
  startAt?: string | null;
  expiryAt?: string | null;
  zone?: string | null;
  link?: string | null;
  vendorIds: Record<string, string>;
  vendorStatus?: string | null;
  vendorEmailsCandidate: boolean;
  summary?: string | null;
  extraLinks: Record<string, string>;
  skippedEmails: string[];
  outcome: Outcome;
  errorKind?: string | null;
  errorMessage?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryQuery {
  search?: string;
  provider?: ProviderId;
  outcome?: Outcome;
  offset: number;
  limit: number;
}

export interface HistoryPage {
  rows: InviteRecord[];
  total: number;
  offset: number;
  limit: number;
}

export type SendResult =
  | { status: "sent"; recordId: number; outcome: InviteOutcome; notes: string[] }
  | { status: "confirm"; previous: InviteRecord; question: string };

export interface KeyStatus {
  provider: ProviderId;
  saved: boolean;
  error?: string | null;
}

export interface Settings {
  baseUrls: Partial<Record<ProviderId, string>>;
  xobinInviteFormat: "getlink" | "sendlink";
  autoCopy: boolean;
  messageTemplate: string;
  lastZone?: string | null;
  /** The preset each provider's "Link expires" starts with; absent = custom. */
  expiryPresets?: Partial<Record<ProviderId, ExpiryPreset>>;
  /** A notification when long work finishes while the window is in the background. */
  notifyWhenDone?: boolean;
}

export interface JobProfile {
  id: number;
  name: string;
  provider: ProviderId;
  data: Record<string, unknown>;
  updatedAt: string;
}

/** The form as Rust deserializes it: `provider` tags the variant, fields are camelCase. */
export type InviteForm = { provider: ProviderId } & Record<string, unknown>;

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  uiReady: (page: string, painted: boolean) => invoke<number>("ui_ready", { page, painted }),
  providers: () => invoke<ProviderInfo[]>("provider_info"),
  listTimeZones: () => invoke<ZoneList>("list_time_zones"),
  previewTime: (wall: WallTime, field: string, label: string) =>
    invoke<Preview>("preview_time", { wall, field, label }),
  expiryPreset: (preset: ExpiryPreset, zone: string, field: string, label: string) =>
    invoke<PresetTime | null>("expiry_preset", { preset, zone, field, label }),
  keyStatus: () => invoke<KeyStatus[]>("key_status"),
  saveKey: (provider: ProviderId, key: string) => invoke<KeyStatus>("save_key", { provider, key }),
  deleteKey: (provider: ProviderId) => invoke<boolean>("delete_key", { provider }),
  getSettings: () => invoke<Settings>("get_settings"),
  saveSettings: (settings: Settings) => invoke<Settings>("save_settings", { settings }),
  sendInvite: (form: InviteForm, allowDuplicate: boolean) =>
    invoke<SendResult>("send_invite", { form, allowDuplicate }),
  copyText: (text: string) => invoke<void>("copy_text", { text }),
  openLink: (url: string) => invoke<void>("open_link", { url }),
  historyQuery: (query: HistoryQuery) => invoke<HistoryPage>("history_query", { query }),
  historyGet: (id: number) => invoke<InviteRecord>("history_get", { id }),
  exportHistory: (query: HistoryQuery) =>
    invoke<{ path: string; rows: number } | null>("export_history", { query }),
  jobProfiles: (provider: ProviderId) => invoke<JobProfile[]>("job_profiles", { provider }),
  saveJobProfile: (name: string, provider: ProviderId, data: Record<string, unknown>) =>
    invoke<JobProfile>("save_job_profile", { name, provider, data }),
  deleteJobProfile: (id: number) => invoke<boolean>("delete_job_profile", { id }),
  confirm: (message: string, title: string, okLabel: string) =>
    ask(message, { title, kind: "warning", okLabel, cancelLabel: "Cancel" }),
};
