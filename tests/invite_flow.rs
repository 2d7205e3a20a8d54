//! The whole invite flow on a real data folder (SQLite file, settings file) with keys in the
//! in-memory store, against local mock vendors: outbox order, outcomes, the duplicate guard,
//! crash recovery and the key never leaking.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use std::sync::Arc;
use std::time::Duration;

use invite_desk::error::ErrorKind;
use invite_desk::history::{HistoryQuery, Outcome};
use invite_desk::invite::{self, SendResult};
use invite_desk::providers::{self, InviteForm, Provider};
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::state::AppState;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "FLOW-LEAK-CANARY-5150";

fn xobin_form(email: &str) -> InviteForm {
    serde_json::from_value(json!({
        "provider": "xobin",
        "candidateName": "Alex Tanaka",
        "candidateEmail": email,
        "aiInterviewId": "305",
        "inviteFormat": "getlink",
        "expiry": {"date": "2030-07-20", "time": "21:30", "zone": "Europe/London"}
    }))
    .unwrap()
}

fn xobin_ok(email: &str) -> Value {
    json!({
        "email": email, "ai_interview_id": 305, "ai_interview_name": "Senior Data Engineer",
        "response_id": 7421, "invite_link": "https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=F84E",
        "name": "Alex Tanaka", "status": "Invite Link created"
    })
}

struct Fixture {
    _dir: tempfile::TempDir,
    data_dir: std::path::PathBuf,
    state: AppState,
    server: MockServer,
}

async fn fixture(timeout: Duration) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let secrets = Arc::new(MemoryStore::new());
    secrets.set(Provider::Xobin, KEY).unwrap();
    let state = AppState::open(
        &data_dir,
        secrets,
        providers::http_client(Duration::from_secs(2), timeout).unwrap(),
    )
    .unwrap();
    let server = MockServer::start().await;
    let mut s = state.settings.get();
    s.base_urls
        .insert(Provider::Xobin, format!("{}/api/v2", server.uri()));
    state.settings.save(s).unwrap();
    Fixture {
        _dir: dir,
        data_dir,
        state,
        server,
    }
}

fn page(state: &AppState) -> Vec<invite_desk::history::InviteRecord> {
    state
        .db
        .query(&HistoryQuery {
            limit: 50,
            ..Default::default()
        })
        .unwrap()
        .rows
}

#[tokio::test]
async fn a_sent_invite_is_recorded_pending_before_the_request_and_sent_after() {
    let f = fixture(Duration::from_secs(5)).await;
    // The mock looks into the real history file while the request is in flight.
    let db_path = f.data_dir.join("history.sqlite3");
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .and(header("apiKey", KEY))
        .respond_with(move |_: &Request| {
            let conn = rusqlite_open(&db_path);
            let outcome: String = conn
                .query_row(
                    "SELECT outcome FROM invites ORDER BY id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                outcome, "pending",
                "the row must be committed before the request leaves"
            );
            ResponseTemplate::new(200).set_body_json(xobin_ok("alex@example.com"))
        })
        .expect(1)
        .mount(&f.server)
        .await;

    let res = invite::send(&f.state, None, xobin_form("Alex@Example.com"), false, None)
        .await
        .unwrap();
    let SendResult::Sent {
        record_id, outcome, ..
    } = res
    else {
        panic!("expected a sent result");
    };
    assert_eq!(
        outcome.link.as_deref(),
        Some("https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=F84E")
    );
    let row = f.state.db.get(record_id).unwrap().unwrap();
    assert_eq!(row.outcome, Outcome::Sent);
    assert_eq!(row.candidate_email, "alex@example.com");
    assert_eq!(row.link, outcome.link);
    assert_eq!(row.zone.as_deref(), Some("Europe/London"));
    assert_eq!(
        row.expiry_at.map(|t| t.to_rfc3339()),
        Some("2030-07-20T20:30:00+00:00".to_string())
    );
    assert_eq!(
        f.state.settings.get().last_zone.as_deref(),
        Some("Europe/London")
    );
}

fn rusqlite_open(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[tokio::test]
async fn a_second_invite_for_the_same_job_and_email_asks_first_and_sends_only_when_allowed() {
    let f = fixture(Duration::from_secs(5)).await;
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(ResponseTemplate::new(200).set_body_json(xobin_ok("alex@example.com")))
        .expect(2)
        .mount(&f.server)
        .await;
    invite::send(&f.state, None, xobin_form("alex@example.com"), false, None)
        .await
        .unwrap();
    let again = invite::send(&f.state, None, xobin_form("ALEX@example.com"), false, None)
        .await
        .unwrap();
    let SendResult::Confirm {
        question, previous, ..
    } = again
    else {
        panic!("expected the duplicate question");
    };
    assert!(
        question.contains("via Xobin — send another invite?"),
        "{question}"
    );
    assert_eq!(previous.candidate_email, "alex@example.com");
    assert_eq!(f.server.received_requests().await.unwrap().len(), 1);
    let yes = invite::send(&f.state, None, xobin_form("alex@example.com"), true, None)
        .await
        .unwrap();
    assert!(matches!(yes, SendResult::Sent { .. }));
    assert_eq!(page(&f.state).len(), 2);
}

#[tokio::test]
async fn a_vendor_error_is_recorded_failed_and_a_timeout_unknown_never_resent() {
    let f = fixture(Duration::from_millis(400)).await;
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(ResponseTemplate::new(403).set_body_json(
            json!({"message": "Invites Exhausted. Please contact support.", "error": "limit_exceed"}),
        ))
        .up_to_n_times(1)
        .mount(&f.server)
        .await;
    let err = invite::send(&f.state, None, xobin_form("a@example.com"), false, None)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Quota);
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&f.server)
        .await;
    let err = invite::send(&f.state, None, xobin_form("b@example.com"), false, None)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert_eq!(f.server.received_requests().await.unwrap().len(), 2);
    let rows = page(&f.state);
    assert_eq!(rows[0].outcome, Outcome::Unknown);
    assert_eq!(rows[1].outcome, Outcome::Failed);
    assert_eq!(rows[1].error_kind.as_deref(), Some("quota"));
    // An unknown invite also triggers the duplicate question.
    let again = invite::send(&f.state, None, xobin_form("b@example.com"), false, None)
        .await
        .unwrap();
    assert!(matches!(again, SendResult::Confirm { .. }));
}

#[tokio::test]
async fn a_missing_key_stops_before_anything_is_recorded_or_sent() {
    let f = fixture(Duration::from_secs(5)).await;
    f.state.secrets.delete(Provider::Xobin).unwrap();
    let err = invite::send(&f.state, None, xobin_form("a@example.com"), false, None)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::MissingKey);
    assert!(err.message.contains("Settings"));
    assert!(page(&f.state).is_empty());
    assert!(f.server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_api_key_appears_nowhere_in_history_settings_export_or_responses() {
    let f = fixture(Duration::from_secs(5)).await;
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(ResponseTemplate::new(200).set_body_json(xobin_ok("alex@example.com")))
        .up_to_n_times(1)
        .mount(&f.server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": format!("Invalid API key {KEY}")})),
        )
        .mount(&f.server)
        .await;
    let ok = invite::send(&f.state, None, xobin_form("alex@example.com"), false, None)
        .await
        .unwrap();
    let err = invite::send(&f.state, None, xobin_form("other@example.com"), false, None)
        .await
        .unwrap_err();
    let mut seen = serde_json::to_string(&ok).unwrap();
    seen += &serde_json::to_string(&err).unwrap();
    seen += &format!("{err:?} {ok:?}");
    let mut csv = Vec::new();
    f.state
        .db
        .export_csv(&HistoryQuery::default(), &mut csv)
        .unwrap();
    seen += &String::from_utf8(csv).unwrap();
    seen += &serde_json::to_string(&page(&f.state)).unwrap();
    assert!(!seen.contains(KEY), "the key leaked: {seen}");
    drop(f.state);
    for entry in std::fs::read_dir(&f.data_dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains(KEY));
    }
}

#[tokio::test]
async fn a_pending_row_left_by_a_crash_is_unknown_after_restart() {
    let f = fixture(Duration::from_secs(5)).await;
    let form: InviteForm = xobin_form("crash@example.com");
    let valid = form.validate(chrono::Utc::now()).unwrap();
    f.state
        .db
        .insert_pending(&invite_desk::history::NewInvite {
            account: Default::default(),
            provider: valid.provider,
            candidate_name: valid.candidate_name,
            candidate_email: valid.candidate_email,
            job_ref: valid.job_ref,
            job_name: None,
            scheduled_at: None,
            start_at: None,
            expiry_at: valid.expiry_at,
            zone: valid.zone,
        })
        .unwrap();
    let data_dir = f.data_dir.clone();
    drop(f.state);
    let state = AppState::open(
        &data_dir,
        Arc::new(MemoryStore::new()),
        providers::default_client().unwrap(),
    )
    .unwrap();
    assert_eq!(page(&state)[0].outcome, Outcome::Unknown);
    assert!(state.notices.iter().any(|n| n.contains("unknown")));
}
