//! The one HTTP client of every vendor call: no redirects, no `Referer`, rustls, timeouts; built
//! when the first call needs it.

use std::time::Duration;

use super::answer;
use crate::error::{AppError, AppResult};

/// The one HTTP client: rustls, the given timeouts, `User-Agent: InviteDesk/<version>`, no
/// redirects (reqwest would carry `apiKey`, `X-API-KEY`, … to the new host, even over plain
/// http and with the candidate's data in a 307/308 body) and no `Referer`.
pub fn http_client(
    connect_timeout: Duration,
    total_timeout: Duration,
) -> AppResult<reqwest::Client> {
    // The TLS library's cryptography: ring, installed for the process once (an `Err` means it is
    // there already). reqwest takes the process's provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .tls_backend_rustls()
        .connect_timeout(connect_timeout)
        .timeout(total_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .user_agent(concat!("InviteDesk/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| {
            AppError::internal(format!(
                "Invite Desk could not start its secure connection library ({}). Reinstall \
                 Invite Desk; if this persists, report it.",
                answer::strip_urls(&e.to_string())
            ))
        })
}

/// The vendors' HTTP client, built the first time a call needs it ([`default_client`]: the
/// system's trust store read and parsed, ~4 ms and ~0.3 MiB kept, BENCHMARKS.md) rather than at
/// start: a window opened to look something up never pays for it. Clones share one client.
#[derive(Clone, Default)]
pub struct Http(std::sync::Arc<std::sync::OnceLock<reqwest::Client>>);

impl Http {
    /// A client built on first use.
    pub fn lazy() -> Http {
        Http::default()
    }

    /// The client, built now if this is the first call. An error means nothing can be sent
    /// (the TLS library could not start); it is asked again next time.
    pub fn client(&self) -> AppResult<&reqwest::Client> {
        if let Some(client) = self.0.get() {
            return Ok(client);
        }
        let built = default_client()?;
        Ok(self.0.get_or_init(|| built))
    }
}

impl From<reqwest::Client> for Http {
    /// A client already built (tests give theirs with their own timeouts).
    fn from(client: reqwest::Client) -> Http {
        Http(std::sync::Arc::new(std::sync::OnceLock::from(client)))
    }
}

/// 10 s to connect, 30 s for the whole exchange.
pub fn default_client() -> AppResult<reqwest::Client> {
    http_client(Duration::from_secs(10), Duration::from_secs(30))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_builds_without_falling_back_to_an_unconfigured_one() {
        assert!(default_client().is_ok());
    }

    #[test]
    fn a_lazy_client_is_built_once_and_shared_by_its_clones() {
        let http = Http::lazy();
        let other = http.clone();
        assert!(std::ptr::eq(
            http.client().unwrap(),
            other.client().unwrap()
        ));
    }
}
