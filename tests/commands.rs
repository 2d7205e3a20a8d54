//! Commands driven through Tauri's mock runtime, the way the web view calls them over IPC:
//! the real command list and JSON, with history in a temp folder and keys in memory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod ipc_support;

use std::sync::Arc;

use invite_desk::providers::Provider;
use invite_desk::secrets::{MemoryStore, SecretStore};
use invite_desk::state::AppState;
use ipc_support::{app_on, call, App};
use serde_json::{json, Value};
use tauri::Manager;

fn app(secrets: Arc<dyn SecretStore>) -> App {
    app_on(secrets, |_| {})
}

#[test]
fn app_info_answers_over_ipc_with_version_data_folder_and_keychain() {
    let a = app(Arc::new(MemoryStore::new()));
    let info = call(&a, "app_info", json!({})).unwrap();
    assert_eq!(info["name"], "Invite Desk");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["keychainBackend"], "in-memory (tests only)");
    let data_dir = a.app.state::<AppState>().data_dir.display().to_string();
    assert_eq!(info["dataDir"], data_dir);
    assert_eq!(info["tzdbVersion"], invite_desk::schedule::TZDB_VERSION);
}

#[test]
fn a_saved_key_is_reported_as_saved_and_never_returned() {
    let secrets = Arc::new(MemoryStore::new());
    let a = app(secrets.clone());
    let saved = call(
        &a,
        "save_key",
        json!({"provider": "hireflix", "key": "IPC-CANARY-KEY-42"}),
    )
    .unwrap();
    assert_eq!(saved, json!({"provider": "hireflix", "saved": true}));
    let status = call(&a, "key_status", json!({})).unwrap();
    let hireflix = status
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["provider"] == "hireflix")
        .unwrap();
    assert_eq!(hireflix["saved"], true);
    assert!(!status.to_string().contains("IPC-CANARY-KEY-42"));
    assert_eq!(
        secrets.get(Provider::Hireflix).unwrap().unwrap().expose(),
        "IPC-CANARY-KEY-42"
    );
    assert_eq!(
        call(&a, "delete_key", json!({"provider": "hireflix"})).unwrap(),
        true
    );
}

#[test]
fn a_validation_error_reaches_the_web_view_as_the_pinned_json() {
    let a = app(Arc::new(MemoryStore::new()));
    let err = call(
        &a,
        "send_invite",
        json!({"form": {"provider": "xobin", "candidateName": "Alex", "candidateEmail": "alex@", "aiInterviewId": "305", "inviteFormat": "getlink"}, "allowDuplicate": false}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "validation");
    assert_eq!(err["field"], "candidateEmail");
    assert!(err["message"].as_str().unwrap().len() > 10);
}

#[test]
fn settings_are_saved_and_a_bad_base_url_is_refused_naming_the_field() {
    let a = app(Arc::new(MemoryStore::new()));
    let mut s = call(&a, "get_settings", json!({})).unwrap();
    assert_eq!(s["autoCopy"], true);
    s["baseUrls"]["apploi"] = json!("http://example.com/not-https");
    let err = call(&a, "save_settings", json!({"settings": s})).unwrap_err();
    assert_eq!(err["field"], "baseUrl.apploi");
    s["baseUrls"]["apploi"] = json!("https://staging.example.com");
    let saved = call(&a, "save_settings", json!({"settings": s})).unwrap();
    assert_eq!(saved["baseUrls"]["apploi"], "https://staging.example.com");
}

#[test]
fn the_time_preview_and_zone_list_come_from_rust() {
    let a = app(Arc::new(MemoryStore::new()));
    let p = call(
        &a,
        "preview_time",
        json!({"wall": {"date": "2026-03-08", "time": "10:00", "zone": "America/New_York"}, "field": "start", "label": "Starts"}),
    )
    .unwrap();
    assert_eq!(
        p["text"],
        "Starts 2026-03-08 10:00 America/New_York = 2026-03-08 14:00 GMT"
    );
    let zones = call(&a, "list_time_zones", json!({})).unwrap();
    assert_eq!(
        zones["zones"].as_array().unwrap().len(),
        invite_desk::schedule::Tz::all().count()
    );
}

#[test]
fn only_https_links_are_opened() {
    let a = app(Arc::new(MemoryStore::new()));
    let err = call(&a, "open_link", json!({"url": "javascript:alert(1)"})).unwrap_err();
    assert_eq!(err["kind"], "validation");
    let err = call(&a, "open_link", json!({"url": "http://example.com"})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("https"));
}

#[test]
fn the_forms_the_web_view_sends_pass_rust_validation() {
    // The exact payloads the browser tests expect the form to produce, one per provider.
    let a = app(Arc::new(MemoryStore::new()));
    let forms = [
        json!({"provider": "xobin", "candidateName": "Alex Tanaka", "candidateEmail": "Alex.Tanaka@Example.com", "aiInterviewId": "305", "inviteFormat": "sendlink", "customFieldId": "CAND-2025-001",
               "start": {"date": "2030-03-08", "time": "10:00", "zone": "America/New_York", "overlap": "earlier"},
               "expiry": {"date": "2030-07-20", "time": "21:30", "zone": "Europe/London", "overlap": "earlier"}}),
        json!({"provider": "interviewflow", "candidateName": "Jane Doe", "candidateEmail": "jane.doe@example.com", "jobId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "status": "shortlisted",
               "resumeUrl": "https://files.example.com/jane.pdf", "skills": ["Rust", "SQL"], "customQuestions": ["Tell us about a migration you led."],
               "metadata": {"externalCandidateId": "candidate_12345"}, "additionalFields": {}}),
        json!({"provider": "tidyhire", "candidateName": "John Doe", "candidateEmail": "john.doe@example.com", "phone": "+1 234 567 890", "externalId": "ats-job-12345",
               "jobTitle": "Senior Software Engineer", "jobDescription": "Build scalable backend services.", "experienceLevel": "5-8 Years", "seniorityLevel": "Senior",
               "workType": "Remote", "employmentType": "Full Time", "location": "New York, NY", "mustHaveSkills": ["JavaScript", "Node.js", "MongoDB"],
               "goodToHaveSkills": ["TypeScript", "Redis"], "cutoffScore": "65", "interviewDuration": "30 Minutes"}),
        json!({"provider": "hireflix", "candidateName": "Mary Ann Smith", "candidateEmail": "mary@example.com", "firstName": "Mary Ann", "lastName": "Smith", "positionId": "64f1c0ffee", "externalId": "ats-778"}),
        json!({"provider": "apploi", "candidateName": "Priya Nair", "candidateEmail": "priya@example.com", "applicationFormId": "265733753",
               "interview": {"date": "2030-07-18", "time": "15:30", "zone": "Asia/Kolkata", "overlap": "earlier"}, "durationMinutes": "45", "interviewerId": "123456"}),
    ];
    for form in forms {
        let provider = form["provider"].clone();
        let notes = call(&a, "check_invite", json!({ "form": form }));
        assert!(notes.is_ok(), "{provider}: {notes:?}");
    }
}

#[test]
fn the_boot_script_carries_what_the_commands_return_and_no_key() {
    let secrets = Arc::new(MemoryStore::new());
    secrets
        .set(Provider::Xobin, "BOOT-SECRET-KEY-31337")
        .unwrap();
    let a = app(secrets);
    call(
        &a,
        "save_settings",
        json!({"settings": {"baseUrls": {}, "xobinInviteFormat": "sendlink", "autoCopy": false,
            "messageTemplate": "Hi {name}: {link}", "lastZone": "Asia/Kolkata"}}),
    )
    .unwrap();
    let state = a.app.state::<AppState>();
    let script = invite_desk::commands::boot_script(&state);
    assert!(!script.contains("BOOT-SECRET-KEY-31337"));
    let json = script
        .strip_prefix("window.__INVITE_DESK_BOOT__ = ")
        .and_then(|s| s.strip_suffix(';'))
        .expect("one assignment statement");
    let boot: Value = serde_json::from_str(json).unwrap();
    assert_eq!(boot["info"], call(&a, "app_info", json!({})).unwrap());
    assert_eq!(
        boot["providers"],
        call(&a, "provider_info", json!({})).unwrap()
    );
    assert_eq!(
        boot["settings"],
        call(&a, "get_settings", json!({})).unwrap()
    );
    assert_eq!(boot["settings"]["xobinInviteFormat"], "sendlink");
    assert_eq!(
        boot["systemZone"],
        call(&a, "list_time_zones", json!({})).unwrap()["system"]
    );
}

/// `bulk_check` over IPC for a Xobin job, with the mapping Rust suggests.
fn bulk_check(a: &App, sheet: &Value) -> Value {
    call(
        a,
        "bulk_check",
        json!({"sheet": sheet["id"], "include": [], "mapping": null,
               "job": {"provider": "xobin", "aiInterviewId": "305", "inviteFormat": "getlink"}}),
    )
    .unwrap()
}

#[test]
fn pasted_rows_are_read_and_checked_over_ipc_with_the_suggested_mapping() {
    let a = app(Arc::new(MemoryStore::new()));
    let info = call(
        &a,
        "bulk_load_text",
        json!({"text": "Full name\tE-mail\nAna López\tana@example.com\nBen\tben@\n"}),
    )
    .unwrap();
    assert_eq!(info["source"], "Pasted rows");
    assert_eq!(info["rows"], 2);
    let report = bulk_check(&a, &info);
    assert_eq!(
        report["mapping"],
        json!({"candidateName": 0, "candidateEmail": 1})
    );
    assert_eq!(report["counts"]["ready"], 1, "{report:#}");
    assert_eq!(report["rows"][1]["status"], "error");
    assert_eq!(report["rows"][1]["field"], "candidateEmail");
    assert!(report["rows"][1]["message"]
        .as_str()
        .unwrap()
        .starts_with("Row 3, Email: \"ben@\" is not an email address"));
}

#[test]
fn a_file_dropped_on_the_window_is_read_from_the_path_rust_kept_and_only_once() {
    let a = app(Arc::new(MemoryStore::new()));
    let err = call(&a, "bulk_load_dropped", json!({})).unwrap_err();
    assert_eq!(err["field"], "sheet");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .starts_with("No file was dropped"));
    let file = a.data_dir.join("candidates.csv");
    // Windows-1252 with semicolons, as European Excel saves "CSV".
    std::fs::write(
        &file,
        b"Nom;Courriel\nRen\xe9e Fran\xe7ois;renee@example.com\n",
    )
    .unwrap();
    a.app
        .state::<invite_desk::bulk::Bulk>()
        .set_dropped(vec![file]);
    let info = call(&a, "bulk_load_dropped", json!({})).unwrap();
    assert_eq!(info["source"], "candidates.csv");
    assert_eq!(info["headers"], json!(["Nom", "Courriel"]));
    assert!(info["notes"].to_string().contains("Windows-1252"));
    let report = bulk_check(&a, &info);
    assert_eq!(report["rows"][0]["name"], "Renée François");
    // The path was taken: a second call does not read it again.
    assert!(call(&a, "bulk_load_dropped", json!({})).is_err());
}

#[test]
fn a_bulk_send_without_a_key_queues_nothing() {
    let a = app(Arc::new(MemoryStore::new()));
    let info = call(
        &a,
        "bulk_load_text",
        json!({"text": "Name,Email\nAna,ana@example.com\n"}),
    )
    .unwrap();
    let state = a.app.state::<AppState>();
    // The channel is the web view's; a send that fails before running never uses it.
    let err = call(
        &a,
        "bulk_send",
        json!({"sheet": info["id"], "job": {"provider": "xobin", "aiInterviewId": "305", "inviteFormat": "getlink"},
               "mapping": {"candidateName": 0, "candidateEmail": 1}, "include": [],
               "onEvent": "__CHANNEL__:1"}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "missing_key");
    assert_eq!(err["provider"], "xobin");
    assert_eq!(state.db.count().unwrap(), 0, "nothing was queued");
    assert!(state.db.unfinished_batches().unwrap().is_empty());
}
