//! The loop with the vendors against local mock servers that check the method, path, key header
//! and body of every call: the Hireflix positions and Apploi applicant pickers (success, empty,
//! paging, error, 429, unreadable, 10,000 positions), the recent ids, the status refresh of
//! Xobin (list + report), Hireflix and InterviewFlowAI (stored with its changes, never touching
//! the send outcome, 429 waited out), the vendors that cannot be asked, and the Xobin revoke's
//! four answers. A real SQLite file, the real HTTP client; keys in memory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests may unwrap

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use invite_desk::error::ErrorKind;
use invite_desk::follow_up::{self, FollowUp, StatusRow};
use invite_desk::history::{HistoryQuery, NewInvite, Outcome, StatusFilter};
use invite_desk::providers::tracking::{RevokeAnswer, Stage};
use invite_desk::providers::{self, InviteOutcome, Provider};
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::state::AppState;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "LOOP-LEAK-CANARY-8086";

struct Fixture {
    _dir: tempfile::TempDir,
    state: AppState,
    follow_up: FollowUp,
    server: MockServer,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemoryStore::new());
    for p in Provider::ALL {
        secrets.set(p, KEY).unwrap();
    }
    let state = AppState::open(
        &dir.path().join("data"),
        secrets,
        providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).unwrap(),
    )
    .unwrap();
    let server = MockServer::start().await;
    let mut s = state.settings.get();
    for (p, base) in [
        (Provider::Xobin, "/api/v2"),
        (Provider::Interviewflow, "/api/external"),
        (Provider::Hireflix, "/me"),
        (Provider::Apploi, ""),
        (Provider::Tidyhire, "/api/public"),
    ] {
        s.base_urls.insert(p, format!("{}{base}", server.uri()));
    }
    state.settings.save(s).unwrap();
    Fixture {
        _dir: dir,
        follow_up: FollowUp::new(&state),
        state,
        server,
    }
}

/// A sent invite in History, as the invite flow leaves it.
fn sent(state: &AppState, p: Provider, job_ref: &str, email: &str, ids: &[(&str, &str)]) -> i64 {
    let id = state
        .db
        .insert_pending(&NewInvite {
            account: Default::default(),
            provider: p,
            candidate_name: "Alex Tanaka".into(),
            candidate_email: email.into(),
            job_ref: job_ref.into(),
            job_name: None,
            scheduled_at: None,
            start_at: None,
            expiry_at: None,
            zone: None,
        })
        .unwrap();
    state
        .db
        .mark_sent(
            id,
            &InviteOutcome {
                link: Some("https://example.com/i".into()),
                vendor_ids: ids
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                summary: "ok".into(),
                ..Default::default()
            },
        )
        .unwrap();
    id
}

fn fixture_json(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/vendors/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn collect() -> (Arc<Mutex<Vec<StatusRow>>>, impl Fn(StatusRow) + Send + Sync) {
    let rows = Arc::new(Mutex::new(Vec::new()));
    let r = rows.clone();
    (rows, move |row| r.lock().unwrap().push(row))
}

// ---- Pickers --------------------------------------------------------------------------------

#[tokio::test]
async fn hireflix_positions_are_read_once_cached_searched_and_refreshed_on_demand() {
    let f = fixture().await;
    Mock::given(method("POST"))
        .and(path("/me"))
        .and(header("X-API-KEY", KEY))
        .and(body_json(
            json!({"query": providers::hireflix::POSITIONS_QUERY}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture_json("hireflix_positions.json")),
        )
        .expect(2)
        .mount(&f.server)
        .await;
    let all = f.follow_up.positions(None, "", false, false).await.unwrap();
    assert_eq!((all.open, all.archived, all.matches), (2, 1, 2));
    assert!(
        all.positions.iter().all(|p| !p.archived),
        "archived are hidden by default"
    );
    let with = f.follow_up.positions(None, "", true, false).await.unwrap();
    assert_eq!(with.matches, 3);
    assert!(
        with.positions.last().unwrap().archived,
        "archived come last"
    );
    let rust = f
        .follow_up
        .positions(None, "rust", false, false)
        .await
        .unwrap();
    assert_eq!(rust.positions[0].name, "Backend Engineer (Rust)");
    let by_id = f
        .follow_up
        .positions(None, "0d1e", false, false)
        .await
        .unwrap();
    assert_eq!(by_id.positions[0].name, "Customer Success Manager");
    // Only the refresh asks again (the mock expects exactly two calls).
    f.follow_up.positions(None, "", false, true).await.unwrap();
}

#[tokio::test]
async fn ten_thousand_positions_page_in_rust_and_only_a_hundred_cross_to_the_window() {
    let f = fixture().await;
    let many: Vec<Value> = (0..10_000)
        .map(|i| json!({"id": format!("pos{i:05}"), "name": format!("Position <b>{i}</b>"), "archived": if i % 10 == 0 { json!(1719792000000_u64) } else { Value::Null }}))
        .collect();
    Mock::given(method("POST"))
        .and(path("/me"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"positions": many}})),
        )
        .mount(&f.server)
        .await;
    let l = f.follow_up.positions(None, "", false, false).await.unwrap();
    assert_eq!((l.open, l.archived), (9_000, 1_000));
    assert_eq!(l.positions.len(), 100);
    assert_eq!(l.matches, 9_000);
    assert_eq!(
        l.positions[0].name, "Position <b>1001</b>",
        "names stay text, open ones sorted"
    );
    let started = Instant::now();
    let narrow = f
        .follow_up
        .positions(None, "<b>99", false, false)
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(
        narrow.matches, 100,
        "99, 990–999 and 9900–9999, less the 11 archived"
    );
    println!("search of 10,000 cached positions: {took:?}");
}

#[tokio::test]
async fn a_picker_error_is_the_vendors_words_a_429_its_wait_and_garbage_unreadable() {
    let f = fixture().await;
    Mock::given(method("POST"))
        .and(path("/me"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "12")
                .set_body_string("slow down"),
        )
        .up_to_n_times(1)
        .mount(&f.server)
        .await;
    let e = f
        .follow_up
        .positions(None, "", false, false)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.retry_after_secs, Some(12));
    assert!(e.message.contains("slow down"), "{}", e.message);
    Mock::given(method("POST"))
        .and(path("/me"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&f.server)
        .await;
    let e = f
        .follow_up
        .positions(None, "", false, true)
        .await
        .unwrap_err();
    assert!(
        e.message.contains("could not read the positions"),
        "{}",
        e.message
    );
    assert!(!e.message.contains(KEY));
}

#[tokio::test]
async fn apploi_applicants_are_searched_with_offset_paging_and_an_empty_answer_is_empty() {
    let f = fixture().await;
    Mock::given(method("GET"))
        .and(path("/applicants"))
        .and(header("x-api-key", KEY))
        .and(header("_authorization", "legacy-dummy-token"))
        .and(query_param("query", "maria"))
        .and(query_param("offset", "0"))
        .and(query_param("limit", "50"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture_json("apploi_applicants.json")),
        )
        .expect(1)
        .mount(&f.server)
        .await;
    let page = f
        .follow_up
        .applicants(None, "maria", None, 0, false)
        .await
        .unwrap();
    assert_eq!(page.applicants[0].id, "265733753");
    assert_eq!(page.applicants[0].name, "Maria Lopez");
    // Cached: the mock expects one call.
    let again = f
        .follow_up
        .applicants(None, "Maria ", None, 0, false)
        .await
        .unwrap();
    assert_eq!(again, page);

    let first: Vec<Value> = (0..50).map(|i| json!({"id": 1000 + i, "name": format!("A{i}"), "email": format!("a{i}@example.com")})).collect();
    Mock::given(method("GET"))
        .and(path("/applicants"))
        .and(query_param("offset", "0"))
        .and(query_param("job_id", "88123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": first, "total": 51})))
        .mount(&f.server)
        .await;
    Mock::given(method("GET"))
        .and(path("/applicants"))
        .and(query_param("offset", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": [{"id": 2000, "email": "last@example.com"}], "total": 51}),
        ))
        .mount(&f.server)
        .await;
    let p1 = f
        .follow_up
        .applicants(None, "", Some("88123"), 0, false)
        .await
        .unwrap();
    assert!(p1.more);
    let p2 = f
        .follow_up
        .applicants(None, "", Some("88123"), 50, false)
        .await
        .unwrap();
    assert!(!p2.more);
    assert_eq!(p2.applicants[0].email, "last@example.com");

    Mock::given(method("GET"))
        .and(path("/applicants"))
        .and(query_param("query", "nobody"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [], "total": 0})))
        .mount(&f.server)
        .await;
    let none = f
        .follow_up
        .applicants(None, "nobody", None, 0, false)
        .await
        .unwrap();
    assert!(none.applicants.is_empty() && !none.more);

    let e = f
        .follow_up
        .applicants(None, "", Some("abc"), 0, false)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("jobId"));
}

#[tokio::test]
async fn no_key_yet_is_a_clear_picker_state_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(
        &dir.path().join("d"),
        Arc::new(MemoryStore::new()),
        providers::default_client().unwrap(),
    )
    .unwrap();
    let e = FollowUp::new(&state)
        .positions(None, "", false, false)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingKey);
    assert!(e.message.contains("Hireflix"), "{}", e.message);
}

#[tokio::test]
async fn recent_ids_are_newest_first_with_the_vendors_name_and_can_be_forgotten() {
    let f = fixture().await;
    let db = &f.state.db;
    let a = sent(
        &f.state,
        Provider::Xobin,
        "305",
        "a@example.com",
        &[("response_id", "1")],
    );
    db.mark_sent(
        a,
        &InviteOutcome {
            job_name: Some("Senior Data Engineer".into()),
            ..Default::default()
        },
    )
    .unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    sent(
        &f.state,
        Provider::Xobin,
        "412",
        "b@example.com",
        &[("response_id", "2")],
    );
    let recent = db.recent_refs(Provider::Xobin, 10).unwrap();
    let ids: Vec<&str> = recent.iter().map(|r| r.job_ref.as_str()).collect();
    assert_eq!(ids, ["412", "305"]);
    assert_eq!(recent[1].name.as_deref(), Some("Senior Data Engineer"));
    db.label_ref(Provider::Xobin, "412", "Night nurses")
        .unwrap();
    assert_eq!(
        db.recent_refs(Provider::Xobin, 10).unwrap()[0]
            .name
            .as_deref(),
        Some("Night nurses")
    );
    db.forget_ref(Provider::Xobin, "412").unwrap();
    let ids: Vec<String> = db
        .recent_refs(Provider::Xobin, 10)
        .unwrap()
        .into_iter()
        .map(|r| r.job_ref)
        .collect();
    assert_eq!(ids, ["305"]);
    // Used again after forgetting: back on the list.
    tokio::time::sleep(Duration::from_millis(5)).await;
    sent(
        &f.state,
        Provider::Xobin,
        "412",
        "c@example.com",
        &[("response_id", "3")],
    );
    assert_eq!(
        db.recent_refs(Provider::Xobin, 10).unwrap()[0].job_ref,
        "412"
    );
    assert!(db
        .recent_refs(Provider::Interviewflow, 10)
        .unwrap()
        .is_empty());
}

// ---- Status ---------------------------------------------------------------------------------

#[tokio::test]
async fn xobin_rows_of_one_interview_share_one_list_call_and_a_completed_one_reads_its_report() {
    let f = fixture().await;
    let pending = sent(
        &f.state,
        Provider::Xobin,
        "305",
        "a@example.com",
        &[("response_id", "7420")],
    );
    let done = sent(
        &f.state,
        Provider::Xobin,
        "305",
        "b@example.com",
        &[("response_id", "7421")],
    );
    Mock::given(method("GET"))
        .and(path("/api/v2/ai-interviews/invited/305"))
        .and(header("apiKey", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture_json("xobin_invited.json")))
        .expect(1)
        .mount(&f.server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/ai-interviews/report/7421"))
        .and(header("apiKey", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture_json("xobin_report.json")))
        .expect(1)
        .mount(&f.server)
        .await;
    let (rows, report) = collect();
    let s = f.follow_up.refresh(&[pending, done], report).await.unwrap();
    assert_eq!((s.checked, s.failed, s.skipped), (2, 0, 0));
    assert_eq!(rows.lock().unwrap().len(), 2);
    let p = f.state.db.get(pending).unwrap().unwrap();
    let d = f.state.db.get(done).unwrap().unwrap();
    assert_eq!(p.status.as_ref().unwrap().stage, Some(Stage::NotStarted));
    let ds = d.status.as_ref().unwrap();
    assert_eq!(ds.stage, Some(Stage::Completed));
    assert_eq!(ds.score.as_deref(), Some("7.8"));
    assert_eq!(
        ds.report_link.as_deref(),
        Some("https://your-subdomain.xobin.com/interviews/ai/report/shared/7421")
    );
    assert!(ds.completed_at.is_some());
    assert_eq!(ds.changes.len(), 1);
    // A refresh never changes the send outcome.
    assert_eq!(d.outcome, Outcome::Sent);
    // The status filter.
    let completed = f
        .state
        .db
        .query(&HistoryQuery {
            status: Some(StatusFilter::Completed),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        completed.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        [done]
    );
    let unchecked = f
        .state
        .db
        .query(&HistoryQuery {
            status: Some(StatusFilter::Unchecked),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(unchecked.total, 0);
}

#[tokio::test]
async fn a_status_change_is_stored_with_its_time_and_an_unchanged_one_is_not_repeated() {
    let f = fixture().await;
    let id = sent(
        &f.state,
        Provider::Hireflix,
        "pos1",
        "a@example.com",
        &[("id", "iv1")],
    );
    let answer = |status: &str, answered: Value| json!({"data": {"interview": {"id": "iv1", "status": status, "answered": answered, "completed": null, "score": null, "url": {"public": "https://app.hireflix.com/iv1"}}}});
    for (status, answered, stage) in [
        ("pending", Value::Null, Stage::NotStarted),
        ("pending", Value::Null, Stage::NotStarted),
        ("pending", json!(1720601577000_u64), Stage::Started),
    ] {
        let body = answer(status, answered);
        let guard = Mock::given(method("POST"))
            .and(path("/me"))
            .and(header("X-API-KEY", KEY))
            .and(body_json(
                json!({"query": providers::hireflix::INTERVIEW_QUERY, "variables": {"id": "iv1"}}),
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount_as_scoped(&f.server)
            .await;
        let (_, report) = collect();
        f.follow_up.refresh(&[id], report).await.unwrap();
        drop(guard);
        let st = f.state.db.get(id).unwrap().unwrap().status.unwrap();
        assert_eq!(st.stage, Some(stage));
    }
    let st = f.state.db.get(id).unwrap().unwrap().status.unwrap();
    let stages: Vec<Stage> = st.changes.iter().map(|c| c.stage).collect();
    assert_eq!(stages, [Stage::NotStarted, Stage::Started]);
    assert!(st.started_at.is_some());
}

#[tokio::test]
async fn interviewflow_is_asked_through_the_fetch_api_with_the_interviewer_and_interview() {
    let f = fixture().await;
    let id = sent(
        &f.state,
        Provider::Interviewflow,
        "job-1",
        "a@example.com",
        &[("id", "iv-9"), ("jobId", "job-1")],
    );
    Mock::given(method("POST"))
        .and(path("/api/external/fetch/candidates"))
        .and(header("X-API-KEY", KEY))
        .and(body_json(
            json!({"interviewerId": "job-1", "interviewId": "iv-9", "page": 1, "limit": 1}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"data": [{"id": "iv-9", "status": "completed", "score": 82}]}),
            ),
        )
        .expect(1)
        .mount(&f.server)
        .await;
    let (_, report) = collect();
    let s = f.follow_up.refresh(&[id], report).await.unwrap();
    assert_eq!(s.checked, 1);
    let st = f.state.db.get(id).unwrap().unwrap().status.unwrap();
    assert_eq!(
        (st.stage, st.score.as_deref()),
        (Some(Stage::Completed), Some("82"))
    );
}

#[tokio::test]
async fn tidyhire_apploi_and_unsent_rows_are_skipped_with_a_plain_reason_and_nothing_is_asked() {
    let f = fixture().await;
    let t = sent(
        &f.state,
        Provider::Tidyhire,
        "JOB-1",
        "a@example.com",
        &[("project_id", "p1")],
    );
    let a = sent(
        &f.state,
        Provider::Apploi,
        "265733753",
        "b@example.com",
        &[],
    );
    let failed = f
        .state
        .db
        .insert_pending(&NewInvite {
            account: Default::default(),
            provider: Provider::Xobin,
            candidate_name: "C".into(),
            candidate_email: "c@example.com".into(),
            job_ref: "305".into(),
            job_name: None,
            scheduled_at: None,
            start_at: None,
            expiry_at: None,
            zone: None,
        })
        .unwrap();
    f.state
        .db
        .mark_failed(
            failed,
            &invite_desk::error::AppError::new(ErrorKind::Vendor, "no"),
            false,
        )
        .unwrap();
    let (rows, report) = collect();
    let s = f.follow_up.refresh(&[t, a, failed], report).await.unwrap();
    assert_eq!((s.checked, s.skipped), (0, 3));
    let errors: Vec<String> = rows
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.error.clone().unwrap())
        .collect();
    assert!(errors[0].contains("webhook"), "{}", errors[0]);
    assert!(errors[1].contains("calendar"), "{}", errors[1]);
    assert!(errors[2].contains("Failed"), "{}", errors[2]);
    assert!(f.server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_429_makes_the_vendor_wait_its_retry_after_and_the_row_is_asked_again() {
    let f = fixture().await;
    let id = sent(
        &f.state,
        Provider::Hireflix,
        "pos1",
        "a@example.com",
        &[("id", "iv1")],
    );
    Mock::given(method("POST"))
        .and(path("/me"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&f.server)
        .await;
    Mock::given(method("POST"))
        .and(path("/me"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture_json("hireflix_interview.json")),
        )
        .mount(&f.server)
        .await;
    let started = Instant::now();
    let (_, report) = collect();
    let s = f.follow_up.refresh(&[id], report).await.unwrap();
    assert_eq!(s.checked, 1);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(f.server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_last_good_status_and_says_why() {
    let f = fixture().await;
    let id = sent(
        &f.state,
        Provider::Hireflix,
        "pos1",
        "a@example.com",
        &[("id", "iv1")],
    );
    let ok = Mock::given(method("POST"))
        .and(path("/me"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture_json("hireflix_interview.json")),
        )
        .mount_as_scoped(&f.server)
        .await;
    let (_, report) = collect();
    f.follow_up.refresh(&[id], report).await.unwrap();
    drop(ok);
    Mock::given(method("POST"))
        .and(path("/me"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "internal"})))
        .mount(&f.server)
        .await;
    let (rows, report) = collect();
    let s = f.follow_up.refresh(&[id], report).await.unwrap();
    assert_eq!(s.failed, 1);
    assert!(rows.lock().unwrap()[0]
        .error
        .as_deref()
        .unwrap()
        .contains("internal"));
    let st = f.state.db.get(id).unwrap().unwrap().status.unwrap();
    assert_eq!(
        st.stage,
        Some(Stage::Completed),
        "the last good status stays"
    );
    assert!(st.error.unwrap().contains("Nothing changed"));
    assert_eq!(f.state.db.get(id).unwrap().unwrap().outcome, Outcome::Sent);
}

#[tokio::test]
async fn at_most_four_status_calls_per_vendor_are_on_their_way_at_once() {
    let f = fixture().await;
    let ids: Vec<i64> = (0..12)
        .map(|i| {
            sent(
                &f.state,
                Provider::Hireflix,
                "pos1",
                &format!("c{i}@example.com"),
                &[("id", &format!("iv{i}"))],
            )
        })
        .collect();
    let live = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let peak = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (l, pk) = (live.clone(), peak.clone());
    Mock::given(method("POST"))
        .and(path("/me"))
        .respond_with(move |_: &Request| {
            use std::sync::atomic::Ordering::SeqCst;
            let now = l.fetch_add(1, SeqCst) + 1;
            pk.fetch_max(now, SeqCst);
            std::thread::sleep(Duration::from_millis(60));
            l.fetch_sub(1, SeqCst);
            ResponseTemplate::new(200).set_body_json(fixture_json("hireflix_interview.json"))
        })
        .mount(&f.server)
        .await;
    let (_, report) = collect();
    let s = f.follow_up.refresh(&ids, report).await.unwrap();
    assert_eq!(s.checked, 12);
    let peak = peak.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        (1..=follow_up::REFRESH_CONCURRENCY).contains(&peak),
        "peak {peak}"
    );
}

// ---- Revoke ---------------------------------------------------------------------------------

#[tokio::test]
async fn a_revoke_sends_the_integer_response_id_and_each_answer_is_told_in_plain_words() {
    let f = fixture().await;
    let id = sent(
        &f.state,
        Provider::Xobin,
        "305",
        "a@example.com",
        &[("response_id", "7421")],
    );
    let record = f.follow_up.revocable(id).unwrap();
    assert!(follow_up::revoke_question(&record, true).contains("Alex Tanaka <a@example.com>"));
    for (fixture_name, http, revoked) in [
        ("xobin_revoke_not_allowed.json", 200, false),
        ("xobin_revoke.json", 200, true),
    ] {
        let guard = Mock::given(method("PATCH"))
            .and(path("/api/v2/ai-interviews/invite/revoke"))
            .and(header("apiKey", KEY))
            .and(body_json(
                json!({"response_id": 7421, "notify_candidate": false}),
            ))
            .respond_with(ResponseTemplate::new(http).set_body_json(fixture_json(fixture_name)))
            .expect(1)
            .mount_as_scoped(&f.server)
            .await;
        let r = f.follow_up.revoke(&record, false).await.unwrap();
        drop(guard);
        assert_eq!(r.answer.is_revoked(), revoked, "{fixture_name}");
        if !revoked {
            assert!(matches!(r.answer, RevokeAnswer::NotAllowed { .. }));
            assert!(r.message.contains("2025-06-30"), "{}", r.message);
        }
    }
    let st = f.state.db.get(id).unwrap().unwrap();
    assert_eq!(st.status.unwrap().stage, Some(Stage::Revoked));
    assert_eq!(
        st.outcome,
        Outcome::Sent,
        "revoking does not rewrite the send outcome"
    );
    // Other vendors cannot revoke from Invite Desk; an unsent invite cannot be revoked.
    let h = sent(
        &f.state,
        Provider::Hireflix,
        "pos1",
        "h@example.com",
        &[("id", "iv1")],
    );
    assert!(f
        .follow_up
        .revocable(h)
        .unwrap_err()
        .message
        .contains("Hireflix"));
}
