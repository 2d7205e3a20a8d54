//! The embedded schema steps and the runner that applies the ones a file has not seen, each in
//! its own transaction with its `PRAGMA user_version` bump.

use rusqlite::Connection;

use super::OpenFailure;
use crate::error::AppError;

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
        sql: include_str!("../migrations/0001_init.sql"),
    },
    Migration {
        name: "0002_job_profiles",
        sql: include_str!("../migrations/0002_job_profiles.sql"),
    },
    Migration {
        name: "0003_word_prefix_search",
        sql: include_str!("../migrations/0003_word_prefix_search.sql"),
    },
    Migration {
        name: "0004_batches",
        sql: include_str!("../migrations/0004_batches.sql"),
    },
    Migration {
        name: "0005_vendor_loop",
        sql: include_str!("../migrations/0005_vendor_loop.sql"),
    },
    Migration {
        name: "0006_team",
        sql: include_str!("../migrations/0006_team.sql"),
    },
    Migration {
        name: "0007_team_filters",
        sql: include_str!("../migrations/0007_team_filters.sql"),
    },
    Migration {
        name: "0008_team_faults",
        sql: include_str!("../migrations/0008_team_faults.sql"),
    },
    Migration {
        name: "0009_follow_up",
        sql: include_str!("../migrations/0009_follow_up.sql"),
    },
    Migration {
        name: "0010_candidate_data",
        sql: include_str!("../migrations/0010_candidate_data.sql"),
    },
    Migration {
        name: "0011_accounts",
        sql: include_str!("../migrations/0011_accounts.sql"),
    },
    Migration {
        name: "0012_team_reminders",
        sql: include_str!("../migrations/0012_team_reminders.sql"),
    },
    Migration {
        name: "0013_zeroed_free_space",
        sql: include_str!("../migrations/0013_zeroed_free_space.sql"),
    },
    Migration {
        name: "0014_link_search_apart",
        sql: include_str!("../migrations/0014_link_search_apart.sql"),
    },
];

/// The schema version this build writes (the number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Runs the steps this file has not seen yet, each in its own transaction with its version bump,
/// so a failed step leaves the file at the previous version. A new file (version 0) takes every
/// step in one transaction: one write to disk instead of one per step on a computer's first
/// start, and a failure leaves it empty, as it was.
pub(super) fn migrate(conn: &Connection) -> Result<(), OpenFailure> {
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
        let to = if version == 0 {
            SCHEMA_VERSION
        } else {
            version + 1
        };
        apply(conn, version, to)?;
        version = user_version(conn)?;
    }
    Ok(())
}

/// Steps `from + 1 ..= to` in one transaction, each with its version bump.
fn apply(conn: &Connection, from: i64, to: i64) -> Result<(), OpenFailure> {
    // IMMEDIATE: take the write lock up front, so two copies starting together do not both
    // run the same step.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let mut failed_step = "";
    let applied = (|| -> rusqlite::Result<()> {
        for next in from + 1..=to {
            // Another copy may have migrated while we waited for the lock.
            if user_version(conn)? >= next {
                continue;
            }
            let step = &MIGRATIONS[usize::try_from(next - 1).unwrap_or(0)];
            failed_step = step.name;
            conn.execute_batch(step.sql)?;
            conn.pragma_update(None, "user_version", next)?;
        }
        Ok(())
    })();
    match applied {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(match OpenFailure::from(e) {
                OpenFailure::Other(err) => OpenFailure::Other(AppError::storage(format!(
                    "Invite Desk could not upgrade its invite history (step {failed_step}): {}",
                    err.message
                ))),
                unusable => unusable,
            })
        }
    }
}
