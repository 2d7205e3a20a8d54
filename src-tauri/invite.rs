//! The one flow of an invite: validate → duplicate guard → key → pending row (durable before any
//! byte leaves) → one HTTP call → outcome recorded. Never retried behind the coordinator's back.

use chrono::Utc;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{InviteRecord, NewInvite};
use crate::providers::{self, InviteForm, InviteOutcome, ValidInvite};
use crate::secrets::ApiKey;
use crate::state::AppState;

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

/// The question the duplicate guard asks: "Invited on 12 Mar 2026 via Xobin — send another invite?"
pub fn duplicate_question(previous: &InviteRecord, provider_name: &str) -> String {
    let when = crate::schedule::local_day(previous.created_at);
    let state = match previous.outcome {
        crate::history::Outcome::Unknown => " (outcome unknown: it may have gone through)",
        crate::history::Outcome::Queued => {
            " (queued in a bulk batch that has not finished: resume or cancel it in Bulk)"
        }
        crate::history::Outcome::Pending => {
            " (still being sent, or Invite Desk stopped mid-send: it may have gone through)"
        }
        _ => "",
    };
    format!(
        "{} <{}> was invited on {when} via {provider_name}{state} — send another invite?",
        previous.candidate_name, previous.candidate_email
    )
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

/// Sends one invite. `allow_duplicate` is true only after the coordinator said yes to the
/// duplicate question. Every error leaves here naming the provider (attached once, here).
pub async fn send(
    state: &AppState,
    form: InviteForm,
    allow_duplicate: bool,
) -> AppResult<SendResult> {
    send_with(state, form, allow_duplicate, None).await
}

/// `send`, with the team claim version the coordinator confirmed (team mode's "send another").
pub async fn send_with(
    state: &AppState,
    form: InviteForm,
    allow_duplicate: bool,
    team_version: Option<i32>,
) -> AppResult<SendResult> {
    let provider = form.provider();
    send_checked(state, form, allow_duplicate, team_version)
        .await
        .map_err(|e| match e.provider {
            None => e.with_provider(provider),
            Some(_) => e,
        })
}

async fn send_checked(
    state: &AppState,
    form: InviteForm,
    allow_duplicate: bool,
    team_version: Option<i32>,
) -> AppResult<SendResult> {
    let valid = form.validate(Utc::now())?;
    let provider = valid.provider;

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

    if !allow_duplicate {
        if let Some(previous) =
            state
                .db
                .find_previous_or_queued(provider, &valid.job_ref, &valid.candidate_email)?
        {
            let question = duplicate_question(&previous, provider.display_name());
            return Ok(SendResult::Confirm {
                previous: Box::new(previous),
                question,
                team_version: None,
                offline: false,
            });
        }
    }

    let key = read_key(state, provider).await?;
    // Durable before any byte leaves: without this row, nothing is sent.
    let record_id = if crate::team::enabled(state) {
        // Team mode: the row carries the attempt's UUID, then the team server reserves the
        // candidate before the vendor call (see team/).
        let attempt = uuid::Uuid::new_v4();
        let record_id = state
            .db
            .insert_pending_team(&new_invite(&valid), &attempt.to_string())?;
        if let Some(ask) = team_check(
            state,
            &valid,
            attempt,
            record_id,
            allow_duplicate,
            team_version,
        )
        .await?
        {
            return Ok(ask);
        }
        record_id
    } else {
        state.db.insert_pending(&new_invite(&valid))?
    };
    if let Some(zone) = &valid.zone {
        state.settings.remember_zone(zone);
    }
    let base_url = state.settings.get().base_url(provider);
    let result = providers::send(&state.http, &valid.request, &base_url, &key).await;
    drop(key);

    match result {
        Ok(outcome) => {
            let mut notes = valid.notes.clone();
            // The invite exists at the vendor: a failed history write must not hide the link.
            // One retry; if History still cannot record it, the row stays `pending`, which the
            // duplicate guard treats like `unknown` (it asks before sending again).
            let written = state
                .db
                .mark_sent(record_id, &outcome)
                .or_else(|_| state.db.mark_sent(record_id, &outcome));
            if let Err(e) = written {
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
            // may have created the invite is recorded `unknown`, never `failed`.
            let unknown = err.outcome_unknown;
            // Best effort, retried once: the vendor's error is what the coordinator needs to
            // see. A row left `pending` is still covered by the duplicate guard.
            if state.db.mark_failed(record_id, &err, unknown).is_err() {
                let _ = state.db.mark_failed(record_id, &err, unknown);
            }
            Err(err)
        }
    }
}

/// The team's reservation for an attempt whose local `pending` row is `record_id`. `None`: go
/// on and send. `Some`: the question to ask instead (the row, never sent, is removed). An error
/// also removes the row: nothing was sent.
async fn team_check(
    state: &AppState,
    valid: &ValidInvite,
    attempt: uuid::Uuid,
    record_id: i64,
    allow_duplicate: bool,
    team_version: Option<i32>,
) -> AppResult<Option<SendResult>> {
    use crate::team::{self, Reserve};
    let facts = team::client::AttemptFacts {
        attempt,
        provider: valid.provider.id(),
        job_ref: &valid.job_ref,
        email: &valid.candidate_email,
        name: &valid.candidate_name,
        job_name: valid.job_name.as_deref(),
    };
    let answer = match team::reserve(state, &facts, team_version).await {
        Ok(a) => a,
        Err(e) => {
            state.db.delete_unsent(record_id)?;
            return Err(e);
        }
    };
    let unsent = |r: SendResult| -> AppResult<Option<SendResult>> {
        state.db.delete_unsent(record_id)?;
        Ok(Some(r))
    };
    match answer {
        Reserve::Reserved => Ok(None),
        Reserve::Held(h) => {
            let provider_name = valid.provider.display_name();
            if h.state == "pending" {
                // A colleague's live `pending` claim is never overridable, so there is nothing
                // to ask: like an invite of this computer's that is being sent (`in_flight`).
                state.db.delete_unsent(record_id)?;
                return Err(AppError::new(
                    ErrorKind::Duplicate,
                    format!(
                        "{} is sending this invite right now ({} <{}>, {provider_name}). Nothing \
                         was sent: their result reaches History at the next sync.",
                        h.holder_name, valid.candidate_name, valid.candidate_email
                    ),
                ));
            }
            let when = crate::schedule::local_day(h.held_at);
            let at = crate::schedule::local_time_of_day(h.held_at);
            let question = if h.state == "unknown" {
                format!(
                    "{} tried to invite {} <{}> on {when} at {at} via {provider_name}, and the \
                     outcome is unknown (it may have gone through) — send another invite?",
                    h.holder_name, valid.candidate_name, valid.candidate_email
                )
            } else {
                format!(
                    "{} invited {} <{}> on {when} at {at} via {provider_name} — send another \
                     invite?",
                    h.holder_name, valid.candidate_name, valid.candidate_email
                )
            };
            let previous = InviteRecord {
                id: 0,
                provider: valid.provider,
                candidate_name: valid.candidate_name.clone(),
                candidate_email: valid.candidate_email.clone(),
                job_ref: valid.job_ref.clone(),
                job_name: valid.job_name.clone(),
                scheduled_at: None,
                start_at: None,
                expiry_at: None,
                zone: None,
                link: h.link.clone(),
                vendor_ids: Default::default(),
                vendor_status: None,
                vendor_emails_candidate: false,
                summary: None,
                extra_links: Default::default(),
                skipped_emails: Vec::new(),
                outcome: if h.state == "sent" {
                    crate::history::Outcome::Sent
                } else {
                    crate::history::Outcome::Unknown
                },
                error_kind: None,
                error_message: None,
                created_at: h.held_at,
                updated_at: h.held_at,
                batch_id: None,
                batch_row: None,
                status: None,
                author: Some(h.holder_name.clone()),
                team_conflict: None,
                team_offline: false,
            };
            unsent(SendResult::Confirm {
                previous: Box::new(previous),
                question,
                team_version: h.version,
                offline: false,
            })
        }
        Reserve::Unreachable(e) => {
            let strict = team::strict_offline(state);
            if !allow_duplicate || strict {
                // Not sent under this attempt id (asked, or refused): if the reservation reached
                // the server after all, the next sync releases it.
                state.db.remember_abandoned(&attempt.to_string())?;
            }
            if strict {
                state.db.delete_unsent(record_id)?;
                return Err(AppError::new(
                    ErrorKind::Network,
                    format!(
                        "Team check unavailable ({}), and your team does not send without it. \
                         Nothing was sent: try again when the team server is back.",
                        e.message
                    ),
                ));
            }
            if !allow_duplicate {
                let question = format!(
                    "Team check unavailable (last synced {}) — your copy shows no invite for {} \
                     <{}> — send anyway? It is shared with the team when the server is back; a \
                     clash with a colleague is flagged then.",
                    team::last_synced_words(state),
                    valid.candidate_name,
                    valid.candidate_email
                );
                let previous = state.db.get(record_id)?.ok_or_else(|| {
                    AppError::internal("the attempt's row went missing before sending")
                })?;
                return unsent(SendResult::Confirm {
                    previous: Box::new(previous),
                    question,
                    team_version: None,
                    offline: true,
                });
            }
            state.db.mark_team_offline(record_id)?;
            Ok(None)
        }
    }
}

fn new_invite(valid: &ValidInvite) -> NewInvite {
    NewInvite {
        provider: valid.provider,
        candidate_name: valid.candidate_name.clone(),
        candidate_email: valid.candidate_email.clone(),
        job_ref: valid.job_ref.clone(),
        job_name: valid.job_name.clone(),
        scheduled_at: valid.scheduled_at,
        start_at: valid.start_at,
        expiry_at: valid.expiry_at,
        zone: valid.zone.clone(),
    }
}

/// Reads the provider's key from the keychain off the async workers (the keychain may block).
pub(crate) async fn read_key(state: &AppState, provider: providers::Provider) -> AppResult<ApiKey> {
    let secrets = state.secrets.clone();
    let key = tokio::task::spawn_blocking(move || secrets.get(provider))
        .await
        .map_err(|e| AppError::internal(format!("The keychain read was interrupted: {e}")))??;
    key.ok_or_else(|| {
        AppError::new(
            ErrorKind::MissingKey,
            format!(
                "No {} API key is saved on this computer. Add it in Settings, then send again.",
                provider.display_name()
            ),
        )
    })
}
