//! What a running batch tells the Bulk screen: the coordinator's control (pause, resume,
//! cancel), the batch's state, its counts, rate and time left after every unit, and each row as
//! it ends.

use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::history::Outcome;

/// What the coordinator asked of a running batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Control {
    Run,
    Pause,
    Cancel,
}

/// Where a batch is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RunState {
    Running,
    Paused,
    /// The vendor asked to slow down: no request leaves until `waitSecs` have passed.
    Waiting,
    /// Cancel pressed: requests on their way are finishing.
    Cancelling,
    Done,
    Cancelled,
}

/// Counts, rate and time left, after every unit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    #[ts(type = "number")]
    pub batch: i64,
    pub total: u32,
    pub sent: u32,
    pub failed: u32,
    pub unknown: u32,
    /// Not sent yet (queued).
    pub left: u32,
    /// Requests on their way.
    pub sending: u32,
    /// Invites finished per minute so far in this run.
    pub per_minute: f64,
    #[ts(type = "number | null")]
    pub eta_secs: Option<u64>,
    pub state: RunState,
    #[ts(type = "number | null")]
    pub wait_secs: Option<u64>,
}

/// One row's end, for the table.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowResult {
    pub row: u32,
    #[ts(type = "number")]
    pub invite_id: i64,
    /// The candidate, as the row sends it (for a table drawn from a resumed batch).
    pub name: String,
    pub email: String,
    pub outcome: Outcome,
    pub link: Option<String>,
    pub message: Option<String>,
}

/// What a running batch reports, in order: rows as they end, and progress after every unit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum BatchEvent {
    Rows { rows: Vec<RowResult> },
    Progress(Progress),
}

/// The batch's counts while it runs.
#[derive(Default)]
pub(super) struct Tally {
    pub total: u32,
    pub sent: u32,
    pub failed: u32,
    pub unknown: u32,
    pub left: u32,
    pub sending: u32,
    pub done_this_run: u32,
}

/// Counts the batch's rows and tells the screen, shared by the workers.
pub(super) struct Reporter<'a> {
    batch: i64,
    tally: Mutex<Tally>,
    started: Instant,
    events: &'a (dyn Fn(BatchEvent) + Send + Sync),
}

impl<'a> Reporter<'a> {
    pub fn new(batch: i64, tally: Tally, events: &'a (dyn Fn(BatchEvent) + Send + Sync)) -> Self {
        Reporter {
            batch,
            tally: Mutex::new(tally),
            started: Instant::now(),
            events,
        }
    }

    /// Changes the counts.
    pub fn update(&self, f: impl FnOnce(&mut Tally)) {
        f(&mut self.tally.lock().unwrap_or_else(|p| p.into_inner()));
    }

    /// `n` rows left the queue for the vendor.
    pub fn sending(&self, n: u32) {
        self.update(|t| {
            t.left = t.left.saturating_sub(n);
            t.sending += n;
        });
    }

    /// `n` rows on their way went back to the queue (the vendor asked to wait).
    pub fn requeued(&self, n: u32) {
        self.update(|t| {
            t.sending = t.sending.saturating_sub(n);
            t.left += n;
        });
    }

    pub fn progress(&self, state: RunState, wait: Option<u64>) {
        let t = self.tally.lock().unwrap_or_else(|p| p.into_inner());
        let secs = self.started.elapsed().as_secs_f64();
        let per_minute = if secs > 0.0 {
            f64::from(t.done_this_run) * 60.0 / secs
        } else {
            0.0
        };
        let eta_secs = (per_minute > 0.0 && t.left + t.sending > 0)
            .then(|| (f64::from(t.left + t.sending) * 60.0 / per_minute).round() as u64);
        let p = Progress {
            batch: self.batch,
            total: t.total,
            sent: t.sent,
            failed: t.failed,
            unknown: t.unknown,
            left: t.left,
            sending: t.sending,
            per_minute: (per_minute * 10.0).round() / 10.0,
            eta_secs,
            state,
            wait_secs: wait,
        };
        drop(t);
        (self.events)(BatchEvent::Progress(p));
    }

    /// Counts rows that ended and shows them (`from_queue`: they never left the queue as
    /// `pending`).
    pub fn ended(&self, rows: Vec<RowResult>, from_queue: bool) {
        if rows.is_empty() {
            return;
        }
        self.update(|t| {
            for r in &rows {
                match r.outcome {
                    Outcome::Sent => t.sent += 1,
                    Outcome::Unknown => t.unknown += 1,
                    _ => t.failed += 1,
                }
                if from_queue {
                    t.left = t.left.saturating_sub(1);
                } else {
                    t.sending = t.sending.saturating_sub(1);
                }
                t.done_this_run += 1;
            }
        });
        (self.events)(BatchEvent::Rows { rows });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(outcome: Outcome) -> RowResult {
        RowResult {
            row: 2,
            invite_id: 1,
            name: "Kim".into(),
            email: "kim@example.com".into(),
            outcome,
            link: None,
            message: None,
        }
    }

    #[test]
    fn counts_follow_rows_from_the_queue_and_from_the_vendor() {
        let seen = Mutex::new(Vec::new());
        let events = |e: BatchEvent| seen.lock().unwrap().push(e);
        let r = Reporter::new(
            7,
            Tally {
                total: 3,
                left: 3,
                ..Tally::default()
            },
            &events,
        );
        r.ended(vec![row(Outcome::Failed)], true);
        r.sending(2);
        r.requeued(1);
        r.ended(vec![row(Outcome::Sent)], false);
        r.progress(RunState::Running, None);
        let seen = seen.lock().unwrap();
        let Some(BatchEvent::Progress(p)) = seen.last() else {
            panic!("no progress: {seen:?}");
        };
        assert_eq!(
            (p.batch, p.sent, p.failed, p.left, p.sending),
            (7, 1, 1, 1, 0)
        );
        assert!(p.eta_secs.is_some());
    }
}
