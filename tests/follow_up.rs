//! Following up on a real data folder against a local mock Xobin: the re-invite with a new
//! window (revoke, then one new invite, the rows linked; Xobin's NOT_ALLOWED asks before a
//! second invite), and templates that survive reopening the history.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use std::sync::{Arc, Mutex};
use std::time::Duration;

use invite_desk::commands::reinvite::reinvite_with;
use invite_desk::follow_up::reinvite::ReinviteResult;
use invite_desk::follow_up::FollowUp;
use invite_desk::invite::{self, SendResult};
use invite_desk::message::{Template, TemplateKind};
use invite_desk::providers::{self, InviteForm, Provider};
use invite_desk::schedule::WallTime;
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::state::AppState;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn open(dir: &std::path::Path) -> AppState {
    let secrets = Arc::new(MemoryStore::new());
    secrets.set(Provider::Xobin, "FOLLOW-UP-KEY-0001").unwrap();
    let http = providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).unwrap();
    AppState::open(dir, secrets, http).unwrap()
}

async fn with_xobin() -> (tempfile::TempDir, AppState, MockServer) {
    let dir = tempfile::tempdir().unwrap();
    let state = open(dir.path());
    let server = MockServer::start().await;
    let mut s = state.settings.get();
    s.base_urls
        .insert(Provider::Xobin, format!("{}/api/v2", server.uri()));
    state.settings.save(s).unwrap();
    (dir, state, server)
}

fn invited(response_id: u64, link: &str) -> Value {
    json!({
        "email": "alex@example.com", "ai_interview_id": 305, "ai_interview_name": "Data Analyst",
        "response_id": response_id, "invite_link": link, "name": "Alex Tanaka",
        "status": "Invite Link created"
    })
}

/// Sends the first invite (expiring 2030-07-12) and returns its row id.
async fn first_invite(state: &AppState, server: &MockServer) -> i64 {
    let m = Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(invited(7421, "https://x.xobin.com/i/first")),
        )
        .up_to_n_times(1)
        .mount_as_scoped(server)
        .await;
    let form: InviteForm = serde_json::from_value(json!({
        "provider": "xobin", "candidateName": "Alex Tanaka", "candidateEmail": "alex@example.com",
        "aiInterviewId": "305", "inviteFormat": "getlink",
        "expiry": {"date": "2030-07-12", "time": "18:00", "zone": "Europe/London"}
    }))
    .unwrap();
    let id = match invite::send(state, None, form, false, None).await.unwrap() {
        SendResult::Sent { record_id, .. } => record_id,
        other => panic!("{other:?}"),
    };
    drop(m);
    id
}

fn new_window() -> WallTime {
    serde_json::from_value(json!({"date": "2030-07-20", "time": "21:30", "zone": "Europe/London"}))
        .unwrap()
}

#[tokio::test]
async fn a_xobin_reinvite_revokes_then_sends_one_new_invite_with_the_new_expiry_linked() {
    let (_dir, state, server) = with_xobin().await;
    let first = first_invite(&state, &server).await;
    Mock::given(method("PATCH"))
        .and(path("/api/v2/ai-interviews/invite/revoke"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "REVOKED", "message": "ok"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(invited(7500, "https://x.xobin.com/i/new")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let follow_up = FollowUp::new(&state);
    let asked = Mutex::new(Vec::new());
    let result = reinvite_with(&state, None, &follow_up, first, new_window(), |q| {
        asked.lock().unwrap().push(q);
        async { true }
    })
    .await
    .unwrap();
    let ReinviteResult::Sent {
        record_id,
        replaces,
        link,
        ..
    } = result
    else {
        panic!("{result:?}");
    };
    assert_eq!(replaces, first);
    assert_eq!(link.as_deref(), Some("https://x.xobin.com/i/new"));
    let asked = asked.into_inner().unwrap();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        asked[0].contains("Alex Tanaka <alex@example.com> was invited"),
        "{}",
        asked[0]
    );
    // The mock saw the first invite, then the revoke, then one new invite with the new expiry
    // (21:30 in London in July is 20:30 GMT).
    let seen = server.received_requests().await.unwrap();
    let calls: Vec<(String, String)> = seen
        .iter()
        .map(|r| (r.method.to_string(), r.url.path().to_string()))
        .collect();
    assert_eq!(
        calls,
        [
            (
                "POST".to_string(),
                "/api/v2/ai-interviews/invite".to_string()
            ),
            ("PATCH".into(), "/api/v2/ai-interviews/invite/revoke".into()),
            ("POST".into(), "/api/v2/ai-interviews/invite".into()),
        ]
    );
    let revoke: Value = serde_json::from_slice(&seen[1].body).unwrap();
    assert_eq!(revoke["response_id"], 7421);
    let again: Value = serde_json::from_slice(&seen[2].body).unwrap();
    assert_eq!(again["expiry_date"], "2030-07-20 20:30");
    assert_eq!(again["candidate_email"], "alex@example.com");
    // Both rows are linked; the first is revoked and off the board.
    let new_row = state.db.get(record_id).unwrap().unwrap();
    assert_eq!(new_row.replaces_id, Some(first));
    assert_eq!(state.db.replaced_by(first).unwrap(), Some(record_id));
    let old = state.db.status_of(first).unwrap().unwrap();
    assert_eq!(old.vendor_status.as_deref(), Some("REVOKED"));
    // A second click on the first invite is refused: it was already replaced.
    let again = reinvite_with(&state, None, &follow_up, first, new_window(), |_| async {
        true
    })
    .await
    .unwrap_err();
    assert!(
        again.message.contains("already re-invited"),
        "{}",
        again.message
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn an_already_revoked_first_invite_asks_the_duplicate_question_before_sending() {
    // A re-invite whose new send came back `unknown` leaves the first invite revoked and no
    // row linked: the next click must not send a second new invite without asking.
    let (_dir, state, server) = with_xobin().await;
    let first = first_invite(&state, &server).await;
    Mock::given(method("PATCH"))
        .and(path("/api/v2/ai-interviews/invite/revoke"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": "ALREADY_REVOKED", "message": "Invite already revoked"}),
        ))
        .mount(&server)
        .await;
    let follow_up = FollowUp::new(&state);
    let asked = Mutex::new(Vec::new());
    // Yes to the re-invite, no to the duplicate question.
    let result = reinvite_with(&state, None, &follow_up, first, new_window(), |q| {
        let mut a = asked.lock().unwrap();
        a.push(q);
        let yes = a.len() == 1;
        async move { yes }
    })
    .await
    .unwrap();
    assert!(
        matches!(result, ReinviteResult::NotSent { .. }),
        "{result:?}"
    );
    let asked = asked.into_inner().unwrap();
    assert_eq!(asked.len(), 2, "{asked:?}");
    let seen = server.received_requests().await.unwrap();
    assert_eq!(seen.len(), 2, "the first invite and the revoke only");
}

#[tokio::test]
async fn xobin_not_allowed_asks_before_spending_a_second_invite() {
    let (_dir, state, server) = with_xobin().await;
    let first = first_invite(&state, &server).await;
    Mock::given(method("PATCH"))
        .and(path("/api/v2/ai-interviews/invite/revoke"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": "NOT_ALLOWED", "message": "The candidate has started"}),
        ))
        .mount(&server)
        .await;
    let follow_up = FollowUp::new(&state);
    let asked = Mutex::new(Vec::new());
    // Yes to the re-invite, no to the second invite.
    let result = reinvite_with(&state, None, &follow_up, first, new_window(), |q| {
        let mut a = asked.lock().unwrap();
        a.push(q);
        let yes = a.len() == 1;
        async move { yes }
    })
    .await
    .unwrap();
    assert!(
        matches!(result, ReinviteResult::NotRevoked { .. }),
        "{result:?}"
    );
    let asked = asked.into_inner().unwrap();
    assert_eq!(asked.len(), 2);
    assert!(
        asked[1].contains("Send a second invite anyway?"),
        "{}",
        asked[1]
    );
    let seen = server.received_requests().await.unwrap();
    assert_eq!(seen.len(), 2, "the first invite and the revoke only");
    // A "no" at the first question calls nobody.
    let kept = reinvite_with(&state, None, &follow_up, first, new_window(), |_| async {
        false
    })
    .await
    .unwrap();
    assert!(matches!(kept, ReinviteResult::Kept));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_reinvite_of_an_invite_not_in_history_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = open(dir.path());
    let follow_up = FollowUp::new(&state);
    let e = follow_up.reinvitable(999).unwrap_err();
    assert!(e.message.contains("not in History"), "{}", e.message);
}

#[test]
fn templates_survive_reopening_the_history_and_salary_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let t = Template {
        id: 0,
        kind: TemplateKind::Reminder,
        provider: Some(Provider::Hireflix),
        job_ref: Some("pos-9".into()),
        language: "de".into(),
        subject: "Erinnerung: {job}".into(),
        body: "Hallo {first_name},\n{link}\n{expiry_line}".into(),
        built_in: false,
    };
    let saved = {
        let state = open(dir.path());
        let follow_up = FollowUp::new(&state);
        let e = follow_up
            .save_template(&Template {
                body: "Pay: {salary}".into(),
                ..t.clone()
            })
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("body"));
        assert!(e.message.contains("{salary}"), "{}", e.message);
        let saved = follow_up.save_template(&t).unwrap();
        let dup = follow_up.save_template(&t).unwrap_err();
        assert!(dup.message.contains("exists already"), "{}", dup.message);
        saved
    };
    let state = open(dir.path());
    let follow_up = FollowUp::new(&state);
    let list = follow_up.templates().unwrap();
    assert_eq!(list.stored, vec![saved.clone()]);
    assert_eq!(list.built_in.len(), 18);
    // Export, delete, import: it comes back; a second import replaces rather than adds.
    let json = follow_up.export_templates().unwrap();
    assert!(follow_up.delete_template(saved.id).unwrap());
    let r = follow_up.import_templates(&json).unwrap();
    assert_eq!((r.added, r.replaced, r.refused.len()), (1, 0, 0));
    let r = follow_up.import_templates(&json).unwrap();
    assert_eq!((r.added, r.replaced), (0, 1));
    let bad = json.replace("{link}", "{salary}");
    let r = follow_up.import_templates(&bad).unwrap();
    assert!(r.refused[0].contains("{salary}"), "{:?}", r.refused);
    // A file of 501 templates is refused whole, naming the count.
    let one: Value = serde_json::from_str::<Vec<Value>>(&json).unwrap()[0].clone();
    let many = serde_json::to_string(&vec![one; 501]).unwrap();
    let e = follow_up.import_templates(&many).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("file"));
    assert!(e.message.contains("holds 501 templates"), "{}", e.message);
}
