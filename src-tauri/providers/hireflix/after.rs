//! Hireflix before and after sending: the position picker and an interview's status (§4, §8);
//! the status read for the dispatch in `providers/status.rs`.

use reqwest::Method;
use serde_json::Value;

use super::{KEY_HEADER, P};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::providers::tracking::{
    self, Position, Reader, Stage, StatusAsk, VendorStatus, MAX_WAITS,
};
use crate::providers::{answer, ask, PreparedRequest};

/// `positions { id name archived }`: every position, open and archived.
pub const POSITIONS_QUERY: &str = "query Positions { positions { id name archived } }";

/// One interview by id, with the `InterviewType` fields live integrations read.
pub const INTERVIEW_QUERY: &str = "query Interview($id: String!) { interview(id: $id) { id \
     status answered completed score { value } url { public short private } } }";

pub fn positions_request(base_url: &str) -> PreparedRequest {
    PreparedRequest::json(
        Method::POST,
        base_url,
        "",
        KEY_HEADER,
        &serde_json::json!({ "query": POSITIONS_QUERY }),
    )
}

/// The positions, open ones first (then by name). `archived` is null while open and an epoch-ms
/// timestamp once archived (documented); `true`/`false` are read too. `active` is not used:
/// Hireflix leaves it true after archiving.
pub fn parse_positions(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<Vec<Position>> {
    let what = "the positions";
    let data = read_envelope(status, retry_after, body, what)?;
    let list = data
        .get("positions")
        .and_then(Value::as_array)
        .ok_or_else(|| tracking::read_unreadable(P, status, body, what))?;
    let mut out: Vec<Position> = list
        .iter()
        .filter_map(|p| {
            let id = tracking::text_of(p, &["id"])?;
            let name = tracking::text_of(p, &["name"]).unwrap_or_else(|| id.clone());
            let archived = match p.get("archived") {
                None | Some(Value::Null) | Some(Value::Bool(false)) => false,
                Some(Value::String(s)) => !s.trim().is_empty(),
                Some(_) => true,
            };
            Some(Position { id, name, archived })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.archived, a.name.to_lowercase()).cmp(&(b.archived, b.name.to_lowercase()))
    });
    Ok(out)
}

pub fn interview_request(interview_id: &str, base_url: &str) -> PreparedRequest {
    PreparedRequest::json(
        Method::POST,
        base_url,
        "",
        KEY_HEADER,
        &serde_json::json!({ "query": INTERVIEW_QUERY, "variables": { "id": interview_id } }),
    )
}

/// An interview's status: `pending` / `to_evaluate` / `shortlisted` / `discarded`, its score,
/// and `url.private` (the recruiter's page, https only) as the report link. A `pending`
/// interview with `answered` set (a timestamp or `true`: the type is not documented, both are
/// read) has been started.
pub fn parse_interview(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<VendorStatus> {
    let what = "the interview";
    let data = read_envelope(status, retry_after, body, what)?;
    let i = match data.get("interview") {
        Some(i) if i.is_object() => i,
        Some(Value::Null) => {
            return Err(AppError::new(
                ErrorKind::NotFound,
                "Hireflix has no interview with this id any more (it may have been deleted).",
            )
            .with_status(status))
        }
        _ => return Err(tracking::read_unreadable(P, status, body, what)),
    };
    let word = tracking::text_of(i, &["status"]).unwrap_or_else(|| "(no status given)".into());
    let set = |k: &str| match i.get(k) {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(_) => true,
    };
    let mut st = VendorStatus::of_word(&word);
    if st.stage == Some(Stage::NotStarted) && set("answered") && !set("completed") {
        st.stage = Some(Stage::Started);
    }
    if st.stage == Some(Stage::NotStarted) && set("completed") {
        st.stage = Some(Stage::Completed);
    }
    st.score = tracking::text_of(i, &["/score/value"]).or_else(|| tracking::text_of(i, &["score"]));
    st.report_link = tracking::https_only(tracking::text_of(i, &["/url/private"]));
    Ok(st)
}

/// Where one interview stands (`interview(id)` by the invite's interview id).
pub async fn read_status(a: &StatusAsk<'_>, r: Reader<'_>) -> AppResult<VendorStatus> {
    let id = a.id(P);
    r.lane
        .read(MAX_WAITS, || {
            let req = interview_request(&id, r.base_url);
            async move { ask(r.http, &req, r.key, P, "the interview", parse_interview).await }
        })
        .await
}

/// The GraphQL envelope of a read: HTTP errors, then `errors[]` without `data` (the key, or a
/// refused query), then `data`.
fn read_envelope(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    what: &str,
) -> AppResult<Value> {
    if !(200..300).contains(&status) {
        return Err(tracking::read_error(P, status, retry_after, body, what));
    }
    let v = tracking::read_json(P, status, body, what)?;
    let data = v.get("data").filter(|d| d.is_object()).cloned();
    let msgs: Vec<String> = v
        .get("errors")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|e| e.get("message").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    match data {
        Some(d) => Ok(d),
        None if !msgs.is_empty() => {
            let said = msgs.join("; ");
            let unauth = v.get("errors").and_then(Value::as_array).is_some_and(|a| {
                a.iter().any(|e| {
                    e.pointer("/extensions/code").and_then(Value::as_str) == Some("UNAUTHENTICATED")
                })
            });
            Err(if unauth || answer::sounds_bad_key(&said) {
                AppError::new(
                    ErrorKind::InvalidKey,
                    format!("Hireflix rejected the API key ({said}). Check the key in Settings."),
                )
            } else {
                AppError::new(
                    ErrorKind::Vendor,
                    format!("Hireflix refused to give {what}: {said}"),
                )
            }
            .with_status(status))
        }
        None => Err(tracking::read_unreadable(P, status, body, what)),
    }
}
