//! InterviewFlowAI adapter against a local mock server: the exact request, the seed's answer,
//! the known errors and the form rules.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod providers_support;

use invite_desk::error::ErrorKind;
use invite_desk::providers::{self, Provider};
use providers_support::*;
use serde_json::{json, Value};
use wiremock::MockServer;

const P: Provider = Provider::Interviewflow;
const SEED_RESPONSE: &str = include_str!("fixtures/vendors/interviewflow_response.json");
const SEED_REQUEST: &str = include_str!("fixtures/vendors/interviewflow_request.json");

#[tokio::test]
async fn the_seed_request_is_posted_exactly_and_the_seed_answer_gives_the_link() {
    let server = MockServer::start().await;
    let seed_request: Value = serde_json::from_str(SEED_REQUEST).unwrap();
    let seed_response: Value = serde_json::from_str(SEED_RESPONSE).unwrap();
    expect_exact(&server, P, seed_request, json_reply(201, seed_response)).await;
    let out = providers::send(&client(), &sample(P), &base_url(&server, P), &key())
        .await
        .unwrap();
    assert_eq!(
        out.link.as_deref(),
        Some(
            "https://app.interviewflowai.com/form?interviewId=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
        )
    );
    assert_eq!(
        out.vendor_ids["jobId"],
        "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    );
    assert_eq!(out.vendor_status.as_deref(), Some("shortlisted"));
    assert!(!out.vendor_emails_candidate);
}

#[tokio::test]
async fn every_optional_field_is_sent_under_its_vendor_name_when_filled() {
    let server = MockServer::start().await;
    let mut form = form_json(P);
    form["status"] = json!("Draft");
    form["resumeUrl"] = json!("https://files.example.com/jane.pdf");
    form["skills"] = json!(["Rust", " rust ", "SQL"]);
    form["customQuestions"] = json!(["Tell us about a hard bug."]);
    form["additionalFields"] = json!({"team": "Platform", "empty": ""});
    let body = json!({
        "name": "Jane Doe",
        "email": "jane.doe@example.com",
        "jobId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "status": "draft",
        "resumeUrl": "https://files.example.com/jane.pdf",
        "skills": ["Rust", "SQL"],
        "customQuestions": ["Tell us about a hard bug."],
        "additionalFields": {"team": "Platform"},
        "metadata": {"externalCandidateId": "candidate_12345"}
    });
    let answer: Value = serde_json::from_str(SEED_RESPONSE).unwrap();
    expect_exact(&server, P, body, json_reply(201, answer)).await;
    let req = validated(form).unwrap().request;
    providers::send(&client(), &req, &base_url(&server, P), &key())
        .await
        .unwrap();
}

#[tokio::test]
async fn an_absent_status_is_left_out_so_the_interviewers_default_applies() {
    let server = MockServer::start().await;
    let mut form = form_json(P);
    form["status"] = Value::Null;
    form["metadata"] = json!({});
    let body = json!({
        "name": "Jane Doe",
        "email": "jane.doe@example.com",
        "jobId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    });
    let answer: Value = serde_json::from_str(SEED_RESPONSE).unwrap();
    expect_exact(&server, P, body, json_reply(201, answer)).await;
    let req = validated(form).unwrap().request;
    providers::send(&client(), &req, &base_url(&server, P), &key())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_an_invalid_key_error() {
    let e = send_sample(P, json_reply(401, json!({"message": "Unauthorized"})))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidKey);
    assert_eq!(e.status, Some(401));
}

#[tokio::test]
async fn a_second_interview_for_the_same_interviewer_is_a_duplicate_in_the_vendors_words() {
    for (status, words) in [
        (409, "Candidate already exists for this interviewer"),
        (400, "Duplicate candidate: an interview already exists"),
        (422, "This candidate already has an interview"),
    ] {
        let e = send_sample(
            P,
            json_reply(status, json!({"message": words, "code": status})),
        )
        .await
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Duplicate, "HTTP {status}");
        assert!(e.message.contains(words), "{}", e.message);
    }
}

#[tokio::test]
async fn an_unknown_job_is_not_found() {
    let e = send_sample(P, json_reply(404, json!({"message": "Job not found"})))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.contains("Job not found"));
}

#[tokio::test]
async fn a_success_without_a_link_is_reported_as_unreadable_not_as_sent() {
    let e = send_sample(
        P,
        json_reply(201, json!({"data": {"id": "x"}, "code": 201})),
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Vendor);
    assert!(e.outcome_unknown);
    assert!(
        e.message.contains("Check at InterviewFlowAI"),
        "{}",
        e.message
    );
}

#[test]
fn the_form_rules_name_the_field_at_fault() {
    for (field, value) in [
        ("jobId", json!(" ")),
        ("status", json!("archived")),
        ("resumeUrl", json!("files/jane.pdf")),
        ("candidateEmail", json!("jane@")),
    ] {
        let mut form = form_json(P);
        form[field] = value.clone();
        let e = validated(form).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{field} = {value}");
    }
}
