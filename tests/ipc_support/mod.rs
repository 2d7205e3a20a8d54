//! The real command list over Tauri's mock runtime, the way the web view calls it: one app on a
//! temp data folder, and `call` for one IPC request with JSON in and out.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // test set-up may unwrap

use std::path::{Path, PathBuf};
use std::sync::Arc;

use invite_desk::providers;
use invite_desk::secrets::SecretStore;
use invite_desk::state::AppState;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

pub struct App {
    _dir: tempfile::TempDir,
    pub data_dir: PathBuf,
    pub app: tauri::App<tauri::test::MockRuntime>,
    pub window: tauri::WebviewWindow<tauri::test::MockRuntime>,
}

/// The app with `secrets`, on a fresh data folder that `prepare` may fill first.
pub fn app_on(secrets: Arc<dyn SecretStore>, prepare: impl FnOnce(&Path)) -> App {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    prepare(&data_dir);
    let state = AppState::open(&data_dir, secrets, providers::default_client().unwrap()).unwrap();
    let app = invite_desk::configure(mock_builder())
        .build(mock_context(noop_assets()))
        .unwrap();
    invite_desk::manage(app.handle(), state);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    App {
        _dir: dir,
        data_dir,
        app,
        window,
    }
}

/// One command over IPC: `Ok` with what it returned, `Err` with the error JSON the page gets.
pub fn call(a: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &a.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}
