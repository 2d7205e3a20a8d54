//! Team mode's local side (migration 0006): this computer's attempts with their UUIDs, the outbox
//! of outcomes the team server has not confirmed yet, colleagues' attempts pulled into the same
//! `invites` table, and the pull cursor. SQL only; the team client lives in `team/`.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::rows::{NewInvite, Outcome};
use super::time::instant_text;
use super::Db;
use crate::error::{AppError, AppResult};

/// One of this computer's outcomes waiting for the team server.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub id: i64,
    pub attempt_id: String,
    pub provider: String,
    pub job_ref: String,
    pub candidate_email: String,
    pub candidate_name: String,
    pub job_name: Option<String>,
    pub outcome: Outcome,
    pub link: Option<String>,
    pub vendor_ids: String,
    pub created_at: String,
    /// Sent while the server could not be reached: pushed with `push_offline`.
    pub offline: bool,
    /// The vendor account's name (`None`: Default, on rows of earlier versions).
    pub account_label: Option<String>,
}

/// One of this computer's outcomes the team server refused at the last sync, and why: shown in
/// Settings → Team. The row stays in the outbox (tried again at each sync); the others go on.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamRefusal {
    #[ts(type = "number")]
    pub record_id: i64,
    pub candidate_name: String,
    pub candidate_email: String,
    pub reason: String,
}

/// A colleague's (or this role's) attempt as pulled from the team server.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRow {
    pub attempt_id: String,
    /// `None` when the attempt is this coordinator's own.
    pub author: Option<String>,
    pub provider: String,
    pub job_ref: String,
    pub candidate_name: String,
    pub candidate_email: String,
    pub job_name: Option<String>,
    pub outcome: Outcome,
    pub link: Option<String>,
    pub vendor_ids: String,
    pub offline: bool,
    pub conflict: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The name of the vendor account it went through (`None`: a server before accounts).
    pub account_label: Option<String>,
    /// An offline attempt: when it reached the team server (the server's clock).
    pub received_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Db {
    /// `insert_pending` for team mode: the row carries the attempt's UUID and waits in the outbox.
    pub fn insert_pending_team(&self, new: &NewInvite, attempt_id: &str) -> AppResult<i64> {
        self.insert_pending_row(new, Some(attempt_id))
    }

    /// Team mode: gives a batch row its attempt's UUID just before its reservation (a row put
    /// back in the queue keeps the one it had, so asking again is a replay, not a second claim);
    /// its outcome then waits in the outbox like a single invite's. Returns the row's UUID.
    pub fn set_attempt(&self, id: i64, attempt_id: &str) -> AppResult<String> {
        let conn = self.write_conn()?;
        conn.prepare_cached(
            "UPDATE invites SET attempt_id = COALESCE(attempt_id, ?2), team_pushed = 0 WHERE id = ?1",
        )?
        .execute(params![id, attempt_id])?;
        Ok(
            conn.query_row("SELECT attempt_id FROM invites WHERE id = ?1", [id], |r| {
                r.get(0)
            })?,
        )
    }

    /// A row the team never reserved (a colleague held the candidate): nothing to share.
    pub fn clear_attempt(&self, id: i64) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.prepare_cached("UPDATE invites SET attempt_id = NULL, team_pushed = 1 WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// Removes this computer's `pending` row that was never sent (the team said a colleague
    /// holds the candidate): nothing left it, so there is nothing to keep.
    pub fn delete_unsent(&self, id: i64) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.prepare_cached(
            "DELETE FROM invites WHERE id = ?1 AND outcome = 'pending' AND sent_by IS NULL",
        )?
        .execute([id])?;
        Ok(())
    }

    /// Marks a row as sent while the team server could not be reached.
    pub fn mark_team_offline(&self, id: i64) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.prepare_cached("UPDATE invites SET team_offline = 1 WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// This computer's outcomes the team server has not confirmed, oldest first.
    pub fn team_outbox(&self, limit: u32) -> AppResult<Vec<OutboxRow>> {
        self.team_outbox_after(0, limit)
    }

    /// `team_outbox` after row `after` (one sync walks the outbox once, so a row the server
    /// refuses is passed over, not tried again and again).
    pub fn team_outbox_after(&self, after: i64, limit: u32) -> AppResult<Vec<OutboxRow>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, attempt_id, provider, job_ref, candidate_email, candidate_name, job_name,
                    outcome, link, vendor_ids, created_at, team_offline, account_label
             FROM invites
             WHERE team_pushed = 0 AND sent_by IS NULL AND attempt_id IS NOT NULL
               AND outcome IN ('sent', 'failed', 'unknown') AND id > ?2
             ORDER BY id LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit, after], |r| {
            Ok((
                OutboxRow {
                    id: r.get(0)?,
                    attempt_id: r.get(1)?,
                    provider: r.get(2)?,
                    job_ref: r.get(3)?,
                    candidate_email: r.get(4)?,
                    candidate_name: r.get(5)?,
                    job_name: r.get(6)?,
                    outcome: Outcome::Sent,
                    link: r.get(8)?,
                    vendor_ids: r.get(9)?,
                    created_at: r.get(10)?,
                    offline: r.get(11)?,
                    account_label: r.get(12)?,
                },
                r.get::<_, String>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut o, outcome) = row?;
            o.outcome = Outcome::from_str_opt(&outcome).ok_or_else(|| {
                AppError::storage(format!("Invite #{} has an unreadable outcome.", o.id))
            })?;
            out.push(o);
        }
        Ok(out)
    }

    /// How many outcomes wait for the team server.
    pub fn team_waiting(&self) -> AppResult<u64> {
        let conn = self.conn()?;
        Ok(conn.query_row(
            "SELECT count(*) FROM invites WHERE team_pushed = 0 AND sent_by IS NULL
               AND attempt_id IS NOT NULL AND outcome IN ('sent', 'failed', 'unknown')",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// The team server confirmed row `id`'s outcome (and, for an offline push, any clash;
    /// `offline`: it went to the server as an offline attempt).
    pub fn mark_team_pushed(
        &self,
        id: i64,
        conflict: Option<&str>,
        offline: bool,
    ) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.prepare_cached(
            "UPDATE invites SET team_pushed = 1, team_conflict = COALESCE(?2, team_conflict),
                 team_offline = max(team_offline, ?3), team_push_error = NULL
             WHERE id = ?1",
        )?
        .execute(params![id, conflict, offline])?;
        Ok(())
    }

    /// The team server refused row `id`'s outcome: why, kept for Settings → Team. The row stays
    /// in the outbox.
    pub fn set_team_push_error(&self, id: i64, reason: &str) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.prepare_cached("UPDATE invites SET team_push_error = ?2 WHERE id = ?1")?
            .execute(params![id, reason])?;
        Ok(())
    }

    /// The outbox rows the team server refused at the last sync, oldest first (at most `limit`).
    pub fn team_refusals(&self, limit: u32) -> AppResult<Vec<TeamRefusal>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, candidate_name, candidate_email, team_push_error FROM invites
             WHERE team_pushed = 0 AND team_push_error IS NOT NULL ORDER BY id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(TeamRefusal {
                record_id: r.get(0)?,
                candidate_name: r.get(1)?,
                candidate_email: r.get(2)?,
                reason: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Puts every outcome of this computer back in the outbox (the team server lost its history:
    /// a restore from backup): each is recorded again, or pushed as an offline attempt.
    pub fn requeue_own_team_rows(&self) -> AppResult<usize> {
        let conn = self.write_conn()?;
        Ok(conn.execute(
            "UPDATE invites SET team_pushed = 0 WHERE sent_by IS NULL AND attempt_id IS NOT NULL
               AND team_pushed = 1 AND outcome IN ('sent', 'failed', 'unknown')",
            [],
        )?)
    }

    /// The server and team this computer's team state (pull cursor, last sync, abandoned
    /// attempts) belongs to.
    pub fn team_scope(&self) -> AppResult<Option<String>> {
        self.team_state(SCOPE)
    }

    /// Starts the team state afresh for `scope` (another server or team): the pull cursor, the
    /// last sync and the abandoned attempts of the previous one go.
    pub fn reset_team_scope(&self, scope: &str) -> AppResult<()> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM team_state", [])?;
        tx.execute(
            "INSERT INTO team_state (key, value) VALUES (?1, ?2)",
            params![SCOPE, scope],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Applies a page of pulled attempts in one transaction: colleagues' rows are inserted or
    /// brought up to date; this coordinator's own rows only take the server's conflict flag (their
    /// outcome is this computer's to write). Returns how many rows changed.
    pub fn apply_team_rows(&self, rows: &[TeamRow]) -> AppResult<usize> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        let mut changed = 0;
        {
            let mut own = tx.prepare_cached(
                "UPDATE invites SET team_conflict = ?2, team_received_at = ?3
                 WHERE attempt_id = ?1 AND sent_by IS NULL
                   AND (team_conflict IS NOT ?2 OR team_received_at IS NOT ?3)",
            )?;
            let mut exists =
                tx.prepare_cached("SELECT sent_by IS NULL FROM invites WHERE attempt_id = ?1")?;
            let mut upsert = tx.prepare_cached(
                "INSERT INTO invites (provider, candidate_name, candidate_email, job_ref, job_name,
                     link, vendor_ids, outcome, created_at, updated_at, attempt_id, sent_by,
                     team_offline, team_conflict, summary, account, account_label, team_received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, NULL,
                     ?16, ?17)
                 ON CONFLICT (attempt_id) DO UPDATE SET
                     outcome = excluded.outcome, link = excluded.link,
                     vendor_ids = excluded.vendor_ids, job_name = excluded.job_name,
                     team_conflict = excluded.team_conflict, team_offline = excluded.team_offline,
                     updated_at = excluded.updated_at,
                     account_label = coalesce(excluded.account_label, invites.account_label),
                     team_received_at = excluded.team_received_at
                 WHERE invites.sent_by IS NOT NULL",
            )?;
            for r in rows {
                let mine: Option<bool> =
                    exists.query_row([&r.attempt_id], |x| x.get(0)).optional()?;
                if mine == Some(true) {
                    let received = r.received_at.map(instant_text);
                    changed += own.execute(params![r.attempt_id, r.conflict, received])?;
                    continue;
                }
                // This role's attempt from another computer is shown as its own author line.
                let author = r
                    .author
                    .clone()
                    .unwrap_or_else(|| "you, on another computer".into());
                changed += upsert.execute(params![
                    r.provider,
                    r.candidate_name,
                    r.candidate_email,
                    r.job_ref,
                    r.job_name,
                    r.link,
                    r.vendor_ids,
                    r.outcome.as_str(),
                    instant_text(r.created_at),
                    instant_text(r.updated_at),
                    r.attempt_id,
                    author,
                    r.offline,
                    r.conflict,
                    format!("Sent by {author} (team)."),
                    r.account_label,
                    r.received_at.map(instant_text),
                ])?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The history row that carries attempt `attempt_id`, if any.
    pub fn find_attempt(&self, attempt_id: &str) -> AppResult<Option<i64>> {
        let conn = self.conn()?;
        let id = conn
            .prepare_cached("SELECT id FROM invites WHERE attempt_id = ?1")?
            .query_row([attempt_id], |r| r.get(0))
            .optional()?;
        Ok(id)
    }

    pub fn team_state(&self, key: &str) -> AppResult<Option<String>> {
        let conn = self.conn()?;
        Ok(conn
            .query_row("SELECT value FROM team_state WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_team_state(&self, key: &str, value: &str) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.execute(
            "INSERT INTO team_state (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Remembers an attempt whose reservation got no answer in time and that was then not sent
    /// (the coordinator was asked, and any send is a new attempt). The server may still have
    /// reserved it: the next sync tells the server it failed, so its claim neither lingers as
    /// `pending` (then `unknown`) nor clashes with the attempt sent in its place.
    pub fn remember_abandoned(&self, attempt_id: &str) -> AppResult<()> {
        self.set_team_state(
            &format!("{ABANDONED}{attempt_id}"),
            &chrono::Utc::now().to_rfc3339(),
        )
    }

    /// The attempts `remember_abandoned` keeps until the server has heard of them.
    pub fn abandoned_attempts(&self) -> AppResult<Vec<String>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT substr(key, length(?1) + 1) FROM team_state
             WHERE substr(key, 1, length(?1)) = ?1 ORDER BY value",
        )?;
        let rows = stmt.query_map([ABANDONED], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    }

    /// `abandoned_attempts`, each with when it was abandoned (RFC 3339).
    pub fn abandoned_attempts_at(&self) -> AppResult<Vec<(String, String)>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT substr(key, length(?1) + 1), value FROM team_state
             WHERE substr(key, 1, length(?1)) = ?1 ORDER BY value",
        )?;
        let rows = stmt.query_map([ABANDONED], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The server has recorded this abandoned attempt as failed (or never saw it).
    pub fn forget_abandoned(&self, attempt_id: &str) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.prepare_cached("DELETE FROM team_state WHERE key = ?1")?
            .execute([format!("{ABANDONED}{attempt_id}")])?;
        Ok(())
    }
}

/// The `team_state` key of the server and team the state belongs to.
const SCOPE: &str = "scope";

/// `team_state` keys of abandoned attempts: this prefix, then the attempt's UUID.
const ABANDONED: &str = "abandoned:";
