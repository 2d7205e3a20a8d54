//! The Invite form: Rust's check, sending, and the link's clipboard and browser.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::invite::{self, SendResult};
use crate::providers::InviteForm;
use crate::state::AppState;
use crate::team::Team;

#[tauri::command]
pub async fn check_invite(form: InviteForm) -> AppResult<Vec<String>> {
    invite::check(&form)
}

/// Sends one invite through a vendor account (`None`: the one used last for the vendor; team
/// mode when a team is set up); says so in a desktop notification when
/// it ended while the window was behind another (a slow vendor, up to the request timeout).
#[tauri::command]
pub async fn send_invite<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    team: State<'_, Team>,
    form: InviteForm,
    account: Option<String>,
    allow_duplicate: bool,
    team_version: Option<i32>,
) -> AppResult<SendResult> {
    let started = std::time::Instant::now();
    let send = invite::SendRequest {
        form,
        account,
        allow_duplicate,
        team_version,
    };
    let result = invite::send_request(&state, team.active(), send).await;
    let body = invite::notice_words(&result);
    crate::desktop::notify_if_away(&app, started.elapsed(), "Invite Desk", body);
    result
}

#[tauri::command]
pub async fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> AppResult<()> {
    crate::clipboard::write_text(&app, text).await.map_err(|e| {
        AppError::new(
            ErrorKind::Internal,
            format!(
                "The clipboard could not be written: {e}. Select the link and copy it by hand."
            ),
        )
    })
}

/// What `open_link` may open: an https link (the browser) or a `mailto:` message (the mail
/// app); any other scheme is refused.
pub fn openable(url: &str) -> AppResult<url::Url> {
    let parsed = url::Url::parse(url).map_err(|_| {
        AppError::validation("url", "This is not a web address, so it was not opened.")
    })?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "mailto" if !parsed.path().trim().is_empty() => Ok(parsed),
        _ => Err(AppError::validation(
            "url",
            "Only https links and mail messages are opened from Invite Desk. Copy the link if \
             you trust it.",
        )),
    }
}

/// Opens an https link in the system browser, or a `mailto:` message in the mail app.
#[tauri::command]
pub async fn open_link<R: Runtime>(app: AppHandle<R>, url: String) -> AppResult<()> {
    let parsed = openable(&url)?;
    app.opener()
        .open_url(parsed.as_str(), None::<&str>)
        .map_err(|e| AppError::internal(format!("The browser could not be opened: {e}")))
}

#[cfg(test)]
mod tests {
    use super::openable;

    #[test]
    fn only_https_links_and_mail_messages_are_opened() {
        assert!(openable("https://acme.xobin.com/i/1").is_ok());
        assert!(openable("mailto:kim@example.com?subject=Hi&body=Hello%0D%0Athere").is_ok());
        for bad in [
            "http://acme.xobin.com/i/1",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "mailto:",
            "tel:+33123456789",
            "data:text/html,<script>alert(1)</script>",
            "smb://host/share",
            "not a url",
        ] {
            let e = openable(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("url"), "{bad}");
        }
    }
}
