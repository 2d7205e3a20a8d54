//! Apploi Partner API: `PUT {base}/applicants/{application_form_id}/interviews` with header
//! `x-api-key` (seed 004) schedules a dated interview. `date` carries the wall-clock digits with
//! a `Z` suffix and `timezone` the IANA zone, which Apploi says overrides the suffix.

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use ts_rs::TS;

use super::answer;
use super::form::{self, de_text, de_wall};
use super::tracking;
use super::{BulkField, InviteOutcome, PreparedRequest, Provider, ValidInvite, VendorRequest};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::schedule::{self, shown, WallTime};

pub const KEY_HEADER: &str = "x-api-key";
const P: Provider = Provider::Apploi;

/// The Apploi section of the invite form.
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ApploiForm", optional_fields = nullable)]
pub struct Form {
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_name: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_email: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub application_form_id: Option<String>,
    #[serde(default, deserialize_with = "de_wall")]
    pub interview: Option<WallTime>,
    #[serde(default, deserialize_with = "de_text")]
    pub duration_minutes: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub location: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub interviewer_id: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub interviewer_team_id: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub interviewer_email: Option<String>,
}

/// Who interviews: Apploi takes either a user id, or a team id plus the interviewer's email.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub enum Interviewer {
    Id(String),
    Team { team_id: String, email: String },
}

/// One schedule call. `application_form_id` goes in the path; the rest is the body.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub application_form_id: String,
    /// `YYYY-MM-DDTHH:MM:00Z`: the wall-clock digits in `timezone`.
    pub date: String,
    /// Minutes, as an integer string.
    pub duration: String,
    pub timezone: String,
    pub location: String,
    pub interviewer: Interviewer,
}

impl Request {
    /// The JSON body, with the vendor's field names.
    pub fn body(&self) -> Value {
        let mut m = Map::new();
        m.insert("date".into(), json!(self.date));
        m.insert("duration".into(), json!(self.duration));
        m.insert("timezone".into(), json!(self.timezone));
        m.insert("location".into(), json!(self.location));
        match &self.interviewer {
            Interviewer::Id(id) => {
                m.insert("interviewerId".into(), json!(id));
            }
            Interviewer::Team { team_id, email } => {
                m.insert("interviewerTeamId".into(), json!(team_id));
                m.insert("interviewerEmail".into(), json!(email));
            }
        }
        Value::Object(m)
    }

    /// "2026-03-08 10:00 America/New_York", read back from what is sent.
    pub fn when(&self) -> String {
        let digits = self.date.trim_end_matches('Z').replacen('T', " ", 1);
        let hm = digits.get(..16).unwrap_or(&digits);
        format!("{hm} {}", self.timezone)
    }
}

/// Apploi's `date`: the wall-clock digits with a `Z` suffix (`YYYY-MM-DDTHH:MM:00Z`). Apploi
/// reads the digits in the zone sent alongside, so the `Z` is not UTC here.
pub fn wall_date(local: chrono::NaiveDateTime) -> String {
    local.format("%Y-%m-%dT%H:%M:00Z").to_string()
}

/// The Apploi fields a bulk sheet fills per row (see `BulkField`): each row is one applicant's
/// application form, and may carry its own interview date, time and zone; where the sheet has
/// no such column, the Invite form's interview date, time or zone applies.
pub const BULK_FIELDS: &[BulkField] = &[
    BulkField::own("candidateName", "Name", true),
    BulkField::own("candidateEmail", "Email", true),
    BulkField::own("applicationFormId", "Application form ID", true),
    BulkField {
        field: "interview.date",
        label: "Interview date",
        required: true,
        per_candidate: false,
    },
    BulkField {
        field: "interview.time",
        label: "Interview time",
        required: true,
        per_candidate: false,
    },
    BulkField {
        field: "interview.zone",
        label: "Time zone",
        required: true,
        per_candidate: false,
    },
];

pub fn validate(f: &Form, now: DateTime<Utc>) -> AppResult<ValidInvite> {
    let name = form::name("candidateName", &f.candidate_name)?;
    let email = form::email("candidateEmail", &f.candidate_email)?;
    let form_id = form::digits(
        "applicationFormId",
        &f.application_form_id,
        "the applicant's application form ID",
    )?;
    let Some(wall) = &f.interview else {
        return Err(AppError::validation(
            "interview",
            "Choose the interview's date, time and time zone.",
        ));
    };
    let at = schedule::resolve(wall, "interview")?;
    if at.utc <= now {
        return Err(AppError::validation(
            "interview",
            "That interview time has already passed. Choose a time in the future.",
        ));
    }
    let duration = match form::text(&f.duration_minutes) {
        None => {
            return Err(AppError::validation(
                "durationMinutes",
                "Enter how long the interview lasts, in minutes.",
            ))
        }
        Some(d) => match d.parse::<u16>() {
            Ok(n) if (1..=720).contains(&n) => n.to_string(),
            _ => {
                return Err(AppError::validation(
                    "durationMinutes",
                    format!("The duration must be a whole number of minutes from 1 to 720 (you entered \"{}\").", shown(&d)),
                ))
            }
        },
    };
    let mut notes = Vec::new();
    let interviewer =
        match form::opt_digits("interviewerId", &f.interviewer_id, "the interviewer ID")? {
            Some(id) => {
                if form::text(&f.interviewer_team_id).is_some()
                    || form::text(&f.interviewer_email).is_some()
                {
                    notes.push(
                    "The interviewer ID was used; the interviewer team ID and email were not sent."
                        .to_string(),
                );
                }
                Interviewer::Id(id)
            }
            None => {
                let team = form::opt_digits(
                    "interviewerTeamId",
                    &f.interviewer_team_id,
                    "the interviewer's team ID",
                )?;
                let mail = form::text(&f.interviewer_email);
                match (team, mail) {
                    (None, None) => {
                        return Err(AppError::validation(
                            "interviewerId",
                            "Enter the interviewer's Apploi user ID, or their team ID and email.",
                        ))
                    }
                    (None, Some(_)) => {
                        return Err(AppError::validation(
                            "interviewerTeamId",
                            "Enter the interviewer's team ID too (Apploi needs it with the email).",
                        ))
                    }
                    (Some(_), None) => {
                        return Err(AppError::validation(
                            "interviewerEmail",
                            "Enter the interviewer's email too (Apploi needs it with the team ID).",
                        ))
                    }
                    (Some(team_id), Some(_)) => Interviewer::Team {
                        team_id,
                        email: form::email("interviewerEmail", &f.interviewer_email)?,
                    },
                }
            }
        };
    let request = Request {
        application_form_id: form_id.clone(),
        date: wall_date(at.local),
        duration,
        timezone: at.zone.name().to_string(),
        location: form::text(&f.location).unwrap_or_else(|| "Virtual".to_string()),
        interviewer,
    };
    Ok(ValidInvite {
        scheduled_at: Some(at.utc),
        zone: Some(at.zone.name().to_string()),
        notes,
        ..ValidInvite::new(VendorRequest::Apploi(request), name, email, form_id)
    })
}

/// The second header. The seed lists two headers, one of them required, without naming the
/// second; Apploi's own published client (PyPI `apploi-partner-api` 0.1.8, generated from
/// Apploi's API definition) sends `_authorization` next to `X-Api-Key`, filled with this
/// placeholder, which its authors say is required by the definition but not used. We send both,
/// exactly as Apploi's client does: if the server ignores it nothing changes, and if the
/// definition's check is enforced the request would fail without it. It is not a secret.
pub const LEGACY_AUTH_HEADER: (&str, &str) = ("_authorization", "legacy-dummy-token");

pub fn build(req: &Request, base_url: &str) -> PreparedRequest {
    let path = format!("/applicants/{}/interviews", req.application_form_id);
    let mut r = PreparedRequest::json(Method::PUT, base_url, &path, KEY_HEADER, &req.body());
    r.extra_headers.push(LEGACY_AUTH_HEADER);
    r
}

/// Documented answers: 403 "Invalid Token", 404 Not Found, 405. The success body is not
/// documented, so any 2xx is a scheduled interview whatever its body (empty, JSON or text);
/// an `id` is picked up when one is there.
pub fn parse(
    req: &Request,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<InviteOutcome> {
    if !(200..300).contains(&status) {
        let said = answer::words(body);
        return Err(match status {
            403 => AppError::new(
                ErrorKind::InvalidKey,
                format!(
                    "Apploi refused the API key ({said}): it is wrong, revoked, or not allowed for \
                     this applicant's team. Check the key in Settings."
                ),
            )
            .with_status(status),
            404 => AppError::new(
                ErrorKind::NotFound,
                format!(
                    "Apploi could not find applicant {} ({said}). Check the application form ID.",
                    req.application_form_id
                ),
            )
            .with_status(status),
            405 => AppError::new(
                ErrorKind::Vendor,
                format!(
                    "Apploi does not accept this request at this address (HTTP 405: {said}). \
                     Check the Apploi base URL in Settings."
                ),
            )
            .with_status(status),
            _ => answer::http_error(P, status, retry_after, body, None, "that applicant"),
        });
    }
    let mut out = InviteOutcome {
        vendor_emails_candidate: false,
        summary: format!("Apploi scheduled the interview for {}.", req.when()),
        ..Default::default()
    };
    out.vendor_ids.insert(
        "application_form_id".into(),
        req.application_form_id.clone(),
    );
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        let id = ["/id", "/interview_id", "/interviewId", "/data/id"]
            .iter()
            .find_map(|p| match v.pointer(p) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            });
        if let Some(id) = id {
            out.vendor_ids.insert("interview_id".into(), id);
        }
        out.vendor_status = answer::json_message(&v);
    }
    Ok(out)
}

// ---- Before sending: the applicant picker (§5, §8) ----

/// Applicants per picker page.
pub const APPLICANT_PAGE: u32 = 50;

/// `GET /applicants?query=…&job_id=…&limit=…&offset=…` (parameters from Apploi's published
/// client; `team_id` is left out: the key is scoped to its team).
pub fn applicants_request(
    base_url: &str,
    query: &str,
    job_id: Option<&str>,
    limit: u32,
    offset: u32,
) -> PreparedRequest {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    let query = query.trim();
    if !query.is_empty() {
        q.append_pair("query", query);
    }
    if let Some(j) = job_id.map(str::trim).filter(|j| !j.is_empty()) {
        q.append_pair("job_id", j);
    }
    q.append_pair("limit", &limit.to_string());
    q.append_pair("offset", &offset.to_string());
    let mut r = PreparedRequest::get(base_url, &format!("/applicants?{}", q.finish()), KEY_HEADER);
    r.extra_headers.push(LEGACY_AUTH_HEADER);
    r
}

/// A page of applicants: `{data: [...], total}` (third-party code "verified live"), a bare
/// array, or the list under `applicants` / `results`. The item fields beyond `id` are not
/// documented [UNKNOWN], so every plausible spelling is read: `name` / `full_name` /
/// `first_name` + `last_name` (also under `applicant`), `email` / `email_address`, `job_id` /
/// `job.id`, `job_title` / `job_name` / `job.name` / `job.title`. An item without an id is
/// skipped (it could not be scheduled).
pub fn parse_applicants(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    offset: u32,
    limit: u32,
) -> AppResult<tracking::ApplicantPage> {
    let what = "the applicants";
    if !(200..300).contains(&status) {
        return Err(tracking::read_error(P, status, retry_after, body, what));
    }
    let v = tracking::read_json(P, status, body, what)?;
    let list = v
        .as_array()
        .or_else(|| v.get("data").and_then(Value::as_array))
        .or_else(|| v.get("applicants").and_then(Value::as_array))
        .or_else(|| v.get("results").and_then(Value::as_array))
        .ok_or_else(|| tracking::read_unreadable(P, status, body, what))?;
    let applicants: Vec<tracking::Applicant> = list
        .iter()
        .filter_map(|a| {
            let id = tracking::text_of(a, &["id", "application_form_id", "applicant_id"])?;
            let person = a.get("applicant").filter(|x| x.is_object()).unwrap_or(a);
            let name = tracking::text_of(person, &["name", "full_name", "fullName"])
                .or_else(|| {
                    let first = tracking::text_of(person, &["first_name", "firstName"]);
                    let last = tracking::text_of(person, &["last_name", "lastName"]);
                    let joined = [first, last]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    (!joined.is_empty()).then_some(joined)
                })
                .unwrap_or_default();
            let email = tracking::text_of(person, &["email", "email_address", "emailAddress"])
                .unwrap_or_default();
            Some(tracking::Applicant {
                id,
                name,
                email,
                job_id: tracking::text_of(a, &["job_id", "jobId", "/job/id"]),
                job_name: tracking::text_of(
                    a,
                    &["job_title", "job_name", "/job/name", "/job/title"],
                ),
            })
        })
        .collect();
    let total = v.get("total").and_then(Value::as_u64);
    let more = match total {
        Some(t) => u64::from(offset) + (list.len() as u64) < t,
        None => list.len() as u32 >= limit,
    };
    Ok(tracking::ApplicantPage {
        applicants,
        total,
        offset,
        more,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_BY_ID: &str =
        include_str!("../../tests/fixtures/vendors/apploi_request_interviewer_id.json");
    const SEED_BY_TEAM: &str =
        include_str!("../../tests/fixtures/vendors/apploi_request_interviewer_team.json");

    const APPLICANTS: &str = include_str!("../../tests/fixtures/vendors/apploi_applicants.json");

    #[test]
    fn the_applicant_search_is_a_get_with_query_job_and_offset_paging() {
        let r = applicants_request(
            "https://partners.apploi.com/",
            " Maria López ",
            Some("88123"),
            50,
            100,
        );
        assert_eq!(r.method, Method::GET);
        assert_eq!(
            r.url,
            "https://partners.apploi.com/applicants?query=Maria+L%C3%B3pez&job_id=88123&limit=50&offset=100"
        );
        assert!(r.extra_headers.contains(&LEGACY_AUTH_HEADER));
        assert_eq!(
            applicants_request("https://partners.apploi.com", "", None, 50, 0).url,
            "https://partners.apploi.com/applicants?limit=50&offset=0"
        );
    }

    #[test]
    fn applicants_are_read_under_every_plausible_field_name() {
        let page = parse_applicants(200, None, APPLICANTS.as_bytes(), 0, 50).unwrap();
        assert_eq!(page.total, Some(2));
        assert!(!page.more);
        let a = &page.applicants;
        assert_eq!(
            (a[0].id.as_str(), a[0].name.as_str()),
            ("265733753", "Maria Lopez")
        );
        assert_eq!(a[0].job_name.as_deref(), Some("Registered Nurse (Nights)"));
        assert_eq!(
            (a[1].name.as_str(), a[1].email.as_str()),
            ("Sam O'Neil", "sam.oneil@example.com")
        );
        assert_eq!(
            (a[1].job_id.as_deref(), a[1].job_name.as_deref()),
            (Some("88124"), Some("Caregiver"))
        );
        // A full page with no total may have more.
        let full: Vec<Value> = (0..50).map(|i| json!({"id": i})).collect();
        let body = serde_json::to_vec(&full).unwrap();
        assert!(parse_applicants(200, None, &body, 0, 50).unwrap().more);
        assert_eq!(
            parse_applicants(403, None, br#"{"message":"Invalid Token"}"#, 0, 50)
                .unwrap_err()
                .kind,
            ErrorKind::InvalidKey
        );
        assert!(parse_applicants(200, None, b"{\"unexpected\": true}", 0, 50).is_err());
    }

    fn by_id() -> Request {
        Request {
            application_form_id: "265733753".into(),
            date: "2022-12-05T17:30:00Z".into(),
            duration: "60".into(),
            timezone: "America/New_York".into(),
            location: "Virtual".into(),
            interviewer: Interviewer::Id("123456".into()),
        }
    }

    #[test]
    fn both_seed_bodies_are_built_exactly() {
        let b = build(&by_id(), "https://partners.apploi.com/");
        assert_eq!(b.method, Method::PUT);
        assert_eq!(
            b.url,
            "https://partners.apploi.com/applicants/265733753/interviews"
        );
        assert_eq!(b.key_header, "x-api-key");
        assert_eq!(b.body, serde_json::from_str::<Value>(SEED_BY_ID).unwrap());
        let mut team = by_id();
        team.interviewer = Interviewer::Team {
            team_id: "23567".into(),
            email: "[email protected]".into(),
        };
        assert_eq!(
            build(&team, "https://partners.apploi.com").body,
            serde_json::from_str::<Value>(SEED_BY_TEAM).unwrap()
        );
    }

    #[test]
    fn any_2xx_is_a_scheduled_interview_whatever_the_body() {
        for body in [&b""[..], b"OK", br#"{"id": 991}"#] {
            let out = parse(&by_id(), 200, None, body).unwrap();
            assert_eq!(
                out.summary,
                "Apploi scheduled the interview for 2022-12-05 17:30 America/New_York."
            );
            assert_eq!(out.link, None);
        }
        let out = parse(&by_id(), 201, None, br#"{"id": 991}"#).unwrap();
        assert_eq!(out.vendor_ids["interview_id"], "991");
    }

    #[test]
    fn the_documented_errors_map_to_key_not_found_and_vendor() {
        let e = parse(&by_id(), 403, None, br#"{"message":"Invalid Token"}"#).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidKey);
        assert!(e.message.contains("Invalid Token"));
        let e = parse(&by_id(), 404, None, b"Not Found").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert!(e.message.contains("265733753"));
        let e = parse(&by_id(), 405, None, b"").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Vendor);
        assert_eq!(e.status, Some(405));
    }
}
