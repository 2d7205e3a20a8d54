//! The follow-up board: which sent invites need a nudge now, why, who reminds, sorted by
//! urgency. `build` is pure (rows, settings, now); `FollowUp::board` reads the rows and the
//! clock.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::FollowUp;
use crate::error::AppResult;
use crate::history::{FollowUpRow, InviteRecord};
use crate::providers::reminds::WhoReminds;
use crate::providers::tracking::after_send;
use crate::settings::FollowUpSettings;

/// Why an invite is on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// Its link stopped working and the candidate never started.
    Expired { at: DateTime<Utc> },
    /// Its link stops working within the expiry window.
    Expiring { at: DateTime<Utc> },
    /// Sent (or last reminded) longer ago than the vendor's hours, not started.
    NotStarted {
        since: DateTime<Utc>,
        #[ts(type = "number")]
        hours: i64,
    },
}

/// One row of the board.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardRow {
    pub record: InviteRecord,
    pub why: Why,
    pub who_reminds: WhoReminds,
    /// "Tidyhire emails reminders itself."
    pub who_note: String,
    pub last_reminded: Option<DateTime<Utc>>,
    /// A re-invite with a new window can be made from Invite Desk (Xobin).
    pub can_reinvite: bool,
    /// Where to give the candidate more time otherwise.
    pub extend: String,
}

/// The board, most urgent first.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Board {
    pub rows: Vec<BoardRow>,
    pub built_at: DateTime<Utc>,
}

/// Why `r` needs a nudge at `now`, or `None`.
fn why(r: &FollowUpRow, s: &FollowUpSettings, now: DateTime<Utc>) -> Option<Why> {
    if r.snoozed_until.is_some_and(|u| u > now) {
        return None;
    }
    let rec = &r.record;
    let reminded_since = |t: DateTime<Utc>| r.last_reminded.is_some_and(|l| l >= t);
    if let Some(exp) = rec.expiry_at {
        if exp <= now {
            return (!reminded_since(exp)).then_some(Why::Expired { at: exp });
        }
        let window = exp - Duration::hours(i64::from(s.expiry_hours));
        if now >= window && !reminded_since(window) {
            return Some(Why::Expiring { at: exp });
        }
    }
    let touched = r
        .last_reminded
        .map_or(rec.created_at, |l| l.max(rec.created_at));
    let hours = i64::from(s.nudge_hours(rec.provider));
    (now - touched >= Duration::hours(hours)).then_some(Why::NotStarted {
        since: touched,
        hours,
    })
}

/// The order of urgency: expired links (latest first), then links expiring (soonest first),
/// then invites waiting longest.
fn urgency(w: &Why) -> (u8, i64) {
    match w {
        Why::Expired { at } => (0, -at.timestamp()),
        Why::Expiring { at } => (1, at.timestamp()),
        Why::NotStarted { since, .. } => (2, since.timestamp()),
    }
}

/// The board at `now` from the rows `Db::follow_up_rows` gives.
pub fn build(rows: Vec<FollowUpRow>, s: &FollowUpSettings, now: DateTime<Utc>) -> Board {
    let mut out: Vec<BoardRow> = rows
        .into_iter()
        .filter_map(|r| {
            let p = r.record.provider;
            let a = after_send(p);
            let who = WhoReminds::of(a.reminds, r.record.vendor_emails_candidate)?;
            let why = why(&r, s, now)?;
            Some(BoardRow {
                who_note: who.sentence(p),
                who_reminds: who,
                why,
                last_reminded: r.last_reminded,
                can_reinvite: a.can_reinvite,
                extend: a.extend.to_string(),
                record: r.record,
            })
        })
        .collect();
    out.sort_by_key(|r| (urgency(&r.why), r.record.id));
    Board {
        rows: out,
        built_at: now,
    }
}

impl FollowUp {
    /// The board now (by the follow-up's clock).
    pub fn board(&self) -> AppResult<Board> {
        let now = self.now();
        let s = self.settings.get().follow_up;
        let since = now - Duration::days(i64::from(s.lookback_days));
        Ok(build(self.db.follow_up_rows(since)?, &s, now))
    }
}
