//! Tidyhire: `POST {base}/interview/invite` with header `x-tidyhire-api-key` (seed 002). Creates
//! or reuses a job by `external_id` and invites candidates; Tidyhire emails them itself and
//! returns no per-candidate link, only the job page and the project login.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::answer;
use super::form::{self, de_list, de_map, de_text};
use super::{BulkField, InviteOutcome, PreparedRequest, Provider, ValidInvite, VendorRequest};
use crate::error::{AppError, AppResult, ErrorKind};

pub const KEY_HEADER: &str = "x-tidyhire-api-key";
const P: Provider = Provider::Tidyhire;

/// The enumerations exactly as seed 002 lists them.
pub const EXPERIENCE_LEVELS: [&str; 6] = [
    "Fresher",
    "1-2 Years",
    "2-5 Years",
    "5-8 Years",
    "8-12 Years",
    "Above 12 Years",
];
pub const SENIORITY_LEVELS: [&str; 6] = ["Entry", "Mid", "Senior", "Lead", "Principal", "Staff"];
pub const WORK_TYPES: [&str; 3] = ["Remote", "On Site", "Hybrid"];
pub const EMPLOYMENT_TYPES: [&str; 4] = ["Full Time", "Part Time", "Contract", "Freelance"];
/// Interview lengths offered. Tidyhire's own list is UNKNOWN (vendors.md): seed 002 shows only
/// `"30 Minutes"`, so the value keeps that shape, and these four are the choices the form
/// offers. Left empty, Tidyhire uses its default. If Tidyhire refuses one, its message is shown.
pub const INTERVIEW_DURATIONS: [&str; 4] = ["15 Minutes", "30 Minutes", "45 Minutes", "60 Minutes"];

/// The Tidyhire section of the invite form.
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "TidyhireForm", optional_fields = nullable)]
pub struct Form {
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_name: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_email: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub external_id: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub job_title: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub job_description: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub experience_level: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub seniority_level: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub work_type: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub employment_type: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub location: Option<String>,
    #[serde(default, deserialize_with = "de_list")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub must_have_skills: Vec<String>,
    #[serde(default, deserialize_with = "de_list")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub good_to_have_skills: Vec<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "de_map")]
    #[ts(as = "Option<BTreeMap<String, String>>", optional)]
    pub candidate_metadata: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "de_text")]
    pub cutoff_score: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub interview_duration: Option<String>,
    #[serde(default, deserialize_with = "de_map")]
    #[ts(as = "Option<BTreeMap<String, String>>", optional)]
    pub metadata: BTreeMap<String, String>,
}

/// One candidate in the `candidates[]` list.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Candidate {
    pub name: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
pub struct InterviewSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff_score: Option<u8>,
    /// The option list is not documented; "30 Minutes" is the documented example. Sent as
    /// typed; Tidyhire's own message is shown if it refuses the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview_duration: Option<String>,
}

impl InterviewSettings {
    fn is_empty(&self) -> bool {
        self.cutoff_score.is_none() && self.interview_duration.is_none()
    }
}

/// The body of `POST /interview/invite`, field for field. `good_to_have_skills` is required by
/// the schema, so it is sent even when empty; `metadata` is sent as `{}` like the documented
/// example; `interview_settings` is left out when neither setting is given.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Request {
    pub external_id: String,
    pub job_title: String,
    pub job_description: String,
    pub experience_level: String,
    pub seniority_level: String,
    pub work_type: String,
    pub employment_type: String,
    pub location: String,
    pub must_have_skills: Vec<String>,
    pub good_to_have_skills: Vec<String>,
    pub candidates: Vec<Candidate>,
    #[serde(default, skip_serializing_if = "InterviewSettings::is_empty")]
    pub interview_settings: InterviewSettings,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// The Tidyhire fields a bulk sheet fills per row (see `BulkField`). The job's fields are one
/// `external_id` for every row, which is what lets a batch go out as `candidates[]` chunks.
pub const BULK_FIELDS: &[BulkField] = &[
    BulkField::own("candidateName", "Name", true),
    BulkField::own("candidateEmail", "Email", true),
    BulkField::own("phone", "Phone", false),
];

pub fn validate(f: &Form, _now: DateTime<Utc>) -> AppResult<ValidInvite> {
    let name = form::name("candidateName", &f.candidate_name)?;
    let email = form::email("candidateEmail", &f.candidate_email)?;
    let external_id = form::job_ref("externalId", &f.external_id, "the job's ID in your ATS")?;
    let external_id = form::max_chars("externalId", external_id, 200, "The job ID")?;
    let job_title = form::required("jobTitle", &f.job_title, "the job title")?;
    let job_description =
        form::required("jobDescription", &f.job_description, "the job description")?;
    let experience_level = form::one_of(
        "experienceLevel",
        &f.experience_level,
        &EXPERIENCE_LEVELS,
        "the experience level",
    )?;
    let seniority_level = form::one_of(
        "seniorityLevel",
        &f.seniority_level,
        &SENIORITY_LEVELS,
        "the seniority level",
    )?;
    let work_type = form::one_of("workType", &f.work_type, &WORK_TYPES, "the work type")?;
    let employment_type = form::one_of(
        "employmentType",
        &f.employment_type,
        &EMPLOYMENT_TYPES,
        "the employment type",
    )?;
    let location = form::required("location", &f.location, "the job location")?;
    let must_have_skills = form::clean_list(&f.must_have_skills);
    if must_have_skills.len() < 3 {
        return Err(AppError::validation(
            "mustHaveSkills",
            format!(
                "Tidyhire needs at least 3 different must-have skills; {} given.",
                must_have_skills.len()
            ),
        ));
    }
    let cutoff_score = match form::text(&f.cutoff_score) {
        None => None,
        Some(s) => match s.parse::<u8>() {
            Ok(n) if n <= 100 => Some(n),
            _ => {
                return Err(AppError::validation(
                    "cutoffScore",
                    format!(
                    "The cutoff score must be a whole number from 0 to 100 (you entered \"{}\").",
                    crate::schedule::shown(&s)
                ),
                ))
            }
        },
    };
    let request = Request {
        external_id: external_id.clone(),
        job_title: job_title.clone(),
        job_description,
        experience_level: experience_level.to_string(),
        seniority_level: seniority_level.to_string(),
        work_type: work_type.to_string(),
        employment_type: employment_type.to_string(),
        location,
        must_have_skills,
        good_to_have_skills: form::clean_list(&f.good_to_have_skills),
        candidates: vec![Candidate {
            name: name.clone(),
            email: email.clone(),
            phone: form::phone("phone", &f.phone)?,
            metadata: form::clean_map(&f.candidate_metadata),
        }],
        interview_settings: InterviewSettings {
            cutoff_score,
            interview_duration: match form::text(&f.interview_duration) {
                None => None,
                Some(_) => Some(
                    form::one_of(
                        "interviewDuration",
                        &f.interview_duration,
                        &INTERVIEW_DURATIONS,
                        "the interview duration",
                    )?
                    .to_string(),
                ),
            },
        },
        metadata: form::clean_map(&f.metadata),
    };
    Ok(ValidInvite {
        job_name: Some(job_title),
        ..ValidInvite::new(VendorRequest::Tidyhire(request), name, email, external_id)
    })
}

pub fn build(req: &Request, base_url: &str) -> PreparedRequest {
    PreparedRequest::json(Method::POST, base_url, "/interview/invite", KEY_HEADER, req)
}

/// Success is `{success: true, data: {project_id, job_url, project_login_url, interviews[]}}`.
/// `success: false` is a refusal with Tidyhire's message. Error statuses and shapes are not
/// documented, so they go through the shared mapping.
///
/// Already-invited candidates are "skipped and returned in the response" next to the new ones,
/// and the documented example shows no flag telling them apart. So a returned item counts as
/// skipped only when it carries a marker (`skipped: true`, or a `status`/`code`/`message`
/// mentioning skip, duplicate, already or exists); a sent candidate missing from the list is
/// named in the summary as not confirmed.
pub fn parse(
    req: &Request,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<InviteOutcome> {
    let data = answer_data(status, retry_after, body)?;
    let mut out = job_outcome(&data);
    let returned = returned_items(&data);
    let mut new = Vec::new();
    let mut missing = Vec::new();
    for c in &req.candidates {
        match find_item(&returned, &c.email) {
            Some(i) if marked_skipped(i) => out.skipped_emails.push(c.email.clone()),
            Some(i) => {
                new.push(c.email.clone());
                // With one candidate (the form), its interview id is the invite's id.
                if req.candidates.len() == 1 {
                    if let Some(id) = i.get("id").and_then(Value::as_str) {
                        out.vendor_ids.insert("interview_id".into(), id.to_string());
                    }
                }
            }
            None => missing.push(c.email.clone()),
        }
    }
    let mut parts = Vec::new();
    if !new.is_empty() {
        parts.push(format!(
            "Tidyhire queued the invite for {} and will email {} itself.",
            new.join(", "),
            if new.len() == 1 {
                "the candidate"
            } else {
                "them"
            }
        ));
    }
    if !out.skipped_emails.is_empty() {
        parts.push(format!(
            "Tidyhire skipped {} as already invited to this job.",
            out.skipped_emails.join(", ")
        ));
    }
    if !missing.is_empty() {
        parts.push(format!(
            "Tidyhire's answer did not list {}: check the project at Tidyhire.",
            missing.join(", ")
        ));
    }
    out.summary = parts.join(" ");
    Ok(out)
}

/// The most candidates one bulk request carries unless Settings say otherwise.
pub const DEFAULT_CHUNK: usize = 25;

/// One request for a chunk of a batch: the job of the first row (every row of a batch has the
/// same job fields, from the Invite form) with every row's candidate, in order.
pub fn batch_request(rows: &[&Request]) -> Option<Request> {
    let mut r = (*rows.first()?).clone();
    r.candidates = rows.iter().flat_map(|x| x.candidates.clone()).collect();
    Some(r)
}

/// A chunk's answer, one result per candidate of `req` in order. An answer that is not a
/// success is every row's error (the rule table decides `failed` or `unknown`). A candidate the
/// answer lists is sent (or skipped by Tidyhire as already invited, which is recorded so); one
/// the answer does not list may or may not exist at Tidyhire: `unknown`, never `failed`.
pub fn parse_batch(
    req: &Request,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<Vec<AppResult<InviteOutcome>>> {
    let data = answer_data(status, retry_after, body)?;
    let base = job_outcome(&data);
    let returned = returned_items(&data);
    Ok(req
        .candidates
        .iter()
        .map(|c| match find_item(&returned, &c.email) {
            Some(i) if marked_skipped(i) => Ok(InviteOutcome {
                skipped_emails: vec![c.email.clone()],
                summary: format!(
                    "Tidyhire skipped {} as already invited to this job.",
                    c.email
                ),
                ..base.clone()
            }),
            Some(i) => {
                let mut out = InviteOutcome {
                    summary: "Tidyhire queued the invite and will email the candidate itself."
                        .to_string(),
                    ..base.clone()
                };
                if let Some(id) = i.get("id").and_then(Value::as_str) {
                    out.vendor_ids.insert("interview_id".into(), id.to_string());
                }
                Ok(out)
            }
            None => Err(AppError::new(
                ErrorKind::Vendor,
                format!(
                    "Tidyhire accepted the request but its answer did not list {}, so this invite \
                     may or may not exist. Check the project at Tidyhire before sending it again.",
                    c.email
                ),
            )
            .with_status(status)
            .outcome_unknown()),
        })
        .collect())
}

/// The answer's `data` after the status and `success` checks.
fn answer_data(status: u16, retry_after: Option<&str>, body: &[u8]) -> AppResult<Value> {
    if !(200..300).contains(&status) {
        return Err(answer::http_error(
            P,
            status,
            retry_after,
            body,
            None,
            "what the request named",
        ));
    }
    let v = answer::json_body(P, status, body)?;
    if v.get("success").and_then(Value::as_bool) == Some(false) {
        let said = answer::json_message(&v).unwrap_or_else(|| answer::excerpt(body));
        let kind = if answer::sounds_bad_key(&said) {
            ErrorKind::InvalidKey
        } else {
            ErrorKind::Vendor
        };
        return Err(
            AppError::new(kind, format!("Tidyhire refused the invite: {said}")).with_status(status),
        );
    }
    match v.get("data").filter(|d| d.is_object()) {
        Some(d) => Ok(d.clone()),
        None => Err(answer::unreadable(P, status, body)),
    }
}

/// The project's id and links, which every invite of the answer shares.
fn job_outcome(data: &Value) -> InviteOutcome {
    let s = |k: &str| {
        data.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    let mut out = InviteOutcome {
        vendor_emails_candidate: true,
        ..Default::default()
    };
    if let Some(id) = s("project_id") {
        out.vendor_ids.insert("project_id".into(), id);
    }
    if let Some(u) = s("job_url") {
        out.extra_links.insert("Job page".into(), u);
    }
    if let Some(u) = s("project_login_url") {
        out.extra_links.insert("Project in Tidyhire".into(), u);
    }
    out
}

fn returned_items(data: &Value) -> Vec<&Value> {
    data.get("interviews")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn find_item<'a>(returned: &[&'a Value], email: &str) -> Option<&'a Value> {
    returned.iter().copied().find(|i| {
        i.get("email")
            .and_then(Value::as_str)
            .is_some_and(|e| e.trim().eq_ignore_ascii_case(email))
    })
}

fn marked_skipped(item: &Value) -> bool {
    if item.get("skipped").and_then(Value::as_bool) == Some(true) {
        return true;
    }
    ["status", "code", "message"].iter().any(|k| {
        item.get(*k).and_then(Value::as_str).is_some_and(|s| {
            let s = s.to_lowercase();
            ["skip", "duplicate", "already", "exist"]
                .iter()
                .any(|w| s.contains(w))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_REQUEST: &str = include_str!("../../tests/fixtures/vendors/tidyhire_request.json");
    const SEED_RESPONSE: &str = include_str!("../../tests/fixtures/vendors/tidyhire_response.json");

    fn seed_request() -> Request {
        serde_json::from_str(SEED_REQUEST).unwrap()
    }

    #[test]
    fn the_seed_request_builds_to_the_same_body_at_the_documented_url() {
        let built = build(&seed_request(), "https://api.tidyhire.app/api/public/");
        assert_eq!(
            built.url,
            "https://api.tidyhire.app/api/public/interview/invite"
        );
        assert_eq!(built.key_header, "x-tidyhire-api-key");
        let seed: Value = serde_json::from_str(SEED_REQUEST).unwrap();
        assert_eq!(built.body, seed);
    }

    #[test]
    fn the_seed_response_gives_the_job_links_and_a_new_candidate() {
        let out = parse(&seed_request(), 200, None, SEED_RESPONSE.as_bytes()).unwrap();
        assert_eq!(out.link, None);
        assert_eq!(out.vendor_ids["project_id"], "64a1b2c3d4e5f6a7b8c9d0e1");
        assert_eq!(out.vendor_ids["interview_id"], "64a1b2c3d4e5f6a7b8c9d0e3");
        assert_eq!(
            out.extra_links["Job page"],
            "https://jobs.tidyhire.app/company/acme/job/64a1b2c3d4e5f6a7b8c9d0e2"
        );
        assert_eq!(
            out.extra_links["Project in Tidyhire"],
            "https://beta.tidyhire.app/app/projects/64a1b2c3d4e5f6a7b8c9d0e1"
        );
        assert!(out.vendor_emails_candidate);
        assert!(out.skipped_emails.is_empty());
        assert!(
            out.summary.contains("john.doe@example.com"),
            "{}",
            out.summary
        );
    }

    #[test]
    fn a_returned_item_marked_as_already_invited_is_reported_as_skipped() {
        let body = br#"{"success":true,"data":{"project_id":"p","interviews":[
            {"id":"i","email":"John.Doe@example.com","status":"skipped: already invited"}]}}"#;
        let out = parse(&seed_request(), 200, None, body).unwrap();
        assert_eq!(out.skipped_emails, vec!["john.doe@example.com".to_string()]);
        assert!(out.summary.contains("skipped"));
    }

    #[test]
    fn success_false_is_a_vendor_error_with_tidyhires_message() {
        let body =
            br#"{"success":false,"message":"must_have_skills must contain at least 3 items"}"#;
        let e = parse(&seed_request(), 200, None, body).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Vendor);
        assert!(e
            .message
            .contains("must_have_skills must contain at least 3 items"));
    }

    #[test]
    fn fewer_than_three_distinct_must_have_skills_are_refused() {
        let f = Form {
            candidate_name: Some("John".into()),
            candidate_email: Some("john@example.com".into()),
            external_id: Some("job-1".into()),
            job_title: Some("Engineer".into()),
            job_description: Some("Builds things".into()),
            experience_level: Some("5-8 years".into()),
            seniority_level: Some("senior".into()),
            work_type: Some("on site".into()),
            employment_type: Some("Full Time".into()),
            location: Some("Remote".into()),
            must_have_skills: vec!["Go".into(), " go ".into(), "Rust".into(), "".into()],
            ..Default::default()
        };
        let e = validate(&f, Utc::now()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("mustHaveSkills"));
        let mut ok = f.clone();
        ok.must_have_skills.push("SQL".into());
        let v = validate(&ok, Utc::now()).unwrap();
        let VendorRequest::Tidyhire(r) = v.request else {
            panic!("tidyhire request")
        };
        assert_eq!(r.experience_level, "5-8 Years");
        assert_eq!(r.work_type, "On Site");
        assert_eq!(r.good_to_have_skills, Vec::<String>::new());
    }
}
