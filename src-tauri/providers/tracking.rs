//! What Invite Desk asks a vendor besides the invite itself: the lists a picker offers before
//! sending (Hireflix positions, Apploi applicants), where a sent invite stands (Xobin, Hireflix,
//! InterviewFlowAI), and revoking one (Xobin). The types every vendor's answer is read into live
//! here; each call is built and parsed by pure functions in its vendor's file, and made by
//! `http::ask`, which never turns a failed read into anything but an error for that row.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::answer;
use crate::error::{AppError, ErrorKind};
use crate::lane::Lane;
use crate::provider::Provider;
use crate::secrets::ApiKey;

use super::reminds::Reminds;

/// Where an invite stands at the vendor, in the coordinator's terms. The vendor's own word is
/// kept beside it (`VendorStatus::vendor_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Invited; the candidate has not started (Xobin "Pending", Hireflix `pending`).
    NotStarted,
    /// The candidate started and has not finished.
    Started,
    /// Finished (Xobin "Completed", Hireflix `to_evaluate` or later).
    Completed,
    /// The invite was withdrawn (Xobin revoke).
    Revoked,
    /// The vendor closed it another way (Hireflix `discarded`, an expired link).
    Closed,
    /// A word Invite Desk does not know yet: shown as the vendor wrote it.
    Other,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::NotStarted,
        Stage::Started,
        Stage::Completed,
        Stage::Revoked,
        Stage::Closed,
        Stage::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::NotStarted => "not_started",
            Stage::Started => "started",
            Stage::Completed => "completed",
            Stage::Revoked => "revoked",
            Stage::Closed => "closed",
            Stage::Other => "other",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Read from a vendor's status word, ignoring case, spaces, `-` and `_`. Words no vendor
    /// document lists are `Other`: the vendor's word is still shown.
    pub fn from_vendor_word(word: &str) -> Stage {
        let w: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match w.as_str() {
            "pending" | "invited" | "notstarted" | "sent" | "created" | "shortlisted" | "draft"
            | "new" => Stage::NotStarted,
            "started" | "inprogress" | "ongoing" | "lobby" | "answering" => Stage::Started,
            "completed" | "complete" | "finished" | "submitted" | "done" | "toevaluate"
            | "evaluated" | "reportavailable" => Stage::Completed,
            "revoked" | "alreadyrevoked" | "cancelled" | "canceled" | "withdrawn" => Stage::Revoked,
            "discarded" | "expired" | "archived" | "rejected" | "closed" => Stage::Closed,
            _ => Stage::Other,
        }
    }
}

/// What each vendor tells Invite Desk after sending, for History and the README's table.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AfterSend {
    /// A refresh can ask the vendor where the invite stands.
    pub can_refresh: bool,
    /// The invite can be revoked from Invite Desk.
    pub can_revoke: bool,
    /// One sentence: what the vendor tells, or where to look instead.
    pub note: &'static str,
    /// The vendor id (in `InviteOutcome::vendor_ids`) a status call needs; `""` when none is asked.
    pub status_id: &'static str,
    /// Who reminds a candidate who has not started (see [`Reminds`]).
    pub reminds: Reminds,
    /// A re-invite with a new window can be made from Invite Desk (revoke, then invite again).
    pub can_reinvite: bool,
    /// Where to give a candidate more time when Invite Desk cannot.
    pub extend: &'static str,
}

pub fn after_send(p: Provider) -> AfterSend {
    match p {
        Provider::Xobin => AfterSend {
            can_refresh: true,
            status_id: "response_id",
            can_revoke: true,
            reminds: Reminds::VendorWhenItEmailed,
            can_reinvite: true,
            extend: "Re-invite from Invite Desk: the first link is revoked and a new one is sent \
                     with the new expiry.",
            note: "Xobin tells whether the candidate is pending or completed, then the score, \
                   recommendation and report link; an invite can be revoked.",
        },
        Provider::Hireflix => AfterSend {
            can_refresh: true,
            status_id: "id",
            can_revoke: false,
            reminds: Reminds::VendorIfSwitchedOn,
            can_reinvite: false,
            extend: "Hireflix's API cannot move a deadline: change it on the position in \
                     Hireflix (Position → Settings).",
            note: "Hireflix tells the interview's status (pending, to evaluate, shortlisted, \
                   discarded) and its score. Its documents describe no revoke: discard the \
                   interview in Hireflix instead.",
        },
        Provider::Interviewflow => AfterSend {
            can_refresh: true,
            status_id: "id",
            can_revoke: false,
            reminds: Reminds::Coordinator,
            can_reinvite: false,
            extend: "InterviewFlowAI's API cannot extend a link: change it on the Interviewer in \
                     InterviewFlowAI's dashboard.",
            note: "InterviewFlowAI's Fetch API tells the candidate's status and score. Its \
                   documents describe no revoke: remove the candidate in InterviewFlowAI.",
        },
        Provider::Tidyhire => AfterSend {
            can_refresh: false,
            status_id: "",
            can_revoke: false,
            reminds: Reminds::Vendor,
            can_reinvite: false,
            extend: "Tidyhire's API cannot extend an invite: open the project in Tidyhire.",
            note: "Tidyhire reports results only to a webhook, so Invite Desk cannot ask: open \
                   the project in Tidyhire to see them.",
        },
        Provider::Apploi => AfterSend {
            can_refresh: false,
            status_id: "",
            can_revoke: false,
            reminds: Reminds::NotALink,
            can_reinvite: false,
            extend: "Reschedule the interview on the applicant in Apploi.",
            note: "Apploi schedules a calendar interview and reports no status: see the \
                   applicant in Apploi, and reschedule or cancel there.",
        },
    }
}

/// What a status call found out about one invite.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorStatus {
    /// `None` only when the vendor did not say (then `vendor_status` explains).
    pub stage: Option<Stage>,
    /// The vendor's own word ("Pending", "to_evaluate", …).
    pub vendor_status: String,
    /// The score as the vendor gives it ("7.5", "4 / 5"), when it does.
    pub score: Option<String>,
    /// Xobin's recommendation, when it gives one.
    pub recommendation: Option<String>,
    /// The vendor's report page for the coordinator: https only (anything else is dropped).
    pub report_link: Option<String>,
}

impl VendorStatus {
    pub fn of_word(word: &str) -> VendorStatus {
        VendorStatus {
            stage: Some(Stage::from_vendor_word(word)),
            vendor_status: word.trim().to_string(),
            ..Default::default()
        }
    }
}

/// One Hireflix position as its picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    pub id: String,
    pub name: String,
    /// Archived positions are hidden behind a toggle (Hireflix keeps `active` true after
    /// archiving, so this reads `archived`).
    pub archived: bool,
}

/// One Apploi applicant (an application form) as its picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Applicant {
    /// The application form id the interview is scheduled for.
    pub id: String,
    pub name: String,
    pub email: String,
    pub job_id: Option<String>,
    pub job_name: Option<String>,
}

/// A page of applicants and how many match in all (when Apploi says).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplicantPage {
    pub applicants: Vec<Applicant>,
    #[ts(type = "number | null")]
    pub total: Option<u64>,
    pub offset: u32,
    /// True when another page may follow (`offset + limit` under `total`, or a full page when
    /// Apploi gives no total).
    pub more: bool,
}

/// Xobin's four documented revoke answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RevokeAnswer {
    /// The link no longer works.
    Revoked { message: String },
    /// Sent before the account's latest plan change: Xobin does not allow revoking it.
    NotAllowed { message: String },
    /// Someone revoked it before.
    AlreadyRevoked { message: String },
    /// Xobin could not revoke it now: try again later.
    Failed { message: String },
}

impl RevokeAnswer {
    /// The sentence the coordinator reads.
    pub fn sentence(&self) -> String {
        match self {
            RevokeAnswer::Revoked { message } => {
                format!("Revoked: the link no longer works.{}", said(message))
            }
            RevokeAnswer::NotAllowed { message } => format!(
                "Xobin does not allow revoking this invite: it was sent before the account's \
                 latest plan change.{} Revoke it in Xobin's dashboard if it offers that, or \
                 contact Xobin support.",
                said(message)
            ),
            RevokeAnswer::AlreadyRevoked { message } => {
                format!("This invite was already revoked.{}", said(message))
            }
            RevokeAnswer::Failed { message } => format!(
                "Xobin could not revoke the invite just now.{} Nothing changed: try again in a \
                 few minutes.",
                said(message)
            ),
        }
    }

    /// Whether the invite is revoked now (by this call or before it).
    pub fn is_revoked(&self) -> bool {
        matches!(
            self,
            RevokeAnswer::Revoked { .. } | RevokeAnswer::AlreadyRevoked { .. }
        )
    }
}

fn said(message: &str) -> String {
    let m = message.trim();
    if m.is_empty() {
        String::new()
    } else {
        format!(" Xobin said: “{m}”.")
    }
}

/// A non-2xx answer to a read (a list, a status): the vendor's words, the wait a 429 asks for,
/// and never "may have been created" — a read creates nothing.
pub(crate) fn read_error(
    p: Provider,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    what: &str,
) -> AppError {
    let n = p.display_name();
    let msg = answer::words(body);
    let e = match status {
        429 => {
            let secs = answer::retry_after_secs(retry_after, chrono::Utc::now());
            let wait = match secs {
                Some(s) => format!("Invite Desk waits {s} seconds before asking again."),
                None => "Wait a minute, then refresh again.".to_string(),
            };
            AppError::new(
                ErrorKind::RateLimited,
                format!("{n} is limiting how often Invite Desk may ask ({msg}). {wait}"),
            )
            .with_retry_after(secs)
        }
        401 | 403 if status == 401 || answer::sounds_bad_key(&msg) => AppError::new(
            ErrorKind::InvalidKey,
            format!("{n} rejected the API key ({msg}). Check the key in Settings."),
        ),
        403 => AppError::new(
            ErrorKind::Vendor,
            format!(
                "{n} does not let this API key read {what} (HTTP 403: {msg}). Ask {n} to enable \
                 it for the key."
            ),
        ),
        404 => AppError::new(
            ErrorKind::NotFound,
            format!("{n} could not find {what} (HTTP 404: {msg})."),
        ),
        500..=599 => AppError::new(
            ErrorKind::Vendor,
            format!(
                "{n} had a problem answering (HTTP {status}: {msg}). Nothing changed: try again \
                 later."
            ),
        ),
        _ => AppError::new(
            ErrorKind::Vendor,
            format!("{n} refused to give {what} (HTTP {status}): {msg}"),
        ),
    };
    e.with_status(status).with_provider(p)
}

/// A 2xx answer to a read that is not what the vendor documents.
pub(crate) fn read_unreadable(p: Provider, status: u16, body: &[u8], what: &str) -> AppError {
    let n = p.display_name();
    AppError::new(
        ErrorKind::Vendor,
        format!(
            "{n} answered (HTTP {status}) but Invite Desk could not read {what} in it (“{}”). \
             Nothing changed: try again later, and tell us if it persists.",
            answer::excerpt(body)
        ),
    )
    .with_status(status)
    .with_provider(p)
}

/// The JSON of a 2xx read, or why it is unreadable.
pub(crate) fn read_json(
    p: Provider,
    status: u16,
    body: &[u8],
    what: &str,
) -> Result<Value, AppError> {
    serde_json::from_slice::<Value>(body).map_err(|_| read_unreadable(p, status, body, what))
}

/// Text from the first of `keys` present as a non-empty string or a number.
pub(crate) fn text_of(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        let x = if k.contains('/') {
            v.pointer(k)
        } else {
            v.get(*k)
        }?;
        match x {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    })
}

/// An https link, or nothing: a report link is opened in the browser, so no other scheme.
pub(crate) fn https_only(link: Option<String>) -> Option<String> {
    link.filter(|l| {
        url::Url::parse(l)
            .map(|u| u.scheme() == "https")
            .unwrap_or(false)
    })
}

/// What to do at a vendor to erase a candidate there (Invite Desk cannot: none of the five
/// documents a deletion call). Shown when a person is forgotten on this computer.
pub fn erase_at_vendor(p: Provider) -> &'static str {
    match p {
        // DOC: revoke exists (it stops the link); deleting a candidate is not in the API.
        Provider::Xobin => {
            "revoke the invite from History if it is still open, then delete the candidate in \
             Xobin's dashboard (its API has no delete)."
        }
        // DOC: no delete or anonymise mutation in the documented schema.
        Provider::Hireflix => {
            "delete the interview in Hireflix (discard, then delete the candidate) — its API \
             has no delete."
        }
        // UNKNOWN: the Fetch API reads only; a delete endpoint is not documented.
        Provider::Interviewflow => {
            "remove the candidate in InterviewFlowAI's dashboard (its API describes no delete)."
        }
        // DOC: results go to a webhook; the public API adds candidates only.
        Provider::Tidyhire => "delete the candidate in the Tidyhire project.",
        // DOC: the partner API books interviews; applicant data is Apploi's record.
        Provider::Apploi => {
            "ask Apploi (or your Apploi admin) to delete the applicant's record and interview."
        }
    }
}

// ---- What a status call needs (the dispatch is `status.rs`) ----

/// A status call refused with 429 is asked again at most this many times.
pub const MAX_WAITS: u32 = 3;

/// What a status read needs of one sent invite: its job reference and the ids the vendor gave.
#[derive(Debug, Clone, Copy)]
pub struct StatusAsk<'a> {
    pub job_ref: &'a str,
    pub ids: &'a BTreeMap<String, String>,
}

impl StatusAsk<'_> {
    /// The vendor id a status call asks about (`AfterSend::status_id`).
    pub fn id(&self, p: Provider) -> String {
        self.ids
            .get(after_send(p).status_id)
            .cloned()
            .unwrap_or_default()
    }
}

/// Where the calls go: the client, the key, the vendor's address and its lane.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub http: &'a reqwest::Client,
    pub key: &'a ApiKey,
    pub base_url: &'a str,
    pub lane: &'a Lane,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_words_map_to_stages_whatever_their_spelling() {
        assert_eq!(Stage::from_vendor_word("Pending"), Stage::NotStarted);
        assert_eq!(Stage::from_vendor_word("to_evaluate"), Stage::Completed);
        assert_eq!(Stage::from_vendor_word("In Progress"), Stage::Started);
        assert_eq!(Stage::from_vendor_word("ALREADY_REVOKED"), Stage::Revoked);
        assert_eq!(Stage::from_vendor_word("discarded"), Stage::Closed);
        assert_eq!(Stage::from_vendor_word("Reviewed by panel"), Stage::Other);
        for s in Stage::ALL {
            assert_eq!(Stage::from_str_opt(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_report_link_is_kept_only_when_it_is_https() {
        assert_eq!(
            https_only(Some("https://x.xobin.com/r/1".into())).as_deref(),
            Some("https://x.xobin.com/r/1")
        );
        assert_eq!(https_only(Some("http://x.xobin.com/r/1".into())), None);
        assert_eq!(https_only(Some("javascript:alert(1)".into())), None);
    }

    #[test]
    fn a_read_429_waits_and_a_5xx_says_nothing_changed() {
        let e = read_error(Provider::Xobin, 429, Some("7"), b"{}", "the invite list");
        assert_eq!(e.kind, ErrorKind::RateLimited);
        assert_eq!(e.retry_after_secs, Some(7));
        assert!(!e.outcome_unknown);
        let e = read_error(Provider::Xobin, 502, None, b"<h1>Bad gateway</h1>", "x");
        assert!(e.message.contains("Nothing changed"), "{}", e.message);
        assert!(!e.outcome_unknown);
    }
}
