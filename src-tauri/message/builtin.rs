//! The templates shipped with the app, in English, French, German, Spanish, Portuguese and
//! Dutch: the fallback when no stored template matches. Only our own sentences are written
//! here; the dates inside them are written by `dates.rs` from the locale data.

use super::{primary, Template, TemplateKind};

/// The languages with templates shipped in the app.
pub const BUILTIN_LANGUAGES: [&str; 6] = ["en", "fr", "de", "es", "pt", "nl"];

/// One language's sentences.
struct Words {
    lang: &'static str,
    hello: &'static str,
    invite_subject: &'static str,
    invite_intro: &'static str,
    reminder_subject: &'static str,
    reminder_intro: &'static str,
    schedule_intro: &'static str,
    duration: &'static str,
    location: &'static str,
    regards: &'static str,
    /// `{local}` and `{gmt}` are replaced by the written expiry.
    expiry: &'static str,
}

const WORDS: [Words; 6] = [
    Words {
        lang: "en",
        hello: "Hi {first_name},",
        invite_subject: "Your interview for {job}",
        invite_intro: "Thank you for applying for {job}. Please complete your interview here:",
        reminder_subject: "Reminder: your interview for {job}",
        reminder_intro: "A quick reminder: your interview for {job} is waiting for you here:",
        schedule_intro: "Your interview for {job} is on {interview_date}.",
        duration: "Duration: {duration} minutes",
        location: "Location: {location}",
        regards: "Best regards,",
        expiry: "This link expires on {local} ({gmt}).",
    },
    Words {
        lang: "fr",
        hello: "Bonjour {first_name},",
        invite_subject: "Votre entretien pour {job}",
        invite_intro:
            "Merci pour votre candidature ({job}). Vous pouvez passer votre entretien ici :",
        reminder_subject: "Rappel : votre entretien pour {job}",
        reminder_intro: "Petit rappel : votre entretien pour {job} vous attend ici :",
        schedule_intro: "Votre entretien pour {job} aura lieu le {interview_date}.",
        duration: "Durée : {duration} minutes",
        location: "Lieu : {location}",
        regards: "Cordialement,",
        expiry: "Ce lien expire le {local} ({gmt}).",
    },
    Words {
        lang: "de",
        hello: "Hallo {first_name},",
        invite_subject: "Ihr Interview für {job}",
        invite_intro: "vielen Dank für Ihre Bewerbung ({job}). Ihr Interview finden Sie hier:",
        reminder_subject: "Erinnerung: Ihr Interview für {job}",
        reminder_intro: "eine kurze Erinnerung: Ihr Interview für {job} wartet hier auf Sie:",
        schedule_intro: "Ihr Interview für {job} findet am {interview_date} statt.",
        duration: "Dauer: {duration} Minuten",
        location: "Ort: {location}",
        regards: "Mit freundlichen Grüßen",
        expiry: "Dieser Link ist gültig bis {local} ({gmt}).",
    },
    Words {
        lang: "es",
        hello: "Hola, {first_name}:",
        invite_subject: "Tu entrevista para {job}",
        invite_intro: "Gracias por tu candidatura ({job}). Puedes hacer tu entrevista aquí:",
        reminder_subject: "Recordatorio: tu entrevista para {job}",
        reminder_intro: "Te recordamos que tu entrevista para {job} te espera aquí:",
        schedule_intro: "Tu entrevista para {job} será el {interview_date}.",
        duration: "Duración: {duration} minutos",
        location: "Lugar: {location}",
        regards: "Saludos cordiales,",
        expiry: "Este enlace caduca el {local} ({gmt}).",
    },
    Words {
        lang: "pt",
        hello: "Olá {first_name},",
        invite_subject: "A sua entrevista para {job}",
        invite_intro: "Obrigado pela sua candidatura ({job}). Pode fazer a sua entrevista aqui:",
        reminder_subject: "Lembrete: a sua entrevista para {job}",
        reminder_intro: "Um breve lembrete: a sua entrevista para {job} está à sua espera aqui:",
        schedule_intro: "A sua entrevista para {job} será {interview_date}.",
        duration: "Duração: {duration} minutos",
        location: "Local: {location}",
        regards: "Com os melhores cumprimentos,",
        expiry: "Este link expira em {local} ({gmt}).",
    },
    Words {
        lang: "nl",
        hello: "Hallo {first_name},",
        invite_subject: "Je interview voor {job}",
        invite_intro: "Bedankt voor je sollicitatie ({job}). Je kunt je interview hier doen:",
        reminder_subject: "Herinnering: je interview voor {job}",
        reminder_intro: "Een korte herinnering: je interview voor {job} staat hier voor je klaar:",
        schedule_intro: "Je interview voor {job} is op {interview_date}.",
        duration: "Duur: {duration} minuten",
        location: "Locatie: {location}",
        regards: "Met vriendelijke groet,",
        expiry: "Deze link verloopt op {local} ({gmt}).",
    },
];

fn words(language: &str) -> Option<&'static Words> {
    let p = primary(language);
    WORDS.iter().find(|w| w.lang == p)
}

fn make(w: &Words, kind: TemplateKind) -> Template {
    let sign = format!("{}\n{{sender}}\n{{company}}", w.regards);
    let (subject, body) = match kind {
        TemplateKind::Invite => (
            w.invite_subject,
            format!(
                "{}\n\n{}\n{{link}}\n\n{{expiry_line}}\n\n{sign}",
                w.hello, w.invite_intro
            ),
        ),
        TemplateKind::Reminder => (
            w.reminder_subject,
            format!(
                "{}\n\n{}\n{{link}}\n\n{{expiry_line}}\n\n{sign}",
                w.hello, w.reminder_intro
            ),
        ),
        TemplateKind::Schedule => (
            w.invite_subject,
            format!(
                "{}\n\n{}\n{}\n{}\n\n{sign}",
                w.hello, w.schedule_intro, w.duration, w.location
            ),
        ),
    };
    Template {
        id: 0,
        kind,
        provider: None,
        job_ref: None,
        language: w.lang.to_string(),
        subject: subject.to_string(),
        body,
        built_in: true,
    }
}

/// The shipped template of `kind` in `language` (by its primary subtag), when there is one.
pub fn builtin(kind: TemplateKind, language: &str) -> Option<Template> {
    words(language).map(|w| make(w, kind))
}

/// The English one, which always exists.
pub(super) fn english(kind: TemplateKind) -> Template {
    make(&WORDS[0], kind)
}

/// "This link expires on …" in `language` (English when it has no shipped sentence).
pub(super) fn expiry_line(language: &str, local: &str, gmt: &str) -> String {
    words(language)
        .unwrap_or(&WORDS[0])
        .expiry
        .replace("{local}", local)
        .replace("{gmt}", gmt)
}

/// The English invite template, as a starting point for a new one.
pub fn english_invite() -> Template {
    english(TemplateKind::Invite)
}
