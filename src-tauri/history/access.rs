//! Who may write the history. The writer lock — `<history file>.lock` beside the history, held
//! with an exclusive advisory lock (flock / LockFileEx) for as long as the `Db` lives — decides:
//! only its holder migrates, recovers rows left `pending` and records invites, so a second copy
//! of Invite Desk never rewrites the first one's in-flight rows as "interrupted" and never sends
//! from the same history. A copy without the lock, or one whose file opens only for reading,
//! is view-only; one that can open nothing is unavailable. Neither sends: every invite is
//! recorded before it leaves, and there is nowhere durable to record it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::migrate::{user_version, SCHEMA_VERSION};
use super::{Db, OpenReport, BUSY_TIMEOUT};
use crate::error::{AppError, AppResult};

/// What this copy of Invite Desk may do with its history. Serialized as
/// `{"mode": "readWrite"}`, `{"mode": "viewOnly", "reason": …}` or `{"mode": "unavailable", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum Access {
    /// The writer: records invites, so it may send them.
    ReadWrite,
    /// History can be listed and exported, but nothing is written and nothing is sent.
    ViewOnly {
        /// Why, and how to fix it, naming the file.
        reason: String,
    },
    /// No history could be opened: nothing is shown, written or sent.
    Unavailable {
        /// Why, and how to fix it, naming the file.
        reason: String,
    },
}

impl Db {
    /// Like [`Db::open`], but never fails: when the history cannot be opened as its writer it is
    /// opened read-only ([`Access::ViewOnly`]), and when it cannot be read either the `Db` is
    /// [`Access::Unavailable`]. The report's `notice` then says why and how to fix it. There is
    /// no in-memory fallback: an invite sent into one would be forgotten at exit.
    pub fn open_or_view_only(path: &Path) -> (Db, OpenReport) {
        let e = match Db::open(path) {
            Ok(opened) => return opened,
            Err(e) => e,
        };
        let (db, reason) = match Db::open_view_only(path) {
            Ok(conn) => {
                let reason = format!(
                    "{} Until then History can be viewed and exported, but no invite can be \
                     sent: every invite is recorded in History before it leaves.",
                    e.message
                );
                let access = Access::ViewOnly {
                    reason: reason.clone(),
                };
                (Db::reader(Some(conn), path, access), reason)
            }
            Err(_) => {
                let reason = format!(
                    "{} Until then no invite can be sent (every invite is recorded in History \
                     before it leaves) and History cannot be shown.",
                    e.message
                );
                let access = Access::Unavailable {
                    reason: reason.clone(),
                };
                (Db::reader(None, path, access), reason)
            }
        };
        let report = OpenReport {
            notice: Some(reason),
            ..OpenReport::default()
        };
        (db, report)
    }

    /// What this copy may do with the history.
    pub fn access(&self) -> &Access {
        &self.access
    }

    /// `Ok` when this copy is the history's writer; otherwise the storage error to show when a
    /// send (or any other write) is refused: why, and how to fix it.
    pub fn check_writable(&self) -> AppResult<()> {
        match &self.access {
            Access::ReadWrite => Ok(()),
            Access::ViewOnly { reason } | Access::Unavailable { reason } => {
                Err(AppError::storage(format!(
                    "Invite Desk cannot write to its invite history, so nothing was sent or \
                     saved. {reason}"
                )))
            }
        }
    }

    /// Another process holds the writer lock: read what it writes, touch nothing.
    pub(super) fn open_beside_writer(path: &Path, pid: Option<u32>) -> AppResult<(Db, OpenReport)> {
        let who = pid.map(|p| format!(" (process {p})")).unwrap_or_default();
        let reason = format!(
            "Another copy of Invite Desk{who} is already using the invite history at {}. This \
             window shows History read-only and cannot send invites, so two copies never send \
             the same invite twice. Send from the other window, or close it and restart \
             Invite Desk.",
            path.display()
        );
        let conn = Db::open_view_only(path).map_err(|e| {
            AppError::storage(format!("{reason} History could not be read either: {e}"))
        })?;
        let access = Access::ViewOnly {
            reason: reason.clone(),
        };
        let report = OpenReport {
            notice: Some(reason),
            ..OpenReport::default()
        };
        Ok((Db::reader(Some(conn), path, access), report))
    }

    fn reader(conn: Option<Connection>, path: &Path, access: Access) -> Db {
        Db {
            conn: conn.map(Mutex::new),
            path: Some(path.to_path_buf()),
            access,
            _lock: None,
        }
    }

    /// A read-only connection to a history at this build's schema; it never creates, migrates
    /// or recovers anything.
    fn open_view_only(path: &Path) -> Result<Connection, String> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| e.to_string())?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| e.to_string())?;
        let version = user_version(&conn).map_err(|e| e.to_string())?;
        if version != SCHEMA_VERSION {
            return Err(format!(
                "it is at schema {version}, and this version of Invite Desk reads schema \
                 {SCHEMA_VERSION}"
            ));
        }
        Ok(conn)
    }
}

/// The held lock; dropping it (with the `Db`) releases it. The file itself stays: deleting a
/// lock file while another process may be opening it would let two copies both "hold" it.
#[derive(Debug)]
pub(super) struct WriterLock {
    _file: File,
}

/// What trying the lock found.
pub(super) enum Lock {
    Held(WriterLock),
    /// Another process (or another `Db` in this one) holds it; its process id when readable.
    Busy(Option<u32>),
    /// The lock file could not be created or locked at all.
    Failed(PathBuf, std::io::Error),
}

/// The lock file of the history at `db_path`: `history.sqlite3` → `history.sqlite3.lock`.
pub(super) fn lock_path(db_path: &Path) -> PathBuf {
    let mut name = db_path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "history".into());
    name.push(".lock");
    db_path.with_file_name(name)
}

/// Tries the lock without waiting; the holder writes its process id into the file, so a second
/// copy can say which process to look for.
pub(super) fn try_lock(db_path: &Path) -> Lock {
    let path = lock_path(db_path);
    let mut file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) => return Lock::Failed(path, e),
    };
    match file.try_lock() {
        Ok(()) => {
            // Best effort: the process id is only a hint in a message.
            let _ = file
                .set_len(0)
                .and_then(|()| write!(file, "{}", std::process::id()))
                .and_then(|()| file.flush());
            Lock::Held(WriterLock { _file: file })
        }
        Err(TryLockError::WouldBlock) => {
            // Windows locks are mandatory, so the holder's file cannot be read there: no id.
            let mut text = String::new();
            let pid = file
                .read_to_string(&mut text)
                .ok()
                .and_then(|_| text.trim().parse().ok());
            Lock::Busy(pid)
        }
        Err(TryLockError::Error(e)) => Lock::Failed(path, e),
    }
}
