//! Unusable files.

use super::*;

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
