//! Team mode's cost, against a real PostgreSQL server on loopback (run it under
//! `scripts/with-postgres.sh`, which sets INVITE_DESK_TEST_PG; `scripts/bench.sh` does):
//!
//! - the latency team mode adds to one invite: the whole send (`invite::send`, real SQLite file,
//!   local mock vendor) with a team joined, minus the same send without one, p50 of 200 each,
//!   alternating so both see the same load;
//! - reservations per second at 1, 50 and 200 concurrent clients (each its own login and
//!   connection, reserve + record_outcome, distinct candidates), 5 s each;
//! - the server's memory per idle connection (PSS of the backend processes of 100 idle
//!   connections, read from /proc; needs the same user as the server or root).
//!
//! `--json` adds one machine-readable line at the end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // benchmarks may unwrap and print

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use invite_desk::invite;
use invite_desk::providers::{self, InviteForm, Provider};
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::state::AppState;
use invite_desk::team::{admin, client, Team};
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn form(email: &str) -> InviteForm {
    serde_json::from_value(json!({
        "provider": "xobin", "candidateName": "Alex Tanaka", "candidateEmail": email,
        "aiInterviewId": "305", "inviteFormat": "getlink"
    }))
    .unwrap()
}

fn p50(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn admin_run(admin_url: &str, args: &[&str]) -> String {
    let mut all = vec![args[0].to_string(), admin_url.to_string()];
    all.extend(args[1..].iter().map(|s| s.to_string()));
    admin::run(&all).await.unwrap()
}

async fn member(admin_url: &str, name: &str) -> (String, String) {
    let login = format!("{}_{}", name, &Uuid::new_v4().simple().to_string()[..8]);
    let out = admin_run(admin_url, &["add-member", "Bench", &login, name]).await;
    (login, out.lines().last().unwrap().trim().to_string())
}

fn state(dir: &std::path::Path, vendor: &MockServer) -> AppState {
    let secrets = Arc::new(MemoryStore::new());
    secrets.set(Provider::Xobin, "BENCH-KEY-1").unwrap();
    let s = AppState::open(dir, secrets, providers::default_client().unwrap()).unwrap();
    let mut set = s.settings.get();
    set.base_urls
        .insert(Provider::Xobin, format!("{}/api/v2", vendor.uri()));
    s.settings.save(set).unwrap();
    s
}

fn pss_kib(pid: i32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    text.lines()
        .find(|l| l.starts_with("Pss:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let json_out = std::env::args().any(|a| a == "--json");
    let base = std::env::var("INVITE_DESK_TEST_PG")
        .expect("run under scripts/with-postgres.sh (INVITE_DESK_TEST_PG)");
    let db = format!("bench_{}", &Uuid::new_v4().simple().to_string()[..8]);
    let (c, conn) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    c.batch_execute(&format!("CREATE DATABASE {db}"))
        .await
        .unwrap();
    let admin_url = base.replace("dbname=postgres", &format!("dbname={db}"));
    let port = base
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("port="))
        .unwrap()
        .to_string();
    let url = format!("postgresql://127.0.0.1:{port}/{db}");
    admin_run(&admin_url, &["init", "Bench"]).await;

    // 1. Added latency per invite.
    let vendor = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/ai-interviews/invite"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "email": "x@example.com", "ai_interview_id": 305, "response_id": 1,
            "invite_link": "https://acme.xobin.com/i/1", "status": "Invite Link created"
        })))
        .mount(&vendor)
        .await;
    let d1 = tempfile::tempdir().unwrap();
    let d2 = tempfile::tempdir().unwrap();
    let solo = state(d1.path(), &vendor);
    let teamed = state(d2.path(), &vendor);
    let teamed_team = Team::new(&teamed);
    let (login, otp) = member(&admin_url, "timer").await;
    teamed_team.join(&url, &login, &otp).await.unwrap();
    let (mut without, mut with, mut shared) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..220 {
        let t = Instant::now();
        invite::send(&solo, None, form(&format!("a{i}@example.com")), false, None)
            .await
            .unwrap();
        let a = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        invite::send(
            &teamed,
            teamed_team.active(),
            form(&format!("b{i}@example.com")),
            false,
            None,
        )
        .await
        .unwrap();
        let b = t.elapsed().as_secs_f64() * 1e3;
        // The outcome is shared with the team after the result is shown (the flow nudges the background sync).
        let t = Instant::now();
        teamed_team.sync_once().await.unwrap();
        let s = t.elapsed().as_secs_f64() * 1e3;
        if i >= 20 {
            without.push(a);
            with.push(b);
            shared.push(s);
        }
    }
    let (p_without, p_with, p_shared) = (p50(without), p50(with), p50(shared));
    println!(
        "invite, p50 of 200: {p_without:.2} ms alone, {p_with:.2} ms in team mode (the reservation on the way): +{:.2} ms; sharing the outcome afterwards (push + pull, off the coordinator's path): {p_shared:.2} ms",
        p_with - p_without
    );

    // 2. Reservations per second at 1, 50 and 200 clients.
    let target = client::parse_url(&url).unwrap();
    let mut rates = Vec::new();
    for clients in [1usize, 50, 200] {
        let mut conns = Vec::new();
        for i in 0..clients {
            let (l, pw) = member(&admin_url, &format!("c{clients}x{i}")).await;
            conns.push(client::connect(&target, &l, &pw).await.unwrap());
        }
        let done = Arc::new(AtomicUsize::new(0));
        let until = Instant::now() + Duration::from_secs(5);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for (w, c) in conns.into_iter().enumerate() {
            let done = done.clone();
            tasks.push(tokio::spawn(async move {
                let mut i = 0;
                while Instant::now() < until {
                    let attempt = Uuid::new_v4();
                    let email = format!("r{clients}-{w}-{i}@example.com");
                    let f = client::AttemptFacts {
                        attempt,
                        provider: "xobin",
                        job_ref: "305",
                        email: &email,
                        name: "N",
                        job_name: None,
                        account: "Default",
                    };
                    client::reserve(&c, &f, None, true).await.unwrap();
                    client::record_outcome(&c, attempt, "sent", None, &json!({}))
                        .await
                        .unwrap();
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let secs = started.elapsed().as_secs_f64();
        let rate = done.load(Ordering::Relaxed) as f64 / secs;
        println!("{clients:>3} clients: {rate:.0} reservations/s (each reserve + record_outcome)");
        rates.push((clients, rate));
    }

    // 3. Memory per idle connection: 100 connections, 5 per login (each login's limit).
    let mut idle = Vec::new();
    let mut logins = Vec::new();
    for i in 0..20 {
        let (l, pw) = member(&admin_url, &format!("idle{i}")).await;
        for _ in 0..5 {
            idle.push(client::connect(&target, &l, &pw).await.unwrap());
        }
        logins.push(l);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let pids: Vec<i32> = c
        .query(
            "SELECT pid FROM pg_stat_activity WHERE usename::text = ANY($1)",
            &[&logins],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let pss: Vec<u64> = pids.iter().filter_map(|p| pss_kib(*p)).collect();
    let per = if pss.is_empty() {
        None
    } else {
        Some(pss.iter().sum::<u64>() as f64 / pss.len() as f64 / 1024.0)
    };
    match per {
        Some(m) => println!(
            "idle connection: {m:.2} MiB PSS each ({} backends read)",
            pss.len()
        ),
        None => {
            println!("idle connection: /proc of the server's backends not readable by this user")
        }
    }
    drop(idle);
    if json_out {
        println!(
            "{}",
            json!({
                "invite_p50_ms": p_without, "invite_team_p50_ms": p_with,
                "added_p50_ms": p_with - p_without, "share_after_p50_ms": p_shared,
                "reservations_per_s": rates.iter().map(|(c, r)| json!({"clients": c, "rate": r})).collect::<Vec<_>>(),
                "idle_connection_mib": per,
            })
        );
    }
}
