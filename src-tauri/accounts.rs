//! Vendor accounts: several per vendor (an agency's client companies, a sandbox beside
//! production). An account is a provider, an id, a label, an optional address and a key in the
//! keychain under its own entry ([`key_entry`]).
//!
//! Every vendor has the account "Default": the one key and address every earlier version had.
//! Its keychain entry is the provider's id and its address `Settings::base_urls`, so a data
//! folder and keychain written before accounts existed keep working without retyping a key:
//! nothing moves. The other accounts live in `Settings::accounts`; a removed one stays there,
//! marked `removed` (its key is gone), so the invites it sent stay labelled. Which accounts a
//! vendor has and where a call goes are read from the settings: `settings::accounts`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::provider::Provider;

/// The id of each vendor's first account.
pub const DEFAULT_ID: &str = "default";
/// Its label until the coordinator renames it.
pub const DEFAULT_LABEL: &str = "Default";
/// Accounts per vendor, removed ones included (a guard against a settings file grown by hand).
pub const MAX_PER_VENDOR: usize = 50;
/// The longest account name, in characters.
pub const MAX_LABEL_CHARS: usize = 80;

/// One vendor account, as Settings lists it. Never holds a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub provider: Provider,
    /// `default`, or `a` + 8 hex digits.
    pub id: String,
    pub label: String,
    /// The API address; `None`: the vendor's documented one. (Default's lives in
    /// `Settings::base_urls`, where earlier versions kept it.)
    #[serde(default)]
    pub base_url: Option<String>,
    /// Removed in Settings: its key was deleted; kept so its invites stay labelled.
    #[serde(default)]
    pub removed: bool,
}

impl Account {
    pub fn is_default(&self) -> bool {
        self.id == DEFAULT_ID
    }
}

/// Where one vendor call goes: the account, its address and (through [`Route::key_entry`]) its
/// key. Built from the settings at the moment of the call; a row's calls use the row's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub provider: Provider,
    pub account: String,
    pub label: String,
    pub base_url: String,
}

impl Route {
    /// The keychain entry holding this account's key.
    pub fn key_entry(&self) -> String {
        key_entry(self.provider, &self.account)
    }

    /// "Xobin (Acme)" — or just "Xobin" for Default, so a coordinator with one account per
    /// vendor never reads the word.
    pub fn name(&self) -> String {
        named(self.provider, &self.account, &self.label)
    }
}

/// "Xobin (Acme)", or "Xobin" for a vendor's Default account.
pub fn named(p: Provider, account: &str, label: &str) -> String {
    if account == DEFAULT_ID && label == DEFAULT_LABEL {
        p.display_name().to_string()
    } else {
        format!("{} ({label})", p.display_name())
    }
}

/// The keychain entry of account `id` of `p`: the provider's id for Default (where every earlier
/// version saved the key), `<provider>:<id>` for the others.
pub fn key_entry(p: Provider, id: &str) -> String {
    if id == DEFAULT_ID {
        p.id().to_string()
    } else {
        format!("{}:{id}", p.id())
    }
}

/// A fresh account id.
pub fn new_id() -> String {
    format!("a{}", &uuid::Uuid::new_v4().simple().to_string()[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keeps_the_entry_earlier_versions_wrote_and_others_get_their_own() {
        assert_eq!(key_entry(Provider::Xobin, DEFAULT_ID), "xobin");
        assert_eq!(key_entry(Provider::Xobin, "a0000000a"), "xobin:a0000000a");
        assert_eq!(named(Provider::Xobin, DEFAULT_ID, DEFAULT_LABEL), "Xobin");
        assert_eq!(named(Provider::Xobin, DEFAULT_ID, "Acme"), "Xobin (Acme)");
        let id = new_id();
        assert!(id.len() == 9 && id.starts_with('a'), "{id}");
        assert_ne!(new_id(), id);
    }
}
