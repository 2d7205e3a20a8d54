// GENERATED from the Rust types (ts-rs) by tests/ipc_types.rs: do not edit by hand.
// The only TypeScript description of what crosses IPC between the web view and Rust.
// After changing a type that crosses IPC, run: UPDATE_IPC_TYPES=1 cargo test --test ipc_types
/* biome-ignore-all lint: generated code */

/**
 * The vendors Invite Desk can send to. JSON names: `xobin`, `interviewflow`, `tidyhire`,
 * `hireflix`, `apploi`.
 */
export type ProviderId = "xobin" | "interviewflow" | "tidyhire" | "hireflix" | "apploi";

export type ProviderInfo = { id: ProviderId, name: string, defaultBaseUrl: string, 
/**
 * What the vendor tells Invite Desk after sending (status, revoke).
 */
afterSend: AfterSend, };

/**
 * What went wrong, in terms the UI can act on. Serialized in `snake_case`.
 */
export type ErrorKind = "validation" | "missing_key" | "invalid_key" | "keychain" | "duplicate" | "quota" | "not_found" | "rate_limited" | "vendor" | "network" | "timeout" | "storage" | "io" | "internal";

/**
 * The error every command returns. JSON: `{kind, message, field?, provider?, status?,
 * retryAfterSecs?}` — pinned by a unit test below, because the UI branches on it.
 */
export type AppError = { kind: ErrorKind, message: string, field?: string, provider?: ProviderId, status?: number, retryAfterSecs?: number, 
/**
 * True when the request may have reached the vendor and created the invite (see the
 * outcome rule in `providers/answer.rs`): the attempt is recorded `unknown`, never `failed`,
 * and the duplicate guard asks before it is sent again.
 */
outcomeUnknown?: boolean, };

export type AppInfo = { name: string, version: string, dataDir: string, keychainBackend: string, tzdbVersion: string, notices: Array<string>, };

/**
 * The computer's own zone, the picker's default.
 */
export type SystemZone = { name: string, 
/**
 * False when the zone could not be detected and `UTC` stands in for it.
 */
detected: boolean, 
/**
 * Why UTC stands in, for the coordinator to read.
 */
note?: string, };

/**
 * What the web view needs to draw the Invite form, handed over before its first script runs
 * (see [`boot_script`]) so the form is drawn without waiting on IPC. The same values the
 * `app_info`, `provider_info`, `get_settings` and `list_time_zones` commands return; the zone
 * list itself (~600 entries) is not included and is fetched once the form is on screen.
 */
export type Boot = { info: AppInfo, providers: Array<ProviderInfo>, settings: Settings, systemZone: SystemZone, };

export type KeyStatus = { provider: ProviderId, saved: boolean, error?: string, };

/**
 * One vendor account, as Settings lists it. Never holds a key.
 */
export type Account = { provider: ProviderId, 
/**
 * `default`, or `a` + 8 hex digits.
 */
id: string, label: string, 
/**
 * The API address; `None`: the vendor's documented one. (Default's lives in
 * `Settings::base_urls`, where earlier versions kept it.)
 */
baseUrl: string | null, 
/**
 * Removed in Settings: its key was deleted; kept so its invites stay labelled.
 */
removed: boolean, };

/**
 * One account as Settings shows it.
 */
export type AccountView = { provider: ProviderId, id: string, label: string, 
/**
 * The address set for this account; `None`: the vendor's documented one.
 */
baseUrl: string | null, keySaved: boolean, 
/**
 * Why the keychain could not say whether a key is saved.
 */
keyError: string | null, 
/**
 * Whether "Test" can ask the vendor (a cheap authenticated read exists).
 */
testable: boolean, };

/**
 * What saving a key did. `shared_with`: the key is already saved for another account of the
 * vendor, and nothing was saved — saved only when the coordinator confirms.
 */
export type KeySaved = { saved: boolean, sharedWith: string | null, };

/**
 * One entry of the zone picker.
 */
export type ZoneEntry = { 
/**
 * IANA name, e.g. `America/New_York`.
 */
name: string, 
/**
 * The zone's UTC offset right now, in minutes (east positive).
 */
offsetMinutes: number, 
/**
 * `America/New_York — UTC−05:00` (Unicode minus sign).
 */
label: string, 
/**
 * The city part of the name in plain words (`New York`); empty for `UTC`, `Etc/GMT+5`….
 */
city: string, 
/**
 * Extra words the picker matches on: the current abbreviation, well-known cities and
 * countries served by the zone (`Kolkata` ← `India`, `Mumbai`, `Calcutta`).
 */
keywords: Array<string>, };

export type ZoneList = { zones: Array<ZoneEntry>, system: SystemZone, lastUsed: string | null, };

export type OverlapChoice = "earlier" | "later";

/**
 * A wall-clock time as the coordinator typed it, in the zone they picked.
 */
export type WallTime = { 
/**
 * `YYYY-MM-DD`
 */
date: string, 
/**
 * `HH:MM` (24 h)
 */
time: string, 
/**
 * IANA zone name, e.g. `America/New_York`
 */
zone: string, 
/**
 * Which of the two instants to use when the wall time happens twice (fall-back overlap).
 */
overlap?: OverlapChoice | null, };

/**
 * Both readings of a wall time that happens twice, for the UI's explicit choice.
 */
export type OverlapInfo = { earlierOffset: string, laterOffset: string, earlierGmt: string, laterGmt: string, chosen: OverlapChoice, };

/**
 * What the form shows live under a date/time/zone group: exactly what will be sent.
 */
export type Preview = { 
/**
 * `Starts 2026-03-08 10:00 America/New_York = 2026-03-08 14:00 GMT`
 */
text: string, 
/**
 * The instant, RFC 3339 in UTC (`2026-03-08T14:00:00Z`).
 */
utc: string, 
/**
 * `2026-03-08 14:00` (Xobin's format).
 */
gmt: string, 
/**
 * The zone's offset at that instant, `UTC−04:00`.
 */
offset: string, inPast: boolean, 
/**
 * Present when the wall time happens twice.
 */
overlap?: OverlapInfo, 
/**
 * A sentence explaining the overlap choice, when there is one.
 */
note?: string, };

/**
 * The presets next to "Link expires". `Custom` means: the coordinator types the time.
 */
export type ExpiryPreset = "in2Days" | "in7Days" | "endOfFriday" | "custom";

/**
 * A preset resolved for the form: the digits to put in the date and time fields, the preview
 * Rust would show for them typed by hand, and a sentence when something needs saying.
 */
export type PresetTime = { preset: ExpiryPreset, wall: WallTime, preview: Preview, 
/**
 * `Wed 28 Oct 2026, 10:15 Europe/London (UTC+00:00) = 2026-10-28 10:15 GMT`
 */
summary: string, 
/**
 * Said when the clocks change before the time, or the time was moved out of a gap.
 */
note?: string, };

/**
 * Who delivers the link.
 * Xobin's `invite_format`, also the Settings default for the form (`"getlink"` in the settings
 * file, as Xobin spells it; a value Xobin does not know makes the file unreadable → defaults).
 */
export type InviteFormat = "getlink" | "sendlink";

/**
 * Settings → Follow up.
 */
export type FollowUpSettings = { 
/**
 * Hours after sending (or after the last reminder) before an invite the candidate has not
 * started needs a nudge, per provider; absent: `DEFAULT_NUDGE_HOURS`.
 */
nudgeHours: { [key in ProviderId]?: number }, 
/**
 * A link that expires within this many hours needs a nudge.
 */
expiryHours: number, 
/**
 * Invites sent longer ago than this many days are left off the board.
 */
lookbackDays: number, 
/**
 * A daily notification when invites need a nudge (off by default).
 */
digest: boolean, 
/**
 * The digest's local time of day, `HH:MM`.
 */
digestTime: string, 
/**
 * `{company}` in the messages.
 */
company: string, 
/**
 * `{sender}` in the messages.
 */
sender: string, };

/**
 * What the coordinator can change. Unknown fields in the file are ignored; missing ones take
 * their defaults, so older files keep working.
 */
export type Settings = { 
/**
 * Base URL overrides by provider id; absent = the vendor's documented production host.
 */
baseUrls: { [key in ProviderId]?: string }, 
/**
 * Xobin: `getlink` (link only) or `sendlink` (Xobin emails the candidate).
 */
xobinInviteFormat: InviteFormat, 
/**
 * Copy the link to the clipboard as soon as an invite is sent.
 */
autoCopy: boolean, 
/**
 * The invite message template ({first_name}, {name}, {job}, {link}, {expiry_line}).
 */
messageTemplate: string, 
/**
 * The zone picked last, offered first next time.
 */
lastZone: string | null, 
/**
 * The expiry preset a provider's form starts with ("Link expires"); absent = custom
 * (the coordinator types it, or leaves it empty).
 */
expiryPresets: { [key in ProviderId]?: ExpiryPreset }, 
/**
 * A desktop notification when long work finishes while the window is in the background.
 */
notifyWhenDone: boolean, 
/**
 * Bulk invites: requests on their way at once (1–16) for vendors without batching.
 */
bulkConcurrency: number, 
/**
 * Bulk invites: candidates per Tidyhire request (1–100).
 */
bulkTidyhireChunk: number, 
/**
 * Bulk invites: the column mapping used last, per provider (field → header text).
 */
bulkMappings: { [key in ProviderId]?: { [key in string]?: string } }, 
/**
 * Team mode: the team server and this coordinator's login (`None`: the local history only,
 * the default). Set by joining in Settings → Team; its password lives in the keychain.
 */
team: TeamSettings | null, 
/**
 * Candidate data: delete invites this many days after their last change (`None`: keep
 * them, the default). Runs at start and daily.
 */
retentionDays: number | null, 
/**
 * Updates: look for a newer version when the app starts.
 */
checkUpdatesAtStart: boolean, 
/**
 * Updates: a company's own feed (`https://…/latest.json`) instead of the one the app was
 * built with; `None` uses the built-in feed.
 */
updateFeed: string | null, 
/**
 * Following up after sending: when an invite needs a nudge, the daily digest, and the
 * names a message is signed with.
 */
followUp: FollowUpSettings, 
/**
 * Vendor accounts besides each vendor's Default (and Default's name once renamed); see
 * `accounts.rs`. Changed through their own commands, never by the screen's save.
 */
accounts: Array<Account>, 
/**
 * The account an invite of each vendor went through last, offered first next time.
 */
lastAccount: { [key in ProviderId]?: string }, 
/**
 * The duplicate guard across accounts: `false` (the default) notes an invite of the same
 * candidate and job through another account of the vendor and sends; `true` asks first.
 */
askAcrossAccounts: boolean, };

/**
 * The Xobin section of the invite form.
 */
export type XobinForm = { candidateName?: string | null, candidateEmail?: string | null, aiInterviewId?: string | null, 
/**
 * `getlink` (link only) or `sendlink` (Xobin emails the candidate).
 */
inviteFormat?: string | null, customFieldId?: string | null, start?: WallTime | null, expiry?: WallTime | null, };

/**
 * The InterviewFlowAI section of the invite form.
 */
export type InterviewflowForm = { candidateName?: string | null, candidateEmail?: string | null, jobId?: string | null, 
/**
 * `shortlisted` or `draft`; empty = the Interviewer's own default.
 */
status?: string | null, resumeUrl?: string | null, skills?: Array<string>, customQuestions?: Array<string>, additionalFields?: { [key in string]?: string }, metadata?: { [key in string]?: string }, };

/**
 * The Tidyhire section of the invite form.
 */
export type TidyhireForm = { candidateName?: string | null, candidateEmail?: string | null, externalId?: string | null, jobTitle?: string | null, jobDescription?: string | null, experienceLevel?: string | null, seniorityLevel?: string | null, workType?: string | null, employmentType?: string | null, location?: string | null, mustHaveSkills?: Array<string>, goodToHaveSkills?: Array<string>, phone?: string | null, candidateMetadata?: { [key in string]?: string }, cutoffScore?: string | null, interviewDuration?: string | null, metadata?: { [key in string]?: string }, };

/**
 * The Hireflix section of the invite form.
 */
export type HireflixForm = { 
/**
 * Not sent and not stored: History keeps "first last", what Hireflix receives. Accepted so
 * the shared candidate section of the form can always send it.
 */
candidateName?: string | null, candidateEmail?: string | null, positionId?: string | null, firstName?: string | null, lastName?: string | null, phone?: string | null, externalId?: string | null, };

/**
 * The Apploi section of the invite form.
 */
export type ApploiForm = { candidateName?: string | null, candidateEmail?: string | null, applicationFormId?: string | null, interview?: WallTime | null, durationMinutes?: string | null, location?: string | null, interviewerId?: string | null, interviewerTeamId?: string | null, interviewerEmail?: string | null, };

/**
 * What the UI sends: JSON `{"provider": "xobin", ...form fields in camelCase}`.
 */
export type InviteForm = { "provider": "xobin" } & XobinForm | { "provider": "interviewflow" } & InterviewflowForm | { "provider": "tidyhire" } & TidyhireForm | { "provider": "hireflix" } & HireflixForm | { "provider": "apploi" } & ApploiForm;

/**
 * What came back from a vendor, in the terms the UI and history use.
 */
export type InviteOutcome = { 
/**
 * The candidate's interview link, when the vendor returns one.
 */
link: string | null, 
/**
 * Vendor ids by the vendor's own names (`response_id`, `interview_id`, `project_id`, …).
 */
vendorIds: Record<string, string>, 
/**
 * The vendor's own status text, when it gives one.
 */
vendorStatus: string | null, 
/**
 * True when the vendor emails the candidate itself.
 */
vendorEmailsCandidate: boolean, 
/**
 * One plain sentence for the result card ("Tidyhire will email the candidate…").
 */
summary: string, 
/**
 * Other useful links (label → url), e.g. Tidyhire's job page and project login.
 */
extraLinks: Record<string, string>, 
/**
 * Emails the vendor skipped as already invited (Tidyhire).
 */
skippedEmails: Array<string>, 
/**
 * The vendor's name for the interview or job, when its answer gives one (Xobin's
 * `ai_interview_name`): History shows it and the recent-ids list offers it.
 */
jobName: string | null, };

/**
 * The outcome of one invite attempt.
 */
export type Outcome = "queued" | "pending" | "sent" | "failed" | "unknown";

/**
 * One row of the history, as the UI shows it.
 */
export type InviteRecord = { id: number, provider: ProviderId, candidateName: string, candidateEmail: string, jobRef: string, jobName: string | null, scheduledAt: string | null, startAt: string | null, expiryAt: string | null, zone: string | null, link: string | null, vendorIds: Record<string, string>, vendorStatus: string | null, vendorEmailsCandidate: boolean, summary: string | null, extraLinks: Record<string, string>, skippedEmails: Array<string>, outcome: Outcome, 
/**
 * The `ErrorKind` name (`timeout`, `quota`, …) when the attempt failed or is unknown;
 * `interrupted` when Invite Desk stopped mid-send and the row was recovered at start.
 */
errorKind: string | null, errorMessage: string | null, createdAt: string, updatedAt: string, 
/**
 * The bulk batch this invite was part of, and its row in the sheet (header = row 1).
 */
batchId: number | null, batchRow: number | null, 
/**
 * Where the invite stands at the vendor, once a refresh has asked (see `status.rs`).
 */
status: InviteStatus | null, 
/**
 * Team mode: the colleague who made this attempt; `None` for this computer's own.
 */
author: string | null, 
/**
 * Team mode: "possible double invite — also invited by Bob at 09:12 while offline".
 */
teamConflict: string | null, 
/**
 * Team mode: sent while the team server could not be reached.
 */
teamOffline: boolean, 
/**
 * The BCP-47 language of the message sent with it (`None`: the default, English).
 */
language: string | null, 
/**
 * A re-invite with a new window: the invite it replaces.
 */
replacesId: number | null, 
/**
 * The vendor account it went through: this computer's account id (`default` for rows of
 * earlier versions); `None` for a colleague's invite, known by its label only.
 */
account: string | null, 
/**
 * The account's name ("Default" for rows of earlier versions).
 */
accountLabel: string, 
/**
 * Team mode: an invite sent while the team server could not be reached — when it reached
 * the server, by the server's clock (`created_at` is the laptop's, which may be wrong).
 */
teamReceivedAt: string | null, };

/**
 * The history view's filter. `search` looks in the candidate's name and email, the job reference
 * and name, and the link, ignoring case: three or more characters match anywhere (a substring),
 * one or two match the start of a word ("ki" finds Kim and kiran@…, not Nikita).
 *
 * Every field may be left out (the container's `default`), so each is optional in TypeScript.
 */
export type HistoryQuery = { search?: string | null, provider?: ProviderId | null, outcome?: Outcome | null, 
/**
 * Only the rows of one bulk batch.
 */
batch?: number | null, 
/**
 * Only the rows whose vendor status is at this stage (or never checked).
 */
status?: StatusFilter, 
/**
 * Team mode: only this computer's rows, only colleagues', or only possible double invites.
 */
team?: TeamFilter, 
/**
 * Only the invites sent through this account of `provider` (its id).
 */
account?: string, offset?: number, 
/**
 * Clamped to `1..=200`; 50 when not given.
 */
limit?: number, };

/**
 * One page of history, newest first, with the number of rows the filter matches.
 */
export type HistoryPage = { rows: Array<InviteRecord>, 
/**
 * How many rows the filter matches: exact unless `total_capped`.
 */
total: number, 
/**
 * More rows match than `total` says: the count stopped at [`COUNT_CAP`] (or at the end of
 * this page, past it). The view shows "1,000+" and keeps Next enabled.
 */
totalCapped: boolean, offset: number, limit: number, };

/**
 * A saved job description for a provider (the form's fields as a JSON object).
 */
export type JobProfile = { id: number, name: string, provider: ProviderId, 
/**
 * A JSON object (`save_job_profile` refuses anything else): form field name → value.
 */
data: Record<string, unknown>, updatedAt: string, };

export type ExportResult = { path: string, rows: number, };

/**
 * What a send returns to the UI.
 */
export type SendResult = { "status": "sent", recordId: number, outcome: InviteOutcome, notes: Array<string>, } | { "status": "confirm", previous: InviteRecord, question: string, 
/**
 * Team mode: the claim's version the coordinator was shown; "send another" quotes it
 * (compare-and-set: if a colleague changed the claim since, the question comes again).
 */
teamVersion: number | null, 
/**
 * Team mode: the question is "the team check is unavailable — send anyway?".
 */
offline: boolean, };

/**
 * A sheet read and kept while the coordinator maps and checks it.
 */
export type SheetInfo = { id: number, source: string, headers: Array<string>, rows: number, notes: Array<string>, };

/**
 * What a row is, before sending.
 */
export type RowStatus = "ready" | "error" | "duplicateInFile" | "alreadyInvited";

/**
 * The earlier invite a row duplicates.
 */
export type PreviousInvite = { id: number, outcome: Outcome, createdAt: string, candidateName: string, };

/**
 * One row's verdict, as the preview shows it. Cell text is text: the web view inserts it as
 * such, never as HTML.
 */
export type RowVerdict = { 
/**
 * The row's number in the sheet.
 */
row: number, status: RowStatus, 
/**
 * Whether it will be sent: ready rows, and duplicates the coordinator included.
 */
included: boolean, name: string, email: string, 
/**
 * For `error`: "row 14, Email: …" — the row, the field and the fix. For duplicates: when
 * and how the candidate was invited before.
 */
message: string | null, 
/**
 * The form field at fault (`candidateEmail`, …).
 */
field: string | null, 
/**
 * For `duplicateInFile`: the earlier row.
 */
duplicateOf: number | null, previous: PreviousInvite | null, };

/**
 * A field a column can fill, for the mapping controls.
 */
export type FieldInfo = { field: string, label: string, required: boolean, 
/**
 * Without a column, the Invite form's value applies to every row.
 */
fromFormWhenUnmapped: boolean, };

/**
 * The rows counted by verdict.
 */
export type CheckCounts = { ready: number, errors: number, duplicatesInFile: number, alreadyInvited: number, 
/**
 * Rows that "Send" will send (ready + included duplicates).
 */
toSend: number, };

/**
 * The whole check of a sheet against a job.
 */
export type CheckReport = { provider: ProviderId, fields: Array<FieldInfo>, headers: Array<string>, 
/**
 * Field → column index.
 */
mapping: Record<string, number>, rows: Array<RowVerdict>, counts: CheckCounts, 
/**
 * A problem of the job itself (the Invite form) or of the mapping: no row can be sent
 * until it is fixed.
 */
blocking: string | null, };

/**
 * A batch and its rows counted by outcome.
 */
export type BatchSummary = { id: number, provider: ProviderId, 
/**
 * The vendor account the whole batch goes through (its id; `default` for batches of
 * earlier versions).
 */
account: string, source: string, 
/**
 * `open`, `cancelled` or `done`.
 */
state: string, createdAt: string, total: number, queued: number, pending: number, sent: number, failed: number, unknown: number, };

/**
 * What the coordinator asked of a running batch.
 */
export type Control = "run" | "pause" | "cancel";

/**
 * Where a batch is now.
 */
export type RunState = "running" | "paused" | "waiting" | "cancelling" | "done" | "cancelled";

/**
 * Counts, rate and time left, after every unit.
 */
export type Progress = { batch: number, total: number, sent: number, failed: number, unknown: number, 
/**
 * Not sent yet (queued).
 */
left: number, 
/**
 * Requests on their way.
 */
sending: number, 
/**
 * Invites finished per minute so far in this run.
 */
perMinute: number, etaSecs: number | null, state: RunState, waitSecs: number | null, };

/**
 * One row's end, for the table.
 */
export type RowResult = { row: number, inviteId: number, 
/**
 * The candidate, as the row sends it (for a table drawn from a resumed batch).
 */
name: string, email: string, outcome: Outcome, link: string | null, message: string | null, };

/**
 * What a running batch reports, in order: rows as they end, and progress after every unit.
 */
export type BatchEvent = { "event": "rows", rows: Array<RowResult>, } | { "event": "progress" } & Progress;

/**
 * Who reminds a candidate who has not started, as each vendor's documents tell it. None of
 * the five APIs can send a reminder, resend an invite or move a deadline (DOC: searched in
 * each vendor's documents), so a reminder from Invite Desk is always prepared here and sent
 * by the coordinator.
 */
export type Reminds = "vendor" | "vendor_if_switched_on" | "vendor_when_it_emailed" | "coordinator" | "not_a_link";

/**
 * Who reminds one sent invite.
 */
export type WhoReminds = "vendor" | "vendor_if_switched_on" | "you";

/**
 * What each vendor tells Invite Desk after sending, for History and the README's table.
 */
export type AfterSend = { 
/**
 * A refresh can ask the vendor where the invite stands.
 */
canRefresh: boolean, 
/**
 * The invite can be revoked from Invite Desk.
 */
canRevoke: boolean, 
/**
 * One sentence: what the vendor tells, or where to look instead.
 */
note: string, 
/**
 * The vendor id (in `InviteOutcome::vendor_ids`) a status call needs; `""` when none is asked.
 */
statusId: string, 
/**
 * Who reminds a candidate who has not started (see [`Reminds`]).
 */
reminds: Reminds, 
/**
 * A re-invite with a new window can be made from Invite Desk (revoke, then invite again).
 */
canReinvite: boolean, 
/**
 * Where to give a candidate more time when Invite Desk cannot.
 */
extend: string, };

/**
 * Where an invite stands at the vendor, in the coordinator's terms. The vendor's own word is
 * kept beside it (`VendorStatus::vendor_status`).
 */
export type Stage = "not_started" | "started" | "completed" | "revoked" | "closed" | "other";

/**
 * One change of an invite's status, with the time Invite Desk saw it.
 */
export type StatusChange = { at: string, stage: Stage, vendorStatus: string, };

/**
 * The latest status of an invite, as History shows it.
 */
export type InviteStatus = { 
/**
 * `None` while no refresh has succeeded (then `error` says why).
 */
stage: Stage | null, vendorStatus: string | null, score: string | null, recommendation: string | null, 
/**
 * https only.
 */
reportLink: string | null, 
/**
 * When the vendor last answered a refresh.
 */
checkedAt: string | null, 
/**
 * The last refresh's error (the status above is the last good one).
 */
error: string | null, errorAt: string | null, 
/**
 * When Invite Desk first saw the candidate start, finish, or the invite revoked.
 */
startedAt: string | null, completedAt: string | null, revokedAt: string | null, 
/**
 * Every change seen, oldest first (filled for one invite's details; empty in a page).
 */
changes: Array<StatusChange>, };

/**
 * History's status filter: one stage, or the invites never checked.
 */
export type StatusFilter = "not_started" | "started" | "completed" | "revoked" | "closed" | "other" | "unchecked";

/**
 * A job id used before, for a picker's recent list.
 */
export type RecentRef = { jobRef: string, 
/**
 * The coordinator's label, else the name the vendor gave.
 */
name: string | null, lastUsed: string, uses: number, };

/**
 * One Hireflix position as its picker shows it.
 */
export type Position = { id: string, name: string, 
/**
 * Archived positions are hidden behind a toggle (Hireflix keeps `active` true after
 * archiving, so this reads `archived`).
 */
archived: boolean, };

/**
 * The Hireflix positions matching a search, open ones first.
 */
export type PositionList = { 
/**
 * At most 100 matches; `matches` says how many there are.
 */
positions: Array<Position>, matches: number, open: number, archived: number, 
/**
 * When the list was read from Hireflix (it is cached while the app runs).
 */
loadedAt: string, };

/**
 * One Apploi applicant (an application form) as its picker shows it.
 */
export type Applicant = { 
/**
 * The application form id the interview is scheduled for.
 */
id: string, name: string, email: string, jobId: string | null, jobName: string | null, };

/**
 * A page of applicants and how many match in all (when Apploi says).
 */
export type ApplicantPage = { applicants: Array<Applicant>, total: number | null, offset: number, 
/**
 * True when another page may follow (`offset + limit` under `total`, or a full page when
 * Apploi gives no total).
 */
more: boolean, };

/**
 * One row's refresh, as it finishes.
 */
export type StatusRow = { id: number, 
/**
 * The stored status after this refresh (the last good one when it failed).
 */
status: InviteStatus | null, 
/**
 * Why this row could not be refreshed, in plain words.
 */
error: string | null, };

/**
 * What a "Refresh all shown" did.
 */
export type RefreshSummary = { checked: number, failed: number, 
/**
 * Rows whose vendor cannot be asked (Tidyhire, Apploi) or that have nothing to ask about.
 */
skipped: number, };

/**
 * Xobin's four documented revoke answers.
 */
export type RevokeAnswer = { "status": "revoked", message: string, } | { "status": "not_allowed", message: string, } | { "status": "already_revoked", message: string, } | { "status": "failed", message: string, };

/**
 * What a revoke did.
 */
export type RevokeResult = { answer: RevokeAnswer, 
/**
 * The sentence to show.
 */
message: string, status: InviteStatus | null, };

/**
 * History's team filter.
 */
export type TeamFilter = "mine" | "colleagues" | "conflicts";

/**
 * Settings → Team, as saved in settings.json (never a password).
 */
export type TeamSettings = { 
/**
 * `postgresql://host:port/database`.
 */
url: string, 
/**
 * This coordinator's login role on the team server.
 */
role: string, };

/**
 * What Settings → Team shows.
 */
export type TeamStatus = { enabled: boolean, url: string | null, role: string | null, displayName: string | null, teamName: string | null, 
/**
 * Refuse to send while the team server cannot be reached (a team setting).
 */
strictOffline: boolean, lastSynced: string | null, waiting: number, lastError: string | null, 
/**
 * This computer's outcomes the server refused at the last sync, each with why (the sync
 * goes on without them; they are tried again at the next).
 */
refused: Array<TeamRefusal>, };

/**
 * One of this computer's outcomes the team server refused at the last sync, and why: shown in
 * Settings → Team. The row stays in the outbox (tried again at each sync); the others go on.
 */
export type TeamRefusal = { recordId: number, candidateName: string, candidateEmail: string, reason: string, };

/**
 * What one sync did.
 */
export type SyncReport = { pushed: number, pulled: number, 
/**
 * Rows the app could not read (skipped, named here).
 */
skipped: Array<string>, 
/**
 * This computer's rows the server refused (each keeps its reason; tried again next sync).
 */
refused: number, };

/**
 * A sheet row kept with a bulk invite.
 */
export type SheetRowHeld = { inviteId: number, cells: Array<string>, };

/**
 * Everything held about one person.
 */
export type PersonData = { 
/**
 * What was searched for, as given.
 */
query: string, invites: Array<InviteRecord>, 
/**
 * The bulk sheet rows (their cells, as read) behind those invites.
 */
sheetRows: Array<SheetRowHeld>, 
/**
 * The vendors that received an invite for this person (they keep their own copy).
 */
vendors: Array<ProviderId>, };

/**
 * What an erasure did (never who it was about).
 */
export type Erasure = { at: string, kind: string, byWhom: string, rows: number, vendors: Array<ProviderId>, };

/**
 * What Forget did: on this computer, and (team mode) on the team server.
 */
export type Forgotten = { erasure: Erasure, 
/**
 * Team mode: what the team server did with the request (or why it did not).
 */
team: string | null, };

/**
 * A newer version, as the feed describes it.
 */
export type UpdateOffer = { version: string, 
/**
 * The release notes, as the feed gives them (shown as text).
 */
notes: string | null, date: string | null, 
/**
 * Where the package for this computer is (https in a real feed).
 */
downloadUrl: string, 
/**
 * Whether this copy can install it itself; when not, `why_not` says why and the download
 * address is the way.
 */
canInstall: boolean, whyNot: string | null, };

/**
 * What a check found.
 */
export type UpdateCheck = { current: string, 
/**
 * `None`: this is the newest version.
 */
offer: UpdateOffer | null, checkedAt: string, 
/**
 * How this copy was installed: "deb", "rpm", "AppImage", or "not installed from a package".
 */
installKind: string, };

/**
 * Progress of "Install and restart".
 */
export type InstallProgress = { "phase": "downloading", received: number, total: number | null, } | { "phase": "verified" } | { "phase": "installing" };

/**
 * What a template is for.
 */
export type TemplateKind = "invite" | "reminder" | "schedule";

/**
 * A template, stored (`id` > 0) or shipped with the app (`built_in`, `id` 0).
 */
export type Template = { id: number, kind: TemplateKind, 
/**
 * `None`: any vendor.
 */
provider: ProviderId | null, 
/**
 * The vendor's job reference it is for; `None`: any job (needs a provider to be set).
 */
jobRef: string | null, 
/**
 * A BCP-47 tag: `fr`, `pt-BR`.
 */
language: string, subject: string, body: string, builtIn: boolean, };

/**
 * A rendered message.
 */
export type Rendered = { subject: string, body: string, 
/**
 * The template's language.
 */
language: string, 
/**
 * The stored template used (0: one shipped with the app).
 */
templateId: number, };

/**
 * Why an invite is on the board.
 */
export type Why = { "kind": "expired", at: string, } | { "kind": "expiring", at: string, } | { "kind": "not_started", since: string, hours: number, };

/**
 * One row of the board.
 */
export type BoardRow = { record: InviteRecord, why: Why, whoReminds: WhoReminds, 
/**
 * "Tidyhire emails reminders itself."
 */
whoNote: string, lastReminded: string | null, 
/**
 * A re-invite with a new window can be made from Invite Desk (Xobin).
 */
canReinvite: boolean, 
/**
 * Where to give the candidate more time otherwise.
 */
extend: string, };

/**
 * The board, most urgent first.
 */
export type Board = { rows: Array<BoardRow>, builtAt: string, };

/**
 * A reminder ready to send: the message, the candidate's address and a `mailto:` link.
 */
export type Reminder = { id: number, to: string, message: Rendered, 
/**
 * `mailto:` with the subject and body; `None` when the message is too long for a mail
 * app's link (`message::MAX_MAILTO`): copy it instead.
 */
mailto: string | null, };

/**
 * How long a snooze lasts.
 */
export type Snooze = { "kind": "one_day" } | { "kind": "until", at: string, } | { "kind": "until_day", day: string, };

/**
 * The templates Settings lists: the stored ones and the ones shipped with the app.
 */
export type TemplateList = { stored: Array<Template>, builtIn: Array<Template>, };

/**
 * What an import did.
 */
export type ImportReport = { added: number, replaced: number, 
/**
 * One sentence per template refused ("Template 3: {salary} is not a placeholder…").
 */
refused: Array<string>, };

/**
 * How a reminder went out.
 */
export type ReminderChannel = "copied" | "mail_app" | "other";

/**
 * One thing the coordinator did about an invite, for its details.
 */
export type FollowUpEvent = { "kind": "reminded", at: string, channel: ReminderChannel | null, 
/**
 * A colleague's name when the reminder came through the team server; `None`: this
 * computer's coordinator.
 */
by: string | null, } | { "kind": "snoozed", at: string, until: string, };

/**
 * What a re-invite did.
 */
export type ReinviteResult = { "status": "kept" } | { "status": "not_revoked", message: string, } | { "status": "not_sent", message: string, } | { "status": "sent", recordId: number, replaces: number, link: string | null, 
/**
 * What the revoke did, in a sentence.
 */
revoke: string, };

/** The providers in the order the picker shows them (`commands::providers`). */
export const PROVIDERS: readonly ProviderInfo[] = [{"id":"xobin","name":"Xobin","defaultBaseUrl":"https://app.xobin.com/api/v2","afterSend":{"canRefresh":true,"canRevoke":true,"note":"Xobin tells whether the candidate is pending or completed, then the score, recommendation and report link; an invite can be revoked.","statusId":"response_id","reminds":"vendor_when_it_emailed","canReinvite":true,"extend":"Re-invite from Invite Desk: the first link is revoked and a new one is sent with the new expiry."}},{"id":"interviewflow","name":"InterviewFlowAI","defaultBaseUrl":"https://api.interviewflowai.com/api/external","afterSend":{"canRefresh":true,"canRevoke":false,"note":"InterviewFlowAI's Fetch API tells the candidate's status and score. Its documents describe no revoke: remove the candidate in InterviewFlowAI.","statusId":"id","reminds":"coordinator","canReinvite":false,"extend":"InterviewFlowAI's API cannot extend a link: change it on the Interviewer in InterviewFlowAI's dashboard."}},{"id":"tidyhire","name":"Tidyhire","defaultBaseUrl":"https://api.tidyhire.app/api/public","afterSend":{"canRefresh":false,"canRevoke":false,"note":"Tidyhire reports results only to a webhook, so Invite Desk cannot ask: open the project in Tidyhire to see them.","statusId":"","reminds":"vendor","canReinvite":false,"extend":"Tidyhire's API cannot extend an invite: open the project in Tidyhire."}},{"id":"hireflix","name":"Hireflix","defaultBaseUrl":"https://api.hireflix.com/me","afterSend":{"canRefresh":true,"canRevoke":false,"note":"Hireflix tells the interview's status (pending, to evaluate, shortlisted, discarded) and its score. Its documents describe no revoke: discard the interview in Hireflix instead.","statusId":"id","reminds":"vendor_if_switched_on","canReinvite":false,"extend":"Hireflix's API cannot move a deadline: change it on the position in Hireflix (Position → Settings)."}},{"id":"apploi","name":"Apploi","defaultBaseUrl":"https://partners.apploi.com","afterSend":{"canRefresh":false,"canRevoke":false,"note":"Apploi schedules a calendar interview and reports no status: see the applicant in Apploi, and reschedule or cancel there.","statusId":"","reminds":"not_a_link","canReinvite":false,"extend":"Reschedule the interview on the applicant in Apploi."}}];

/** The word a coordinator reads for each outcome, in History and its CSV (`Outcome::label`). */
export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {"failed":"Failed","pending":"Sending","queued":"Queued — not sent yet","sent":"Sent","unknown":"Unknown — check at the vendor"};

/** Tidyhire's `experience_level` values (`providers::tidyhire::EXPERIENCE_LEVELS`). */
export const TIDYHIRE_EXPERIENCE_LEVELS = ["Fresher","1-2 Years","2-5 Years","5-8 Years","8-12 Years","Above 12 Years"] as const;

/** Tidyhire's `seniority_level` values (`providers::tidyhire::SENIORITY_LEVELS`). */
export const TIDYHIRE_SENIORITY_LEVELS = ["Entry","Mid","Senior","Lead","Principal","Staff"] as const;

/** Tidyhire's `work_type` values (`providers::tidyhire::WORK_TYPES`). */
export const TIDYHIRE_WORK_TYPES = ["Remote","On Site","Hybrid"] as const;

/** Tidyhire's `employment_type` values (`providers::tidyhire::EMPLOYMENT_TYPES`). */
export const TIDYHIRE_EMPLOYMENT_TYPES = ["Full Time","Part Time","Contract","Freelance"] as const;

/** The placeholders a template may hold (`message::PLACEHOLDERS`). */
export const TEMPLATE_PLACEHOLDERS = ["first_name","last_name","name","job","link","expiry_local","expiry_gmt","expiry_line","company","sender","interview_date","duration","location"] as const;

/** The languages with templates shipped in the app (`message::BUILTIN_LANGUAGES`). */
export const TEMPLATE_LANGUAGES = ["en","fr","de","es","pt","nl"] as const;

/** The interview lengths Rust accepts for Tidyhire (`providers::tidyhire::INTERVIEW_DURATIONS`). */
export const TIDYHIRE_INTERVIEW_DURATIONS = ["15 Minutes","30 Minutes","45 Minutes","60 Minutes"] as const;
