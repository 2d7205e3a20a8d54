//! One vendor's lane: the requests on their way to it at once (shared by every batch and every
//! status refresh that uses the lane) and its "wait until" after a 429. Every wait a vendor asks
//! for goes through [`bounded_wait`], one capped rule, so no `Retry-After` can park the app for
//! days or overflow a clock.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};

/// The longest wait honoured, whatever the vendor asks (a `Retry-After` of a day, or of
/// 18446744073709551615 seconds, waits this long).
pub const LONGEST_WAIT: Duration = Duration::from_secs(10 * 60);
/// The wait after a 429 that gives no readable `Retry-After`.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);
/// The shortest wait: a `Retry-After: 0` still lets the vendor breathe.
pub const SHORTEST_WAIT: Duration = Duration::from_secs(1);

/// The one rule for a vendor's "wait": its `Retry-After` in seconds (if readable), at least
/// [`SHORTEST_WAIT`], at most [`LONGEST_WAIT`].
pub fn bounded_wait(retry_after_secs: Option<u64>) -> Duration {
    retry_after_secs
        .map_or(DEFAULT_WAIT, Duration::from_secs)
        .clamp(SHORTEST_WAIT, LONGEST_WAIT)
}

/// A wait in progress, as the coordinator is told it: how long and until when (wall clock).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Wait {
    #[ts(type = "number")]
    pub secs: u64,
    pub until: DateTime<Utc>,
}

impl Wait {
    fn of(d: Duration) -> Wait {
        Wait {
            secs: d.as_secs(),
            until: Utc::now() + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::zero()),
        }
    }
}

/// Requests on their way to one vendor, and its 429 gate.
#[derive(Debug)]
pub struct Lane {
    slots: tokio::sync::Semaphore,
    gate: Mutex<Option<Instant>>,
}

impl Lane {
    /// A lane of `concurrency` requests at once (1 to 16).
    pub fn new(concurrency: usize) -> Arc<Lane> {
        Arc::new(Lane {
            slots: tokio::sync::Semaphore::new(concurrency.clamp(1, 16)),
            gate: Mutex::new(None),
        })
    }

    /// A place among the vendor's requests on their way, held until the permit drops.
    pub async fn slot(&self) -> AppResult<tokio::sync::SemaphorePermit<'_>> {
        self.slots
            .acquire()
            .await
            .map_err(|_| AppError::internal("the vendor's lane closed"))
    }

    /// When the vendor's wait ends, if one is running.
    pub fn waiting_until(&self) -> Option<Instant> {
        let until = *self.gate.lock().unwrap_or_else(|p| p.into_inner());
        until.filter(|t| *t > Instant::now())
    }

    /// The vendor asked to wait (`retry_after_secs` from its answer): no request of this lane
    /// leaves before the bounded wait has passed. Returns the wait as shown to the coordinator.
    pub fn hold_off(&self, retry_after_secs: Option<u64>) -> Wait {
        let wait = bounded_wait(retry_after_secs);
        let until = Instant::now() + wait;
        let mut g = self.gate.lock().unwrap_or_else(|p| p.into_inner());
        if g.is_none_or(|t| t < until) {
            *g = Some(until);
        }
        Wait::of(wait)
    }

    /// Sleeps until the vendor's wait (if any) has passed.
    pub async fn wait_gate(&self) {
        if let Some(t) = self.waiting_until() {
            tokio::time::sleep_until(t.into()).await;
        }
    }

    /// Runs one read in the lane: waits for the gate and a slot, and asks again after a 429 (at
    /// most `max_waits` times), making the lane's other calls wait too. Only for calls that are
    /// safe to repeat (reads).
    pub async fn read<T, F, Fut>(&self, max_waits: u32, call: F) -> AppResult<T>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = AppResult<T>>,
    {
        let mut waits = 0;
        loop {
            self.wait_gate().await;
            let result = {
                let _slot = self.slot().await?;
                call().await
            };
            match result {
                Err(e) if e.kind == ErrorKind::RateLimited && waits < max_waits => {
                    waits += 1;
                    self.hold_off(e.retry_after_secs);
                }
                other => return other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_retry_after_is_bounded_and_never_overflows_a_clock() {
        assert_eq!(bounded_wait(Some(0)), SHORTEST_WAIT);
        assert_eq!(bounded_wait(Some(5)), Duration::from_secs(5));
        assert_eq!(bounded_wait(Some(3600)), LONGEST_WAIT);
        assert_eq!(bounded_wait(Some(u64::MAX)), LONGEST_WAIT);
        assert_eq!(bounded_wait(None), DEFAULT_WAIT);
        let lane = Lane::new(2);
        for ra in [0, 5, 3600, u64::MAX] {
            let w = lane.hold_off(Some(ra));
            assert!(w.secs <= LONGEST_WAIT.as_secs());
            assert!(w.until <= Utc::now() + chrono::Duration::seconds(601));
        }
        assert!(lane.waiting_until().is_some());
    }
}
