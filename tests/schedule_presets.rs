//! Expiry presets computed in Rust: wall-clock days across real DST changes, end of Friday, a
//! gap and an overlap, errors that name the field, and the answers the browser tests' IPC stub
//! serves (tests/fixtures/presets_ui.json), pinned to what Rust computes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use chrono::{DateTime, TimeZone, Utc};
use invite_desk::error::ErrorKind;
use invite_desk::schedule::{expiry_preset, ExpiryPreset, PresetTime};
use serde_json::{json, Value};

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn preset(p: ExpiryPreset, zone: &str, now: DateTime<Utc>) -> PresetTime {
    expiry_preset(p, zone, "expiry", "Expires", now)
        .expect("a preset in a known zone")
        .expect("not custom")
}

#[test]
fn in_7_days_across_londons_clock_change_keeps_the_wall_clock_time_169_hours_away() {
    // UK clocks go back on Sunday 25 October 2026, so Wednesday 21 October → Wednesday 28
    // October crosses the change. (The example, 7 days from 2026-10-28, does not: that
    // week is all GMT; it is checked below as the no-change case.)
    let now = utc(2026, 10, 21, 9, 7); // 10:07 BST
    let p = preset(ExpiryPreset::In7Days, "Europe/London", now);
    assert_eq!(
        (p.wall.date.as_str(), p.wall.time.as_str()),
        ("2026-10-28", "10:15")
    );
    assert_eq!(p.wall.zone, "Europe/London");
    assert_eq!(
        p.preview.utc, "2026-10-28T10:15:00Z",
        "10:15 GMT, not 09:15"
    );
    assert_eq!(p.preview.gmt, "2026-10-28 10:15");
    assert_eq!(p.preview.offset, "UTC+00:00");
    assert_eq!(
        p.preview.text,
        "Expires 2026-10-28 10:15 Europe/London = 2026-10-28 10:15 GMT"
    );
    assert_eq!(
        p.summary,
        "Wed 28 Oct 2026, 10:15 Europe/London (UTC+00:00) = 2026-10-28 10:15 GMT"
    );
    let hours = (DateTime::parse_from_rfc3339(&p.preview.utc)
        .unwrap()
        .with_timezone(&Utc)
        - now)
        .num_minutes();
    assert_eq!(hours, 169 * 60 + 8, "a wall-clock week is 169 hours here");
    assert_eq!(
        p.note.as_deref(),
        Some("The clocks in Europe/London change before then (UTC+01:00 → UTC+00:00): the time is kept on the wall clock, 169 h 8 min from now.")
    );
}

#[test]
fn in_7_days_from_2026_10_28_in_london_crosses_no_change_and_says_nothing_about_clocks() {
    let now = utc(2026, 10, 28, 10, 0);
    let p = preset(ExpiryPreset::In7Days, "Europe/London", now);
    assert_eq!(
        p.preview.utc, "2026-11-04T10:00:00Z",
        "an exact quarter hour is kept"
    );
    assert_eq!(p.note, None);
}

#[test]
fn in_2_days_is_two_calendar_days_on_the_zones_clock_rounded_up_to_the_quarter_hour() {
    let p = preset(
        ExpiryPreset::In2Days,
        "Europe/London",
        utc(2026, 10, 21, 9, 7),
    );
    assert_eq!(
        (p.wall.date.as_str(), p.wall.time.as_str()),
        ("2026-10-23", "10:15")
    );
    assert_eq!(p.preview.utc, "2026-10-23T09:15:00Z");
    assert_eq!(p.note, None);
    // The zone decides which day "now" is: 23:30 UTC on the 21st is already the 22nd in Kolkata.
    let p = preset(
        ExpiryPreset::In2Days,
        "Asia/Kolkata",
        utc(2026, 10, 21, 23, 30),
    );
    assert_eq!(
        (p.wall.date.as_str(), p.wall.time.as_str()),
        ("2026-10-24", "05:00")
    );
    assert_eq!(p.preview.gmt, "2026-10-23 23:30");
}

#[test]
fn end_of_friday_is_18_00_on_the_zones_clock_this_week_or_next() {
    // Wednesday 21 October: this Friday, still BST.
    let p = preset(
        ExpiryPreset::EndOfFriday,
        "Europe/London",
        utc(2026, 10, 21, 9, 7),
    );
    assert_eq!(
        (p.wall.date.as_str(), p.wall.time.as_str()),
        ("2026-10-23", "18:00")
    );
    assert_eq!(p.preview.utc, "2026-10-23T17:00:00Z");
    // Saturday 24 October: next Friday, after the clocks went back.
    let p = preset(
        ExpiryPreset::EndOfFriday,
        "Europe/London",
        utc(2026, 10, 24, 11, 0),
    );
    assert_eq!(p.wall.date, "2026-10-30");
    assert_eq!(p.preview.utc, "2026-10-30T18:00:00Z");
    assert!(p.note.unwrap().contains("UTC+01:00 → UTC+00:00"));
    // Friday 18:00 itself has passed: a week later. New York, Friday 2026-07-17 18:00 EDT.
    let p = preset(
        ExpiryPreset::EndOfFriday,
        "America/New_York",
        utc(2026, 7, 17, 22, 0),
    );
    assert_eq!(p.wall.date, "2026-07-24");
    let p = preset(
        ExpiryPreset::EndOfFriday,
        "America/New_York",
        utc(2026, 7, 17, 21, 59),
    );
    assert_eq!(p.wall.date, "2026-07-17");
    assert_eq!(
        p.summary,
        "Fri 17 Jul 2026, 18:00 America/New_York (UTC−04:00) = 2026-07-17 22:00 GMT"
    );
}

#[test]
fn a_preset_landing_in_a_spring_forward_gap_moves_to_the_first_minute_after_it_and_says_so() {
    // Friday 2026-03-06 02:30 EST; two days later 02:30 does not exist in New York.
    let p = preset(
        ExpiryPreset::In2Days,
        "America/New_York",
        utc(2026, 3, 6, 7, 30),
    );
    assert_eq!(
        (p.wall.date.as_str(), p.wall.time.as_str()),
        ("2026-03-08", "03:00")
    );
    assert_eq!(p.preview.utc, "2026-03-08T07:00:00Z");
    let note = p.note.unwrap();
    assert!(note.starts_with("02:30 does not exist on 2026-03-08 in America/New_York (the clocks jump forward), so the link expires at 03:00"), "{note}");
    assert!(note.contains("UTC−05:00 → UTC−04:00"), "{note}");
}

#[test]
fn a_preset_landing_on_a_time_that_happens_twice_takes_the_earlier_one_and_shows_both() {
    // Friday 2026-10-30 01:30 EDT; on Sunday 1 November 01:30 happens twice in New York.
    let p = preset(
        ExpiryPreset::In2Days,
        "America/New_York",
        utc(2026, 10, 30, 5, 30),
    );
    assert_eq!(
        (p.wall.date.as_str(), p.wall.time.as_str()),
        ("2026-11-01", "01:30")
    );
    assert_eq!(
        p.preview.utc, "2026-11-01T05:30:00Z",
        "the earlier 01:30 (EDT)"
    );
    let o = p.preview.overlap.expect("the overlap is shown");
    assert_eq!(
        (o.earlier_gmt.as_str(), o.later_gmt.as_str()),
        ("2026-11-01 05:30", "2026-11-01 06:30")
    );
}

#[test]
fn custom_computes_nothing_and_an_unknown_zone_is_an_error_naming_the_field() {
    let now = utc(2026, 10, 21, 9, 7);
    assert_eq!(
        expiry_preset(
            ExpiryPreset::Custom,
            "Europe/London",
            "expiry",
            "Expires",
            now
        )
        .unwrap(),
        None
    );
    let e = expiry_preset(
        ExpiryPreset::In2Days,
        "Mars/Olympus",
        "expiry",
        "Expires",
        now,
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.field.as_deref(), Some("expiry"));
}

#[test]
fn presets_serialize_in_camel_case_for_the_web_view_and_settings() {
    let names: Vec<Value> = ExpiryPreset::ALL
        .iter()
        .map(|p| serde_json::to_value(p).unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            json!("in2Days"),
            json!("in7Days"),
            json!("endOfFriday"),
            json!("custom")
        ]
    );
}

/// The browser tests cannot run Rust, so their IPC stub answers `expiry_preset` from this file.
/// This test keeps the file equal to what Rust computes (`UPDATE_FIXTURES=1` rewrites it).
#[test]
fn the_browser_tests_preset_answers_are_the_ones_rust_computes() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/presets_ui.json"
    );
    let now = utc(2026, 10, 21, 9, 7);
    let mut zones = serde_json::Map::new();
    for zone in ["Europe/London", "America/New_York", "Asia/Kolkata"] {
        let mut by = serde_json::Map::new();
        for p in [
            ExpiryPreset::In2Days,
            ExpiryPreset::In7Days,
            ExpiryPreset::EndOfFriday,
        ] {
            let key = serde_json::to_value(p)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            by.insert(key, serde_json::to_value(preset(p, zone, now)).unwrap());
        }
        zones.insert(zone.to_string(), Value::Object(by));
    }
    let want = json!({ "now": "2026-10-21T09:07:00Z", "label": "Expires", "zones": zones });
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(path, serde_json::to_string_pretty(&want).unwrap() + "\n").unwrap();
    }
    let have: Value = serde_json::from_str(
        &std::fs::read_to_string(path).expect("presets_ui.json: run with UPDATE_FIXTURES=1"),
    )
    .unwrap();
    assert_eq!(
        have, want,
        "tests/fixtures/presets_ui.json is stale: run with UPDATE_FIXTURES=1"
    );
}
