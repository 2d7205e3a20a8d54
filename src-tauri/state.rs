//! `AppState`: the handles every flow may use (the data folder, the history, the keychain, the
//! HTTP client, the settings, start-up notices, the invites in flight), built complete before
//! the window can call a command. The flows (bulk, follow-up, team) are managed types of their
//! own that take what they use from here; nothing here knows them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tauri::{AppHandle, Manager, Runtime};

use crate::error::{AppError, AppResult};
use crate::history::Db;
use crate::providers::Http;
use crate::secrets::{ApiKey, KeyringStore, SecretStore};
use crate::settings::SettingsStore;

pub struct AppState {
    pub data_dir: PathBuf,
    /// The history; shared so blocking work (the CSV export) can run off the async workers.
    /// See `db.access()`: only the history's writer sends.
    pub db: Arc<Db>,
    pub secrets: Arc<dyn SecretStore>,
    /// The vendors' HTTP client, built on first use.
    pub http: Http,
    pub settings: Arc<SettingsStore>,
    /// Messages for the coordinator from start-up (a database moved aside, crash recovery).
    pub notices: Vec<String>,
    /// Invites being sent right now (provider, job, email): a second send waits for none of
    /// them, it is refused, so a double click can never send twice.
    pub in_flight: Mutex<HashSet<String>>,
}

impl AppState {
    /// The real app: data in the platform's app-data folder (or `INVITE_DESK_DATA_DIR`), keys in
    /// the OS keychain under the app identifier, calls through a client built on first use.
    pub fn load<R: Runtime>(app: &AppHandle<R>) -> AppResult<Self> {
        let data_dir = match std::env::var_os("INVITE_DESK_DATA_DIR") {
            Some(d) => PathBuf::from(d),
            None => app.path().app_data_dir().map_err(|e| {
                AppError::internal(format!("The app data folder could not be found: {e}"))
            })?,
        };
        let identifier = app.config().identifier.clone();
        AppState::open(
            &data_dir,
            Arc::new(KeyringStore::new(identifier)),
            Http::lazy(),
        )
    }

    /// Opens the history and settings in `data_dir` with the given key store and HTTP client.
    pub fn open(
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
        http: impl Into<Http>,
    ) -> AppResult<Self> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join("history.sqlite3");
        let mut notices = Vec::new();
        // Never fails and never falls back to a temporary history: a file another copy of
        // Invite Desk is using, or one that opens only for reading, is view-only; one that
        // cannot be opened at all is unavailable. Either way the notice says why and how to fix
        // it, and `db.check_writable()` refuses every send. Corrupt files are moved aside.
        let (db, report) = Db::open_or_view_only(&path);
        let (settings, settings_notice) = SettingsStore::load(&data_dir.join("settings.json"));
        notices.extend(report.notice);
        if report.recovered_unknown > 0 {
            notices.push(format!(
                "{} invite(s) were being sent when Invite Desk last closed. They are marked \
                 “unknown” in History: check at the vendor before sending again.",
                report.recovered_unknown
            ));
        }
        notices.extend(settings_notice);
        Ok(AppState {
            data_dir: data_dir.to_path_buf(),
            db: Arc::new(db),
            secrets,
            http: http.into(),
            settings: Arc::new(settings),
            notices,
            in_flight: Mutex::default(),
        })
    }

    /// The key of the account `route` goes through, read from the keychain off the async
    /// workers.
    pub async fn key(&self, route: &crate::accounts::Route) -> AppResult<ApiKey> {
        crate::secrets::read_key(&self.secrets, route).await
    }
}
