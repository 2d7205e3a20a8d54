//! What the five adapters share: lenient form decoding (absent, null and "" all mean empty),
//! field checks whose errors name the form field, and the mapping of a vendor's HTTP answer to
//! an `AppError` (status, the vendor's own words or a short excerpt of its body).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::Provider;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::schedule::WallTime;

// ---------------------------------------------------------------------------------------------
// Form decoding. The web view sends what the inputs hold: a field may be missing, null, "" or,
// for ids typed into number inputs, a number. Decoding never fails on those; `validate` decides.
// ---------------------------------------------------------------------------------------------

/// A text field that may arrive as a string, a number, null or not at all.
pub(crate) fn de_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected text, found {}",
                kind_of(&other)
            )))
        }
    })
}

/// A list of strings that may be null or missing; null items are dropped.
pub(crate) fn de_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let items: Option<Vec<Option<String>>> = Option::deserialize(d)?;
    Ok(items.unwrap_or_default().into_iter().flatten().collect())
}

/// A `{string: string}` object that may be null or missing; number and bool values become text.
pub(crate) fn de_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    let raw: Option<BTreeMap<String, Value>> = Option::deserialize(d)?;
    let mut out = BTreeMap::new();
    for (k, v) in raw.unwrap_or_default() {
        let v = match v {
            Value::Null => continue,
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "the value of \"{k}\" must be text, found {}",
                    kind_of(&other)
                )))
            }
        };
        out.insert(k, v);
    }
    Ok(out)
}

/// A date-time picker: null, missing, or one left blank (no date and no time) is "not set".
pub(crate) fn de_wall<'de, D: Deserializer<'de>>(d: D) -> Result<Option<WallTime>, D::Error> {
    let v = Value::deserialize(d)?;
    if v.is_null() {
        return Ok(None);
    }
    let blank = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map_or(true, |s| s.trim().is_empty())
    };
    if v.is_object() && blank("date") && blank("time") {
        return Ok(None);
    }
    WallTime::deserialize(v)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------------------------
// Field checks. Every error names the form field (camelCase, as the web view sends it).
// ---------------------------------------------------------------------------------------------

/// The trimmed text, or `None` when absent or blank.
pub(crate) fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A required text field, trimmed.
pub(crate) fn required(field: &str, v: &Option<String>, what: &str) -> AppResult<String> {
    text(v).ok_or_else(|| AppError::validation(field, format!("Enter {what}.")))
}

/// Text with an upper length in characters.
pub(crate) fn max_chars(field: &str, v: String, max: usize, what: &str) -> AppResult<String> {
    let n = v.chars().count();
    if n > max {
        return Err(AppError::validation(
            field,
            format!("{what} is {n} characters long; the limit is {max}. Shorten it."),
        ));
    }
    Ok(v)
}

/// A person's name: non-blank, at most 200 characters.
pub(crate) fn name(field: &str, v: &Option<String>) -> AppResult<String> {
    let n = required(field, v, "the candidate's name")?;
    max_chars(field, n, 200, "The name")
}

/// An email: one `@`, a local part, a domain with a dot, no spaces, at most 254 characters.
/// Returned trimmed and lowercased (every vendor here matches emails case-insensitively, and
/// the duplicate guard compares them).
pub(crate) fn email(field: &str, v: &Option<String>) -> AppResult<String> {
    let e = required(field, v, "the candidate's email")?;
    let bad = || {
        AppError::validation(
            field,
            format!("\"{e}\" is not an email address. Enter one like jane@example.com."),
        )
    };
    if e.chars().count() > 254 {
        return Err(AppError::validation(
            field,
            "That email is longer than 254 characters, the most an address can have.",
        ));
    }
    if e.chars().any(char::is_whitespace) || e.matches('@').count() != 1 {
        return Err(bad());
    }
    let (local, domain) = e.split_once('@').ok_or_else(bad)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok {
        return Err(bad());
    }
    Ok(e.to_lowercase())
}

/// A required id made of digits only (leading/trailing spaces ignored).
pub(crate) fn digits(field: &str, v: &Option<String>, what: &str) -> AppResult<String> {
    let d = required(field, v, what)?;
    if !d.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::validation(
            field,
            format!(
                "{} must be digits only (you entered \"{d}\").",
                capitalise(what)
            ),
        ));
    }
    Ok(d)
}

/// An optional id made of digits only.
pub(crate) fn opt_digits(field: &str, v: &Option<String>, what: &str) -> AppResult<Option<String>> {
    match text(v) {
        None => Ok(None),
        Some(_) => digits(field, v, what).map(Some),
    }
}

/// Trims every item, drops blanks and case-insensitive repeats, keeps the first spelling.
pub(crate) fn clean_list(items: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && seen.insert(s.to_lowercase()))
        .map(str::to_string)
        .collect()
}

/// Trims keys and values and drops entries whose key or value is blank.
pub(crate) fn clean_map(m: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    m.iter()
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .collect()
}

/// Picks the option whose spelling matches case-insensitively and returns the vendor's
/// canonical spelling, so "full time" is sent as "Full Time".
pub(crate) fn one_of(
    field: &str,
    v: &Option<String>,
    options: &[&'static str],
    what: &str,
) -> AppResult<&'static str> {
    let given = required(field, v, what)?;
    options
        .iter()
        .find(|o| o.eq_ignore_ascii_case(&given))
        .copied()
        .ok_or_else(|| {
            AppError::validation(
                field,
                format!(
                    "\"{given}\" is not one of the choices for {what}: {}.",
                    options.join(", ")
                ),
            )
        })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

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

/// True when a vendor message reads like "this candidate was already invited".
pub(crate) fn sounds_duplicate(msg: &str) -> bool {
    let m = msg.to_lowercase();
    m.contains("already") || m.contains("duplicate")
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

/// The error for a request that was sent but whose answer never came (or came unreadable
/// mid-way): the invite may exist. The invite flow records this kind as an `unknown` outcome.
pub(crate) fn unknown_outcome(p: Provider, what_happened: &str) -> AppError {
    let n = p.display_name();
    AppError::new(
        ErrorKind::Timeout,
        format!(
            "{what_happened}, so the outcome is unknown: the invite may or may not have been \
             created. Check at {n} before retrying."
        ),
    )
    .with_provider(p)
}

/// A 2xx answer whose body could not be read as the vendor documents it.
pub(crate) fn unreadable(p: Provider, status: u16, body: &[u8]) -> AppError {
    let n = p.display_name();
    AppError::new(
        ErrorKind::Vendor,
        format!(
            "{n} answered (HTTP {status}) but Invite Desk could not read the answer: \"{}\". \
             The invite may have been created: check at {n} before sending it again.",
            excerpt(body)
        ),
    )
    .with_status(status)
    .with_provider(p)
}

/// Parses a 2xx body as JSON, or explains why it could not.
pub(crate) fn json_body(p: Provider, status: u16, body: &[u8]) -> AppResult<Value> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(unreadable(p, status, body)),
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
            let wait = match secs {
                Some(s) => format!("Wait {s} seconds, then try again."),
                None => "Wait a minute, then try again.".to_string(),
            };
            AppError::new(
                ErrorKind::RateLimited,
                format!("{n} is limiting how fast invites can be sent ({said}). {wait}"),
            )
            .with_retry_after(secs)
        }
        // A gateway timeout means the vendor's own server may still have done the work.
        504 => {
            return unknown_outcome(
                p,
                &format!("{n}'s gateway timed out (HTTP 504) after receiving the invite"),
            )
            .with_status(status)
        }
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
    e.with_status(status).with_provider(p)
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
    .with_provider(p)
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

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(
            email("candidateEmail", &some("  Jane.Doe@Example.COM ")).unwrap(),
            "jane.doe@example.com"
        );
    }

    #[test]
    fn malformed_emails_are_refused_naming_the_field() {
        for bad in [
            "",
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "ja ne@example.com",
            "a@b@example.com",
            "jane@.example.com",
            "jane@example.com.",
        ] {
            let e = email("candidateEmail", &some(bad)).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("candidateEmail"), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(email("candidateEmail", &some(&long)).is_err());
    }

    #[test]
    fn names_must_be_non_blank_and_at_most_200_characters() {
        assert!(name("candidateName", &some("   ")).is_err());
        assert!(name("candidateName", &None).is_err());
        assert!(name("candidateName", &some(&"é".repeat(200))).is_ok());
        assert!(name("candidateName", &some(&"é".repeat(201))).is_err());
        assert_eq!(
            name("candidateName", &some(" Ann Lee ")).unwrap(),
            "Ann Lee"
        );
    }

    #[test]
    fn lists_are_trimmed_and_deduplicated_case_insensitively() {
        let l = vec![" Rust ".into(), "rust".into(), "".into(), "Go".into()];
        assert_eq!(clean_list(&l), vec!["Rust".to_string(), "Go".to_string()]);
    }

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
        assert!(e.message.contains("Check at Xobin before retrying"));
    }

    #[test]
    fn urls_are_removed_from_transport_errors() {
        assert_eq!(
            strip_urls("error sending request for url (https://h/x?k=1)"),
            "error sending request for url [address]"
        );
    }
}
