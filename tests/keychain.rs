//! The real OS keychain through the app's `KeyringStore`: on Linux the Secret Service, run by
//! `scripts/with-keyring.sh` as a throwaway, unlocked GNOME Keyring in its own D-Bus session.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use invite_desk::error::ErrorKind;
use invite_desk::providers::Provider;
use invite_desk::secrets::{KeyringStore, SecretStore};

/// A service name of its own per test, so parallel tests never touch each other's entries.
fn store(test: &str) -> KeyringStore {
    KeyringStore::new(format!("app.invitedesk.desktop.test.{test}"))
}

/// What the coordinator reads in Settings and on send when the keychain cannot be used.
fn assert_is_the_clear_keychain_error(e: &invite_desk::error::AppError) {
    assert_eq!(e.kind, ErrorKind::Keychain);
    assert!(
        e.message
            .starts_with("The system keychain is not available:"),
        "{}",
        e.message
    );
}

/// Runs the test `name` again in a child process inside a throwaway keyring session of its own
/// (`scripts/with-keyring.sh`), with `child_var` set so it takes its child branch, and no display
/// for an unlock prompt. For tests that would disturb the shared keyring (locking it, replacing
/// its daemon).
fn run_in_own_keyring(name: &str, child_var: &str) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/with-keyring.sh");
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new("bash")
        .arg(script)
        .arg(exe)
        .args([name, "--exact", "--nocapture"])
        .env(child_var, "1")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("1 passed"), "{text}");
}

#[test]
fn a_key_is_saved_read_replaced_and_deleted_in_the_secret_service() {
    let s = store("roundtrip");
    let _ = s.delete(Provider::Xobin);
    assert!(!s.has(Provider::Xobin).unwrap());
    s.set(Provider::Xobin, "xobin-key-one").unwrap();
    assert!(s.has(Provider::Xobin).unwrap());
    assert_eq!(
        s.get(Provider::Xobin).unwrap().unwrap().expose(),
        "xobin-key-one"
    );
    s.set(Provider::Xobin, "xobin-key-two").unwrap();
    assert_eq!(
        s.get(Provider::Xobin).unwrap().unwrap().expose(),
        "xobin-key-two"
    );
    assert!(s.delete(Provider::Xobin).unwrap());
    assert!(!s.has(Provider::Xobin).unwrap());
    assert!(!s.delete(Provider::Xobin).unwrap());
}

#[test]
fn each_provider_has_its_own_entry() {
    let s = store("per-provider");
    for p in Provider::ALL {
        s.set(p, &format!("key-for-{}", p.id())).unwrap();
    }
    for p in Provider::ALL {
        assert_eq!(
            s.get(p).unwrap().unwrap().expose(),
            format!("key-for-{}", p.id())
        );
        assert!(s.delete(p).unwrap());
    }
}

#[test]
fn a_new_store_object_reads_what_another_one_saved() {
    // Nothing is cached in the process: the secret really lives in the keychain.
    store("persist")
        .set(Provider::Apploi, "apploi-key")
        .unwrap();
    let again = store("persist");
    assert_eq!(
        again.get(Provider::Apploi).unwrap().unwrap().expose(),
        "apploi-key"
    );
    again.delete(Provider::Apploi).unwrap();
}

#[test]
fn the_backend_is_named_for_settings_about() {
    assert_eq!(store("name").backend(), "Secret Service (D-Bus)");
}

#[test]
fn a_missing_keychain_gives_the_clear_keychain_error() {
    // A D-Bus session with no Secret Service on it: what a desktop without a keyring looks like.
    // Run in a child process so this test's environment cannot affect the others.
    if std::env::var_os("INVITE_DESK_KEYCHAIN_CHILD").is_some() {
        let e = store("missing").get(Provider::Hireflix).unwrap_err();
        assert_is_the_clear_keychain_error(&e);
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "a_missing_keychain_gives_the_clear_keychain_error",
            "--exact",
            "--nocapture",
        ])
        .env("INVITE_DESK_KEYCHAIN_CHILD", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/invite-desk-no-bus",
        )
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "{text}");
}

#[test]
fn a_locked_keychain_gives_the_clear_keychain_error() {
    // Locking the keyring would disturb the other tests in this D-Bus session, so the child runs
    // in a throwaway keyring session of its own, with no display for an unlock prompt.
    if std::env::var_os("INVITE_DESK_KEYCHAIN_LOCKED_CHILD").is_some() {
        let s = store("locked");
        s.set(Provider::Tidyhire, "tidyhire-key").unwrap();
        // Lock the login keyring through the Secret Service API, as a screen lock would.
        let lock = std::process::Command::new("dbus-send")
            .args([
                "--session",
                "--dest=org.freedesktop.secrets",
                "--type=method_call",
                "--print-reply",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login",
            ])
            .status()
            .unwrap();
        assert!(lock.success(), "the keyring could not be locked");
        let e = s.get(Provider::Tidyhire).unwrap_err();
        assert_is_the_clear_keychain_error(&e);
        return;
    }
    run_in_own_keyring(
        "a_locked_keychain_gives_the_clear_keychain_error",
        "INVITE_DESK_KEYCHAIN_LOCKED_CHILD",
    );
}

#[test]
fn reads_survive_a_keyring_daemon_restart() {
    // The store keeps one Secret Service session open; when the daemon is replaced (a crash, a
    // log-out/in of the keyring), the next read opens a new session instead of failing. Runs in
    // a throwaway keyring session of its own, because the daemon is replaced.
    if std::env::var_os("INVITE_DESK_KEYCHAIN_RESTART_CHILD").is_some() {
        let s = store("restart");
        s.set(Provider::Hireflix, "hireflix-key").unwrap();
        assert_eq!(
            s.get(Provider::Hireflix).unwrap().unwrap().expose(),
            "hireflix-key"
        );
        let mut daemon = std::process::Command::new("gnome-keyring-daemon")
            .args(["--replace", "--unlock", "--components=secrets"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut stdin = daemon.stdin.take().unwrap();
            stdin.write_all(b"throwaway-test-password").unwrap();
        }
        assert!(
            daemon.wait().unwrap().success(),
            "the daemon did not restart"
        );
        assert!(s.has(Provider::Hireflix).unwrap());
        assert_eq!(
            s.get(Provider::Hireflix).unwrap().unwrap().expose(),
            "hireflix-key"
        );
        assert!(s.get(Provider::Xobin).unwrap().is_none());
        return;
    }
    run_in_own_keyring(
        "reads_survive_a_keyring_daemon_restart",
        "INVITE_DESK_KEYCHAIN_RESTART_CHILD",
    );
}
