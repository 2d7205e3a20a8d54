//! A bulk load of finished attempts (a benchmark's 100,000 rows, a test's fixtures), behind the
//! `bench` feature: the released app never writes a row it did not send.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::params;

use super::rows::{error_kind_name, instant_text, to_json, NewInvite, Outcome};
use super::Db;
use crate::error::{AppError, AppResult};
use crate::providers::InviteOutcome;

/// An attempt whose result is already known, for `Db::import`.
#[derive(Debug, Clone)]
pub struct PastInvite {
    pub invite: NewInvite,
    pub outcome: Outcome,
    /// The vendor's answer, for a `sent` row.
    pub result: Option<InviteOutcome>,
    /// What went wrong, for a `failed` or `unknown` row.
    pub error: Option<AppError>,
    pub created_at: DateTime<Utc>,
}

impl Db {
    /// Adds finished attempts in one transaction with one prepared statement (all or none);
    /// returns how many were added. Rows stream from the iterator.
    pub fn import(&self, rows: impl IntoIterator<Item = PastInvite>) -> AppResult<usize> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        let mut added = 0usize;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO invites (provider, candidate_name, candidate_email, job_ref, job_name,
                     scheduled_at, start_at, expiry_at, zone, link, vendor_ids, vendor_status,
                     vendor_emails_candidate, summary, extra_links, skipped_emails, outcome,
                     error_kind, error_message, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?20)",
            )?;
            for row in rows {
                let new = &row.invite;
                let result = row.result.unwrap_or_default();
                stmt.execute(params![
                    new.provider.id(),
                    new.candidate_name,
                    new.candidate_email,
                    new.job_ref,
                    new.job_name,
                    new.scheduled_at.map(instant_text),
                    new.start_at.map(instant_text),
                    new.expiry_at.map(instant_text),
                    new.zone,
                    result.link,
                    to_json(&result.vendor_ids)?,
                    result.vendor_status,
                    result.vendor_emails_candidate,
                    Some(result.summary.as_str()).filter(|s| !s.is_empty()),
                    to_json(&result.extra_links)?,
                    to_json(&result.skipped_emails)?,
                    row.outcome.as_str(),
                    row.error.as_ref().map(|e| error_kind_name(e.kind)),
                    row.error.as_ref().map(|e| e.message.as_str()),
                    row.created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
                ])?;
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Gives every row but one in `one_in` a colleague as its author ("Colleague 1" …), as a
    /// team's pulled history has; rows that have one keep it. Returns how many changed.
    pub fn mark_colleagues(&self, one_in: i64) -> AppResult<usize> {
        let conn = self.write_conn()?;
        Ok(conn.execute(
            "UPDATE invites SET sent_by = 'Colleague ' || (id % ?1)
             WHERE id % ?1 <> 0 AND sent_by IS NULL",
            [one_in],
        )?)
    }
}
