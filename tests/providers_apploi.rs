//! Apploi adapter against a local mock server: the exact PUT, the documented errors, any 2xx
//! as scheduled, and the form rules (interviewer choice, duration, the wall-clock date).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod providers_support;

use invite_desk::error::ErrorKind;
use invite_desk::providers::{self, Provider};
use providers_support::*;
use serde_json::{json, Value};
use wiremock::MockServer;

const P: Provider = Provider::Apploi;
const SEED_BY_ID: &str = include_str!("fixtures/vendors/apploi_request_interviewer_id.json");
const SEED_BY_TEAM: &str = include_str!("fixtures/vendors/apploi_request_interviewer_team.json");

/// A seed body moved to the sample form's date (the seed's 2022 date is in the past).
fn seed(s: &str) -> Value {
    let mut v: Value = serde_json::from_str(s).unwrap();
    assert_eq!(v["date"], "2022-12-05T17:30:00Z");
    v["date"] = json!("2025-12-05T17:30:00Z");
    v
}

#[tokio::test]
async fn the_schedule_is_put_exactly_as_documented_with_the_wall_clock_digits_and_the_zone() {
    let server = MockServer::start().await;
    expect_exact(&server, P, seed(SEED_BY_ID), json_reply(200, json!({}))).await;
    let valid = validated(form_json(P)).unwrap();
    assert_eq!(valid.zone.as_deref(), Some("America/New_York"));
    assert_eq!(
        valid.scheduled_at.unwrap().to_rfc3339(),
        "2025-12-05T22:30:00+00:00"
    );
    let out = providers::send(&client(), &valid.request, &base_url(&server, P), &key())
        .await
        .unwrap();
    assert_eq!(out.link, None);
    assert_eq!(
        out.summary,
        "Apploi scheduled the interview for 2025-12-05 17:30 America/New_York."
    );
}

#[tokio::test]
async fn a_team_and_email_interviewer_is_sent_instead_of_an_interviewer_id() {
    let server = MockServer::start().await;
    let mut form = form_json(P);
    form["interviewerId"] = json!("");
    form["interviewerTeamId"] = json!("23567");
    form["interviewerEmail"] = json!(" Hiring.Manager@Example.com ");
    // The seed's email is obfuscated in the documentation copy; a real one is used here.
    let mut body = seed(SEED_BY_TEAM);
    body["interviewerEmail"] = json!("hiring.manager@example.com");
    expect_exact(&server, P, body, wiremock::ResponseTemplate::new(204)).await;
    let req = validated(form).unwrap().request;
    providers::send(&client(), &req, &base_url(&server, P), &key())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_number_duration_and_a_typed_location_are_sent_as_strings() {
    let server = MockServer::start().await;
    let mut form = form_json(P);
    form["durationMinutes"] = json!(90);
    form["location"] = json!(" 123 Main St, New York, NY 10001 ");
    let mut body = seed(SEED_BY_ID);
    body["duration"] = json!("90");
    body["location"] = json!("123 Main St, New York, NY 10001");
    expect_exact(&server, P, body, raw_reply(201, "Created", "text/plain")).await;
    let req = validated(form).unwrap().request;
    providers::send(&client(), &req, &base_url(&server, P), &key())
        .await
        .unwrap();
}

#[tokio::test]
async fn invalid_token_is_an_invalid_key_error() {
    let e = send_sample(P, json_reply(403, json!({"message": "Invalid Token"})))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidKey);
    assert!(e.message.contains("Invalid Token"));
}

#[tokio::test]
async fn an_unknown_applicant_is_not_found_naming_the_id() {
    let e = send_sample(P, json_reply(404, json!({"message": "Not Found"})))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.contains("265733753"));
}

#[tokio::test]
async fn a_405_is_a_vendor_error_pointing_at_the_base_url() {
    let e = send_sample(P, raw_reply(405, "Method Not Allowed", "text/plain"))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Vendor);
    assert_eq!(e.status, Some(405));
    assert!(e.message.contains("base URL"));
}

#[test]
fn the_form_rules_name_the_field_at_fault() {
    for (field, value) in [
        ("applicationFormId", json!("26573x")),
        ("interview", Value::Null),
        ("durationMinutes", json!("")),
        ("durationMinutes", json!(0)),
        ("durationMinutes", json!("721")),
        ("durationMinutes", json!("1.5")),
        ("interviewerId", json!("12a")),
    ] {
        let mut form = form_json(P);
        form[field] = value.clone();
        let e = validated(form).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{field} = {value}");
    }
}

#[test]
fn an_interviewer_needs_an_id_or_both_a_team_id_and_an_email() {
    let mut form = form_json(P);
    form["interviewerId"] = Value::Null;
    assert_eq!(
        validated(form.clone()).unwrap_err().field.as_deref(),
        Some("interviewerId")
    );
    form["interviewerEmail"] = json!("boss@example.com");
    assert_eq!(
        validated(form.clone()).unwrap_err().field.as_deref(),
        Some("interviewerTeamId")
    );
    form["interviewerEmail"] = Value::Null;
    form["interviewerTeamId"] = json!("23567");
    assert_eq!(
        validated(form).unwrap_err().field.as_deref(),
        Some("interviewerEmail")
    );
}

#[test]
fn an_interview_in_the_past_is_refused() {
    let mut form = form_json(P);
    form["interview"] = json!({"date": "2025-06-30", "time": "09:00", "zone": "UTC"});
    let e = validated(form).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("interview"));
}
