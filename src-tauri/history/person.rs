//! Candidate data: everything this history holds about one person (found by email as the
//! duplicate guard compares it, or by name), forgetting it for good — every row in one
//! transaction with `secure_delete` on, the search indexes' entries deleted in place and the
//! write-ahead log checkpointed and truncated, so the bytes leave the file and its `-wal` — and
//! deleting old invites on a schedule. Each erasure is recorded without the person: when, who,
//! how many rows, which vendors.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::rows::InviteRecord;
use super::time::instant_text;
use super::Db;
use crate::error::{AppError, AppResult};
use crate::provider::Provider;

/// Rows `pending` or `unknown` younger than this are never deleted by the schedule: their outcome
/// is still being settled.
pub const KEEP_UNSETTLED_DAYS: i64 = 30;

/// Writes the person's invites as CSV (UTF-8 with a BOM, formula-safe, atomically): one line
/// per invite with what each vendor received and when.
pub fn write_person_csv(found: &PersonData, dest: &std::path::Path) -> AppResult<usize> {
    use std::io::Write as _;
    super::export::write_atomically(dest, |w| {
        w.write_all(super::export::UTF8_BOM)?;
        let mut out = csv::Writer::from_writer(w);
        let head = [
            "sent at",
            "vendor",
            "outcome",
            "name",
            "email",
            "job",
            "job name",
            "link",
            "vendor ids",
            "vendor status",
            "last change",
        ];
        out.write_record(head).map_err(super::export::csv_error)?;
        for r in &found.invites {
            let line = [
                instant_text(r.created_at),
                r.provider.display_name().to_string(),
                r.outcome.label().to_string(),
                r.candidate_name.clone(),
                r.candidate_email.clone(),
                r.job_ref.clone(),
                r.job_name.clone().unwrap_or_default(),
                r.link.clone().unwrap_or_default(),
                serde_json::to_string(&r.vendor_ids).unwrap_or_default(),
                r.status
                    .as_ref()
                    .and_then(|s| s.vendor_status.clone())
                    .unwrap_or_default(),
                instant_text(r.updated_at),
            ];
            out.write_record(
                line.iter()
                    .map(|c| super::export::neutralise_formula(c).into_owned()),
            )
            .map_err(super::export::csv_error)?;
        }
        out.flush()?;
        Ok(found.invites.len())
    })
}

/// Everything held about one person.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonData {
    /// What was searched for, as given.
    pub query: String,
    pub invites: Vec<InviteRecord>,
    /// The bulk sheet rows (their cells, as read) behind those invites.
    pub sheet_rows: Vec<SheetRowHeld>,
    /// The vendors that received an invite for this person (they keep their own copy).
    pub vendors: Vec<Provider>,
}

impl PersonData {
    /// The distinct emails of the invites found (trimmed, lower case), sorted.
    pub fn emails(&self) -> Vec<String> {
        let mut e: Vec<String> = self
            .invites
            .iter()
            .map(|r| r.candidate_email.trim().to_lowercase())
            .collect();
        e.sort();
        e.dedup();
        e
    }

    /// Refuses a search by name that found more than one person (more than one email): they
    /// are forgotten one email at a time, never together by accident.
    pub fn one_person(&self) -> AppResult<()> {
        let emails = self.emails();
        if emails.len() > 1 {
            return Err(AppError::validation(
                "person",
                format!(
                    "{} people named “{}” are held here ({}): type the email of the one to \
                     forget.",
                    emails.len(),
                    self.query.trim(),
                    emails.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

/// A sheet row kept with a bulk invite.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SheetRowHeld {
    #[ts(type = "number")]
    pub invite_id: i64,
    pub cells: Vec<String>,
}

/// What an erasure did (never who it was about).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Erasure {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub by_whom: String,
    #[ts(type = "number")]
    pub rows: u64,
    pub vendors: Vec<Provider>,
}

/// The ids of the invites of one person: by email (the guard's comparison) when the query holds
/// an `@`, else by the exact name, ignoring case.
fn person_ids(conn: &Connection, query: &str) -> AppResult<Vec<i64>> {
    let q = query.trim();
    if q.is_empty() {
        return Err(AppError::validation(
            "person",
            "Type the person's email (or full name) to find what is held about them.",
        ));
    }
    let sql = if q.contains('@') {
        "SELECT id FROM invites INDEXED BY invites_person_email
         WHERE lower(candidate_email) = lower(?1) ORDER BY id"
    } else {
        "SELECT id FROM invites WHERE lower(trim(candidate_name)) = lower(?1) ORDER BY id"
    };
    let mut stmt = conn.prepare(sql)?;
    let ids = stmt
        .query_map([q], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

fn vendors_of(records: &[InviteRecord]) -> Vec<Provider> {
    let mut v: Vec<Provider> = records
        .iter()
        .filter(|r| {
            matches!(
                r.outcome,
                super::Outcome::Sent | super::Outcome::Unknown | super::Outcome::Pending
            )
        })
        .map(|r| r.provider)
        .collect();
    v.sort_by_key(|p| p.id());
    v.dedup();
    v
}

impl Db {
    /// Everything this history holds about the person `query` names (email or full name).
    pub fn find_person(&self, query: &str) -> AppResult<PersonData> {
        let ids = person_ids(&*self.conn()?, query)?;
        let mut invites = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(r) = self.get(*id)? {
                invites.push(r);
            }
        }
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached("SELECT cells FROM batch_items WHERE invite_id = ?1")?;
        let mut sheet_rows = Vec::new();
        for id in &ids {
            let cells: Option<String> =
                stmt.query_row([id], |r| r.get(0))
                    .map(Some)
                    .or_else(|e| match e {
                        rusqlite::Error::QueryReturnedNoRows => Ok(None),
                        e => Err(e),
                    })?;
            if let Some(c) = cells {
                sheet_rows.push(SheetRowHeld {
                    invite_id: *id,
                    cells: serde_json::from_str(&c).unwrap_or_default(),
                });
            }
        }
        Ok(PersonData {
            query: query.trim().to_string(),
            vendors: vendors_of(&invites),
            invites,
            sheet_rows,
        })
    }

    /// Forgets the person `query` names: every row, in one transaction, bytes overwritten.
    /// Returns the erasure as recorded (no trace of the person in it).
    pub fn forget_person(&self, query: &str, by_whom: &str) -> AppResult<Erasure> {
        let found = self.find_person(query)?;
        found.one_person()?;
        let ids: Vec<i64> = found.invites.iter().map(|r| r.id).collect();
        self.erase(&ids, "forget", by_whom, found.vendors, Utc::now())
    }

    /// Deletes the local copies of attempts forgotten on the team server (their tombstones), the
    /// same way as forgetting a person here. Returns how many rows went.
    pub fn forget_attempts(&self, attempt_ids: &[String]) -> AppResult<u64> {
        let ids: Vec<i64> = {
            let conn = self.conn()?;
            let mut stmt = conn.prepare_cached("SELECT id FROM invites WHERE attempt_id = ?1")?;
            let mut ids = Vec::new();
            for a in attempt_ids {
                if let Some(id) = stmt
                    .query_row([a], |r| r.get::<_, i64>(0))
                    .map(Some)
                    .or_else(|e| match e {
                        rusqlite::Error::QueryReturnedNoRows => Ok(None),
                        e => Err(e),
                    })?
                {
                    ids.push(id);
                }
            }
            ids
        };
        if ids.is_empty() {
            return Ok(0);
        }
        Ok(self
            .erase(&ids, "forget", "the team", Vec::new(), Utc::now())?
            .rows)
    }

    /// Deletes the invites whose last change is older than `days` days before `now` — never a
    /// `pending` or `unknown` one younger than [`KEEP_UNSETTLED_DAYS`] — in the same way as
    /// forgetting a person. `None` when nothing was old enough.
    pub fn apply_retention(&self, days: u32, now: DateTime<Utc>) -> AppResult<Option<Erasure>> {
        let cutoff = instant_text(now - Duration::days(i64::from(days)));
        let unsettled = instant_text(now - Duration::days(KEEP_UNSETTLED_DAYS));
        let (ids, vendors) = {
            let conn = self.conn()?;
            let mut stmt = conn.prepare(
                "SELECT id, provider FROM invites INDEXED BY invites_last_change
                 WHERE updated_at < ?1
                   AND NOT (outcome IN ('pending', 'unknown', 'queued') AND updated_at >= ?2)",
            )?;
            let rows = stmt
                .query_map(params![cutoff, unsettled], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut vendors: Vec<Provider> = rows
                .iter()
                .filter_map(|(_, p)| Provider::from_id(p))
                .collect();
            vendors.sort_by_key(|p| p.id());
            vendors.dedup();
            (
                rows.into_iter().map(|(id, _)| id).collect::<Vec<_>>(),
                vendors,
            )
        };
        if ids.is_empty() {
            return Ok(None);
        }
        self.erase(&ids, "retention", "this computer", vendors, now)
            .map(Some)
    }

    /// Deletes the invites `ids` and everything kept beside them, with `secure_delete` on (the
    /// search indexes' entries go in place, see migration 0014), then truncates the write-ahead
    /// log.
    fn erase(
        &self,
        ids: &[i64],
        kind: &str,
        by_whom: &str,
        vendors: Vec<Provider>,
        at: DateTime<Utc>,
    ) -> AppResult<Erasure> {
        // Deleted content is overwritten with zeros (`secure_delete`, on for the writer).
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        {
            let mut del_changes = tx.prepare("DELETE FROM status_changes WHERE invite_id = ?1")?;
            let mut del_status = tx.prepare("DELETE FROM invite_status WHERE invite_id = ?1")?;
            let mut del_items = tx.prepare("DELETE FROM batch_items WHERE invite_id = ?1")?;
            let mut del_events = tx.prepare("DELETE FROM follow_up_events WHERE invite_id = ?1")?;
            let mut unlink =
                tx.prepare("UPDATE invites SET replaces_id = NULL WHERE replaces_id = ?1")?;
            let mut del_invite = tx.prepare("DELETE FROM invites WHERE id = ?1")?;
            for id in ids {
                del_changes.execute([id])?;
                del_status.execute([id])?;
                del_items.execute([id])?;
                del_events.execute([id])?;
                unlink.execute([id])?;
                del_invite.execute([id])?;
            }
        }
        let vendor_ids: Vec<&str> = vendors.iter().map(|p| p.id()).collect();
        tx.execute(
            "INSERT INTO erasures (at, kind, by_whom, rows, vendors) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                instant_text(at),
                kind,
                by_whom,
                ids.len() as i64,
                serde_json::to_string(&vendor_ids).unwrap_or_else(|_| "[]".into())
            ],
        )?;
        tx.commit()?;
        // The search indexes deleted the person's entries in place (FTS5's `secure-delete`,
        // migration 0014) and SQLite zeroed the freed bytes: nothing to merge.
        // A history from before deleted content was zeroed as it happens may hold old copies
        // of rows in free space: the first erasure rebuilds the file once (migration 0013).
        let rebuild: bool = conn
            .query_row(
                "SELECT 1 FROM history_state WHERE key = 'rebuild_before_erasure'",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if rebuild && !ids.is_empty() {
            conn.execute_batch("VACUUM")?;
            conn.execute(
                "DELETE FROM history_state WHERE key = 'rebuild_before_erasure'",
                [],
            )?;
        }
        let _: (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(Erasure {
            at,
            kind: kind.to_string(),
            by_whom: by_whom.to_string(),
            rows: ids.len() as u64,
            vendors,
        })
    }

    /// The erasure log, newest first.
    pub fn erasures(&self, limit: u32) -> AppResult<Vec<Erasure>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT at, kind, by_whom, rows, vendors FROM erasures ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(|(at, kind, by_whom, rows, vendors)| Erasure {
                at: super::time::parse_instant(&at).unwrap_or_else(Utc::now),
                kind,
                by_whom,
                rows: u64::try_from(rows).unwrap_or(0),
                vendors: serde_json::from_str::<Vec<String>>(&vendors)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|p| Provider::from_id(p))
                    .collect(),
            })
            .collect())
    }
}
