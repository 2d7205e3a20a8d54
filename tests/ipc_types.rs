//! The one TypeScript description of the IPC payloads, `ui/src/generated/ipc.ts`, rendered from
//! the Rust types with ts-rs and compared with the checked-in file; plus the Rust constants the
//! forms offer (providers, Tidyhire's enumerations and durations). A stale file fails here:
//! `UPDATE_IPC_TYPES=1 cargo test --test ipc_types` writes it again.
//!
//! The second half serialises real values and checks their JSON keys against the declarations,
//! so a serde attribute ts-rs did not see cannot make the two disagree silently.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests may unwrap

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use invite_desk::accounts::Account;
use invite_desk::bulk::check::{
    CheckCounts, CheckReport, FieldInfo, PreviousInvite, RowStatus, RowVerdict,
};
use invite_desk::bulk::progress::{BatchEvent, Control, Progress, RowResult, RunState};
use invite_desk::bulk::SheetInfo;
use invite_desk::commands::{self, AppInfo, Boot, ExportResult, KeyStatus, ProviderInfo, ZoneList};
use invite_desk::error::{AppError, ErrorKind};
use invite_desk::follow_up::{PositionList, RefreshSummary, RevokeResult, StatusRow};
use invite_desk::history::{
    BatchSummary, HistoryPage, HistoryQuery, InviteRecord, InviteStatus, JobProfile, Outcome,
    RecentRef, StatusChange, StatusFilter, TeamFilter,
};
use invite_desk::invite::SendResult;
use invite_desk::providers::tracking::AfterSend;
use invite_desk::providers::tracking::{
    Applicant, ApplicantPage, Position, RevokeAnswer, Stage, VendorStatus,
};
use invite_desk::providers::{
    apploi, hireflix, interviewflow, tidyhire, xobin, InviteForm, InviteOutcome, Provider,
};
use invite_desk::schedule::{
    self, ExpiryPreset, OverlapChoice, OverlapInfo, PresetTime, Preview, SystemZone, WallTime,
    ZoneEntry,
};
use invite_desk::settings::Settings;
use invite_desk::vendor_accounts::{AccountView, KeySaved};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

const HEADER: &str = "\
// GENERATED from the Rust types (ts-rs) by tests/ipc_types.rs: do not edit by hand.
// The only TypeScript description of what crosses IPC between the web view and Rust.
// After changing a type that crosses IPC, run: UPDATE_IPC_TYPES=1 cargo test --test ipc_types
/* biome-ignore-all lint: generated code */
";

/// One declaration: its TypeScript name, `export type …`, and the names it refers to.
struct Decl {
    name: String,
    text: String,
    deps: Vec<String>,
}

fn decl<T: TS + 'static + ?Sized>() -> Decl {
    let mut text = String::new();
    if let Some(docs) = T::docs() {
        text.push_str(&docs);
    }
    text.push_str("export ");
    text.push_str(&T::decl());
    Decl {
        name: T::ident(),
        text,
        deps: T::dependencies().into_iter().map(|d| d.ts_name).collect(),
    }
}

/// Every type that crosses IPC, leaves first.
fn decls() -> Vec<Decl> {
    vec![
        decl::<Provider>(),
        decl::<ProviderInfo>(),
        decl::<ErrorKind>(),
        decl::<AppError>(),
        decl::<AppInfo>(),
        decl::<SystemZone>(),
        decl::<Boot>(),
        decl::<KeyStatus>(),
        decl::<Account>(),
        decl::<AccountView>(),
        decl::<KeySaved>(),
        decl::<ZoneEntry>(),
        decl::<ZoneList>(),
        decl::<OverlapChoice>(),
        decl::<WallTime>(),
        decl::<OverlapInfo>(),
        decl::<Preview>(),
        decl::<ExpiryPreset>(),
        decl::<PresetTime>(),
        decl::<xobin::InviteFormat>(),
        decl::<invite_desk::settings::FollowUpSettings>(),
        decl::<Settings>(),
        decl::<xobin::Form>(),
        decl::<interviewflow::Form>(),
        decl::<tidyhire::Form>(),
        decl::<hireflix::Form>(),
        decl::<apploi::Form>(),
        decl::<InviteForm>(),
        decl::<InviteOutcome>(),
        decl::<Outcome>(),
        decl::<InviteRecord>(),
        decl::<HistoryQuery>(),
        decl::<HistoryPage>(),
        decl::<JobProfile>(),
        decl::<ExportResult>(),
        decl::<SendResult>(),
        decl::<SheetInfo>(),
        decl::<RowStatus>(),
        decl::<PreviousInvite>(),
        decl::<RowVerdict>(),
        decl::<FieldInfo>(),
        decl::<CheckCounts>(),
        decl::<CheckReport>(),
        decl::<BatchSummary>(),
        decl::<Control>(),
        decl::<RunState>(),
        decl::<Progress>(),
        decl::<RowResult>(),
        decl::<BatchEvent>(),
        decl::<invite_desk::providers::reminds::Reminds>(),
        decl::<invite_desk::providers::reminds::WhoReminds>(),
        decl::<AfterSend>(),
        decl::<Stage>(),
        decl::<StatusChange>(),
        decl::<InviteStatus>(),
        decl::<StatusFilter>(),
        decl::<RecentRef>(),
        decl::<Position>(),
        decl::<PositionList>(),
        decl::<Applicant>(),
        decl::<ApplicantPage>(),
        decl::<StatusRow>(),
        decl::<RefreshSummary>(),
        decl::<RevokeAnswer>(),
        decl::<RevokeResult>(),
        decl::<TeamFilter>(),
        decl::<invite_desk::settings::TeamSettings>(),
        decl::<invite_desk::team::TeamStatus>(),
        decl::<invite_desk::history::TeamRefusal>(),
        decl::<invite_desk::team::SyncReport>(),
        decl::<invite_desk::history::SheetRowHeld>(),
        decl::<invite_desk::history::PersonData>(),
        decl::<invite_desk::history::Erasure>(),
        decl::<invite_desk::commands::candidate::Forgotten>(),
        decl::<invite_desk::updates::UpdateOffer>(),
        decl::<invite_desk::updates::UpdateCheck>(),
        decl::<invite_desk::updates::InstallProgress>(),
        decl::<invite_desk::message::TemplateKind>(),
        decl::<invite_desk::message::Template>(),
        decl::<invite_desk::message::Rendered>(),
        decl::<invite_desk::follow_up::board::Why>(),
        decl::<invite_desk::follow_up::board::BoardRow>(),
        decl::<invite_desk::follow_up::board::Board>(),
        decl::<invite_desk::follow_up::messages::Reminder>(),
        decl::<invite_desk::follow_up::messages::Snooze>(),
        decl::<invite_desk::follow_up::messages::TemplateList>(),
        decl::<invite_desk::follow_up::messages::ImportReport>(),
        decl::<invite_desk::history::ReminderChannel>(),
        decl::<invite_desk::history::FollowUpEvent>(),
        decl::<invite_desk::follow_up::reinvite::ReinviteResult>(),
    ]
}

fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

/// The constants the forms offer, from the same Rust constants validation uses.
fn constants() -> String {
    let list = |name: &str, doc: &str, items: &[&str]| {
        format!(
            "/** {doc} */\nexport const {name} = {} as const;\n",
            json(items)
        )
    };
    [
        format!(
            "/** The providers in the order the picker shows them (`commands::providers`). */\n\
             export const PROVIDERS: readonly ProviderInfo[] = {};\n",
            json(&commands::providers())
        ),
        format!(
            "/** The word a coordinator reads for each outcome, in History and its CSV (`Outcome::label`). */\n\
             export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {};\n",
            json(
                &invite_desk::history::Outcome::ALL
                    .into_iter()
                    .map(|o| (o.as_str(), o.label()))
                    .collect::<std::collections::BTreeMap<_, _>>()
            )
        ),
        list(
            "TIDYHIRE_EXPERIENCE_LEVELS",
            "Tidyhire's `experience_level` values (`providers::tidyhire::EXPERIENCE_LEVELS`).",
            &tidyhire::EXPERIENCE_LEVELS,
        ),
        list(
            "TIDYHIRE_SENIORITY_LEVELS",
            "Tidyhire's `seniority_level` values (`providers::tidyhire::SENIORITY_LEVELS`).",
            &tidyhire::SENIORITY_LEVELS,
        ),
        list(
            "TIDYHIRE_WORK_TYPES",
            "Tidyhire's `work_type` values (`providers::tidyhire::WORK_TYPES`).",
            &tidyhire::WORK_TYPES,
        ),
        list(
            "TIDYHIRE_EMPLOYMENT_TYPES",
            "Tidyhire's `employment_type` values (`providers::tidyhire::EMPLOYMENT_TYPES`).",
            &tidyhire::EMPLOYMENT_TYPES,
        ),
        list(
            "TEMPLATE_PLACEHOLDERS",
            "The placeholders a template may hold (`message::PLACEHOLDERS`).",
            &invite_desk::message::PLACEHOLDERS,
        ),
        list(
            "TEMPLATE_LANGUAGES",
            "The languages with templates shipped in the app (`message::BUILTIN_LANGUAGES`).",
            &invite_desk::message::BUILTIN_LANGUAGES,
        ),
        list(
            "TIDYHIRE_INTERVIEW_DURATIONS",
            "The interview lengths Rust accepts for Tidyhire (`providers::tidyhire::INTERVIEW_DURATIONS`).",
            &tidyhire::INTERVIEW_DURATIONS,
        ),
    ]
    .join("\n")
}

fn render() -> String {
    let mut out = String::from(HEADER);
    for d in decls() {
        out.push('\n');
        out.push_str(&d.text);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&constants());
    out
}

fn generated_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/generated/ipc.ts")
}

#[test]
fn the_generated_typescript_matches_the_rust_types() {
    let fresh = render();
    let path = generated_path();
    if std::env::var("UPDATE_IPC_TYPES").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "{} is stale: a type that crosses IPC changed. Run \
         `UPDATE_IPC_TYPES=1 cargo test --test ipc_types` and commit the file.",
        path.display()
    );
}

#[test]
fn every_type_a_declaration_refers_to_is_declared_in_the_file() {
    let decls = decls();
    let declared: BTreeSet<&str> = decls.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(declared.len(), decls.len(), "a type is declared twice");
    for d in &decls {
        for dep in &d.deps {
            assert!(
                declared.contains(dep.as_str()),
                "{} refers to {dep}, which ipc.ts does not declare: add it to decls()",
                d.name
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The JSON Rust sends has the keys the declarations name.
// ---------------------------------------------------------------------------------------------

/// The top-level fields of an object type `{ a: T, "b"?: U, … }`: name → optional?. Skips doc
/// comments and anything nested (objects, generics, arrays, strings).
fn fields_of(ts_object: &str) -> BTreeMap<String, bool> {
    let body = ts_object.trim();
    let body = body
        .strip_prefix('{')
        .and_then(|b| b.strip_suffix('}'))
        .unwrap_or_else(|| panic!("not an object type: {ts_object}"));
    let mut fields = BTreeMap::new();
    let mut depth = 0i32;
    let mut current = String::new();
    let mut chars = body.chars().peekable();
    let mut entries = Vec::new();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                // A doc comment: skip to its end.
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            '{' | '<' | '[' | '(' => {
                depth += 1;
                current.push(c);
            }
            '}' | '>' | ']' | ')' => {
                depth -= 1;
                current.push(c);
            }
            ',' if depth == 0 => entries.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    entries.push(current);
    for entry in entries {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let (name, _) = entry
            .split_once(':')
            .unwrap_or_else(|| panic!("no field name in {entry}"));
        let name = name.trim();
        let optional = name.ends_with('?');
        let name = name.trim_end_matches('?').trim_matches('"').to_string();
        fields.insert(name, optional);
    }
    fields
}

/// The object type a declaration `export type X = { … };` declares.
fn object_of<T: TS + 'static>() -> BTreeMap<String, bool> {
    let decl = T::decl();
    let (_, rhs) = decl.split_once(" = ").unwrap();
    fields_of(rhs.trim().trim_end_matches(';'))
}

/// Every key `value` has is declared, and every declared key that is not optional is present.
fn assert_keys_match<T: TS + Serialize + 'static>(value: &T) {
    let declared = object_of::<T>();
    let json = serde_json::to_value(value).unwrap();
    let Value::Object(map) = json else {
        panic!("{} did not serialise to an object", T::ident())
    };
    let sent: BTreeSet<&str> = map.keys().map(String::as_str).collect();
    for key in &sent {
        assert!(
            declared.contains_key(*key),
            "Rust sends `{key}` in {}, which ipc.ts does not declare: {}",
            T::ident(),
            T::decl()
        );
    }
    for (key, optional) in &declared {
        assert!(
            *optional || sent.contains(key.as_str()),
            "ipc.ts declares `{key}` in {} as always present, but Rust did not send it: {}",
            T::ident(),
            serde_json::to_string(&map).unwrap()
        );
    }
}

#[test]
fn the_field_reader_finds_names_and_optional_marks() {
    let fields = fields_of(
        "{ /** a doc, with: a colon */ a: string, \"b-c\"?: { [key in string]?: number }, d: Array<{ e: 1, f: 2 }>, }",
    );
    assert_eq!(
        fields,
        BTreeMap::from([
            ("a".to_string(), false),
            ("b-c".to_string(), true),
            ("d".to_string(), false)
        ])
    );
}

#[test]
fn a_real_zone_entry_sends_exactly_the_declared_keys_and_keywords_as_a_list() {
    let now = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
    let zones = schedule::list_time_zones(now);
    let kolkata = zones.iter().find(|z| z.name == "Asia/Kolkata").unwrap();
    assert_keys_match(kolkata);
    assert!(serde_json::to_value(kolkata).unwrap()["keywords"].is_array());
    assert_eq!(object_of::<ZoneEntry>().get("keywords"), Some(&false));
    assert!(ZoneEntry::decl().contains("keywords: Array<string>"));
    let list = ZoneList {
        zones: zones.clone(),
        system: schedule::system_zone(),
        last_used: None,
    };
    assert_keys_match(&list);
}

#[test]
fn a_real_history_record_sends_exactly_the_declared_keys() {
    let db = invite_desk::history::Db::open_in_memory().unwrap();
    let id = db
        .insert_pending(&invite_desk::history::NewInvite {
            account: Default::default(),
            provider: Provider::Tidyhire,
            candidate_name: "Alex Tanaka".into(),
            candidate_email: "alex@example.com".into(),
            job_ref: "JOB-1".into(),
            job_name: Some("Backend engineer".into()),
            scheduled_at: None,
            start_at: None,
            expiry_at: None,
            zone: None,
        })
        .unwrap();
    db.mark_sent(
        id,
        &InviteOutcome {
            link: None,
            vendor_ids: BTreeMap::from([("project_id".to_owned(), "p1".to_owned())]),
            vendor_status: None,
            vendor_emails_candidate: true,
            summary: "Tidyhire will email the invitation to 1 new candidate.".into(),
            extra_links: BTreeMap::from([(
                "Job page".to_owned(),
                "https://app.tidyhire.app/jobs/1".to_owned(),
            )]),
            skipped_emails: vec!["old@example.com".into()],
            job_name: None,
        },
    )
    .unwrap();
    db.record_status(
        id,
        &VendorStatus {
            score: Some("7.5".into()),
            report_link: Some("https://example.com/r".into()),
            ..VendorStatus::of_word("Completed")
        },
    )
    .unwrap();
    let record = db.get(id).unwrap().unwrap();
    assert_keys_match(&record);
    let status = record.status.clone().unwrap();
    assert_keys_match(&status);
    assert_keys_match(&status.changes[0]);
    let fields = object_of::<InviteRecord>();
    for key in ["extraLinks", "skippedEmails", "vendorIds", "createdAt"] {
        assert_eq!(fields.get(key), Some(&false), "{key}");
    }
    let page = db.query(&HistoryQuery::default()).unwrap();
    assert_keys_match(&page);
    assert_eq!(page.rows.len(), 1);
}

#[test]
fn errors_previews_presets_settings_and_profiles_send_the_declared_keys() {
    // Every optional field set, then none: both shapes fit the declaration.
    let full = AppError::new(ErrorKind::RateLimited, "Slow down.")
        .with_field("candidateEmail")
        .with_provider(Provider::Xobin)
        .with_status(429)
        .with_retry_after(Some(30))
        .outcome_unknown();
    assert_keys_match(&full);
    assert_eq!(
        object_of::<AppError>()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        serde_json::to_value(&full)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>()
    );
    assert_keys_match(&AppError::internal("Oops."));

    let now = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
    let overlap = WallTime {
        date: "2026-11-01".into(),
        time: "01:30".into(),
        zone: "America/New_York".into(),
        overlap: Some(OverlapChoice::Later),
    };
    let preview: Preview = schedule::preview(&overlap, "start", "Starts", now).unwrap();
    assert!(preview.overlap.is_some());
    assert_keys_match(&preview);
    assert_keys_match(preview.overlap.as_ref().unwrap());
    assert_keys_match(&overlap);
    let preset: PresetTime = schedule::expiry_preset(
        ExpiryPreset::In7Days,
        "Europe/London",
        "expiry",
        "Expires",
        now,
    )
    .unwrap()
    .unwrap();
    assert_keys_match(&preset);

    let mut with_account = Settings::default();
    with_account.accounts.push(Account {
        provider: Provider::Xobin,
        id: "a0000000a".into(),
        label: "Acme".into(),
        base_url: Some("http://127.0.0.1:9/acme".into()),
        removed: false,
    });
    assert_keys_match(&with_account);
    assert_keys_match(&with_account.accounts[0]);
    let memory = invite_desk::secrets::MemoryStore::new();
    for view in invite_desk::vendor_accounts::views(&with_account, &memory) {
        assert_keys_match(&view);
    }
    assert_keys_match(&KeySaved {
        saved: false,
        shared_with: Some("Acme".into()),
    });
    assert_keys_match(&KeyStatus {
        provider: Provider::Apploi,
        saved: false,
        error: Some("The keychain is locked.".into()),
    });
    assert_keys_match(&ProviderInfo {
        id: Provider::Hireflix,
        name: "Hireflix",
        default_base_url: "https://api.hireflix.com/me",
        after_send: invite_desk::providers::tracking::after_send(Provider::Hireflix),
    });
    assert_keys_match(&invite_desk::providers::tracking::after_send(
        Provider::Xobin,
    ));
    assert_keys_match(&invite_desk::follow_up::filter_positions(
        &[Position {
            id: "p1".into(),
            name: "Nurse".into(),
            archived: false,
        }],
        "",
        false,
        Utc::now(),
    ));
    assert_keys_match(&ApplicantPage {
        applicants: vec![Applicant {
            id: "1".into(),
            name: "Maria".into(),
            email: "m@example.com".into(),
            job_id: None,
            job_name: None,
        }],
        total: Some(1),
        offset: 0,
        more: false,
    });
    assert_keys_match(&RefreshSummary::default());
    assert_keys_match(&invite_desk::team::TeamStatus::default());
    assert_keys_match(&invite_desk::team::SyncReport::default());
    assert_keys_match(&RevokeResult {
        answer: RevokeAnswer::Revoked {
            message: "ok".into(),
        },
        message: "Revoked.".into(),
        status: None,
    });
    assert_keys_match(&StatusRow {
        id: 1,
        status: None,
        error: Some("x".into()),
    });
    assert_keys_match(&SystemZone {
        name: "UTC".into(),
        detected: false,
        note: Some("Not detected.".into()),
    });
    assert_keys_match(&InviteOutcome::default());
    assert_keys_match(&ExportResult {
        path: "/tmp/x.csv".into(),
        rows: 3,
    });
    let info = AppInfo {
        name: "Invite Desk".into(),
        version: "0.1.0".into(),
        data_dir: "/data".into(),
        keychain_backend: "memory".into(),
        tzdb_version: schedule::TZDB_VERSION.into(),
        notices: vec![],
    };
    assert_keys_match(&info);

    let db = invite_desk::history::Db::open_in_memory().unwrap();
    let profile: JobProfile = db
        .save_job_profile(
            "Backend engineer",
            Provider::Tidyhire,
            &serde_json::json!({"jobTitle": "Backend engineer"}),
        )
        .unwrap();
    assert_keys_match(&profile);
}

#[test]
fn a_tagged_form_declares_the_provider_tag_and_every_form_field_is_optional() {
    let decl = InviteForm::decl();
    for p in Provider::ALL {
        assert!(
            decl.contains(&format!("{{ \"provider\": \"{}\" }}", p.id())),
            "{decl}"
        );
    }
    for fields in [
        object_of::<xobin::Form>(),
        object_of::<interviewflow::Form>(),
        object_of::<tidyhire::Form>(),
        object_of::<hireflix::Form>(),
        object_of::<apploi::Form>(),
    ] {
        assert!(fields.contains_key("candidateEmail"));
        assert!(fields.values().all(|optional| *optional), "{fields:?}");
    }
    // What a default form serialises to is what the declaration names.
    let form = serde_json::to_value(InviteForm::Tidyhire(tidyhire::Form::default())).unwrap();
    let keys: BTreeSet<String> = form.as_object().unwrap().keys().cloned().collect();
    let mut declared: BTreeSet<String> = object_of::<tidyhire::Form>().into_keys().collect();
    declared.insert("provider".into());
    assert_eq!(keys, declared);
}

/// The zones the browser tests' IPC stub serves (`tests/fixtures/zones_ui.json`): real
/// `ZoneEntry` values from Rust, so the stub sends keywords as the list Rust sends.
#[test]
fn the_browser_tests_zone_list_is_the_one_rust_sends() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zones_ui.json");
    // Mid-January: New York on EST, Sydney on daylight saving time.
    let now = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
    let wanted = [
        "America/New_York",
        "America/Sao_Paulo",
        "Asia/Kathmandu",
        "Asia/Kolkata",
        "Australia/Sydney",
        "Europe/London",
        "UTC",
    ];
    let zones: Vec<ZoneEntry> = schedule::list_time_zones(now)
        .into_iter()
        .filter(|z| wanted.contains(&z.name.as_str()))
        .collect();
    assert_eq!(zones.len(), wanted.len());
    let fresh = serde_json::to_string_pretty(&zones).unwrap() + "\n";
    if std::env::var("UPDATE_IPC_TYPES").as_deref() == Ok("1") {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == fresh,
        "{} is stale: run `UPDATE_IPC_TYPES=1 cargo test --test ipc_types`",
        path.display()
    );
}

/// The members of a union declaration `export type X = { … } | { … };`.
fn union_members<T: TS + 'static>() -> Vec<String> {
    let decl = T::decl();
    let (_, rhs) = decl.split_once(" = ").unwrap();
    let rhs = rhs.trim().trim_end_matches(';');
    let mut members = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in rhs.chars() {
        match c {
            '{' | '<' | '[' | '(' => depth += 1,
            '}' | '>' | ']' | ')' => depth -= 1,
            '|' if depth == 0 => {
                members.push(std::mem::take(&mut current).trim().to_string());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    members.push(current.trim().to_string());
    members
}

/// A tagged enum value's JSON keys are those of the union member its tag names.
fn assert_variant_keys<T: TS + Serialize + 'static>(value: &T, tag: &str) {
    let json = serde_json::to_value(value).unwrap();
    let map = json.as_object().unwrap();
    let name = map[tag].as_str().unwrap();
    let members = union_members::<T>();
    let member = members
        .iter()
        .find(|m| m.contains(&format!("\"{tag}\": \"{name}\"")))
        .unwrap_or_else(|| panic!("{} declares no `{tag}: {name}` member", T::ident()));
    let declared = fields_of(member);
    let sent: BTreeSet<&str> = map.keys().map(String::as_str).collect();
    let names: BTreeSet<&str> = declared.keys().map(String::as_str).collect();
    assert_eq!(sent, names, "{} `{name}`: {member}", T::ident());
}

#[test]
fn both_send_results_send_the_keys_of_their_declared_member() {
    let db = invite_desk::history::Db::open_in_memory().unwrap();
    let id = db
        .insert_pending(&invite_desk::history::NewInvite {
            account: Default::default(),
            provider: Provider::Xobin,
            candidate_name: "Alex Tanaka".into(),
            candidate_email: "alex@example.com".into(),
            job_ref: "305".into(),
            job_name: None,
            scheduled_at: None,
            start_at: None,
            expiry_at: None,
            zone: None,
        })
        .unwrap();
    let previous = db.get(id).unwrap().unwrap();
    assert_eq!(union_members::<SendResult>().len(), 2);
    assert_variant_keys(
        &SendResult::Sent {
            record_id: id,
            outcome: InviteOutcome::default(),
            notes: vec!["The start is in the past.".into()],
        },
        "status",
    );
    assert_variant_keys(
        &SendResult::Confirm {
            previous: Box::new(previous),
            question: "Send another invite?".into(),
            team_version: Some(2),
            offline: false,
        },
        "status",
    );
}
