//! The roles of DESIGN.md §6. A worker holds a role per team; some roles (policy, privacy officer,
//! admin) are not bound to a team, partner and MDT roles are bound to an organisation.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Worker,
    TeamLead,
    MdtMember,
    Partner,
    SignalSender,
    Policy,
    PrivacyOfficer,
    Admin,
    HouseholdMember,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role '{0}'; expected one of: {list}", list = Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Worker,
        Role::TeamLead,
        Role::MdtMember,
        Role::Partner,
        Role::SignalSender,
        Role::Policy,
        Role::PrivacyOfficer,
        Role::Admin,
        Role::HouseholdMember,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Worker => "worker",
            Role::TeamLead => "team_lead",
            Role::MdtMember => "mdt_member",
            Role::Partner => "partner",
            Role::SignalSender => "signal_sender",
            Role::Policy => "policy",
            Role::PrivacyOfficer => "privacy_officer",
            Role::Admin => "admin",
            Role::HouseholdMember => "household_member",
        }
    }

    pub fn parse(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownRole(s.to_string()))
    }

    /// Roles whose work is bound to a team (a team must be given when the role is granted).
    pub fn needs_team(self) -> bool {
        matches!(self, Role::Worker | Role::TeamLead)
    }

    /// Roles that act for an outside organisation (an organisation must be given).
    pub fn needs_organisation(self) -> bool {
        matches!(self, Role::MdtMember | Role::Partner | Role::SignalSender)
    }

    /// Signal senders only use the API with a key; they never log in to the UI.
    pub fn may_log_in(self) -> bool {
        self != Role::SignalSender
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
    }

    #[test]
    fn an_unknown_role_lists_the_valid_ones() {
        let err = Role::parse("boss").unwrap_err().to_string();
        assert!(err.contains("'boss'") && err.contains("team_lead"), "{err}");
    }
}
