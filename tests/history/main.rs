//! The invite history on a real SQLite file: migrations, outbox order, crash recovery, the
//! duplicate guard, search and paging, filters, CSV export, moving aside an unusable file, one
//! writer per history (a second copy and an unopenable file are view-only and never send), and
//! job profiles — one file per concern, as `src-tauri/history/` is one file per job.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

#[path = "../ipc_support/mod.rs"]
mod ipc_support;

mod export;
mod guard;
mod job_profiles;
mod migrations;
mod one_writer;
mod outbox;
mod robustness;
mod search;
mod unusable;

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
        account: Default::default(),
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

/// FTS5's own check of every search index against the invites table.
fn indexes_sound(conn: &Connection, context: &str) {
    for index in invite_desk::history::SEARCH_INDEXES {
        conn.execute(
            &format!("INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{index}, {context}: {e}"));
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
