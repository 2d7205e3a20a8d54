//! The outbox record of each attempt: `pending` before any byte leaves, then `sent`, `failed` or
//! `unknown`; start-up recovery of rows a crash left `pending`; the duplicate guard's lookup.

use rusqlite::{params, Connection, OptionalExtension};

use super::insert::{insert_invite, NewRow};
use super::rows::{
    error_kind_name, raw_record, record_columns, to_json, InviteRecord, NewInvite, Outcome,
    RawRecord,
};
use super::time::now_text;
use super::Db;
use crate::error::{AppError, AppResult};
use crate::provider::Provider;
use crate::providers::InviteOutcome;

/// The latest attempt at the same provider, job and email (ignoring case) whose outcome is one of
/// `$outcomes`, through `invites_duplicate_guard`; through account `?4` only, unless it is NULL.
macro_rules! guard_sql {
    ($outcomes:literal) => {
        concat!(
            "SELECT ",
            record_columns!(),
            " FROM invites i
             WHERE i.provider = ?1 AND i.job_ref = ?2 AND lower(i.candidate_email) = lower(?3)
               AND (?4 IS NULL OR i.account = ?4) AND i.outcome IN ",
            $outcomes,
            " ORDER BY i.id DESC LIMIT 1"
        )
    };
}

/// The duplicate guard: the latest attempt at the same provider, job and email (ignoring case)
/// that may exist at the vendor — `sent`, `unknown` (it may have gone through) or still
/// `pending` (on its way, or its outcome could not be recorded). Only `failed` rows, which
/// certainly created nothing, are left out. Found through `invites_duplicate_guard`; its
/// query-plan test reads this same constant.
pub(super) const DUPLICATE_GUARD_SQL: &str = guard_sql!("('pending', 'sent', 'unknown')");

/// The bulk check's lookup: the guard's, plus rows `queued` in an unfinished batch (they will be
/// sent when that batch is resumed).
const GUARD_OR_QUEUED_SQL: &str = guard_sql!("('queued', 'pending', 'sent', 'unknown')");

/// Runs at every start, so it must find pending rows through the outcome index and never scan
/// the table: start-up time does not grow with the history. Only this computer's own rows: a
/// colleague's `pending` row (pulled from the team) is theirs to finish. A row whose vendor call
/// had started may exist at the vendor: `unknown`.
pub(super) const RECOVER_SQL: &str =
    "UPDATE invites SET outcome = 'unknown', error_kind = 'interrupted',
         error_message = ?1, updated_at = ?2
     WHERE outcome = 'pending' AND sent_by IS NULL AND vendor_call_at IS NOT NULL";

/// The other half of start-up recovery: a `pending` row whose vendor call never started (the app
/// stopped during the team's reservation) created nothing: `failed`. In team mode its outcome
/// then goes to the team like any other, which frees the candidate's claim.
pub(super) const RECOVER_UNSENT_SQL: &str =
    "UPDATE invites SET outcome = 'failed', error_kind = 'interrupted',
         error_message = ?1, updated_at = ?2
     WHERE outcome = 'pending' AND sent_by IS NULL AND vendor_call_at IS NULL";

impl Db {
    /// Records an attempt as `pending` and commits it before returning, so the row exists before
    /// any byte goes to the vendor (the outbox order).
    pub fn insert_pending(&self, new: &NewInvite) -> AppResult<i64> {
        self.insert_pending_row(new, None)
    }

    /// The `pending` insert of single invites; in team mode the row carries its attempt's UUID
    /// and waits in the team outbox (`team_pushed = 0`) until the server confirms its outcome.
    pub(super) fn insert_pending_row(
        &self,
        new: &NewInvite,
        attempt_id: Option<&str>,
    ) -> AppResult<i64> {
        let now = now_text();
        let conn = self.write_conn()?;
        let mut row = NewRow::new(new, Outcome::Pending, &now);
        row.attempt_id = attempt_id;
        insert_invite(&conn, &row)
    }

    /// Marks the moment the vendor calls of rows `ids` start (team mode, after the team's
    /// reservation): a crash from now on leaves them `unknown`, before it `failed`.
    pub fn mark_vendor_call(&self, ids: &[i64]) -> AppResult<()> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE invites SET vendor_call_at = ?2 WHERE id = ?1 AND vendor_call_at IS NULL",
            )?;
            let now = now_text();
            for id in ids {
                stmt.execute(params![id, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Records the vendor's answer for attempt `id`: `sent`, with the link and ids.
    pub fn mark_sent(&self, id: i64, outcome: &InviteOutcome) -> AppResult<()> {
        mark_sent_on(&*self.write_conn()?, id, outcome)
    }

    /// Records that attempt `id` did not create an invite (`unknown == false`: `failed`) or may
    /// have (`unknown == true`: the request left and no answer came), with the error's kind and
    /// message.
    pub fn mark_failed(&self, id: i64, err: &AppError, unknown: bool) -> AppResult<()> {
        mark_failed_on(&*self.write_conn()?, id, err, unknown)
    }

    /// Turns every `pending` row into `unknown` (the app stopped before the answer was
    /// recorded). Runs at open; uses the outcome index, so it costs nothing on a large history.
    pub fn recover_pending(&self) -> AppResult<usize> {
        Ok(recover_pending_on(&*self.write_conn()?)?)
    }

    /// The latest `pending`, `sent` or `unknown` invite to the same email (ignoring case) for
    /// the same provider and job reference — what the duplicate guard asks about.
    pub fn find_previous(
        &self,
        provider: Provider,
        job_ref: &str,
        email: &str,
    ) -> AppResult<Option<InviteRecord>> {
        self.previous_by(DUPLICATE_GUARD_SQL, provider, job_ref, email, None)
    }

    /// Like `find_previous`, through account `account` only (`None`: any account).
    pub fn find_previous_via(
        &self,
        provider: Provider,
        job_ref: &str,
        email: &str,
        account: Option<&str>,
    ) -> AppResult<Option<InviteRecord>> {
        self.previous_by(DUPLICATE_GUARD_SQL, provider, job_ref, email, account)
    }

    /// Like `find_previous`, and also a row still `queued` in an unfinished batch: the guard of
    /// a single invite, so a candidate waiting in a paused batch is not invited twice. The
    /// latest through `account` comes first; else the latest through any account of the vendor
    /// (the caller tells the two apart by the record's account).
    pub fn find_previous_or_queued(
        &self,
        provider: Provider,
        job_ref: &str,
        email: &str,
        account: &str,
    ) -> AppResult<Option<InviteRecord>> {
        match self.previous_by(GUARD_OR_QUEUED_SQL, provider, job_ref, email, Some(account))? {
            Some(r) => Ok(Some(r)),
            None => self.previous_by(GUARD_OR_QUEUED_SQL, provider, job_ref, email, None),
        }
    }

    /// The bulk check's lookups on one connection: for each (job reference, email), what
    /// `find_previous` finds, or a row still `queued` in an unfinished batch; through `account`
    /// only, unless it is `None`.
    pub fn previous_many(
        &self,
        provider: Provider,
        keys: &[(String, String)],
        account: Option<&str>,
    ) -> AppResult<Vec<Option<InviteRecord>>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(GUARD_OR_QUEUED_SQL)?;
        keys.iter()
            .map(|(job_ref, email)| {
                stmt.query_row(
                    params![provider.id(), job_ref, email.trim(), account],
                    raw_record,
                )
                .optional()?
                .map(RawRecord::into_record)
                .transpose()
            })
            .collect()
    }

    fn previous_by(
        &self,
        sql: &str,
        provider: Provider,
        job_ref: &str,
        email: &str,
        account: Option<&str>,
    ) -> AppResult<Option<InviteRecord>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(sql)?;
        let row = stmt
            .query_row(
                params![provider.id(), job_ref, email.trim(), account],
                raw_record,
            )
            .optional()?;
        row.map(RawRecord::into_record).transpose()
    }
}

pub(super) fn mark_sent_on(conn: &Connection, id: i64, outcome: &InviteOutcome) -> AppResult<()> {
    let changed = conn
        .prepare_cached(
            "UPDATE invites SET outcome = 'sent', link = ?2, vendor_ids = ?3,
                 vendor_status = ?4, vendor_emails_candidate = ?5, summary = ?6,
                 extra_links = ?7, skipped_emails = ?8, error_kind = NULL,
                 error_message = NULL, updated_at = ?9
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            outcome.link,
            to_json(&outcome.vendor_ids)?,
            outcome.vendor_status,
            outcome.vendor_emails_candidate,
            Some(outcome.summary.as_str()).filter(|s| !s.is_empty()),
            to_json(&outcome.extra_links)?,
            to_json(&outcome.skipped_emails)?,
            now_text(),
        ])?;
    expect_row(changed, id)?;
    // The vendor's name for the interview (Xobin's `ai_interview_name`), where the row has none:
    // History shows it and the recent-ids list offers it. A separate statement, so the usual
    // case (no name, or one already known) does not re-index the row's search text.
    if let Some(name) = outcome.job_name.as_deref().filter(|n| !n.trim().is_empty()) {
        conn.prepare_cached("UPDATE invites SET job_name = ?2 WHERE id = ?1 AND job_name IS NULL")?
            .execute(params![id, name.trim()])?;
    }
    Ok(())
}

pub(super) fn mark_failed_on(
    conn: &Connection,
    id: i64,
    err: &AppError,
    unknown: bool,
) -> AppResult<()> {
    let outcome = if unknown {
        Outcome::Unknown
    } else {
        Outcome::Failed
    };
    let changed = conn
        .prepare_cached(
            "UPDATE invites SET outcome = ?2, error_kind = ?3, error_message = ?4,
                 updated_at = ?5
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            outcome.as_str(),
            error_kind_name(err.kind),
            err.message,
            now_text(),
        ])?;
    expect_row(changed, id)
}

pub(super) fn recover_pending_on(conn: &Connection) -> rusqlite::Result<usize> {
    let now = now_text();
    conn.prepare_cached(RECOVER_UNSENT_SQL)?.execute(params![
        "Invite Desk stopped before this invite reached the vendor, so nothing was sent. Send \
         it again when you are ready.",
        now
    ])?;
    let unknown = conn.prepare_cached(RECOVER_SQL)?.execute(params![
        "Invite Desk stopped while this invite was being sent, so it may or may not exist at \
         the vendor. Check the vendor's dashboard before sending it again.",
        now
    ])?;
    // Only the rows that may exist at the vendor are worth a notice.
    Ok(unknown)
}

fn expect_row(changed: usize, id: i64) -> AppResult<()> {
    if changed == 0 {
        Err(AppError::internal(format!(
            "Invite #{id} is not in the history, so its result could not be recorded."
        )))
    } else {
        Ok(())
    }
}
