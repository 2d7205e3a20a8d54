//! Joining and leaving a team on this computer, and Settings → Team's "Test connection". The
//! team state (pull cursor, last sync, abandoned attempts) belongs to one server and team (its
//! scope): joining another starts it afresh, and is refused while the outcomes of the previous
//! one still wait to be shared (they would go to the wrong team).

use uuid::Uuid;

use super::client::{self, Target};
use super::conn::CALL_DEADLINE;
use super::{Team, TeamStatus};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::settings::TeamSettings;

/// The server and team a team state belongs to: every host and port, the database and the
/// team's name (the address as typed may change spelling and stay the same server).
pub(super) fn scope_of(target: &Target, team_name: &str) -> String {
    let hosts: Vec<String> = target
        .config
        .get_hosts()
        .iter()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.to_lowercase(),
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let ports: Vec<String> = target
        .config
        .get_ports()
        .iter()
        .map(u16::to_string)
        .collect();
    format!(
        "{}:{}/{}\u{1f}{team_name}",
        hosts.join(","),
        ports.join(","),
        target.config.get_dbname().unwrap_or_default()
    )
}

async fn within<T>(f: impl std::future::Future<Output = AppResult<T>>, what: &str) -> AppResult<T> {
    tokio::time::timeout(CALL_DEADLINE, f)
        .await
        .unwrap_or_else(|_| {
            Err(AppError::new(
                ErrorKind::Timeout,
                format!("The team server did not answer in time ({what})."),
            ))
        })
}

impl Team {
    /// Whether the outcomes waiting here may go to `scope`; starts the team state afresh when
    /// it belongs to another server or team and nothing of that one waits.
    pub(super) fn enter_scope(&self, scope: &str) -> AppResult<()> {
        let db = &self.0.db;
        match db.team_scope()? {
            Some(s) if s == scope => Ok(()),
            // A history from before scopes were kept: this is its team.
            None => db.set_team_state("scope", scope),
            Some(other) => {
                let waiting = db.team_waiting()?;
                if waiting > 0 {
                    let team = other.rsplit('\u{1f}').next().unwrap_or_default();
                    return Err(AppError::new(
                        ErrorKind::Validation,
                        format!(
                            "{waiting} outcome(s) of team “{team}” still wait to be shared with \
                             its server. Join that team again until Settings → Team shows none \
                             waiting, then join this one: they must not go to another team."
                        ),
                    )
                    .with_field("teamUrl"));
                }
                db.reset_team_scope(scope)
            }
        }
    }

    /// Joins a team: connects with the one-time password an admin gave, checks the login is a
    /// member, then replaces that password with a random secret kept in the keychain (its SCRAM
    /// verifier is built here). The secret is stored before the server changes, so a failure in
    /// between leaves the one-time password working.
    pub async fn join(&self, url: &str, role: &str, one_time: &str) -> AppResult<TeamStatus> {
        let role = role.trim();
        if role.is_empty()
            || role.len() > 63
            || !role.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(AppError::validation(
                "teamRole",
                "The team login is letters, digits and _ only (at most 63), as your admin gave it.",
            ));
        }
        if one_time.trim().is_empty() {
            return Err(AppError::validation(
                "teamPassword",
                "Enter the one-time password your admin gave you.",
            ));
        }
        let target = client::parse_url(url)?;
        let settings = TeamSettings {
            url: url.trim().to_string(),
            role: role.to_string(),
        };
        let (c, resumed) = match within(
            client::connect(&target, role, one_time.trim()),
            "connecting",
        )
        .await
        {
            Ok(c) => (c, false),
            // An earlier join replaced the one-time password with the secret already in this
            // keychain, then stopped before it was saved here: it goes on from there.
            Err(e) if e.kind == ErrorKind::InvalidKey => {
                let Ok(secret) = self.read_secret(&settings).await else {
                    return Err(e);
                };
                match within(
                    client::connect(&target, role, secret.expose()),
                    "connecting",
                )
                .await
                {
                    Ok(c) => (c, true),
                    Err(_) => return Err(e),
                }
            }
            Err(e) => return Err(e),
        };
        let who = within(client::whoami(&c), "who am I").await?;
        self.enter_scope(&scope_of(&target, &who.team_name))?;
        if !resumed {
            let secret = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
            let secrets = self.0.secrets.clone();
            let account = settings.account();
            let s2 = secret.clone();
            tokio::task::spawn_blocking(move || secrets.set_team_secret(&account, &s2))
                .await
                .map_err(|e| {
                    AppError::internal(format!("The keychain write was interrupted: {e}"))
                })??;
            let for_good = client::expires_one_time_passwords(who.schema_version);
            within(
                client::set_own_password(&c, &secret, for_good),
                "setting the password",
            )
            .await?;
        } else if client::expires_one_time_passwords(who.schema_version) {
            // A join that replaced the password and stopped before it was saved here: the
            // transaction that replaced it made the login valid without end too; asked again in
            // case the server was upgraded in between.
            within(client::activate(&c), "activating the login").await?;
        }
        drop(c);
        self.0.settings.update(|cur| {
            let mut next = cur.clone();
            next.team = Some(settings.clone());
            next
        })?;
        self.set_who(Some(who));
        self.drop_client();
        self.reached();
        // Joined: the password is replaced and saved. A first sync that fails (the server
        // slow to answer, a row it refuses) does not undo that: the status says why, and the
        // background sync tries again.
        match self.test().await {
            Ok(status) => Ok(status),
            Err(e) => {
                self.set_error(Some(&e));
                self.status()
            }
        }
    }

    /// Leaves team mode on this computer: the settings and the keychain secret go; the history
    /// keeps every row (colleagues' rows stay, marked with their author).
    pub async fn leave(&self) -> AppResult<TeamStatus> {
        if let Some(s) = self.settings() {
            let secrets = self.0.secrets.clone();
            let account = s.account();
            let _ = tokio::task::spawn_blocking(move || secrets.delete_team_secret(&account)).await;
        }
        self.0.settings.update(|cur| {
            let mut next = cur.clone();
            next.team = None;
            next
        })?;
        self.drop_client();
        self.reached();
        self.set_who(None);
        self.set_error(None);
        self.status()
    }

    /// Connects (a new connection), asks who this login is, then syncs once.
    pub async fn test(&self) -> AppResult<TeamStatus> {
        self.drop_client();
        let r = self
            .call(CALL_DEADLINE, |c| async move { client::whoami(&c).await })
            .await;
        match r {
            Ok(who) => {
                self.set_who(Some(who));
                self.set_error(None);
                self.sync_once().await?;
                self.status()
            }
            Err(e) => {
                self.set_error(Some(&e));
                Err(e)
            }
        }
    }
}
