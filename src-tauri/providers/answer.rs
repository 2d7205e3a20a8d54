//! Reading a vendor's answer: the mapping of an HTTP status and body to an `AppError` (the
//! vendor's own words, or a short excerpt of its body), and the outcome rule that says whether a
//! failed attempt may still have created the invite.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::provider::Provider;

// ---------------------------------------------------------------------------------------------
// Answers. A vendor's words are shown as they are; a body we cannot read is shown as a short,
// tag-free excerpt so an HTML error page still tells the coordinator something.
// ---------------------------------------------------------------------------------------------

/// At most 200 characters of a body: HTML tags stripped, entities for &, <, >, quotes and
/// non-breaking spaces decoded, whitespace collapsed.
pub fn excerpt(body: &[u8]) -> String {
    let raw = String::from_utf8_lossy(body);
    let mut out = String::with_capacity(raw.len().min(1024));
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let collapsed = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return "(empty answer)".to_string();
    }
    if collapsed.chars().count() > 200 {
        let cut: String = collapsed.chars().take(199).collect();
        format!("{}…", cut.trim_end())
    } else {
        collapsed
    }
}

/// Seconds to wait from a `Retry-After` value: delta-seconds or an HTTP-date.
pub fn retry_after_secs(value: Option<&str>, now: DateTime<Utc>) -> Option<u64> {
    let v = value?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs);
    }
    // HTTP-dates are RFC 1123, which RFC 2822 parsing accepts ("GMT" included).
    let at = DateTime::parse_from_rfc2822(v).ok()?.with_timezone(&Utc);
    Some((at - now).num_seconds().max(0) as u64)
}

/// The vendor's own message in a JSON error body, under the names vendors commonly use.
pub(crate) fn json_message(v: &Value) -> Option<String> {
    let s = |x: Option<&Value>| {
        x.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    s(v.get("message"))
        .or_else(|| s(v.get("error")))
        .or_else(|| s(v.get("error").and_then(|e| e.get("message"))))
        .or_else(|| s(v.get("detail")))
        .or_else(|| s(v.get("msg")))
        .or_else(|| {
            let msgs: Vec<String> = v
                .get("errors")?
                .as_array()?
                .iter()
                .filter_map(|e| s(e.get("message")).or_else(|| s(Some(e))))
                .collect();
            (!msgs.is_empty()).then(|| msgs.join("; "))
        })
}

/// The vendor's message if the body is JSON that has one, otherwise a short excerpt.
pub(crate) fn words(body: &[u8]) -> String {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| json_message(&v))
        .map(|m| clip(&m, 500))
        .unwrap_or_else(|| excerpt(body))
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    } else {
        s.to_string()
    }
}

/// True when a vendor message reads like "this candidate was already invited". A bare
/// "already" is not enough: "the link has already expired" is no duplicate.
pub(crate) fn sounds_duplicate(msg: &str) -> bool {
    let m = msg.to_lowercase();
    m.contains("duplicate")
        || [
            "already invited",
            "already been invited",
            "already exists",
            "already exist",
            "already has an interview",
            "already have an interview",
            "already registered",
            "already added",
            "already sent",
            "already in",
        ]
        .iter()
        .any(|p| m.contains(p))
}

/// True when a vendor message reads like "your key is wrong".
pub(crate) fn sounds_bad_key(msg: &str) -> bool {
    let m = msg.to_lowercase();
    [
        "invalid api key",
        "invalid token",
        "invalid key",
        "api key is invalid",
        "unauthorized",
    ]
    .iter()
    .any(|p| m.contains(p))
}

// ---------------------------------------------------------------------------------------------
// The outcome rule: `failed` or `unknown`.
//
// `failed` only when the vendor certainly created nothing; everything else that may have
// reached the vendor is `unknown` (kept by the duplicate guard, never resent without asking).
//
// | what happened                                                        | recorded  |
// |----------------------------------------------------------------------|-----------|
// | nothing was sent: validation, no key, DNS, refused connection, TLS   | failed    |
// | an explicit refusal: any 4xx (400 401 403 404 409 422 429 …)         | failed    |
// | Xobin `{"error"}`, Tidyhire `success: false`, a typed Hireflix error | failed    |
// | 501 Not Implemented; 503 with `Retry-After` (the vendor says "later")| failed    |
// | GraphQL errors with no `data` key (parse / validation / auth)        | failed    |
// | a redirect that says "not here" (301, 307, 308), never followed      | failed    |
// | a timeout, or a reset / cut-off answer after the request left        | unknown   |
// | any other 5xx (500, 502, 504, 503 without `Retry-After`)             | unknown   |
// | a redirect after processing (302, 303, other 3xx), never followed    | unknown   |
// | a 2xx that cannot be read: HTML, empty, truncated JSON, no link/id,  | unknown   |
// |   Hireflix `data: null`, a union member without `__typename`         |           |
// | GraphQL execution errors (`errors[]` with `data` present or null)    | unknown   |
// | an answer larger than the cap                                        | unknown   |
//
// `may_have_created` is the status part of this table; the body parts live in each adapter's
// `parse`, which marks its errors with `AppError::outcome_unknown` the same way.
// ---------------------------------------------------------------------------------------------

/// The status part of the outcome rule: may an answer with this status still mean the vendor
/// created the invite? (2xx answers are judged by their body, in the adapter.)
pub fn may_have_created(status: u16, has_retry_after: bool) -> bool {
    match status {
        200..=299 => true,
        301 | 307 | 308 => false,
        300..=399 => true,
        400..=499 => false,
        501 => false,
        503 if has_retry_after => false,
        _ => true,
    }
}

/// The error for a request that was sent but whose answer never came (or came cut off): the
/// invite may exist. Recorded as an `unknown` outcome.
pub(crate) fn unknown_outcome(p: Provider, what_happened: &str) -> AppError {
    AppError::new(ErrorKind::Timeout, may_exist(p, what_happened)).outcome_unknown()
}

/// "…, so the outcome is unknown: … Check at X before sending it again."
fn may_exist(p: Provider, what_happened: &str) -> String {
    let n = p.display_name();
    format!(
        "{what_happened}, so the outcome is unknown: the invite may or may not have been \
         created. Check at {n} (its list of invited candidates) before sending it again."
    )
}

/// A 2xx answer whose body could not be read as the vendor documents it: the vendor accepted
/// the request, so the invite may exist (`unknown`).
pub(crate) fn unreadable(p: Provider, status: u16, body: &[u8]) -> AppError {
    let n = p.display_name();
    AppError::new(
        ErrorKind::Vendor,
        may_exist(
            p,
            &format!(
                "{n} answered (HTTP {status}) but Invite Desk could not read the answer (\"{}\")",
                excerpt(body)
            ),
        ),
    )
    .with_status(status)
    .outcome_unknown()
}

/// Parses a 2xx body as JSON, or explains why it could not.
pub(crate) fn json_body(p: Provider, status: u16, body: &[u8]) -> AppResult<Value> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(unreadable(p, status, body)),
    }
}

/// A 3xx answer. Redirects are never followed (the key would go along to wherever it points);
/// the message names the host it pointed to.
pub(crate) fn redirect(p: Provider, status: u16, location: Option<&str>) -> AppError {
    let n = p.display_name();
    let to = location
        .and_then(|l| url::Url::parse(l).ok())
        .and_then(|u| u.host_str().map(str::to_string))
        .map(|h| format!(" to {h}"))
        .unwrap_or_else(|| match location {
            Some(_) => " to another address on the same server".to_string(),
            None => String::new(),
        });
    let said = format!(
        "{n} answered with a redirect{to} (HTTP {status}), which Invite Desk does not follow so \
         the API key never goes anywhere else — check the {n} address in Settings"
    );
    let e = AppError::new(ErrorKind::Vendor, format!("{said}.")).with_status(status);
    if may_have_created(status, false) {
        AppError::new(ErrorKind::Vendor, may_exist(p, &said))
            .with_status(status)
            .outcome_unknown()
    } else {
        e
    }
}

/// What every vendor's non-2xx answer means unless the adapter recognised something more
/// specific first. `msg` is the vendor's own message when the adapter found one;
/// `not_found` says what could not be found (e.g. "the AI interview ID").
pub(crate) fn http_error(
    p: Provider,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    msg: Option<String>,
    not_found: &str,
) -> AppError {
    let n = p.display_name();
    let said = msg.clone().unwrap_or_else(|| words(body));
    let e = match status {
        429 => {
            let secs = retry_after_secs(retry_after, Utc::now());
            AppError::new(
                ErrorKind::RateLimited,
                format!(
                    "{n} is limiting how fast invites can be sent ({said}). Nothing was created. {}",
                    wait(secs)
                ),
            )
            .with_retry_after(secs)
        }
        // A gateway timeout means the vendor's own server may still have done the work.
        504 => AppError::new(
            ErrorKind::Timeout,
            may_exist(
                p,
                &format!("{n}'s gateway timed out (HTTP 504) after receiving the invite"),
            ),
        ),
        503 if retry_after.is_some() => {
            let secs = retry_after_secs(retry_after, Utc::now());
            AppError::new(
                ErrorKind::Vendor,
                format!(
                    "{n} is temporarily unavailable (HTTP 503: {said}). Nothing was created. {}",
                    wait(secs)
                ),
            )
            .with_retry_after(secs)
        }
        501 => AppError::new(
            ErrorKind::Vendor,
            format!(
                "{n} does not offer this call at the address in Settings (HTTP 501: {said}). \
                 Nothing was created: check the {n} address in Settings."
            ),
        ),
        500..=599 => AppError::new(
            ErrorKind::Vendor,
            may_exist(
                p,
                &format!("{n} answered with a server error (HTTP {status}: {said})"),
            ),
        ),
        401 => AppError::new(
            ErrorKind::InvalidKey,
            format!("{n} rejected the API key ({said}). Check the key in Settings."),
        ),
        _ if sounds_bad_key(&said) && (400..500).contains(&status) => AppError::new(
            ErrorKind::InvalidKey,
            format!("{n} rejected the API key ({said}). Check the key in Settings."),
        ),
        409 => duplicate(p, &said),
        _ if (400..500).contains(&status) && sounds_duplicate(&said) => duplicate(p, &said),
        404 => AppError::new(
            ErrorKind::NotFound,
            format!("{n} could not find {not_found} ({said}). Check it and try again."),
        ),
        _ => AppError::new(
            ErrorKind::Vendor,
            format!("{n} answered with an error (HTTP {status}): {said}"),
        ),
    };
    let e = e.with_status(status);
    if may_have_created(status, retry_after.is_some()) {
        e.outcome_unknown()
    } else {
        e
    }
}

fn wait(secs: Option<u64>) -> String {
    match secs {
        Some(s) => format!("Wait {s} seconds, then try again."),
        None => "Wait a minute, then try again.".to_string(),
    }
}

/// "Already invited", in the vendor's words.
pub(crate) fn duplicate(p: Provider, said: &str) -> AppError {
    let n = p.display_name();
    AppError::new(
        ErrorKind::Duplicate,
        format!(
            "{n} says this candidate was already invited: \"{said}\". Find the existing invite \
             at {n} instead of sending a new one."
        ),
    )
}

/// Replaces URLs (which may carry ids or tokens) in a transport error's text.
pub(crate) fn strip_urls(s: &str) -> String {
    s.split(' ')
        .map(|w| if w.contains("://") { "[address]" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn excerpts_strip_html_and_collapse_whitespace_to_200_characters() {
        let html = b"<html><head><title>502 Bad Gateway</title></head>\n<body>\n<h1>Bad &amp; Gateway</h1></body></html>";
        assert_eq!(excerpt(html), "502 Bad Gateway Bad & Gateway");
        assert_eq!(excerpt(b""), "(empty answer)");
        let long = "x".repeat(500);
        assert_eq!(excerpt(long.as_bytes()).chars().count(), 200);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = Utc.with_ymd_and_hms(2015, 10, 21, 7, 27, 0).unwrap();
        assert_eq!(retry_after_secs(Some("120"), now), Some(120));
        assert_eq!(
            retry_after_secs(Some("Wed, 21 Oct 2015 07:28:00 GMT"), now),
            Some(60)
        );
        assert_eq!(retry_after_secs(Some("soon"), now), None);
        assert_eq!(retry_after_secs(None, now), None);
    }

    #[test]
    fn a_gateway_timeout_is_reported_as_an_unknown_outcome() {
        let e = http_error(Provider::Xobin, 504, None, b"", None, "x");
        assert_eq!(e.kind, ErrorKind::Timeout);
        assert!(e.outcome_unknown);
        assert!(e.message.contains("Check at Xobin"), "{}", e.message);
    }

    #[test]
    fn the_status_part_of_the_outcome_rule_matches_its_table() {
        for s in [
            400, 401, 403, 404, 405, 409, 413, 422, 429, 501, 301, 307, 308,
        ] {
            assert!(!may_have_created(s, false), "{s}");
        }
        assert!(!may_have_created(503, true));
        for s in [200, 201, 204, 302, 303, 500, 502, 503, 504, 520] {
            assert!(may_have_created(s, false), "{s}");
        }
    }

    #[test]
    fn only_wording_about_a_previous_invite_counts_as_a_duplicate() {
        assert!(sounds_duplicate("Candidate already exists in this job"));
        assert!(sounds_duplicate("Duplicate email"));
        assert!(sounds_duplicate("jane@x.io was already invited"));
        assert!(!sounds_duplicate("The invite link has already expired"));
        assert!(!sounds_duplicate("Already processing another request"));
    }

    #[test]
    fn a_redirect_names_the_host_it_pointed_to_and_follows_the_rule() {
        let e = redirect(
            Provider::Xobin,
            307,
            Some("https://other.example/x?apiKey=1"),
        );
        assert!(
            e.message.contains("redirect to other.example"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("apiKey"));
        assert!(!e.outcome_unknown);
        let e = redirect(Provider::Xobin, 303, Some("/done"));
        assert!(e.outcome_unknown);
    }

    #[test]
    fn urls_are_removed_from_transport_errors() {
        assert_eq!(
            strip_urls("error sending request for url (https://h/x?k=1)"),
            "error sending request for url [address]"
        );
    }
}
