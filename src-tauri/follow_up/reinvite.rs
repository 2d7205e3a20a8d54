//! A Xobin re-invite with a new window: the only way any of the five vendors lets a deadline
//! move (DOC: no API extends, resends or reminds). The first invite is revoked through
//! `FollowUp::revoke`, then a new invite goes through the one invite flow as a deliberate
//! second invite; the new row points to the one it replaces. The steps are put together where
//! both flows are reachable (`commands/reinvite.rs`); the questions and the new form are here.

use serde::Serialize;
use ts_rs::TS;

use super::FollowUp;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::InviteRecord;
use crate::providers::tracking::{after_send, RevokeAnswer};
use crate::providers::{xobin, InviteForm};
use crate::schedule::WallTime;

/// What a re-invite did.
#[derive(Debug, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReinviteResult {
    /// The coordinator kept the first invite: nothing was done.
    Kept,
    /// The first invite could not be revoked and nothing new was sent.
    NotRevoked { message: String },
    /// The first invite was revoked (or the coordinator chose to go on without), but the new
    /// one was not sent: the coordinator answered no to the duplicate or team question.
    NotSent { message: String },
    /// The new invite was sent; `replaces` is the first one.
    #[serde(rename_all = "camelCase")]
    Sent {
        #[ts(type = "number")]
        record_id: i64,
        #[ts(type = "number")]
        replaces: i64,
        link: Option<String>,
        /// What the revoke did, in a sentence.
        revoke: String,
    },
}

/// The one question before a re-invite, naming the first invite.
pub fn reinvite_question(first: &InviteRecord, expiry: &WallTime) -> String {
    format!(
        "{} — revoke that link and send a new invite that expires on {} at {} ({})? Xobin \
         counts the new one as a second invite.",
        first.invited_sentence(),
        expiry.date,
        expiry.time,
        expiry.zone
    )
}

/// The question when Xobin would not revoke the first invite.
pub fn not_revoked_question(answer: &RevokeAnswer) -> String {
    format!(
        "{} Send a second invite anyway? The first link may still work, and Xobin counts a \
         second invite.",
        answer.sentence()
    )
}

impl FollowUp {
    /// Checks that invite `id` can be re-invited (a sent Xobin invite with its response id)
    /// and returns it.
    pub fn reinvitable(&self, id: i64) -> AppResult<InviteRecord> {
        let r = self.revocable(id)?;
        let a = after_send(r.provider);
        if !a.can_reinvite {
            return Err(AppError::new(ErrorKind::Validation, a.extend));
        }
        if let Some(new) = self.db.replaced_by(id)? {
            return Err(AppError::new(
                ErrorKind::Duplicate,
                format!(
                    "Invite #{id} was already re-invited as #{new}: re-invite that one instead."
                ),
            ));
        }
        Ok(r)
    }

    /// The new invite's form (see `xobin::reinvite_form`). An expiry given without a zone is
    /// read in the first invite's zone, else in this computer's (never silently in UTC).
    pub fn reinvite_form(&self, first: &InviteRecord, mut expiry: WallTime) -> InviteForm {
        if expiry.zone.trim().is_empty() {
            expiry.zone = first
                .zone
                .clone()
                .unwrap_or_else(|| crate::schedule::system_zone().name);
        }
        InviteForm::Xobin(xobin::reinvite_form(
            &first.candidate_name,
            &first.candidate_email,
            &first.job_ref,
            first.vendor_emails_candidate,
            expiry,
        ))
    }

    /// Links the new invite to the one it replaces, and gives it the first one's language.
    pub fn link_reinvite(&self, new_id: i64, first: &InviteRecord) -> AppResult<()> {
        self.db.link_replacement(new_id, first.id)?;
        if let Some(l) = &first.language {
            self.db.set_language(new_id, l)?;
        }
        Ok(())
    }
}
