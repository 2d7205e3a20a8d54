//! The follow-up on a fixed clock: the board of eight invites across the five vendors, a
//! reminder in the invite's language that calls no vendor, Mark reminded and Snooze, and the
//! digest across both changes of clocks in Europe/Berlin.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};

use super::board::Why;
use super::clock::FixedClock;
use super::messages::Snooze;
use super::FollowUp;
use crate::history::{NewInvite, Outcome, PastInvite, ReminderChannel};
use crate::message::{Template, TemplateKind};
use crate::providers::reminds::WhoReminds;
use crate::providers::tracking::VendorStatus;
use crate::providers::{InviteOutcome, Provider};
use crate::secrets::MemoryStore;
use crate::state::AppState;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 7, 10, 12, 0, 0).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    state: AppState,
    clock: Arc<FixedClock>,
    follow_up: FollowUp,
    server: wiremock::MockServer,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let http = crate::providers::http_client(StdDuration::from_secs(2), StdDuration::from_secs(2))
        .unwrap();
    let state = AppState::open(dir.path(), Arc::new(MemoryStore::new()), http).unwrap();
    let server = wiremock::MockServer::start().await;
    let mut s = state.settings.get();
    for p in Provider::ALL {
        s.base_urls.insert(p, server.uri());
    }
    s.follow_up.sender = "Sam Rivera".into();
    state.settings.save(s).unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    let follow_up = FollowUp::new(&state).with_clock(clock.clone());
    Fixture {
        _dir: dir,
        state,
        clock,
        follow_up,
        server,
    }
}

struct Row {
    p: Provider,
    name: &'static str,
    hours_ago: i64,
    expires_in: Option<i64>,
    vendor_emails: bool,
}

fn row(p: Provider, name: &'static str, hours_ago: i64) -> Row {
    Row {
        p,
        name,
        hours_ago,
        expires_in: None,
        vendor_emails: false,
    }
}

fn past(r: &Row) -> PastInvite {
    let email = format!("{}@example.com", r.name.to_lowercase().replace(' ', "."));
    PastInvite {
        invite: NewInvite {
            account: Default::default(),
            provider: r.p,
            candidate_name: r.name.into(),
            candidate_email: email,
            job_ref: "305".into(),
            job_name: Some("Data Analyst".into()),
            scheduled_at: None,
            start_at: None,
            expiry_at: r.expires_in.map(|h| now() + Duration::hours(h)),
            zone: Some("Europe/Paris".into()),
        },
        outcome: Outcome::Sent,
        result: Some(InviteOutcome {
            link: Some(format!("https://{}.example/i/{}", r.p.id(), r.name.len())),
            vendor_ids: BTreeMap::from([("response_id".into(), "7421".into())]),
            vendor_emails_candidate: r.vendor_emails,
            ..InviteOutcome::default()
        }),
        error: None,
        created_at: now() - Duration::hours(r.hours_ago),
    }
}

/// Eight invites across the five vendors; returns their ids in this order.
fn eight(f: &Fixture) -> Vec<i64> {
    let rows = [
        // 1: a Xobin link shared by the coordinator, 72 h old: due, you remind.
        row(Provider::Xobin, "Ada Getlink", 72),
        // 2: a Xobin invite Xobin emailed, 5 h old, expiring in 10 h: due (expiring).
        Row {
            expires_in: Some(10),
            vendor_emails: true,
            ..row(Provider::Xobin, "Bo Sendlink", 5)
        },
        // 3: Hireflix, 50 h old but completed: not on the board.
        row(Provider::Hireflix, "Cy Completed", 50),
        // 4: Hireflix, 49 h old, never read: due, Hireflix reminds if switched on.
        Row {
            vendor_emails: true,
            ..row(Provider::Hireflix, "Di Pending", 49)
        },
        // 5: InterviewFlowAI, 10 h old: too young.
        row(Provider::Interviewflow, "Ed Young", 10),
        // 6: InterviewFlowAI, 100 h old, reminded 20 h ago: hidden until 48 h after that.
        row(Provider::Interviewflow, "Flo Reminded", 100),
        // 7: Tidyhire, 60 h old: due, Tidyhire reminds itself.
        Row {
            vendor_emails: true,
            ..row(Provider::Tidyhire, "Gus Tidy", 60)
        },
        // 8: Apploi, a dated interview: never on the board.
        row(Provider::Apploi, "Hal Apploi", 100),
    ];
    f.state.db.import(rows.iter().map(past)).unwrap();
    let ids: Vec<i64> = (1..=8).collect();
    f.state
        .db
        .record_status(ids[2], &VendorStatus::of_word("to_evaluate"))
        .unwrap();
    f.state
        .db
        .record_reminded(ids[5], now() - Duration::hours(20), ReminderChannel::Copied)
        .unwrap();
    ids
}

fn board_names(f: &Fixture) -> Vec<(String, WhoReminds)> {
    f.follow_up
        .board()
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.record.candidate_name, r.who_reminds))
        .collect()
}

fn names(list: &[(&str, WhoReminds)]) -> Vec<(String, WhoReminds)> {
    list.iter().map(|(n, w)| (n.to_string(), *w)).collect()
}

#[tokio::test]
async fn eight_invites_across_the_five_vendors_give_exactly_the_expected_board() {
    let f = fixture().await;
    eight(&f);
    let board = f.follow_up.board().unwrap();
    assert_eq!(
        board_names(&f),
        names(&[
            ("Bo Sendlink", WhoReminds::Vendor),
            ("Ada Getlink", WhoReminds::You),
            ("Gus Tidy", WhoReminds::Vendor),
            ("Di Pending", WhoReminds::VendorIfSwitchedOn),
        ])
    );
    assert_eq!(
        board.rows[0].why,
        Why::Expiring {
            at: now() + Duration::hours(10)
        }
    );
    assert!(board.rows[0].can_reinvite && !board.rows[2].can_reinvite);
    assert!(
        board.rows[2].extend.contains("Tidyhire"),
        "{}",
        board.rows[2].extend
    );
    assert!(
        board.rows[1].who_note.starts_with("You"),
        "{}",
        board.rows[1].who_note
    );
    // A shorter threshold for InterviewFlowAI brings its young invite in; the reminded one
    // stays out until its threshold after the reminder.
    let mut s = f.state.settings.get();
    s.follow_up.nudge_hours.insert(Provider::Interviewflow, 8);
    f.state.settings.save(s).unwrap();
    let with_ifai = board_names(&f);
    assert!(with_ifai.contains(&("Ed Young".into(), WhoReminds::You)));
    // 20 h since its reminder is over 8 h: Flo is due again too.
    assert!(with_ifai.contains(&("Flo Reminded".into(), WhoReminds::You)));
    assert!(f.server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn mark_reminded_hides_a_row_until_its_next_threshold_and_snooze_until_its_end() {
    let f = fixture().await;
    let ids = eight(&f);
    let ada = ids[0];
    let gus = ids[6];
    f.follow_up
        .mark_reminded(ada, ReminderChannel::MailApp)
        .unwrap();
    let until = f.follow_up.snooze(gus, Snooze::OneDay).unwrap();
    assert_eq!(until, now() + Duration::days(1));
    let shown =
        |f: &Fixture| -> Vec<String> { board_names(f).into_iter().map(|(n, _)| n).collect() };
    assert_eq!(shown(&f), ["Bo Sendlink", "Di Pending"]);
    f.clock.advance(Duration::hours(25));
    // The snooze is over; the reminder's 48 h are not; Bo's link has expired meanwhile.
    assert_eq!(shown(&f), ["Bo Sendlink", "Gus Tidy", "Di Pending"]);
    // 48 h after the reminder Ada is due again, last (her wait starts at the reminder); the
    // younger invites have reached their 48 h meanwhile.
    f.clock.advance(Duration::hours(24));
    assert_eq!(
        shown(&f),
        [
            "Bo Sendlink",
            "Gus Tidy",
            "Di Pending",
            "Flo Reminded",
            "Ed Young",
            "Ada Getlink"
        ]
    );
    let events = f.follow_up.events(ada).unwrap();
    assert!(matches!(
        events.as_slice(),
        [crate::history::FollowUpEvent::Reminded {
            channel: Some(ReminderChannel::MailApp),
            ..
        }]
    ));
    assert!(f
        .follow_up
        .snooze(gus, Snooze::Until { at: now() })
        .is_err());
    // "Until a day" is that day's 09:00 in the computer's zone, whatever the page's clock says:
    // Paris in winter is UTC+1, New York in summer UTC−4.
    let day = (now() + Duration::days(3)).date_naive();
    let paris = f
        .follow_up
        .snooze_in(
            gus,
            Snooze::UntilDay { day },
            "Europe/Paris".parse::<crate::schedule::Tz>().unwrap(),
        )
        .unwrap();
    assert_eq!(
        paris
            .with_timezone(&"Europe/Paris".parse::<crate::schedule::Tz>().unwrap())
            .time(),
        NaiveTime::from_hms_opt(9, 0, 0).unwrap()
    );
    assert_eq!(
        paris
            .with_timezone(&"Europe/Paris".parse::<crate::schedule::Tz>().unwrap())
            .date_naive(),
        day
    );
    let yesterday = (now() - Duration::days(1)).date_naive();
    let e = f
        .follow_up
        .snooze_in(
            gus,
            Snooze::UntilDay { day: yesterday },
            "America/New_York".parse::<crate::schedule::Tz>().unwrap(),
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("until"));
    assert!(f.server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_reminder_keeps_the_link_is_written_in_the_invites_language_and_calls_no_vendor() {
    let f = fixture().await;
    let ids = eight(&f);
    let ada = ids[0];
    f.follow_up.set_language(ada, "fr").unwrap();
    let r = f.follow_up.reminder(ada).unwrap();
    assert_eq!(r.to, "ada.getlink@example.com");
    assert!(
        r.message.body.contains("https://xobin.example/i/11"),
        "{}",
        r.message.body
    );
    assert!(
        r.message.body.starts_with("Bonjour Ada,"),
        "{}",
        r.message.body
    );
    assert!(
        r.message.body.ends_with("Cordialement,\nSam Rivera"),
        "{}",
        r.message.body
    );
    assert!(r
        .mailto
        .as_deref()
        .unwrap()
        .starts_with("mailto:ada.getlink@example.com?subject=Rappel"));
    // Bo's invite expires: a stored French reminder for Xobin job 305 writes it in French, in
    // the candidate's zone (Paris) with GMT beside it.
    let bo = ids[1];
    f.follow_up.set_language(bo, "fr-FR").unwrap();
    f.follow_up
        .save_template(&Template {
            id: 0,
            kind: TemplateKind::Reminder,
            provider: Some(Provider::Xobin),
            job_ref: Some("305".into()),
            language: "fr".into(),
            subject: "Votre lien expire bientôt".into(),
            body: "{first_name}, votre lien : {link}\nIl expire le {expiry_local} — {expiry_gmt}."
                .into(),
            built_in: false,
        })
        .unwrap();
    let r = f.follow_up.reminder(bo).unwrap();
    assert_eq!(
        r.message.body,
        "Bo, votre lien : https://xobin.example/i/11\nIl expire le jeudi 11 juillet 2030, 00:00 \
         (Europe/Paris) — mercredi 10 juillet 2030, 22:00 GMT."
    );
    assert!(f.follow_up.set_language(bo, "not a tag").is_err());
    assert!(f.server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_digest_fires_once_a_day_across_both_changes_of_clocks_in_berlin() {
    let f = fixture().await;
    let berlin = "Europe/Berlin".parse::<crate::schedule::Tz>().unwrap();
    let mut s = f.state.settings.get();
    s.follow_up.digest = true;
    // 02:30 does not exist on the last Sunday of March and happens twice on the last Sunday
    // of October in Berlin.
    s.follow_up.digest_time = "02:30".into();
    s.follow_up.lookback_days = 365;
    f.state.settings.save(s).unwrap();
    for (start, days) in [
        // From local midnight on the Friday before each change, four days.
        (Utc.with_ymd_and_hms(2026, 3, 26, 23, 0, 0).unwrap(), 4),
        (Utc.with_ymd_and_hms(2026, 10, 22, 22, 0, 0).unwrap(), 4),
    ] {
        // One invite due the whole time.
        f.state
            .db
            .import([PastInvite {
                created_at: start - Duration::days(5),
                ..past(&row(Provider::Xobin, "Ida Due", 0))
            }])
            .unwrap();
        f.clock.set(start);
        let mut fired = Vec::new();
        let mut t = start;
        while t < start + Duration::days(days) {
            f.clock.set(t);
            if f.follow_up.digest_tick(berlin).unwrap().is_some() {
                fired.push(t.with_timezone(&berlin).to_rfc3339());
            }
            t += Duration::minutes(5);
        }
        assert_eq!(fired.len(), days as usize, "{fired:?}");
        let mut local_days: Vec<_> = fired.iter().map(|s| s[..10].to_string()).collect();
        local_days.dedup();
        assert_eq!(local_days.len(), days as usize, "{fired:?}");
    }
    // The change days themselves: 03:00 CEST after the gap, and the first 02:30 (CEST).
    let at = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
    let spring = crate::schedule::daily_instant(
        chrono::NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
        at,
        berlin,
    );
    assert_eq!(spring, Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap());
    let autumn = crate::schedule::daily_instant(
        chrono::NaiveDate::from_ymd_opt(2026, 10, 25).unwrap(),
        at,
        berlin,
    );
    assert_eq!(
        autumn,
        Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap()
    );
}

#[tokio::test]
async fn no_digest_when_it_is_off_or_nothing_is_due() {
    let f = fixture().await;
    let berlin = "Europe/Berlin".parse::<crate::schedule::Tz>().unwrap();
    f.clock
        .set(Utc.with_ymd_and_hms(2030, 7, 9, 20, 0, 0).unwrap());
    assert_eq!(
        f.follow_up.digest_tick(berlin).unwrap(),
        None,
        "off by default"
    );
    let mut s = f.state.settings.get();
    s.follow_up.digest = true;
    f.state.settings.save(s).unwrap();
    assert_eq!(
        f.follow_up.digest_tick(berlin).unwrap(),
        None,
        "nothing due"
    );
    eight(&f);
    f.clock.set(now());
    // 14:00 Berlin, after 09:00: due, and four invites need a nudge.
    assert_eq!(
        f.follow_up.digest_tick(berlin).unwrap().as_deref(),
        Some("4 invites need a nudge: see Follow up.")
    );
    assert_eq!(f.follow_up.digest_tick(berlin).unwrap(), None, "once a day");
}

#[tokio::test]
async fn a_reinvite_expiry_without_a_zone_is_read_in_the_first_invites_zone_else_the_computers() {
    let f = fixture().await;
    let ids = eight(&f);
    let ada = f.state.db.get(ids[0]).unwrap().unwrap();
    assert_eq!(ada.zone.as_deref(), Some("Europe/Paris"));
    let expiry: crate::schedule::WallTime = serde_json::from_value(
        serde_json::json!({"date": "2030-07-20", "time": "18:00", "zone": ""}),
    )
    .unwrap();
    let zone_of = |form: crate::providers::InviteForm| {
        serde_json::to_value(form).unwrap()["expiry"]["zone"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        zone_of(f.follow_up.reinvite_form(&ada, expiry.clone())),
        "Europe/Paris"
    );
    let mut no_zone = ada.clone();
    no_zone.zone = None;
    assert_eq!(
        zone_of(f.follow_up.reinvite_form(&no_zone, expiry)),
        crate::schedule::system_zone().name
    );
}

#[tokio::test]
async fn the_invite_message_follows_the_chosen_language_keeps_it_and_an_old_english_text_still_applies(
) {
    let f = fixture().await;
    let ids = eight(&f);
    let bo = ids[1];
    // Without a language: the shipped English invite, the row's link and expiry.
    let en = f.follow_up.invite_message(bo, None).unwrap();
    assert_eq!(en.language, "en");
    assert!(
        en.subject.starts_with("Your interview for Data Analyst"),
        "{}",
        en.subject
    );
    assert!(
        en.body.contains("https://xobin.example/i/11") && en.body.contains("GMT"),
        "{}",
        en.body
    );
    // German chosen: the German invite, and the row keeps the language for its reminder.
    let de = f.follow_up.invite_message(bo, Some("de")).unwrap();
    assert!(de.body.starts_with("Hallo Bo,"), "{}", de.body);
    assert_eq!(
        f.state.db.get(bo).unwrap().unwrap().language.as_deref(),
        Some("de")
    );
    let reminder = f.follow_up.reminder(bo).unwrap();
    assert!(
        reminder.message.subject.starts_with("Erinnerung"),
        "{}",
        reminder.message.subject
    );
    // A language that is not one is refused naming the field, and the row keeps its own.
    let bad = f.follow_up.invite_message(bo, Some("German!")).unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("language"));
    assert_eq!(
        f.state.db.get(bo).unwrap().unwrap().language.as_deref(),
        Some("de")
    );

    // Settings' one "Invite message" of earlier versions, changed by the coordinator, is the
    // English invite where no stored template applies; its {expiry_line} gets its own line.
    let mut s = f.state.settings.get();
    s.message_template = "Dear {name}: {link} {expiry_line}See you".into();
    f.state.settings.save(s).unwrap();
    let ada = f.follow_up.invite_message(ids[0], None).unwrap();
    assert_eq!(
        ada.body,
        "Dear Ada Getlink: https://xobin.example/i/11 \n\nSee you"
    );
    let bo_en = f.follow_up.invite_message(bo, Some("en")).unwrap();
    assert!(
        bo_en
            .body
            .starts_with("Dear Bo Sendlink: https://xobin.example/i/11 \nThis link expires"),
        "{}",
        bo_en.body
    );
    // A stored English invite template comes before it.
    f.follow_up
        .save_template(&Template {
            id: 0,
            kind: TemplateKind::Invite,
            provider: None,
            job_ref: None,
            language: "en".into(),
            subject: "Interview".into(),
            body: "Stored: {link}".into(),
            built_in: false,
        })
        .unwrap();
    let stored = f.follow_up.invite_message(ids[0], None).unwrap();
    assert_eq!(stored.body, "Stored: https://xobin.example/i/11");
}
