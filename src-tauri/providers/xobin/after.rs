//! Xobin after sending: where an invite stands (the AI interview's invited list), its report,
//! and revoking it (vendors.md §1, §8); the status read and revoke's id rule for the dispatch in
//! `providers/status.rs`.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::Value;

use super::{id_field, str_field, KEY_HEADER, P};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::providers::tracking::{
    self, Reader, RevokeAnswer, Stage, StatusAsk, VendorStatus, MAX_WAITS,
};
use crate::providers::{ask, PreparedRequest};

/// `GET /ai-interviews/invited/<ai_interview_id>`: every candidate invited to that interview.
pub fn invited_request(ai_interview_id: &str, base_url: &str) -> PreparedRequest {
    PreparedRequest::get(
        base_url,
        &format!("/ai-interviews/invited/{}", path_part(ai_interview_id)),
        KEY_HEADER,
    )
}

/// One candidate of the invited list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invited {
    pub response_id: String,
    pub invite_status: String,
    /// Xobin's `last_updated_at` (an HTTP-date), as given.
    pub last_updated_at: Option<String>,
}

/// The invited list: a JSON array (documented), or the same array under `data` / `invites`
/// (tolerated). Items without a `response_id` are skipped.
pub fn parse_invited(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<Vec<Invited>> {
    let what = "the list of invited candidates";
    if !(200..300).contains(&status) {
        return Err(tracking::read_error(P, status, retry_after, body, what));
    }
    let v = tracking::read_json(P, status, body, what)?;
    let list = v
        .as_array()
        .or_else(|| v.get("data").and_then(Value::as_array))
        .or_else(|| v.get("invites").and_then(Value::as_array))
        .ok_or_else(|| tracking::read_unreadable(P, status, body, what))?;
    Ok(list
        .iter()
        .filter_map(|item| {
            Some(Invited {
                response_id: id_field(item, "response_id")?,
                invite_status: str_field(item, "invite_status")
                    .unwrap_or_else(|| "(no status given)".into()),
                last_updated_at: str_field(item, "last_updated_at"),
            })
        })
        .collect())
}

/// `GET /ai-interviews/report/<response_id>`: score, recommendation and report link.
pub fn report_request(response_id: &str, base_url: &str) -> PreparedRequest {
    PreparedRequest::get(
        base_url,
        &format!("/ai-interviews/report/{}", path_part(response_id)),
        KEY_HEADER,
    )
}

/// The report. Xobin gives data "only once the interview is completed": a 404, a 400 or a body
/// without a score or a link before that is `None` (no report yet), not an error. The fields
/// may sit at the top level or under `data` (both are read).
pub fn parse_report(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<Option<VendorStatus>> {
    if status == 404 || status == 400 {
        return Ok(None);
    }
    let what = "the interview report";
    if !(200..300).contains(&status) {
        return Err(tracking::read_error(P, status, retry_after, body, what));
    }
    let v = tracking::read_json(P, status, body, what)?;
    let r = v.get("data").filter(|d| d.is_object()).unwrap_or(&v);
    let score = tracking::text_of(r, &["score"]);
    let report_link = tracking::https_only(tracking::text_of(r, &["report_link"]));
    if score.is_none() && report_link.is_none() {
        return Ok(None);
    }
    let word = str_field(r, "invite_status").unwrap_or_else(|| "Completed".into());
    Ok(Some(VendorStatus {
        score,
        recommendation: tracking::text_of(r, &["recommendation"]),
        report_link,
        ..VendorStatus::of_word(&word)
    }))
}

/// `PATCH /ai-interviews/invite/revoke` with `{response_id (integer), notify_candidate}`.
pub fn revoke_request(response_id: u64, notify_candidate: bool, base_url: &str) -> PreparedRequest {
    PreparedRequest::json(
        Method::PATCH,
        base_url,
        "/ai-interviews/invite/revoke",
        KEY_HEADER,
        &serde_json::json!({"response_id": response_id, "notify_candidate": notify_candidate}),
    )
}

/// The four documented answers, read from `status` whatever the HTTP status that carries them
/// (the documents give none). Without one of them, a non-2xx is the vendor's error and a 2xx
/// unreadable.
pub fn parse_revoke(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<RevokeAnswer> {
    let v = serde_json::from_slice::<Value>(body).ok();
    let word = v.as_ref().and_then(|v| str_field(v, "status"));
    let message = v
        .as_ref()
        .and_then(|v| str_field(v, "message"))
        .unwrap_or_default();
    let norm = word
        .as_deref()
        .map(|w| w.to_ascii_uppercase().replace([' ', '-'], "_"));
    match norm.as_deref() {
        Some("REVOKED") => Ok(RevokeAnswer::Revoked { message }),
        Some("NOT_ALLOWED") => Ok(RevokeAnswer::NotAllowed { message }),
        Some("ALREADY_REVOKED") => Ok(RevokeAnswer::AlreadyRevoked { message }),
        Some("FAILED") => Ok(RevokeAnswer::Failed { message }),
        _ if !(200..300).contains(&status) => Err(tracking::read_error(
            P,
            status,
            retry_after,
            body,
            "this invite to revoke",
        )),
        _ => Err(tracking::read_unreadable(
            P,
            status,
            body,
            "the revoke's result",
        )),
    }
}

/// Where each invite of one AI interview stands: one list call for all of them, then the report
/// of each completed one (score, recommendation, report link).
pub async fn read_status(asks: &[StatusAsk<'_>], r: Reader<'_>) -> Vec<AppResult<VendorStatus>> {
    let Some(first) = asks.first() else {
        return Vec::new();
    };
    let job_ref = first.job_ref;
    let list = r
        .lane
        .read(MAX_WAITS, || {
            let req = invited_request(job_ref, r.base_url);
            async move {
                ask(
                    r.http,
                    &req,
                    r.key,
                    P,
                    "the invited candidates",
                    parse_invited,
                )
                .await
            }
        })
        .await;
    let list = match list {
        Ok(l) => l,
        Err(e) => return asks.iter().map(|_| Err(e.clone())).collect(),
    };
    let mut out = Vec::with_capacity(asks.len());
    for a in asks {
        let rid = a.id(P);
        let Some(found) = list.iter().find(|i| i.response_id == rid) else {
            out.push(Err(AppError::new(
                ErrorKind::NotFound,
                format!(
                    "Xobin no longer lists this invite (response {rid}) among the candidates of \
                     AI interview {}.",
                    a.job_ref
                ),
            )));
            continue;
        };
        let mut st = VendorStatus::of_word(&found.invite_status);
        if st.stage == Some(Stage::Completed) {
            let report = r
                .lane
                .read(MAX_WAITS, || {
                    let req = report_request(&rid, r.base_url);
                    async move { ask(r.http, &req, r.key, P, "the report", parse_report).await }
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

/// The id a revoke needs: the invite's numeric `response_id` (vendors.md §8).
pub fn revoke_id(ids: &BTreeMap<String, String>) -> Option<u64> {
    ids.get("response_id").and_then(|s| s.parse::<u64>().ok())
}

/// Revokes an invite by its `response_id`; Xobin emails the candidate when `notify_candidate`.
pub async fn revoke(
    response_id: u64,
    notify_candidate: bool,
    r: Reader<'_>,
) -> AppResult<RevokeAnswer> {
    let req = revoke_request(response_id, notify_candidate, r.base_url);
    let _slot = r.lane.slot().await?;
    ask(r.http, &req, r.key, P, "the revoke", parse_revoke).await
}

/// An id as one URL path segment (ids are digits; anything else is percent-encoded).
fn path_part(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.trim().as_bytes()).collect()
}
