//! Team mode against a real PostgreSQL server (scripts/with-postgres.sh starts a throwaway one and
//! sets INVITE_DESK_TEST_PG; without it these tests fail, never skip): the admin command, joining
//! with a one-time password replaced by a keychain secret, the team-wide guard racing 200 times,
//! "send another" as compare-and-set, offline sends pushed and flagged, the lease, a puller
//! against 20 writers, and what a coordinator may not do. Each test has its own database and
//! logins; vendors are local mock servers; keys in memory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests may unwrap

mod team_support;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use team_support::*;

use invite_desk::error::ErrorKind;
use invite_desk::history::{HistoryQuery, Outcome, TeamFilter};
use invite_desk::invite::{self, SendResult};
use invite_desk::providers::Provider;
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::team::{client, Claim, KNOWN_SCHEMA};
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn joining_replaces_the_one_time_password_with_a_keychain_secret() {
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let (vend, _) = vendor().await;
    let (login, otp) = srv.member("Acme Talent", "Priya").await;
    let secrets = Arc::new(MemoryStore::new());
    let l = laptop_with(tempfile::tempdir().unwrap(), &vend, secrets.clone());
    // A wrong one-time password, a bad address, an unknown login: each names the field.
    let e = l.team.join(&srv.url(), &login, "wrong").await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("teamPassword"), "{}", e.message);
    let e = l
        .team
        .join("https://team.example.com", &login, &otp)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("teamUrl"));
    let e = l
        .team
        .join(&srv.url(), "no such login", &otp)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("teamRole"));
    let st = l.team.join(&srv.url(), &login, &otp).await.unwrap();
    assert!(st.enabled);
    assert_eq!(st.display_name.as_deref(), Some("Priya"));
    assert_eq!(st.team_name.as_deref(), Some("Acme Talent"));
    // The one-time password no longer works; the secret in the keychain does.
    let target = client::parse_url(&srv.url()).unwrap();
    assert!(client::connect(&target, &login, &otp).await.is_err());
    let account = l.state.settings.get().team.unwrap().account();
    let secret = secrets.get_team_secret(&account).unwrap().unwrap();
    assert_ne!(secret.expose(), otp);
    assert!(client::connect(&target, &login, secret.expose())
        .await
        .is_ok());
    // The settings file holds the address and login, never a password.
    let file = std::fs::read_to_string(l.dir.path().join("settings.json")).unwrap();
    assert!(file.contains(&login));
    assert!(!file.contains(secret.expose()) && !file.contains(&otp));
}

#[tokio::test]
async fn two_laptops_race_200_times_on_one_candidate_and_exactly_one_request_leaves_each_time() {
    let (_srv, _vend, seen, alice, bob) = acme_with_alice_and_bob().await;
    let started = Instant::now();
    for i in 0..200 {
        let email = format!("race{i}@example.com");
        let (a, b) = tokio::join!(
            invite::send(&alice.state, alice.team.active(), form(&email), false, None),
            invite::send(&bob.state, bob.team.active(), form(&email), false, None)
        );
        let sent = [&a, &b]
            .iter()
            .filter(|r| matches!(r, Ok(SendResult::Sent { .. })))
            .count();
        assert_eq!(sent, 1, "round {i}: exactly one of the two sends");
        // The loser is asked about the winner's invite, or — while the winner still waits for
        // the vendor — told the winner is sending it.
        let (loser, winner) = match &a {
            Ok(SendResult::Sent { .. }) => (&b, "Alice"),
            _ => (&a, "Bob"),
        };
        let told = told(loser);
        assert!(
            told.starts_with(winner),
            "round {i}: the loser is told of {winner}: {told}"
        );
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 200, "one vendor request per candidate");
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 200);
    println!("200 races in {:?}", started.elapsed());
    // The loser's laptop kept no row for the invite it did not send.
    let mine = |l: &Laptop| team_page(l, TeamFilter::Mine).total;
    assert_eq!(mine(&alice) + mine(&bob), 200);
}

#[tokio::test]
async fn two_colleagues_confirming_send_another_at_once_cannot_both_win() {
    let (srv, vend, seen, alice, bob) = acme_with_alice_and_bob().await;
    let carol = joined(&srv, "Acme Talent", "Carol", &vend).await;
    let email = "kim@example.com";
    assert!(matches!(
        invite::send(&alice.state, alice.team.active(), form(email), false, None)
            .await
            .unwrap(),
        SendResult::Sent { .. }
    ));
    alice.team.sync_once().await.unwrap();
    let qb = invite::send(&bob.state, bob.team.active(), form(email), false, None)
        .await
        .unwrap();
    let qc = invite::send(&carol.state, carol.team.active(), form(email), false, None)
        .await
        .unwrap();
    assert!(
        question(&qb).unwrap().contains("Alice invited Kim Lee"),
        "{:?}",
        question(&qb)
    );
    let (vb, vc) = (version(&qb), version(&qc));
    assert!(
        vb.is_some() && vb == vc,
        "both were shown the same claim version"
    );
    let (b, c) = tokio::join!(
        invite::send(&bob.state, bob.team.active(), form(email), true, vb),
        invite::send(&carol.state, carol.team.active(), form(email), true, vc)
    );
    let winners = [&b, &c]
        .iter()
        .filter(|r| matches!(r, Ok(SendResult::Sent { .. })))
        .count();
    assert_eq!(winners, 1, "compare-and-set: one wins");
    let (loser, winner) = match &b {
        Ok(SendResult::Sent { .. }) => (&c, "Bob"),
        _ => (&b, "Carol"),
    };
    let q = told(loser);
    assert!(q.starts_with(winner), "the loser sees the new holder: {q}");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn offline_sends_are_asked_about_pushed_on_reconnect_and_a_clash_is_flagged_on_both_rows() {
    let (srv, _vend, seen, alice, bob) = acme_with_alice_and_bob().await;
    let real = srv.url();
    // Both lose the server: the address now points at a port nothing listens on.
    let dead = format!("postgresql://127.0.0.1:1/{}", srv.db);
    for l in [&alice, &bob] {
        l.state
            .settings
            .update(|s| {
                let mut n = s.clone();
                n.team.as_mut().unwrap().url = dead.clone();
                n
            })
            .unwrap();
        l.team.test().await.unwrap_err();
    }
    let email = "kim@example.com";
    for l in [&alice, &bob] {
        let before = seen.lock().unwrap().len();
        let ask = invite::send(&l.state, l.team.active(), form(email), false, None)
            .await
            .unwrap();
        assert_eq!(seen.lock().unwrap().len(), before, "asking sends nothing");
        let q = question(&ask).unwrap();
        assert!(q.starts_with("Team check unavailable (last synced"), "{q}");
        assert!(q.contains("your copy shows no invite for Kim Lee"), "{q}");
        assert!(matches!(ask, SendResult::Confirm { offline: true, .. }));
        let sent = invite::send(&l.state, l.team.active(), form(email), true, None)
            .await
            .unwrap();
        assert!(matches!(sent, SendResult::Sent { .. }));
        assert_eq!(
            l.state.db.team_waiting().unwrap(),
            1,
            "the outcome waits in the outbox"
        );
    }
    assert_eq!(
        seen.lock().unwrap().len(),
        2,
        "offline, both invites go out"
    );
    // Back online: each pushes; the second push finds the first and both rows are flagged.
    for l in [&alice, &bob] {
        l.state
            .settings
            .update(|s| {
                let mut n = s.clone();
                n.team.as_mut().unwrap().url = real.clone();
                n
            })
            .unwrap();
        l.team.sync_once().await.unwrap();
        assert_eq!(l.state.db.team_waiting().unwrap(), 0);
    }
    alice.team.sync_once().await.unwrap();
    let own = |l: &Laptop| team_page(l, TeamFilter::Mine).rows.remove(0);
    let a = own(&alice);
    let b = own(&bob);
    assert!(a.team_offline && b.team_offline);
    assert!(
        a.team_conflict
            .as_deref()
            .unwrap()
            .contains("also invited by Bob"),
        "{:?}",
        a.team_conflict
    );
    assert!(
        b.team_conflict
            .as_deref()
            .unwrap()
            .contains("also invited by Alice"),
        "{:?}",
        b.team_conflict
    );
    // Each laptop also has the colleague's row, with its author and link.
    let theirs = team_page(&alice, TeamFilter::Colleagues);
    assert_eq!(theirs.rows[0].author.as_deref(), Some("Bob"));
    assert!(theirs.rows[0].link.is_some());
    let flagged = team_page(&alice, TeamFilter::Conflicts);
    assert_eq!(flagged.total, 2);
    // When each reached the server, by the server's clock, beside the laptop's own time: on the
    // author's row and on the colleague's copy, equal to what the server holds.
    let c = srv.sql().await;
    let on_server: Vec<i64> = c
        .query("SELECT received_at FROM team.attempts", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.get::<_, chrono::DateTime<chrono::Utc>>(0)
                .timestamp_millis()
        })
        .collect();
    assert_eq!(on_server.len(), 2);
    let millis = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.timestamp_millis());
    for row in [&a, &b] {
        let at = millis(row.team_received_at).expect("the server's time of arrival");
        assert!(on_server.contains(&at), "{at} not in {on_server:?}");
    }
    assert_eq!(
        millis(theirs.rows[0].team_received_at),
        millis(b.team_received_at)
    );
}

#[tokio::test]
async fn a_reservation_that_timed_out_but_reached_the_server_is_released_or_finished_on_sync() {
    let (srv, _vend, seen, alice, bob) = acme_with_alice_and_bob().await;
    // The claims table locked by the admin: each reservation waits past the app's deadline,
    // and goes through on the server once the lock is gone — the answer never reaches the app.
    let kim = "kim@example.com";
    let admin = send_past_a_locked_claims_table(&srv, &alice, kim).await;
    assert_eq!(alice.state.db.abandoned_attempts().unwrap().len(), 1);
    let sent = invite::send(&alice.state, alice.team.active(), form(kim), true, None)
        .await
        .unwrap();
    assert!(matches!(sent, SendResult::Sent { .. }));
    // A second candidate sent anyway straight away: the team was just found unreachable, so
    // neither "send anyway" asks the server again (each goes out at once, as offline attempts).
    let lee = "lee@example.com";
    let sent = invite::send(&alice.state, alice.team.active(), form(lee), true, None)
        .await
        .unwrap();
    assert!(matches!(sent, SendResult::Sent { .. }));
    admin.batch_execute("COMMIT").await.unwrap();
    let attempts = |email: &'static str| {
        let admin = &admin;
        async move {
            admin
                .query(
                    "SELECT outcome, offline FROM team.attempts WHERE candidate_email = $1 ORDER BY created_at",
                    &[&email],
                )
                .await
                .unwrap()
                .iter()
                .map(|r| (r.get::<_, String>(0), r.get::<_, bool>(1)))
                .collect::<Vec<_>>()
        }
    };
    // The late reservation of the abandoned attempt commits once the lock is gone: `pending`.
    let t = std::time::Instant::now();
    while attempts(kim).await.is_empty() {
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "the late reservation never landed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(attempts(kim).await, [("pending".to_owned(), false)]);
    assert!(attempts(lee).await.is_empty());

    alice.team.sync_once().await.unwrap();
    // Kim: an abandoned attempt failed (nothing was sent under it) and the one sent offline is
    // sent, with no clash with itself; Lee: pushed as an offline attempt.
    let live = |rows: Vec<(String, bool)>| {
        rows.into_iter()
            .map(|(o, _)| o)
            .filter(|o| o != "failed")
            .collect::<Vec<_>>()
    };
    assert_eq!(live(attempts(kim).await), ["sent"]);
    assert_eq!(attempts(lee).await, [("sent".to_owned(), true)]);
    assert!(alice.state.db.abandoned_attempts().unwrap().is_empty());
    assert_eq!(alice.state.db.team_waiting().unwrap(), 0);
    let mine = team_page(&alice, TeamFilter::Mine);
    assert_eq!(mine.total, 2);
    assert!(
        mine.rows.iter().all(|r| r.team_conflict.is_none()),
        "no clash with itself"
    );
    let claims: Vec<(String, String)> = admin
        .query(
            "SELECT email_key, state FROM team.claims ORDER BY email_key",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        claims,
        [
            (kim.to_owned(), "sent".to_owned()),
            (lee.to_owned(), "sent".to_owned())
        ]
    );
    // A colleague is asked about Alice's sent invites, not told she is still sending.
    for email in [kim, lee] {
        let r = invite::send(&bob.state, bob.team.active(), form(email), false, None)
            .await
            .unwrap();
        let q = question(&r).unwrap();
        assert!(q.starts_with("Alice invited Kim Lee"), "{q}");
    }
    assert_eq!(*seen.lock().unwrap(), [kim, lee], "one vendor request each");
}

#[tokio::test]
async fn a_strict_team_refuses_to_send_while_its_server_is_unreachable() {
    let srv = server().await;
    srv.init("Strict Team", &["--strict-offline"]).await;
    let (vend, seen) = vendor().await;
    let alice = joined(&srv, "Strict Team", "Alice", &vend).await;
    alice
        .state
        .settings
        .update(|s| {
            let mut n = s.clone();
            n.team.as_mut().unwrap().url = format!("postgresql://127.0.0.1:1/{}", srv.db);
            n
        })
        .unwrap();
    let e = invite::send(
        &alice.state,
        alice.team.active(),
        form("kim@example.com"),
        true,
        None,
    )
    .await
    .unwrap_err();
    assert!(
        e.message.contains("does not send without it"),
        "{}",
        e.message
    );
    assert!(seen.lock().unwrap().is_empty());
    assert_eq!(
        alice
            .state
            .db
            .query(&HistoryQuery::default())
            .unwrap()
            .total,
        0,
        "nothing sent, no row kept"
    );
}

#[tokio::test]
async fn a_sender_gone_silent_is_unknown_after_the_lease_and_sent_once_its_laptop_returns() {
    let srv = server().await;
    srv.init("Acme Talent", &["--lease-secs", "1"]).await;
    let (vend, seen) = vendor().await;
    let bob = joined(&srv, "Acme Talent", "Bob", &vend).await;
    // Alice's laptop, with a keychain that outlives the app (the OS keychain does).
    let keychain = Arc::new(MemoryStore::new());
    keychain.set(Provider::Xobin, VENDOR_KEY).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (login, otp) = srv.member("Acme Talent", "Alice").await;
    let alice = laptop_with(dir, &vend, keychain.clone());
    alice.team.join(&srv.url(), &login, &otp).await.unwrap();
    // The vendor answered and the outcome is on Alice's disk; then her laptop died before it
    // told the team (the outcome still waits in its outbox).
    let email = "kim@example.com";
    let attempt = Uuid::new_v4();
    let new = invite_desk::history::NewInvite {
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
    };
    let id = alice
        .state
        .db
        .insert_pending_team(&new, &attempt.to_string())
        .unwrap();
    assert!(matches!(
        alice.team.claim(&new, attempt, None).await.unwrap(),
        Claim::Go
    ));
    let outcome = invite_desk::providers::InviteOutcome {
        link: Some("https://acme.xobin.com/i/1".into()),
        ..Default::default()
    };
    alice.state.db.mark_sent(id, &outcome).unwrap();
    let Laptop {
        dir,
        state,
        team,
        bulk,
    } = alice;
    drop((state, team, bulk));
    // Within the lease Bob is told Alice is sending — not asked: a live pending claim cannot be
    // overridden, not even with "send another"; after it, that the outcome is unknown.
    for allow in [false, true] {
        let e = invite::send(&bob.state, bob.team.active(), form(email), allow, None)
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Duplicate);
        assert!(
            e.message
                .starts_with("Alice is sending this invite right now (Kim Lee <"),
            "{}",
            e.message
        );
        assert!(!e.outcome_unknown, "nothing was sent");
    }
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let q = invite::send(&bob.state, bob.team.active(), form(email), false, None)
        .await
        .unwrap();
    assert!(
        question(&q).unwrap().contains("outcome unknown"),
        "{:?}",
        question(&q)
    );
    // Alice's laptop comes back: start-up leaves the sent row alone and the outbox tells the team.
    let back = laptop_with(dir, &vend, keychain);
    assert_eq!(back.state.db.team_waiting().unwrap(), 1);
    back.team.sync_once().await.unwrap();
    assert_eq!(back.state.db.team_waiting().unwrap(), 0);
    let q = invite::send(&bob.state, bob.team.active(), form(email), false, None)
        .await
        .unwrap();
    assert!(
        question(&q).unwrap().contains("Alice invited Kim Lee"),
        "{:?}",
        question(&q)
    );
    assert!(
        seen.lock().unwrap().is_empty(),
        "Bob sent nothing without saying yes"
    );
}

#[tokio::test]
async fn twenty_writers_and_a_puller_for_ten_seconds_the_puller_sees_every_row() {
    let srv = server().await;
    srv.init("Busy Team", &[]).await;
    let target = client::parse_url(&srv.url()).unwrap();
    let mut writers = Vec::new();
    for w in 0..20 {
        let (login, otp) = srv.member("Busy Team", &format!("Writer{w}")).await;
        let c = client::connect(&target, &login, &otp).await.unwrap();
        writers.push(c);
    }
    let (plogin, potp) = srv.member("Busy Team", "Puller").await;
    let puller = client::connect(&target, &plogin, &potp).await.unwrap();
    let until = Instant::now() + Duration::from_secs(10);
    let written = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for (w, c) in writers.into_iter().enumerate() {
        let written = written.clone();
        tasks.push(tokio::spawn(async move {
            let mut i = 0;
            while Instant::now() < until {
                let attempt = Uuid::new_v4();
                let email = format!("w{w}-{i}@example.com");
                let facts = client::AttemptFacts {
                    attempt,
                    provider: "xobin",
                    job_ref: "305",
                    email: &email,
                    name: "N",
                    job_name: None,
                    account: "Acme — Xobin",
                };
                client::reserve(&c, &facts, None, true).await.unwrap();
                client::record_outcome(&c, attempt, "sent", None, &json!({}))
                    .await
                    .unwrap();
                written.fetch_add(1, Ordering::SeqCst);
                i += 1;
            }
        }));
    }
    let mut seen: HashSet<Uuid> = HashSet::new();
    let mut cursor = 0;
    let drain = |rows: Vec<client::Pulled>, seen: &mut HashSet<Uuid>, cursor: &mut i64| {
        for r in rows {
            assert!(r.change_seq > *cursor, "pull is in commit order");
            assert_eq!(
                r.account_label.as_deref(),
                Some("Acme — Xobin"),
                "the account's name is kept"
            );
            *cursor = r.change_seq;
            seen.insert(r.id);
        }
    };
    while Instant::now() < until {
        let rows = client::pull(&puller, cursor, 1000, KNOWN_SCHEMA)
            .await
            .unwrap();
        drain(rows, &mut seen, &mut cursor);
    }
    for t in tasks {
        t.await.unwrap();
    }
    loop {
        let rows = client::pull(&puller, cursor, 1000, KNOWN_SCHEMA)
            .await
            .unwrap();
        if rows.is_empty() {
            break;
        }
        drain(rows, &mut seen, &mut cursor);
    }
    let total: i64 = srv
        .sql()
        .await
        .query_one("SELECT count(*) FROM team.attempts", &[])
        .await
        .unwrap()
        .get(0);
    let written = written.load(Ordering::SeqCst);
    println!(
        "20 writers for 10 s: {written} attempts written, {} seen by the puller",
        seen.len()
    );
    assert_eq!(total as usize, written);
    assert_eq!(seen.len(), written, "the puller missed none");
}

#[tokio::test]
async fn a_coordinator_cannot_read_another_team_touch_a_table_or_change_anothers_password() {
    let srv = server().await;
    srv.init("Team A", &[]).await;
    srv.init("Team B", &[]).await;
    let target = client::parse_url(&srv.url()).unwrap();
    let (alice, a_pw) = srv.member("Team A", "Alice").await;
    let (bob, b_pw) = srv.member("Team B", "Bob").await;
    let a = client::connect(&target, &alice, &a_pw).await.unwrap();
    let b = client::connect(&target, &bob, &b_pw).await.unwrap();
    let attempt = Uuid::new_v4();
    let facts = client::AttemptFacts {
        attempt,
        provider: "xobin",
        job_ref: "305",
        email: "kim@example.com",
        name: "Kim",
        job_name: None,
        account: "Default",
    };
    client::reserve(&a, &facts, None, true).await.unwrap();
    assert_eq!(
        client::pull(&a, 0, 100, KNOWN_SCHEMA).await.unwrap().len(),
        1
    );
    assert!(
        client::pull(&b, 0, 100, KNOWN_SCHEMA)
            .await
            .unwrap()
            .is_empty(),
        "team B sees none of team A's rows"
    );
    // Team B's guard is its own: the same candidate is free there.
    let fb = client::AttemptFacts {
        attempt: Uuid::new_v4(),
        ..facts.clone()
    };
    assert_eq!(
        client::reserve(&b, &fb, None, true).await.unwrap().result,
        client::ReserveResult::Reserved
    );
    for sql in [
        "SELECT * FROM team.attempts".to_string(),
        "INSERT INTO team.claims VALUES (1, 'xobin', '1', 'x', gen_random_uuid(), 'sent', 'bob', now(), 1, now())".to_string(),
        "UPDATE team.teams SET strict_offline = true".to_string(),
        format!("ALTER ROLE \"{alice}\" PASSWORD 'taken-over'"),
        "SELECT team.bump(1)".to_string(),
    ] {
        let e = b.batch_execute(&sql).await.unwrap_err();
        let code = e.as_db_error().map(|d| d.code().code().to_string()).unwrap_or_default();
        assert_eq!(code, "42501", "{sql}: {e}");
    }
    // Only its author records an attempt's outcome; the author is session_user.
    let e = client::record_outcome(&b, attempt, "sent", None, &json!({}))
        .await
        .unwrap_err();
    assert!(e.message.contains("No attempt"), "{}", e.message);
    let rows = client::pull(&a, 0, 100, KNOWN_SCHEMA).await.unwrap();
    assert_eq!(rows[0].author, alice);
    // A removed member is told so, and the app keeps working on its own history.
    srv.admin(&["remove-member", &bob]).await;
    let e = client::pull(&b, 0, 10, KNOWN_SCHEMA).await.unwrap_err();
    assert!(e.message.contains("not a member"), "{}", e.message);
    // No column on the server can hold a key.
    let cols: Vec<String> = column(
        &srv.sql().await,
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'team'",
    )
    .await;
    assert!(
        cols.iter().all(|c| !c.contains("key") || c == "email_key"),
        "{cols:?}"
    );
}

#[tokio::test]
async fn a_schema_newer_than_the_app_knows_is_refused_and_the_local_history_keeps_working() {
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let (vend, _) = vendor().await;
    let alice = joined(&srv, "Acme Talent", "Alice", &vend).await;
    srv.sql()
        .await
        .batch_execute("INSERT INTO team.schema_version VALUES (99)")
        .await
        .unwrap();
    let e = alice.team.test().await.unwrap_err();
    assert!(e.message.contains("version 99"), "{}", e.message);
    assert_eq!(e.kind, ErrorKind::Vendor);
    // A colleague's pending row is not this computer's to recover at start.
    let st = alice.team.status().unwrap();
    assert!(st.last_error.unwrap().contains("version 99"));
    assert_eq!(
        alice
            .state
            .db
            .query(&HistoryQuery::default())
            .unwrap()
            .total,
        0
    );
}

#[tokio::test]
async fn a_batch_reserves_each_row_and_skips_a_candidate_a_colleague_invited() {
    use invite_desk::bulk::{self, columns, read};
    let (_srv, _vend, seen, alice, bob) = acme_with_alice_and_bob().await;
    assert!(matches!(
        invite::send(
            &alice.state,
            alice.team.active(),
            form("kim@example.com"),
            false,
            None
        )
        .await
        .unwrap(),
        SendResult::Sent { .. }
    ));
    alice.team.sync_once().await.unwrap();
    // Bob's sheet has Kim (Alice invited her; Bob's laptop has not pulled that yet) and Lee.
    let sheet =
        read::read_pasted("Name\tEmail\nKim Lee\tkim@example.com\nLee Ann\tlee@example.com\n")
            .unwrap();
    let job = json!({"provider": "xobin", "aiInterviewId": "305", "inviteFormat": "getlink"});
    let mapping = columns::suggest(Provider::Xobin.bulk_fields(), &sheet.headers);
    let checked = bulk::check_sheet(&bob.state.db, &sheet, &job, &mapping, &[]).unwrap();
    assert_eq!(
        checked.report.counts.to_send, 2,
        "the local check cannot know yet"
    );
    let batch = bulk::queue(&bob.state.db, &sheet, &checked).unwrap();
    let events = std::sync::Mutex::new(Vec::new());
    let summary = bob
        .bulk
        .run_batch(bob.team.active(), batch, &|e| {
            events.lock().unwrap().push(e)
        })
        .await
        .unwrap();
    assert_eq!((summary.sent, summary.failed), (1, 1));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        ["kim@example.com", "lee@example.com"],
        "Kim went out once (Alice's), Lee once (Bob's)"
    );
    let kim = bob
        .state
        .db
        .query(&HistoryQuery {
            search: Some("kim@example.com".into()),
            ..Default::default()
        })
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(kim.outcome, Outcome::Failed);
    assert!(
        kim.error_message
            .as_deref()
            .unwrap()
            .contains("Alice invited Kim"),
        "{:?}",
        kim.error_message
    );
    // Lee's outcome reaches the team like a single invite's.
    bob.team.sync_once().await.unwrap();
    assert_eq!(bob.state.db.team_waiting().unwrap(), 0);
}

#[tokio::test]
async fn a_colleagues_invite_shows_its_account_name_and_the_server_holds_no_key() {
    let (srv, _vend, seen, alice, bob) = acme_with_alice_and_bob().await;
    const GLOBEX_KEY: &str = "GLOBEX-TEAM-KEY-CANARY-7777";
    let globex = invite_desk::vendor_accounts::add(
        &alice.state,
        Provider::Xobin,
        "Globex — Xobin".into(),
        None,
    )
    .await
    .unwrap();
    let base = alice.state.settings.get().base_url(Provider::Xobin);
    invite_desk::vendor_accounts::set_address(
        &alice.state,
        Provider::Xobin,
        globex.id.clone(),
        Some(base),
    )
    .await
    .unwrap();
    invite_desk::vendor_accounts::save_key(
        &alice.state,
        Provider::Xobin,
        globex.id.clone(),
        GLOBEX_KEY.into(),
        false,
    )
    .await
    .unwrap();
    let request = invite::SendRequest {
        form: form("kim@example.com"),
        account: Some(globex.id.clone()),
        allow_duplicate: false,
        team_version: None,
    };
    let sent = invite::send_request(&alice.state, alice.team.active(), request)
        .await
        .unwrap();
    assert!(matches!(sent, SendResult::Sent { .. }), "{sent:?}");
    alice.team.sync_once().await.unwrap();
    bob.team.sync_once().await.unwrap();
    let row = team_page(&bob, TeamFilter::Colleagues).rows.pop().unwrap();
    assert_eq!(
        row.account, None,
        "a colleague's account is known by its name only"
    );
    assert_eq!(row.account_label, "Globex — Xobin");
    assert!(row
        .invited_sentence()
        .contains("via Xobin (Globex — Xobin)"));
    assert_eq!(seen.lock().unwrap().len(), 1);
    // Every row of every team table, as text: no piece of the key, and no address.
    let c = srv.sql().await;
    let tables: Vec<String> = column(
        &c,
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'team'",
    )
    .await;
    assert!(tables.iter().any(|t| t == "attempts"));
    let mut dump = String::new();
    for t in &tables {
        for r in c
            .query(&format!("SELECT x::text FROM team.\"{t}\" x"), &[])
            .await
            .unwrap()
        {
            dump.push_str(r.get::<_, &str>(0));
        }
    }
    assert!(dump.contains("Globex — Xobin"), "the name is kept");
    for piece in GLOBEX_KEY.as_bytes().windows(8) {
        let piece = std::str::from_utf8(piece).unwrap();
        assert!(
            !dump.contains(piece),
            "the team server holds part of the key"
        );
    }
    assert!(
        !dump.contains("127.0.0.1"),
        "the team server holds no vendor address"
    );
}

#[tokio::test]
async fn a_reminder_is_shared_so_a_colleague_sees_who_nudged_and_does_not_nudge_again() {
    use invite_desk::follow_up::FollowUp;
    use invite_desk::history::{FollowUpEvent, ReminderChannel};
    let (srv, _vend, seen, alice, bob) = acme_with_alice_and_bob().await;
    let sent = invite::send(
        &alice.state,
        alice.team.active(),
        form("kim@example.com"),
        false,
        None,
    )
    .await
    .unwrap();
    let SendResult::Sent { record_id, .. } = sent else {
        panic!("{sent:?}")
    };
    alice.team.sync_once().await.unwrap();
    bob.team.sync_once().await.unwrap();
    let bobs = team_page(&bob, TeamFilter::Colleagues).rows.pop().unwrap();
    assert!(FollowUp::new(&bob.state)
        .events(bobs.id)
        .unwrap()
        .is_empty());

    // Alice reminds Kim: her own row says so at once; the fact reaches the server at her sync.
    FollowUp::new(&alice.state)
        .mark_reminded(record_id, ReminderChannel::MailApp)
        .unwrap();
    let c = srv.sql().await;
    async fn on_server(c: &tokio_postgres::Client) -> tokio_postgres::Row {
        c.query_one(
            "SELECT reminded_at IS NOT NULL, reminded_channel FROM team.attempts",
            &[],
        )
        .await
        .unwrap()
    }
    assert!(
        !on_server(&c).await.get::<_, bool>(0),
        "shared before a sync"
    );
    alice.team.sync_once().await.unwrap();
    let row = on_server(&c).await;
    assert!(row.get::<_, bool>(0));
    assert_eq!(row.get::<_, Option<String>>(1).as_deref(), Some("mail_app"));
    // Shared once: a second sync asks nothing again, and Alice's own row keeps one event.
    alice.team.sync_once().await.unwrap();
    assert_eq!(
        FollowUp::new(&alice.state).events(record_id).unwrap().len(),
        1
    );

    // Bob's copy learns it at his next sync, naming Alice; his board leaves Kim alone.
    bob.team.sync_once().await.unwrap();
    let events = FollowUp::new(&bob.state).events(bobs.id).unwrap();
    assert!(
        matches!(events.as_slice(), [FollowUpEvent::Reminded { by: Some(by), .. }] if by == "Alice"),
        "{events:?}"
    );
    bob.team.sync_once().await.unwrap();
    assert_eq!(FollowUp::new(&bob.state).events(bobs.id).unwrap().len(), 1);
    // Only the fact went through the server: no vendor was asked for anything but the invite.
    assert_eq!(seen.lock().unwrap().len(), 1);

    // A coordinator of another team cannot mark this team's attempt reminded.
    srv.init("Globex", &[]).await;
    let (login, otp) = srv.member("Globex", "Gus").await;
    let target = client::parse_url(&srv.url()).unwrap();
    let gus = client::connect(&target, &login, &otp).await.unwrap();
    let attempt: Uuid = c
        .query_one("SELECT id FROM team.attempts", &[])
        .await
        .unwrap()
        .get(0);
    let e = client::remind(&gus, attempt, chrono::Utc::now(), Some("other"))
        .await
        .unwrap_err();
    assert!(e.message.contains("No attempt"), "{}", e.message);
    let before: Option<String> = c
        .query_one("SELECT reminded_by::text FROM team.attempts", &[])
        .await
        .unwrap()
        .get(0);
    assert_ne!(before.as_deref(), Some(login.as_str()));
}

#[tokio::test]
async fn a_one_time_password_expires_and_the_login_a_laptop_joined_with_does_not() {
    use chrono::{Duration as Days, Utc};
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let (vend, _seen) = vendor().await;
    let c = srv.sql().await;
    let valid_until = |login: String| {
        let c = &c;
        async move {
            c.query_one(
                "SELECT rolvaliduntil, rolvaliduntil = 'infinity'::timestamptz FROM pg_roles \
                 WHERE rolname = $1",
                &[&login],
            )
            .await
            .unwrap()
        }
    };
    // add-member: the one-time password works for seven days.
    let (login, otp) = srv.member("Acme Talent", "Priya").await;
    let row = valid_until(login.clone()).await;
    let left = row.get::<_, chrono::DateTime<Utc>>(0) - Utc::now();
    assert!(
        left > Days::days(7) - Days::minutes(5) && left <= Days::days(7),
        "{left}"
    );

    // Once past its validity it is refused, with the reason among the ones named.
    c.batch_execute(&format!(
        "ALTER ROLE \"{login}\" VALID UNTIL '2000-01-01 00:00:00+00'"
    ))
    .await
    .unwrap();
    let laptop = laptop_at(tempfile::tempdir().unwrap(), &vend);
    let e = laptop
        .team
        .join(&srv.url(), &login, &otp)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidKey);
    assert!(e.message.contains("expired"), "{}", e.message);
    assert!(!laptop.team.status().unwrap().enabled);

    // A new one for two days; joining replaces it and the login no longer expires.
    let out = srv
        .admin(&[
            "add-member",
            "Acme Talent",
            &login,
            "Priya",
            "--valid-days",
            "2",
        ])
        .await;
    assert!(out.contains("valid until"), "{out}");
    assert!(
        out.contains("Priya can join"),
        "the flag is not part of the name: {out}"
    );
    let again = out.lines().last().unwrap().trim().to_string();
    let row = valid_until(login.clone()).await;
    let left = row.get::<_, chrono::DateTime<Utc>>(0) - Utc::now();
    assert!(
        left > Days::days(2) - Days::minutes(5) && left <= Days::days(2),
        "{left}"
    );
    laptop.team.join(&srv.url(), &login, &again).await.unwrap();
    assert!(
        valid_until(login.clone()).await.get::<_, bool>(1),
        "valid without end once joined"
    );
    assert!(laptop.team.status().unwrap().enabled);
    // The one-time password itself no longer works (the laptop's own secret replaced it).
    let target = client::parse_url(&srv.url()).unwrap();
    assert!(client::connect(&target, &login, &again).await.is_err());

    // A validity out of range is refused, nothing changed.
    let bad = invite_desk::team::admin::run(&[
        "add-member".into(),
        srv.admin.clone(),
        "Acme Talent".into(),
        login.clone(),
        "Priya".into(),
        "--valid-days".into(),
        "0".into(),
    ])
    .await;
    assert!(bad.is_err());
    assert!(valid_until(login).await.get::<_, bool>(1));
}

#[tokio::test]
async fn an_abandoned_reservation_the_server_refuses_for_now_is_released_at_a_later_sync() {
    let (srv, _vend, seen, alice, _bob) = acme_with_alice_and_bob().await;
    // A reservation held up past the deadline (the claims table locked), asked about, not sent.
    let admin = send_past_a_locked_claims_table(&srv, &alice, "kim@example.com").await;
    assert_eq!(alice.state.db.abandoned_attempts().unwrap().len(), 1);
    admin.batch_execute("COMMIT").await.unwrap();
    let pending = || {
        let admin = &admin;
        async move {
            admin
                .query_one(
                    "SELECT count(*) FROM team.attempts WHERE outcome = 'pending'",
                    &[],
                )
                .await
                .unwrap()
                .get::<_, i64>(0)
        }
    };
    let t = std::time::Instant::now();
    while pending().await == 0 {
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "the late reservation never landed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The server refuses the release for now (an admin changing privileges): the attempt is
    // kept, not forgotten with its claim left pending.
    admin
        .batch_execute(
            "REVOKE EXECUTE ON FUNCTION team.record_outcome(uuid, text, text, jsonb) \
             FROM invite_desk_coordinators",
        )
        .await
        .unwrap();
    let _ = alice.team.sync_once().await;
    assert_eq!(
        alice.state.db.abandoned_attempts().unwrap().len(),
        1,
        "kept for the next sync"
    );
    assert_eq!(pending().await, 1);
    // Allowed again: the next sync releases it as failed, and the claim is free.
    admin
        .batch_execute(
            "GRANT EXECUTE ON FUNCTION team.record_outcome(uuid, text, text, jsonb) \
             TO invite_desk_coordinators",
        )
        .await
        .unwrap();
    alice.team.sync_once().await.unwrap();
    assert!(alice.state.db.abandoned_attempts().unwrap().is_empty());
    assert_eq!(pending().await, 0);
    let claims: i64 = admin
        .query_one("SELECT count(*) FROM team.claims", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(claims, 0, "nothing holds Kim any more");
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
}
