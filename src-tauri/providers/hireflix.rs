//! Hireflix: the GraphQL mutation `inviteCandidateToInterview` sent to `POST {base}` (the
//! `/me` endpoint) with header `X-API-KEY` (seed 003). HTTP 200 can carry a failure, either as
//! a typed member of the result union (`__typename`) or as top-level `errors[]`.

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use ts_rs::TS;

use super::answer;
use super::form::{self, de_text};
use super::tracking::{self, Position, Stage, VendorStatus};
use super::{BulkField, InviteOutcome, PreparedRequest, Provider, ValidInvite, VendorRequest};
use crate::error::{AppError, AppResult, ErrorKind};

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

/// `extensions.code` values that mean the request was refused before execution (nothing ran).
const REQUEST_ERROR_CODES: [&str; 6] = [
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "BAD_USER_INPUT",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "PERSISTED_QUERY_NOT_FOUND",
];

/// Checks the HTTP status and the GraphQL envelope; returns `data`.
///
/// Top-level `errors[]` follow the GraphQL spec's split: an error raised before execution
/// (parse, validation, variables, auth) leaves no `data` key, so nothing ran → `failed`. An
/// execution error leaves `data` present (often `null`): the mutation may have run → `unknown`.
/// Servers differ on `data: null` for input errors, so a request-error `extensions.code` also
/// counts as "nothing ran".
fn envelope(status: u16, retry_after: Option<&str>, body: &[u8]) -> AppResult<Value> {
    if !(200..300).contains(&status) {
        return Err(answer::http_error(
            P,
            status,
            retry_after,
            body,
            None,
            "that position",
        ));
    }
    let v = answer::json_body(P, status, body)?;
    let data = v.get("data").filter(|d| d.is_object()).cloned();
    let errors: Vec<&Value> = v
        .get("errors")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    if data.is_none() && !errors.is_empty() {
        let msgs: Vec<String> = errors
            .iter()
            .filter_map(|e| e.get("message").and_then(Value::as_str))
            .map(str::to_string)
            .collect();
        let said = if msgs.is_empty() {
            answer::excerpt(body)
        } else {
            msgs.join("; ")
        };
        let code = |e: &&Value| {
            e.pointer("/extensions/code")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let auth =
            errors.iter().any(|e| code(e) == "UNAUTHENTICATED") || answer::sounds_bad_key(&said);
        let before_execution = v.get("data").is_none()
            || auth
            || errors
                .iter()
                .any(|e| REQUEST_ERROR_CODES.contains(&code(e).as_str()));
        let e = if auth {
            AppError::new(
                ErrorKind::InvalidKey,
                format!("Hireflix rejected the API key ({said}). Check the key in Settings."),
            )
        } else if before_execution {
            AppError::new(
                ErrorKind::Vendor,
                format!("Hireflix refused the request before running it: {said}"),
            )
        } else {
            AppError::new(
                ErrorKind::Vendor,
                format!(
                    "Hireflix reported an error while running the invite ({said}), so the \
                     outcome is unknown: the invite may or may not have been created. Check the \
                     position at Hireflix before sending it again."
                ),
            )
            .outcome_unknown()
        };
        return Err(e.with_status(status));
    }
    data.ok_or_else(|| answer::unreadable(P, status, body))
}

/// A field of an error member, read under its branch's alias (`e3Message`, …).
fn aliased<'a>(r: &'a Value, typename: &str, field: &str) -> Option<&'a Value> {
    let (_, a) = ERROR_MEMBERS.iter().find(|(m, _)| *m == typename)?;
    r.get(format!("{a}{field}")).filter(|v| !v.is_null())
}

/// The form field a `ValidationError`'s `flattenedPath` points at.
fn form_field(path: &str) -> Option<&'static str> {
    let last = path.rsplit('.').next().unwrap_or(path);
    Some(match last {
        "email" => "candidateEmail",
        "firstName" => "firstName",
        "lastName" => "lastName",
        "phone" => "phone",
        "positionId" => "positionId",
        "externalId" => "externalId",
        _ => return None,
    })
}

/// `ValidationError`: Hireflix's field errors mapped onto the form's fields.
fn validation_error(r: &Value, status: u16) -> AppError {
    let items: Vec<(String, String)> = aliased(r, "ValidationError", "FieldErrors")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|fe| {
                    let s = |k| {
                        fe.get(k)
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .trim()
                            .to_string()
                    };
                    (s("flattenedPath"), s("message"))
                })
                .collect()
        })
        .unwrap_or_default();
    let overall = aliased(r, "ValidationError", "Message")
        .and_then(Value::as_str)
        .unwrap_or("the invite's details are not valid");
    let list: Vec<String> = items
        .iter()
        .map(|(p, m)| {
            if p.is_empty() {
                m.clone()
            } else {
                format!("{p}: {m}")
            }
        })
        .collect();
    let text = if list.is_empty() {
        format!("Hireflix refused the invite: {overall}. Nothing was created.")
    } else {
        format!(
            "Hireflix refused the invite ({}). Nothing was created: fix the field and send again.",
            list.join("; ")
        )
    };
    let mut e = AppError::new(ErrorKind::Validation, text).with_status(status);
    if let Some(f) = items.iter().find_map(|(p, _)| form_field(p)) {
        e = e.with_field(f);
    }
    e
}

/// One member of the result union, by `__typename`. A typed error member is an explicit
/// refusal (`failed`); a member without `__typename` says nothing certain (`unknown`).
fn member(r: &Value, status: u16) -> AppResult<InviteOutcome> {
    let typename = r.get("__typename").and_then(Value::as_str).unwrap_or("");
    let said = aliased(r, typename, "Message")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| typename.to_string());
    let fail = |kind: ErrorKind, text: String| Err(AppError::new(kind, text).with_status(status));
    match typename {
        "InterviewType" => {
            let public = r.pointer("/url/public").and_then(Value::as_str);
            let short = r.pointer("/url/short").and_then(Value::as_str);
            let id = r.get("id").and_then(Value::as_str);
            if public.or(short).is_none() && id.is_none() {
                return Err(answer::unreadable(P, status, r.to_string().as_bytes()));
            }
            let mut out = InviteOutcome {
                link: public.or(short).map(str::to_string),
                vendor_emails_candidate: true,
                summary: "Hireflix created the interview and is emailing the invite to the \
                          candidate."
                    .to_string(),
                ..Default::default()
            };
            if let Some(s) = short {
                out.extra_links.insert("Short link".into(), s.to_string());
            }
            if let Some(id) = id {
                out.vendor_ids.insert("id".into(), id.to_string());
            }
            Ok(out)
        }
        "InterviewAlreadyExistsInPositionError" => {
            Err(answer::duplicate(P, &said).with_status(status))
        }
        "InterviewExternalIdAlreadyExistsInPositionError" => fail(
            ErrorKind::Duplicate,
            format!(
                "Hireflix says this external ID was already used for an invite to this position: \
                 \"{said}\". Find the existing invite at Hireflix, or use another external ID."
            ),
        ),
        "ExceededInvitesThisPeriodError" => fail(
            ErrorKind::Quota,
            format!(
                "Hireflix says this plan has no invites left this period: \"{said}\". Upgrade the \
                 plan or wait for the next period."
            ),
        ),
        "PositionNotFoundError" => Err(AppError::new(
            ErrorKind::NotFound,
            "Hireflix could not find that position. Check the position ID.".to_string(),
        )
        .with_field("positionId")
        .with_status(status)),
        "PositionNotReadyToAcceptInvitesError" => fail(
            ErrorKind::Vendor,
            format!(
                "Hireflix says the position is not ready to accept invites (\"{said}\"): finish \
                 setting it up (or unarchive it) at Hireflix. Nothing was created."
            ),
        ),
        "ValidationError" => Err(validation_error(r, status)),
        "" => Err(answer::unreadable(P, status, r.to_string().as_bytes())),
        other => fail(
            ErrorKind::Vendor,
            format!("Hireflix refused the invite: {other}"),
        ),
    }
}

// ---- Before and after sending: the position picker and an interview's status (§4, §8) ----

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

#[cfg(test)]
mod tests {
    use super::*;

    const SUCCESS: &str = include_str!("../../tests/fixtures/vendors/hireflix_success.json");
    const EXISTS: &str = include_str!("../../tests/fixtures/vendors/hireflix_already_exists.json");
    const EXCEEDED: &str = include_str!("../../tests/fixtures/vendors/hireflix_exceeded.json");
    const GQL_ERRORS: &str =
        include_str!("../../tests/fixtures/vendors/hireflix_graphql_errors.json");

    const POSITIONS: &str = include_str!("../../tests/fixtures/vendors/hireflix_positions.json");
    const INTERVIEW: &str = include_str!("../../tests/fixtures/vendors/hireflix_interview.json");

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
