//! Measures the follow-up board with 100,000 invites in History (a year of a busy desk: one
//! invite every 5 minutes), on a fixed clock a day after the last one, against History's
//! unfiltered first page in the same run. Run with
//! `cargo run --release --features bench --example follow_up_bench`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Duration as Span, TimeZone, Utc};
use invite_desk::follow_up::clock::FixedClock;
use invite_desk::follow_up::FollowUp;
use invite_desk::history::{HistoryQuery, NewInvite, Outcome, PastInvite};
use invite_desk::providers::tracking::VendorStatus;
use invite_desk::providers::{InviteOutcome, Provider};
use invite_desk::secrets::MemoryStore;
use invite_desk::state::AppState;

const ROWS: usize = 100_000;
const RUNS: usize = 30;

fn median(mut f: impl FnMut()) -> Duration {
    f();
    let mut t: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[t.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let http = invite_desk::providers::default_client().unwrap();
    let state = AppState::open(dir.path(), Arc::new(MemoryStore::new()), http).unwrap();
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 8, 0, 0).unwrap();
    let rows = (0..ROWS).map(|n| {
        let provider = Provider::ALL[n % 5];
        let created_at = start + Span::minutes(n as i64 * 5);
        PastInvite {
            invite: NewInvite {
                account: Default::default(),
                provider,
                candidate_name: format!("Candidate {n}"),
                candidate_email: format!("c{n}@example.com"),
                job_ref: format!("{}", 300 + n % 40),
                job_name: Some("Data Analyst".into()),
                scheduled_at: None,
                start_at: None,
                expiry_at: Some(created_at + Span::days(7)),
                zone: Some("Europe/Paris".into()),
            },
            outcome: if n % 10 == 0 {
                Outcome::Failed
            } else {
                Outcome::Sent
            },
            result: Some(InviteOutcome {
                link: Some(format!("https://x.example/i/{n}")),
                vendor_ids: BTreeMap::from([("response_id".into(), n.to_string())]),
                ..InviteOutcome::default()
            }),
            error: None,
            created_at,
        }
    });
    let t = Instant::now();
    state.db.import(rows).unwrap();
    // Half of the last month's invites were read from their vendor: a third of those completed.
    for id in (ROWS as i64 - 8_640..=ROWS as i64).step_by(2) {
        let word = if id % 3 == 0 { "Completed" } else { "Pending" };
        state
            .db
            .record_status(id, &VendorStatus::of_word(word))
            .unwrap();
    }
    println!("filled {ROWS} rows in {:.1} s", t.elapsed().as_secs_f64());
    let now = start + Span::minutes(ROWS as i64 * 5) + Span::days(1);
    let follow_up = FollowUp::new(&state).with_clock(Arc::new(FixedClock::new(now)));
    let page = median(|| {
        state.db.query(&HistoryQuery::default()).unwrap();
    });
    let mut on_board = 0;
    let board = median(|| {
        on_board = follow_up.board().unwrap().rows.len();
    });
    println!(
        "History first page (50 + total): {:.2} ms",
        page.as_secs_f64() * 1e3
    );
    println!(
        "Follow-up board ({on_board} rows due of {ROWS}): {:.2} ms = {:.1}× the first page",
        board.as_secs_f64() * 1e3,
        board.as_secs_f64() / page.as_secs_f64()
    );
}
