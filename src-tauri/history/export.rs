//! The CSV export: every row of a history filter, newest first, with a header row and every
//! cell made safe for a spreadsheet. No column of the history holds an API key, so neither does
//! the export.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::rows::{instant_text, raw_record, RECORD_COLUMNS};
use super::search::{Filter, HistoryQuery};
use super::{Db, BUSY_TIMEOUT};
use crate::error::{AppError, AppResult, ErrorKind};

impl Db {
    /// Writes every row of the filter (offset and limit ignored), newest first, as CSV with a
    /// header row; returns the number of invites written. Rows stream from SQLite to `w`. A
    /// history on a file is read through its own connection, so sending is not blocked meanwhile.
    pub fn export_csv<W: std::io::Write>(&self, q: &HistoryQuery, w: W) -> AppResult<usize> {
        match &self.path {
            Some(path) => {
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                export_on(&conn, q, w)
            }
            None => export_on(&self.conn(), q, w),
        }
    }
}

const CSV_HEADER: [&str; 22] = [
    "ID",
    "Created (UTC)",
    "Updated (UTC)",
    "Provider",
    "Candidate name",
    "Candidate email",
    "Job reference",
    "Job name",
    "Scheduled for (UTC)",
    "Link opens (UTC)",
    "Link expires (UTC)",
    "Time zone",
    "Interview link",
    "Outcome",
    "Vendor status",
    "Vendor emails candidate",
    "Vendor IDs",
    "Other links",
    "Skipped emails",
    "Summary",
    "Error kind",
    "Error message",
];

fn export_on<W: std::io::Write>(conn: &Connection, q: &HistoryQuery, w: W) -> AppResult<usize> {
    let filter = Filter::new(q);
    let sql = format!(
        "SELECT {RECORD_COLUMNS} {} ORDER BY {} DESC",
        filter.tables_and_conditions(),
        filter.order_column()
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(filter.params.iter()))?;
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CSV_HEADER).map_err(csv_error)?;
    let mut written = 0usize;
    while let Some(row) = rows.next()? {
        let r = raw_record(row)?.into_record()?;
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let time = |t: &Option<DateTime<Utc>>| t.map(instant_text).unwrap_or_default();
        let pairs = |m: &BTreeMap<String, String>| {
            m.iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let cells = [
            r.id.to_string(),
            instant_text(r.created_at),
            instant_text(r.updated_at),
            r.provider.display_name().to_owned(),
            r.candidate_name,
            r.candidate_email,
            r.job_ref,
            opt(&r.job_name),
            time(&r.scheduled_at),
            time(&r.start_at),
            time(&r.expiry_at),
            opt(&r.zone),
            opt(&r.link),
            r.outcome.label().to_owned(),
            opt(&r.vendor_status),
            if r.vendor_emails_candidate {
                "yes"
            } else {
                "no"
            }
            .to_owned(),
            pairs(&r.vendor_ids),
            pairs(&r.extra_links),
            r.skipped_emails.join("; "),
            opt(&r.summary),
            opt(&r.error_kind),
            opt(&r.error_message),
        ];
        out.write_record(cells.iter().map(|c| neutralise_formula(c).into_owned()))
            .map_err(csv_error)?;
        written += 1;
    }
    out.flush()?;
    Ok(written)
}

/// A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (or tab / CR, which some strip
/// first) as a formula; a leading `'` makes it text. Applied to every cell, since names and
/// vendor messages come from outside.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn csv_error(e: csv::Error) -> AppError {
    AppError::new(
        ErrorKind::Io,
        format!("The CSV export could not be written: {e}. Choose another place and try again."),
    )
}
