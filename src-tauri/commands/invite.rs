//! The Invite form: Rust's check, sending, and the link's clipboard and browser.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::invite::{self, SendResult};
use crate::providers::InviteForm;
use crate::state::AppState;
use crate::team::Team;

#[tauri::command]
pub async fn check_invite(form: InviteForm) -> AppResult<Vec<String>> {
    invite::check(&form)
}

/// Sends one invite (team mode when a team is set up); says so in a desktop notification when
/// it ended while the window was behind another (a slow vendor, up to the request timeout).
#[tauri::command]
pub async fn send_invite<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    team: State<'_, Team>,
    form: InviteForm,
    allow_duplicate: bool,
    team_version: Option<i32>,
) -> AppResult<SendResult> {
    let started = std::time::Instant::now();
    let result = invite::send(&state, team.active(), form, allow_duplicate, team_version).await;
    let body = invite::notice_words(&result);
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
