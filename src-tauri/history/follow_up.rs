//! Following up after sending (migration 0009): the sent invites the board weighs, what the
//! coordinator did about each (reminded, snoozed), the language of an invite's message, the
//! invite a re-invite replaces, and the follow-up's small state (the last digest). Times are
//! the caller's (the follow-up's clock), never read here.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rows::{raw_record, InviteRecord, RECORD_COLUMNS, RECORD_COLUMN_COUNT};
use super::time::{instant_text, parse_opt};
use super::Db;
use crate::error::{AppError, AppResult};
use crate::providers::tracking::Stage;

/// How a reminder went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReminderChannel {
    /// Copied and sent from the coordinator's own mail.
    Copied,
    /// Opened in the mail app.
    MailApp,
    /// Some other way (a call, a message).
    Other,
}

impl ReminderChannel {
    fn as_str(self) -> &'static str {
        match self {
            ReminderChannel::Copied => "copied",
            ReminderChannel::MailApp => "mail_app",
            ReminderChannel::Other => "other",
        }
    }

    fn from_str_opt(s: &str) -> Option<ReminderChannel> {
        [
            ReminderChannel::Copied,
            ReminderChannel::MailApp,
            ReminderChannel::Other,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// One thing the coordinator did about an invite, for its details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FollowUpEvent {
    Reminded {
        at: DateTime<Utc>,
        channel: Option<ReminderChannel>,
        /// A colleague's name when the reminder came through the team server; `None`: this
        /// computer's coordinator.
        by: Option<String>,
    },
    Snoozed {
        at: DateTime<Utc>,
        until: DateTime<Utc>,
    },
}

/// A reminder of a team attempt made on this computer, waiting to reach the team server.
#[derive(Debug, Clone)]
pub struct UnsharedReminder {
    /// Its follow-up event.
    pub event: i64,
    /// The team attempt it reminds of.
    pub attempt: String,
    pub at: DateTime<Utc>,
    /// `copied`, `mail_app` or `other`.
    pub channel: Option<String>,
}

/// A sent invite the board weighs: its record, where it stands, and what was done about it.
#[derive(Debug, Clone)]
pub struct FollowUpRow {
    pub record: InviteRecord,
    /// `None`: never read from the vendor.
    pub stage: Option<Stage>,
    pub last_reminded: Option<DateTime<Utc>>,
    pub snoozed_until: Option<DateTime<Utc>>,
}

impl Db {
    /// The sent invites made since `since` that the candidate has not started (or whose stage
    /// was never read) and that no later invite replaces, with their last reminder and snooze.
    pub fn follow_up_rows(&self, since: DateTime<Utc>) -> AppResult<Vec<FollowUpRow>> {
        let conn = self.conn()?;
        let sql = format!(
            "SELECT {RECORD_COLUMNS}, s.stage,
                 (SELECT e.at FROM follow_up_events e WHERE e.invite_id = i.id
                      AND e.kind = 'reminded' ORDER BY julianday(e.at) DESC, e.id DESC LIMIT 1),
                 (SELECT e.until FROM follow_up_events e WHERE e.invite_id = i.id
                      AND e.kind = 'snoozed' ORDER BY e.id DESC LIMIT 1)
             FROM invites i LEFT JOIN invite_status s ON s.invite_id = i.id
             WHERE i.outcome = 'sent' AND i.created_at >= ?1
               AND (s.stage IS NULL OR s.stage = 'not_started')
               AND NOT EXISTS (SELECT 1 FROM invites n WHERE n.replaces_id = i.id
                                   AND n.outcome IN ('sent', 'pending', 'unknown'))"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([instant_text(since)], |r| {
            let n = RECORD_COLUMN_COUNT;
            let stage: Option<String> = r.get(n)?;
            Ok((
                raw_record(r)?,
                stage,
                r.get::<_, Option<String>>(n + 1)?,
                r.get::<_, Option<String>>(n + 2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (raw, stage, reminded, snoozed) = row?;
            out.push(FollowUpRow {
                record: raw.into_record()?,
                stage: stage.as_deref().and_then(Stage::from_str_opt),
                last_reminded: parse_opt(reminded),
                snoozed_until: parse_opt(snoozed),
            });
        }
        Ok(out)
    }

    /// Records that invite `id` was reminded at `at` (by `channel`).
    pub fn record_reminded(
        &self,
        id: i64,
        at: DateTime<Utc>,
        channel: ReminderChannel,
    ) -> AppResult<()> {
        self.follow_up_event(id, "reminded", at, Some(channel.as_str()), None)
    }

    /// Records that invite `id` is snoozed from `at` until `until`.
    pub fn record_snoozed(
        &self,
        id: i64,
        at: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> AppResult<()> {
        self.follow_up_event(id, "snoozed", at, None, Some(instant_text(until)))
    }

    fn follow_up_event(
        &self,
        id: i64,
        kind: &str,
        at: DateTime<Utc>,
        channel: Option<&str>,
        until: Option<String>,
    ) -> AppResult<()> {
        let conn = self.write_conn()?;
        let exists: Option<i64> = conn
            .query_row("SELECT id FROM invites WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            return Err(AppError::new(
                crate::error::ErrorKind::NotFound,
                format!("Invite #{id} is not in History."),
            ));
        }
        // A reminder of a team attempt waits to be shared with the team (`team/sync.rs`).
        conn.execute(
            "INSERT INTO follow_up_events (invite_id, kind, at, channel, until, team_pushed)
             VALUES (?1, ?2, ?3, ?4, ?5,
                 ?2 <> 'reminded'
                 OR (SELECT attempt_id FROM invites WHERE id = ?1) IS NULL)",
            params![id, kind, instant_text(at), channel, until],
        )?;
        Ok(())
    }

    /// This computer's reminders of team attempts not yet shared with the team server, oldest
    /// first.
    pub fn unshared_reminders(&self, limit: usize) -> AppResult<Vec<UnsharedReminder>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT e.id, i.attempt_id, e.at, e.channel
             FROM follow_up_events e JOIN invites i ON i.id = e.invite_id
             WHERE e.team_pushed = 0 AND i.attempt_id IS NOT NULL
             ORDER BY e.id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, attempt, at, channel) = row?;
            if let Some(at) = parse_opt(Some(at)) {
                out.push(UnsharedReminder {
                    event: id,
                    attempt,
                    at,
                    channel,
                });
            }
        }
        Ok(out)
    }

    /// Marks reminders as shared (or as having nothing to share: their attempt is not on the
    /// server).
    pub fn reminders_shared(&self, ids: &[i64]) -> AppResult<()> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        {
            let mut stmt =
                tx.prepare_cached("UPDATE follow_up_events SET team_pushed = 1 WHERE id = ?1")?;
            for id in ids {
                stmt.execute([id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Records reminders pulled from the team server — (attempt id, when, the colleague's name
    /// or `None` for this login) — on the rows of those attempts, unless the row already knows
    /// of a reminder as late. Returns how many were new.
    pub fn apply_team_reminders(
        &self,
        reminders: &[(String, DateTime<Utc>, Option<String>)],
    ) -> AppResult<usize> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        let mut added = 0;
        {
            let mut find = tx.prepare_cached("SELECT id FROM invites WHERE attempt_id = ?1")?;
            let mut known = tx.prepare_cached(
                "SELECT at FROM follow_up_events WHERE invite_id = ?1 AND kind = 'reminded'",
            )?;
            let mut add = tx.prepare_cached(
                "INSERT INTO follow_up_events (invite_id, kind, at, by_name, team_pushed)
                 VALUES (?1, 'reminded', ?2, ?3, 1)",
            )?;
            for (attempt, at, by) in reminders {
                let Some(id) = find
                    .query_row([attempt], |r| r.get::<_, i64>(0))
                    .optional()?
                else {
                    continue;
                };
                let latest = known
                    .query_map([id], |r| r.get::<_, String>(0))?
                    .filter_map(|t| parse_opt(t.ok()))
                    .max();
                // The server keeps microseconds: a reminder within one millisecond of one
                // known here is the same.
                if latest.is_some_and(|l| l + chrono::Duration::milliseconds(1) >= *at) {
                    continue;
                }
                add.execute(params![id, instant_text(*at), by])?;
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// What was done about invite `id`, oldest first.
    pub fn follow_up_events(&self, id: i64) -> AppResult<Vec<FollowUpEvent>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT kind, at, channel, until, by_name FROM follow_up_events
             WHERE invite_id = ?1 ORDER BY julianday(at), id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, at, channel, until, by) = row?;
            let Some(at) = parse_opt(Some(at)) else {
                continue;
            };
            match (kind.as_str(), parse_opt(until)) {
                ("snoozed", Some(until)) => out.push(FollowUpEvent::Snoozed { at, until }),
                ("reminded", _) => out.push(FollowUpEvent::Reminded {
                    at,
                    channel: channel.as_deref().and_then(ReminderChannel::from_str_opt),
                    by,
                }),
                _ => {}
            }
        }
        Ok(out)
    }

    /// Stores the language of invite `id`'s message (a BCP-47 tag, checked by the caller).
    pub fn set_language(&self, id: i64, language: &str) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.execute(
            "UPDATE invites SET language = ?2 WHERE id = ?1",
            params![id, language],
        )?;
        Ok(())
    }

    /// Marks invite `new_id` as the re-invite that replaces `old_id`.
    pub fn link_replacement(&self, new_id: i64, old_id: i64) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.execute(
            "UPDATE invites SET replaces_id = ?2 WHERE id = ?1 AND id <> ?2",
            params![new_id, old_id],
        )?;
        Ok(())
    }

    /// The invite that replaces `id`, if one was sent.
    pub fn replaced_by(&self, id: i64) -> AppResult<Option<i64>> {
        let conn = self.conn()?;
        Ok(conn
            .query_row(
                "SELECT id FROM invites WHERE replaces_id = ?1 ORDER BY id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// A value of the follow-up's own state (`last_digest`).
    pub fn follow_up_state(&self, key: &str) -> AppResult<Option<String>> {
        let conn = self.conn()?;
        Ok(conn
            .query_row(
                "SELECT value FROM follow_up_state WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn set_follow_up_state(&self, key: &str, value: &str) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.execute(
            "INSERT INTO follow_up_state (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}
