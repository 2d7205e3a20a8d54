//! The loop with the vendors around an invite: the pickers before sending (Hireflix positions,
//! Apploi applicants, cached while the app runs), where each sent invite stands (refreshed with
//! bounded concurrency per vendor, honouring a 429's `Retry-After`), and revoking a Xobin
//! invite. Every call goes through `providers::ask`; what is read is stored beside the invite by
//! `history` (status tables) — an invite's send outcome is never changed here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{InviteRecord, InviteStatus, Outcome};
use crate::providers::tracking::{after_send, ApplicantPage, Position, Stage, VendorStatus};
use crate::providers::{self, apploi, hireflix, interviewflow, xobin, Provider};
use crate::secrets::ApiKey;
use crate::state::AppState;

/// Status calls on their way at once, per vendor.
pub const REFRESH_CONCURRENCY: usize = 4;
/// A row's status call refused with 429 is asked again at most this many times.
const MAX_WAITS: u32 = 3;
/// The wait after a 429 without a readable `Retry-After`; and the longest wait honoured.
const DEFAULT_WAIT: Duration = Duration::from_secs(10);
const LONGEST_WAIT: Duration = Duration::from_secs(120);
/// Picker matches returned at once (the list scrolls; typing narrows it).
const PICKER_MATCHES: usize = 100;

/// A list of positions and when it was read.
type CachedPositions = (DateTime<Utc>, Arc<Vec<Position>>);

/// The loop's state while the app runs: the pickers' caches and each vendor's lane.
#[derive(Default)]
pub struct Tracking {
    positions: Mutex<Option<CachedPositions>>,
    applicants: Mutex<HashMap<String, ApplicantPage>>,
    lanes: Mutex<HashMap<Provider, Arc<Lane>>>,
}

/// Status calls to one vendor share its slots and its "wait until" after a 429.
struct Lane {
    slots: tokio::sync::Semaphore,
    gate: Mutex<Option<Instant>>,
}

impl Tracking {
    fn lane(&self, p: Provider) -> Arc<Lane> {
        self.lanes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(p)
            .or_insert_with(|| {
                Arc::new(Lane {
                    slots: tokio::sync::Semaphore::new(REFRESH_CONCURRENCY),
                    gate: Mutex::new(None),
                })
            })
            .clone()
    }
}

// ---- Pickers --------------------------------------------------------------------------------

/// The Hireflix positions matching a search, open ones first.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PositionList {
    /// At most 100 matches; `matches` says how many there are.
    pub positions: Vec<Position>,
    #[ts(type = "number")]
    pub matches: usize,
    #[ts(type = "number")]
    pub open: usize,
    #[ts(type = "number")]
    pub archived: usize,
    /// When the list was read from Hireflix (it is cached while the app runs).
    pub loaded_at: DateTime<Utc>,
}

/// Hireflix's positions matching `query` (name or id, ignoring case), archived ones only when
/// asked. Read once and cached while the app runs; `refresh` reads them again.
pub async fn positions(
    state: &AppState,
    query: &str,
    archived: bool,
    refresh: bool,
) -> AppResult<PositionList> {
    let cached = state
        .tracking
        .positions
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let (loaded_at, all) = match cached {
        Some(c) if !refresh => c,
        _ => {
            let p = Provider::Hireflix;
            let key = crate::invite::read_key(state, p).await?;
            let req = hireflix::positions_request(&state.settings.get().base_url(p));
            let list = providers::ask(
                &state.http,
                &req,
                &key,
                p,
                "the positions",
                hireflix::parse_positions,
            )
            .await?;
            let fresh = (Utc::now(), Arc::new(list));
            *state
                .tracking
                .positions
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = Some(fresh.clone());
            fresh
        }
    };
    Ok(filter_positions(&all, query, archived, loaded_at))
}

/// The picker's search over a cached list: pure, so 10,000 positions are matched in Rust in
/// well under a millisecond per keystroke and only 100 cross to the web view.
pub fn filter_positions(
    all: &[Position],
    query: &str,
    archived: bool,
    loaded_at: DateTime<Utc>,
) -> PositionList {
    let q = query.trim().to_lowercase();
    let mut matches = 0;
    let mut positions = Vec::new();
    for p in all {
        if p.archived && !archived {
            continue;
        }
        if !q.is_empty() && !p.name.to_lowercase().contains(&q) && !p.id.to_lowercase().contains(&q)
        {
            continue;
        }
        matches += 1;
        if positions.len() < PICKER_MATCHES {
            positions.push(p.clone());
        }
    }
    PositionList {
        positions,
        matches,
        open: all.iter().filter(|p| !p.archived).count(),
        archived: all.iter().filter(|p| p.archived).count(),
        loaded_at,
    }
}

/// One page of Apploi applicants for a search (name or email) and an optional job id; pages
/// are cached while the app runs, `refresh` asks again.
pub async fn applicants(
    state: &AppState,
    query: &str,
    job_id: Option<&str>,
    offset: u32,
    refresh: bool,
) -> AppResult<ApplicantPage> {
    let job_id = job_id.map(str::trim).filter(|j| !j.is_empty());
    if let Some(j) = job_id {
        if !j.chars().all(|c| c.is_ascii_digit()) {
            return Err(AppError::validation(
                "jobId",
                "An Apploi job id is digits only (the number in the job's address).",
            ));
        }
    }
    let cache_key = format!(
        "{}\u{1f}{}\u{1f}{offset}",
        query.trim().to_lowercase(),
        job_id.unwrap_or("")
    );
    if !refresh {
        if let Some(hit) = state
            .tracking
            .applicants
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&cache_key)
        {
            return Ok(hit.clone());
        }
    }
    let p = Provider::Apploi;
    let key = crate::invite::read_key(state, p).await?;
    let limit = apploi::APPLICANT_PAGE;
    let req = apploi::applicants_request(
        &state.settings.get().base_url(p),
        query,
        job_id,
        limit,
        offset,
    );
    let page = providers::ask(&state.http, &req, &key, p, "the applicants", |s, ra, b| {
        apploi::parse_applicants(s, ra, b, offset, limit)
    })
    .await?;
    let mut cache = state
        .tracking
        .applicants
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if cache.len() > 200 {
        cache.clear();
    }
    cache.insert(cache_key, page.clone());
    Ok(page)
}

// ---- Status ---------------------------------------------------------------------------------

/// One row's refresh, as it finishes.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusRow {
    #[ts(type = "number")]
    pub id: i64,
    /// The stored status after this refresh (the last good one when it failed).
    pub status: Option<InviteStatus>,
    /// Why this row could not be refreshed, in plain words.
    pub error: Option<String>,
}

/// What a "Refresh all shown" did.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefreshSummary {
    #[ts(type = "number")]
    pub checked: usize,
    #[ts(type = "number")]
    pub failed: usize,
    /// Rows whose vendor cannot be asked (Tidyhire, Apploi) or that have nothing to ask about.
    #[ts(type = "number")]
    pub skipped: usize,
}

/// Why a row cannot be refreshed, or `None` when it can.
pub fn not_refreshable(r: &InviteRecord) -> Option<String> {
    let a = after_send(r.provider);
    if !a.can_refresh {
        return Some(a.note.to_string());
    }
    if r.outcome != Outcome::Sent {
        return Some(format!(
            "This invite's outcome is “{}”: there is no invite at {} to ask about.",
            r.outcome.label(),
            r.provider.display_name()
        ));
    }
    let id = a.status_id;
    if !r.vendor_ids.contains_key(id) {
        return Some(format!(
            "{} gave no {id} for this invite, so Invite Desk cannot ask about it.",
            r.provider.display_name()
        ));
    }
    None
}

/// Refreshes the status of the invites `ids`, reporting each row through `report` as it ends.
/// Rows are asked with at most `REFRESH_CONCURRENCY` calls per vendor at once; Xobin rows of one
/// AI interview share one list call. A 429 makes that vendor's later calls wait its
/// `Retry-After` (at most 2 minutes), and the row is asked again (a read is safe to repeat).
/// A failure is stored as the row's refresh error; the last good status stays.
pub async fn refresh(
    state: &AppState,
    ids: &[i64],
    report: impl Fn(StatusRow) + Send + Sync,
) -> AppResult<RefreshSummary> {
    let mut summary = RefreshSummary::default();
    let mut rows = Vec::new();
    for &id in ids {
        match state.db.get(id)? {
            Some(r) => match not_refreshable(&r) {
                None => rows.push(r),
                Some(why) => {
                    summary.skipped += 1;
                    report(StatusRow {
                        id,
                        status: r.status,
                        error: Some(why),
                    });
                }
            },
            None => summary.skipped += 1,
        }
    }
    // One unit per call: Xobin rows grouped by AI interview, every other row alone.
    let mut units: Vec<Vec<InviteRecord>> = Vec::new();
    let mut xobin_groups: HashMap<String, usize> = HashMap::new();
    for r in rows {
        if r.provider == Provider::Xobin {
            if let Some(&i) = xobin_groups.get(&r.job_ref) {
                units[i].push(r);
                continue;
            }
            xobin_groups.insert(r.job_ref.clone(), units.len());
        }
        units.push(vec![r]);
    }
    let mut keys: HashMap<Provider, Result<ApiKey, AppError>> = HashMap::new();
    for u in &units {
        let p = u[0].provider;
        if let std::collections::hash_map::Entry::Vacant(e) = keys.entry(p) {
            e.insert(crate::invite::read_key(state, p).await);
        }
    }
    let report = &report;
    let summary_cell = Mutex::new(summary);
    let work = units.into_iter().map(|unit| {
        // Every unit's provider had its key read above.
        let key = &keys[&unit[0].provider];
        let cell = &summary_cell;
        async move {
            let results = match key {
                Ok(key) => refresh_unit(state, &unit, key).await,
                Err(e) => unit.iter().map(|_| Err(e.clone())).collect(),
            };
            for (r, res) in unit.iter().zip(results) {
                let row = match res {
                    Ok(st) => match state.db.record_status(r.id, &st) {
                        Ok(stored) => {
                            cell.lock().unwrap_or_else(|e| e.into_inner()).checked += 1;
                            StatusRow {
                                id: r.id,
                                status: Some(stored),
                                error: None,
                            }
                        }
                        Err(e) => failed_row(state, r.id, &e.message, cell),
                    },
                    Err(e) => failed_row(state, r.id, &e.message, cell),
                };
                report(row);
            }
        }
    });
    futures_util::future::join_all(work).await;
    Ok(summary_cell.into_inner().unwrap_or_else(|e| e.into_inner()))
}

fn failed_row(state: &AppState, id: i64, message: &str, cell: &Mutex<RefreshSummary>) -> StatusRow {
    cell.lock().unwrap_or_else(|e| e.into_inner()).failed += 1;
    let status = state.db.record_status_error(id, message).ok();
    StatusRow {
        id,
        status,
        error: Some(message.to_string()),
    }
}

/// The vendor id a status call asks about (`AfterSend::status_id`; checked by `not_refreshable`).
fn status_id(r: &InviteRecord) -> String {
    r.vendor_ids
        .get(after_send(r.provider).status_id)
        .cloned()
        .unwrap_or_default()
}

/// The calls for one unit, in its vendor's lane; one result per row.
async fn refresh_unit(
    state: &AppState,
    unit: &[InviteRecord],
    key: &ApiKey,
) -> Vec<AppResult<VendorStatus>> {
    let p = unit[0].provider;
    let base = state.settings.get().base_url(p);
    match p {
        Provider::Xobin => {
            let list = in_lane(state, p, || {
                let req = xobin::invited_request(&unit[0].job_ref, &base);
                async move {
                    providers::ask(
                        &state.http,
                        &req,
                        key,
                        p,
                        "the invited candidates",
                        xobin::parse_invited,
                    )
                    .await
                }
            })
            .await;
            let list = match list {
                Ok(l) => l,
                Err(e) => return unit.iter().map(|_| Err(e.clone())).collect(),
            };
            let mut out = Vec::with_capacity(unit.len());
            for r in unit {
                let rid = status_id(r);
                let Some(found) = list.iter().find(|i| i.response_id == rid) else {
                    out.push(Err(AppError::new(
                        ErrorKind::NotFound,
                        format!(
                            "Xobin no longer lists this invite (response {rid}) among the \
                             candidates of AI interview {}.",
                            r.job_ref
                        ),
                    )));
                    continue;
                };
                let mut st = VendorStatus::of_word(&found.invite_status);
                if st.stage == Some(Stage::Completed) {
                    let report = in_lane(state, p, || {
                        let req = xobin::report_request(&rid, &base);
                        async move {
                            providers::ask(
                                &state.http,
                                &req,
                                key,
                                p,
                                "the report",
                                xobin::parse_report,
                            )
                            .await
                        }
                    })
                    .await;
                    match report {
                        Ok(Some(rep)) => {
                            st.score = rep.score;
                            st.recommendation = rep.recommendation;
                            st.report_link = rep.report_link;
                        }
                        Ok(None) => {}
                        Err(e) => {
                            out.push(Err(e));
                            continue;
                        }
                    }
                }
                out.push(Ok(st));
            }
            out
        }
        Provider::Hireflix => {
            let id = status_id(&unit[0]);
            vec![
                in_lane(state, p, || {
                    let req = hireflix::interview_request(&id, &base);
                    async move {
                        providers::ask(
                            &state.http,
                            &req,
                            key,
                            p,
                            "the interview",
                            hireflix::parse_interview,
                        )
                        .await
                    }
                })
                .await,
            ]
        }
        Provider::Interviewflow => {
            let r = &unit[0];
            let id = status_id(r);
            let job = r
                .vendor_ids
                .get("jobId")
                .cloned()
                .unwrap_or(r.job_ref.clone());
            vec![
                in_lane(state, p, || {
                    let req = interviewflow::fetch_request(&job, &id, &base);
                    let id = id.clone();
                    async move {
                        providers::ask(&state.http, &req, key, p, "the candidate", |s, ra, b| {
                            interviewflow::parse_fetch(s, ra, b, &id)
                        })
                        .await
                    }
                })
                .await,
            ]
        }
        Provider::Tidyhire | Provider::Apploi => unit
            .iter()
            .map(|_| Err(AppError::new(ErrorKind::Vendor, after_send(p).note)))
            .collect(),
    }
}

/// Runs one read in the vendor's lane: waits for a slot and for any 429 wait, and asks again
/// after a 429 (at most `MAX_WAITS` times), making the vendor's other calls wait too.
async fn in_lane<T, F, Fut>(state: &AppState, p: Provider, call: F) -> AppResult<T>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    let lane = state.tracking.lane(p);
    let mut waits = 0;
    loop {
        let until = *lane.gate.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = until {
            let now = Instant::now();
            if t > now {
                tokio::time::sleep(t - now).await;
            }
        }
        let result = {
            let _slot = lane
                .slots
                .acquire()
                .await
                .map_err(|_| AppError::internal("the refresh lane closed"))?;
            call().await
        };
        match result {
            Err(e) if e.kind == ErrorKind::RateLimited && waits < MAX_WAITS => {
                waits += 1;
                let wait = e
                    .retry_after_secs
                    .map(Duration::from_secs)
                    .unwrap_or(DEFAULT_WAIT)
                    .min(LONGEST_WAIT);
                let mut gate = lane.gate.lock().unwrap_or_else(|e| e.into_inner());
                let t = Instant::now() + wait;
                if gate.is_none_or(|g| g < t) {
                    *gate = Some(t);
                }
            }
            other => return other,
        }
    }
}

// ---- Revoke ---------------------------------------------------------------------------------

/// What a revoke did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevokeResult {
    pub answer: providers::tracking::RevokeAnswer,
    /// The sentence to show.
    pub message: String,
    pub status: Option<InviteStatus>,
}

/// The question the native confirmation asks before a revoke.
pub fn revoke_question(r: &InviteRecord, notify: bool) -> String {
    let job = r.job_name.as_deref().unwrap_or(&r.job_ref);
    format!(
        "Revoke the Xobin invite of {} <{}> to “{job}”? The link stops working{}. This cannot be \
         undone from Invite Desk.",
        r.candidate_name,
        r.candidate_email,
        if notify {
            " and Xobin emails the candidate"
        } else {
            "; the candidate is not told"
        }
    )
}

/// Checks that invite `id` can be revoked and returns it.
pub fn revocable(state: &AppState, id: i64) -> AppResult<InviteRecord> {
    let r = state.db.get(id)?.ok_or_else(|| {
        AppError::new(
            ErrorKind::NotFound,
            format!("Invite #{id} is not in History."),
        )
    })?;
    if !after_send(r.provider).can_revoke {
        return Err(AppError::new(
            ErrorKind::Validation,
            format!(
                "{} invites cannot be revoked from Invite Desk. {}",
                r.provider.display_name(),
                after_send(r.provider).note
            ),
        ));
    }
    if r.outcome != Outcome::Sent {
        return Err(AppError::new(
            ErrorKind::Validation,
            format!(
                "Only a sent invite can be revoked; this one is “{}”.",
                r.outcome.label()
            ),
        ));
    }
    if r.vendor_ids
        .get("response_id")
        .and_then(|s| s.parse::<u64>().ok())
        .is_none()
    {
        return Err(AppError::new(
            ErrorKind::Validation,
            "Xobin gave no response id for this invite, so it cannot be revoked from Invite Desk: \
             revoke it in Xobin's dashboard.",
        ));
    }
    Ok(r)
}

/// Revokes a Xobin invite (after the coordinator confirmed). A revoked invite (now or before)
/// is stored as status "revoked"; the invite's send outcome stays `sent`.
pub async fn revoke(state: &AppState, r: &InviteRecord, notify: bool) -> AppResult<RevokeResult> {
    let p = r.provider;
    let response_id = r
        .vendor_ids
        .get("response_id")
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or_else(|| AppError::internal("no response id"))?;
    let key = crate::invite::read_key(state, p).await?;
    let req = xobin::revoke_request(response_id, notify, &state.settings.get().base_url(p));
    let answer = providers::ask(
        &state.http,
        &req,
        &key,
        p,
        "the revoke",
        xobin::parse_revoke,
    )
    .await?;
    drop(key);
    let message = answer.sentence();
    let status = if answer.is_revoked() {
        let word = match &answer {
            providers::tracking::RevokeAnswer::AlreadyRevoked { .. } => "ALREADY_REVOKED",
            _ => "REVOKED",
        };
        Some(state.db.record_status(r.id, &VendorStatus::of_word(word))?)
    } else {
        state.db.status_of(r.id)?
    };
    Ok(RevokeResult {
        answer,
        message,
        status,
    })
}
