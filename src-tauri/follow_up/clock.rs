//! The follow-up's "now". The app always reads the system clock; test and benchmark builds may
//! hand the follow-up a clock they set, so a board, a reminder or a digest can be checked at a
//! chosen instant.

use chrono::{DateTime, Utc};

/// Where the follow-up reads the time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock: the only one the released app has.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is set or moved (tests and benchmarks only).
#[cfg(any(test, feature = "bench"))]
pub struct FixedClock(std::sync::Mutex<DateTime<Utc>>);

#[cfg(any(test, feature = "bench"))]
impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> FixedClock {
        FixedClock(std::sync::Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

#[cfg(any(test, feature = "bench"))]
impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
