//! The IPC surface: thin async functions that call the core and translate; nothing decides here.
//! No command returns an API key: the web view may only ask whether one is saved.

use chrono::Utc;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use crate::bulk::SheetInfo;
use crate::bulk::{self, BatchEvent, CheckReport};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{
    BatchSummary, HistoryPage, HistoryQuery, InviteRecord, JobProfile, RecentRef,
};
use crate::invite::{self, SendResult};
use crate::providers::tracking::ApplicantPage;
use crate::providers::{default_base_url, InviteForm, Provider};
use crate::schedule::{self, Preview, WallTime, ZoneEntry};
use crate::settings::Settings;
use crate::state::AppState;
use crate::team;
use crate::tracking;

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    pub data_dir: String,
    pub keychain_backend: String,
    pub tzdb_version: String,
    pub notices: Vec<String>,
}

fn app_info_of(state: &AppState) -> AppInfo {
    AppInfo {
        name: "Invite Desk".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: state.data_dir.display().to_string(),
        keychain_backend: state.secrets.backend(),
        tzdb_version: schedule::TZDB_VERSION.into(),
        notices: state.notices.clone(),
    }
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> AppResult<AppInfo> {
    Ok(app_info_of(&state))
}

/// What the web view needs to draw the Invite form, handed over before its first script runs
/// (see [`boot_script`]) so the form is drawn without waiting on IPC. The same values the
/// `app_info`, `provider_info`, `get_settings` and `list_time_zones` commands return; the zone
/// list itself (~600 entries) is not included and is fetched once the form is on screen.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Boot {
    pub info: AppInfo,
    pub providers: Vec<ProviderInfo>,
    pub settings: Settings,
    pub system_zone: schedule::SystemZone,
}

pub fn boot(state: &AppState) -> Boot {
    Boot {
        info: app_info_of(state),
        providers: providers(),
        settings: state.settings.get(),
        system_zone: schedule::system_zone(),
    }
}

/// The window's initialization script: `window.__INVITE_DESK_BOOT__ = {…}`. JSON is a JavaScript
/// expression, and this runs as a script of its own (not inside HTML), so no escaping is needed.
/// It holds no secret: no command or payload ever carries an API key.
pub fn boot_script(state: &AppState) -> String {
    let json = serde_json::to_string(&boot(state)).unwrap_or_else(|_| "null".into());
    format!("window.__INVITE_DESK_BOOT__ = {json};")
}

/// The web view calls this twice: with `painted: false` once the Invite form is built with its
/// data from Rust and IPC works ("form interactive"), and with `painted: true` after the frame
/// that drew it. The time from process start is written to stderr (and returned), so slow
/// starts can be seen and the benchmark can measure both. `page` is the web view's own timeline
/// (ms since its navigation started, e.g. `script 41 · data 42 · shown 50`).
#[tauri::command]
pub async fn ui_ready(page: Option<String>, painted: Option<bool>) -> u64 {
    let ms = crate::started().elapsed().as_millis() as u64;
    // Only the benchmark build reports (scripts/bench.sh reads these lines); the web view calls
    // this only when built with INVITE_DESK_BENCH=1.
    #[cfg(feature = "bench")]
    {
        let page: String = page
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '·'))
            .take(200)
            .collect();
        let what = if painted == Some(true) {
            "form painted"
        } else {
            "form interactive"
        };
        if page.is_empty() {
            eprintln!("Invite Desk: {what} {ms} ms after start");
        } else {
            eprintln!("Invite Desk: {what} {ms} ms after start (page: {page})");
        }
    }
    #[cfg(not(feature = "bench"))]
    let _ = (page, painted);
    ms
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProviderInfo {
    pub id: Provider,
    pub name: &'static str,
    pub default_base_url: &'static str,
    /// What the vendor tells Invite Desk after sending (status, revoke).
    pub after_send: crate::providers::tracking::AfterSend,
}

#[tauri::command]
pub async fn provider_info() -> Vec<ProviderInfo> {
    providers()
}

/// The five providers in the order the picker shows them (also in `ui/src/generated/ipc.ts`).
pub fn providers() -> Vec<ProviderInfo> {
    Provider::ALL
        .into_iter()
        .map(|p| ProviderInfo {
            id: p,
            name: p.display_name(),
            default_base_url: default_base_url(p),
            after_send: crate::providers::tracking::after_send(p),
        })
        .collect()
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ZoneList {
    pub zones: Vec<ZoneEntry>,
    pub system: schedule::SystemZone,
    pub last_used: Option<String>,
}

#[tauri::command]
pub async fn list_time_zones(state: State<'_, AppState>) -> AppResult<ZoneList> {
    Ok(ZoneList {
        zones: schedule::list_time_zones(Utc::now()),
        system: schedule::system_zone(),
        last_used: state.settings.get().last_zone,
    })
}

/// An expiry preset ("in 7 days"…) computed in `zone` now; `null` for `custom`.
#[tauri::command]
pub async fn expiry_preset(
    preset: schedule::ExpiryPreset,
    zone: String,
    field: String,
    label: String,
) -> AppResult<Option<schedule::PresetTime>> {
    schedule::expiry_preset(preset, &zone, &field, &label, Utc::now())
}

#[tauri::command]
pub async fn preview_time(wall: WallTime, field: String, label: String) -> AppResult<Preview> {
    schedule::preview(&wall, &field, &label, Utc::now())
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyStatus {
    pub provider: Provider,
    pub saved: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<String>,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(format!("A background task stopped: {e}")))?
}

/// Whether a key is saved, per provider. A keychain failure is reported per provider so
/// Settings can say so without failing the whole view.
#[tauri::command]
pub async fn key_status(state: State<'_, AppState>) -> AppResult<Vec<KeyStatus>> {
    let secrets = state.secrets.clone();
    blocking(move || {
        Ok(Provider::ALL
            .into_iter()
            .map(|p| match secrets.has(p) {
                Ok(saved) => KeyStatus {
                    provider: p,
                    saved,
                    error: None,
                },
                Err(e) => KeyStatus {
                    provider: p,
                    saved: false,
                    error: Some(e.message),
                },
            })
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn save_key(
    state: State<'_, AppState>,
    provider: Provider,
    key: String,
) -> AppResult<KeyStatus> {
    let secrets = state.secrets.clone();
    blocking(move || {
        secrets.set(provider, &key)?;
        Ok(KeyStatus {
            provider,
            saved: secrets.has(provider)?,
            error: None,
        })
    })
    .await
}

#[tauri::command]
pub async fn delete_key(state: State<'_, AppState>, provider: Provider) -> AppResult<bool> {
    let secrets = state.secrets.clone();
    blocking(move || secrets.delete(provider)).await
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> AppResult<Settings> {
    Ok(state.settings.get())
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, settings: Settings) -> AppResult<Settings> {
    state.settings.save(settings)
}

#[tauri::command]
pub async fn check_invite(form: InviteForm) -> AppResult<Vec<String>> {
    invite::check(&form)
}

#[tauri::command]
pub async fn send_invite<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    form: InviteForm,
    allow_duplicate: bool,
    team_version: Option<i32>,
) -> AppResult<SendResult> {
    // A view-only or unavailable history cannot record the invite before it leaves: refuse at
    // once, with why and how to fix it (`insert_pending` refuses too, whatever the caller).
    state.db.check_writable()?;
    let started = std::time::Instant::now();
    let result = invite::send_with(&state, form, allow_duplicate, team_version).await;
    if crate::team::enabled(&state) {
        // Share the outcome with the team now, off the coordinator's path (the background sync
        // retries if this fails): the result card does not wait for it.
        let handle = app.clone();
        tauri::async_runtime::spawn(async move {
            let state = handle.state::<AppState>();
            let _ = crate::team::sync_once(&state).await;
        });
    }
    // A slow vendor (up to the request timeout): say it is done if the window is behind another.
    let body = match &result {
        Ok(SendResult::Sent { .. }) => "The invite was sent: the link is in the Invite window.",
        Ok(SendResult::Confirm { .. }) => "Invite Desk asks before sending this invite again.",
        Err(e) if e.outcome_unknown => {
            "No clear answer from the vendor: the invite may have been sent. Check before sending again."
        }
        Err(_) => "The invite was not sent: the Invite window says why.",
    };
    crate::desktop::notify_if_away(&app, started.elapsed(), "Invite Desk", body);
    result
}

#[tauri::command]
pub async fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> AppResult<()> {
    app.clipboard().write_text(text).map_err(|e| {
        AppError::new(
            ErrorKind::Internal,
            format!(
                "The clipboard could not be written: {e}. Select the link and copy it by hand."
            ),
        )
    })
}

/// Opens an https link in the system browser; any other scheme is refused.
#[tauri::command]
pub async fn open_link<R: Runtime>(app: AppHandle<R>, url: String) -> AppResult<()> {
    let parsed = url::Url::parse(&url).map_err(|_| {
        AppError::validation("url", "This is not a web address, so it was not opened.")
    })?;
    if parsed.scheme() != "https" {
        return Err(AppError::validation(
            "url",
            "Only https links are opened from Invite Desk. Copy the link if you trust it.",
        ));
    }
    app.opener()
        .open_url(parsed.as_str(), None::<&str>)
        .map_err(|e| AppError::internal(format!("The browser could not be opened: {e}")))
}

#[tauri::command]
pub async fn history_query(
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> AppResult<HistoryPage> {
    state.db.query(&query)
}

#[tauri::command]
pub async fn history_get(state: State<'_, AppState>, id: i64) -> AppResult<InviteRecord> {
    state.db.get(id)?.ok_or_else(|| {
        AppError::new(
            ErrorKind::NotFound,
            format!("Invite #{id} is not in History."),
        )
    })
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    pub path: String,
    pub rows: usize,
}

/// Asks where to save (native dialog), then writes the current filter's rows as CSV (UTF-8 with
/// a BOM, atomically). `None` when the coordinator cancels.
#[tauri::command]
pub async fn export_history<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> AppResult<Option<ExportResult>> {
    // Written beside the chosen file and renamed over it (never truncated first), off the async
    // workers: a large history takes a while.
    let db = state.db.clone();
    export_csv_dialog(
        &app,
        "Export invites as CSV",
        format!("invites-{}.csv", Utc::now().format("%Y-%m-%d")),
        move |dest| db.export_csv_to_file(&query, dest),
    )
    .await
}

/// Asks where to save a CSV (native dialog), then writes it off the async workers. `None` when
/// the coordinator cancels.
async fn export_csv_dialog<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: String,
    write: impl FnOnce(&std::path::Path) -> AppResult<usize> + Send + 'static,
) -> AppResult<Option<ExportResult>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter("CSV", &["csv"])
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    let Some(path) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| {
        AppError::new(
            ErrorKind::Io,
            format!("That location cannot be written to: {e}"),
        )
    })?;
    let dest = path.clone();
    let rows = blocking(move || write(&dest)).await?;
    Ok(Some(ExportResult {
        path: path.display().to_string(),
        rows,
    }))
}

#[tauri::command]
pub async fn job_profiles(
    state: State<'_, AppState>,
    provider: Provider,
) -> AppResult<Vec<JobProfile>> {
    state.db.list_job_profiles(provider)
}

#[tauri::command]
pub async fn save_job_profile(
    state: State<'_, AppState>,
    name: String,
    provider: Provider,
    data: serde_json::Value,
) -> AppResult<JobProfile> {
    // The name rule (not blank, under 120 characters) is `history::check_profile_name`.
    state.db.save_job_profile(&name, provider, &data)
}

#[tauri::command]
pub async fn delete_job_profile(state: State<'_, AppState>, id: i64) -> AppResult<bool> {
    state.db.delete_job_profile(id)
}

// ---- Bulk invites --------------------------------------------------------------------------

/// Reads a sheet file off the async workers, refusing one over the size limit before reading.
async fn read_sheet_file(path: std::path::PathBuf) -> AppResult<bulk::Sheet> {
    blocking(move || {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "The file".into());
        let len = std::fs::metadata(&path)
            .map_err(|e| {
                AppError::new(
                    ErrorKind::Io,
                    format!("“{name}” could not be opened ({e}). Check that it still exists."),
                )
            })?
            .len();
        if len > bulk::read::MAX_FILE_BYTES {
            return Err(bulk::read::too_big(&name, len));
        }
        let bytes = std::fs::read(&path).map_err(|e| {
            AppError::new(ErrorKind::Io, format!("“{name}” could not be read ({e})."))
        })?;
        bulk::read::read_file(&name, &bytes)
    })
    .await
}

/// Asks for a sheet (native dialog) and reads it; `None` when the coordinator cancels.
#[tauri::command]
pub async fn bulk_open_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> AppResult<Option<SheetInfo>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Open a sheet of candidates")
        .add_filter(
            "Spreadsheets and CSV",
            &["csv", "tsv", "txt", "xlsx", "xls", "ods"],
        )
        .pick_file(move |path| {
            let _ = tx.send(path);
        });
    let Some(path) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = path
        .into_path()
        .map_err(|e| AppError::new(ErrorKind::Io, format!("That file cannot be opened: {e}")))?;
    let sheet = read_sheet_file(path).await?;
    Ok(Some(state.bulk.keep(sheet)))
}

/// Reads the file last dropped on the window.
#[tauri::command]
pub async fn bulk_load_dropped(state: State<'_, AppState>) -> AppResult<SheetInfo> {
    let mut paths = state.bulk.take_dropped();
    if paths.len() > 1 {
        return Err(AppError::validation(
            "sheet",
            format!(
                "{} files were dropped: drop one sheet at a time.",
                paths.len()
            ),
        ));
    }
    let path = paths.pop().ok_or_else(|| {
        AppError::validation(
            "sheet",
            "No file was dropped. Drop a .csv, .xlsx or .ods file.",
        )
    })?;
    let sheet = read_sheet_file(path).await?;
    Ok(state.bulk.keep(sheet))
}

/// Reads rows pasted from a spreadsheet.
#[tauri::command]
pub async fn bulk_load_text(state: State<'_, AppState>, text: String) -> AppResult<SheetInfo> {
    let sheet = blocking(move || bulk::read::read_pasted(&text)).await?;
    Ok(state.bulk.keep(sheet))
}

/// Checks every row of a kept sheet against the Invite form's job. With no `mapping`, the one
/// remembered for the provider (or the headers' suggestion) is used.
#[tauri::command]
pub async fn bulk_check(
    state: State<'_, AppState>,
    sheet: u64,
    job: serde_json::Value,
    mapping: Option<bulk::Mapping>,
    include: Vec<u32>,
) -> AppResult<CheckReport> {
    let s = state.bulk.sheet(sheet)?;
    let mapping = match mapping {
        Some(m) => m,
        None => default_mapping(&state, &s, &job),
    };
    let db = state.db.clone();
    blocking(move || Ok(bulk::check_sheet(&db, &s, &job, &mapping, &include)?.report)).await
}

fn default_mapping(
    state: &AppState,
    sheet: &bulk::Sheet,
    job: &serde_json::Value,
) -> bulk::Mapping {
    let Some(p) = job
        .get("provider")
        .and_then(serde_json::Value::as_str)
        .and_then(Provider::from_id)
    else {
        return bulk::Mapping::new();
    };
    let saved = state
        .settings
        .get()
        .bulk_mappings
        .get(&p)
        .cloned()
        .unwrap_or_default();
    bulk::columns::remembered(p.bulk_fields(), &sheet.headers, &saved)
}

/// Checks the sheet again, queues the rows to send (one transaction), remembers the mapping,
/// and sends the batch, reporting over `on_event`. Returns the batch's summary at the end.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn bulk_send<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    sheet: u64,
    job: serde_json::Value,
    mapping: bulk::Mapping,
    include: Vec<u32>,
    on_event: Channel<BatchEvent>,
) -> AppResult<BatchSummary> {
    state.db.check_writable()?;
    let s = state.bulk.sheet(sheet)?;
    let db = state.db.clone();
    let (sheet_ref, job_ref, mapping_ref) = (s.clone(), job.clone(), mapping.clone());
    let checked =
        blocking(move || bulk::check_sheet(&db, &sheet_ref, &job_ref, &mapping_ref, &include))
            .await?;
    let provider = checked.report.provider;
    // No key, no queue: nothing is written for a batch that cannot be sent.
    drop(
        invite::read_key(&state, provider)
            .await
            .map_err(|e| e.with_provider(provider))?,
    );
    let db = state.db.clone();
    let batch = blocking(move || bulk::queue(&db, &s, &checked)).await?;
    state.settings.remember_mapping(
        provider,
        bulk::columns::to_saved(&mapping, &state.bulk.sheet(sheet)?.headers),
    );
    run_with_notice(&app, &state, batch, on_event).await
}

async fn run_with_notice<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    batch: i64,
    on_event: Channel<BatchEvent>,
) -> AppResult<BatchSummary> {
    let started = std::time::Instant::now();
    let send = move |e: BatchEvent| {
        let _ = on_event.send(e);
    };
    let result = bulk::run_batch(state, batch, &send).await;
    let body = match &result {
        Ok(s) if s.queued > 0 => format!("The batch stopped with {} invites not sent.", s.queued),
        Ok(s) => format!(
            "The batch is done: {} sent, {} failed, {} unknown.",
            s.sent, s.failed, s.unknown
        ),
        Err(e) => format!("The batch stopped: {}", e.message),
    };
    crate::desktop::notify_if_away(app, started.elapsed(), "Invite Desk", &body);
    result
}

/// Sends the `queued` rows of an unfinished batch.
#[tauri::command]
pub async fn bulk_resume<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    batch: i64,
    on_event: Channel<BatchEvent>,
) -> AppResult<BatchSummary> {
    run_with_notice(&app, &state, batch, on_event).await
}

/// Pause, resume or cancel a running batch; false when it is not running.
#[tauri::command]
pub async fn bulk_control(
    state: State<'_, AppState>,
    batch: i64,
    action: bulk::Control,
) -> AppResult<bool> {
    Ok(state.bulk.control(batch, action))
}

/// The batches with rows still queued (after a pause, a quit or a crash).
#[tauri::command]
pub async fn bulk_unfinished(state: State<'_, AppState>) -> AppResult<Vec<BatchSummary>> {
    bulk::unfinished(&state.db)
}

/// Closes the queued rows of an unfinished batch that is not running (nothing is sent).
#[tauri::command]
pub async fn bulk_discard(state: State<'_, AppState>, batch: i64) -> AppResult<usize> {
    if state.bulk.control(batch, bulk::Control::Cancel) {
        return Ok(0);
    }
    state.db.check_writable()?;
    state.db.cancel_batch(batch)
}

/// Asks where to save, then writes one batch's results as CSV.
#[tauri::command]
pub async fn bulk_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    batch: i64,
) -> AppResult<Option<ExportResult>> {
    let db = state.db.clone();
    export_csv_dialog(
        &app,
        "Export the batch's results as CSV",
        format!("invite-results-{}.csv", Utc::now().format("%Y-%m-%d")),
        move |dest| db.export_batch_to_file(batch, dest),
    )
    .await
}

// ---- The loop with the vendors: pickers, status, revoke -------------------------------------

/// Hireflix positions matching `query` (cached while the app runs; `refresh` reads again).
#[tauri::command]
pub async fn hireflix_positions(
    state: State<'_, AppState>,
    query: String,
    archived: bool,
    refresh: bool,
) -> AppResult<tracking::PositionList> {
    tracking::positions(&state, &query, archived, refresh).await
}

/// One page of Apploi applicants for a name or email search and an optional job id.
#[tauri::command]
pub async fn apploi_applicants(
    state: State<'_, AppState>,
    query: String,
    job_id: Option<String>,
    offset: u32,
    refresh: bool,
) -> AppResult<ApplicantPage> {
    tracking::applicants(&state, &query, job_id.as_deref(), offset, refresh).await
}

/// The job ids used with `provider`, newest first (Xobin AI interviews, InterviewFlowAI jobs).
#[tauri::command]
pub async fn recent_refs(
    state: State<'_, AppState>,
    provider: Provider,
) -> AppResult<Vec<RecentRef>> {
    let db = state.db.clone();
    blocking(move || db.recent_refs(provider, 30)).await
}

/// Hides a job id from the recent list until it is used again.
#[tauri::command]
pub async fn forget_ref(
    state: State<'_, AppState>,
    provider: Provider,
    job_ref: String,
) -> AppResult<()> {
    state.db.check_writable()?;
    state.db.forget_ref(provider, &job_ref)
}

/// The coordinator's own name for a job id.
#[tauri::command]
pub async fn label_ref(
    state: State<'_, AppState>,
    provider: Provider,
    job_ref: String,
    label: String,
) -> AppResult<()> {
    state.db.check_writable()?;
    state.db.label_ref(provider, &job_ref, &label)
}

/// Asks the vendors where the invites `ids` stand, reporting each row over `on_row` as it ends.
#[tauri::command]
pub async fn refresh_status(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    on_row: Channel<tracking::StatusRow>,
) -> AppResult<tracking::RefreshSummary> {
    state.db.check_writable()?;
    if ids.len() > 1000 {
        return Err(AppError::validation(
            "ids",
            "Refresh at most 1,000 invites at once: narrow the History filter first.",
        ));
    }
    tracking::refresh(&state, &ids, |row| {
        let _ = on_row.send(row);
    })
    .await
}

/// Revokes a Xobin invite after a native confirmation that names the candidate; `None` when
/// the coordinator keeps it.
#[tauri::command]
pub async fn revoke_invite<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    notify: bool,
) -> AppResult<Option<tracking::RevokeResult>> {
    state.db.check_writable()?;
    let record = tracking::revocable(&state, id)?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .message(tracking::revoke_question(&record, notify))
        .title("Revoke the invite?")
        .kind(tauri_plugin_dialog::MessageDialogKind::Warning)
        .buttons(tauri_plugin_dialog::MessageDialogButtons::OkCancelCustom(
            "Revoke".into(),
            "Keep the invite".into(),
        ))
        .show(move |yes| {
            let _ = tx.send(yes);
        });
    if !rx.await.unwrap_or(false) {
        return Ok(None);
    }
    tracking::revoke(&state, &record, notify).await.map(Some)
}

// ---- Team mode ------------------------------------------------------------------------------

/// Settings → Team: the team, this login, the last sync and the outcomes waiting.
#[tauri::command]
pub async fn team_status(state: State<'_, AppState>) -> AppResult<team::TeamStatus> {
    team::status(&state)
}

/// Joins a team with the one-time password an admin gave (replaced at once by a secret kept in
/// the keychain).
#[tauri::command]
pub async fn team_join(
    state: State<'_, AppState>,
    url: String,
    role: String,
    password: String,
) -> AppResult<team::TeamStatus> {
    team::join(&state, &url, &role, &password).await
}

/// Leaves team mode on this computer (the history keeps every row).
#[tauri::command]
pub async fn team_leave(state: State<'_, AppState>) -> AppResult<team::TeamStatus> {
    team::leave(&state).await
}

/// "Test connection": connects, checks the login, syncs once.
#[tauri::command]
pub async fn team_test(state: State<'_, AppState>) -> AppResult<team::TeamStatus> {
    team::test(&state).await
}

/// Syncs now (push the waiting outcomes, pull colleagues' invites).
#[tauri::command]
pub async fn team_sync(state: State<'_, AppState>) -> AppResult<team::SyncReport> {
    team::sync_once(&state).await
}
