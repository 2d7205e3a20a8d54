//! Staying current: asks the update feed (the one the app was built with, or a company's own from
//! Settings) whether a newer version exists, and installs it — downloaded, its minisign signature
//! checked against the public key the app was built with, then handed to the system's package
//! tool (`dpkg -i` / `rpm -U` through pkexec) and the app restarted. Where this copy cannot
//! replace itself (not installed from a .deb or .rpm, no rights, a failed install) the offer says
//! so and gives the download address instead. Never while an invite or a batch is being sent.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::UpdaterExt;
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorKind};

/// Registered when the updater plugin is (the app's own start, not the test harness), so the
/// commands can say "updates are not available here" instead of failing.
pub struct Enabled;

/// A newer version, as the feed describes it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOffer {
    pub version: String,
    /// The release notes, as the feed gives them (shown as text).
    pub notes: Option<String>,
    pub date: Option<String>,
    /// Where the package for this computer is (https in a real feed).
    pub download_url: String,
    /// Whether this copy can install it itself; when not, `why_not` says why and the download
    /// address is the way.
    pub can_install: bool,
    pub why_not: Option<String>,
}

/// What a check found.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    pub current: String,
    /// `None`: this is the newest version.
    pub offer: Option<UpdateOffer>,
    pub checked_at: DateTime<Utc>,
    /// How this copy was installed: "deb", "rpm", "AppImage", or "not installed from a package".
    pub install_kind: String,
}

/// Progress of "Install and restart".
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "phase", rename_all = "camelCase")]
pub enum InstallProgress {
    Downloading {
        #[ts(type = "number")]
        received: u64,
        #[ts(type = "number | null")]
        total: Option<u64>,
    },
    Verified,
    Installing,
}

/// Why an update may not be installed now: an invite (`sending`) or a batch is on its way.
pub fn refusal_while_sending(sending: usize, batch_running: bool) -> Option<AppError> {
    (sending > 0 || batch_running).then(|| {
        AppError::new(
            ErrorKind::Duplicate,
            "Invite Desk is sending right now (an invite or a batch): install the update once it \
             has finished.",
        )
    })
}

/// How this copy was installed, read from the marker the bundler writes into the binary.
pub fn install_kind() -> (&'static str, bool) {
    use tauri::utils::config::BundleType;
    use tauri::utils::platform::bundle_type;
    match bundle_type() {
        Some(BundleType::Deb) => ("deb", true),
        Some(BundleType::Rpm) => ("rpm", true),
        Some(BundleType::AppImage) => ("AppImage", true),
        _ => ("not installed from a package", false),
    }
}

/// The public key a test build may be given instead of the built-in one (debug builds only: a
/// released app trusts only the key it was built with).
pub(crate) fn test_pubkey() -> Option<String> {
    if cfg!(debug_assertions) {
        std::env::var("INVITE_DESK_TEST_UPDATER_PUBKEY").ok()
    } else {
        None
    }
}

/// The largest package the updater downloads (the Linux packages are about 20 MB).
const MAX_PACKAGE: u64 = 300_000_000;
/// How long a package download may take in all.
const DOWNLOAD_SECS: u64 = 15 * 60;

fn updater<R: Runtime>(
    app: &AppHandle<R>,
    feed: Option<&str>,
) -> AppResult<tauri_plugin_updater::Updater> {
    use tauri::Manager;
    if app.try_state::<Enabled>().is_none() {
        return Err(AppError::new(
            ErrorKind::Validation,
            "Updates are not available in this copy of Invite Desk.",
        ));
    }
    let mut b = app
        .updater_builder()
        .timeout(std::time::Duration::from_secs(30));
    if let Some(feed) = feed {
        crate::settings::check_update_feed(feed)?;
        let url = url::Url::parse(feed.trim()).map_err(|_| {
            AppError::validation("updateFeed", "The update feed is not an address.")
        })?;
        b = b.endpoints(vec![url]).map_err(update_error)?;
    }
    b.build().map_err(update_error)
}

/// The updater's errors in the coordinator's words (a signature that does not match is said
/// plainly: nothing was installed).
fn update_error(e: tauri_plugin_updater::Error) -> AppError {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) => AppError::new(
            ErrorKind::Vendor,
            "The update's signature is invalid: it was not made with Invite Desk's signing key, or \
             the download was damaged. Nothing was installed.",
        ),
        E::Reqwest(e) if e.is_decode() => AppError::new(
            ErrorKind::Vendor,
            "The update feed did not answer with a release description (latest.json). Check the \
             feed address in Settings → About.",
        ),
        E::ReleaseNotFound | E::Serialization(_) => AppError::new(
            ErrorKind::Vendor,
            "The update feed did not answer with a release description (latest.json). Check the \
             feed address in Settings → About.",
        ),
        E::Reqwest(_) | E::Network(_) => AppError::new(
            ErrorKind::Network,
            "The update feed could not be reached. Invite Desk works as before; check again later.",
        ),
        E::TargetNotFound(t) => AppError::new(
            ErrorKind::Vendor,
            format!("The update feed has no package for this computer ({t})."),
        ),
        E::TargetsNotFound(t) => AppError::new(
            ErrorKind::Vendor,
            format!(
                "The update feed has no package for this computer ({}).",
                t.join(", ")
            ),
        ),
        other => AppError::new(ErrorKind::Vendor, format!("The update failed: {other}.")),
    }
}

fn offer_of(u: &tauri_plugin_updater::Update) -> UpdateOffer {
    let (_, can) = install_kind();
    UpdateOffer {
        version: u.version.clone(),
        notes: u.body.clone(),
        date: u.date.map(|d| d.to_string()),
        download_url: u.download_url.to_string(),
        can_install: can,
        why_not: (!can).then(|| {
            format!(
                "This copy of Invite Desk was not installed from a .deb or .rpm package, so it \
                 cannot replace itself: download version {} from {} and install it.",
                u.version, u.download_url
            )
        }),
    }
}

/// Asks the feed whether a newer version exists.
pub async fn check<R: Runtime>(app: &AppHandle<R>, feed: Option<&str>) -> AppResult<UpdateCheck> {
    let found = updater(app, feed)?.check().await.map_err(update_error)?;
    crate::applog::line(match &found {
        Some(_) => "update check: a newer version is available",
        None => "update check: up to date",
    });
    Ok(UpdateCheck {
        current: app.package_info().version.to_string(),
        offer: found.as_ref().map(offer_of),
        checked_at: Utc::now(),
        install_kind: install_kind().0.to_string(),
    })
}

/// Downloads the newest version and checks its signature; returns the verified package bytes.
/// `progress` is told how far the download is.
pub async fn download_verified<R: Runtime>(
    app: &AppHandle<R>,
    feed: Option<&str>,
    progress: &(dyn Fn(InstallProgress) + Send + Sync),
) -> AppResult<(tauri_plugin_updater::Update, Vec<u8>)> {
    let update = updater(app, feed)?
        .check()
        .await
        .map_err(update_error)?
        .ok_or_else(|| {
            AppError::new(ErrorKind::NotFound, "There is no newer version to install.")
        })?;
    // The check's 30 s cover one small file; a package may take minutes on a slow line (the
    // updater's timeout covers the whole body). The updater keeps the body in memory, so a
    // feed that sends more than a package can be is stopped there.
    let mut update = update;
    update.timeout = Some(std::time::Duration::from_secs(DOWNLOAD_SECS));
    let too_big = std::sync::Arc::new(tokio::sync::Notify::new());
    let stop = too_big.clone();
    let mut received = 0u64;
    let download = update.download(
        |chunk, total| {
            received += chunk as u64;
            if received > MAX_PACKAGE || total.is_some_and(|t| t > MAX_PACKAGE) {
                stop.notify_one();
            }
            progress(InstallProgress::Downloading { received, total });
        },
        || {},
    );
    let bytes = tokio::select! {
        r = download => r.map_err(|e| match e {
            tauri_plugin_updater::Error::Reqwest(e) if e.is_timeout() => AppError::new(
                ErrorKind::Timeout,
                format!(
                    "The update took longer than {} minutes to download. Invite Desk works as \
                     before; try again on a faster connection.",
                    DOWNLOAD_SECS / 60
                ),
            ),
            e => update_error(e),
        })?,
        _ = too_big.notified() => {
            return Err(AppError::new(
                ErrorKind::Vendor,
                format!(
                    "The update feed sent more than {} MB, more than an Invite Desk package can \
                     be: the download was stopped and nothing was installed. Check the feed \
                     address in Settings → About.",
                    MAX_PACKAGE / 1_000_000
                ),
            ));
        }
    };
    progress(InstallProgress::Verified);
    crate::applog::line("update: downloaded and its signature verified");
    Ok((update, bytes))
}

/// Installs verified package bytes with the system's package tool. Where this copy cannot
/// install itself, the error says why and where to download the version instead.
pub fn install(update: &tauri_plugin_updater::Update, bytes: &[u8]) -> AppResult<()> {
    let offer = offer_of(update);
    if let Some(why) = offer.why_not {
        return Err(AppError::new(ErrorKind::Validation, why));
    }
    update.install(bytes).map_err(|e| {
        crate::applog::line("update: the install failed");
        AppError::new(
            ErrorKind::Vendor,
            format!(
                "Version {} was downloaded and verified, but could not be installed ({e}). \
                 Download it from {} and install it by hand.",
                update.version, update.download_url
            ),
        )
    })
}
