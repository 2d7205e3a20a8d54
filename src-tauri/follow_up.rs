//! Following up around an invite: the pickers before sending (Hireflix positions, Apploi
//! applicants, cached while the app runs), where each sent invite stands (refreshed with
//! bounded concurrency per vendor in its lane, honouring a 429's `Retry-After`), and revoking an
//! invite. The vendor calls are the adapters' (`providers::status`); what is read is stored
//! beside the invite by `history` (status tables) — an invite's send outcome is never changed
//! here. [`FollowUp`] is a managed type of its own holding the handles it uses.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{Db, InviteRecord, InviteStatus, Outcome};
use crate::lane::Lane;
use crate::providers::status::{self, Reader, StatusAsk};
use crate::providers::tracking::{after_send, ApplicantPage, Position, RevokeAnswer, VendorStatus};
use crate::providers::{self, apploi, hireflix, Provider};
use crate::secrets::{ApiKey, SecretStore};
use crate::settings::SettingsStore;
use crate::state::AppState;

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
impl FollowUp {
    pub async fn positions(
        &self,
        query: &str,
        archived: bool,
        refresh: bool,
    ) -> AppResult<PositionList> {
        let cached = self
            .positions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let (loaded_at, all) = match cached {
            Some(c) if !refresh => c,
            _ => {
                let p = Provider::Hireflix;
                let key = self.key(p).await?;
                let req = hireflix::positions_request(&self.settings.get().base_url(p));
                let list = providers::ask(
                    &self.http,
                    &req,
                    &key,
                    p,
                    "the positions",
                    hireflix::parse_positions,
                )
                .await?;
                let fresh = (Utc::now(), Arc::new(list));
                *self.positions.lock().unwrap_or_else(|e| e.into_inner()) = Some(fresh.clone());
                fresh
            }
        };
        Ok(filter_positions(&all, query, archived, loaded_at))
    }
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
impl FollowUp {
    pub async fn applicants(
        &self,
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
            if let Some(hit) = self
                .applicants
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&cache_key)
            {
                return Ok(hit.clone());
            }
        }
        let p = Provider::Apploi;
        let key = self.key(p).await?;
        let limit = apploi::APPLICANT_PAGE;
        let req = apploi::applicants_request(
            &self.settings.get().base_url(p),
            query,
            job_id,
            limit,
            offset,
        );
        let page = providers::ask(&self.http, &req, &key, p, "the applicants", |s, ra, b| {
            apploi::parse_applicants(s, ra, b, offset, limit)
        })
        .await?;
        let mut cache = self.applicants.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() > 200 {
            cache.clear();
        }
        cache.insert(cache_key, page.clone());
        Ok(page)
    }
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

impl FollowUp {
    /// Refreshes the status of the invites `ids`, reporting each row through `report` as it
    /// ends. Rows are asked with at most `REFRESH_CONCURRENCY` calls per vendor at once in its
    /// lane; rows one call answers together share it (`providers::status::status_group`). A
    /// 429 makes that vendor's later calls wait its bounded `Retry-After`, and the row is asked
    /// again (a read is safe to repeat). A failure is stored as the row's refresh error; the last
    /// good status stays.
    pub async fn refresh(
        &self,
        ids: &[i64],
        report: impl Fn(StatusRow) + Send + Sync,
    ) -> AppResult<RefreshSummary> {
        let mut summary = RefreshSummary::default();
        let mut rows = Vec::new();
        for &id in ids {
            match self.db.get(id)? {
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
        // One unit per call: rows of one status group together, every other row alone.
        let mut units: Vec<Vec<InviteRecord>> = Vec::new();
        let mut groups: HashMap<(Provider, String), usize> = HashMap::new();
        for r in rows {
            if let Some(g) = status::status_group(r.provider, &r.job_ref) {
                if let Some(&i) = groups.get(&(r.provider, g.clone())) {
                    units[i].push(r);
                    continue;
                }
                groups.insert((r.provider, g), units.len());
            }
            units.push(vec![r]);
        }
        let mut keys: HashMap<Provider, Result<ApiKey, AppError>> = HashMap::new();
        for u in &units {
            let p = u[0].provider;
            if let std::collections::hash_map::Entry::Vacant(e) = keys.entry(p) {
                e.insert(self.key(p).await);
            }
        }
        let report = &report;
        let summary = Mutex::new(summary);
        let cell = &summary;
        let keys = &keys;
        let work = units.into_iter().map(|unit| async move {
            let p = unit[0].provider;
            let results = match &keys[&p] {
                Ok(key) => {
                    let lane = self.lane(p);
                    let base_url = self.settings.get().base_url(p);
                    let reader = Reader {
                        http: &self.http,
                        key,
                        base_url: &base_url,
                        lane: &lane,
                    };
                    let asks: Vec<StatusAsk<'_>> = unit
                        .iter()
                        .map(|r| StatusAsk {
                            job_ref: &r.job_ref,
                            ids: &r.vendor_ids,
                        })
                        .collect();
                    status::read_status(p, &asks, reader).await
                }
                Err(e) => unit.iter().map(|_| Err(e.clone())).collect(),
            };
            for (r, res) in unit.iter().zip(results) {
                report(self.store(r.id, res, cell));
            }
        });
        futures_util::future::join_all(work).await;
        Ok(summary.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    /// Stores one row's refresh (the status, or the error beside the last good status).
    fn store(
        &self,
        id: i64,
        res: AppResult<VendorStatus>,
        cell: &Mutex<RefreshSummary>,
    ) -> StatusRow {
        let stored = res.and_then(|st| self.db.record_status(id, &st));
        let mut summary = cell.lock().unwrap_or_else(|e| e.into_inner());
        match stored {
            Ok(status) => {
                summary.checked += 1;
                StatusRow {
                    id,
                    status: Some(status),
                    error: None,
                }
            }
            Err(e) => {
                summary.failed += 1;
                StatusRow {
                    id,
                    status: self.db.record_status_error(id, &e.message).ok(),
                    error: Some(e.message),
                }
            }
        }
    }
}

// ---- Revoke ---------------------------------------------------------------------------------

/// What a revoke did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevokeResult {
    pub answer: RevokeAnswer,
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

impl FollowUp {
    /// Checks that invite `id` can be revoked and returns it.
    pub fn revocable(&self, id: i64) -> AppResult<InviteRecord> {
        let r = self.db.get(id)?.ok_or_else(|| {
            AppError::new(
                ErrorKind::NotFound,
                format!("Invite #{id} is not in History."),
            )
        })?;
        let a = after_send(r.provider);
        if !a.can_revoke {
            return Err(AppError::new(
                ErrorKind::Validation,
                format!(
                    "{} invites cannot be revoked from Invite Desk. {}",
                    r.provider.display_name(),
                    a.note
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
        if status::revoke_id(r.provider, &r.vendor_ids).is_none() {
            return Err(AppError::new(
                ErrorKind::Validation,
                format!(
                    "{} gave no {} for this invite, so it cannot be revoked from Invite Desk: \
                     revoke it in {}'s dashboard.",
                    r.provider.display_name(),
                    a.status_id.replace('_', " "),
                    r.provider.display_name()
                ),
            ));
        }
        Ok(r)
    }

    /// Revokes an invite (after the coordinator confirmed). A revoked invite (now or before) is
    /// stored as status "revoked"; the invite's send outcome stays `sent`.
    pub async fn revoke(&self, r: &InviteRecord, notify: bool) -> AppResult<RevokeResult> {
        let p = r.provider;
        let id = status::revoke_id(p, &r.vendor_ids)
            .ok_or_else(|| AppError::internal("no revoke id"))?;
        let key = self.key(p).await?;
        let lane = self.lane(p);
        let base_url = self.settings.get().base_url(p);
        let reader = Reader {
            http: &self.http,
            key: &key,
            base_url: &base_url,
            lane: &lane,
        };
        let answer = status::revoke(p, id, notify, reader).await?;
        drop(key);
        let message = answer.sentence();
        let status = if answer.is_revoked() {
            let word = match &answer {
                RevokeAnswer::AlreadyRevoked { .. } => "ALREADY_REVOKED",
                _ => "REVOKED",
            };
            Some(self.db.record_status(r.id, &VendorStatus::of_word(word))?)
        } else {
            self.db.status_of(r.id)?
        };
        Ok(RevokeResult {
            answer,
            message,
            status,
        })
    }
}
