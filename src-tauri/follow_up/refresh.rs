//! Where sent invites stand: each vendor's status read (in its lane), stored beside the invite;
//! the last good status stays when a read fails.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use ts_rs::TS;

use super::{row_route, FollowUp};
use crate::accounts::Route;
use crate::error::{AppError, AppResult};
use crate::history::{InviteRecord, InviteStatus, Outcome};
use crate::providers::status;
use crate::providers::tracking::{after_send, Reader, StatusAsk, VendorStatus};
use crate::providers::Provider;
use crate::secrets::ApiKey;

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
        // Each row is asked through the account it was sent with, never the one selected now:
        // one unit per call, rows of one status group (per account) together, others alone.
        let settings = self.settings.get();
        let mut units: Vec<(AppResult<Route>, Vec<InviteRecord>)> = Vec::new();
        let mut groups: HashMap<(Provider, String, String), usize> = HashMap::new();
        for r in rows {
            let route = row_route(&settings, &r);
            let account = route
                .as_ref()
                .map(|x| x.account.clone())
                .unwrap_or_default();
            if let Some(g) = status::status_group(r.provider, &r.job_ref) {
                let k = (r.provider, account, g);
                if let Some(&i) = groups.get(&k) {
                    units[i].1.push(r);
                    continue;
                }
                groups.insert(k, units.len());
            }
            units.push((route, vec![r]));
        }
        let mut keys: HashMap<String, Result<ApiKey, AppError>> = HashMap::new();
        for (route, _) in &units {
            if let Ok(route) = route {
                if let Entry::Vacant(e) = keys.entry(route.key_entry()) {
                    e.insert(self.key(route).await);
                }
            }
        }
        let http = self.http.client()?;
        let report = &report;
        let summary = Mutex::new(summary);
        let cell = &summary;
        let keys = &keys;
        let work = units.into_iter().map(|(route, unit)| async move {
            let p = unit[0].provider;
            let key = route.and_then(|r| keys[&r.key_entry()].clone().map(|k| (r, k)));
            let results = match key {
                Ok((route, key)) => {
                    let lane = self.lane(p);
                    let reader = Reader {
                        http,
                        key: &key,
                        base_url: &route.base_url,
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
