//! The messages a coordinator sends by hand: templates per kind (invite, reminder, schedule),
//! vendor, job and language, their placeholders, and rendering them for one candidate. Pure
//! text: no SQL (stored templates live in `history/templates.rs`), no network. Dates are written
//! in the template's language (`dates.rs`, names from the locale data chrono carries); the
//! templates shipped with the app are in `builtin.rs`.
//!
//! The syntax stays simple on purpose: `{name}` is a value, `{{` and `}}` are a brace; there is
//! no logic. A line whose value is missing is left out, so "{expiry_line}" on a line of its own
//! disappears for an invite that never expires.

pub mod builtin;
mod dates;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult};
use crate::provider::Provider;
use crate::schedule::Tz;

pub use builtin::{builtin, BUILTIN_LANGUAGES};
pub use dates::{gmt_text, local_text};

/// What a template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TemplateKind {
    /// The message that goes with a new invite's link.
    Invite,
    /// A nudge for an invite not started yet: the same link.
    Reminder,
    /// A dated interview (Apploi).
    Schedule,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 3] = [
        TemplateKind::Invite,
        TemplateKind::Reminder,
        TemplateKind::Schedule,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::Invite => "invite",
            TemplateKind::Reminder => "reminder",
            TemplateKind::Schedule => "schedule",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<TemplateKind> {
        TemplateKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Every placeholder a template may hold.
pub const PLACEHOLDERS: [&str; 13] = [
    "first_name",
    "last_name",
    "name",
    "job",
    "link",
    "expiry_local",
    "expiry_gmt",
    "expiry_line",
    "company",
    "sender",
    "interview_date",
    "duration",
    "location",
];

/// A template, stored (`id` > 0) or shipped with the app (`built_in`, `id` 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    #[ts(type = "number")]
    #[serde(default)]
    pub id: i64,
    pub kind: TemplateKind,
    /// `None`: any vendor.
    #[serde(default)]
    pub provider: Option<Provider>,
    /// The vendor's job reference it is for; `None`: any job (needs a provider to be set).
    #[serde(default)]
    pub job_ref: Option<String>,
    /// A BCP-47 tag: `fr`, `pt-BR`.
    pub language: String,
    pub subject: String,
    pub body: String,
    #[serde(default)]
    pub built_in: bool,
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// A template's text cut into pieces; an unknown placeholder or a brace left open is an error
/// naming it (for the field `field`).
fn pieces<'a>(text: &'a str, field: &str) -> AppResult<Vec<Piece<'a>>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        if i > 0 {
            out.push(Piece::Text(&rest[..i]));
        }
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push(Piece::Text(&tail[..1]));
            rest = &tail[2..];
            continue;
        }
        if let Some(after) = tail.strip_prefix('}') {
            out.push(Piece::Text("}"));
            rest = after;
            continue;
        }
        let Some(end) = tail
            .find('}')
            .filter(|e| !tail[1..*e].contains(['{', '\n']))
        else {
            let shown: String = tail.chars().take(20).collect();
            return Err(AppError::validation(
                field,
                format!("“{shown}” opens a brace it does not close: write {{{{ for a brace."),
            ));
        };
        let name = &tail[1..end];
        if !PLACEHOLDERS.contains(&name) {
            return Err(AppError::validation(
                field,
                format!(
                    "{{{name}}} is not a placeholder Invite Desk knows. Use one of {}, or write \
                     {{{{ for a brace.",
                    PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(" ")
                ),
            ));
        }
        out.push(Piece::Slot(name));
        rest = &tail[end + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// Checks a template before it is saved: its language, its lengths and every placeholder.
/// Returns it tidied (trimmed language and job, no job without a provider).
pub fn check(t: &Template) -> AppResult<Template> {
    let language = t.language.trim().to_string();
    if language.len() > 35 || !is_language_tag(&language) {
        return Err(AppError::validation(
            "language",
            format!(
                "“{}” is not a language tag: use one like en, fr, de or pt-BR.",
                crate::schedule::shown(&language)
            ),
        ));
    }
    let job_ref = t
        .job_ref
        .as_deref()
        .map(str::trim)
        .filter(|j| !j.is_empty());
    if job_ref.is_some_and(|j| j.chars().count() > 200) {
        return Err(AppError::validation(
            "jobRef",
            "A job reference is at most 200 characters: paste the vendor's id for the job.",
        ));
    }
    if job_ref.is_some() && t.provider.is_none() {
        return Err(AppError::validation(
            "jobRef",
            "A template for one job needs its vendor: choose the provider too.",
        ));
    }
    if t.subject.chars().count() > 300 || t.subject.contains('\n') {
        return Err(AppError::validation(
            "subject",
            "The subject is one line of at most 300 characters.",
        ));
    }
    if t.body.chars().count() > 5000 {
        return Err(AppError::validation(
            "body",
            "The message is longer than 5000 characters: shorten it.",
        ));
    }
    pieces(&t.subject, "subject")?;
    pieces(&t.body, "body")?;
    Ok(Template {
        language,
        job_ref: job_ref.map(str::to_string),
        built_in: false,
        ..t.clone()
    })
}

/// `en`, `fr`, `pt-BR`, `zh-Hant-TW`: letters first, then subtags of letters and digits.
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The language's primary subtag, lower case: `pt-BR` → `pt`.
pub fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The template for an invite: job + provider + language, then provider + language, then the
/// language's default (a stored one, else the one shipped), then English as shipped. A
/// language matches exactly (ignoring case) or by its primary subtag (`fr-CA` finds `fr`).
pub fn resolve(
    stored: &[Template],
    kind: TemplateKind,
    provider: Provider,
    job_ref: &str,
    language: &str,
) -> Template {
    let lang_score = |t: &Template| -> Option<u8> {
        if t.language.eq_ignore_ascii_case(language) {
            Some(0)
        } else if primary(&t.language) == primary(language) && !t.language.contains('-') {
            Some(1)
        } else {
            None
        }
    };
    let best = |want: &dyn Fn(&Template) -> bool| {
        stored
            .iter()
            .filter(|t| t.kind == kind && want(t))
            .filter_map(|t| lang_score(t).map(|s| (s, t)))
            .min_by_key(|(s, t)| (*s, t.id))
            .map(|(_, t)| t.clone())
    };
    let job = job_ref.trim();
    best(&|t| t.provider == Some(provider) && t.job_ref.as_deref() == Some(job))
        .or_else(|| best(&|t| t.provider == Some(provider) && t.job_ref.is_none()))
        .or_else(|| best(&|t| t.provider.is_none() && t.job_ref.is_none()))
        .or_else(|| builtin(kind, language))
        .unwrap_or_else(|| builtin::english(kind))
}

/// What one candidate's message is made of. A value left `None` (or empty) drops its lines.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub name: String,
    pub job: Option<String>,
    pub link: Option<String>,
    /// When the link stops working, and the candidate's zone.
    pub expiry: Option<(DateTime<Utc>, Tz)>,
    /// A dated interview's start, and the candidate's zone.
    pub interview: Option<(DateTime<Utc>, Tz)>,
    pub company: Option<String>,
    pub sender: Option<String>,
    pub duration: Option<String>,
    pub location: Option<String>,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Rendered {
    pub subject: String,
    pub body: String,
    /// The template's language.
    pub language: String,
    /// The stored template used (0: one shipped with the app).
    #[ts(type = "number")]
    pub template_id: i64,
}

/// The placeholders' values for `facts`, written in `language`.
fn values(facts: &Facts, language: &str) -> BTreeMap<&'static str, String> {
    let mut v = BTreeMap::new();
    let name = facts.name.trim();
    let mut words = name.splitn(2, char::is_whitespace);
    let some = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    let mut put = |k: &'static str, s: Option<String>| {
        if let Some(s) = s.filter(|s| !s.trim().is_empty()) {
            v.insert(k, s);
        }
    };
    put("name", some(Some(name)));
    put("first_name", some(words.next()));
    put("last_name", some(words.next()));
    put("job", some(facts.job.as_deref()));
    put("link", some(facts.link.as_deref()));
    put("company", some(facts.company.as_deref()));
    put("sender", some(facts.sender.as_deref()));
    put("duration", some(facts.duration.as_deref()));
    put("location", some(facts.location.as_deref()));
    if let Some((at, zone)) = facts.expiry {
        let local = local_text(at, zone, language);
        let gmt = gmt_text(at, language);
        put(
            "expiry_line",
            Some(builtin::expiry_line(language, &local, &gmt)),
        );
        put("expiry_local", Some(local));
        put("expiry_gmt", Some(gmt));
    }
    if let Some((at, zone)) = facts.interview {
        put(
            "interview_date",
            Some(format!(
                "{} ({})",
                local_text(at, zone, language),
                gmt_text(at, language)
            )),
        );
    }
    v
}

/// Fills `text` line by line: a line holding a placeholder whose value is missing is left out.
/// The text was checked when saved; a piece that no longer parses is shown as written.
fn fill(text: &str, values: &BTreeMap<&'static str, String>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut dropped = false;
    for line in text.split('\n') {
        // A blank line after a line left out is left out too when a blank line is already
        // there, so a missing paragraph leaves no double gap.
        if dropped && line.trim().is_empty() && out.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        dropped = false;
        let Ok(ps) = pieces(line, "body") else {
            out.push(line.to_string());
            continue;
        };
        let mut s = String::new();
        let mut missing = false;
        for p in ps {
            match p {
                Piece::Text(t) => s.push_str(t),
                Piece::Slot(name) => match values.get(name) {
                    Some(val) => s.push_str(val),
                    None => missing = true,
                },
            }
        }
        if missing {
            dropped = true;
        } else {
            out.push(s);
        }
    }
    out.join("\n")
}

/// Renders a template for one candidate, in the template's language.
pub fn render(t: &Template, facts: &Facts) -> Rendered {
    let v = values(facts, &t.language);
    Rendered {
        subject: fill(&t.subject, &v),
        body: fill(&t.body, &v),
        language: t.language.clone(),
        template_id: t.id,
    }
}

/// The longest `mailto:` handed to the mail app: longer ones are cut or refused by mail apps
/// and desktop handlers (about 2,000 characters is the common floor).
pub const MAX_MAILTO: usize = 2000;

/// A `mailto:` address with the message as its subject and body (percent-encoded); `None` when
/// it would be longer than [`MAX_MAILTO`] (the message is then copied instead, whole).
pub fn mailto(email: &str, r: &Rendered) -> Option<String> {
    let enc = |s: &str| -> String {
        url::form_urlencoded::byte_serialize(s.as_bytes())
            .collect::<String>()
            .replace('+', "%20")
    };
    let link = format!(
        "mailto:{}?subject={}&body={}",
        enc(email.trim()).replace("%40", "@"),
        enc(&r.subject),
        enc(&r.body.replace('\n', "\r\n"))
    );
    (link.len() <= MAX_MAILTO).then_some(link)
}

#[cfg(test)]
mod tests;
