//! The fault matrix: every row of the outcome rule (`src-tauri/providers/answer.rs`, README
//! "What Invite Desk promises") driven through the whole invite flow for each of the five
//! providers, against a local mock vendor, on a real history file. For each row × provider it
//! asserts the outcome stored in History, the message the coordinator sees (also stored), and
//! what a second send does: after `unknown` it asks first and sends nothing (one request, not
//! two); after `failed` nothing was created, so it sends again without a question.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test set-up may unwrap

mod providers_support;

use std::sync::Arc;
use std::time::Duration;

use invite_desk::error::{AppError, ErrorKind};
use invite_desk::history::Outcome;
use invite_desk::invite::{self, SendResult};
use invite_desk::providers::{self, InviteForm, Provider};
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::state::AppState;
use providers_support::{base_url, endpoint_path, form_json, http_method, KEY};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a row expects: the stored outcome and words the message must contain.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Failed(&'static str),
    Unknown(&'static str),
    Sent,
}

/// One fault: a name, the answer (None = how the connection behaves is in `transport`) and
/// what is expected per provider.
struct Row {
    name: &'static str,
    reply: fn(Provider) -> Option<ResponseTemplate>,
    expect: fn(Provider) -> Expect,
}

fn text(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "text/plain")
}

fn jsonr(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// The vendor-specific explicit refusal inside a 2xx (or the closest the vendor documents).
fn explicit_refusal(p: Provider) -> ResponseTemplate {
    match p {
        Provider::Xobin => jsonr(200, json!({"error": "ai_interview_id is not active"})),
        Provider::Tidyhire => jsonr(200, json!({"success": false, "message": "Job is closed"})),
        Provider::Hireflix => jsonr(
            200,
            json!({"data": {"inviteCandidateToInterview": {
                "__typename": "PositionNotFoundError", "e4Message": "Position not found"}}}),
        ),
        // InterviewFlowAI and Apploi document no refusal inside a 2xx: their 422 stands in.
        Provider::Interviewflow | Provider::Apploi => {
            jsonr(422, json!({"message": "The job is closed"}))
        }
    }
}

/// A 2xx that says "done" but lacks what the vendor documents (link or id).
fn incomplete_success(p: Provider) -> ResponseTemplate {
    match p {
        Provider::Xobin => jsonr(200, json!({"status": "Invite Link created"})),
        Provider::Interviewflow => jsonr(201, json!({"data": {"id": "x"}, "code": 201})),
        Provider::Tidyhire => jsonr(200, json!({"success": true})),
        Provider::Hireflix => jsonr(200, json!({"data": null})),
        // Apploi documents no success body: any 2xx is "scheduled".
        Provider::Apploi => jsonr(200, json!({})),
    }
}

/// A 2xx whose body is HTML, empty or truncated: Apploi reads no body, the others cannot tell.
fn unreadable_2xx(p: Provider) -> Expect {
    if p == Provider::Apploi {
        Expect::Sent
    } else {
        Expect::Unknown("could not read the answer")
    }
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "400 Bad Request",
            reply: |_| Some(jsonr(400, json!({"message": "candidate_email is invalid"}))),
            expect: |_| Expect::Failed("candidate_email is invalid"),
        },
        Row {
            name: "401 Unauthorized",
            reply: |_| Some(jsonr(401, json!({"message": "Unauthorized"}))),
            expect: |_| Expect::Failed("API key"),
        },
        Row {
            name: "403 Forbidden",
            reply: |_| Some(jsonr(403, json!({"message": "Forbidden for this account"}))),
            expect: |_| Expect::Failed("Forbidden for this account"),
        },
        Row {
            name: "404 Not Found",
            reply: |_| Some(jsonr(404, json!({"message": "No such resource"}))),
            expect: |_| Expect::Failed("could not find"),
        },
        Row {
            name: "409 Conflict",
            reply: |_| Some(jsonr(409, json!({"message": "Candidate already invited"}))),
            expect: |_| Expect::Failed("already invited"),
        },
        Row {
            name: "422 Unprocessable",
            reply: |_| Some(jsonr(422, json!({"message": "expiry_date must be later"}))),
            expect: |_| Expect::Failed("expiry_date must be later"),
        },
        Row {
            name: "429 Too Many Requests",
            reply: |_| Some(text(429, "slow down").insert_header("Retry-After", "30")),
            expect: |_| Expect::Failed("30"),
        },
        Row {
            name: "501 Not Implemented",
            reply: |_| Some(text(501, "Not Implemented")),
            expect: |_| Expect::Failed("HTTP 501"),
        },
        Row {
            name: "503 with Retry-After",
            reply: |_| Some(text(503, "Maintenance").insert_header("Retry-After", "120")),
            expect: |_| Expect::Failed("HTTP 503"),
        },
        Row {
            name: "301 to another host",
            reply: |_| {
                Some(
                    ResponseTemplate::new(301)
                        .insert_header("Location", "https://other.example/api/invite"),
                )
            },
            expect: |_| Expect::Failed("redirect to other.example"),
        },
        Row {
            name: "308 to another host",
            reply: |_| {
                Some(
                    ResponseTemplate::new(308)
                        .insert_header("Location", "http://evil.example/collect"),
                )
            },
            expect: |_| Expect::Failed("redirect to evil.example"),
        },
        Row {
            name: "explicit refusal in the vendor's own shape",
            reply: |p| Some(explicit_refusal(p)),
            expect: |p| match p {
                Provider::Xobin => Expect::Failed("ai_interview_id is not active"),
                Provider::Tidyhire => Expect::Failed("Job is closed"),
                Provider::Hireflix => Expect::Failed("could not find that position"),
                _ => Expect::Failed("The job is closed"),
            },
        },
        Row {
            name: "302 after processing",
            reply: |_| {
                Some(ResponseTemplate::new(302).insert_header("Location", "https://login.example/"))
            },
            expect: |_| Expect::Unknown("redirect to login.example"),
        },
        Row {
            name: "500 Internal Server Error",
            reply: |_| Some(jsonr(500, json!({"message": "Database unavailable"}))),
            expect: |_| Expect::Unknown("Database unavailable"),
        },
        Row {
            name: "502 Bad Gateway (HTML)",
            reply: |_| {
                Some(ResponseTemplate::new(502).set_body_raw(
                    b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
                    "text/html",
                ))
            },
            expect: |_| Expect::Unknown("502"),
        },
        Row {
            name: "503 without Retry-After",
            reply: |_| Some(text(503, "Service Unavailable")),
            expect: |_| Expect::Unknown("503"),
        },
        Row {
            name: "504 Gateway Timeout",
            reply: |_| Some(text(504, "Gateway Timeout")),
            expect: |_| Expect::Unknown("504"),
        },
        Row {
            name: "no answer in time",
            reply: |_| Some(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))),
            expect: |_| Expect::Unknown("did not answer in time"),
        },
        Row {
            name: "200 with an HTML page",
            reply: |_| {
                Some(ResponseTemplate::new(200).set_body_raw(
                    b"<!doctype html><title>Welcome</title><p>Sign in</p>".to_vec(),
                    "text/html",
                ))
            },
            expect: unreadable_2xx,
        },
        Row {
            name: "200 with an empty body",
            reply: |_| Some(ResponseTemplate::new(200)),
            expect: unreadable_2xx,
        },
        Row {
            name: "200 with truncated JSON",
            reply: |_| {
                Some(ResponseTemplate::new(200).set_body_raw(
                    br#"{"data": {"id": "abc", "li"#.to_vec(),
                    "application/json",
                ))
            },
            expect: unreadable_2xx,
        },
        Row {
            name: "2xx without the link or id",
            reply: |p| Some(incomplete_success(p)),
            expect: |p| match p {
                Provider::Apploi => Expect::Sent,
                _ => Expect::Unknown("Check at"),
            },
        },
        Row {
            name: "answer larger than 1 MiB",
            reply: |_| {
                Some(ResponseTemplate::new(200).set_body_raw(
                    vec![b' '; providers::MAX_ANSWER_BYTES + 10],
                    "application/json",
                ))
            },
            expect: |_| Expect::Unknown("larger than 1 MiB"),
        },
        Row {
            name: "connection refused (nothing sent)",
            reply: |_| None,
            expect: |_| Expect::Failed("Nothing was sent"),
        },
    ]
}

/// A form for `p` with every date in the future of today's clock, and a unique email.
fn form(p: Provider, email: &str) -> InviteForm {
    let mut v = form_json(p);
    v["candidateEmail"] = json!(email);
    for (k, date) in [
        ("start", "2031-07-18"),
        ("expiry", "2031-07-20"),
        ("interview", "2031-12-05"),
    ] {
        if v.get(k).is_some_and(Value::is_object) {
            v[k]["date"] = json!(date);
        }
    }
    serde_json::from_value(v).unwrap()
}

struct Flow {
    _dir: tempfile::TempDir,
    state: AppState,
}

fn flow(base: &str, p: Provider) -> Flow {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemoryStore::new());
    for q in Provider::ALL {
        secrets.set(q, KEY).unwrap();
    }
    let client =
        providers::http_client(Duration::from_secs(2), Duration::from_millis(700)).unwrap();
    let state = AppState::open(&dir.path().join("data"), secrets, client).unwrap();
    let mut s = state.settings.get();
    s.base_urls
        .insert(p, base.trim_end_matches('/').to_string());
    state.settings.save(s).unwrap();
    Flow { _dir: dir, state }
}

/// A localhost port nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

async fn run_cell(row: &Row, p: Provider) -> Result<(), String> {
    let ctx = format!("[{} × {}]", row.name, p.display_name());
    let server = MockServer::start().await;
    let reply = (row.reply)(p);
    let base = match &reply {
        Some(r) => {
            Mock::given(method(http_method(p)))
                .and(path(endpoint_path(p)))
                .respond_with(r.clone())
                .mount(&server)
                .await;
            base_url(&server, p)
        }
        None => format!(
            "http://127.0.0.1:{}{}",
            closed_port(),
            &base_url(&server, p)[server.uri().len()..]
        ),
    };
    let f = flow(&base, p);
    let email = "fault.matrix@example.com";
    let first = invite::send(&f.state, None, form(p, email), false, None).await;
    let expect = (row.expect)(p);
    let rows = f
        .state
        .db
        .query(&invite_desk::history::HistoryQuery {
            limit: 10,
            ..Default::default()
        })
        .map_err(|e| format!("{ctx} history: {}", e.message))?
        .rows;
    if rows.len() != 1 {
        return Err(format!(
            "{ctx} expected 1 history row, found {}",
            rows.len()
        ));
    }
    let row_db = &rows[0];
    let check_err = |e: &AppError, unknown: bool, words: &str| -> Result<(), String> {
        if e.outcome_unknown != unknown {
            return Err(format!(
                "{ctx} outcome_unknown={} for: {}",
                e.outcome_unknown, e.message
            ));
        }
        if !e.message.contains(words) {
            return Err(format!("{ctx} message lacks {words:?}: {}", e.message));
        }
        if e.provider != Some(p) {
            return Err(format!("{ctx} the error does not name the provider"));
        }
        if e.message.contains(KEY) || format!("{e:?}").contains(KEY) {
            return Err(format!("{ctx} the key is in the error"));
        }
        if row_db.error_message.as_deref() != Some(e.message.as_str()) {
            return Err(format!(
                "{ctx} History keeps another message: {:?}",
                row_db.error_message
            ));
        }
        Ok(())
    };
    match (expect, &first) {
        (Expect::Sent, Ok(SendResult::Sent { .. })) => {
            if row_db.outcome != Outcome::Sent {
                return Err(format!("{ctx} stored {:?}, expected sent", row_db.outcome));
            }
        }
        (Expect::Failed(words), Err(e)) => {
            check_err(e, false, words)?;
            if row_db.outcome != Outcome::Failed {
                return Err(format!(
                    "{ctx} stored {:?}, expected failed",
                    row_db.outcome
                ));
            }
        }
        (Expect::Unknown(words), Err(e)) => {
            check_err(e, true, words)?;
            if row_db.outcome != Outcome::Unknown {
                return Err(format!(
                    "{ctx} stored {:?}, expected unknown",
                    row_db.outcome
                ));
            }
        }
        (want, got) => return Err(format!("{ctx} expected {want:?}, got {got:?}")),
    }

    // The second send of the same invite, without saying yes to anything.
    let before = server.received_requests().await.unwrap_or_default().len();
    let second = invite::send(&f.state, None, form(p, email), false, None).await;
    let after = server.received_requests().await.unwrap_or_default().len();
    match expect {
        Expect::Unknown(_) | Expect::Sent => {
            let Ok(SendResult::Confirm { question, .. }) = &second else {
                return Err(format!("{ctx} a resend did not ask first: {second:?}"));
            };
            if expect != Expect::Sent && !question.contains("outcome unknown") {
                return Err(format!(
                    "{ctx} the question hides the unknown outcome: {question}"
                ));
            }
            if after != before {
                return Err(format!(
                    "{ctx} a resend reached the vendor before the answer"
                ));
            }
        }
        Expect::Failed(_) => {
            // Nothing was created: the guard does not stand in the way of a retry.
            if matches!(second, Ok(SendResult::Confirm { .. })) {
                return Err(format!("{ctx} a failed attempt blocked the retry"));
            }
            if reply.is_some() && after != before + 1 {
                return Err(format!("{ctx} the retry was not sent ({before} → {after})"));
            }
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_of_the_outcome_rule_for_every_provider() {
    let rows = rows();
    let mut failures = Vec::new();
    let mut n = 0;
    for row in &rows {
        for p in Provider::ALL {
            n += 1;
            if let Err(e) = run_cell(row, p).await {
                failures.push(e);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} cells failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(n, rows.len() * 5);
    println!(
        "fault matrix: {} rows × 5 providers = {n} cells",
        rows.len()
    );
}

#[tokio::test]
async fn a_key_echoed_after_a_long_preamble_appears_nowhere_not_even_in_part() {
    let secret = "sk_live+7Hq2ZpX9/vLmR4tWc8YbN3dKf6GsJ1aUe";
    for p in Provider::ALL {
        let server = MockServer::start().await;
        // 190 characters of preamble, then the key (raw, JSON-escaped and percent-encoded).
        let preamble = "x".repeat(190);
        let escaped = secret.replace('/', "\\/");
        let pct = secret.replace('+', "%2B").replace('/', "%2F");
        let body = format!("{preamble}{secret} json:\"{escaped}\" pct:{pct}");
        Mock::given(method(http_method(p)))
            .and(path(endpoint_path(p)))
            .respond_with(text(401, &body))
            .mount(&server)
            .await;
        let f = flow(&base_url(&server, p), p);
        f.state.secrets.set(p, secret).unwrap();
        let e = invite::send(&f.state, None, form(p, "leak@example.com"), false, None)
            .await
            .unwrap_err();
        let page_json = serde_json::to_string(&e).unwrap();
        let row = f.state.db.query(&Default::default()).unwrap().rows;
        let row_text = format!("{:?}", row);
        let mut csv = Vec::new();
        f.state
            .db
            .export_csv(&Default::default(), &mut csv)
            .unwrap();
        let csv = String::from_utf8_lossy(&csv).to_string();
        for i in 0..=secret.len() - 8 {
            let slice = &secret[i..i + 8];
            for (place, text) in [
                ("error", &e.message),
                ("page", &page_json),
                ("row", &row_text),
                ("csv", &csv),
            ] {
                assert!(
                    !text.contains(slice),
                    "{p:?}: the key's slice {slice:?} is in the {place}: {text}"
                );
            }
        }
        assert_eq!(e.kind, ErrorKind::InvalidKey, "{p:?}: {}", e.message);
        assert!(csv.contains("leak@example.com"), "the row is in the export");
    }
}
