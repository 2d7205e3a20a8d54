//! The team server's five calls (`whoami`, `reserve`, `record_outcome`, `push_offline`,
//! `pull`), each one statement through `query_typed` (one round trip, no named prepared
//! statement, so it also works behind PgBouncer in transaction mode), and their answers decoded
//! into types once, here. Connecting is `connect.rs`.

use chrono::{DateTime, Utc};
use tokio_postgres::types::Type;
use tokio_postgres::Client;
use uuid::Uuid;

use super::connect::strip;
use crate::error::{AppError, AppResult, ErrorKind};

pub use super::connect::{
    call_error, connect, connect_with, is_loopback_host, is_unreachable, parse_url, Roots, Target,
    Tls, Verify, CONNECT_TIMEOUT, KNOWN_SCHEMA,
};

/// `team.whoami()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoAmI {
    pub role: String,
    pub display_name: String,
    pub team_name: String,
    pub strict_offline: bool,
    pub lease_secs: i32,
    pub schema_version: i32,
    /// The team's change counter now: lower than this computer's pull cursor only when the
    /// server went back in time (a restore).
    pub last_seq: i64,
}

pub async fn whoami(c: &Client) -> AppResult<WhoAmI> {
    let row = c
        .query_typed_one("SELECT * FROM team.whoami()", &[])
        .await
        .map_err(call_error)?;
    let who = WhoAmI {
        role: row.get(0),
        display_name: row.get(1),
        team_name: row.get(2),
        strict_offline: row.get(3),
        lease_secs: row.get(4),
        schema_version: row.get(5),
        last_seq: row.get(6),
    };
    if who.schema_version > KNOWN_SCHEMA {
        return Err(AppError::new(
            ErrorKind::Vendor,
            format!(
                "The team server's schema is version {} and this Invite Desk knows up to {}. \
                 Update Invite Desk; until then it works on this computer's history only.",
                who.schema_version, KNOWN_SCHEMA
            ),
        ));
    }
    Ok(who)
}

/// The server's answer to a reservation, decoded here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReserveResult {
    /// The claim is this attempt's now.
    Reserved,
    /// This attempt was reserved before (an answer lost on the way, a resumed batch row).
    Replay,
    /// Another attempt holds the claim.
    Held,
}

/// Where a claim (or, for a replay, the attempt) stands on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimState {
    /// Being sent: within its lease, never overridable.
    Pending,
    Sent,
    /// The outcome is unknown, or a pending claim past its lease.
    Unknown,
    /// A replayed attempt that was recorded failed.
    Failed,
}

/// What an offline push answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfflinePush {
    Pushed,
    /// The attempt is on the server already (an earlier push, or its reservation).
    AlreadyPushed,
    /// Pushed, and flagged: "possible double invite — also invited by Bob at …".
    Flagged(String),
    /// Not pushed: the team forgot this attempt (its person) while it waited here.
    Forgotten,
}

fn unexpected(what: &str, word: &str) -> AppError {
    AppError::new(
        ErrorKind::Internal,
        format!(
            "The team server answered {what} with “{}”, which this version of Invite Desk does \
             not know. Ask your admin whether the server is newer than the app.",
            strip(word)
        ),
    )
}

impl ReserveResult {
    fn decode(s: &str) -> AppResult<ReserveResult> {
        match s {
            "reserved" => Ok(ReserveResult::Reserved),
            "replay" => Ok(ReserveResult::Replay),
            "held" => Ok(ReserveResult::Held),
            other => Err(unexpected("a reservation", other)),
        }
    }
}

impl ClaimState {
    /// The outcome word the coordinator reads.
    pub fn word(self) -> &'static str {
        match self {
            ClaimState::Pending => "pending",
            ClaimState::Sent => "sent",
            ClaimState::Unknown => "unknown",
            ClaimState::Failed => "failed",
        }
    }

    fn decode(s: &str) -> AppResult<ClaimState> {
        match s {
            "pending" => Ok(ClaimState::Pending),
            "sent" => Ok(ClaimState::Sent),
            "unknown" => Ok(ClaimState::Unknown),
            "failed" => Ok(ClaimState::Failed),
            other => Err(unexpected("a claim's state", other)),
        }
    }
}

impl OfflinePush {
    fn decode(s: String) -> OfflinePush {
        match s.as_str() {
            "pushed" => OfflinePush::Pushed,
            "already pushed" => OfflinePush::AlreadyPushed,
            "forgotten" => OfflinePush::Forgotten,
            _ => OfflinePush::Flagged(s),
        }
    }
}

/// What `reserve` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub result: ReserveResult,
    pub holder: String,
    pub holder_name: String,
    pub held_at: DateTime<Utc>,
    pub state: ClaimState,
    pub version: Option<i32>,
    pub link: Option<String>,
    pub holder_attempt: Uuid,
}

/// The facts of an attempt the server keeps (never a key).
#[derive(Debug, Clone)]
pub struct AttemptFacts<'a> {
    pub attempt: Uuid,
    pub provider: &'a str,
    pub job_ref: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub job_name: Option<&'a str>,
    /// The name of the vendor account it went through (never its key or address); kept by a
    /// server of schema 4 or later.
    pub account: &'a str,
}

/// Whether a server of schema `version` keeps each attempt's account name (schema 4).
pub fn keeps_accounts(version: i32) -> bool {
    version >= 4
}

/// Whether a server of schema `version` keeps each attempt's last reminder (schema 5).
pub fn keeps_reminders(version: i32) -> bool {
    version >= 5
}

/// Shares that attempt `attempt` was reminded at `at` (and how); `false` when the server holds
/// a later reminder already.
pub async fn remind(
    c: &Client,
    attempt: Uuid,
    at: DateTime<Utc>,
    channel: Option<&str>,
) -> AppResult<bool> {
    let row = c
        .query_typed_one(
            "SELECT team.remind($1, $2, $3)",
            &[
                (&attempt, Type::UUID),
                (&at, Type::TIMESTAMPTZ),
                (&channel, Type::TEXT),
            ],
        )
        .await
        .map_err(call_error)?;
    Ok(row.get(0))
}

/// A typed parameter of a server call.
type Param<'a> = &'a (dyn tokio_postgres::types::ToSql + Sync);

/// The attempt's own facts, the first six parameters of `team.reserve` and `team.push_offline`.
fn attempt_params<'a>(a: &'a AttemptFacts<'_>) -> Vec<(Param<'a>, Type)> {
    vec![
        (&a.attempt, Type::UUID),
        (&a.provider, Type::TEXT),
        (&a.job_ref, Type::TEXT),
        (&a.email, Type::TEXT),
        (&a.name, Type::TEXT),
        (&a.job_name, Type::TEXT),
    ]
}

/// Reserves the candidate for attempt `a`; `accounts`: the server keeps account names
/// (`keeps_accounts`), so the attempt's is sent along.
pub async fn reserve(
    c: &Client,
    a: &AttemptFacts<'_>,
    override_version: Option<i32>,
    accounts: bool,
) -> AppResult<Reservation> {
    let mut params = attempt_params(a);
    params.push((&override_version, Type::INT4));
    let sql = if accounts {
        params.push((&a.account, Type::TEXT));
        "SELECT * FROM team.reserve($1, $2, $3, $4, $5, $6, $7, $8)"
    } else {
        "SELECT * FROM team.reserve($1, $2, $3, $4, $5, $6, $7)"
    };
    let row = c.query_typed_one(sql, &params).await.map_err(call_error)?;
    let result: Option<String> = row.get(0);
    let state: Option<String> = row.get(4);
    Ok(Reservation {
        result: ReserveResult::decode(result.as_deref().unwrap_or(""))?,
        holder: row.get::<_, Option<String>>(1).unwrap_or_default(),
        holder_name: row.get::<_, Option<String>>(2).unwrap_or_default(),
        held_at: row
            .get::<_, Option<DateTime<Utc>>>(3)
            .unwrap_or_else(Utc::now),
        state: ClaimState::decode(state.as_deref().unwrap_or(""))?,
        version: row.get(5),
        link: row.get(6),
        holder_attempt: row.get::<_, Option<Uuid>>(7).unwrap_or(a.attempt),
    })
}

pub async fn record_outcome(
    c: &Client,
    attempt: Uuid,
    outcome: &str,
    link: Option<&str>,
    vendor_ids: &serde_json::Value,
) -> AppResult<bool> {
    let row = c
        .query_typed_one(
            "SELECT team.record_outcome($1, $2, $3, $4)",
            &[
                (&attempt, Type::UUID),
                (&outcome, Type::TEXT),
                (&link, Type::TEXT),
                (vendor_ids, Type::JSONB),
            ],
        )
        .await
        .map_err(call_error)?;
    Ok(row.get(0))
}

#[allow(clippy::too_many_arguments)]
pub async fn push_offline(
    c: &Client,
    a: &AttemptFacts<'_>,
    outcome: &str,
    link: Option<&str>,
    vendor_ids: &serde_json::Value,
    created_at: DateTime<Utc>,
    accounts: bool,
) -> AppResult<OfflinePush> {
    let mut params = attempt_params(a);
    params.extend([
        (&outcome as Param<'_>, Type::TEXT),
        (&link, Type::TEXT),
        (vendor_ids, Type::JSONB),
        (&created_at, Type::TIMESTAMPTZ),
    ]);
    let sql = if accounts {
        params.push((&a.account, Type::TEXT));
        "SELECT team.push_offline($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    } else {
        "SELECT team.push_offline($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    };
    let row = c.query_typed_one(sql, &params).await.map_err(call_error)?;
    Ok(OfflinePush::decode(
        row.get::<_, Option<String>>(0).unwrap_or_default(),
    ))
}

/// One pulled attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Pulled {
    pub change_seq: i64,
    pub id: Uuid,
    pub author: String,
    pub author_name: String,
    pub provider: String,
    pub job_ref: String,
    pub candidate_name: String,
    pub candidate_email: String,
    pub job_name: Option<String>,
    pub outcome: String,
    pub link: Option<String>,
    pub vendor_ids: serde_json::Value,
    pub offline: bool,
    pub conflict: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The vendor account's name (a server of schema 4 or later; `None` before).
    pub account_label: Option<String>,
    /// The attempt's last reminder: when, and who (login, display name); schema 5 or later.
    pub reminded: Option<PulledReminder>,
    /// An offline attempt: when it reached the server, by the server's clock (schema 5).
    pub received_at: Option<DateTime<Utc>>,
}

/// A colleague's (or this login's) last reminder of a pulled attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct PulledReminder {
    pub at: DateTime<Utc>,
    pub by: String,
    pub by_name: String,
}

/// The tombstones of forgotten attempts after `after`: (change number, attempt id).
pub async fn pull_tombstones(c: &Client, after: i64, limit: i32) -> AppResult<Vec<(i64, Uuid)>> {
    let rows = c
        .query_typed(
            "SELECT * FROM team.pull_tombstones($1, $2)",
            &[(&after, Type::INT8), (&limit, Type::INT4)],
        )
        .await
        .map_err(call_error)?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// The most attempts one retention call deletes (server schema 7; an older server deletes every
/// due attempt in one call).
pub const RETENTION_BATCH: i32 = 500;

/// Applies the team's retention on the server (a no-op where the team sets none); returns how
/// many attempts went.
pub async fn enforce_retention(c: &Client) -> AppResult<i32> {
    let row = c
        .query_typed_one("SELECT team.enforce_retention()", &[])
        .await
        .map_err(call_error)?;
    Ok(row.get(0))
}

/// A coordinator's request to forget a person on the team server (if the team allows it);
/// returns how many attempts went.
pub async fn forget(c: &Client, email: &str) -> AppResult<i32> {
    let row = c
        .query_typed_one("SELECT team.forget($1)", &[(&email, Type::TEXT)])
        .await
        .map_err(call_error)?;
    Ok(row.get(0))
}

/// The attempts changed after `after`, with what the server of schema `schema` keeps: their
/// account names (4) and their last reminders (5).
pub async fn pull(c: &Client, after: i64, limit: i32, schema: i32) -> AppResult<Vec<Pulled>> {
    let accounts = keeps_accounts(schema);
    let reminders = keeps_reminders(schema);
    let sql = if reminders {
        "SELECT * FROM team.pull_reminders($1, $2)"
    } else if accounts {
        "SELECT * FROM team.pull_accounts($1, $2)"
    } else {
        "SELECT * FROM team.pull($1, $2)"
    };
    let rows = c
        .query_typed(sql, &[(&after, Type::INT8), (&limit, Type::INT4)])
        .await
        .map_err(call_error)?;
    Ok(rows
        .iter()
        .map(|r| Pulled {
            change_seq: r.get(0),
            id: r.get(1),
            author: r.get(2),
            author_name: r.get(3),
            provider: r.get(4),
            job_ref: r.get(5),
            candidate_name: r.get(6),
            candidate_email: r.get(7),
            job_name: r.get(8),
            outcome: r.get(9),
            link: r.get(10),
            vendor_ids: r.get(11),
            offline: r.get(12),
            conflict: r.get(13),
            created_at: r.get(14),
            updated_at: r.get(15),
            account_label: if accounts { r.get(16) } else { None },
            reminded: if reminders {
                let at: Option<DateTime<Utc>> = r.get(17);
                let by: Option<String> = r.get(18);
                let by_name: Option<String> = r.get(19);
                at.zip(by).map(|(at, by)| PulledReminder {
                    at,
                    by_name: by_name.unwrap_or_else(|| by.clone()),
                    by,
                })
            } else {
                None
            },
            received_at: if reminders { r.get(20) } else { None },
        })
        .collect())
}

/// Replaces the one-time password an admin gave with `secret`: the SCRAM verifier is built here,
/// so the secret itself never reaches the server. A role may change only its own password.
/// `for_good`: a server of schema 6, where the one-time password had an expiry — the same
/// transaction makes the login valid without end (`team.activate`).
pub async fn set_own_password(c: &Client, secret: &str, for_good: bool) -> AppResult<()> {
    let verifier = postgres_protocol::password::scram_sha_256(secret.as_bytes());
    // A verifier is `SCRAM-SHA-256$<iter>:<salt>$<key>:<key>` in base64: no quote can occur.
    if verifier.contains('\'') {
        return Err(AppError::internal(
            "unexpected character in a SCRAM verifier",
        ));
    }
    let change = format!("ALTER ROLE CURRENT_USER PASSWORD '{verifier}'");
    let sql = if for_good {
        format!("BEGIN; {change}; SELECT team.activate(); COMMIT;")
    } else {
        change
    };
    c.batch_execute(&sql).await.map_err(call_error)
}

/// Whether a server of schema `version` gives one-time passwords an expiry (schema 6).
pub fn expires_one_time_passwords(version: i32) -> bool {
    version >= 6
}

/// Makes the login valid without end (a join that changed the password and stopped before).
pub async fn activate(c: &Client) -> AppResult<()> {
    c.batch_execute("SELECT team.activate()")
        .await
        .map_err(call_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_with_a_password_or_another_scheme_is_refused_naming_the_field() {
        for bad in [
            "https://team.example.com",
            "postgresql://kim:secret@team.example.com/invites",
            "postgresql:///nohost",
        ] {
            let e = parse_url(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("teamUrl"), "{bad}");
            assert!(!e.message.contains("secret"));
        }
        let t = parse_url("postgresql://team.example.com:6432/invites").unwrap();
        assert!(!t.loopback);
        assert!(matches!(
            t.tls,
            Tls::On {
                verify: Verify::Full,
                ..
            }
        ));
        assert!(
            parse_url("postgresql://127.0.0.1:5432/invites")
                .unwrap()
                .loopback
        );
        assert!(parse_url("postgres://localhost/invites").unwrap().loopback);
    }

    #[test]
    fn a_hostile_address_cannot_pass_as_loopback_or_smuggle_a_password() {
        for bad in [
            "postgresql://localhost/x?x=@evil.example",
            "postgresql://localhost#@evil.example/x",
            "postgresql://localhost/x?host=evil.example",
            "postgresql://localhost/x?hostaddr=203.0.113.9",
            "postgresql://localhost/x?user=postgres",
            "postgresql://localhost/x?options=-c%20x",
            "postgresql://team.example.com/x?sslmode=disable",
            "postgresql://team.example.com/x?sslmode=prefer",
        ] {
            let e = parse_url(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("teamUrl"), "{bad}");
        }
        for with_password in [
            "postgresql://localhost/x?password=hunter2",
            "postgresql://localhost/x?pass%77ord=hunter2",
            "postgresql://kim:hunter2@localhost/x",
        ] {
            let e = parse_url(with_password).unwrap_err();
            assert!(
                e.message.contains("password"),
                "{with_password}: {}",
                e.message
            );
            assert!(!e.message.contains("hunter2"));
        }
        // Every host counts: one off this computer means TLS.
        let t = parse_url("postgresql://localhost,evil.example/x").unwrap();
        assert!(!t.loopback);
        assert_ne!(t.tls, Tls::Off);
        // On this computer TLS is what the address asks for.
        let t =
            parse_url("postgresql://127.0.0.1/x?sslmode=verify-ca&sslrootcert=/ca.pem").unwrap();
        assert_eq!(
            t.tls,
            Tls::On {
                verify: Verify::Chain,
                roots: Roots::File("/ca.pem".into())
            }
        );
        assert_eq!(parse_url("postgresql://localhost/x").unwrap().tls, Tls::Off);
        // `require` checks the chain when a CA is named; without one it is refused.
        let t =
            parse_url("postgresql://db.example.com/x?sslmode=require&sslrootcert=system").unwrap();
        assert_eq!(
            t.tls,
            Tls::On {
                verify: Verify::Chain,
                roots: Roots::System
            }
        );
        let e = parse_url("postgresql://db.example.com/x?sslmode=require").unwrap_err();
        assert!(e.message.contains("sslrootcert"), "{}", e.message);
    }
}
