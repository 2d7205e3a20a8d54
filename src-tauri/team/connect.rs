//! The connection to the team server: the address as typed (parsed and checked), TLS that is
//! verify-full with the webpki roots except to a loopback host, the password from the keychain
//! only into the connection's SCRAM exchange, and the server's errors in plain words.

use std::time::Duration;

use tokio_postgres::{Client, Config, NoTls};

use crate::error::{AppError, AppResult, ErrorKind};

/// The newest server schema this build knows.
pub const KNOWN_SCHEMA: i32 = 2;

/// How long a connection may take before the team counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// How long sent data may stay unacknowledged before the connection counts as dead.
pub const TCP_USER_TIMEOUT: Duration = Duration::from_secs(10);

/// Server errors that mean "not now" rather than "no": too many connections, the server
/// shutting down or starting up, a connection failure, a read-only standby after a failover, a
/// transaction to retry. They count as unreachable (the offline path, the sync tried again).
fn is_transient(code: &str) -> bool {
    matches!(
        code,
        "53300" | "57P01" | "57P02" | "57P03" | "25006" | "40001" | "40P01" | "55P03"
    ) || code.starts_with("08")
}

/// A transient server error in plain words (unreachable).
fn transient(db: &tokio_postgres::error::DbError) -> AppError {
    AppError::new(
        ErrorKind::Network,
        format!(
            "The team server cannot take the request now ({}). Invite Desk keeps working on \
             this computer's history and syncs when it is back.",
            strip(db.message())
        ),
    )
}

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
    // A connection the network dropped (sleep, Wi-Fi or VPN change) is found dead in ~10 s,
    // not after the kernel's ~15 minutes.
    config
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(5))
        .keepalives_interval(Duration::from_secs(2))
        .keepalives_retries(2)
        .tcp_user_timeout(TCP_USER_TIMEOUT);
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
        if is_transient(code) {
            return transient(db);
        }
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
        if is_transient(code) {
            return transient(db);
        }
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

pub(super) fn strip(s: &str) -> String {
    // tokio-postgres errors carry no password; keep them short.
    s.chars().take(200).collect()
}
