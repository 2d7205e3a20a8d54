//! Bulk batches in the history: every row written `queued` in one transaction before the first
//! request, each moved to `pending` just before its own request (together with the previous
//! row's outcome, one commit), back to `queued` only after a 429 (the vendor created nothing),
//! cancelled rows closed as `failed`, the unfinished batches found at start, and the results
//! export of one batch.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::export::{csv_error, neutralise_formula, write_atomically, UTF8_BOM};
use super::insert::{insert_invite, NewRow};
use super::outbox::{mark_failed_on, mark_sent_on};
use super::rows::{raw_record, to_json, InviteRecord, NewInvite, Outcome, RECORD_COLUMNS};
use super::time::now_text;
use super::Db;
use crate::error::{AppError, AppResult};
use crate::provider::Provider;
use crate::providers::InviteOutcome;

/// One checked row of a sheet, about to be queued.
#[derive(Debug, Clone)]
pub struct QueuedRow {
    /// The row's number in the sheet (the header is row 1).
    pub row: u32,
    pub invite: NewInvite,
    /// The whole form this row sends (job fields from the Invite form + the row's cells), as
    /// JSON. Checked again just before its request.
    pub form: serde_json::Value,
    /// The row's cells as read, for the results export.
    pub cells: Vec<String>,
    /// Sent although it duplicates an earlier invite or row (the coordinator included it).
    pub allow_duplicate: bool,
    /// The language of the row's message (the sheet's Language column), kept on its invite.
    pub language: Option<String>,
}

/// A queued row as read back for sending.
#[derive(Debug, Clone)]
pub struct QueuedItem {
    pub invite_id: i64,
    pub row: u32,
    pub form: serde_json::Value,
    pub allow_duplicate: bool,
}

/// How a row of a batch ended, to record it.
pub enum RowEnd<'a> {
    Sent(&'a InviteOutcome),
    /// `unknown == true`: the request may have created the invite.
    Failed {
        err: &'a AppError,
        unknown: bool,
    },
}

/// A batch and its rows counted by outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub provider: Provider,
    /// The vendor account the whole batch goes through (its id; `default` for batches of
    /// earlier versions).
    pub account: String,
    pub source: String,
    /// `open`, `cancelled` or `done`.
    pub state: String,
    pub created_at: String,
    pub total: u32,
    pub queued: u32,
    pub pending: u32,
    pub sent: u32,
    pub failed: u32,
    pub unknown: u32,
}

impl BatchSummary {
    /// Rows no request has gone out for yet.
    pub fn left(&self) -> u32 {
        self.queued
    }
}

impl Db {
    /// Writes the batch and every row as `queued` in one transaction; returns the batch id.
    pub fn create_batch(
        &self,
        provider: Provider,
        account: &str,
        source: &str,
        headers: &[String],
        rows: &[QueuedRow],
    ) -> AppResult<i64> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        let now = now_text();
        tx.execute(
            "INSERT INTO batches (provider, source, headers, created_at, updated_at, account)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
            params![provider.id(), source, to_json(headers)?, now, account],
        )?;
        let batch = tx.last_insert_rowid();
        {
            let mut item = tx.prepare_cached(
                "INSERT INTO batch_items (invite_id, form, cells, allow_duplicate)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for r in rows {
                let mut row = NewRow::new(&r.invite, Outcome::Queued, &now);
                row.batch = Some((batch, r.row));
                row.language = r.language.as_deref();
                let id = insert_invite(&tx, &row)?;
                item.execute(params![
                    id,
                    r.form.to_string(),
                    to_json(&r.cells)?,
                    r.allow_duplicate
                ])?;
            }
        }
        tx.commit()?;
        Ok(batch)
    }

    /// The batch's rows still `queued`, in sheet order.
    pub fn queued_items(&self, batch: i64) -> AppResult<Vec<QueuedItem>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT i.id, i.batch_row, b.form, b.allow_duplicate
             FROM invites i JOIN batch_items b ON b.invite_id = i.id
             WHERE i.batch_id = ?1 AND i.outcome = 'queued' ORDER BY i.batch_row, i.id",
        )?;
        let rows = stmt.query_map([batch], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (invite_id, row, form, allow_duplicate) = row?;
            let form = serde_json::from_str(&form).map_err(|_| {
                AppError::storage(format!(
                    "Row {row} of the batch has an unreadable form in History; the file may have \
                     been edited outside Invite Desk."
                ))
            })?;
            out.push(QueuedItem {
                invite_id,
                row,
                form,
                allow_duplicate,
            });
        }
        Ok(out)
    }

    /// One commit for a step of a batch: the outcomes of the rows that just ended, then `queued`
    /// → `pending` for the rows whose request goes out next. A row whose request is about to
    /// leave is `pending` on disk first (the outbox order); only rows still `queued` move, so a
    /// row cancelled meanwhile is never sent. Returns the ids that moved to `pending`.
    pub fn batch_step(&self, ended: &[(i64, RowEnd<'_>)], next: &[i64]) -> AppResult<Vec<i64>> {
        self.batch_step_calling(ended, next, true)
    }

    /// `batch_step`; `calls_now`: the `next` rows go to the vendor straight away (no team
    /// reservation in between), so their vendor call is marked as started (`mark_vendor_call`).
    pub fn batch_step_calling(
        &self,
        ended: &[(i64, RowEnd<'_>)],
        next: &[i64],
        calls_now: bool,
    ) -> AppResult<Vec<i64>> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        for (id, end) in ended {
            match end {
                RowEnd::Sent(outcome) => mark_sent_on(&tx, *id, outcome)?,
                RowEnd::Failed { err, unknown } => mark_failed_on(&tx, *id, err, *unknown)?,
            }
        }
        let mut moved = Vec::with_capacity(next.len());
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE invites SET outcome = 'pending', updated_at = ?2,
                     vendor_call_at = CASE WHEN ?3 THEN ?2 END
                 WHERE id = ?1 AND outcome = 'queued'",
            )?;
            let now = now_text();
            for id in next {
                if stmt.execute(params![id, now, calls_now])? == 1 {
                    moved.push(*id);
                }
            }
        }
        tx.commit()?;
        Ok(moved)
    }

    /// `pending` → `queued` again, for rows the vendor refused with a 429 (it created nothing):
    /// they are sent once the vendor's wait is over.
    pub fn requeue(&self, ids: &[i64]) -> AppResult<()> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE invites SET outcome = 'queued', updated_at = ?2
                 WHERE id = ?1 AND outcome = 'pending'",
            )?;
            let now = now_text();
            for id in ids {
                stmt.execute(params![id, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Closes the batch's `queued` rows as `failed` (kind `cancelled`: nothing reached the
    /// vendor) and marks the batch cancelled. Rows on their way are left to finish. Returns how
    /// many rows were closed.
    pub fn cancel_batch(&self, batch: i64) -> AppResult<usize> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        let now = now_text();
        let n = tx.execute(
            "UPDATE invites SET outcome = 'failed', error_kind = 'cancelled',
                 error_message = 'Not sent: the batch was cancelled before this row''s turn. Nothing reached the vendor.',
                 updated_at = ?2
             WHERE batch_id = ?1 AND outcome = 'queued'",
            params![batch, now],
        )?;
        tx.execute(
            "UPDATE batches SET state = 'cancelled', updated_at = ?2 WHERE id = ?1",
            params![batch, now],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// Marks the batch `done` when none of its rows is queued or on its way any more.
    pub fn finish_batch_if_done(&self, batch: i64) -> AppResult<bool> {
        let conn = self.write_conn()?;
        let n = conn.execute(
            "UPDATE batches SET state = 'done', updated_at = ?2
             WHERE id = ?1 AND state = 'open' AND NOT EXISTS (
                 SELECT 1 FROM invites WHERE batch_id = ?1 AND outcome IN ('queued', 'pending'))",
            params![batch, now_text()],
        )?;
        Ok(n == 1)
    }

    /// One batch with its rows counted by outcome.
    pub fn batch_summary(&self, batch: i64) -> AppResult<Option<BatchSummary>> {
        let conn = self.conn()?;
        summary_on(&conn, batch)
    }

    /// The batches that still have `queued` rows (stopped by a crash, a quit or a pause), newest
    /// first: the start screen offers to resume them.
    pub fn unfinished_batches(&self) -> AppResult<Vec<BatchSummary>> {
        let conn = self.conn()?;
        let ids: Vec<i64> = conn
            .prepare_cached(
                "SELECT b.id FROM batches b WHERE b.state = 'open' AND EXISTS (
                     SELECT 1 FROM invites i WHERE i.batch_id = b.id AND i.outcome = 'queued')
                 ORDER BY b.id DESC",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(summary_on(&conn, id)?);
        }
        Ok(out)
    }

    /// Every invite of a batch, in sheet order.
    pub fn batch_records(&self, batch: i64) -> AppResult<Vec<InviteRecord>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM invites i WHERE i.batch_id = ?1
             ORDER BY i.batch_row, i.id"
        ))?;
        let rows = stmt
            .query_map([batch], raw_record)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(|r| r.into_record()).collect()
    }

    /// Writes one batch's results as CSV to `dest` (atomically, like the history export): the
    /// sheet's own columns, then provider, link, outcome, the vendor's message, vendor ids, the
    /// row's language and its invite message (`messages`, by invite id), in sheet order.
    pub fn export_batch_to_file(
        &self,
        batch: i64,
        dest: &Path,
        messages: &BTreeMap<i64, String>,
    ) -> AppResult<usize> {
        write_atomically(dest, |w| self.export_batch_csv(batch, w, messages))
    }

    /// The results CSV of one batch (see `export_batch_to_file`).
    pub fn export_batch_csv<W: Write>(
        &self,
        batch: i64,
        mut w: W,
        messages: &BTreeMap<i64, String>,
    ) -> AppResult<usize> {
        let conn = self.conn()?;
        let headers: String = conn
            .query_row("SELECT headers FROM batches WHERE id = ?1", [batch], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| AppError::storage(format!("Batch {batch} is not in History.")))?;
        let headers: Vec<String> = serde_json::from_str(&headers).unwrap_or_default();
        let mut stmt = conn.prepare_cached(
            "SELECT b.cells, i.provider, i.link, i.outcome, i.error_message, i.summary,
                 i.vendor_ids, i.batch_row, i.id, i.language
             FROM invites i JOIN batch_items b ON b.invite_id = i.id
             WHERE i.batch_id = ?1 ORDER BY i.batch_row, i.id",
        )?;
        let mut rows = stmt.query([batch])?;
        w.write_all(UTF8_BOM)?;
        let mut out = csv::Writer::from_writer(w);
        let mut head: Vec<String> = vec!["Row".into()];
        head.extend(headers.iter().cloned());
        head.extend(
            [
                "Provider",
                "Interview link",
                "Outcome",
                "Message",
                "Vendor IDs",
                "Language",
                "Invite message",
            ]
            .map(String::from),
        );
        out.write_record(head.iter().map(|c| neutralise_formula(c).into_owned()))
            .map_err(csv_error)?;
        let mut written = 0;
        while let Some(r) = rows.next()? {
            let cells: Vec<String> =
                serde_json::from_str(&r.get::<_, String>(0)?).unwrap_or_default();
            let provider: String = r.get(1)?;
            let outcome: String = r.get(3)?;
            let message = r
                .get::<_, Option<String>>(4)?
                .or(r.get::<_, Option<String>>(5)?)
                .unwrap_or_default();
            let ids: std::collections::BTreeMap<String, String> =
                serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default();
            let mut line = vec![r.get::<_, u32>(7)?.to_string()];
            // As many cells as the header row: short rows padded, so columns stay aligned.
            line.extend((0..headers.len()).map(|i| cells.get(i).cloned().unwrap_or_default()));
            line.push(
                Provider::from_id(&provider)
                    .map(|p| p.display_name().to_string())
                    .unwrap_or(provider),
            );
            line.push(r.get::<_, Option<String>>(2)?.unwrap_or_default());
            line.push(
                Outcome::from_str_opt(&outcome)
                    .map(|o| o.label().to_string())
                    .unwrap_or(outcome),
            );
            line.push(message);
            line.push(
                ids.iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            line.push(r.get::<_, Option<String>>(9)?.unwrap_or_default());
            line.push(
                messages
                    .get(&r.get::<_, i64>(8)?)
                    .cloned()
                    .unwrap_or_default(),
            );
            out.write_record(line.iter().map(|c| neutralise_formula(c).into_owned()))
                .map_err(csv_error)?;
            written += 1;
        }
        out.flush()?;
        Ok(written)
    }
}

fn summary_on(conn: &Connection, batch: i64) -> AppResult<Option<BatchSummary>> {
    let head = conn
        .prepare_cached(
            "SELECT provider, source, state, created_at, account FROM batches WHERE id = ?1",
        )?
        .query_row([batch], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    let Some((provider, source, state, created_at, account)) = head else {
        return Ok(None);
    };
    let provider = Provider::from_id(&provider)
        .ok_or_else(|| AppError::storage(format!("Batch {batch} names an unknown provider.")))?;
    let mut s = BatchSummary {
        id: batch,
        provider,
        account,
        source,
        state,
        created_at,
        total: 0,
        queued: 0,
        pending: 0,
        sent: 0,
        failed: 0,
        unknown: 0,
    };
    let mut stmt = conn.prepare_cached(
        "SELECT outcome, count(*) FROM invites WHERE batch_id = ?1 GROUP BY outcome",
    )?;
    let rows = stmt.query_map([batch], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
    })?;
    for row in rows {
        let (outcome, n) = row?;
        s.total += n;
        match Outcome::from_str_opt(&outcome) {
            Some(Outcome::Queued) => s.queued += n,
            Some(Outcome::Pending) => s.pending += n,
            Some(Outcome::Sent) => s.sent += n,
            Some(Outcome::Failed) => s.failed += n,
            Some(Outcome::Unknown) | None => s.unknown += n,
        }
    }
    Ok(Some(s))
}
