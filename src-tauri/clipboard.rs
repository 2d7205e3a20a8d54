//! The system clipboard, for text only (an interview link, a message, the diagnostics). One
//! clipboard handle kept for the app's life — on X11 and Wayland the copied text is served from
//! it until another program takes the clipboard — opened on first use, so a start without a
//! display does not fail, and closed when the app exits (the text is then handed to a clipboard
//! manager where there is one). Text only: no image support is built into the binary.

use std::sync::Mutex;

use tauri::plugin::TauriPlugin;
use tauri::{Manager, RunEvent, Runtime};

/// The clipboard handle, managed by [`plugin`].
pub struct Clipboard(Mutex<Option<arboard::Clipboard>>);

impl Clipboard {
    fn new() -> Clipboard {
        Clipboard(Mutex::new(None))
    }

    /// Puts `text` on the clipboard; the error is the system's words.
    pub fn write_text(&self, text: &str) -> Result<(), String> {
        let mut held = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if held.is_none() {
            *held = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        match held.as_mut() {
            Some(c) => c.set_text(text.to_string()).map_err(|e| e.to_string()),
            None => Err("no clipboard".into()),
        }
    }

    fn close(&self) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take();
    }
}

/// Manages the [`Clipboard`] and closes it when the app exits.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("text-clipboard")
        .setup(|app, _| {
            app.manage(Clipboard::new());
            Ok(())
        })
        .on_event(|app, event| {
            if let RunEvent::Exit = event {
                if let Some(c) = app.try_state::<Clipboard>() {
                    c.close();
                }
            }
        })
        .build()
}

/// The app's clipboard.
pub fn of<R: Runtime, M: Manager<R>>(app: &M) -> tauri::State<'_, Clipboard> {
    app.state::<Clipboard>()
}
