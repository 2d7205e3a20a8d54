//! Which column fills which field: headers matched by their words (any case, accents and
//! punctuation ignored, a few languages' words for name, email, phone), a mapping the
//! coordinator changed, or the one remembered for the provider.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use crate::providers::BulkField;

/// Field → column index (0-based) into the sheet's headers; a field absent from the map has no
/// column.
pub type Mapping = BTreeMap<String, usize>;

/// A header reduced to its letters and digits, lowercased, accents removed: "E-mail" → "email",
/// "Résumé URL" → "resumeurl".
pub fn normalise_header(h: &str) -> String {
    h.nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The header words that mean a field (already normalised), the best first.
fn aliases(field: &str) -> &'static [&'static str] {
    match field {
        "candidateName" => &[
            "name",
            "fullname",
            "candidatename",
            "candidate",
            "applicantname",
            "nom",
            "nomcomplet",
            "nombre",
            "nombrecompleto",
            "nome",
            "naam",
            "vollstandigername",
        ],
        "candidateEmail" => &[
            "email",
            "emailaddress",
            "mail",
            "candidateemail",
            "applicantemail",
            "courriel",
            "adressemail",
            "correo",
            "correoelectronico",
            "emailadresse",
        ],
        "firstName" => &[
            "firstname",
            "givenname",
            "first",
            "forename",
            "prenom",
            "vorname",
            "nombrepila",
        ],
        "lastName" => &[
            "lastname",
            "surname",
            "familyname",
            "last",
            "nachname",
            "nomdefamille",
            "apellido",
            "apellidos",
            "cognome",
        ],
        "phone" => &[
            "phone",
            "phonenumber",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "cell",
            "cellphone",
            "telephone",
            "tel",
            "telefono",
            "telefon",
            "portable",
        ],
        "resumeUrl" => &[
            "resumeurl",
            "resume",
            "resumelink",
            "cv",
            "cvurl",
            "cvlink",
            "curriculum",
        ],
        "customFieldId" => &["customfieldid", "customfield", "candidateid"],
        "externalId" => &["externalid", "candidateid", "atsid", "applicantid"],
        "applicationFormId" => &[
            "applicationformid",
            "applicationid",
            "applicantid",
            "formid",
            "application",
        ],
        "interview.date" => &["interviewdate", "date", "day", "fecha"],
        "interview.time" => &[
            "interviewtime",
            "time",
            "starttime",
            "start",
            "heure",
            "hora",
        ],
        "interview.zone" => &[
            "timezone",
            "zone",
            "tz",
            "interviewtimezone",
            "interviewzone",
        ],
        "language" => &[
            "language",
            "lang",
            "locale",
            "messagelanguage",
            "candidatelanguage",
            "langue",
            "sprache",
            "idioma",
            "lingua",
            "taal",
        ],
        _ => &[],
    }
}

/// The columns the headers suggest, each column used once: first every exact match of a field's
/// words (in the order of `fields`), then a header that contains a field's first word
/// ("Candidate e-mail (work)" → Email).
pub fn suggest(fields: &[BulkField], headers: &[String]) -> Mapping {
    let norm: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut out = Mapping::new();
    for f in fields {
        // Aliases in order of preference, each looked up across all headers.
        for alias in aliases(f.field) {
            if let Some(i) = (0..norm.len()).find(|&i| !used[i] && norm[i] == *alias) {
                used[i] = true;
                out.insert(f.field.to_string(), i);
                break;
            }
        }
    }
    for f in fields {
        if out.contains_key(f.field) {
            continue;
        }
        let Some(word) = aliases(f.field).first() else {
            continue;
        };
        if let Some(i) = (0..norm.len()).find(|&i| !used[i] && norm[i].contains(word)) {
            used[i] = true;
            out.insert(f.field.to_string(), i);
        }
    }
    out
}

/// A remembered mapping (field → header text) applied to this sheet's headers: a field whose
/// header is not in this sheet keeps the suggestion.
pub fn remembered(
    fields: &[BulkField],
    headers: &[String],
    saved: &BTreeMap<String, String>,
) -> Mapping {
    let mut out = suggest(fields, headers);
    for (field, header) in saved {
        if !fields.iter().any(|f| f.field == field) {
            continue;
        }
        let want = normalise_header(header);
        if let Some(i) = headers.iter().position(|h| normalise_header(h) == want) {
            // The column now belongs to this field alone.
            out.retain(|_, c| *c != i);
            out.insert(field.clone(), i);
        }
    }
    out
}

/// The mapping as field → header text, to remember for the provider.
pub fn to_saved(mapping: &Mapping, headers: &[String]) -> BTreeMap<String, String> {
    mapping
        .iter()
        .filter_map(|(f, &i)| headers.get(i).map(|h| (f.clone(), h.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::Provider;

    fn h(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_match_in_any_case_with_accents_and_punctuation_ignored() {
        let m = suggest(
            Provider::Interviewflow.bulk_fields(),
            &h(&["E-MAIL", "Nom complet", "Résumé URL", "Notes"]),
        );
        assert_eq!(m.get("candidateEmail"), Some(&0));
        assert_eq!(m.get("candidateName"), Some(&1));
        assert_eq!(m.get("resumeUrl"), Some(&2));
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn first_and_last_name_columns_win_over_a_full_name_for_hireflix() {
        let m = suggest(
            Provider::Hireflix.bulk_fields(),
            &h(&["Name", "First name", "Last name", "Email address", "Mobile"]),
        );
        assert_eq!(m.get("firstName"), Some(&1));
        assert_eq!(m.get("lastName"), Some(&2));
        assert_eq!(m.get("candidateName"), Some(&0));
        assert_eq!(m.get("candidateEmail"), Some(&3));
        assert_eq!(m.get("phone"), Some(&4));
    }

    #[test]
    fn a_header_containing_the_word_is_matched_when_nothing_is_exact() {
        let m = suggest(
            Provider::Xobin.bulk_fields(),
            &h(&["Candidate full name", "Work email (primary)"]),
        );
        assert_eq!(m.get("candidateEmail"), Some(&1));
        assert_eq!(m.get("candidateName"), Some(&0));
    }

    #[test]
    fn a_remembered_mapping_applies_by_header_text() {
        let headers = h(&["Mail", "Contact", "Full name"]);
        let mut saved = BTreeMap::new();
        saved.insert("candidateEmail".to_string(), "contact".to_string());
        let m = remembered(Provider::Xobin.bulk_fields(), &headers, &saved);
        assert_eq!(m.get("candidateEmail"), Some(&1));
        assert_eq!(m.get("candidateName"), Some(&2));
        assert_eq!(
            to_saved(&m, &headers).get("candidateEmail").unwrap(),
            "Contact"
        );
    }
}
