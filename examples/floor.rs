//! The benchmark floor: an empty Tauri window from the same crate, profile and window settings
//! as Invite Desk, whose page reports DOMContentLoaded over IPC. `scripts/bench.sh` measures
//! spawn → that stderr line and compares Invite Desk's launch and memory against it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Called by `floor.js` on DOMContentLoaded; prints the line the benchmark waits for.
/// Called by `floor.js` at DOMContentLoaded and again after the first frame is painted
/// (`painted`); prints the lines the benchmark waits for. `page` is `performance.now()` then,
/// i.e. ms since the page's navigation started.
#[tauri::command]
fn floor_ready(page: Option<u64>, painted: Option<bool>) -> u64 {
    let ms = STARTED
        .get()
        .map(|t| t.elapsed().as_millis() as u64)
        .unwrap_or(0);
    let what = if painted == Some(true) {
        "painted"
    } else {
        "DOMContentLoaded"
    };
    match page {
        Some(p) => eprintln!("Invite Desk floor: {what} {ms} ms after start (page: {p})"),
        None => eprintln!("Invite Desk floor: {what} {ms} ms after start"),
    }
    ms
}

fn main() {
    STARTED.get_or_init(Instant::now);
    let mut context = tauri::generate_context!();
    // Same window (size, label, CSP) as the app; only the page differs.
    for window in &mut context.config_mut().app.windows {
        window.url = tauri::WebviewUrl::App("floor.html".into());
        // The app builds its window in `setup` (to hand it the boot data); the floor lets Tauri
        // build it from the config, which is what an empty app does.
        window.create = true;
        window.title = "Invite Desk floor".into();
    }
    // The same start steps as the app's benchmark build prints (applog::start_step).
    let step = |what: &str| {
        let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
        eprintln!("Invite Desk floor: start step {what} {ms} ms after start");
    };
    tauri::Builder::default()
        .plugin(
            tauri::plugin::Builder::<tauri::Wry>::new("start-steps")
                .setup(move |_, _| {
                    step("plugins");
                    Ok(())
                })
                .build(),
        )
        .setup(move |_| {
            step("setup");
            Ok(())
        })
        .on_page_load(move |_, load| {
            step(match load.event() {
                tauri::webview::PageLoadEvent::Started => "page load started",
                tauri::webview::PageLoadEvent::Finished => "page load finished",
            })
        })
        .invoke_handler(tauri::generate_handler![floor_ready])
        .run(context)
        .expect("the floor window could not start");
}
