//! Form checks the five adapters share: lenient decoding of what the web view sends (absent,
//! null and "" all mean empty) and field checks whose errors name the form field.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::error::{AppError, AppResult};
use crate::schedule::{shown, WallTime};

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
            .is_none_or(|s| s.trim().is_empty())
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

/// The trimmed text in Unicode NFC, or `None` when absent or blank. NFC makes "é" typed as one
/// code point and as e + combining accent the same text, for the guards and for History search.
pub(crate) fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.nfc().collect())
}

/// A required text field, trimmed, in NFC.
pub(crate) fn required(field: &str, v: &Option<String>, what: &str) -> AppResult<String> {
    text(v).ok_or_else(|| AppError::validation(field, format!("Enter {what}.")))
}

/// Characters that let two texts look alike while differing, or make History display
/// something other than what is stored: control characters, zero-width characters and the
/// bidirectional overrides/isolates. Refused in names, emails and job references.
pub(crate) fn hidden_char(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        c.is_control()
            || matches!(c,
                '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM/RLM
                | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
                | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
                | '\u{2066}'..='\u{2069}' // bidi isolates
                | '\u{061C}' // Arabic letter mark
                | '\u{FEFF}' // zero-width no-break space (BOM)
                | '\u{00AD}' // soft hyphen
                | '\u{180E}' // Mongolian vowel separator
            )
    })
}

/// Refuses text holding a [`hidden_char`], naming the field and the character's code point.
pub(crate) fn visible(field: &str, s: String, what: &str) -> AppResult<String> {
    match hidden_char(&s) {
        None => Ok(s),
        Some(c) => Err(AppError::validation(
            field,
            format!(
                "{} contains an invisible or control character (U+{:04X}), often pasted along \
                 with text. Retype it.",
                capitalise(what),
                c as u32
            ),
        )),
    }
}

/// A required reference to a job, position or form: trimmed, NFC, no hidden characters, and
/// canonical where its shape allows — a UUID in lower case (UUIDs are case-insensitive), so
/// the duplicate guard sees one job however it was typed.
pub(crate) fn job_ref(field: &str, v: &Option<String>, what: &str) -> AppResult<String> {
    let r = visible(field, required(field, v, what)?, what)?;
    Ok(if is_uuid(&r) {
        r.to_ascii_lowercase()
    } else {
        r
    })
}

/// `8-4-4-4-12` hex digits.
pub(crate) fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
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
    let n = visible(field, n, "the name")?;
    max_chars(field, n, 200, "The name")
}

/// An email: one `@`, a local part, a domain with a dot, no spaces, at most 254 characters.
/// Returned trimmed and lowercased (every vendor here matches emails case-insensitively, and
/// the duplicate guard compares them).
pub(crate) fn email(field: &str, v: &Option<String>) -> AppResult<String> {
    let e = visible(
        field,
        required(field, v, "the candidate's email")?,
        "the email",
    )?;
    let bad = || {
        AppError::validation(
            field,
            format!(
                "\"{}\" is not an email address. Enter one like jane@example.com.",
                shown(&e)
            ),
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

/// A required id made of digits only (leading/trailing spaces ignored), in canonical form:
/// leading zeros dropped, because the vendors read it as a number (`0305` is interview 305).
pub(crate) fn digits(field: &str, v: &Option<String>, what: &str) -> AppResult<String> {
    let d = required(field, v, what)?;
    if !d.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::validation(
            field,
            format!(
                "{} must be digits only (you entered \"{}\").",
                capitalise(what),
                shown(&d)
            ),
        ));
    }
    let canonical = d.trim_start_matches('0');
    Ok(if canonical.is_empty() { "0" } else { canonical }.to_string())
}

/// An optional phone number in international form: `+`, a country code not starting with 0,
/// 7–15 digits in all; spaces, dashes, dots and parentheses are allowed while typing and
/// dropped before sending (`+442079460958`).
pub(crate) fn phone(field: &str, v: &Option<String>) -> AppResult<Option<String>> {
    let Some(t) = text(v) else { return Ok(None) };
    let bad = |why: &str| {
        AppError::validation(
            field,
            format!("{why} Enter it in international form, like +44 20 7946 0958."),
        )
    };
    let Some(rest) = t.strip_prefix('+') else {
        return Err(bad(
            "The phone number must start with + and the country code.",
        ));
    };
    if rest
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.')))
    {
        return Err(bad(
            "The phone number may contain only digits, spaces, dashes and parentheses.",
        ));
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.starts_with('0') {
        return Err(bad("A country code never starts with 0."));
    }
    if !(7..=15).contains(&digits.len()) {
        return Err(bad(&format!(
            "The phone number has {} digits; an international number has 7 to 15.",
            digits.len()
        )));
    }
    Ok(Some(format!("+{digits}")))
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
                    "\"{}\" is not one of the choices for {what}: {}.",
                    shown(&given),
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn digit_ids_drop_leading_zeros() {
        assert_eq!(digits("id", &some(" 0305 "), "the id").unwrap(), "305");
        assert_eq!(digits("id", &some("000"), "the id").unwrap(), "0");
        assert_eq!(digits("id", &some("305"), "the id").unwrap(), "305");
    }

    #[test]
    fn uuid_references_are_lowercased_and_others_kept() {
        let upper = some("3F2504E0-4F89-11D3-9A0C-0305E82C3301");
        assert_eq!(
            job_ref("jobId", &upper, "the job").unwrap(),
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
        );
        assert_eq!(
            job_ref("jobId", &some("Job-ABC"), "the job").unwrap(),
            "Job-ABC"
        );
        let e = job_ref("jobId", &some("job\u{200B}1"), "the job").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("jobId"));
    }

    #[test]
    fn names_and_emails_are_nfc_and_refuse_hidden_characters() {
        // "é" as e + U+0301 becomes the single code point U+00E9.
        assert_eq!(
            name("candidateName", &some("Jose\u{301}")).unwrap(),
            "Jos\u{e9}"
        );
        assert_eq!(
            email("candidateEmail", &some("Jose\u{301}@example.com")).unwrap(),
            "jos\u{e9}@example.com"
        );
        for bad in [
            "Ann\u{202E}eeL",
            "Ann\u{200B}Lee",
            "Ann\u{7}Lee",
            "Ann\u{2066}Lee",
        ] {
            let e = name("candidateName", &some(bad)).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("candidateName"), "{bad:?}");
            assert!(
                e.message.contains("invisible or control character"),
                "{}",
                e.message
            );
            let mail = format!("{bad}@example.com");
            let e = email("candidateEmail", &Some(mail)).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("candidateEmail"));
        }
    }

    #[test]
    fn phones_need_a_country_code_not_starting_with_zero() {
        assert_eq!(
            phone("phone", &some("+44 (20) 7946-0958"))
                .unwrap()
                .as_deref(),
            Some("+442079460958")
        );
        assert_eq!(phone("phone", &some("  ")).unwrap(), None);
        for bad in ["+0442079460958", "442079460958", "+44 20 ABC", "+123"] {
            let e = phone("phone", &some(bad)).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("phone"), "{bad}");
        }
    }

    #[test]
    fn lists_are_trimmed_and_deduplicated_case_insensitively() {
        let l = vec![" Rust ".into(), "rust".into(), "".into(), "Go".into()];
        assert_eq!(clean_list(&l), vec!["Rust".to_string(), "Go".to_string()]);
    }
}
