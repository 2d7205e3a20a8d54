//! Settings → Accounts: thin commands over `vendor_accounts` (list, add, rename, address, key,
//! remove, test). No command returns a key: the web view learns only whether one is saved.

use tauri::State;

use crate::accounts::Account;
use crate::error::AppResult;
use crate::providers::Provider;
use crate::state::AppState;
use crate::vendor_accounts::{self, AccountView, KeySaved};

/// Every vendor's accounts (removed ones left out), Default first, with their keys' state.
#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> AppResult<Vec<AccountView>> {
    vendor_accounts::list(&state).await
}

/// Adds an account to `provider` (its key is saved next, with `save_account_key`).
#[tauri::command]
pub async fn add_account(
    state: State<'_, AppState>,
    provider: Provider,
    label: String,
    base_url: Option<String>,
) -> AppResult<Account> {
    vendor_accounts::add(&state, provider, label, base_url).await
}

/// Renames an account (Default included); its invites in History take the new name.
#[tauri::command]
pub async fn rename_account(
    state: State<'_, AppState>,
    provider: Provider,
    id: String,
    label: String,
) -> AppResult<Account> {
    vendor_accounts::rename(&state, provider, id, label).await
}

/// Sets an account's address (`None` or empty: the vendor's documented one).
#[tauri::command]
pub async fn set_account_address(
    state: State<'_, AppState>,
    provider: Provider,
    id: String,
    base_url: Option<String>,
) -> AppResult<Account> {
    vendor_accounts::set_address(&state, provider, id, base_url).await
}

/// Saves an account's key; a key saved for another account of the vendor needs `shared`.
#[tauri::command]
pub async fn save_account_key(
    state: State<'_, AppState>,
    provider: Provider,
    id: String,
    key: String,
    shared: bool,
) -> AppResult<KeySaved> {
    vendor_accounts::save_key(&state, provider, id, key, shared).await
}

/// Deletes an account's key from the keychain (the account stays).
#[tauri::command]
pub async fn delete_account_key(
    state: State<'_, AppState>,
    provider: Provider,
    id: String,
) -> AppResult<bool> {
    vendor_accounts::delete_key(&state, provider, id).await
}

/// Removes an account (not Default); returns how many invites went through it.
#[tauri::command]
pub async fn remove_account(
    state: State<'_, AppState>,
    provider: Provider,
    id: String,
) -> AppResult<u64> {
    vendor_accounts::remove(&state, provider, id).await
}

/// One cheap authenticated read with the account's key: the vendor's words either way.
#[tauri::command]
pub async fn test_account(
    state: State<'_, AppState>,
    provider: Provider,
    id: String,
) -> AppResult<String> {
    vendor_accounts::test(&state, provider, id).await
}
