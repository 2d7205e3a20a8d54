//! Tidyhire adapter against a local mock server: the exact request, the seed's answer, skipped
//! candidates, `success: false` and the form rules.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod providers_support;

use invite_desk::error::ErrorKind;
use invite_desk::providers::{self, Provider};
use providers_support::*;
use serde_json::{json, Value};
use wiremock::MockServer;

const P: Provider = Provider::Tidyhire;
const SEED_REQUEST: &str = include_str!("fixtures/vendors/tidyhire_request.json");
const SEED_RESPONSE: &str = include_str!("fixtures/vendors/tidyhire_response.json");

fn seed(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

#[tokio::test]
async fn the_seed_request_is_posted_exactly_and_the_seed_answer_gives_the_job_links() {
    let server = MockServer::start().await;
    expect_exact(
        &server,
        P,
        seed(SEED_REQUEST),
        json_reply(200, seed(SEED_RESPONSE)),
    )
    .await;
    let valid = validated(form_json(P)).unwrap();
    assert_eq!(valid.job_name.as_deref(), Some("Senior Software Engineer"));
    assert_eq!(valid.job_ref, "ats-job-12345");
    let out = providers::send(&client(), &valid.request, &base_url(&server, P), &key())
        .await
        .unwrap();
    assert_eq!(out.link, None);
    assert!(out.vendor_emails_candidate);
    assert_eq!(out.vendor_ids["project_id"], "64a1b2c3d4e5f6a7b8c9d0e1");
    assert_eq!(
        out.extra_links["Project in Tidyhire"],
        "https://beta.tidyhire.app/app/projects/64a1b2c3d4e5f6a7b8c9d0e1"
    );
    assert!(out.skipped_emails.is_empty());
}

#[tokio::test]
async fn empty_optional_fields_are_omitted_and_required_lists_are_sent_empty() {
    let server = MockServer::start().await;
    let mut form = form_json(P);
    form["goodToHaveSkills"] = Value::Null;
    form["phone"] = json!("");
    form["candidateMetadata"] = json!({});
    form["cutoffScore"] = Value::Null;
    form["interviewDuration"] = json!("");
    let mut body = seed(SEED_REQUEST);
    body["good_to_have_skills"] = json!([]);
    body["candidates"] = json!([{"name": "John Doe", "email": "john.doe@example.com"}]);
    body.as_object_mut().unwrap().remove("interview_settings");
    expect_exact(&server, P, body, json_reply(200, seed(SEED_RESPONSE))).await;
    let req = validated(form).unwrap().request;
    providers::send(&client(), &req, &base_url(&server, P), &key())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_candidate_returned_as_already_invited_is_listed_as_skipped() {
    let mut answer = seed(SEED_RESPONSE);
    answer["data"]["interviews"][0]["status"] = json!("already_invited");
    let out = send_sample(P, json_reply(200, answer)).await.unwrap();
    assert_eq!(out.skipped_emails, vec!["john.doe@example.com".to_string()]);
    assert!(out.summary.contains("skipped"), "{}", out.summary);
}

#[tokio::test]
async fn success_false_is_a_vendor_error_with_tidyhires_message() {
    let answer = json!({"success": false, "message": "Invalid experience_level"});
    let e = send_sample(P, json_reply(400, answer.clone()))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Vendor);
    assert!(e.message.contains("Invalid experience_level"));
    let e = send_sample(P, json_reply(200, answer)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Vendor);
    assert_eq!(e.status, Some(200));
}

#[tokio::test]
async fn a_rejected_key_is_an_invalid_key_error() {
    let e = send_sample(
        P,
        json_reply(401, json!({"success": false, "message": "Invalid API Key"})),
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidKey);
}

#[test]
fn the_form_rules_name_the_field_at_fault() {
    for (field, value) in [
        ("externalId", json!("")),
        ("jobTitle", Value::Null),
        ("jobDescription", json!("  ")),
        ("experienceLevel", json!("3-5 Years")),
        ("seniorityLevel", json!("Junior")),
        ("workType", json!("Onsite")),
        ("employmentType", json!("Internship")),
        ("location", json!("")),
        ("mustHaveSkills", json!(["Go", "go", "Rust"])),
        ("cutoffScore", json!(101)),
        ("cutoffScore", json!(65.5)),
        ("cutoffScore", json!("-1")),
    ] {
        let mut form = form_json(P);
        form[field] = value.clone();
        let e = validated(form).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{field} = {value}");
    }
}
