//! Sending a batch: its `queued` rows, each checked again, go out in units — Tidyhire's
//! `candidates[]` chunks and Hireflix's aliased mutations (the vendors' own batching), one row
//! otherwise — with bounded concurrency. Each unit's rows are `pending` on disk before its
//! request (in the same commit as the previous unit's outcomes), then `sent` / `failed` /
//! `unknown` by the rule of single invites. A 429 (or a 503 with `Retry-After`) created nothing:
//! the unit goes back to `queued` and the whole batch waits the vendor's time; nothing `unknown`
//! is ever retried. Pause holds new requests, Cancel stops them (requests on their way finish and
//! are recorded), and progress is reported after every unit.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{BatchSummary, Db, Outcome, RowEnd};
use crate::providers::{self, hireflix, InviteForm, InviteOutcome, Provider, ValidInvite};
use crate::secrets::ApiKey;

/// What the coordinator asked of a running batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Control {
    Run,
    Pause,
    Cancel,
}

/// What every batch to one vendor shares: the requests on their way at once (so two batches to
/// one vendor together stay within the setting) and the vendor's "wait until" after a 429.
#[derive(Debug)]
pub struct Lane {
    slots: tokio::sync::Semaphore,
    gate: Mutex<Option<Instant>>,
}

impl Lane {
    pub fn new(concurrency: usize) -> Arc<Lane> {
        Arc::new(Lane {
            slots: tokio::sync::Semaphore::new(concurrency.clamp(1, 16)),
            gate: Mutex::new(None),
        })
    }
}

/// How a batch is sent (Settings → Bulk).
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Requests on their way at once, per batch (one vendor per batch).
    pub concurrency: usize,
    /// Candidates per Tidyhire request.
    pub tidyhire_chunk: usize,
    /// The wait after a 429 without a readable `Retry-After`.
    pub default_wait: Duration,
    /// A unit refused with 429 this many times is recorded `failed` with the vendor's message.
    pub max_waits: u32,
    /// The vendor's lane (shared by its batches); `None`: this batch's own, of `concurrency`.
    pub lane: Option<Arc<Lane>>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 4,
            tidyhire_chunk: providers::tidyhire::DEFAULT_CHUNK,
            default_wait: Duration::from_secs(30),
            max_waits: 5,
            lane: None,
        }
    }
}

/// Where a batch is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RunState {
    Running,
    Paused,
    /// The vendor asked to slow down: no request leaves until `waitSecs` have passed.
    Waiting,
    /// Cancel pressed: requests on their way are finishing.
    Cancelling,
    Done,
    Cancelled,
}

/// Counts, rate and time left, after every unit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    #[ts(type = "number")]
    pub batch: i64,
    pub total: u32,
    pub sent: u32,
    pub failed: u32,
    pub unknown: u32,
    /// Not sent yet (queued).
    pub left: u32,
    /// Requests on their way.
    pub sending: u32,
    /// Invites finished per minute so far in this run.
    pub per_minute: f64,
    #[ts(type = "number | null")]
    pub eta_secs: Option<u64>,
    pub state: RunState,
    #[ts(type = "number | null")]
    pub wait_secs: Option<u64>,
}

/// One row's end, for the table.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowResult {
    pub row: u32,
    #[ts(type = "number")]
    pub invite_id: i64,
    /// The candidate, as the row sends it (for a table drawn from a resumed batch).
    pub name: String,
    pub email: String,
    pub outcome: Outcome,
    pub link: Option<String>,
    pub message: Option<String>,
}

/// What a running batch reports, in order: rows as they end, and progress after every unit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum BatchEvent {
    Rows { rows: Vec<RowResult> },
    Progress(Progress),
}

/// One request's worth of rows.
struct Unit {
    items: Vec<Item>,
    waits: u32,
}

struct Item {
    invite_id: i64,
    row: u32,
    allow_duplicate: bool,
    valid: ValidInvite,
}

/// Counts shared by the workers.
#[derive(Default)]
struct Tally {
    total: u32,
    sent: u32,
    failed: u32,
    unknown: u32,
    left: u32,
    sending: u32,
    done_this_run: u32,
}

/// The batch's shared state while it runs.
struct Run<'a> {
    db: Arc<Db>,
    http: &'a reqwest::Client,
    key: &'a ApiKey,
    base_url: &'a str,
    batch: i64,
    opts: RunOptions,
    queue: Mutex<VecDeque<Unit>>,
    tally: Mutex<Tally>,
    /// The requests on their way and the vendor's 429 wait, shared with the vendor's other batches.
    lane: Arc<Lane>,
    started: Instant,
    events: &'a (dyn Fn(BatchEvent) + Send + Sync),
    /// Team mode: each row is reserved on the team server just before its request.
    team: Option<&'a crate::state::AppState>,
}

/// Runs the blocking history call off the async workers.
async fn db_call<T: Send + 'static>(
    db: &Arc<Db>,
    f: impl FnOnce(&Db) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let db = db.clone();
    tokio::task::spawn_blocking(move || f(&db))
        .await
        .map_err(|e| AppError::internal(format!("A history write was interrupted: {e}")))?
}

/// Sends every `queued` row of `batch` and returns its summary when no row is left (or the
/// batch was cancelled). `control` is watched for Pause / Resume / Cancel.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    db: Arc<Db>,
    http: &reqwest::Client,
    key: &ApiKey,
    base_url: &str,
    batch: i64,
    opts: RunOptions,
    control: watch::Receiver<Control>,
    events: &(dyn Fn(BatchEvent) + Send + Sync),
) -> AppResult<BatchSummary> {
    run_in_team(db, http, key, base_url, batch, opts, control, events, None).await
}

/// `run`, in team mode when `team` is given: every row is reserved on the team server just
/// before its request (after it is `pending` on disk). A row a colleague holds is not sent and
/// is closed naming them; if the team server cannot be reached, the unit goes back to `queued`
/// and the batch stops with a message (resume it when the server is back) — a batch never sends
/// without the team check.
#[allow(clippy::too_many_arguments)]
pub async fn run_in_team(
    db: Arc<Db>,
    http: &reqwest::Client,
    key: &ApiKey,
    base_url: &str,
    batch: i64,
    opts: RunOptions,
    control: watch::Receiver<Control>,
    events: &(dyn Fn(BatchEvent) + Send + Sync),
    team: Option<&crate::state::AppState>,
) -> AppResult<BatchSummary> {
    let summary = db_call(&db, move |db| db.batch_summary(batch))
        .await?
        .ok_or_else(|| {
            AppError::new(
                ErrorKind::NotFound,
                format!("Batch {batch} is not in History."),
            )
        })?;
    let provider = summary.provider;
    let items = db_call(&db, move |db| db.queued_items(batch)).await?;

    // Checked again: a link window may have passed since the rows were queued.
    let now = Utc::now();
    let mut ready = Vec::new();
    let mut invalid = Vec::new();
    for it in items {
        match serde_json::from_value::<InviteForm>(it.form.clone())
            .map_err(|e| AppError::validation("form", format!("The row's form is unreadable: {e}")))
            .and_then(|f| f.validate(now))
        {
            Ok(valid) => ready.push(Item {
                invite_id: it.invite_id,
                row: it.row,
                allow_duplicate: it.allow_duplicate,
                valid,
            }),
            Err(e) => invalid.push((
                it.invite_id,
                it.row,
                person(&it.form),
                AppError::new(
                    ErrorKind::Validation,
                    format!("Row {}: not sent, {}", it.row, lower_first(&e.message)),
                ),
            )),
        }
    }

    let size = match provider {
        Provider::Tidyhire => opts.tidyhire_chunk.clamp(1, 100),
        Provider::Hireflix => hireflix::BATCH_CHUNK,
        _ => 1,
    };
    let mut queue = VecDeque::new();
    let mut it = ready.into_iter().peekable();
    while it.peek().is_some() {
        queue.push_back(Unit {
            items: it.by_ref().take(size).collect(),
            waits: 0,
        });
    }
    // Tidyhire's chunks go one at a time: its first request may create the job's project, and
    // two requests racing on a new `external_id` could create two.
    let lane = opts
        .lane
        .clone()
        .unwrap_or_else(|| Lane::new(opts.concurrency));
    let workers = if provider == Provider::Tidyhire {
        1
    } else {
        opts.concurrency.clamp(1, 16)
    };
    let run = Run {
        db: db.clone(),
        http,
        key,
        base_url,
        batch,
        opts,
        queue: Mutex::new(queue),
        tally: Mutex::new(Tally {
            total: summary.total,
            sent: summary.sent,
            failed: summary.failed,
            unknown: summary.unknown,
            left: summary.queued,
            ..Tally::default()
        }),
        lane,
        started: Instant::now(),
        events,
        team,
    };

    if !invalid.is_empty() {
        let ended: Vec<(i64, AppError)> = invalid
            .iter()
            .map(|(id, _, _, e)| (*id, e.clone()))
            .collect();
        db_call(&db, move |db| db.batch_step(&failed_ends(&ended), &[])).await?;
        let rows = invalid
            .into_iter()
            .map(|(invite_id, row, (name, email), e)| RowResult {
                row,
                invite_id,
                name,
                email,
                outcome: Outcome::Failed,
                link: None,
                message: Some(e.message),
            })
            .collect::<Vec<_>>();
        run.count(&rows, true);
        (run.events)(BatchEvent::Rows { rows });
    }

    run.progress(RunState::Running, None);
    let results =
        futures_util::future::join_all((0..workers).map(|_| run.worker(control.clone()))).await;
    let mut first_error = results.into_iter().find_map(Result::err);

    let cancelled = *control.borrow() == Control::Cancel;
    let closed = if cancelled {
        db_call(&db, move |db| db.cancel_batch(batch)).await
    } else {
        db_call(&db, move |db| db.finish_batch_if_done(batch).map(|_| 0)).await
    };
    if let Err(e) = closed {
        first_error.get_or_insert(e);
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    let summary = db_call(&db, move |db| db.batch_summary(batch))
        .await?
        .ok_or_else(|| AppError::internal("The batch disappeared from History."))?;
    let state = if cancelled {
        RunState::Cancelled
    } else {
        RunState::Done
    };
    {
        let mut t = run.tally.lock().unwrap_or_else(|p| p.into_inner());
        t.sent = summary.sent;
        t.failed = summary.failed;
        t.unknown = summary.unknown;
        t.left = summary.queued;
        t.sending = 0;
    }
    run.progress(state, None);
    Ok(summary)
}

/// Rows closed as `failed` (nothing was sent), with their errors, for `batch_step`.
fn failed_ends(rows: &[(i64, AppError)]) -> Vec<(i64, RowEnd<'_>)> {
    rows.iter()
        .map(|(id, err)| {
            (
                *id,
                RowEnd::Failed {
                    err,
                    unknown: false,
                },
            )
        })
        .collect()
}

/// The name and email a stored form holds, as text (for a row that no longer validates).
fn person(form: &serde_json::Value) -> (String, String) {
    let text = |k: &str| {
        form.get(k)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    (text("candidateName"), text("candidateEmail"))
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether an error means the vendor asked to wait and created nothing.
fn is_wait(e: &AppError) -> bool {
    !e.outcome_unknown
        && (e.kind == ErrorKind::RateLimited
            || (e.status == Some(503) && e.retry_after_secs.is_some()))
}

impl Run<'_> {
    fn progress(&self, state: RunState, wait: Option<u64>) {
        let t = self.tally.lock().unwrap_or_else(|p| p.into_inner());
        let secs = self.started.elapsed().as_secs_f64();
        let per_minute = if secs > 0.0 {
            f64::from(t.done_this_run) * 60.0 / secs
        } else {
            0.0
        };
        let eta_secs = (per_minute > 0.0 && t.left + t.sending > 0)
            .then(|| (f64::from(t.left + t.sending) * 60.0 / per_minute).round() as u64);
        let p = Progress {
            batch: self.batch,
            total: t.total,
            sent: t.sent,
            failed: t.failed,
            unknown: t.unknown,
            left: t.left,
            sending: t.sending,
            per_minute: (per_minute * 10.0).round() / 10.0,
            eta_secs,
            state,
            wait_secs: wait,
        };
        drop(t);
        (self.events)(BatchEvent::Progress(p));
    }

    /// Counts rows that ended (`from_queue`: they never left the queue as `pending`).
    fn count(&self, rows: &[RowResult], from_queue: bool) {
        let mut t = self.tally.lock().unwrap_or_else(|p| p.into_inner());
        for r in rows {
            match r.outcome {
                Outcome::Sent => t.sent += 1,
                Outcome::Unknown => t.unknown += 1,
                _ => t.failed += 1,
            }
            if from_queue {
                t.left = t.left.saturating_sub(1);
            } else {
                t.sending = t.sending.saturating_sub(1);
            }
            t.done_this_run += 1;
        }
    }

    /// Waits while paused or while the vendor's wait runs; false when cancelled.
    async fn may_go(&self, control: &mut watch::Receiver<Control>) -> bool {
        loop {
            let c = *control.borrow();
            match c {
                Control::Cancel => return false,
                Control::Pause => {
                    self.progress(RunState::Paused, None);
                    if control.changed().await.is_err() {
                        return false;
                    }
                    if *control.borrow() == Control::Run {
                        self.progress(RunState::Running, None);
                    }
                    continue;
                }
                Control::Run => {}
            }
            let until = *self.lane.gate.lock().unwrap_or_else(|p| p.into_inner());
            match until {
                Some(t) if t > Instant::now() => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(t.into()) => {}
                        r = control.changed() => if r.is_err() { return false; },
                    }
                }
                _ => return true,
            }
        }
    }

    async fn worker(&self, mut control: watch::Receiver<Control>) -> AppResult<()> {
        // The outcomes of this worker's last unit, written in the same commit as the next
        // unit's `pending` rows (one fsync per unit, not two), or on their own before the worker
        // waits or stops.
        let mut carry: Vec<Ended> = Vec::new();
        loop {
            let free = !matches!(*control.borrow(), Control::Run)
                || self
                    .lane
                    .gate
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .is_some_and(|t| t > Instant::now());
            if free
                || self
                    .queue
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .is_empty()
            {
                self.flush(&mut carry).await?;
            }
            if !self.may_go(&mut control).await {
                return self.flush(&mut carry).await;
            }
            // A place among the vendor's requests on their way (this batch's and any other's to
            // the same vendor), held until this unit's answer is in.
            let Ok(_slot) = self.lane.slots.acquire().await else {
                return self.flush(&mut carry).await;
            };
            if *control.borrow() != Control::Run {
                continue;
            }
            let Some(mut unit) = self
                .queue
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop_front()
            else {
                return self.flush(&mut carry).await;
            };
            // One history call: the last unit's outcomes; the send-time guard (an invite made
            // since the row was queued — a single invite, another batch — skips the row unless
            // the coordinator included it knowingly); `queued` → `pending` for the rest. Only
            // rows still queued go (one cancelled meanwhile is not sent).
            let ended = std::mem::take(&mut carry);
            let checks: Vec<(i64, bool, Provider, String, String)> = unit
                .items
                .iter()
                .map(|i| {
                    (
                        i.invite_id,
                        i.allow_duplicate,
                        i.valid.provider,
                        i.valid.job_ref.clone(),
                        i.valid.candidate_email.clone(),
                    )
                })
                .collect();
            let (ended, skipped, moved) = db_call(&self.db, move |db| {
                let mut skipped = Vec::new();
                let mut go = Vec::new();
                for (id, allow, p, job, email) in &checks {
                    let prev = if *allow {
                        None
                    } else {
                        db.find_previous(*p, job, email)?
                    };
                    match prev {
                        Some(prev) => skipped.push((*id, skipped_error(&prev))),
                        None => go.push(*id),
                    }
                }
                let mut ends: Vec<(i64, RowEnd<'_>)> = ended.iter().map(Ended::row_end).collect();
                ends.extend(failed_ends(&skipped));
                let moved = write_twice(|| db.batch_step(&ends, &go))?;
                drop(ends);
                Ok((ended, skipped, moved))
            })
            .await?;
            self.report(ended);
            if !skipped.is_empty() {
                let rows: Vec<RowResult> = skipped
                    .into_iter()
                    .map(|(id, e)| {
                        let item = unit.items.iter().find(|i| i.invite_id == id);
                        RowResult {
                            row: item.map_or(0, |i| i.row),
                            invite_id: id,
                            name: item
                                .map(|i| i.valid.candidate_name.clone())
                                .unwrap_or_default(),
                            email: item
                                .map(|i| i.valid.candidate_email.clone())
                                .unwrap_or_default(),
                            outcome: Outcome::Failed,
                            link: None,
                            message: Some(e.message),
                        }
                    })
                    .collect();
                self.count(&rows, true);
                (self.events)(BatchEvent::Rows { rows });
            }
            unit.items.retain(|i| moved.contains(&i.invite_id));
            if unit.items.is_empty() {
                continue;
            }
            if let Some(state) = self.team {
                self.reserve_unit(state, &mut unit).await?;
                if unit.items.is_empty() {
                    continue;
                }
            }
            {
                let mut t = self.tally.lock().unwrap_or_else(|p| p.into_inner());
                let n = unit.items.len() as u32;
                t.left = t.left.saturating_sub(n);
                t.sending += n;
            }
            let reqs: Vec<&providers::VendorRequest> =
                unit.items.iter().map(|i| &i.valid.request).collect();
            let results = providers::send_chunk(self.http, &reqs, self.base_url, self.key).await;

            if !results.is_empty() && results.iter().all(|r| r.as_ref().is_err_and(is_wait)) {
                let wait = results
                    .iter()
                    .find_map(|r| r.as_ref().err().and_then(|e| e.retry_after_secs))
                    .map_or(self.opts.default_wait, Duration::from_secs);
                unit.waits += 1;
                if unit.waits <= self.opts.max_waits {
                    let ids: Vec<i64> = unit.items.iter().map(|i| i.invite_id).collect();
                    db_call(&self.db, move |db| db.requeue(&ids)).await?;
                    {
                        let mut t = self.tally.lock().unwrap_or_else(|p| p.into_inner());
                        let n = unit.items.len() as u32;
                        t.sending = t.sending.saturating_sub(n);
                        t.left += n;
                    }
                    {
                        let mut g = self.lane.gate.lock().unwrap_or_else(|p| p.into_inner());
                        let until = Instant::now() + wait;
                        if g.is_none_or(|t| t < until) {
                            *g = Some(until);
                        }
                    }
                    self.queue
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push_front(unit);
                    self.progress(RunState::Waiting, Some(wait.as_secs()));
                    continue;
                }
            }
            carry = ended_rows(&unit, results);
        }
    }

    /// Team mode: reserves each of the unit's (now `pending`) rows on the team server. Rows a
    /// colleague holds are closed as `failed` (nothing was sent) naming them, and leave the unit.
    /// An unreachable server puts the unit back to `queued` and stops this worker with an error.
    async fn reserve_unit(&self, state: &crate::state::AppState, unit: &mut Unit) -> AppResult<()> {
        use crate::team::{self, Reserve};
        let mut held: Vec<(i64, AppError)> = Vec::new();
        for item in &unit.items {
            let id = item.invite_id;
            let fresh = uuid::Uuid::new_v4().to_string();
            let kept = db_call(&self.db, move |db| db.set_attempt(id, &fresh)).await?;
            let attempt = uuid::Uuid::parse_str(&kept).map_err(|_| {
                AppError::storage(format!("Invite #{id} has an unreadable attempt id."))
            })?;
            let facts = team::client::AttemptFacts {
                attempt,
                provider: item.valid.provider.id(),
                job_ref: &item.valid.job_ref,
                email: &item.valid.candidate_email,
                name: &item.valid.candidate_name,
                job_name: item.valid.job_name.as_deref(),
            };
            match team::reserve(state, &facts, None).await {
                Ok(Reserve::Reserved) => {}
                Ok(Reserve::Held(h)) if !item.allow_duplicate || h.state == "pending" => {
                    held.push((
                        id,
                        AppError::new(
                            ErrorKind::Duplicate,
                            if h.state == "pending" {
                                format!(
                                    "Row {}: not sent — {} is inviting {} right now (team).",
                                    item.row, h.holder_name, item.valid.candidate_email
                                )
                            } else {
                                format!(
                                    "Row {}: not sent — {} already invited {} on {} (team).",
                                    item.row,
                                    h.holder_name,
                                    item.valid.candidate_email,
                                    crate::schedule::local_day(h.held_at)
                                )
                            },
                        ),
                    ))
                }
                Ok(Reserve::Held(h)) => {
                    // Included knowingly: override the colleague's finished claim (compare-and-set).
                    match team::reserve(state, &facts, h.version).await {
                        Ok(Reserve::Reserved) => {}
                        Ok(_) => held.push((
                            id,
                            AppError::new(
                                ErrorKind::Duplicate,
                                format!(
                                    "Row {}: not sent — a colleague changed this candidate's claim meanwhile (team).",
                                    item.row
                                ),
                            ),
                        )),
                        Err(e) => return self.team_stop(unit, e).await,
                    }
                }
                Ok(Reserve::Unreachable(e)) | Err(e) => return self.team_stop(unit, e).await,
            }
        }
        if !held.is_empty() {
            let ends = held.clone();
            db_call(&self.db, move |db| {
                write_twice(|| db.batch_step(&failed_ends(&ends), &[]))?;
                for (id, _) in &ends {
                    db.clear_attempt(*id)?;
                }
                Ok(())
            })
            .await?;
            let rows: Vec<RowResult> = held
                .iter()
                .filter_map(|(id, e)| {
                    let item = unit.items.iter().find(|i| i.invite_id == *id)?;
                    Some(RowResult {
                        row: item.row,
                        invite_id: *id,
                        name: item.valid.candidate_name.clone(),
                        email: item.valid.candidate_email.clone(),
                        outcome: Outcome::Failed,
                        link: None,
                        message: Some(e.message.clone()),
                    })
                })
                .collect();
            // Still counted as left: they never went out.
            self.count(&rows, true);
            (self.events)(BatchEvent::Rows { rows });
            unit.items
                .retain(|i| !held.iter().any(|(id, _)| *id == i.invite_id));
        }
        Ok(())
    }

    /// The team server could not answer: the unit's rows go back to `queued` (nothing was sent)
    /// and this worker stops; the batch can be resumed once the server is back.
    async fn team_stop(&self, unit: &mut Unit, e: AppError) -> AppResult<()> {
        let ids: Vec<i64> = unit.items.iter().map(|i| i.invite_id).collect();
        db_call(&self.db, move |db| db.requeue(&ids)).await?;
        unit.items.clear();
        Err(AppError::new(
            e.kind,
            format!(
                "Team check unavailable ({}). The batch stopped; the rows not sent yet are still \
                 queued: resume the batch when the team server is back.",
                e.message
            ),
        ))
    }

    /// Writes carried outcomes on their own (one commit) and reports them.
    async fn flush(&self, carry: &mut Vec<Ended>) -> AppResult<()> {
        if carry.is_empty() {
            return Ok(());
        }
        let ended = std::mem::take(carry);
        let (ended, written) = db_call(&self.db, move |db| {
            let ends: Vec<(i64, RowEnd<'_>)> = ended.iter().map(Ended::row_end).collect();
            let written = write_twice(|| db.batch_step(&ends, &[])).map(|_| ());
            drop(ends);
            Ok((ended, written))
        })
        .await?;
        self.report(ended);
        written
    }

    /// Counts and reports rows whose outcome is now on disk (or could not be written: the row
    /// stays `pending`, which the guard treats as maybe sent and the next start as `unknown`).
    fn report(&self, ended: Vec<Ended>) {
        if ended.is_empty() {
            return;
        }
        let rows: Vec<RowResult> = ended.into_iter().map(|e| e.result).collect();
        self.count(&rows, false);
        (self.events)(BatchEvent::Rows { rows });
        self.progress(RunState::Running, None);
    }
}

/// A row whose request ended: what to record, and what to show.
struct Ended {
    invite_id: i64,
    outcome: AppResult<InviteOutcome>,
    result: RowResult,
}

impl Ended {
    fn row_end(&self) -> (i64, RowEnd<'_>) {
        (
            self.invite_id,
            match &self.outcome {
                Ok(o) => RowEnd::Sent(o),
                Err(e) => RowEnd::Failed {
                    err: e,
                    unknown: e.outcome_unknown,
                },
            },
        )
    }
}

/// A history write retried once, like a single invite's.
fn write_twice<T>(mut f: impl FnMut() -> AppResult<T>) -> AppResult<T> {
    f().or_else(|_| f())
}

/// The message of a row skipped at send time because History holds an invite for it.
fn skipped_error(prev: &crate::history::InviteRecord) -> AppError {
    AppError::new(
        ErrorKind::Duplicate,
        format!(
            "Not sent: {}",
            crate::invite::duplicate_question(prev, prev.provider.display_name())
                .trim_end_matches(" — send another invite?")
        ),
    )
}

/// The unit's rows with their results, in order; a vendor answer with fewer results than rows
/// leaves the rest `unknown` (they may exist).
fn ended_rows(unit: &Unit, results: Vec<AppResult<InviteOutcome>>) -> Vec<Ended> {
    let mut results = results.into_iter();
    unit.items
        .iter()
        .map(|i| {
            let outcome = results.next().unwrap_or_else(|| {
                Err(AppError::new(
                    ErrorKind::Vendor,
                    "The vendor's answer said nothing of this invite, so it may or may not exist. \
                     Check at the vendor before sending it again.",
                )
                .outcome_unknown())
            });
            let result = match &outcome {
                Ok(o) => RowResult {
                    row: i.row,
                    invite_id: i.invite_id,
                    name: i.valid.candidate_name.clone(),
                    email: i.valid.candidate_email.clone(),
                    outcome: Outcome::Sent,
                    link: o.link.clone(),
                    message: Some(o.summary.clone()).filter(|s| !s.is_empty()),
                },
                Err(e) => RowResult {
                    row: i.row,
                    invite_id: i.invite_id,
                    name: i.valid.candidate_name.clone(),
                    email: i.valid.candidate_email.clone(),
                    outcome: if e.outcome_unknown {
                        Outcome::Unknown
                    } else {
                        Outcome::Failed
                    },
                    link: None,
                    message: Some(e.message.clone()),
                },
            };
            Ended {
                invite_id: i.invite_id,
                outcome,
                result,
            }
        })
        .collect()
}
