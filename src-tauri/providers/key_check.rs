//! "Test" in Settings → Accounts: one cheap authenticated read per vendor, where one is known.
//! A read creates nothing, so it is safe to try; the vendor's own words come back on failure.
//!
//! - Xobin: `GET /ai-interviews/settings/general` [DOC], the account's interview defaults.
//! - Hireflix: the positions query (the picker's read) [DOC].
//! - Apploi: one applicant (`GET /applicants?limit=1`), the picker's read [3P].
//! - InterviewFlowAI and Tidyhire: no read-only call with the API key is documented (their
//!   reads are webhooks or a fetch whose body is not fully known) [UNKNOWN], so nothing is
//!   tried: the key is checked by the first invite, whose answer names a bad key.

use super::tracking::{read_error, read_json};
use super::{apploi, hireflix, xobin, PreparedRequest, Provider};
use crate::error::AppResult;
use crate::secrets::ApiKey;

/// The test read for `p` at `base_url`, or `None` when the vendor has none.
pub fn request(p: Provider, base_url: &str) -> Option<PreparedRequest> {
    match p {
        Provider::Xobin => Some(PreparedRequest::get(
            base_url,
            "/ai-interviews/settings/general",
            xobin::KEY_HEADER,
        )),
        Provider::Hireflix => Some(hireflix::positions_request(base_url)),
        Provider::Apploi => Some(apploi::applicants_request(base_url, "", None, 1, 0)),
        Provider::Interviewflow | Provider::Tidyhire => None,
    }
}

/// Asks the vendor with `key`: `Ok(Some(words))` when it answered the read, `Ok(None)` when the
/// vendor has no test read, an error in the vendor's words otherwise (a rejected key says so).
pub async fn test(
    http: &reqwest::Client,
    p: Provider,
    base_url: &str,
    key: &ApiKey,
) -> AppResult<Option<String>> {
    let Some(req) = request(p, base_url) else {
        return Ok(None);
    };
    let what = "the account's settings";
    let words = super::ask(
        http,
        &req,
        key,
        p,
        what,
        |status, retry_after, body| match p {
            Provider::Hireflix => hireflix::parse_positions(status, retry_after, body)
                .map(|list| format!("{} positions", list.len())),
            Provider::Apploi => apploi::parse_applicants(status, retry_after, body, 0, 1)
                .map(|_| "the applicants list".to_string()),
            _ if (200..300).contains(&status) => {
                read_json(p, status, body, what).map(|_| "the account's settings".to_string())
            }
            _ => Err(read_error(p, status, retry_after, body, what)),
        },
    )
    .await?;
    Ok(Some(format!(
        "{} accepted the key and answered with {words}.",
        p.display_name()
    )))
}
