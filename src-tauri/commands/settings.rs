//! Settings, keys and the time helpers of the Invite form: zones, previews, expiry presets. No
//! command returns an API key: the web view may only ask whether one is saved.

use chrono::Utc;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::blocking;
use crate::error::AppResult;
use crate::providers::Provider;
use crate::schedule::{self, Preview, WallTime, ZoneEntry};
use crate::settings::Settings;
use crate::state::AppState;

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ZoneList {
    pub zones: Vec<ZoneEntry>,
    pub system: schedule::SystemZone,
    pub last_used: Option<String>,
}

#[tauri::command]
pub async fn list_time_zones(state: State<'_, AppState>) -> AppResult<ZoneList> {
    // Every zone is read for this and dropped again (`schedule::list_time_zones`).
    crate::memory::release_soon();
    Ok(ZoneList {
        zones: schedule::list_time_zones(Utc::now()),
        system: schedule::system_zone(),
        last_used: state.settings.get().last_zone,
    })
}

/// An expiry preset ("in 7 days"…) computed in `zone` now; `null` for `custom`.
#[tauri::command]
pub async fn expiry_preset(
    preset: schedule::ExpiryPreset,
    zone: String,
    field: String,
    label: String,
) -> AppResult<Option<schedule::PresetTime>> {
    schedule::expiry_preset(preset, &zone, &field, &label, Utc::now())
}

#[tauri::command]
pub async fn preview_time(wall: WallTime, field: String, label: String) -> AppResult<Preview> {
    schedule::preview(&wall, &field, &label, Utc::now())
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyStatus {
    pub provider: Provider,
    pub saved: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<String>,
}

/// Whether a key is saved, per provider. A keychain failure is reported per provider so
/// Settings can say so without failing the whole view.
#[tauri::command]
pub async fn key_status(state: State<'_, AppState>) -> AppResult<Vec<KeyStatus>> {
    let secrets = state.secrets.clone();
    blocking(move || {
        Ok(Provider::ALL
            .into_iter()
            .map(|p| match secrets.has(p) {
                Ok(saved) => KeyStatus {
                    provider: p,
                    saved,
                    error: None,
                },
                Err(e) => KeyStatus {
                    provider: p,
                    saved: false,
                    error: Some(e.message),
                },
            })
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn save_key(
    state: State<'_, AppState>,
    provider: Provider,
    key: String,
) -> AppResult<KeyStatus> {
    let secrets = state.secrets.clone();
    blocking(move || {
        secrets.set(provider, &key)?;
        Ok(KeyStatus {
            provider,
            saved: secrets.has(provider)?,
            error: None,
        })
    })
    .await
}

#[tauri::command]
pub async fn delete_key(state: State<'_, AppState>, provider: Provider) -> AppResult<bool> {
    let secrets = state.secrets.clone();
    blocking(move || secrets.delete(provider)).await
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> AppResult<Settings> {
    Ok(state.settings.get())
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, settings: Settings) -> AppResult<Settings> {
    state.settings.save(settings)
}
