//! The team connection while the app runs: one cached `tokio_postgres::Client`, shared by
//! reference count, so no lock is ever held across network I/O (a sync stuck on a half-open
//! connection cannot make a send wait for it). Every server call has a deadline; a call that
//! misses it, or finds the server unreachable, drops the cached connection (the next call opens
//! a new one) and remembers that the team is unreachable, so "send anyway" goes out at once.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio_postgres::Client;

use super::client;
use super::Team;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::settings::TeamSettings;

/// The deadline of one background server call (a sync's push or pull page, a test, a join).
pub const CALL_DEADLINE: Duration = Duration::from_secs(10);

/// How long "the team server was just found unreachable" is believed without asking it again,
/// for a send the coordinator already confirmed ("send anyway").
pub const UNREACHABLE_MEMORY: Duration = Duration::from_secs(30);

/// The open connection and the settings it was opened with.
pub(super) struct Open {
    settings: TeamSettings,
    client: Arc<Client>,
}

/// When and why the team server was last found unreachable (cleared by any answer).
pub(super) type Unreachable = Option<(Instant, AppError)>;

fn timed_out() -> AppError {
    AppError::new(
        ErrorKind::Timeout,
        "The team server did not answer in time.",
    )
}

impl Team {
    pub(super) fn team_settings(&self) -> AppResult<TeamSettings> {
        self.0.settings.get().team.ok_or_else(|| {
            AppError::new(
                ErrorKind::Validation,
                "Team mode is not set up on this computer.",
            )
        })
    }

    /// Drops the cached connection (the next call opens a new one). Calls still running on it
    /// end on their own deadlines.
    pub(super) fn drop_client(&self) {
        *self.0.client.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Drops the cached connection if it is still `c`.
    fn forget(&self, c: &Arc<Client>) {
        let mut open = self.0.client.lock().unwrap_or_else(|p| p.into_inner());
        if open.as_ref().is_some_and(|o| Arc::ptr_eq(&o.client, c)) {
            *open = None;
        }
    }

    fn cached(&self, settings: &TeamSettings) -> Option<Arc<Client>> {
        let open = self.0.client.lock().unwrap_or_else(|p| p.into_inner());
        open.as_ref()
            .filter(|o| &o.settings == settings && !o.client.is_closed())
            .map(|o| o.client.clone())
    }

    /// The cached connection, or a new one with `secret` (connected, and asked who this login
    /// is). Two callers may open one each at the same moment: the first kept is shared.
    async fn client(
        &self,
        settings: TeamSettings,
        secret: Option<crate::secrets::ApiKey>,
    ) -> AppResult<Arc<Client>> {
        if let Some(c) = self.cached(&settings) {
            return Ok(c);
        }
        // The connection cached a moment ago closed since: read the secret now (rare).
        let secret = match secret {
            Some(s) => s,
            None => self.read_secret(&settings).await?,
        };
        let target = client::parse_url(&settings.url)?;
        let c = client::connect(&target, &settings.role, secret.expose()).await?;
        drop(secret);
        self.set_who(Some(client::whoami(&c).await?));
        let c = Arc::new(c);
        let mut open = self.0.client.lock().unwrap_or_else(|p| p.into_inner());
        match open.as_ref() {
            Some(o) if o.settings == settings && !o.client.is_closed() => Ok(o.client.clone()),
            _ => {
                *open = Some(Open {
                    settings,
                    client: c.clone(),
                });
                Ok(c)
            }
        }
    }

    /// Runs `f` on the team connection (opening it first when needed) within `deadline`, the
    /// connection included. Missing the deadline, or an unreachable server, drops the
    /// connection and is remembered (`recently_unreachable`); any answer clears that. The
    /// login's secret is read from the keychain before the deadline starts: a keychain waiting
    /// to be unlocked is the keychain's answer, never "the team server did not answer".
    pub(super) async fn call<T, F, Fut>(&self, deadline: Duration, f: F) -> AppResult<T>
    where
        F: FnOnce(Arc<Client>) -> Fut,
        Fut: Future<Output = AppResult<T>>,
    {
        let settings = self.team_settings()?;
        let secret = match self.cached(&settings) {
            Some(_) => None,
            None => Some(self.read_secret(&settings).await?),
        };
        let started = Instant::now();
        let r = match tokio::time::timeout(deadline, self.client(settings, secret)).await {
            Err(_) => Err(timed_out()),
            Ok(Err(e)) => Err(e),
            Ok(Ok(c)) => {
                let left = deadline.saturating_sub(started.elapsed());
                let r = match tokio::time::timeout(left, f(c.clone())).await {
                    Err(_) => Err(timed_out()),
                    Ok(r) => r,
                };
                if r.as_ref().is_err_and(client::is_unreachable) {
                    self.forget(&c);
                }
                r
            }
        };
        match &r {
            Err(e) if client::is_unreachable(e) => {
                *self.0.unreachable.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((Instant::now(), e.clone()));
            }
            _ => self.reached(),
        }
        r
    }

    /// The server answered (or the team settings changed): forget it was unreachable.
    pub(super) fn reached(&self) {
        *self.0.unreachable.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Why the team server could not be reached, if a call found so within
    /// [`UNREACHABLE_MEMORY`] and none has reached it since.
    pub fn recently_unreachable(&self) -> Option<AppError> {
        let u = self.0.unreachable.lock().unwrap_or_else(|p| p.into_inner());
        u.as_ref()
            .filter(|(at, _)| at.elapsed() < UNREACHABLE_MEMORY)
            .map(|(_, e)| e.clone())
    }
}
