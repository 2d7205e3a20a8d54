//! Team mode: one invite history and one duplicate guard for a whole team, on the team's
//! PostgreSQL server (see `migrations/` for the server side, `admin.rs` for the admin command).
//! The local SQLite history stays the source of truth on this computer: it holds colleagues'
//! attempts (pulled in commit order) beside its own, and its own outcomes wait in an outbox until
//! the server confirms them. With no team configured, nothing here runs.

pub mod admin;
pub mod client;

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{Outcome, TeamRow};
use crate::state::AppState;
use client::{AttemptFacts, Reservation};

/// Settings → Team, as saved in settings.json (never a password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamSettings {
    /// `postgresql://host:port/database`.
    pub url: String,
    /// This coordinator's login role on the team server.
    pub role: String,
}

impl TeamSettings {
    /// The keychain account of the team secret.
    pub fn account(&self) -> String {
        let host = client::parse_url(&self.url)
            .map(|t| t.host)
            .unwrap_or_else(|_| self.url.clone());
        format!("team:{}@{host}", self.role)
    }
}

/// How long a send waits for the team's answer before taking the offline path.
pub const RESERVE_DEADLINE: Duration = Duration::from_secs(4);

/// What Settings → Team shows.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamStatus {
    pub enabled: bool,
    pub url: Option<String>,
    pub role: Option<String>,
    pub display_name: Option<String>,
    pub team_name: Option<String>,
    /// Refuse to send while the team server cannot be reached (a team setting).
    pub strict_offline: bool,
    pub last_synced: Option<DateTime<Utc>>,
    #[ts(type = "number")]
    pub waiting: u64,
    pub last_error: Option<String>,
}

/// The team connection while the app runs.
#[derive(Default)]
pub struct Team {
    /// The open connection and the settings it was opened with.
    client: tokio::sync::Mutex<Option<(TeamSettings, tokio_postgres::Client)>>,
    /// One sync at a time.
    syncing: tokio::sync::Mutex<()>,
    who: Mutex<Option<client::WhoAmI>>,
    last_error: Mutex<Option<String>>,
}

fn settings_of(state: &AppState) -> Option<TeamSettings> {
    state.settings.get().team
}

impl Team {
    fn set_error(&self, e: Option<&AppError>) {
        *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) = e.map(|e| e.message.clone());
    }

    async fn drop_client(&self) {
        *self.client.lock().await = None;
    }
}

/// Runs `f` on the team connection, opening it first when needed; a broken connection is
/// dropped so the next call reconnects.
async fn with_client<T, F, Fut>(state: &AppState, f: F) -> AppResult<T>
where
    F: FnOnce(tokio_postgres::Client) -> Fut,
    Fut: std::future::Future<Output = (tokio_postgres::Client, AppResult<T>)>,
{
    let settings = settings_of(state).ok_or_else(|| {
        AppError::new(
            ErrorKind::Validation,
            "Team mode is not set up on this computer.",
        )
    })?;
    let mut guard = state.team.client.lock().await;
    let c = match guard.take() {
        // The same server and login as now (Settings may have changed since it was opened).
        Some((s, c)) if !c.is_closed() && s == settings => c,
        _ => {
            let target = client::parse_url(&settings.url)?;
            let secret = read_secret(state, &settings).await?;
            let c = client::connect(&target, &settings.role, secret.expose()).await?;
            let who = client::whoami(&c).await?;
            *state.team.who.lock().unwrap_or_else(|p| p.into_inner()) = Some(who);
            c
        }
    };
    let (c, result) = f(c).await;
    if !c.is_closed() {
        *guard = Some((settings, c));
    }
    result
}

async fn read_secret(state: &AppState, s: &TeamSettings) -> AppResult<crate::secrets::ApiKey> {
    let secrets = state.secrets.clone();
    let account = s.account();
    tokio::task::spawn_blocking(move || secrets.get_team_secret(&account))
        .await
        .map_err(|e| AppError::internal(format!("The keychain read was interrupted: {e}")))??
        .ok_or_else(|| {
            AppError::new(
                ErrorKind::MissingKey,
                "The team password is not in this computer's keychain. Join the team again in \
                 Settings → Team with a one-time password from your admin.",
            )
        })
}

/// Joins a team: connects with the one-time password an admin gave, checks the login is a
/// member, then replaces that password with a random secret kept in the keychain (its SCRAM
/// verifier is built here). The secret is stored before the server changes, so a failure in
/// between leaves the one-time password working.
pub async fn join(
    state: &AppState,
    url: &str,
    role: &str,
    one_time: &str,
) -> AppResult<TeamStatus> {
    let role = role.trim();
    if role.is_empty()
        || role.len() > 63
        || !role.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(AppError::validation(
            "teamRole",
            "The team login is letters, digits and _ only (at most 63), as your admin gave it.",
        ));
    }
    if one_time.trim().is_empty() {
        return Err(AppError::validation(
            "teamPassword",
            "Enter the one-time password your admin gave you.",
        ));
    }
    let target = client::parse_url(url)?;
    let settings = TeamSettings {
        url: url.trim().to_string(),
        role: role.to_string(),
    };
    let c = client::connect(&target, role, one_time.trim()).await?;
    let who = client::whoami(&c).await?;
    let secret = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let secrets = state.secrets.clone();
    let account = settings.account();
    let s2 = secret.clone();
    tokio::task::spawn_blocking(move || secrets.set_team_secret(&account, &s2))
        .await
        .map_err(|e| AppError::internal(format!("The keychain write was interrupted: {e}")))??;
    client::set_own_password(&c, &secret).await?;
    drop(c);
    state.settings.update(|cur| {
        let mut next = cur.clone();
        next.team = Some(settings.clone());
        next
    })?;
    *state.team.who.lock().unwrap_or_else(|p| p.into_inner()) = Some(who);
    state.team.drop_client().await;
    test(state).await
}

/// Leaves team mode on this computer: the settings and the keychain secret go; the history
/// keeps every row (colleagues' rows stay, marked with their author).
pub async fn leave(state: &AppState) -> AppResult<TeamStatus> {
    if let Some(s) = settings_of(state) {
        let secrets = state.secrets.clone();
        let account = s.account();
        let _ = tokio::task::spawn_blocking(move || secrets.delete_team_secret(&account)).await;
    }
    state.settings.update(|cur| {
        let mut next = cur.clone();
        next.team = None;
        next
    })?;
    state.team.drop_client().await;
    *state.team.who.lock().unwrap_or_else(|p| p.into_inner()) = None;
    state.team.set_error(None);
    status(state)
}

/// Connects (or reuses the connection), asks who this login is, then syncs once.
pub async fn test(state: &AppState) -> AppResult<TeamStatus> {
    state.team.drop_client().await;
    let r = with_client(state, |c| async move {
        let r = client::whoami(&c).await;
        (c, r)
    })
    .await;
    match r {
        Ok(who) => {
            *state.team.who.lock().unwrap_or_else(|p| p.into_inner()) = Some(who);
            state.team.set_error(None);
            sync_once(state).await?;
            status(state)
        }
        Err(e) => {
            state.team.set_error(Some(&e));
            Err(e)
        }
    }
}

/// What Settings → Team shows now.
pub fn status(state: &AppState) -> AppResult<TeamStatus> {
    let Some(s) = settings_of(state) else {
        return Ok(TeamStatus::default());
    };
    let who = state
        .team
        .who
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let last_synced = state
        .db
        .team_state("last_synced")?
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc));
    Ok(TeamStatus {
        enabled: true,
        url: Some(s.url),
        role: Some(s.role),
        display_name: who.as_ref().map(|w| w.display_name.clone()),
        team_name: who.as_ref().map(|w| w.team_name.clone()),
        strict_offline: who.as_ref().is_some_and(|w| w.strict_offline),
        last_synced,
        waiting: state.db.team_waiting()?,
        last_error: state
            .team
            .last_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
    })
}

pub fn enabled(state: &AppState) -> bool {
    settings_of(state).is_some()
}

/// The team's answer to a reservation, or why there is none.
pub enum Reserve {
    Reserved,
    Held(Reservation),
    /// The server could not be reached in time: the offline path.
    Unreachable(AppError),
}

/// Reserves (provider, job, email) for `attempt` before the vendor call, within
/// `RESERVE_DEADLINE`. A refusal that is not "unreachable" (a removed login, a schema too new)
/// is an error: nothing is sent.
pub async fn reserve(
    state: &AppState,
    facts: &AttemptFacts<'_>,
    override_version: Option<i32>,
) -> AppResult<Reserve> {
    let call = with_client(state, |c| async move {
        let r = client::reserve(&c, facts, override_version).await;
        (c, r)
    });
    match tokio::time::timeout(RESERVE_DEADLINE, call).await {
        Err(_) => {
            state.team.drop_client().await;
            let e = AppError::new(
                ErrorKind::Timeout,
                "The team server did not answer in time.",
            );
            state.team.set_error(Some(&e));
            Ok(Reserve::Unreachable(e))
        }
        Ok(Err(e)) if client::is_unreachable(&e) => {
            state.team.set_error(Some(&e));
            Ok(Reserve::Unreachable(e))
        }
        Ok(Err(e)) => {
            state.team.set_error(Some(&e));
            Err(e)
        }
        Ok(Ok(r)) => {
            state.team.set_error(None);
            Ok(match r.result.as_str() {
                "reserved" | "replay" => Reserve::Reserved,
                _ => Reserve::Held(r),
            })
        }
    }
}

/// Whether the team forbids sending while its server cannot be reached.
pub fn strict_offline(state: &AppState) -> bool {
    state
        .team
        .who
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .is_some_and(|w| w.strict_offline)
}

/// When the team was last reached, in the coordinator's words ("09:55", or "never").
pub fn last_synced_words(state: &AppState) -> String {
    state
        .db
        .team_state("last_synced")
        .ok()
        .flatten()
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| crate::schedule::local_time_of_day(t.with_timezone(&Utc)))
        .unwrap_or_else(|| "never".into())
}

/// What one sync did.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    #[ts(type = "number")]
    pub pushed: usize,
    #[ts(type = "number")]
    pub pulled: usize,
    /// Rows the app could not read (skipped, named here).
    pub skipped: Vec<String>,
}

/// Pushes this computer's waiting outcomes, then pulls the team's changes after the cursor.
pub async fn sync_once(state: &AppState) -> AppResult<SyncReport> {
    if !enabled(state) {
        return Ok(SyncReport::default());
    }
    let _one = state.team.syncing.lock().await;
    let r = sync_inner(state).await;
    match &r {
        Ok(_) => {
            state.team.set_error(None);
            state
                .db
                .set_team_state("last_synced", &Utc::now().to_rfc3339())?;
        }
        Err(e) => {
            state.team.set_error(Some(e));
            if client::is_unreachable(e) {
                state.team.drop_client().await;
            }
        }
    }
    r
}

async fn sync_inner(state: &AppState) -> AppResult<SyncReport> {
    let mut report = SyncReport::default();
    let my_role = settings_of(state).map(|s| s.role).unwrap_or_default();
    // First the attempts reserved perhaps, but never sent (`remember_abandoned`): failed frees
    // their claims before an offline attempt sent in their place is pushed and checked for
    // clashes. The server never having seen one is the same answer.
    for abandoned in state.db.abandoned_attempts()? {
        let Ok(attempt) = Uuid::parse_str(&abandoned) else {
            state.db.forget_abandoned(&abandoned)?;
            continue;
        };
        let r = with_client(state, |c| async move {
            let r =
                client::record_outcome(&c, attempt, "failed", None, &serde_json::json!({})).await;
            (c, r)
        })
        .await;
        match r {
            Ok(_) => {}
            Err(e) if e.kind == ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        state.db.forget_abandoned(&abandoned)?;
    }
    loop {
        let outbox = state.db.team_outbox(200)?;
        if outbox.is_empty() {
            break;
        }
        for row in outbox {
            let attempt = Uuid::parse_str(&row.attempt_id).map_err(|_| {
                AppError::storage(format!("Invite #{} has an unreadable attempt id.", row.id))
            })?;
            let ids: serde_json::Value =
                serde_json::from_str(&row.vendor_ids).unwrap_or(serde_json::json!({}));
            let facts = AttemptFacts {
                attempt,
                provider: &row.provider,
                job_ref: &row.job_ref,
                email: &row.candidate_email,
                name: &row.candidate_name,
                job_name: row.job_name.as_deref(),
            };
            let created = DateTime::parse_from_rfc3339(&row.created_at)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|_| Utc::now());
            let outcome = row.outcome.as_str();
            let link = row.link.clone();
            let conflict = if row.offline {
                let ids = &ids;
                let flag = with_client(state, |c| async move {
                    let r =
                        client::push_offline(&c, &facts, outcome, link.as_deref(), ids, created)
                            .await;
                    (c, r)
                })
                .await?;
                if flag == "already pushed" {
                    // The attempt is on the server already: an earlier push whose answer was
                    // lost, or its reservation, which timed out here but reached the server and
                    // is `pending` there. Recording the outcome finishes the second and changes
                    // nothing in the first.
                    let link = row.link.clone();
                    with_client(state, |c| async move {
                        let r = client::record_outcome(&c, attempt, outcome, link.as_deref(), ids)
                            .await;
                        (c, r)
                    })
                    .await?;
                }
                (flag.starts_with("possible")).then_some(flag)
            } else {
                let r = with_client(state, |c| async move {
                    let r =
                        client::record_outcome(&c, attempt, outcome, link.as_deref(), &ids).await;
                    (c, r)
                })
                .await;
                match r {
                    Ok(_) => {}
                    // The server never reserved this attempt (a batch row put back in the queue,
                    // then cancelled): there is nothing to share.
                    Err(e) if e.kind == ErrorKind::NotFound && row.outcome == Outcome::Failed => {}
                    Err(e) => return Err(e),
                }
                None
            };
            state.db.mark_team_pushed(row.id, conflict.as_deref())?;
            report.pushed += 1;
        }
    }
    loop {
        let after: i64 = state
            .db
            .team_state("cursor")?
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let page = with_client(state, |c| async move {
            let r = client::pull(&c, after, 500).await;
            (c, r)
        })
        .await?;
        let Some(last) = page.last().map(|p| p.change_seq) else {
            break;
        };
        let mut rows = Vec::with_capacity(page.len());
        for p in page {
            let Some(outcome) = Outcome::from_str_opt(&p.outcome) else {
                report.skipped.push(format!(
                    "{} ({}): unknown outcome “{}”",
                    p.candidate_email, p.id, p.outcome
                ));
                continue;
            };
            if crate::provider::Provider::from_id(&p.provider).is_none() {
                report.skipped.push(format!(
                    "{} ({}): unknown provider “{}”",
                    p.candidate_email, p.id, p.provider
                ));
                continue;
            }
            rows.push(TeamRow {
                attempt_id: p.id.to_string(),
                author: (p.author != my_role).then_some(p.author_name),
                provider: p.provider,
                job_ref: p.job_ref,
                candidate_name: p.candidate_name,
                candidate_email: p.candidate_email,
                job_name: p.job_name,
                outcome,
                link: p.link,
                vendor_ids: p.vendor_ids.to_string(),
                offline: p.offline,
                conflict: p.conflict,
                created_at: p.created_at,
                updated_at: p.updated_at,
            });
        }
        report.pulled += state.db.apply_team_rows(&rows)?;
        state.db.set_team_state("cursor", &last.to_string())?;
    }
    Ok(report)
}

/// Syncs every `every` while the app runs (team mode only); errors are kept for Settings → Team.
pub async fn sync_forever(state: &AppState, every: Duration) {
    loop {
        if enabled(state) {
            let _ = sync_once(state).await;
        }
        tokio::time::sleep(every).await;
    }
}
