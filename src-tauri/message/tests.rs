use chrono::TimeZone;

use super::*;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn facts(zone: Tz) -> Facts {
    Facts {
        name: "Amélie Durand".into(),
        job: Some("Data Analyst".into()),
        link: Some("https://acme.xobin.com/i/1A2B".into()),
        expiry: Some((at(2030, 7, 15, 16, 0), zone)),
        ..Facts::default()
    }
}

fn stored(id: i64, provider: Option<Provider>, job: Option<&str>, lang: &str) -> Template {
    Template {
        id,
        kind: TemplateKind::Reminder,
        provider,
        job_ref: job.map(String::from),
        language: lang.into(),
        subject: format!("#{id}"),
        body: "{link}".into(),
        built_in: false,
    }
}

#[test]
fn a_french_reminder_writes_the_expiry_in_french_in_the_candidates_zone_with_gmt_beside() {
    let t = builtin(TemplateKind::Reminder, "fr").unwrap();
    let r = render(
        &t,
        &facts("Europe/Paris".parse::<crate::schedule::Tz>().unwrap()),
    );
    assert!(r.body.contains("Bonjour Amélie,"), "{}", r.body);
    assert!(
        r.body.contains("https://acme.xobin.com/i/1A2B"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(
            "Ce lien expire le lundi 15 juillet 2030, 18:00 (Europe/Paris) (lundi 15 juillet \
             2030, 16:00 GMT)."
        ),
        "{}",
        r.body
    );
    assert_eq!(r.subject, "Rappel : votre entretien pour Data Analyst");
}

#[test]
fn dates_follow_the_language_and_the_zone() {
    let t = at(2030, 1, 6, 23, 30);
    assert_eq!(
        local_text(
            t,
            "Asia/Tokyo".parse::<crate::schedule::Tz>().unwrap(),
            "de"
        ),
        "Montag, 7. Januar 2030, 08:30 (Asia/Tokyo)"
    );
    assert_eq!(
        local_text(
            t,
            "America/New_York".parse::<crate::schedule::Tz>().unwrap(),
            "en"
        ),
        "Sunday, January 6, 2030, 6:30 PM (America/New_York)"
    );
    assert_eq!(gmt_text(t, "es"), "domingo, 6 de enero de 2030, 23:30 GMT");
    assert_eq!(
        gmt_text(t, "pt-BR"),
        "domingo, 6 de janeiro de 2030, 23:30 GMT"
    );
    assert_eq!(gmt_text(t, "nl"), "zondag 6 januari 2030, 23:30 GMT");
    assert_eq!(gmt_text(t, "en-GB"), "Sunday 6 January 2030, 23:30 GMT");
}

#[test]
fn every_shipped_language_has_its_three_templates_and_they_pass_the_check() {
    for lang in BUILTIN_LANGUAGES {
        for kind in TemplateKind::ALL {
            let t = builtin(kind, lang).unwrap();
            assert_eq!(t.language, lang);
            check(&t).unwrap();
        }
    }
    assert!(builtin(TemplateKind::Invite, "ja").is_none());
}

#[test]
fn an_unknown_placeholder_is_refused_naming_it() {
    let mut t = stored(1, None, None, "en");
    t.body = "Hi {first_name}, the pay is {salary}.".into();
    let e = check(&t).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("body"));
    assert!(
        e.message.starts_with("{salary} is not a placeholder"),
        "{}",
        e.message
    );
    t.body = "Hi {first_name".into();
    assert!(check(&t).unwrap_err().message.contains("does not close"));
    t.body = "Braces: {{literal}} and }".into();
    check(&t).unwrap();
    assert_eq!(
        render(&t, &facts(crate::schedule::Tz::UTC)).body,
        "Braces: {literal} and }"
    );
}

#[test]
fn a_missing_value_drops_its_line_and_leaves_no_double_gap() {
    let t = builtin(TemplateKind::Reminder, "en").unwrap();
    let mut f = facts(crate::schedule::Tz::UTC);
    f.expiry = None;
    let r = render(&t, &f);
    assert!(!r.body.contains("expires"), "{}", r.body);
    assert!(!r.body.contains("\n\n\n"), "{:?}", r.body);
    assert!(r.body.ends_with("Best regards,"), "{:?}", r.body);
    f.sender = Some("Sam".into());
    assert!(render(&t, &f).body.ends_with("Best regards,\nSam"));
}

#[test]
fn resolution_goes_job_then_provider_then_language_default_then_english() {
    let x = Provider::Xobin;
    let all = vec![
        stored(1, None, None, "fr"),
        stored(2, Some(x), None, "fr"),
        stored(3, Some(x), Some("305"), "fr"),
        stored(4, Some(x), Some("305"), "de"),
    ];
    let pick = |job: &str, lang: &str| resolve(&all, TemplateKind::Reminder, x, job, lang);
    assert_eq!(pick("305", "fr").id, 3);
    assert_eq!(pick("305", "fr-CA").id, 3);
    assert_eq!(pick("999", "fr").id, 2);
    assert_eq!(
        resolve(&all, TemplateKind::Reminder, Provider::Hireflix, "1", "fr").id,
        1
    );
    let shipped = pick("999", "nl");
    assert!(shipped.built_in && shipped.language == "nl");
    let english = pick("999", "ja");
    assert!(english.built_in && english.language == "en");
    assert!(
        resolve(&all, TemplateKind::Invite, x, "305", "fr").built_in,
        "a reminder is never used for an invite"
    );
}

#[test]
fn html_in_a_template_stays_text_and_mailto_encodes_everything() {
    let mut t = stored(1, None, None, "en");
    t.subject = "<b>Hi</b> & bye".into();
    t.body = "<script>alert(1)</script>\n{link}".into();
    let r = render(&t, &facts(crate::schedule::Tz::UTC));
    assert_eq!(
        r.body,
        "<script>alert(1)</script>\nhttps://acme.xobin.com/i/1A2B"
    );
    let m = mailto("amelie@example.com", &r).unwrap();
    assert!(
        m.starts_with("mailto:amelie@example.com?subject=%3Cb%3EHi%3C%2Fb%3E%20%26%20bye&body=")
    );
    assert!(m.contains("%0D%0A"), "{m}");
    assert!(!m.contains(' '));
    // A message too long for a mail app's link gives none (the app copies it instead).
    t.body = "é".repeat(400);
    let long = render(&t, &facts(crate::schedule::Tz::UTC));
    assert_eq!(mailto("amelie@example.com", &long), None);
    t.body = "a".repeat(1800);
    let fits = render(&t, &facts(crate::schedule::Tz::UTC));
    assert!(mailto("amelie@example.com", &fits).unwrap().len() <= MAX_MAILTO);
}

#[test]
fn a_long_language_tag_or_job_reference_is_refused_naming_the_field() {
    let mut t = stored(0, Some(Provider::Xobin), Some("305"), "en");
    t.language = format!("en-{}", ["abcdefgh"; 5].join("-"));
    assert_eq!(check(&t).unwrap_err().field.as_deref(), Some("language"));
    t.language = "en".into();
    t.job_ref = Some("9".repeat(201));
    assert_eq!(check(&t).unwrap_err().field.as_deref(), Some("jobRef"));
    t.job_ref = Some("9".repeat(200));
    assert!(check(&t).is_ok());
}

#[test]
fn values_go_in_literally_even_when_they_look_like_placeholders_or_replacement_patterns() {
    let t = Template {
        body: "Dear {name} ({first_name}): {link} END".into(),
        ..stored(1, None, None, "en")
    };
    let f = Facts {
        name: "Zoë$& O'Brien $' $$ {link}".into(),
        ..facts(crate::schedule::Tz::UTC)
    };
    assert_eq!(
        render(&t, &f).body,
        "Dear Zoë$& O'Brien $' $$ {link} (Zoë$&): https://acme.xobin.com/i/1A2B END"
    );
}
