//! A bulk load of finished attempts (a benchmark's 100,000 rows, a test's fixtures), behind the
//! `bench` feature: the released app never writes a row it did not send.

use chrono::{DateTime, SecondsFormat, Utc};

use super::insert::{insert_invite, NewRow};
use super::rows::{NewInvite, Outcome};
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
        for row in rows {
            let at = row.created_at.to_rfc3339_opts(SecondsFormat::Millis, true);
            let mut new = NewRow::new(&row.invite, row.outcome, &at);
            new.result = row.result.as_ref();
            new.error = row.error.as_ref();
            insert_invite(&tx, &new)?;
            added += 1;
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
