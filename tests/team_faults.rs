//! Team mode under faults, against the real PostgreSQL server (scripts/with-postgres.sh; these
//! fail without it, never skip) through a TCP fault proxy (`team_support/proxy.rs`): a row the
//! server refuses or does not know, a crash before the vendor call, a frozen connection with a
//! sync stuck on it, "too many connections", a resumed row whose lease passed, pull pages and
//! team switches, a restored server, the claims index, lock order under concurrency, and a
//! chaos run of three laptops.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests may unwrap

mod team_support;

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use invite_desk::error::ErrorKind;
use invite_desk::history::NewInvite;
use invite_desk::invite::{self, SendResult};
use invite_desk::providers::{InviteOutcome, Provider};
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::team::{client, Claim, KNOWN_SCHEMA};
use serde_json::json;
use team_support::proxy::{Mode, Proxy};
use team_support::*;
use uuid::Uuid;

fn upstream(srv: &Server) -> SocketAddr {
    format!("127.0.0.1:{}", srv.port).parse().unwrap()
}

/// A laptop that joined `team` through its own fault proxy.
async fn joined_via(
    srv: &Server,
    team: &str,
    name: &str,
    vend: &wiremock::MockServer,
) -> (Laptop, Proxy) {
    let proxy = Proxy::start(upstream(srv)).await;
    let (login, otp) = srv.member(team, name).await;
    let l = laptop_at(tempfile::tempdir().unwrap(), vend);
    let url = format!("postgresql://127.0.0.1:{}/{}", proxy.addr.port(), srv.db);
    l.team.join(&url, &login, &otp).await.unwrap();
    (l, proxy)
}

fn new_invite(email: &str) -> NewInvite {
    NewInvite {
        account: Default::default(),
        provider: Provider::Xobin,
        candidate_name: "Kim Lee".into(),
        candidate_email: email.into(),
        job_ref: "305".into(),
        job_name: None,
        scheduled_at: None,
        start_at: None,
        expiry_at: None,
        zone: None,
    }
}

fn sent_outcome(n: u32) -> InviteOutcome {
    InviteOutcome {
        link: Some(format!("https://acme.xobin.com/i/{n}")),
        ..Default::default()
    }
}

/// (attempt id, outcome) of every row of a laptop's history that has one.
fn local_attempts(l: &Laptop) -> HashMap<String, String> {
    history_attempts(&l.dir.path().join("history.sqlite3"))
}

#[tokio::test]
async fn a_row_the_server_refuses_keeps_its_reason_and_the_others_sync_on() {
    let (srv, _vend, _seen, alice, bob) = acme_with_alice_and_bob().await;
    // Row 1: an attempt id Bob's reservation holds (the server refuses Alice's outcome for it).
    let theirs = Uuid::new_v4();
    assert!(matches!(
        bob.team
            .claim(&new_invite("x@example.com"), theirs, None)
            .await
            .unwrap(),
        Claim::Go
    ));
    // Row 2: an attempt the server never saw (the app stopped before its reservation left,
    // a failover lost it): pushed as an offline attempt.
    let lost = Uuid::new_v4();
    for (i, (email, attempt)) in [("x@example.com", theirs), ("lee@example.com", lost)]
        .into_iter()
        .enumerate()
    {
        let id = alice
            .state
            .db
            .insert_pending_team(&new_invite(email), &attempt.to_string())
            .unwrap();
        alice.state.db.mark_vendor_call(&[id]).unwrap();
        alice
            .state
            .db
            .mark_sent(id, &sent_outcome(i as u32))
            .unwrap();
    }
    // Row 3: an ordinary invite, sent afterwards; and a colleague's invite to pull.
    let r = invite::send(
        &alice.state,
        alice.team.active(),
        form("ann@example.com"),
        false,
        None,
    )
    .await
    .unwrap();
    assert!(matches!(r, SendResult::Sent { .. }));
    let r = invite::send(
        &bob.state,
        bob.team.active(),
        form("zoe@example.com"),
        false,
        None,
    )
    .await
    .unwrap();
    assert!(matches!(r, SendResult::Sent { .. }));
    bob.team.sync_once().await.unwrap();

    let report = alice.team.sync_once().await.unwrap();
    assert_eq!(report.refused, 1, "{report:?}");
    assert_eq!(report.pushed, 2, "{report:?}");
    let st = alice.team.status().unwrap();
    assert_eq!(st.waiting, 1);
    assert_eq!(st.refused.len(), 1);
    assert_eq!(st.refused[0].candidate_email, "x@example.com");
    assert!(!st.refused[0].reason.is_empty());
    assert!(st.last_error.is_none(), "{:?}", st.last_error);
    let server = server_attempts(&srv).await;
    assert_eq!(
        server.get(&lost.to_string()).map(String::as_str),
        Some("sent")
    );
    let offline: bool = srv
        .sql()
        .await
        .query_one("SELECT offline FROM team.attempts WHERE id = $1", &[&lost])
        .await
        .unwrap()
        .get(0);
    assert!(offline, "the unknown attempt went as an offline attempt");
    // Bob's invite reached Alice's history although one row is refused.
    let mine = local_attempts(&alice);
    assert!(mine.len() >= 4, "{mine:?}");
    assert!(
        alice
            .state
            .db
            .find_previous(Provider::Xobin, "305", "zoe@example.com")
            .unwrap()
            .is_some(),
        "a colleague's invite is pulled past a refused row"
    );
}

#[tokio::test]
async fn a_crash_before_the_vendor_call_leaves_the_row_failed_and_frees_the_claim() {
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let (vend, seen) = vendor().await;
    let bob = joined(&srv, "Acme Talent", "Bob", &vend).await;
    let keychain = Arc::new(MemoryStore::new());
    keychain.set(Provider::Xobin, VENDOR_KEY).unwrap();
    let (login, otp) = srv.member("Acme Talent", "Alice").await;
    let alice = laptop_with(tempfile::tempdir().unwrap(), &vend, keychain.clone());
    alice.team.join(&srv.url(), &login, &otp).await.unwrap();
    // Reserved on the server, `pending` on disk, then the app stops before the vendor call.
    let email = "kim@example.com";
    let attempt = Uuid::new_v4();
    let new = new_invite(email);
    alice
        .state
        .db
        .insert_pending_team(&new, &attempt.to_string())
        .unwrap();
    assert!(matches!(
        alice.team.claim(&new, attempt, None).await.unwrap(),
        Claim::Go
    ));
    let Laptop {
        dir,
        state,
        team,
        bulk,
    } = alice;
    drop((state, team, bulk));
    let back = laptop_with(dir, &vend, keychain);
    let row = back
        .state
        .db
        .find_previous_or_queued(Provider::Xobin, "305", email, "default")
        .unwrap();
    assert!(row.is_none(), "failed, not unknown: nothing to ask about");
    back.team.sync_once().await.unwrap();
    assert_eq!(
        server_attempts(&srv)
            .await
            .get(&attempt.to_string())
            .map(String::as_str),
        Some("failed")
    );
    // The claim is free: Bob sends without being asked.
    let r = invite::send(&bob.state, bob.team.active(), form(email), false, None)
        .await
        .unwrap();
    assert!(matches!(r, SendResult::Sent { .. }), "{r:?}");
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_frozen_server_asks_within_5_s_even_with_a_sync_stuck_on_it_and_send_anyway_goes_at_once()
{
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let (vend, seen) = vendor().await;
    let (alice, proxy) = joined_via(&srv, "Acme Talent", "Alice", &vend).await;
    let mut asks = Vec::new();
    let mut anyway = Vec::new();
    for round in 0..3 {
        proxy.set(Mode::Freeze);
        // A background sync already stuck on the frozen connection.
        let t = alice.team.clone();
        let stuck = tokio::spawn(async move { t.sync_once().await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let email = format!("frozen{round}@example.com");
        let started = Instant::now();
        let ask = tokio::time::timeout(
            Duration::from_secs(8),
            invite::send(&alice.state, alice.team.active(), form(&email), false, None),
        )
        .await
        .expect("the offline question came in time")
        .unwrap();
        asks.push(started.elapsed());
        assert!(
            matches!(ask, SendResult::Confirm { offline: true, .. }),
            "{ask:?}"
        );
        let started = Instant::now();
        let sent = tokio::time::timeout(
            Duration::from_secs(3),
            invite::send(&alice.state, alice.team.active(), form(&email), true, None),
        )
        .await
        .expect("send anyway did not wait for the server")
        .unwrap();
        anyway.push(started.elapsed());
        assert!(matches!(sent, SendResult::Sent { .. }));
        proxy.set(Mode::Pass);
        tokio::time::timeout(Duration::from_secs(15), stuck)
            .await
            .expect("the stuck sync ends")
            .unwrap()
            .ok();
    }
    println!("frozen server: offline question after {asks:?}; send anyway at the vendor after {anyway:?}");
    assert!(
        asks.iter().all(|d| *d <= Duration::from_secs(5)),
        "{asks:?}"
    );
    assert!(
        anyway.iter().all(|d| *d <= Duration::from_secs(1)),
        "{anyway:?}"
    );
    // Healed: the sync resumes and nothing is stuck.
    let t = Instant::now();
    loop {
        if alice.team.sync_once().await.is_ok() && alice.state.db.team_waiting().unwrap() == 0 {
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(30), "sync never resumed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!("sync resumed {:?} after healing", t.elapsed());
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert_eq!(
        server_attempts(&srv)
            .await
            .values()
            .filter(|o| *o == "sent")
            .count(),
        3
    );
}

#[tokio::test]
async fn a_reset_connection_and_too_many_connections_count_as_unreachable() {
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let (vend, _seen) = vendor().await;
    let (alice, proxy) = joined_via(&srv, "Acme Talent", "Alice", &vend).await;
    // A reset in the middle of the reservation: the offline question, not an error.
    proxy.set(Mode::CutAfter(20));
    let ask = invite::send(
        &alice.state,
        alice.team.active(),
        form("cut@example.com"),
        false,
        None,
    )
    .await
    .unwrap();
    assert!(
        matches!(ask, SendResult::Confirm { offline: true, .. }),
        "{ask:?}"
    );
    proxy.set(Mode::Pass);
    // The login may open no connection at all: "too many connections" (53300).
    let login = alice.state.settings.get().team.unwrap().role;
    let admin = srv.sql().await;
    admin
        .batch_execute(&format!("ALTER ROLE \"{login}\" CONNECTION LIMIT 0"))
        .await
        .unwrap();
    alice.team.test().await.unwrap_err();
    let ask = invite::send(
        &alice.state,
        alice.team.active(),
        form("busy@example.com"),
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
        .batch_execute(&format!("ALTER ROLE \"{login}\" CONNECTION LIMIT 5"))
        .await
        .unwrap();
    alice.team.test().await.unwrap();
}

#[tokio::test]
async fn a_resumed_row_replays_only_while_the_claim_is_its_own() {
    let srv = server().await;
    srv.init("Acme Talent", &["--lease-secs", "1"]).await;
    let (vend, _seen) = vendor().await;
    let alice = joined(&srv, "Acme Talent", "Alice", &vend).await;
    let bob = joined(&srv, "Acme Talent", "Bob", &vend).await;
    // Still hers: a replay refreshes the lease, so Bob is told she is sending.
    let kim = new_invite("kim@example.com");
    let a1 = Uuid::new_v4();
    assert!(matches!(
        alice.team.claim(&kim, a1, None).await.unwrap(),
        Claim::Go
    ));
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(matches!(
        alice.team.claim(&kim, a1, None).await.unwrap(),
        Claim::Go
    ));
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(matches!(
        bob.team.claim(&kim, Uuid::new_v4(), None).await.unwrap(),
        Claim::Sending { .. }
    ));
    // The lease passed and Bob took the candidate over: Alice's resumed row is held, naming him.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let b = Uuid::new_v4();
    let Claim::Held { version, .. } = bob.team.claim(&kim, b, None).await.unwrap() else {
        panic!("Bob is asked about the unknown outcome");
    };
    assert!(matches!(
        bob.team.claim(&kim, b, version).await.unwrap(),
        Claim::Go
    ));
    match alice.team.claim(&kim, a1, None).await.unwrap() {
        Claim::Held { previous, .. } => {
            assert_eq!(previous.author.as_deref(), Some("Bob"))
        }
        Claim::Sending { holder_name } => assert_eq!(holder_name, "Bob"),
        other => panic!("replayed although Bob holds the claim: {other:?}"),
    }
}

#[tokio::test]
async fn every_changed_row_has_its_own_change_number_and_pages_miss_none() {
    let (srv, _vend, _seen, alice, bob) = acme_with_alice_and_bob().await;
    let carol_l = joined(&srv, "Acme Talent", "Carol", &_vend).await;
    // Three offline attempts at one candidate: the third push flags the two others.
    let email = "kim@example.com";
    for l in [&alice, &bob, &carol_l] {
        let attempt = Uuid::new_v4();
        let id = l
            .state
            .db
            .insert_pending_team(&new_invite(email), &attempt.to_string())
            .unwrap();
        l.state.db.mark_team_offline(id).unwrap();
        l.state.db.mark_sent(id, &sent_outcome(1)).unwrap();
        l.team.sync_once().await.unwrap();
    }
    let seqs: Vec<i64> = column(&srv.sql().await, "SELECT change_seq FROM team.attempts").await;
    let distinct: HashSet<_> = seqs.iter().collect();
    assert_eq!(distinct.len(), seqs.len(), "{seqs:?}");
    // A page of one row at a time sees every attempt.
    let target = client::parse_url(&srv.url()).unwrap();
    let (login, otp) = srv.member("Acme Talent", "Dan").await;
    let c = client::connect(&target, &login, &otp).await.unwrap();
    let mut cursor = 0;
    let mut ids = HashSet::new();
    loop {
        let page = client::pull(&c, cursor, 1, KNOWN_SCHEMA).await.unwrap();
        let Some(last) = page.last() else { break };
        cursor = last.change_seq;
        ids.extend(page.iter().map(|p| p.id));
    }
    assert_eq!(ids.len(), 3);
}

#[tokio::test]
async fn joining_another_team_is_refused_while_outcomes_wait_and_starts_afresh_once_shared() {
    let srv = server().await;
    srv.init("Team A", &[]).await;
    srv.init("Team B", &[]).await;
    let (vend, _seen) = vendor().await;
    let bea = joined(&srv, "Team B", "Bea", &vend).await;
    // Team B's early row, made before Alice joins it.
    let r = invite::send(
        &bea.state,
        bea.team.active(),
        form("early@example.com"),
        false,
        None,
    )
    .await
    .unwrap();
    assert!(matches!(r, SendResult::Sent { .. }));
    bea.team.sync_once().await.unwrap();
    // Alice is in team A, with many changes seen (her cursor is far ahead of B's rows) and an
    // outcome sent while A's server could not be reached.
    let alice = joined(&srv, "Team A", "Alice", &vend).await;
    for i in 0..5 {
        let email = format!("a{i}@example.com");
        invite::send(&alice.state, alice.team.active(), form(&email), false, None)
            .await
            .unwrap();
    }
    alice.team.sync_once().await.unwrap();
    let attempt = Uuid::new_v4();
    let id = alice
        .state
        .db
        .insert_pending_team(&new_invite("secret@example.com"), &attempt.to_string())
        .unwrap();
    alice.state.db.mark_team_offline(id).unwrap();
    alice.state.db.mark_sent(id, &sent_outcome(9)).unwrap();
    let (login_b, otp_b) = srv.member("Team B", "Alice").await;
    let e = alice
        .team
        .join(&srv.url(), &login_b, &otp_b)
        .await
        .unwrap_err();
    assert!(e.message.contains("Team A"), "{}", e.message);
    // Nothing of A went to B; the one-time password still works once A's outbox is shared.
    alice.team.sync_once().await.unwrap();
    assert_eq!(alice.state.db.team_waiting().unwrap(), 0);
    alice.team.join(&srv.url(), &login_b, &otp_b).await.unwrap();
    assert!(
        alice
            .state
            .db
            .find_previous(Provider::Xobin, "305", "early@example.com")
            .unwrap()
            .is_some(),
        "B's early rows are pulled: the cursor started afresh"
    );
    let on_b = bea.team.sync_once().await;
    on_b.unwrap();
    assert!(
        bea.state
            .db
            .find_previous(Provider::Xobin, "305", "secret@example.com")
            .unwrap()
            .is_none(),
        "A's candidate never reached team B"
    );
}

#[tokio::test]
async fn a_server_restored_from_backup_is_pulled_again_and_given_this_laptops_outcomes_again() {
    let (srv, _vend, _seen, alice, bob) = acme_with_alice_and_bob().await;
    for i in 0..3 {
        let email = format!("r{i}@example.com");
        invite::send(&alice.state, alice.team.active(), form(&email), false, None)
            .await
            .unwrap();
    }
    alice.team.sync_once().await.unwrap();
    // The restore: every attempt and claim gone, the counter back at zero.
    srv.sql()
        .await
        .batch_execute("TRUNCATE team.attempts, team.claims; UPDATE team.teams SET last_seq = 0")
        .await
        .unwrap();
    alice.team.sync_once().await.unwrap();
    let server = server_attempts(&srv).await;
    assert_eq!(server.len(), 3, "{server:?}");
    assert!(server.values().all(|o| o == "sent"));
    // The guard works again for a colleague.
    let r = invite::send(
        &bob.state,
        bob.team.active(),
        form("r0@example.com"),
        false,
        None,
    )
    .await
    .unwrap();
    assert!(
        matches!(r, SendResult::Confirm { offline: false, .. }),
        "{r:?}"
    );
}

#[tokio::test]
async fn recording_an_outcome_finds_its_claim_through_an_index() {
    let srv = server().await;
    srv.init("Big Team", &[]).await;
    let admin = srv.sql().await;
    admin
        .batch_execute(
            "INSERT INTO team.claims (team_id, provider, job_ref, email_key, attempt_id, state, author, lease_until)
             SELECT 1, 'xobin', '305', 'c' || g || '@example.com', gen_random_uuid(), 'sent', 'x', now()
               FROM generate_series(1, 100000) g;
             ANALYZE team.claims;",
        )
        .await
        .unwrap();
    let plan: Vec<String> = column(
        &admin,
        "EXPLAIN DELETE FROM team.claims
              WHERE attempt_id = '00000000-0000-0000-0000-000000000001'",
    )
    .await;
    assert!(
        plan.iter().any(|l| l.contains("claims_attempt")),
        "{plan:?}"
    );
    // record_outcome's own time at 100,000 claims.
    let target = client::parse_url(&srv.url()).unwrap();
    let (login, otp) = srv.member("Big Team", "Ann").await;
    let c = client::connect(&target, &login, &otp).await.unwrap();
    let mut took = Vec::new();
    for i in 0..60 {
        let attempt = Uuid::new_v4();
        let email = format!("new{i}@example.com");
        let facts = client::AttemptFacts {
            attempt,
            provider: "xobin",
            job_ref: "305",
            email: &email,
            name: "N",
            job_name: None,
            account: "Default",
        };
        client::reserve(&c, &facts, None, true).await.unwrap();
        let t = Instant::now();
        client::record_outcome(&c, attempt, "sent", None, &json!({}))
            .await
            .unwrap();
        took.push(t.elapsed());
    }
    took.sort();
    println!(
        "record_outcome p50 at 100,000 claims: {:?}",
        took[took.len() / 2]
    );
}

#[tokio::test]
async fn reservations_and_outcomes_racing_on_few_candidates_never_deadlock_or_answer_nothing() {
    let srv = server().await;
    srv.init("Race Team", &[]).await;
    let target = client::parse_url(&srv.url()).unwrap();
    let mut tasks = Vec::new();
    for w in 0..8 {
        let (login, otp) = srv.member("Race Team", &format!("W{w}")).await;
        let c = client::connect(&target, &login, &otp).await.unwrap();
        tasks.push(tokio::spawn(async move {
            let mut errors = Vec::new();
            for i in 0..60 {
                let attempt = Uuid::new_v4();
                let email = format!("c{}@example.com", (i + w) % 3);
                let facts = client::AttemptFacts {
                    attempt,
                    provider: "xobin",
                    job_ref: "305",
                    email: &email,
                    name: "N",
                    job_name: None,
                    account: "Default",
                };
                match client::reserve(&c, &facts, None, true).await {
                    Ok(r) if r.result == client::ReserveResult::Reserved => {
                        // Unknown first, then failed: the claim is freed for the others.
                        for outcome in ["unknown", "failed"].iter().skip(i % 2) {
                            if let Err(e) =
                                client::record_outcome(&c, attempt, outcome, None, &json!({})).await
                            {
                                errors.push(e.message);
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(e.message),
                }
            }
            errors
        }));
    }
    let mut errors = Vec::new();
    for t in tasks {
        errors.extend(t.await.unwrap());
    }
    assert!(errors.is_empty(), "{errors:?}");
}

/// What the chaos run measured.
#[derive(Debug, Default)]
pub struct Chaos {
    invites: usize,
    faults: usize,
    asked_offline: usize,
    sent_anyway: usize,
    vendor_requests: usize,
}

/// Three laptops (each its own history file, keychain and proxy) send `invites` invites to
/// `candidates` candidates while the proxies freeze, reset, delay and cut at random; then the
/// network heals and every laptop syncs. Checks the invariants and returns what happened.
pub async fn chaos_run(invites: usize, candidates: usize, seed: u64) -> Chaos {
    let srv = server().await;
    srv.init("Chaos Team", &[]).await;
    let (vend, seen) = vendor().await;
    let mut laptops = Vec::new();
    let mut proxies = Vec::new();
    for name in ["Ann", "Ben", "Cat"] {
        let (l, p) = joined_via(&srv, "Chaos Team", name, &vend).await;
        laptops.push(Arc::new(l));
        proxies.push(Arc::new(p));
    }
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // The faults: every 250 ms one proxy changes.
    let faults = {
        let proxies = proxies.clone();
        let done = done.clone();
        tokio::spawn(async move {
            let mut rng = Rng(seed ^ 0x9e37_79b9_7f4a_7c15);
            let mut n = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let p = &proxies[rng.below(3) as usize];
                match rng.below(10) {
                    0 | 1 => p.set(Mode::Freeze),
                    2 | 3 => p.reset(),
                    4 => p.set(Mode::Delay(Duration::from_millis(50 + rng.below(250)))),
                    5 => p.set(Mode::CutAfter(rng.below(400) as i64)),
                    _ => p.set(Mode::Pass),
                }
                n += 1;
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            n
        })
    };
    let syncs: Vec<_> = laptops
        .iter()
        .map(|l| {
            let t = l.team.clone();
            tokio::spawn(async move { t.sync_forever(Duration::from_millis(400)).await })
        })
        .collect();
    let confirmed: Arc<std::sync::Mutex<HashMap<String, usize>>> = Arc::default();
    let stats: Arc<std::sync::Mutex<Chaos>> = Arc::default();
    let mut senders = Vec::new();
    for (k, l) in laptops.iter().enumerate() {
        let l = l.clone();
        let confirmed = confirmed.clone();
        let stats = stats.clone();
        let share = invites / 3 + usize::from(k < invites % 3);
        senders.push(tokio::spawn(async move {
            let mut rng = Rng(seed.wrapping_add(k as u64 * 7919) | 1);
            for _ in 0..share {
                // A coordinator's pace, so the faults land among the sends.
                tokio::time::sleep(Duration::from_millis(rng.below(200))).await;
                let email = format!("cand{}@example.com", rng.below(candidates as u64));
                let r = invite::send(&l.state, l.team.active(), form(&email), false, None).await;
                stats.lock().unwrap().invites += 1;
                match r {
                    Ok(SendResult::Confirm { offline: true, .. }) => {
                        stats.lock().unwrap().asked_offline += 1;
                        // "Send anyway": a confirmed send, which may double an invite.
                        *confirmed.lock().unwrap().entry(email.clone()).or_default() += 1;
                        let r =
                            invite::send(&l.state, l.team.active(), form(&email), true, None).await;
                        match r {
                            Ok(SendResult::Sent { .. }) => stats.lock().unwrap().sent_anyway += 1,
                            Ok(_) => {}
                            Err(e) => assert_eq!(e.kind, ErrorKind::Duplicate, "{}", e.message),
                        }
                    }
                    Ok(_) => {}
                    Err(e) => assert_eq!(e.kind, ErrorKind::Duplicate, "{}", e.message),
                }
            }
        }));
    }
    for s in senders {
        s.await.unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let n_faults = faults.await.unwrap();
    for s in &syncs {
        s.abort();
    }
    // Heal.
    for p in &proxies {
        p.set(Mode::Pass);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let healed = Instant::now();
    for _round in 0..2 {
        for l in &laptops {
            loop {
                let r = l.team.sync_once().await;
                if r.is_ok() && l.state.db.team_waiting().unwrap() == 0 {
                    break;
                }
                assert!(
                    healed.elapsed() < Duration::from_secs(30),
                    "sync did not complete after healing: {r:?}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    // Invariant 1: one vendor request per candidate unless a send was confirmed.
    let seen = seen.lock().unwrap().clone();
    let mut per: HashMap<String, usize> = HashMap::new();
    for e in &seen {
        *per.entry(e.clone()).or_default() += 1;
    }
    let confirmed = confirmed.lock().unwrap().clone();
    for (email, n) in &per {
        let ok = 1 + confirmed.get(email).copied().unwrap_or(0);
        assert!(*n <= ok, "{email}: {n} vendor requests, {ok} allowed");
    }
    // Invariant 2: every laptop's history equals the server's attempts (ids and outcomes),
    // leaving out attempts that failed on the server and never were a row anywhere (reservations
    // abandoned after the question); nothing is pending any more.
    let server = server_attempts(&srv).await;
    assert!(
        server.values().all(|o| o != "pending"),
        "an attempt stayed pending: {server:?}"
    );
    for l in &laptops {
        let local = local_attempts(l);
        for (id, outcome) in &local {
            assert_eq!(server.get(id), Some(outcome), "laptop row {id} vs server");
        }
        for (id, outcome) in &server {
            if outcome != "failed" {
                assert_eq!(local.get(id), Some(outcome), "server attempt {id} missing");
            }
        }
    }
    // Invariant 3: nothing lost: every vendor request is an attempt on the server.
    let live = server.values().filter(|o| *o == "sent").count();
    assert_eq!(live, seen.len(), "every invite that left is on the server");
    let mut stats = std::mem::take(&mut *stats.lock().unwrap());
    stats.faults = n_faults;
    stats.vendor_requests = seen.len();
    stats
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chaos_three_laptops_100_invites_random_faults_then_heal() {
    let started = Instant::now();
    let seed = std::env::var("CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_u64);
    let c = chaos_run(100, 30, seed).await;
    println!(
        "chaos: {} invites, {} faults, {} offline questions, {} sent anyway, {} vendor requests, {:?}",
        c.invites, c.faults, c.asked_offline, c.sent_anyway, c.vendor_requests, started.elapsed()
    );
    assert_eq!(c.invites, 100);
}

/// The long chaos variant (`scripts/bench.sh`): CHAOS_RUNS runs (default 3) of 3 laptops,
/// CHAOS_INVITES invites (default 1,000) to CHAOS_CANDIDATES candidates (default 300).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: run by scripts/bench.sh"]
async fn chaos_long() {
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (runs, invites, candidates) = (
        env("CHAOS_RUNS", 3),
        env("CHAOS_INVITES", 1000),
        env("CHAOS_CANDIDATES", 300),
    );
    for run in 0..runs {
        let started = Instant::now();
        let c = chaos_run(invites, candidates, 0xc4a0_5000 + run as u64).await;
        println!(
            "chaos run {}: {} invites, {} candidates, {} faults, {} offline questions, {} sent anyway, {} vendor requests, all invariants held, {:.1} s",
            run + 1,
            c.invites,
            candidates,
            c.faults,
            c.asked_offline,
            c.sent_anyway,
            c.vendor_requests,
            started.elapsed().as_secs_f64()
        );
    }
}

/// `record_outcome` at a team's size: 1,000,000 claims on the server, p50 of 200 outcomes.
#[tokio::test]
#[ignore = "long: run by scripts/bench.sh"]
async fn record_outcome_at_a_million_claims() {
    let srv = server().await;
    srv.init("Big Team", &[]).await;
    let admin = srv.sql().await;
    admin
        .batch_execute(
            "INSERT INTO team.claims (team_id, provider, job_ref, email_key, attempt_id, state, author, lease_until)
             SELECT 1, 'xobin', '305', 'c' || g || '@example.com', gen_random_uuid(), 'sent', 'x', now()
               FROM generate_series(1, 1000000) g;
             ANALYZE team.claims;",
        )
        .await
        .unwrap();
    // The figure before server step 0002: the same without its index.
    let without = std::env::var_os("WITHOUT_CLAIMS_INDEX").is_some();
    if without {
        admin
            .batch_execute("DROP INDEX team.claims_attempt")
            .await
            .unwrap();
    }
    let target = client::parse_url(&srv.url()).unwrap();
    let (login, otp) = srv.member("Big Team", "Ann").await;
    let c = client::connect(&target, &login, &otp).await.unwrap();
    let mut took = Vec::new();
    let mut reserve = Vec::new();
    for i in 0..200 {
        let attempt = Uuid::new_v4();
        let email = format!("new{i}@example.com");
        let facts = client::AttemptFacts {
            attempt,
            provider: "xobin",
            job_ref: "305",
            email: &email,
            name: "N",
            job_name: None,
            account: "Default",
        };
        let t = Instant::now();
        client::reserve(&c, &facts, None, true).await.unwrap();
        reserve.push(t.elapsed());
        let t = Instant::now();
        client::record_outcome(&c, attempt, "sent", None, &json!({}))
            .await
            .unwrap();
        took.push(t.elapsed());
    }
    took.sort();
    reserve.sort();
    println!(
        "record_outcome at 1,000,000 claims{}: p50 {:.2} ms, p99 {:.2} ms; reserve p50 {:.2} ms",
        if without { " (no claims index)" } else { "" },
        took[100].as_secs_f64() * 1e3,
        took[198].as_secs_f64() * 1e3,
        reserve[100].as_secs_f64() * 1e3
    );
    assert!(without || took[100] <= Duration::from_millis(5));
}

#[tokio::test]
async fn pulled_rows_are_checked_and_an_abandoned_reservation_never_shows_up_as_sent_by_you() {
    let (srv, vend, seen, alice, bob) = acme_with_alice_and_bob().await;
    let _ = vend;
    // Alice's reservation is held up past the deadline (the claims table locked), she is asked,
    // says no; the reservation lands later and is released as failed at the next sync.
    let admin = send_past_a_locked_claims_table(&srv, &alice, "kim@example.com").await;
    admin.batch_execute("COMMIT").await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    alice.team.sync_once().await.unwrap();
    alice.team.sync_once().await.unwrap();
    let all = alice
        .state
        .db
        .query(&invite_desk::history::HistoryQuery::default())
        .unwrap();
    assert_eq!(all.total, 0, "nothing was sent: {:?}", all.rows);
    // A colleague's rows as a hostile client could leave them: a name that reorders text, and a
    // link that is not https (stored before the server checked links).
    let bob_login = bob.state.settings.get().team.unwrap().role;
    admin
        .batch_execute(&format!(
            "ALTER TABLE team.attempts DROP CONSTRAINT attempts_https_link;
             INSERT INTO team.attempts (id, team_id, author, provider, job_ref, email_key,
                 candidate_name, candidate_email, outcome, link, created_at, change_seq)
             VALUES (gen_random_uuid(), 1, '{bob_login}', 'xobin', '305', 'a@example.com',
                     'Ann \u{202e}gnp.exe', 'a@example.com', 'sent', NULL, now(), team.bump(1)),
                    (gen_random_uuid(), 1, '{bob_login}', 'xobin', '305', 'b@example.com',
                     'Ben', 'b@example.com', 'sent', 'javascript:alert(1)', now(), team.bump(1));"
        ))
        .await
        .unwrap();
    let report = alice.team.sync_once().await.unwrap();
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert!(report.skipped[0].contains("hidden"), "{report:?}");
    let ben = alice
        .state
        .db
        .find_previous(Provider::Xobin, "305", "b@example.com")
        .unwrap()
        .unwrap();
    assert_eq!(
        ben.link, None,
        "a javascript: link never enters the history"
    );
    // The server itself refuses a link that is not https now.
    admin
        .batch_execute(
            "ALTER TABLE team.attempts ADD CONSTRAINT attempts_https_link
                 CHECK (link IS NULL OR link LIKE 'https://%') NOT VALID",
        )
        .await
        .unwrap();
    let e = admin
        .batch_execute(
            "UPDATE team.attempts SET link = 'http://acme.example/i/1' WHERE email_key = 'b@example.com'",
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("attempts_https_link") || e.as_db_error().is_some());
    assert!(seen.lock().unwrap().is_empty());
}

/// A reservation that timed out on the laptop is asked again while the first is still on its
/// way: the second waits for the first's counter row, then reads the same attempt — a replay,
/// never a raw unique-key error that would stop the send.
#[tokio::test]
async fn the_same_attempt_reserved_twice_at_once_is_a_replay_not_an_error() {
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let target = client::parse_url(&srv.url()).unwrap();
    let (login, pw) = srv.member("Acme Talent", "Alice").await;
    let first = client::connect(&target, &login, &pw).await.unwrap();
    let second = client::connect(&target, &login, &pw).await.unwrap();
    let attempt = Uuid::new_v4();
    let facts = client::AttemptFacts {
        attempt,
        provider: "xobin",
        job_ref: "305",
        email: "kim@example.com",
        name: "Kim Lee",
        job_name: None,
        account: "Default",
    };
    first.batch_execute("BEGIN").await.unwrap();
    let r1 = client::reserve(&first, &facts, None, true).await.unwrap();
    assert_eq!(r1.result, client::ReserveResult::Reserved);
    let waiting = tokio::spawn(async move {
        let facts = client::AttemptFacts {
            attempt,
            provider: "xobin",
            job_ref: "305",
            email: "kim@example.com",
            name: "Kim Lee",
            job_name: None,
            account: "Default",
        };
        client::reserve(&second, &facts, None, true).await
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        !waiting.is_finished(),
        "the second call waits for the first's counter row"
    );
    first.batch_execute("COMMIT").await.unwrap();
    let r2 = waiting.await.unwrap().unwrap();
    assert_eq!(r2.result, client::ReserveResult::Replay);
    assert_eq!(r2.holder_attempt, attempt);
    assert_eq!(r2.state, client::ClaimState::Pending);
}
