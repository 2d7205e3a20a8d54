//! How the history writes and reads instants: RFC 3339 UTC text with a `Z`.

use chrono::{DateTime, SecondsFormat, Utc};

/// Instants are stored as RFC 3339 UTC text with a `Z`, whole seconds for chosen times.
pub(super) fn instant_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Now, as a row's `created_at` / `updated_at` (milliseconds, so rows written in one second keep
/// their order).
pub(super) fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A stored instant read back; `None` when the text is not one.
pub(super) fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A nullable stored instant read back.
pub(super) fn parse_opt(s: Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref().and_then(parse_instant)
}
