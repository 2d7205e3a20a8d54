//! API keys: the `SecretStore` trait, the OS keychain store (keyring crate: Secret Service on
//! Linux, Keychain on macOS, Credential Manager on Windows) and an in-memory store for tests.
//! This is the only module that touches the keyring. A key leaves it only as an `ApiKey`, whose
//! `Debug` is redacted and whose text is read in one place: the request header.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::provider::Provider;

/// An API key in memory. `Debug` never prints it; `expose` is called only to set a header.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key's text, for the request header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Where API keys live: one entry per vendor account (`accounts::key_entry`: the provider's id
/// for its Default account, `<provider>:<id>` for the others).
pub trait SecretStore: Send + Sync {
    /// A short name of the backend, shown in Settings → About.
    fn backend(&self) -> String;
    fn set_entry(&self, entry: &str, key: &str) -> AppResult<()>;
    fn get_entry(&self, entry: &str) -> AppResult<Option<ApiKey>>;
    /// Deletes the key; `Ok(false)` when there was none.
    fn delete_entry(&self, entry: &str) -> AppResult<bool>;
    fn has_entry(&self, entry: &str) -> AppResult<bool> {
        Ok(self.get_entry(entry)?.is_some())
    }
    /// The key of `provider`'s Default account.
    fn set(&self, provider: Provider, key: &str) -> AppResult<()> {
        self.set_entry(provider.id(), key)
    }
    fn get(&self, provider: Provider) -> AppResult<Option<ApiKey>> {
        self.get_entry(provider.id())
    }
    fn delete(&self, provider: Provider) -> AppResult<bool> {
        self.delete_entry(provider.id())
    }
    fn has(&self, provider: Provider) -> AppResult<bool> {
        self.has_entry(provider.id())
    }
    /// Team mode: the team login's secret, under `account` (`team:<role>@<host>`). It leaves
    /// the store only into the team connection's password exchange.
    fn set_team_secret(&self, account: &str, secret: &str) -> AppResult<()>;
    fn get_team_secret(&self, account: &str) -> AppResult<Option<ApiKey>>;
    fn delete_team_secret(&self, account: &str) -> AppResult<bool>;
}

/// Reads the key of the account `route` goes through, off the async workers (the keychain may
/// block). The key goes from here into one request header and nowhere else.
pub async fn read_key(
    secrets: &std::sync::Arc<dyn SecretStore>,
    route: &crate::accounts::Route,
) -> AppResult<ApiKey> {
    let secrets = secrets.clone();
    let entry = route.key_entry();
    let key = tokio::task::spawn_blocking(move || secrets.get_entry(&entry))
        .await
        .map_err(|e| AppError::internal(format!("The keychain read was interrupted: {e}")))??;
    key.ok_or_else(|| {
        let whose = if route.account == crate::accounts::DEFAULT_ID {
            String::new()
        } else {
            format!(" for the account “{}”", route.label)
        };
        AppError::new(
            ErrorKind::MissingKey,
            format!(
                "No {} API key is saved on this computer{whose}. Add it in Settings, then send \
                 again.",
                route.provider.display_name()
            ),
        )
    })
}

/// Checks a key typed by the coordinator before it is stored.
pub fn validate_key(key: &str) -> AppResult<&str> {
    let trimmed = key.trim();
    if trimmed.is_empty() {
        return Err(AppError::validation("apiKey", "Paste the API key first."));
    }
    if trimmed.len() > 4096 {
        return Err(AppError::validation(
            "apiKey",
            "That is longer than any API key (over 4096 characters): paste only the key.",
        ));
    }
    if trimmed.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(AppError::validation(
            "apiKey",
            "The key contains spaces or line breaks: paste only the key itself.",
        ));
    }
    Ok(trimmed)
}

/// The OS keychain, through the keyring crate. Service name = the app identifier.
///
/// On Linux, reads go through one Secret Service session kept open for the life of the store
/// (see [`ss_session`]): keyring opens a new D-Bus connection and a new encrypted session for
/// every call, which cost 5.6 ms of each invite's 5.8 ms own overhead. The key itself is still
/// fetched from the keychain on every read; only the connection is kept.
pub struct KeyringStore {
    service: String,
    #[cfg(target_os = "linux")]
    session: ss_session::Session,
}

impl KeyringStore {
    pub fn new(service: impl Into<String>) -> Self {
        KeyringStore {
            service: service.into(),
            #[cfg(target_os = "linux")]
            session: ss_session::Session::default(),
        }
    }

    fn entry(&self, entry: &str) -> AppResult<keyring::Entry> {
        keyring::Entry::new(&self.service, entry).map_err(keychain_error)
    }
}

/// Turns a keyring error into a message that says what to do. keyring's errors never carry
/// the secret itself, only platform failures.
fn keychain_error(e: keyring::Error) -> AppError {
    let detail = match &e {
        keyring::Error::NoStorageAccess(inner) => format!("no access to the keychain ({inner})"),
        keyring::Error::PlatformFailure(inner) => format!("the keychain failed ({inner})"),
        other => other.to_string(),
    };
    keychain_unavailable(&detail)
}

/// The one message for a keychain that cannot be used, whatever the backend said (`detail`).
fn keychain_unavailable(detail: &str) -> AppError {
    AppError::new(
        ErrorKind::Keychain,
        format!(
            "The system keychain is not available: {detail}. Unlock or start your keychain \
             (on Linux: GNOME Keyring or another Secret Service), then try again."
        ),
    )
}

impl SecretStore for KeyringStore {
    fn backend(&self) -> String {
        if cfg!(target_os = "macos") {
            "macOS Keychain".into()
        } else if cfg!(target_os = "windows") {
            "Windows Credential Manager".into()
        } else {
            "Secret Service (D-Bus)".into()
        }
    }

    fn set_entry(&self, entry: &str, key: &str) -> AppResult<()> {
        let key = validate_key(key)?;
        self.entry(entry)?.set_password(key).map_err(keychain_error)
    }

    #[cfg(target_os = "linux")]
    fn get_entry(&self, entry: &str) -> AppResult<Option<ApiKey>> {
        Ok(self.session.read(&self.service, entry)?.map(ApiKey))
    }

    #[cfg(target_os = "linux")]
    fn has_entry(&self, entry: &str) -> AppResult<bool> {
        self.session.exists(&self.service, entry)
    }

    #[cfg(not(target_os = "linux"))]
    fn get_entry(&self, entry: &str) -> AppResult<Option<ApiKey>> {
        match self.entry(entry)?.get_password() {
            Ok(k) => Ok(Some(ApiKey(k))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }

    fn delete_entry(&self, entry: &str) -> AppResult<bool> {
        match self.entry(entry)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(keychain_error(e)),
        }
    }

    fn set_team_secret(&self, account: &str, secret: &str) -> AppResult<()> {
        keyring::Entry::new(&self.service, account)
            .map_err(keychain_error)?
            .set_password(secret)
            .map_err(keychain_error)
    }

    fn get_team_secret(&self, account: &str) -> AppResult<Option<ApiKey>> {
        match keyring::Entry::new(&self.service, account)
            .map_err(keychain_error)?
            .get_password()
        {
            Ok(k) => Ok(Some(ApiKey(k))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }

    fn delete_team_secret(&self, account: &str) -> AppResult<bool> {
        match keyring::Entry::new(&self.service, account)
            .map_err(keychain_error)?
            .delete_credential()
        {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

/// Reads from the Secret Service over one long-lived connection and encrypted session.
///
/// Items are found by the attributes keyring 3 writes (`target` = "default", `service`,
/// `username` = the provider id), so keys saved by `KeyringStore::set` — or by any earlier
/// version of the app — are the ones read here. A session that went stale (the keyring daemon
/// restarted, the bus dropped) is reopened once and the read retried; a locked keyring is not
/// retried, so the coordinator sees at most one unlock prompt per read.
#[cfg(target_os = "linux")]
mod ss_session {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use dbus_secret_service::{EncryptionType, Error, SecretService};

    use crate::error::{AppError, AppResult};

    #[derive(Default)]
    pub struct Session {
        open: Mutex<Option<SecretService>>,
    }

    impl Session {
        /// The secret of the one item for `service` / `user`, if there is one.
        pub fn read(&self, service: &str, user: &str) -> AppResult<Option<String>> {
            let secret = self.with_service(|ss| {
                let found = ss.search_items(attributes(service, user))?;
                let item = match (
                    found.unlocked.len() + found.locked.len(),
                    found.unlocked.first(),
                ) {
                    (0, _) => return Ok(None),
                    (1, Some(item)) => item,
                    (1, None) => {
                        let item = &found.locked[0];
                        item.unlock()?;
                        item
                    }
                    _ => return Ok(Some(Err(Ambiguous))),
                };
                Ok(Some(Ok(item.get_secret()?)))
            })?;
            match secret {
                None => Ok(None),
                Some(Err(Ambiguous)) => Err(ambiguous(user)),
                Some(Ok(bytes)) => String::from_utf8(bytes).map(Some).map_err(|_| {
                    AppError::keychain(format!(
                        "The saved {user} key in the keychain is not text. Save the key again \
                         in Settings."
                    ))
                }),
            }
        }

        /// Whether an item exists for `service` / `user`, without reading (or unlocking) it.
        pub fn exists(&self, service: &str, user: &str) -> AppResult<bool> {
            self.with_service(|ss| {
                let found = ss.search_items(attributes(service, user))?;
                Ok(!(found.unlocked.is_empty() && found.locked.is_empty()))
            })
        }

        /// Runs `f` on the open session, or on a new one when there is none or the open one
        /// went stale. A new session is kept unless it failed as stale itself.
        fn with_service<T>(&self, f: impl Fn(&SecretService) -> Result<T, Error>) -> AppResult<T> {
            let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(ss) = open.as_ref() {
                match f(ss) {
                    Ok(v) => return Ok(v),
                    Err(e) if is_stale(&e) => *open = None,
                    Err(e) => return Err(unavailable(&e)),
                }
            }
            let ss = SecretService::connect(EncryptionType::Dh).map_err(|e| unavailable(&e))?;
            let result = f(&ss);
            if !matches!(&result, Err(e) if is_stale(e)) {
                *open = Some(ss);
            }
            result.map_err(|e| unavailable(&e))
        }
    }

    /// The search attributes keyring 3 gives an entry made with `Entry::new(service, user)`.
    fn attributes<'a>(service: &'a str, user: &'a str) -> HashMap<&'a str, &'a str> {
        HashMap::from([
            ("target", "default"),
            ("service", service),
            ("username", user),
        ])
    }

    struct Ambiguous;

    fn ambiguous(user: &str) -> AppError {
        AppError::keychain(format!(
            "The keychain holds more than one {user} key for Invite Desk. Remove the extra \
             \"{user}\" entries in your keychain app (e.g. Passwords and Keys), then save the \
             key again in Settings."
        ))
    }

    /// Errors that mean the connection or the session is gone, not that the keyring said no.
    fn is_stale(e: &Error) -> bool {
        match e {
            Error::Unavailable => true,
            Error::Dbus(d) => matches!(
                d.name(),
                Some(
                    "org.freedesktop.DBus.Error.Disconnected"
                        | "org.freedesktop.DBus.Error.ServiceUnknown"
                        | "org.freedesktop.DBus.Error.NameHasNoOwner"
                        | "org.freedesktop.DBus.Error.UnknownObject"
                        | "org.freedesktop.DBus.Error.UnknownMethod"
                        | "org.freedesktop.Secret.Error.NoSession"
                )
            ),
            _ => false,
        }
    }

    /// The same words as every other keychain failure.
    fn unavailable(e: &Error) -> AppError {
        let detail = match e {
            Error::Locked | Error::Prompt | Error::NoResult => {
                format!("no access to the keychain ({e})")
            }
            other => format!("the keychain failed ({other})"),
        };
        super::keychain_unavailable(&detail)
    }
}

/// Keys in memory, for unit tests and benchmarks. `fail_with` simulates a locked keychain.
#[derive(Default)]
pub struct MemoryStore {
    keys: Mutex<HashMap<String, String>>,
    team: Mutex<HashMap<String, String>>,
    fail_with: Option<String>,
}

impl MemoryStore {
    pub fn new() -> Self {
        MemoryStore::default()
    }

    /// A store that fails every call like a locked keychain would.
    pub fn unavailable(reason: &str) -> Self {
        MemoryStore {
            keys: Mutex::default(),
            team: Mutex::default(),
            fail_with: Some(reason.to_string()),
        }
    }

    fn check(&self) -> AppResult<()> {
        match &self.fail_with {
            Some(reason) => Err(AppError::keychain(format!(
                "The system keychain is not available: {reason}."
            ))),
            None => Ok(()),
        }
    }

    fn keys(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.keys.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStore for MemoryStore {
    fn backend(&self) -> String {
        "in-memory (tests only)".into()
    }

    fn set_entry(&self, entry: &str, key: &str) -> AppResult<()> {
        self.check()?;
        let key = validate_key(key)?;
        self.keys().insert(entry.to_string(), key.to_string());
        Ok(())
    }

    fn get_entry(&self, entry: &str) -> AppResult<Option<ApiKey>> {
        self.check()?;
        Ok(self.keys().get(entry).cloned().map(ApiKey))
    }

    fn delete_entry(&self, entry: &str) -> AppResult<bool> {
        self.check()?;
        Ok(self.keys().remove(entry).is_some())
    }

    fn set_team_secret(&self, account: &str, secret: &str) -> AppResult<()> {
        self.check()?;
        self.team
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(account.to_string(), secret.to_string());
        Ok(())
    }

    fn get_team_secret(&self, account: &str) -> AppResult<Option<ApiKey>> {
        self.check()?;
        Ok(self
            .team
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(account)
            .cloned()
            .map(ApiKey))
    }

    fn delete_team_secret(&self, account: &str) -> AppResult<bool> {
        self.check()?;
        Ok(self
            .team
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(account)
            .is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_debug_output_is_redacted() {
        let k = ApiKey::new("sk-live-SECRET-123");
        let dbg = format!("{k:?} {:?}", Some(k.clone()));
        assert!(!dbg.contains("SECRET"), "{dbg}");
        assert_eq!(k.expose(), "sk-live-SECRET-123");
    }

    #[test]
    fn memory_store_saves_replaces_and_deletes_per_provider() {
        let s = MemoryStore::new();
        assert!(!s.has(Provider::Xobin).unwrap());
        s.set(Provider::Xobin, "  k1 ").unwrap();
        assert_eq!(s.get(Provider::Xobin).unwrap().unwrap().expose(), "k1");
        assert!(!s.has(Provider::Hireflix).unwrap());
        s.set(Provider::Xobin, "k2").unwrap();
        assert_eq!(s.get(Provider::Xobin).unwrap().unwrap().expose(), "k2");
        assert!(s.delete(Provider::Xobin).unwrap());
        assert!(!s.delete(Provider::Xobin).unwrap());
        assert!(s.get(Provider::Xobin).unwrap().is_none());
    }

    #[test]
    fn keys_with_whitespace_inside_or_empty_are_refused_naming_the_field() {
        for bad in ["", "   ", "ab cd", "ab\ncd"] {
            let e = validate_key(bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Validation);
            assert_eq!(e.field.as_deref(), Some("apiKey"));
        }
    }

    #[test]
    fn an_unavailable_store_reports_the_keychain_error_kind() {
        let s = MemoryStore::unavailable("locked");
        let e = s.get(Provider::Apploi).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Keychain);
        assert!(e
            .message
            .starts_with("The system keychain is not available"));
    }
}
