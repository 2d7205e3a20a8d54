//! The connection to the team server and its five calls (`whoami`, `reserve`, `record_outcome`,
//! `push_offline`, `pull`), each one statement through `query_typed` (one round trip, no named
//! prepared statement, so it also works behind PgBouncer in transaction mode). TLS is
//! verify-full with the webpki roots, except to a loopback host; the password comes from the
//! keychain and goes only into the connection's SCRAM exchange.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_postgres::types::Type;
use tokio_postgres::{Client, Config, NoTls};
use uuid::Uuid;

use crate::error::{AppError, AppResult, ErrorKind};

/// The newest server schema this build knows.
pub const KNOWN_SCHEMA: i32 = 1;

/// How long a connection may take before the team counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// A team server address as typed in Settings: `postgresql://host[:port]/db` (no password).
#[derive(Debug, Clone)]
pub struct Target {
    pub config: Config,
    pub host: String,
    pub loopback: bool,
}

/// Parses and checks the address; a password inside it is refused (it belongs in the keychain).
pub fn parse_url(url: &str) -> AppResult<Target> {
    let url = url.trim();
    let bad = |why: &str| {
        AppError::validation(
            "teamUrl",
            format!(
                "The team server address {why}. Use the form postgresql://host:5432/database \
                 your admin gave you."
            ),
        )
    };
    if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return Err(bad("must start with postgresql://"));
    }
    let parsed = url::Url::parse(url).map_err(|_| bad("is not a valid address"))?;
    if parsed.password().is_some() {
        return Err(bad(
            "must not contain a password (Invite Desk keeps it in the keychain)",
        ));
    }
    let host = parsed
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad("has no host"))?
        .trim_matches(['[', ']'])
        .to_string();
    let mut config: Config = url.parse().map_err(|_| bad("is not a valid address"))?;
    config.connect_timeout(CONNECT_TIMEOUT);
    config.application_name("Invite Desk");
    let loopback = is_loopback_host(&host);
    Ok(Target {
        config,
        host,
        loopback,
    })
}

/// Opens a connection as `role` with `password`. The connection task runs on the runtime until
/// the client is dropped.
pub async fn connect(target: &Target, role: &str, password: &str) -> AppResult<Client> {
    let mut config = target.config.clone();
    config.user(role).password(password);
    connect_with(config, target.loopback).await
}

/// Connects with `config`: plain TCP to a loopback host, else TLS that must verify the server's
/// certificate and name against the webpki roots (verify-full).
pub async fn connect_with(mut config: Config, loopback: bool) -> AppResult<Client> {
    if loopback {
        let (client, conn) = config.connect(NoTls).await.map_err(connect_error)?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        return Ok(client);
    }
    config.ssl_mode(tokio_postgres::config::SslMode::Require);
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| AppError::internal(format!("TLS could not be set up: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let (client, conn) = config
        .connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        .await
        .map_err(connect_error)?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(client)
}

/// Whether a libpq address points at this computer.
pub fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.starts_with('/')
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Is this error "the server could not be reached" (as opposed to "it answered no")?
pub fn is_unreachable(e: &AppError) -> bool {
    e.kind == ErrorKind::Network || e.kind == ErrorKind::Timeout
}

fn connect_error(e: tokio_postgres::Error) -> AppError {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        // 28P01 wrong password, 28000 no such role / not allowed by pg_hba.
        if code == "28P01" || code == "28000" {
            return AppError::new(
                ErrorKind::InvalidKey,
                "The team server refused this login (wrong password, or the login was removed). \
                 Ask your team admin for a new one-time password and join again in Settings → \
                 Team.",
            )
            .with_field("teamPassword");
        }
        if code == "3D000" {
            return AppError::validation(
                "teamUrl",
                format!(
                    "The team server has no database by that name ({}). Check the address.",
                    db.message()
                ),
            );
        }
        return AppError::new(
            ErrorKind::Vendor,
            format!("The team server refused the connection: {}", db.message()),
        );
    }
    AppError::new(
        ErrorKind::Network,
        format!(
            "The team server could not be reached ({}). Invite Desk keeps working on this \
             computer's history and syncs when it is back.",
            strip(&e.to_string())
        ),
    )
}

/// A call's error: the server's own words, or unreachable.
pub fn call_error(e: tokio_postgres::Error) -> AppError {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        if code == "42501" {
            return AppError::new(
                ErrorKind::InvalidKey,
                format!(
                    "The team server says: {} Team mode is paused; this computer's history \
                     keeps working.",
                    db.message()
                ),
            );
        }
        if code == "P0002" {
            // no_data_found: the server never reserved this attempt.
            return AppError::new(ErrorKind::NotFound, db.message().to_string());
        }
        if code == "42883" || code == "3F000" {
            return AppError::new(
                ErrorKind::Vendor,
                "The team server has no Invite Desk team schema (or an older one). Ask your \
                 admin to run `invite-desk team init` on it.",
            );
        }
        return AppError::new(
            ErrorKind::Vendor,
            format!("The team server refused: {}", db.message()),
        );
    }
    AppError::new(
        ErrorKind::Network,
        format!(
            "The connection to the team server broke ({}).",
            strip(&e.to_string())
        ),
    )
}

fn strip(s: &str) -> String {
    // tokio-postgres errors carry no password; keep them short.
    s.chars().take(200).collect()
}

/// `team.whoami()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoAmI {
    pub role: String,
    pub display_name: String,
    pub team_name: String,
    pub strict_offline: bool,
    pub lease_secs: i32,
    pub schema_version: i32,
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
}

pub async fn reserve(
    c: &Client,
    a: &AttemptFacts<'_>,
    override_version: Option<i32>,
) -> AppResult<Reservation> {
    let row = c
        .query_typed_one(
            "SELECT * FROM team.reserve($1, $2, $3, $4, $5, $6, $7)",
            &[
                (&a.attempt, Type::UUID),
                (&a.provider, Type::TEXT),
                (&a.job_ref, Type::TEXT),
                (&a.email, Type::TEXT),
                (&a.name, Type::TEXT),
                (&a.job_name, Type::TEXT),
                (&override_version, Type::INT4),
            ],
        )
        .await
        .map_err(call_error)?;
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
) -> AppResult<OfflinePush> {
    let row = c
        .query_typed_one(
            "SELECT team.push_offline($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                (&a.attempt, Type::UUID),
                (&a.provider, Type::TEXT),
                (&a.job_ref, Type::TEXT),
                (&a.email, Type::TEXT),
                (&a.name, Type::TEXT),
                (&a.job_name, Type::TEXT),
                (&outcome, Type::TEXT),
                (&link, Type::TEXT),
                (vendor_ids, Type::JSONB),
                (&created_at, Type::TIMESTAMPTZ),
            ],
        )
        .await
        .map_err(call_error)?;
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
}

pub async fn pull(c: &Client, after: i64, limit: i32) -> AppResult<Vec<Pulled>> {
    let rows = c
        .query_typed(
            "SELECT * FROM team.pull($1, $2)",
            &[(&after, Type::INT8), (&limit, Type::INT4)],
        )
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
        })
        .collect())
}

/// Replaces the one-time password an admin gave with `secret`: the SCRAM verifier is built here,
/// so the secret itself never reaches the server. A role may change only its own password.
pub async fn set_own_password(c: &Client, secret: &str) -> AppResult<()> {
    let verifier = postgres_protocol::password::scram_sha_256(secret.as_bytes());
    // A verifier is `SCRAM-SHA-256$<iter>:<salt>$<key>:<key>` in base64: no quote can occur.
    if verifier.contains('\'') {
        return Err(AppError::internal(
            "unexpected character in a SCRAM verifier",
        ));
    }
    c.batch_execute(&format!("ALTER ROLE CURRENT_USER PASSWORD '{verifier}'"))
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
        assert!(
            parse_url("postgresql://127.0.0.1:5432/invites")
                .unwrap()
                .loopback
        );
        assert!(parse_url("postgres://localhost/invites").unwrap().loopback);
    }
}
