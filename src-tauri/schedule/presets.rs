//! Expiry presets ("in 2 days", "in 7 days", "end of Friday 18:00"): a wall-clock time in the
//! chosen zone, resolved by the same DST rules as a typed time (see the module above).
//!
//! A preset is wall-clock arithmetic, not a count of hours: "in 7 days" from Wednesday 10:07 in
//! London is the next Wednesday at 10:15 on London's clocks, even when the clocks go back in
//! between (then it is 169 hours away, not 168). The time is rounded up to the next quarter
//! hour, the same steps the time list offers. A computed time that falls in a spring-forward gap
//! moves to the first minute after the gap (a typed one is refused instead: there the
//! coordinator chose the digits, here Invite Desk did), and the preview says so; one that happens
//! twice takes the earlier instant, shown with its offset like a typed one.

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Timelike, Utc, Weekday,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{format_offset, parse_zone, preview, Preview, Tz, WallTime};
use crate::error::AppResult;

/// The presets next to "Link expires". `Custom` means: the coordinator types the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExpiryPreset {
    In2Days,
    In7Days,
    EndOfFriday,
    Custom,
}

impl ExpiryPreset {
    pub const ALL: [ExpiryPreset; 4] = [
        ExpiryPreset::In2Days,
        ExpiryPreset::In7Days,
        ExpiryPreset::EndOfFriday,
        ExpiryPreset::Custom,
    ];
}

/// The wall clock's hour that "end of Friday" means.
const END_OF_DAY: u32 = 18;

/// A preset resolved for the form: the digits to put in the date and time fields, the preview
/// Rust would show for them typed by hand, and a sentence when something needs saying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PresetTime {
    pub preset: ExpiryPreset,
    pub wall: WallTime,
    pub preview: Preview,
    /// `Wed 28 Oct 2026, 10:15 Europe/London (UTC+00:00) = 2026-10-28 10:15 GMT`
    pub summary: String,
    /// Said when the clocks change before the time, or the time was moved out of a gap.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
}

/// Computes `preset` in `zone` as seen at `now`; `None` for [`ExpiryPreset::Custom`]. `field`
/// names the form field in errors, `label` starts the preview sentence ("Expires").
pub fn expiry_preset(
    preset: ExpiryPreset,
    zone: &str,
    field: &str,
    label: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<PresetTime>> {
    let tz = parse_zone(zone, field)?;
    let local_now = now.with_timezone(&tz).naive_local();
    let target = match preset {
        ExpiryPreset::Custom => return Ok(None),
        ExpiryPreset::In2Days => days_later(local_now, 2),
        ExpiryPreset::In7Days => days_later(local_now, 7),
        ExpiryPreset::EndOfFriday => end_of_friday(local_now),
    };
    let (target, moved) = out_of_gap(tz, target);
    let wall = WallTime {
        date: target.format("%Y-%m-%d").to_string(),
        time: target.format("%H:%M").to_string(),
        zone: tz.name().to_string(),
        overlap: None,
    };
    let preview = preview(&wall, field, label, now)?;
    let offset_now = tz.offset_from_utc_datetime(&now.naive_utc()).fix();
    let at = DateTime::parse_from_rfc3339(&preview.utc)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(now);
    let offset_then = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
    let mut notes = Vec::new();
    if let Some(wanted) = moved {
        notes.push(format!(
            "{} does not exist on {} in {} (the clocks jump forward), so the link expires at {}, \
             the first minute after the jump.",
            wanted.format("%H:%M"),
            wanted.format("%Y-%m-%d"),
            tz.name(),
            target.format("%H:%M"),
        ));
    }
    if offset_now != offset_then {
        notes.push(format!(
            "The clocks in {} change before then ({} → {}): the time is kept on the wall clock, \
             {} from now.",
            tz.name(),
            format_offset(offset_now.local_minus_utc()),
            format_offset(offset_then.local_minus_utc()),
            hours_minutes(at - now),
        ));
    }
    let summary = format!(
        "{} {} ({}) = {} GMT",
        target.format("%a %-d %b %Y, %H:%M"),
        tz.name(),
        preview.offset,
        preview.gmt
    );
    Ok(Some(PresetTime {
        preset,
        wall,
        preview,
        summary,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    }))
}

/// The same wall-clock time `n` calendar days later, rounded up to the quarter hour.
fn days_later(local_now: NaiveDateTime, n: u64) -> NaiveDateTime {
    let r = round_up_to_quarter(local_now);
    let date = r.date().checked_add_days(Days::new(n)).unwrap_or(r.date());
    date.and_time(r.time())
}

/// Friday 18:00 this week, or next week's once this Friday's 18:00 has passed.
fn end_of_friday(local_now: NaiveDateTime) -> NaiveDateTime {
    let today = local_now.date();
    let ahead =
        (Weekday::Fri.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
    let mut friday = today + Days::new(u64::from(ahead));
    let eod = NaiveTime::from_hms_opt(END_OF_DAY, 0, 0).unwrap_or(NaiveTime::MIN);
    if ahead == 0 && local_now.time() >= eod {
        friday = friday + Days::new(7);
    }
    friday.and_time(eod)
}

fn round_up_to_quarter(t: NaiveDateTime) -> NaiveDateTime {
    let exact =
        t.time().second() == 0 && t.time().nanosecond() == 0 && t.minute().is_multiple_of(15);
    if exact {
        return t;
    }
    let base = t.date().and_hms_opt(t.hour(), 0, 0).unwrap_or(t);
    let quarters = i64::from(t.minute() / 15 + 1);
    base + Duration::minutes(quarters * 15)
}

/// The instant of the wall time `at` on local day `day` in `zone`, for something that happens
/// every day (the follow-up digest): in a spring-forward gap, the first minute after it; when
/// the clocks go back, the first of the two.
pub fn daily_instant(day: NaiveDate, at: NaiveTime, zone: Tz) -> DateTime<Utc> {
    let (wall, _) = out_of_gap(zone, day.and_time(at));
    match zone.from_local_datetime(&wall) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        // A gap longer than two days exists in no zone: read the wall time as UTC.
        LocalResult::None => wall.and_utc(),
    }
}

/// A wall time in a spring-forward gap moves to the first minute that exists after it.
/// Returns the time to use and, when it moved, the one that was wanted.
fn out_of_gap(tz: Tz, wanted: NaiveDateTime) -> (NaiveDateTime, Option<NaiveDateTime>) {
    if !matches!(tz.from_local_datetime(&wanted), LocalResult::None) {
        return (wanted, None);
    }
    // Gaps are an hour or less in practice; Samoa skipped a whole day in 2011.
    let mut t = wanted;
    for _ in 0..(48 * 60) {
        t += Duration::minutes(1);
        if !matches!(tz.from_local_datetime(&t), LocalResult::None) {
            return (t, Some(wanted));
        }
    }
    (wanted, None)
}

/// `169 h 8 min`, `48 h`.
fn hours_minutes(d: Duration) -> String {
    let m = d.num_minutes().max(0);
    match (m / 60, m % 60) {
        (h, 0) => format!("{h} h"),
        (h, min) => format!("{h} h {min} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn times_round_up_to_the_next_quarter_hour_and_exact_quarters_stay() {
        assert_eq!(
            round_up_to_quarter(at("2026-10-21 10:07:00")),
            at("2026-10-21 10:15:00")
        );
        assert_eq!(
            round_up_to_quarter(at("2026-10-21 10:15:00")),
            at("2026-10-21 10:15:00")
        );
        assert_eq!(
            round_up_to_quarter(at("2026-10-21 10:15:01")),
            at("2026-10-21 10:30:00")
        );
        assert_eq!(
            round_up_to_quarter(at("2026-10-21 23:50:00")),
            at("2026-10-22 00:00:00")
        );
    }

    #[test]
    fn end_of_friday_is_this_fridays_18_00_until_it_has_passed() {
        // 2026-10-19 is a Monday.
        assert_eq!(
            end_of_friday(at("2026-10-19 09:00:00")),
            at("2026-10-23 18:00:00")
        );
        assert_eq!(
            end_of_friday(at("2026-10-23 17:59:00")),
            at("2026-10-23 18:00:00")
        );
        assert_eq!(
            end_of_friday(at("2026-10-23 18:00:00")),
            at("2026-10-30 18:00:00")
        );
        assert_eq!(
            end_of_friday(at("2026-10-24 08:00:00")),
            at("2026-10-30 18:00:00")
        );
        assert_eq!(
            end_of_friday(at("2026-10-25 08:00:00")),
            at("2026-10-30 18:00:00")
        );
    }
}
