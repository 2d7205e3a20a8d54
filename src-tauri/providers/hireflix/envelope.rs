//! Hireflix's GraphQL answers to an invite: the envelope (HTTP status, `errors[]`, `data`) and
//! each aliased mutation's member, mapped by the failed/unknown rule.

use serde_json::Value;

use super::{ERROR_MEMBERS, P};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::providers::{answer, InviteOutcome};
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
pub(super) fn envelope(status: u16, retry_after: Option<&str>, body: &[u8]) -> AppResult<Value> {
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
pub(super) fn member(r: &Value, status: u16) -> AppResult<InviteOutcome> {
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
