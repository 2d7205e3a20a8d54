//! A batch row on its way: what it sends, and its end — what to record in History and what to
//! show in the table.

use super::progress::RowResult;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{Outcome, RowEnd};
use crate::providers::{InviteOutcome, ValidInvite};

/// A queued row checked again and about to be sent.
pub(super) struct Item {
    pub invite_id: i64,
    pub row: u32,
    pub allow_duplicate: bool,
    pub valid: ValidInvite,
}

impl Item {
    /// The row's end as the table shows it.
    pub fn result(&self, outcome: Outcome, link: Option<String>, message: String) -> RowResult {
        RowResult {
            row: self.row,
            invite_id: self.invite_id,
            name: self.valid.candidate_name.clone(),
            email: self.valid.candidate_email.clone(),
            outcome,
            link,
            message: Some(message).filter(|m| !m.is_empty()),
        }
    }
}

/// A row whose request ended: what to record, and what to show.
pub(super) struct Ended {
    pub invite_id: i64,
    pub outcome: AppResult<InviteOutcome>,
    pub result: RowResult,
}

impl Ended {
    pub fn row_end(&self) -> (i64, RowEnd<'_>) {
        (
            self.invite_id,
            match &self.outcome {
                Ok(o) => RowEnd::Sent(o),
                Err(e) => RowEnd::Failed {
                    err: e,
                    unknown: e.outcome_unknown,
                },
            },
        )
    }

    /// A unit's rows with their results, in order; a vendor answer with fewer results than
    /// rows leaves the rest `unknown` (they may exist).
    pub fn of_unit(items: &[Item], results: Vec<AppResult<InviteOutcome>>) -> Vec<Ended> {
        let mut results = results.into_iter();
        items
            .iter()
            .map(|i| {
                let outcome = results.next().unwrap_or_else(|| {
                    Err(AppError::new(
                        ErrorKind::Vendor,
                        "The vendor's answer said nothing of this invite, so it may or may not \
                         exist. Check at the vendor before sending it again.",
                    )
                    .outcome_unknown())
                });
                let result = match &outcome {
                    Ok(o) => i.result(Outcome::Sent, o.link.clone(), o.summary.clone()),
                    Err(e) => i.result(
                        if e.outcome_unknown {
                            Outcome::Unknown
                        } else {
                            Outcome::Failed
                        },
                        None,
                        e.message.clone(),
                    ),
                };
                Ended {
                    invite_id: i.invite_id,
                    outcome,
                    result,
                }
            })
            .collect()
    }
}

/// Rows closed as `failed` (nothing was sent), with their errors, for `batch_step`.
pub(super) fn failed_ends(rows: &[(i64, AppError)]) -> Vec<(i64, RowEnd<'_>)> {
    rows.iter()
        .map(|(id, err)| {
            (
                *id,
                RowEnd::Failed {
                    err,
                    unknown: false,
                },
            )
        })
        .collect()
}

/// The name and email a stored form holds, as text (for a row that no longer validates).
pub(super) fn person(form: &serde_json::Value) -> (String, String) {
    let text = |k: &str| {
        form.get(k)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    (text("candidateName"), text("candidateEmail"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_form_gives_its_person_even_when_it_no_longer_validates() {
        let form = serde_json::json!({"candidateName": " Kim Lee ", "candidateEmail": 3});
        assert_eq!(person(&form), ("Kim Lee".to_string(), String::new()));
    }

    #[test]
    fn rows_closed_before_sending_are_failed_never_unknown() {
        let e = AppError::new(ErrorKind::Duplicate, "held");
        let rows = [(4, e)];
        let ends = failed_ends(&rows);
        assert!(matches!(
            ends[0],
            (4, RowEnd::Failed { unknown: false, .. })
        ));
    }
}
