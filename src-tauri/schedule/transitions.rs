//! Where a zone's clocks change: the edges of a spring-forward gap (named in the error), and
//! the instant clocks go back (bisected over the zone's offsets).

use crate::tz::Tz;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};

/// "02:30 does not exist on 2026-03-08 in America/New_York: clocks jump from 02:00 to 03:00."
/// The edges come from the zone's transition ([`Tz::gap_around`]), so 30-minute shifts and
/// skipped days are named correctly.
pub(super) fn gap_message(local: NaiveDateTime, zone: Tz) -> String {
    let day = local.date();
    let head = format!(
        "{} does not exist on {} in {}",
        local.format("%H:%M"),
        day.format("%Y-%m-%d"),
        zone.name()
    );
    let edges = zone.gap_around(&local);
    match edges {
        Some((from, to)) => {
            let (from, to) = (edge(from, day), edge(to, day));
            format!(
                "{head}: clocks jump from {from} to {to}. Pick a time before {from} or from {to} on."
            )
        }
        None => format!("{head}: the clocks skip it. Pick another time."),
    }
}

/// A transition edge as `HH:MM`, with its date only when it is not the typed day (a skipped
/// day in Samoa, or Santiago's clocks going back from midnight to 23:00 the day before).
pub(super) fn edge(t: NaiveDateTime, day: NaiveDate) -> String {
    if t.date() == day {
        t.format("%H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The first instant in `(earlier, later]` carrying `later`'s offset: where the clocks go back.
/// Bisection on seconds: it needs nothing of the zone but its offsets.
pub(super) fn transition_between(
    zone: Tz,
    earlier: DateTime<Utc>,
    later: DateTime<Utc>,
) -> DateTime<Utc> {
    let first = zone.offset_from_utc_datetime(&earlier.naive_utc()).fix();
    let (mut lo, mut hi) = (earlier.timestamp(), later.timestamp());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let at = DateTime::from_timestamp(mid, 0).unwrap_or(earlier);
        if zone.offset_from_utc_datetime(&at.naive_utc()).fix() == first {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    DateTime::from_timestamp(hi, 0).unwrap_or(later)
}
