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
mod conn;
mod connect;
mod limits;
mod membership;
mod pgenv;
mod reminders;
mod sync;
mod tls;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{Db, TeamRefusal};
use crate::secrets::{ApiKey, SecretStore};
use crate::settings::{SettingsStore, TeamSettings};
use crate::state::AppState;

pub use claim::Claim;
pub use conn::{CALL_DEADLINE, UNREACHABLE_MEMORY};
pub use connect::KNOWN_SCHEMA;
pub use limits::{check_facts, shareable_link};
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
    /// This computer's outcomes the server refused at the last sync, each with why (the sync
    /// goes on without them; they are tried again at the next).
    pub refused: Vec<TeamRefusal>,
}

/// The team connection while the app runs (idle when no team is set up). Cloning shares it.
#[derive(Clone)]
pub struct Team(Arc<Inner>);

struct Inner {
    db: Arc<Db>,
    secrets: Arc<dyn SecretStore>,
    settings: Arc<SettingsStore>,
    /// The open connection and the settings it was opened with: taken and put back under this
    /// lock, never held across network I/O (`conn.rs`).
    client: Mutex<Option<conn::Open>>,
    /// When the server was last found unreachable (cleared by any answer).
    unreachable: Mutex<conn::Unreachable>,
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
            client: Mutex::default(),
            unreachable: Mutex::default(),
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
            refused: self.0.db.team_refusals(50)?,
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
