//! Where a zone's clocks change: the edges of a spring-forward gap (named in the error), and
//! the instant clocks go back.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::Tz;

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

/// The instant the clocks go back between the two readings of an overlapping wall time: the
/// zone's first clock change after `earlier` (`later` if the table had none there).
pub(super) fn transition_between(
    zone: Tz,
    earlier: DateTime<Utc>,
    later: DateTime<Utc>,
) -> DateTime<Utc> {
    zone.transition_after(earlier)
        .filter(|t| *t <= later)
        .unwrap_or(later)
}
