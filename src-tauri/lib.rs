//! Invite Desk: one form to invite a candidate to an AI interview (or schedule one) at Xobin,
//! InterviewFlowAI, Tidyhire, Hireflix or Apploi, with a local history and keys in the keychain.

pub mod accounts;
pub mod applog;
pub mod bulk;
pub mod clipboard;
pub mod commands;
pub mod desktop;
pub mod diagnostics;
pub mod error;
pub mod follow_up;
pub mod history;
pub mod invite;
pub mod lane;
pub mod memory;
pub mod message;
pub mod provider;
pub mod providers;
pub mod schedule;
pub mod secrets;
pub mod settings;
pub mod state;
pub mod team;
pub mod updates;
pub mod vendor_accounts;

use tauri::{Manager, Runtime};

/// Adds Invite Desk's plugins and commands to a builder. Generic over the runtime, so tests
/// drive the real command list with `tauri::test::mock_builder()`.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(clipboard::plugin())
        .plugin(tauri_plugin_opener::init())
        .plugin(desktop::window_state_plugin())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::ui_ready,
            commands::provider_info,
            commands::settings::list_time_zones,
            commands::settings::preview_time,
            commands::settings::expiry_preset,
            commands::settings::key_status,
            commands::settings::save_key,
            commands::settings::delete_key,
            commands::accounts::list_accounts,
            commands::accounts::add_account,
            commands::accounts::rename_account,
            commands::accounts::set_account_address,
            commands::accounts::save_account_key,
            commands::accounts::delete_account_key,
            commands::accounts::remove_account,
            commands::accounts::test_account,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::invite::check_invite,
            commands::invite::send_invite,
            commands::invite::copy_text,
            commands::invite::open_link,
            commands::history::history_query,
            commands::history::history_get,
            commands::history::export_history,
            commands::history::job_profiles,
            commands::history::save_job_profile,
            commands::history::delete_job_profile,
            commands::bulk::bulk_open_file,
            commands::bulk::bulk_load_dropped,
            commands::bulk::bulk_load_text,
            commands::bulk::bulk_check,
            commands::bulk::bulk_send,
            commands::bulk::bulk_resume,
            commands::bulk::bulk_control,
            commands::bulk::bulk_unfinished,
            commands::bulk::bulk_discard,
            commands::bulk::bulk_export,
            commands::follow_up::hireflix_positions,
            commands::follow_up::apploi_applicants,
            commands::history::recent_refs,
            commands::history::forget_ref,
            commands::history::label_ref,
            commands::follow_up::refresh_status,
            commands::follow_up::revoke_invite,
            commands::follow_up::follow_up_board,
            commands::follow_up::reminder_text,
            commands::follow_up::invite_message,
            commands::follow_up::mark_reminded,
            commands::follow_up::snooze_invite,
            commands::follow_up::follow_up_events,
            commands::follow_up::set_invite_language,
            commands::reinvite::reinvite_xobin,
            commands::templates::list_templates,
            commands::templates::save_template,
            commands::templates::delete_template,
            commands::templates::preview_template,
            commands::templates::export_templates,
            commands::templates::import_templates,
            commands::team::team_status,
            commands::team::team_join,
            commands::team::team_leave,
            commands::team::team_test,
            commands::team::team_sync,
            commands::candidate::candidate_find,
            commands::candidate::candidate_export,
            commands::candidate::candidate_forget,
            commands::candidate::erasure_log,
            commands::about::update_check,
            commands::about::update_install,
            commands::about::diagnostics,
            commands::about::copy_diagnostics,
        ])
}

/// Hands the app its state and each flow built over it (bulk, follow-up, team), each a managed
/// type of its own so a command takes only what it uses. Returns the team, whose background
/// sync the caller starts.
pub fn manage<R: Runtime>(app: &tauri::AppHandle<R>, state: state::AppState) -> team::Team {
    let team = team::Team::new(&state);
    app.manage(bulk::Bulk::new(&state));
    app.manage(follow_up::FollowUp::new(&state));
    app.manage(team.clone());
    app.manage(state);
    team
}

/// Set on the one restart `run` allows itself (see there).
const RESTARTED: &str = "INVITE_DESK_RESTARTED";

/// Replaces this process with a fresh start of the same program (Unix), or starts it and exits
/// with its status (elsewhere). Returns only if that could not be done.
fn restart_self() {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut cmd = std::process::Command::new(exe);
    cmd.args(std::env::args_os().skip(1)).env(RESTARTED, "1");
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let _ = cmd.exec();
    }
    #[cfg(not(unix))]
    if let Ok(status) = cmd.status() {
        std::process::exit(status.code().unwrap_or(1));
    }
}

/// Builds the state, then the main window (`"create": false` in tauri.conf.json) with the boot
/// data in its initialization script, then runs the app.
pub fn run() {
    applog::started();
    // First: a second launch hands over to the running one (which shows and focuses its window)
    // and exits before it opens anything, so two processes never share one history. The
    // history's own lock file (history/) stands behind this for any other way of starting two.
    // The updater lives in the app itself, not in `configure`: the test harness has no update
    // feed or key (a test build may be given one, `updates::test_pubkey`).
    let mut updater = tauri_plugin_updater::Builder::new();
    if let Some(key) = crate::updates::test_pubkey() {
        updater = updater.pubkey(key);
    }
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(updater.build());
    let ran = configure(builder)
        .on_page_load(|_, load| {
            applog::start_step(match load.event() {
                tauri::webview::PageLoadEvent::Started => "page load started",
                tauri::webview::PageLoadEvent::Finished => "page load finished",
            });
        })
        .setup(|app| {
            applog::start_step("setup");
            let mut state = state::AppState::load(app.handle())?;
            applog::start_step("state");
            applog::init(&state.data_dir);
            applog::install_panic_hook(&state.data_dir);
            applog::line(&format!(
                "Invite Desk {} started",
                env!("CARGO_PKG_VERSION")
            ));
            if applog::new_crashes(&state.data_dir) > 0 {
                state.notices.push(
                    "Invite Desk stopped unexpectedly last time. Settings → About → Copy \
                     diagnostics includes what happened, for your support contact."
                        .into(),
                );
            }
            app.manage(updates::Enabled);
            let (state_db, state_settings) = (state.db.clone(), state.settings.clone());
            let boot = commands::boot_script(&state);
            let team = manage(app.handle(), state);
            let config = app
                .config()
                .app
                .windows
                .first()
                .cloned()
                .ok_or("tauri.conf.json lists no window")?;
            // The benchmark build can open another page of the web view's build in the same
            // window (a variant of the start page, compared side by side: BENCHMARKS.md).
            #[cfg(feature = "bench")]
            let config = match std::env::var("INVITE_DESK_BENCH_PAGE") {
                Ok(page) => tauri::utils::config::WindowConfig {
                    url: tauri::WebviewUrl::App(page.into()),
                    ..config
                },
                Err(_) => config,
            };
            let mut builder = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
                .initialization_script(&boot);
            if let Some(at) = desktop::initial_position(app.handle()) {
                let scale = app
                    .primary_monitor()
                    .ok()
                    .flatten()
                    .map_or(1.0, |m| m.scale_factor());
                builder = builder.position(f64::from(at.x) / scale, f64::from(at.y) / scale);
            }
            applog::start_step("boot data");
            let window = builder.build()?;
            applog::start_step("window");
            desktop::keep_window(&window);
            // A file dropped on the window: Rust keeps its path; the web view asks for it by
            // `bulk_load_dropped` and never names a path itself.
            let handle = app.handle().clone();
            window.on_window_event(move |e| {
                if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = e {
                    handle.state::<bulk::Bulk>().set_dropped(paths.clone());
                }
            });
            // Candidate data: invites past the retention period are deleted at start and daily
            // (off unless Settings → Candidate data sets a period).
            let db = state_db.clone();
            let settings = state_settings.clone();
            tauri::async_runtime::spawn(async move {
                loop {
                    if let Some(days) = settings.get().retention_days {
                        let db = db.clone();
                        let done = tokio::task::spawn_blocking(move || {
                            db.apply_retention(days, chrono::Utc::now())
                        })
                        .await;
                        match done {
                            Ok(Ok(Some(e))) => {
                                applog::line(&format!("retention deleted {} invite(s)", e.rows))
                            }
                            Ok(Ok(None)) => {}
                            Ok(Err(e)) => applog::line(&format!(
                                "retention could not delete old invites: {}",
                                e.message
                            )),
                            Err(e) => applog::line(&format!("retention stopped: {e}")),
                        }
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(24 * 3600)).await;
                }
            });
            // Team mode: push waiting outcomes and pull colleagues' invites every 15 s, and at
            // once after a send (idle while no team is set up).
            tauri::async_runtime::spawn(async move {
                team.sync_forever(std::time::Duration::from_secs(15)).await;
            });
            // The daily follow-up digest (off unless Settings turns it on).
            tauri::async_runtime::spawn(desktop::digest_forever(app.handle().clone()));
            applog::start_step("setup done");
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = ran {
        // Started right after a running Invite Desk died (a crash, `kill -9`), the session bus
        // may not yet have freed the single-instance name: handing over to a process that is
        // gone fails. Start once more a moment later instead of refusing to start.
        if e.to_string().contains("single-instance") && std::env::var_os(RESTARTED).is_none() {
            std::thread::sleep(std::time::Duration::from_millis(800));
            restart_self();
        }
        // Start-up failed before any window could say so (no display, no data folder…).
        eprintln!("Invite Desk could not start: {e}");
        std::process::exit(1);
    }
}
