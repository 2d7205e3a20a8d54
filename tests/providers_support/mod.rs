//! Shared pieces of the vendor adapter tests: the canary key, one valid form per vendor, a
//! mock server mounted at each vendor's documented path, and the expected key header.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // test set-up may unwrap

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use invite_desk::error::{AppError, AppResult};
use invite_desk::providers::{
    self, InviteForm, InviteOutcome, Provider, ValidInvite, VendorRequest,
};
use invite_desk::secrets::ApiKey;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A key that is easy to spot if it ever leaks into an error.
pub const KEY: &str = "KEY-LEAK-CANARY-123";

pub fn key() -> ApiKey {
    ApiKey::new(KEY)
}

/// The clock the sample forms are validated against: before every sample date.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 7, 1, 12, 0, 0).unwrap()
}

/// A client with short timeouts, so a broken test fails fast.
pub fn client() -> reqwest::Client {
    providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).unwrap()
}

/// One complete form per vendor, as the web view sends it.
pub fn form_json(p: Provider) -> Value {
    match p {
        Provider::Xobin => json!({
            "provider": "xobin",
            "candidateName": " alex tanaka ",
            "candidateEmail": "Alex.Tanaka@Example.com",
            "aiInterviewId": "305",
            "inviteFormat": "getlink",
            "customFieldId": "CAND-2025-001",
            "start": {"date": "2025-07-18", "time": "06:00", "zone": "America/New_York"},
            "expiry": {"date": "2025-07-20", "time": "16:30", "zone": "America/New_York"}
        }),
        Provider::Interviewflow => json!({
            "provider": "interviewflow",
            "candidateName": "Jane Doe",
            "candidateEmail": "Jane.Doe@example.com",
            "jobId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "status": "shortlisted",
            "resumeUrl": "",
            "skills": [],
            "customQuestions": null,
            "additionalFields": {},
            "metadata": {"externalCandidateId": "candidate_12345"}
        }),
        Provider::Tidyhire => json!({
            "provider": "tidyhire",
            "candidateName": "John Doe",
            "candidateEmail": "john.doe@example.com",
            "externalId": "ats-job-12345",
            "jobTitle": "Senior Software Engineer",
            "jobDescription": "We are looking for a Senior Software Engineer to join our team and build scalable backend services.",
            "experienceLevel": "5-8 Years",
            "seniorityLevel": "Senior",
            "workType": "Remote",
            "employmentType": "Full Time",
            "location": "New York, NY",
            "mustHaveSkills": ["JavaScript", "Node.js", "MongoDB"],
            "goodToHaveSkills": ["TypeScript", "Redis"],
            "phone": "+1234567890",
            "candidateMetadata": {"source": "linkedin", "ats_candidate_id": "12345"},
            "cutoffScore": 65,
            "interviewDuration": "30 Minutes",
            "metadata": {}
        }),
        Provider::Hireflix => json!({
            "provider": "hireflix",
            "candidateName": "",
            "candidateEmail": "ann.lee@example.com",
            "positionId": "5f4e3d2c1b0a998877665500",
            "firstName": "Ann",
            "lastName": "Lee",
            "phone": "+44 20 7946-0958",
            "externalId": "ats-42"
        }),
        Provider::Apploi => json!({
            "provider": "apploi",
            "candidateName": "Sam Rivera",
            "candidateEmail": "sam@example.com",
            "applicationFormId": "265733753",
            "interview": {"date": "2025-12-05", "time": "17:30", "zone": "America/New_York"},
            "durationMinutes": 60,
            "location": null,
            "interviewerId": "123456"
        }),
    }
}

pub fn validated(form: Value) -> AppResult<ValidInvite> {
    let form: InviteForm = serde_json::from_value(form).expect("the form JSON decodes");
    form.validate(now())
}

pub fn sample(p: Provider) -> VendorRequest {
    validated(form_json(p))
        .expect("the sample form is valid")
        .request
}

/// The documented path under a base URL whose own path mimics the production one.
pub fn base_path(p: Provider) -> &'static str {
    match p {
        Provider::Xobin => "/api/v2",
        Provider::Interviewflow => "/api/external",
        Provider::Tidyhire => "/api/public",
        Provider::Hireflix => "/me",
        Provider::Apploi => "",
    }
}

pub fn endpoint_path(p: Provider) -> &'static str {
    match p {
        Provider::Xobin => "/api/v2/ai-interviews/invite",
        Provider::Interviewflow => "/api/external/ingest/candidate",
        Provider::Tidyhire => "/api/public/interview/invite",
        Provider::Hireflix => "/me",
        Provider::Apploi => "/applicants/265733753/interviews",
    }
}

pub fn key_header(p: Provider) -> &'static str {
    match p {
        Provider::Xobin => "apiKey",
        Provider::Interviewflow | Provider::Hireflix => "X-API-KEY",
        Provider::Tidyhire => "x-tidyhire-api-key",
        Provider::Apploi => "x-api-key",
    }
}

pub fn http_method(p: Provider) -> &'static str {
    if p == Provider::Apploi {
        "PUT"
    } else {
        "POST"
    }
}

/// The base URL of a mock server, with a trailing slash to prove it is tolerated.
pub fn base_url(server: &MockServer, p: Provider) -> String {
    format!("{}{}/", server.uri(), base_path(p))
}

/// Mounts a strict mock: exact method, path, key header and value, JSON content type and
/// exact body; answers with `reply`; must be called exactly once.
pub async fn expect_exact(server: &MockServer, p: Provider, body: Value, reply: ResponseTemplate) {
    Mock::given(method(http_method(p)))
        .and(path(endpoint_path(p)))
        .and(header(key_header(p), KEY))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(body_json(body))
        .respond_with(reply)
        .expect(1)
        .mount(server)
        .await;
}

/// Mounts a mock that answers anything at the vendor's path.
pub async fn answer(server: &MockServer, p: Provider, reply: ResponseTemplate) {
    Mock::given(method(http_method(p)))
        .and(path(endpoint_path(p)))
        .respond_with(reply)
        .mount(server)
        .await;
}

/// Sends the vendor's sample request to a fresh mock that answers `reply`.
pub async fn send_sample(p: Provider, reply: ResponseTemplate) -> AppResult<InviteOutcome> {
    let server = MockServer::start().await;
    answer(&server, p, reply).await;
    providers::send(&client(), &sample(p), &base_url(&server, p), &key()).await
}

/// Asserts the canary key is nowhere in an error.
pub fn assert_no_key(e: &AppError) {
    assert!(!e.message.contains(KEY), "key in message: {}", e.message);
    assert!(!format!("{e:?}").contains(KEY), "key in Debug: {e:?}");
    assert!(!format!("{e}").contains(KEY), "key in Display: {e}");
}

pub fn json_reply(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

pub fn raw_reply(status: u16, body: &str, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), content_type)
}
