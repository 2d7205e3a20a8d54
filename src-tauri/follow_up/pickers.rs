//! The pickers before sending: Hireflix positions (read once, searched in Rust) and Apploi
//! applicants (paged), cached while the app runs.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{FollowUp, PICKER_MATCHES};
use crate::error::{AppError, AppResult};
use crate::providers::tracking::{ApplicantPage, Position};
use crate::providers::{self, apploi, hireflix, Provider};

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

/// Hireflix's positions of an account matching `query` (name or id, ignoring case), archived ones only when
/// asked. Read once and cached while the app runs; `refresh` reads them again.
impl FollowUp {
    pub async fn positions(
        &self,
        account: Option<&str>,
        query: &str,
        archived: bool,
        refresh: bool,
    ) -> AppResult<PositionList> {
        let p = Provider::Hireflix;
        let route = self.picker_route(p, account)?;
        let cached = self
            .positions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&route.key_entry())
            .cloned();
        let (loaded_at, all) = match cached {
            Some(c) if !refresh => c,
            _ => {
                let key = self.key(&route).await?;
                let req = hireflix::positions_request(&route.base_url);
                let list = providers::ask(
                    self.http.client()?,
                    &req,
                    &key,
                    p,
                    "the positions",
                    hireflix::parse_positions,
                )
                .await?;
                let fresh = (Utc::now(), Arc::new(list));
                self.positions
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(route.key_entry(), fresh.clone());
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
        account: Option<&str>,
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
        let p = Provider::Apploi;
        let route = self.picker_route(p, account)?;
        let cache_key = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{offset}",
            route.key_entry(),
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
        let key = self.key(&route).await?;
        let limit = apploi::APPLICANT_PAGE;
        let req = apploi::applicants_request(&route.base_url, query, job_id, limit, offset);
        let page = providers::ask(
            self.http.client()?,
            &req,
            &key,
            p,
            "the applicants",
            |s, ra, b| apploi::parse_applicants(s, ra, b, offset, limit),
        )
        .await?;
        let mut cache = self.applicants.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() > 200 {
            cache.clear();
        }
        cache.insert(cache_key, page.clone());
        Ok(page)
    }
}
