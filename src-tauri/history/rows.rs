//! The history's row types — an attempt to record, a stored record, its outcome — and how a
//! stored row (text and JSON) is decoded into them, with the small conversions both ways.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::Row;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::time::parse_instant;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::provider::Provider;
use crate::providers::ValidInvite;

/// The outcome of one invite attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A row of a batch, written before the batch's first request: not sent yet, safe to send.
    Queued,
    /// Recorded before the request left; no answer yet.
    Pending,
    /// The vendor accepted the invite.
    Sent,
    /// The vendor (or the network before sending) refused it; nothing was created.
    Failed,
    /// The request may have reached the vendor (timeout after send, or a crash mid-send).
    Unknown,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Queued,
        Outcome::Pending,
        Outcome::Sent,
        Outcome::Failed,
        Outcome::Unknown,
    ];

    /// The stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Queued => "queued",
            Outcome::Pending => "pending",
            Outcome::Sent => "sent",
            Outcome::Failed => "failed",
            Outcome::Unknown => "unknown",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The word a coordinator reads in the history table and the CSV.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Queued => "Queued — not sent yet",
            Outcome::Pending => "Sending",
            Outcome::Sent => "Sent",
            Outcome::Failed => "Failed",
            Outcome::Unknown => "Unknown — check at the vendor",
        }
    }
}

/// An attempt about to be sent, as validated by the invite flow.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInvite {
    pub provider: Provider,
    pub candidate_name: String,
    pub candidate_email: String,
    /// The vendor's job, position, interview or applicant reference.
    pub job_ref: String,
    pub job_name: Option<String>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub start_at: Option<DateTime<Utc>>,
    pub expiry_at: Option<DateTime<Utc>>,
    /// The IANA zone the coordinator chose for the times above.
    pub zone: Option<String>,
    /// The vendor account it goes through.
    pub account: InviteAccount,
}

/// The vendor account an invite went through, as History keeps it: this computer's account id
/// and its label (see `accounts.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteAccount {
    pub id: String,
    pub label: String,
}

impl Default for InviteAccount {
    /// Each vendor's Default account, the one earlier versions had.
    fn default() -> Self {
        InviteAccount {
            id: crate::accounts::DEFAULT_ID.into(),
            label: crate::accounts::DEFAULT_LABEL.into(),
        }
    }
}

impl From<&crate::accounts::Route> for InviteAccount {
    fn from(r: &crate::accounts::Route) -> Self {
        InviteAccount {
            id: r.account.clone(),
            label: r.label.clone(),
        }
    }
}

impl From<&ValidInvite> for NewInvite {
    fn from(v: &ValidInvite) -> NewInvite {
        NewInvite {
            provider: v.provider,
            candidate_name: v.candidate_name.clone(),
            candidate_email: v.candidate_email.clone(),
            job_ref: v.job_ref.clone(),
            job_name: v.job_name.clone(),
            scheduled_at: v.scheduled_at,
            start_at: v.start_at,
            expiry_at: v.expiry_at,
            zone: v.zone.clone(),
            account: InviteAccount::default(),
        }
    }
}

/// One row of the history, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InviteRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub provider: Provider,
    pub candidate_name: String,
    pub candidate_email: String,
    pub job_ref: String,
    pub job_name: Option<String>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub start_at: Option<DateTime<Utc>>,
    pub expiry_at: Option<DateTime<Utc>>,
    pub zone: Option<String>,
    pub link: Option<String>,
    #[ts(type = "Record<string, string>")]
    pub vendor_ids: BTreeMap<String, String>,
    pub vendor_status: Option<String>,
    pub vendor_emails_candidate: bool,
    pub summary: Option<String>,
    #[ts(type = "Record<string, string>")]
    pub extra_links: BTreeMap<String, String>,
    pub skipped_emails: Vec<String>,
    pub outcome: Outcome,
    /// The `ErrorKind` name (`timeout`, `quota`, …) when the attempt failed or is unknown;
    /// `interrupted` when Invite Desk stopped mid-send and the row was recovered at start.
    pub error_kind: Option<String>,
    pub error_message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The bulk batch this invite was part of, and its row in the sheet (header = row 1).
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
    pub batch_row: Option<u32>,
    /// Where the invite stands at the vendor, once a refresh has asked (see `status.rs`).
    pub status: Option<super::status::InviteStatus>,
    /// Team mode: the colleague who made this attempt; `None` for this computer's own.
    pub author: Option<String>,
    /// Team mode: "possible double invite — also invited by Bob at 09:12 while offline".
    pub team_conflict: Option<String>,
    /// Team mode: sent while the team server could not be reached.
    pub team_offline: bool,
    /// The BCP-47 language of the message sent with it (`None`: the default, English).
    pub language: Option<String>,
    /// A re-invite with a new window: the invite it replaces.
    #[ts(type = "number | null")]
    pub replaces_id: Option<i64>,
    /// The vendor account it went through: this computer's account id (`default` for rows of
    /// earlier versions); `None` for a colleague's invite, known by its label only.
    pub account: Option<String>,
    /// The account's name ("Default" for rows of earlier versions).
    pub account_label: String,
    /// Team mode: an invite sent while the team server could not be reached — when it reached
    /// the server, by the server's clock (`created_at` is the laptop's, which may be wrong).
    pub team_received_at: Option<DateTime<Utc>>,
}

impl InviteRecord {
    /// A record of an attempt this history does not hold (id 0): a colleague's invite the team
    /// server answered with, shown in the same question as a local one.
    pub fn not_stored(new: &NewInvite, outcome: Outcome, at: DateTime<Utc>) -> InviteRecord {
        InviteRecord {
            id: 0,
            provider: new.provider,
            candidate_name: new.candidate_name.clone(),
            candidate_email: new.candidate_email.clone(),
            job_ref: new.job_ref.clone(),
            job_name: new.job_name.clone(),
            scheduled_at: new.scheduled_at,
            start_at: new.start_at,
            expiry_at: new.expiry_at,
            zone: new.zone.clone(),
            link: None,
            vendor_ids: BTreeMap::new(),
            vendor_status: None,
            vendor_emails_candidate: false,
            summary: None,
            extra_links: BTreeMap::new(),
            skipped_emails: Vec::new(),
            outcome,
            error_kind: None,
            error_message: None,
            created_at: at,
            updated_at: at,
            batch_id: None,
            batch_row: None,
            status: None,
            author: None,
            team_conflict: None,
            team_offline: false,
            language: None,
            replaces_id: None,
            account: Some(new.account.id.clone()),
            account_label: new.account.label.clone(),
            team_received_at: None,
        }
    }

    /// The account in words: "Xobin (Acme)", or "Xobin" for a Default account.
    pub fn via(&self) -> String {
        crate::accounts::named(
            self.provider,
            self.account.as_deref().unwrap_or(""),
            &self.account_label,
        )
    }

    /// The one sentence for "already invited", wherever the app says it (the duplicate
    /// question, a bulk row's check, a colleague's claim): "Alex Tanaka <alex@example.com> was
    /// invited on 12 Mar 2026 via Xobin", "Alice invited Kim Lee <kim@example.com> on 2 Dec 2026
    /// at 09:12 via Xobin (outcome unknown: it may have gone through)".
    pub fn invited_sentence(&self) -> String {
        let when = crate::schedule::local_day(self.created_at);
        let via = self.via();
        let state = match self.outcome {
            Outcome::Unknown => " (outcome unknown: it may have gone through)",
            Outcome::Queued => {
                " (queued in a bulk batch that has not finished: resume or cancel it in Bulk)"
            }
            Outcome::Pending => {
                " (still being sent, or Invite Desk stopped mid-send: it may have gone through)"
            }
            Outcome::Failed => " (failed)",
            Outcome::Sent => "",
        };
        let name = crate::schedule::shown(&self.candidate_name);
        match &self.author {
            Some(by) => format!(
                "{by} invited {name} <{}> on {when} at {} via {via}{state}",
                self.candidate_email,
                crate::schedule::local_time_of_day(self.created_at)
            ),
            None => format!(
                "{name} <{}> was invited on {when} via {via}{state}",
                self.candidate_email
            ),
        }
    }
}

/// The record's columns, in the order `raw_record` reads them; `i` is the `invites` alias. A
/// macro, so statements that are constants (the duplicate guard) can `concat!` it.
macro_rules! record_columns {
    () => {
        "i.id, i.provider, i.candidate_name, i.candidate_email, i.job_ref, \
         i.job_name, i.scheduled_at, i.start_at, i.expiry_at, i.zone, i.link, i.vendor_ids, \
         i.vendor_status, i.vendor_emails_candidate, i.summary, i.extra_links, i.skipped_emails, \
         i.outcome, i.error_kind, i.error_message, i.created_at, i.updated_at, i.batch_id, \
         i.batch_row, i.sent_by, i.team_conflict, i.team_offline, i.language, i.replaces_id, \
         i.account, i.account_label, i.team_received_at"
    };
}
pub(crate) use record_columns;

/// The record's columns (see `record_columns!`), for statements built at run time.
pub(super) const RECORD_COLUMNS: &str = record_columns!();

/// How many columns `record_columns!` lists: a statement's own columns after them start here.
pub(super) const RECORD_COLUMN_COUNT: usize = 32;

/// A row as stored (text), before its provider, outcome, times and JSON are parsed.
pub(super) struct RawRecord {
    id: i64,
    provider: String,
    candidate_name: String,
    candidate_email: String,
    job_ref: String,
    job_name: Option<String>,
    scheduled_at: Option<String>,
    start_at: Option<String>,
    expiry_at: Option<String>,
    zone: Option<String>,
    link: Option<String>,
    vendor_ids: String,
    vendor_status: Option<String>,
    vendor_emails_candidate: bool,
    summary: Option<String>,
    extra_links: String,
    skipped_emails: String,
    outcome: String,
    error_kind: Option<String>,
    error_message: Option<String>,
    created_at: String,
    updated_at: String,
    batch_id: Option<i64>,
    batch_row: Option<u32>,
    author: Option<String>,
    team_conflict: Option<String>,
    team_offline: bool,
    language: Option<String>,
    replaces_id: Option<i64>,
    account: Option<String>,
    account_label: Option<String>,
    team_received_at: Option<String>,
}

pub(super) fn raw_record(r: &Row<'_>) -> rusqlite::Result<RawRecord> {
    Ok(RawRecord {
        id: r.get(0)?,
        provider: r.get(1)?,
        candidate_name: r.get(2)?,
        candidate_email: r.get(3)?,
        job_ref: r.get(4)?,
        job_name: r.get(5)?,
        scheduled_at: r.get(6)?,
        start_at: r.get(7)?,
        expiry_at: r.get(8)?,
        zone: r.get(9)?,
        link: r.get(10)?,
        vendor_ids: r.get(11)?,
        vendor_status: r.get(12)?,
        vendor_emails_candidate: r.get(13)?,
        summary: r.get(14)?,
        extra_links: r.get(15)?,
        skipped_emails: r.get(16)?,
        outcome: r.get(17)?,
        error_kind: r.get(18)?,
        error_message: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
        batch_id: r.get(22)?,
        batch_row: r.get(23)?,
        author: r.get(24)?,
        team_conflict: r.get(25)?,
        team_offline: r.get(26)?,
        language: r.get(27)?,
        replaces_id: r.get(28)?,
        account: r.get(29)?,
        account_label: r.get(30)?,
        team_received_at: r.get(31)?,
    })
}

impl RawRecord {
    pub(super) fn into_record(self) -> AppResult<InviteRecord> {
        let id = self.id;
        let bad = |what: &str| {
            AppError::storage(format!(
                "Invite #{id} in the history has an unreadable {what}; the history file may have \
                 been edited outside Invite Desk."
            ))
        };
        let time = |s: Option<String>, what: &str| -> AppResult<Option<DateTime<Utc>>> {
            s.map(|s| parse_instant(&s).ok_or_else(|| bad(what)))
                .transpose()
        };
        Ok(InviteRecord {
            id,
            provider: Provider::from_id(&self.provider).ok_or_else(|| bad("provider"))?,
            candidate_name: self.candidate_name,
            candidate_email: self.candidate_email,
            job_ref: self.job_ref,
            job_name: self.job_name,
            scheduled_at: time(self.scheduled_at, "scheduled time")?,
            start_at: time(self.start_at, "start time")?,
            expiry_at: time(self.expiry_at, "expiry time")?,
            zone: self.zone,
            link: self.link,
            vendor_ids: serde_json::from_str(&self.vendor_ids).map_err(|_| bad("vendor ids"))?,
            vendor_status: self.vendor_status,
            vendor_emails_candidate: self.vendor_emails_candidate,
            summary: self.summary,
            extra_links: serde_json::from_str(&self.extra_links)
                .map_err(|_| bad("list of other links"))?,
            skipped_emails: serde_json::from_str(&self.skipped_emails)
                .map_err(|_| bad("list of skipped emails"))?,
            outcome: Outcome::from_str_opt(&self.outcome).ok_or_else(|| bad("outcome"))?,
            error_kind: self.error_kind,
            error_message: self.error_message,
            created_at: time(Some(self.created_at), "creation time")?.ok_or_else(|| bad("time"))?,
            updated_at: time(Some(self.updated_at), "update time")?.ok_or_else(|| bad("time"))?,
            batch_id: self.batch_id,
            batch_row: self.batch_row,
            status: None,
            author: self.author,
            team_conflict: self.team_conflict,
            team_offline: self.team_offline,
            language: self.language,
            replaces_id: self.replaces_id,
            account: self.account,
            account_label: self
                .account_label
                .unwrap_or_else(|| crate::accounts::DEFAULT_LABEL.to_string()),
            team_received_at: time(self.team_received_at, "team arrival time")?,
        })
    }
}

pub(super) fn to_json<T: Serialize + ?Sized>(v: &T) -> AppResult<String> {
    serde_json::to_string(v)
        .map_err(|e| AppError::internal(format!("A history value could not be stored: {e}")))
}

/// The `ErrorKind`'s JSON name (`timeout`, `rate_limited`, …), stored so the UI can branch on it.
pub(super) fn error_kind_name(kind: ErrorKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{kind:?}").to_lowercase())
}
