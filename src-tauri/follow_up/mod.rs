//! Following up around an invite: the pickers before sending (Hireflix positions, Apploi
//! applicants, cached while the app runs), where each sent invite stands (refreshed with
//! bounded concurrency per vendor in its lane, honouring a 429's `Retry-After`), and revoking an
//! invite. The vendor calls are the adapters' (`providers::status`); what is read is stored
//! beside the invite by `history` (status tables) — an invite's send outcome is never changed
//! here. After that: the follow-up board (who needs a nudge), reminders prepared for the
//! coordinator to send, the templates behind them, and the daily digest, all on the follow-up's
//! clock (`clock.rs`). [`FollowUp`] is a managed type of its own holding the handles it uses.

pub mod board;
pub mod clock;
pub mod digest;
pub mod messages;
mod pickers;
mod refresh;
pub mod reinvite;
mod revoke;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::accounts::Route;
use crate::error::AppResult;
use crate::history::{Db, InviteRecord};
use crate::lane::Lane;
use crate::providers::tracking::{ApplicantPage, Position};
use crate::providers::Provider;
use crate::secrets::{ApiKey, SecretStore};
use crate::settings::{Settings, SettingsStore};
use crate::state::AppState;

pub use pickers::{filter_positions, PositionList};
pub use refresh::{not_refreshable, RefreshSummary, StatusRow};
pub use revoke::{revoke_question, RevokeResult};

use clock::{Clock, SystemClock};

/// Status calls on their way at once, per vendor.
pub const REFRESH_CONCURRENCY: usize = 4;
/// Picker matches returned at once (the list scrolls; typing narrows it).
const PICKER_MATCHES: usize = 100;

/// A list of positions and when it was read.
type CachedPositions = (DateTime<Utc>, Arc<Vec<Position>>);

/// Following up while the app runs: the handles it uses, the pickers' caches and each vendor's
/// lane for status calls.
pub struct FollowUp {
    db: Arc<Db>,
    secrets: Arc<dyn SecretStore>,
    settings: Arc<SettingsStore>,
    http: crate::providers::Http,
    /// Per account (its keychain entry).
    positions: Mutex<HashMap<String, CachedPositions>>,
    applicants: Mutex<HashMap<String, ApplicantPage>>,
    lanes: Mutex<HashMap<Provider, Arc<Lane>>>,
    clock: Arc<dyn Clock>,
}

impl FollowUp {
    /// Following up over the state's history, keychain, settings and HTTP client.
    pub fn new(state: &AppState) -> FollowUp {
        FollowUp {
            db: state.db.clone(),
            secrets: state.secrets.clone(),
            settings: state.settings.clone(),
            http: state.http.clone(),
            positions: Mutex::default(),
            applicants: Mutex::default(),
            lanes: Mutex::default(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The same follow-up reading `clock` instead of the system's (tests and benchmarks only:
    /// the app always reads the system clock).
    #[cfg(any(test, feature = "bench"))]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> FollowUp {
        self.clock = clock;
        self
    }

    /// Now, by the follow-up's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn lane(&self, p: Provider) -> Arc<Lane> {
        self.lanes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(p)
            .or_insert_with(|| Lane::new(REFRESH_CONCURRENCY))
            .clone()
    }

    async fn key(&self, route: &Route) -> AppResult<ApiKey> {
        crate::secrets::read_key(&self.secrets, route).await
    }

    /// The route of a picker's calls: account `account` of `p` (`None`: the one used last).
    fn picker_route(&self, p: Provider, account: Option<&str>) -> AppResult<Route> {
        crate::settings::accounts::route(&self.settings.get(), p, account)
    }
}

/// The account an invite in History went through (never the one selected now).
pub(crate) fn row_route(s: &Settings, r: &InviteRecord) -> AppResult<Route> {
    crate::settings::accounts::route_of_row(
        s,
        r.provider,
        r.account.as_deref(),
        Some(&r.account_label),
    )
}
