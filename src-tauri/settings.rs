//! Settings: a small JSON file in the data directory (base URLs, provider defaults, clipboard
//! and message preferences, the last-used time zone). Never holds a key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::providers::{default_base_url, Provider};
use crate::schedule::ExpiryPreset;

pub const DEFAULT_MESSAGE_TEMPLATE: &str = "Hi {first_name},\n\nThank you for applying. Please complete your interview here:\n{link}\n\n{expiry_line}Best regards";

/// What the coordinator can change. Unknown fields in the file are ignored; missing ones take
/// their defaults, so older files keep working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Base URL overrides by provider id; absent = the vendor's documented production host.
    pub base_urls: BTreeMap<Provider, String>,
    /// Xobin: `getlink` (link only) or `sendlink` (Xobin emails the candidate).
    pub xobin_invite_format: String,
    /// Copy the link to the clipboard as soon as an invite is sent.
    pub auto_copy: bool,
    /// The invite message template ({first_name}, {name}, {job}, {link}, {expiry_line}).
    pub message_template: String,
    /// The zone picked last, offered first next time.
    pub last_zone: Option<String>,
    /// The expiry preset a provider's form starts with ("Link expires"); absent = custom
    /// (the coordinator types it, or leaves it empty).
    pub expiry_presets: BTreeMap<Provider, ExpiryPreset>,
    /// A desktop notification when long work finishes while the window is in the background.
    pub notify_when_done: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_urls: BTreeMap::new(),
            xobin_invite_format: "getlink".into(),
            auto_copy: true,
            message_template: DEFAULT_MESSAGE_TEMPLATE.into(),
            last_zone: None,
            expiry_presets: BTreeMap::new(),
            notify_when_done: true,
        }
    }
}

impl Settings {
    pub fn base_url(&self, provider: Provider) -> String {
        self.base_urls
            .get(&provider)
            .cloned()
            .unwrap_or_else(|| default_base_url(provider).to_string())
    }

    /// Checks every field; errors name the field.
    pub fn validate(&self) -> AppResult<()> {
        for (provider, url) in &self.base_urls {
            check_base_url(*provider, url)?;
        }
        if !matches!(self.xobin_invite_format.as_str(), "getlink" | "sendlink") {
            return Err(AppError::validation(
                "xobinInviteFormat",
                "Choose “Get link only” or “Xobin emails the candidate”.",
            ));
        }
        if self.message_template.len() > 5000 {
            return Err(AppError::validation(
                "messageTemplate",
                "The invite message is longer than 5000 characters: shorten it.",
            ));
        }
        Ok(())
    }
}

/// A base URL must be https, or http on this machine only (for local test servers).
pub fn check_base_url(provider: Provider, raw: &str) -> AppResult<()> {
    let field = format!("baseUrl.{}", provider.id());
    let parsed = url::Url::parse(raw.trim()).map_err(|_| {
        AppError::validation(
            &field,
            format!(
                "“{raw}” is not a web address. Use one like {}.",
                default_base_url(provider)
            ),
        )
    })?;
    let local = matches!(
        parsed.host_str(),
        Some("localhost") | Some("127.0.0.1") | Some("[::1]")
    );
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if local => Ok(()),
        _ => Err(AppError::validation(
            field,
            "Use an https:// address (plain http is allowed only for localhost test servers).",
        )),
    }
}

/// The settings file and its in-memory copy.
pub struct SettingsStore {
    path: PathBuf,
    current: Mutex<Settings>,
}

impl SettingsStore {
    /// Loads the file; a missing file gives defaults, an unreadable one gives defaults and a
    /// notice (the file is kept aside, not overwritten silently).
    pub fn load(path: &Path) -> (SettingsStore, Option<String>) {
        let (settings, notice) = match std::fs::read(path) {
            Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes) {
                Ok(s) if s.validate().is_ok() => (s, None),
                _ => {
                    let aside = path.with_extension("json.unreadable");
                    let _ = std::fs::rename(path, &aside);
                    (
                        Settings::default(),
                        Some(format!(
                            "Your settings file could not be read, so defaults are in use. \
                             The old file was kept at {}.",
                            aside.display()
                        )),
                    )
                }
            },
            Err(_) => (Settings::default(), None),
        };
        (
            SettingsStore {
                path: path.to_path_buf(),
                current: Mutex::new(settings),
            },
            notice,
        )
    }

    pub fn get(&self) -> Settings {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Validates, writes atomically (temp file + rename), then updates memory.
    pub fn save(&self, mut next: Settings) -> AppResult<Settings> {
        // A base URL equal to the default is not an override.
        next.base_urls
            .retain(|p, url| !url.trim().is_empty() && url.trim() != default_base_url(*p));
        for url in next.base_urls.values_mut() {
            *url = url.trim().trim_end_matches('/').to_string();
        }
        next.validate()?;
        let json = serde_json::to_vec_pretty(&next)
            .map_err(|e| AppError::internal(format!("Settings could not be encoded: {e}")))?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, &self.path)?;
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = next.clone();
        Ok(next)
    }

    /// Remembers the zone used last (best effort: a failure to write is not worth an error).
    pub fn remember_zone(&self, zone: &str) {
        let mut s = self.get();
        if s.last_zone.as_deref() != Some(zone) {
            s.last_zone = Some(zone.to_string());
            let _ = self.save(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_https_except_on_localhost() {
        assert!(check_base_url(Provider::Xobin, "https://staging.example.com/api").is_ok());
        assert!(check_base_url(Provider::Xobin, "http://127.0.0.1:8080/x").is_ok());
        let e = check_base_url(Provider::Apploi, "http://example.com").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("baseUrl.apploi"));
        let e = check_base_url(Provider::Hireflix, "not a url").unwrap_err();
        assert!(
            e.message.contains("https://api.hireflix.com/me"),
            "{}",
            e.message
        );
    }

    #[test]
    fn settings_round_trip_through_the_file_and_drop_default_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let (store, notice) = SettingsStore::load(&path);
        assert!(notice.is_none());
        let mut s = store.get();
        s.base_urls
            .insert(Provider::Xobin, "http://localhost:9/xobin/".into());
        s.base_urls.insert(
            Provider::Tidyhire,
            default_base_url(Provider::Tidyhire).into(),
        );
        s.auto_copy = false;
        store.save(s).unwrap();
        let (again, _) = SettingsStore::load(&path);
        let s = again.get();
        assert_eq!(s.base_url(Provider::Xobin), "http://localhost:9/xobin");
        assert!(!s.base_urls.contains_key(&Provider::Tidyhire));
        assert!(!s.auto_copy);
    }

    #[test]
    fn an_unreadable_settings_file_is_kept_aside_and_defaults_are_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"{not json").unwrap();
        let (store, notice) = SettingsStore::load(&path);
        assert_eq!(store.get(), Settings::default());
        assert!(notice.unwrap().contains("settings.json.unreadable"));
        assert!(dir.path().join("settings.json.unreadable").exists());
    }
}
