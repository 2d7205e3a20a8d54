//! The vendor accounts the settings hold (see `accounts.rs` for what an account is): the live
//! accounts of a vendor, Default first; where a new invite or an invite in History goes (its
//! route); the checks on a name and on a settings file edited by hand.

use super::{check_base_url, Settings};
use crate::accounts::{Account, Route, DEFAULT_ID, DEFAULT_LABEL, MAX_LABEL_CHARS, MAX_PER_VENDOR};
use crate::error::{AppError, AppResult};
use crate::provider::Provider;

/// The accounts of `p` that are not removed, Default first, then in the order they were added.
pub fn of(s: &Settings, p: Provider) -> Vec<Account> {
    let mut out = vec![default_of(s, p)];
    out.extend(
        s.accounts
            .iter()
            .filter(|a| a.provider == p && !a.is_default() && !a.removed)
            .cloned(),
    );
    out
}

/// Account `id` of `p`, removed or not.
pub fn find(s: &Settings, p: Provider, id: &str) -> Option<Account> {
    if id == DEFAULT_ID {
        return Some(default_of(s, p));
    }
    s.accounts
        .iter()
        .find(|a| a.provider == p && a.id == id)
        .cloned()
}

fn default_of(s: &Settings, p: Provider) -> Account {
    let label = s
        .accounts
        .iter()
        .find(|a| a.provider == p && a.is_default())
        .map(|a| a.label.clone())
        .unwrap_or_else(|| DEFAULT_LABEL.to_string());
    Account {
        provider: p,
        id: DEFAULT_ID.into(),
        label,
        base_url: s.base_urls.get(&p).cloned(),
        removed: false,
    }
}

/// The route of a new invite of `p` through account `id`; `None`: the account used last for
/// `p` (when it still exists), else Default. A removed or unknown account is refused, naming
/// the field.
pub fn route(s: &Settings, p: Provider, id: Option<&str>) -> AppResult<Route> {
    let id = match id.map(str::trim).filter(|i| !i.is_empty()) {
        Some(id) => id.to_string(),
        None => s
            .last_account
            .get(&p)
            .filter(|id| find(s, p, id).is_some_and(|a| !a.removed))
            .cloned()
            .unwrap_or_else(|| DEFAULT_ID.to_string()),
    };
    match find(s, p, &id) {
        Some(a) if !a.removed => Ok(route_of(s, &a)),
        Some(a) => Err(AppError::validation(
            "account",
            format!(
                "The {} account “{}” was removed in Settings. Choose another account.",
                p.display_name(),
                a.label
            ),
        )),
        None => Err(AppError::validation(
            "account",
            format!(
                "That {} account is not in Settings any more. Choose another account.",
                p.display_name()
            ),
        )),
    }
}

fn route_of(s: &Settings, a: &Account) -> Route {
    let base_url = if a.is_default() {
        s.base_url(a.provider)
    } else {
        a.base_url
            .clone()
            .unwrap_or_else(|| a.provider.default_base_url().to_string())
    };
    Route {
        provider: a.provider,
        account: a.id.clone(),
        label: a.label.clone(),
        base_url,
    }
}

/// The route of an invite already in History: the account it went through (`account`; for a
/// colleague's invite, `None`, the account of this computer with the same label), never the one
/// selected now. An invite whose account is gone is refused with what to do.
pub fn route_of_row(
    s: &Settings,
    p: Provider,
    account: Option<&str>,
    label: Option<&str>,
) -> AppResult<Route> {
    let found = match account {
        Some(id) => find(s, p, id),
        None => {
            let label = label.unwrap_or(DEFAULT_LABEL);
            of(s, p).into_iter().find(|a| a.label == label)
        }
    };
    match found {
        Some(a) if !a.removed => Ok(route_of(s, &a)),
        _ => Err(AppError::validation(
            "account",
            format!(
                "This invite went through the {} account “{}”, which is not in Settings on this \
                 computer. Add that account (with its key) in Settings, then try again.",
                p.display_name(),
                label.unwrap_or(DEFAULT_LABEL)
            ),
        )),
    }
}

/// A label typed by the coordinator: 1–80 visible characters, not the label of another live
/// account of the same vendor (ignoring case).
pub fn check_label(s: &Settings, p: Provider, id: &str, label: &str) -> AppResult<String> {
    let label = label.trim();
    if label.is_empty() {
        return Err(AppError::validation(
            "label",
            "Name the account, e.g. “Acme — Xobin” or “Sandbox”.",
        ));
    }
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(AppError::validation(
            "label",
            format!("An account name is at most {MAX_LABEL_CHARS} characters: shorten it."),
        ));
    }
    if let Some(c) = crate::providers::hidden_char(label) {
        return Err(AppError::validation(
            "label",
            format!(
                "The account name contains an invisible or control character (U+{:04X}). \
                 Retype it.",
                c as u32
            ),
        ));
    }
    if of(s, p)
        .iter()
        .any(|a| a.id != id && a.label.to_lowercase() == label.to_lowercase())
    {
        return Err(AppError::validation(
            "label",
            format!(
                "Another {} account is called “{label}”: choose another name.",
                p.display_name()
            ),
        ));
    }
    Ok(label.to_string())
}

/// Checks the accounts part of the settings (a file edited by hand included): ids, labels,
/// addresses, no two live accounts of a vendor with one name.
pub fn validate(s: &Settings) -> AppResult<()> {
    for p in Provider::ALL {
        let mine: Vec<&Account> = s.accounts.iter().filter(|a| a.provider == p).collect();
        if mine.len() > MAX_PER_VENDOR {
            return Err(AppError::validation(
                "accounts",
                format!(
                    "More than {MAX_PER_VENDOR} {} accounts: remove some.",
                    p.display_name()
                ),
            ));
        }
        for (i, a) in mine.iter().enumerate() {
            let id_ok = a.is_default()
                || (a.id.len() == 9
                    && a.id.starts_with('a')
                    && a.id[1..].chars().all(|c| c.is_ascii_hexdigit()));
            if !id_ok || mine[..i].iter().any(|b| b.id == a.id) {
                return Err(AppError::validation(
                    "accounts",
                    format!(
                        "The {} account id “{}” is not valid.",
                        p.display_name(),
                        a.id
                    ),
                ));
            }
            if !a.removed {
                check_label(s, p, &a.id, &a.label)?;
            }
            if let Some(url) = &a.base_url {
                check_base_url(p, url)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme(p: Provider) -> Account {
        Account {
            provider: p,
            id: "a0000000a".into(),
            label: "Acme".into(),
            base_url: Some("http://127.0.0.1:9/acme".into()),
            removed: false,
        }
    }

    #[test]
    fn default_reads_the_key_and_address_earlier_versions_saved() {
        let mut s = Settings::default();
        s.base_urls
            .insert(Provider::Xobin, "http://127.0.0.1:9/old".into());
        let r = route(&s, Provider::Xobin, None).unwrap();
        assert_eq!(r.account, DEFAULT_ID);
        assert_eq!(r.key_entry(), "xobin");
        assert_eq!(r.base_url, "http://127.0.0.1:9/old");
        assert_eq!(r.name(), "Xobin");
    }

    #[test]
    fn an_account_routes_to_its_own_address_and_entry_and_is_remembered() {
        let mut s = Settings::default();
        s.accounts.push(acme(Provider::Xobin));
        let r = route(&s, Provider::Xobin, Some("a0000000a")).unwrap();
        assert_eq!(r.key_entry(), "xobin:a0000000a");
        assert_eq!(r.base_url, "http://127.0.0.1:9/acme");
        assert_eq!(r.name(), "Xobin (Acme)");
        s.last_account.insert(Provider::Xobin, "a0000000a".into());
        assert_eq!(
            route(&s, Provider::Xobin, None).unwrap().account,
            "a0000000a"
        );
        // Another vendor's accounts are not Xobin's.
        assert!(route(&s, Provider::Hireflix, Some("a0000000a")).is_err());
    }

    #[test]
    fn a_removed_account_is_refused_for_new_invites_and_for_its_rows() {
        let mut s = Settings::default();
        let mut a = acme(Provider::Xobin);
        a.removed = true;
        s.accounts.push(a);
        s.last_account.insert(Provider::Xobin, "a0000000a".into());
        // The last-used account was removed: Default again.
        assert_eq!(
            route(&s, Provider::Xobin, None).unwrap().account,
            DEFAULT_ID
        );
        let e = route(&s, Provider::Xobin, Some("a0000000a")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("account"));
        assert!(e.message.contains("Acme"), "{}", e.message);
        let e = route_of_row(&s, Provider::Xobin, Some("a0000000a"), Some("Acme")).unwrap_err();
        assert!(e.message.contains("“Acme”"), "{}", e.message);
    }

    #[test]
    fn a_colleagues_row_routes_by_label() {
        let mut s = Settings::default();
        s.accounts.push(acme(Provider::Xobin));
        let r = route_of_row(&s, Provider::Xobin, None, Some("Acme")).unwrap();
        assert_eq!(r.account, "a0000000a");
        let r = route_of_row(&s, Provider::Xobin, None, None).unwrap();
        assert_eq!(r.account, DEFAULT_ID);
        assert!(route_of_row(&s, Provider::Xobin, None, Some("Globex")).is_err());
    }

    #[test]
    fn labels_are_named_visible_and_unique_per_vendor() {
        let mut s = Settings::default();
        s.accounts.push(acme(Provider::Xobin));
        for bad in ["", "  ", "Ac\u{200B}me", &"x".repeat(81), "acme", "DEFAULT"] {
            let e = check_label(&s, Provider::Xobin, "new", bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("label"), "{bad:?}");
        }
        // The same name at another vendor, or the account's own name, is fine.
        assert_eq!(
            check_label(&s, Provider::Hireflix, "new", " Acme ").unwrap(),
            "Acme"
        );
        assert!(check_label(&s, Provider::Xobin, "a0000000a", "ACME").is_ok());
    }

    #[test]
    fn a_hand_edited_file_with_bad_ids_or_addresses_is_refused() {
        let mut s = Settings::default();
        let mut a = acme(Provider::Xobin);
        a.id = "../../etc".into();
        s.accounts.push(a);
        assert!(validate(&s).is_err());
        let mut s = Settings::default();
        let mut a = acme(Provider::Xobin);
        a.base_url = Some("http://example.com".into());
        s.accounts.push(a);
        assert!(validate(&s).is_err());
        let mut s = Settings::default();
        s.accounts.push(acme(Provider::Xobin));
        s.accounts.push(acme(Provider::Xobin));
        assert!(validate(&s).is_err());
    }
}
