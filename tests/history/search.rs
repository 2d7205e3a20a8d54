//! Search, paging, filters.

use super::*;

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
    // The indexes agree with their content table.
    indexes_sound(&conn, "after an edit and a delete");
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

/// Many invites written one by one (so the indexes merge their segments as they go), links
/// arriving, names corrected, rows deleted: every search index stays sound, and a search finds
/// exactly the rows a plain substring comparison finds, whether the term is in the person's
/// columns, the link, or both — each row once, the total and the pages agreeing.
#[test]
fn churn_keeps_the_split_indexes_sound_and_search_equal_to_a_substring_scan() {
    let (_dir, path) = temp_db();
    let (db, _) = Db::open(&path).unwrap();
    let conn = Connection::open(&path).unwrap();
    let mut seed: u64 = 0x5eed_1234;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let words = ["alder", "birch", "cedar", "delta", "ember", "fjord"];
    let mut live: Vec<i64> = Vec::new();
    for i in 0..1_100u64 {
        let (a, b) = (words[next(6) as usize], words[next(6) as usize]);
        let id = db
            .insert_pending(&invite(
                Provider::Xobin,
                &format!("{a} {b}{i}"),
                &format!("p{i}@{b}.example"),
                &format!("j{}", next(40)),
            ))
            .unwrap();
        // Most get a link (some with the person's words in it), a few stay pending.
        if next(10) > 0 {
            let w = words[next(6) as usize];
            db.mark_sent(id, &sent(&format!("https://v.example/{w}/{i}")))
                .unwrap();
        }
        match next(20) {
            0 => {
                let w = words[next(6) as usize];
                conn.execute(
                    "UPDATE invites SET candidate_name = ?2 WHERE id = ?1",
                    rusqlite::params![id, format!("{w} corrected{i}")],
                )
                .unwrap();
            }
            1 if !live.is_empty() => {
                let gone = live.swap_remove(next(live.len() as u64) as usize);
                conn.execute("DELETE FROM invites WHERE id = ?1", [gone])
                    .unwrap();
            }
            _ => {}
        }
        live.push(id);
    }
    indexes_sound(&conn, "after the churn");
    // The rows as a plain scan sees them.
    let rows: Vec<(i64, String)> = conn
        .prepare(
            "SELECT id, lower(candidate_name || '|' || candidate_email || '|' || job_ref || '|'
                 || coalesce(job_name, '') || '|' || coalesce(link, '')) FROM invites",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // "example" is in every row's email and most links: more than the count's cap.
    for term in [
        "example",
        "birch",
        "cedar1",
        "corrected",
        "v.example/delta",
        "fjord.ex",
        "j17",
        "p69",
    ] {
        let mut want: Vec<i64> = rows
            .iter()
            .filter(|(_, text)| text.contains(term))
            .map(|(id, _)| *id)
            .collect();
        want.sort_unstable_by(|a, b| b.cmp(a));
        let mut got: Vec<i64> = Vec::new();
        let mut first = None;
        loop {
            let page = db
                .query(&HistoryQuery {
                    search: Some(term.into()),
                    offset: got.len() as u32,
                    limit: 200,
                    ..Default::default()
                })
                .unwrap();
            first.get_or_insert((page.total, page.total_capped));
            if page.rows.is_empty() {
                break;
            }
            got.extend(page.rows.iter().map(|r| r.id));
        }
        assert_eq!(got, want, "{term}");
        let counted = if want.len() > 1_000 {
            (1_000, true)
        } else {
            (want.len() as u64, false)
        };
        assert_eq!(first, Some(counted), "{term}");
    }
}
