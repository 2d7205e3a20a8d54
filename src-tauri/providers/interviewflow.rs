//! InterviewFlowAI: `POST {base}/ingest/candidate` with header `X-API-KEY` (seed 001). Creates
//! one interview and returns its direct link; InterviewFlowAI sends no email in this flow.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::answer;
use super::form::{self, de_list, de_map, de_text};
use super::{BulkField, InviteOutcome, PreparedRequest, Provider, ValidInvite, VendorRequest};
use crate::error::{AppError, AppResult};

pub const KEY_HEADER: &str = "X-API-KEY";
const P: Provider = Provider::Interviewflow;

/// The InterviewFlowAI section of the invite form.
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "InterviewflowForm", optional_fields = nullable)]
pub struct Form {
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_name: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_email: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub job_id: Option<String>,
    /// `shortlisted` or `draft`; empty = the Interviewer's own default.
    #[serde(default, deserialize_with = "de_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub resume_url: Option<String>,
    #[serde(default, deserialize_with = "de_list")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub skills: Vec<String>,
    #[serde(default, deserialize_with = "de_list")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub custom_questions: Vec<String>,
    #[serde(default, deserialize_with = "de_map")]
    #[ts(as = "Option<BTreeMap<String, String>>", optional)]
    pub additional_fields: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "de_map")]
    #[ts(as = "Option<BTreeMap<String, String>>", optional)]
    pub metadata: BTreeMap<String, String>,
}

/// The body of `POST /ingest/candidate`. Empty optional fields are left out, so an omitted
/// `status` lets the Interviewer's default apply (public → shortlisted, private → draft).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub name: String,
    pub email: String,
    pub job_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// The item shape is not documented (the docs say only "candidate-specific custom
    /// questions"); plain strings are the simplest reading. If InterviewFlowAI wants objects
    /// it will refuse the request and its own message is shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_questions: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub additional_fields: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

/// The InterviewFlowAI fields a bulk sheet fills per row (see `BulkField`).
pub const BULK_FIELDS: &[BulkField] = &[
    BulkField::own("candidateName", "Name", true),
    BulkField::own("candidateEmail", "Email", true),
    BulkField::own("resumeUrl", "Résumé URL", false),
];

pub fn validate(f: &Form, _now: DateTime<Utc>) -> AppResult<ValidInvite> {
    let name = form::name("candidateName", &f.candidate_name)?;
    let email = form::email("candidateEmail", &f.candidate_email)?;
    let job_id = form::job_ref(
        "jobId",
        &f.job_id,
        "the InterviewFlowAI job (Interviewer) ID",
    )?;
    let status = match form::text(&f.status) {
        None => None,
        Some(s) => match s.to_lowercase().as_str() {
            "shortlisted" => Some("shortlisted".to_string()),
            "draft" => Some("draft".to_string()),
            _ => {
                return Err(AppError::validation(
                    "status",
                    format!("\"{}\" is not a status InterviewFlowAI knows: choose shortlisted, draft, or leave it empty.", crate::schedule::shown(&s)),
                ))
            }
        },
    };
    let resume_url = form::text(&f.resume_url)
        .map(|u| check_url(&u))
        .transpose()?;
    let request = Request {
        name: name.clone(),
        email: email.clone(),
        job_id: job_id.clone(),
        status,
        resume_url,
        skills: form::clean_list(&f.skills),
        custom_questions: form::clean_list(&f.custom_questions),
        additional_fields: form::clean_map(&f.additional_fields),
        metadata: form::clean_map(&f.metadata),
    };
    Ok(ValidInvite::new(
        VendorRequest::Interviewflow(request),
        name,
        email,
        job_id,
    ))
}

fn check_url(u: &str) -> AppResult<String> {
    match url::Url::parse(u) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {
            Ok(u.to_string())
        }
        _ => Err(AppError::validation(
            "resumeUrl",
            "The resume link must be a web address starting with https:// (or http://) that anyone can open.",
        )),
    }
}

pub fn build(req: &Request, base_url: &str) -> PreparedRequest {
    PreparedRequest::json(Method::POST, base_url, "/ingest/candidate", KEY_HEADER, req)
}

/// Success is `{data: {id, jobId, status, interviewLink, …}, code: 201, message}`. Error bodies
/// and statuses are not documented beyond 401 for a missing key: a duplicate ("already has an
/// interview for this Interviewer") is recognised by HTTP 409 or by its wording, and the
/// vendor's own words are shown. A 2xx whose body carries an error `code` (≥ 400) is treated as
/// that error, in case the API reports failures inside a 200.
pub fn parse(
    _req: &Request,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<InviteOutcome> {
    if !(200..300).contains(&status) {
        return Err(answer::http_error(
            P,
            status,
            retry_after,
            body,
            None,
            "that job (Interviewer) ID",
        ));
    }
    let v = answer::json_body(P, status, body)?;
    let inner_code = v.get("code").and_then(Value::as_u64).unwrap_or(0);
    if (400..600).contains(&inner_code) {
        let code = inner_code as u16;
        return Err(answer::http_error(
            P,
            code,
            retry_after,
            body,
            answer::json_message(&v),
            "that job (Interviewer) ID",
        ));
    }
    let data = v.get("data").filter(|d| d.is_object());
    let link = data
        .and_then(|d| d.get("interviewLink"))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string);
    let Some(link) = link else {
        return Err(answer::unreadable(P, status, body));
    };
    let data = data.cloned().unwrap_or_default();
    let mut out = InviteOutcome {
        link: Some(link),
        vendor_status: data
            .get("status")
            .and_then(Value::as_str)
            .map(str::to_string),
        vendor_emails_candidate: false,
        summary: "InterviewFlowAI created the interview. It sends no email for this kind of \
                  invite: share the link with the candidate."
            .to_string(),
        ..Default::default()
    };
    for k in ["id", "jobId"] {
        if let Some(s) = data.get(k).and_then(Value::as_str) {
            out.vendor_ids.insert(k.to_string(), s.to_string());
        }
    }
    Ok(out)
}

// ---- After sending: the Fetch API (§2) ----

/// `POST /fetch/candidates` with `{interviewerId, interviewId, page, limit}`: one candidate of
/// one Interviewer (the job id the invite was sent with).
pub fn fetch_request(interviewer_id: &str, interview_id: &str, base_url: &str) -> PreparedRequest {
    PreparedRequest::json(
        Method::POST,
        base_url,
        "/fetch/candidates",
        KEY_HEADER,
        &serde_json::json!({
            "interviewerId": interviewer_id,
            "interviewId": interview_id,
            "page": 1,
            "limit": 1,
        }),
    )
}

/// Where one candidate stands: the Fetch API, asked with the job id the invite was sent with.
pub async fn read_status(
    a: &super::tracking::StatusAsk<'_>,
    r: super::tracking::Reader<'_>,
) -> AppResult<crate::providers::tracking::VendorStatus> {
    let id = a.id(P);
    let job = a.ids.get("jobId").map_or(a.job_ref, String::as_str);
    r.lane
        .read(super::tracking::MAX_WAITS, || {
            let req = fetch_request(job, &id, r.base_url);
            let id = id.clone();
            async move {
                super::ask(r.http, &req, r.key, P, "the candidate", |s, ra, b| {
                    parse_fetch(s, ra, b, &id)
                })
                .await
            }
        })
        .await
}

/// The Fetch API's answer shape is not documented [UNKNOWN]. Every plausible reading is
/// handled: the candidate as `data` itself, or in a list under `data`, `data.candidates`,
/// `candidates` or `results` (the one whose `id` / `interviewId` is ours, else the only one);
/// the status under `interviewStatus`, `status` or `state`; the score under `score`,
/// `overallScore`, `interviewScore` or `report.score`; a report link under `reportUrl`,
/// `reportLink`, `report_link`, `scorecardUrl` or `report.url` (https only). An answer with no
/// candidate says so; one with a candidate but no status word is unreadable.
pub fn parse_fetch(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    interview_id: &str,
) -> AppResult<super::tracking::VendorStatus> {
    use super::tracking;
    let what = "the candidate's interview";
    if !(200..300).contains(&status) {
        return Err(tracking::read_error(P, status, retry_after, body, what));
    }
    let v = tracking::read_json(P, status, body, what)?;
    let lists = [
        v.get("data").and_then(Value::as_array),
        v.pointer("/data/candidates").and_then(Value::as_array),
        v.pointer("/data/results").and_then(Value::as_array),
        v.get("candidates").and_then(Value::as_array),
        v.get("results").and_then(Value::as_array),
        v.as_array(),
    ];
    let single = v
        .get("data")
        .filter(|d| d.is_object() && (d.get("id").is_some() || d.get("status").is_some()));
    let ours = |c: &&Value| {
        tracking::text_of(c, &["id", "interviewId", "_id"]).as_deref() == Some(interview_id)
    };
    let candidate = match lists.into_iter().flatten().next() {
        Some(list) => list
            .iter()
            .find(ours)
            .or_else(|| (list.len() == 1).then(|| &list[0])),
        None => single,
    };
    let Some(c) = candidate else {
        return Err(AppError::new(
            crate::error::ErrorKind::NotFound,
            "InterviewFlowAI returned no candidate for this interview (it may have been \
             removed from the Interviewer).",
        )
        .with_status(status)
        .with_provider(P));
    };
    let word = tracking::text_of(c, &["interviewStatus", "status", "state"])
        .ok_or_else(|| tracking::read_unreadable(P, status, body, "a status"))?;
    Ok(tracking::VendorStatus {
        score: tracking::text_of(
            c,
            &["score", "overallScore", "interviewScore", "/report/score"],
        ),
        report_link: tracking::https_only(tracking::text_of(
            c,
            &[
                "reportUrl",
                "reportLink",
                "report_link",
                "scorecardUrl",
                "/report/url",
            ],
        )),
        ..tracking::VendorStatus::of_word(&word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const SEED_REQUEST: &str =
        include_str!("../../tests/fixtures/vendors/interviewflow_request.json");
    const SEED_RESPONSE: &str =
        include_str!("../../tests/fixtures/vendors/interviewflow_response.json");

    #[test]
    fn the_fetch_call_names_the_interviewer_and_the_interview() {
        let r = fetch_request(
            "job-1",
            "iv-9",
            "https://api.interviewflowai.com/api/external",
        );
        assert_eq!(
            r.url,
            "https://api.interviewflowai.com/api/external/fetch/candidates"
        );
        assert_eq!(
            r.body,
            serde_json::json!({"interviewerId": "job-1", "interviewId": "iv-9", "page": 1, "limit": 1})
        );
    }

    #[test]
    fn every_plausible_fetch_answer_gives_the_status() {
        use crate::providers::tracking::Stage;
        let shapes = [
            r#"{"data":[{"id":"iv-9","status":"completed","score":82,"reportUrl":"https://app.interviewflowai.com/r/iv-9"}]}"#,
            r#"{"data":{"candidates":[{"id":"other","status":"shortlisted"},{"interviewId":"iv-9","interviewStatus":"completed","overallScore":82}]}}"#,
            r#"{"candidates":[{"id":"iv-9","state":"Completed","report":{"score":82}}]}"#,
            r#"{"data":{"id":"iv-9","status":"completed","score":"82"}}"#,
        ];
        for body in shapes {
            let s = parse_fetch(200, None, body.as_bytes(), "iv-9").unwrap();
            assert_eq!(s.stage, Some(Stage::Completed), "{body}");
            assert_eq!(s.score.as_deref(), Some("82"), "{body}");
        }
        let e = parse_fetch(200, None, br#"{"data":[]}"#, "iv-9").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert!(parse_fetch(200, None, br#"{"data":[{"id":"iv-9"}]}"#, "iv-9").is_err());
        assert_eq!(
            parse_fetch(401, None, b"{}", "iv-9").unwrap_err().kind,
            ErrorKind::InvalidKey
        );
    }

    fn seed_request() -> Request {
        serde_json::from_str(SEED_REQUEST).unwrap()
    }

    #[test]
    fn the_seed_request_builds_to_the_same_body_at_the_documented_url() {
        let built = build(
            &seed_request(),
            "https://api.interviewflowai.com/api/external",
        );
        assert_eq!(built.method, Method::POST);
        assert_eq!(
            built.url,
            "https://api.interviewflowai.com/api/external/ingest/candidate"
        );
        assert_eq!(built.key_header, "X-API-KEY");
        let seed: Value = serde_json::from_str(SEED_REQUEST).unwrap();
        assert_eq!(built.body, seed);
    }

    #[test]
    fn the_seed_response_gives_the_interview_link() {
        let out = parse(&seed_request(), 201, None, SEED_RESPONSE.as_bytes()).unwrap();
        assert_eq!(
            out.link.as_deref(),
            Some("https://app.interviewflowai.com/form?interviewId=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
        );
        assert_eq!(out.vendor_ids["id"], "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assert_eq!(out.vendor_status.as_deref(), Some("shortlisted"));
        assert!(!out.vendor_emails_candidate);
    }

    #[test]
    fn a_duplicate_is_recognised_from_the_wording_and_keeps_the_vendors_words() {
        let body =
            br#"{"message":"Candidate already has an interview for this interviewer","code":400}"#;
        let e = parse(&seed_request(), 400, None, body).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Duplicate);
        assert!(e
            .message
            .contains("Candidate already has an interview for this interviewer"));
        let e = parse(&seed_request(), 409, None, br#"{"message":"Conflict"}"#).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Duplicate);
    }

    #[test]
    fn an_error_code_inside_a_200_is_still_an_error() {
        let body = br#"{"code":409,"message":"Interview already exists"}"#;
        let e = parse(&seed_request(), 200, None, body).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Duplicate);
    }

    #[test]
    fn a_resume_url_must_be_http_or_https() {
        let mut f = Form {
            candidate_name: Some("Jane".into()),
            candidate_email: Some("jane@example.com".into()),
            job_id: Some("job-1".into()),
            resume_url: Some("ftp://files.example.com/cv.pdf".into()),
            ..Default::default()
        };
        let e = validate(&f, Utc::now()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("resumeUrl"));
        f.resume_url = Some(" https://files.example.com/cv.pdf ".into());
        assert!(validate(&f, Utc::now()).is_ok());
    }
}
