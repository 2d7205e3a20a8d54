//! The invite history in SQLite: the `Db` handle, opening a file (pragmas, migrations, crash
//! recovery) and moving aside a file it cannot use. The jobs live in one file each: `migrate`
//! (schema steps), `outbox` (attempt writes, the duplicate guard), `rows` (row types and
//! decoding), `search`, `export` (CSV) and `job_profiles`. Every SQL string in Invite Desk lives
//! in this folder.

mod access;
mod accounts;
mod batches;
mod export;
mod filter;
mod follow_up;
#[cfg(any(test, feature = "bench"))]
mod import;
mod insert;
mod job_profiles;
mod migrate;
mod outbox;
mod person;
mod rows;
mod search;
mod status;
mod team;
mod templates;
#[cfg(test)]
mod tests;
mod time;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::Utc;
use rusqlite::{Connection, ErrorCode};
use serde::Serialize;

use crate::error::{AppError, AppResult};

/// A history write tried twice (a busy database, a momentary I/O error): every writer of an
/// outcome that exists at the vendor goes through here.
pub fn write_twice<T>(mut f: impl FnMut() -> AppResult<T>) -> AppResult<T> {
    f().or_else(|_| f())
}

pub use access::Access;
pub use batches::{BatchSummary, QueuedItem, QueuedRow, RowEnd};
pub use export::neutralise_formula;
pub use filter::{HistoryQuery, TeamFilter, DEFAULT_PAGE, MAX_PAGE, SEARCH_INDEXES};
pub use follow_up::{FollowUpEvent, FollowUpRow, ReminderChannel, UnsharedReminder};
#[cfg(any(test, feature = "bench"))]
pub use import::PastInvite;
pub use job_profiles::{check_profile_name, JobProfile};
pub use migrate::{Migration, MIGRATIONS, SCHEMA_VERSION};
pub use person::{write_person_csv, Erasure, PersonData, SheetRowHeld, KEEP_UNSETTLED_DAYS};
pub use rows::{InviteAccount, InviteRecord, NewInvite, Outcome};
pub use search::{HistoryPage, COUNT_CAP as HISTORY_COUNT_CAP};
pub use status::{InviteStatus, RecentRef, StatusChange, StatusFilter};
pub use team::{OutboxRow, TeamRefusal, TeamRow};

use access::{Lock, WriterLock};
use migrate::migrate;
use outbox::recover_pending_on;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What the open found, for the UI to show once at start.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenReport {
    /// Where an unusable history file was moved, when it was.
    pub moved_aside: Option<PathBuf>,
    /// How many invites were still `pending` (the app stopped mid-send) and are now `unknown`.
    pub recovered_unknown: usize,
    /// A sentence for the coordinator when the history file had to be moved aside, or when this
    /// history is view-only or unavailable (why, and how to fix it).
    pub notice: Option<String>,
}

/// The history database. One connection behind a short-held mutex: every call is a few
/// milliseconds, and commands reach it through `spawn_blocking`. See [`Access`] for what this
/// copy of Invite Desk may do with it.
pub struct Db {
    /// `None` only when [`Access::Unavailable`]: no file could be opened at all.
    conn: Option<Mutex<Connection>>,
    path: Option<PathBuf>,
    access: Access,
    /// Held for as long as this `Db` lives, when it is the writer of a file.
    _lock: Option<WriterLock>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("path", &self.path)
            .field("access", &self.access)
            .finish()
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
    /// Opens (or creates) the history at `path` as its writer: takes the writer lock
    /// (`<file>.lock`), then WAL, foreign keys, a 5 s busy timeout, `synchronous=FULL`, the
    /// migrations, and recovery (rows left `pending` by a crash become `unknown`). A file that is
    /// not a database, is damaged, or was written by a newer Invite Desk is moved aside to
    /// `<name>.corrupt-<timestamp>` (with its `-wal`/`-shm`), a fresh history is created, and the
    /// report's `notice` says where the old file is.
    ///
    /// When another copy of Invite Desk holds the lock, the history is opened view-only instead
    /// (no migration, no recovery, no writes) and the `notice` says why. An error when the file
    /// cannot be opened as the writer for any other reason; [`Db::open_or_view_only`] then falls
    /// back to reading it.
    pub fn open(path: &Path) -> AppResult<(Db, OpenReport)> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                AppError::storage(format!(
                    "Invite Desk could not create the folder of its invite history, {} ({e}). \
                     Check that it can be written, then restart Invite Desk.",
                    dir.display()
                ))
            })?;
        }
        let lock = match access::try_lock(path) {
            Lock::Held(lock) => lock,
            Lock::Busy(pid) => return Db::open_beside_writer(path, pid),
            Lock::Failed(lock_path, e) => {
                return Err(AppError::storage(format!(
                    "Invite Desk could not lock its invite history ({e}), so it cannot be sure \
                     no other copy is sending from it. Check that {} can be created and \
                     written, then restart Invite Desk. The history file is {}.",
                    lock_path.display(),
                    path.display()
                )))
            }
        };
        match Db::try_open(path) {
            Ok((conn, recovered)) => Ok((
                Db::writer(conn, path, lock),
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
                let (conn, recovered) = Db::try_open(path).map_err(|f| match f {
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
                    Db::writer(conn, path, lock),
                    OpenReport {
                        moved_aside: Some(moved),
                        recovered_unknown: recovered,
                        notice: Some(notice),
                    },
                ))
            }
        }
    }

    /// A private, empty history in memory, for tests: nothing in it outlives the process, so
    /// the app never opens one.
    pub fn open_in_memory() -> AppResult<Db> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate(&conn).map_err(|f| match f {
            OpenFailure::Other(e) => e,
            OpenFailure::Unusable(r) => AppError::internal(format!("A new history failed: {r}")),
        })?;
        Ok(Db {
            conn: Some(Mutex::new(conn)),
            path: None,
            access: Access::ReadWrite,
            _lock: None,
        })
    }

    fn writer(conn: Connection, path: &Path, lock: WriterLock) -> Db {
        Db {
            conn: Some(Mutex::new(conn)),
            path: Some(path.to_path_buf()),
            access: Access::ReadWrite,
            _lock: Some(lock),
        }
    }

    /// Opens, configures, migrates and recovers; only the holder of the writer lock calls this.
    fn try_open(path: &Path) -> Result<(Connection, usize), OpenFailure> {
        let conn = Connection::open(path)?;
        configure(&conn)?;
        migrate(&conn)?;
        let recovered = recover_pending_on(&conn)?;
        Ok((conn, recovered))
    }

    /// The file behind this history (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The connection, for reading; an error (why, and how to fix it) when no history could be
    /// opened. A panic elsewhere while holding it leaves SQLite consistent (every write is one
    /// statement or one transaction), so a poisoned lock is taken over, not propagated.
    fn conn(&self) -> AppResult<MutexGuard<'_, Connection>> {
        match &self.conn {
            Some(conn) => Ok(conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            None => Err(AppError::storage(match &self.access {
                Access::Unavailable { reason } | Access::ViewOnly { reason } => {
                    format!("Invite Desk cannot show its invite history. {reason}")
                }
                Access::ReadWrite => "The invite history is not open.".to_owned(),
            })),
        }
    }

    /// The connection, for writing: refused with a storage error unless this copy is the
    /// history's writer ([`Access::ReadWrite`]).
    fn write_conn(&self) -> AppResult<MutexGuard<'_, Connection>> {
        self.check_writable()?;
        self.conn()
    }

    /// How many attempts the history holds.
    pub fn count(&self) -> AppResult<u64> {
        let n: i64 = self
            .conn()?
            .prepare_cached("SELECT count(*) FROM invites")?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// The writer's pragmas.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // The timeout first, so switching to WAL waits for another copy of the app instead of failing.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // FULL: every commit (the `pending` row above all) is fsynced before it returns, so after a
    // power cut an invite that left still has its row. NORMAL in WAL mode survives an app crash
    // but may lose the last commits to a power cut. The cost is one fsync per invite.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Deleted or moved content is overwritten with zeros as it happens, not only during an
    // erasure: a b-tree page split or a cell moved by an ordinary write otherwise leaves an old
    // copy of a row's bytes (an email in an index page) in free space, where forgetting that
    // person later could not find it.
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
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
