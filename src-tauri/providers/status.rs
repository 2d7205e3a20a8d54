//! The one dispatch of the calls after sending: where invites stand (each vendor's status read
//! lives in its adapter) and revoking one. Every call runs in the vendor's lane (`lane.rs`),
//! waiting out a 429 by the one bounded rule and asking again (reads are safe to repeat).

use std::collections::BTreeMap;

use super::tracking::{after_send, Reader, RevokeAnswer, StatusAsk, VendorStatus};
use super::{hireflix, interviewflow, xobin, Provider};
use crate::error::{AppError, AppResult, ErrorKind};

/// Invites one call answers together share a group: Xobin lists every candidate of one AI
/// interview at once. `None`: the invite is asked about alone.
pub fn status_group(p: Provider, job_ref: &str) -> Option<String> {
    (p == Provider::Xobin).then(|| job_ref.to_string())
}

/// Reads where each invite of one group stands: one result per ask, in order.
pub async fn read_status(
    p: Provider,
    asks: &[StatusAsk<'_>],
    r: Reader<'_>,
) -> Vec<AppResult<VendorStatus>> {
    match p {
        Provider::Xobin => xobin::read_status(asks, r).await,
        Provider::Hireflix => {
            futures_util::future::join_all(asks.iter().map(|a| hireflix::read_status(a, r))).await
        }
        Provider::Interviewflow => {
            futures_util::future::join_all(asks.iter().map(|a| interviewflow::read_status(a, r)))
                .await
        }
        Provider::Tidyhire | Provider::Apploi => asks
            .iter()
            .map(|_| Err(AppError::new(ErrorKind::Vendor, after_send(p).note)))
            .collect(),
    }
}

/// The vendor id a revoke needs, when the vendor can revoke and gave one.
pub fn revoke_id(p: Provider, ids: &BTreeMap<String, String>) -> Option<u64> {
    match p {
        Provider::Xobin => xobin::revoke_id(ids),
        _ => None,
    }
}

/// Revokes an invite (only Xobin can: `revoke_id` says whether this one can be).
pub async fn revoke(
    p: Provider,
    id: u64,
    notify_candidate: bool,
    r: Reader<'_>,
) -> AppResult<RevokeAnswer> {
    match p {
        Provider::Xobin => xobin::revoke(id, notify_candidate, r).await,
        _ => Err(AppError::new(
            ErrorKind::Validation,
            format!(
                "{} invites cannot be revoked from Invite Desk. {}",
                p.display_name(),
                after_send(p).note
            ),
        )),
    }
}
