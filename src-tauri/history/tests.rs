//! Unit tests of the history's private parts: search term shapes, query plans, formula cells.

use rusqlite::types::Value;

use super::filter::{fts_phrase, fts_prefix, like_pattern, sparse_trigrams, Filter, Search};
use super::outbox::{DUPLICATE_GUARD_SQL, RECOVER_SQL, RECOVER_UNSENT_SQL};
use super::rows::{error_kind_name, RECORD_COLUMNS};
use super::*;
use crate::error::ErrorKind;
use crate::provider::Provider;

#[test]
fn fts_phrase_quotes_the_term_and_doubles_inner_quotes() {
    assert_eq!(fts_phrase("a\"b OR c*"), "\"a\"\"b OR c*\"");
}

#[test]
fn fts_prefix_quotes_the_term_and_adds_a_star_outside_the_quotes() {
    assert_eq!(fts_prefix("ki"), "\"ki\"*");
    assert_eq!(fts_prefix("\"*"), "\"\"\"*\"*");
}

#[test]
fn short_terms_with_a_letter_or_digit_use_the_word_index_and_the_rest_like() {
    let kind = |term: &str| {
        let f = Filter::new(&HistoryQuery {
            search: Some(term.into()),
            ..Default::default()
        });
        let kind = match f.search {
            Search::None => "none",
            Search::FullText => "trigram",
            Search::WordPrefix => "word",
            Search::Like => "like",
        };
        (kind, f.params.first().cloned())
    };
    let text = |s: &str| Some(Value::Text(s.to_owned()));
    assert_eq!(kind("ki"), ("word", text("\"ki\"*")));
    assert_eq!(kind(" K "), ("word", text("\"K\"*")));
    assert_eq!(kind("é"), ("word", text("\"é\"*")));
    assert_eq!(kind("7"), ("word", text("\"7\"*")));
    assert_eq!(kind("@g"), ("word", text("\"@g\"*")));
    assert_eq!(kind("\"k"), ("word", text("\"\"\"k\"*")));
    assert_eq!(kind("@"), ("like", text("%@%")));
    assert_eq!(kind("-."), ("like", text("%-.%")));
    assert_eq!(kind("%"), ("like", text("%\\%%")));
    assert_eq!(kind("kim"), ("trigram", text("\"kim\"")));
    assert_eq!(kind("  "), ("none", None));
}

#[test]
fn a_long_ascii_term_is_found_through_every_third_trigram_and_the_last() {
    assert_eq!(
        sparse_trigrams("ravi.kumar12").as_deref(),
        Some("\"rav\" AND \"i.k\" AND \"uma\" AND \"r12\"")
    );
    assert_eq!(
        sparse_trigrams("garcia1").as_deref(),
        Some("\"gar\" AND \"cia\" AND \"ia1\"")
    );
    assert_eq!(
        sparse_trigrams("a\"b c*de").as_deref(),
        Some("\"a\"\"b\" AND \" c*\" AND \"*de\"")
    );
    // Short, or not ASCII: the whole phrase.
    assert_eq!(sparse_trigrams("garcia"), None);
    assert_eq!(sparse_trigrams("müller.k"), None);
}

#[test]
fn like_pattern_escapes_its_own_wildcards() {
    assert_eq!(like_pattern("5%_\\"), "%5\\%\\_\\\\%");
}

#[test]
fn formula_cells_get_a_leading_apostrophe_and_others_stay() {
    for cell in [
        "=1+1",
        "+44 20",
        "-2",
        "@SUM(A1)",
        "\tx",
        "\rx",
        // Decided by the first character that is not a space of any kind.
        "  =1+1",
        "\t =1+1",
        "\u{A0}=1+1",
        "\u{3000}+1",
        "\u{200B}@SUM(1)",
        " \n-1+1",
        // Full-width equals, plus, minus and at.
        "\u{FF1D}1+1",
        "\u{FF0B}1+1",
        "\u{FF0D}1+1",
        "\u{FF20}SUM(1)",
        " \u{FF1D}1+1",
    ] {
        assert_eq!(neutralise_formula(cell), format!("'{cell}"), "{cell:?}");
    }
    for cell in [
        "Jane",
        "",
        "   ",
        "2026-03-08T14:00:00Z",
        "a=b",
        " a=b",
        "José",
    ] {
        assert_eq!(neutralise_formula(cell), cell, "{cell:?}");
    }
}

#[test]
fn error_kinds_are_stored_by_their_json_name() {
    assert_eq!(error_kind_name(ErrorKind::RateLimited), "rate_limited");
    assert_eq!(error_kind_name(ErrorKind::Timeout), "timeout");
}

#[test]
fn outcome_names_round_trip() {
    for o in Outcome::ALL {
        assert_eq!(Outcome::from_str_opt(o.as_str()), Some(o));
        assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
    }
}

#[test]
fn a_panic_while_holding_the_connection_does_not_lock_the_history_out() {
    let db = std::sync::Arc::new(Db::open_in_memory().unwrap());
    let d = db.clone();
    let joined = std::thread::spawn(move || {
        let _guard = d.conn.as_ref().unwrap().lock().unwrap();
        panic!("a bug while the connection is held");
    })
    .join();
    assert!(joined.is_err());
    assert!(db.conn.as_ref().unwrap().is_poisoned());
    assert_eq!(db.count().unwrap(), 0);
}

/// The plan SQLite chooses, one line per step.
fn plan(db: &Db, sql: &str, params: &[Value]) -> String {
    let conn = db.conn().unwrap();
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = stmt
        .query_map(rusqlite::params_from_iter(params.iter()), |r| {
            r.get::<_, String>(3)
        })
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}

#[test]
fn start_up_recovery_uses_the_outcome_index_instead_of_scanning() {
    let db = Db::open_in_memory().unwrap();
    for sql in [RECOVER_SQL, RECOVER_UNSENT_SQL] {
        let p = plan(&db, sql, &[Value::Null, Value::Null]);
        assert!(
            p.contains("USING INDEX invites_outcome_newest (outcome=?)"),
            "{p}"
        );
        assert!(!p.contains("SCAN"), "{p}");
    }
}

/// The plans of a filter's statements: the ones that count, then the ones that read a page's
/// newest ids (or its one page statement), then the export's.
fn filter_plans(db: &Db, q: &HistoryQuery) -> Vec<String> {
    let f = Filter::new(q);
    let mut sqls = f.ids_sql(1001);
    match f.page_sql(0, 50) {
        Some(page) => sqls.push(page),
        None => sqls.extend(f.newest_ids_sql(50)),
    }
    sqls.push(f.rows_sql(RECORD_COLUMNS));
    sqls.iter().map(|sql| plan(db, sql, &f.params)).collect()
}

#[test]
fn a_text_search_with_filters_is_driven_by_its_full_text_indexes() {
    let db = Db::open_in_memory().unwrap();
    for (term, person, link) in [
        ("garcia", "invites_search", "invites_link_search"),
        ("ki", "invites_words", "invites_link_words"),
    ] {
        let q = HistoryQuery {
            search: Some(term.into()),
            provider: Some(Provider::Xobin),
            outcome: Some(Outcome::Sent),
            ..Default::default()
        };
        let plans = filter_plans(&db, &q);
        assert_eq!(plans.len(), 5);
        // The person's index, then the link's, in both the count and the page.
        for (p, index) in plans.iter().zip([person, link, person, link]) {
            let first = p.lines().next().unwrap_or("");
            assert!(first.contains(&format!("{index} VIRTUAL TABLE")), "{p}");
            assert!(
                !p.contains("TEMP B-TREE"),
                "newest first comes from the index: {p}"
            );
            // Each match is checked in the provider's index, by provider and id together.
            assert!(
                p.contains("INDEX invites_provider_newest (provider=? AND id=?"),
                "{p}"
            );
        }
        // The export reads both indexes.
        assert!(
            plans[4].contains(person) && plans[4].contains(link),
            "{}",
            plans[4]
        );
        // With the outcome alone, the outcome's index checks each match.
        let q = HistoryQuery {
            search: Some(term.into()),
            outcome: Some(Outcome::Failed),
            ..Default::default()
        };
        for (p, index) in filter_plans(&db, &q)
            .iter()
            .zip([person, link, person, link])
        {
            assert!(p.lines().next().unwrap_or("").contains(index), "{p}");
            assert!(
                p.contains("INDEX invites_outcome_newest (outcome=? AND id=?"),
                "{p}"
            );
        }
    }
}

#[test]
fn the_team_filters_for_few_rows_read_their_own_partial_index() {
    let db = Db::open_in_memory().unwrap();
    for (team, index) in [
        (TeamFilter::Mine, "invites_mine"),
        (TeamFilter::Conflicts, "invites_team_conflicts"),
    ] {
        let q = HistoryQuery {
            team: Some(team),
            ..Default::default()
        };
        for p in filter_plans(&db, &q) {
            assert!(p.contains(index), "{team:?}: {p}");
            assert!(!p.contains("TEMP B-TREE"), "{p}");
        }
    }
}

#[test]
fn a_short_search_alone_is_counted_in_the_word_indexes_without_reading_rows() {
    let db = Db::open_in_memory().unwrap();
    let q = HistoryQuery {
        search: Some("ki".into()),
        ..Default::default()
    };
    let plans = filter_plans(&db, &q);
    // One step each: the word indexes, with no lookup of `invites` per match.
    for (p, index) in plans.iter().zip(["invites_words", "invites_link_words"]) {
        assert_eq!(p.lines().count(), 1, "{p}");
        assert!(p.contains(&format!("{index} VIRTUAL TABLE")), "{p}");
    }
    for p in &plans[..4] {
        assert!(!p.contains("TEMP B-TREE"), "{p}");
    }
}

#[test]
fn the_duplicate_guard_uses_its_index() {
    let db = Db::open_in_memory().unwrap();
    let args = [Value::Null, Value::Null, Value::Null, Value::Null];
    let p = plan(&db, DUPLICATE_GUARD_SQL, &args);
    assert!(p.contains("invites_duplicate_guard"), "{p}");
}

#[test]
fn query_page_size_defaults_to_fifty_and_is_clamped_to_one_through_two_hundred() {
    let db = Db::open_in_memory().unwrap();
    assert_eq!(
        db.query(&HistoryQuery::default()).unwrap().limit,
        DEFAULT_PAGE
    );
    let page = db
        .query(&HistoryQuery {
            limit: 0,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.limit, 1);
    let page = db
        .query(&HistoryQuery {
            limit: 10_000,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.limit, MAX_PAGE);
}

#[test]
fn the_history_file_is_written_with_synchronous_full() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = Db::open(&dir.path().join("history.sqlite3")).unwrap();
    let level: i64 = db
        .conn()
        .unwrap()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        level, 2,
        "2 is FULL: every commit is fsynced before it returns"
    );
}

#[test]
fn an_unavailable_history_refuses_every_read_and_write_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    std::fs::create_dir(&path).unwrap();
    let (db, report) = Db::open_or_view_only(&path);
    let Access::Unavailable { reason } = db.access().clone() else {
        panic!("{:?}", db.access());
    };
    assert_eq!(report.notice.as_deref(), Some(reason.as_str()));
    assert!(reason.contains(&path.display().to_string()), "{reason}");
    assert!(db.conn.is_none(), "no connection, not even in memory");
    for e in [
        db.count().unwrap_err(),
        db.query(&HistoryQuery::default()).unwrap_err(),
        db.export_csv(&HistoryQuery::default(), Vec::new())
            .unwrap_err(),
        db.check_writable().unwrap_err(),
    ] {
        assert_eq!(e.kind, ErrorKind::Storage);
        assert!(e.message.contains(&reason), "{}", e.message);
    }
}

#[test]
fn the_record_column_count_matches_the_list() {
    assert_eq!(
        RECORD_COLUMNS.split(',').count(),
        super::rows::RECORD_COLUMN_COUNT
    );
}

#[test]
fn the_bundled_sqlite_deletes_from_full_text_indexes_in_place_soundly() {
    // FTS5's `secure-delete` (on for every search index, migration 0014) could corrupt an index
    // in SQLite 3.46.0 (fixed in 3.46.1); the history relies on the bundled copy being newer.
    assert!(
        rusqlite::version_number() >= 3_046_001,
        "SQLite {} is older than 3.46.1",
        rusqlite::version()
    );
}
