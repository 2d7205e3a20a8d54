//! `AppError`: the only error the web view ever sees — a kind the UI can branch on, a message a
//! coordinator can act on, and, where it applies, the field, the provider and a retry hint.

use serde::Serialize;
use std::fmt;
use ts_rs::TS;

use crate::provider::Provider;

/// What went wrong, in terms the UI can act on. Serialized in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A field the coordinator filled in is wrong; `field` names it.
    Validation,
    /// No API key is saved for the provider.
    MissingKey,
    /// The vendor rejected the API key.
    InvalidKey,
    /// The system keychain is locked, missing or refused access.
    Keychain,
    /// The vendor (or Invite Desk's own history) says this candidate was already invited.
    Duplicate,
    /// The vendor account has no invites left.
    Quota,
    /// The job, position or applicant does not exist at the vendor.
    NotFound,
    /// The vendor asked us to slow down; `retry_after_secs` when it said how long.
    RateLimited,
    /// The vendor answered with an error of its own (status and its message).
    Vendor,
    /// Nothing reached the vendor: DNS, refused connection, TLS.
    Network,
    /// The request was sent but no answer came: the invite may or may not exist.
    Timeout,
    /// The local history database failed.
    Storage,
    /// A file could not be read or written (export, settings).
    Io,
    /// Something that should not happen; the message says what.
    Internal,
}

/// The error every command returns. JSON: `{kind, message, field?, provider?, status?,
/// retryAfterSecs?}` — pinned by a unit test below, because the UI branches on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub provider: Option<Provider>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub retry_after_secs: Option<u64>,
    /// True when the request may have reached the vendor and created the invite (see the
    /// outcome rule in `providers/answer.rs`): the attempt is recorded `unknown`, never `failed`,
    /// and the duplicate guard asks before it is sent again.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub outcome_unknown: bool,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        AppError {
            kind,
            message: message.into(),
            field: None,
            provider: None,
            status: None,
            retry_after_secs: None,
            outcome_unknown: false,
        }
    }

    /// A validation error naming the field (the form's field name, e.g. `candidateEmail`).
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = AppError::new(ErrorKind::Validation, message);
        e.field = Some(field.into());
        e
    }

    pub fn storage(message: impl Into<String>) -> Self {
        AppError::new(ErrorKind::Storage, message)
    }

    pub fn keychain(message: impl Into<String>) -> Self {
        AppError::new(ErrorKind::Keychain, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        AppError::new(ErrorKind::Internal, message)
    }

    pub fn with_provider(mut self, provider: Provider) -> Self {
        self.provider = Some(provider);
        self
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_retry_after(mut self, secs: Option<u64>) -> Self {
        self.retry_after_secs = secs;
        self
    }

    /// Marks the error as "the vendor may have created the invite" (recorded `unknown`).
    pub fn outcome_unknown(mut self) -> Self {
        self.outcome_unknown = true;
        self
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::storage(format!("The invite history database failed: {e}"))
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::new(
            ErrorKind::Io,
            format!("A file could not be read or written: {e}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn app_error_json_shape_is_pinned_for_the_ui() {
        let e = AppError::validation("candidateEmail", "Enter an email like jane@example.com.")
            .with_provider(Provider::Xobin);
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({
                "kind": "validation",
                "message": "Enter an email like jane@example.com.",
                "field": "candidateEmail",
                "provider": "xobin"
            })
        );
        let e = AppError::new(ErrorKind::RateLimited, "Slow down")
            .with_status(429)
            .with_retry_after(Some(30))
            .with_provider(Provider::Interviewflow);
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({
                "kind": "rate_limited",
                "message": "Slow down",
                "provider": "interviewflow",
                "status": 429,
                "retryAfterSecs": 30
            })
        );
        let e = AppError::new(ErrorKind::Vendor, "HTTP 500").outcome_unknown();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"kind": "vendor", "message": "HTTP 500", "outcomeUnknown": true})
        );
    }

    #[test]
    fn every_error_kind_serializes_to_its_snake_case_name() {
        let kinds = [
            (ErrorKind::Validation, "validation"),
            (ErrorKind::MissingKey, "missing_key"),
            (ErrorKind::InvalidKey, "invalid_key"),
            (ErrorKind::Keychain, "keychain"),
            (ErrorKind::Duplicate, "duplicate"),
            (ErrorKind::Quota, "quota"),
            (ErrorKind::NotFound, "not_found"),
            (ErrorKind::RateLimited, "rate_limited"),
            (ErrorKind::Vendor, "vendor"),
            (ErrorKind::Network, "network"),
            (ErrorKind::Timeout, "timeout"),
            (ErrorKind::Storage, "storage"),
            (ErrorKind::Io, "io"),
            (ErrorKind::Internal, "internal"),
        ];
        for (kind, name) in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), json!(name));
        }
    }
}
