//! Sending a batch: its `queued` rows, each checked again, go out in units — the vendor's own
//! batching (`providers::batch_size`), one row otherwise — with bounded concurrency in the
//! vendor's lane. Each unit's rows are `pending` on disk before its request (in the same commit
//! as the previous unit's outcomes), then `sent` / `failed` / `unknown` by the rule of single
//! invites. A 429 (or a 503 with `Retry-After`) created nothing: the unit goes back to `queued`
//! and the whole lane waits the vendor's (bounded) time; nothing `unknown` is ever retried.
//! Pause holds new requests, Cancel stops them (requests on their way finish and are recorded),
//! and progress is reported after every unit. In team mode each row is reserved on the team
//! server just before its request (`reserve.rs`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use tokio::sync::watch;

use super::progress::{Control, Reporter, RowResult, RunState, Tally};
use super::rows::{failed_ends, person, Ended, Item};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{write_twice, BatchSummary, Db, InviteRecord, Outcome, RowEnd};
use crate::lane::Lane;
use crate::providers::{self, InviteForm, Provider};
use crate::secrets::ApiKey;
use crate::team::Team;

/// How a batch is sent (Settings → Bulk).
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Requests on their way at once, per batch (one vendor per batch).
    pub concurrency: usize,
    /// Candidates per Tidyhire request.
    pub tidyhire_chunk: usize,
    /// A unit refused with 429 this many times is recorded `failed` with the vendor's message.
    pub max_waits: u32,
    /// The vendor's lane (shared by its batches); `None`: this batch's own, of `concurrency`.
    pub lane: Option<Arc<Lane>>,
    /// The guard's last look before a row goes out: invites through this account only
    /// (`None`: through any account of the vendor).
    pub guard_account: Option<String>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 4,
            tidyhire_chunk: providers::tidyhire::DEFAULT_CHUNK,
            max_waits: 5,
            lane: None,
            guard_account: None,
        }
    }
}

/// Where a batch's requests go.
#[derive(Clone, Copy)]
pub struct Vendor<'a> {
    pub http: &'a reqwest::Client,
    pub key: &'a ApiKey,
    pub base_url: &'a str,
}

/// One request's worth of rows.
pub(super) struct Unit {
    pub items: Vec<Item>,
    waits: u32,
}

/// The batch's shared state while it runs.
pub(super) struct Run<'a> {
    pub db: Arc<Db>,
    vendor: Vendor<'a>,
    opts: RunOptions,
    queue: Mutex<VecDeque<Unit>>,
    pub report: Reporter<'a>,
    /// The requests on their way and the vendor's 429 wait, shared with the vendor's other
    /// batches.
    lane: Arc<Lane>,
    /// Team mode: each row is reserved on the team server just before its request.
    pub team: Option<&'a Team>,
}

/// Runs the blocking history call off the async workers.
pub(super) async fn db_call<T: Send + 'static>(
    db: &Arc<Db>,
    f: impl FnOnce(&Db) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let db = db.clone();
    tokio::task::spawn_blocking(move || f(&db))
        .await
        .map_err(|e| AppError::internal(format!("A history write was interrupted: {e}")))?
}

/// Sends every `queued` row of `batch` and returns its summary when no row is left (or the
/// batch was cancelled). `control` is watched for Pause / Resume / Cancel. With `team`, every
/// row is reserved on the team server just before its request (after it is `pending` on disk):
/// a row a colleague holds is not sent and is closed naming them; if the team server cannot be
/// reached, the unit goes back to `queued` and the batch stops with a message (resume it when
/// the server is back) — a batch never sends without the team check.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    db: Arc<Db>,
    vendor: Vendor<'_>,
    batch: i64,
    opts: RunOptions,
    control: watch::Receiver<Control>,
    events: &(dyn Fn(super::BatchEvent) + Send + Sync),
    team: Option<&Team>,
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
    let (ready, invalid) = check_again(items);

    let size = providers::batch_size(provider, opts.tidyhire_chunk);
    let mut queue = VecDeque::new();
    let mut it = ready.into_iter().peekable();
    while it.peek().is_some() {
        queue.push_back(Unit {
            items: it.by_ref().take(size).collect(),
            waits: 0,
        });
    }
    let lane = opts
        .lane
        .clone()
        .unwrap_or_else(|| Lane::new(opts.concurrency));
    let workers = if providers::one_request_at_a_time(provider) {
        1
    } else {
        opts.concurrency.clamp(1, 16)
    };
    let tally = Tally {
        total: summary.total,
        sent: summary.sent,
        failed: summary.failed,
        unknown: summary.unknown,
        left: summary.queued,
        ..Tally::default()
    };
    let run = Run {
        db: db.clone(),
        vendor,
        opts,
        queue: Mutex::new(queue),
        report: Reporter::new(batch, tally, events),
        lane,
        team,
    };

    if !invalid.is_empty() {
        let ended: Vec<(i64, AppError)> = invalid
            .iter()
            .map(|(r, e)| (r.invite_id, e.clone()))
            .collect();
        db_call(&db, move |db| db.batch_step(&failed_ends(&ended), &[])).await?;
        run.report
            .ended(invalid.into_iter().map(|(r, _)| r).collect(), true);
    }

    run.report.progress(RunState::Running, None);
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
    run.report.update(|t| {
        t.sent = summary.sent;
        t.failed = summary.failed;
        t.unknown = summary.unknown;
        t.left = summary.queued;
        t.sending = 0;
    });
    let state = if cancelled {
        RunState::Cancelled
    } else {
        RunState::Done
    };
    run.report.progress(state, None);
    Ok(summary)
}

/// The queued rows checked again (a link window may have passed since they were queued): the
/// rows to send, and the rows closed as `failed` with why.
fn check_again(items: Vec<crate::history::QueuedItem>) -> (Vec<Item>, Vec<(RowResult, AppError)>) {
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
            Err(e) => {
                let (name, email) = person(&it.form);
                let e = AppError::new(
                    ErrorKind::Validation,
                    format!("Row {}: not sent, {}", it.row, lower_first(&e.message)),
                );
                let shown = RowResult {
                    row: it.row,
                    invite_id: it.invite_id,
                    name,
                    email,
                    outcome: Outcome::Failed,
                    link: None,
                    message: Some(e.message.clone()),
                };
                invalid.push((shown, e));
            }
        }
    }
    (ready, invalid)
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

/// The message of a row skipped at send time because History holds an invite for it.
fn skipped_error(prev: &InviteRecord) -> AppError {
    AppError::new(
        ErrorKind::Duplicate,
        format!("Not sent: {}", prev.invited_sentence()),
    )
}

impl Run<'_> {
    /// Waits while paused or while the vendor's wait runs; false when cancelled.
    async fn may_go(&self, control: &mut watch::Receiver<Control>) -> bool {
        loop {
            let c = *control.borrow();
            match c {
                Control::Cancel => return false,
                Control::Pause => {
                    self.report.progress(RunState::Paused, None);
                    if control.changed().await.is_err() {
                        return false;
                    }
                    if *control.borrow() == Control::Run {
                        self.report.progress(RunState::Running, None);
                    }
                    continue;
                }
                Control::Run => {}
            }
            if self.lane.waiting_until().is_none() {
                return true;
            }
            tokio::select! {
                _ = self.lane.wait_gate() => {}
                r = control.changed() => if r.is_err() { return false; },
            }
        }
    }

    fn next_unit(&self) -> Option<Unit> {
        self.queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
    }

    async fn worker(&self, mut control: watch::Receiver<Control>) -> AppResult<()> {
        // The outcomes of this worker's last unit, written in the same commit as the next
        // unit's `pending` rows (one fsync per unit, not two), or on their own before the worker
        // waits or stops.
        let mut carry: Vec<Ended> = Vec::new();
        loop {
            let idle = !matches!(*control.borrow(), Control::Run)
                || self.lane.waiting_until().is_some()
                || self
                    .queue
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .is_empty();
            if idle {
                self.flush(&mut carry).await?;
            }
            if !self.may_go(&mut control).await {
                return self.flush(&mut carry).await;
            }
            // A place among the vendor's requests on their way (this batch's and any other's to
            // the same vendor), held until this unit's answer is in.
            let Ok(_slot) = self.lane.slot().await else {
                return self.flush(&mut carry).await;
            };
            if *control.borrow() != Control::Run {
                continue;
            }
            let Some(mut unit) = self.next_unit() else {
                return self.flush(&mut carry).await;
            };
            self.to_pending(&mut unit, std::mem::take(&mut carry))
                .await?;
            if let Some(team) = self.team {
                self.reserve_unit(team, &mut unit).await?;
                if unit.items.is_empty() {
                    continue;
                }
                // Paused or cancelled while the team answered: nothing is sent; the rows go
                // back to `queued` keeping their attempts (a resume replays their claims, a
                // cancel closes them as failed and frees them).
                if *control.borrow() != Control::Run {
                    self.put_back(unit).await?;
                    continue;
                }
                let ids: Vec<i64> = unit.items.iter().map(|i| i.invite_id).collect();
                db_call(&self.db, move |db| db.mark_vendor_call(&ids)).await?;
            }
            if unit.items.is_empty() {
                continue;
            }
            self.report.sending(unit.items.len() as u32);
            let reqs: Vec<&providers::VendorRequest> =
                unit.items.iter().map(|i| &i.valid.request).collect();
            let v = self.vendor;
            let results = providers::send_chunk(v.http, &reqs, v.base_url, v.key).await;

            if !results.is_empty() && results.iter().all(|r| r.as_ref().is_err_and(is_wait)) {
                unit.waits += 1;
                if unit.waits <= self.opts.max_waits {
                    let asked = results
                        .iter()
                        .find_map(|r| r.as_ref().err().and_then(|e| e.retry_after_secs));
                    let wait = self.lane.hold_off(asked);
                    self.report.requeued(unit.items.len() as u32);
                    self.put_back(unit).await?;
                    self.report.progress(RunState::Waiting, Some(wait.secs));
                    continue;
                }
            }
            carry = Ended::of_unit(&unit.items, results);
        }
    }

    /// One history call: the last unit's outcomes (`ended`); the send-time guard (an invite
    /// made since the row was queued — a single invite, another batch — skips the row unless
    /// the coordinator included it knowingly); `queued` → `pending` for the rest. Only rows
    /// still queued go (one cancelled meanwhile is not sent); the unit keeps those.
    async fn to_pending(&self, unit: &mut Unit, ended: Vec<Ended>) -> AppResult<()> {
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
        // Without a team the rows go to the vendor as soon as they are `pending`.
        let calls_now = self.team.is_none();
        let via = self.opts.guard_account.clone();
        let (ended, skipped, moved) = db_call(&self.db, move |db| {
            let mut skipped = Vec::new();
            let mut go = Vec::new();
            for (id, allow, p, job, email) in &checks {
                let prev = if *allow {
                    None
                } else {
                    db.find_previous_via(*p, job, email, via.as_deref())?
                };
                match prev {
                    Some(prev) => skipped.push((*id, skipped_error(&prev))),
                    None => go.push(*id),
                }
            }
            let mut ends: Vec<(i64, RowEnd<'_>)> = ended.iter().map(Ended::row_end).collect();
            ends.extend(failed_ends(&skipped));
            let moved = write_twice(|| db.batch_step_calling(&ends, &go, calls_now))?;
            drop(ends);
            Ok((ended, skipped, moved))
        })
        .await?;
        self.report_ended(ended);
        let rows = skipped
            .into_iter()
            .filter_map(|(id, e)| {
                let item = unit.items.iter().find(|i| i.invite_id == id)?;
                Some(item.result(Outcome::Failed, None, e.message))
            })
            .collect();
        self.report.ended(rows, true);
        unit.items.retain(|i| moved.contains(&i.invite_id));
        Ok(())
    }

    /// The unit's rows go back to `queued` (nothing was sent) and to the front of the queue.
    async fn put_back(&self, unit: Unit) -> AppResult<()> {
        let ids: Vec<i64> = unit.items.iter().map(|i| i.invite_id).collect();
        db_call(&self.db, move |db| db.requeue(&ids)).await?;
        self.queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_front(unit);
        Ok(())
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
        self.report_ended(ended);
        written
    }

    /// Counts and reports rows whose outcome is now on disk (or could not be written: the row
    /// stays `pending`, which the guard treats as maybe sent and the next start as `unknown`).
    fn report_ended(&self, ended: Vec<Ended>) {
        if ended.is_empty() {
            return;
        }
        self.report
            .ended(ended.into_iter().map(|e| e.result).collect(), false);
        self.report.progress(RunState::Running, None);
    }
}
