// The one typed wrapper around every command the Rust side exposes. Nothing else calls invoke.
import { type Channel, invoke } from "@tauri-apps/api/core";
import { ask } from "@tauri-apps/plugin-dialog";

import type {
  Account,
  AccountView,
  ApplicantPage,
  AppError,
  AppInfo,
  BatchEvent,
  BatchSummary,
  Board,
  FollowUpEvent,
  ImportReport,
  ReinviteResult,
  Reminder,
  ReminderChannel,
  Rendered,
  Snooze,
  Template,
  TemplateList,
  CheckReport,
  Control,
  Erasure,
  ExpiryPreset,
  ExportResult,
  Forgotten,
  InstallProgress,
  HistoryPage,
  HistoryQuery,
  InviteForm,
  InviteRecord,
  JobProfile,
  KeySaved,
  KeyStatus,
  PersonData,
  PositionList,
  PresetTime,
  Preview,
  ProviderId,
  ProviderInfo,
  RecentRef,
  RefreshSummary,
  RevokeResult,
  StatusRow,
  SendResult,
  SyncReport,
  TeamStatus,
  Settings,
  UpdateCheck,
  SheetInfo,
  WallTime,
  ZoneList,
} from "./generated/ipc";

// The IPC payloads are described once, in generated/ipc.ts (from the Rust types; see its header).
export type * from "./generated/ipc";

/** The form of one provider: `FormOf<"tidyhire">` is Tidyhire's fields with its `provider` tag. */
export type FormOf<P extends ProviderId> = InviteForm & { provider: P };

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

/** Any thrown value as an AppError, so the UI always has a kind and a message to show. */
export function asAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return { kind: "internal", message: e instanceof Error ? e.message : String(e) };
}

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
  listAccounts: () => invoke<AccountView[]>("list_accounts"),
  addAccount: (provider: ProviderId, label: string, baseUrl: string | null) => invoke<Account>("add_account", { provider, label, baseUrl }),
  renameAccount: (provider: ProviderId, id: string, label: string) => invoke<Account>("rename_account", { provider, id, label }),
  setAccountAddress: (provider: ProviderId, id: string, baseUrl: string | null) => invoke<Account>("set_account_address", { provider, id, baseUrl }),
  saveAccountKey: (provider: ProviderId, id: string, key: string, shared: boolean) => invoke<KeySaved>("save_account_key", { provider, id, key, shared }),
  deleteAccountKey: (provider: ProviderId, id: string) => invoke<boolean>("delete_account_key", { provider, id }),
  removeAccount: (provider: ProviderId, id: string) => invoke<number>("remove_account", { provider, id }),
  testAccount: (provider: ProviderId, id: string) => invoke<string>("test_account", { provider, id }),
  getSettings: () => invoke<Settings>("get_settings"),
  saveSettings: (settings: Settings) => invoke<Settings>("save_settings", { settings }),
  sendInvite: (form: InviteForm, account: string | null, allowDuplicate: boolean, teamVersion: number | null = null) =>
    invoke<SendResult>("send_invite", { form, account, allowDuplicate, teamVersion }),
  setInviteLanguage: (id: number, language: string) => invoke<void>("set_invite_language", { id, language }),
  copyText: (text: string) => invoke<void>("copy_text", { text }),
  openLink: (url: string) => invoke<void>("open_link", { url }),
  historyQuery: (query: HistoryQuery) => invoke<HistoryPage>("history_query", { query }),
  historyGet: (id: number) => invoke<InviteRecord>("history_get", { id }),
  exportHistory: (query: HistoryQuery) =>
    invoke<ExportResult | null>("export_history", { query }),
  jobProfiles: (provider: ProviderId) => invoke<JobProfile[]>("job_profiles", { provider }),
  saveJobProfile: (name: string, provider: ProviderId, data: JobProfile["data"]) =>
    invoke<JobProfile>("save_job_profile", { name, provider, data }),
  deleteJobProfile: (id: number) => invoke<boolean>("delete_job_profile", { id }),
  bulkOpenFile: () => invoke<SheetInfo | null>("bulk_open_file"),
  bulkLoadDropped: () => invoke<SheetInfo>("bulk_load_dropped"),
  bulkLoadText: (text: string) => invoke<SheetInfo>("bulk_load_text", { text }),
  bulkCheck: (sheet: number, job: InviteForm, mapping: Record<string, number> | null, include: number[], account: string | null) =>
    invoke<CheckReport>("bulk_check", { sheet, job, mapping, include, account }),
  bulkSend: (sheet: number, job: InviteForm, mapping: Record<string, number>, include: number[], account: string | null, onEvent: Channel<BatchEvent>) =>
    invoke<BatchSummary>("bulk_send", { sheet, job, mapping, include, account, onEvent }),
  bulkResume: (batch: number, onEvent: Channel<BatchEvent>) => invoke<BatchSummary>("bulk_resume", { batch, onEvent }),
  bulkControl: (batch: number, action: Control) => invoke<boolean>("bulk_control", { batch, action }),
  bulkUnfinished: () => invoke<BatchSummary[]>("bulk_unfinished"),
  bulkDiscard: (batch: number) => invoke<number>("bulk_discard", { batch }),
  bulkExport: (batch: number) => invoke<ExportResult | null>("bulk_export", { batch }),
  hireflixPositions: (account: string | null, query: string, archived: boolean, refresh: boolean) =>
    invoke<PositionList>("hireflix_positions", { account, query, archived, refresh }),
  apploiApplicants: (account: string | null, query: string, jobId: string | null, offset: number, refresh: boolean) =>
    invoke<ApplicantPage>("apploi_applicants", { account, query, jobId, offset, refresh }),
  recentRefs: (provider: ProviderId, account: string | null) => invoke<RecentRef[]>("recent_refs", { provider, account }),
  forgetRef: (provider: ProviderId, jobRef: string) => invoke<void>("forget_ref", { provider, jobRef }),
  labelRef: (provider: ProviderId, jobRef: string, label: string) => invoke<void>("label_ref", { provider, jobRef, label }),
  refreshStatus: (ids: number[], onRow: Channel<StatusRow>) => invoke<RefreshSummary>("refresh_status", { ids, onRow }),
  revokeInvite: (id: number, notify: boolean) => invoke<RevokeResult | null>("revoke_invite", { id, notify }),
  followUpBoard: () => invoke<Board>("follow_up_board"),
  reminderText: (id: number) => invoke<Reminder>("reminder_text", { id }),
  /** The invite's message; a language given is kept on the row (its reminders follow it). */
  inviteMessage: (id: number, language: string | null) => invoke<Rendered>("invite_message", { id, language }),
  markReminded: (id: number, channel: ReminderChannel) => invoke<void>("mark_reminded", { id, channel }),
  snoozeInvite: (id: number, snooze: Snooze) => invoke<string>("snooze_invite", { id, snooze }),
  followUpEvents: (id: number) => invoke<FollowUpEvent[]>("follow_up_events", { id }),
  reinviteXobin: (id: number, expiry: WallTime) => invoke<ReinviteResult>("reinvite_xobin", { id, expiry }),
  listTemplates: () => invoke<TemplateList>("list_templates"),
  saveTemplate: (template: Template) => invoke<Template>("save_template", { template }),
  deleteTemplate: (id: number) => invoke<boolean>("delete_template", { id }),
  previewTemplate: (template: Template, inviteId: number) => invoke<Rendered>("preview_template", { template, inviteId }),
  exportTemplates: () => invoke<string | null>("export_templates"),
  importTemplates: () => invoke<ImportReport | null>("import_templates"),
  teamStatus: () => invoke<TeamStatus>("team_status"),
  teamJoin: (url: string, role: string, password: string) => invoke<TeamStatus>("team_join", { url, role, password }),
  teamLeave: () => invoke<TeamStatus>("team_leave"),
  teamTest: () => invoke<TeamStatus>("team_test"),
  teamSync: () => invoke<SyncReport>("team_sync"),
  candidateFind: (query: string) => invoke<PersonData>("candidate_find", { query }),
  candidateExport: (query: string) => invoke<ExportResult | null>("candidate_export", { query }),
  candidateForget: (query: string) => invoke<Forgotten | null>("candidate_forget", { query }),
  erasureLog: () => invoke<Erasure[]>("erasure_log"),
  updateCheck: () => invoke<UpdateCheck>("update_check"),
  updateInstall: (onProgress: Channel<InstallProgress>) => invoke<void>("update_install", { onProgress }),
  diagnostics: () => invoke<string>("diagnostics"),
  copyDiagnostics: () => invoke<number>("copy_diagnostics"),
  confirm: (message: string, title: string, okLabel: string) =>
    ask(message, { title, kind: "warning", okLabel, cancelLabel: "Cancel" }),
};
