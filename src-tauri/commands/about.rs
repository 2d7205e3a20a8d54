//! Settings → About: updates (check, install and restart with progress) and "Copy diagnostics".

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::bulk::Bulk;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::team::Team;
use crate::updates::{self, InstallProgress, UpdateCheck};

/// Asks the update feed (Settings' own feed, else the built-in one) for a newer version.
#[tauri::command]
pub async fn update_check<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> AppResult<UpdateCheck> {
    let feed = state.settings.get().update_feed;
    let check = updates::check(&app, feed.as_deref()).await;
    // The check's TLS client is dropped by now.
    crate::memory::release_soon();
    check
}

/// Downloads the newest version, checks its signature, installs it and restarts — never while
/// an invite or a batch is being sent.
#[tauri::command]
pub async fn update_install<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    bulk: State<'_, Bulk>,
    on_progress: Channel<InstallProgress>,
) -> AppResult<()> {
    let busy = |state: &AppState, bulk: &Bulk| {
        let sending = state
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .len();
        updates::refusal_while_sending(sending, bulk.busy())
    };
    if let Some(e) = busy(&state, &bulk) {
        return Err(e);
    }
    let feed = state.settings.get().update_feed;
    let progress = move |p: InstallProgress| {
        let _ = on_progress.send(p);
    };
    let (update, bytes) = updates::download_verified(&app, feed.as_deref(), &progress).await?;
    if let Some(e) = busy(&state, &bulk) {
        return Err(e);
    }
    progress(InstallProgress::Installing);
    // The package tool waits for the administrator password (pkexec) for as long as the
    // coordinator takes: off the async workers, which keep serving the window meanwhile.
    tokio::task::spawn_blocking(move || updates::install(&update, &bytes))
        .await
        .map_err(|e| AppError::internal(format!("The install was interrupted: {e}")))??;
    crate::applog::line("update: installed, restarting");
    app.restart()
}

/// The diagnostics text (shown before it is copied).
#[tauri::command]
pub async fn diagnostics(state: State<'_, AppState>, team: State<'_, Team>) -> AppResult<String> {
    let webkit = tauri::webview_version().unwrap_or_else(|e| format!("unknown ({e})"));
    crate::diagnostics::text(&state, &team, &webkit)
}

/// Puts the diagnostics on the clipboard; returns how many lines it holds.
#[tauri::command]
pub async fn copy_diagnostics<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    team: State<'_, Team>,
) -> AppResult<usize> {
    let webkit = tauri::webview_version().unwrap_or_else(|e| format!("unknown ({e})"));
    let text = crate::diagnostics::text(&state, &team, &webkit)?;
    let lines = text.lines().count();
    crate::clipboard::write_text(&app, text)
        .await
        .map_err(|e| AppError::internal(format!("The clipboard could not be written: {e}.")))?;
    Ok(lines)
}
