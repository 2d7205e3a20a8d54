//! Dates and times written in a template's language: month and weekday names, and 24- or
//! 12-hour clock, come from the locale data chrono carries (`unstable-locales`, generated from
//! glibc's locales). Only the order of the words in a long date is chosen here, per language.

use chrono::{DateTime, Locale, TimeZone, Utc};

use crate::schedule::Tz;

/// The locale whose names a BCP-47 tag uses: `fr-CA` → `fr_CA`, `fr` → `fr_FR`, `en` →
/// `en_US`; an unknown language is written in English.
pub fn locale_of(language: &str) -> Locale {
    let mut parts = language.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    if let Some(r) = region {
        if let Ok(l) = Locale::try_from(format!("{lang}_{r}").as_str()) {
            return l;
        }
    }
    let usual = match lang.as_str() {
        "en" => "en_US",
        "pt" => "pt_PT",
        "nl" => "nl_NL",
        "de" => "de_DE",
        "fr" => "fr_FR",
        "es" => "es_ES",
        _ => "",
    };
    let guess = if usual.is_empty() {
        format!("{lang}_{}", lang.to_ascii_uppercase())
    } else {
        usual.to_string()
    };
    Locale::try_from(guess.as_str()).unwrap_or(Locale::en_US)
}

/// The order of a long date's words in a language (the words come from the locale).
fn date_pattern(language: &str, locale: Locale) -> &'static str {
    match super::primary(language).as_str() {
        "en" if locale == Locale::en_US => "%A, %B %-d, %Y",
        "de" => "%A, %-d. %B %Y",
        "es" | "pt" => "%A, %-d de %B de %Y",
        _ => "%A %-d %B %Y",
    }
}

/// Whether the locale writes the time of day on a 12-hour clock (its own time format, asked
/// with an afternoon hour).
fn twelve_hour(locale: Locale) -> bool {
    let probe = Utc.with_ymd_and_hms(2000, 1, 1, 13, 0, 0).single();
    probe.is_some_and(|t| !t.format_localized("%X", locale).to_string().contains("13"))
}

fn written<Z: TimeZone>(at: DateTime<Z>, language: &str) -> String
where
    Z::Offset: std::fmt::Display,
{
    let locale = locale_of(language);
    let time = if twelve_hour(locale) {
        "%-I:%M %p"
    } else {
        "%H:%M"
    };
    let pattern = format!("{}, {time}", date_pattern(language, locale));
    at.format_localized(&pattern, locale).to_string()
}

/// "lundi 14 juillet 2030, 18:00 (Europe/Paris)": in the candidate's zone.
pub fn local_text(at: DateTime<Utc>, zone: Tz, language: &str) -> String {
    format!(
        "{} ({})",
        written(at.with_timezone(&zone), language),
        zone.name()
    )
}

/// "lundi 14 juillet 2030, 16:00 GMT".
pub fn gmt_text(at: DateTime<Utc>, language: &str) -> String {
    format!("{} GMT", written(at, language))
}
