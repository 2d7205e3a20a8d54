//! Measures bulk invites: reading, mapping and checking a 10,000-row sheet (against a history of
//! 10,000 earlier invites), and sending 1,000 invites to a local mock vendor that answers after
//! 20 ms, at concurrency 4, against a bare reqwest loop sending the same 1,000 bodies at the same
//! concurrency on the same client. Run with `cargo run --release --example bulk_bench`; `--json`
//! adds one machine-readable line at the end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // benchmarks may unwrap and print

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use invite_desk::bulk::{self, columns, read, run, Control, RunOptions};
use invite_desk::history::{Db, NewInvite};
use invite_desk::providers::{self, Provider};
use invite_desk::secrets::ApiKey;
use serde_json::{json, Value};
use tokio::sync::watch;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SHEET_ROWS: usize = 10_000;
const SEND_ROWS: usize = 1_000;
const CHECK_RUNS: usize = 10;
const LATENCY: Duration = Duration::from_millis(20);
const CONCURRENCY: usize = 4;

fn sheet_text(rows: usize) -> String {
    let mut s = String::from("Full name,E-mail,Phone,Notes\n");
    for i in 0..rows {
        s.push_str(&format!(
            "Candidate Number {i},candidate{i}@example.com,+44 20 7946 {:04},\"Applied via ATS, batch {}\"\n",
            i % 10_000,
            i / 100
        ));
    }
    s
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn job() -> Value {
    json!({"provider": "xobin", "aiInterviewId": "305", "inviteFormat": "getlink"})
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let json_out = std::env::args().any(|a| a == "--json");
    let dir = tempfile::tempdir().unwrap();

    // ---- read + map + check 10,000 rows ----
    let (db, _) = Db::open(&dir.path().join("check.sqlite3")).unwrap();
    for i in 0..10_000 {
        // Earlier invites to other candidates of the same job: the guard looks each row up.
        db.insert_pending(&NewInvite {
            account: Default::default(),
            provider: Provider::Xobin,
            candidate_name: format!("Earlier {i}"),
            candidate_email: format!("earlier{i}@example.com"),
            job_ref: "305".into(),
            job_name: None,
            scheduled_at: None,
            start_at: None,
            expiry_at: None,
            zone: None,
        })
        .unwrap();
    }
    let text = sheet_text(SHEET_ROWS);
    let mut read_ms = Vec::new();
    let mut check_ms = Vec::new();
    let mut total_ms = Vec::new();
    let mut ready = 0;
    for _ in 0..CHECK_RUNS {
        let t0 = Instant::now();
        let sheet = read::read_file("candidates.csv", text.as_bytes()).unwrap();
        let t1 = Instant::now();
        let mapping = columns::suggest(Provider::Xobin.bulk_fields(), &sheet.headers);
        let checked = bulk::check_sheet(&db, &sheet, &job(), &mapping, &[]).unwrap();
        let t2 = Instant::now();
        ready = checked.report.counts.ready;
        read_ms.push((t1 - t0).as_secs_f64() * 1e3);
        check_ms.push((t2 - t1).as_secs_f64() * 1e3);
        total_ms.push((t2 - t0).as_secs_f64() * 1e3);
    }
    assert_eq!(ready as usize, SHEET_ROWS, "every generated row is ready");
    let (read_p50, check_p50, total_p50) = (median(read_ms), median(check_ms), median(total_ms));
    println!(
        "check {SHEET_ROWS} rows (median of {CHECK_RUNS}): read {read_p50:.1} ms + map and check \
         {check_p50:.1} ms = {total_p50:.1} ms (target ≤ 300 ms)"
    );

    // ---- send 1,000 invites at concurrency 4 vs a bare reqwest loop ----
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ai-interviews/invite"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(LATENCY)
                .set_body_json(json!({
                    "email": "c@example.com", "ai_interview_id": 305, "response_id": 7421,
                    "invite_link": "https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=F84E",
                    "name": "C", "status": "Invite Link created"
                })),
        )
        .mount(&server)
        .await;
    let http = providers::default_client().unwrap();
    let key = ApiKey::new("BENCH-XOBIN-KEY-3141");
    let base = server.uri();

    let sheet = read::read_file("send.csv", sheet_text(SEND_ROWS).as_bytes()).unwrap();
    let mapping = columns::suggest(Provider::Xobin.bulk_fields(), &sheet.headers);
    let bodies: Vec<Value> = (0..SEND_ROWS)
        .map(|i| {
            json!({"candidate_name": format!("Candidate Number {i}"),
                   "candidate_email": format!("candidate{i}@example.com"),
                   "ai_interview_id": 305, "invite_format": "getlink"})
        })
        .collect();

    let mut bare_s = Vec::new();
    let mut full_s = Vec::new();
    let mut queue_ms = Vec::new();
    for round in 0..3 {
        // Bare: the same bodies, the same client, the same concurrency, no history, no checks.
        let url = format!("{base}/ai-interviews/invite");
        let t = Instant::now();
        futures_util::stream::iter(bodies.iter())
            .map(|b| {
                let http = &http;
                let url = &url;
                async move {
                    let r = http
                        .post(url)
                        .header("apiKey", "BENCH-XOBIN-KEY-3141")
                        .json(b)
                        .send()
                        .await
                        .unwrap();
                    assert!(r.status().is_success());
                    r.bytes().await.unwrap();
                }
            })
            .buffer_unordered(CONCURRENCY)
            .collect::<Vec<_>>()
            .await;
        bare_s.push(t.elapsed().as_secs_f64());

        // Full: check, queue (one transaction), then the batch runner with History writes.
        let (db, _) = Db::open(&dir.path().join(format!("send-{round}.sqlite3"))).unwrap();
        let db = Arc::new(db);
        let t = Instant::now();
        let checked = bulk::check_sheet(&db, &sheet, &job(), &mapping, &[]).unwrap();
        let tq = Instant::now();
        let batch = bulk::queue(&db, &sheet, &checked).unwrap();
        queue_ms.push(tq.elapsed().as_secs_f64() * 1e3);
        let (_tx, rx) = watch::channel(Control::Run);
        let summary = run::run(
            db.clone(),
            run::Vendor {
                http: &http,
                key: &key,
                base_url: &base,
            },
            batch,
            RunOptions {
                concurrency: CONCURRENCY,
                ..RunOptions::default()
            },
            rx,
            &|_| {},
            None,
        )
        .await
        .unwrap();
        full_s.push(t.elapsed().as_secs_f64());
        assert_eq!(summary.sent as usize, SEND_ROWS);
    }
    let (bare, full) = (median(bare_s), median(full_s));
    let queue = median(queue_ms);
    let per_row_ms = (full - bare) * 1e3 / SEND_ROWS as f64;
    println!(
        "send {SEND_ROWS} invites, {} ms latency, concurrency {CONCURRENCY} (median of 3): bare \
         reqwest {bare:.2} s, Invite Desk {full:.2} s = {:.3}× (target ≤ 1.2×)",
        LATENCY.as_millis(),
        full / bare
    );
    println!(
        "history cost: queueing {SEND_ROWS} rows {queue:.1} ms ({:.3} ms/row, one transaction); \
         everything over the bare loop {per_row_ms:.3} ms/row (check, queue, pending and outcome \
         commits with synchronous=FULL)",
        queue / SEND_ROWS as f64
    );
    if json_out {
        println!(
            "{}",
            json!({"check_rows": SHEET_ROWS, "read_ms": read_p50, "check_ms": check_p50,
                   "check_total_ms": total_p50, "send_rows": SEND_ROWS, "bare_s": bare,
                   "full_s": full, "ratio": full / bare, "queue_ms": queue,
                   "over_bare_ms_per_row": per_row_ms})
        );
    }
}
