//! The team server's limits on what an attempt carries (the CHECKs of `team.attempts` in
//! `migrations/0001_team.sql`), checked on this computer before an attempt is reserved or sent
//! offline, so an outcome never waits in the outbox for a row the server must refuse; and what
//! a pulled colleague's row may hold before it enters this computer's history.

use super::client::AttemptFacts;
use crate::error::{AppError, AppResult};

/// `job_ref`'s limit on the server, in characters.
pub const MAX_JOB_REF: usize = 1000;
/// `candidate_email`'s limit.
pub const MAX_EMAIL: usize = 320;
/// `candidate_name`'s limit.
pub const MAX_NAME: usize = 500;
/// `job_name`'s limit.
pub const MAX_JOB_NAME: usize = 500;
/// `link`'s limit.
pub const MAX_LINK: usize = 4000;

/// Characters that hide or reorder text (bidirectional controls, zero-width marks) or control
/// the terminal: never part of a name, email, reference or link from a colleague. The same set
/// the form refuses (`providers::hidden_char`).
pub fn has_hidden_chars(s: &str) -> bool {
    crate::providers::hidden_char(s).is_some()
}

/// The attempt's facts fit the server's limits; an error names the form field that does not.
pub fn check_facts(a: &AttemptFacts<'_>) -> AppResult<()> {
    let too_long = |field: &str, what: &str, max: usize| {
        Err(AppError::validation(
            field,
            format!("The {what} is longer than the team server keeps ({max} characters)."),
        ))
    };
    if a.job_ref.chars().count() > MAX_JOB_REF {
        return too_long("jobRef", "job reference", MAX_JOB_REF);
    }
    if a.email.chars().count() > MAX_EMAIL {
        return too_long("candidateEmail", "candidate's email", MAX_EMAIL);
    }
    if a.name.chars().count() > MAX_NAME {
        return too_long("candidateName", "candidate's name", MAX_NAME);
    }
    if a.job_name.is_some_and(|n| n.chars().count() > MAX_JOB_NAME) {
        return too_long("jobName", "job title", MAX_JOB_NAME);
    }
    Ok(())
}

/// The link as the team server may keep it: an `https://` link within its limit, with no hidden
/// characters. Any other link stays on this computer only (the row is shared without it).
pub fn shareable_link(link: Option<&str>) -> Option<&str> {
    link.filter(|l| {
        l.starts_with("https://") && l.chars().count() <= MAX_LINK && !has_hidden_chars(l)
    })
}

/// Why a pulled colleague's row cannot enter this computer's history as it is (a field over
/// the server's limits, or hiding or reordering characters), if it cannot.
pub fn pulled_problem(p: &super::client::Pulled) -> Option<String> {
    let fields = [
        ("name", p.candidate_name.as_str(), MAX_NAME),
        ("email", p.candidate_email.as_str(), MAX_EMAIL),
        ("job reference", p.job_ref.as_str(), MAX_JOB_REF),
        (
            "job title",
            p.job_name.as_deref().unwrap_or(""),
            MAX_JOB_NAME,
        ),
        ("author", p.author_name.as_str(), MAX_NAME),
        (
            "account name",
            p.account_label.as_deref().unwrap_or(""),
            crate::accounts::MAX_LABEL_CHARS,
        ),
        (
            "reminder's author",
            p.reminded.as_ref().map_or("", |r| r.by_name.as_str()),
            MAX_NAME,
        ),
    ];
    fields.iter().find_map(|(what, v, max)| {
        if v.chars().count() > *max {
            Some(format!("its {what} is longer than {max} characters"))
        } else if has_hidden_chars(v) {
            Some(format!("its {what} holds hidden or reordering characters"))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn facts_over_the_servers_limits_are_refused_naming_the_field_and_odd_links_stay_local() {
        let long = "x".repeat(1001);
        let facts = AttemptFacts {
            attempt: Uuid::nil(),
            provider: "xobin",
            job_ref: &long,
            email: "kim@example.com",
            name: "Kim",
            job_name: None,
            account: "Default",
        };
        let e = check_facts(&facts).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("jobRef"));
        let title = "t".repeat(501);
        let ok = AttemptFacts {
            job_ref: "305",
            job_name: Some(&title),
            ..facts
        };
        assert_eq!(
            check_facts(&ok).unwrap_err().field.as_deref(),
            Some("jobName")
        );
        let huge = format!("https://x.example/{}", "a".repeat(4000));
        for bad in [
            "javascript:alert(1)",
            "http://acme.example/i/1",
            huge.as_str(),
            "https://acme.example/\u{202e}1",
        ] {
            assert_eq!(shareable_link(Some(bad)), None, "{bad}");
        }
        assert_eq!(
            shareable_link(Some("https://acme.xobin.com/i/1")),
            Some("https://acme.xobin.com/i/1")
        );
    }

    #[test]
    fn a_pulled_attempt_is_refused_naming_the_field_a_colleague_filled_badly() {
        use crate::team::client::{Pulled, PulledReminder};
        let at = chrono::Utc::now();
        let clean = Pulled {
            change_seq: 1,
            id: Uuid::nil(),
            author: "kim".into(),
            author_name: "Kim Lee".into(),
            provider: "xobin".into(),
            job_ref: "305".into(),
            candidate_name: "Ana Diaz".into(),
            candidate_email: "ana@example.com".into(),
            job_name: None,
            outcome: "sent".into(),
            link: None,
            vendor_ids: serde_json::Value::Null,
            offline: false,
            conflict: None,
            created_at: at,
            updated_at: at,
            account_label: None,
            reminded: Some(PulledReminder {
                at,
                by: "kim".into(),
                by_name: "Kim Lee".into(),
            }),
            received_at: None,
        };
        assert_eq!(pulled_problem(&clean), None);
        let reminded_by = |name: String| Pulled {
            reminded: Some(PulledReminder {
                at,
                by: "kim".into(),
                by_name: name,
            }),
            ..clean.clone()
        };
        assert_eq!(
            pulled_problem(&reminded_by("Kim\u{202e}Lee".into())).as_deref(),
            Some("its reminder's author holds hidden or reordering characters")
        );
        assert_eq!(
            pulled_problem(&reminded_by("k".repeat(MAX_NAME + 1))),
            Some(format!(
                "its reminder's author is longer than {MAX_NAME} characters"
            ))
        );
        let named = Pulled {
            candidate_name: "n".repeat(MAX_NAME + 1),
            ..clean.clone()
        };
        assert!(pulled_problem(&named).is_some_and(|w| w.starts_with("its name ")));
    }
}
