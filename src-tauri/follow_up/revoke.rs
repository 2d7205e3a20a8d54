//! Revoking an invite where the vendor can (Xobin), after a confirmation that names the
//! candidate.

use serde::Serialize;
use ts_rs::TS;

use super::FollowUp;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{InviteRecord, InviteStatus, Outcome};
use crate::providers::status;
use crate::providers::tracking::{after_send, Reader, RevokeAnswer, VendorStatus};

/// What a revoke did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevokeResult {
    pub answer: RevokeAnswer,
    /// The sentence to show.
    pub message: String,
    pub status: Option<InviteStatus>,
}

/// The question the native confirmation asks before a revoke. A colleague's invite (team mode)
/// says whose it is, so nobody revokes a teammate's link unawares.
pub fn revoke_question(r: &InviteRecord, notify: bool) -> String {
    let job = r.job_name.as_deref().unwrap_or(&r.job_ref);
    let whose = match r.author.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(colleague) => format!(
            " {colleague} sent this invite, not you: they may be waiting on it, so tell them."
        ),
        None => String::new(),
    };
    format!(
        "Revoke the Xobin invite of {} <{}> to “{job}”? The link stops working{}. This cannot be \
         undone from Invite Desk.{whose}",
        r.candidate_name,
        r.candidate_email,
        if notify {
            " and Xobin emails the candidate"
        } else {
            "; the candidate is not told"
        }
    )
}

impl FollowUp {
    /// Checks that invite `id` can be revoked and returns it.
    pub fn revocable(&self, id: i64) -> AppResult<InviteRecord> {
        let r = self.db.get(id)?.ok_or_else(|| {
            AppError::new(
                ErrorKind::NotFound,
                format!("Invite #{id} is not in History."),
            )
        })?;
        let a = after_send(r.provider);
        if !a.can_revoke {
            return Err(AppError::new(
                ErrorKind::Validation,
                format!(
                    "{} invites cannot be revoked from Invite Desk. {}",
                    r.provider.display_name(),
                    a.note
                ),
            ));
        }
        if r.outcome != Outcome::Sent {
            return Err(AppError::new(
                ErrorKind::Validation,
                format!(
                    "Only a sent invite can be revoked; this one is “{}”.",
                    r.outcome.label()
                ),
            ));
        }
        if status::revoke_id(r.provider, &r.vendor_ids).is_none() {
            return Err(AppError::new(
                ErrorKind::Validation,
                format!(
                    "{} gave no {} for this invite, so it cannot be revoked from Invite Desk: \
                     revoke it in {}'s dashboard.",
                    r.provider.display_name(),
                    a.status_id.replace('_', " "),
                    r.provider.display_name()
                ),
            ));
        }
        Ok(r)
    }

    /// Revokes an invite (after the coordinator confirmed). A revoked invite (now or before) is
    /// stored as status "revoked"; the invite's send outcome stays `sent`.
    pub async fn revoke(&self, r: &InviteRecord, notify: bool) -> AppResult<RevokeResult> {
        let p = r.provider;
        let id = status::revoke_id(p, &r.vendor_ids)
            .ok_or_else(|| AppError::internal("no revoke id"))?;
        // The account the invite was sent through, whatever is selected now.
        let route = super::row_route(&self.settings.get(), r)?;
        let key = self.key(&route).await?;
        let lane = self.lane(p);
        let reader = Reader {
            http: self.http.client()?,
            key: &key,
            base_url: &route.base_url,
            lane: &lane,
        };
        let answer = status::revoke(p, id, notify, reader).await?;
        drop(key);
        let message = answer.sentence();
        let status = if answer.is_revoked() {
            let word = match &answer {
                RevokeAnswer::AlreadyRevoked { .. } => "ALREADY_REVOKED",
                _ => "REVOKED",
            };
            Some(self.db.record_status(r.id, &VendorStatus::of_word(word))?)
        } else {
            self.db.status_of(r.id)?
        };
        Ok(RevokeResult {
            answer,
            message,
            status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{NewInvite, Outcome};
    use crate::providers::Provider;

    fn record(author: Option<&str>) -> InviteRecord {
        let new = NewInvite {
            account: Default::default(),
            provider: Provider::Xobin,
            candidate_name: "Kim Lee".into(),
            candidate_email: "kim@example.com".into(),
            job_ref: "305".into(),
            job_name: Some("Data Analyst".into()),
            scheduled_at: None,
            start_at: None,
            expiry_at: None,
            zone: None,
        };
        InviteRecord {
            author: author.map(String::from),
            ..InviteRecord::not_stored(&new, Outcome::Sent, chrono::Utc::now())
        }
    }

    #[test]
    fn revoking_a_colleagues_invite_names_the_colleague_and_ones_own_names_nobody() {
        let theirs = revoke_question(&record(Some("Priya Raman")), false);
        assert!(
            theirs.contains("Priya Raman sent this invite, not you"),
            "{theirs}"
        );
        assert!(theirs.starts_with(
            "Revoke the Xobin invite of Kim Lee <kim@example.com> to “Data Analyst”?"
        ));
        let mine = revoke_question(&record(None), true);
        assert!(!mine.contains("sent this invite"), "{mine}");
        assert!(mine.contains("Xobin emails the candidate"));
    }
}
