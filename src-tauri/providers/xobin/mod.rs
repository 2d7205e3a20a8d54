//! Xobin: `POST {base}/ai-interviews/invite` with the key in header `apiKey` (seed 000).
//! Dates go out as `YYYY-MM-DD HH:MM` in GMT; the answer carries the invite link.

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

mod after;

use super::answer;
use super::form::{self, de_text, de_wall};
use super::{BulkField, InviteOutcome, PreparedRequest, Provider, ValidInvite, VendorRequest};

use crate::error::{AppError, AppResult, ErrorKind};
use crate::schedule::{self, Resolved, WallTime};
pub use after::*;

pub const KEY_HEADER: &str = "apiKey";
const P: Provider = Provider::Xobin;

/// The Xobin section of the invite form.
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "XobinForm", optional_fields = nullable)]
pub struct Form {
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_name: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_email: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub ai_interview_id: Option<String>,
    /// `getlink` (link only) or `sendlink` (Xobin emails the candidate).
    #[serde(default, deserialize_with = "de_text")]
    pub invite_format: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub custom_field_id: Option<String>,
    #[serde(default, deserialize_with = "de_wall")]
    pub start: Option<WallTime>,
    #[serde(default, deserialize_with = "de_wall")]
    pub expiry: Option<WallTime>,
}

/// Who delivers the link.
/// Xobin's `invite_format`, also the Settings default for the form (`"getlink"` in the settings
/// file, as Xobin spells it; a value Xobin does not know makes the file unreadable → defaults).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default, TS)]
#[serde(rename_all = "lowercase")]
pub enum InviteFormat {
    /// Xobin returns a link and sends no email.
    #[default]
    Getlink,
    /// Xobin emails the invite to the candidate.
    Sendlink,
}

/// A re-invite's form: the first invite's candidate, interview and way of delivery, with the
/// new expiry. History keeps neither the custom field nor the start, so the new invite goes
/// without them (starting at once).
pub fn reinvite_form(
    name: &str,
    email: &str,
    ai_interview_id: &str,
    xobin_emails: bool,
    expiry: WallTime,
) -> Form {
    Form {
        candidate_name: Some(name.to_string()),
        candidate_email: Some(email.to_string()),
        ai_interview_id: Some(ai_interview_id.to_string()),
        invite_format: Some(if xobin_emails { "sendlink" } else { "getlink" }.into()),
        custom_field_id: None,
        start: None,
        expiry: Some(expiry),
    }
}

/// The body of `POST /ai-interviews/invite`, field for field.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Request {
    pub candidate_name: String,
    pub candidate_email: String,
    pub ai_interview_id: u64,
    pub invite_format: InviteFormat,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_field_id: Option<String>,
}

/// Xobin's `start_date`/`expiry_date`: `YYYY-MM-DD HH:MM` in GMT (seed 001).
pub fn gmt(utc: DateTime<Utc>) -> String {
    utc.format("%Y-%m-%d %H:%M").to_string()
}

/// The Xobin fields a bulk sheet fills per row (see `BulkField`).
pub const BULK_FIELDS: &[BulkField] = &[
    BulkField::own("candidateName", "Name", true),
    BulkField::own("candidateEmail", "Email", true),
    BulkField::own("customFieldId", "Custom field ID", false),
];

pub fn validate(f: &Form, now: DateTime<Utc>) -> AppResult<ValidInvite> {
    let name = form::name("candidateName", &f.candidate_name)?;
    let email = form::email("candidateEmail", &f.candidate_email)?;
    let id_text = form::digits("aiInterviewId", &f.ai_interview_id, "the AI interview ID")?;
    let ai_interview_id: u64 = id_text.parse().map_err(|_| {
        AppError::validation(
            "aiInterviewId",
            "That AI interview ID is too long to be real.",
        )
    })?;
    let invite_format = match form::text(&f.invite_format).as_deref() {
        Some("getlink") => InviteFormat::Getlink,
        Some("sendlink") => InviteFormat::Sendlink,
        _ => {
            return Err(AppError::validation(
                "inviteFormat",
                "Choose whether Xobin only creates the link or also emails the candidate.",
            ))
        }
    };
    let custom_field_id = form::text(&f.custom_field_id)
        .map(|c| form::max_chars("customFieldId", c, 255, "The custom field ID"))
        .transpose()?;
    let start = f
        .start
        .as_ref()
        .map(|w| schedule::resolve(w, "start"))
        .transpose()?;
    let expiry = f
        .expiry
        .as_ref()
        .map(|w| schedule::resolve(w, "expiry"))
        .transpose()?;
    let notes = validate_window(start.as_ref(), expiry.as_ref(), now)?;
    let zone = start
        .as_ref()
        .or(expiry.as_ref())
        .map(|r| r.zone.name().to_string());
    let request = Request {
        candidate_name: name.clone(),
        candidate_email: email.clone(),
        ai_interview_id,
        invite_format,
        start_date: start.as_ref().map(|r| gmt(r.utc)),
        expiry_date: expiry.as_ref().map(|r| gmt(r.utc)),
        custom_field_id,
    };
    Ok(ValidInvite {
        start_at: start.map(|r| r.utc),
        expiry_at: expiry.map(|r| r.utc),
        zone,
        notes,
        ..ValidInvite::new(VendorRequest::Xobin(request), name, email, id_text)
    })
}

pub fn build(req: &Request, base_url: &str) -> PreparedRequest {
    PreparedRequest::json(
        Method::POST,
        base_url,
        "/ai-interviews/invite",
        KEY_HEADER,
        req,
    )
}

/// Xobin's documented answers: the invite on success; 403 `limit_exceed` when invites are
/// exhausted; `{"error": "..."}` for other failures (status codes for a bad key, validation
/// or a duplicate are not documented, so those go through the shared mapping by status and
/// wording).
pub fn parse(
    req: &Request,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<InviteOutcome> {
    if !(200..300).contains(&status) {
        let json = serde_json::from_slice::<Value>(body).ok();
        let code = json
            .as_ref()
            .and_then(|v| v.get("error"))
            .and_then(Value::as_str);
        let msg = json.as_ref().and_then(answer::json_message);
        if code == Some("limit_exceed") {
            let said = msg.unwrap_or_else(|| "Invites Exhausted.".to_string());
            return Err(AppError::new(
                ErrorKind::Quota,
                format!("Xobin says this account has no invites left: \"{said}\" Contact Xobin support to add more."),
            )
            .with_status(status));
        }
        return Err(answer::http_error(
            P,
            status,
            retry_after,
            body,
            msg,
            "the AI interview ID",
        ));
    }
    let v = answer::json_body(P, status, body)?;
    if let Some(err) = v.get("error").and_then(Value::as_str) {
        // A 2xx carrying `{"error": ...}` is still a refusal.
        return Err(AppError::new(
            ErrorKind::Vendor,
            format!("Xobin refused the invite: {err}"),
        )
        .with_status(status));
    }
    let link = str_field(&v, "invite_link");
    let response_id = id_field(&v, "response_id");
    if link.is_none() && response_id.is_none() {
        return Err(answer::unreadable(P, status, body));
    }
    let mut out = InviteOutcome {
        link,
        vendor_status: str_field(&v, "status"),
        vendor_emails_candidate: req.invite_format == InviteFormat::Sendlink,
        ..Default::default()
    };
    if let Some(id) = response_id {
        out.vendor_ids.insert("response_id".into(), id);
    }
    let interview = id_field(&v, "ai_interview_id").unwrap_or(req.ai_interview_id.to_string());
    out.vendor_ids.insert("ai_interview_id".into(), interview);
    if let Some(c) = str_field(&v, "custom_field_id").or(req.custom_field_id.clone()) {
        out.vendor_ids.insert("custom_field_id".into(), c);
    }
    let interview_name = str_field(&v, "ai_interview_name");
    out.job_name = interview_name.clone();
    let what = interview_name
        .map(|n| format!("the AI interview \"{n}\""))
        .unwrap_or_else(|| "the AI interview".to_string());
    out.summary = match req.invite_format {
        InviteFormat::Sendlink => {
            format!("Xobin created the invite to {what} and is emailing it to the candidate.")
        }
        InviteFormat::Getlink => format!(
            "Xobin created the invite to {what}. Xobin sends no email: share the link with the candidate."
        ),
    };
    Ok(out)
}

fn str_field(v: &Value, k: &str) -> Option<String> {
    v.get(k)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Ids documented as integers; tolerated as strings.
fn id_field(v: &Value, k: &str) -> Option<String> {
    match v.get(k)? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// Check an invite link's window. Absent start = active now; absent expiry = never expires.
/// Errors (on field `expiry`): expiry in the past, expiry not after start. A start in the past is
/// allowed and reported as a note, as are the absent ends, so the form can say what will happen.
pub fn validate_window(
    start: Option<&Resolved>,
    expiry: Option<&Resolved>,
    now: DateTime<Utc>,
) -> AppResult<Vec<String>> {
    let mut notes = Vec::new();
    if let Some(e) = expiry {
        if e.utc <= now {
            return Err(AppError::validation(
                "expiry",
                format!(
                    "The expiry, {}, is in the past: pick a later date, or leave the expiry empty \
                     so the link never expires.",
                    schedule::describe(e)
                ),
            ));
        }
        if let Some(s) = start {
            if e.utc <= s.utc {
                return Err(AppError::validation(
                    "expiry",
                    format!(
                        "The expiry, {}, is not after the start, {}: pick an expiry later than \
                         the start.",
                        schedule::describe(e),
                        schedule::describe(s)
                    ),
                ));
            }
        }
    }
    match start {
        None => notes.push("No start set: the link is active immediately.".to_string()),
        Some(s) if s.utc <= now => notes.push(format!(
            "The start, {}, is in the past: the link is active immediately.",
            schedule::describe(s)
        )),
        Some(_) => {}
    }
    if expiry.is_none() {
        notes.push("No expiry set: the link never expires.".to_string());
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::tracking::{self, RevokeAnswer};

    const SEED_REQUEST: &str = include_str!("../../../tests/fixtures/vendors/xobin_request.json");
    const SEED_RESPONSE: &str = include_str!("../../../tests/fixtures/vendors/xobin_response.json");
    const SEED_LIMIT: &str =
        include_str!("../../../tests/fixtures/vendors/xobin_limit_exceed.json");

    const INVITED: &str = include_str!("../../../tests/fixtures/vendors/xobin_invited.json");
    const REPORT: &str = include_str!("../../../tests/fixtures/vendors/xobin_report.json");
    const REVOKED: &str = include_str!("../../../tests/fixtures/vendors/xobin_revoke.json");
    const NOT_ALLOWED: &str =
        include_str!("../../../tests/fixtures/vendors/xobin_revoke_not_allowed.json");

    #[test]
    fn the_invited_list_is_a_get_by_interview_and_gives_each_response_its_status() {
        let r = invited_request("305", "https://app.xobin.com/api/v2/");
        assert_eq!(r.method, Method::GET);
        assert_eq!(
            r.url,
            "https://app.xobin.com/api/v2/ai-interviews/invited/305"
        );
        assert!(r.body.is_null());
        let list = parse_invited(200, None, INVITED.as_bytes()).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].response_id, "7421");
        assert_eq!(list[1].invite_status, "Completed");
        assert_eq!(
            list[0].last_updated_at.as_deref(),
            Some("Thu, 10 Jul 2025 11:52:57 GMT")
        );
        let e = parse_invited(200, None, b"<html>maintenance</html>").unwrap_err();
        assert!(e.message.contains("could not read"), "{}", e.message);
        let e = parse_invited(429, Some("30"), b"{}").unwrap_err();
        assert_eq!(e.retry_after_secs, Some(30));
    }

    #[test]
    fn the_report_gives_score_recommendation_and_an_https_link_once_completed() {
        assert_eq!(
            report_request("7421", "https://app.xobin.com/api/v2").url,
            "https://app.xobin.com/api/v2/ai-interviews/report/7421"
        );
        let s = parse_report(200, None, REPORT.as_bytes()).unwrap().unwrap();
        assert_eq!(s.stage, Some(tracking::Stage::Completed));
        assert_eq!(s.score.as_deref(), Some("7.8"));
        assert_eq!(s.recommendation.as_deref(), Some("Recommended"));
        assert_eq!(
            s.report_link.as_deref(),
            Some("https://your-subdomain.xobin.com/interviews/ai/report/shared/7421")
        );
        // Before completion Xobin has no report: not an error.
        assert_eq!(
            parse_report(404, None, br#"{"error":"not found"}"#).unwrap(),
            None
        );
        assert_eq!(
            parse_report(200, None, br#"{"invite_status":"Pending"}"#).unwrap(),
            None
        );
        let wrapped = format!("{{\"data\": {REPORT}}}");
        assert!(parse_report(200, None, wrapped.as_bytes())
            .unwrap()
            .is_some());
        let http = REPORT.replace("https://your-subdomain", "http://your-subdomain");
        let s = parse_report(200, None, http.as_bytes()).unwrap().unwrap();
        assert_eq!(s.report_link, None, "only https report links are kept");
    }

    #[test]
    fn revoke_is_a_patch_with_an_integer_response_id_and_its_four_answers_read() {
        let r = revoke_request(7421, true, "https://app.xobin.com/api/v2");
        assert_eq!(r.method, Method::PATCH);
        assert_eq!(
            r.url,
            "https://app.xobin.com/api/v2/ai-interviews/invite/revoke"
        );
        assert_eq!(
            r.body,
            serde_json::json!({"response_id": 7421, "notify_candidate": true})
        );
        assert!(parse_revoke(200, None, REVOKED.as_bytes())
            .unwrap()
            .is_revoked());
        let na = parse_revoke(200, None, NOT_ALLOWED.as_bytes()).unwrap();
        assert!(!na.is_revoked());
        assert!(
            na.sentence().contains("2025-06-30 12:00:00"),
            "{}",
            na.sentence()
        );
        let already = parse_revoke(400, None, br#"{"status":"ALREADY_REVOKED","message":""}"#);
        assert!(matches!(already, Ok(RevokeAnswer::AlreadyRevoked { .. })));
        let failed = parse_revoke(500, None, br#"{"status":"FAILED","message":"busy"}"#).unwrap();
        assert!(
            failed.sentence().contains("try again"),
            "{}",
            failed.sentence()
        );
        assert!(parse_revoke(500, None, b"oops").is_err());
        assert!(parse_revoke(200, None, b"{}").is_err());
    }

    fn seed_request() -> Request {
        serde_json::from_str(SEED_REQUEST).unwrap()
    }

    #[test]
    fn the_seed_request_round_trips_to_the_same_body() {
        let req = seed_request();
        let built = build(&req, "https://app.xobin.com/api/v2/");
        assert_eq!(built.method, Method::POST);
        assert_eq!(
            built.url,
            "https://app.xobin.com/api/v2/ai-interviews/invite"
        );
        assert_eq!(built.key_header, "apiKey");
        let seed: Value = serde_json::from_str(SEED_REQUEST).unwrap();
        assert_eq!(built.body, seed);
    }

    #[test]
    fn optional_fields_left_empty_are_omitted_from_the_body() {
        let mut req = seed_request();
        req.start_date = None;
        req.expiry_date = None;
        req.custom_field_id = None;
        let body = build(&req, "https://x").body;
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "ai_interview_id",
                "candidate_email",
                "candidate_name",
                "invite_format"
            ]
        );
        assert_eq!(body["ai_interview_id"], 305);
    }

    #[test]
    fn the_seed_success_gives_the_link_and_the_response_id() {
        let out = parse(&seed_request(), 200, None, SEED_RESPONSE.as_bytes()).unwrap();
        assert!(out.link.as_deref().unwrap().starts_with(
            "https://your-subdomain.xobin.com/app/copilot/interview/cl/1A2B3C4D5E?inviteToken="
        ));
        assert_eq!(out.vendor_ids["response_id"], "7421");
        assert_eq!(out.vendor_ids["ai_interview_id"], "305");
        assert_eq!(out.vendor_ids["custom_field_id"], "CAND-2025-001");
        assert_eq!(out.vendor_status.as_deref(), Some("Invite Link created"));
        assert!(!out.vendor_emails_candidate);
        assert!(out.summary.contains("Senior Data Engineer"));
    }

    #[test]
    fn sendlink_invites_say_xobin_emails_the_candidate() {
        let mut req = seed_request();
        req.invite_format = InviteFormat::Sendlink;
        let out = parse(&req, 200, None, SEED_RESPONSE.as_bytes()).unwrap();
        assert!(out.vendor_emails_candidate);
    }

    #[test]
    fn limit_exceed_is_a_quota_error_with_xobins_message() {
        let e = parse(&seed_request(), 403, None, SEED_LIMIT.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Quota);
        assert_eq!(e.status, Some(403));
        assert!(e
            .message
            .contains("Invites Exhausted. Please contact support."));
    }

    #[test]
    fn an_error_body_gives_a_vendor_error_with_xobins_text() {
        let e = parse(
            &seed_request(),
            400,
            None,
            br#"{"error":"ai_interview_id is required"}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Vendor);
        assert!(e.message.contains("ai_interview_id is required"));
        let e = parse(
            &seed_request(),
            403,
            None,
            br#"{"error":"Invalid API key"}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidKey);
    }
}
