//! Hireflix: the GraphQL mutation `inviteCandidateToInterview` sent to `POST {base}` (the
//! `/me` endpoint) with header `X-API-KEY` (seed 003). HTTP 200 can carry a failure, either as
//! a typed member of the result union (`__typename`) or as top-level `errors[]`.

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use ts_rs::TS;

mod after;
mod envelope;

use super::answer;
use super::form::{self, de_text};
use super::{BulkField, InviteOutcome, PreparedRequest, Provider, ValidInvite, VendorRequest};
use crate::error::{AppError, AppResult, ErrorKind};
use envelope::{envelope, member};

pub use after::*;

pub const KEY_HEADER: &str = "X-API-KEY";
const P: Provider = Provider::Hireflix;

/// The members of the result union and the alias prefix of their fields. Every branch's fields
/// carry their own aliases (`e1Code: code`, `e1Message: message`, …): two integrations that ran
/// against the live API alias `message` per branch, a sign that its type (likely nullability)
/// differs between members — and GraphQL refuses the whole document when two fragments on
/// different union members select one response name with different types. The members past the
/// three of Hireflix's own invite tips (`PositionNotFoundError`,
/// `PositionNotReadyToAcceptInvitesError`, `ValidationError`) are the ones both live-tested
/// integrations select (vendors.md §8); a member we do not list is still recognised by
/// `__typename`, which every member has.
pub const ERROR_MEMBERS: [(&str, &str); 6] = [
    ("InterviewAlreadyExistsInPositionError", "e1"),
    ("InterviewExternalIdAlreadyExistsInPositionError", "e2"),
    ("ExceededInvitesThisPeriodError", "e3"),
    ("PositionNotFoundError", "e4"),
    ("PositionNotReadyToAcceptInvitesError", "e5"),
    ("ValidationError", "e6"),
];

/// What the mutation selects (see `ERROR_MEMBERS`).
pub fn selection() -> String {
    let mut s = "__typename ... on InterviewType { id url { public short } }".to_string();
    for (member, a) in ERROR_MEMBERS {
        s.push_str(&format!(
            " ... on {member} {{ {a}Code: code {a}Name: name {a}Message: message"
        ));
        if member == "ValidationError" {
            s.push_str(&format!(
                " {a}FieldErrors: fieldErrors {{ flattenedPath message }}"
            ));
        }
        s.push_str(" }");
    }
    s
}

/// The one-candidate document; the result is read under `inviteCandidateToInterview`.
pub fn mutation() -> String {
    format!(
        "mutation InviteCandidate($input: InviteCandidateToInterviewInput!) {{ \
         inviteCandidateToInterview(input: $input) {{ {} }} }}",
        selection()
    )
}

/// The Hireflix section of the invite form.
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "HireflixForm", optional_fields = nullable)]
pub struct Form {
    /// Not sent and not stored: History keeps "first last", what Hireflix receives. Accepted so
    /// the shared candidate section of the form can always send it.
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_name: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub candidate_email: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub position_id: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pub external_id: Option<String>,
}

/// One invitee: the `candidate` input plus the invite's own `externalId`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// One invite to one position.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub position_id: String,
    pub candidate: Candidate,
}

/// `InviteCandidateToInterviewInput`: `{positionId, candidate {email, firstName, lastName,
/// phone?}, externalId?}` — optional fields left out when empty.
pub fn input(position_id: &str, c: &Candidate) -> Value {
    let mut cand = Map::new();
    cand.insert("email".into(), json!(c.email));
    cand.insert("firstName".into(), json!(c.first_name));
    cand.insert("lastName".into(), json!(c.last_name));
    if let Some(p) = &c.phone {
        cand.insert("phone".into(), json!(p));
    }
    let mut input = Map::new();
    input.insert("positionId".into(), json!(position_id));
    input.insert("candidate".into(), Value::Object(cand));
    if let Some(x) = &c.external_id {
        input.insert("externalId".into(), json!(x));
    }
    Value::Object(input)
}

/// The Hireflix fields a bulk sheet fills per row (see `BulkField`); a "Full name" column is
/// split into first and last name when the sheet has no such columns (`bulk_fill`).
pub const BULK_FIELDS: &[BulkField] = &[
    BulkField::own("firstName", "First name", true),
    BulkField::own("lastName", "Last name", true),
    BulkField::own("candidateName", "Full name", false),
    BulkField::own("candidateEmail", "Email", true),
    BulkField::own("phone", "Phone", false),
    BulkField::own("externalId", "External ID", false),
];

/// A row with a full name and neither a first nor a last name: the last word is the last name,
/// the words before it the first name ("Ana María López" → "Ana María" + "López"). A one-word
/// name stays in First name; `validate` then asks for the last name, naming the row.
pub fn bulk_fill(form: &mut serde_json::Map<String, Value>) {
    let text = |form: &serde_json::Map<String, Value>, k: &str| {
        form.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("")
            .to_string()
    };
    let full = text(form, "candidateName");
    if full.is_empty() || !text(form, "firstName").is_empty() || !text(form, "lastName").is_empty()
    {
        return;
    }
    let (first, last) = match full.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim().to_string(), last.to_string()),
        None => (full, String::new()),
    };
    form.insert("firstName".into(), Value::String(first));
    form.insert("lastName".into(), Value::String(last));
}

pub fn validate(f: &Form, _now: DateTime<Utc>) -> AppResult<ValidInvite> {
    let first = person_part("firstName", &f.first_name, "first name")?;
    let last = person_part("lastName", &f.last_name, "last name")?;
    // History keeps the name Hireflix receives, first + last, so the two can never disagree
    // (a separate "full name" could, and then a History search for the person would miss).
    let name = format!("{first} {last}");
    let email = form::email("candidateEmail", &f.candidate_email)?;
    let position_id = form::job_ref("positionId", &f.position_id, "the Hireflix position ID")?;
    let phone = form::phone("phone", &f.phone)?;
    let external_id = form::text(&f.external_id)
        .map(|x| form::max_chars("externalId", x, 255, "The external ID"))
        .transpose()?;
    let request = Request {
        position_id: position_id.clone(),
        candidate: Candidate {
            email: email.clone(),
            first_name: first,
            last_name: last,
            phone,
            external_id,
        },
    };
    Ok(ValidInvite::new(
        VendorRequest::Hireflix(request),
        name,
        email,
        position_id,
    ))
}

fn person_part(field: &str, v: &Option<String>, what: &str) -> AppResult<String> {
    let s = form::required(field, v, &format!("the candidate's {what}"))?;
    let s = form::visible(field, s, &format!("the {what}"))?;
    form::max_chars(field, s, 50, &format!("The {what}"))
}

pub fn build(req: &Request, base_url: &str) -> PreparedRequest {
    let body = json!({
        "query": mutation(),
        "variables": { "input": input(&req.position_id, &req.candidate) },
    });
    PreparedRequest::json(Method::POST, base_url, "", KEY_HEADER, &body)
}

pub fn parse(
    _req: &Request,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<InviteOutcome> {
    let data = envelope(status, retry_after, body)?;
    match data.get("inviteCandidateToInterview") {
        Some(r) if r.is_object() => member(r, status),
        // No result and no `errors[]` (those were handled above): nothing readable came back.
        _ => Err(answer::unreadable(P, status, body)),
    }
}

/// The most invites one bulk request carries: that many aliased mutations in one document.
pub const BATCH_CHUNK: usize = 10;

/// One HTTP request for a chunk of a batch: one aliased mutation per row (`r0`, `r1`, …), each
/// with its own input variable, all selecting the same union members (`selection`).
pub fn batch_build(reqs: &[&Request], base_url: &str) -> PreparedRequest {
    let vars: Vec<String> = (0..reqs.len())
        .map(|i| format!("$i{i}: InviteCandidateToInterviewInput!"))
        .collect();
    let sel = selection();
    let fields: Vec<String> = (0..reqs.len())
        .map(|i| format!("r{i}: inviteCandidateToInterview(input: $i{i}) {{ {sel} }}"))
        .collect();
    let mut variables = Map::new();
    for (i, r) in reqs.iter().enumerate() {
        variables.insert(format!("i{i}"), input(&r.position_id, &r.candidate));
    }
    let body = json!({
        "query": format!("mutation InviteCandidates({}) {{ {} }}", vars.join(", "), fields.join(" ")),
        "variables": variables,
    });
    PreparedRequest::json(Method::POST, base_url, "", KEY_HEADER, &body)
}

/// A chunk's answer, one result per row in order. An answer refused as a whole (HTTP error,
/// errors before execution) is every row's error. Otherwise each alias is read as one invite's
/// union member; an alias with no result ran into an execution error (its `errors[]` entry names
/// the alias in `path`) or is missing: it may have run, so `unknown`.
pub fn parse_batch(
    rows: usize,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<Vec<AppResult<InviteOutcome>>> {
    let data = envelope(status, retry_after, body)?;
    let errors: Vec<Value> = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("errors").and_then(Value::as_array).cloned())
        .unwrap_or_default();
    Ok((0..rows)
        .map(|i| {
            let alias = format!("r{i}");
            match data.get(&alias) {
                Some(r) if r.is_object() => member(r, status),
                _ => {
                    let said: Vec<&str> = errors
                        .iter()
                        .filter(|e| {
                            e.pointer("/path/0").and_then(Value::as_str) == Some(alias.as_str())
                        })
                        .filter_map(|e| e.get("message").and_then(Value::as_str))
                        .collect();
                    let said = if said.is_empty() {
                        "no result for this invite".to_string()
                    } else {
                        said.join("; ")
                    };
                    Err(AppError::new(
                        ErrorKind::Vendor,
                        format!(
                            "Hireflix reported an error while running this invite ({said}), so \
                             the outcome is unknown: it may or may not have been created. Check \
                             the position at Hireflix before sending it again."
                        ),
                    )
                    .with_status(status)
                    .outcome_unknown())
                }
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::tracking::Stage;

    const SUCCESS: &str = include_str!("../../../tests/fixtures/vendors/hireflix_success.json");
    const EXISTS: &str =
        include_str!("../../../tests/fixtures/vendors/hireflix_already_exists.json");
    const EXCEEDED: &str = include_str!("../../../tests/fixtures/vendors/hireflix_exceeded.json");
    const GQL_ERRORS: &str =
        include_str!("../../../tests/fixtures/vendors/hireflix_graphql_errors.json");

    const POSITIONS: &str = include_str!("../../../tests/fixtures/vendors/hireflix_positions.json");
    const INTERVIEW: &str = include_str!("../../../tests/fixtures/vendors/hireflix_interview.json");

    #[test]
    fn positions_are_read_open_first_and_archived_by_the_archived_field() {
        let r = positions_request("https://api.hireflix.com/me");
        assert_eq!(r.url, "https://api.hireflix.com/me");
        assert_eq!(r.body["query"], POSITIONS_QUERY);
        let ps = parse_positions(200, None, POSITIONS.as_bytes()).unwrap();
        let names: Vec<(&str, bool)> = ps.iter().map(|p| (p.name.as_str(), p.archived)).collect();
        assert_eq!(
            names,
            [
                ("Backend Engineer (Rust)", false),
                ("Customer Success Manager", false),
                ("Summer Intern 2024", true)
            ]
        );
        let e = parse_positions(
            200,
            None,
            br#"{"errors":[{"message":"Unauthorized","extensions":{"code":"UNAUTHENTICATED"}}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidKey);
        assert!(parse_positions(200, None, b"not json").is_err());
    }

    #[test]
    fn an_interview_by_id_gives_status_score_and_the_private_report_link() {
        let r = interview_request("64b7f0c2e4b0a1d2c3e4f5a6", "https://api.hireflix.com/me");
        assert_eq!(r.body["variables"]["id"], "64b7f0c2e4b0a1d2c3e4f5a6");
        let s = parse_interview(200, None, INTERVIEW.as_bytes()).unwrap();
        assert_eq!(s.stage, Some(Stage::Completed));
        assert_eq!(s.vendor_status, "to_evaluate");
        assert_eq!(s.score.as_deref(), Some("4.5"));
        assert_eq!(
            s.report_link.as_deref(),
            Some("https://admin.hireflix.com/interviews/64b7f0c2e4b0a1d2c3e4f5a6")
        );
        let started = br#"{"data":{"interview":{"id":"x","status":"pending","answered":true,"completed":null}}}"#;
        assert_eq!(
            parse_interview(200, None, started).unwrap().stage,
            Some(Stage::Started)
        );
        let gone = br#"{"data":{"interview":null}}"#;
        assert_eq!(
            parse_interview(200, None, gone).unwrap_err().kind,
            ErrorKind::NotFound
        );
    }

    fn req() -> Request {
        Request {
            position_id: "pos-1".into(),
            candidate: Candidate {
                email: "ann@example.com".into(),
                first_name: "Ann".into(),
                last_name: "Lee".into(),
                phone: None,
                external_id: Some("ats-9".into()),
            },
        }
    }

    #[test]
    fn the_body_is_the_mutation_with_the_input_variable() {
        let b = build(&req(), "https://api.hireflix.com/me/");
        assert_eq!(b.url, "https://api.hireflix.com/me");
        assert_eq!(b.key_header, "X-API-KEY");
        assert_eq!(
            b.body["variables"],
            json!({"input": {"positionId": "pos-1", "externalId": "ats-9",
                "candidate": {"email": "ann@example.com", "firstName": "Ann", "lastName": "Lee"}}})
        );
        let q = b.body["query"].as_str().unwrap();
        assert!(q.contains("inviteCandidateToInterview(input: $input)"));
        assert!(q.contains("($input: InviteCandidateToInterviewInput!)"));
        assert!(q.contains("... on InterviewType { id url { public short } }"));
        for (member, a) in ERROR_MEMBERS {
            assert!(
                q.contains(&format!(
                    "... on {member} {{ {a}Code: code {a}Name: name {a}Message: message"
                )),
                "{member}"
            );
        }
        assert!(q.contains("e6FieldErrors: fieldErrors { flattenedPath message }"));
    }

    #[test]
    fn the_documented_success_gives_the_public_link_and_the_short_one() {
        let out = parse(&req(), 200, None, SUCCESS.as_bytes()).unwrap();
        assert_eq!(
            out.link.as_deref(),
            Some("https://app.hireflix.com/5f4e3d2c1b0a998877665544")
        );
        assert_eq!(out.extra_links["Short link"], "https://hflx.io/c/abc123");
        assert_eq!(out.vendor_ids["id"], "5f4e3d2c1b0a998877665544");
        assert!(out.vendor_emails_candidate);
    }

    #[test]
    fn typed_failures_inside_a_200_map_to_their_kinds() {
        let e = parse(&req(), 200, None, EXISTS.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Duplicate);
        assert!(e.message.contains("already exists in this position"));
        let e = parse(&req(), 200, None, EXCEEDED.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Quota);
        let body = json!({"data": {"inviteCandidateToInterview": {
            "__typename": "InterviewExternalIdAlreadyExistsInPositionError", "e2Code": 409, "e2Message": "dup id"}}});
        let e = parse(&req(), 200, None, body.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Duplicate);
        let body = json!({"data": {"inviteCandidateToInterview": {"__typename": "PositionNotFoundError"}}});
        let e = parse(&req(), 200, None, body.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
    }

    #[test]
    fn top_level_graphql_errors_are_a_vendor_error_with_the_messages() {
        let e = parse(&req(), 200, None, GQL_ERRORS.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Vendor);
        assert!(e.message.contains("positionId"), "{}", e.message);
    }

    #[test]
    fn the_name_defaults_to_first_and_last_name() {
        let f = Form {
            candidate_email: Some("Ann@Example.com".into()),
            position_id: Some("pos-1".into()),
            first_name: Some(" Ann ".into()),
            last_name: Some("Lee".into()),
            ..Default::default()
        };
        let v = validate(&f, Utc::now()).unwrap();
        assert_eq!(v.candidate_name, "Ann Lee");
        assert_eq!(v.candidate_email, "ann@example.com");
        let mut long = f.clone();
        long.last_name = Some("x".repeat(51));
        assert_eq!(
            validate(&long, Utc::now()).unwrap_err().field.as_deref(),
            Some("lastName")
        );
    }
}
