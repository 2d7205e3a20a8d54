//! Outbox order and recovery.

use super::*;

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
