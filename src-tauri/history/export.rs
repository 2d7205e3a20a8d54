//! The CSV export: every row of a history filter, newest first, with a header row and every
//! cell made safe for a spreadsheet, as UTF-8 with a byte-order mark (so Excel reads "José", not
//! "JosÃ©"). A file is written beside its target and renamed over it, so a failed export never
//! leaves the chosen file truncated or half written. No column of the history holds an API key,
//! so neither does the export.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::filter::{Filter, HistoryQuery};
use super::rows::{raw_record, RECORD_COLUMNS};
use super::time::instant_text;
use super::{Db, BUSY_TIMEOUT};
use crate::error::{AppError, AppResult, ErrorKind};

/// The UTF-8 byte-order mark every export starts with.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Db {
    /// Writes every row of the filter (offset and limit ignored), newest first, as CSV: the BOM,
    /// a header row, then the rows; returns the number of invites written. Rows stream from
    /// SQLite to `w`. A history on a file is read through its own connection, so sending is not
    /// blocked meanwhile.
    pub fn export_csv<W: Write>(&self, q: &HistoryQuery, w: W) -> AppResult<usize> {
        match (&self.path, &self.conn) {
            (Some(path), Some(_)) => {
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                export_on(&conn, q, w)
            }
            _ => export_on(&*self.conn()?, q, w),
        }
    }

    /// Exports the filter to `dest` atomically (see `write_atomically`). Blocking: call it from
    /// `spawn_blocking`.
    pub fn export_csv_to_file(&self, q: &HistoryQuery, dest: &Path) -> AppResult<usize> {
        write_atomically(dest, |w| self.export_csv(q, w))
    }
}

/// Writes a CSV export to `dest` atomically: it goes to a new file beside it, is fsynced, then
/// renamed over `dest`. If anything fails, `dest` is exactly as it was and the temporary file is
/// removed.
pub(super) fn write_atomically(
    dest: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> AppResult<usize>,
) -> AppResult<usize> {
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        AppError::new(
            ErrorKind::Io,
            format!(
                "The CSV export could not {what} {} ({e}). Nothing there was changed; choose \
                 another place and try again.",
                dest.display()
            ),
        )
    };
    let (tmp, file) = create_beside(dest).map_err(|e| failed("be written next to", &e))?;
    let written = (|| -> AppResult<usize> {
        let mut w = BufWriter::new(file);
        let n = write(&mut w)?;
        let file = w
            .into_inner()
            .map_err(|e| failed("be written to", &e.into_error()))?;
        file.sync_all().map_err(|e| failed("be saved to", &e))?;
        Ok(n)
    })()
    .and_then(|n| {
        std::fs::rename(&tmp, dest).map_err(|e| failed("replace", &e))?;
        Ok(n)
    });
    match written {
        Ok(n) => {
            sync_dir(dest);
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// A new, empty file in `dest`'s folder with a name no other export uses:
/// `.<name>.<pid>-<n>.tmp`.
fn create_beside(dest: &Path) -> std::io::Result<(PathBuf, File)> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export.csv".into());
    let mut last = None;
    for _ in 0..100 {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tmp = dest.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// Makes the rename itself durable (Unix: fsync the folder). Best effort: the export is
/// complete either way; only a power cut in the next moments could undo the rename.
fn sync_dir(dest: &Path) {
    #[cfg(unix)]
    if let Some(dir) = dest.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = dest;
}

const CSV_HEADER: [&str; 23] = [
    "ID",
    "Created (UTC)",
    "Updated (UTC)",
    "Provider",
    "Account",
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

fn export_on<W: Write>(conn: &Connection, q: &HistoryQuery, mut w: W) -> AppResult<usize> {
    let filter = Filter::new(q);
    let mut stmt = conn.prepare(&filter.rows_sql(RECORD_COLUMNS))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(filter.params.iter()))?;
    w.write_all(UTF8_BOM)?;
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
            r.account_label,
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

/// A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` as a formula — or their
/// full-width forms `＝ ＋ － ＠`, which some spreadsheets take for the same — and many skip
/// leading spaces (tabs, no-break and other Unicode spaces, zero-width ones) before looking; a tab
/// or CR at the start is stripped by some. A leading `'` makes such a cell text. Applied to every
/// cell, since names and vendor messages come from outside.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let first = cell
        .chars()
        .find(|c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}'));
    let runs = cell.starts_with(['\t', '\r'])
        || matches!(
            first,
            Some('=' | '+' | '-' | '@' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}')
        );
    if runs {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

pub(super) fn csv_error(e: csv::Error) -> AppError {
    AppError::new(
        ErrorKind::Io,
        format!("The CSV export could not be written: {e}. Choose another place and try again."),
    )
}
