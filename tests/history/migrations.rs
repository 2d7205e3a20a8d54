//! Migrations.

use super::*;

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
        // The word indexes hold every invite (lee@acme.io by its link's "xobin") and agree
        // with their content table.
        let conn = Connection::open(&path).unwrap();
        let indexed: i64 = conn
            .query_row(
                "SELECT count(*) FROM (
                     SELECT rowid FROM invites_words WHERE invites_words MATCH 'x* OR y*'
                     UNION
                     SELECT rowid FROM invites_link_words WHERE invites_link_words MATCH 'x*')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexed as u64, old + 1, "from version {version}");
        indexes_sound(&conn, &format!("from version {version}"));
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
