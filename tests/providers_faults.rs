//! Faults every adapter must survive, run against all five vendors: unreadable bodies, server
//! errors, rate limits, a server that never answers, a refused connection, a connection cut
//! while waiting — and the API key never showing up in any error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod providers_support;

use std::time::Duration;

use invite_desk::error::ErrorKind;
use invite_desk::providers::{self, Provider};
use providers_support::*;
use serde_json::json;
use tokio::io::AsyncReadExt;
use wiremock::{MockServer, ResponseTemplate};

const HTML_502: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

#[tokio::test]
async fn an_html_error_page_is_a_vendor_error_with_the_status_and_a_tag_free_excerpt() {
    for p in Provider::ALL {
        let e = send_sample(p, raw_reply(502, HTML_502, "text/html"))
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Vendor, "{p:?}");
        assert_eq!(e.status, Some(502), "{p:?}");
        assert_eq!(e.provider, Some(p));
        assert!(
            e.message.contains("502 Bad Gateway 502 Bad Gateway nginx"),
            "{}",
            e.message
        );
        assert!(!e.message.contains('<'), "{}", e.message);
    }
}

#[tokio::test]
async fn an_empty_or_truncated_success_body_is_a_vendor_error_not_a_panic() {
    // Apploi documents no success body, so any 2xx from it counts as scheduled.
    for p in Provider::ALL.into_iter().filter(|p| *p != Provider::Apploi) {
        let e = send_sample(p, raw_reply(200, "", "application/json"))
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Vendor, "{p:?}");
        assert_eq!(e.status, Some(200));
        assert!(e.message.contains("(empty answer)"), "{}", e.message);

        let e = send_sample(
            p,
            raw_reply(200, r#"{"data": {"id": "abc", "li"#, "application/json"),
        )
        .await
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Vendor, "{p:?}");
        assert!(
            e.message.contains(r#"{"data": {"id": "abc", "li"#),
            "{}",
            e.message
        );
        assert!(e.message.contains("Check at"), "{}", e.message);
        assert!(
            e.outcome_unknown,
            "an unreadable 2xx may mean created: {p:?}"
        );
    }
}

#[tokio::test]
async fn an_empty_or_truncated_error_body_still_gives_the_status() {
    for p in Provider::ALL {
        for body in ["", r#"{"message": "Internal"#] {
            let e = send_sample(p, raw_reply(500, body, "application/json"))
                .await
                .unwrap_err();
            assert_eq!(e.kind, ErrorKind::Vendor, "{p:?}");
            assert_eq!(e.status, Some(500));
            assert!(e.message.contains("HTTP 500"), "{}", e.message);
            assert!(e.outcome_unknown, "a 500 may mean created: {p:?}");
        }
    }
}

#[tokio::test]
async fn a_500_with_a_message_shows_the_vendors_words() {
    for p in Provider::ALL {
        let e = send_sample(
            p,
            json_reply(500, json!({"message": "Database unavailable"})),
        )
        .await
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Vendor, "{p:?}");
        assert_eq!(e.status, Some(500));
        assert!(e.message.contains("Database unavailable"), "{}", e.message);
    }
}

#[tokio::test]
async fn a_429_is_rate_limited_with_the_retry_after_seconds_or_date() {
    for p in Provider::ALL {
        let reply = json_reply(429, json!({"message": "Too many requests"}))
            .insert_header("Retry-After", "120");
        let e = send_sample(p, reply).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::RateLimited, "{p:?}");
        assert_eq!(e.retry_after_secs, Some(120));
        assert!(e.message.contains("120 seconds"), "{}", e.message);

        let at = (chrono::Utc::now() + chrono::Duration::seconds(300))
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string();
        let reply = ResponseTemplate::new(429).insert_header("Retry-After", at.as_str());
        let e = send_sample(p, reply).await.unwrap_err();
        let secs = e.retry_after_secs.expect("seconds from an HTTP-date");
        assert!((290..=300).contains(&secs), "{secs}");

        let e = send_sample(p, ResponseTemplate::new(429))
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::RateLimited);
        assert_eq!(e.retry_after_secs, None);
    }
}

#[tokio::test]
async fn a_gateway_timeout_is_an_unknown_outcome() {
    for p in Provider::ALL {
        let e = send_sample(p, raw_reply(504, "Gateway Timeout", "text/plain"))
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout, "{p:?}");
        assert!(e.message.contains("outcome is unknown"), "{}", e.message);
        assert!(
            e.message.contains("before sending it again"),
            "{}",
            e.message
        );
        assert!(e.outcome_unknown);
    }
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_timeout_saying_the_outcome_is_unknown() {
    let client =
        providers::http_client(Duration::from_secs(2), Duration::from_millis(300)).unwrap();
    for p in Provider::ALL {
        let server = MockServer::start().await;
        answer(
            &server,
            p,
            ResponseTemplate::new(200).set_delay(Duration::from_secs(10)),
        )
        .await;
        let started = std::time::Instant::now();
        let e = providers::send(&client, &sample(p), &base_url(&server, p), &key())
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(3), "gave up late");
        assert_eq!(e.kind, ErrorKind::Timeout, "{p:?}: {}", e.message);
        assert_eq!(e.provider, Some(p));
        assert!(
            e.message.contains("did not answer in time"),
            "{}",
            e.message
        );
        assert!(e.message.contains("Check at"), "{}", e.message);
        assert_no_key(&e);
        // Exactly one request reached the server: nothing was resent after the timeout.
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error_after_exactly_one_retry() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    for p in Provider::ALL {
        let base = format!("http://127.0.0.1:{port}{}", base_path(p));
        let e = providers::send(&client(), &sample(p), &base, &key())
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Network, "{p:?}: {}", e.message);
        assert!(e.message.contains("tried 2 times"), "{}", e.message);
        assert!(e.message.contains("Nothing was sent"), "{}", e.message);
        assert!(
            !e.message.contains("127.0.0.1"),
            "address leaked: {}",
            e.message
        );
        assert_no_key(&e);
    }
}

#[tokio::test]
async fn a_connection_cut_after_the_request_is_read_is_an_unknown_outcome() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let mut accepted = 0;
        while let Ok((mut sock, _)) = listener.accept().await {
            accepted += 1;
            let mut buf = vec![0u8; 65536];
            let _ = sock.read(&mut buf).await;
            drop(sock); // hang up without answering
            if accepted == Provider::ALL.len() {
                break;
            }
        }
        accepted
    });
    for p in Provider::ALL {
        let base = format!("http://127.0.0.1:{port}{}", base_path(p));
        let e = providers::send(&client(), &sample(p), &base, &key())
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout, "{p:?}: {}", e.message);
        assert!(e.message.contains("outcome is unknown"), "{}", e.message);
        assert_no_key(&e);
    }
    // One connection per vendor: a request that may have been read is never resent.
    assert_eq!(server.await.unwrap(), Provider::ALL.len());
}

#[tokio::test]
async fn the_api_key_never_appears_in_an_error_even_when_the_vendor_echoes_it() {
    let echoes = [
        json!({"message": format!("Invalid API key {KEY}")}),
        json!({"error": format!("key {KEY} is not allowed")}),
        json!({"success": false, "message": format!("bad key: {KEY}")}),
        json!({"errors": [{"message": format!("Unknown key {KEY}")}]}),
        json!({"data": {"inviteCandidateToInterview": {
            "__typename": "InterviewAlreadyExistsInPositionError", "message": KEY}}}),
    ];
    for p in Provider::ALL {
        for status in [200, 400, 401, 403, 404, 409, 422, 429, 500, 502] {
            for body in &echoes {
                if let Err(e) = send_sample(p, json_reply(status, body.clone())).await {
                    assert_no_key(&e);
                    assert_eq!(e.provider, Some(p));
                }
            }
            let html = format!("<html><body>Forbidden for {KEY}</body></html>");
            if let Err(e) = send_sample(p, raw_reply(status, &html, "text/html")).await {
                assert_no_key(&e);
            }
        }
    }
}

#[tokio::test]
async fn an_echoed_key_is_replaced_by_a_redaction_marker() {
    let body = json!({"message": format!("Invalid API key {KEY}")});
    let e = send_sample(Provider::Interviewflow, json_reply(400, body))
        .await
        .unwrap_err();
    assert!(e.message.contains("[redacted]"), "{}", e.message);
}

#[tokio::test]
async fn the_client_names_invite_desk_and_its_version() {
    let server = MockServer::start().await;
    let ua = format!("InviteDesk/{}", env!("CARGO_PKG_VERSION"));
    wiremock::Mock::given(wiremock::matchers::header("user-agent", ua.as_str()))
        .respond_with(json_reply(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let e = providers::send(
        &providers::default_client().unwrap(),
        &sample(Provider::Apploi),
        &server.uri(),
        &key(),
    )
    .await;
    assert!(e.is_ok(), "{e:?}");
}

#[test]
fn the_default_base_urls_are_the_documented_hosts() {
    assert_eq!(
        providers::default_base_url(Provider::Xobin),
        "https://app.xobin.com/api/v2"
    );
    assert_eq!(
        providers::default_base_url(Provider::Interviewflow),
        "https://api.interviewflowai.com/api/external"
    );
    assert_eq!(
        providers::default_base_url(Provider::Tidyhire),
        "https://api.tidyhire.app/api/public"
    );
    assert_eq!(
        providers::default_base_url(Provider::Hireflix),
        "https://api.hireflix.com/me"
    );
    assert_eq!(
        providers::default_base_url(Provider::Apploi),
        "https://partners.apploi.com"
    );
    for p in Provider::ALL {
        let built = providers::build(&sample(p), providers::default_base_url(p));
        assert!(
            built.url.starts_with(providers::default_base_url(p)),
            "{}",
            built.url
        );
        let slash = providers::build(&sample(p), &format!("{}/", providers::default_base_url(p)));
        assert_eq!(built, slash, "{p:?}");
    }
}

#[tokio::test]
async fn a_base_url_that_is_not_an_address_is_a_validation_error_on_the_base_url() {
    for p in Provider::ALL {
        let e = providers::send(&client(), &sample(p), "not a web address", &key())
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation, "{p:?}: {}", e.message);
        assert_eq!(e.field.as_deref(), Some("baseUrl"));
        assert_no_key(&e);
    }
}

#[tokio::test]
async fn a_keychain_value_with_a_line_break_is_a_key_problem_and_nothing_is_sent() {
    for p in Provider::ALL {
        let server = MockServer::start().await;
        answer(&server, p, ResponseTemplate::new(200)).await;
        let bad = invite_desk::secrets::ApiKey::new("KEY-LEAK-CANARY-123\nsecond-line");
        let e = providers::send(&client(), &sample(p), &base_url(&server, p), &bad)
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidKey, "{p:?}: {}", e.message);
        assert_eq!(e.field.as_deref(), Some("apiKey"));
        assert!(e.message.contains("line break"), "{}", e.message);
        assert!(
            !e.message.contains("address"),
            "not a base URL problem: {}",
            e.message
        );
        assert_no_key(&e);
        assert!(server.received_requests().await.unwrap().is_empty());
    }
}
