//! The messages a coordinator sends by hand after an invite: a reminder with the same link in
//! the invite's language, what was done about it (reminded, snoozed), and the templates behind
//! them (list, save, delete, preview on a real History row, import and export as JSON).
//! Nothing here calls a vendor: a reminder is prepared here and sent by the coordinator.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::FollowUp;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{FollowUpEvent, InviteRecord, ReminderChannel};
use crate::message::{self, Facts, Rendered, Template, TemplateKind};
use crate::provider::Provider;
use crate::schedule::Tz;
use crate::settings::Settings;

/// A reminder ready to send: the message, the candidate's address and a `mailto:` link.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    #[ts(type = "number")]
    pub id: i64,
    pub to: String,
    pub message: Rendered,
    /// `mailto:` with the subject and body; `None` when the message is too long for a mail
    /// app's link (`message::MAX_MAILTO`): copy it instead.
    pub mailto: Option<String>,
}

/// How long a snooze lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Snooze {
    OneDay,
    Until {
        at: DateTime<Utc>,
    },
    /// Until the morning (09:00) of a local calendar day, in the computer's zone: the day is
    /// what the coordinator picks; the instant is Rust's (`schedule::daily_instant`).
    UntilDay {
        #[ts(type = "string")]
        day: chrono::NaiveDate,
    },
}

/// The local time a snooze "until a day" ends.
const SNOOZE_MORNING: (u32, u32) = (9, 0);

/// The templates Settings lists: the stored ones and the ones shipped with the app.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateList {
    pub stored: Vec<Template>,
    pub built_in: Vec<Template>,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    #[ts(type = "number")]
    pub added: usize,
    #[ts(type = "number")]
    pub replaced: usize,
    /// One sentence per template refused ("Template 3: {salary} is not a placeholder…").
    pub refused: Vec<String>,
}

/// The values of one History row's message. The candidate's zone is the invite's; a row
/// without one is written in GMT.
pub fn facts(r: &InviteRecord, s: &Settings) -> Facts {
    let zone = r
        .zone
        .as_deref()
        .and_then(|z| z.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC);
    let named = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    Facts {
        name: r.candidate_name.clone(),
        job: r.job_name.clone().or_else(|| Some(r.job_ref.clone())),
        link: r.link.clone(),
        expiry: r.expiry_at.map(|e| (e, zone)),
        interview: r.scheduled_at.map(|t| (t, zone)),
        company: named(&s.follow_up.company),
        sender: named(&s.follow_up.sender),
        duration: None,
        location: None,
    }
}

/// The kind of message that nudges an invite of `p`.
fn reminder_kind(p: Provider) -> TemplateKind {
    if p == Provider::Apploi {
        TemplateKind::Schedule
    } else {
        TemplateKind::Reminder
    }
}

/// The kind of message that goes out with a new invite of `p` (Apploi's is an interview's date).
fn invite_kind(p: Provider) -> TemplateKind {
    if p == Provider::Apploi {
        TemplateKind::Schedule
    } else {
        TemplateKind::Invite
    }
}

/// The message that goes with invite `r` in `language`: the template resolved for its vendor,
/// job and language (`message::resolve`), filled with the row's facts. Where that is the shipped
/// English invite and the coordinator changed Settings' one "Invite message" (the only message
/// of earlier versions), that text is used instead, so nothing written before is lost.
pub fn invite_message(
    r: &InviteRecord,
    stored: &[Template],
    s: &Settings,
    language: &str,
) -> Rendered {
    let mut t = message::resolve(
        stored,
        invite_kind(r.provider),
        r.provider,
        &r.job_ref,
        language,
    );
    if t.built_in
        && t.kind == TemplateKind::Invite
        && message::primary(&t.language) == "en"
        && s.message_template.trim() != crate::settings::DEFAULT_MESSAGE_TEMPLATE.trim()
    {
        // The old text put `{expiry_line}` inside a line ("{expiry_line}Best regards"); here a
        // missing value drops its line, so it gets a paragraph of its own.
        let mut body = s
            .message_template
            .replace("{expiry_line}", "\n{expiry_line}\n\n");
        while body.contains("\n\n\n") {
            body = body.replace("\n\n\n", "\n\n");
        }
        t.body = body;
    }
    message::render(&t, &facts(r, s))
}

/// The most templates one import takes (five kinds × five vendors × a dozen languages, with
/// room for per-job ones).
const MAX_TEMPLATES: usize = 500;

impl FollowUp {
    fn record(&self, id: i64) -> AppResult<InviteRecord> {
        self.db.get(id)?.ok_or_else(|| {
            AppError::new(
                ErrorKind::NotFound,
                format!("Invite #{id} is not in History."),
            )
        })
    }

    /// The reminder of invite `id`: its resolved reminder template (job, vendor, the invite's
    /// language), the same link, the expiry in the candidate's zone with GMT beside it.
    pub fn reminder(&self, id: i64) -> AppResult<Reminder> {
        let r = self.record(id)?;
        let language = r.language.clone().unwrap_or_else(|| "en".into());
        let t = message::resolve(
            &self.db.templates()?,
            reminder_kind(r.provider),
            r.provider,
            &r.job_ref,
            &language,
        );
        let msg = message::render(&t, &facts(&r, &self.settings.get()));
        Ok(Reminder {
            id,
            mailto: message::mailto(&r.candidate_email, &msg),
            to: r.candidate_email,
            message: msg,
        })
    }

    /// The message that goes with invite `id` (the result card's "Invite message"): in
    /// `language` when one is given, which is then kept on the row (its reminder follows it),
    /// else in the row's language (English when it has none).
    pub fn invite_message(&self, id: i64, language: Option<&str>) -> AppResult<Rendered> {
        if let Some(l) = language {
            self.set_language(id, l)?;
        }
        let r = self.record(id)?;
        let language = r.language.clone().unwrap_or_else(|| "en".into());
        Ok(invite_message(
            &r,
            &self.db.templates()?,
            &self.settings.get(),
            &language,
        ))
    }

    /// Records that invite `id` was reminded now (it leaves the board until its next
    /// threshold).
    pub fn mark_reminded(&self, id: i64, channel: ReminderChannel) -> AppResult<()> {
        self.db.record_reminded(id, self.now(), channel)
    }

    /// Hides invite `id` from the board for a day or until an instant in the future (a day's
    /// morning in this computer's zone).
    pub fn snooze(&self, id: i64, how: Snooze) -> AppResult<DateTime<Utc>> {
        self.snooze_in(id, how, crate::schedule::system_tz())
    }

    /// `snooze`, with a day's morning read in `zone`.
    pub fn snooze_in(&self, id: i64, how: Snooze, zone: Tz) -> AppResult<DateTime<Utc>> {
        let now = self.now();
        let how = match how {
            Snooze::UntilDay { day } => {
                let morning =
                    chrono::NaiveTime::from_hms_opt(SNOOZE_MORNING.0, SNOOZE_MORNING.1, 0)
                        .unwrap_or_default();
                Snooze::Until {
                    at: crate::schedule::daily_instant(day, morning, zone),
                }
            }
            other => other,
        };
        let until = match how {
            Snooze::OneDay => now + Duration::days(1),
            Snooze::Until { at } if at > now => at,
            Snooze::Until { .. } | Snooze::UntilDay { .. } => {
                return Err(AppError::validation(
                    "until",
                    "Snooze until a time to come.",
                ))
            }
        };
        self.db.record_snoozed(id, now, until)?;
        Ok(until)
    }

    /// What was done about invite `id`, oldest first.
    pub fn events(&self, id: i64) -> AppResult<Vec<FollowUpEvent>> {
        self.db.follow_up_events(id)
    }

    /// Stores the language of invite `id`'s message.
    pub fn set_language(&self, id: i64, language: &str) -> AppResult<()> {
        let probe = Template {
            language: language.into(),
            ..message::builtin::english_invite()
        };
        let checked = message::check(&probe)?;
        self.db.set_language(id, &checked.language)
    }

    pub fn templates(&self) -> AppResult<TemplateList> {
        Ok(TemplateList {
            stored: self.db.templates()?,
            built_in: message::BUILTIN_LANGUAGES
                .iter()
                .flat_map(|l| TemplateKind::ALL.map(|k| message::builtin(k, l)))
                .flatten()
                .collect(),
        })
    }

    /// Checks and saves a template (new when its id is 0); returns it as stored.
    pub fn save_template(&self, t: &Template) -> AppResult<Template> {
        let checked = message::check(t)?;
        let id = self.db.save_template(&checked)?;
        Ok(Template { id, ..checked })
    }

    pub fn delete_template(&self, id: i64) -> AppResult<bool> {
        self.db.delete_template(id)
    }

    /// A template as it reads for History row `invite_id` (checked first, so an unknown
    /// placeholder is named before anything is shown).
    pub fn preview(&self, t: &Template, invite_id: i64) -> AppResult<Rendered> {
        let checked = message::check(t)?;
        let r = self.record(invite_id)?;
        Ok(message::render(&checked, &facts(&r, &self.settings.get())))
    }

    /// Every stored template as JSON (text only).
    pub fn export_templates(&self) -> AppResult<String> {
        serde_json::to_string_pretty(&self.db.templates()?)
            .map_err(|e| AppError::internal(format!("The templates could not be written: {e}")))
    }

    /// Adds the templates of an export; one for a target that exists replaces it.
    pub fn import_templates(&self, json: &str) -> AppResult<ImportReport> {
        let list: Vec<Template> = serde_json::from_str(json).map_err(|e| {
            AppError::validation(
                "file",
                format!("This is not a list of Invite Desk templates ({e})."),
            )
        })?;
        if list.len() > MAX_TEMPLATES {
            return Err(AppError::validation(
                "file",
                format!(
                    "This file holds {} templates; an export holds at most {MAX_TEMPLATES}. \
                     Split it, or check that it is an Invite Desk templates export.",
                    list.len()
                ),
            ));
        }
        let existing = self.db.templates()?;
        let mut report = ImportReport::default();
        // Every template is checked first; the good ones are written in one transaction.
        let mut checked: Vec<(usize, bool, Template)> = Vec::new();
        for (i, t) in list.iter().enumerate() {
            let same = existing.iter().find(|e| {
                e.kind == t.kind
                    && e.provider == t.provider
                    && e.job_ref.as_deref() == t.job_ref.as_deref().map(str::trim)
                    && e.language.eq_ignore_ascii_case(t.language.trim())
            });
            let next = Template {
                id: same.map_or(0, |e| e.id),
                ..t.clone()
            };
            match message::check(&next) {
                Ok(c) => checked.push((i, same.is_some(), c)),
                Err(e) => report
                    .refused
                    .push(format!("Template {}: {}", i + 1, e.message)),
            }
        }
        let list: Vec<Template> = checked.iter().map(|(_, _, t)| t.clone()).collect();
        for ((i, replaces, _), saved) in checked.iter().zip(self.db.save_templates(&list)?) {
            match saved {
                Ok(_) if *replaces => report.replaced += 1,
                Ok(_) => report.added += 1,
                Err(e) => report
                    .refused
                    .push(format!("Template {}: {}", i + 1, e.message)),
            }
        }
        report.refused.sort_by_key(|r| {
            r.split(':')
                .next()
                .and_then(|n| n.trim_start_matches("Template ").parse::<usize>().ok())
        });
        Ok(report)
    }
}
