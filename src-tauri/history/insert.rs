//! The one `INSERT INTO invites` for this computer's own rows: a single invite's `pending` row,
//! a batch's `queued` rows and the benchmark's finished rows all go through [`insert_invite`].
//! (Colleagues' rows pulled from the team server are an upsert by attempt id: `team.rs`.)

use rusqlite::{params, Connection};

use super::rows::{error_kind_name, to_json, NewInvite, Outcome};
use super::time::instant_text;
use crate::error::{AppError, AppResult};
use crate::providers::InviteOutcome;

/// Everything a new row may carry besides the invite's facts.
pub(super) struct NewRow<'a> {
    pub invite: &'a NewInvite,
    pub outcome: Outcome,
    /// `created_at` and `updated_at`.
    pub at: &'a str,
    /// A batch's id and the row's number in its sheet.
    pub batch: Option<(i64, u32)>,
    /// Team mode: the attempt's UUID; the row then waits in the team outbox.
    pub attempt_id: Option<&'a str>,
    /// The vendor's answer, for a row whose result is already known (the benchmark's import).
    pub result: Option<&'a InviteOutcome>,
    pub error: Option<&'a AppError>,
    /// The language of the invite's message (a checked BCP-47 tag); `None`: the default.
    pub language: Option<&'a str>,
}

impl<'a> NewRow<'a> {
    pub fn new(invite: &'a NewInvite, outcome: Outcome, at: &'a str) -> NewRow<'a> {
        NewRow {
            invite,
            outcome,
            at,
            batch: None,
            attempt_id: None,
            result: None,
            error: None,
            language: None,
        }
    }
}

/// Inserts one row (a cached statement, so a transaction of many costs one parse) and returns
/// its id.
pub(super) fn insert_invite(conn: &Connection, r: &NewRow<'_>) -> AppResult<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO invites (provider, candidate_name, candidate_email, job_ref, job_name,
             scheduled_at, start_at, expiry_at, zone, link, vendor_ids, vendor_status,
             vendor_emails_candidate, summary, extra_links, skipped_emails, outcome,
             error_kind, error_message, created_at, updated_at, batch_id, batch_row,
             attempt_id, team_pushed, vendor_call_at, account, account_label, language)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?20, ?21, ?22, ?23, ?24,
             -- Without a team, a single invite's `pending` row goes to the vendor at once.
             CASE WHEN ?17 = 'pending' AND ?23 IS NULL THEN ?20 END, ?25, ?26, ?27)",
    )?;
    let n = r.invite;
    let empty = InviteOutcome::default();
    let result = r.result.unwrap_or(&empty);
    stmt.execute(params![
        n.provider.id(),
        n.candidate_name,
        n.candidate_email,
        n.job_ref,
        n.job_name,
        n.scheduled_at.map(instant_text),
        n.start_at.map(instant_text),
        n.expiry_at.map(instant_text),
        n.zone,
        result.link,
        to_json(&result.vendor_ids)?,
        result.vendor_status,
        result.vendor_emails_candidate,
        Some(result.summary.as_str()).filter(|s| !s.is_empty()),
        to_json(&result.extra_links)?,
        to_json(&result.skipped_emails)?,
        r.outcome.as_str(),
        r.error.map(|e| error_kind_name(e.kind)),
        r.error.map(|e| e.message.as_str()),
        r.at,
        r.batch.map(|b| b.0),
        r.batch.map(|b| b.1),
        r.attempt_id,
        r.attempt_id.is_none(),
        n.account.id,
        n.account.label,
        r.language,
    ])?;
    Ok(conn.last_insert_rowid())
}
