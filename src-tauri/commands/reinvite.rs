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
    let form = follow_up.reinvite_form(&first, expiry.clone());
    // The new invite goes through the first one's account, whatever is selected now.
    let account = crate::settings::accounts::route_of_row(
        &state.settings.get(),
        first.provider,
        first.account.as_deref(),
        Some(&first.account_label),
    )?
    .account;
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
    // Freshly revoked (or not revocable, and the coordinator said go on): the new invite is
    // the deliberate second one. Already revoked: a re-invite may have left before (an answer
    // that might mean "created"), so the duplicate question is asked again. In team mode the
    // team server holds the first invite's claim: its question is put to the coordinator and
    // the answer quotes the claim's version, as the Invite window does.
    let fresh = !matches!(revoked.answer, RevokeAnswer::AlreadyRevoked { .. });
    let mut send = invite::SendRequest {
        form,
        account: Some(account),
        allow_duplicate: fresh,
        team_version: None,
    };
    let mut result = invite::send_request(state, team, send.clone()).await?;
    for _ in 0..3 {
        let SendResult::Confirm {
            question,
            team_version,
            ..
        } = &result
        else {
            break;
        };
        if !ask(question.clone()).await {
            return Ok(ReinviteResult::NotSent {
                message: format!("{} The new invite was not sent.", revoked.message),
            });
        }
        send.allow_duplicate = true;
        send.team_version = *team_version;
        result = invite::send_request(state, team, send.clone()).await?;
    }
    match result {
        SendResult::Sent {
            record_id, outcome, ..
        } => {
            // The new invite exists at the vendor: a History write that fails here is said,
            // never turned into an error that invites a second send.
            let revoke = match follow_up.link_reinvite(record_id, &first) {
                Ok(()) => revoked.message,
                Err(e) => format!(
                    "{} History could not link it to invite #{} ({}).",
                    revoked.message, first.id, e.message
                ),
            };
            Ok(ReinviteResult::Sent {
                record_id,
                replaces: first.id,
                link: outcome.link,
                revoke,
            })
        }
        SendResult::Confirm { question, .. } => Ok(ReinviteResult::NotSent {
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
