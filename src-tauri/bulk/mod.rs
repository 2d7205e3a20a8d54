//! Bulk invites from a spreadsheet: read the sheet (`read`), map its columns to the provider's
//! fields (`columns`), check every row with the same validation as a single invite (`check`),
//! queue the rows in History in one transaction, then send them with the vendor's own batching
//! (`run`, `progress`; `reserve` in team mode). The sheets being looked at and the batches
//! running live in [`Bulk`], a managed type of its own.

mod batch;
pub mod check;
pub mod columns;
pub mod progress;
pub mod read;
mod reserve;
mod rows;
pub mod run;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::sync::watch;
use ts_rs::TS;

use batch::guard_account;
pub use batch::{check_sheet, check_sheet_via, export_results, queue, queue_via, unfinished};
pub use check::{CheckReport, Checked};
pub use columns::Mapping;
pub use progress::{BatchEvent, Control};
pub use read::Sheet;
pub use run::RunOptions;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{BatchSummary, Db, InviteAccount};
use crate::lane::Lane;
use crate::providers::Provider;
use crate::secrets::SecretStore;
use crate::settings::SettingsStore;
use crate::state::AppState;
use crate::team::Team;

/// A sheet read and kept while the coordinator maps and checks it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SheetInfo {
    #[ts(type = "number")]
    pub id: u64,
    pub source: String,
    pub headers: Vec<String>,
    pub rows: u32,
    pub notes: Vec<String>,
}

/// The sheets being worked on, the files dropped on the window, and the batches running, with
/// the handles a batch uses.
pub struct Bulk {
    db: Arc<Db>,
    secrets: Arc<dyn SecretStore>,
    settings: Arc<SettingsStore>,
    http: crate::providers::Http,
    sheets: Mutex<HashMap<u64, Arc<Sheet>>>,
    next: AtomicU64,
    /// The paths of the last files dropped on the window (set by the window's drop event, so
    /// the web view can load a dropped file without naming any path itself).
    dropped: Mutex<Vec<PathBuf>>,
    running: Mutex<HashMap<i64, watch::Sender<Control>>>,
    /// Per vendor: the requests on their way and its 429 wait, shared by all its batches.
    lanes: Mutex<HashMap<Provider, (usize, Arc<Lane>)>>,
}

impl Bulk {
    /// Bulk invites over the state's history, keychain, settings and HTTP client.
    pub fn new(state: &AppState) -> Bulk {
        Bulk {
            db: state.db.clone(),
            secrets: state.secrets.clone(),
            settings: state.settings.clone(),
            http: state.http.clone(),
            sheets: Mutex::default(),
            next: AtomicU64::default(),
            dropped: Mutex::default(),
            running: Mutex::default(),
            lanes: Mutex::default(),
        }
    }

    /// Keeps a sheet (only the latest few: an earlier one is no longer on screen).
    pub fn keep(&self, sheet: Sheet) -> SheetInfo {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let info = SheetInfo {
            id,
            source: sheet.source.clone(),
            headers: sheet.headers.clone(),
            rows: sheet.rows.len() as u32,
            notes: sheet.notes.clone(),
        };
        let mut sheets = self.sheets.lock().unwrap_or_else(|p| p.into_inner());
        sheets.retain(|k, _| *k + 3 > id);
        sheets.insert(id, Arc::new(sheet));
        info
    }

    pub fn sheet(&self, id: u64) -> AppResult<Arc<Sheet>> {
        self.sheets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
            .cloned()
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::NotFound,
                    "That sheet is no longer open. Open, drop or paste it again.",
                )
            })
    }

    pub fn set_dropped(&self, paths: Vec<PathBuf>) {
        *self.dropped.lock().unwrap_or_else(|p| p.into_inner()) = paths;
    }

    pub fn take_dropped(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *self.dropped.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Registers a batch as running; `None` when it already runs (a second Resume).
    pub fn start(&self, batch: i64) -> Option<watch::Receiver<Control>> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if running.contains_key(&batch) {
            return None;
        }
        let (tx, rx) = watch::channel(Control::Run);
        running.insert(batch, tx);
        Some(rx)
    }

    pub fn finished(&self, batch: i64) {
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&batch);
    }

    /// The vendor's lane for `concurrency` requests at once (a new one when the setting changed;
    /// batches already running keep theirs).
    pub fn lane(&self, provider: Provider, concurrency: usize) -> Arc<Lane> {
        let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        match lanes.get(&provider) {
            Some((n, lane)) if *n == concurrency => lane.clone(),
            _ => {
                let lane = Lane::new(concurrency);
                lanes.insert(provider, (concurrency, lane.clone()));
                lane
            }
        }
    }

    /// Whether a batch is being sent now.
    pub fn busy(&self) -> bool {
        !self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty()
    }

    /// Pause, resume or cancel a running batch; false when it is not running.
    pub fn control(&self, batch: i64, c: Control) -> bool {
        match self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&batch)
        {
            Some(tx) => {
                tx.send_replace(c);
                true
            }
            None => false,
        }
    }
}

/// Removes a batch from the running list when its run ends, however it ends.
struct Running<'a> {
    bulk: &'a Bulk,
    batch: i64,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.bulk.finished(self.batch);
    }
}

impl Bulk {
    /// Checks a kept sheet against the job with the mapping given, or with the one remembered
    /// for the provider (else the headers' suggestion), for a batch through `account` (`None`:
    /// the one used last for the vendor).
    pub async fn check(
        &self,
        sheet: u64,
        job: serde_json::Value,
        mapping: Option<Mapping>,
        include: Vec<u32>,
        account: Option<String>,
    ) -> AppResult<CheckReport> {
        let s = self.sheet(sheet)?;
        let mapping = mapping.unwrap_or_else(|| self.default_mapping(&s, &job));
        let guard = match job_provider(&job) {
            Some(p) => {
                let settings = self.settings.get();
                let route = crate::settings::accounts::route(&settings, p, account.as_deref())?;
                guard_account(&settings, &route)
            }
            None => None,
        };
        let db = self.db.clone();
        blocking(move || {
            Ok(check_sheet_via(&db, &s, &job, &mapping, &include, guard.as_deref())?.report)
        })
        .await
    }

    fn default_mapping(&self, sheet: &Sheet, job: &serde_json::Value) -> Mapping {
        let Some(p) = job_provider(job) else {
            return Mapping::new();
        };
        let saved = self
            .settings
            .get()
            .bulk_mappings
            .get(&p)
            .cloned()
            .unwrap_or_default();
        columns::remembered(&check::fields_of(p), &sheet.headers, &saved)
    }

    /// "Send N invites": checks the sheet again, queues the rows to send (one transaction),
    /// remembers the mapping, and sends the batch. Nothing is written for a batch whose key is
    /// missing.
    #[allow(clippy::too_many_arguments)]
    pub async fn send_sheet(
        &self,
        team: Option<&Team>,
        sheet: u64,
        job: serde_json::Value,
        mapping: Mapping,
        include: Vec<u32>,
        account: Option<String>,
        events: &(dyn Fn(BatchEvent) + Send + Sync),
    ) -> AppResult<BatchSummary> {
        self.db.check_writable()?;
        let s = self.sheet(sheet)?;
        let provider = job_provider(&job).ok_or_else(|| {
            AppError::validation("provider", "Choose a provider on the Invite form.")
        })?;
        let settings = self.settings.get();
        let route = crate::settings::accounts::route(&settings, provider, account.as_deref())?;
        let guard = guard_account(&settings, &route);
        let db = self.db.clone();
        let (sheet_ref, mapping_ref) = (s.clone(), mapping.clone());
        let checked = blocking(move || {
            check_sheet_via(
                &db,
                &sheet_ref,
                &job,
                &mapping_ref,
                &include,
                guard.as_deref(),
            )
        })
        .await?;
        drop(
            crate::secrets::read_key(&self.secrets, &route)
                .await
                .map_err(|e| e.with_provider(provider))?,
        );
        let db = self.db.clone();
        let headers = s.headers.clone();
        let account = InviteAccount::from(&route);
        let batch = blocking(move || queue_via(&db, &s, &checked, &account)).await?;
        self.settings.remember_account(provider, &route.account);
        self.settings
            .remember_mapping(provider, columns::to_saved(&mapping, &headers));
        self.run_batch(team, batch, events).await
    }

    /// Sends the `queued` rows of `batch` (a new batch, or one resumed after a pause, a quit or
    /// a crash) with the provider's key and the Settings' bulk options; in team mode (`team`)
    /// every row is claimed first, and the outcomes are shared at once (`Team::nudge`).
    pub async fn run_batch(
        &self,
        team: Option<&Team>,
        batch: i64,
        events: &(dyn Fn(BatchEvent) + Send + Sync),
    ) -> AppResult<BatchSummary> {
        self.db.check_writable()?;
        let summary = self.db.batch_summary(batch)?.ok_or_else(|| {
            AppError::new(
                ErrorKind::NotFound,
                format!("Batch {batch} is not in History."),
            )
        })?;
        let Some(control) = self.start(batch) else {
            return Err(AppError::new(
                ErrorKind::Duplicate,
                "This batch is being sent right now.",
            ));
        };
        let _running = Running { bulk: self, batch };
        let provider = summary.provider;
        let settings = self.settings.get();
        // The batch's own account, whatever is selected now (a resumed batch included).
        let route = crate::settings::accounts::route(&settings, provider, Some(&summary.account))
            .map_err(|e| e.with_provider(provider))?;
        let key = crate::secrets::read_key(&self.secrets, &route)
            .await
            .map_err(|e| e.with_provider(provider))?;
        let concurrency = settings.bulk_concurrency as usize;
        let opts = RunOptions {
            concurrency,
            tidyhire_chunk: settings.bulk_tidyhire_chunk as usize,
            // The lane is shared by every batch to this vendor: one slot where the vendor
            // must see one request at a time, or two batches would race each other.
            lane: Some(self.lane(
                provider,
                if crate::providers::one_request_at_a_time(provider) {
                    1
                } else {
                    concurrency
                },
            )),
            guard_account: guard_account(&settings, &route),
            ..RunOptions::default()
        };
        let vendor = run::Vendor {
            http: self.http.client()?,
            key: &key,
            base_url: &route.base_url,
        };
        let result = run::run(self.db.clone(), vendor, batch, opts, control, events, team)
            .await
            .map_err(|e| e.with_provider(provider));
        if let Some(t) = team {
            t.nudge();
        }
        crate::applog::line(&match &result {
            Ok(s) => format!(
                "batch via {}: {} sent, {} failed, {} unknown, {} not sent yet",
                provider.id(),
                s.sent,
                s.failed,
                s.unknown,
                s.queued
            ),
            Err(e) => format!("batch via {} stopped ({:?})", provider.id(), e.kind),
        });
        result
    }

    /// Closes the queued rows of an unfinished batch (nothing is sent); a running batch is
    /// cancelled instead (0 returned: its run closes the rows).
    pub fn discard(&self, batch: i64) -> AppResult<usize> {
        if self.control(batch, Control::Cancel) {
            return Ok(0);
        }
        self.db.check_writable()?;
        self.db.cancel_batch(batch)
    }
}

/// What the desktop notification says when a batch ended while the window was behind another.
pub fn notice_words(result: &AppResult<BatchSummary>) -> String {
    match result {
        Ok(s) if s.queued > 0 => format!("The batch stopped with {} invites not sent.", s.queued),
        Ok(s) => format!(
            "The batch is done: {} sent, {} failed, {} unknown.",
            s.sent, s.failed, s.unknown
        ),
        Err(e) => format!("The batch stopped: {}", e.message),
    }
}

/// Reads a sheet file off the async workers: text in this process (bounded), a workbook in a
/// child process of this app with a memory and time limit (`read::read_path`), so a file built
/// to exhaust memory ends in a message naming it, never in the app's end.
pub async fn read_path(path: PathBuf) -> AppResult<Sheet> {
    let exe = std::env::current_exe().map_err(|e| {
        AppError::internal(format!(
            "Invite Desk could not find its own program to read the sheet safely ({e})."
        ))
    })?;
    blocking(move || read::read_path(&exe, &path)).await
}

/// The provider of a job (the Invite form's JSON).
fn job_provider(job: &serde_json::Value) -> Option<Provider> {
    job.get("provider")
        .and_then(serde_json::Value::as_str)
        .and_then(Provider::from_id)
}

/// Runs blocking work (a sheet read, a check) off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(format!("A background task stopped: {e}")))?
}
