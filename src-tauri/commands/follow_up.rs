//! Following up: the pickers (Hireflix positions, Apploi applicants), refreshing where invites
//! stand, revoking one after a native confirmation, the follow-up board and its reminders.

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use chrono::{DateTime, Utc};

use crate::error::{AppError, AppResult};
use crate::follow_up::{self, board, messages, FollowUp};
use crate::history::{FollowUpEvent, ReminderChannel};
use crate::message::Rendered;
use crate::providers::tracking::ApplicantPage;
use crate::state::AppState;

/// The Hireflix positions of an account (`None`: the one used last) matching `query` (cached
/// per account while the app runs; `refresh` reads again).
#[tauri::command]
pub async fn hireflix_positions(
    follow_up: State<'_, FollowUp>,
    account: Option<String>,
    query: String,
    archived: bool,
    refresh: bool,
) -> AppResult<follow_up::PositionList> {
    follow_up
        .positions(account.as_deref(), &query, archived, refresh)
        .await
}

/// One page of an Apploi account's applicants for a name or email search and an optional job
/// id.
#[tauri::command]
pub async fn apploi_applicants(
    follow_up: State<'_, FollowUp>,
    account: Option<String>,
    query: String,
    job_id: Option<String>,
    offset: u32,
    refresh: bool,
) -> AppResult<ApplicantPage> {
    follow_up
        .applicants(
            account.as_deref(),
            &query,
            job_id.as_deref(),
            offset,
            refresh,
        )
        .await
}

/// Asks the vendors where the invites `ids` stand, reporting each row over `on_row` as it ends.
#[tauri::command]
pub async fn refresh_status(
    state: State<'_, AppState>,
    follow_up: State<'_, FollowUp>,
    ids: Vec<i64>,
    on_row: Channel<follow_up::StatusRow>,
) -> AppResult<follow_up::RefreshSummary> {
    state.db.check_writable()?;
    if ids.len() > 1000 {
        return Err(AppError::validation(
            "ids",
            "Refresh at most 1,000 invites at once: narrow the History filter first.",
        ));
    }
    follow_up
        .refresh(&ids, |row| {
            let _ = on_row.send(row);
        })
        .await
}

/// Revokes an invite after a native confirmation that names the candidate; `None` when the
/// coordinator keeps it.
#[tauri::command]
pub async fn revoke_invite<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    follow_up: State<'_, FollowUp>,
    id: i64,
    notify: bool,
) -> AppResult<Option<follow_up::RevokeResult>> {
    state.db.check_writable()?;
    let record = follow_up.revocable(id)?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .message(follow_up::revoke_question(&record, notify))
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
    follow_up.revoke(&record, notify).await.map(Some)
}

/// The follow-up board now: the invites that need a nudge, most urgent first.
#[tauri::command]
pub async fn follow_up_board(follow_up: State<'_, FollowUp>) -> AppResult<board::Board> {
    follow_up.board()
}

/// The reminder of an invite, ready to copy or open in the mail app (no vendor is called).
#[tauri::command]
pub async fn reminder_text(
    follow_up: State<'_, FollowUp>,
    id: i64,
) -> AppResult<messages::Reminder> {
    follow_up.reminder(id)
}

/// The message that goes with an invite, in `language` when given (then kept on the row for
/// its reminders), else in the row's own language.
#[tauri::command]
pub async fn invite_message(
    state: State<'_, AppState>,
    follow_up: State<'_, FollowUp>,
    id: i64,
    language: Option<String>,
) -> AppResult<Rendered> {
    if language.is_some() {
        state.db.check_writable()?;
    }
    follow_up.invite_message(id, language.as_deref())
}

/// Records that the coordinator reminded the candidate (and how).
#[tauri::command]
pub async fn mark_reminded(
    state: State<'_, AppState>,
    follow_up: State<'_, FollowUp>,
    id: i64,
    channel: ReminderChannel,
) -> AppResult<()> {
    state.db.check_writable()?;
    follow_up.mark_reminded(id, channel)
}

/// Hides an invite from the board for a day or until a time; returns until when.
#[tauri::command]
pub async fn snooze_invite(
    state: State<'_, AppState>,
    follow_up: State<'_, FollowUp>,
    id: i64,
    snooze: messages::Snooze,
) -> AppResult<DateTime<Utc>> {
    state.db.check_writable()?;
    follow_up.snooze(id, snooze)
}

/// What was done about an invite (reminders, snoozes), for its details.
#[tauri::command]
pub async fn follow_up_events(
    follow_up: State<'_, FollowUp>,
    id: i64,
) -> AppResult<Vec<FollowUpEvent>> {
    follow_up.events(id)
}

/// Keeps the language of an invite's message on its row (a BCP-47 tag), so its reminder is
/// written in it too.
#[tauri::command]
pub async fn set_invite_language(
    state: State<'_, AppState>,
    follow_up: State<'_, FollowUp>,
    id: i64,
    language: String,
) -> AppResult<()> {
    state.db.check_writable()?;
    follow_up.set_language(id, &language)
}
