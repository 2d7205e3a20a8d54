//! Settings: a small JSON file in the data directory (base URLs, provider defaults, clipboard
//! and message preferences, the last-used time zone). Never holds a key.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod accounts;

use crate::accounts::Account;
use crate::error::{AppError, AppResult};
use crate::providers::xobin::InviteFormat;
use crate::providers::{default_base_url, Provider};
use crate::schedule::ExpiryPreset;

pub const DEFAULT_MESSAGE_TEMPLATE: &str = "Hi {first_name},\n\nThank you for applying. Please complete your interview here:\n{link}\n\n{expiry_line}Best regards";

/// What the coordinator can change. Unknown fields in the file are ignored; missing ones take
/// their defaults, so older files keep working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Base URL overrides by provider id; absent = the vendor's documented production host.
    pub base_urls: BTreeMap<Provider, String>,
    /// Xobin: `getlink` (link only) or `sendlink` (Xobin emails the candidate).
    pub xobin_invite_format: InviteFormat,
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
    /// Bulk invites: requests on their way at once (1–16) for vendors without batching.
    pub bulk_concurrency: u32,
    /// Bulk invites: candidates per Tidyhire request (1–100).
    pub bulk_tidyhire_chunk: u32,
    /// Bulk invites: the column mapping used last, per provider (field → header text).
    pub bulk_mappings: BTreeMap<Provider, BTreeMap<String, String>>,
    /// Team mode: the team server and this coordinator's login (`None`: the local history only,
    /// the default). Set by joining in Settings → Team; its password lives in the keychain.
    pub team: Option<TeamSettings>,
    /// Candidate data: delete invites this many days after their last change (`None`: keep
    /// them, the default). Runs at start and daily.
    pub retention_days: Option<u32>,
    /// Updates: look for a newer version when the app starts.
    pub check_updates_at_start: bool,
    /// Updates: a company's own feed (`https://…/latest.json`) instead of the one the app was
    /// built with; `None` uses the built-in feed.
    pub update_feed: Option<String>,
    /// Following up after sending: when an invite needs a nudge, the daily digest, and the
    /// names a message is signed with.
    pub follow_up: FollowUpSettings,
    /// Vendor accounts besides each vendor's Default (and Default's name once renamed); see
    /// `accounts.rs`. Changed through their own commands, never by the screen's save.
    pub accounts: Vec<Account>,
    /// The account an invite of each vendor went through last, offered first next time.
    pub last_account: BTreeMap<Provider, String>,
    /// The duplicate guard across accounts: `false` (the default) notes an invite of the same
    /// candidate and job through another account of the vendor and sends; `true` asks first.
    pub ask_across_accounts: bool,
}

/// Settings → Follow up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct FollowUpSettings {
    /// Hours after sending (or after the last reminder) before an invite the candidate has not
    /// started needs a nudge, per provider; absent: `DEFAULT_NUDGE_HOURS`.
    pub nudge_hours: BTreeMap<Provider, u32>,
    /// A link that expires within this many hours needs a nudge.
    pub expiry_hours: u32,
    /// Invites sent longer ago than this many days are left off the board.
    pub lookback_days: u32,
    /// A daily notification when invites need a nudge (off by default).
    pub digest: bool,
    /// The digest's local time of day, `HH:MM`.
    pub digest_time: String,
    /// `{company}` in the messages.
    pub company: String,
    /// `{sender}` in the messages.
    pub sender: String,
}

/// Hours before an invite not started needs a nudge, when Settings names none for its vendor.
pub const DEFAULT_NUDGE_HOURS: u32 = 48;

impl Default for FollowUpSettings {
    fn default() -> Self {
        FollowUpSettings {
            nudge_hours: BTreeMap::new(),
            expiry_hours: 24,
            lookback_days: 30,
            digest: false,
            digest_time: "09:00".into(),
            company: String::new(),
            sender: String::new(),
        }
    }
}

impl FollowUpSettings {
    /// Hours before an invite of `p` not started needs a nudge.
    pub fn nudge_hours(&self, p: Provider) -> u32 {
        self.nudge_hours
            .get(&p)
            .copied()
            .unwrap_or(DEFAULT_NUDGE_HOURS)
    }

    /// The digest's time of day.
    pub fn digest_at(&self) -> Option<chrono::NaiveTime> {
        chrono::NaiveTime::parse_from_str(self.digest_time.trim(), "%H:%M").ok()
    }

    fn validate(&self) -> AppResult<()> {
        if self.nudge_hours.values().any(|h| !(1..=720).contains(h)) {
            return Err(AppError::validation(
                "followUp.nudgeHours",
                "Hours before a nudge must be between 1 and 720 (30 days).",
            ));
        }
        if !(1..=336).contains(&self.expiry_hours) {
            return Err(AppError::validation(
                "followUp.expiryHours",
                "Hours before a link expires must be between 1 and 336 (14 days).",
            ));
        }
        if !(1..=365).contains(&self.lookback_days) {
            return Err(AppError::validation(
                "followUp.lookbackDays",
                "Days of invites to follow up must be between 1 and 365.",
            ));
        }
        if self.digest_at().is_none() {
            return Err(AppError::validation(
                "followUp.digestTime",
                "The digest's time is hours and minutes, like 09:00.",
            ));
        }
        if self.company.chars().count() > 200 || self.sender.chars().count() > 200 {
            return Err(AppError::validation(
                "followUp.sender",
                "The company and sender names are at most 200 characters.",
            ));
        }
        Ok(())
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_urls: BTreeMap::new(),
            xobin_invite_format: InviteFormat::default(),
            auto_copy: true,
            message_template: DEFAULT_MESSAGE_TEMPLATE.into(),
            last_zone: None,
            expiry_presets: BTreeMap::new(),
            notify_when_done: true,
            bulk_concurrency: 4,
            bulk_tidyhire_chunk: 25,
            bulk_mappings: BTreeMap::new(),
            team: None,
            follow_up: FollowUpSettings::default(),
            retention_days: None,
            check_updates_at_start: true,
            update_feed: None,
            accounts: Vec::new(),
            last_account: BTreeMap::new(),
            ask_across_accounts: false,
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
        if !(1..=16).contains(&self.bulk_concurrency) {
            return Err(AppError::validation(
                "bulkConcurrency",
                "Invites sent at once must be between 1 and 16.",
            ));
        }
        if !(1..=100).contains(&self.bulk_tidyhire_chunk) {
            return Err(AppError::validation(
                "bulkTidyhireChunk",
                "Candidates per Tidyhire request must be between 1 and 100.",
            ));
        }
        if let Some(days) = self.retention_days {
            if !(7..=3650).contains(&days) {
                return Err(AppError::validation(
                    "retentionDays",
                    "Keep invites between 7 and 3650 days, or turn the deletion off.",
                ));
            }
        }
        if let Some(feed) = &self.update_feed {
            check_update_feed(feed)?;
        }
        if self.message_template.len() > 5000 {
            return Err(AppError::validation(
                "messageTemplate",
                "The invite message is longer than 5000 characters: shorten it.",
            ));
        }
        self.follow_up.validate()?;
        accounts::validate(self)
    }
}

/// An update feed must be an https address (http only on this machine, for a local test feed).
pub fn check_update_feed(raw: &str) -> AppResult<()> {
    let bad = |why: &str| {
        AppError::validation(
            "updateFeed",
            format!(
                "The update feed {why}. Use the https address of your company's latest.json, or \
                 leave it empty for the built-in feed."
            ),
        )
    };
    let parsed = url::Url::parse(raw.trim()).map_err(|_| bad("is not a web address"))?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(bad("must start with https://")),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("must not hold a user name or password"));
    }
    Ok(())
}

/// A base URL must be https, or http on this machine only (for local test servers).
pub fn check_base_url(provider: Provider, raw: &str) -> AppResult<()> {
    let field = format!("baseUrl.{}", provider.id());
    let parsed = url::Url::parse(raw.trim()).map_err(|_| {
        AppError::validation(
            &field,
            format!(
                "“{}” is not a web address. Use one like {}.",
                crate::schedule::shown(raw),
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

/// Settings → Team, as saved in settings.json (never a password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamSettings {
    /// `postgresql://host:port/database`.
    pub url: String,
    /// This coordinator's login role on the team server.
    pub role: String,
}

impl TeamSettings {
    /// The keychain account of the team secret: `team:<role>@<host>` (the address itself when
    /// it has no readable host; a saved address was checked when the team was joined).
    pub fn account(&self) -> String {
        let host = url::Url::parse(self.url.trim())
            .ok()
            .and_then(|u| u.host_str().map(|h| h.trim_matches(['[', ']']).to_string()))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| self.url.clone());
        format!("team:{}@{host}", self.role)
    }
}

/// The settings file and its in-memory copy. Every change is one read-modify-write under one
/// lock, written to a unique temp file, fsynced and renamed over the file: remembering the
/// zone of a send can never revert a base URL saved a moment earlier.
pub struct SettingsStore {
    path: PathBuf,
    current: Mutex<Settings>,
}

/// Makes temp-file names unique within the process (with the pid, across processes).
static TEMP_SEQ: AtomicU64 = AtomicU64::new(0);

impl SettingsStore {
    /// Loads the file; a missing file gives defaults, an unreadable one gives defaults and a
    /// notice that says where the old file went (or that it could not be moved).
    pub fn load(path: &Path) -> (SettingsStore, Option<String>) {
        let (settings, notice) = match std::fs::read(path) {
            Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes) {
                Ok(s) if s.validate().is_ok() => (s, None),
                _ => {
                    let aside = path.with_extension("json.unreadable");
                    let notice = match std::fs::rename(path, &aside) {
                        Ok(()) => format!(
                            "Your settings file could not be read, so defaults are in use. \
                             The old file was moved to {}.",
                            aside.display()
                        ),
                        Err(e) => format!(
                            "Your settings file {} could not be read, so defaults are in use. \
                             It could not be moved aside ({e}); saving settings will replace it.",
                            path.display()
                        ),
                    };
                    (Settings::default(), Some(notice))
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

    /// Saves what the Settings screen sends. The last-used zone and account, the bulk column
    /// mappings, the accounts and the team (each changed through its own commands) are not the
    /// screen's to set (its copy may be older than the last send), so the stored ones are kept.
    pub fn save(&self, next: Settings) -> AppResult<Settings> {
        self.update(|current| Settings {
            last_zone: current.last_zone.clone(),
            bulk_mappings: current.bulk_mappings.clone(),
            team: current.team.clone(),
            accounts: current.accounts.clone(),
            last_account: current.last_account.clone(),
            ..next
        })
    }

    /// Remembers the account an invite of `provider` went through (best effort, like the zone).
    pub fn remember_account(&self, provider: Provider, account: &str) {
        if self.get().last_account.get(&provider).map(String::as_str) == Some(account) {
            return;
        }
        let _ = self.update(|current| {
            let mut next = current.clone();
            next.last_account.insert(provider, account.to_string());
            next
        });
    }

    /// Remembers a bulk sheet's column mapping for the provider (best effort, like the zone).
    pub fn remember_mapping(&self, provider: Provider, mapping: BTreeMap<String, String>) {
        let _ = self.update(|current| {
            let mut next = current.clone();
            next.bulk_mappings.insert(provider, mapping);
            next
        });
    }

    /// One locked read-modify-write: `change` sees the current settings and returns the next;
    /// they are validated, written durably, and only then become current.
    pub fn update(&self, change: impl FnOnce(&Settings) -> Settings) -> AppResult<Settings> {
        self.try_update(|s| Ok(change(s)))
    }

    /// Like `update`, for a change that may be refused (nothing is written then).
    pub fn try_update(
        &self,
        change: impl FnOnce(&Settings) -> AppResult<Settings>,
    ) -> AppResult<Settings> {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = change(&current)?;
        // A base URL equal to the default is not an override.
        next.base_urls
            .retain(|p, url| !url.trim().is_empty() && url.trim() != default_base_url(*p));
        for url in next.base_urls.values_mut() {
            *url = url.trim().trim_end_matches('/').to_string();
        }
        next.validate()?;
        if next != *current {
            self.write(&next)?;
            *current = next.clone();
        }
        Ok(next)
    }

    /// Temp file unique to this write, fsync, rename over the file, fsync the folder.
    fn write(&self, next: &Settings) -> AppResult<()> {
        let json = serde_json::to_vec_pretty(next)
            .map_err(|e| AppError::internal(format!("Settings could not be encoded: {e}")))?;
        let seq = TEMP_SEQ.fetch_add(1, Ordering::Relaxed);
        let tmp = self
            .path
            .with_extension(format!("json.{}.{seq}.tmp", std::process::id()));
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&json)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(AppError::new(
                crate::error::ErrorKind::Io,
                format!(
                    "Settings could not be saved to {} ({e}); the previous settings are still in use.",
                    self.path.display()
                ),
            ));
        }
        #[cfg(unix)]
        if let Some(dir) = self.path.parent() {
            // Makes the rename itself durable; a failure here leaves a complete file either way.
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    }

    /// Remembers the zone used last (best effort: a failure to write is not worth an error).
    pub fn remember_zone(&self, zone: &str) {
        let _ = self.update(|s| Settings {
            last_zone: Some(zone.to_string()),
            ..s.clone()
        });
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

    #[test]
    fn remembering_a_zone_never_reverts_a_base_url_saved_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let (store, _) = SettingsStore::load(&path);
        let store = std::sync::Arc::new(store);
        // Many sends remember zones while the Settings screen saves a base URL each time.
        std::thread::scope(|scope| {
            for i in 0..8 {
                let store = store.clone();
                scope.spawn(move || {
                    for j in 0..20 {
                        store.remember_zone(if (i + j) % 2 == 0 {
                            "Europe/London"
                        } else {
                            "Asia/Tokyo"
                        });
                    }
                });
            }
            let store = store.clone();
            scope.spawn(move || {
                for port in 1000..1040 {
                    let mut s = store.get();
                    s.base_urls
                        .insert(Provider::Xobin, format!("http://localhost:{port}"));
                    store.save(s).unwrap();
                }
            });
        });
        let (again, _) = SettingsStore::load(&path);
        assert_eq!(
            again.get().base_url(Provider::Xobin),
            "http://localhost:1039"
        );
        assert_eq!(store.get(), again.get());
        assert!(again.get().last_zone.is_some());
        // No temp file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["settings.json".to_string()], "{names:?}");
    }

    #[test]
    fn the_settings_screen_cannot_overwrite_the_last_zone_with_a_stale_copy() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = SettingsStore::load(&dir.path().join("settings.json"));
        let stale = store.get();
        store.remember_zone("Asia/Kolkata");
        store.save(stale).unwrap();
        assert_eq!(store.get().last_zone.as_deref(), Some("Asia/Kolkata"));
    }

    #[test]
    fn a_failed_write_keeps_the_previous_settings_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("settings.json");
        let (store, _) = SettingsStore::load(&path);
        let mut s = store.get();
        s.auto_copy = false;
        let e = store.save(s).unwrap_err();
        assert!(e.message.contains("could not be saved"), "{}", e.message);
        assert!(
            store.get().auto_copy,
            "memory must not run ahead of the file"
        );
    }
}
