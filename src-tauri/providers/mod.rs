//! The five vendor adapters behind one shape: a form from the UI is validated into a typed
//! vendor request, `build` turns it into an HTTP request (pure), `send` makes the one call, and
//! `parse` turns status + body into an outcome or an `AppError` (pure).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppResult;
pub use crate::provider::Provider;

mod answer;
pub mod apploi;
mod client;
mod form;
pub(crate) use form::hidden_char;
pub mod hireflix;
mod http;
pub mod interviewflow;
pub mod key_check;
pub mod reminds;
pub mod status;
pub mod tidyhire;
pub mod tracking;
pub mod xobin;

/// A candidate-level field of a provider's form that a bulk sheet's column can fill. `field` is
/// the form's JSON name (`interview.date` reaches into the `interview` object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkField {
    pub field: &'static str,
    /// The coordinator's word for it (the form's label).
    pub label: &'static str,
    /// The row cannot be sent without it (the provider's own rule, checked by `validate`).
    pub required: bool,
    /// Always the row's own: when no column fills it, it is empty. Otherwise (an interview's
    /// date or zone, say) the Invite form's value applies to every row without a column.
    pub per_candidate: bool,
}

impl BulkField {
    pub const fn own(field: &'static str, label: &'static str, required: bool) -> BulkField {
        BulkField {
            field,
            label,
            required,
            per_candidate: true,
        }
    }
}

impl Provider {
    /// The fields of this provider's form that a bulk sheet fills per row; every other field
    /// is the job's, taken from the Invite form for every row.
    pub fn bulk_fields(self) -> &'static [BulkField] {
        match self {
            Provider::Xobin => xobin::BULK_FIELDS,
            Provider::Interviewflow => interviewflow::BULK_FIELDS,
            Provider::Tidyhire => tidyhire::BULK_FIELDS,
            Provider::Hireflix => hireflix::BULK_FIELDS,
            Provider::Apploi => apploi::BULK_FIELDS,
        }
    }
}

/// A row's form just before it is checked: what a provider derives from the row's cells (Hireflix
/// splits a full name when the sheet has no first and last name columns).
pub fn bulk_fill(p: Provider, form: &mut serde_json::Map<String, serde_json::Value>) {
    if p == Provider::Hireflix {
        hireflix::bulk_fill(form);
    }
}

/// What came back from a vendor, in the terms the UI and history use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InviteOutcome {
    /// The candidate's interview link, when the vendor returns one.
    pub link: Option<String>,
    /// Vendor ids by the vendor's own names (`response_id`, `interview_id`, `project_id`, …).
    #[ts(type = "Record<string, string>")]
    pub vendor_ids: BTreeMap<String, String>,
    /// The vendor's own status text, when it gives one.
    pub vendor_status: Option<String>,
    /// True when the vendor emails the candidate itself.
    pub vendor_emails_candidate: bool,
    /// One plain sentence for the result card ("Tidyhire will email the candidate…").
    pub summary: String,
    /// Other useful links (label → url), e.g. Tidyhire's job page and project login.
    #[ts(type = "Record<string, string>")]
    pub extra_links: BTreeMap<String, String>,
    /// Emails the vendor skipped as already invited (Tidyhire).
    pub skipped_emails: Vec<String>,
    /// The vendor's name for the interview or job, when its answer gives one (Xobin's
    /// `ai_interview_name`): History shows it and the recent-ids list offers it.
    #[serde(default)]
    pub job_name: Option<String>,
}

/// What the UI sends: JSON `{"provider": "xobin", ...form fields in camelCase}`.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq, TS)]
#[serde(tag = "provider", rename_all = "lowercase")]
pub enum InviteForm {
    Xobin(xobin::Form),
    Interviewflow(interviewflow::Form),
    Tidyhire(tidyhire::Form),
    Hireflix(hireflix::Form),
    Apploi(apploi::Form),
}

impl InviteForm {
    pub fn provider(&self) -> Provider {
        match self {
            InviteForm::Xobin(_) => Provider::Xobin,
            InviteForm::Interviewflow(_) => Provider::Interviewflow,
            InviteForm::Tidyhire(_) => Provider::Tidyhire,
            InviteForm::Hireflix(_) => Provider::Hireflix,
            InviteForm::Apploi(_) => Provider::Apploi,
        }
    }

    /// Every rule, per provider; errors name the form field (its camelCase JSON name) and
    /// carry the provider.
    pub fn validate(&self, now: DateTime<Utc>) -> AppResult<ValidInvite> {
        let r = match self {
            InviteForm::Xobin(f) => xobin::validate(f, now),
            InviteForm::Interviewflow(f) => interviewflow::validate(f, now),
            InviteForm::Tidyhire(f) => tidyhire::validate(f, now),
            InviteForm::Hireflix(f) => hireflix::validate(f, now),
            InviteForm::Apploi(f) => apploi::validate(f, now),
        };
        r.map_err(|e| e.with_provider(self.provider()))
    }
}

/// A form that passed every check, with the typed request ready to send.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidInvite {
    pub provider: Provider,
    /// Trimmed.
    pub candidate_name: String,
    /// Trimmed and lowercased.
    pub candidate_email: String,
    /// What the invite is for: Xobin `ai_interview_id`, InterviewFlowAI `jobId`, Tidyhire
    /// `external_id`, Hireflix `positionId`, Apploi application form id.
    pub job_ref: String,
    /// A readable job name when the form has one (Tidyhire's job title).
    pub job_name: Option<String>,
    /// Xobin's link window.
    pub start_at: Option<DateTime<Utc>>,
    pub expiry_at: Option<DateTime<Utc>>,
    /// Apploi's interview time.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// The IANA zone the coordinator chose.
    pub zone: Option<String>,
    /// Non-blocking notes for the form ("the start is in the past: active immediately").
    pub notes: Vec<String>,
    pub request: VendorRequest,
}

impl ValidInvite {
    /// The facts every invite has; the rest (dates, zone, job name, notes) start empty and an
    /// adapter sets those it knows with struct-update syntax.
    pub fn new(
        request: VendorRequest,
        candidate_name: String,
        candidate_email: String,
        job_ref: String,
    ) -> ValidInvite {
        ValidInvite {
            provider: request.provider(),
            candidate_name,
            candidate_email,
            job_ref,
            job_name: None,
            start_at: None,
            expiry_at: None,
            scheduled_at: None,
            zone: None,
            notes: Vec::new(),
            request,
        }
    }
}

/// The typed request for one vendor, with the vendor's own field names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "provider", content = "request", rename_all = "lowercase")]
pub enum VendorRequest {
    Xobin(xobin::Request),
    Interviewflow(interviewflow::Request),
    Tidyhire(tidyhire::Request),
    Hireflix(hireflix::Request),
    Apploi(apploi::Request),
}

impl VendorRequest {
    pub fn provider(&self) -> Provider {
        match self {
            VendorRequest::Xobin(_) => Provider::Xobin,
            VendorRequest::Interviewflow(_) => Provider::Interviewflow,
            VendorRequest::Tidyhire(_) => Provider::Tidyhire,
            VendorRequest::Hireflix(_) => Provider::Hireflix,
            VendorRequest::Apploi(_) => Provider::Apploi,
        }
    }
}

/// An HTTP request ready to send, minus the key (added by `send` only).
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedRequest {
    pub method: Method,
    pub url: String,
    /// The header the vendor reads the API key from.
    pub key_header: &'static str,
    /// Other fixed headers the vendor wants (name, value); never a secret.
    pub extra_headers: Vec<(&'static str, &'static str)>,
    pub body: serde_json::Value,
}

impl PreparedRequest {
    /// `method {base}{path}` with `body` as JSON: the shape every adapter's `build` shares.
    pub fn json<T: Serialize>(
        method: Method,
        base_url: &str,
        path: &str,
        key_header: &'static str,
        body: &T,
    ) -> PreparedRequest {
        PreparedRequest {
            method,
            url: format!("{}{path}", trim_base(base_url)),
            key_header,
            extra_headers: Vec::new(),
            // Our own request types always serialize; `Null` would be refused by the vendor.
            body: serde_json::to_value(body).unwrap_or(serde_json::Value::Null),
        }
    }
}

impl PreparedRequest {
    /// `GET {base}{path}` (the path already carries any query string), with no body.
    pub fn get(base_url: &str, path: &str, key_header: &'static str) -> PreparedRequest {
        PreparedRequest {
            method: Method::GET,
            url: format!("{}{path}", trim_base(base_url)),
            key_header,
            extra_headers: Vec::new(),
            body: serde_json::Value::Null,
        }
    }
}

/// The documented production host of each vendor (a setting can point elsewhere).
/// How a batch to `p` is cut into requests: the rows one request carries (Tidyhire's
/// `candidates[]` chunk as set, 1 to 100; Hireflix's aliased mutations; one row otherwise).
pub fn batch_size(p: Provider, tidyhire_chunk: usize) -> usize {
    match p {
        Provider::Tidyhire => tidyhire_chunk.clamp(1, 100),
        Provider::Hireflix => hireflix::BATCH_CHUNK,
        _ => 1,
    }
}

/// Whether a batch to `p` must send one request at a time: Tidyhire's first request may create
/// the job's project, and two requests racing on a new `external_id` could create two.
pub fn one_request_at_a_time(p: Provider) -> bool {
    p == Provider::Tidyhire
}

pub fn default_base_url(p: Provider) -> &'static str {
    p.default_base_url()
}

/// A base URL as typed in Settings: surrounding spaces and trailing slashes dropped.
pub(crate) fn trim_base(base_url: &str) -> &str {
    base_url.trim().trim_end_matches('/')
}

/// Method, URL, key header name and JSON body for a request. Pure.
pub fn build(req: &VendorRequest, base_url: &str) -> PreparedRequest {
    match req {
        VendorRequest::Xobin(r) => xobin::build(r, base_url),
        VendorRequest::Interviewflow(r) => interviewflow::build(r, base_url),
        VendorRequest::Tidyhire(r) => tidyhire::build(r, base_url),
        VendorRequest::Hireflix(r) => hireflix::build(r, base_url),
        VendorRequest::Apploi(r) => apploi::build(r, base_url),
    }
}

/// The vendor's answer (status, `Retry-After`, body) as an outcome or an error. Pure, apart
/// from reading the clock to turn an HTTP-date `Retry-After` into seconds.
pub fn parse(
    req: &VendorRequest,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> AppResult<InviteOutcome> {
    let r = match req {
        VendorRequest::Xobin(r) => xobin::parse(r, status, retry_after, body),
        VendorRequest::Interviewflow(r) => interviewflow::parse(r, status, retry_after, body),
        VendorRequest::Tidyhire(r) => tidyhire::parse(r, status, retry_after, body),
        VendorRequest::Hireflix(r) => hireflix::parse(r, status, retry_after, body),
        VendorRequest::Apploi(r) => apploi::parse(r, status, retry_after, body),
    };
    r.map_err(|e| e.with_provider(req.provider()))
}

pub use client::{default_client, http_client, Http};
pub use http::{ask, send, send_chunk, MAX_ANSWER_BYTES, READ_ANSWER_BYTES};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-07-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_form_is_chosen_by_its_provider_tag_and_absent_null_or_blank_fields_mean_empty() {
        let form: InviteForm = serde_json::from_value(json!({
            "provider": "interviewflow",
            "candidateName": "Jane",
            "candidateEmail": "jane@example.com",
            "jobId": 42,
            "status": "",
            "resumeUrl": null,
            "skills": null,
            "metadata": {"externalCandidateId": "c-1", "blank": "  "}
        }))
        .unwrap();
        assert_eq!(form.provider(), Provider::Interviewflow);
        let v = form.validate(now()).unwrap();
        assert_eq!(v.job_ref, "42");
        assert_eq!(
            build(&v.request, default_base_url(Provider::Interviewflow)).body,
            json!({"name": "Jane", "email": "jane@example.com", "jobId": "42",
                   "metadata": {"externalCandidateId": "c-1"}})
        );
    }

    #[test]
    fn a_validation_error_names_the_field_and_the_provider() {
        let form: InviteForm = serde_json::from_value(json!({
            "provider": "hireflix", "candidateEmail": "ann@example.com", "positionId": "p",
            "firstName": "Ann"
        }))
        .unwrap();
        let e = form.validate(now()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.field.as_deref(), Some("lastName"));
        assert_eq!(e.provider, Some(Provider::Hireflix));
    }

    #[test]
    fn an_unknown_provider_is_refused_when_decoding() {
        let r: Result<InviteForm, _> = serde_json::from_value(json!({"provider": "acme"}));
        assert!(r.is_err());
    }

    #[test]
    fn base_urls_tolerate_trailing_slashes_and_spaces() {
        assert_eq!(
            trim_base(" https://partners.apploi.com// "),
            "https://partners.apploi.com"
        );
    }
}
