//! Following up around an invite: the pickers before sending (Hireflix positions, Apploi
//! applicants, cached while the app runs), where each sent invite stands (refreshed with
//! bounded concurrency per vendor in its lane, honouring a 429's `Retry-After`), and revoking an
//! invite. The vendor calls are the adapters' (`providers::status`); what is read is stored
//! beside the invite by `history` (status tables) — an invite's send outcome is never changed
//! here. [`FollowUp`] is a managed type of its own holding the handles it uses.

mod pickers;
mod refresh;
mod revoke;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::error::AppResult;
use crate::history::Db;
use crate::lane::Lane;
use crate::providers::tracking::{ApplicantPage, Position};
use crate::providers::Provider;
use crate::secrets::{ApiKey, SecretStore};
use crate::settings::SettingsStore;
use crate::state::AppState;

pub use pickers::{filter_positions, PositionList};
pub use refresh::{not_refreshable, RefreshSummary, StatusRow};
pub use revoke::{revoke_question, RevokeResult};

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
    http: reqwest::Client,
    positions: Mutex<Option<CachedPositions>>,
    applicants: Mutex<HashMap<String, ApplicantPage>>,
    lanes: Mutex<HashMap<Provider, Arc<Lane>>>,
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
        }
    }

    fn lane(&self, p: Provider) -> Arc<Lane> {
        self.lanes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(p)
            .or_insert_with(|| Lane::new(REFRESH_CONCURRENCY))
            .clone()
    }

    async fn key(&self, p: Provider) -> AppResult<ApiKey> {
        crate::secrets::read_key(&self.secrets, p).await
    }
}
