//! Settings → Candidate data: find everything held about a person, export it (an access
//! request), forget it (after a native confirmation naming the vendors that still hold them),
//! and the erasure log.

use chrono::Utc;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, save_dialog, ExportResult};
use crate::error::{AppError, AppResult};
use crate::history::{Erasure, PersonData};
use crate::state::AppState;
use crate::team::Team;

/// Everything this computer holds about the person `query` names (email or full name).
#[tauri::command]
pub async fn candidate_find(state: State<'_, AppState>, query: String) -> AppResult<PersonData> {
    let db = state.db.clone();
    blocking(move || db.find_person(&query)).await
}

/// The export of an access request: every invite with what each vendor received and when, the
/// bulk sheet rows, and the retention rule in force.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccessExport<'a> {
    exported_at: String,
    person: &'a PersonData,
    retention: String,
}

/// Writes the person's data as JSON (chosen in a native save dialog) and as CSV beside it.
#[tauri::command]
pub async fn candidate_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: String,
) -> AppResult<Option<ExportResult>> {
    let db = state.db.clone();
    let found = blocking(move || db.find_person(&query)).await?;
    if found.invites.is_empty() {
        return Err(AppError::validation(
            "person",
            "Nothing is held about that person on this computer.",
        ));
    }
    let retention = match state.settings.get().retention_days {
        Some(d) => format!("Invites are deleted {d} days after their last change."),
        None => "No automatic deletion is set: invites are kept until forgotten.".into(),
    };
    let text = serde_json::to_string_pretty(&AccessExport {
        exported_at: Utc::now().to_rfc3339(),
        person: &found,
        retention,
    })
    .map_err(|e| AppError::internal(format!("The export could not be written: {e}")))?;
    save_dialog(
        &app,
        "Export what is held about this person",
        format!("candidate-data-{}.json", Utc::now().format("%Y-%m-%d")),
        ("JSON", &["json"]),
        move |dest| {
            std::fs::write(dest, &text)?;
            crate::history::write_person_csv(&found, &dest.with_extension("csv"))?;
            Ok(found.invites.len())
        },
    )
    .await
}

/// What to do at each vendor that still holds the person (Invite Desk cannot erase there).
fn at_vendors(found: &PersonData) -> String {
    found
        .vendors
        .iter()
        .map(|p| {
            format!(
                "• {}: {}",
                p.display_name(),
                crate::providers::tracking::erase_at_vendor(*p)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What Forget did: on this computer, and (team mode) on the team server.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Forgotten {
    pub erasure: Erasure,
    /// Team mode: what the team server did with the request (or why it did not).
    pub team: Option<String>,
}

/// Forgets the person after a native confirmation that says what it does and what it cannot do;
/// `None` when the coordinator keeps the data. In team mode the team server is asked too (where
/// the team allows coordinators to); every laptop then deletes its copies at its next sync.
#[tauri::command]
pub async fn candidate_forget<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    team: State<'_, Team>,
    query: String,
) -> AppResult<Option<Forgotten>> {
    state.db.check_writable()?;
    let db = state.db.clone();
    let q = query.clone();
    let found = blocking(move || db.find_person(&q)).await?;
    if found.invites.is_empty() {
        return Err(AppError::validation(
            "person",
            "Nothing is held about that person on this computer.",
        ));
    }
    found.one_person()?;
    let vendors = if found.vendors.is_empty() {
        "No vendor received an invite for them.".to_string()
    } else {
        format!(
            "These vendors still hold them, and Invite Desk cannot erase there:\n{}",
            at_vendors(&found)
        )
    };
    let message = format!(
        "Forget everything this computer holds about this person ({} invite(s), their status \
         changes and sheet rows)? The bytes are overwritten; it cannot be undone, and the \
         duplicate guard will no longer know them.\n\n{vendors}",
        found.invites.len()
    );
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .message(message)
        .title("Forget this person?")
        .kind(tauri_plugin_dialog::MessageDialogKind::Warning)
        .buttons(tauri_plugin_dialog::MessageDialogButtons::OkCancelCustom(
            "Forget".into(),
            "Keep".into(),
        ))
        .show(move |yes| {
            let _ = tx.send(yes);
        });
    if !rx.await.unwrap_or(false) {
        return Ok(None);
    }
    let emails = found.emails();
    let db = state.db.clone();
    let erasure = blocking(move || db.forget_person(&query, "this computer")).await?;
    crate::applog::line(&format!("forgot a person: {} invite(s)", erasure.rows));
    let team_note = match team.active() {
        None => None,
        Some(t) => {
            let mut n = 0;
            let mut refused = None;
            for email in &emails {
                match t.forget_person(email).await {
                    Ok(k) => n += k,
                    Err(e) => refused = Some(e.message),
                }
            }
            Some(match refused {
                Some(why) => format!("The team server did not forget them: {why}"),
                None => format!(
                    "The team server forgot {n} attempt(s); each colleague's laptop deletes its \
                     copies at its next sync."
                ),
            })
        }
    };
    Ok(Some(Forgotten {
        erasure,
        team: team_note,
    }))
}

/// The erasure log, newest first (never a person).
#[tauri::command]
pub async fn erasure_log(state: State<'_, AppState>) -> AppResult<Vec<Erasure>> {
    state.db.erasures(50)
}
