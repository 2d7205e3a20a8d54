//! Hireflix adapter against a local mock server: the exact GraphQL request, the documented
//! union members, top-level `errors[]`, batching with aliases, and the form rules.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod providers_support;

use invite_desk::error::ErrorKind;
use invite_desk::providers::hireflix;
use invite_desk::providers::{self, Provider};
use providers_support::*;
use serde_json::{json, Value};
use wiremock::MockServer;

const P: Provider = Provider::Hireflix;
const SUCCESS: &str = include_str!("fixtures/vendors/hireflix_success.json");
const EXISTS: &str = include_str!("fixtures/vendors/hireflix_already_exists.json");
const EXCEEDED: &str = include_str!("fixtures/vendors/hireflix_exceeded.json");
const GQL_ERRORS: &str = include_str!("fixtures/vendors/hireflix_graphql_errors.json");

fn seed(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

#[tokio::test]
async fn the_mutation_is_posted_exactly_and_the_documented_success_gives_the_link() {
    let server = MockServer::start().await;
    let body = json!({
        "query": hireflix::mutation(),
        "variables": {"input": {
            "positionId": "5f4e3d2c1b0a998877665500",
            "candidate": {
                "email": "ann.lee@example.com",
                "firstName": "Ann",
                "lastName": "Lee",
                "phone": "+442079460958"
            },
            "externalId": "ats-42"
        }}
    });
    expect_exact(&server, P, body, json_reply(200, seed(SUCCESS))).await;
    let valid = validated(form_json(P)).unwrap();
    assert_eq!(valid.candidate_name, "Ann Lee");
    let out = providers::send(&client(), &valid.request, &base_url(&server, P), &key())
        .await
        .unwrap();
    assert_eq!(
        out.link.as_deref(),
        Some("https://app.hireflix.com/5f4e3d2c1b0a998877665544")
    );
    assert_eq!(out.extra_links["Short link"], "https://hflx.io/c/abc123");
    assert!(out.vendor_emails_candidate);
}

#[test]
fn the_selection_names_only_the_documented_union_members() {
    let q = hireflix::mutation();
    // Every error branch aliases its own fields (vendors.md §8): one response name with two
    // types across union members would make GraphQL refuse the whole document.
    for t in [
        "... on InterviewType { id url { public short } }",
        "... on InterviewAlreadyExistsInPositionError { e1Code: code e1Name: name e1Message: message }",
        "... on InterviewExternalIdAlreadyExistsInPositionError { e2Code: code e2Name: name e2Message: message }",
        "... on ExceededInvitesThisPeriodError { e3Code: code e3Name: name e3Message: message }",
        "... on PositionNotFoundError { e4Code: code e4Name: name e4Message: message }",
        "... on PositionNotReadyToAcceptInvitesError { e5Code: code e5Name: name e5Message: message }",
        "... on ValidationError { e6Code: code e6Name: name e6Message: message e6FieldErrors: fieldErrors { flattenedPath message } }",
    ] {
        assert!(q.contains(t), "missing {t} in {q}");
    }
    assert!(q.contains("__typename"));
    assert_eq!(q.matches("... on ").count(), 7, "{q}");
}

#[tokio::test]
async fn the_documented_failures_inside_a_200_map_to_duplicate_quota_and_not_found() {
    let e = send_sample(P, json_reply(200, seed(EXISTS)))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Duplicate);
    assert!(e.message.contains("already exists in this position"));
    let dup_id = json!({"data": {"inviteCandidateToInterview": {
        "__typename": "InterviewExternalIdAlreadyExistsInPositionError",
        "e2Code": 409, "e2Message": "External id already used"}}});
    let e = send_sample(P, json_reply(200, dup_id)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Duplicate);
    assert!(e.message.contains("External id already used"));
    let e = send_sample(P, json_reply(200, seed(EXCEEDED)))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Quota);
    let missing =
        json!({"data": {"inviteCandidateToInterview": {"__typename": "PositionNotFoundError"}}});
    let e = send_sample(P, json_reply(200, missing)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    let other =
        json!({"data": {"inviteCandidateToInterview": {"__typename": "SomethingNewError"}}});
    let e = send_sample(P, json_reply(200, other)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Vendor);
    assert!(e.message.contains("SomethingNewError"));
    assert!(
        !e.outcome_unknown,
        "a typed error member is an explicit refusal"
    );
    let not_ready = json!({"data": {"inviteCandidateToInterview": {
        "__typename": "PositionNotReadyToAcceptInvitesError", "e5Message": "Position is archived"}}});
    let e = send_sample(P, json_reply(200, not_ready))
        .await
        .unwrap_err();
    assert!(e.message.contains("Position is archived"), "{}", e.message);
    assert!(!e.outcome_unknown);
}

#[tokio::test]
async fn a_validation_error_names_the_form_field_hireflix_refused() {
    let body = json!({"data": {"inviteCandidateToInterview": {
        "__typename": "ValidationError", "e6Message": "Invalid input",
        "e6FieldErrors": [{"flattenedPath": "candidate.email", "message": "must be a valid email"}]}}});
    let e = send_sample(P, json_reply(200, body)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.field.as_deref(), Some("candidateEmail"));
    assert!(e.message.contains("must be a valid email"), "{}", e.message);
    assert!(!e.outcome_unknown);
}

#[tokio::test]
async fn graphql_errors_before_execution_are_failed_and_during_execution_unknown() {
    // No `data` key: the document was refused before anything ran.
    let parse = json!({"errors": [{"message": "Syntax Error: Unexpected Name",
        "extensions": {"code": "GRAPHQL_PARSE_FAILED"}}]});
    let e = send_sample(P, json_reply(200, parse)).await.unwrap_err();
    assert!(!e.outcome_unknown, "{}", e.message);
    assert!(e.message.contains("before running it"), "{}", e.message);
    // `data: null` beside an execution error: the mutation may have run.
    let exec = json!({"data": null, "errors": [{"message": "Internal server error",
        "path": ["inviteCandidateToInterview"]}]});
    let e = send_sample(P, json_reply(200, exec)).await.unwrap_err();
    assert!(e.outcome_unknown, "{}", e.message);
    assert!(
        e.message.contains("Check the position at Hireflix"),
        "{}",
        e.message
    );
    // A member without `__typename` says nothing certain.
    let bare = json!({"data": {"inviteCandidateToInterview": {"id": "x"}}});
    let e = send_sample(P, json_reply(200, bare)).await.unwrap_err();
    assert!(e.outcome_unknown, "{}", e.message);
}

#[tokio::test]
async fn top_level_errors_are_a_vendor_error_with_their_messages() {
    let e = send_sample(P, json_reply(200, seed(GQL_ERRORS)))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Vendor);
    assert!(e.message.contains("was not provided"), "{}", e.message);
}

#[tokio::test]
async fn an_unauthenticated_answer_is_an_invalid_key_error() {
    let e = send_sample(P, json_reply(401, json!({"message": "Unauthorized"})))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidKey);
    let gql = json!({"data": null, "errors": [{"message": "Not authorised",
        "extensions": {"code": "UNAUTHENTICATED"}}]});
    let e = send_sample(P, json_reply(200, gql)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidKey);
}

#[test]
fn the_form_rules_name_the_field_at_fault() {
    for (field, value) in [
        ("positionId", json!("")),
        ("firstName", json!(" ")),
        ("lastName", json!("x".repeat(51))),
        ("phone", json!("020 7946 0958")),
        ("phone", json!("+12")),
        ("externalId", json!("x".repeat(256))),
    ] {
        let mut form = form_json(P);
        form[field] = value.clone();
        let e = validated(form).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{field} = {value}");
    }
}
