//! Measures Invite Desk's own cost per invite: the full send path (IPC through Tauri's mock
//! runtime into `send_invite`: validation, duplicate check, SQLite writes on a real file, the key
//! read from the real keychain) against a local mock vendor, minus a bare HTTP call to the same
//! mock. Run under a Secret Service (`bash scripts/with-keyring.sh cargo run --release --example
//! invite_bench`); `--json` adds one machine-readable line at the end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use std::sync::Arc;
use std::time::{Duration, Instant};

use invite_desk::providers::{self, Provider};
use invite_desk::secrets::{KeyringStore, SecretStore};
use invite_desk::state::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const INVITES: usize = 200;
const WARMUP: usize = 10;
const STARTUP_RUNS: usize = 30;
const KEY: &str = "BENCH-XOBIN-KEY-2718";

fn form(email: &str) -> Value {
    json!({
        "provider": "xobin",
        "candidateName": "Alex Tanaka",
        "candidateEmail": email,
        "aiInterviewId": "305",
        "inviteFormat": "getlink",
        "expiry": {"date": "2030-07-20", "time": "21:30", "zone": "Europe/London"}
    })
}

fn vendor_answer() -> Value {
    json!({
        "email": "alex@example.com", "ai_interview_id": 305,
        "ai_interview_name": "Senior Data Engineer", "response_id": 7421,
        "invite_link": "https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=F84E",
        "name": "Alex Tanaka", "status": "Invite Link created"
    })
}

struct Percentiles {
    p50: f64,
    p99: f64,
    min: f64,
    max: f64,
}

/// Nearest-rank percentiles of durations in milliseconds.
fn percentiles(mut ms: Vec<f64>) -> Percentiles {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((q * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
    Percentiles {
        p50: at(0.50),
        p99: at(0.99),
        min: ms[0],
        max: ms[ms.len() - 1],
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn row(label: &str, p: &Percentiles) {
    println!(
        "{label:<44} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
        p.p50, p.p99, p.min, p.max
    );
}

fn fail(what: &str) -> ! {
    eprintln!("invite_bench: {what}");
    std::process::exit(1)
}

fn main() {
    let json_line = std::env::args().any(|a| a == "--json");
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(&format!("no temp folder: {e}")));
    // A service name of its own, so the bench never touches the app's saved keys.
    let service = format!("app.invitedesk.desktop.bench.{}", std::process::id());
    let secrets = Arc::new(KeyringStore::new(service));
    if let Err(e) = secrets.set(Provider::Xobin, KEY) {
        fail(&format!(
            "{} (run it through scripts/with-keyring.sh)",
            e.message
        ));
    }
    let secrets_dyn: Arc<dyn SecretStore> = secrets.clone();
    let state = AppState::open(
        &dir.path().join("data"),
        secrets_dyn,
        providers::default_client().unwrap(),
    )
    .unwrap_or_else(|e| fail(&e.message));

    // wiremock serves from a thread of its own; the app's commands run on Tauri's runtime.
    let server = tauri::async_runtime::block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/v2/ai-interviews/invite"))
            .and(header("apiKey", KEY))
            .respond_with(ResponseTemplate::new(200).set_body_json(vendor_answer()))
            .mount(&server)
            .await;
        server
    });
    let mut settings = state.settings.get();
    settings
        .base_urls
        .insert(Provider::Xobin, format!("{}/api/v2", server.uri()));
    state
        .settings
        .save(settings)
        .unwrap_or_else(|e| fail(&e.message));
    let http = state.http.client().expect("the HTTP client").clone();
    let vendor_url = format!("{}/api/v2/ai-interviews/invite", server.uri());

    let app = invite_desk::configure(mock_builder())
        .build(mock_context(noop_assets()))
        .unwrap_or_else(|e| fail(&format!("the mock app did not build: {e}")));
    invite_desk::manage(app.handle(), state);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap_or_else(|e| fail(&format!("the mock window did not open: {e}")));

    let call = |cmd: &str, args: Value| -> Value {
        let response = get_ipc_response(
            &window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost"
                    .parse()
                    .unwrap_or_else(|_| fail("bad IPC origin")),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        );
        match response.map(|b| b.deserialize::<Value>()) {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => fail(&format!("{cmd} answered unreadable JSON: {e}")),
            Err(e) => fail(&format!("{cmd} failed: {e}")),
        }
    };
    let send_over_ipc = |email: &str| {
        call(
            "send_invite",
            json!({"form": form(email), "allowDuplicate": false}),
        )
    };
    let bare_call = |email: &str| -> Value {
        let body = json!({
            "candidate_name": "Alex Tanaka", "candidate_email": email, "ai_interview_id": 305,
            "invite_format": "getlink", "expiry_date": "2030-07-20 20:30"
        });
        tauri::async_runtime::block_on(async {
            let res = http
                .post(&vendor_url)
                .header("apiKey", KEY)
                .json(&body)
                .send()
                .await
                .unwrap_or_else(|e| fail(&format!("bare call failed: {e}")));
            res.json::<Value>()
                .await
                .unwrap_or_else(|e| fail(&format!("bare call answered unreadable JSON: {e}")))
        })
    };

    let mut full = Vec::with_capacity(INVITES);
    let mut bare = Vec::with_capacity(INVITES);
    let mut paired = Vec::with_capacity(INVITES);
    for n in 0..WARMUP + INVITES {
        // Distinct emails: the duplicate guard must not answer instead of the vendor.
        let email = format!("candidate{n}@example.com");
        let t = Instant::now();
        let answer = bare_call(&email);
        let b = millis(t.elapsed());
        if answer["status"] != "Invite Link created" {
            fail(&format!("the mock answered {answer}"));
        }
        let t = Instant::now();
        let result = send_over_ipc(&email);
        let f = millis(t.elapsed());
        if result["outcome"]["link"].as_str().is_none() {
            fail(&format!("the invite was not sent: {result}"));
        }
        if n >= WARMUP {
            full.push(f);
            bare.push(b);
            paired.push(f - b);
        }
    }

    // The keychain read alone, to tell its share of the overhead from ours.
    let mut keychain = Vec::with_capacity(INVITES);
    for _ in 0..INVITES {
        let t = Instant::now();
        match secrets.get(Provider::Xobin) {
            Ok(Some(_)) => {}
            _ => fail("the key could not be read back from the keychain"),
        }
        keychain.push(millis(t.elapsed()));
    }

    // What the Invite view asks for before it reports ready, one command at a time: the
    // Rust side of the launch, without the web view.
    let startup: Vec<(&str, Percentiles)> = [
        "app_info",
        "provider_info",
        "get_settings",
        "list_time_zones",
        "key_status",
    ]
    .into_iter()
    .map(|cmd| {
        call(cmd, json!({}));
        let times = (0..STARTUP_RUNS)
            .map(|_| {
                let t = Instant::now();
                call(cmd, json!({}));
                millis(t.elapsed())
            })
            .collect();
        (cmd, percentiles(times))
    })
    .collect();
    // The Rust work in the app's `setup` before the window can call anything: the HTTP client
    // and AppState (history file, settings) on an empty data folder.
    let client_build = percentiles(
        (0..STARTUP_RUNS)
            .map(|_| {
                let t = Instant::now();
                drop(providers::default_client().unwrap());
                millis(t.elapsed())
            })
            .collect(),
    );
    let state_open = percentiles(
        (0..STARTUP_RUNS)
            .map(|n| {
                let data = dir.path().join(format!("empty-{n}"));
                let t = Instant::now();
                let opened = AppState::open(
                    &data,
                    Arc::new(KeyringStore::new("unused")),
                    reqwest::Client::new(),
                );
                let took = millis(t.elapsed());
                if let Err(e) = opened {
                    fail(&e.message);
                }
                took
            })
            .collect(),
    );
    let _ = secrets.delete(Provider::Xobin);

    let (full, bare, paired, keychain) = (
        percentiles(full),
        percentiles(bare),
        percentiles(paired),
        percentiles(keychain),
    );
    println!(
        "Invite send path: {INVITES} invites (after {WARMUP} warm-up) to a local mock vendor \
         (Xobin route), keys in {}",
        secrets.backend()
    );
    println!();
    println!(
        "{:<44} {:>8} {:>8} {:>8} {:>8}",
        "", "p50 ms", "p99 ms", "min ms", "max ms"
    );
    println!("{}", "-".repeat(80));
    row("full path: IPC → send_invite → mock vendor", &full);
    row("bare reqwest POST to the same mock", &bare);
    row("per invite: full − bare (paired)", &paired);
    row("of which: one keychain read (Secret Service)", &keychain);
    println!();
    println!(
        "own overhead: p50 {:.3} ms, p99 {:.3} ms (percentile of full − percentile of bare)",
        full.p50 - bare.p50,
        full.p99 - bare.p99
    );
    println!();
    println!("start-up commands over IPC ({STARTUP_RUNS} runs each)");
    for (cmd, p) in &startup {
        row(cmd, p);
    }
    row("setup: providers::default_client()", &client_build);
    row("setup: AppState::open, new data folder", &state_open);
    if json_line {
        println!(
            "json: {}",
            json!({
                "full": {"p50": full.p50, "p99": full.p99},
                "bare": {"p50": bare.p50, "p99": bare.p99},
                "paired": {"p50": paired.p50, "p99": paired.p99},
                "keychain": {"p50": keychain.p50, "p99": keychain.p99},
                "overhead": {"p50": full.p50 - bare.p50, "p99": full.p99 - bare.p99},
                "setup": {
                    "default_client": {"p50": client_build.p50, "p99": client_build.p99},
                    "state_open": {"p50": state_open.p50, "p99": state_open.p99},
                },
                "startup": startup
                    .iter()
                    .map(|(cmd, p)| (cmd.to_string(), json!({"p50": p.p50, "p99": p.p99})))
                    .collect::<serde_json::Map<_, _>>(),
            })
        );
    }
    drop(app);
}
