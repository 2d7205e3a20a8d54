//! Who reminds a candidate who has not started, per vendor (a fact of `AfterSend`), and for
//! one sent invite.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::provider::Provider;

/// Who reminds a candidate who has not started, as each vendor's documents tell it. None of
/// the five APIs can send a reminder, resend an invite or move a deadline (DOC: searched in
/// each vendor's documents), so a reminder from Invite Desk is always prepared here and sent
/// by the coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Reminds {
    /// The vendor emails reminders itself (Tidyhire: DOC, "sends the invitation emails and
    /// reminders").
    Vendor,
    /// The vendor reminds when its Reminder template is switched on in its dashboard (Hireflix:
    /// DOC for the templates; whether an account has it on is UNKNOWN to Invite Desk, so the
    /// row says "if").
    VendorIfSwitchedOn,
    /// The vendor's automated reminders follow the invites it emailed (Xobin `sendlink`: 3P,
    /// its dashboard's two automated reminders); a link the coordinator shares (`getlink`) gets
    /// none: the coordinator reminds.
    VendorWhenItEmailed,
    /// Nobody but the coordinator (InterviewFlowAI's link API sends no email: DOC).
    Coordinator,
    /// A dated interview, not a link to chase (Apploi schedules a calendar interview).
    NotALink,
}

/// Who reminds one sent invite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WhoReminds {
    Vendor,
    VendorIfSwitchedOn,
    You,
}

impl WhoReminds {
    /// For an invite whose vendor reminds as `reminds` (`AfterSend::reminds`); `vendor_emailed`
    /// is whether the vendor emailed the candidate.
    pub fn of(reminds: Reminds, vendor_emailed: bool) -> Option<WhoReminds> {
        match reminds {
            Reminds::Vendor => Some(WhoReminds::Vendor),
            Reminds::VendorIfSwitchedOn => Some(WhoReminds::VendorIfSwitchedOn),
            Reminds::VendorWhenItEmailed if vendor_emailed => Some(WhoReminds::Vendor),
            Reminds::VendorWhenItEmailed | Reminds::Coordinator => Some(WhoReminds::You),
            Reminds::NotALink => None,
        }
    }

    /// The sentence a board row shows.
    pub fn sentence(self, p: Provider) -> String {
        let n = p.display_name();
        match (self, p) {
            (WhoReminds::Vendor, Provider::Xobin) => {
                "Xobin emailed this invite, so its automated reminders may reach the candidate too."
                    .into()
            }
            (WhoReminds::Vendor, _) => format!("{n} emails reminders itself."),
            (WhoReminds::VendorIfSwitchedOn, _) => {
                format!("{n} reminds the candidate if its Reminder template is switched on.")
            }
            (WhoReminds::You, _) => format!("You: {n} sends no reminder for this invite."),
        }
    }
}
