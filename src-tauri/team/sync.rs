//! Syncing with the team server: first who this login is (and whether the server went back in
//! time), then the attempts reserved but never sent (released as failed), then this computer's
//! waiting outcomes (the outbox), then colleagues' changes after the cursor, in commit order.
//! No single row stops a sync: a row the server refuses keeps its reason (Settings → Team
//! shows it) and the others go on; only an unreachable server ends a sync early. Every call has
//! a deadline ([`CALL_DEADLINE`]).

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::client::{self, AttemptFacts, OfflinePush};
use super::conn::CALL_DEADLINE;
use super::limits::{check_facts, shareable_link};
use super::Team;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{OutboxRow, Outcome, TeamRow};

/// Retention calls per sync at most (each deletes up to `client::RETENTION_BATCH`): the rest of
/// a large backlog goes at the next syncs.
const RETENTION_CALLS: usize = 10;

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
    /// This computer's rows the server refused (each keeps its reason; tried again next sync).
    #[ts(type = "number")]
    pub refused: usize,
}

/// What the server did with one outbox row.
struct Pushed {
    conflict: Option<String>,
    /// It went as an offline attempt (the server had never seen it).
    offline: bool,
}

/// How long an abandoned attempt the server has not seen is asked about again (its reservation
/// may still be on its way, held up in the network).
const ABANDONED_KEEP: chrono::Duration = chrono::Duration::minutes(10);

/// How long a sync waits for one already running before saying so.
const SYNC_WAIT: Duration = Duration::from_secs(30);

impl Team {
    /// Pushes this computer's waiting outcomes, then pulls the team's changes after the cursor.
    pub async fn sync_once(&self) -> AppResult<SyncReport> {
        if !self.enabled() {
            return Ok(SyncReport::default());
        }
        // One sync at a time; a second waits a bounded time for the first (whose every call has
        // its own deadline), then says so instead of hanging the caller.
        let Ok(_one) = tokio::time::timeout(SYNC_WAIT, self.0.syncing.lock()).await else {
            return Err(AppError::new(
                ErrorKind::Duplicate,
                "A team sync is still running (the server is slow to answer). Its result shows \
                 in Settings → Team; try again in a moment.",
            ));
        };
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
        let who = self
            .call(CALL_DEADLINE, |c| async move { client::whoami(&c).await })
            .await?;
        self.set_who(Some(who.clone()));
        let settings = self.team_settings()?;
        let target = client::parse_url(&settings.url)?;
        self.enter_scope(&super::membership::scope_of(&target, &who.team_name))?;
        let tombstones: i64 = self
            .0
            .db
            .team_state("tombstone_cursor")?
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        if who.last_seq < self.cursor()?.max(tombstones) {
            // The server went back in time (restored from a backup, or a standby that missed
            // the last writes): pull everything again (invites and erasures, which share one
            // change number) and share this computer's outcomes again.
            self.0.db.set_team_state("cursor", "0")?;
            self.0.db.set_team_state("tombstone_cursor", "0")?;
            self.0.db.requeue_own_team_rows()?;
        }
        self.release_abandoned().await?;
        let mut after = 0;
        loop {
            let outbox = self.0.db.team_outbox_after(after, 200)?;
            if outbox.is_empty() {
                break;
            }
            for row in outbox {
                after = row.id;
                match self.push(&row).await {
                    Ok(p) => {
                        self.0
                            .db
                            .mark_team_pushed(row.id, p.conflict.as_deref(), p.offline)?;
                        report.pushed += 1;
                    }
                    Err(e) if client::is_unreachable(&e) => return Err(e),
                    Err(e) => {
                        self.0.db.set_team_push_error(row.id, &e.message)?;
                        report.refused += 1;
                    }
                }
            }
        }
        self.pull(&mut report).await?;
        if client::keeps_reminders(who.schema_version) {
            self.share_reminders(&mut report).await?;
        }
        // A server not yet upgraded to erasures (schema 3) has none to apply: its invites are
        // still shared.
        if who.schema_version < 3 {
            return Ok(report);
        }
        // The team's retention is the server's to enforce; whichever laptop syncs applies it,
        // and its tombstones reach every laptop below. In batches, each call inside its deadline.
        for _ in 0..RETENTION_CALLS {
            let gone = self
                .call(CALL_DEADLINE, |c| async move {
                    client::enforce_retention(&c).await
                })
                .await?;
            if gone < client::RETENTION_BATCH {
                break;
            }
        }
        self.pull_tombstones().await?;
        Ok(report)
    }

    /// Applies the team's erasures: every attempt forgotten on the server is deleted here too
    /// (a laptop that was offline catches up with its own cursor).
    async fn pull_tombstones(&self) -> AppResult<()> {
        loop {
            let after: i64 = self
                .0
                .db
                .team_state("tombstone_cursor")?
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            let page = self
                .call(CALL_DEADLINE, move |c| async move {
                    client::pull_tombstones(&c, after, 500).await
                })
                .await?;
            let Some(last) = page.last().map(|t| t.0) else {
                return Ok(());
            };
            let ids: Vec<String> = page.iter().map(|t| t.1.to_string()).collect();
            let gone = self.0.db.forget_attempts(&ids)?;
            if gone > 0 {
                crate::applog::line(&format!("team erasure: {gone} invite(s) deleted here"));
            }
            self.0
                .db
                .set_team_state("tombstone_cursor", &last.to_string())?;
        }
    }

    /// Asks the team server to forget a person (where the team allows coordinators to); the
    /// laptops delete their copies at their next sync, this one at once.
    pub async fn forget_person(&self, email: &str) -> AppResult<i32> {
        let email = email.trim().to_string();
        let n = self
            .call(CALL_DEADLINE, move |c| async move {
                client::forget(&c, &email).await
            })
            .await?;
        // The server has forgotten them: a failed pull here is caught up at the next sync,
        // and must not report the erasure as failed.
        if let Err(e) = self.pull_tombstones().await {
            crate::applog::line(&format!(
                "forgotten on the team server; this computer's copies go at the next sync ({})",
                e.message
            ));
        }
        Ok(n)
    }

    fn cursor(&self) -> AppResult<i64> {
        Ok(self
            .0
            .db
            .team_state("cursor")?
            .and_then(|c| c.parse().ok())
            .unwrap_or(0))
    }

    /// The attempts reserved perhaps, but never sent (`remember_abandoned`): failed frees their
    /// claims before an offline attempt sent in their place is pushed and checked for clashes.
    /// One the server has not seen is asked about again for a while (its reservation may still
    /// arrive late); a refusal forgets it (nothing was sent under it).
    async fn release_abandoned(&self) -> AppResult<()> {
        for (abandoned, at) in self.0.db.abandoned_attempts_at()? {
            let Ok(attempt) = Uuid::parse_str(&abandoned) else {
                self.0.db.forget_abandoned(&abandoned)?;
                continue;
            };
            let r = self
                .call(CALL_DEADLINE, |c| async move {
                    client::record_outcome(&c, attempt, "failed", None, &serde_json::json!({}))
                        .await
                })
                .await;
            match r {
                Err(e) if client::is_unreachable(&e) => return Err(e),
                Ok(_) => {}
                // Not on the server yet (its reservation may still arrive), or refused for now
                // (a deadlock, a server error, a privilege an admin is changing): asked again at
                // the next sync for a while, so a late claim is not left blocking colleagues.
                Err(e) => {
                    let old = DateTime::parse_from_rfc3339(&at)
                        .map(|t| Utc::now() - t.with_timezone(&Utc) > ABANDONED_KEEP)
                        .unwrap_or(true);
                    if !old {
                        if e.kind != ErrorKind::NotFound {
                            crate::applog::line(&format!(
                                "team: an abandoned reservation could not be released yet ({})",
                                e.message
                            ));
                        }
                        continue;
                    }
                }
            }
            self.0.db.forget_abandoned(&abandoned)?;
        }
        Ok(())
    }

    /// Shares one outbox row. An attempt the server does not know (its reservation never
    /// arrived: a crash in between, a failover or restore that lost it) goes as an offline
    /// attempt, with its clash check.
    async fn push(&self, row: &OutboxRow) -> AppResult<Pushed> {
        let attempt = Uuid::parse_str(&row.attempt_id).map_err(|_| {
            AppError::storage(format!("Invite #{} has an unreadable attempt id.", row.id))
        })?;
        let ids: serde_json::Value =
            serde_json::from_str(&row.vendor_ids).unwrap_or(serde_json::json!({}));
        let ids = &ids;
        let outcome = row.outcome.as_str();
        let link = shareable_link(row.link.as_deref());
        let record = || {
            self.call(CALL_DEADLINE, move |c| async move {
                client::record_outcome(&c, attempt, outcome, link, ids).await
            })
        };
        if !row.offline {
            match record().await {
                Ok(_) => {
                    return Ok(Pushed {
                        conflict: None,
                        offline: false,
                    })
                }
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        let facts = AttemptFacts {
            attempt,
            provider: &row.provider,
            job_ref: &row.job_ref,
            email: &row.candidate_email,
            name: &row.candidate_name,
            job_name: row.job_name.as_deref(),
            account: row
                .account_label
                .as_deref()
                .unwrap_or(crate::accounts::DEFAULT_LABEL),
        };
        check_facts(&facts)?;
        let accounts = self
            .who()
            .is_some_and(|w| client::keeps_accounts(w.schema_version));
        let facts = &facts;
        let created = DateTime::parse_from_rfc3339(&row.created_at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| Utc::now());
        let answer = self
            .call(CALL_DEADLINE, |c| async move {
                client::push_offline(&c, facts, outcome, link, ids, created, accounts).await
            })
            .await?;
        Ok(match answer {
            OfflinePush::Pushed => Pushed {
                conflict: None,
                offline: true,
            },
            // The attempt is on the server already: an earlier push whose answer was lost, or
            // its reservation, which timed out here but reached the server and is `pending`
            // there. Recording the outcome finishes the second and changes nothing in the first.
            OfflinePush::AlreadyPushed => {
                record().await?;
                Pushed {
                    conflict: None,
                    offline: row.offline,
                }
            }
            // Flagged is also the answer for a row already there that a colleague's offline
            // push flagged: recording finishes it if it is still `pending` (no-op otherwise).
            OfflinePush::Flagged(flag) => {
                record().await?;
                Pushed {
                    conflict: Some(flag),
                    offline: true,
                }
            }
            // The team forgot this person while the row waited here: delete the copy too.
            OfflinePush::Forgotten => {
                self.0
                    .db
                    .forget_attempts(std::slice::from_ref(&row.attempt_id))?;
                Pushed {
                    conflict: None,
                    offline: row.offline,
                }
            }
        })
    }

    /// Pulls colleagues' changes after the cursor, page by page.
    async fn pull(&self, report: &mut SyncReport) -> AppResult<()> {
        let my_role = self.settings().map(|s| s.role).unwrap_or_default();
        let abandoned: std::collections::HashSet<String> =
            self.0.db.abandoned_attempts()?.into_iter().collect();
        loop {
            let after = self.cursor()?;
            let schema = self.who().map_or(1, |w| w.schema_version);
            let page = self
                .call(CALL_DEADLINE, |c| async move {
                    client::pull(&c, after, 500, schema).await
                })
                .await?;
            let Some(last) = page.last().map(|p| p.change_seq) else {
                return Ok(());
            };
            let mut rows = Vec::with_capacity(page.len());
            let mut reminders = Vec::new();
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
                if let Some(why) = super::limits::pulled_problem(&p) {
                    report
                        .skipped
                        .push(format!("{} ({}): {why}", p.id, p.provider));
                    continue;
                }
                // This login's own attempt that was never sent (a reservation abandoned after
                // the offline question, released as failed): nothing to show, least of all as
                // "sent by you, on another computer".
                if p.author == my_role
                    && (outcome == Outcome::Failed || abandoned.contains(&p.id.to_string()))
                    && self.0.db.find_attempt(&p.id.to_string())?.is_none()
                {
                    continue;
                }
                let link = shareable_link(p.link.as_deref()).map(str::to_string);
                if let Some(r) = &p.reminded {
                    reminders.push((
                        p.id.to_string(),
                        r.at,
                        (r.by != my_role).then(|| r.by_name.clone()),
                    ));
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
                    link,
                    vendor_ids: p.vendor_ids.to_string(),
                    offline: p.offline,
                    conflict: p.conflict,
                    created_at: p.created_at,
                    updated_at: p.updated_at,
                    account_label: p.account_label,
                    received_at: p.received_at,
                });
            }
            report.pulled += self.0.db.apply_team_rows(&rows)?;
            self.0.db.apply_team_reminders(&reminders)?;
            self.0.db.set_team_state("cursor", &last.to_string())?;
        }
    }
}
