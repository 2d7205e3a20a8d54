//! The vendor account of each invite: relabelling a renamed account's rows, and how many
//! invites went through each account (Settings says so before a removal).

use rusqlite::params;

use super::Db;
use crate::error::AppResult;
use crate::provider::Provider;

impl Db {
    /// Gives the invites sent through account `id` of `provider` its new name (one statement,
    /// through the account index); returns how many rows changed.
    pub fn relabel_account(&self, provider: Provider, id: &str, label: &str) -> AppResult<usize> {
        let conn = self.write_conn()?;
        Ok(conn.execute(
            "UPDATE invites SET account_label = ?3
             WHERE provider = ?1 AND account = ?2 AND account_label IS NOT ?3",
            params![provider.id(), id, label],
        )?)
    }

    /// How many invites in History went through account `id` of `provider`.
    pub fn account_invites(&self, provider: Provider, id: &str) -> AppResult<u64> {
        let conn = self.conn()?;
        let n = conn
            .prepare_cached("SELECT count(*) FROM invites WHERE provider = ?1 AND account = ?2")?
            .query_row(params![provider.id(), id], |r| r.get(0))?;
        Ok(n)
    }
}
