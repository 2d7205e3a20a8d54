//! Robustness.

use super::*;

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
        // This computer's own attempt, left `pending` by a crash during its vendor call.
        let id = db
            .insert_pending_team(
                &invite(Provider::Xobin, "Me", "mine@example.com", "305"),
                "11111111-1111-4111-8111-111111111111",
            )
            .unwrap();
        db.mark_vendor_call(&[id]).unwrap();
        // Another, left `pending` by a crash during its team reservation: never sent.
        db.insert_pending_team(
            &invite(Provider::Xobin, "Me", "unsent@example.com", "305"),
            "33333333-3333-4333-8333-333333333333",
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
                account_label: None,
                received_at: None,
            }])
            .unwrap();
        assert_eq!(n, 1);
    }
    let (db, report) = Db::open(&path).unwrap();
    assert_eq!(report.recovered_unknown, 1, "only this computer's row");
    let rows = db.query(&HistoryQuery::default()).unwrap().rows;
    let by = |email: &str| rows.iter().find(|r| r.candidate_email == email).unwrap();
    assert_eq!(by("mine@example.com").outcome, Outcome::Unknown);
    assert_eq!(by("unsent@example.com").outcome, Outcome::Failed);
    assert_eq!(by("kim@example.com").outcome, Outcome::Pending);
    assert_eq!(by("kim@example.com").author.as_deref(), Some("Bob"));
    // The local guard covers the colleague's row too.
    assert!(db
        .find_previous(Provider::Xobin, "305", "KIM@example.com")
        .unwrap()
        .is_some());
}
