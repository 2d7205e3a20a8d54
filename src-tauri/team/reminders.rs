//! Reminders shared with the team (server schema 5): this computer's "Mark reminded" on a team
//! invite reaches the server at the next sync, so a colleague's board leaves the candidate alone.
//! (Pulled reminders are recorded with the pull, in `sync.rs`.)

use uuid::Uuid;

use super::client;
use super::conn::CALL_DEADLINE;
use super::sync::SyncReport;
use super::Team;
use crate::error::AppResult;

impl Team {
    /// Shares this computer's reminders of team attempts, so colleagues see the candidate was
    /// nudged. A reminder whose attempt the server does not hold (forgotten, or refused) has
    /// nothing to share and is not asked again; only an unreachable server stops the round.
    pub(super) async fn share_reminders(&self, report: &mut SyncReport) -> AppResult<()> {
        loop {
            let waiting = self.0.db.unshared_reminders(100)?;
            if waiting.is_empty() {
                return Ok(());
            }
            let mut done = Vec::with_capacity(waiting.len());
            for r in waiting {
                let (event, at, channel) = (r.event, r.at, r.channel);
                let attempt = r.attempt;
                let Ok(id) = Uuid::parse_str(&attempt) else {
                    done.push(event);
                    continue;
                };
                let answer = self
                    .call(CALL_DEADLINE, |c| {
                        let channel = channel.clone();
                        async move { client::remind(&c, id, at, channel.as_deref()).await }
                    })
                    .await;
                match answer {
                    Ok(_) => done.push(event),
                    Err(e) if client::is_unreachable(&e) => {
                        self.0.db.reminders_shared(&done)?;
                        return Err(e);
                    }
                    Err(e) => {
                        report
                            .skipped
                            .push(format!("reminder of {attempt}: {}", e.message));
                        done.push(event);
                    }
                }
            }
            self.0.db.reminders_shared(&done)?;
        }
    }
}
