//! The system clipboard, for text only (an interview link, a message, the diagnostics).
//!
//! On Linux the text goes through the window's own toolkit (GTK 3, on the window's thread): the
//! app serves it on X11 and Wayland alike until another program takes the clipboard, and hands
//! it to a clipboard manager, where there is one, when the app exits. Elsewhere one arboard
//! handle is kept for the app's life, opened on first use. Text only either way: no image
//! support is built into the binary.

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, RunEvent, Runtime};

/// Puts `text` on the clipboard; the error is the system's words (or says that no display is
/// there to hold it, or that the window's thread is busy).
pub async fn write_text<R: Runtime>(app: &AppHandle<R>, text: String) -> Result<(), String> {
    let (done, answer) = tokio::sync::oneshot::channel();
    app.run_on_main_thread(move || {
        let _ = done.send(imp::write(&text));
    })
    .map_err(|e| e.to_string())?;
    // Writing takes microseconds; a window thread that does not answer within seconds is stuck,
    // and the coordinator is told rather than left waiting.
    match tokio::time::timeout(std::time::Duration::from_secs(5), answer).await {
        Ok(Ok(written)) => written,
        Ok(Err(_)) | Err(_) => Err("the window's thread did not answer".into()),
    }
}

/// Hands the clipboard over when the app exits (to a clipboard manager on Linux; arboard's
/// handle is closed elsewhere).
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("text-clipboard")
        .on_event(|_, event| {
            if let RunEvent::Exit = event {
                imp::hand_over();
            }
        })
        .build()
}

#[cfg(target_os = "linux")]
mod imp {
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Whether this app put text on the clipboard (so there is something to hand over at exit).
    static WRITTEN: AtomicBool = AtomicBool::new(false);

    fn clipboard() -> Result<gtk::Clipboard, String> {
        if !gtk::is_initialized_main_thread() {
            return Err("no display is open".into());
        }
        gtk::gdk::Display::default()
            .and_then(|d| gtk::Clipboard::default(&d))
            .ok_or_else(|| "no display is open".to_string())
    }

    /// Runs on the window's thread, where GTK lives.
    pub fn write(text: &str) -> Result<(), String> {
        let clipboard = clipboard()?;
        // GTK's set_text also marks the text as one to keep after the app exits (`hand_over`).
        clipboard.set_text(text);
        WRITTEN.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// At exit, on the window's thread: the text this app holds goes to a clipboard manager
    /// (GTK asks one only if it is there).
    pub fn hand_over() {
        if WRITTEN.load(Ordering::Relaxed) {
            if let Ok(c) = clipboard() {
                c.store();
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use std::sync::Mutex;

    /// One clipboard handle kept for the app's life, opened on first use.
    static HANDLE: Mutex<Option<arboard::Clipboard>> = Mutex::new(None);

    pub fn write(text: &str) -> Result<(), String> {
        let mut held = HANDLE.lock().unwrap_or_else(|p| p.into_inner());
        if held.is_none() {
            *held = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        match held.as_mut() {
            Some(c) => c.set_text(text.to_string()).map_err(|e| e.to_string()),
            None => Err("no clipboard".into()),
        }
    }

    pub fn hand_over() {
        HANDLE.lock().unwrap_or_else(|p| p.into_inner()).take();
    }
}
