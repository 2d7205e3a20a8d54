//! The daily digest: one notification a day at the coordinator's local time when invites need
//! a nudge. The day is the local calendar day, so a change of clocks neither skips nor doubles
//! it: a time the spring change skips fires at the first instant after the gap, and a time the
//! autumn change repeats fires at its first occurrence only.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::FollowUp;
use crate::error::AppResult;
use crate::schedule::{daily_instant, Tz};

/// Where the last digest's local day is kept.
const LAST_DIGEST: &str = "last_digest";

/// The local day whose digest is due at `now`, when it has not gone out (`last`) yet.
pub fn due_day(
    now: DateTime<Utc>,
    zone: Tz,
    at: NaiveTime,
    last: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let today = now.with_timezone(&zone).date_naive();
    (last.is_none_or(|l| l < today) && now >= daily_instant(today, at, zone)).then_some(today)
}

impl FollowUp {
    /// Called every minute or so: the digest's words when it is due now and invites need a
    /// nudge. A day is spent once its time has passed, whether or not something was due.
    pub fn digest_tick(&self, zone: Tz) -> AppResult<Option<String>> {
        let s = self.settings.get().follow_up;
        let Some(at) = s.digest_at().filter(|_| s.digest) else {
            return Ok(None);
        };
        let last = self
            .db
            .follow_up_state(LAST_DIGEST)?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let Some(day) = due_day(self.now(), zone, at, last) else {
            return Ok(None);
        };
        // The board first: a failed read leaves the day to the next tick.
        let n = self.board()?.rows.len();
        self.db
            .set_follow_up_state(LAST_DIGEST, &day.format("%Y-%m-%d").to_string())?;
        Ok((n > 0).then(|| match n {
            1 => "1 invite needs a nudge: see Follow up.".to_string(),
            n => format!("{n} invites need a nudge: see Follow up."),
        }))
    }
}
