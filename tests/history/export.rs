//! CSV export.

use super::*;

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
