//! One laptop of the team chaos run (`tests/team_chaos.rs`), as a process of its own so the run
//! can kill it with SIGKILL mid-send and start it again on the same history file and keychain.
//!
//! `chaos_laptop <data dir> <keychain service> <seed> <invites> <candidates>`: opens the laptop's
//! history and team (joined beforehand by the test), syncs in the background every 400 ms, sends
//! `invites` Xobin invites to random candidates at a coordinator's pace — "Send anyway" whenever
//! the team server cannot be reached — then syncs until nothing waits. Each step is one line on
//! stdout, written before the step, so a kill leaves the test knowing what may have happened:
//! `attempt <email>`, `confirm <email>` (a "Send anyway"), `unexpected <message>`, `synced`.

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)] // a test's helper process

use std::sync::Arc;
use std::time::{Duration, Instant};

use invite_desk::error::ErrorKind;
use invite_desk::invite::{self, SendResult};
use invite_desk::providers::{self, InviteForm};
use invite_desk::secrets::KeyringStore;
use invite_desk::state::AppState;
use invite_desk::team::Team;

/// xorshift: the same candidates for the same seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn form(email: &str) -> InviteForm {
    serde_json::from_value(serde_json::json!({
        "provider": "xobin", "candidateName": "Kim Lee", "candidateEmail": email,
        "aiInterviewId": "305", "inviteFormat": "getlink"
    }))
    .expect("a valid form")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, service, seed, invites, candidates] = args.as_slice() else {
        eprintln!(
            "usage: chaos_laptop <data dir> <keychain service> <seed> <invites> <candidates>"
        );
        std::process::exit(2);
    };
    let (seed, invites, candidates): (u64, u64, u64) = (
        seed.parse().expect("seed"),
        invites.parse().expect("invites"),
        candidates.parse().expect("candidates"),
    );
    let state = AppState::open(
        std::path::Path::new(dir),
        Arc::new(KeyringStore::new(service.clone())),
        providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).expect("http"),
    )
    .expect("the laptop's history opens");
    let team = Team::new(&state);
    let background = team.clone();
    tokio::spawn(async move { background.sync_forever(Duration::from_millis(400)).await });
    let mut rng = Rng(seed | 1);
    for _ in 0..invites {
        tokio::time::sleep(Duration::from_millis(rng.below(150))).await;
        let email = format!("cand{}@example.com", rng.below(candidates));
        println!("attempt {email}");
        let r = invite::send(&state, team.active(), form(&email), false, None).await;
        match r {
            Ok(SendResult::Confirm { offline: true, .. }) => {
                println!("confirm {email}");
                let again = invite::send(&state, team.active(), form(&email), true, None).await;
                if let Err(e) = again {
                    if e.kind != ErrorKind::Duplicate {
                        println!("unexpected {}", e.message);
                    }
                }
            }
            Ok(_) => {}
            Err(e) if e.kind == ErrorKind::Duplicate => {}
            Err(e) => println!("unexpected {}", e.message),
        }
    }
    // Everything this laptop holds reaches the server, and the colleagues' rows come back.
    let started = Instant::now();
    loop {
        let r = team.sync_once().await;
        if r.is_ok() && state.db.team_waiting().unwrap_or(1) == 0 {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let refused = state.db.team_refusals(5).unwrap_or_default();
            let reasons: Vec<&str> = refused.iter().map(|x| x.reason.as_str()).collect();
            println!(
                "unexpected the sync did not complete: {r:?}; {} waiting; refused: {reasons:?}",
                state.db.team_waiting().unwrap_or(0)
            );
            std::process::exit(1);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("synced");
}
