//! Dates at the adapter edge: every case of `tests/fixtures/tz_cases.json` (computed by Python's
//! zoneinfo) put through the Xobin and Apploi forms, checking the exact strings in the bodies
//! sent and that a wall time in a DST gap is refused on the field it was typed in.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod providers_support;

use chrono::{TimeZone, Utc};
use invite_desk::error::ErrorKind;
use invite_desk::providers::{self, InviteForm, Provider, ValidInvite};
use providers_support::form_json;
use serde_json::{json, Value};

const CASES: &str = include_str!("fixtures/tz_cases.json");

fn cases() -> Vec<Value> {
    let v: Value = serde_json::from_str(CASES).unwrap();
    v["cases"].as_array().unwrap().clone()
}

fn wall(case: &Value) -> Value {
    json!({
        "date": case["date"], "time": case["time"], "zone": case["zone"],
        "overlap": case["overlap"]
    })
}

/// Validated long before every case, so no case is "in the past".
fn validate(form: Value) -> Result<ValidInvite, invite_desk::error::AppError> {
    let form: InviteForm = serde_json::from_value(form).unwrap();
    form.validate(Utc.with_ymd_and_hms(1971, 1, 1, 0, 0, 0).unwrap())
}

#[test]
fn xobin_start_and_expiry_are_sent_in_gmt_for_every_fixture_case() {
    let mut checked = 0;
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let expected = &case["expected"];
        for field in ["start", "expiry"] {
            let mut form = form_json(Provider::Xobin);
            form["start"] = Value::Null;
            form["expiry"] = Value::Null;
            form[field] = wall(&case);
            match (validate(form), expected["xobin"].as_str()) {
                (Ok(v), Some(want)) => {
                    let body = providers::build(&v.request, "https://x").body;
                    let key = if field == "start" {
                        "start_date"
                    } else {
                        "expiry_date"
                    };
                    assert_eq!(body[key], want, "{name} ({field})");
                    assert_eq!(v.zone.as_deref(), case["zone"].as_str(), "{name}");
                    let at = if field == "start" {
                        v.start_at
                    } else {
                        v.expiry_at
                    };
                    assert_eq!(
                        at.unwrap()
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        expected["utc"].as_str().unwrap(),
                        "{name}"
                    );
                }
                (Err(e), None) => {
                    assert_eq!(e.kind, ErrorKind::Validation, "{name}");
                    assert_eq!(e.field.as_deref(), Some(field), "{name}");
                }
                (got, want) => panic!("{name} ({field}): got {got:?}, wanted {want:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} cases");
}

#[test]
fn apploi_dates_are_the_wall_clock_digits_with_the_zone_for_every_fixture_case() {
    let mut checked = 0;
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let expected = &case["expected"];
        let mut form = form_json(Provider::Apploi);
        form["interview"] = wall(&case);
        match (validate(form), expected["apploi"].as_str()) {
            (Ok(v), Some(want)) => {
                let body = providers::build(&v.request, "https://x").body;
                assert_eq!(body["date"], want, "{name}");
                assert_eq!(body["timezone"], case["zone"], "{name}");
                assert_eq!(
                    v.scheduled_at
                        .unwrap()
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    expected["utc"].as_str().unwrap(),
                    "{name}"
                );
            }
            (Err(e), None) => {
                assert_eq!(e.kind, ErrorKind::Validation, "{name}");
                assert_eq!(e.field.as_deref(), Some("interview"), "{name}");
            }
            (got, want) => panic!("{name}: got {got:?}, wanted {want:?}"),
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases");
}
