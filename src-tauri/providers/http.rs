//! The one network call of every adapter, through the client of `client.rs`: the key header
//! (marked sensitive), the answer read up to a cap, the key scrubbed from the raw answer before
//! anything parses or cuts it, and transport failures mapped by the outcome rule (`answer.rs`).

use reqwest::header::{HeaderValue, CONTENT_TYPE, LOCATION, RETRY_AFTER};

use super::{answer, build, parse, InviteOutcome, PreparedRequest, Provider, VendorRequest};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::secrets::ApiKey;

/// The most of an answer Invite Desk reads: every documented answer is a few kilobytes, and a
/// hostile or broken server must not be able to exhaust memory.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// The one network call: build → send (key header, JSON content type) → parse.
///
/// A connection that could not be opened (nothing sent) is tried once more. Any failure after
/// the request may have left (timeout, reset while waiting, body cut off) is `unknown`: the
/// invite may exist, so it is never resent here. The key's text is scrubbed from every error.
pub async fn send(
    client: &reqwest::Client,
    req: &VendorRequest,
    base_url: &str,
    key: &ApiKey,
) -> AppResult<InviteOutcome> {
    let p = req.provider();
    let prepared = build(req, base_url);
    call(client, &prepared, key, p, |status, ra, body| {
        parse(req, status, ra, body)
    })
    .await
    .map_err(|e| redact_error(e.with_provider(p), key))
}

/// One call for a chunk of a batch, with the vendor's own batching: Tidyhire's `candidates[]`
/// (one request for all the chunk's rows) and Hireflix's aliased mutations (one HTTP request);
/// any other chunk is one row sent as `send` does. Returns one result per request, in order;
/// an answer that refuses the whole call is every row's error. Keys are scrubbed from each.
pub async fn send_chunk(
    client: &reqwest::Client,
    reqs: &[&VendorRequest],
    base_url: &str,
    key: &ApiKey,
) -> Vec<AppResult<InviteOutcome>> {
    let Some(first) = reqs.first() else {
        return Vec::new();
    };
    let p = first.provider();
    let tidyhire: Vec<&super::tidyhire::Request> = reqs
        .iter()
        .filter_map(|r| match r {
            VendorRequest::Tidyhire(t) => Some(t),
            _ => None,
        })
        .collect();
    let hireflix: Vec<&super::hireflix::Request> = reqs
        .iter()
        .filter_map(|r| match r {
            VendorRequest::Hireflix(h) => Some(h),
            _ => None,
        })
        .collect();
    let n = reqs.len();
    let whole = if n > 1 && tidyhire.len() == n {
        match super::tidyhire::batch_request(&tidyhire) {
            Some(batch) => {
                let prepared = super::tidyhire::build(&batch, base_url);
                call(client, &prepared, key, p, |status, ra, body| {
                    super::tidyhire::parse_batch(&batch, status, ra, body)
                })
                .await
            }
            None => Ok(Vec::new()),
        }
    } else if n > 1 && hireflix.len() == n {
        let prepared = super::hireflix::batch_build(&hireflix, base_url);
        call(client, &prepared, key, p, |status, ra, body| {
            super::hireflix::parse_batch(n, status, ra, body)
        })
        .await
    } else {
        let mut out = Vec::with_capacity(n);
        for r in reqs {
            out.push(send(client, r, base_url, key).await);
        }
        return out;
    };
    match whole {
        Ok(rows) => rows
            .into_iter()
            .map(|r| r.map_err(|e| redact_error(e.with_provider(p), key)))
            .collect(),
        Err(e) => vec![Err(redact_error(e.with_provider(p), key)); n],
    }
}

/// A read (a picker's list, a status) or a change that is not an invite (a revoke): the same
/// client, key header, redirect refusal and key scrubbing as an invite, an answer cap of
/// `READ_ANSWER_BYTES` (10,000 positions fit), and no "may have been created" wording: a
/// transport failure is this call's error and nothing else. `what` names what was asked for
/// ("the positions"), for the messages.
pub async fn ask<T>(
    client: &reqwest::Client,
    prepared: &PreparedRequest,
    key: &ApiKey,
    p: Provider,
    what: &str,
    parse: impl FnOnce(u16, Option<&str>, &[u8]) -> AppResult<T>,
) -> AppResult<T> {
    let n = p.display_name();
    let answer = match exchange_capped(client, prepared, key, p, READ_ANSWER_BYTES).await {
        Ok(a) => a,
        Err(e) if e.outcome_unknown => {
            let mut plain = AppError::new(
                ErrorKind::Network,
                format!(
                    "{n} did not answer with {what} in time, or the connection broke. Try again \
                     in a moment."
                ),
            )
            .with_provider(p);
            plain.status = e.status;
            return Err(redact_error(plain, key));
        }
        Err(e) => return Err(redact_error(e.with_provider(p), key)),
    };
    let r = match answer.status {
        300..=399 => Err(AppError::new(
            ErrorKind::Vendor,
            format!(
                "{n} answered with a redirect (HTTP {}), which Invite Desk does not follow so \
                    the API key never goes anywhere else: check the {n} address in Settings.",
                answer.status
            ),
        )
        .with_status(answer.status)),
        status => parse(status, answer.retry_after.as_deref(), &answer.body),
    };
    r.map_err(|e| redact_error(e.with_provider(p), key))
}

/// The most of a read's answer Invite Desk reads (a list of 10,000 positions is about 1 MiB).
pub const READ_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// `exchange`, then the redirect rule, then `parse` on the answer.
async fn call<T>(
    client: &reqwest::Client,
    prepared: &PreparedRequest,
    key: &ApiKey,
    p: Provider,
    parse: impl FnOnce(u16, Option<&str>, &[u8]) -> AppResult<T>,
) -> AppResult<T> {
    let answer = exchange(client, prepared, key, p).await?;
    match answer.status {
        300..=399 => Err(answer::redirect(
            p,
            answer.status,
            answer.location.as_deref(),
        )),
        status => parse(status, answer.retry_after.as_deref(), &answer.body),
    }
}

/// What came back, with the key already scrubbed from the body.
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// Sends the prepared request; returns the answer, read up to `MAX_ANSWER_BYTES`.
pub async fn exchange(
    client: &reqwest::Client,
    prepared: &PreparedRequest,
    key: &ApiKey,
    p: Provider,
) -> AppResult<Answer> {
    exchange_capped(client, prepared, key, p, MAX_ANSWER_BYTES).await
}

/// `exchange` reading at most `cap` bytes of the answer. A request whose body is JSON `null`
/// (a GET) goes without a body or a Content-Type.
async fn exchange_capped(
    client: &reqwest::Client,
    prepared: &PreparedRequest,
    key: &ApiKey,
    p: Provider,
    cap: usize,
) -> AppResult<Answer> {
    let name = p.display_name();
    let body =
        if prepared.body.is_null() {
            None
        } else {
            Some(serde_json::to_vec(&prepared.body).map_err(|e| {
                AppError::internal(format!("The request could not be encoded: {e}"))
            })?)
        };
    let mut key_value = HeaderValue::from_str(key.expose()).map_err(|_| {
        AppError::new(
            ErrorKind::InvalidKey,
            format!(
                "The saved {name} API key contains a line break or another character a key \
                 cannot have. Nothing was sent: paste the key again in Settings."
            ),
        )
        .with_field("apiKey")
    })?;
    key_value.set_sensitive(true);
    let mut attempt = 1;
    let mut response = loop {
        let mut request = client
            .request(prepared.method.clone(), &prepared.url)
            .header(prepared.key_header, key_value.clone())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(b) = &body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(b.clone());
        }
        for (h, v) in &prepared.extra_headers {
            request = request.header(*h, *v);
        }
        match request.send().await {
            Ok(r) => break r,
            Err(e) if e.is_builder() => {
                return Err(AppError::validation(
                    "baseUrl",
                    format!(
                        "The {name} address in Settings is not a valid web address ({}). Fix it \
                         or reset it to the default.",
                        transport_detail(e)
                    ),
                ))
            }
            // Nothing reached the vendor: one more try is safe.
            Err(e) if e.is_connect() && attempt == 1 => attempt += 1,
            Err(e) if e.is_connect() => {
                return Err(AppError::new(
                    ErrorKind::Network,
                    format!(
                        "Invite Desk could not connect to {name} (tried {attempt} times: {}). \
                         Nothing was sent. Check the internet connection and the {name} address \
                         in Settings, then try again.",
                        transport_detail(e)
                    ),
                ))
            }
            Err(e) => {
                let what = if e.is_timeout() {
                    format!("{name} did not answer in time")
                } else {
                    format!("The connection to {name} broke ({})", transport_detail(e))
                };
                return Err(answer::unknown_outcome(p, &what));
            }
        }
    };
    let status = response.status().as_u16();
    let header = |h| {
        response
            .headers()
            .get(h)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let retry_after = header(RETRY_AFTER);
    let location = header(LOCATION);
    let mut raw = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if raw.len() + chunk.len() > cap {
                    let what = format!(
                        "{name}'s answer (HTTP {status}) was larger than {} MiB, so Invite Desk \
                         stopped reading it",
                        cap / (1024 * 1024)
                    );
                    return Err(too_large(p, status, &what, retry_after.is_some()));
                }
                raw.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                let what = if e.is_timeout() {
                    format!("{name} started answering (HTTP {status}) but did not finish in time")
                } else {
                    format!(
                        "{name}'s answer (HTTP {status}) was cut off ({})",
                        transport_detail(e)
                    )
                };
                // A refusal status already says nothing was created, even if its body broke.
                if !answer::may_have_created(status, retry_after.is_some()) {
                    return Err(answer::http_error(
                        p,
                        status,
                        retry_after.as_deref(),
                        b"",
                        None,
                        "what the request named",
                    ));
                }
                return Err(answer::unknown_outcome(p, &what).with_status(status));
            }
        }
    }
    Ok(Answer {
        status,
        retry_after,
        location,
        body: redact_bytes(&raw, key),
    })
}

fn too_large(p: Provider, status: u16, what: &str, has_retry_after: bool) -> AppError {
    if answer::may_have_created(status, has_retry_after) {
        answer::unknown_outcome(p, what).with_status(status)
    } else {
        AppError::new(
            ErrorKind::Vendor,
            format!("{what}. It refused the request (HTTP {status}): nothing was created."),
        )
        .with_status(status)
    }
}

/// A transport error's text and causes, without URLs.
fn transport_detail(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        let t = s.to_string();
        if !parts.iter().any(|p| p.contains(&t)) {
            parts.push(t);
        }
        source = s.source();
    }
    answer::strip_urls(&parts.join(": "))
}

/// The forms a key can take inside an answer: as sent, JSON-escaped, percent-encoded (both
/// `%2F` and `%2f`, `+` or `%20` for a space).
fn key_forms(key: &str) -> Vec<String> {
    let mut forms = vec![key.to_string()];
    let json = serde_json::to_string(key).unwrap_or_default();
    forms.push(json.trim_matches('"').to_string());
    let pct: String = url::form_urlencoded::byte_serialize(key.as_bytes()).collect();
    forms.push(pct.clone());
    forms.push(pct.replace('+', "%20"));
    forms.push(lower_hex(&pct));
    forms.retain(|f| !f.is_empty());
    forms.sort();
    forms.dedup();
    // Longest first, so a longer encoding is not half-replaced by a shorter one.
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms
}

fn lower_hex(pct: &str) -> String {
    let mut out = String::with_capacity(pct.len());
    let mut chars = pct.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            out.extend(chars.by_ref().take(2).map(|h| h.to_ascii_lowercase()));
        }
    }
    out
}

/// The raw answer with every form of the key replaced by `[redacted]` — before anything parses,
/// excerpts or cuts it, so no slice of the key can survive in a message, a row or an export.
fn redact_bytes(body: &[u8], key: &ApiKey) -> Vec<u8> {
    if key.expose().is_empty() {
        return body.to_vec();
    }
    let mut out = body.to_vec();
    for form in key_forms(key.expose()) {
        out = replace_bytes(&out, form.as_bytes(), b"[redacted]");
    }
    out
}

fn replace_bytes(hay: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() || hay.len() < needle.len() {
        return hay.to_vec();
    }
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

/// Defence in depth: transport errors and anything else built from outside text.
fn redact_error(mut e: AppError, key: &ApiKey) -> AppError {
    let k = key.expose();
    if k.is_empty() {
        return e;
    }
    for form in key_forms(k) {
        if e.message.contains(&form) {
            e.message = e.message.replace(&form, "[redacted]");
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_echoed_in_a_message_is_redacted() {
        let key = ApiKey::new("KEY-LEAK-CANARY-123");
        let e = redact_error(
            AppError::new(ErrorKind::Vendor, "bad key KEY-LEAK-CANARY-123 given"),
            &key,
        );
        assert_eq!(e.message, "bad key [redacted] given");
    }

    #[test]
    fn every_encoding_of_the_key_is_scrubbed_from_a_raw_answer() {
        let key = ApiKey::new("k/e y\"+1");
        let body = br#"raw k/e y"+1 json k/e y\"+1 pct k%2Fe+y%22%2B1 pct20 k%2Fe%20y%22%2B1 low k%2fe+y%22%2b1"#;
        let out = String::from_utf8(redact_bytes(body, &key)).unwrap();
        assert_eq!(
            out,
            "raw [redacted] json [redacted] pct [redacted] pct20 [redacted] low [redacted]"
        );
    }
}
