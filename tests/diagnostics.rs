//! "Copy diagnostics" after a day's use: invites sent (one failed, one refused by the guard), a
//! team configured with its secret in the keychain, a crash report left behind. The text names
//! the version, the system, the history's size and the log's events — and holds no candidate's
//! email, name or phone, no link, no API key and no team secret or login (scanned for each).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use std::sync::Arc;
use std::time::Duration;

use invite_desk::invite;
use invite_desk::providers::{self, InviteForm, Provider};
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::settings::TeamSettings;
use invite_desk::state::AppState;
use invite_desk::team::Team;
use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "DIAG-XOBIN-KEY-7f3a9c2e41";
const TEAM_SECRET: &str = "team-secret-8d1c0b7a66e54f32";
const LINK: &str = "https://acme.xobin.com/app/copilot/interview/cl/9Q8W?inviteToken=Z7Y6";

fn form(name: &str, email: &str) -> InviteForm {
    serde_json::from_value(json!({
        "provider": "xobin", "candidateName": name, "candidateEmail": email,
        "aiInterviewId": "305", "inviteFormat": "getlink"
    }))
    .unwrap()
}

#[tokio::test]
async fn diagnostics_after_a_days_use_hold_no_candidate_link_key_or_team_secret() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let secrets = Arc::new(MemoryStore::new());
    secrets.set(Provider::Xobin, KEY).unwrap();
    let state = AppState::open(
        &data,
        secrets.clone(),
        providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).unwrap(),
    )
    .unwrap();
    invite_desk::applog::init(&data);
    invite_desk::applog::line("Invite Desk started");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .and(body_partial_json(
            json!({"candidate_email": "renee.francois@example.com"}),
        ))
        .respond_with(
            ResponseTemplate::new(422).set_body_json(
                json!({"message": "Candidate renee.francois@example.com is blocked"}),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "email": "kim.lee@example.com", "ai_interview_id": 305, "response_id": 7421,
            "invite_link": LINK, "name": "Kim Lee", "status": "Invite Link created"
        })))
        .mount(&server)
        .await;
    let mut s = state.settings.get();
    s.base_urls
        .insert(Provider::Xobin, format!("{}/api/v2", server.uri()));
    s.message_template = "Hi {first_name}, call +44 20 7946 0958".into();
    state.settings.save(s).unwrap();

    invite::send(
        &state,
        None,
        form("Kim Lee", "kim.lee@example.com"),
        false,
        None,
    )
    .await
    .unwrap();
    invite::send(
        &state,
        None,
        form("Kim Lee", "kim.lee@example.com"),
        false,
        None,
    )
    .await
    .unwrap();
    let _ = invite::send(
        &state,
        None,
        form("Renée François", "renee.francois@example.com"),
        false,
        None,
    )
    .await;

    // A team set up on this computer (its secret in the keychain; no server needed here).
    let team_settings = TeamSettings {
        url: "postgresql://team.example.com:5432/invitedesk".into(),
        role: "priya_okafor".into(),
    };
    secrets
        .set_team_secret(&team_settings.account(), TEAM_SECRET)
        .unwrap();
    state
        .settings
        .update(|cur| {
            let mut next = cur.clone();
            next.team = Some(team_settings.clone());
            next.follow_up.sender = "Dana Whitfield".into();
            next.follow_up.company = "Whitfield Talent".into();
            next.update_feed =
                Some("https://updates.example.com/latest.json?feedToken=s3cr3t".into());
            next
        })
        .unwrap();
    let team = Team::new(&state);

    // A crash report from an earlier run.
    std::fs::write(
        data.join("logs").join("crash-20261204T090000Z.txt"),
        "Invite Desk 0.1.0 stopped unexpectedly at 2026-12-04T09:00:00Z in src-tauri/x.rs:1: boom",
    )
    .unwrap();

    let text = invite_desk::diagnostics::text(&state, &team, "2.48.0").unwrap();
    for needle in [
        "kim.lee@example.com",
        "Kim Lee",
        "renee.francois",
        "Renée",
        "François",
        "+44 20 7946 0958",
        "7946",
        LINK,
        "inviteToken",
        "acme.xobin.com/app",
        KEY,
        TEAM_SECRET,
        "priya_okafor",
        "Whitfield",
        "feedToken",
        "s3cr3t",
    ] {
        assert!(
            !text.contains(needle),
            "“{needle}” is in the diagnostics:\n{text}"
        );
    }
    for expected in [
        "Invite Desk 0.1.0",
        "WebKitGTK: 2.48.0",
        "History: 2 invites",
        "Team mode: on",
        "\"team\": \"configured, on team.example.com\"",
        "\"updateFeed\": \"on updates.example.com\"",
        "\"sender\": \"(14 characters)\"",
        "invite via xobin: sent",
        "invite via xobin: asked before sending",
        "stopped unexpectedly",
    ] {
        assert!(text.contains(expected), "“{expected}” is missing:\n{text}");
    }
    assert_eq!(invite_desk::applog::new_crashes(&data), 1);
    assert_eq!(
        invite_desk::applog::new_crashes(&data),
        0,
        "each crash is mentioned once"
    );
}
