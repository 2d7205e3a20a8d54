//! Property tests over every provider's validation: any field of a valid form replaced by
//! arbitrary Unicode, 10 kB strings, HTML- or SQL-looking text, numbers, lists or objects — the
//! validation never panics, and every error it gives is a validation error naming a field of the
//! form (or the provider choice itself). Accepted invites never carry hidden characters in the
//! name or email, and their references are canonical.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

mod providers_support;

use invite_desk::error::ErrorKind;
use invite_desk::providers::{InviteForm, Provider};
use proptest::prelude::*;
use providers_support::{form_json, now};
use serde_json::{json, Value};

/// The number of cases per provider (proptest's default is 256).
const CASES: u32 = 400;

fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        Just("<script>alert(1)</script>".to_string()),
        Just("'; DROP TABLE invites; --".to_string()),
        Just("Robert\u{202E}gnp.exe".to_string()),
        Just("a\u{200B}b@example.com".to_string()),
        Just("e\u{301}@example.com".to_string()),
        Just("   ".to_string()),
        Just("0000305".to_string()),
        Just("+0 123 4567".to_string()),
        "[a-zA-Z0-9 @.+-]{0,30}",
        (1usize..=3).prop_map(|k| "é".repeat(k * 5_000)),
        Just("x".repeat(10_240)),
    ]
}

fn nasty_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => nasty_text().prop_map(Value::String),
        1 => any::<i64>().prop_map(|n| json!(n)),
        1 => any::<f64>().prop_map(|n| json!(n)),
        1 => Just(Value::Null),
        1 => Just(json!(true)),
        1 => proptest::collection::vec(nasty_text(), 0..5).prop_map(|v| json!(v)),
        1 => (nasty_text(), nasty_text(), nasty_text())
            .prop_map(|(d, t, z)| json!({"date": d, "time": t, "zone": z})),
    ]
}

/// Replaces up to three fields of `p`'s valid form; returns the form and the changed keys.
fn mutated(p: Provider) -> impl Strategy<Value = (Value, Vec<String>)> {
    let base = form_json(p);
    let keys: Vec<String> = base
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| *k != "provider")
        .cloned()
        .collect();
    proptest::collection::vec((proptest::sample::select(keys), nasty_value()), 1..=3).prop_map(
        move |changes| {
            let mut v = base.clone();
            let mut changed = Vec::new();
            for (k, val) in changes {
                v[&k] = val;
                changed.push(k);
            }
            (v, changed)
        },
    )
}

fn check(p: Provider, form: Value, changed: &[String]) -> Result<(), TestCaseError> {
    let keys: Vec<String> = form.as_object().unwrap().keys().cloned().collect();
    // Decoding: the web view's payload either decodes or is refused with an error (never a
    // panic); the command layer turns that error into a message.
    let decoded = std::panic::catch_unwind(|| serde_json::from_value::<InviteForm>(form.clone()));
    let decoded = decoded.map_err(|_| TestCaseError::fail("decoding panicked"))?;
    let Ok(form) = decoded else { return Ok(()) };
    let result = std::panic::catch_unwind(|| form.validate(now()))
        .map_err(|_| TestCaseError::fail(format!("validation panicked for {p:?} {changed:?}")))?;
    match result {
        Err(e) => {
            prop_assert_eq!(e.kind, ErrorKind::Validation, "{}", e.message);
            let field = e.field.clone().unwrap_or_default();
            let root = field.split('.').next().unwrap_or("").to_string();
            prop_assert!(
                keys.contains(&root) || keys.contains(&field),
                "error names {:?}, not a field of the form: {}",
                field,
                e.message
            );
            prop_assert!(!e.message.is_empty());
            prop_assert!(e.message.chars().count() < 12_000, "message too long");
        }
        Ok(valid) => {
            for text in [
                &valid.candidate_name,
                &valid.candidate_email,
                &valid.job_ref,
            ] {
                prop_assert!(
                    !text.chars().any(|c| c.is_control()
                        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')),
                    "hidden character accepted: {:?}",
                    text
                );
                prop_assert_eq!(text.trim(), text.as_str());
            }
            prop_assert_eq!(
                valid.candidate_email.to_lowercase(),
                valid.candidate_email.clone()
            );
            // Xobin and Apploi read their ids as numbers: `0305` is 305.
            if matches!(p, Provider::Xobin | Provider::Apploi) && valid.job_ref.len() > 1 {
                prop_assert!(!valid.job_ref.starts_with('0'), "{}", valid.job_ref);
            }
        }
    }
    Ok(())
}

macro_rules! provider_props {
    ($name:ident, $p:expr) => {
        proptest! {
            #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]
            #[test]
            fn $name((form, changed) in mutated($p)) {
                check($p, form, &changed)?;
            }
        }
    };
}

provider_props!(
    xobin_validation_never_panics_and_names_a_field,
    Provider::Xobin
);
provider_props!(
    interviewflow_validation_never_panics_and_names_a_field,
    Provider::Interviewflow
);
provider_props!(
    tidyhire_validation_never_panics_and_names_a_field,
    Provider::Tidyhire
);
provider_props!(
    hireflix_validation_never_panics_and_names_a_field,
    Provider::Hireflix
);
provider_props!(
    apploi_validation_never_panics_and_names_a_field,
    Provider::Apploi
);

#[test]
fn the_same_invite_typed_two_ways_has_one_canonical_reference() {
    let canon = |p: Provider, key: &str, a: &str| {
        let mut v = form_json(p);
        v[key] = json!(a);
        let f: InviteForm = serde_json::from_value(v).unwrap();
        f.validate(now()).unwrap().job_ref
    };
    assert_eq!(canon(Provider::Xobin, "aiInterviewId", "0305"), "305");
    assert_eq!(
        canon(Provider::Apploi, "applicationFormId", "00265733753"),
        "265733753"
    );
    assert_eq!(
        canon(
            Provider::Interviewflow,
            "jobId",
            "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE"
        ),
        canon(
            Provider::Interviewflow,
            "jobId",
            "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
        )
    );
}
