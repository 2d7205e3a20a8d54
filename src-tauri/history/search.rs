//! Reading the history: one attempt by id, and paged search with the provider and outcome
//! filters, driven by the full-text indexes (trigram for three or more characters, word prefix
//! for one or two). The export reads through the same filter.
//!
//! A team's history reaches 1,000,000 rows, so nothing here reads every match: the total is
//! counted exactly up to [`COUNT_CAP`] and shown as "1,000+" past it, and when every match is
//! within that count the page is cut from the ids the count collected.

use rusqlite::OptionalExtension;
use serde::Serialize;
use ts_rs::TS;

use super::filter::{Filter, HistoryQuery, MAX_PAGE};
use super::rows::{raw_record, InviteRecord, RawRecord, RECORD_COLUMNS};
use super::Db;
use crate::error::AppResult;

/// How far a page's total is counted exactly. Past it the total is a floor (`total_capped`) and
/// the view says "1,000+": counting all 900,000 rows that contain "co" takes 60–75 ms at
/// 1,000,000 rows, counting to 1,000 well under 1 ms (BENCHMARKS.md). Paging past the cap counts
/// to the end of the page asked for.
pub const COUNT_CAP: u64 = 1_000;

/// One page of history, newest first, with the number of rows the filter matches.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
    pub rows: Vec<InviteRecord>,
    /// How many rows the filter matches: exact unless `total_capped`.
    #[ts(type = "number")]
    pub total: u64,
    /// More rows match than `total` says: the count stopped at [`COUNT_CAP`] (or at the end of
    /// this page, past it). The view shows "1,000+" and keeps Next enabled.
    pub total_capped: bool,
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

    /// One page of the filter, newest first, and how many rows it matches (exactly up to
    /// [`COUNT_CAP`]).
    ///
    /// One pass collects the ids of up to `reach` matches in the index's own order (oldest
    /// first: a full-text index walks a rare phrase backwards at about half the speed). When the
    /// filter matches fewer, they are all of its rows and the page is a slice of them, read by
    /// id; otherwise the total is a floor and the page's ids are read newest first, which stops
    /// after its own rows. A text search reads two indexes (the person's columns and the link,
    /// migration 0014): their ids are merged.
    pub fn query(&self, q: &HistoryQuery) -> AppResult<HistoryPage> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        let filter = Filter::new(q);
        let reach = COUNT_CAP.max(u64::from(q.offset) + u64::from(limit)) + 1;
        let conn = self.conn()?;

        // Every match up to `reach`, ascending and without repeats.
        let ids = filter_ids(&conn, &filter, &filter.ids_sql(reach), reach)?;
        let capped = ids.len() as u64 >= reach;
        let total = if capped { reach - 1 } else { ids.len() as u64 };
        let raw = match filter.page_sql(q.offset, limit) {
            // One source: the page in one statement, newest first.
            Some(sql) if capped => {
                let mut stmt = conn.prepare_cached(&sql)?;
                let rows = stmt
                    .query_map(rusqlite::params_from_iter(filter.params.iter()), raw_record)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                rows
            }
            _ => {
                let candidates = if capped {
                    let newest = u64::from(q.offset) + u64::from(limit);
                    filter_ids(&conn, &filter, &filter.newest_ids_sql(newest), u64::MAX)?
                } else {
                    ids
                };
                let page: Vec<i64> = candidates
                    .into_iter()
                    .rev()
                    .skip(q.offset as usize)
                    .take(limit as usize)
                    .collect();
                rows_by_id(&conn, &page)?
            }
        };
        drop(conn);
        let mut rows = raw
            .into_iter()
            .map(RawRecord::into_record)
            .collect::<AppResult<Vec<_>>>()?;
        let page_ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut statuses = self.statuses(&page_ids)?;
        for r in &mut rows {
            r.status = statuses.remove(&r.id);
        }
        Ok(HistoryPage {
            rows,
            total,
            total_capped: capped,
            offset: q.offset,
            limit,
        })
    }
}

/// The ids the statements find (one per index the filter reads), ascending, each once. Stops
/// after a statement once `enough` are found (the count is then a floor anyway).
fn filter_ids(
    conn: &rusqlite::Connection,
    filter: &Filter,
    statements: &[String],
    enough: u64,
) -> AppResult<Vec<i64>> {
    let mut ids: Vec<i64> = Vec::new();
    for sql in statements {
        let mut stmt = conn.prepare_cached(sql)?;
        let found = stmt
            .query_map(rusqlite::params_from_iter(filter.params.iter()), |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        ids.extend(found);
        ids.sort_unstable();
        ids.dedup();
        if ids.len() as u64 >= enough {
            break;
        }
    }
    Ok(ids)
}

/// The rows with these ids, newest first.
fn rows_by_id(conn: &rusqlite::Connection, ids: &[i64]) -> AppResult<Vec<RawRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; ids.len()].join(",");
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM invites i WHERE i.id IN ({marks}) ORDER BY i.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(ids.iter()), raw_record)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
