//! Settings → Templates: list, save, delete, preview on a History row, and import or export
//! them as a JSON file chosen in a native dialog.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::follow_up::messages::{ImportReport, TemplateList};
use crate::follow_up::FollowUp;
use crate::message::{Rendered, Template};
use crate::state::AppState;

/// A templates file larger than this is not read.
const MAX_IMPORT: u64 = 2 * 1024 * 1024;

#[tauri::command]
pub async fn list_templates(follow_up: State<'_, FollowUp>) -> AppResult<TemplateList> {
    follow_up.templates()
}

/// Saves a template (new when its id is 0); an unknown placeholder is refused naming it.
#[tauri::command]
pub async fn save_template(
    state: State<'_, AppState>,
    follow_up: State<'_, FollowUp>,
    template: Template,
) -> AppResult<Template> {
    state.db.check_writable()?;
    follow_up.save_template(&template)
}

#[tauri::command]
pub async fn delete_template(
    state: State<'_, AppState>,
    follow_up: State<'_, FollowUp>,
    id: i64,
) -> AppResult<bool> {
    state.db.check_writable()?;
    follow_up.delete_template(id)
}

/// A template as it reads for one History row.
#[tauri::command]
pub async fn preview_template(
    follow_up: State<'_, FollowUp>,
    template: Template,
    invite_id: i64,
) -> AppResult<Rendered> {
    follow_up.preview(&template, invite_id)
}

/// Writes every stored template to a JSON file the coordinator chooses; `None` when cancelled.
#[tauri::command]
pub async fn export_templates<R: Runtime>(
    app: AppHandle<R>,
    follow_up: State<'_, FollowUp>,
) -> AppResult<Option<String>> {
    let json = follow_up.export_templates()?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Export the templates")
        .set_file_name("invite-desk-templates.json")
        .add_filter("JSON", &["json"])
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    let Some(path) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| {
        AppError::new(
            ErrorKind::Io,
            format!("That location cannot be written to: {e}"),
        )
    })?;
    let shown = path.display().to_string();
    blocking(move || {
        std::fs::write(&path, json).map_err(|e| {
            AppError::new(
                ErrorKind::Io,
                format!("The templates could not be written: {e}"),
            )
        })
    })
    .await?;
    Ok(Some(shown))
}

/// Reads a templates file the coordinator chooses; `None` when cancelled.
#[tauri::command]
pub async fn import_templates<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    follow_up: State<'_, FollowUp>,
) -> AppResult<Option<ImportReport>> {
    state.db.check_writable()?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Import templates")
        .add_filter("JSON", &["json"])
        .pick_file(move |path| {
            let _ = tx.send(path);
        });
    let Some(path) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = path
        .into_path()
        .map_err(|e| AppError::new(ErrorKind::Io, format!("That file cannot be opened: {e}")))?;
    let text = blocking(move || {
        let io = |e: std::io::Error| {
            AppError::new(ErrorKind::Io, format!("The file could not be read: {e}"))
        };
        // Read through a cap, not after a size check: a pipe or a growing file has no
        // trustworthy size.
        use std::io::Read;
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .map_err(io)?
            .take(MAX_IMPORT + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_IMPORT {
            return Err(AppError::validation(
                "file",
                "This file is larger than 2 MB: it is not a templates export.",
            ));
        }
        String::from_utf8(bytes).map_err(|_| {
            AppError::validation(
                "file",
                "This file is not UTF-8 text: it is not a templates export.",
            )
        })
    })
    .await?;
    follow_up.import_templates(&text).map(Some)
}
