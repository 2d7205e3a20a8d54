//! Forgetting a person team-wide, on a real PostgreSQL server: the admin's `team forget` deletes
//! her attempts and claims on the server (tombstones keep only ids and change numbers); every
//! laptop deletes its copies at its next sync — its own sent row included — and a laptop that
//! was offline does so when it is back. A coordinator may ask the same only where the team
//! allows it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

mod team_support;

use team_support::*;

use invite_desk::invite::{self, SendResult};

fn holds(l: &Laptop, needle: &str) -> bool {
    let path = l.dir.path().join("history.sqlite3");
    [path.clone(), path.with_extension("sqlite3-wal")]
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .any(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

fn rows_for(l: &Laptop, email: &str) -> usize {
    l.state.db.find_person(email).unwrap().invites.len()
}

#[tokio::test]
async fn team_forget_reaches_every_laptop_and_an_offline_one_when_it_returns() {
    let (srv, vend, _seen, alice, bob) = acme_with_alice_and_bob().await;
    let carol = joined(&srv, "Acme Talent", "Carol", &vend).await;
    let kim = "kim.forget@example.com";
    let lee = "lee.keep@example.com";
    let r = invite::send(&alice.state, alice.team.active(), form(kim), false, None)
        .await
        .unwrap();
    assert!(matches!(r, SendResult::Sent { .. }));
    invite::send(&bob.state, bob.team.active(), form(lee), false, None)
        .await
        .unwrap();
    for l in [&alice, &bob, &carol] {
        l.team.sync_once().await.unwrap();
    }
    for l in [&alice, &bob, &carol] {
        assert_eq!(rows_for(l, kim), 1, "every laptop holds Kim's invite");
    }

    // Carol's laptop goes offline (its server address points nowhere).
    let real = carol.state.settings.get().team.unwrap().url;
    carol
        .state
        .settings
        .update(|cur| {
            let mut n = cur.clone();
            n.team.as_mut().unwrap().url = "postgresql://127.0.0.1:1/invitedesk".into();
            n
        })
        .unwrap();
    assert!(carol.team.sync_once().await.is_err());

    let out = srv.admin(&["forget", kim]).await;
    assert!(out.starts_with("Forgot 1 attempt(s)"), "{out}");
    let sql = srv.sql().await;
    let left: i64 = sql
        .query_one(
            "SELECT (SELECT count(*) FROM team.attempts WHERE email_key = $1)
                  + (SELECT count(*) FROM team.claims WHERE email_key = $1)",
            &[&kim],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "the server holds nothing of Kim");
    let erasures: String = sql
        .query_one(
            "SELECT string_agg(row_to_json(e)::text, ' ') FROM team.erasures e",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(
        !erasures.contains("kim"),
        "the server's erasure log names no one: {erasures}"
    );

    // Bob (a colleague's copy) and Alice (her own sent row) lose it at their next sync.
    bob.team.sync_once().await.unwrap();
    alice.team.sync_once().await.unwrap();
    for l in [&alice, &bob] {
        assert_eq!(rows_for(l, kim), 0);
        assert!(!holds(l, kim), "Kim's email left the laptop's history file");
        assert_eq!(rows_for(l, lee), 1, "Lee is untouched");
    }
    // Carol still has it while offline, and loses it when she is back.
    assert_eq!(rows_for(&carol, kim), 1);
    carol
        .state
        .settings
        .update(|cur| {
            let mut n = cur.clone();
            n.team.as_mut().unwrap().url = real.clone();
            n
        })
        .unwrap();
    carol.team.sync_once().await.unwrap();
    assert_eq!(rows_for(&carol, kim), 0);
    assert_eq!(rows_for(&carol, lee), 1);

    // A coordinator may ask only where the team allows it.
    let e = bob.team.forget_person(lee).await.unwrap_err();
    assert!(
        e.message.contains("not allowed coordinators to forget"),
        "{}",
        e.message
    );
    srv.init("Acme Talent", &["--members-may-forget"]).await;
    assert_eq!(bob.team.forget_person(lee).await.unwrap(), 1);
    assert_eq!(rows_for(&bob, lee), 0, "the asker's copy goes at once");
    alice.team.sync_once().await.unwrap();
    assert_eq!(rows_for(&alice, lee), 0);
}

#[tokio::test]
async fn a_large_retention_backlog_goes_in_batches_each_inside_its_deadline() {
    let (srv, _vend, _seen, alice, bob) = acme_with_alice_and_bob().await;
    invite::send(
        &alice.state,
        alice.team.active(),
        form("first@example.com"),
        false,
        None,
    )
    .await
    .unwrap();
    alice.team.sync_once().await.unwrap();
    // A year of attempts, 1,200 more, all past the period that is about to be set.
    let sql = srv.sql().await;
    sql.execute(
        "INSERT INTO team.attempts (id, team_id, author, provider, job_ref, email_key,
             candidate_name, candidate_email, job_name, outcome, link, created_at, updated_at,
             change_seq)
         SELECT gen_random_uuid(), a.team_id, a.author, a.provider, a.job_ref,
                'old' || g || '@example.com', a.candidate_name, 'old' || g || '@example.com',
                a.job_name, 'sent', a.link, a.created_at, a.updated_at, a.change_seq
           FROM team.attempts a, generate_series(1, 1200) g",
        &[],
    )
    .await
    .unwrap();
    sql.execute(
        "UPDATE team.attempts SET updated_at = now() - interval '400 days'",
        &[],
    )
    .await
    .unwrap();
    srv.init("Acme Talent", &["--retention-days", "30"]).await;
    bob.team.sync_once().await.unwrap();
    let left: i64 = sql
        .query_one("SELECT count(*) FROM team.attempts", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "the whole backlog went within one sync");
    let batches: Vec<i32> = column(
        &sql,
        "SELECT rows FROM team.erasures WHERE by_whom = 'retention' ORDER BY id",
    )
    .await;
    assert_eq!(batches, vec![500, 500, 201], "at most 500 per call");
    alice.team.sync_once().await.unwrap();
    assert_eq!(rows_for(&alice, "first@example.com"), 0);
}

#[tokio::test]
async fn the_teams_retention_is_enforced_on_the_server_and_reaches_every_laptop() {
    let (srv, _vend, _seen, alice, bob) = acme_with_alice_and_bob().await;
    let (old, young_unknown, fresh) = (
        "old.sent@example.com",
        "young.unknown@example.com",
        "fresh.sent@example.com",
    );
    for email in [old, young_unknown, fresh] {
        invite::send(&alice.state, alice.team.active(), form(email), false, None)
            .await
            .unwrap();
    }
    alice.team.sync_once().await.unwrap();
    bob.team.sync_once().await.unwrap();
    assert_eq!(rows_for(&bob, old), 1);
    // As if time had passed: the first row changed 40 days ago, the second is unknown and 10
    // days old.
    let sql = srv.sql().await;
    sql.execute(
        "UPDATE team.attempts SET updated_at = now() - interval '40 days' WHERE email_key = $1",
        &[&old],
    )
    .await
    .unwrap();
    sql.execute(
        "UPDATE team.attempts SET outcome = 'unknown', updated_at = now() - interval '10 days' WHERE email_key = $1",
        &[&young_unknown],
    )
    .await
    .unwrap();
    srv.init("Acme Talent", &["--retention-days", "7"]).await;
    bob.team.sync_once().await.unwrap();
    alice.team.sync_once().await.unwrap();
    let left: Vec<String> = column(
        &sql,
        "SELECT email_key FROM team.attempts ORDER BY email_key",
    )
    .await;
    assert_eq!(left, vec![fresh.to_string(), young_unknown.to_string()]);
    for l in [&alice, &bob] {
        assert_eq!(rows_for(l, old), 0, "the old invite left every laptop");
        assert_eq!(rows_for(l, young_unknown), 1);
        assert_eq!(rows_for(l, fresh), 1);
    }
    // Turned off again: nothing more goes.
    srv.init("Acme Talent", &["--no-retention"]).await;
    sql.execute(
        "UPDATE team.attempts SET updated_at = now() - interval '400 days'",
        &[],
    )
    .await
    .unwrap();
    bob.team.sync_once().await.unwrap();
    assert_eq!(rows_for(&bob, fresh), 1);
}

#[tokio::test]
async fn an_attempt_forgotten_while_it_waited_on_a_laptop_is_not_pushed_back() {
    // A laptop whose reservation reached the server but whose answer was lost keeps the row
    // waiting to be shared (as an offline attempt). If the team forgets the person meanwhile,
    // the next sync must not put her back on the server.
    let (srv, _vend, _seen, alice, _bob) = acme_with_alice_and_bob().await;
    let mia = "mia.waiting@example.com";
    let r = invite::send(&alice.state, alice.team.active(), form(mia), false, None)
        .await
        .unwrap();
    assert!(matches!(r, SendResult::Sent { .. }));
    alice.team.sync_once().await.unwrap();
    let out = srv.admin(&["forget", mia]).await;
    assert!(out.starts_with("Forgot 1 attempt(s)"), "{out}");
    // The laptop's row waits to be shared again, as one whose answer was lost.
    let local = rusqlite::Connection::open(alice.dir.path().join("history.sqlite3")).unwrap();
    let changed = local
        .execute(
            "UPDATE invites SET team_pushed = 0, team_offline = 1 WHERE candidate_email = ?1",
            [mia],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(local);

    alice.team.sync_once().await.unwrap();
    let sql = srv.sql().await;
    let left: i64 = sql
        .query_one(
            "SELECT count(*) FROM team.attempts WHERE email_key = $1",
            &[&mia],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        left, 0,
        "the forgotten attempt did not come back to the server"
    );
    assert_eq!(rows_for(&alice, mia), 0);
}
