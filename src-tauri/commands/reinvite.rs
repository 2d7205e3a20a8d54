//! A Xobin re-invite with a new window. It needs both flows — the follow-up's revoke and the
//! one invite flow — which may not import each other, so the steps are put together here: ask
//! once (naming the first invite), revoke, ask again only when Xobin would not revoke, send the
//! new invite as a deliberate second one, link the rows.

use std::future::Future;

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::AppResult;
use crate::follow_up::reinvite::{not_revoked_question, reinvite_question, ReinviteResult};
use crate::follow_up::FollowUp;
use crate::invite::{self, SendResult};
use crate::providers::tracking::RevokeAnswer;
use crate::schedule::WallTime;
use crate::state::AppState;
use crate::team::Team;

/// The re-invite's steps; `ask` puts a question to the coordinator (true: go on).
pub async fn reinvite_with<F, Fut>(
    state: &AppState,
    team: Option<&Team>,
    follow_up: &FollowUp,
    id: i64,
    expiry: WallTime,
    ask: F,
) -> AppResult<ReinviteResult>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = bool>,
{
    state.db.check_writable()?;
    let first = follow_up.reinvitable(id)?;
    let form = follow_up.reinvite_form(&first, expiry.clone())?;
    // The new form is checked before anything is revoked: a bad expiry changes nothing.
    invite::check(&form)?;
    if !ask(reinvite_question(&first, &expiry)).await {
        return Ok(ReinviteResult::Kept);
    }
    let revoked = follow_up.revoke(&first, false).await?;
    match &revoked.answer {
        RevokeAnswer::Revoked { .. } | RevokeAnswer::AlreadyRevoked { .. } => {}
        RevokeAnswer::Failed { .. } => {
            return Ok(ReinviteResult::NotRevoked {
                message: revoked.message,
            })
        }
        RevokeAnswer::NotAllowed { .. } => {
            if !ask(not_revoked_question(&revoked.answer)).await {
                return Ok(ReinviteResult::NotRevoked {
                    message: revoked.message,
                });
            }
        }
    }
    match invite::send(state, team, form, true, None).await? {
        SendResult::Sent {
            record_id, outcome, ..
        } => {
            follow_up.link_reinvite(record_id, &first)?;
            Ok(ReinviteResult::Sent {
                record_id,
                replaces: first.id,
                link: outcome.link,
                revoke: revoked.message,
            })
        }
        SendResult::Confirm { question, .. } => Ok(ReinviteResult::NotRevoked {
            message: format!(
                "{} The new invite was not sent: {question}",
                revoked.message
            ),
        }),
    }
}

/// Re-invites a Xobin candidate with a new expiry after native confirmations.
#[tauri::command]
pub async fn reinvite_xobin<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    team: State<'_, Team>,
    follow_up: State<'_, FollowUp>,
    id: i64,
    expiry: WallTime,
) -> AppResult<ReinviteResult> {
    let ask = |question: String| {
        let (tx, rx) = tokio::sync::oneshot::channel();
        app.dialog()
            .message(question)
            .title("Re-invite with a new window?")
            .kind(tauri_plugin_dialog::MessageDialogKind::Warning)
            .buttons(tauri_plugin_dialog::MessageDialogButtons::OkCancelCustom(
                "Re-invite".into(),
                "Keep the first invite".into(),
            ))
            .show(move |yes| {
                let _ = tx.send(yes);
            });
        async move { rx.await.unwrap_or(false) }
    };
    reinvite_with(&state, team.active(), &follow_up, id, expiry, ask).await
}
