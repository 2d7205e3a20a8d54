//! Desktop habits: the window remembers its size, place and maximised state
//! (tauri-plugin-window-state) and comes back on screen when its monitor is gone; a native
//! notification says that long work finished while the window was in the background
//! (tauri-plugin-notification). Bulk sending and status refreshes call [`notify_if_away`]; the
//! daily follow-up digest runs in [`digest_forever`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tauri::{
    AppHandle, Manager, PhysicalPosition, PhysicalSize, Runtime, WebviewWindow, WindowEvent,
};
use tauri_plugin_notification::{NotificationExt, PermissionState};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// What the window remembers. Not its visibility or decorations: those are the app's to decide.
pub fn window_state_flags() -> StateFlags {
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

pub fn window_state_plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_window_state::Builder::default()
        .with_state_flags(window_state_flags())
        .build()
}

/// A rectangle in physical pixels (a window's outer frame or a monitor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    fn right(&self) -> i64 {
        i64::from(self.x) + i64::from(self.width)
    }
    fn bottom(&self) -> i64 {
        i64::from(self.y) + i64::from(self.height)
    }
}

/// How much of its title bar must be on a monitor for a window to count as reachable: enough to
/// grab it with the mouse.
const GRAB: i64 = 48;

/// The monitors' areas, in physical pixels.
fn monitor_rects(monitors: &[tauri::Monitor]) -> Vec<Rect> {
    monitors
        .iter()
        .map(|m| Rect {
            x: m.position().x,
            y: m.position().y,
            width: m.size().width,
            height: m.size().height,
        })
        .collect()
}

/// Where the window should be, given the monitors there are now: unchanged when enough of its
/// top edge is on one of them; otherwise shrunk to fit and centred on the first (primary)
/// monitor. `None` when it can stay where it is.
pub fn placement(window: Rect, monitors: &[Rect]) -> Option<Rect> {
    let reachable = monitors.iter().any(|m| {
        let overlap = window.right().min(m.right()) - i64::from(window.x).max(i64::from(m.x));
        let top_inside =
            i64::from(window.y) >= i64::from(m.y) && i64::from(window.y) + GRAB <= m.bottom();
        overlap >= GRAB && top_inside
    });
    if reachable || monitors.is_empty() {
        return None;
    }
    let m = monitors[0];
    let width = window.width.min(m.width);
    let height = window.height.min(m.height);
    Some(Rect {
        x: m.x + ((m.width - width) / 2) as i32,
        y: m.y + ((m.height - height) / 2) as i32,
        width,
        height,
    })
}

/// Where the main window should open, from the state the window-state plugin saved: the saved
/// place when it is on a monitor now, else centred on the primary monitor (`None` without a
/// saved state). Given to the window builder, because on X11 a position set after the window
/// exists can be overridden when it is first mapped; the plugin then restores the rest.
pub fn initial_position<R: Runtime>(app: &AppHandle<R>) -> Option<PhysicalPosition<i32>> {
    let path = app
        .path()
        .app_config_dir()
        .ok()?
        .join(tauri_plugin_window_state::DEFAULT_FILENAME);
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let main = saved.get("main")?;
    let num = |k: &str| main.get(k).and_then(serde_json::Value::as_i64);
    let maximized = main.get("maximized").and_then(serde_json::Value::as_bool) == Some(true);
    let (x, y) = if maximized {
        (num("prev_x")?, num("prev_y")?)
    } else {
        (num("x")?, num("y")?)
    };
    let rect = Rect {
        x: i32::try_from(x).ok()?,
        y: i32::try_from(y).ok()?,
        width: u32::try_from(num("width")?).ok()?,
        height: u32::try_from(num("height")?).ok()?,
    };
    if rect.width == 0 || rect.height == 0 {
        return None;
    }
    let monitors = monitor_rects(&app.available_monitors().ok()?);
    let at = placement(rect, &monitors).unwrap_or(rect);
    Some(PhysicalPosition::new(at.x, at.y))
}

/// After the main window is built (and restored by the window-state plugin): bring it back on
/// screen if it is not, and save its state shortly after each move or resize, so a crash or a
/// killed process does not forget where it was (the plugin itself saves only on a clean exit).
pub fn keep_window<R: Runtime>(window: &WebviewWindow<R>) {
    // Its frame is known only once the window is mapped: check a moment after start.
    let w = window.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        let on_main = w.clone();
        let _ = w.run_on_main_thread(move || bring_on_screen(&on_main));
    });
    let app = window.app_handle().clone();
    let pending = std::sync::Arc::new(AtomicBool::new(false));
    window.on_window_event(move |e| {
        if !matches!(e, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            return;
        }
        if pending.swap(true, Ordering::SeqCst) {
            return;
        }
        let (app, pending) = (app.clone(), pending.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            pending.store(false, Ordering::SeqCst);
            // On the main thread: the plugin's own event handler takes its lock there too.
            let handle = app.clone();
            let _ = app.run_on_main_thread(move || {
                let _ = handle.save_window_state(window_state_flags());
            });
        });
    });
}

fn bring_on_screen<R: Runtime>(window: &WebviewWindow<R>) {
    let (Ok(pos), Ok(size), Ok(monitors)) = (
        window.outer_position(),
        window.outer_size(),
        window.available_monitors(),
    ) else {
        return;
    };
    // Not mapped yet (GTK reports a 1×1 frame), or maximised: nothing to judge.
    if window.is_maximized().unwrap_or(false)
        || i64::from(size.width) < GRAB
        || i64::from(size.height) < GRAB
    {
        return;
    }
    let rect = Rect {
        x: pos.x,
        y: pos.y,
        width: size.width,
        height: size.height,
    };
    let screens = monitor_rects(&monitors);
    if let Some(to) = placement(rect, &screens) {
        let _ = window.set_size(PhysicalSize::new(to.width, to.height));
        let _ = window.set_position(PhysicalPosition::new(to.x, to.y));
    }
}

/// Work shorter than this is watched, not waited for: no notification.
pub const LONG_WORK: Duration = Duration::from_secs(5);

/// Should finished work be announced by a notification? Only when the coordinator wants it,
/// the work was long, and the window is not in front of them.
pub fn should_notify(enabled: bool, window_focused: bool, took: Duration) -> bool {
    enabled && !window_focused && took >= LONG_WORK
}

static ASKED: AtomicBool = AtomicBool::new(false);

/// Shows `title` / `body` as a native notification when [`should_notify`] says so. Permission is
/// asked once per run, the first time it is needed (desktop systems grant it; the OS remembers
/// an answer where it asks). Best effort: a desktop without a notification service shows none.
/// Returns whether a notification was handed to the system.
pub fn notify_if_away<R: Runtime>(
    app: &AppHandle<R>,
    took: Duration,
    title: &str,
    body: &str,
) -> bool {
    let enabled = app
        .try_state::<crate::state::AppState>()
        .map(|s| s.settings.get().notify_when_done)
        .unwrap_or(false);
    let focused = app
        .get_webview_window("main")
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(true);
    if !should_notify(enabled, focused, took) {
        return false;
    }
    notify(app, title, body)
}

/// Shows a native notification (asking for permission once where the system asks). Best
/// effort: a desktop without a notification service shows none.
pub fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) -> bool {
    let n = app.notification();
    let mut state = n.permission_state().unwrap_or(PermissionState::Denied);
    if matches!(
        state,
        PermissionState::Prompt | PermissionState::PromptWithRationale
    ) && !ASKED.swap(true, Ordering::SeqCst)
    {
        state = n.request_permission().unwrap_or(PermissionState::Denied);
    }
    if state != PermissionState::Granted {
        return false;
    }
    n.builder().title(title).body(body).show().is_ok()
}

/// The daily follow-up digest: checks once a minute, in the computer's zone as it is at each
/// check (a trip across zones moves it with the coordinator), and shows a notification when
/// the digest is due and something needs a nudge (`FollowUp::digest_tick`).
pub async fn digest_forever<R: Runtime>(app: AppHandle<R>) {
    loop {
        tokio::time::sleep(Duration::from_secs(60)).await;
        let Some(follow_up) = app.try_state::<crate::follow_up::FollowUp>() else {
            continue;
        };
        let zone = crate::schedule::system_tz();
        if let Ok(Some(words)) = follow_up.digest_tick(zone) {
            notify(&app, "Invite Desk — Follow up", &words);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREEN: Rect = Rect {
        x: 0,
        y: 0,
        width: 1920,
        height: 1080,
    };

    #[test]
    fn a_window_on_a_monitor_stays_where_it_is() {
        let w = Rect {
            x: 100,
            y: 80,
            width: 1100,
            height: 760,
        };
        assert_eq!(placement(w, &[SCREEN]), None);
        // Mostly off the right edge, but its title bar can still be grabbed.
        let w = Rect {
            x: 1800,
            y: 80,
            width: 1100,
            height: 760,
        };
        assert_eq!(placement(w, &[SCREEN]), None);
    }

    #[test]
    fn a_window_whose_monitor_is_gone_comes_back_centred_on_the_primary_one() {
        // It was on a second monitor to the right, now unplugged.
        let w = Rect {
            x: 2200,
            y: 100,
            width: 1100,
            height: 760,
        };
        assert_eq!(
            placement(w, &[SCREEN]),
            Some(Rect {
                x: 410,
                y: 160,
                width: 1100,
                height: 760
            })
        );
    }

    #[test]
    fn a_window_above_the_top_edge_or_too_big_for_the_monitor_is_brought_back_and_fitted() {
        let w = Rect {
            x: 100,
            y: -300,
            width: 1100,
            height: 760,
        };
        assert!(
            placement(w, &[SCREEN]).is_some(),
            "the title bar is out of reach"
        );
        let laptop = Rect {
            x: 0,
            y: 0,
            width: 1280,
            height: 720,
        };
        let w = Rect {
            x: 3000,
            y: 0,
            width: 2400,
            height: 1300,
        };
        assert_eq!(placement(w, &[laptop]), Some(laptop));
    }

    #[test]
    fn with_no_monitor_reported_nothing_is_moved() {
        let w = Rect {
            x: 5000,
            y: 5000,
            width: 800,
            height: 600,
        };
        assert_eq!(placement(w, &[]), None);
    }

    #[test]
    fn a_notification_needs_the_setting_a_long_wait_and_the_window_in_the_background() {
        let long = LONG_WORK + Duration::from_secs(1);
        assert!(should_notify(true, false, long));
        assert!(
            !should_notify(false, false, long),
            "switched off in Settings"
        );
        assert!(
            !should_notify(true, true, long),
            "the coordinator is looking at the window"
        );
        assert!(
            !should_notify(true, false, Duration::from_secs(1)),
            "short work"
        );
    }
}
