//! Updates against a local feed: a `latest.json` for 9.9.9 signed with a throwaway key (made by
//! `tauri signer generate` for this run) is offered with its notes, downloaded and verified; one
//! flipped byte, a package signed with another key, a feed that is down and a feed answering HTML
//! are refused with plain words, and nothing is installed. The signing key never lives in the
//! repository.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use std::path::{Path, PathBuf};
use std::process::Command;

use invite_desk::updates::{self, InstallProgress};
use serde_json::json;
use tauri::test::{mock_builder, mock_context, noop_assets};
use tauri::Manager;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PACKAGE: &[u8] = b"!<arch>\ndebian-binary   a throwaway package for the update test\n";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `npx tauri signer …` from the project's own npm packages (scripts/setup.sh installs them).
fn signer(args: &[&str]) -> std::process::Output {
    let out = Command::new("npx")
        .args(["--no-install", "tauri", "signer"])
        .args(args)
        .env("TAURI_SIGNING_PRIVATE_KEY_PASSWORD", "")
        .current_dir(root())
        .output()
        .expect("npx runs (scripts/setup.sh installs the npm packages)");
    assert!(
        out.status.success(),
        "tauri signer {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A throwaway key pair: (private key file, public key text).
fn keypair(dir: &Path, name: &str) -> (PathBuf, String) {
    let key = dir.join(name);
    signer(&["generate", "--ci", "-p", "", "-w", key.to_str().unwrap()]);
    let public = std::fs::read_to_string(key.with_extension("key.pub"))
        .or_else(|_| std::fs::read_to_string(format!("{}.pub", key.display())))
        .unwrap();
    (key, public.trim().to_string())
}

/// The signature `tauri signer sign` writes beside `file`.
fn sign(key: &Path, file: &Path) -> String {
    let private = std::fs::read_to_string(key).unwrap();
    let out = Command::new("npx")
        .args(["--no-install", "tauri", "signer", "sign", "-p", ""])
        .arg(file)
        .env("TAURI_SIGNING_PRIVATE_KEY", private.trim())
        .env("TAURI_SIGNING_PRIVATE_KEY_PASSWORD", "")
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(format!("{}.sig", file.display()))
        .unwrap()
        .trim()
        .to_string()
}

/// The app with the updater trusting `pubkey` (as a build made with that key would).
fn app(pubkey: &str) -> tauri::App<tauri::test::MockRuntime> {
    let mut context = mock_context(noop_assets());
    context.config_mut().plugins.0.insert(
        "updater".into(),
        json!({ "pubkey": pubkey, "endpoints": ["https://releases.invitedesk.app/latest.json"] }),
    );
    let app = mock_builder()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .build(context)
        .unwrap();
    app.manage(updates::Enabled);
    app
}

/// A feed serving `latest.json` for 9.9.9 and its package (`served`, signed as `signature`).
async fn feed(signature: &str, served: &[u8]) -> MockServer {
    let server = MockServer::start().await;
    let platform = json!({ "signature": signature, "url": format!("{}/invite-desk_9.9.9_amd64.deb", server.uri()) });
    Mock::given(method("GET"))
        .and(path("/latest.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "version": "9.9.9",
            "notes": "Faster bulk invites.\n<b>not bold</b>",
            "pub_date": "2026-12-01T09:00:00Z",
            "platforms": { "linux-x86_64": platform, "linux-x86_64-deb": platform, "linux-x86_64-rpm": platform }
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/invite-desk_9.9.9_amd64.deb"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(served.to_vec()))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_signed_update_is_offered_downloaded_and_verified_and_a_tampered_or_foreign_one_is_refused(
) {
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = keypair(dir.path(), "release.key");
    let (other_key, _) = keypair(dir.path(), "other.key");
    let package = dir.path().join("invite-desk_9.9.9_amd64.deb");
    std::fs::write(&package, PACKAGE).unwrap();
    let signature = sign(&key, &package);
    let app = app(&public);
    let handle = app.handle();

    // The right key: offered with its notes, downloaded, verified.
    let good = feed(&signature, PACKAGE).await;
    let url = format!("{}/latest.json", good.uri());
    let check = updates::check(handle, Some(&url)).await.unwrap();
    let offer = check.offer.expect("9.9.9 is offered");
    assert_eq!(offer.version, "9.9.9");
    assert_eq!(
        offer.notes.as_deref(),
        Some("Faster bulk invites.\n<b>not bold</b>")
    );
    assert!(offer.download_url.ends_with("/invite-desk_9.9.9_amd64.deb"));
    // This test binary was not installed from a package: it says so and where to download.
    assert!(!offer.can_install);
    assert!(offer
        .why_not
        .as_deref()
        .unwrap()
        .contains("/invite-desk_9.9.9_amd64.deb"));
    let phases = std::sync::Mutex::new(Vec::new());
    let progress = |p: InstallProgress| phases.lock().unwrap().push(p);
    let (update, bytes) = updates::download_verified(handle, Some(&url), &progress)
        .await
        .unwrap();
    assert_eq!(bytes, PACKAGE);
    assert!(matches!(
        phases.lock().unwrap().last(),
        Some(InstallProgress::Verified)
    ));
    // And it is not installed by a copy that cannot replace itself.
    let e = updates::install(&update, &bytes).unwrap_err();
    assert!(e.message.contains("cannot replace itself"), "{}", e.message);

    // One flipped byte: the signature does not match; nothing is handed to an installer.
    let mut tampered = PACKAGE.to_vec();
    tampered[12] ^= 0x01;
    let bad = feed(&signature, &tampered).await;
    let e =
        updates::download_verified(handle, Some(&format!("{}/latest.json", bad.uri())), &|_| {})
            .await
            .err()
            .expect("refused");
    assert!(
        e.message.starts_with("The update's signature is invalid"),
        "{}",
        e.message
    );

    // Signed with another key: refused the same way.
    let foreign = sign(&other_key, &package);
    let other = feed(&foreign, PACKAGE).await;
    let e = updates::download_verified(
        handle,
        Some(&format!("{}/latest.json", other.uri())),
        &|_| {},
    )
    .await
    .err()
    .expect("refused");
    assert!(
        e.message.starts_with("The update's signature is invalid"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn a_feed_that_is_down_or_answers_html_is_a_plain_line_not_an_offer() {
    let app = app("dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk6IEI3QjZCODFFQzZBODhBMTEKUldRUmlxakdIcmkydDk2NGJ2dXBRZ2dXckJSNHVpTDNqNzZlTlVGMG9PbVFFS1JqYW5VOE9tTjIK");
    let handle = app.handle();
    // Nothing listens there.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let e = updates::check(
        handle,
        Some(&format!("http://127.0.0.1:{port}/latest.json")),
    )
    .await
    .unwrap_err();
    assert!(e.message.contains("could not be reached"), "{}", e.message);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/latest.json"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><body>Sign in to the portal</body></html>"),
        )
        .mount(&server)
        .await;
    let e = updates::check(handle, Some(&format!("{}/latest.json", server.uri())))
        .await
        .unwrap_err();
    assert!(
        e.message
            .contains("did not answer with a release description"),
        "{}",
        e.message
    );
}

#[test]
fn a_company_feed_must_be_https_and_hold_no_password() {
    for bad in [
        "http://updates.example.com/latest.json",
        "ftp://updates.example.com/latest.json",
        "https://user:pw@updates.example.com/latest.json",
        "latest.json",
    ] {
        let e = invite_desk::settings::check_update_feed(bad).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("updateFeed"), "{bad}");
    }
    invite_desk::settings::check_update_feed("https://updates.example.com/invite-desk/latest.json")
        .unwrap();
}

#[test]
fn no_update_is_installed_while_an_invite_or_a_batch_is_being_sent() {
    assert!(updates::refusal_while_sending(1, false).is_some());
    assert!(updates::refusal_while_sending(0, true).is_some());
    assert!(updates::refusal_while_sending(0, false).is_none());
    let e = updates::refusal_while_sending(0, true).unwrap();
    assert!(e.message.contains("once it has finished"), "{}", e.message);
}
