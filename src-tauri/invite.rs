//! The one flow of an invite: validate → duplicate guard → key → pending row (durable before any
//! byte leaves) → one HTTP call → outcome recorded. Never retried behind the coordinator's back.

use chrono::Utc;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{InviteRecord, NewInvite};
use crate::providers::{self, InviteForm, InviteOutcome};
use crate::settings::Settings;
use crate::state::AppState;
use crate::team::{Claim, Team};

/// What a send returns to the UI.
#[derive(Debug, Serialize, TS)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum SendResult {
    /// Sent: the outcome and the history row that holds it.
    #[serde(rename_all = "camelCase")]
    Sent {
        #[ts(type = "number")]
        record_id: i64,
        outcome: InviteOutcome,
        notes: Vec<String>,
    },
    /// History (or the team) already holds an invite for this candidate and job, or the team
    /// server cannot be reached: ask before sending.
    #[serde(rename_all = "camelCase")]
    Confirm {
        previous: Box<InviteRecord>,
        question: String,
        /// Team mode: the claim's version the coordinator was shown; "send another" quotes it
        /// (compare-and-set: if a colleague changed the claim since, the question comes again).
        team_version: Option<i32>,
        /// Team mode: the question is "the team check is unavailable — send anyway?".
        offline: bool,
    },
}

/// Validation only: Rust's verdict on a form, with the non-blocking notes.
pub fn check(form: &InviteForm) -> AppResult<Vec<String>> {
    Ok(form.validate(Utc::now())?.notes)
}

/// The question the duplicate guard asks: "Alex Tanaka <alex@example.com> was invited on 12 Mar
/// 2026 via Xobin — send another invite?" (the sentence is `InviteRecord::invited_sentence`).
pub fn duplicate_question(previous: &InviteRecord) -> String {
    format!("{} — send another invite?", previous.invited_sentence())
}

/// What the desktop notification says when a send ended while the window was behind another.
pub fn notice_words(result: &AppResult<SendResult>) -> &'static str {
    match result {
        Ok(SendResult::Sent { .. }) => "The invite was sent: the link is in the Invite window.",
        Ok(SendResult::Confirm { .. }) => "Invite Desk asks before sending this invite again.",
        Err(e) if e.outcome_unknown => {
            "No clear answer from the vendor: the invite may have been sent. Check before sending again."
        }
        Err(_) => "The invite was not sent: the Invite window says why.",
    }
}

/// Sends one invite through the account used last for its vendor (else Default): see
/// [`send_request`].
pub async fn send(
    state: &AppState,
    team: Option<&Team>,
    form: InviteForm,
    allow_duplicate: bool,
    team_version: Option<i32>,
) -> AppResult<SendResult> {
    let request = SendRequest {
        form,
        account: None,
        allow_duplicate,
        team_version,
    };
    send_request(state, team, request).await
}

/// Removes the in-flight mark when the send ends, however it ends.
struct InFlight<'a> {
    state: &'a AppState,
    key: String,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.state
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.key);
    }
}

/// One invite to send: the form, the vendor account it goes through (`None`: the one used last
/// for the vendor, else Default), whether the coordinator said yes to the duplicate question,
/// and in team mode the claim's version they confirmed ("send another": compare-and-set).
#[derive(Debug, Clone)]
pub struct SendRequest {
    pub form: InviteForm,
    pub account: Option<String>,
    pub allow_duplicate: bool,
    pub team_version: Option<i32>,
}

/// Sends one invite; `team` is `Some` in team mode (`Team::active`). Every
/// error leaves here naming the provider (attached once, here). In team mode the outcome is
/// shared with the team at once, off the coordinator's path (`Team::nudge`).
pub async fn send_request(
    state: &AppState,
    team: Option<&Team>,
    send: SendRequest,
) -> AppResult<SendResult> {
    let provider = send.form.provider();
    let result = send_checked(state, team, send)
        .await
        .map_err(|e| match e.provider {
            None => e.with_provider(provider),
            Some(_) => e,
        });
    if let Some(t) = team {
        t.nudge();
    }
    crate::applog::line(&format!(
        "invite via {}: {}",
        provider.id(),
        match &result {
            Ok(SendResult::Sent { .. }) => "sent".to_string(),
            Ok(SendResult::Confirm { .. }) => "asked before sending".to_string(),
            Err(e) if e.outcome_unknown => "outcome unknown".to_string(),
            Err(e) => format!("not sent ({:?})", e.kind),
        }
    ));
    result
}

async fn send_checked(
    state: &AppState,
    team: Option<&Team>,
    send: SendRequest,
) -> AppResult<SendResult> {
    let SendRequest {
        form,
        account,
        allow_duplicate,
        team_version,
    } = send;
    // A view-only or unavailable history cannot record the invite before it leaves: refuse at
    // once, with why and how to fix it (`insert_pending` refuses too, whatever the caller).
    state.db.check_writable()?;
    let valid = form.validate(Utc::now())?;
    let provider = valid.provider;
    let route =
        crate::settings::accounts::route(&state.settings.get(), provider, account.as_deref())?;

    // A second click while the first request is on its way is refused, never queued. The key
    // holds canonical references (see `ValidInvite`), so `0305` and `305` are one invite.
    let flight_key = format!(
        "{}\u{1f}{}\u{1f}{}",
        provider.id(),
        valid.job_ref,
        valid.candidate_email
    );
    if !state
        .in_flight
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(flight_key.clone())
    {
        return Err(AppError::new(
            ErrorKind::Duplicate,
            "This invite is being sent right now. Wait for its result before sending again.",
        ));
    }
    let _guard = InFlight {
        state,
        key: flight_key,
    };

    let mut notes = valid.notes.clone();
    if !allow_duplicate {
        let previous = state.db.find_previous_or_queued(
            provider,
            &valid.job_ref,
            &valid.candidate_email,
            &route.account,
        )?;
        match previous {
            Some(previous) if ask_about(&previous, &route, &state.settings.get()) => {
                let question = duplicate_question(&previous);
                return Ok(SendResult::Confirm {
                    previous: Box::new(previous),
                    question,
                    team_version: None,
                    offline: false,
                });
            }
            // Through another account of the vendor (another client's, a sandbox): noted.
            Some(previous) => notes.push(format!("{}.", previous.invited_sentence())),
            None => {}
        }
    }

    let key = state.key(&route).await?;
    // Before the row is written: a client that cannot start sends nothing and records nothing.
    let http = state.http.client()?;
    let mut new = NewInvite::from(&valid);
    new.account = (&route).into();
    // Durable before any byte leaves: without this row, nothing is sent.
    let record_id = match team {
        // Team mode: the row carries the attempt's UUID, then the team server reserves the
        // candidate before the vendor call (see team/).
        Some(team) => {
            let attempt = uuid::Uuid::new_v4();
            let record_id = state.db.insert_pending_team(&new, &attempt.to_string())?;
            let ask = team_check(
                state,
                team,
                &new,
                attempt,
                record_id,
                allow_duplicate,
                team_version,
            );
            if let Some(ask) = ask.await? {
                return Ok(ask);
            }
            // From here the invite may reach the vendor: a crash now leaves it `unknown`
            // (before, `failed`: nothing left).
            state.db.mark_vendor_call(&[record_id])?;
            record_id
        }
        None => state.db.insert_pending(&new)?,
    };
    if let Some(zone) = &valid.zone {
        state.settings.remember_zone(zone);
    }
    state.settings.remember_account(provider, &route.account);
    let result = providers::send(http, &valid.request, &route.base_url, &key).await;
    drop(key);
    record(state, record_id, result, notes)
}

/// Whether an earlier invite of the same candidate and job is a question: through the same
/// account always; through another account of the vendor only when Settings says so (an
/// agency invites one candidate for two clients on purpose: a note by default).
pub fn ask_about(previous: &InviteRecord, route: &crate::accounts::Route, s: &Settings) -> bool {
    let same = match &previous.account {
        Some(id) => *id == route.account,
        // A colleague's invite, known by its account's label.
        None => previous.account_label == route.label,
    };
    same || s.ask_across_accounts
}

/// Records the vendor's answer on the attempt's row. The invite exists at the vendor when the
/// answer is `Ok`: a failed history write must not hide the link. Each write is tried twice
/// (`Db::write_twice`); a row History still cannot record stays `pending`, which the duplicate
/// guard treats like `unknown` (it asks before sending again).
fn record(
    state: &AppState,
    record_id: i64,
    result: AppResult<InviteOutcome>,
    mut notes: Vec<String>,
) -> AppResult<SendResult> {
    match result {
        Ok(outcome) => {
            if let Err(e) = crate::history::write_twice(|| state.db.mark_sent(record_id, &outcome))
            {
                notes.push(format!(
                    "The invite was sent, but History could not record its result ({}). History \
                     shows it as pending; copy the link now.",
                    e.message
                ));
            }
            Ok(SendResult::Sent {
                record_id,
                outcome,
                notes,
            })
        }
        Err(err) => {
            // `outcome_unknown` follows the rule table in providers/answer.rs: anything that
            // may have created the invite is recorded `unknown`, never `failed`. Best effort:
            // the vendor's error is what the coordinator needs to see.
            let unknown = err.outcome_unknown;
            let _ = crate::history::write_twice(|| state.db.mark_failed(record_id, &err, unknown));
            Err(err)
        }
    }
}

/// The team's claim for an attempt whose local `pending` row is `record_id`. `None`: go on and
/// send. `Some`: the question to ask instead (the row, never sent, is removed). An error also
/// removes the row: nothing was sent.
async fn team_check(
    state: &AppState,
    team: &Team,
    new: &NewInvite,
    attempt: uuid::Uuid,
    record_id: i64,
    allow_duplicate: bool,
    team_version: Option<i32>,
) -> AppResult<Option<SendResult>> {
    let unsent = |r: AppResult<SendResult>| -> AppResult<Option<SendResult>> {
        state.db.delete_unsent(record_id)?;
        r.map(Some)
    };
    // "Send anyway" right after the team was found unreachable goes out at once: asking the
    // server again would keep the coordinator waiting for the same deadline a second time.
    let known_offline = (allow_duplicate && team_version.is_none())
        .then(|| team.recently_unreachable())
        .flatten();
    let claim = match known_offline {
        Some(e) => Claim::Offline(e),
        None => match team.claim(new, attempt, team_version).await {
            Ok(c) => c,
            Err(e) => return unsent(Err(e)),
        },
    };
    match claim {
        Claim::Go => Ok(None),
        // A colleague's live `pending` claim is never overridable, so there is nothing to ask:
        // like an invite of this computer's that is being sent (`in_flight`).
        Claim::Sending { holder_name } => unsent(Err(Claim::sending_error(&holder_name, new))),
        Claim::Held { previous, version } => {
            let question = duplicate_question(&previous);
            unsent(Ok(SendResult::Confirm {
                previous,
                question,
                team_version: version,
                offline: false,
            }))
        }
        Claim::Offline(e) => {
            let strict = team.strict_offline();
            if !allow_duplicate || strict {
                // Not sent under this attempt id (asked, or refused): if the reservation reached
                // the server after all, the next sync releases it.
                state.db.remember_abandoned(&attempt.to_string())?;
            }
            if strict {
                return unsent(Err(AppError::new(
                    ErrorKind::Network,
                    format!(
                        "Team check unavailable ({}), and your team does not send without it. \
                         Nothing was sent: try again when the team server is back.",
                        e.message
                    ),
                )));
            }
            if !allow_duplicate {
                let question = format!(
                    "Team check unavailable (last synced {}) — your copy shows no invite for {} \
                     <{}> — send anyway? It is shared with the team when the server is back; a \
                     clash with a colleague is flagged then.",
                    team.last_synced_words(),
                    new.candidate_name,
                    new.candidate_email
                );
                let previous = state.db.get(record_id)?.ok_or_else(|| {
                    AppError::internal("the attempt's row went missing before sending")
                })?;
                return unsent(Ok(SendResult::Confirm {
                    previous: Box::new(previous),
                    question,
                    team_version: None,
                    offline: true,
                }));
            }
            state.db.mark_team_offline(record_id)?;
            Ok(None)
        }
    }
}
