//! The IPC surface, one file per domain: thin async functions that decode, call the flow that
//! decides, and translate; nothing decides here. Each command takes only the managed state it
//! uses (`AppState`'s handles, `Bulk`, `FollowUp`, `Team`). No command returns an API key: the
//! web view may only ask whether one is saved.

pub mod about;
pub mod accounts;
pub mod bulk;
pub mod candidate;
pub mod follow_up;
pub mod history;
pub mod invite;
pub mod reinvite;
pub mod settings;
pub mod team;
pub mod templates;

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::providers::{default_base_url, Provider};
use crate::schedule;
use crate::settings::Settings;
use crate::state::AppState;

pub use settings::{KeyStatus, ZoneList};

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
    let script = format!("window.__INVITE_DESK_BOOT__ = {json};");
    // The benchmark build marks when the page's initialization scripts are done (this one runs
    // after Tauri's and the plugins').
    #[cfg(feature = "bench")]
    let script =
        format!("(window.__t ??= []).push(\"init \" + performance.now().toFixed(1));\n{script}");
    script
}

/// The web view calls this twice: with `painted: false` once the Invite form is built with its
/// data from Rust and IPC works ("form interactive"), and with `painted: true` after the frame
/// that drew it. The time from process start is written to stderr (and returned), so slow
/// starts can be seen and the benchmark can measure both. `page` is the web view's own timeline
/// (ms since its navigation started, e.g. `script 41 · data 42 · shown 50`).
#[tauri::command]
pub async fn ui_ready(page: Option<String>, painted: Option<bool>) -> u64 {
    let ms = crate::applog::started().elapsed().as_millis() as u64;
    // Only the benchmark build reports (scripts/bench.sh reads these lines); the web view calls
    // this only when built with INVITE_DESK_BENCH=1.
    #[cfg(feature = "bench")]
    {
        let page: String = page
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '·'))
            .take(600)
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

/// Runs blocking work (the keychain, a large export) off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(format!("A background task stopped: {e}")))?
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    pub path: String,
    pub rows: usize,
}

/// Asks where to save a CSV (native dialog), then writes it off the async workers. `None` when
/// the coordinator cancels.
pub(crate) async fn export_csv_dialog<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: String,
    write: impl FnOnce(&std::path::Path) -> AppResult<usize> + Send + 'static,
) -> AppResult<Option<ExportResult>> {
    save_dialog(app, title, file_name, ("CSV", &["csv"]), write).await
}

/// Asks where to save a file of the kind `filter` names (native dialog), then writes it off the
/// async workers. `None` when the coordinator cancels.
pub(crate) async fn save_dialog<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: String,
    filter: (&str, &[&str]),
    write: impl FnOnce(&std::path::Path) -> AppResult<usize> + Send + 'static,
) -> AppResult<Option<ExportResult>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(filter.0, filter.1)
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
