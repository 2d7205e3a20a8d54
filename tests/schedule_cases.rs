//! The time-zone table: every case in `tests/fixtures/tz_cases.json` (computed by Python's
//! `zoneinfo`, see `scripts/gen_tz_cases.py`) run through `schedule`, plus the window rules, the
//! zone list, the live preview and the field-naming validation messages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use chrono::{DateTime, TimeZone, Utc};
use invite_desk::error::ErrorKind;
use invite_desk::providers::xobin::validate_window;
use invite_desk::schedule::{
    format_offset, list_time_zones, parse_zone, preview, resolve, system_zone, OverlapChoice,
    Resolved, WallTime, TZDB_VERSION,
};
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/tz_cases.json");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("tz_cases.json is valid JSON")
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn wall(date: &str, time: &str, zone: &str) -> WallTime {
    WallTime {
        date: date.to_string(),
        time: time.to_string(),
        zone: zone.to_string(),
        overlap: None,
    }
}

fn at(date: &str, time: &str, zone: &str) -> Resolved {
    resolve(&wall(date, time, zone), "start").expect("a valid wall time")
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Check one fixture case; every mismatch is returned as a line naming the case.
fn check_case(case: &Value) -> Vec<String> {
    let name = text(case, "name");
    let overlap = match case["overlap"].as_str() {
        Some("earlier") => Some(OverlapChoice::Earlier),
        Some("later") => Some(OverlapChoice::Later),
        _ => None,
    };
    let w = WallTime {
        overlap,
        ..wall(text(case, "date"), text(case, "time"), text(case, "zone"))
    };
    let expected = &case["expected"];
    let mut bad = Vec::new();
    let mut check = |what: &str, got: &str, want: &str| {
        if got != want {
            bad.push(format!("{name}: {what} is {got:?}, expected {want:?}"));
        }
    };
    match (resolve(&w, "start"), expected.get("error")) {
        (Ok(r), None) => {
            check("utc", &rfc3339(r.utc), text(expected, "utc"));
            check(
                "offset",
                &format_offset(r.offset.local_minus_utc()),
                text(expected, "offset"),
            );
            check(
                "xobin",
                &invite_desk::providers::xobin::gmt(r.utc),
                text(expected, "xobin"),
            );
            check(
                "apploi",
                &invite_desk::providers::apploi::wall_date(r.local),
                text(expected, "apploi"),
            );
            match (&r.overlap, expected.get("overlap")) {
                (None, None) => {}
                (Some(o), Some(want)) => {
                    check("earlier", &rfc3339(o.earlier), text(want, "earlierUtc"));
                    check("later", &rfc3339(o.later), text(want, "laterUtc"));
                    check(
                        "earlier offset",
                        &format_offset(o.earlier_offset.local_minus_utc()),
                        text(want, "earlierOffset"),
                    );
                    check(
                        "later offset",
                        &format_offset(o.later_offset.local_minus_utc()),
                        text(want, "laterOffset"),
                    );
                    let wall = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
                    check("back from", &wall(o.back_from), text(want, "backFrom"));
                    check("back to", &wall(o.back_to), text(want, "backTo"));
                    let chosen = format!("{:?}", o.chosen).to_lowercase();
                    check(
                        "chosen",
                        &chosen,
                        case["overlap"].as_str().unwrap_or("earlier"),
                    );
                }
                (got, want) => bad.push(format!(
                    "{name}: overlap is {got:?}, expected {}",
                    want.map_or("none".to_string(), |w| w.to_string())
                )),
            }
        }
        (Err(e), Some(want)) => {
            let prefix = text(want, "message");
            if e.kind != ErrorKind::Validation
                || e.field.as_deref() != Some("start")
                || !e.message.starts_with(&format!("{prefix}."))
            {
                bad.push(format!(
                    "{name}: error {e:?}, expected one starting {prefix:?}"
                ));
            }
        }
        (Ok(r), Some(want)) => bad.push(format!(
            "{name}: resolved to {}, expected the gap error {:?}",
            rfc3339(r.utc),
            text(want, "message")
        )),
        (Err(e), None) => bad.push(format!("{name}: unexpected error {:?}", e.message)),
    }
    bad
}

#[test]
fn the_fixture_was_made_from_the_bundled_tzdb_release() {
    assert_eq!(fixture()["tzdb"], Value::from(TZDB_VERSION));
}

#[test]
fn the_fixture_covers_the_zones_and_edges_the_issue_asks_for() {
    let doc = fixture();
    let cases = doc["cases"].as_array().unwrap();
    let zones: Vec<&str> = cases.iter().map(|c| text(c, "zone")).collect();
    for zone in [
        "America/New_York",
        "Europe/London",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "Asia/Kolkata",
        "America/Sao_Paulo",
        "Africa/Casablanca",
        "Asia/Kathmandu",
    ] {
        assert!(zones.contains(&zone), "no case for {zone}");
    }
    let count = |pred: &dyn Fn(&Value) -> bool| cases.iter().filter(|c| pred(c)).count();
    assert!(count(&|c| c["expected"].get("error").is_some()) >= 20);
    assert!(count(&|c| c["expected"].get("overlap").is_some()) >= 40);
    assert!(count(&|c| text(c, "name").starts_with("year boundary")) >= 4);
    assert!(count(&|c| text(c, "date").ends_with("-02-29")) >= 3);
    assert!(count(&|c| text(c, "date") < "2020") >= 5);
}

#[test]
fn every_fixture_case_resolves_to_what_zoneinfo_computed() {
    let doc = fixture();
    let cases = doc["cases"].as_array().unwrap();
    let failures: Vec<String> = cases.iter().flat_map(check_case).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_issue_example_is_sent_to_xobin_in_gmt_and_to_apploi_as_wall_digits() {
    let r = at("2026-03-08", "10:00", "America/New_York");
    assert_eq!(
        invite_desk::providers::xobin::gmt(r.utc),
        "2026-03-08 14:00"
    );
    assert_eq!(
        invite_desk::providers::apploi::wall_date(r.local),
        "2026-03-08T10:00:00Z"
    );
    assert_eq!(r.zone.name(), "America/New_York");
    assert_eq!(r.utc_rfc3339(), "2026-03-08T14:00:00Z");
}

#[test]
fn a_gap_time_names_the_gap_and_what_to_pick_instead() {
    let e = resolve(&wall("2026-03-08", "02:30", "America/New_York"), "start").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.field.as_deref(), Some("start"));
    assert_eq!(
        e.message,
        "02:30 does not exist on 2026-03-08 in America/New_York: clocks jump from 02:00 to \
         03:00. Pick a time before 02:00 or from 03:00 on."
    );
}

#[test]
fn lord_howe_gap_is_thirty_minutes_wide() {
    let e = resolve(&wall("2026-10-04", "02:15", "Australia/Lord_Howe"), "when").unwrap_err();
    assert!(
        e.message.contains("clocks jump from 02:00 to 02:30"),
        "{}",
        e.message
    );
    assert!(resolve(&wall("2026-10-04", "02:30", "Australia/Lord_Howe"), "when").is_ok());
}

#[test]
fn an_overlap_defaults_to_the_earlier_instant_and_later_is_an_explicit_choice() {
    let mut w = wall("2026-11-01", "01:30", "America/New_York");
    let first = resolve(&w, "start").unwrap();
    assert_eq!(rfc3339(first.utc), "2026-11-01T05:30:00Z");
    assert_eq!(
        first.overlap.as_ref().unwrap().chosen,
        OverlapChoice::Earlier
    );
    w.overlap = Some(OverlapChoice::Later);
    let second = resolve(&w, "start").unwrap();
    assert_eq!(rfc3339(second.utc), "2026-11-01T06:30:00Z");
    assert_eq!(second.local, first.local);
}

#[test]
fn an_overlap_choice_on_an_ordinary_time_changes_nothing() {
    let mut w = wall("2026-07-20", "09:15", "America/New_York");
    w.overlap = Some(OverlapChoice::Later);
    let r = resolve(&w, "start").unwrap();
    assert_eq!(rfc3339(r.utc), "2026-07-20T13:15:00Z");
    assert!(r.overlap.is_none());
}

// ---- bad input: errors name the field and the expected format --------------------------------

fn error_for(date: &str, time: &str, zone: &str) -> invite_desk::error::AppError {
    resolve(&wall(date, time, zone), "interviewTime").unwrap_err()
}

#[test]
fn a_date_in_another_format_is_rejected_with_the_expected_format() {
    for bad in [
        "03/08/2026",
        "2026-3-8",
        "+2026-03-08",
        "2026-03-08T10:00",
        "tomorrow",
    ] {
        let e = error_for(bad, "10:00", "UTC");
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.field.as_deref(), Some("interviewTime"));
        assert!(e.message.contains("YYYY-MM-DD"), "{bad}: {}", e.message);
    }
}

#[test]
fn an_empty_date_asks_for_one() {
    let e = error_for("", "10:00", "UTC");
    assert_eq!(
        e.message,
        "Enter a date as YYYY-MM-DD, for example 2026-03-08."
    );
}

#[test]
fn february_29_exists_only_in_leap_years() {
    let e = error_for("2027-02-29", "10:00", "UTC");
    assert_eq!(e.field.as_deref(), Some("interviewTime"));
    assert!(
        e.message.starts_with("2027-02-29 is not a real date"),
        "{}",
        e.message
    );
    assert!(resolve(&wall("2028-02-29", "10:00", "UTC"), "x").is_ok());
    assert!(error_for("2026-04-31", "10:00", "UTC")
        .message
        .contains("not a real date"));
    assert!(error_for("2026-13-01", "10:00", "UTC")
        .message
        .contains("not a real date"));
}

#[test]
fn years_outside_1900_to_2099_are_rejected() {
    assert!(error_for("2100-01-01", "10:00", "UTC")
        .message
        .contains("between 1900 and 2099"));
    assert!(error_for("1899-12-31", "10:00", "UTC")
        .message
        .contains("between 1900 and 2099"));
}

#[test]
fn a_time_that_is_not_hh_mm_is_rejected_with_the_expected_format() {
    for bad in ["24:00", "10:60", "9:00", "2pm", "10:00:00", "10.00", ""] {
        let e = error_for("2026-03-08", bad, "UTC");
        assert_eq!(e.field.as_deref(), Some("interviewTime"), "{bad}");
        assert!(e.message.contains("HH:MM"), "{bad}: {}", e.message);
    }
    assert!(resolve(&wall("2026-03-08", "23:59", "UTC"), "x").is_ok());
    assert!(resolve(&wall("2026-03-08", "00:00", "UTC"), "x").is_ok());
}

#[test]
fn an_unknown_zone_points_to_the_picker() {
    let e = error_for("2026-03-08", "10:00", "Mars/Olympus_Mons");
    assert_eq!(e.field.as_deref(), Some("interviewTime"));
    assert!(
        e.message
            .starts_with("\"Mars/Olympus_Mons\" is not a time zone Invite Desk knows"),
        "{}",
        e.message
    );
    assert!(e.message.contains("time zone list"));
    let e = parse_zone("   ", "zone").unwrap_err();
    assert_eq!(
        e.message,
        "Pick a time zone from the list, for example America/New_York."
    );
}

#[test]
fn zone_names_are_trimmed_but_otherwise_exact() {
    assert_eq!(
        parse_zone(" Asia/Kolkata ", "zone").unwrap().name(),
        "Asia/Kolkata"
    );
    assert!(parse_zone("asia/kolkata", "zone").is_err());
}

// ---- the link window ---------------------------------------------------------------------------

#[test]
fn an_expiry_before_the_start_is_an_error_on_the_expiry() {
    let now = utc(2026, 1, 1, 0, 0);
    let start = at("2026-03-08", "10:00", "America/New_York");
    let expiry = at("2026-03-08", "09:00", "America/New_York");
    let e = validate_window(Some(&start), Some(&expiry), now).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("expiry"));
    assert_eq!(
        e.message,
        "The expiry, 2026-03-08 09:00 America/New_York (2026-03-08 13:00 GMT), is not after the \
         start, 2026-03-08 10:00 America/New_York (2026-03-08 14:00 GMT): pick an expiry later \
         than the start."
    );
}

#[test]
fn an_expiry_equal_to_the_start_in_another_zone_is_an_error() {
    let now = utc(2026, 1, 1, 0, 0);
    let start = at("2026-03-08", "10:00", "America/New_York");
    let expiry = at("2026-03-08", "14:00", "Europe/London");
    let e = validate_window(Some(&start), Some(&expiry), now).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("expiry"));
}

#[test]
fn an_expiry_in_the_past_is_an_error_even_without_a_start() {
    let now = utc(2026, 6, 1, 12, 0);
    let expiry = at("2026-06-01", "08:00", "America/New_York");
    let e = validate_window(None, Some(&expiry), now).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("expiry"));
    assert!(e.message.contains("is in the past"), "{}", e.message);
    assert!(e.message.contains("2026-06-01 12:00 GMT"), "{}", e.message);
}

#[test]
fn a_start_in_the_past_is_allowed_with_a_note() {
    let now = utc(2026, 6, 1, 12, 0);
    let start = at("2026-05-01", "10:00", "Asia/Kolkata");
    let expiry = at("2026-07-01", "10:00", "Asia/Kolkata");
    let notes = validate_window(Some(&start), Some(&expiry), now).unwrap();
    assert_eq!(
        notes,
        vec![
            "The start, 2026-05-01 10:00 Asia/Kolkata (2026-05-01 04:30 GMT), is in the past: \
             the link is active immediately."
                .to_string()
        ]
    );
}

#[test]
fn a_future_window_has_no_notes() {
    let now = utc(2026, 1, 1, 0, 0);
    let start = at("2026-03-08", "10:00", "America/New_York");
    let expiry = at("2026-03-15", "10:00", "America/New_York");
    assert_eq!(
        validate_window(Some(&start), Some(&expiry), now).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn an_empty_window_says_active_now_and_never_expires() {
    let notes = validate_window(None, None, utc(2026, 1, 1, 0, 0)).unwrap();
    assert_eq!(
        notes,
        vec![
            "No start set: the link is active immediately.".to_string(),
            "No expiry set: the link never expires.".to_string()
        ]
    );
}

// ---- the zone list -----------------------------------------------------------------------------

#[test]
fn the_zone_list_holds_every_zone_of_the_bundled_database_sorted_by_name() {
    let zones = list_time_zones(utc(2026, 1, 15, 12, 0));
    assert_eq!(zones.len(), invite_desk::schedule::Tz::all().count());
    assert_eq!(zones.len(), 597, "tzdb 2026f has 597 names besides Factory");
    assert!(zones.windows(2).all(|w| w[0].name < w[1].name));
}

#[test]
fn zone_labels_show_the_current_offset_with_a_real_minus_sign() {
    let find = |now, name: &str| {
        list_time_zones(now)
            .into_iter()
            .find(|z| z.name == name)
            .unwrap()
    };
    let winter = utc(2026, 1, 15, 12, 0);
    let summer = utc(2026, 7, 15, 12, 0);
    assert_eq!(
        find(winter, "Asia/Kolkata").label,
        "Asia/Kolkata — UTC+05:30"
    );
    assert_eq!(find(winter, "Asia/Kolkata").offset_minutes, 330);
    assert_eq!(
        find(winter, "Asia/Kathmandu").label,
        "Asia/Kathmandu — UTC+05:45"
    );
    assert_eq!(
        find(winter, "Etc/GMT+5").label,
        "Etc/GMT+5 — UTC\u{2212}05:00"
    );
    assert_eq!(find(winter, "UTC").label, "UTC — UTC+00:00");
    let ny = find(winter, "America/New_York");
    assert_eq!(ny.label, "America/New_York — UTC\u{2212}05:00");
    assert_eq!(ny.offset_minutes, -300);
    assert_eq!(ny.city, "New York");
    assert_eq!(
        find(summer, "America/New_York").label,
        "America/New_York — UTC\u{2212}04:00"
    );
    assert_eq!(
        find(winter, "Pacific/Chatham").label,
        "Pacific/Chatham — UTC+13:45"
    );
}

#[test]
fn zones_can_be_found_by_common_city_and_country_names() {
    let zones = list_time_zones(utc(2026, 1, 15, 12, 0));
    let kolkata = zones.iter().find(|z| z.name == "Asia/Kolkata").unwrap();
    for word in ["India", "Mumbai", "Calcutta", "IST"] {
        assert!(kolkata.keywords.iter().any(|k| k == word), "{word}");
    }
    let sao_paulo = zones
        .iter()
        .find(|z| z.name == "America/Sao_Paulo")
        .unwrap();
    assert_eq!(sao_paulo.city, "Sao Paulo");
}

#[test]
fn a_zone_entry_serializes_in_camel_case_for_the_ui() {
    let zones = list_time_zones(utc(2026, 1, 15, 12, 0));
    let v =
        serde_json::to_value(zones.iter().find(|z| z.name == "Asia/Kathmandu").unwrap()).unwrap();
    assert_eq!(v["offsetMinutes"], 345);
    assert_eq!(v["label"], "Asia/Kathmandu — UTC+05:45");
    assert_eq!(v["city"], "Kathmandu");
}

#[test]
fn the_system_zone_is_a_zone_the_picker_knows_or_utc_with_a_reason() {
    let z = system_zone();
    assert!(parse_zone(&z.name, "zone").is_ok(), "{}", z.name);
    assert_eq!(z.detected, z.note.is_none());
}

// ---- the live preview --------------------------------------------------------------------------

#[test]
fn the_preview_states_exactly_what_will_be_sent() {
    let p = preview(
        &wall("2026-03-08", "10:00", "America/New_York"),
        "start",
        "Starts",
        utc(2026, 1, 1, 0, 0),
    )
    .unwrap();
    assert_eq!(
        p.text,
        "Starts 2026-03-08 10:00 America/New_York = 2026-03-08 14:00 GMT"
    );
    assert_eq!(p.utc, "2026-03-08T14:00:00Z");
    assert_eq!(p.gmt, "2026-03-08 14:00");
    assert_eq!(p.offset, "UTC\u{2212}04:00");
    assert!(!p.in_past);
    assert!(p.overlap.is_none());
    assert!(p.note.is_none());
}

#[test]
fn the_preview_flags_a_time_in_the_past() {
    let p = preview(
        &wall("2026-03-08", "10:00", "America/New_York"),
        "start",
        "Starts",
        utc(2026, 4, 1, 0, 0),
    )
    .unwrap();
    assert!(p.in_past);
}

#[test]
fn the_preview_of_an_overlap_shows_both_offsets_and_the_choice() {
    let p = preview(
        &wall("2026-11-01", "01:30", "America/New_York"),
        "start",
        "Starts",
        utc(2026, 1, 1, 0, 0),
    )
    .unwrap();
    assert_eq!(
        p.text,
        "Starts 2026-11-01 01:30 America/New_York (earlier of the two 01:30s, UTC\u{2212}04:00) \
         = 2026-11-01 05:30 GMT"
    );
    let o = p.overlap.as_ref().unwrap();
    assert_eq!(o.earlier_offset, "UTC\u{2212}04:00");
    assert_eq!(o.later_offset, "UTC\u{2212}05:00");
    assert_eq!(o.earlier_gmt, "2026-11-01 05:30");
    assert_eq!(o.later_gmt, "2026-11-01 06:30");
    assert_eq!(o.chosen, OverlapChoice::Earlier);
    assert_eq!(
        p.note.as_deref(),
        Some(
            "01:30 happens twice on 2026-11-01 in America/New_York: clocks go back from 02:00 to \
             01:00. Using the earlier one (UTC\u{2212}04:00, 2026-11-01 05:30 GMT); choose the \
             later one for UTC\u{2212}05:00 (2026-11-01 06:30 GMT)."
        )
    );
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v["inPast"], false);
    assert_eq!(v["overlap"]["earlierOffset"], "UTC\u{2212}04:00");
    assert_eq!(v["overlap"]["laterGmt"], "2026-11-01 06:30");
    assert_eq!(v["overlap"]["chosen"], "earlier");
}

#[test]
fn the_preview_of_an_overlap_across_midnight_dates_the_edge() {
    let mut w = wall("2026-04-04", "23:30", "America/Santiago");
    w.overlap = Some(OverlapChoice::Later);
    let p = preview(&w, "start", "Interview", utc(2026, 1, 1, 0, 0)).unwrap();
    assert_eq!(p.gmt, "2026-04-05 03:30");
    assert!(
        p.note
            .as_deref()
            .unwrap()
            .contains("clocks go back from 2026-04-05 00:00 to 23:00"),
        "{:?}",
        p.note
    );
}

#[test]
fn the_preview_of_a_gap_time_is_the_gap_error_on_the_field() {
    let e = preview(
        &wall("2026-03-08", "02:30", "America/New_York"),
        "xobinStart",
        "Starts",
        utc(2026, 1, 1, 0, 0),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("xobinStart"));
    assert!(e
        .message
        .starts_with("02:30 does not exist on 2026-03-08 in America/New_York"));
}

#[test]
fn a_wall_time_arrives_from_the_ui_in_camel_case_with_an_optional_choice() {
    let w: WallTime = serde_json::from_str(
        r#"{"date":"2026-11-01","time":"01:30","zone":"America/New_York","overlap":"later"}"#,
    )
    .unwrap();
    assert_eq!(w.overlap, Some(OverlapChoice::Later));
    let w: WallTime =
        serde_json::from_str(r#"{"date":"2026-11-01","time":"01:30","zone":"UTC"}"#).unwrap();
    assert_eq!(w.overlap, None);
}
