//! The one interpreter of the team's answer to a reservation: what the sender (a single invite
//! or a bulk row) must do — go, ask about a colleague's finished invite, refuse because a
//! colleague is sending it right now, or take the offline path.

use uuid::Uuid;

use super::client::{self, AttemptFacts, ClaimState, ReserveResult};
use super::{Team, RESERVE_DEADLINE};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{InviteRecord, NewInvite, Outcome};

/// What a sender does after asking the team.
#[derive(Debug)]
pub enum Claim {
    /// The candidate is this attempt's now (or was already: a replay): send.
    Go,
    /// A colleague's finished invite (sent, or its outcome unknown) holds the candidate: ask
    /// before sending another; `version` is what "send another" quotes (compare-and-set).
    Held {
        previous: Box<InviteRecord>,
        version: Option<i32>,
    },
    /// A colleague is sending this invite right now: never overridable, nothing to ask.
    Sending { holder_name: String },
    /// The server could not be reached in time.
    Offline(AppError),
}

impl Claim {
    /// The refusal of [`Claim::Sending`], naming the colleague.
    pub fn sending_error(holder_name: &str, new: &NewInvite) -> AppError {
        AppError::new(
            ErrorKind::Duplicate,
            format!(
                "{holder_name} is sending this invite right now ({} <{}>, {}). Nothing was \
                 sent: their result reaches History at the next sync.",
                new.candidate_name,
                new.candidate_email,
                new.provider.display_name()
            ),
        )
    }
}

impl Team {
    /// Reserves (provider, job, email) for `attempt` before the vendor call, within
    /// [`RESERVE_DEADLINE`], and says what to do. A refusal that is not "unreachable" (a removed
    /// login, a schema too new) is an error: nothing is sent. `override_version`: the claim's
    /// version the coordinator was shown when they chose "send another".
    pub async fn claim(
        &self,
        new: &NewInvite,
        attempt: Uuid,
        override_version: Option<i32>,
    ) -> AppResult<Claim> {
        let facts = AttemptFacts {
            attempt,
            provider: new.provider.id(),
            job_ref: &new.job_ref,
            email: &new.candidate_email,
            name: &new.candidate_name,
            job_name: new.job_name.as_deref(),
            account: &new.account.label,
        };
        let accounts = self
            .who()
            .is_some_and(|w| client::keeps_accounts(w.schema_version));
        // What the server would refuse is refused here, before anything is sent (online or
        // offline): an outcome the team cannot keep must never wait in the outbox.
        super::limits::check_facts(&facts)?;
        let facts = &facts;
        let answer = match self
            .call(RESERVE_DEADLINE, |c| async move {
                client::reserve(&c, facts, override_version, accounts).await
            })
            .await
        {
            Err(e) if client::is_unreachable(&e) => {
                self.set_error(Some(&e));
                return Ok(Claim::Offline(e));
            }
            Err(e) => {
                self.set_error(Some(&e));
                return Err(e);
            }
            Ok(r) => r,
        };
        self.set_error(None);
        Ok(match (answer.result, answer.state) {
            (ReserveResult::Reserved, _) | (ReserveResult::Replay, ClaimState::Pending) => {
                Claim::Go
            }
            // This attempt finished on the server already (its outcome is recorded there): it
            // is never sent again under the same id.
            (ReserveResult::Replay, state) => {
                return Err(AppError::new(
                    ErrorKind::Duplicate,
                    format!(
                        "The team already has this attempt's outcome ({}): nothing was sent \
                         again.",
                        state.word()
                    ),
                ))
            }
            (ReserveResult::Held, ClaimState::Pending) => Claim::Sending {
                holder_name: answer.holder_name,
            },
            (ReserveResult::Held, state) => {
                let outcome = if state == ClaimState::Sent {
                    Outcome::Sent
                } else {
                    Outcome::Unknown
                };
                let mut previous = InviteRecord::not_stored(new, outcome, answer.held_at);
                previous.link = answer.link;
                previous.author = Some(answer.holder_name);
                Claim::Held {
                    previous: Box::new(previous),
                    version: answer.version,
                }
            }
        })
    }
}
