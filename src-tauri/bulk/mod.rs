//! Bulk invites from a spreadsheet: read the sheet (`read`), map its columns to the provider's
//! fields (`columns`), check every row with the same validation as a single invite (`check`),
//! queue the rows in History in one transaction, then send them with the vendor's own batching
//! (`run`). The sheets being looked at and the batches running live in [`Bulk`].

pub mod check;
pub mod columns;
pub mod read;
pub mod run;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::Utc;
use serde::Serialize;
use tokio::sync::watch;
use ts_rs::TS;

pub use check::{CheckReport, Checked};
pub use columns::Mapping;
pub use read::Sheet;
pub use run::{BatchEvent, Control, RunOptions};

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{BatchSummary, Db, NewInvite, QueuedRow};
use crate::providers::Provider;

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

/// The sheets being worked on, the files dropped on the window, and the batches running.
#[derive(Default)]
pub struct Bulk {
    sheets: Mutex<HashMap<u64, Arc<Sheet>>>,
    next: AtomicU64,
    /// The paths of the last files dropped on the window (set by the window's drop event, so
    /// the web view can load a dropped file without naming any path itself).
    dropped: Mutex<Vec<PathBuf>>,
    running: Mutex<HashMap<i64, watch::Sender<Control>>>,
    /// Per vendor: the requests on their way and its 429 wait, shared by all its batches.
    lanes: Mutex<HashMap<Provider, (usize, Arc<run::Lane>)>>,
}

impl Bulk {
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
    pub fn lane(&self, provider: Provider, concurrency: usize) -> Arc<run::Lane> {
        let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        match lanes.get(&provider) {
            Some((n, lane)) if *n == concurrency => lane.clone(),
            _ => {
                let lane = run::Lane::new(concurrency);
                lanes.insert(provider, (concurrency, lane.clone()));
                lane
            }
        }
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

/// Checks a kept sheet against the job (the Invite form's JSON).
pub fn check_sheet(
    db: &Db,
    sheet: &Sheet,
    job: &serde_json::Value,
    mapping: &Mapping,
    include: &[u32],
) -> AppResult<Checked> {
    let include: BTreeSet<u32> = include.iter().copied().collect();
    check::check(db, sheet, job, mapping, &include, Utc::now())
}

/// Writes the rows "Send" sends as one batch of `queued` rows (one transaction); returns the
/// batch id. Refuses when the check found a blocking problem or nothing to send.
pub fn queue(db: &Db, sheet: &Sheet, checked: &Checked) -> AppResult<i64> {
    if let Some(b) = &checked.report.blocking {
        return Err(AppError::validation("sheet", b.clone()));
    }
    if checked.ready.is_empty() {
        return Err(AppError::validation(
            "sheet",
            "No row is ready to send: fix the rows marked with an error, or include the \
             duplicates you mean to send.",
        ));
    }
    let provider: Provider = checked.report.provider;
    let rows: Vec<QueuedRow> = checked
        .ready
        .iter()
        .map(|r| {
            let v = &r.valid;
            let verdict = &checked.report.rows[r.index];
            QueuedRow {
                row: verdict.row,
                invite: NewInvite {
                    provider: v.provider,
                    candidate_name: v.candidate_name.clone(),
                    candidate_email: v.candidate_email.clone(),
                    job_ref: v.job_ref.clone(),
                    job_name: v.job_name.clone(),
                    scheduled_at: v.scheduled_at,
                    start_at: v.start_at,
                    expiry_at: v.expiry_at,
                    zone: v.zone.clone(),
                },
                form: r.form.clone(),
                cells: sheet
                    .rows
                    .get(r.index)
                    .map(|s| s.cells.clone())
                    .unwrap_or_default(),
                allow_duplicate: verdict.status != check::RowStatus::Ready,
            }
        })
        .collect();
    db.create_batch(provider, &sheet.source, &sheet.headers, &rows)
}

/// The unfinished batches, for the start screen.
pub fn unfinished(db: &Db) -> AppResult<Vec<BatchSummary>> {
    db.unfinished_batches()
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

/// Sends the `queued` rows of `batch` (a new batch, or one resumed after a pause, a quit or a
/// crash) with the provider's key and the Settings' bulk options.
pub async fn run_batch(
    state: &crate::state::AppState,
    batch: i64,
    events: &(dyn Fn(BatchEvent) + Send + Sync),
) -> AppResult<BatchSummary> {
    state.db.check_writable()?;
    let summary = state.db.batch_summary(batch)?.ok_or_else(|| {
        AppError::new(
            ErrorKind::NotFound,
            format!("Batch {batch} is not in History."),
        )
    })?;
    let Some(control) = state.bulk.start(batch) else {
        return Err(AppError::new(
            ErrorKind::Duplicate,
            "This batch is being sent right now.",
        ));
    };
    let _running = Running {
        bulk: &state.bulk,
        batch,
    };
    let provider = summary.provider;
    let key = crate::invite::read_key(state, provider)
        .await
        .map_err(|e| e.with_provider(provider))?;
    let settings = state.settings.get();
    let concurrency = settings.bulk_concurrency as usize;
    let opts = RunOptions {
        concurrency,
        tidyhire_chunk: settings.bulk_tidyhire_chunk as usize,
        lane: Some(state.bulk.lane(provider, concurrency)),
        ..RunOptions::default()
    };
    run::run_in_team(
        state.db.clone(),
        &state.http,
        &key,
        &settings.base_url(provider),
        batch,
        opts,
        control,
        events,
        crate::team::enabled(state).then_some(state),
    )
    .await
    .map_err(|e| e.with_provider(provider))
}
