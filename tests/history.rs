//! The invite history on a real SQLite file: migrations, outbox order, crash recovery, the
//! duplicate guard, search and paging, filters, CSV export, moving aside an unusable file, one
//! writer per history (a second copy and an unopenable file are view-only and never send), and
//! job profiles.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod ipc_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use invite_desk::error::{AppError, ErrorKind};
#[cfg(feature = "bench")]
use invite_desk::history::PastInvite;
use invite_desk::history::{
    Access, Db, HistoryPage, HistoryQuery, NewInvite, Outcome, HISTORY_COUNT_CAP, MIGRATIONS,
    SCHEMA_VERSION,
};
use invite_desk::providers::{self, InviteOutcome, Provider};
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::state::AppState;
use ipc_support::call;
use rusqlite::Connection;
use serde_json::json;
use std::sync::Arc;

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    (dir, path)
}

fn invite(provider: Provider, name: &str, email: &str, job_ref: &str) -> NewInvite {
    NewInvite {
        provider,
        candidate_name: name.into(),
        candidate_email: email.into(),
        job_ref: job_ref.into(),
        job_name: Some(format!("Job {job_ref}")),
        scheduled_at: None,
        start_at: Some(Utc.with_ymd_and_hms(2026, 3, 8, 14, 0, 0).unwrap()),
        expiry_at: None,
        zone: Some("America/New_York".into()),
    }
}

fn sent(link: &str) -> InviteOutcome {
    InviteOutcome {
        link: Some(link.into()),
        vendor_ids: BTreeMap::from([("response_id".to_owned(), "7421".to_owned())]),
        vendor_status: Some("invited".into()),
        vendor_emails_candidate: false,
        summary: "Link ready to share.".into(),
        extra_links: BTreeMap::from([(
            "Job page".to_owned(),
            "https://app.example/jobs/1".to_owned(),
        )]),
        skipped_emails: vec!["old@example.com".into()],
        job_name: None,
    }
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn search(db: &Db, term: &str) -> Vec<String> {
    db.query(&HistoryQuery {
        search: Some(term.into()),
        limit: 200,
        ..Default::default()
    })
    .unwrap()
    .rows
    .into_iter()
    .map(|r| r.candidate_email)
    .collect()
}

/// The candidate emails of a page's rows, in order.
fn emails(page: &HistoryPage) -> Vec<&str> {
    page.rows
        .iter()
        .map(|r| r.candidate_email.as_str())
        .collect()
}

fn export(db: &Db, q: &HistoryQuery) -> (usize, String) {
    let mut buf = Vec::new();
    let n = db.export_csv(q, &mut buf).unwrap();
    (n, String::from_utf8(buf).unwrap())
}

// ---------------------------------------------------------------------------------------------
// Migrations

#[test]
fn a_new_file_is_created_at_the_latest_schema_in_wal_mode() {
    let (_dir, path) = temp_db();
    let (db, report) = Db::open(&path).unwrap();
    assert_eq!(report.moved_aside, None);
    assert_eq!(report.notice, None);
    assert_eq!(report.recovered_unknown, 0);
    assert_eq!(db.count().unwrap(), 0);
    drop(db);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    let mode: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn an_existing_empty_file_is_migrated_from_version_zero() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"").unwrap();
    let (db, report) = Db::open(&path).unwrap();
    assert_eq!(report.moved_aside, None);
    db.insert_pending(&invite(Provider::Xobin, "Jane", "jane@example.com", "1"))
        .unwrap();
    drop(db);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
}

#[test]
fn a_version_one_file_is_upgraded_and_keeps_its_invites() {
    let (_dir, path) = temp_db();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO invites (provider, candidate_name, candidate_email, job_ref, outcome,
                 link, created_at, updated_at)
             VALUES ('hireflix', 'Old Timer', 'old@example.com', 'pos-1', 'sent',
                 'https://app.hireflix.com/abc', '2025-01-02T03:04:05Z', '2025-01-02T03:04:05Z')",
            [],
        )
        .unwrap();
    }
    assert_eq!(user_version(&path), 1);

    let (db, report) = Db::open(&path).unwrap();
    assert_eq!(report.moved_aside, None);
    assert_eq!(db.count().unwrap(), 1);
    let old = db
        .find_previous(Provider::Hireflix, "pos-1", "OLD@example.com")
        .unwrap()
        .expect("the old invite survives the upgrade");
    assert_eq!(old.link.as_deref(), Some("https://app.hireflix.com/abc"));
    // The old row is searchable: the index was kept in step by the triggers of step 1.
    assert_eq!(search(&db, "hireflix.com"), vec!["old@example.com"]);
    // Step 3 indexed it for short (word-prefix) searches too.
    assert_eq!(search(&db, "ti"), vec!["old@example.com"]);
    // Step 2 ran: job profiles work.
    let p = db
        .save_job_profile("Backend", Provider::Tidyhire, &json!({"title": "Backend"}))
        .unwrap();
    assert_eq!(p.name, "Backend");
    drop(db);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
}

/// A history written by an older Invite Desk: the first `version` steps and three invites, one of
/// them edited after it was written (so the step-1 triggers have run for inserts and updates).
fn file_at_version(path: &Path, version: usize) {
    let conn = Connection::open(path).unwrap();
    for m in &MIGRATIONS[..version] {
        conn.execute_batch(m.sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
    if version == 0 {
        return;
    }
    conn.execute_batch(
        "INSERT INTO invites (provider, candidate_name, candidate_email, job_ref, outcome,
             link, created_at, updated_at)
         VALUES ('xobin', 'Kim Lee', 'lee@acme.io', '101', 'sent',
             'https://xobin.com/i/1', '2025-01-02T03:04:05Z', '2025-01-02T03:04:05Z'),
                ('apploi', 'Placeholder', 'p@x.io', '55', 'failed',
             NULL, '2025-01-03T03:04:05Z', '2025-01-03T03:04:05Z'),
                ('tidyhire', 'Nikita Rao', 'nr@x.io', 't-9', 'sent',
             'https://tidyhire.co/j/9', '2025-01-04T03:04:05Z', '2025-01-04T03:04:05Z');
         UPDATE invites SET candidate_name = 'Kiran Vo' WHERE candidate_email = 'p@x.io';",
    )
    .unwrap();
}

#[test]
fn a_file_at_every_older_version_is_upgraded_and_short_searches_find_its_old_invites() {
    for version in 0..MIGRATIONS.len() {
        let (_dir, path) = temp_db();
        file_at_version(&path, version);
        assert_eq!(user_version(&path), version as i64);

        let (db, report) = Db::open(&path).unwrap();
        assert_eq!(report.moved_aside, None, "from version {version}");
        let old = if version == 0 { 0 } else { 3 };
        assert_eq!(db.count().unwrap(), old, "from version {version}");
        if version > 0 {
            // "ki": Kiran (the edited name) and Kim, newest first; not the "ki" inside Nikita.
            assert_eq!(search(&db, "ki"), ["p@x.io", "lee@acme.io"], "{version}");
            assert_eq!(search(&db, "ni"), ["nr@x.io"], "from version {version}");
            assert_eq!(search(&db, "x"), ["nr@x.io", "p@x.io", "lee@acme.io"]);
            assert!(search(&db, "pl").is_empty(), "the old name is gone");
            assert!(
                search(&db, "placeholder").is_empty(),
                "from version {version}"
            );
            assert_eq!(search(&db, "kiran"), ["p@x.io"], "from version {version}");
        }
        // New invites are indexed by the new step's triggers.
        db.insert_pending(&invite(Provider::Hireflix, "Kirsten Vo", "kv@y.io", "p"))
            .unwrap();
        let vo = if version == 0 {
            &["kv@y.io"][..]
        } else {
            &["kv@y.io", "p@x.io"]
        };
        assert_eq!(search(&db, "vo"), vo, "from version {version}");
        drop(db);
        assert_eq!(
            user_version(&path),
            SCHEMA_VERSION,
            "from version {version}"
        );
        // The word index holds every invite and agrees with its content table.
        let conn = Connection::open(&path).unwrap();
        let indexed: i64 = conn
            .query_row(
                "SELECT count(*) FROM invites_words WHERE invites_words MATCH 'x* OR y*'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexed as u64, old + 1, "from version {version}");
        conn.execute(
            "INSERT INTO invites_words (invites_words, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
    }
}

#[test]
fn reopening_an_up_to_date_file_changes_nothing() {
    let (_dir, path) = temp_db();
    let (db, _) = Db::open(&path).unwrap();
    let id = db
        .insert_pending(&invite(Provider::Xobin, "Jane", "jane@example.com", "1"))
        .unwrap();
    db.mark_sent(id, &sent("https://xobin.com/i/1")).unwrap();
    drop(db);
    let (db, report) = Db::open(&path).unwrap();
    assert_eq!(report, Default::default());
    assert_eq!(db.get(id).unwrap().unwrap().outcome, Outcome::Sent);
}

// ---------------------------------------------------------------------------------------------
// Outbox order and recovery

#[test]
fn a_pending_row_is_visible_to_a_second_connection_before_the_outcome_is_recorded() {
    let (_dir, path) = temp_db();
    let (db, _) = Db::open(&path).unwrap();
    let id = db
        .insert_pending(&invite(Provider::Apploi, "Ann", "ann@example.com", "app-9"))
        .unwrap();

    let other = Connection::open(&path).unwrap();
    let (outcome, email): (String, String) = other
        .query_row(
            "SELECT outcome, candidate_email FROM invites WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(outcome, "pending");
    assert_eq!(email, "ann@example.com");

    db.mark_sent(id, &sent("https://apploi.com/i/9")).unwrap();
    let outcome: String = other
        .query_row("SELECT outcome FROM invites WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(outcome, "sent");
}

#[test]
fn rows_left_pending_by_a_crash_become_unknown_on_reopen() {
    let (_dir, path) = temp_db();
    let (db, _) = Db::open(&path).unwrap();
    let crashed = db
        .insert_pending(&invite(Provider::Xobin, "Cara", "cara@example.com", "42"))
        .unwrap();
    let done = db
        .insert_pending(&invite(Provider::Xobin, "Dan", "dan@example.com", "42"))
        .unwrap();
    db.mark_sent(done, &sent("https://xobin.com/i/dan"))
        .unwrap();
    // The app dies here: `crashed` never got its outcome.
    drop(db);

    let (db, report) = Db::open(&path).unwrap();
    assert_eq!(report.recovered_unknown, 1);
    let row = db.get(crashed).unwrap().unwrap();
    assert_eq!(row.outcome, Outcome::Unknown);
    assert_eq!(row.error_kind.as_deref(), Some("interrupted"));
    assert!(row.error_message.unwrap().contains("may or may not exist"));
    assert_eq!(db.get(done).unwrap().unwrap().outcome, Outcome::Sent);
    assert_eq!(db.recover_pending().unwrap(), 0);
}

#[test]
fn marking_sent_stores_the_whole_outcome_on_the_record() {
    let db = Db::open_in_memory().unwrap();
    let new = invite(Provider::Tidyhire, "Eve", "eve@example.com", "job-7");
    let id = db.insert_pending(&new).unwrap();
    let mut outcome = sent("https://tidyhire.co/i/eve");
    outcome.vendor_emails_candidate = true;
    db.mark_sent(id, &outcome).unwrap();

    let r = db.get(id).unwrap().unwrap();
    assert_eq!(r.provider, Provider::Tidyhire);
    assert_eq!(r.candidate_name, "Eve");
    assert_eq!(r.job_name.as_deref(), Some("Job job-7"));
    assert_eq!(r.start_at, new.start_at);
    assert_eq!(r.zone.as_deref(), Some("America/New_York"));
    assert_eq!(r.link.as_deref(), Some("https://tidyhire.co/i/eve"));
    assert_eq!(r.vendor_ids["response_id"], "7421");
    assert_eq!(r.vendor_status.as_deref(), Some("invited"));
    assert!(r.vendor_emails_candidate);
    assert_eq!(r.summary.as_deref(), Some("Link ready to share."));
    assert_eq!(r.extra_links["Job page"], "https://app.example/jobs/1");
    assert_eq!(r.skipped_emails, vec!["old@example.com"]);
    assert_eq!(r.outcome, Outcome::Sent);
    assert!(r.updated_at >= r.created_at);

    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["candidateEmail"], "eve@example.com");
    assert_eq!(json["vendorEmailsCandidate"], true);
    assert_eq!(json["outcome"], "sent");
    assert_eq!(json["startAt"], "2026-03-08T14:00:00Z");
}

#[test]
fn marking_failed_or_unknown_stores_the_error_kind_and_message() {
    let db = Db::open_in_memory().unwrap();
    let a = db
        .insert_pending(&invite(Provider::Xobin, "A", "a@example.com", "1"))
        .unwrap();
    let b = db
        .insert_pending(&invite(Provider::Xobin, "B", "b@example.com", "1"))
        .unwrap();
    db.mark_failed(
        a,
        &AppError::new(ErrorKind::Quota, "No invites left."),
        false,
    )
    .unwrap();
    db.mark_failed(b, &AppError::new(ErrorKind::Timeout, "No answer."), true)
        .unwrap();
    let a = db.get(a).unwrap().unwrap();
    assert_eq!(a.outcome, Outcome::Failed);
    assert_eq!(a.error_kind.as_deref(), Some("quota"));
    assert_eq!(a.error_message.as_deref(), Some("No invites left."));
    let b = db.get(b).unwrap().unwrap();
    assert_eq!(b.outcome, Outcome::Unknown);
    assert_eq!(b.error_kind.as_deref(), Some("timeout"));
}

#[test]
fn recording_an_outcome_for_a_missing_invite_is_an_error_not_a_silent_no_op() {
    let db = Db::open_in_memory().unwrap();
    assert!(db.mark_sent(99, &sent("https://x.example")).is_err());
    assert!(db.mark_failed(99, &AppError::internal("x"), false).is_err());
    assert_eq!(db.get(99).unwrap(), None);
}

/// `import` is built only with the `bench` feature: `cargo test --features bench --test history`.
#[cfg(feature = "bench")]
#[test]
fn an_import_adds_finished_rows_in_one_go_and_they_are_searchable() {
    let db = Db::open_in_memory().unwrap();
    let at = Utc.with_ymd_and_hms(2025, 6, 1, 9, 30, 0).unwrap();
    let rows = vec![
        PastInvite {
            invite: invite(Provider::Hireflix, "Imp One", "one@import.test", "pos-1"),
            outcome: Outcome::Sent,
            result: Some(sent("https://app.hireflix.com/imp1")),
            error: None,
            created_at: at,
        },
        PastInvite {
            invite: invite(Provider::Hireflix, "Imp Two", "two@import.test", "pos-1"),
            outcome: Outcome::Failed,
            result: None,
            error: Some(AppError::new(ErrorKind::NotFound, "No such position.")),
            created_at: at,
        },
    ];
    assert_eq!(db.import(rows).unwrap(), 2);
    assert_eq!(search(&db, "imp1"), vec!["one@import.test"]);
    let two = db
        .query(&HistoryQuery {
            outcome: Some(Outcome::Failed),
            ..Default::default()
        })
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(two.error_kind.as_deref(), Some("not_found"));
    assert_eq!(two.created_at, at);
    assert_eq!(db.recover_pending().unwrap(), 0);
}

#[cfg(feature = "bench")]
#[test]
fn a_benchmark_history_can_be_shaped_like_a_teams_with_one_row_in_n_mine() {
    use invite_desk::history::TeamFilter;
    let db = Db::open_in_memory().unwrap();
    for n in 0..10 {
        db.insert_pending(&invite(
            Provider::Xobin,
            "T",
            &format!("t{n}@team.test"),
            "1",
        ))
        .unwrap();
    }
    assert_eq!(db.mark_colleagues(5).unwrap(), 8, "ids 5 and 10 stay mine");
    assert_eq!(
        db.mark_colleagues(5).unwrap(),
        0,
        "a second call changes nothing"
    );
    let mine = db
        .query(&HistoryQuery {
            team: Some(TeamFilter::Mine),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(mine.total, 2);
    let theirs = db
        .query(&HistoryQuery {
            team: Some(TeamFilter::Colleagues),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(theirs.rows[0].author.as_deref(), Some("Colleague 4"));
}

// ---------------------------------------------------------------------------------------------
// Duplicate guard

#[test]
fn the_duplicate_guard_finds_a_sent_invite_ignoring_email_case() {
    let db = Db::open_in_memory().unwrap();
    let id = db
        .insert_pending(&invite(
            Provider::Xobin,
            "Jane",
            "Jane.Doe@Example.com",
            "77",
        ))
        .unwrap();
    db.mark_sent(id, &sent("https://xobin.com/i/jane")).unwrap();

    let found = db
        .find_previous(Provider::Xobin, "77", " jane.doe@EXAMPLE.COM ")
        .unwrap()
        .expect("same provider, job and email");
    assert_eq!(found.id, id);
    assert_eq!(found.link.as_deref(), Some("https://xobin.com/i/jane"));
}

#[test]
fn the_duplicate_guard_counts_pending_sent_and_unknown_invites_but_not_failed_ones() {
    let db = Db::open_in_memory().unwrap();
    let failed = db
        .insert_pending(&invite(Provider::Xobin, "F", "f@example.com", "1"))
        .unwrap();
    db.mark_failed(
        failed,
        &AppError::new(ErrorKind::Quota, "No invites left."),
        false,
    )
    .unwrap();
    // Still on its way (or its outcome could not be recorded): the vendor may have it.
    let pending = db
        .insert_pending(&invite(Provider::Xobin, "P", "p@example.com", "1"))
        .unwrap();
    let unknown = db
        .insert_pending(&invite(Provider::Xobin, "U", "u@example.com", "1"))
        .unwrap();
    db.mark_failed(
        unknown,
        &AppError::new(ErrorKind::Timeout, "No answer."),
        true,
    )
    .unwrap();

    assert_eq!(
        db.find_previous(Provider::Xobin, "1", "f@example.com")
            .unwrap(),
        None
    );
    let p = db
        .find_previous(Provider::Xobin, "1", "P@Example.com")
        .unwrap()
        .expect("a pending invite is guarded");
    assert_eq!((p.id, p.outcome), (pending, Outcome::Pending));
    let u = db
        .find_previous(Provider::Xobin, "1", "u@example.com")
        .unwrap()
        .expect("an unknown invite is guarded");
    assert_eq!((u.id, u.outcome), (unknown, Outcome::Unknown));
}

#[test]
fn a_second_copy_sees_the_writers_pending_row_in_the_duplicate_guard() {
    // The writer's in-flight row is guarded in a second copy too, which reads the same file.
    let (_dir, path) = temp_db();
    let (writer, _) = Db::open(&path).unwrap();
    let id = writer
        .insert_pending(&invite(Provider::Tidyhire, "W", "w@example.com", "job-7"))
        .unwrap();
    let (viewer, _) = Db::open(&path).unwrap();
    let found = viewer
        .find_previous(Provider::Tidyhire, "job-7", "w@example.com")
        .unwrap()
        .expect("the writer's pending row");
    assert_eq!((found.id, found.outcome), (id, Outcome::Pending));
}

#[test]
fn the_duplicate_guard_ignores_another_job_or_provider_and_returns_the_latest() {
    let db = Db::open_in_memory().unwrap();
    let mut last = 0;
    for link in ["https://xobin.com/first", "https://xobin.com/second"] {
        last = db
            .insert_pending(&invite(Provider::Xobin, "Jane", "jane@example.com", "1"))
            .unwrap();
        db.mark_sent(last, &sent(link)).unwrap();
    }
    let found = db
        .find_previous(Provider::Xobin, "1", "jane@example.com")
        .unwrap()
        .unwrap();
    assert_eq!(found.id, last);
    assert_eq!(found.link.as_deref(), Some("https://xobin.com/second"));
    assert_eq!(
        db.find_previous(Provider::Xobin, "2", "jane@example.com")
            .unwrap(),
        None
    );
    assert_eq!(
        db.find_previous(Provider::Apploi, "1", "jane@example.com")
            .unwrap(),
        None
    );
    assert_eq!(
        db.find_previous(Provider::Xobin, "1", "jan@example.com")
            .unwrap(),
        None
    );
}

// ---------------------------------------------------------------------------------------------
// Search, paging, filters

fn seeded() -> Db {
    let db = Db::open_in_memory().unwrap();
    let rows = [
        (
            Provider::Xobin,
            "Jane Doe",
            "jane.doe@acme.io",
            "101",
            "https://xobin.com/i?t=AbC123",
        ),
        (
            Provider::Hireflix,
            "Ravi Kumar",
            "ravi.k@globex.com",
            "pos-7",
            "https://app.hireflix.com/r/zz",
        ),
        (
            Provider::Tidyhire,
            "Zoë Ünal",
            "zoe@umlaut.de",
            "job-\"quoted\"",
            "https://tidyhire.co/j/1",
        ),
        (
            Provider::Apploi,
            "Percy 100%",
            "percy_x@pct.org",
            "app_1",
            "https://apploi.com/a/OR*",
        ),
        (
            Provider::Xobin,
            "Oscar Rivers",
            "oscar@rivers.net",
            "OR",
            "https://xobin.com/i?t=zzz",
        ),
    ];
    for (p, name, email, job, link) in rows {
        let id = db.insert_pending(&invite(p, name, email, job)).unwrap();
        db.mark_sent(id, &sent(link)).unwrap();
    }
    db
}

#[test]
fn search_finds_a_substring_in_the_middle_of_an_email_ignoring_case() {
    let db = seeded();
    assert_eq!(search(&db, "DOE@AC"), vec!["jane.doe@acme.io"]);
    assert_eq!(search(&db, "lobe"), vec!["ravi.k@globex.com"]);
}

#[test]
fn search_finds_text_in_the_link_the_job_and_the_name() {
    let db = seeded();
    assert_eq!(search(&db, "t=abc1"), vec!["jane.doe@acme.io"]);
    assert_eq!(search(&db, "hireflix.com/r"), vec!["ravi.k@globex.com"]);
    assert_eq!(search(&db, "pos-7"), vec!["ravi.k@globex.com"]);
    assert_eq!(search(&db, "Job 101"), vec!["jane.doe@acme.io"]);
    assert_eq!(search(&db, "kumar"), vec!["ravi.k@globex.com"]);
    assert_eq!(search(&db, "ünal"), vec!["zoe@umlaut.de"]);
    assert!(search(&db, "nobody-here").is_empty());
}

#[test]
fn search_treats_quotes_stars_operators_and_wildcards_literally() {
    let db = seeded();
    assert_eq!(search(&db, "\"quoted\""), vec!["zoe@umlaut.de"]);
    assert_eq!(search(&db, "\""), vec!["zoe@umlaut.de"]);
    assert_eq!(search(&db, "a/OR*"), vec!["percy_x@pct.org"]);
    assert_eq!(search(&db, "*"), vec!["percy_x@pct.org"]);
    assert_eq!(search(&db, "100%"), vec!["percy_x@pct.org"]);
    assert_eq!(search(&db, "%"), vec!["percy_x@pct.org"]);
    assert_eq!(search(&db, "_"), vec!["percy_x@pct.org"]);
    assert_eq!(search(&db, "y_x"), vec!["percy_x@pct.org"]);
    // "OR" as a job reference, not an FTS operator: words starting with "or", ignoring case, in
    // the job reference "OR", the link ".../OR*" and "pct.org", newest first.
    assert_eq!(
        search(&db, "OR"),
        vec!["oscar@rivers.net", "percy_x@pct.org"]
    );
    // Syntax that would be an FTS5 error unquoted.
    for term in [
        "NEAR(a b)",
        "a AND",
        "col:x",
        "(((",
        "^abc",
        "- -",
        "\"\"\"",
        "a\0b",
        "\0",
    ] {
        db.query(&HistoryQuery {
            search: Some(term.into()),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("search {term:?} failed: {e}"));
    }
}

/// Invites for the short (word-prefix) searches: no job name, and links without k, j or e words.
fn seeded_words() -> Db {
    let db = Db::open_in_memory().unwrap();
    let rows = [
        (
            Provider::Xobin,
            "Kim Lee",
            "lee@acme.io",
            "101",
            Some("https://xobin.com/i/1"),
        ),
        (
            Provider::Hireflix,
            "Sam Ford",
            "kiran@x.com",
            "pos-7",
            Some("https://hf.com/r/2"),
        ),
        (
            Provider::Tidyhire,
            "Nikita Rao",
            "nikita@rao.dev",
            "t-9",
            None,
        ),
        (
            Provider::Apploi,
            "José Núñez",
            "jn@mail.com",
            "55",
            Some("https://apploi.com/a/3"),
        ),
        (
            Provider::Xobin,
            "Émile Zola",
            "ez@lit.fr",
            "77",
            Some("https://xobin.com/i/4"),
        ),
        (
            Provider::Hireflix,
            "Kiki Dee",
            "dee@songs.uk",
            "pos-8",
            None,
        ),
    ];
    for (p, name, email, job, link) in rows {
        let mut new = invite(p, name, email, job);
        new.job_name = None;
        let id = db.insert_pending(&new).unwrap();
        match link {
            Some(link) => db.mark_sent(id, &sent(link)).unwrap(),
            None => db
                .mark_failed(id, &AppError::new(ErrorKind::Vendor, "No."), false)
                .unwrap(),
        }
    }
    db
}

#[test]
fn a_two_letter_search_matches_the_start_of_words_not_the_middle() {
    let db = seeded_words();
    // Kiki (name), kiran (email), Kim (name), newest first; "Nikita" holds "ki" only inside.
    let ki = ["dee@songs.uk", "kiran@x.com", "lee@acme.io"];
    assert_eq!(search(&db, "ki"), ki);
    assert_eq!(search(&db, "KI"), ki);
    assert_eq!(search(&db, " Ki "), ki);
    assert_eq!(search(&db, "ni"), ["nikita@rao.dev"]);
    assert!(
        search(&db, "ta").is_empty(),
        "the end of Nikita is not a word start"
    );
    assert!(search(&db, "ir").is_empty(), "inside kiran");
    // Any of the five columns: email domain, job reference, link.
    assert_eq!(search(&db, "ac"), ["lee@acme.io"]);
    assert_eq!(search(&db, "po"), ["dee@songs.uk", "kiran@x.com"]);
    assert_eq!(search(&db, "hf"), ["kiran@x.com"]);
    assert_eq!(search(&db, "77"), ["ez@lit.fr"]);
}

#[test]
fn a_one_letter_search_matches_words_starting_with_it() {
    let db = seeded_words();
    assert_eq!(
        search(&db, "k"),
        ["dee@songs.uk", "kiran@x.com", "lee@acme.io"]
    );
    assert_eq!(search(&db, "z"), ["ez@lit.fr"]);
    assert_eq!(search(&db, "9"), ["nikita@rao.dev"]);
}

#[test]
fn a_short_search_ignores_case_and_diacritics() {
    let db = seeded_words();
    assert_eq!(search(&db, "jo"), ["jn@mail.com"]);
    assert_eq!(search(&db, "JO"), ["jn@mail.com"]);
    assert_eq!(search(&db, "nu"), ["jn@mail.com"]);
    assert_eq!(search(&db, "ÑU"), ["jn@mail.com"]);
    assert_eq!(search(&db, "é"), ["ez@lit.fr"]);
    assert_eq!(search(&db, "em"), ["ez@lit.fr"]);
    assert_eq!(search(&db, "ÉM"), ["ez@lit.fr"]);
}

#[test]
fn a_short_search_combines_with_the_provider_and_outcome_filters_and_counts_its_rows() {
    let db = seeded_words();
    let q = |search: &str, provider, outcome| {
        let page = db
            .query(&HistoryQuery {
                search: Some(search.into()),
                provider,
                outcome,
                limit: 50,
                ..Default::default()
            })
            .unwrap();
        let emails: Vec<_> = page.rows.into_iter().map(|r| r.candidate_email).collect();
        assert_eq!(
            page.total,
            emails.len() as u64,
            "{search} {provider:?} {outcome:?}"
        );
        emails
    };
    assert_eq!(q("ki", None, None).len(), 3);
    assert_eq!(
        q("ki", Some(Provider::Hireflix), None),
        ["dee@songs.uk", "kiran@x.com"]
    );
    assert_eq!(q("ki", Some(Provider::Xobin), None), ["lee@acme.io"]);
    assert!(q("ki", Some(Provider::Apploi), None).is_empty());
    assert_eq!(q("ki", None, Some(Outcome::Failed)), ["dee@songs.uk"]);
    assert_eq!(
        q("ki", None, Some(Outcome::Sent)),
        ["kiran@x.com", "lee@acme.io"]
    );
    assert_eq!(
        q("k", Some(Provider::Hireflix), Some(Outcome::Sent)),
        ["kiran@x.com"]
    );
    assert_eq!(
        q("n", Some(Provider::Tidyhire), Some(Outcome::Failed)),
        ["nikita@rao.dev"]
    );
    // Paging a short search: the total is of the whole filter, the rows of the page.
    let page = db
        .query(&HistoryQuery {
            search: Some("k".into()),
            offset: 1,
            limit: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(emails(&page), ["kiran@x.com"]);
    // The CSV export of a short search has the same rows.
    let (n, csv) = export(
        &db,
        &HistoryQuery {
            search: Some("ki".into()),
            ..Default::default()
        },
    );
    assert_eq!(n, 3);
    assert!(csv.contains("kiran@x.com") && !csv.contains("nikita@rao.dev"));
}

#[test]
fn short_searches_with_quotes_stars_or_punctuation_do_not_fail() {
    let db = seeded_words();
    // Punctuation next to a letter is a word break and is ignored: the letter is the prefix, so
    // "@x" finds x.com and also xobin.com.
    assert_eq!(search(&db, "\"k"), search(&db, "k"));
    assert_eq!(search(&db, "k*"), search(&db, "k"));
    assert_eq!(search(&db, "k\""), search(&db, "k"));
    assert_eq!(
        search(&db, "@x"),
        ["ez@lit.fr", "kiran@x.com", "lee@acme.io"]
    );
    assert_eq!(search(&db, ".u"), ["dee@songs.uk"]);
    // Punctuation alone has no word to start: a substring of the text (the LIKE fallback).
    assert_eq!(search(&db, "@").len(), 6);
    assert_eq!(
        search(&db, "-"),
        ["dee@songs.uk", "nikita@rao.dev", "kiran@x.com"]
    );
    assert_eq!(search(&db, "/2"), ["kiran@x.com"]);
    for term in [
        "\"", "\"\"", "*", "**", "\"*", "*\"", "^", "-", ":", "(", ")", "+", "\0k",
    ] {
        db.query(&HistoryQuery {
            search: Some(term.into()),
            provider: Some(Provider::Xobin),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("search {term:?} failed: {e}"));
    }
}

#[test]
fn editing_or_deleting_an_invite_updates_the_short_search() {
    let (_dir, path) = temp_db();
    let (db, _) = Db::open(&path).unwrap();
    let kim = db
        .insert_pending(&invite(Provider::Xobin, "Kim Lee", "lee@acme.io", "101"))
        .unwrap();
    let other = db
        .insert_pending(&invite(Provider::Xobin, "Sam Ford", "sam@acme.io", "102"))
        .unwrap();
    assert_eq!(search(&db, "ki"), ["lee@acme.io"]);
    // The link arrives with the vendor's answer.
    db.mark_sent(other, &sent("https://vendor.example/quiz/7"))
        .unwrap();
    assert_eq!(search(&db, "qu"), ["sam@acme.io"]);

    // Invite Desk never edits a name or deletes a row itself; a second connection stands in
    // for whatever might (a repair, a future feature). The triggers keep the index in step.
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE invites SET candidate_name = 'Olga Berg' WHERE id = ?1",
        [kim],
    )
    .unwrap();
    assert!(search(&db, "ki").is_empty(), "the old name is gone");
    assert_eq!(search(&db, "ol"), ["lee@acme.io"]);
    assert_eq!(search(&db, "be"), ["lee@acme.io"]);
    conn.execute("DELETE FROM invites WHERE id = ?1", [other])
        .unwrap();
    assert!(search(&db, "qu").is_empty());
    assert!(search(&db, "sa").is_empty());
    // The email and job of the remaining row are still found.
    assert_eq!(search(&db, "ac"), ["lee@acme.io"]);
    // The index agrees with its content table.
    conn.execute(
        "INSERT INTO invites_words (invites_words, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
}

#[test]
fn a_blank_search_shows_everything() {
    let db = seeded();
    assert_eq!(search(&db, "   ").len(), 5);
}

#[test]
fn pages_come_newest_first_with_the_total_of_the_filter() {
    let db = Db::open_in_memory().unwrap();
    for n in 0..25 {
        db.insert_pending(&invite(
            Provider::Xobin,
            &format!("Cand {n}"),
            &format!("cand{n:02}@paging.test"),
            "1",
        ))
        .unwrap();
    }
    let page = |offset, limit| {
        db.query(&HistoryQuery {
            offset,
            limit,
            ..Default::default()
        })
        .unwrap()
    };
    let first = page(0, 10);
    assert_eq!(first.total, 25);
    assert_eq!((first.offset, first.limit), (0, 10));
    assert_eq!(first.rows.len(), 10);
    assert_eq!(first.rows[0].candidate_email, "cand24@paging.test");
    assert_eq!(first.rows[9].candidate_email, "cand15@paging.test");
    let last = page(20, 10);
    assert_eq!(last.total, 25);
    assert_eq!(
        emails(&last),
        [
            "cand04@paging.test",
            "cand03@paging.test",
            "cand02@paging.test",
            "cand01@paging.test",
            "cand00@paging.test"
        ]
    );
    assert!(page(100, 10).rows.is_empty());

    let searched = db
        .query(&HistoryQuery {
            search: Some("paging.test".into()),
            offset: 5,
            limit: 3,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(searched.total, 25);
    assert_eq!(
        emails(&searched),
        [
            "cand19@paging.test",
            "cand18@paging.test",
            "cand17@paging.test"
        ]
    );
}

#[test]
fn totals_are_exact_up_to_a_thousand_and_a_floor_past_it() {
    let db = Db::open_in_memory().unwrap();
    let providers = [
        Provider::Xobin,
        Provider::Hireflix,
        Provider::Apploi,
        Provider::Tidyhire,
        Provider::Interviewflow,
    ];
    for n in 0..2_500usize {
        db.insert_pending(&invite(
            providers[n % 5],
            &format!("Cand {n}"),
            &format!("cand{n:04}@cap.test"),
            "1",
        ))
        .unwrap();
    }
    let q = |search: Option<&str>, provider: Option<Provider>, offset: u32| {
        db.query(&HistoryQuery {
            search: search.map(Into::into),
            provider,
            offset,
            limit: 50,
            ..Default::default()
        })
        .unwrap()
    };
    let total = |p: &HistoryPage| (p.total, p.total_capped);
    assert_eq!(HISTORY_COUNT_CAP, 1_000);

    // 2,500 rows: counted to 1,000, newest first.
    let first = q(None, None, 0);
    assert_eq!(total(&first), (1_000, true));
    assert_eq!(first.rows[0].candidate_email, "cand2499@cap.test");
    // Paging past the cap counts to the end of the page asked for.
    let deep = q(None, None, 1_000);
    assert_eq!(total(&deep), (1_050, true));
    assert_eq!(deep.rows[0].candidate_email, "cand1499@cap.test");
    // The last page: every row is counted, exactly.
    let last = q(None, None, 2_450);
    assert_eq!(total(&last), (2_500, false));
    assert_eq!(last.rows.len(), 50);
    assert_eq!(last.rows[49].candidate_email, "cand0000@cap.test");

    // A search matching every row (trigram and word index) is capped the same way.
    assert_eq!(total(&q(Some("cap.test"), None, 0)), (1_000, true));
    assert_eq!(total(&q(Some("ca"), None, 0)), (1_000, true));
    // A search with a provider matching 500: exact, and the page cut from the ids counted.
    for term in ["cap.test", "ca"] {
        let p = q(Some(term), Some(Provider::Hireflix), 0);
        assert_eq!(total(&p), (500, false), "{term}");
        assert_eq!(p.rows.len(), 50);
        assert_eq!(p.rows[0].candidate_email, "cand2496@cap.test", "{term}");
        assert!(p.rows.iter().all(|r| r.provider == Provider::Hireflix));
        let ids: Vec<i64> = p.rows.iter().map(|r| r.id).collect();
        assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
        let later = q(Some(term), Some(Provider::Hireflix), 450);
        assert_eq!(total(&later), (500, false));
        assert_eq!(later.rows.len(), 50);
        assert_eq!(later.rows[49].candidate_email, "cand0001@cap.test");
        assert!(q(Some(term), Some(Provider::Hireflix), 500).rows.is_empty());
    }
    // A provider filter alone: 500 rows, exact.
    assert_eq!(total(&q(None, Some(Provider::Xobin), 0)), (500, false));
    // One match.
    let one = q(Some("cand1234@"), None, 0);
    assert_eq!(total(&one), (1, false));
    assert_eq!(one.rows[0].candidate_email, "cand1234@cap.test");
}

#[test]
fn a_long_term_matches_the_whole_term_only_in_any_column_and_any_case() {
    let db = Db::open_in_memory().unwrap();
    let add = |p, name: &str, email: &str, job: &str| {
        db.insert_pending(&invite(p, name, email, job)).unwrap()
    };
    let hit1 = add(Provider::Xobin, "Ravi Kumar", "ravi.kumar12@x.io", "1");
    let hit2 = add(Provider::Hireflix, "R K", "RAVI.KUMAR12@Y.IO", "2");
    let hit3 = add(Provider::Xobin, "Someone", "s@z.io", "ref-ravi.kumar12");
    // Every trigram the index is asked for, but never the whole term.
    add(Provider::Xobin, "rav i.k uma r12", "other@z.io", "3");
    // The term split across two columns.
    add(Provider::Xobin, "ravi.kum", "ar12@z.io", "4");
    add(Provider::Xobin, "Ravi Kumar", "ravi.kumar13@x.io", "5");
    let ids = |search: &str, provider: Option<Provider>| {
        let mut ids: Vec<i64> = db
            .query(&HistoryQuery {
                search: Some(search.into()),
                provider,
                ..Default::default()
            })
            .unwrap()
            .rows
            .iter()
            .map(|r| r.id)
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(ids("ravi.kumar12", None), [hit1, hit2, hit3]);
    assert_eq!(ids("Ravi.Kumar12", None), [hit1, hit2, hit3]);
    assert_eq!(ids("ravi.kumar12", Some(Provider::Xobin)), [hit1, hit3]);
    assert_eq!(ids("kumar12@", None), [hit1, hit2]);
    let exported = {
        let mut out = Vec::new();
        db.export_csv(
            &HistoryQuery {
                search: Some("ravi.kumar12".into()),
                ..Default::default()
            },
            &mut out,
        )
        .unwrap()
    };
    assert_eq!(exported, 3, "the export reads through the same filter");
}

#[test]
fn filters_by_provider_and_outcome_combine_with_search() {
    let db = seeded();
    let failed = db
        .insert_pending(&invite(Provider::Xobin, "Fay", "fay@acme.io", "101"))
        .unwrap();
    db.mark_failed(
        failed,
        &AppError::new(ErrorKind::Vendor, "Rejected."),
        false,
    )
    .unwrap();

    let q = |provider, outcome, search: Option<&str>| {
        let page = db
            .query(&HistoryQuery {
                provider,
                outcome,
                search: search.map(Into::into),
                limit: 50,
                ..Default::default()
            })
            .unwrap();
        let emails: Vec<_> = page.rows.into_iter().map(|r| r.candidate_email).collect();
        (page.total, emails)
    };
    assert_eq!(
        q(Some(Provider::Xobin), None, None),
        (
            3,
            vec![
                "fay@acme.io".to_owned(),
                "oscar@rivers.net".to_owned(),
                "jane.doe@acme.io".to_owned()
            ]
        )
    );
    assert_eq!(
        q(None, Some(Outcome::Failed), None),
        (1, vec!["fay@acme.io".to_owned()])
    );
    assert_eq!(
        q(Some(Provider::Xobin), Some(Outcome::Sent), Some("acme")),
        (1, vec!["jane.doe@acme.io".to_owned()])
    );
    assert_eq!(q(Some(Provider::Hireflix), None, Some("acme")).0, 0);
    assert_eq!(q(Some(Provider::Apploi), None, Some("%")).0, 1);
}

#[test]
fn the_history_query_reads_the_ui_json() {
    let q: HistoryQuery = serde_json::from_value(json!({
        "search": "jane", "provider": "hireflix", "outcome": "unknown", "offset": 50
    }))
    .unwrap();
    assert_eq!(q.search.as_deref(), Some("jane"));
    assert_eq!(q.provider, Some(Provider::Hireflix));
    assert_eq!(q.outcome, Some(Outcome::Unknown));
    assert_eq!(q.offset, 50);
    assert_eq!(q.limit, 50);
}

// ---------------------------------------------------------------------------------------------
// CSV export

#[test]
fn the_csv_export_has_a_header_and_every_row_of_the_filter() {
    let db = seeded();
    let (n, text) = export(
        &db,
        &HistoryQuery {
            provider: Some(Provider::Xobin),
            limit: 1,
            offset: 1,
            ..Default::default()
        },
    );
    assert_eq!(n, 2, "offset and limit do not apply to an export");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "ID");
    assert!(header.iter().any(|h| h == "Candidate email"));
    assert!(header.iter().any(|h| h == "Interview link"));
    let email_col = header.iter().position(|h| h == "Candidate email").unwrap();
    let provider_col = header.iter().position(|h| h == "Provider").unwrap();
    let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][email_col], "oscar@rivers.net");
    assert_eq!(&rows[1][email_col], "jane.doe@acme.io");
    assert_eq!(&rows[1][provider_col], "Xobin");
}

#[test]
fn the_csv_export_quotes_commas_quotes_and_newlines_and_keeps_utf8() {
    let db = Db::open_in_memory().unwrap();
    let mut new = invite(
        Provider::Hireflix,
        "Doe, Jane \"JD\"\nSecond line",
        "jane@example.com",
        "pos-1",
    );
    new.job_name = Some("Ingénieur · 東京".into());
    db.insert_pending(&new).unwrap();
    let (n, text) = export(&db, &HistoryQuery::default());
    assert_eq!(n, 1);
    assert!(
        text.contains("\"Doe, Jane \"\"JD\"\"\nSecond line\""),
        "{text}"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&row[col("Candidate name")], "Doe, Jane \"JD\"\nSecond line");
    assert_eq!(&row[col("Job name")], "Ingénieur · 東京");
    assert_eq!(&row[col("Outcome")], "Sending");
}

#[test]
fn the_csv_export_neutralises_cells_that_a_spreadsheet_would_run_as_formulas() {
    let db = Db::open_in_memory().unwrap();
    let id = db
        .insert_pending(&invite(
            Provider::Xobin,
            "=HYPERLINK(\"http://evil\",\"x\")",
            "@sum@example.com",
            "+1",
        ))
        .unwrap();
    db.mark_failed(id, &AppError::new(ErrorKind::Vendor, "-oops"), false)
        .unwrap();
    let mut new = invite(Provider::Xobin, "\tTabbed", "ok@example.com", "2");
    new.job_name = Some("\rcr".into());
    db.insert_pending(&new).unwrap();

    let (_, text) = export(&db, &HistoryQuery::default());
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][col("Candidate name")], "'\tTabbed");
    assert_eq!(&rows[0][col("Job name")], "'\rcr");
    assert_eq!(
        &rows[1][col("Candidate name")],
        "'=HYPERLINK(\"http://evil\",\"x\")"
    );
    assert_eq!(&rows[1][col("Candidate email")], "'@sum@example.com");
    assert_eq!(&rows[1][col("Job reference")], "'+1");
    assert_eq!(&rows[1][col("Error message")], "'-oops");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unsafe cell {cell:?}"
            );
        }
    }
}

#[test]
fn the_csv_export_of_a_search_on_a_file_reads_through_its_own_connection() {
    let (_dir, path) = temp_db();
    let (db, _) = Db::open(&path).unwrap();
    for n in 0..3 {
        db.insert_pending(&invite(
            Provider::Apploi,
            &format!("N{n}"),
            &format!("n{n}@file.test"),
            "1",
        ))
        .unwrap();
    }
    let (n, text) = export(
        &db,
        &HistoryQuery {
            search: Some("n1@file".into()),
            ..Default::default()
        },
    );
    assert_eq!(n, 1);
    assert!(text.contains("n1@file.test"));
    assert!(!text.contains("n0@file.test"));
}

/// The files in `dir`, by name.
fn file_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_csv_export_file_starts_with_a_utf8_bom_and_the_csv_crate_reads_it() {
    let db = Db::open_in_memory().unwrap();
    db.insert_pending(&invite(
        Provider::Xobin,
        "José Núñez",
        "jose@example.com",
        "1",
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("invites.csv");
    assert_eq!(
        db.export_csv_to_file(&HistoryQuery::default(), &dest)
            .unwrap(),
        1
    );
    let bytes = std::fs::read(&dest).unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "Excel needs the BOM to read UTF-8"
    );
    assert_eq!(&bytes[3..5], b"ID", "one BOM, then the header");
    let mut reader = csv::Reader::from_path(&dest).unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "ID", "the reader strips the BOM");
    let col = header.iter().position(|h| h == "Candidate name").unwrap();
    let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][col], "José Núñez");
    assert_eq!(
        file_names(dir.path()),
        vec!["invites.csv"],
        "no temp file left"
    );
}

#[test]
fn an_export_replaces_the_chosen_file_by_renaming_a_new_one_over_it() {
    let db = seeded();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("invites.csv");
    let old = "old export\n".repeat(10_000);
    std::fs::write(&dest, &old).unwrap();
    #[cfg(unix)]
    let old_inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&dest).unwrap());

    let n = db
        .export_csv_to_file(&HistoryQuery::default(), &dest)
        .unwrap();
    let (_, expected) = export(&db, &HistoryQuery::default());
    let text = std::fs::read_to_string(&dest).unwrap();
    assert_eq!(
        text, expected,
        "exactly the new export, no tail of the old file"
    );
    assert!(n > 0);
    // A new file was renamed into place: the old one was never truncated and rewritten.
    #[cfg(unix)]
    assert_ne!(
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&dest).unwrap()),
        old_inode
    );
    assert_eq!(file_names(dir.path()), vec!["invites.csv"]);
}

#[test]
fn a_failed_export_leaves_the_chosen_file_as_it_was_and_no_temp_file_behind() {
    let (_dir, path) = temp_db();
    let (db, _) = Db::open(&path).unwrap();
    for n in 0..3 {
        db.insert_pending(&invite(
            Provider::Xobin,
            "Row",
            &format!("r{n}@example.com"),
            "1",
        ))
        .unwrap();
    }
    // The oldest row is damaged, so the export fails after it has written the newer rows.
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE invites SET vendor_ids = 'not json' WHERE id = 1",
            [],
        )
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("invites.csv");
    std::fs::write(&dest, "the coordinator's earlier export").unwrap();

    let e = db
        .export_csv_to_file(&HistoryQuery::default(), &dest)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Storage, "{}", e.message);
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        "the coordinator's earlier export"
    );
    assert_eq!(file_names(out.path()), vec!["invites.csv"]);

    // A folder that does not exist: a clear error naming the file, and nothing created.
    let missing = out.path().join("no-such-folder").join("invites.csv");
    let e = db
        .export_csv_to_file(&HistoryQuery::default(), &missing)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Io);
    assert!(
        e.message.contains(&missing.display().to_string()),
        "{}",
        e.message
    );
    assert_eq!(file_names(out.path()), vec!["invites.csv"]);
}

// ---------------------------------------------------------------------------------------------
// Unusable files

fn corrupt_siblings(path: &Path) -> Vec<PathBuf> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut v: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let f = p.file_name().unwrap().to_string_lossy();
            f.starts_with(&format!("{name}.corrupt-"))
                && !f.ends_with("-wal")
                && !f.ends_with("-shm")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_file_of_garbage_is_moved_aside_and_a_fresh_history_works() {
    let (_dir, path) = temp_db();
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();

    let (db, report) = Db::open(&path).unwrap();
    let moved = report.moved_aside.clone().expect("moved aside");
    assert_eq!(corrupt_siblings(&path), vec![moved.clone()]);
    assert!(moved
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("history.sqlite.corrupt-"));
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        garbage,
        "the old file is kept as it was"
    );
    let notice = report.notice.expect("a notice");
    assert!(notice.contains(&moved.display().to_string()), "{notice}");
    assert!(notice.contains("not an SQLite database"), "{notice}");

    let id = db
        .insert_pending(&invite(Provider::Xobin, "New", "new@example.com", "1"))
        .unwrap();
    assert_eq!(
        db.get(id).unwrap().unwrap().candidate_email,
        "new@example.com"
    );
    assert_eq!(db.count().unwrap(), 1);
}

#[test]
fn the_open_report_serializes_in_camel_case() {
    let (_dir, path) = temp_db();
    std::fs::write(
        &path,
        b"not a database at all, just text that is long enough",
    )
    .unwrap();
    let (_db, report) = Db::open(&path).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["movedAside"].is_string());
    assert_eq!(json["recoveredUnknown"], 0);
    assert!(json["notice"].is_string());
}

#[test]
fn a_file_from_a_newer_version_is_moved_aside_with_its_wal() {
    let (_dir, path) = temp_db();
    {
        let (db, _) = Db::open(&path).unwrap();
        db.insert_pending(&invite(Provider::Xobin, "Future", "f@example.com", "1"))
            .unwrap();
    }
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
    }
    let (db, report) = Db::open(&path).unwrap();
    let moved = report.moved_aside.expect("moved aside");
    assert!(report.notice.unwrap().contains("newer version"));
    assert_eq!(db.count().unwrap(), 0);
    drop(db);
    // The moved file is still the newer version's database, with its row.
    let conn = Connection::open(&moved).unwrap();
    let (version, rows): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), count(*) FROM invites",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION + 5);
    assert_eq!(rows, 1);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
}

#[test]
fn a_database_with_damaged_pages_is_moved_aside() {
    let (_dir, path) = temp_db();
    {
        let (db, _) = Db::open(&path).unwrap();
        for n in 0..50 {
            db.insert_pending(&invite(
                Provider::Xobin,
                "Some Name",
                &format!("c{n}@example.com"),
                "1",
            ))
            .unwrap();
        }
    }
    // Keep page 1 (header and schema), overwrite every later page with noise.
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192);
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i % 253) as u8 ^ 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();

    let (db, report) = Db::open(&path).unwrap();
    assert!(report.moved_aside.is_some(), "{report:?}");
    assert!(report.notice.unwrap().contains("damaged"));
    assert_eq!(db.count().unwrap(), 0);
}

#[test]
fn a_folder_in_place_of_the_file_is_a_clear_storage_error_and_is_left_alone() {
    let (_dir, path) = temp_db();
    std::fs::create_dir(&path).unwrap();
    let e = Db::open(&path).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Storage);
    assert!(
        e.message.contains("could not open its invite history"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains(&path.display().to_string()),
        "{}",
        e.message
    );
    assert!(path.is_dir());
    assert!(corrupt_siblings(&path).is_empty());
}

// ---------------------------------------------------------------------------------------------
// One writer per history; no sending without a durable history

#[test]
fn a_second_open_of_the_same_history_is_view_only_and_leaves_the_writers_pending_rows_alone() {
    let (_dir, path) = temp_db();
    let (writer, _) = Db::open(&path).unwrap();
    assert_eq!(writer.access(), &Access::ReadWrite);
    let in_flight = writer
        .insert_pending(&invite(Provider::Xobin, "Fly", "fly@example.com", "9"))
        .unwrap();

    let (viewer, report) = Db::open(&path).unwrap();
    let Access::ViewOnly { reason } = viewer.access().clone() else {
        panic!("the second open must be view-only: {:?}", viewer.access());
    };
    assert!(reason.contains("Another copy of Invite Desk"), "{reason}");
    assert!(
        reason.contains(&format!("process {}", std::process::id())),
        "{reason}"
    );
    assert!(reason.contains(&path.display().to_string()), "{reason}");
    assert_eq!(report.recovered_unknown, 0, "no recovery without the lock");
    assert_eq!(report.notice.as_deref(), Some(reason.as_str()));

    // Recovery did not touch the writer's in-flight row, and the viewer can read it.
    assert_eq!(
        writer.get(in_flight).unwrap().unwrap().outcome,
        Outcome::Pending
    );
    assert_eq!(
        viewer.get(in_flight).unwrap().unwrap().outcome,
        Outcome::Pending
    );
    assert_eq!(viewer.count().unwrap(), 1);

    // The viewer writes nothing: no send, no recovery, no profile.
    let e = viewer
        .insert_pending(&invite(Provider::Xobin, "Two", "two@example.com", "9"))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Storage);
    assert!(e.message.contains("nothing was sent"), "{}", e.message);
    assert!(e.message.contains("Another copy"), "{}", e.message);
    assert!(viewer.recover_pending().is_err());
    assert!(viewer
        .save_job_profile("Job", Provider::Tidyhire, &json!({}))
        .is_err());
    assert_eq!(writer.count().unwrap(), 1);

    // The writer goes on as before.
    writer
        .mark_sent(in_flight, &sent("https://xobin.com/i/fly"))
        .unwrap();
    assert_eq!(
        viewer.get(in_flight).unwrap().unwrap().outcome,
        Outcome::Sent
    );

    // Once the writer is gone, the next open is the writer and recovers what it left.
    let left = writer
        .insert_pending(&invite(Provider::Xobin, "Left", "left@example.com", "9"))
        .unwrap();
    drop(writer);
    drop(viewer);
    let (next, report) = Db::open(&path).unwrap();
    assert_eq!(next.access(), &Access::ReadWrite);
    assert_eq!(report.recovered_unknown, 1);
    assert_eq!(next.get(left).unwrap().unwrap().outcome, Outcome::Unknown);
    assert!(path.with_file_name("history.sqlite.lock").is_file());
}

#[test]
fn the_writer_runs_with_synchronous_full_and_a_view_only_copy_does_not_change_the_file() {
    let (_dir, path) = temp_db();
    let (writer, _) = Db::open(&path).unwrap();
    writer
        .insert_pending(&invite(Provider::Xobin, "A", "a@example.com", "1"))
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let (viewer, _) = Db::open(&path).unwrap();
    assert!(matches!(viewer.access(), Access::ViewOnly { .. }));
    assert_eq!(viewer.query(&HistoryQuery::default()).unwrap().total, 1);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// The real command list over Tauri's mock runtime, on a data folder `prepare` set up first.
fn app_on(prepare: impl FnOnce(&Path)) -> ipc_support::App {
    ipc_support::app_on(Arc::new(MemoryStore::new()), prepare)
}

fn send_args() -> serde_json::Value {
    json!({"form": {"provider": "xobin", "candidateName": "Alex Tanaka",
        "candidateEmail": "alex@example.com", "aiInterviewId": "305",
        "inviteFormat": "getlink"}, "allowDuplicate": true})
}

#[test]
fn a_history_that_opens_only_for_reading_is_listed_but_send_is_refused_naming_the_file() {
    let a = app_on(|data| {
        let (db, _) = Db::open(&data.join("history.sqlite3")).unwrap();
        let id = db
            .insert_pending(&invite(Provider::Xobin, "Kept", "kept@example.com", "305"))
            .unwrap();
        db.mark_sent(id, &sent("https://xobin.com/i/kept")).unwrap();
        drop(db);
        // The writer lock cannot be taken: a folder where its file should be.
        let lock = data.join("history.sqlite3.lock");
        std::fs::remove_file(&lock).unwrap();
        std::fs::create_dir(&lock).unwrap();
    });
    let history = a.data_dir.join("history.sqlite3").display().to_string();

    let err = call(&a, "send_invite", send_args()).unwrap_err();
    assert_eq!(err["kind"], "storage", "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("nothing was sent"), "{message}");
    assert!(message.contains(&history), "{message}");
    assert!(message.contains("restart Invite Desk"), "{message}");

    let page = call(&a, "history_query", json!({"query": {}})).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["candidateEmail"], "kept@example.com");
    let info = call(&a, "app_info", json!({})).unwrap();
    let notices = info["notices"].to_string();
    assert!(notices.contains("can be viewed and exported"), "{notices}");
    assert!(notices.contains(&history), "{notices}");
}

#[test]
fn a_history_that_cannot_be_opened_at_all_refuses_to_send_and_keeps_nothing_in_memory() {
    let a = app_on(|data| std::fs::create_dir(data.join("history.sqlite3")).unwrap());
    let history = a.data_dir.join("history.sqlite3").display().to_string();

    let err = call(&a, "send_invite", send_args()).unwrap_err();
    assert_eq!(err["kind"], "storage", "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("nothing was sent"), "{message}");
    assert!(message.contains(&history), "{message}");

    // No temporary history to show or fill: History says why instead of an empty list.
    let err = call(&a, "history_query", json!({"query": {}})).unwrap_err();
    assert_eq!(err["kind"], "storage");
    assert!(err["message"].as_str().unwrap().contains(&history), "{err}");
    let err = call(
        &a,
        "save_job_profile",
        json!({"name": "Job", "provider": "tidyhire", "data": {}}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "storage");
    assert!(a.data_dir.join("history.sqlite3").is_dir(), "left alone");
}

#[tokio::test]
async fn a_second_copy_sends_nothing_even_through_the_invite_flow() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let (writer, _) = Db::open(&data.join("history.sqlite3")).unwrap();
    let in_flight = writer
        .insert_pending(&invite(
            Provider::Xobin,
            "First",
            "first@example.com",
            "305",
        ))
        .unwrap();

    let secrets = Arc::new(MemoryStore::new());
    secrets.set(Provider::Xobin, "VIEW-ONLY-KEY-1").unwrap();
    let second = AppState::open(&data, secrets, providers::default_client().unwrap()).unwrap();
    assert!(matches!(second.db.access(), Access::ViewOnly { .. }));
    assert!(second.notices.iter().any(|n| n.contains("Another copy")));
    let server = wiremock::MockServer::start().await;
    let mut s = second.settings.get();
    s.base_urls
        .insert(Provider::Xobin, format!("{}/api/v2", server.uri()));
    second.settings.save(s).unwrap();

    let form = serde_json::from_value(send_args()["form"].clone()).unwrap();
    let e = invite_desk::invite::send(&second, None, form, true, None)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Storage, "{}", e.message);
    assert!(server.received_requests().await.unwrap().is_empty());
    assert_eq!(
        writer.get(in_flight).unwrap().unwrap().outcome,
        Outcome::Pending
    );
    assert_eq!(writer.count().unwrap(), 1);
}

// ---------------------------------------------------------------------------------------------
// Job profiles

#[test]
fn job_profiles_are_upserted_by_provider_and_name_listed_and_deleted() {
    let (_dir, path) = temp_db();
    let (db, _) = Db::open(&path).unwrap();
    let a = db
        .save_job_profile(
            "Backend",
            Provider::Tidyhire,
            &json!({"title": "Backend v1"}),
        )
        .unwrap();
    let b = db
        .save_job_profile(
            " backend ",
            Provider::Tidyhire,
            &json!({"title": "Backend v2"}),
        )
        .unwrap();
    assert_eq!(a.id, b.id, "same name, ignoring case and spaces: replaced");
    assert_eq!(b.name, "backend");
    assert_eq!(b.data["title"], "Backend v2");
    let other = db
        .save_job_profile("Backend", Provider::Xobin, &json!({"title": "Xobin one"}))
        .unwrap();
    assert_ne!(other.id, a.id, "another provider keeps its own profile");
    db.save_job_profile("Analyst", Provider::Tidyhire, &json!({"title": "Analyst"}))
        .unwrap();

    let list = db.list_job_profiles(Provider::Tidyhire).unwrap();
    let names: Vec<_> = list.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Analyst", "backend"]);
    assert_eq!(list[1].data, json!({"title": "Backend v2"}));
    let json = serde_json::to_value(&list[1]).unwrap();
    assert_eq!(json["provider"], "tidyhire");
    assert!(json["updatedAt"].is_string());

    assert!(db.delete_job_profile(a.id).unwrap());
    assert!(!db.delete_job_profile(a.id).unwrap());
    assert_eq!(db.list_job_profiles(Provider::Tidyhire).unwrap().len(), 1);
    assert_eq!(db.list_job_profiles(Provider::Xobin).unwrap().len(), 1);
}

#[test]
fn a_job_profile_needs_a_name_and_an_object() {
    let db = Db::open_in_memory().unwrap();
    let e = db
        .save_job_profile("  ", Provider::Tidyhire, &json!({}))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.field.as_deref(), Some("profileName"));
    assert!(db
        .save_job_profile("X", Provider::Tidyhire, &json!([1, 2]))
        .is_err());
    assert!(db.list_job_profiles(Provider::Tidyhire).unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Robustness

#[test]
fn no_column_can_hold_an_api_key_or_header() {
    let conn = Connection::open_in_memory().unwrap();
    for m in MIGRATIONS {
        conn.execute_batch(m.sql).unwrap();
    }
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info('invites')")
        .unwrap();
    let cols: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(cols.contains(&"candidate_email".to_owned()));
    for c in &cols {
        let c = c.to_lowercase();
        assert!(
            !(c.contains("key")
                || c.contains("header")
                || c.contains("auth")
                || c.contains("token")),
            "column {c}"
        );
    }
}

#[test]
fn start_up_recovery_turns_only_this_computers_pending_rows_unknown_never_a_colleagues() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    {
        let (db, _) = Db::open(&path).unwrap();
        // This computer's own attempt, left `pending` by a crash.
        db.insert_pending_team(
            &invite(Provider::Xobin, "Me", "mine@example.com", "305"),
            "11111111-1111-4111-8111-111111111111",
        )
        .unwrap();
        // A colleague's attempt pulled from the team while it was still on its way.
        let now = Utc::now();
        let n = db
            .apply_team_rows(&[invite_desk::history::TeamRow {
                attempt_id: "22222222-2222-4222-8222-222222222222".into(),
                author: Some("Bob".into()),
                provider: "xobin".into(),
                job_ref: "305".into(),
                candidate_name: "Kim Lee".into(),
                candidate_email: "kim@example.com".into(),
                job_name: None,
                outcome: Outcome::Pending,
                link: None,
                vendor_ids: "{}".into(),
                offline: false,
                conflict: None,
                created_at: now,
                updated_at: now,
            }])
            .unwrap();
        assert_eq!(n, 1);
    }
    let (db, report) = Db::open(&path).unwrap();
    assert_eq!(report.recovered_unknown, 1, "only this computer's row");
    let rows = db.query(&HistoryQuery::default()).unwrap().rows;
    let by = |email: &str| rows.iter().find(|r| r.candidate_email == email).unwrap();
    assert_eq!(by("mine@example.com").outcome, Outcome::Unknown);
    assert_eq!(by("kim@example.com").outcome, Outcome::Pending);
    assert_eq!(by("kim@example.com").author.as_deref(), Some("Bob"));
    // The local guard covers the colleague's row too.
    assert!(db
        .find_previous(Provider::Xobin, "305", "KIM@example.com")
        .unwrap()
        .is_some());
}
