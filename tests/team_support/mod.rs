//! What the team tests share: a fresh database with the team schema on the throwaway server
//! (scripts/with-postgres.sh), laptops with their own data folders, a Xobin mock that counts
//! requests per candidate, and a TCP fault proxy (`proxy.rs`).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod proxy;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use invite_desk::bulk::Bulk;
use invite_desk::error::ErrorKind;
use invite_desk::history::{HistoryPage, HistoryQuery, TeamFilter};
use invite_desk::invite::{self, SendResult};
use invite_desk::providers::{self, InviteForm, Provider};
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::state::AppState;
use invite_desk::team::{admin, Team};
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const VENDOR_KEY: &str = "TEAM-VENDOR-KEY-CANARY-4242";

pub fn admin_conn() -> String {
    std::env::var("INVITE_DESK_TEST_PG").expect(
        "INVITE_DESK_TEST_PG is not set: run the team tests through scripts/with-postgres.sh \
         (scripts/test.sh does)",
    )
}

pub fn param(conn: &str, key: &str) -> String {
    conn.split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .unwrap()
        .to_string()
}

/// A fresh database with the team schema, and admin access to it.
pub struct Server {
    pub db: String,
    pub admin: String,
    pub port: String,
}

pub async fn server() -> Server {
    let base = admin_conn();
    let db = format!("t_{}", &Uuid::new_v4().simple().to_string()[..12]);
    let (c, conn) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    c.batch_execute(&format!("CREATE DATABASE {db}"))
        .await
        .unwrap();
    let admin = base.replace("dbname=postgres", &format!("dbname={db}"));
    Server {
        db,
        port: param(&base, "port"),
        admin,
    }
}

impl Server {
    pub fn url(&self) -> String {
        format!("postgresql://127.0.0.1:{}/{}", self.port, self.db)
    }

    pub async fn admin(&self, args: &[&str]) -> String {
        let mut all = vec![args[0].to_string(), self.admin.clone()];
        all.extend(args[1..].iter().map(|s| s.to_string()));
        admin::run(&all)
            .await
            .unwrap_or_else(|e| panic!("admin {args:?}: {e:?}"))
    }

    pub async fn init(&self, team: &str, extra: &[&str]) {
        let mut a = vec!["init", team];
        a.extend(extra);
        self.admin(&a).await;
    }

    /// A new login in `team`; returns (login, one-time password).
    pub async fn member(&self, team: &str, name: &str) -> (String, String) {
        let login = format!(
            "{}_{}",
            name.to_lowercase(),
            &Uuid::new_v4().simple().to_string()[..8]
        );
        let out = self.admin(&["add-member", team, &login, name]).await;
        (login, out.lines().last().unwrap().trim().to_string())
    }

    pub async fn sql(&self) -> tokio_postgres::Client {
        let (c, conn) = tokio_postgres::connect(&self.admin, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        c
    }
}

/// The first column of every row a statement returns.
pub async fn column<T: tokio_postgres::types::FromSqlOwned>(
    c: &tokio_postgres::Client,
    sql: &str,
) -> Vec<T> {
    c.query(sql, &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

/// One laptop: its own data folder, keys in memory, the Xobin mock as its vendor.
pub struct Laptop {
    pub dir: tempfile::TempDir,
    pub state: AppState,
    pub team: Team,
    pub bulk: Bulk,
}

pub fn laptop_at(dir: tempfile::TempDir, vendor: &MockServer) -> Laptop {
    let secrets = Arc::new(MemoryStore::new());
    secrets.set(Provider::Xobin, VENDOR_KEY).unwrap();
    laptop_with(dir, vendor, secrets)
}

pub fn laptop_with<S: SecretStore + 'static>(
    dir: tempfile::TempDir,
    vendor: &MockServer,
    secrets: Arc<S>,
) -> Laptop {
    let state = AppState::open(
        dir.path(),
        secrets,
        providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).unwrap(),
    )
    .unwrap();
    let mut s = state.settings.get();
    s.base_urls
        .insert(Provider::Xobin, format!("{}/api/v2", vendor.uri()));
    state.settings.save(s).unwrap();
    let team = Team::new(&state);
    let bulk = Bulk::new(&state);
    Laptop {
        dir,
        state,
        team,
        bulk,
    }
}

pub async fn joined(srv: &Server, team_name: &str, name: &str, vendor: &MockServer) -> Laptop {
    let (login, otp) = srv.member(team_name, name).await;
    let l = laptop_at(tempfile::tempdir().unwrap(), vendor);
    l.team.join(&srv.url(), &login, &otp).await.unwrap();
    l
}

/// A Xobin mock that counts requests per candidate email and answers like Xobin.
pub async fn vendor() -> (MockServer, Seen) {
    let server = MockServer::start().await;
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let s = seen.clone();
    let seq = Arc::new(AtomicUsize::new(9000));
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(move |req: &Request| {
            let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
            let email = body["candidate_email"].as_str().unwrap().to_string();
            s.lock().unwrap().push(email.clone());
            let id = seq.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_json(json!({
                "email": email, "ai_interview_id": 305, "ai_interview_name": "Senior Data Engineer",
                "response_id": id, "invite_link": format!("https://acme.xobin.com/i/{id}"),
                "name": "x", "status": "Invite Link created"
            }))
        })
        .mount(&server)
        .await;
    (server, seen)
}

/// The requests the Xobin mock saw, by candidate email.
pub type Seen = Arc<std::sync::Mutex<Vec<String>>>;

/// Team "Acme Talent" on a fresh database, the Xobin mock, and two colleagues who joined it.
pub async fn acme_with_alice_and_bob() -> (Server, MockServer, Seen, Laptop, Laptop) {
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let (vend, seen) = vendor().await;
    let alice = joined(&srv, "Acme Talent", "Alice", &vend).await;
    let bob = joined(&srv, "Acme Talent", "Bob", &vend).await;
    (srv, vend, seen, alice, bob)
}

/// The first page of one of History's team filters on a laptop.
pub fn team_page(l: &Laptop, filter: TeamFilter) -> HistoryPage {
    l.state
        .db
        .query(&HistoryQuery {
            team: Some(filter),
            ..Default::default()
        })
        .unwrap()
}

pub fn form(email: &str) -> InviteForm {
    serde_json::from_value(json!({
        "provider": "xobin", "candidateName": "Kim Lee", "candidateEmail": email,
        "aiInterviewId": "305", "inviteFormat": "getlink"
    }))
    .unwrap()
}

pub fn question(r: &SendResult) -> Option<&str> {
    match r {
        SendResult::Confirm { question, .. } => Some(question),
        _ => None,
    }
}

/// What the loser of a race is told: the question about the winner's finished invite, or —
/// while the winner still waits for the vendor — that the winner is sending it (never an error
/// of another kind).
pub fn told(r: &invite_desk::error::AppResult<SendResult>) -> String {
    match r {
        Ok(r) => question(r).expect("a question, not a send").to_owned(),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::Duplicate, "{}", e.message);
            assert!(
                e.message.contains("is sending this invite right now"),
                "{}",
                e.message
            );
            e.message.clone()
        }
    }
}

pub fn version(r: &SendResult) -> Option<i32> {
    match r {
        SendResult::Confirm { team_version, .. } => *team_version,
        _ => None,
    }
}

/// A small deterministic random source (xorshift).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// (attempt id, outcome) of every row of the history file at `path` that has one.
pub fn history_attempts(path: &std::path::Path) -> std::collections::HashMap<String, String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut st = c
        .prepare("SELECT attempt_id, outcome FROM invites WHERE attempt_id IS NOT NULL")
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows
}

/// (attempt id, outcome) of every attempt on the server.
pub async fn server_attempts(srv: &Server) -> std::collections::HashMap<String, String> {
    srv.sql()
        .await
        .query("SELECT id::text, outcome FROM team.attempts", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

/// `laptop` sends to `email` while the admin holds the claims table locked: the reservation
/// waits past the app's deadline and the coordinator is asked the offline question (and answers
/// nothing). Returns the admin's connection with the lock still held: `COMMIT` lets the
/// reservation through on the server.
pub async fn send_past_a_locked_claims_table(
    srv: &Server,
    laptop: &Laptop,
    email: &str,
) -> tokio_postgres::Client {
    let admin = srv.sql().await;
    admin
        .batch_execute("BEGIN; LOCK TABLE team.claims IN EXCLUSIVE MODE")
        .await
        .unwrap();
    let ask = invite::send(
        &laptop.state,
        laptop.team.active(),
        form(email),
        false,
        None,
    )
    .await
    .unwrap();
    assert!(
        matches!(ask, SendResult::Confirm { offline: true, .. }),
        "{ask:?}"
    );
    admin
}
