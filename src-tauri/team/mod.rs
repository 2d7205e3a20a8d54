//! Team mode: one invite history and one duplicate guard for a whole team, on the team's
//! PostgreSQL server (see `migrations/` for the server side, `admin.rs` for the admin command).
//! The local SQLite history stays the source of truth on this computer: it holds colleagues'
//! attempts (pulled in commit order) beside its own, and its own outcomes wait in an outbox until
//! the server confirms them. With no team configured, nothing here runs.
//!
//! [`Team`] is a managed type of its own: it holds the handles it uses (history, keychain,
//! settings) and the connection; `claim.rs` turns the server's answer to a reservation into what
//! a sender must do, `sync.rs` pushes the outbox and pulls colleagues' invites.

pub mod admin;
mod claim;
pub mod client;
mod connect;
mod sync;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::Db;
use crate::secrets::{ApiKey, SecretStore};
use crate::settings::{SettingsStore, TeamSettings};
use crate::state::AppState;

pub use claim::Claim;
pub use sync::SyncReport;

/// How long a send waits for the team's answer before taking the offline path.
pub const RESERVE_DEADLINE: Duration = Duration::from_secs(4);

/// What Settings → Team shows.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamStatus {
    pub enabled: bool,
    pub url: Option<String>,
    pub role: Option<String>,
    pub display_name: Option<String>,
    pub team_name: Option<String>,
    /// Refuse to send while the team server cannot be reached (a team setting).
    pub strict_offline: bool,
    pub last_synced: Option<DateTime<Utc>>,
    #[ts(type = "number")]
    pub waiting: u64,
    pub last_error: Option<String>,
}

/// The team connection while the app runs (idle when no team is set up). Cloning shares it.
#[derive(Clone)]
pub struct Team(Arc<Inner>);

struct Inner {
    db: Arc<Db>,
    secrets: Arc<dyn SecretStore>,
    settings: Arc<SettingsStore>,
    /// The open connection and the settings it was opened with.
    client: tokio::sync::Mutex<Option<(TeamSettings, tokio_postgres::Client)>>,
    /// One sync at a time.
    syncing: tokio::sync::Mutex<()>,
    who: Mutex<Option<client::WhoAmI>>,
    last_error: Mutex<Option<String>>,
    /// Wakes the background sync early (after a send, so the team sees the outcome at once).
    wake: tokio::sync::Notify,
}

impl Team {
    /// The team side of the app, over the state's history, keychain and settings.
    pub fn new(state: &AppState) -> Team {
        Team(Arc::new(Inner {
            db: state.db.clone(),
            secrets: state.secrets.clone(),
            settings: state.settings.clone(),
            client: tokio::sync::Mutex::default(),
            syncing: tokio::sync::Mutex::default(),
            who: Mutex::default(),
            last_error: Mutex::default(),
            wake: tokio::sync::Notify::new(),
        }))
    }

    fn settings(&self) -> Option<TeamSettings> {
        self.0.settings.get().team
    }

    /// Whether a team is set up on this computer.
    pub fn enabled(&self) -> bool {
        self.settings().is_some()
    }

    /// `Some(self)` in team mode: what a flow that sends takes.
    pub fn active(&self) -> Option<&Team> {
        self.enabled().then_some(self)
    }

    fn set_error(&self, e: Option<&AppError>) {
        *self.0.last_error.lock().unwrap_or_else(|p| p.into_inner()) = e.map(|e| e.message.clone());
    }

    fn set_who(&self, who: Option<client::WhoAmI>) {
        *self.0.who.lock().unwrap_or_else(|p| p.into_inner()) = who;
    }

    fn who(&self) -> Option<client::WhoAmI> {
        self.0.who.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    async fn drop_client(&self) {
        *self.0.client.lock().await = None;
    }

    /// Runs `f` on the team connection, opening it first when needed; a broken connection is
    /// dropped so the next call reconnects.
    async fn with_client<T, F, Fut>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(tokio_postgres::Client) -> Fut,
        Fut: std::future::Future<Output = (tokio_postgres::Client, AppResult<T>)>,
    {
        let settings = self.settings().ok_or_else(|| {
            AppError::new(
                ErrorKind::Validation,
                "Team mode is not set up on this computer.",
            )
        })?;
        let mut guard = self.0.client.lock().await;
        let c = match guard.take() {
            // The same server and login as now (Settings may have changed since it was opened).
            Some((s, c)) if !c.is_closed() && s == settings => c,
            _ => {
                let target = client::parse_url(&settings.url)?;
                let secret = self.read_secret(&settings).await?;
                let c = client::connect(&target, &settings.role, secret.expose()).await?;
                self.set_who(Some(client::whoami(&c).await?));
                c
            }
        };
        let (c, result) = f(c).await;
        if !c.is_closed() {
            *guard = Some((settings, c));
        }
        result
    }

    async fn read_secret(&self, s: &TeamSettings) -> AppResult<ApiKey> {
        let secrets = self.0.secrets.clone();
        let account = s.account();
        tokio::task::spawn_blocking(move || secrets.get_team_secret(&account))
            .await
            .map_err(|e| AppError::internal(format!("The keychain read was interrupted: {e}")))??
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::MissingKey,
                    "The team password is not in this computer's keychain. Join the team again \
                     in Settings → Team with a one-time password from your admin.",
                )
            })
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
        let c = client::connect(&target, role, one_time.trim()).await?;
        let who = client::whoami(&c).await?;
        let secret = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
        let secrets = self.0.secrets.clone();
        let account = settings.account();
        let s2 = secret.clone();
        tokio::task::spawn_blocking(move || secrets.set_team_secret(&account, &s2))
            .await
            .map_err(|e| {
                AppError::internal(format!("The keychain write was interrupted: {e}"))
            })??;
        client::set_own_password(&c, &secret).await?;
        drop(c);
        self.0.settings.update(|cur| {
            let mut next = cur.clone();
            next.team = Some(settings.clone());
            next
        })?;
        self.set_who(Some(who));
        self.drop_client().await;
        self.test().await
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
        self.drop_client().await;
        self.set_who(None);
        self.set_error(None);
        self.status()
    }

    /// Connects (or reuses the connection), asks who this login is, then syncs once.
    pub async fn test(&self) -> AppResult<TeamStatus> {
        self.drop_client().await;
        let r = self
            .with_client(|c| async move {
                let r = client::whoami(&c).await;
                (c, r)
            })
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

    fn last_synced(&self) -> AppResult<Option<DateTime<Utc>>> {
        Ok(self
            .0
            .db
            .team_state("last_synced")?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// What Settings → Team shows now.
    pub fn status(&self) -> AppResult<TeamStatus> {
        let Some(s) = self.settings() else {
            return Ok(TeamStatus::default());
        };
        let who = self.who();
        Ok(TeamStatus {
            enabled: true,
            url: Some(s.url),
            role: Some(s.role),
            display_name: who.as_ref().map(|w| w.display_name.clone()),
            team_name: who.as_ref().map(|w| w.team_name.clone()),
            strict_offline: who.as_ref().is_some_and(|w| w.strict_offline),
            last_synced: self.last_synced()?,
            waiting: self.0.db.team_waiting()?,
            last_error: self
                .0
                .last_error
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        })
    }

    /// Whether the team forbids sending while its server cannot be reached.
    pub fn strict_offline(&self) -> bool {
        self.who().is_some_and(|w| w.strict_offline)
    }

    /// When the team was last reached, in the coordinator's words ("09:55", or "never").
    pub fn last_synced_words(&self) -> String {
        self.last_synced()
            .ok()
            .flatten()
            .map(crate::schedule::local_time_of_day)
            .unwrap_or_else(|| "never".into())
    }
}
