//! The connection to the team server: the address as typed (parsed by the same parser that
//! connects, and checked: only the parameters Invite Desk supports, never a login or password),
//! TLS as `sslmode` says (`tls.rs`; verify-full unless the address says otherwise, never weaker
//! than `require` off this computer), the password from the keychain only into the
//! connection's SCRAM exchange, and the server's errors in plain words.

use std::time::Duration;

use tokio_postgres::{Client, Config, NoTls};

pub use super::tls::{Roots, Tls, Verify};
use crate::error::{AppError, AppResult, ErrorKind};

/// The newest server schema this build knows.
pub const KNOWN_SCHEMA: i32 = 7;

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

/// A team server address as typed in Settings: `postgresql://host[:port][,host2…]/database`,
/// with `sslmode` and `sslrootcert` as its only parameters.
#[derive(Debug, Clone)]
pub struct Target {
    pub config: Config,
    /// Every host (and address) is this computer.
    pub loopback: bool,
    pub tls: Tls,
}

/// Percent-decodes one URL parameter's key or value.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Parses and checks the address. The loopback decision is taken from the configuration
/// tokio-postgres parsed (every host and address), the one that connects.
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
    let Some(rest) = url
        .strip_prefix("postgresql://")
        .or_else(|| url.strip_prefix("postgres://"))
    else {
        return Err(bad("must start with postgresql://"));
    };
    if let Some(at) = rest.find('@') {
        return Err(if rest[..at].contains(':') {
            bad("must not contain a password (Invite Desk keeps it in the keychain)")
        } else {
            bad("must not contain a login or an @ (the login is its own field)")
        });
    }
    if rest.contains('#') {
        return Err(bad("must not contain a #"));
    }
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let mut sslmode: Option<String> = None;
    let mut roots = Roots::Default;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(k), Some(v)) = (decode(k), decode(v)) else {
            return Err(bad("is not a valid address"));
        };
        match k.as_str() {
            "password" => {
                return Err(bad(
                    "must not contain a password (Invite Desk keeps it in the keychain)",
                ))
            }
            "sslmode" => sslmode = Some(v),
            "sslrootcert" if v == "system" => roots = Roots::System,
            "sslrootcert" if !v.is_empty() => roots = Roots::File(v.into()),
            _ => {
                return Err(bad(&format!(
                    "uses the parameter “{}”, which Invite Desk does not take (only sslmode and \
                     sslrootcert)",
                    crate::team::connect::strip(&k)
                )))
            }
        }
    }
    let mut config: Config = base.parse().map_err(|_| bad("is not a valid address"))?;
    if config.get_password().is_some() {
        return Err(bad(
            "must not contain a password (Invite Desk keeps it in the keychain)",
        ));
    }
    if config.get_user().is_some() {
        return Err(bad("must not contain a login (the login is its own field)"));
    }
    if config.get_hosts().is_empty() {
        return Err(bad("has no host"));
    }
    let loopback = config.get_hosts().iter().all(|h| match h {
        tokio_postgres::config::Host::Tcp(name) => is_loopback_host(name),
        #[cfg(unix)]
        tokio_postgres::config::Host::Unix(_) => true,
    }) && config.get_hostaddrs().iter().all(|ip| ip.is_loopback());
    let given_root = roots != Roots::Default;
    let tls = match sslmode.as_deref() {
        None if loopback => Tls::Off,
        None | Some("verify-full") => Tls::On {
            verify: Verify::Full,
            roots,
        },
        Some("verify-ca") => Tls::On {
            verify: Verify::Chain,
            roots,
        },
        // As libpq: `require` checks the chain when a root certificate is named. Without one it
        // would not know who answers, and a server in the middle could ask for the password:
        // refused (channel binding, which would make it safe, cannot be negotiated by this
        // build's TLS stack).
        Some("require") if given_root => Tls::On {
            verify: Verify::Chain,
            roots,
        },
        Some("require") => {
            return Err(bad(
                "asks for sslmode=require without sslrootcert, which would not check who the \
                 server is: add sslrootcert=<the server's CA file>, or use sslmode=verify-full",
            ))
        }
        Some("disable" | "allow" | "prefer") if loopback => Tls::Off,
        Some("disable" | "allow" | "prefer") => {
            return Err(bad(
                "asks for a connection that may not be encrypted (sslmode), and the server is \
                 not on this computer: use sslmode=require, verify-ca or verify-full",
            ))
        }
        Some(_) => {
            return Err(bad(
                "has an sslmode Invite Desk does not know (require, verify-ca or verify-full)",
            ))
        }
    };
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
    Ok(Target {
        config,
        loopback,
        tls,
    })
}

/// Opens a connection as `role` with `password`. The connection task runs on the runtime until
/// the client is dropped.
pub async fn connect(target: &Target, role: &str, password: &str) -> AppResult<Client> {
    let mut config = target.config.clone();
    config.user(role).password(password);
    connect_with(config, &target.tls).await
}

/// Connects with `config`: plain TCP when `tls` is off (a server on this computer), else TLS
/// as `tls` says, with the SCRAM exchange bound to the channel.
pub async fn connect_with(mut config: Config, tls: &Tls) -> AppResult<Client> {
    let Tls::On { verify, roots } = tls else {
        let (client, conn) = config.connect(NoTls).await.map_err(connect_error)?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        return Ok(client);
    };
    // The certificate says who the server is (verify-ca / verify-full), and the login is bound
    // to this TLS channel (SCRAM-SHA-256-PLUS with the server certificate's hash): a server in
    // the middle that terminates TLS with another certificate cannot pass the login on. A
    // server that does not bind it is refused (`connect_error` says what the admin can change).
    config
        .ssl_mode(tokio_postgres::config::SslMode::Require)
        .channel_binding(tokio_postgres::config::ChannelBinding::Require);
    let tls = super::tls::client_config(*verify, roots)?;
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
                "The team server refused this login: a wrong, expired or already used one-time \
                 password, a password changed because the login joined from another computer (or \
                 your admin gave it a new one), or a removed login. Ask your team admin for a new one-time \
                 password and join again in Settings → Team.",
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
    if error_chain(&e).contains("channel binding") {
        return AppError::validation(
            "teamUrl",
            "The team server did not bind the login to the encrypted connection (SCRAM channel \
             binding), which Invite Desk requires over the network so that nobody in between \
             can pass your login on. Ask your admin to give the team's logins scram-sha-256 \
             passwords (password_encryption = scram-sha-256 and a scram-sha-256 line in \
             pg_hba.conf), on PostgreSQL 11 or later.",
        );
    }
    let text = tls_words(&e).unwrap_or_else(|| strip(&error_chain(&e)));
    AppError::new(
        ErrorKind::Network,
        format!(
            "The team server could not be reached ({text}). Invite Desk keeps working on this \
             computer's history and syncs when it is back."
        ),
    )
}

/// The error and its causes ("invalid configuration: password missing").
fn error_chain(e: &tokio_postgres::Error) -> String {
    let mut chain = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push_str(&format!(": {s}"));
        src = s.source();
    }
    chain
}

/// A certificate the checks refused, in plain words (the error chain names rustls' reason).
fn tls_words(e: &tokio_postgres::Error) -> Option<String> {
    let chain = error_chain(e);
    if chain.contains("UnknownIssuer") || chain.contains("issuer") || chain.contains("BadSignature")
    {
        Some(
            "its certificate is not signed by an authority this computer trusts: ask your admin \
             for the server's CA file and add sslrootcert=<that file> to the address"
                .into(),
        )
    } else if chain.contains("NotValidForName") || chain.contains("not valid for name") {
        Some(
            "its certificate is made out to another name than the address's host: use the name \
             in the certificate"
                .into(),
        )
    } else if chain.contains("invalid peer certificate") {
        Some(format!("its certificate was refused: {}", strip(&chain)))
    } else if chain.contains("server does not support TLS") {
        Some("it does not offer TLS, which an address off this computer requires".into())
    } else {
        None
    }
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
