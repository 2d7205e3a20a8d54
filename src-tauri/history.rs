//! The invite history in SQLite: opening (and moving aside a file it cannot use), the embedded
//! migrations, the outbox record of each attempt, the duplicate guard, paged search, CSV export
//! and saved job profiles. Every SQL string in Invite Desk lives in this file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::Value;
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorKind};
use crate::providers::{InviteOutcome, Provider};

/// One numbered schema step, embedded in the binary. Additive only: a released step never changes.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
}

/// The schema steps in order; step `n` (1-based) leaves `PRAGMA user_version = n`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_init",
        sql: include_str!("migrations/0001_init.sql"),
    },
    Migration {
        name: "0002_job_profiles",
        sql: include_str!("migrations/0002_job_profiles.sql"),
    },
    Migration {
        name: "0003_word_prefix_search",
        sql: include_str!("migrations/0003_word_prefix_search.sql"),
    },
];

/// The schema version this build writes (the number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Largest page the history view may ask for.
pub const MAX_PAGE: u32 = 200;

/// The page size when the view does not say.
pub const DEFAULT_PAGE: u32 = 50;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What the open found, for the UI to show once at start.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenReport {
    /// Where an unusable history file was moved, when it was.
    pub moved_aside: Option<PathBuf>,
    /// How many invites were still `pending` (the app stopped mid-send) and are now `unknown`.
    pub recovered_unknown: usize,
    /// A sentence for the coordinator when the history file had to be moved aside.
    pub notice: Option<String>,
}

/// The outcome of one invite attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Recorded before the request left; no answer yet.
    Pending,
    /// The vendor accepted the invite.
    Sent,
    /// The vendor (or the network before sending) refused it; nothing was created.
    Failed,
    /// The request may have reached the vendor (timeout after send, or a crash mid-send).
    Unknown,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Pending,
        Outcome::Sent,
        Outcome::Failed,
        Outcome::Unknown,
    ];

    /// The stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Sent => "sent",
            Outcome::Failed => "failed",
            Outcome::Unknown => "unknown",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The word a coordinator reads in the history table and the CSV.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pending => "Sending",
            Outcome::Sent => "Sent",
            Outcome::Failed => "Failed",
            Outcome::Unknown => "Unknown — check at the vendor",
        }
    }
}

/// An attempt about to be sent, as validated by the invite flow.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInvite {
    pub provider: Provider,
    pub candidate_name: String,
    pub candidate_email: String,
    /// The vendor's job, position, interview or applicant reference.
    pub job_ref: String,
    pub job_name: Option<String>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub start_at: Option<DateTime<Utc>>,
    pub expiry_at: Option<DateTime<Utc>>,
    /// The IANA zone the coordinator chose for the times above.
    pub zone: Option<String>,
}

/// An attempt whose result is already known, for `Db::import` (a bulk load: a history moved
/// from another machine, or a benchmark).
#[derive(Debug, Clone)]
pub struct PastInvite {
    pub invite: NewInvite,
    pub outcome: Outcome,
    /// The vendor's answer, for a `sent` row.
    pub result: Option<InviteOutcome>,
    /// What went wrong, for a `failed` or `unknown` row.
    pub error: Option<AppError>,
    pub created_at: DateTime<Utc>,
}

/// One row of the history, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InviteRecord {
    pub id: i64,
    pub provider: Provider,
    pub candidate_name: String,
    pub candidate_email: String,
    pub job_ref: String,
    pub job_name: Option<String>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub start_at: Option<DateTime<Utc>>,
    pub expiry_at: Option<DateTime<Utc>>,
    pub zone: Option<String>,
    pub link: Option<String>,
    pub vendor_ids: BTreeMap<String, String>,
    pub vendor_status: Option<String>,
    pub vendor_emails_candidate: bool,
    pub summary: Option<String>,
    pub extra_links: BTreeMap<String, String>,
    pub skipped_emails: Vec<String>,
    pub outcome: Outcome,
    /// The `ErrorKind` name (`timeout`, `quota`, …) when the attempt failed or is unknown;
    /// `interrupted` when Invite Desk stopped mid-send and the row was recovered at start.
    pub error_kind: Option<String>,
    pub error_message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The history view's filter. `search` looks in the candidate's name and email, the job reference
/// and name, and the link, ignoring case: three or more characters match anywhere (a substring),
/// one or two match the start of a word ("ki" finds Kim and kiran@…, not Nikita).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HistoryQuery {
    pub search: Option<String>,
    pub provider: Option<Provider>,
    pub outcome: Option<Outcome>,
    pub offset: u32,
    /// Clamped to `1..=200`; 50 when not given.
    pub limit: u32,
}

impl Default for HistoryQuery {
    fn default() -> Self {
        HistoryQuery {
            search: None,
            provider: None,
            outcome: None,
            offset: 0,
            limit: DEFAULT_PAGE,
        }
    }
}

/// One page of history, newest first, with the number of rows the filter matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
    pub rows: Vec<InviteRecord>,
    pub total: u64,
    pub offset: u32,
    pub limit: u32,
}

/// A saved job description for a provider (the form's fields as a JSON object).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobProfile {
    pub id: i64,
    pub name: String,
    pub provider: Provider,
    pub data: serde_json::Value,
    pub updated_at: String,
}

/// The history database. One connection behind a short-held mutex: every call is a few
/// milliseconds, and commands reach it through `spawn_blocking`.
pub struct Db {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

/// Why an open did not produce a usable database.
enum OpenFailure {
    /// The file is not a database Invite Desk can use (reason in a coordinator's words); it is
    /// moved aside and a fresh one is started.
    Unusable(String),
    /// Anything else (locked by another copy, disk full, no permission to the folder): reported.
    Other(AppError),
}

impl From<rusqlite::Error> for OpenFailure {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => {
                OpenFailure::Unusable("the file is not an SQLite database".into())
            }
            Some(ErrorCode::DatabaseCorrupt) => {
                OpenFailure::Unusable("the database file is damaged".into())
            }
            _ => OpenFailure::Other(AppError::storage(format!(
                "Invite Desk could not open its invite history ({e}). Check that the file and \
                 its folder can be written and that no other copy of Invite Desk is stuck, then \
                 restart Invite Desk."
            ))),
        }
    }
}

impl From<AppError> for OpenFailure {
    fn from(e: AppError) -> Self {
        OpenFailure::Other(e)
    }
}

impl Db {
    /// Opens (or creates) the history at `path`: WAL, foreign keys, a 5 s busy timeout,
    /// `synchronous=NORMAL`, then the migrations. A file that is not a database, is damaged, or
    /// was written by a newer Invite Desk is moved aside to `<name>.corrupt-<timestamp>` (with its
    /// `-wal`/`-shm`), a fresh history is created, and the report's `notice` says where the old
    /// file is. Rows left `pending` by a crash become `unknown`.
    pub fn open(path: &Path) -> AppResult<(Db, OpenReport)> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        match Db::try_open(path) {
            Ok((db, recovered)) => Ok((
                db,
                OpenReport {
                    moved_aside: None,
                    recovered_unknown: recovered,
                    notice: None,
                },
            )),
            Err(OpenFailure::Other(mut e)) => {
                e.message = format!("{} The history file is {}.", e.message, path.display());
                Err(e)
            }
            Err(OpenFailure::Unusable(reason)) => {
                let moved = move_aside(path)?;
                let (db, recovered) = Db::try_open(path).map_err(|f| match f {
                    OpenFailure::Other(e) => e,
                    OpenFailure::Unusable(r) => AppError::storage(format!(
                        "Invite Desk could not start a new invite history at {}: {r}. \
                         Check that the folder is writable, then restart Invite Desk.",
                        path.display()
                    )),
                })?;
                let notice = format!(
                    "Invite Desk could not read its invite history ({reason}), so it started a \
                     new, empty one. Nothing was deleted: the old file was moved to {} — keep it \
                     if you need the invites it holds.",
                    moved.display()
                );
                Ok((
                    db,
                    OpenReport {
                        moved_aside: Some(moved),
                        recovered_unknown: recovered,
                        notice: Some(notice),
                    },
                ))
            }
        }
    }

    /// A private, empty history in memory (tests, and a fallback when no file can be used).
    pub fn open_in_memory() -> AppResult<Db> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate(&conn).map_err(|f| match f {
            OpenFailure::Other(e) => e,
            OpenFailure::Unusable(r) => AppError::internal(format!("A new history failed: {r}")),
        })?;
        Ok(Db {
            conn: Mutex::new(conn),
            path: None,
        })
    }

    fn try_open(path: &Path) -> Result<(Db, usize), OpenFailure> {
        let conn = Connection::open(path)?;
        configure(&conn)?;
        migrate(&conn)?;
        let recovered = recover_pending_on(&conn)?;
        Ok((
            Db {
                conn: Mutex::new(conn),
                path: Some(path.to_path_buf()),
            },
            recovered,
        ))
    }

    /// The file behind this history (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The connection; a panic elsewhere while holding it leaves SQLite consistent (every write
    /// is one statement or one transaction), so a poisoned lock is taken over, not propagated.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records an attempt as `pending` and commits it before returning, so the row exists before
    /// any byte goes to the vendor (the outbox order).
    pub fn insert_pending(&self, new: &NewInvite) -> AppResult<i64> {
        let now = now_text();
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "INSERT INTO invites (provider, candidate_name, candidate_email, job_ref, job_name,
                 scheduled_at, start_at, expiry_at, zone, outcome, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', ?10, ?10)",
        )?;
        stmt.execute(params![
            new.provider.id(),
            new.candidate_name,
            new.candidate_email,
            new.job_ref,
            new.job_name,
            new.scheduled_at.map(instant_text),
            new.start_at.map(instant_text),
            new.expiry_at.map(instant_text),
            new.zone,
            now,
        ])?;
        Ok(conn.last_insert_rowid())
    }

    /// Adds finished attempts in one transaction with one prepared statement (all or none);
    /// returns how many were added. Rows stream from the iterator.
    pub fn import(&self, rows: impl IntoIterator<Item = PastInvite>) -> AppResult<usize> {
        import_on(&mut self.conn(), rows)
    }

    /// Records the vendor's answer for attempt `id`: `sent`, with the link and ids.
    pub fn mark_sent(&self, id: i64, outcome: &InviteOutcome) -> AppResult<()> {
        let conn = self.conn();
        let changed = conn
            .prepare_cached(
                "UPDATE invites SET outcome = 'sent', link = ?2, vendor_ids = ?3,
                     vendor_status = ?4, vendor_emails_candidate = ?5, summary = ?6,
                     extra_links = ?7, skipped_emails = ?8, error_kind = NULL,
                     error_message = NULL, updated_at = ?9
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                outcome.link,
                to_json(&outcome.vendor_ids)?,
                outcome.vendor_status,
                outcome.vendor_emails_candidate,
                Some(outcome.summary.as_str()).filter(|s| !s.is_empty()),
                to_json(&outcome.extra_links)?,
                to_json(&outcome.skipped_emails)?,
                now_text(),
            ])?;
        expect_row(changed, id)
    }

    /// Records that attempt `id` did not create an invite (`unknown == false`: `failed`) or may
    /// have (`unknown == true`: the request left and no answer came), with the error's kind and
    /// message.
    pub fn mark_failed(&self, id: i64, err: &AppError, unknown: bool) -> AppResult<()> {
        let outcome = if unknown {
            Outcome::Unknown
        } else {
            Outcome::Failed
        };
        let conn = self.conn();
        let changed = conn
            .prepare_cached(
                "UPDATE invites SET outcome = ?2, error_kind = ?3, error_message = ?4,
                     updated_at = ?5
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                outcome.as_str(),
                error_kind_name(err.kind),
                err.message,
                now_text(),
            ])?;
        expect_row(changed, id)
    }

    /// Turns every `pending` row into `unknown` (the app stopped before the answer was
    /// recorded). Runs at open; uses the outcome index, so it costs nothing on a large history.
    pub fn recover_pending(&self) -> AppResult<usize> {
        Ok(recover_pending_on(&self.conn())?)
    }

    /// The latest `sent` or `unknown` invite to the same email (ignoring case) for the same
    /// provider and job reference — what the duplicate guard asks about.
    pub fn find_previous(
        &self,
        provider: Provider,
        job_ref: &str,
        email: &str,
    ) -> AppResult<Option<InviteRecord>> {
        let conn = self.conn();
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM invites i
             WHERE i.provider = ?1 AND i.job_ref = ?2 AND lower(i.candidate_email) = lower(?3)
               AND i.outcome IN ('sent', 'unknown')
             ORDER BY i.id DESC LIMIT 1"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let row = stmt
            .query_row(params![provider.id(), job_ref, email.trim()], raw_record)
            .optional()?;
        row.map(RawRecord::into_record).transpose()
    }

    /// One attempt by id.
    pub fn get(&self, id: i64) -> AppResult<Option<InviteRecord>> {
        let conn = self.conn();
        let sql = format!("SELECT {RECORD_COLUMNS} FROM invites i WHERE i.id = ?1");
        let mut stmt = conn.prepare_cached(&sql)?;
        let row = stmt.query_row([id], raw_record).optional()?;
        row.map(RawRecord::into_record).transpose()
    }

    /// One page of the filter, newest first, and how many rows it matches in all.
    pub fn query(&self, q: &HistoryQuery) -> AppResult<HistoryPage> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        let filter = Filter::new(q);
        let conn = self.conn();

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
        let rows = stmt
            .query_map(rusqlite::params_from_iter(filter.params.iter()), raw_record)?
            .map(|r| r.map_err(AppError::from).and_then(RawRecord::into_record))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(HistoryPage {
            rows,
            total: u64::try_from(total).unwrap_or(0),
            offset: q.offset,
            limit,
        })
    }

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

    /// How many attempts the history holds.
    pub fn count(&self) -> AppResult<u64> {
        let n: i64 = self
            .conn()
            .prepare_cached("SELECT count(*) FROM invites")?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Saves a job profile under `name` for `provider`, replacing the one with the same name
    /// (ignoring case). `data` must be a JSON object (the form's fields).
    pub fn save_job_profile(
        &self,
        name: &str,
        provider: Provider,
        data: &serde_json::Value,
    ) -> AppResult<JobProfile> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::validation(
                "profileName",
                "Give the job profile a name, e.g. \"Backend engineer\".",
            ));
        }
        if name.chars().count() > 120 {
            return Err(AppError::validation(
                "profileName",
                "Keep the job profile name under 120 characters.",
            ));
        }
        if !data.is_object() {
            return Err(AppError::internal(
                "A job profile must hold the form's fields as a JSON object.",
            ));
        }
        let now = now_text();
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "INSERT INTO job_profiles (provider, name, data, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (provider, name) DO UPDATE
                 SET name = excluded.name, data = excluded.data, updated_at = excluded.updated_at
             RETURNING id, name, provider, data, updated_at",
        )?;
        let raw = stmt.query_row(
            params![provider.id(), name, to_json(data)?, now],
            raw_profile,
        )?;
        raw.into_profile()
    }

    /// The provider's saved job profiles, by name.
    pub fn list_job_profiles(&self, provider: Provider) -> AppResult<Vec<JobProfile>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, provider, data, updated_at FROM job_profiles
             WHERE provider = ?1 ORDER BY name, id",
        )?;
        let rows = stmt
            .query_map([provider.id()], raw_profile)?
            .map(|r| r.map_err(AppError::from).and_then(RawProfile::into_profile))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(rows)
    }

    /// Deletes a job profile; `false` when there was none with that id.
    pub fn delete_job_profile(&self, id: i64) -> AppResult<bool> {
        let n = self
            .conn()
            .prepare_cached("DELETE FROM job_profiles WHERE id = ?1")?
            .execute([id])?;
        Ok(n > 0)
    }
}

// ---------------------------------------------------------------------------------------------
// Opening and migrating

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // The timeout first, so switching to WAL waits for another copy of the app instead of failing.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // NORMAL in WAL mode: a commit survives an app crash (the outbox promise); only a power
    // cut can lose the last commits.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Runs the steps this file has not seen yet, each in its own transaction with its version bump,
/// so a failed step leaves the file at the previous version.
fn migrate(conn: &Connection) -> Result<(), OpenFailure> {
    let mut version = user_version(conn)?;
    if version > SCHEMA_VERSION {
        return Err(OpenFailure::Unusable(format!(
            "it was written by a newer version of Invite Desk (schema {version}, this version \
             knows up to {SCHEMA_VERSION})"
        )));
    }
    if version < 0 {
        return Err(OpenFailure::Unusable(format!(
            "it has an unknown schema version {version}"
        )));
    }
    while version < SCHEMA_VERSION {
        let step = MIGRATIONS[usize::try_from(version).unwrap_or(0)];
        let next = version + 1;
        // IMMEDIATE: take the write lock up front, so two copies starting together do not both
        // run the same step.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let applied = (|| -> rusqlite::Result<bool> {
            // Another copy may have migrated while we waited for the lock.
            if user_version(conn)? >= next {
                return Ok(false);
            }
            conn.execute_batch(step.sql)?;
            conn.pragma_update(None, "user_version", next)?;
            Ok(true)
        })();
        match applied {
            Ok(_) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(match OpenFailure::from(e) {
                    OpenFailure::Other(err) => OpenFailure::Other(AppError::storage(format!(
                        "Invite Desk could not upgrade its invite history (step {}): {}",
                        step.name, err.message
                    ))),
                    unusable => unusable,
                });
            }
        }
        version = user_version(conn)?;
    }
    Ok(())
}

fn import_on(
    conn: &mut Connection,
    rows: impl IntoIterator<Item = PastInvite>,
) -> AppResult<usize> {
    let tx = conn.transaction()?;
    let mut added = 0usize;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO invites (provider, candidate_name, candidate_email, job_ref, job_name,
                 scheduled_at, start_at, expiry_at, zone, link, vendor_ids, vendor_status,
                 vendor_emails_candidate, summary, extra_links, skipped_emails, outcome,
                 error_kind, error_message, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20, ?20)",
        )?;
        for row in rows {
            let new = &row.invite;
            let result = row.result.unwrap_or_default();
            stmt.execute(params![
                new.provider.id(),
                new.candidate_name,
                new.candidate_email,
                new.job_ref,
                new.job_name,
                new.scheduled_at.map(instant_text),
                new.start_at.map(instant_text),
                new.expiry_at.map(instant_text),
                new.zone,
                result.link,
                to_json(&result.vendor_ids)?,
                result.vendor_status,
                result.vendor_emails_candidate,
                Some(result.summary.as_str()).filter(|s| !s.is_empty()),
                to_json(&result.extra_links)?,
                to_json(&result.skipped_emails)?,
                row.outcome.as_str(),
                row.error.as_ref().map(|e| error_kind_name(e.kind)),
                row.error.as_ref().map(|e| e.message.as_str()),
                row.created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            ])?;
            added += 1;
        }
    }
    tx.commit()?;
    Ok(added)
}

/// Runs at every start, so it must find pending rows through the outcome index and never scan
/// the table: start-up time does not grow with the history.
const RECOVER_SQL: &str = "UPDATE invites SET outcome = 'unknown', error_kind = 'interrupted',
         error_message = ?1, updated_at = ?2
     WHERE outcome = 'pending'";

fn recover_pending_on(conn: &Connection) -> rusqlite::Result<usize> {
    conn.prepare_cached(RECOVER_SQL)?.execute(params![
        "Invite Desk stopped while this invite was being sent, so it may or may not exist at \
         the vendor. Check the vendor's dashboard before sending it again.",
        now_text()
    ])
}

/// Renames `path` (and its `-wal`, `-shm`, `-journal` companions) to `<name>.corrupt-<UTC time>`;
/// returns the new path of the main file. Nothing is deleted.
fn move_aside(path: &Path) -> AppResult<PathBuf> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "history.sqlite".into());
    let mut target = path.with_file_name(format!("{file_name}.corrupt-{stamp}"));
    let mut n = 1;
    while target.exists() {
        target = path.with_file_name(format!("{file_name}.corrupt-{stamp}-{n}"));
        n += 1;
    }
    let rename = |from: &Path, to: &Path| {
        std::fs::rename(from, to).map_err(|e| {
            AppError::storage(format!(
                "Invite Desk could not read its invite history at {} and could not move it \
                 aside ({e}). Move or rename that file yourself, then restart Invite Desk.",
                path.display()
            ))
        })
    };
    if path.exists() {
        rename(path, &target)?;
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let companion = PathBuf::from(format!("{}{suffix}", path.display()));
        if companion.exists() {
            rename(
                &companion,
                &PathBuf::from(format!("{}{suffix}", target.display())),
            )?;
        }
    }
    Ok(target)
}

// ---------------------------------------------------------------------------------------------
// Reading rows

/// The record's columns, in the order `raw_record` reads them; `i` is the `invites` alias.
const RECORD_COLUMNS: &str = "i.id, i.provider, i.candidate_name, i.candidate_email, i.job_ref, \
     i.job_name, i.scheduled_at, i.start_at, i.expiry_at, i.zone, i.link, i.vendor_ids, \
     i.vendor_status, i.vendor_emails_candidate, i.summary, i.extra_links, i.skipped_emails, \
     i.outcome, i.error_kind, i.error_message, i.created_at, i.updated_at";

/// A row as stored (text), before its provider, outcome, times and JSON are parsed.
struct RawRecord {
    id: i64,
    provider: String,
    candidate_name: String,
    candidate_email: String,
    job_ref: String,
    job_name: Option<String>,
    scheduled_at: Option<String>,
    start_at: Option<String>,
    expiry_at: Option<String>,
    zone: Option<String>,
    link: Option<String>,
    vendor_ids: String,
    vendor_status: Option<String>,
    vendor_emails_candidate: bool,
    summary: Option<String>,
    extra_links: String,
    skipped_emails: String,
    outcome: String,
    error_kind: Option<String>,
    error_message: Option<String>,
    created_at: String,
    updated_at: String,
}

fn raw_record(r: &Row<'_>) -> rusqlite::Result<RawRecord> {
    Ok(RawRecord {
        id: r.get(0)?,
        provider: r.get(1)?,
        candidate_name: r.get(2)?,
        candidate_email: r.get(3)?,
        job_ref: r.get(4)?,
        job_name: r.get(5)?,
        scheduled_at: r.get(6)?,
        start_at: r.get(7)?,
        expiry_at: r.get(8)?,
        zone: r.get(9)?,
        link: r.get(10)?,
        vendor_ids: r.get(11)?,
        vendor_status: r.get(12)?,
        vendor_emails_candidate: r.get(13)?,
        summary: r.get(14)?,
        extra_links: r.get(15)?,
        skipped_emails: r.get(16)?,
        outcome: r.get(17)?,
        error_kind: r.get(18)?,
        error_message: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
    })
}

impl RawRecord {
    fn into_record(self) -> AppResult<InviteRecord> {
        let id = self.id;
        let bad = |what: &str| {
            AppError::storage(format!(
                "Invite #{id} in the history has an unreadable {what}; the history file may have \
                 been edited outside Invite Desk."
            ))
        };
        let time = |s: Option<String>, what: &str| -> AppResult<Option<DateTime<Utc>>> {
            s.map(|s| parse_instant(&s).ok_or_else(|| bad(what)))
                .transpose()
        };
        Ok(InviteRecord {
            id,
            provider: Provider::from_id(&self.provider).ok_or_else(|| bad("provider"))?,
            candidate_name: self.candidate_name,
            candidate_email: self.candidate_email,
            job_ref: self.job_ref,
            job_name: self.job_name,
            scheduled_at: time(self.scheduled_at, "scheduled time")?,
            start_at: time(self.start_at, "start time")?,
            expiry_at: time(self.expiry_at, "expiry time")?,
            zone: self.zone,
            link: self.link,
            vendor_ids: serde_json::from_str(&self.vendor_ids).map_err(|_| bad("vendor ids"))?,
            vendor_status: self.vendor_status,
            vendor_emails_candidate: self.vendor_emails_candidate,
            summary: self.summary,
            extra_links: serde_json::from_str(&self.extra_links)
                .map_err(|_| bad("list of other links"))?,
            skipped_emails: serde_json::from_str(&self.skipped_emails)
                .map_err(|_| bad("list of skipped emails"))?,
            outcome: Outcome::from_str_opt(&self.outcome).ok_or_else(|| bad("outcome"))?,
            error_kind: self.error_kind,
            error_message: self.error_message,
            created_at: time(Some(self.created_at), "creation time")?.ok_or_else(|| bad("time"))?,
            updated_at: time(Some(self.updated_at), "update time")?.ok_or_else(|| bad("time"))?,
        })
    }
}

struct RawProfile {
    id: i64,
    name: String,
    provider: String,
    data: String,
    updated_at: String,
}

fn raw_profile(r: &Row<'_>) -> rusqlite::Result<RawProfile> {
    Ok(RawProfile {
        id: r.get(0)?,
        name: r.get(1)?,
        provider: r.get(2)?,
        data: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

impl RawProfile {
    fn into_profile(self) -> AppResult<JobProfile> {
        let bad = || {
            AppError::storage(format!(
                "The job profile \"{}\" in the history is unreadable; save it again.",
                self.name
            ))
        };
        Ok(JobProfile {
            id: self.id,
            provider: Provider::from_id(&self.provider).ok_or_else(bad)?,
            data: serde_json::from_str(&self.data).map_err(|_| bad())?,
            name: self.name,
            updated_at: self.updated_at,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Filters and search

/// The FROM/WHERE part of a history query and its parameters.
struct Filter {
    search: Search,
    conditions: Vec<&'static str>,
    params: Vec<Value>,
}

enum Search {
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
    fn new(q: &HistoryQuery) -> Filter {
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
        f
    }

    /// The statement that counts the filter's rows. A text search alone is counted in the index,
    /// without fetching a row per match (2 ms instead of 14 ms for 14,000 matches).
    fn count_sql(&self) -> String {
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

    fn tables_and_conditions(&self) -> String {
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

    fn order_column(&self) -> &'static str {
        match self.search {
            Search::FullText => "invites_search.rowid",
            Search::WordPrefix => "invites_words.rowid",
            Search::None | Search::Like => "i.id",
        }
    }
}

/// The search text as one FTS5 string: inside double quotes every character is literal (`*`,
/// `OR`, `NEAR`, `:`), and a quote is written twice.
fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// The search text as an FTS5 prefix query: the quoted string (see `fts_phrase`) followed by `*`,
/// so its last word matches any word that starts with it (`"ki"*` finds kim and kiran).
fn fts_prefix(term: &str) -> String {
    format!("{}*", fts_phrase(term))
}

/// `%term%` with LIKE's own wildcards escaped, so `%` and `_` match themselves.
fn like_pattern(term: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// CSV export

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

// ---------------------------------------------------------------------------------------------
// Small helpers

/// Instants are stored as RFC 3339 UTC text with a `Z`, whole seconds for chosen times.
fn instant_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn to_json<T: Serialize + ?Sized>(v: &T) -> AppResult<String> {
    serde_json::to_string(v)
        .map_err(|e| AppError::internal(format!("A history value could not be stored: {e}")))
}

/// The `ErrorKind`'s JSON name (`timeout`, `rate_limited`, …), stored so the UI can branch on it.
fn error_kind_name(kind: ErrorKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{kind:?}").to_lowercase())
}

fn expect_row(changed: usize, id: i64) -> AppResult<()> {
    if changed == 0 {
        Err(AppError::internal(format!(
            "Invite #{id} is not in the history, so its result could not be recorded."
        )))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn like_pattern_escapes_its_own_wildcards() {
        assert_eq!(like_pattern("5%_\\"), "%5\\%\\_\\\\%");
    }

    #[test]
    fn formula_cells_get_a_leading_apostrophe_and_others_stay() {
        for cell in ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise_formula(cell), format!("'{cell}"));
        }
        for cell in ["Jane", "", "2026-03-08T14:00:00Z", "a=b"] {
            assert_eq!(neutralise_formula(cell), cell);
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
            let _guard = d.conn.lock().unwrap();
            panic!("a bug while the connection is held");
        })
        .join();
        assert!(joined.is_err());
        assert!(db.conn.is_poisoned());
        assert_eq!(db.count().unwrap(), 0);
    }

    /// The plan SQLite chooses, one line per step.
    fn plan(db: &Db, sql: &str, params: &[Value]) -> String {
        let conn = db.conn();
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
        let p = plan(&db, RECOVER_SQL, &[Value::Null, Value::Null]);
        assert!(
            p.contains("USING INDEX invites_outcome_newest (outcome=?)"),
            "{p}"
        );
        assert!(!p.contains("SCAN"), "{p}");
    }

    /// The plans of a filter's count and page statements.
    fn filter_plans(db: &Db, q: &HistoryQuery) -> Vec<String> {
        let f = Filter::new(q);
        [
            f.count_sql(),
            format!(
                "SELECT {RECORD_COLUMNS} {} ORDER BY {} DESC LIMIT 50",
                f.tables_and_conditions(),
                f.order_column()
            ),
        ]
        .iter()
        .map(|sql| plan(db, sql, &f.params))
        .collect()
    }

    #[test]
    fn a_text_search_with_filters_is_driven_by_its_full_text_index() {
        let db = Db::open_in_memory().unwrap();
        for (term, table) in [("garcia", "invites_search"), ("ki", "invites_words")] {
            let q = HistoryQuery {
                search: Some(term.into()),
                provider: Some(Provider::Xobin),
                outcome: Some(Outcome::Sent),
                ..Default::default()
            };
            for p in filter_plans(&db, &q) {
                let first = p.lines().next().unwrap_or("");
                assert!(first.contains(&format!("{table} VIRTUAL TABLE")), "{p}");
                assert!(
                    !p.contains("TEMP B-TREE"),
                    "newest first comes from the index: {p}"
                );
            }
        }
    }

    #[test]
    fn a_short_search_alone_is_counted_in_the_word_index_without_reading_rows() {
        let db = Db::open_in_memory().unwrap();
        let q = HistoryQuery {
            search: Some("ki".into()),
            ..Default::default()
        };
        let plans = filter_plans(&db, &q);
        // One step: the word index, with no lookup of `invites` per match.
        assert_eq!(plans[0].lines().count(), 1, "{}", plans[0]);
        assert!(
            plans[0].contains("invites_words VIRTUAL TABLE"),
            "{}",
            plans[0]
        );
        for p in &plans {
            assert!(!p.contains("TEMP B-TREE"), "{p}");
        }
    }

    #[test]
    fn the_duplicate_guard_uses_its_index() {
        let db = Db::open_in_memory().unwrap();
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM invites i
             WHERE i.provider = ?1 AND i.job_ref = ?2 AND lower(i.candidate_email) = lower(?3)
               AND i.outcome IN ('sent', 'unknown')
             ORDER BY i.id DESC LIMIT 1"
        );
        let args = [Value::Null, Value::Null, Value::Null];
        let p = plan(&db, &sql, &args);
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
}
