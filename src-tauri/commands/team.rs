//! Team mode: Settings → Team's status, join, leave, test and sync now.

use tauri::State;

use crate::error::AppResult;
use crate::team::{SyncReport, Team, TeamStatus};

/// Settings → Team: the team, this login, the last sync and the outcomes waiting.
#[tauri::command]
pub async fn team_status(team: State<'_, Team>) -> AppResult<TeamStatus> {
    team.status()
}

/// Joins a team with the one-time password an admin gave (replaced at once by a secret kept in
/// the keychain).
#[tauri::command]
pub async fn team_join(
    team: State<'_, Team>,
    url: String,
    role: String,
    password: String,
) -> AppResult<TeamStatus> {
    team.join(&url, &role, &password).await
}

/// Leaves team mode on this computer (the history keeps every row).
#[tauri::command]
pub async fn team_leave(team: State<'_, Team>) -> AppResult<TeamStatus> {
    team.leave().await
}

/// "Test connection": connects, checks the login, syncs once.
#[tauri::command]
pub async fn team_test(team: State<'_, Team>) -> AppResult<TeamStatus> {
    team.test().await
}

/// Syncs now (push the waiting outcomes, pull colleagues' invites).
#[tauri::command]
pub async fn team_sync(team: State<'_, Team>) -> AppResult<SyncReport> {
    team.sync_once().await
}
