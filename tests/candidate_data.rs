//! Candidate data on a real SQLite file: three invites for Kim across vendors (with status
//! changes, a bulk sheet row holding her phone, a label on a recent id), and Lee beside her. The
//! export lists all of Kim's; after Forget a byte search over `history.sqlite3` and its `-wal`
//! finds neither her email, her name nor her phone, History's search finds nothing, Lee is
//! untouched, and the erasure log holds no trace of her. Retention with a fixed "now" deletes
//! exactly the old rows and keeps a young `unknown` one.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use std::path::Path;

use chrono::{Duration, Utc};
use invite_desk::history::{Db, HistoryQuery, NewInvite, Outcome, QueuedRow};
use invite_desk::providers::tracking::VendorStatus;
use invite_desk::providers::{InviteOutcome, Provider};
use serde_json::json;

const KIM_EMAIL: &str = "kim.lee-privacy@example.com";
const KIM_NAME: &str = "Kimberly Okonkwo-Lee";
const KIM_PHONE: &str = "+44 20 7946 0958";

fn invite(provider: Provider, name: &str, email: &str, job: &str) -> NewInvite {
    NewInvite {
        account: Default::default(),
        provider,
        candidate_name: name.into(),
        candidate_email: email.into(),
        job_ref: job.into(),
        job_name: Some("Senior Data Engineer".into()),
        scheduled_at: None,
        start_at: None,
        expiry_at: None,
        zone: None,
    }
}

fn sent(db: &Db, new: &NewInvite, link: &str) -> i64 {
    let id = db.insert_pending(new).unwrap();
    let outcome = InviteOutcome {
        link: Some(link.into()),
        summary: "ok".into(),
        ..Default::default()
    };
    db.mark_sent(id, &outcome).unwrap();
    id
}

fn contains(path: &Path, needle: &str) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let n = needle.as_bytes();
    bytes.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

#[test]
fn forget_removes_every_byte_of_one_person_and_keeps_everyone_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let (db, _) = Db::open(&path).unwrap();

    let x = sent(
        &db,
        &invite(Provider::Xobin, KIM_NAME, KIM_EMAIL, "305"),
        "https://acme.xobin.com/i/kimlee-9f3",
    );
    let h = sent(
        &db,
        &invite(
            Provider::Hireflix,
            KIM_NAME,
            &KIM_EMAIL.to_uppercase(),
            "pos-1",
        ),
        "https://app.hireflix.com/kimlee-77a",
    );
    db.record_status(x, &VendorStatus::of_word("Pending"))
        .unwrap();
    db.record_status(x, &VendorStatus::of_word("Completed"))
        .unwrap();
    db.record_status(h, &VendorStatus::of_word("pending"))
        .unwrap();
    // A bulk row whose sheet held her phone.
    let batch = db
        .create_batch(
            Provider::Tidyhire,
            "default",
            "agency.csv",
            &["Name".into(), "Email".into(), "Phone".into()],
            &[QueuedRow {
                row: 2,
                invite: invite(Provider::Tidyhire, KIM_NAME, KIM_EMAIL, "JOB-9"),
                form: json!({"provider": "tidyhire", "candidateName": KIM_NAME, "candidateEmail": KIM_EMAIL, "phone": KIM_PHONE}),
                cells: vec![KIM_NAME.into(), KIM_EMAIL.into(), KIM_PHONE.into()],
                allow_duplicate: false,
                language: None,
            }],
        )
        .unwrap();
    assert!(batch > 0);
    db.label_ref(Provider::Xobin, "305", "Data roles").unwrap();
    let lee = sent(
        &db,
        &invite(Provider::Xobin, "Lee Park", "lee.park@example.com", "305"),
        "https://acme.xobin.com/i/leepark-1",
    );
    assert!(contains(&path, KIM_EMAIL) || contains(&path.with_extension("sqlite3-wal"), KIM_EMAIL));

    // The access request: everything about her, which vendors received what.
    let found = db
        .find_person(&format!("  {}  ", KIM_EMAIL.to_uppercase()))
        .unwrap();
    assert_eq!(found.invites.len(), 3);
    assert_eq!(found.sheet_rows.len(), 1);
    assert_eq!(found.sheet_rows[0].cells[2], KIM_PHONE);
    assert_eq!(
        found.vendors,
        vec![Provider::Hireflix, Provider::Xobin],
        "a queued row reached no vendor"
    );
    assert_eq!(
        db.find_person(KIM_NAME).unwrap().invites.len(),
        3,
        "by name too"
    );

    let erasure = db.forget_person(KIM_EMAIL, "this computer").unwrap();
    assert_eq!(erasure.rows, 3);
    assert_eq!(erasure.kind, "forget");

    let wal = dir.path().join("history.sqlite3-wal");
    for needle in [
        KIM_EMAIL,
        "kim.lee-privacy",
        KIM_NAME,
        "Okonkwo",
        KIM_PHONE,
        "7946 0958",
        "kimlee-9f3",
    ] {
        assert!(
            !contains(&path, needle),
            "“{needle}” is still in the database file"
        );
        assert!(
            !contains(&wal, needle),
            "“{needle}” is still in its write-ahead log"
        );
    }
    let page = db
        .query(&HistoryQuery {
            search: Some("okonkwo".into()),
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.rows.len(), 0);
    assert!(db.find_person(KIM_EMAIL).unwrap().invites.is_empty());
    assert!(
        db.find_previous(Provider::Xobin, "305", KIM_EMAIL)
            .unwrap()
            .is_none(),
        "the guard no longer knows her"
    );
    // Lee is untouched and still found.
    let lee_row = db.get(lee).unwrap().unwrap();
    assert_eq!(lee_row.candidate_email, "lee.park@example.com");
    let page = db
        .query(&HistoryQuery {
            search: Some("park".into()),
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    // The erasure log: when, who, how many, which vendors — nothing of her.
    let log = db.erasures(10).unwrap();
    assert_eq!(log.len(), 1);
    let text = serde_json::to_string(&log).unwrap();
    for needle in [KIM_EMAIL, KIM_NAME, "Kimberly", KIM_PHONE] {
        assert!(!text.contains(needle), "{text}");
    }
    assert_eq!(log[0].vendors, vec![Provider::Hireflix, Provider::Xobin]);
}

#[test]
fn retention_deletes_exactly_the_old_rows_and_keeps_a_young_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = Db::open(&dir.path().join("history.sqlite3")).unwrap();
    let old_sent = sent(
        &db,
        &invite(Provider::Xobin, "Ana Silva", "ana@example.com", "1"),
        "https://acme.xobin.com/i/a",
    );
    let young_unknown = db
        .insert_pending(&invite(Provider::Xobin, "Ben Ode", "ben@example.com", "1"))
        .unwrap();
    db.mark_failed(
        young_unknown,
        &invite_desk::error::AppError::new(invite_desk::error::ErrorKind::Timeout, "no answer"),
        true,
    )
    .unwrap();
    assert_eq!(
        db.get(young_unknown).unwrap().unwrap().outcome,
        Outcome::Unknown
    );

    // Now is 20 days on; the rule keeps 10 days: both rows are older than that, but the
    // unknown one is younger than 30 days and is kept.
    let now = Utc::now() + Duration::days(20);
    let erased = db
        .apply_retention(10, now)
        .unwrap()
        .expect("something was old enough");
    assert_eq!(erased.rows, 1);
    assert_eq!(erased.kind, "retention");
    assert!(db.get(old_sent).unwrap().is_none());
    assert!(db.get(young_unknown).unwrap().is_some());
    // Nothing more is due the same day; 40 days on, the unknown one goes too.
    assert!(db.apply_retention(10, now).unwrap().is_none());
    let later = Utc::now() + Duration::days(40);
    assert_eq!(db.apply_retention(10, later).unwrap().unwrap().rows, 1);
    assert_eq!(db.count().unwrap(), 0);
}

#[test]
fn erasing_keeps_working_once_invites_were_reminded_snoozed_and_replaced() {
    use invite_desk::history::ReminderChannel;
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = Db::open(&dir.path().join("history.sqlite3")).unwrap();
    // Ana: reminded, snoozed, then re-invited; the replacement is forgotten with her.
    let first = sent(
        &db,
        &invite(Provider::Xobin, "Ana Silva", "ana@example.com", "1"),
        "https://acme.xobin.com/i/a1",
    );
    db.record_reminded(first, Utc::now(), ReminderChannel::Copied)
        .unwrap();
    db.record_snoozed(first, Utc::now(), Utc::now() + Duration::days(1))
        .unwrap();
    let second = sent(
        &db,
        &invite(Provider::Xobin, "Ana Silva", "ana@example.com", "1"),
        "https://acme.xobin.com/i/a2",
    );
    db.link_replacement(second, first).unwrap();
    let erased = db
        .forget_person("ana@example.com", "this computer")
        .unwrap();
    assert_eq!(erased.rows, 2);
    assert!(db.get(first).unwrap().is_none());
    assert!(db.follow_up_events(first).unwrap().is_empty());

    // Ben: his replaced invite is old enough for retention, the replacement is not (if the
    // link were kept, the erasure would fail on it every day).
    let old = sent(
        &db,
        &invite(Provider::Xobin, "Ben Ode", "ben@example.com", "1"),
        "https://acme.xobin.com/i/b1",
    );
    db.record_reminded(old, Utc::now(), ReminderChannel::Other)
        .unwrap();
    // A rule of 0 days at `between`: only the first invite is older.
    std::thread::sleep(std::time::Duration::from_millis(30));
    let between = Utc::now();
    std::thread::sleep(std::time::Duration::from_millis(30));
    let young = sent(
        &db,
        &invite(Provider::Xobin, "Ben Ode", "ben@example.com", "1"),
        "https://acme.xobin.com/i/b2",
    );
    db.link_replacement(young, old).unwrap();
    let erased = db
        .apply_retention(0, between)
        .unwrap()
        .expect("one old row");
    assert_eq!(erased.rows, 1);
    assert!(db.get(old).unwrap().is_none());
    let kept = db.get(young).unwrap().expect("the replacement is kept");
    assert_eq!(
        kept.replaces_id, None,
        "the link to the erased row is cleared"
    );
}

#[test]
fn forgetting_by_a_name_two_people_share_is_refused_naming_both_emails() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = Db::open(&dir.path().join("history.sqlite3")).unwrap();
    let a = sent(
        &db,
        &invite(Provider::Xobin, "Sam Lee", "sam.a@example.com", "1"),
        "https://acme.xobin.com/i/s1",
    );
    sent(
        &db,
        &invite(Provider::Xobin, "Sam Lee", "sam.b@example.com", "1"),
        "https://acme.xobin.com/i/s2",
    );
    let e = db.forget_person("sam lee", "this computer").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("person"));
    assert!(
        e.message.contains("sam.a@example.com") && e.message.contains("sam.b@example.com"),
        "{}",
        e.message
    );
    assert_eq!(db.count().unwrap(), 2, "nothing was deleted");
    // By email, one of them goes.
    assert_eq!(
        db.forget_person("sam.a@example.com", "this computer")
            .unwrap()
            .rows,
        1
    );
    assert!(db.get(a).unwrap().is_none());
}

/// FTS5's own check of every search index, on a connection of its own.
fn indexes_sound(path: &Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    for index in invite_desk::history::SEARCH_INDEXES {
        c.execute(
            &format!("INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{index}: {e}"));
    }
}

#[test]
fn forget_among_many_rows_leaves_no_term_in_the_search_indexes_and_they_stay_sound() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let (db, _) = Db::open(&path).unwrap();
    // Many rows written one by one, each its own index segment, merged as they come: hers sit
    // among them, not alone in a segment of their own.
    let filler = |db: &Db, from: usize| {
        for i in from..from + 150 {
            sent(
                db,
                &invite(
                    Provider::Xobin,
                    &format!("Filler Person{i}"),
                    &format!("filler{i}@example.com"),
                    "305",
                ),
                &format!("https://acme.xobin.com/i/filler-{i}"),
            );
        }
    };
    filler(&db, 0);
    sent(
        &db,
        &invite(
            Provider::Xobin,
            "Zephyrine Quillfeather",
            "zephyrine.q@example.com",
            "305",
        ),
        "https://acme.xobin.com/i/zq-1",
    );
    filler(&db, 150);
    // Her name was typed wrong first and corrected later: the old spelling must go as well.
    // (Written as the app's writer writes: deleted content zeroed as it happens.)
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "secure_delete", "ON").unwrap();
        c.execute(
            "UPDATE invites SET candidate_name = 'Zephyrine Quilfeathre'
             WHERE candidate_email = 'zephyrine.q@example.com'",
            [],
        )
        .unwrap();
        c.execute(
            "UPDATE invites SET candidate_name = 'Zephyrine Quillfeather'
             WHERE candidate_email = 'zephyrine.q@example.com'",
            [],
        )
        .unwrap();
    }
    let search = |db: &Db, term: &str| {
        db.query(&HistoryQuery {
            search: Some(term.into()),
            limit: 50,
            ..Default::default()
        })
        .unwrap()
        .rows
        .len()
    };
    assert_eq!(search(&db, "quillfeather"), 1);
    assert_eq!(
        db.forget_person("zephyrine.q@example.com", "this computer")
            .unwrap()
            .rows,
        1
    );

    let wal = dir.path().join("history.sqlite3-wal");
    // "quillfeather" is a term of the word index, "zephyrine" another; the trigram index holds
    // her email's pieces ("hyr", "rin"…) which other rows do not.
    for needle in ["quillfeather", "quilfeathre", "zephyrine", "zq-1"] {
        assert!(
            !contains(&path, needle),
            "“{needle}” is still in the database file"
        );
        assert!(
            !contains(&wal, needle),
            "“{needle}” is still in its write-ahead log"
        );
    }
    assert_eq!(search(&db, "quillfeather"), 0);
    assert_eq!(search(&db, "ephyr"), 0);
    assert_eq!(search(&db, "filler7@"), 1, "everyone else is still found");
    indexes_sound(&path);

    // Ordinary work afterwards (new invites, a link written, another erasure) keeps every index
    // sound, each deleting in place (FTS5's secure-delete, migration 0014).
    filler(&db, 300);
    db.forget_person("filler3@example.com", "this computer")
        .unwrap();
    filler(&db, 450);
    indexes_sound(&path);
    let c = rusqlite::Connection::open(&path).unwrap();
    for index in invite_desk::history::SEARCH_INDEXES {
        let on: i64 = c
            .query_row(
                &format!("SELECT v FROM {index}_config WHERE k = 'secure-delete'"),
                [],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("{index}: {e}"));
        assert_eq!(on, 1, "{index} deletes in place");
    }
    assert_eq!(search(&db, "filler3@"), 0, "the second erasure too");
    assert_eq!(
        search(&db, "filler599@"),
        1,
        "the last row written is found"
    );
}

#[test]
fn a_history_from_before_zeroed_free_space_is_rebuilt_once_at_its_first_erasure() {
    use invite_desk::history::MIGRATIONS;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    // Written as the previous version wrote it: no secure_delete, rows inserted one by one and
    // their links written after (page splits and moved cells leave old copies in free space).
    let before = MIGRATIONS
        .iter()
        .position(|m| m.name == "0013_zeroed_free_space")
        .unwrap();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        for m in &MIGRATIONS[..before] {
            c.execute_batch(m.sql).unwrap();
        }
        c.pragma_update(None, "user_version", before as i64)
            .unwrap();
        let add = |name: &str, email: &str| {
            c.execute(
                "INSERT INTO invites (provider, candidate_name, candidate_email, job_ref, outcome,
                     created_at, updated_at)
                 VALUES ('xobin', ?1, ?2, '305', 'pending', '2026-11-02T03:04:05Z',
                     '2026-11-02T03:04:05Z')",
                [name, email],
            )
            .unwrap();
            let id = c.last_insert_rowid();
            c.execute(
                "UPDATE invites SET outcome = 'sent', link = 'https://acme.xobin.com/i/' || ?1
                 WHERE id = ?1",
                [id],
            )
            .unwrap();
        };
        for i in 0..300 {
            add(
                &format!("Filler Person{i}"),
                &format!("filler{i}@example.com"),
            );
        }
        add("Zephyrine Quilfeathre", "zephyrine.q@example.com");
        // Her name corrected later: the old spelling stays, marked deleted, in an older index
        // segment until the indexes are merged.
        c.execute(
            "UPDATE invites SET candidate_name = 'Zephyrine Quillfeather'
             WHERE candidate_email = 'zephyrine.q@example.com'",
            [],
        )
        .unwrap();
        for i in 300..600 {
            add(
                &format!("Filler Person{i}"),
                &format!("filler{i}@example.com"),
            );
        }
    }
    let (db, _) = Db::open(&path).unwrap();
    assert_eq!(
        db.forget_person("zephyrine.q@example.com", "this computer")
            .unwrap()
            .rows,
        1
    );
    let wal = dir.path().join("history.sqlite3-wal");
    for needle in ["quillfeather", "quilfeathre", "zephyrine"] {
        assert!(
            !contains(&path, needle),
            "“{needle}” is still in the database file"
        );
        assert!(
            !contains(&wal, needle),
            "“{needle}” is still in its write-ahead log"
        );
    }
    // Once: the next erasure does not rebuild the file again.
    let c = rusqlite::Connection::open(&path).unwrap();
    let left: i64 = c
        .query_row("SELECT count(*) FROM history_state", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(db.count().unwrap(), 600);
    indexes_sound(&path);
}
