//! `Provider`: which vendor, its id, the name a coordinator knows and its documented production
//! host. A leaf: it imports nothing of Invite Desk's, so every room may import it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The vendors Invite Desk can send to. JSON names: `xobin`, `interviewflow`, `tidyhire`,
/// `hireflix`, `apploi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "ProviderId")]
pub enum Provider {
    Xobin,
    Interviewflow,
    Tidyhire,
    Hireflix,
    Apploi,
}

impl Provider {
    pub const ALL: [Provider; 5] = [
        Provider::Xobin,
        Provider::Interviewflow,
        Provider::Tidyhire,
        Provider::Hireflix,
        Provider::Apploi,
    ];

    /// The name a coordinator knows.
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Xobin => "Xobin",
            Provider::Interviewflow => "InterviewFlowAI",
            Provider::Tidyhire => "Tidyhire",
            Provider::Hireflix => "Hireflix",
            Provider::Apploi => "Apploi",
        }
    }

    /// The JSON / storage id (`xobin`, …).
    pub fn id(self) -> &'static str {
        match self {
            Provider::Xobin => "xobin",
            Provider::Interviewflow => "interviewflow",
            Provider::Tidyhire => "tidyhire",
            Provider::Hireflix => "hireflix",
            Provider::Apploi => "apploi",
        }
    }

    pub fn from_id(id: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The documented production host (a setting can point elsewhere). Sources, per vendor, in
    /// `providers/<vendor>.rs`.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::Xobin => "https://app.xobin.com/api/v2",
            Provider::Interviewflow => "https://api.interviewflowai.com/api/external",
            Provider::Tidyhire => "https://api.tidyhire.app/api/public",
            Provider::Hireflix => "https://api.hireflix.com/me",
            Provider::Apploi => "https://partners.apploi.com",
        }
    }
}
