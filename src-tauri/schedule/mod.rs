//! Time zones (`tz.rs`, the bundled IANA database as a chrono time zone) and wall-clock →
//! instant conversion (the DST policy), the zone catalogue (`zones.rs`), clock changes (`transitions.rs`) and the expiry presets (`presets.rs`). All zone
//! arithmetic in Invite Desk lives here; each vendor's date format lives in its adapter.
//!
//! Policy, in one place:
//! - A wall time inside a spring-forward gap does not exist: it is a validation error that names
//!   the gap's edges, read from the zone's own transition (Lord Howe shifts by 30 minutes,
//!   not an hour), never shifted silently to a nearby time.
//! - A wall time inside a fall-back overlap happens twice: it resolves to the instant the
//!   coordinator chose (default: the earlier), and the preview reports both offsets so the
//!   choice is always visible.
//! - Instants are kept in UTC; the wall time and the IANA zone are kept as the coordinator typed
//!   them, because Apploi wants the wall-clock digits and the zone name, not the instant.

use std::str::FromStr;

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    SecondsFormat, TimeZone, Utc,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult};

pub mod presets;
mod transitions;
mod tz;
pub mod zones;
pub use presets::{daily_instant, expiry_preset, ExpiryPreset, PresetTime};
use transitions::{edge, gap_message, transition_between};
pub use tz::{Tz, TzOffset, UnknownZone, TZDB_VERSION};
pub use zones::{list_time_zones, system_tz, system_zone, SystemZone, ZoneEntry};

/// Earliest year a coordinator may type: older dates are typos in an interview scheduler.
const MIN_YEAR: i32 = 1900;
/// Latest year: an invite's dates are weeks away, and the page's date fields hold the same
/// bound.
const MAX_YEAR: i32 = 2099;

/// A wall-clock time as the coordinator typed it, in the zone they picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WallTime {
    /// `YYYY-MM-DD`
    pub date: String,
    /// `HH:MM` (24 h)
    pub time: String,
    /// IANA zone name, e.g. `America/New_York`
    pub zone: String,
    /// Which of the two instants to use when the wall time happens twice (fall-back overlap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlap: Option<OverlapChoice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum OverlapChoice {
    Earlier,
    Later,
}

/// A wall time resolved to one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub utc: DateTime<Utc>,
    /// The wall time as typed (not re-derived from `utc`).
    pub local: NaiveDateTime,
    pub zone: Tz,
    /// The zone's UTC offset at `utc`.
    pub offset: FixedOffset,
    /// Present when the wall time happens twice; records both candidates and the choice.
    pub overlap: Option<Overlap>,
}

impl Resolved {
    /// The instant as history stores it: RFC 3339 in UTC, `2026-03-08T14:00:00Z`.
    pub fn utc_rfc3339(&self) -> String {
        self.utc.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// Both instants of a wall time that happens twice (clocks go back), and which one was used.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    pub earlier: DateTime<Utc>,
    pub later: DateTime<Utc>,
    pub earlier_offset: FixedOffset,
    pub later_offset: FixedOffset,
    pub chosen: OverlapChoice,
    /// Local wall time at which the clocks go back (e.g. 02:00) …
    pub back_from: NaiveDateTime,
    /// … and the wall time they go back to (e.g. 01:00).
    pub back_to: NaiveDateTime,
}

/// What the form shows live under a date/time/zone group: exactly what will be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// `Starts 2026-03-08 10:00 America/New_York = 2026-03-08 14:00 GMT`
    pub text: String,
    /// The instant, RFC 3339 in UTC (`2026-03-08T14:00:00Z`).
    pub utc: String,
    /// `2026-03-08 14:00` (Xobin's format).
    pub gmt: String,
    /// The zone's offset at that instant, `UTC−04:00`.
    pub offset: String,
    pub in_past: bool,
    /// Present when the wall time happens twice.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub overlap: Option<OverlapInfo>,
    /// A sentence explaining the overlap choice, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
}

/// Both readings of a wall time that happens twice, for the UI's explicit choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverlapInfo {
    pub earlier_offset: String,
    pub later_offset: String,
    pub earlier_gmt: String,
    pub later_gmt: String,
    pub chosen: OverlapChoice,
}

/// Parse an IANA zone name (surrounding spaces ignored; the name itself is case-sensitive, as
/// the picker only ever sends exact names).
pub fn parse_zone(name: &str, field: &str) -> AppResult<Tz> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::validation(
            field,
            "Pick a time zone from the list, for example America/New_York.",
        ));
    }
    Tz::from_str(name).map_err(|_| {
        AppError::validation(
            field,
            format!(
                "\"{}\" is not a time zone Invite Desk knows: pick one from the time zone list \
                 (search by city, e.g. New York, or by name, e.g. America/New_York).",
                shown(name)
            ),
        )
    })
}

/// Resolve a wall time; `field` names the form field in errors. Gap → validation error naming
/// the gap; overlap → the chosen instant (default earlier).
pub fn resolve(w: &WallTime, field: &str) -> AppResult<Resolved> {
    let date = parse_date(&w.date, field)?;
    let time = parse_time(&w.time, field)?;
    let zone = parse_zone(&w.zone, field)?;
    let local = date.and_time(time);
    match zone.from_local_datetime(&local) {
        LocalResult::Single(dt) => Ok(Resolved {
            utc: dt.with_timezone(&Utc),
            local,
            zone,
            offset: dt.offset().fix(),
            overlap: None,
        }),
        LocalResult::Ambiguous(a, b) => {
            let (earlier, later) = if a <= b { (a, b) } else { (b, a) };
            let chosen = w.overlap.unwrap_or(OverlapChoice::Earlier);
            let pick = match chosen {
                OverlapChoice::Earlier => earlier,
                OverlapChoice::Later => later,
            };
            let earlier_offset = earlier.offset().fix();
            let later_offset = later.offset().fix();
            let turn =
                transition_between(zone, earlier.with_timezone(&Utc), later.with_timezone(&Utc));
            Ok(Resolved {
                utc: pick.with_timezone(&Utc),
                local,
                zone,
                offset: pick.offset().fix(),
                overlap: Some(Overlap {
                    earlier: earlier.with_timezone(&Utc),
                    later: later.with_timezone(&Utc),
                    earlier_offset,
                    later_offset,
                    chosen,
                    back_from: (turn + earlier_offset).naive_utc(),
                    back_to: (turn + later_offset).naive_utc(),
                }),
            })
        }
        LocalResult::None => Err(AppError::validation(field, gap_message(local, zone))),
    }
}

/// `YYYY-MM-DD HH:MM` in GMT, as the form's previews show an instant.
fn gmt_text(utc: DateTime<Utc>) -> String {
    utc.format("%Y-%m-%d %H:%M").to_string()
}

/// Resolve and describe a wall time for the form: `label` starts the sentence ("Starts").
pub fn preview(w: &WallTime, field: &str, label: &str, now: DateTime<Utc>) -> AppResult<Preview> {
    let r = resolve(w, field)?;
    let gmt = gmt_text(r.utc);
    let offset = format_offset(r.offset.local_minus_utc());
    let wall = r.local.format("%Y-%m-%d %H:%M");
    let hm = r.local.format("%H:%M");
    let (text, overlap, note) = match &r.overlap {
        None => (
            format!("{label} {wall} {} = {gmt} GMT", r.zone.name()),
            None,
            None,
        ),
        Some(o) => {
            let which = match o.chosen {
                OverlapChoice::Earlier => "earlier",
                OverlapChoice::Later => "later",
            };
            let (other, other_offset, other_gmt) = match o.chosen {
                OverlapChoice::Earlier => ("later", o.later_offset, o.later),
                OverlapChoice::Later => ("earlier", o.earlier_offset, o.earlier),
            };
            let text = format!(
                "{label} {wall} {} ({which} of the two {hm}s, {offset}) = {gmt} GMT",
                r.zone.name()
            );
            let note = format!(
                "{hm} happens twice on {} in {}: clocks go back from {} to {}. Using the {which} \
                 one ({offset}, {gmt} GMT); choose the {other} one for {} ({} GMT).",
                r.local.format("%Y-%m-%d"),
                r.zone.name(),
                edge(o.back_from, r.local.date()),
                edge(o.back_to, r.local.date()),
                format_offset(other_offset.local_minus_utc()),
                gmt_text(other_gmt),
            );
            let info = OverlapInfo {
                earlier_offset: format_offset(o.earlier_offset.local_minus_utc()),
                later_offset: format_offset(o.later_offset.local_minus_utc()),
                earlier_gmt: gmt_text(o.earlier),
                later_gmt: gmt_text(o.later),
                chosen: o.chosen,
            };
            (text, Some(info), Some(note))
        }
    };
    Ok(Preview {
        text,
        utc: r.utc_rfc3339(),
        gmt,
        offset,
        in_past: r.utc <= now,
        overlap,
        note,
    })
}

/// The day an instant falls on for the coordinator ("12 Mar 2026"), in this computer's zone.
pub fn local_day(utc: DateTime<Utc>) -> String {
    utc.with_timezone(&chrono::Local)
        .format("%-d %b %Y")
        .to_string()
}

/// "09:55" in this computer's zone, or "12 Mar 09:55" when not today.
pub fn local_time_of_day(utc: DateTime<Utc>) -> String {
    let local = utc.with_timezone(&chrono::Local);
    if local.date_naive() == chrono::Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%-d %b %H:%M").to_string()
    }
}

/// `UTC+05:30`, `UTC−05:00` (U+2212 minus), `UTC+00:00`; seconds only when non-zero
/// (historical local mean time).
pub fn format_offset(seconds_east: i32) -> String {
    let sign = if seconds_east < 0 { '\u{2212}' } else { '+' };
    let abs = seconds_east.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    if s == 0 {
        format!("UTC{sign}{h:02}:{m:02}")
    } else {
        format!("UTC{sign}{h:02}:{m:02}:{s:02}")
    }
}

// ---------------------------------------------------------------------------------------------

fn parse_date(s: &str, field: &str) -> AppResult<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return Err(AppError::validation(
            field,
            "Enter a date as YYYY-MM-DD, for example 2026-03-08.",
        ));
    }
    // Strict shape first: chrono alone would accept `2026-3-8` or `+2026-03-08`.
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(AppError::validation(
            field,
            format!(
                "\"{}\" is not a date in the form YYYY-MM-DD: enter it like 2026-03-08.",
                shown(s)
            ),
        ));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4) as i32, num(5..7), num(8..10));
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        AppError::validation(
            field,
            format!("{s} is not a real date: check the day and the month (YYYY-MM-DD)."),
        )
    })?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        return Err(AppError::validation(
            field,
            format!("{s} is out of range: enter a date between {MIN_YEAR} and {MAX_YEAR}."),
        ));
    }
    Ok(date)
}

fn parse_time(s: &str, field: &str) -> AppResult<NaiveTime> {
    let s = s.trim();
    if s.is_empty() {
        return Err(AppError::validation(
            field,
            "Enter a time as HH:MM (24-hour), for example 14:30.",
        ));
    }
    let b = s.as_bytes();
    let shaped = b.len() == 5
        && b[2] == b':'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit());
    let parsed = if shaped {
        let h = s[0..2].parse::<u32>().unwrap_or(99);
        let m = s[3..5].parse::<u32>().unwrap_or(99);
        NaiveTime::from_hms_opt(h, m, 0)
    } else {
        None
    };
    parsed.ok_or_else(|| {
        AppError::validation(
            field,
            format!(
                "\"{}\" is not a time in the form HH:MM (24-hour, 00:00 to 23:59): enter it like \
                 14:30.",
                shown(s)
            ),
        )
    })
}

/// "2026-03-08 10:00 America/New_York (2026-03-08 14:00 GMT)"
pub(crate) fn describe(r: &Resolved) -> String {
    format!(
        "{} {} ({} GMT)",
        r.local.format("%Y-%m-%d %H:%M"),
        r.zone.name(),
        gmt_text(r.utc)
    )
}

/// Echo user input in messages without letting a pasted essay flood the form.
pub(crate) fn shown(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(MAX).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tzdb_version_is_the_bundled_one() {
        assert_eq!(TZDB_VERSION, "2026f");
    }

    #[test]
    fn offsets_use_the_unicode_minus_and_show_seconds_only_when_present() {
        assert_eq!(format_offset(-5 * 3600), "UTC\u{2212}05:00");
        assert_eq!(format_offset(5 * 3600 + 45 * 60), "UTC+05:45");
        assert_eq!(format_offset(0), "UTC+00:00");
        assert_eq!(format_offset(5 * 3600 + 53 * 60 + 28), "UTC+05:53:28");
    }

    #[test]
    fn local_day_reads_as_day_month_year() {
        let day = local_day(Utc.with_ymd_and_hms(2026, 3, 12, 12, 0, 0).unwrap());
        assert!(
            ["11 Mar 2026", "12 Mar 2026", "13 Mar 2026"].contains(&day.as_str()),
            "{day}"
        );
    }

    #[test]
    fn long_input_is_cut_in_messages() {
        let e = parse_zone(&"x".repeat(500), "startZone").unwrap_err();
        assert!(e.message.len() < 300, "{}", e.message);
        assert!(e.message.contains('…'));
    }
}
