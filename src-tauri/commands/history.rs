//! History: the table's pages, one invite, the CSV export, job profiles and the recent job ids.

use chrono::Utc;
use tauri::{AppHandle, Runtime, State};

use super::{blocking, export_csv_dialog, ExportResult};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{HistoryPage, HistoryQuery, InviteRecord, JobProfile, RecentRef};
use crate::providers::Provider;
use crate::state::AppState;

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

/// The job ids used with `provider` through `account` (`None`: any account), newest first
/// (Xobin AI interviews, InterviewFlowAI jobs).
#[tauri::command]
pub async fn recent_refs(
    state: State<'_, AppState>,
    provider: Provider,
    account: Option<String>,
) -> AppResult<Vec<RecentRef>> {
    let db = state.db.clone();
    blocking(move || db.recent_refs_via(provider, account.as_deref(), 30)).await
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
