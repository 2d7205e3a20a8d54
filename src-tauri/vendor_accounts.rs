//! Managing vendor accounts (Settings → Providers → Accounts): each vendor's accounts (Default
//! and the ones added) with their keys' state, adding, renaming, readdressing, saving a key under
//! the account's own keychain entry (asking before one key is saved for two accounts), testing
//! with one cheap read, and removing (the key leaves the keychain; the invites stay in History
//! under the account's name). Nothing here returns a key.

use serde::Serialize;
use ts_rs::TS;

use crate::accounts::{self, Account, Route};
use crate::error::{AppError, AppResult};
use crate::providers::{key_check, Provider};
use crate::settings::accounts as routes;
use crate::state::AppState;

/// One account as Settings shows it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub provider: Provider,
    pub id: String,
    pub label: String,
    /// The address set for this account; `None`: the vendor's documented one.
    pub base_url: Option<String>,
    pub key_saved: bool,
    /// Why the keychain could not say whether a key is saved.
    pub key_error: Option<String>,
    /// Whether "Test" can ask the vendor (a cheap authenticated read exists).
    pub testable: bool,
}

/// What saving a key did. `shared_with`: the key is already saved for another account of the
/// vendor, and nothing was saved — saved only when the coordinator confirms.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeySaved {
    pub saved: bool,
    pub shared_with: Option<String>,
}

/// Every vendor's live accounts with their key's state (one keychain question per account).
pub fn views(
    settings: &crate::settings::Settings,
    secrets: &dyn crate::secrets::SecretStore,
) -> Vec<AccountView> {
    Provider::ALL
        .into_iter()
        .flat_map(|p| routes::of(settings, p))
        .map(|a| {
            let (key_saved, key_error) =
                match secrets.has_entry(&accounts::key_entry(a.provider, &a.id)) {
                    Ok(saved) => (saved, None),
                    Err(e) => (false, Some(e.message)),
                };
            AccountView {
                testable: key_check::request(a.provider, "https://x").is_some(),
                provider: a.provider,
                id: a.id,
                label: a.label,
                base_url: a.base_url,
                key_saved,
                key_error,
            }
        })
        .collect()
}

/// Every vendor's accounts (removed ones left out), Default first.
pub async fn list(state: &AppState) -> AppResult<Vec<AccountView>> {
    let (settings, secrets) = (state.settings.get(), state.secrets.clone());
    // The keychain may block: asked off the async workers.
    blocking(move || Ok(views(&settings, secrets.as_ref()))).await
}

/// Adds an account to `provider` (its key is saved next, with `save_account_key`).
pub async fn add(
    state: &AppState,
    provider: Provider,
    label: String,
    base_url: Option<String>,
) -> AppResult<Account> {
    let id = accounts::new_id();
    let base_url = base_url
        .map(|u| u.trim().trim_end_matches('/').to_string())
        .filter(|u| !u.is_empty() && u != provider.default_base_url());
    let mut added = None;
    state.settings.try_update(|s| {
        if s.accounts.iter().filter(|a| a.provider == provider).count() >= accounts::MAX_PER_VENDOR
        {
            return Err(AppError::validation(
                "label",
                format!(
                    "{} has {} accounts already: remove one first.",
                    provider.display_name(),
                    accounts::MAX_PER_VENDOR
                ),
            ));
        }
        let a = Account {
            provider,
            id: id.clone(),
            label: routes::check_label(s, provider, &id, &label)?,
            base_url: base_url.clone(),
            removed: false,
        };
        let mut next = s.clone();
        next.accounts.push(a.clone());
        added = Some(a);
        Ok(next)
    })?;
    added.ok_or_else(|| AppError::internal("the account was not added"))
}

/// Renames an account (Default included); its invites in History take the new name.
pub async fn rename(
    state: &AppState,
    provider: Provider,
    id: String,
    label: String,
) -> AppResult<Account> {
    let mut label_set = String::new();
    state.settings.try_update(|s| {
        live(s, provider, &id)?;
        let label = routes::check_label(s, provider, &id, &label)?;
        let mut next = s.clone();
        match next
            .accounts
            .iter_mut()
            .find(|a| a.provider == provider && a.id == id)
        {
            Some(a) => a.label = label.clone(),
            None => next.accounts.push(Account {
                provider,
                id: id.clone(),
                label: label.clone(),
                base_url: None,
                removed: false,
            }),
        }
        label_set = label;
        Ok(next)
    })?;
    let db = state.db.clone();
    let (rid, rlabel) = (id.clone(), label_set.clone());
    blocking(move || db.relabel_account(provider, &rid, &rlabel)).await?;
    live(&state.settings.get(), provider, &id)
}

/// Sets an account's address (`None` or empty: the vendor's documented one). Default's is the
/// `baseUrls` setting, as before accounts existed.
pub async fn set_address(
    state: &AppState,
    provider: Provider,
    id: String,
    base_url: Option<String>,
) -> AppResult<Account> {
    let url = base_url
        .map(|u| u.trim().trim_end_matches('/').to_string())
        .filter(|u| !u.is_empty() && u != provider.default_base_url());
    state.settings.try_update(|s| {
        live(s, provider, &id)?;
        let mut next = s.clone();
        if id == accounts::DEFAULT_ID {
            match &url {
                Some(u) => next.base_urls.insert(provider, u.clone()),
                None => next.base_urls.remove(&provider),
            };
        } else if let Some(a) = next
            .accounts
            .iter_mut()
            .find(|a| a.provider == provider && a.id == id)
        {
            a.base_url = url.clone();
        }
        Ok(next)
    })?;
    live(&state.settings.get(), provider, &id)
}

/// Saves an account's key in the keychain under the account's own entry. A key already saved
/// for another account of the vendor is not saved unless `shared` confirms it (an agency's two
/// clients must not share one vendor account by a paste in the wrong box).
pub async fn save_key(
    state: &AppState,
    provider: Provider,
    id: String,
    key: String,
    shared: bool,
) -> AppResult<KeySaved> {
    let settings = state.settings.get();
    live(&settings, provider, &id)?;
    let key = crate::secrets::validate_key(&key)?.to_string();
    let others: Vec<Account> = routes::of(&settings, provider)
        .into_iter()
        .filter(|a| a.id != id)
        .collect();
    let secrets = state.secrets.clone();
    blocking(move || {
        if !shared {
            for a in &others {
                let theirs = secrets.get_entry(&accounts::key_entry(provider, &a.id))?;
                if theirs.is_some_and(|k| k.expose() == key) {
                    return Ok(KeySaved {
                        saved: false,
                        shared_with: Some(a.label.clone()),
                    });
                }
            }
        }
        secrets.set_entry(&accounts::key_entry(provider, &id), &key)?;
        Ok(KeySaved {
            saved: true,
            shared_with: None,
        })
    })
    .await
}

/// Deletes an account's key from the keychain (the account stays); `false` when none was saved.
pub async fn delete_key(state: &AppState, provider: Provider, id: String) -> AppResult<bool> {
    let secrets = state.secrets.clone();
    blocking(move || secrets.delete_entry(&accounts::key_entry(provider, &id))).await
}

/// Removes an account (not Default): its key leaves the keychain; its invites stay in History
/// under its name. Returns how many invites went through it.
pub async fn remove(state: &AppState, provider: Provider, id: String) -> AppResult<u64> {
    if id == accounts::DEFAULT_ID {
        return Err(AppError::validation(
            "account",
            format!(
                "Each vendor keeps its first account. Delete its key instead, or rename it; \
                 remove the {} accounts you added.",
                provider.display_name()
            ),
        ));
    }
    live(&state.settings.get(), provider, &id)?;
    let secrets = state.secrets.clone();
    let entry = accounts::key_entry(provider, &id);
    // The key first: an account whose key could not be deleted is not marked removed.
    blocking(move || secrets.delete_entry(&entry)).await?;
    state.settings.try_update(|s| {
        let mut next = s.clone();
        for a in &mut next.accounts {
            if a.provider == provider && a.id == id {
                a.removed = true;
            }
        }
        if next.last_account.get(&provider) == Some(&id) {
            next.last_account.remove(&provider);
        }
        Ok(next)
    })?;
    let db = state.db.clone();
    blocking(move || db.account_invites(provider, &id)).await
}

/// One cheap authenticated read with the account's key ("Test" in Settings): the vendor's words
/// either way. A vendor without such a read says so, and nothing is sent.
pub async fn test(state: &AppState, provider: Provider, id: String) -> AppResult<String> {
    let route: Route = routes::route(&state.settings.get(), provider, Some(&id))?;
    let key = state.key(&route).await?;
    let words = key_check::test(state.http.client()?, provider, &route.base_url, &key).await;
    drop(key);
    match words.map_err(|e| e.with_provider(provider))? {
        Some(w) => Ok(w),
        None => Ok(format!(
            "{} has no read Invite Desk can test a key with: the first invite checks it (a bad \
             key is named then, and nothing is sent).",
            provider.display_name()
        )),
    }
}

/// Account `id` of `provider`, refused when unknown or removed.
fn live(s: &crate::settings::Settings, provider: Provider, id: &str) -> AppResult<Account> {
    routes::route(s, provider, Some(id))?;
    routes::find(s, provider, id).ok_or_else(|| AppError::internal("account vanished"))
}

/// Runs keychain and history work off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(format!("A background task stopped: {e}")))?
}
