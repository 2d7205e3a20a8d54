//! Where each sent invite stands at the vendor (migration 0005): the latest status read, every
//! change of it with its time, and the recent job ids a coordinator used, with their labels
//! and the ones they forgot. These tables sit beside `invites`; nothing here writes `invites`,
//! so a refresh can never change an invite's send outcome.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::time::{now_text, parse_opt as time};
use super::Db;
use crate::error::{AppError, AppResult};
use crate::provider::Provider;
use crate::providers::tracking::{Stage, VendorStatus};

/// The latest status of an invite, as History shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InviteStatus {
    /// `None` while no refresh has succeeded (then `error` says why).
    pub stage: Option<Stage>,
    pub vendor_status: Option<String>,
    pub score: Option<String>,
    pub recommendation: Option<String>,
    /// https only.
    pub report_link: Option<String>,
    /// When the vendor last answered a refresh.
    pub checked_at: Option<DateTime<Utc>>,
    /// The last refresh's error (the status above is the last good one).
    pub error: Option<String>,
    pub error_at: Option<DateTime<Utc>>,
    /// When Invite Desk first saw the candidate start, finish, or the invite revoked.
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Every change seen, oldest first (filled for one invite's details; empty in a page).
    pub changes: Vec<StatusChange>,
}

/// One change of an invite's status, with the time Invite Desk saw it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub stage: Stage,
    pub vendor_status: String,
}

/// History's status filter: one stage, or the invites never checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    NotStarted,
    Started,
    Completed,
    Revoked,
    Closed,
    Other,
    /// No successful refresh yet.
    Unchecked,
}

impl StatusFilter {
    pub(super) fn stage(self) -> Option<Stage> {
        Some(match self {
            StatusFilter::NotStarted => Stage::NotStarted,
            StatusFilter::Started => Stage::Started,
            StatusFilter::Completed => Stage::Completed,
            StatusFilter::Revoked => Stage::Revoked,
            StatusFilter::Closed => Stage::Closed,
            StatusFilter::Other => Stage::Other,
            StatusFilter::Unchecked => return None,
        })
    }
}

/// A job id used before, for a picker's recent list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecentRef {
    pub job_ref: String,
    /// The coordinator's label, else the name the vendor gave.
    pub name: Option<String>,
    pub last_used: DateTime<Utc>,
    #[ts(type = "number")]
    pub uses: i64,
}

const STATUS_COLUMNS: &str = "invite_id, stage, vendor_status, score, recommendation, \
     report_link, checked_at, error, error_at, started_at, completed_at, revoked_at";

fn read_status(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, InviteStatus)> {
    let stage: Option<String> = r.get(1)?;
    Ok((
        r.get(0)?,
        InviteStatus {
            stage: stage.as_deref().and_then(Stage::from_str_opt),
            vendor_status: r.get(2)?,
            score: r.get(3)?,
            recommendation: r.get(4)?,
            report_link: r.get(5)?,
            checked_at: time(r.get(6)?),
            error: r.get(7)?,
            error_at: time(r.get(8)?),
            started_at: time(r.get(9)?),
            completed_at: time(r.get(10)?),
            revoked_at: time(r.get(11)?),
            changes: Vec::new(),
        },
    ))
}

impl Db {
    /// Stores what a refresh (or a revoke) read for invite `id`: the latest status, a change row
    /// when the stage or the vendor's word differs from the last one, and the first time the
    /// candidate was seen starting or finishing. One transaction; `invites` is not touched.
    pub fn record_status(&self, id: i64, s: &VendorStatus) -> AppResult<InviteStatus> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM invites WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            return Err(AppError::internal(format!(
                "Invite #{id} is not in History, so its status could not be stored."
            )));
        }
        let before: Option<(Option<String>, Option<String>)> = tx
            .query_row(
                "SELECT stage, vendor_status FROM invite_status WHERE invite_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let now = now_text();
        let stage = s.stage.map(Stage::as_str);
        let changed = match &before {
            Some((st, word)) => st.as_deref() != stage || word.as_deref() != Some(&s.vendor_status),
            None => true,
        };
        let first = |which: Stage| (s.stage == Some(which)).then(|| now.clone());
        tx.execute(
            "INSERT INTO invite_status (invite_id, stage, vendor_status, score, recommendation,
                 report_link, checked_at, error, error_at, started_at, completed_at, revoked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, NULL, ?8, ?9, ?10)
             ON CONFLICT (invite_id) DO UPDATE SET
                 stage = excluded.stage, vendor_status = excluded.vendor_status,
                 score = COALESCE(excluded.score, invite_status.score),
                 recommendation = COALESCE(excluded.recommendation, invite_status.recommendation),
                 report_link = COALESCE(excluded.report_link, invite_status.report_link),
                 checked_at = excluded.checked_at, error = NULL, error_at = NULL,
                 started_at = COALESCE(invite_status.started_at, excluded.started_at),
                 completed_at = COALESCE(invite_status.completed_at, excluded.completed_at),
                 revoked_at = COALESCE(invite_status.revoked_at, excluded.revoked_at)",
            params![
                id,
                stage,
                s.vendor_status,
                s.score,
                s.recommendation,
                s.report_link,
                now,
                first(Stage::Started),
                first(Stage::Completed),
                first(Stage::Revoked),
            ],
        )?;
        if changed {
            if let Some(stage) = stage {
                tx.execute(
                    "INSERT INTO status_changes (invite_id, at, stage, vendor_status)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, now, stage, s.vendor_status],
                )?;
            }
        }
        tx.commit()?;
        drop(conn);
        self.status_of(id).map(Option::unwrap_or_default)
    }

    /// Stores a failed refresh's message for invite `id`; the last good status stays.
    pub fn record_status_error(&self, id: i64, message: &str) -> AppResult<InviteStatus> {
        {
            let conn = self.write_conn()?;
            let now = now_text();
            conn.execute(
                "INSERT INTO invite_status (invite_id, error, error_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (invite_id) DO UPDATE SET error = excluded.error,
                     error_at = excluded.error_at",
                params![id, message, now],
            )?;
        }
        self.status_of(id).map(Option::unwrap_or_default)
    }

    /// The latest status of each of `ids` that was ever checked.
    pub fn statuses(&self, ids: &[i64]) -> AppResult<HashMap<i64, InviteStatus>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let conn = self.conn()?;
        let marks = vec!["?"; ids.len()].join(",");
        let sql =
            format!("SELECT {STATUS_COLUMNS} FROM invite_status WHERE invite_id IN ({marks})");
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(ids.iter()), read_status)?;
        Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
    }

    /// One invite's status with every change seen, oldest first.
    pub fn status_of(&self, id: i64) -> AppResult<Option<InviteStatus>> {
        let conn = self.conn()?;
        let sql = format!("SELECT {STATUS_COLUMNS} FROM invite_status WHERE invite_id = ?1");
        let Some((_, mut s)) = conn.query_row(&sql, [id], read_status).optional()? else {
            return Ok(None);
        };
        let mut stmt = conn.prepare_cached(
            "SELECT at, stage, vendor_status FROM status_changes WHERE invite_id = ?1 ORDER BY id",
        )?;
        s.changes = stmt
            .query_map([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
            })?
            .filter_map(Result::ok)
            .filter_map(|(at, stage, vendor_status)| {
                Some(StatusChange {
                    at: time(Some(at))?,
                    stage: Stage::from_str_opt(&stage)?,
                    vendor_status,
                })
            })
            .collect();
        Ok(Some(s))
    }

    /// The job ids used with `provider` (sent, or possibly sent), newest first, with their
    /// label or the vendor's name; ids forgotten since their last use are left out.
    pub fn recent_refs(&self, provider: Provider, limit: u32) -> AppResult<Vec<RecentRef>> {
        self.recent_refs_via(provider, None, limit)
    }

    /// Like `recent_refs`, of the invites through one account (`None`: any account).
    pub fn recent_refs_via(
        &self,
        provider: Provider,
        account: Option<&str>,
        limit: u32,
    ) -> AppResult<Vec<RecentRef>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT i.job_ref, max(i.created_at) AS last, count(*),
                 (SELECT label FROM job_refs j WHERE j.provider = ?1 AND j.job_ref = i.job_ref),
                 (SELECT x.job_name FROM invites x WHERE x.provider = ?1 AND x.job_ref = i.job_ref
                      AND x.job_name IS NOT NULL ORDER BY x.id DESC LIMIT 1),
                 (SELECT forgotten_at FROM job_refs j WHERE j.provider = ?1 AND j.job_ref = i.job_ref)
             FROM invites i
             WHERE i.provider = ?1 AND i.outcome IN ('sent', 'unknown', 'pending', 'queued')
               AND (?2 IS NULL OR i.account = ?2)
             GROUP BY i.job_ref
             ORDER BY last DESC",
        )?;
        let rows = stmt.query_map(rusqlite::params![provider.id(), account], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (job_ref, last, uses, label, vendor_name, forgotten) = row?;
            if forgotten.is_some_and(|f| f >= last) {
                continue;
            }
            let Some(last_used) = time(Some(last)) else {
                continue;
            };
            out.push(RecentRef {
                job_ref,
                name: label.or(vendor_name),
                last_used,
                uses,
            });
            if out.len() >= limit as usize {
                break;
            }
        }
        Ok(out)
    }

    /// Hides `job_ref` from the recent list until it is used again.
    pub fn forget_ref(&self, provider: Provider, job_ref: &str) -> AppResult<()> {
        let conn = self.write_conn()?;
        conn.execute(
            "INSERT INTO job_refs (provider, job_ref, forgotten_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (provider, job_ref) DO UPDATE SET forgotten_at = excluded.forgotten_at",
            params![provider.id(), job_ref.trim(), now_text()],
        )?;
        Ok(())
    }

    /// The coordinator's own name for a job id (empty: back to the vendor's name).
    pub fn label_ref(&self, provider: Provider, job_ref: &str, label: &str) -> AppResult<()> {
        let label = label.trim();
        if label.chars().count() > 200 {
            return Err(AppError::validation(
                "label",
                "A label is at most 200 characters.",
            ));
        }
        let conn = self.write_conn()?;
        conn.execute(
            "INSERT INTO job_refs (provider, job_ref, label) VALUES (?1, ?2, ?3)
             ON CONFLICT (provider, job_ref) DO UPDATE SET label = excluded.label",
            params![
                provider.id(),
                job_ref.trim(),
                Some(label).filter(|l| !l.is_empty())
            ],
        )?;
        Ok(())
    }
}
