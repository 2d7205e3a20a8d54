//! A history query and the SQL it becomes: what the view may ask for, the statements of a search
//! and its filters, the full-text indexes a search reads, and how a typed term becomes an FTS5
//! phrase, prefix or LIKE pattern.

use std::fmt::Write as _;

use rusqlite::types::Value;

use super::rows::RECORD_COLUMNS;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rows::Outcome;
use super::status::StatusFilter;
use crate::provider::Provider;

/// Largest page the history view may ask for.
pub const MAX_PAGE: u32 = 200;

/// The page size when the view does not say.
pub const DEFAULT_PAGE: u32 = 50;

/// The history view's filter. `search` looks in the candidate's name and email, the job reference
/// and name, and the link, ignoring case: three or more characters match anywhere (a substring),
/// one or two match the start of a word ("ki" finds Kim and kiran@…, not Nikita).
///
/// Every field may be left out (the container's `default`), so each is optional in TypeScript.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields = nullable)]
pub struct HistoryQuery {
    pub search: Option<String>,
    pub provider: Option<Provider>,
    pub outcome: Option<Outcome>,
    /// Only the rows of one bulk batch.
    #[ts(type = "number | null", optional)]
    pub batch: Option<i64>,
    /// Only the rows whose vendor status is at this stage (or never checked).
    #[ts(optional)]
    pub status: Option<StatusFilter>,
    /// Team mode: only this computer's rows, only colleagues', or only possible double invites.
    #[ts(optional)]
    pub team: Option<TeamFilter>,
    /// Only the invites sent through this account of `provider` (its id).
    #[ts(optional)]
    pub account: Option<String>,
    #[ts(as = "Option<u32>", optional)]
    pub offset: u32,
    /// Clamped to `1..=200`; 50 when not given.
    #[ts(as = "Option<u32>", optional)]
    pub limit: u32,
}

impl Default for HistoryQuery {
    fn default() -> Self {
        HistoryQuery {
            search: None,
            provider: None,
            outcome: None,
            batch: None,
            status: None,
            team: None,
            account: None,
            offset: 0,
            limit: DEFAULT_PAGE,
        }
    }
}

/// History's team filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TeamFilter {
    /// This computer's own attempts.
    Mine,
    /// Colleagues' attempts, pulled from the team server.
    Colleagues,
    /// Rows flagged as a possible double invite.
    Conflicts,
}

/// The statements of a history query and their parameters.
pub(super) struct Filter {
    pub(super) search: Search,
    /// A long term's whole-term check of each match, in the person's columns and in the link
    /// (the MATCH itself comes from the index, `sources`); a LIKE search's one condition is in
    /// `conditions`.
    person_check: Option<&'static str>,
    link_check: Option<&'static str>,
    /// The other filters, each numbering its own parameter (`?3`).
    conditions: Vec<String>,
    pub(super) params: Vec<Value>,
    /// With a text search: the index each match is checked in (provider's, else outcome's).
    probe: Option<&'static str>,
}

pub(super) enum Search {
    None,
    /// Three or more characters: the trigram indexes, as one quoted FTS5 phrase.
    FullText,
    /// One or two characters: too short for trigrams, so the start of a word, through the
    /// word indexes (migrations 0003 and 0014).
    WordPrefix,
    /// One or two characters with no letter or digit ("@", "%", "-."): no word to start, so a
    /// LIKE scan of every row. Rare, and slow only on a large history (15–50 ms at 100,000).
    Like,
}

/// The full-text indexes (migration 0014): substring and word-prefix over the person's columns,
/// then the same over the vendor's link. Each deletes in place (FTS5 `secure-delete`).
pub const SEARCH_INDEXES: [&str; 4] = [
    "invites_search",
    "invites_words",
    "invites_link_search",
    "invites_link_words",
];

/// One index a text search reads, or the table itself.
struct Source {
    /// The full-text index that drives the statement, matched against `?1` (`None`: `invites`
    /// alone).
    index: Option<&'static str>,
    check: Option<&'static str>,
}

impl Filter {
    pub(super) fn new(q: &HistoryQuery) -> Filter {
        let mut f = Filter {
            search: Search::None,
            person_check: None,
            link_check: None,
            conditions: Vec::new(),
            params: Vec::new(),
            probe: None,
        };
        // A NUL ends an FTS5 query string early (a syntax error) and cannot be typed anyway.
        let term = q.search.as_deref().unwrap_or("").replace('\0', "");
        let term = term.trim();
        if !term.is_empty() {
            if term.chars().count() >= 3 {
                f.search = Search::FullText;
                match sparse_trigrams(term) {
                    Some(sparse) => {
                        // A long term: a few of its trigrams find the candidates, and the row
                        // itself is checked for the whole term (`?2`, in lower case).
                        f.params.push(Value::Text(sparse));
                        f.person_check = Some(
                            "(instr(lower(i.candidate_name), ?2) > 0 \
                             OR instr(lower(i.candidate_email), ?2) > 0 \
                             OR instr(lower(i.job_ref), ?2) > 0 \
                             OR instr(lower(i.job_name), ?2) > 0)",
                        );
                        f.link_check = Some("instr(lower(i.link), ?2) > 0");
                        f.params.push(Value::Text(term.to_ascii_lowercase()));
                    }
                    None => f.params.push(Value::Text(fts_phrase(term))),
                }
            } else if term.chars().any(char::is_alphanumeric) {
                // The word index splits text at anything but letters and digits, and splits the
                // query the same way: in a short term with punctuation, the punctuation is
                // ignored ("@g" finds words starting with g, such as gmail in x@gmail.com; "a."
                // words starting with a). Two characters hold at most one letter-or-digit run,
                // so the query is always one word prefix.
                f.search = Search::WordPrefix;
                f.params.push(Value::Text(fts_prefix(term)));
            } else {
                f.search = Search::Like;
                f.conditions.push(
                    "(i.candidate_name LIKE ?1 ESCAPE '\\' OR i.candidate_email LIKE ?1 ESCAPE '\\' \
                     OR i.job_ref LIKE ?1 ESCAPE '\\' OR i.job_name LIKE ?1 ESCAPE '\\' \
                     OR i.link LIKE ?1 ESCAPE '\\')"
                        .to_owned(),
                );
                f.params.push(Value::Text(like_pattern(term)));
            }
        }
        // With a text search the full-text index (trigram or word) drives the join (`CROSS JOIN`
        // keeps SQLite from starting at the provider or outcome index and probing the full-text
        // index once per row: 300 ms instead of 5 ms at 100,000 rows). Each match is then checked
        // in the provider's (else the outcome's) index instead of the table: those entries are
        // small and close together, so the check is 2–3 times faster at 1,000,000 rows.
        if let Some(p) = q.provider {
            f.condition("i.provider = ?", Value::Text(p.id().to_owned()));
            f.probe = Some("invites_provider_newest");
        }
        if let Some(o) = q.outcome {
            f.condition("i.outcome = ?", Value::Text(o.as_str().to_owned()));
            f.probe = f.probe.or(Some("invites_outcome_newest"));
        }
        if let Some(st) = q.status {
            match st.stage() {
                Some(stage) => f.condition(
                    "i.id IN (SELECT invite_id FROM invite_status WHERE stage = ?)",
                    Value::Text(stage.as_str().to_owned()),
                ),
                None => f.conditions.push(
                    "i.id NOT IN (SELECT invite_id FROM invite_status WHERE stage IS NOT NULL)"
                        .to_owned(),
                ),
            }
        }
        match q.team {
            Some(TeamFilter::Mine) => f.conditions.push("i.sent_by IS NULL".to_owned()),
            Some(TeamFilter::Colleagues) => f.conditions.push("i.sent_by IS NOT NULL".to_owned()),
            Some(TeamFilter::Conflicts) => {
                f.conditions.push("i.team_conflict IS NOT NULL".to_owned())
            }
            None => {}
        }
        if let Some(a) = &q.account {
            f.condition("i.account = ?", Value::Text(a.clone()));
        }
        if let Some(b) = q.batch {
            f.condition("i.batch_id = ?", Value::Integer(b));
        }
        f
    }

    /// Adds a condition with one parameter, numbering its `?` after the ones before it: the same
    /// numbers hold in every statement of the filter.
    fn condition(&mut self, sql: &str, value: Value) {
        self.params.push(value);
        self.conditions
            .push(sql.replace('?', &format!("?{}", self.params.len())));
    }

    /// What the statements read: a text search reads the person's index and the link's, anything
    /// else the table.
    fn sources(&self) -> Vec<Source> {
        match self.search {
            Search::FullText | Search::WordPrefix => {
                let [trigram, words, link_trigram, link_words] = SEARCH_INDEXES;
                let (person, link) = match self.search {
                    Search::FullText => (trigram, link_trigram),
                    _ => (words, link_words),
                };
                vec![
                    Source {
                        index: Some(person),
                        check: self.person_check,
                    },
                    Source {
                        index: Some(link),
                        check: self.link_check,
                    },
                ]
            }
            Search::None | Search::Like => vec![Source {
                index: None,
                check: None,
            }],
        }
    }

    /// The statements that list the ids of up to `reach` matching rows each, in whatever order
    /// is cheapest (the caller merges and sorts them). A text search alone is read from its
    /// indexes without fetching a row per match; with filters, each match is checked in the
    /// probe index, which covers it unless another filter needs the row.
    pub(super) fn ids_sql(&self, reach: u64) -> Vec<String> {
        self.sources()
            .iter()
            .map(|src| match src.index {
                Some(index) if src.check.is_none() && self.conditions.is_empty() => {
                    format!("SELECT rowid FROM {index} WHERE {index} MATCH ?1 LIMIT {reach}")
                }
                _ => format!(
                    "SELECT i.id {} LIMIT {reach}",
                    self.tables_and_conditions(src)
                ),
            })
            .collect()
    }

    /// The statements that list the newest `n` matching ids each, newest first.
    pub(super) fn newest_ids_sql(&self, n: u64) -> Vec<String> {
        self.sources()
            .iter()
            .map(|src| match src.index {
                Some(index) if src.check.is_none() && self.conditions.is_empty() => format!(
                    "SELECT rowid FROM {index} WHERE {index} MATCH ?1 ORDER BY rowid DESC LIMIT {n}"
                ),
                Some(index) => format!(
                    "SELECT i.id {} ORDER BY {index}.rowid DESC LIMIT {n}",
                    self.tables_and_conditions(src)
                ),
                None => format!(
                    "SELECT i.id {} ORDER BY i.id DESC LIMIT {n}",
                    self.tables_and_conditions(src)
                ),
            })
            .collect()
    }

    /// With one source (no text search, or a LIKE one): the statement that reads the page's
    /// rows, newest first. A text search reads two indexes and merges their ids instead.
    pub(super) fn page_sql(&self, offset: u32, limit: u32) -> Option<String> {
        match self.sources().as_slice() {
            [one] => Some(format!(
                "SELECT {RECORD_COLUMNS} {} ORDER BY i.id DESC LIMIT {limit} OFFSET {offset}",
                self.tables_and_conditions(one)
            )),
            _ => None,
        }
    }

    /// The statement that reads every matching row (`columns` of `invites i`), newest first.
    pub(super) fn rows_sql(&self, columns: &str) -> String {
        let sources = self.sources();
        match sources.as_slice() {
            [one] => format!(
                "SELECT {columns} {} ORDER BY i.id DESC",
                self.tables_and_conditions(one)
            ),
            _ => {
                let ids = sources
                    .iter()
                    .map(|src| format!("SELECT i.id {}", self.tables_and_conditions(src)))
                    .collect::<Vec<_>>()
                    .join(" UNION ");
                format!("SELECT {columns} FROM invites i WHERE i.id IN ({ids}) ORDER BY i.id DESC")
            }
        }
    }

    fn tables_and_conditions(&self, src: &Source) -> String {
        let (mut sql, matched) = match src.index {
            // The index drives: it yields matching rowids (newest first when asked) and the join
            // fetches only what the conditions need.
            Some(index) => {
                let probe = self
                    .probe
                    .map(|p| format!(" INDEXED BY {p}"))
                    .unwrap_or_default();
                (
                    format!("FROM {index} CROSS JOIN invites i{probe} ON i.id = {index}.rowid"),
                    Some(format!("{index} MATCH ?1")),
                )
            }
            None => ("FROM invites i".to_owned(), None),
        };
        let all = matched
            .iter()
            .map(String::as_str)
            .chain(src.check)
            .chain(self.conditions.iter().map(String::as_str));
        for (n, c) in all.enumerate() {
            let _ = write!(sql, " {} {c}", if n == 0 { "WHERE" } else { "AND" });
        }
        // `?` numbering: a text search's first condition holds `?1` (the MATCH, or LIKE's
        // pattern five times) and a long term's check `?2`; the other filters number theirs
        // after them (`condition`), so every statement binds the same parameters.
        sql
    }
}

/// The search text as one FTS5 string: inside double quotes every character is literal (`*`,
/// `OR`, `NEAR`, `:`), and a quote is written twice.
pub(super) fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// For an ASCII term of seven or more characters, the FTS5 query that finds its candidates
/// through a few of its trigrams: every third one, and the last. The whole phrase would read a
/// list of rows for each of its trigrams (ten for "ravi.kumar12", 10–12 ms at 1,000,000 rows);
/// four lists take 2–3 ms, and the few rows that hold those trigrams but not the term are then
/// dropped by comparing the term with each column. The comparison folds ASCII case only, as
/// SQLite's `lower` does; for an ASCII term that is the trigram index's own folding, except for
/// the odd non-ASCII letter Unicode folds into an ASCII one (the Kelvin sign "K"), which the
/// phrase would match and this does not. `None`: the whole phrase (shorter terms, and terms with
/// other characters).
pub(super) fn sparse_trigrams(term: &str) -> Option<String> {
    if !term.is_ascii() || term.len() < 7 {
        return None;
    }
    let mut starts: Vec<usize> = (0..=term.len() - 3).step_by(3).collect();
    if starts.last() != Some(&(term.len() - 3)) {
        starts.push(term.len() - 3);
    }
    Some(
        starts
            .iter()
            .map(|&i| fts_phrase(&term[i..i + 3]))
            .collect::<Vec<_>>()
            .join(" AND "),
    )
}

/// The search text as an FTS5 prefix query: the quoted string (see `fts_phrase`) followed by `*`,
/// so its last word matches any word that starts with it (`"ki"*` finds kim and kiran).
pub(super) fn fts_prefix(term: &str) -> String {
    format!("{}*", fts_phrase(term))
}

/// `%term%` with LIKE's own wildcards escaped, so `%` and `_` match themselves.
pub(super) fn like_pattern(term: &str) -> String {
    let mut p = String::with_capacity(term.len() + 2);
    p.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}
