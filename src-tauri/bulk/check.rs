//! Every row checked before anything leaves: the row's form is the Invite form's job fields plus
//! the row's mapped cells, validated by the provider's own `validate` (the one rule set of a
//! single invite); then duplicates inside the sheet and invites History already holds.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use super::columns::Mapping;
use super::read::{column_letter, Sheet};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{Db, InviteRecord, Outcome};
use crate::providers::{self, BulkField, InviteForm, Provider, ValidInvite};

/// What a row is, before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RowStatus {
    /// Passed every check: it will be sent.
    Ready,
    /// A field is wrong or missing: never sent; `message` names the field and the fix.
    Error,
    /// The same candidate (email) for the same job as an earlier row of the sheet.
    DuplicateInFile,
    /// History already holds an invite (or a queued row) for this candidate and job.
    AlreadyInvited,
}

/// The earlier invite a row duplicates.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviousInvite {
    #[ts(type = "number")]
    pub id: i64,
    pub outcome: Outcome,
    pub created_at: DateTime<Utc>,
    pub candidate_name: String,
}

/// One row's verdict, as the preview shows it. Cell text is text: the web view inserts it as
/// such, never as HTML.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowVerdict {
    /// The row's number in the sheet.
    pub row: u32,
    pub status: RowStatus,
    /// Whether it will be sent: ready rows, and duplicates the coordinator included.
    pub included: bool,
    pub name: String,
    pub email: String,
    /// For `error`: "row 14, Email: …" — the row, the field and the fix. For duplicates: when
    /// and how the candidate was invited before.
    pub message: Option<String>,
    /// The form field at fault (`candidateEmail`, …).
    pub field: Option<String>,
    /// For `duplicateInFile`: the earlier row.
    pub duplicate_of: Option<u32>,
    pub previous: Option<PreviousInvite>,
}

/// A field a column can fill, for the mapping controls.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldInfo {
    pub field: String,
    pub label: String,
    pub required: bool,
    /// Without a column, the Invite form's value applies to every row.
    pub from_form_when_unmapped: bool,
}

/// The rows counted by verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckCounts {
    pub ready: u32,
    pub errors: u32,
    pub duplicates_in_file: u32,
    pub already_invited: u32,
    /// Rows that "Send" will send (ready + included duplicates).
    pub to_send: u32,
}

/// The whole check of a sheet against a job.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    pub provider: Provider,
    pub fields: Vec<FieldInfo>,
    pub headers: Vec<String>,
    /// Field → column index.
    #[ts(type = "Record<string, number>")]
    pub mapping: Mapping,
    pub rows: Vec<RowVerdict>,
    pub counts: CheckCounts,
    /// A problem of the job itself (the Invite form) or of the mapping: no row can be sent
    /// until it is fixed.
    pub blocking: Option<String>,
}

/// A row that will be queued: its verdict's row, the checked invite, the form it sends and the
/// language of its message (the Language column; `None`: the default).
pub struct ReadyRow {
    pub index: usize,
    pub valid: ValidInvite,
    pub form: Value,
    pub language: Option<String>,
}

/// The column that names the language of a row's message (`fr`, `pt-BR`): Invite Desk's own
/// field, not the vendor's — it picks the template of the row's message and stays on its row.
pub const LANGUAGE: BulkField = BulkField::own("language", "Language", false);

/// The fields a column can fill for `provider`: the vendor's, then the message's language.
pub fn fields_of(provider: Provider) -> Vec<BulkField> {
    let mut f = provider.bulk_fields().to_vec();
    f.push(LANGUAGE);
    f
}

/// A Language cell checked as a template's language is: `None` when empty, else the tag, or
/// why it is not one.
fn row_language(cell: &str) -> Result<Option<String>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let probe = crate::message::Template {
        language: cell.to_string(),
        ..crate::message::builtin::english_invite()
    };
    crate::message::check(&probe)
        .map(|t| Some(t.language))
        .map_err(|e| e.message)
}

/// The check, and the rows that "Send" would queue.
pub struct Checked {
    pub report: CheckReport,
    pub ready: Vec<ReadyRow>,
}

/// The form of one row: the job's fields (the Invite form, candidate fields cleared), then the
/// row's mapped cells, then what the provider derives (`providers::bulk_fill`).
pub fn row_form(
    provider: Provider,
    job: &Map<String, Value>,
    mapping: &Mapping,
    cells: &[String],
) -> Map<String, Value> {
    let fields = provider.bulk_fields();
    let mut form = job.clone();
    for f in fields.iter().filter(|f| f.per_candidate) {
        form.remove(f.field);
    }
    for (field, &col) in mapping {
        if field == LANGUAGE.field {
            // The message's, not the vendor's: never in the form sent.
            continue;
        }
        let Some(cell) = cells.get(col) else {
            continue;
        };
        if cell.trim().is_empty() && !is_own(fields, field) {
            // An empty cell of a shared field (an interview zone) leaves the form's value.
            continue;
        }
        set_path(&mut form, field, Value::String(cell.clone()));
    }
    form.insert("provider".into(), Value::String(provider.id().into()));
    providers::bulk_fill(provider, &mut form);
    form
}

fn is_own(fields: &[BulkField], field: &str) -> bool {
    fields.iter().any(|f| f.field == field && f.per_candidate)
}

/// Sets `a.b` inside nested objects, making the objects it needs.
fn set_path(form: &mut Map<String, Value>, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            form.insert(path.into(), v);
        }
        Some((head, rest)) => {
            let entry = form
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            if let Value::Object(m) = entry {
                set_path(m, rest, v);
            }
        }
    }
}

/// The label of a form field: the bulk field's label, or the field's name for a job field.
fn label_of(provider: Provider, field: &str) -> Option<&'static str> {
    fields_of(provider)
        .into_iter()
        .find(|f| f.field == field || f.field.starts_with(&format!("{field}.")))
        .map(|f| f.label)
}

/// Checks every row of `sheet` for `job` (the Invite form's JSON, with its `provider`).
/// `include` lists rows the coordinator chose to send although they are duplicates; History's
/// guard looks at invites through `guard_account` only (`None`: any account of the vendor).
pub fn check(
    db: &Db,
    sheet: &Sheet,
    job: &Value,
    mapping: &Mapping,
    include: &BTreeSet<u32>,
    guard_account: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Checked> {
    let provider = job
        .get("provider")
        .and_then(Value::as_str)
        .and_then(Provider::from_id)
        .ok_or_else(|| AppError::validation("provider", "Choose a provider on the Invite form."))?;
    let job = job.as_object().cloned().unwrap_or_default();
    let fields = fields_of(provider);
    let mut mapping = mapping.clone();
    mapping.retain(|f, c| *c < sheet.headers.len() && fields.iter().any(|b| b.field == f));

    let field_infos = fields
        .iter()
        .map(|f| FieldInfo {
            field: f.field.into(),
            label: f.label.into(),
            required: f.required,
            from_form_when_unmapped: !f.per_candidate,
        })
        .collect();

    let mut blocking = None;
    if !mapping.contains_key("candidateEmail") {
        blocking = Some(format!(
            "No column is mapped to Email, and every invite needs one. The sheet's columns are {}: \
             choose the Email column under “Columns”.",
            sheet
                .headers
                .iter()
                .enumerate()
                .map(|(i, h)| format!("{} “{}”", column_letter(i), crate::schedule::shown(h)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    let mut rows = Vec::with_capacity(sheet.rows.len());
    let mut ready = Vec::new();
    // Canonical (job, email) → the first row with it, and its name.
    let mut seen: HashMap<(String, String), (u32, String)> = HashMap::new();
    let mut lookups: Vec<(usize, ValidInvite, Value, Option<String>)> = Vec::new();

    for r in &sheet.rows {
        let form = row_form(provider, &job, &mapping, &r.cells);
        let cell = |field: &str| {
            mapping
                .get(field)
                .and_then(|&c| r.cells.get(c))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let name = {
            let n = cell("candidateName");
            if n.is_empty() {
                format!("{} {}", cell("firstName"), cell("lastName"))
                    .trim()
                    .to_string()
            } else {
                n
            }
        };
        let mut verdict = RowVerdict {
            row: r.row,
            status: RowStatus::Error,
            included: false,
            name,
            email: cell("candidateEmail"),
            message: None,
            field: None,
            duplicate_of: None,
            previous: None,
        };
        if let Some(problem) = &r.problem {
            verdict.message = Some(problem.clone());
            rows.push(verdict);
            continue;
        }
        let language = match row_language(&cell(LANGUAGE.field)) {
            Ok(l) => l,
            Err(why) => {
                verdict.message = Some(format!(
                    "Row {}, {}: {why} Write a language code such as en, fr, de or pt-BR, or \
                     leave the cell empty for the default message.",
                    r.row, LANGUAGE.label
                ));
                verdict.field = Some(LANGUAGE.field.into());
                rows.push(verdict);
                continue;
            }
        };
        let value = Value::Object(form);
        let valid = serde_json::from_value::<InviteForm>(value.clone())
            .map_err(|e| {
                AppError::new(
                    ErrorKind::Validation,
                    format!("the row could not be read as a form ({e})"),
                )
            })
            .and_then(|f| f.validate(now));
        match valid {
            Err(e) => {
                let field = e.field.clone();
                let own = field.as_deref().and_then(|f| label_of(provider, f));
                verdict.message = Some(match own {
                    Some(label) => format!("Row {}, {label}: {}", r.row, e.message),
                    None => {
                        let text = format!(
                            "The Invite form's job details: {} Fix it on the Invite screen; it \
                             applies to every row.",
                            e.message
                        );
                        blocking.get_or_insert_with(|| text.clone());
                        format!("Row {}: {text}", r.row)
                    }
                });
                verdict.message = verdict.message.map(|m| date_hint(m, field.as_deref()));
                verdict.field = field;
            }
            Ok(valid) => {
                verdict.email = valid.candidate_email.clone();
                verdict.name = valid.candidate_name.clone();
                let key = (valid.job_ref.clone(), valid.candidate_email.clone());
                if let Some((first, first_name)) = seen.get(&key) {
                    verdict.status = RowStatus::DuplicateInFile;
                    verdict.duplicate_of = Some(*first);
                    verdict.message =
                        Some(if first_name.eq_ignore_ascii_case(&valid.candidate_name) {
                            format!(
                            "Row {}: the same candidate as row {first} ({}). Skipped unless you \
                             include it.",
                            r.row, valid.candidate_email
                        )
                        } else {
                            format!(
                            "Row {}: the same email as row {first} but another name (“{}” there, \
                             “{}” here). Check which is right; skipped unless you include it.",
                            r.row,
                            crate::schedule::shown(first_name),
                            crate::schedule::shown(&valid.candidate_name)
                        )
                        });
                    verdict.included = include.contains(&r.row);
                } else {
                    seen.insert(key, (r.row, valid.candidate_name.clone()));
                    verdict.status = RowStatus::Ready;
                    verdict.included = true;
                }
                lookups.push((rows.len(), valid, value, language));
            }
        }
        rows.push(verdict);
    }

    // History's guard, for every row that passed validation, on one connection.
    let keys: Vec<(String, String)> = lookups
        .iter()
        .map(|(_, v, _, _)| (v.job_ref.clone(), v.candidate_email.clone()))
        .collect();
    let previous = db.previous_many(provider, &keys, guard_account)?;
    for ((at, valid, value, language), prev) in lookups.into_iter().zip(previous) {
        let v = &mut rows[at];
        if let Some(p) = prev {
            if v.status == RowStatus::Ready {
                v.status = RowStatus::AlreadyInvited;
                v.included = include.contains(&v.row);
                v.message = Some(format!("Row {}: {}", v.row, already_invited(&p)));
            }
            v.previous = Some(PreviousInvite {
                id: p.id,
                outcome: p.outcome,
                created_at: p.created_at,
                candidate_name: p.candidate_name,
            });
        }
        if v.included && blocking.is_none() {
            ready.push(ReadyRow {
                index: at,
                valid,
                form: value,
                language,
            });
        }
    }
    if blocking.is_some() {
        for v in &mut rows {
            v.included = false;
        }
    }

    let mut counts = CheckCounts::default();
    for v in &rows {
        match v.status {
            RowStatus::Ready => counts.ready += 1,
            RowStatus::Error => counts.errors += 1,
            RowStatus::DuplicateInFile => counts.duplicates_in_file += 1,
            RowStatus::AlreadyInvited => counts.already_invited += 1,
        }
        if v.included {
            counts.to_send += 1;
        }
    }
    Ok(Checked {
        report: CheckReport {
            provider,
            fields: field_infos,
            headers: sheet.headers.clone(),
            mapping,
            rows,
            counts,
            blocking,
        },
        ready,
    })
}

/// "Jane Doe <jane@example.com> was invited on 12 Mar 2026 via Xobin. Skipped unless you
/// include it."
fn already_invited(p: &InviteRecord) -> String {
    format!("{}. Skipped unless you include it.", p.invited_sentence())
}

/// A date field holding a bare number is most likely a spreadsheet date serial (days since
/// 1900) from a column not formatted as a date: say so.
fn date_hint(message: String, field: Option<&str>) -> String {
    if field.is_some_and(|f| f.contains("interview") || f == "start" || f == "expiry")
        && message.contains('"')
    {
        let quoted = message.split('"').nth(1).unwrap_or("");
        if quoted.len() == 5 && quoted.chars().all(|c| c.is_ascii_digit()) {
            return format!(
                "{message} It looks like a spreadsheet date number: format the column as a date \
                 (or as text YYYY-MM-DD) and save again."
            );
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_rows_form_takes_the_job_and_replaces_every_candidate_field() {
        let job = json!({"provider": "xobin", "aiInterviewId": "305", "candidateName": "Form Name",
                         "candidateEmail": "form@example.com", "customFieldId": "F-1"});
        let mut mapping = Mapping::new();
        mapping.insert("candidateEmail".into(), 1);
        let f = row_form(
            Provider::Xobin,
            job.as_object().unwrap(),
            &mapping,
            &["Ann".into(), "ann@example.com".into()],
        );
        assert_eq!(f["candidateEmail"], "ann@example.com");
        assert_eq!(f["aiInterviewId"], "305");
        // Candidate fields never leak from the form into a row.
        assert!(f.get("candidateName").is_none());
        assert!(f.get("customFieldId").is_none());
    }

    #[test]
    fn an_apploi_row_sets_its_own_interview_date_and_keeps_the_forms_zone() {
        let job = json!({"provider": "apploi", "interview": {"date": "2030-01-01", "time": "09:00",
                         "zone": "Europe/Paris"}});
        let mut mapping = Mapping::new();
        mapping.insert("interview.date".into(), 0);
        mapping.insert("interview.zone".into(), 1);
        let f = row_form(
            Provider::Apploi,
            job.as_object().unwrap(),
            &mapping,
            &["2030-02-03".into(), "".into()],
        );
        assert_eq!(
            f["interview"],
            json!({"date": "2030-02-03", "time": "09:00", "zone": "Europe/Paris"})
        );
    }

    #[test]
    fn a_five_digit_number_in_a_date_gets_the_spreadsheet_hint() {
        let m = date_hint(
            "Row 3, Interview date: \"45723\" is not a date.".into(),
            Some("interview"),
        );
        assert!(m.contains("spreadsheet date number"), "{m}");
        let m = date_hint(
            "Row 3, Email: \"45723\" is bad".into(),
            Some("candidateEmail"),
        );
        assert!(!m.contains("spreadsheet"));
    }
}
