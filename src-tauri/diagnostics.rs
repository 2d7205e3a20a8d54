//! "Copy diagnostics" for a support email: the version and how it was installed, the OS and
//! WebKit, the data folder and the history's size, the settings with every free text and team
//! login left out, the team's status, the last 200 lines of the app's own log and any crash
//! report. Nothing here holds a candidate field, a link, a key or a password (tested by scanning
//! for each).

use crate::error::AppResult;
use crate::state::AppState;
use crate::team::Team;

/// The settings as support may see them: no message text (it may hold anything), no names a
/// message is signed with, and addresses (the team's, the feed's, the vendors') by host only.
fn settings_summary(state: &AppState) -> String {
    let s = state.settings.get();
    let mut v = serde_json::to_value(&s).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "messageTemplate".into(),
            format!("({} characters)", s.message_template.chars().count()).into(),
        );
        o.insert(
            "bulkMappings".into(),
            format!("({} providers)", s.bulk_mappings.len()).into(),
        );
        // The names a message is signed with are people's names: their lengths only.
        if let Some(f) = o.get_mut("followUp").and_then(|f| f.as_object_mut()) {
            for (key, text) in [
                ("company", &s.follow_up.company),
                ("sender", &s.follow_up.sender),
            ] {
                f.insert(
                    key.into(),
                    format!("({} characters)", text.chars().count()).into(),
                );
            }
        }
        // Addresses by host only: a path or query may carry a token.
        if let Some(feed) = &s.update_feed {
            o.insert("updateFeed".into(), format!("on {}", host_of(feed)).into());
        }
        let bases: serde_json::Map<String, serde_json::Value> = s
            .base_urls
            .iter()
            .map(|(p, u)| (p.id().to_string(), format!("on {}", host_of(u)).into()))
            .collect();
        o.insert("baseUrls".into(), bases.into());
        let team = s
            .team
            .as_ref()
            .map(|t| format!("configured, on {}", host_of(&t.url)));
        o.insert("team".into(), team.unwrap_or_else(|| "off".into()).into());
    }
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// An address's host ("" when it is not one).
fn host_of(address: &str) -> String {
    url::Url::parse(address.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

fn os_name() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_string())
}

/// The diagnostics text.
pub fn text(state: &AppState, team: &Team, webkit: &str) -> AppResult<String> {
    let (kind, _) = crate::updates::install_kind();
    let history_bytes = state
        .db
        .path()
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    let invites = state
        .db
        .count()
        .map_or_else(|e| e.message, |n| n.to_string());
    let team_line = match team.status() {
        Ok(t) if t.enabled => format!(
            "on — team “{}”, last synced {}, {} outcome(s) waiting{}",
            t.team_name.unwrap_or_default(),
            t.last_synced
                .map_or_else(|| "never".into(), |d| d.to_rfc3339()),
            t.waiting,
            t.last_error
                .map(|e| format!(", last problem: {}", crate::applog::scrub(&e)))
                .unwrap_or_default()
        ),
        Ok(_) => "off".into(),
        Err(e) => format!("unreadable ({})", e.message),
    };
    let log = crate::applog::tail(&state.data_dir, 200);
    let crashes = crate::applog::crash_reports(&state.data_dir);
    let mut out = format!(
        "Invite Desk {} ({kind})\nOS: {} ({})\nWebKitGTK: {webkit}\nData folder: {}\nHistory: {} \
         invites, {history_bytes} bytes\nKeychain: {}\nTeam mode: {team_line}\n\nSettings:\n{}\n",
        env!("CARGO_PKG_VERSION"),
        os_name(),
        std::env::consts::ARCH,
        state.data_dir.display(),
        invites,
        state.secrets.backend(),
        settings_summary(state),
    );
    if !crashes.is_empty() {
        out.push_str("\nCrash reports:\n");
        for c in &crashes {
            out.push_str(c);
            out.push('\n');
        }
    }
    out.push_str(&format!("\nLog (last {} lines):\n", log.len()));
    for l in log {
        out.push_str(&l);
        out.push('\n');
    }
    Ok(out)
}
