//! A sheet checked and written as a batch: the check of a kept sheet (History's guard through
//! one account or any), the `queued` rows in one transaction, the unfinished batches, and the
//! results export with each row's invite message.

use std::collections::BTreeSet;

use chrono::Utc;

use super::check::{self, Checked};
use super::columns::Mapping;
use super::read::Sheet;
use crate::accounts::Route;
use crate::error::{AppError, AppResult};
use crate::history::{BatchSummary, Db, InviteAccount, NewInvite, QueuedRow};
use crate::providers::Provider;

/// Checks a kept sheet against the job (the Invite form's JSON).
pub fn check_sheet(
    db: &Db,
    sheet: &Sheet,
    job: &serde_json::Value,
    mapping: &Mapping,
    include: &[u32],
) -> AppResult<Checked> {
    check_sheet_via(db, sheet, job, mapping, include, None)
}

/// Like `check_sheet`, History's guard looking at invites through `guard_account` only
/// (`None`: any account of the vendor).
pub fn check_sheet_via(
    db: &Db,
    sheet: &Sheet,
    job: &serde_json::Value,
    mapping: &Mapping,
    include: &[u32],
    guard_account: Option<&str>,
) -> AppResult<Checked> {
    let include: BTreeSet<u32> = include.iter().copied().collect();
    check::check(db, sheet, job, mapping, &include, guard_account, Utc::now())
}

/// The guard's account for a batch through `route`: its own, unless Settings asks about an
/// invite through any account of the vendor.
pub(super) fn guard_account(s: &crate::settings::Settings, route: &Route) -> Option<String> {
    (!s.ask_across_accounts).then(|| route.account.clone())
}

/// Writes the rows "Send" sends as one batch of `queued` rows (one transaction) through the
/// vendor's Default account; returns the batch id.
pub fn queue(db: &Db, sheet: &Sheet, checked: &Checked) -> AppResult<i64> {
    queue_via(db, sheet, checked, &InviteAccount::default())
}

/// Writes the rows "Send" sends as one batch of `queued` rows (one transaction) through
/// `account`; returns the batch id. Refuses when the check found a blocking problem or nothing
/// to send.
pub fn queue_via(
    db: &Db,
    sheet: &Sheet,
    checked: &Checked,
    account: &InviteAccount,
) -> AppResult<i64> {
    if let Some(b) = &checked.report.blocking {
        return Err(AppError::validation("sheet", b.clone()));
    }
    if checked.ready.is_empty() {
        return Err(AppError::validation(
            "sheet",
            "No row is ready to send: fix the rows marked with an error, or include the \
             duplicates you mean to send.",
        ));
    }
    let provider: Provider = checked.report.provider;
    let rows: Vec<QueuedRow> = checked
        .ready
        .iter()
        .map(|r| {
            let v = &r.valid;
            let verdict = &checked.report.rows[r.index];
            let mut invite = NewInvite::from(v);
            invite.account = account.clone();
            QueuedRow {
                row: verdict.row,
                invite,
                form: r.form.clone(),
                cells: sheet
                    .rows
                    .get(r.index)
                    .map(|s| s.cells.clone())
                    .unwrap_or_default(),
                allow_duplicate: verdict.status != check::RowStatus::Ready,
                language: r.language.clone(),
            }
        })
        .collect();
    db.create_batch(provider, &account.id, &sheet.source, &sheet.headers, &rows)
}

/// Writes one batch's results as CSV to `dest`, each sent row with its invite message in its
/// own language (the sheet's Language column, else the default), as the result card shows it.
pub fn export_results(
    db: &Db,
    settings: &crate::settings::Settings,
    batch: i64,
    dest: &std::path::Path,
) -> AppResult<usize> {
    let templates = db.templates()?;
    let messages = db
        .batch_records(batch)?
        .iter()
        .filter(|r| r.outcome == crate::history::Outcome::Sent)
        .map(|r| {
            let language = r.language.as_deref().unwrap_or("en");
            let m = crate::follow_up::messages::invite_message(r, &templates, settings, language);
            (r.id, format!("{}\n\n{}", m.subject, m.body))
        })
        .collect();
    db.export_batch_to_file(batch, dest, &messages)
}

/// The unfinished batches, for the start screen.
pub fn unfinished(db: &Db) -> AppResult<Vec<BatchSummary>> {
    db.unfinished_batches()
}
