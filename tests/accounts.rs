//! Several accounts per vendor on a real data folder (SQLite file, settings file) against two
//! local mock Xobins (and two Hireflixes) with different keys: a send, a batch and a picker reach
//! only the account chosen; a refresh, a revoke and a re-invite reach the account the row was sent
//! through, whatever is selected now; the duplicate guard tells the same account from another; a
//! data folder written before accounts existed starts with "Default" accounts and sends without
//! retyping a key; removing an account deletes its key and keeps its rows; no key's bytes end up
//! in the SQLite file, the settings, an export or an answer to the web view.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use std::sync::Arc;
use std::time::Duration;

use invite_desk::accounts::{self, DEFAULT_ID};
use invite_desk::bulk::{columns, read, Bulk};
use invite_desk::error::ErrorKind;
use invite_desk::follow_up::FollowUp;
use invite_desk::history::HistoryQuery;
use invite_desk::invite::{self, SendRequest, SendResult};
use invite_desk::providers::{self, InviteForm, Provider};
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::state::AppState;
use invite_desk::vendor_accounts;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY_A: &str = "ACME-KEY-CANARY-1111";
const KEY_B: &str = "GLOBEX-KEY-CANARY-2222";

fn xobin_form(email: &str) -> InviteForm {
    serde_json::from_value(json!({
        "provider": "xobin",
        "candidateName": "Alex Tanaka",
        "candidateEmail": email,
        "aiInterviewId": "305",
        "inviteFormat": "getlink",
    }))
    .unwrap()
}

fn xobin_ok(email: &str, response_id: u32) -> Value {
    json!({
        "email": email, "ai_interview_id": 305, "ai_interview_name": "Senior Data Engineer",
        "response_id": response_id,
        "invite_link": format!("https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken={response_id}"),
        "name": "Alex Tanaka", "status": "Invite Link created"
    })
}

/// Mounts Xobin's invite endpoint on `server`, answering only requests with `key`.
async fn accept_invites(server: &MockServer, key: &str, response_id: u32) {
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .and(header("apiKey", key))
        .respond_with(move |r: &wiremock::Request| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            let email = body["candidate_email"].as_str().unwrap_or("").to_string();
            ResponseTemplate::new(200).set_body_json(xobin_ok(&email, response_id))
        })
        .mount(server)
        .await;
}

struct Fixture {
    dir: tempfile::TempDir,
    state: AppState,
    secrets: Arc<MemoryStore>,
    a: MockServer,
    b: MockServer,
    /// The second Xobin account's id.
    globex: String,
}

/// Xobin's Default account ("Acme") at mock A with key A, and "Globex" at mock B with key B.
async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemoryStore::new());
    secrets.set(Provider::Xobin, KEY_A).unwrap();
    let state = AppState::open(
        &dir.path().join("data"),
        secrets.clone(),
        providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).unwrap(),
    )
    .unwrap();
    let (a, b) = (MockServer::start().await, MockServer::start().await);
    let mut s = state.settings.get();
    s.base_urls
        .insert(Provider::Xobin, format!("{}/api/v2", a.uri()));
    state.settings.save(s).unwrap();
    vendor_accounts::rename(&state, Provider::Xobin, DEFAULT_ID.into(), "Acme".into())
        .await
        .unwrap();
    let globex = vendor_accounts::add(
        &state,
        Provider::Xobin,
        "Globex".into(),
        Some(format!("{}/api/v2", b.uri())),
    )
    .await
    .unwrap()
    .id;
    let saved =
        vendor_accounts::save_key(&state, Provider::Xobin, globex.clone(), KEY_B.into(), false)
            .await
            .unwrap();
    assert!(saved.saved);
    Fixture {
        dir,
        state,
        secrets,
        a,
        b,
        globex,
    }
}

async fn send(f: &Fixture, email: &str, account: Option<&str>) -> SendResult {
    let request = SendRequest {
        form: xobin_form(email),
        account: account.map(str::to_string),
        allow_duplicate: false,
        team_version: None,
    };
    invite::send_request(&f.state, None, request).await.unwrap()
}

fn sent_id(r: &SendResult) -> i64 {
    match r {
        SendResult::Sent { record_id, .. } => *record_id,
        other => panic!("not sent: {other:?}"),
    }
}

#[tokio::test]
async fn an_invite_through_one_account_reaches_only_its_vendor_account_with_its_key() {
    let f = fixture().await;
    accept_invites(&f.b, KEY_B, 9002).await;
    let id = sent_id(&send(&f, "kim@example.com", Some(&f.globex)).await);
    assert_eq!(
        f.a.received_requests().await.unwrap().len(),
        0,
        "A untouched"
    );
    let got = f.b.received_requests().await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].headers.get("apiKey").unwrap(), KEY_B);
    let row = f.state.db.get(id).unwrap().unwrap();
    assert_eq!(row.account.as_deref(), Some(f.globex.as_str()));
    assert_eq!(row.account_label, "Globex");
    assert_eq!(row.via(), "Xobin (Globex)");
    // The account is remembered: the next send without one goes through Globex again.
    assert_eq!(
        f.state.settings.get().last_account.get(&Provider::Xobin),
        Some(&f.globex)
    );
    sent_id(&send(&f, "lee@example.com", None).await);
    assert_eq!(f.b.received_requests().await.unwrap().len(), 2);
    assert_eq!(f.a.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn refresh_revoke_and_reinvite_use_the_rows_account_even_while_another_is_selected() {
    let f = fixture().await;
    accept_invites(&f.a, KEY_A, 7421).await;
    let id = sent_id(&send(&f, "kim@example.com", Some(DEFAULT_ID)).await);
    // Globex is now the one selected (used last).
    accept_invites(&f.b, KEY_B, 9002).await;
    sent_id(&send(&f, "other@example.com", Some(&f.globex)).await);
    assert_eq!(
        f.state.settings.get().last_account.get(&Provider::Xobin),
        Some(&f.globex)
    );
    Mock::given(method("GET"))
        .and(path("/api/v2/ai-interviews/invited/305"))
        .and(header("apiKey", KEY_A))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"ai_interview_id": 305, "candidate_id": 99102, "invite_status": "Pending",
             "last_updated_at": "Thu, 10 Jul 2025 11:52:57 GMT", "response_id": 7421}
        ])))
        .expect(1)
        .mount(&f.a)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/api/v2/ai-interviews/invite/revoke"))
        .and(header("apiKey", KEY_A))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"status": "REVOKED", "message": "Invite revoked successfully."}),
            ),
        )
        .expect(2)
        .mount(&f.a)
        .await;
    let follow_up = FollowUp::new(&f.state);
    let s = follow_up.refresh(&[id], |_| {}).await.unwrap();
    assert_eq!((s.checked, s.failed), (1, 0), "{s:?}");
    let record = follow_up.revocable(id).unwrap();
    let r = follow_up.revoke(&record, false).await.unwrap();
    assert!(r.answer.is_revoked(), "{}", r.message);
    // A re-invite with a new window: revoked and sent again through A, the row's account.
    let a_invites = |reqs: &[wiremock::Request]| {
        reqs.iter()
            .filter(|r| r.url.path() == "/api/v2/ai-interviews/invite")
            .count()
    };
    let before = a_invites(&f.a.received_requests().await.unwrap());
    let expiry: invite_desk::schedule::WallTime = serde_json::from_value(
        json!({"date": "2030-07-20", "time": "18:00", "zone": "Europe/Paris"}),
    )
    .unwrap();
    let again = invite_desk::commands::reinvite::reinvite_with(
        &f.state,
        None,
        &follow_up,
        id,
        expiry,
        |_| async { true },
    )
    .await
    .unwrap();
    assert!(
        matches!(
            again,
            invite_desk::follow_up::reinvite::ReinviteResult::Sent { .. }
        ),
        "{again:?}"
    );
    assert_eq!(
        a_invites(&f.a.received_requests().await.unwrap()),
        before + 1
    );
    // B saw only its own invite; every read and the revoke went to A with A's key.
    let b_paths: Vec<String> =
        f.b.received_requests()
            .await
            .unwrap()
            .iter()
            .map(|r| r.url.path().to_string())
            .collect();
    assert_eq!(b_paths, ["/api/v2/ai-interviews/invite"]);
    for r in f.a.received_requests().await.unwrap() {
        assert_eq!(r.headers.get("apiKey").unwrap(), KEY_A, "{}", r.url);
    }
}

#[tokio::test]
async fn a_batch_through_one_account_never_touches_the_other() {
    let f = fixture().await;
    accept_invites(&f.b, KEY_B, 9002).await;
    let bulk = Bulk::new(&f.state);
    let sheet =
        read::read_pasted("Name\tEmail\nAna López\tana@example.com\nBo Li\tbo@example.com\n")
            .unwrap();
    let mapping = columns::suggest(Provider::Xobin.bulk_fields(), &sheet.headers);
    let id = bulk.keep(sheet).id;
    let job = json!({"provider": "xobin", "aiInterviewId": "305", "inviteFormat": "getlink"});
    let summary = bulk
        .send_sheet(
            None,
            id,
            job,
            mapping,
            vec![],
            Some(f.globex.clone()),
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!((summary.sent, summary.failed), (2, 0), "{summary:?}");
    assert_eq!(summary.account, f.globex);
    assert_eq!(f.a.received_requests().await.unwrap().len(), 0);
    let got = f.b.received_requests().await.unwrap();
    assert_eq!(got.len(), 2);
    assert!(got
        .iter()
        .all(|r| r.headers.get("apiKey").unwrap() == KEY_B));
    let rows = f
        .state
        .db
        .query(&HistoryQuery {
            account: Some(f.globex.clone()),
            provider: Some(Provider::Xobin),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        rows.rows.len(),
        2,
        "History's account filter finds the batch"
    );
    assert!(rows.rows.iter().all(|r| r.account_label == "Globex"));
}

#[tokio::test]
async fn the_guard_asks_about_the_same_account_and_notes_another_naming_it() {
    let f = fixture().await;
    accept_invites(&f.a, KEY_A, 7421).await;
    accept_invites(&f.b, KEY_B, 9002).await;
    sent_id(&send(&f, "kim@example.com", Some(DEFAULT_ID)).await);
    // The same account: today's question.
    match send(&f, "kim@example.com", Some(DEFAULT_ID)).await {
        SendResult::Confirm { question, .. } => {
            assert!(question.contains("via Xobin (Acme)"), "{question}")
        }
        other => panic!("expected a question, got {other:?}"),
    }
    // Another account of the vendor: sent, with a note naming the account it went through.
    match send(&f, "kim@example.com", Some(&f.globex)).await {
        SendResult::Sent { notes, .. } => assert!(
            notes
                .iter()
                .any(|n| n.contains("was invited on") && n.contains("via Xobin (Acme)")),
            "{notes:?}"
        ),
        other => panic!("expected a send, got {other:?}"),
    }
    // With "ask across accounts" on, a third account's invite is a question too.
    let mut s = f.state.settings.get();
    s.ask_across_accounts = true;
    f.state.settings.save(s).unwrap();
    let third = vendor_accounts::add(&f.state, Provider::Xobin, "Initech".into(), None)
        .await
        .unwrap();
    assert!(matches!(
        send(&f, "kim@example.com", Some(&third.id)).await,
        SendResult::Confirm { .. }
    ));
}

#[tokio::test]
async fn one_key_saved_for_two_accounts_is_asked_about_and_labels_are_checked() {
    let f = fixture().await;
    let third = vendor_accounts::add(&f.state, Provider::Xobin, "Initech".into(), None)
        .await
        .unwrap();
    let r = vendor_accounts::save_key(
        &f.state,
        Provider::Xobin,
        third.id.clone(),
        KEY_B.into(),
        false,
    )
    .await
    .unwrap();
    assert!(!r.saved);
    assert_eq!(r.shared_with.as_deref(), Some("Globex"));
    assert!(f
        .secrets
        .get_entry(&accounts::key_entry(Provider::Xobin, &third.id))
        .unwrap()
        .is_none());
    let r = vendor_accounts::save_key(
        &f.state,
        Provider::Xobin,
        third.id.clone(),
        KEY_B.into(),
        true,
    )
    .await
    .unwrap();
    assert!(r.saved);
    let e = vendor_accounts::add(&f.state, Provider::Xobin, " globex ".into(), None)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("label"));
    let e = vendor_accounts::remove(&f.state, Provider::Xobin, DEFAULT_ID.into())
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("account"));
}

#[tokio::test]
async fn removing_an_account_deletes_its_key_and_keeps_its_rows_labelled() {
    let f = fixture().await;
    accept_invites(&f.b, KEY_B, 9002).await;
    let id = sent_id(&send(&f, "kim@example.com", Some(&f.globex)).await);
    let n = vendor_accounts::remove(&f.state, Provider::Xobin, f.globex.clone())
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert!(f
        .secrets
        .get_entry(&accounts::key_entry(Provider::Xobin, &f.globex))
        .unwrap()
        .is_none());
    let listed = vendor_accounts::list(&f.state).await.unwrap();
    assert!(!listed.iter().any(|a| a.id == f.globex));
    let row = f.state.db.get(id).unwrap().unwrap();
    assert_eq!(row.account_label, "Globex");
    // Its invite cannot be refreshed through another account: the words say which and why.
    let follow_up = FollowUp::new(&f.state);
    let mut errors = Vec::new();
    let seen = std::sync::Mutex::new(&mut errors);
    follow_up
        .refresh(&[id], |row| seen.lock().unwrap().push(row.error))
        .await
        .unwrap();
    let said = errors[0].clone().unwrap();
    assert!(said.contains("“Globex”"), "{said}");
    // A send through it is refused, naming the field; the removed account stays removed.
    let request = SendRequest {
        form: xobin_form("new@example.com"),
        account: Some(f.globex.clone()),
        allow_duplicate: false,
        team_version: None,
    };
    let e = invite::send_request(&f.state, None, request)
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::Validation, Some("account"))
    );
    assert_eq!(f.b.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn hireflix_positions_are_listed_per_account() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemoryStore::new());
    secrets.set(Provider::Hireflix, KEY_A).unwrap();
    let state = AppState::open(
        &dir.path().join("data"),
        secrets,
        providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).unwrap(),
    )
    .unwrap();
    let (a, b) = (MockServer::start().await, MockServer::start().await);
    for (server, key, name) in [(&a, KEY_A, "Acme Analyst"), (&b, KEY_B, "Globex Engineer")] {
        Mock::given(method("POST"))
            .and(path("/me"))
            .and(header("X-API-KEY", key))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"data": {"positions": [
                    {"id": format!("{name}-id"), "name": name, "archived": null}
                ]}})),
            )
            .mount(server)
            .await;
    }
    let mut s = state.settings.get();
    s.base_urls
        .insert(Provider::Hireflix, format!("{}/me", a.uri()));
    state.settings.save(s).unwrap();
    let globex = vendor_accounts::add(
        &state,
        Provider::Hireflix,
        "Globex".into(),
        Some(format!("{}/me", b.uri())),
    )
    .await
    .unwrap();
    vendor_accounts::save_key(
        &state,
        Provider::Hireflix,
        globex.id.clone(),
        KEY_B.into(),
        false,
    )
    .await
    .unwrap();
    let follow_up = FollowUp::new(&state);
    let of_b = follow_up
        .positions(Some(&globex.id), "", false, false)
        .await
        .unwrap();
    assert_eq!(of_b.positions[0].name, "Globex Engineer");
    let of_a = follow_up
        .positions(Some(DEFAULT_ID), "", false, false)
        .await
        .unwrap();
    assert_eq!(of_a.positions[0].name, "Acme Analyst");
    // Cached per account: asking B again does not reach A.
    follow_up
        .positions(Some(&globex.id), "", false, false)
        .await
        .unwrap();
    assert_eq!(a.received_requests().await.unwrap().len(), 1);
    assert_eq!(b.received_requests().await.unwrap().len(), 1);
    // "Test" asks the account's own vendor account with its own key.
    let said = vendor_accounts::test(&state, Provider::Hireflix, globex.id.clone())
        .await
        .unwrap();
    assert!(said.contains("accepted the key"), "{said}");
    assert_eq!(b.received_requests().await.unwrap().len(), 2);
}

/// A data folder as the release before accounts wrote it: the history at schema 10 with a sent
/// row, a settings file without any account field, the key under the vendor's own entry.
#[tokio::test]
async fn a_data_folder_from_before_accounts_starts_with_default_accounts_and_sends_without_retyping(
) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let server = MockServer::start().await;
    {
        let conn = rusqlite::Connection::open(data.join("history.sqlite3")).unwrap();
        for m in &invite_desk::history::MIGRATIONS[..10] {
            conn.execute_batch(m.sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 10).unwrap();
        conn.execute(
            "INSERT INTO invites (provider, candidate_name, candidate_email, job_ref, outcome,
                 link, vendor_ids, created_at, updated_at)
             VALUES ('xobin', 'Old Row', 'old@example.com', '305', 'sent',
                 'https://acme.xobin.com/i/1', '{\"response_id\":\"7000\"}',
                 '2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z')",
            [],
        )
        .unwrap();
    }
    let old_settings = json!({
        "baseUrls": {"xobin": format!("{}/api/v2", server.uri())},
        "xobinInviteFormat": "getlink", "autoCopy": true, "lastZone": "Europe/Paris",
        "bulkConcurrency": 4, "bulkTidyhireChunk": 25, "retentionDays": null,
        "followUp": {"expiryHours": 24, "lookbackDays": 30, "digest": false,
                     "digestTime": "09:00", "company": "", "sender": ""}
    });
    std::fs::write(data.join("settings.json"), old_settings.to_string()).unwrap();
    let secrets = Arc::new(MemoryStore::new());
    secrets.set_entry("xobin", KEY_A).unwrap();
    let state = AppState::open(
        &data,
        secrets,
        providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).unwrap(),
    )
    .unwrap();
    assert!(
        state.notices.is_empty(),
        "no notice on upgrade: {:?}",
        state.notices
    );
    let listed = vendor_accounts::list(&state).await.unwrap();
    let xobin: Vec<_> = listed
        .iter()
        .filter(|a| a.provider == Provider::Xobin)
        .collect();
    assert_eq!(xobin.len(), 1);
    assert_eq!(
        (xobin[0].id.as_str(), xobin[0].label.as_str()),
        ("default", "Default")
    );
    assert!(
        xobin[0].key_saved,
        "the key saved before accounts is Default's"
    );
    assert_eq!(
        xobin[0].base_url.as_deref(),
        Some(format!("{}/api/v2", server.uri()).as_str())
    );
    // The old row is Default's.
    let old = state
        .db
        .query(&HistoryQuery::default())
        .unwrap()
        .rows
        .pop()
        .unwrap();
    assert_eq!(
        (old.account.as_deref(), old.account_label.as_str()),
        (Some("default"), "Default")
    );
    // It sends without a key being typed again, to the address saved before.
    accept_invites(&server, KEY_A, 7421).await;
    let r = invite::send(&state, None, xobin_form("new@example.com"), false, None)
        .await
        .unwrap();
    assert!(matches!(r, SendResult::Sent { .. }), "{r:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn no_key_bytes_reach_the_history_file_the_settings_an_export_or_the_web_view() {
    let f = fixture().await;
    accept_invites(&f.a, KEY_A, 7421).await;
    accept_invites(&f.b, KEY_B, 9002).await;
    sent_id(&send(&f, "kim@example.com", Some(DEFAULT_ID)).await);
    sent_id(&send(&f, "lee@example.com", Some(&f.globex)).await);
    // A vendor that answers with the key in its error: the message is redacted.
    let request = SendRequest {
        form: xobin_form("bad@example.com"),
        account: Some(f.globex.clone()),
        allow_duplicate: false,
        team_version: None,
    };
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!("bad key {KEY_B}")))
        .with_priority(1)
        .mount(&f.b)
        .await;
    let e = invite::send_request(&f.state, None, request)
        .await
        .unwrap_err();
    let export = f.dir.path().join("export.csv");
    f.state
        .db
        .export_csv_to_file(&HistoryQuery::default(), &export)
        .unwrap();
    let listed = serde_json::to_string(&vendor_accounts::list(&f.state).await.unwrap()).unwrap();
    let settings = serde_json::to_string(&f.state.settings.get()).unwrap();
    drop(f.state);
    let mut places: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(f.dir.path().join("data")).unwrap() {
        let p = entry.unwrap().path();
        places.push((p.display().to_string(), std::fs::read(&p).unwrap()));
    }
    places.push(("export".into(), std::fs::read(&export).unwrap()));
    places.push(("list_accounts".into(), listed.into_bytes()));
    places.push(("get_settings".into(), settings.into_bytes()));
    places.push(("error".into(), format!("{e:?}").into_bytes()));
    assert!(places.len() >= 5);
    for (what, bytes) in &places {
        for key in [KEY_A, KEY_B] {
            // Any 8-byte piece of a key counts, not only the whole key.
            for piece in key.as_bytes().windows(8) {
                assert!(
                    !bytes.windows(8).any(|w| w == piece),
                    "{what} holds part of a key"
                );
            }
        }
    }
}
