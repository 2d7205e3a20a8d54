//! Bulk invites: open, drop or paste a sheet, check it, send it as a batch (progress over a
//! channel), control, resume, discard and export batches.

use chrono::Utc;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, export_csv_dialog, ExportResult};
use crate::bulk::{self, BatchEvent, Bulk, CheckReport, SheetInfo};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::BatchSummary;
use crate::state::AppState;
use crate::team::Team;

/// Asks for a sheet (native dialog) and reads it; `None` when the coordinator cancels.
#[tauri::command]
pub async fn bulk_open_file<R: Runtime>(
    app: AppHandle<R>,
    bulk: State<'_, Bulk>,
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
    let sheet = bulk::read_path(path).await?;
    Ok(Some(bulk.keep(sheet)))
}

/// Reads the file last dropped on the window.
#[tauri::command]
pub async fn bulk_load_dropped(bulk: State<'_, Bulk>) -> AppResult<SheetInfo> {
    let mut paths = bulk.take_dropped();
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
    let sheet = bulk::read_path(path).await?;
    Ok(bulk.keep(sheet))
}

/// Reads rows pasted from a spreadsheet.
#[tauri::command]
pub async fn bulk_load_text(bulk: State<'_, Bulk>, text: String) -> AppResult<SheetInfo> {
    let sheet = blocking(move || bulk::read::read_pasted(&text)).await?;
    Ok(bulk.keep(sheet))
}

/// Checks every row of a kept sheet against the Invite form's job. With no `mapping`, the one
/// remembered for the provider (or the headers' suggestion) is used. `account`: the vendor
/// account the batch goes through (`None`: the one used last).
#[tauri::command]
pub async fn bulk_check(
    bulk: State<'_, Bulk>,
    sheet: u64,
    job: serde_json::Value,
    mapping: Option<bulk::Mapping>,
    include: Vec<u32>,
    account: Option<String>,
) -> AppResult<CheckReport> {
    bulk.check(sheet, job, mapping, include, account).await
}

/// The batch's events, sent over the web view's channel.
fn to_channel(on_event: Channel<BatchEvent>) -> impl Fn(BatchEvent) + Send + Sync {
    move |e: BatchEvent| {
        let _ = on_event.send(e);
    }
}

/// When a batch ended while the window was behind another, says so in a desktop notification.
fn notice<R: Runtime>(
    app: &AppHandle<R>,
    started: std::time::Instant,
    result: &AppResult<BatchSummary>,
) {
    let body = bulk::notice_words(result);
    crate::desktop::notify_if_away(app, started.elapsed(), "Invite Desk", &body);
}

/// Checks the sheet again, queues the rows to send (one transaction), remembers the mapping,
/// and sends the batch through the vendor `account` (`None`: the one used last), reporting over
/// `on_event`. Returns the batch's summary at the end.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn bulk_send<R: Runtime>(
    app: AppHandle<R>,
    bulk: State<'_, Bulk>,
    team: State<'_, Team>,
    sheet: u64,
    job: serde_json::Value,
    mapping: bulk::Mapping,
    include: Vec<u32>,
    account: Option<String>,
    on_event: Channel<BatchEvent>,
) -> AppResult<BatchSummary> {
    let started = std::time::Instant::now();
    let events = to_channel(on_event);
    let result = bulk
        .send_sheet(
            team.active(),
            sheet,
            job,
            mapping,
            include,
            account,
            &events,
        )
        .await;
    notice(&app, started, &result);
    result
}

/// Sends the `queued` rows of an unfinished batch.
#[tauri::command]
pub async fn bulk_resume<R: Runtime>(
    app: AppHandle<R>,
    bulk: State<'_, Bulk>,
    team: State<'_, Team>,
    batch: i64,
    on_event: Channel<BatchEvent>,
) -> AppResult<BatchSummary> {
    let started = std::time::Instant::now();
    let events = to_channel(on_event);
    let result = bulk.run_batch(team.active(), batch, &events).await;
    notice(&app, started, &result);
    result
}

/// Pause, resume or cancel a running batch; false when it is not running.
#[tauri::command]
pub async fn bulk_control(
    bulk: State<'_, Bulk>,
    batch: i64,
    action: bulk::Control,
) -> AppResult<bool> {
    Ok(bulk.control(batch, action))
}

/// The batches with rows still queued (after a pause, a quit or a crash).
#[tauri::command]
pub async fn bulk_unfinished(state: State<'_, AppState>) -> AppResult<Vec<BatchSummary>> {
    bulk::unfinished(&state.db)
}

/// Closes the queued rows of an unfinished batch that is not running (nothing is sent).
#[tauri::command]
pub async fn bulk_discard(bulk: State<'_, Bulk>, batch: i64) -> AppResult<usize> {
    bulk.discard(batch)
}

/// Asks where to save, then writes one batch's results as CSV.
#[tauri::command]
pub async fn bulk_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    batch: i64,
) -> AppResult<Option<ExportResult>> {
    let db = state.db.clone();
    let settings = state.settings.get();
    export_csv_dialog(
        &app,
        "Export the batch's results as CSV",
        format!("invite-results-{}.csv", Utc::now().format("%Y-%m-%d")),
        move |dest| crate::bulk::export_results(&db, &settings, batch, dest),
    )
    .await
}
