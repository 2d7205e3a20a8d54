//! Time zones and wall-clock → instant conversion (the DST policy), and each vendor's date
//! format. All zone arithmetic in Invite Desk lives here.
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
use chrono_tz::{GapInfo, OffsetName, Tz};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

/// The IANA tz database release chrono-tz was built from (shown in Settings → About).
pub const TZDB_VERSION: &str = chrono_tz::IANA_TZDB_VERSION;

/// Earliest year a coordinator may type: older dates are typos in an interview scheduler.
const MIN_YEAR: i32 = 1900;
/// Latest year: chrono-tz carries explicit transitions only up to 2099, so later dates would
/// silently lose their daylight saving time.
const MAX_YEAR: i32 = 2099;

/// A wall-clock time as the coordinator typed it, in the zone they picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// One entry of the zone picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneEntry {
    /// IANA name, e.g. `America/New_York`.
    pub name: String,
    /// The zone's UTC offset right now, in minutes (east positive).
    pub offset_minutes: i32,
    /// `America/New_York — UTC−05:00` (Unicode minus sign).
    pub label: String,
    /// The city part of the name in plain words (`New York`); empty for `UTC`, `Etc/GMT+5`….
    pub city: String,
    /// Extra words the picker matches on: the current abbreviation, well-known cities and
    /// countries served by the zone (`Kolkata` ← `India`, `Mumbai`, `Calcutta`).
    pub keywords: Vec<String>,
}

/// The computer's own zone, the picker's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemZone {
    pub name: String,
    /// False when the zone could not be detected and `UTC` stands in for it.
    pub detected: bool,
    /// Why UTC stands in, for the coordinator to read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What the form shows live under a date/time/zone group: exactly what will be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub overlap: Option<OverlapInfo>,
    /// A sentence explaining the overlap choice, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Both readings of a wall time that happens twice, for the UI's explicit choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// Xobin's `YYYY-MM-DD HH:MM` in GMT.
pub fn xobin_gmt(utc: DateTime<Utc>) -> String {
    utc.format("%Y-%m-%d %H:%M").to_string()
}

/// Apploi's `date`: the wall-clock digits with a `Z` suffix (`YYYY-MM-DDTHH:MM:00Z`).
/// Apploi reads the digits in the zone sent alongside, so the `Z` is not UTC here.
pub fn apploi_date(local: NaiveDateTime) -> String {
    local.format("%Y-%m-%dT%H:%M:00Z").to_string()
}

/// Check an invite link's window. Absent start = active now; absent expiry = never expires.
/// Errors (on field `expiry`): expiry in the past, expiry not after start. A start in the past is
/// allowed and reported as a note, as are the absent ends, so the form can say what will happen.
pub fn validate_window(
    start: Option<&Resolved>,
    expiry: Option<&Resolved>,
    now: DateTime<Utc>,
) -> AppResult<Vec<String>> {
    let mut notes = Vec::new();
    if let Some(e) = expiry {
        if e.utc <= now {
            return Err(AppError::validation(
                "expiry",
                format!(
                    "The expiry, {}, is in the past: pick a later date, or leave the expiry empty \
                     so the link never expires.",
                    describe(e)
                ),
            ));
        }
        if let Some(s) = start {
            if e.utc <= s.utc {
                return Err(AppError::validation(
                    "expiry",
                    format!(
                        "The expiry, {}, is not after the start, {}: pick an expiry later than \
                         the start.",
                        describe(e),
                        describe(s)
                    ),
                ));
            }
        }
    }
    match start {
        None => notes.push("No start set: the link is active immediately.".to_string()),
        Some(s) if s.utc <= now => notes.push(format!(
            "The start, {}, is in the past: the link is active immediately.",
            describe(s)
        )),
        Some(_) => {}
    }
    if expiry.is_none() {
        notes.push("No expiry set: the link never expires.".to_string());
    }
    Ok(notes)
}

/// Every zone chrono-tz knows, sorted by name, each with its offset at `now`.
pub fn list_time_zones(now: DateTime<Utc>) -> Vec<ZoneEntry> {
    let mut zones: Vec<ZoneEntry> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| zone_entry(*tz, now))
        .collect();
    zones.sort_by(|a, b| a.name.cmp(&b.name));
    zones
}

/// The computer's zone, or UTC with a note when it cannot be detected or is not known.
pub fn system_zone() -> SystemZone {
    zone_from_detection(iana_time_zone::get_timezone())
}

/// Resolve and describe a wall time for the form: `label` starts the sentence ("Starts").
pub fn preview(w: &WallTime, field: &str, label: &str, now: DateTime<Utc>) -> AppResult<Preview> {
    let r = resolve(w, field)?;
    let gmt = xobin_gmt(r.utc);
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
                xobin_gmt(other_gmt),
            );
            let info = OverlapInfo {
                earlier_offset: format_offset(o.earlier_offset.local_minus_utc()),
                later_offset: format_offset(o.later_offset.local_minus_utc()),
                earlier_gmt: xobin_gmt(o.earlier),
                later_gmt: xobin_gmt(o.later),
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

/// "02:30 does not exist on 2026-03-08 in America/New_York: clocks jump from 02:00 to 03:00."
/// The edges come from the zone's transition (chrono-tz `GapInfo`), so 30-minute shifts and
/// skipped days are named correctly.
fn gap_message(local: NaiveDateTime, zone: Tz) -> String {
    let day = local.date();
    let head = format!(
        "{} does not exist on {} in {}",
        local.format("%H:%M"),
        day.format("%Y-%m-%d"),
        zone.name()
    );
    let edges = GapInfo::new(&local, &zone).and_then(|g| Some((g.begin?.0, g.end?.naive_local())));
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
fn edge(t: NaiveDateTime, day: NaiveDate) -> String {
    if t.date() == day {
        t.format("%H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The first instant in `(earlier, later]` carrying `later`'s offset: where the clocks go back.
/// Bisection on seconds, because chrono-tz does not expose its transition table.
fn transition_between(zone: Tz, earlier: DateTime<Utc>, later: DateTime<Utc>) -> DateTime<Utc> {
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

/// "2026-03-08 10:00 America/New_York (2026-03-08 14:00 GMT)"
fn describe(r: &Resolved) -> String {
    format!(
        "{} {} ({} GMT)",
        r.local.format("%Y-%m-%d %H:%M"),
        r.zone.name(),
        xobin_gmt(r.utc)
    )
}

/// Echo user input in messages without letting a pasted essay flood the form.
fn shown(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(MAX).collect();
        cut.push('…');
        cut
    }
}

fn zone_entry(tz: Tz, now: DateTime<Utc>) -> ZoneEntry {
    let name = tz.name();
    let offset = tz.offset_from_utc_datetime(&now.naive_utc());
    let seconds = offset.fix().local_minus_utc();
    let city = city_of(name);
    let mut keywords: Vec<String> = Vec::new();
    // Abbreviations such as EST or IST help; numeric ones (`+0545`) add nothing to the label.
    if let Some(abbr) = offset.abbreviation() {
        if abbr.chars().any(|c| c.is_ascii_alphabetic()) {
            keywords.push(abbr.to_string());
        }
    }
    if let Some((_, words)) = ALIASES.iter().find(|(zone, _)| *zone == name) {
        keywords.extend(words.split(", ").map(str::to_string));
    }
    ZoneEntry {
        name: name.to_string(),
        offset_minutes: seconds / 60,
        label: format!("{name} — {}", format_offset(seconds)),
        city,
        keywords,
    }
}

/// `America/Argentina/Buenos_Aires` → `Buenos Aires`; `UTC`, `Etc/GMT+5` → empty.
fn city_of(name: &str) -> String {
    match name.rsplit_once('/') {
        Some((region, city)) if !region.starts_with("Etc") => city.replace('_', " "),
        _ => String::new(),
    }
}

fn zone_from_detection(detected: Result<String, iana_time_zone::GetTimezoneError>) -> SystemZone {
    let fallback = |note: String| SystemZone {
        name: "UTC".to_string(),
        detected: false,
        note: Some(note),
    };
    match detected {
        Ok(name) => match Tz::from_str(name.trim()) {
            Ok(tz) => SystemZone {
                name: tz.name().to_string(),
                detected: true,
                note: None,
            },
            Err(_) => fallback(format!(
                "This computer reports the time zone \"{}\", which Invite Desk does not know: \
                 using UTC. Pick your zone from the list.",
                shown(&name)
            )),
        },
        Err(e) => fallback(format!(
            "Invite Desk could not detect this computer's time zone ({e}): using UTC. Pick your \
             zone from the list."
        )),
    }
}

/// Common city and country names that are not part of a zone's IANA name (comma-separated), so
/// the picker finds `India`, `Mumbai` or `San Francisco`. Not exhaustive: the zone name and its
/// city already match everything else.
const ALIASES: &[(&str, &str)] = &[
    (
        "America/New_York",
        "Eastern, NYC, Boston, Washington, Miami, Atlanta, Philadelphia, USA",
    ),
    (
        "America/Chicago",
        "Central, Dallas, Houston, Austin, Minneapolis, USA",
    ),
    ("America/Denver", "Mountain, Salt Lake City, USA"),
    ("America/Phoenix", "Arizona, USA"),
    (
        "America/Los_Angeles",
        "Pacific, San Francisco, Seattle, San Diego, Portland, USA",
    ),
    ("America/Anchorage", "Alaska, USA"),
    ("Pacific/Honolulu", "Hawaii, USA"),
    ("America/Toronto", "Ottawa, Montreal, Canada"),
    ("America/Vancouver", "Canada"),
    ("America/Mexico_City", "Mexico, CDMX"),
    ("America/Sao_Paulo", "Brazil, Rio de Janeiro, Brasilia"),
    ("America/Argentina/Buenos_Aires", "Argentina"),
    ("America/Bogota", "Colombia"),
    ("America/Lima", "Peru"),
    ("America/Santiago", "Chile"),
    (
        "Europe/London",
        "UK, United Kingdom, Britain, England, Manchester, Edinburgh",
    ),
    ("Europe/Dublin", "Ireland"),
    ("Europe/Paris", "France"),
    ("Europe/Berlin", "Germany, Munich, Frankfurt, Hamburg"),
    ("Europe/Madrid", "Spain, Barcelona"),
    ("Europe/Rome", "Italy, Milan"),
    ("Europe/Amsterdam", "Netherlands, Holland"),
    ("Europe/Zurich", "Switzerland, Geneva"),
    ("Europe/Stockholm", "Sweden"),
    ("Europe/Warsaw", "Poland"),
    ("Europe/Kyiv", "Ukraine, Kiev"),
    ("Europe/Istanbul", "Turkey, Türkiye, Ankara"),
    ("Europe/Moscow", "Russia, Saint Petersburg"),
    ("Africa/Cairo", "Egypt"),
    ("Africa/Casablanca", "Morocco, Rabat"),
    ("Africa/Lagos", "Nigeria, Abuja"),
    ("Africa/Nairobi", "Kenya"),
    ("Africa/Johannesburg", "South Africa, Cape Town"),
    ("Asia/Dubai", "UAE, United Arab Emirates, Abu Dhabi"),
    ("Asia/Karachi", "Pakistan, Lahore, Islamabad"),
    (
        "Asia/Kolkata",
        "India, Calcutta, Mumbai, Delhi, Bangalore, Bengaluru, Chennai, Hyderabad, Pune",
    ),
    ("Asia/Kathmandu", "Nepal, Katmandu"),
    ("Asia/Dhaka", "Bangladesh"),
    ("Asia/Bangkok", "Thailand"),
    ("Asia/Jakarta", "Indonesia"),
    ("Asia/Manila", "Philippines"),
    ("Asia/Singapore", "Singapore"),
    ("Asia/Ho_Chi_Minh", "Vietnam, Saigon"),
    ("Asia/Shanghai", "China, Beijing, Shenzhen, Guangzhou"),
    ("Asia/Hong_Kong", "Hong Kong"),
    ("Asia/Taipei", "Taiwan"),
    ("Asia/Seoul", "Korea, South Korea"),
    ("Asia/Tokyo", "Japan, Osaka"),
    ("Asia/Jerusalem", "Israel, Tel Aviv"),
    ("Asia/Riyadh", "Saudi Arabia, Jeddah"),
    ("Australia/Sydney", "Australia, Canberra, New South Wales"),
    ("Australia/Melbourne", "Australia, Victoria"),
    ("Australia/Brisbane", "Australia, Queensland"),
    ("Australia/Perth", "Australia, Western Australia"),
    ("Australia/Adelaide", "Australia, South Australia"),
    ("Australia/Lord_Howe", "Australia, Lord Howe Island"),
    ("Pacific/Auckland", "New Zealand, Wellington"),
    ("Pacific/Chatham", "New Zealand, Chatham Islands"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tzdb_version_is_the_one_chrono_tz_was_built_from() {
        assert_eq!(TZDB_VERSION, "2025b");
    }

    #[test]
    fn offsets_use_the_unicode_minus_and_show_seconds_only_when_present() {
        assert_eq!(format_offset(-5 * 3600), "UTC\u{2212}05:00");
        assert_eq!(format_offset(5 * 3600 + 45 * 60), "UTC+05:45");
        assert_eq!(format_offset(0), "UTC+00:00");
        assert_eq!(format_offset(5 * 3600 + 53 * 60 + 28), "UTC+05:53:28");
    }

    #[test]
    fn city_is_the_last_part_of_the_name_in_plain_words() {
        assert_eq!(city_of("America/Argentina/Buenos_Aires"), "Buenos Aires");
        assert_eq!(city_of("America/New_York"), "New York");
        assert_eq!(city_of("Etc/GMT+5"), "");
        assert_eq!(city_of("UTC"), "");
    }

    #[test]
    fn a_detected_system_zone_is_used_as_is() {
        let z = zone_from_detection(Ok("Europe/London".to_string()));
        assert_eq!(z.name, "Europe/London");
        assert!(z.detected);
        assert_eq!(z.note, None);
    }

    #[test]
    fn an_undetectable_system_zone_falls_back_to_utc_and_says_so() {
        let z = zone_from_detection(Err(iana_time_zone::GetTimezoneError::OsError));
        assert_eq!(z.name, "UTC");
        assert!(!z.detected);
        assert!(z.note.unwrap().contains("could not detect"));
    }

    #[test]
    fn an_unknown_system_zone_name_falls_back_to_utc_and_names_it() {
        let z = zone_from_detection(Ok("Mars/Olympus_Mons".to_string()));
        assert_eq!(z.name, "UTC");
        assert!(!z.detected);
        assert!(z.note.unwrap().contains("\"Mars/Olympus_Mons\""));
    }

    #[test]
    fn every_alias_names_a_zone_chrono_tz_knows() {
        for (zone, _) in ALIASES {
            assert!(Tz::from_str(zone).is_ok(), "{zone}");
        }
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
