//! The admin command's connection as libpq would make it: what the admin address leaves out
//! comes from PGHOST, PGPORT, PGUSER, PGDATABASE and PGPASSWORD, then the password file
//! (PGPASSFILE or ~/.pgpass); TLS from PGSSLMODE and PGSSLROOTCERT (verify-full off this
//! computer unless they say otherwise, never weaker than `require` with a CA file).

use std::path::{Path, PathBuf};

use tokio_postgres::config::Host;
use tokio_postgres::Config;

use super::tls::{Roots, Tls, Verify};

/// One value of the environment, if set and not empty.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The admin's connection settings and TLS, or why not.
pub fn admin_config(address: &str) -> Result<(Config, Tls), String> {
    let mut config: Config = address
        .parse()
        .map_err(|e| format!("the admin address is not valid: {e}"))?;
    if config.get_hosts().is_empty() {
        for h in var("PGHOST")
            .unwrap_or_else(|| "localhost".into())
            .split(',')
        {
            config.host(h);
        }
    }
    if config.get_ports().is_empty() {
        if let Some(p) = var("PGPORT") {
            for port in p.split(',') {
                config.port(
                    port.parse()
                        .map_err(|_| format!("PGPORT “{p}” is not a port"))?,
                );
            }
        }
    }
    if config.get_user().is_none() {
        if let Some(u) = var("PGUSER").or_else(|| var("USER")) {
            config.user(u);
        }
    }
    if config.get_dbname().is_none() {
        if let Some(d) = var("PGDATABASE") {
            config.dbname(d);
        }
    }
    if config.get_password().is_none() {
        if let Some(p) = var("PGPASSWORD").or_else(|| from_passfile(&config)) {
            config.password(p);
        }
    }
    let loopback = config.get_hosts().iter().all(|h| match h {
        Host::Tcp(name) => super::client::is_loopback_host(name),
        #[cfg(unix)]
        Host::Unix(_) => true,
    }) && config.get_hostaddrs().iter().all(|ip| ip.is_loopback());
    let roots = match var("PGSSLROOTCERT") {
        Some(s) if s == "system" => Roots::System,
        Some(s) => Roots::File(s.into()),
        None => Roots::Default,
    };
    let named_root = roots != Roots::Default;
    let mode = var("PGSSLMODE");
    let tls =
        match mode.as_deref() {
            None if loopback => Tls::Off,
            Some("disable" | "allow" | "prefer") if loopback => Tls::Off,
            None | Some("verify-full") => Tls::On {
                verify: Verify::Full,
                roots,
            },
            Some("verify-ca") => Tls::On {
                verify: Verify::Chain,
                roots,
            },
            Some("require") if named_root => Tls::On {
                verify: Verify::Chain,
                roots,
            },
            Some("require") => return Err(
                "PGSSLMODE=require without PGSSLROOTCERT would not check who the server is: set \
                 PGSSLROOTCERT to the server's CA file, or use verify-full"
                    .into(),
            ),
            Some(other) => {
                return Err(format!(
                    "PGSSLMODE={other} would not encrypt the connection to a server on another \
                 computer: use require, verify-ca or verify-full"
                ))
            }
        };
    Ok((config, tls))
}

/// The password the password file gives for this host, port, database and user, as libpq
/// reads it: `host:port:database:user:password`, `*` matching anything, `\` escaping.
fn from_passfile(config: &Config) -> Option<String> {
    let path = var("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| Path::new(&h).join(".pgpass")))?;
    let text = std::fs::read_to_string(path).ok()?;
    let host = match config.get_hosts().first()? {
        Host::Tcp(h) => h.clone(),
        #[cfg(unix)]
        Host::Unix(_) => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default().to_string();
    let db = config.get_dbname().unwrap_or(&user).to_string();
    let want = [host.as_str(), port.as_str(), db.as_str(), user.as_str()];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = split_escaped(line);
            if fields.len() < 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(want)
                .all(|(f, w)| f == "*" || f == w);
            matches.then(|| fields[4..].join(":"))
        })
}

fn split_escaped(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(n), Some(last)) = (chars.next(), out.last_mut()) {
                    last.push(n);
                }
            }
            ':' => out.push(String::new()),
            c => {
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_file_line_matches_with_wildcards_and_escapes() {
        assert_eq!(
            split_escaped(r"db.example.com:5432:*:postgres:pa\:ss"),
            ["db.example.com", "5432", "*", "postgres", "pa:ss"]
        );
    }
}
