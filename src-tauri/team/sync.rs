//! Syncing with the team server: first the attempts reserved but never sent (released as
//! failed), then this computer's waiting outcomes (the outbox), then colleagues' changes after
//! the cursor, in commit order.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::client::{self, AttemptFacts, OfflinePush};
use super::Team;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{OutboxRow, Outcome, TeamRow};

/// What one sync did.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    #[ts(type = "number")]
    pub pushed: usize,
    #[ts(type = "number")]
    pub pulled: usize,
    /// Rows the app could not read (skipped, named here).
    pub skipped: Vec<String>,
}

impl Team {
    /// Pushes this computer's waiting outcomes, then pulls the team's changes after the cursor.
    pub async fn sync_once(&self) -> AppResult<SyncReport> {
        if !self.enabled() {
            return Ok(SyncReport::default());
        }
        let _one = self.0.syncing.lock().await;
        let r = self.sync_inner().await;
        match &r {
            Ok(_) => {
                self.set_error(None);
                self.0
                    .db
                    .set_team_state("last_synced", &Utc::now().to_rfc3339())?;
            }
            Err(e) => {
                crate::applog::line(&format!("team sync stopped ({:?})", e.kind));
                self.set_error(Some(e));
                if client::is_unreachable(e) {
                    self.drop_client().await;
                }
            }
        }
        r
    }

    /// Asks the background sync to run now (after a send: the team sees the outcome at once,
    /// off the coordinator's path). Does nothing when no background sync runs.
    pub fn nudge(&self) {
        if self.enabled() {
            self.0.wake.notify_one();
        }
    }

    /// Syncs every `every`, or at once when nudged, while the app runs (team mode only); errors
    /// are kept for Settings → Team.
    pub async fn sync_forever(&self, every: Duration) {
        loop {
            if self.enabled() {
                let _ = self.sync_once().await;
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = self.0.wake.notified() => {}
            }
        }
    }

    async fn sync_inner(&self) -> AppResult<SyncReport> {
        let mut report = SyncReport::default();
        self.release_abandoned().await?;
        loop {
            let outbox = self.0.db.team_outbox(200)?;
            if outbox.is_empty() {
                break;
            }
            for row in outbox {
                let conflict = self.push(&row).await?;
                self.0.db.mark_team_pushed(row.id, conflict.as_deref())?;
                report.pushed += 1;
            }
        }
        self.pull(&mut report).await?;
        Ok(report)
    }

    /// The attempts reserved perhaps, but never sent (`remember_abandoned`): failed frees their
    /// claims before an offline attempt sent in their place is pushed and checked for clashes.
    /// The server never having seen one is the same answer.
    async fn release_abandoned(&self) -> AppResult<()> {
        for abandoned in self.0.db.abandoned_attempts()? {
            let Ok(attempt) = Uuid::parse_str(&abandoned) else {
                self.0.db.forget_abandoned(&abandoned)?;
                continue;
            };
            let r = self
                .with_client(|c| async move {
                    let r =
                        client::record_outcome(&c, attempt, "failed", None, &serde_json::json!({}))
                            .await;
                    (c, r)
                })
                .await;
            match r {
                Ok(_) => {}
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            self.0.db.forget_abandoned(&abandoned)?;
        }
        Ok(())
    }

    /// Shares one outbox row; returns the clash flag an offline push got, if any.
    async fn push(&self, row: &OutboxRow) -> AppResult<Option<String>> {
        let attempt = Uuid::parse_str(&row.attempt_id).map_err(|_| {
            AppError::storage(format!("Invite #{} has an unreadable attempt id.", row.id))
        })?;
        let ids: serde_json::Value =
            serde_json::from_str(&row.vendor_ids).unwrap_or(serde_json::json!({}));
        let ids = &ids;
        let outcome = row.outcome.as_str();
        let link = row.link.as_deref();
        let record = || {
            self.with_client(move |c| async move {
                let r = client::record_outcome(&c, attempt, outcome, link, ids).await;
                (c, r)
            })
        };
        if !row.offline {
            return match record().await {
                Ok(_) => Ok(None),
                // The server never reserved this attempt (a batch row put back in the queue,
                // then cancelled): there is nothing to share.
                Err(e) if e.kind == ErrorKind::NotFound && row.outcome == Outcome::Failed => {
                    Ok(None)
                }
                Err(e) => Err(e),
            };
        }
        let facts = AttemptFacts {
            attempt,
            provider: &row.provider,
            job_ref: &row.job_ref,
            email: &row.candidate_email,
            name: &row.candidate_name,
            job_name: row.job_name.as_deref(),
        };
        let facts = &facts;
        let created = DateTime::parse_from_rfc3339(&row.created_at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| Utc::now());
        let answer = self
            .with_client(|c| async move {
                let r = client::push_offline(&c, facts, outcome, link, ids, created).await;
                (c, r)
            })
            .await?;
        Ok(match answer {
            OfflinePush::Pushed => None,
            // The attempt is on the server already: an earlier push whose answer was lost, or
            // its reservation, which timed out here but reached the server and is `pending`
            // there. Recording the outcome finishes the second and changes nothing in the first.
            OfflinePush::AlreadyPushed => {
                record().await?;
                None
            }
            OfflinePush::Flagged(flag) => Some(flag),
        })
    }

    /// Pulls colleagues' changes after the cursor, page by page.
    async fn pull(&self, report: &mut SyncReport) -> AppResult<()> {
        let my_role = self.settings().map(|s| s.role).unwrap_or_default();
        loop {
            let after: i64 = self
                .0
                .db
                .team_state("cursor")?
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            let page = self
                .with_client(|c| async move {
                    let r = client::pull(&c, after, 500).await;
                    (c, r)
                })
                .await?;
            let Some(last) = page.last().map(|p| p.change_seq) else {
                return Ok(());
            };
            let mut rows = Vec::with_capacity(page.len());
            for p in page {
                let Some(outcome) = Outcome::from_str_opt(&p.outcome) else {
                    report.skipped.push(format!(
                        "{} ({}): unknown outcome “{}”",
                        p.candidate_email, p.id, p.outcome
                    ));
                    continue;
                };
                if crate::provider::Provider::from_id(&p.provider).is_none() {
                    report.skipped.push(format!(
                        "{} ({}): unknown provider “{}”",
                        p.candidate_email, p.id, p.provider
                    ));
                    continue;
                }
                rows.push(TeamRow {
                    attempt_id: p.id.to_string(),
                    author: (p.author != my_role).then_some(p.author_name),
                    provider: p.provider,
                    job_ref: p.job_ref,
                    candidate_name: p.candidate_name,
                    candidate_email: p.candidate_email,
                    job_name: p.job_name,
                    outcome,
                    link: p.link,
                    vendor_ids: p.vendor_ids.to_string(),
                    offline: p.offline,
                    conflict: p.conflict,
                    created_at: p.created_at,
                    updated_at: p.updated_at,
                });
            }
            report.pulled += self.0.db.apply_team_rows(&rows)?;
            self.0.db.set_team_state("cursor", &last.to_string())?;
        }
    }
}
