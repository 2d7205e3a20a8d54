//! The zone catalogue for the picker: every IANA zone of the bundled database with its offset
//! now, the city in plain words and extra words to match on, and the computer's own zone.

use std::str::FromStr;

use chrono::{DateTime, Offset, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::Tz;

use super::{format_offset, shown};

/// One entry of the zone picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemZone {
    pub name: String,
    /// False when the zone could not be detected and `UTC` stands in for it.
    pub detected: bool,
    /// Why UTC stands in, for the coordinator to read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
}

/// Every zone of the bundled database, sorted by name, each with its offset at `now`. Each zone
/// is parsed for this and not kept: the list looks at ~600 zones once, a send at one or two.
pub fn list_time_zones(now: DateTime<Utc>) -> Vec<ZoneEntry> {
    let mut zones: Vec<ZoneEntry> = Tz::all().map(|tz| zone_entry(tz, now)).collect();
    zones.sort_by(|a, b| a.name.cmp(&b.name));
    zones
}

/// The computer's zone, or UTC with a note when it cannot be detected or is not known.
pub fn system_zone() -> SystemZone {
    zone_from_detection(iana_time_zone::get_timezone())
}

/// The computer's zone to compute in (UTC when it cannot be detected, as [`system_zone`] says).
pub fn system_tz() -> Tz {
    system_zone().name.parse().unwrap_or(Tz::UTC)
}

fn zone_entry(tz: Tz, now: DateTime<Utc>) -> ZoneEntry {
    let name = tz.name();
    let offset = tz.offset_now_uncached(now);
    let seconds = offset.fix().local_minus_utc();
    let city = city_of(name);
    let mut keywords: Vec<String> = Vec::new();
    // Abbreviations such as EST or IST help (numeric ones, `+0545`, are none: `abbreviation`).
    if let Some(abbr) = offset.abbreviation() {
        keywords.push(abbr.to_string());
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
    fn every_alias_names_a_known_zone() {
        for (zone, _) in ALIASES {
            assert!(Tz::from_str(zone).is_ok(), "{zone}");
        }
    }
}
