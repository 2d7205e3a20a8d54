//! Saved job profiles: a provider's form fields under a name, upserted by name (ignoring case).
//! The one place the profile name rule lives.

use rusqlite::{params, Row};
use serde::Serialize;
use ts_rs::TS;

use super::rows::to_json;
use super::time::now_text;
use super::Db;
use crate::error::{AppError, AppResult};
use crate::provider::Provider;

/// The longest profile name, in characters.
const MAX_NAME_CHARS: usize = 120;

/// A saved job description for a provider (the form's fields as a JSON object).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobProfile {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub provider: Provider,
    /// A JSON object (`save_job_profile` refuses anything else): form field name → value.
    #[ts(type = "Record<string, unknown>")]
    pub data: serde_json::Value,
    pub updated_at: String,
}

/// The profile name as it is stored (trimmed), or a validation error on `profileName`: it must
/// not be blank and must stay under 120 characters.
pub fn check_profile_name(name: &str) -> AppResult<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::validation(
            "profileName",
            "Give the job profile a name, e.g. \"Backend engineer\".",
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::validation(
            "profileName",
            "Keep the job profile name under 120 characters.",
        ));
    }
    Ok(name)
}

impl Db {
    /// Saves a job profile under `name` for `provider`, replacing the one with the same name
    /// (ignoring case). `data` must be a JSON object (the form's fields).
    pub fn save_job_profile(
        &self,
        name: &str,
        provider: Provider,
        data: &serde_json::Value,
    ) -> AppResult<JobProfile> {
        let name = check_profile_name(name)?;
        if !data.is_object() {
            return Err(AppError::internal(
                "A job profile must hold the form's fields as a JSON object.",
            ));
        }
        let now = now_text();
        let conn = self.write_conn()?;
        let mut stmt = conn.prepare_cached(
            "INSERT INTO job_profiles (provider, name, data, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (provider, name) DO UPDATE
                 SET name = excluded.name, data = excluded.data, updated_at = excluded.updated_at
             RETURNING id, name, provider, data, updated_at",
        )?;
        let raw = stmt.query_row(
            params![provider.id(), name, to_json(data)?, now],
            raw_profile,
        )?;
        raw.into_profile()
    }

    /// The provider's saved job profiles, by name.
    pub fn list_job_profiles(&self, provider: Provider) -> AppResult<Vec<JobProfile>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, provider, data, updated_at FROM job_profiles
             WHERE provider = ?1 ORDER BY name, id",
        )?;
        let rows = stmt
            .query_map([provider.id()], raw_profile)?
            .map(|r| r.map_err(AppError::from).and_then(RawProfile::into_profile))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(rows)
    }

    /// Deletes a job profile; `false` when there was none with that id.
    pub fn delete_job_profile(&self, id: i64) -> AppResult<bool> {
        let n = self
            .write_conn()?
            .prepare_cached("DELETE FROM job_profiles WHERE id = ?1")?
            .execute([id])?;
        Ok(n > 0)
    }
}

struct RawProfile {
    id: i64,
    name: String,
    provider: String,
    data: String,
    updated_at: String,
}

fn raw_profile(r: &Row<'_>) -> rusqlite::Result<RawProfile> {
    Ok(RawProfile {
        id: r.get(0)?,
        name: r.get(1)?,
        provider: r.get(2)?,
        data: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

impl RawProfile {
    fn into_profile(self) -> AppResult<JobProfile> {
        let bad = || {
            AppError::storage(format!(
                "The job profile \"{}\" in the history is unreadable; save it again.",
                self.name
            ))
        };
        Ok(JobProfile {
            id: self.id,
            provider: Provider::from_id(&self.provider).ok_or_else(bad)?,
            data: serde_json::from_str(&self.data).map_err(|_| bad())?,
            name: self.name,
            updated_at: self.updated_at,
        })
    }
}
