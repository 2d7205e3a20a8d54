//! Xobin adapter against a local mock server: the exact request, the seed's answers, the
//! documented errors and the form rules.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod providers_support;

use invite_desk::error::ErrorKind;
use invite_desk::providers::{self, Provider};
use providers_support::*;
use serde_json::{json, Value};
use wiremock::MockServer;

const P: Provider = Provider::Xobin;
const SEED_RESPONSE: &str = include_str!("fixtures/vendors/xobin_response.json");
const SEED_LIMIT: &str = include_str!("fixtures/vendors/xobin_limit_exceed.json");

fn seed(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

#[tokio::test]
async fn the_invite_is_posted_exactly_as_documented_and_the_seed_answer_gives_the_link() {
    let server = MockServer::start().await;
    let body = json!({
        "candidate_name": "alex tanaka",
        "candidate_email": "alex.tanaka@example.com",
        "ai_interview_id": 305,
        "invite_format": "getlink",
        "start_date": "2025-07-18 10:00",
        "expiry_date": "2025-07-20 20:30",
        "custom_field_id": "CAND-2025-001"
    });
    expect_exact(&server, P, body, json_reply(200, seed(SEED_RESPONSE))).await;
    let out = providers::send(&client(), &sample(P), &base_url(&server, P), &key())
        .await
        .unwrap();
    assert_eq!(
        out.link.as_deref(),
        Some("https://your-subdomain.xobin.com/app/copilot/interview/cl/1A2B3C4D5E?inviteToken=F84E3D22AC91B73F8E65C92AE3DF7D6284BC9AD1B6A5CE9C02C1F13A45C6798F")
    );
    assert_eq!(out.vendor_ids["response_id"], "7421");
    assert_eq!(out.vendor_status.as_deref(), Some("Invite Link created"));
    assert!(!out.vendor_emails_candidate);
}

#[tokio::test]
async fn empty_optional_fields_are_left_out_of_the_body() {
    let server = MockServer::start().await;
    let mut form = form_json(P);
    form["start"] = Value::Null;
    form["expiry"] = json!({"date": "", "time": "", "zone": "UTC"});
    form["customFieldId"] = json!("");
    form["inviteFormat"] = json!("sendlink");
    let body = json!({
        "candidate_name": "alex tanaka",
        "candidate_email": "alex.tanaka@example.com",
        "ai_interview_id": 305,
        "invite_format": "sendlink"
    });
    expect_exact(&server, P, body, json_reply(200, seed(SEED_RESPONSE))).await;
    let valid = validated(form).unwrap();
    assert_eq!(valid.start_at, None);
    assert_eq!(valid.expiry_at, None);
    let out = providers::send(&client(), &valid.request, &base_url(&server, P), &key())
        .await
        .unwrap();
    assert!(out.vendor_emails_candidate);
}

#[tokio::test]
async fn exhausted_invites_are_a_quota_error_with_xobins_words() {
    let e = send_sample(P, json_reply(403, seed(SEED_LIMIT)))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Quota);
    assert_eq!(e.status, Some(403));
    assert_eq!(e.provider, Some(P));
    assert!(e
        .message
        .contains("Invites Exhausted. Please contact support."));
}

#[tokio::test]
async fn an_error_body_is_a_vendor_error_carrying_xobins_text_and_the_status() {
    let e = send_sample(
        P,
        json_reply(422, json!({"error": "Invalid ai_interview_id"})),
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Vendor);
    assert_eq!(e.status, Some(422));
    assert!(
        e.message.contains("Invalid ai_interview_id"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn a_rejected_key_is_an_invalid_key_error() {
    for status in [401, 403] {
        let e = send_sample(P, json_reply(status, json!({"error": "Invalid API key"})))
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidKey, "HTTP {status}");
    }
}

#[tokio::test]
async fn an_unknown_interview_id_is_not_found() {
    let e = send_sample(
        P,
        json_reply(404, json!({"error": "AI interview not found"})),
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[test]
fn the_form_rules_name_the_field_at_fault() {
    let cases = [
        ("aiInterviewId", json!("30a5")),
        ("aiInterviewId", json!("")),
        ("inviteFormat", json!("email")),
        ("candidateEmail", json!("alex at example.com")),
        ("candidateName", json!("   ")),
    ];
    for (field, value) in cases {
        let mut form = form_json(P);
        form[field] = value.clone();
        let e = validated(form).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{field} = {value}");
        assert_eq!(e.provider, Some(P));
    }
}

#[test]
fn a_numeric_interview_id_from_a_number_input_is_accepted() {
    let mut form = form_json(P);
    form["aiInterviewId"] = json!(305);
    assert_eq!(validated(form).unwrap().job_ref, "305");
}

#[test]
fn an_expiry_not_after_the_start_is_refused_on_the_expiry_field() {
    let mut form = form_json(P);
    form["expiry"] = json!({"date": "2025-07-18", "time": "06:00", "zone": "America/New_York"});
    let e = validated(form).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.field.as_deref(), Some("expiry"));
}

#[test]
fn a_start_in_the_past_is_allowed_with_a_note() {
    let mut form = form_json(P);
    form["start"] = json!({"date": "2025-06-01", "time": "09:00", "zone": "Europe/London"});
    let v = validated(form).unwrap();
    assert!(
        v.notes.iter().any(|n| n.contains("in the past")),
        "{:?}",
        v.notes
    );
    assert_eq!(v.zone.as_deref(), Some("Europe/London"));
}
