//! The IPC surface: thin async functions that call the core and translate; nothing decides here.
//! No command returns an API key: the web view may only ask whether one is saved.

use chrono::Utc;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{HistoryPage, HistoryQuery, InviteRecord, JobProfile};
use crate::invite::{self, SendResult};
use crate::providers::{default_base_url, InviteForm, Provider};
use crate::schedule::{self, Preview, WallTime, ZoneEntry};
use crate::settings::Settings;
use crate::state::AppState;

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
) -> AppResult<SendResult> {
    // A view-only or unavailable history cannot record the invite before it leaves: refuse at
    // once, with why and how to fix it (`insert_pending` refuses too, whatever the caller).
    state.db.check_writable()?;
    let started = std::time::Instant::now();
    let result = invite::send(&state, form, allow_duplicate).await;
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
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Export invites as CSV")
        .set_file_name(format!("invites-{}.csv", Utc::now().format("%Y-%m-%d")))
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
    // Written beside the chosen file and renamed over it (never truncated first), off the async
    // workers: a large history takes a while.
    let db = state.db.clone();
    let dest = path.clone();
    let rows = blocking(move || db.export_csv_to_file(&query, &dest)).await?;
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
