//! Reading the history: one attempt by id, and paged search with the provider and outcome
//! filters, driven by the full-text indexes (trigram for three or more characters, word prefix
//! for one or two). The export reads through the same filter.

use std::fmt::Write as _;

use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rows::{raw_record, InviteRecord, Outcome, RawRecord, RECORD_COLUMNS};
use super::status::StatusFilter;
use super::Db;
use crate::error::{AppError, AppResult};
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

/// One page of history, newest first, with the number of rows the filter matches.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
    pub rows: Vec<InviteRecord>,
    #[ts(type = "number")]
    pub total: u64,
    pub offset: u32,
    pub limit: u32,
}

impl Db {
    /// One attempt by id.
    pub fn get(&self, id: i64) -> AppResult<Option<InviteRecord>> {
        let conn = self.conn()?;
        let sql = format!("SELECT {RECORD_COLUMNS} FROM invites i WHERE i.id = ?1");
        let mut stmt = conn.prepare_cached(&sql)?;
        let row = stmt.query_row([id], raw_record).optional()?;
        drop(stmt);
        drop(conn);
        let Some(mut rec) = row.map(RawRecord::into_record).transpose()? else {
            return Ok(None);
        };
        rec.status = self.status_of(id)?;
        Ok(Some(rec))
    }

    /// One page of the filter, newest first, and how many rows it matches in all.
    pub fn query(&self, q: &HistoryQuery) -> AppResult<HistoryPage> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        let filter = Filter::new(q);
        let conn = self.conn()?;

        let total: i64 = {
            let sql = filter.count_sql();
            let mut stmt = conn.prepare_cached(&sql)?;
            stmt.query_row(rusqlite::params_from_iter(filter.params.iter()), |r| {
                r.get(0)
            })?
        };

        let sql = format!(
            "SELECT {RECORD_COLUMNS} {} ORDER BY {} DESC LIMIT {limit} OFFSET {}",
            filter.tables_and_conditions(),
            filter.order_column(),
            q.offset
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(rusqlite::params_from_iter(filter.params.iter()), raw_record)?
            .map(|r| r.map_err(AppError::from).and_then(RawRecord::into_record))
            .collect::<AppResult<Vec<_>>>()?;
        drop(stmt);
        drop(conn);
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut statuses = self.statuses(&ids)?;
        for r in &mut rows {
            r.status = statuses.remove(&r.id);
        }
        Ok(HistoryPage {
            rows,
            total: u64::try_from(total).unwrap_or(0),
            offset: q.offset,
            limit,
        })
    }
}

/// The FROM/WHERE part of a history query and its parameters.
pub(super) struct Filter {
    pub(super) search: Search,
    conditions: Vec<&'static str>,
    pub(super) params: Vec<Value>,
}

pub(super) enum Search {
    None,
    /// Three or more characters: the trigram index, as one quoted FTS5 phrase.
    FullText,
    /// One or two characters: too short for trigrams, so the start of a word, through the
    /// word index (`invites_words`, migration 0003).
    WordPrefix,
    /// One or two characters with no letter or digit ("@", "%", "-."): no word to start, so a
    /// LIKE scan of every row. Rare, and slow only on a large history (15–50 ms at 100,000).
    Like,
}

impl Filter {
    pub(super) fn new(q: &HistoryQuery) -> Filter {
        let mut f = Filter {
            search: Search::None,
            conditions: Vec::new(),
            params: Vec::new(),
        };
        // A NUL ends an FTS5 query string early (a syntax error) and cannot be typed anyway.
        let term = q.search.as_deref().unwrap_or("").replace('\0', "");
        let term = term.trim();
        if !term.is_empty() {
            if term.chars().count() >= 3 {
                f.search = Search::FullText;
                f.conditions.push("invites_search MATCH ?");
                f.params.push(Value::Text(fts_phrase(term)));
            } else if term.chars().any(char::is_alphanumeric) {
                // The word index splits text at anything but letters and digits, and splits the
                // query the same way: in a short term with punctuation, the punctuation is
                // ignored ("@g" finds words starting with g, such as gmail in x@gmail.com; "a."
                // words starting with a). Two characters hold at most one letter-or-digit run,
                // so the query is always one word prefix.
                f.search = Search::WordPrefix;
                f.conditions.push("invites_words MATCH ?");
                f.params.push(Value::Text(fts_prefix(term)));
            } else {
                f.search = Search::Like;
                f.conditions.push(
                    "(i.candidate_name LIKE ?1 ESCAPE '\\' OR i.candidate_email LIKE ?1 ESCAPE '\\' \
                     OR i.job_ref LIKE ?1 ESCAPE '\\' OR i.job_name LIKE ?1 ESCAPE '\\' \
                     OR i.link LIKE ?1 ESCAPE '\\')",
                );
                f.params.push(Value::Text(like_pattern(term)));
            }
        }
        // With a text search the full-text index (trigram or word) must drive the join; the
        // unary `+` keeps the planner from starting at the provider or outcome index and probing
        // the full-text index once per row (measured: 300 ms instead of 5 ms at 100,000 rows).
        let full_text = matches!(f.search, Search::FullText | Search::WordPrefix);
        if let Some(p) = q.provider {
            f.conditions.push(if full_text {
                "+i.provider = ?"
            } else {
                "i.provider = ?"
            });
            f.params.push(Value::Text(p.id().to_owned()));
        }
        if let Some(o) = q.outcome {
            f.conditions.push(if full_text {
                "+i.outcome = ?"
            } else {
                "i.outcome = ?"
            });
            f.params.push(Value::Text(o.as_str().to_owned()));
        }
        if let Some(st) = q.status {
            match st.stage() {
                Some(stage) => {
                    f.conditions
                        .push("i.id IN (SELECT invite_id FROM invite_status WHERE stage = ?)");
                    f.params.push(Value::Text(stage.as_str().to_owned()));
                }
                None => f.conditions.push(
                    "i.id NOT IN (SELECT invite_id FROM invite_status WHERE stage IS NOT NULL)",
                ),
            }
        }
        match q.team {
            Some(TeamFilter::Mine) => f.conditions.push("i.sent_by IS NULL"),
            Some(TeamFilter::Colleagues) => f.conditions.push("i.sent_by IS NOT NULL"),
            Some(TeamFilter::Conflicts) => f.conditions.push("i.team_conflict IS NOT NULL"),
            None => {}
        }
        if let Some(b) = q.batch {
            f.conditions.push(if full_text {
                "+i.batch_id = ?"
            } else {
                "i.batch_id = ?"
            });
            f.params.push(Value::Integer(b));
        }
        f
    }

    /// The statement that counts the filter's rows. A text search alone is counted in the index,
    /// without fetching a row per match (2 ms instead of 14 ms for 14,000 matches).
    pub(super) fn count_sql(&self) -> String {
        match self.search {
            Search::FullText if self.conditions.len() == 1 => {
                "SELECT count(*) FROM invites_search WHERE invites_search MATCH ?".to_owned()
            }
            Search::WordPrefix if self.conditions.len() == 1 => {
                "SELECT count(*) FROM invites_words WHERE invites_words MATCH ?".to_owned()
            }
            _ => format!("SELECT count(*) {}", self.tables_and_conditions()),
        }
    }

    pub(super) fn tables_and_conditions(&self) -> String {
        let mut sql = match self.search {
            // The index drives: it yields matching rowids newest first and the join fetches only
            // the page's rows.
            Search::FullText => {
                "FROM invites_search JOIN invites i ON i.id = invites_search.rowid".to_owned()
            }
            Search::WordPrefix => {
                "FROM invites_words JOIN invites i ON i.id = invites_words.rowid".to_owned()
            }
            Search::None | Search::Like => "FROM invites i".to_owned(),
        };
        for (n, c) in self.conditions.iter().enumerate() {
            let _ = write!(sql, " {} {c}", if n == 0 { "WHERE" } else { "AND" });
        }
        // `?` numbering: the LIKE condition reuses `?1` five times; the others (a MATCH, the
        // provider, the outcome) are positional after it, which SQLite numbers as max-so-far + 1.
        sql
    }

    pub(super) fn order_column(&self) -> &'static str {
        match self.search {
            Search::FullText => "invites_search.rowid",
            Search::WordPrefix => "invites_words.rowid",
            Search::None | Search::Like => "i.id",
        }
    }
}

/// The search text as one FTS5 string: inside double quotes every character is literal (`*`,
/// `OR`, `NEAR`, `:`), and a quote is written twice.
pub(super) fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
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
