//! The access policy: the one function (`decide`) that rules on every access to personal data.
//!
//! Access is the intersection of role, the actor's relation to the household (team or involvement)
//! and, for outside organisations, the household's consent for the purpose. Consent never replaces a
//! missing legal basis (Dutch DPA, 2016): it is an extra condition for sharing, not a bypass.
//! Break-the-glass lets a worker of another team in with a written reason; it is flagged for the
//! privacy officer. Every decision, allowed or denied, comes with the audit record to write.

use crate::Role;
use crate::audit::{AuditDraft, Outcome};
use serde::{Deserialize, Serialize};

/// The minimum length of a break-the-glass reason: a real sentence, not "x".
pub const MIN_BREAK_GLASS_REASON: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    List,
    Read,
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::List => "list",
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// Why the data is processed. Recorded in the audit log with its legal basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Support of the household by its team (Wmo 2015 art. 2.3.2 / Jeugdwet art. 7.4.0).
    Support,
    /// A decision on a tailored solution by the MDT (with consent).
    MdtDecision,
    /// A referral to a service (with consent).
    Referral,
    /// Early signals of payment arrears and the outreach they ask for (Wgs art. 3a).
    EarlySignal,
    /// The household looking at its own file (AVG art. 15).
    SelfAccess,
    /// Privacy officer: supervision of the log, subject-access requests, retention (AVG art. 5(2)).
    Supervision,
    /// Configuration of the system, no case content.
    Administration,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Support => "support",
            Purpose::MdtDecision => "mdt_decision",
            Purpose::Referral => "referral",
            Purpose::EarlySignal => "early_signal",
            Purpose::SelfAccess => "self_access",
            Purpose::Supervision => "supervision",
            Purpose::Administration => "administration",
        }
    }

    /// The legal ground shown to the household where consent is not the ground.
    pub fn legal_basis(self) -> &'static str {
        match self {
            Purpose::Support => "Wmo 2015 art. 5.1.1 / Jeugdwet art. 7.4.0 (wettelijke taak)",
            Purpose::MdtDecision | Purpose::Referral => "AVG art. 6(1)(a) toestemming, naast de wettelijke taak",
            Purpose::SelfAccess => "AVG art. 15 (recht op inzage)",
            Purpose::EarlySignal => "Wgs art. 3a en Besluit gemeentelijke schuldhulpverlening §2 (vroegsignalering)",
            Purpose::Supervision => "AVG art. 5(2) en art. 30; NEN 7513",
            Purpose::Administration => "AVG art. 32 (beveiliging)",
        }
    }
}

/// Who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// Teams the actor works in with this role (workers and team leads).
    pub teams: Vec<String>,
    pub organisation: Option<String>,
    /// For a household member: their own household and member id.
    pub household: Option<String>,
    pub member: Option<String>,
}

/// The facts about a household that the policy needs; loaded by the store, never the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HouseholdFacts {
    pub id: String,
    pub lead_team: Option<String>,
    pub co_team: Option<String>,
    /// Organisations that the household's members gave consent to, per purpose.
    pub consents: Vec<(String, Purpose)>,
    /// Organisations the household's file (a request or referral) was actually shared with, per purpose.
    pub shared_with: Vec<(String, Purpose)>,
}

/// What is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    Household(HouseholdFacts),
    /// A member's record within a household.
    Member {
        household: HouseholdFacts,
        member: String,
    },
    AuditLog,
    Configuration,
    /// A user's own account (password, second factor).
    OwnAccount {
        user: String,
    },
}

impl Resource {
    fn kind(&self) -> &'static str {
        match self {
            Resource::Household(_) => "household",
            Resource::Member { .. } => "member",
            Resource::AuditLog => "audit_log",
            Resource::Configuration => "configuration",
            Resource::OwnAccount { .. } => "account",
        }
    }
    fn household(&self) -> Option<&HouseholdFacts> {
        match self {
            Resource::Household(h) | Resource::Member { household: h, .. } => Some(h),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRequest<'a> {
    pub actor: &'a Actor,
    pub action: Action,
    pub purpose: Purpose,
    pub resource: &'a Resource,
    /// A written reason to break the glass, if the actor chose to.
    pub break_glass: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DenyReason {
    RoleMayNot,
    NotInTeam,
    NoConsent,
    NotShared,
    NotOwnHousehold,
    PurposeNotAllowed,
    BreakGlassReasonTooShort,
}

impl DenyReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DenyReason::RoleMayNot => "role_may_not",
            DenyReason::NotInTeam => "not_in_team",
            DenyReason::NoConsent => "no_consent",
            DenyReason::NotShared => "not_shared",
            DenyReason::NotOwnHousehold => "not_own_household",
            DenyReason::PurposeNotAllowed => "purpose_not_allowed",
            DenyReason::BreakGlassReasonTooShort => "break_glass_reason_too_short",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: Result<(), DenyReason>,
    pub break_glass: bool,
    pub audit: AuditDraft,
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        self.allowed.is_ok()
    }
}

fn team_rule(actor: &Actor, h: &HouseholdFacts, req: &AccessRequest) -> Result<bool, DenyReason> {
    if req.purpose != Purpose::Support {
        return Err(DenyReason::PurposeNotAllowed);
    }
    let in_team = [&h.lead_team, &h.co_team].into_iter().flatten().any(|t| actor.teams.contains(t));
    // An intake outside every team's area waits in triage: any team lead may pick it up.
    let triage = h.lead_team.is_none() && h.co_team.is_none() && actor.role == Role::TeamLead;
    if in_team || triage {
        return Ok(false);
    }
    match req.break_glass {
        Some(reason) if actor.role == Role::Worker || actor.role == Role::TeamLead => {
            if reason.trim().chars().count() >= MIN_BREAK_GLASS_REASON { Ok(true) } else { Err(DenyReason::BreakGlassReasonTooShort) }
        }
        _ => Err(DenyReason::NotInTeam),
    }
}

fn outside_org_rule(actor: &Actor, h: &HouseholdFacts, purpose: Purpose, action: Action) -> Result<(), DenyReason> {
    if !matches!(action, Action::Read | Action::List | Action::Update) {
        return Err(DenyReason::RoleMayNot);
    }
    let Some(org) = actor.organisation.as_ref() else { return Err(DenyReason::NotShared) };
    let pair = (org.clone(), purpose);
    if !h.shared_with.contains(&pair) {
        return Err(DenyReason::NotShared);
    }
    if !h.consents.contains(&pair) {
        return Err(DenyReason::NoConsent);
    }
    Ok(())
}

/// Rules on one access. Pure: the same request always gets the same decision.
pub fn decide(req: &AccessRequest) -> Decision {
    let actor = req.actor;
    let mut break_glass = false;
    let allowed: Result<(), DenyReason> = match (actor.role, req.resource) {
        (_, Resource::OwnAccount { user }) => {
            if *user == actor.id {
                Ok(())
            } else {
                Err(DenyReason::RoleMayNot)
            }
        }
        (Role::PrivacyOfficer, Resource::AuditLog) => {
            if req.purpose == Purpose::Supervision && matches!(req.action, Action::Read | Action::List) {
                Ok(())
            } else {
                Err(DenyReason::PurposeNotAllowed)
            }
        }
        (Role::Admin, Resource::Configuration) => Ok(()),
        (Role::Worker | Role::TeamLead, Resource::Household(h) | Resource::Member { household: h, .. }) => {
            team_rule(actor, h, req).map(|bg| break_glass = bg)
        }
        (Role::MdtMember, r @ (Resource::Household(_) | Resource::Member { .. })) if req.purpose == Purpose::MdtDecision => {
            outside_org_rule(actor, r.household().expect("household resource"), req.purpose, req.action)
        }
        (Role::Partner, r @ (Resource::Household(_) | Resource::Member { .. })) if req.purpose == Purpose::Referral => {
            outside_org_rule(actor, r.household().expect("household resource"), req.purpose, req.action)
        }
        (Role::PrivacyOfficer, Resource::Household(_) | Resource::Member { .. }) => {
            // Answering a subject-access request: read only, always audited.
            if req.purpose == Purpose::Supervision && matches!(req.action, Action::Read | Action::List) {
                Ok(())
            } else {
                Err(DenyReason::PurposeNotAllowed)
            }
        }
        (Role::HouseholdMember, r @ (Resource::Household(_) | Resource::Member { .. })) => {
            let h = r.household().expect("household resource");
            if actor.household.as_deref() != Some(h.id.as_str()) {
                Err(DenyReason::NotOwnHousehold)
            } else if req.purpose != Purpose::SelfAccess {
                Err(DenyReason::PurposeNotAllowed)
            } else {
                match r {
                    // A member sees the household and their own record, not another member's.
                    Resource::Member { member, .. } if actor.member.as_deref() != Some(member.as_str()) => Err(DenyReason::NotOwnHousehold),
                    _ => Ok(()),
                }
            }
        }
        // Policy (aggregates only), admin (no case content) and signal senders never see a file.
        _ => Err(DenyReason::RoleMayNot),
    };
    let (household, member) = match req.resource {
        Resource::Household(h) => (Some(h.id.clone()), None),
        Resource::Member { household, member } => (Some(household.id.clone()), Some(member.clone())),
        _ => (None, None),
    };
    let reason = match (&allowed, req.break_glass) {
        (Err(d), _) => Some(d.as_str().to_string()),
        (Ok(()), Some(r)) if break_glass => Some(r.trim().to_string()),
        _ => None,
    };
    Decision {
        audit: AuditDraft {
            actor: actor.id.clone(),
            actor_name: actor.name.clone(),
            role: actor.role.as_str().to_string(),
            organisation: actor.organisation.clone(),
            household,
            member,
            resource: req.resource.kind().to_string(),
            resource_id: match req.resource {
                Resource::OwnAccount { user } => Some(user.clone()),
                _ => None,
            },
            action: req.action.as_str().to_string(),
            purpose: req.purpose.as_str().to_string(),
            outcome: if allowed.is_ok() { Outcome::Allowed } else { Outcome::Denied },
            break_glass,
            reason,
        },
        allowed,
        break_glass,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn actor(role: Role) -> Actor {
        Actor {
            id: "u1".into(),
            name: "demo".into(),
            role,
            teams: vec!["team-a".into()],
            organisation: Some("org-wi".into()),
            household: Some("hh-1".into()),
            member: Some("m-1".into()),
        }
    }

    fn household(team: &str) -> HouseholdFacts {
        HouseholdFacts { id: "hh-1".into(), lead_team: Some(team.into()), ..Default::default() }
    }

    fn ask(a: &Actor, r: &Resource, purpose: Purpose, bg: Option<&str>) -> Decision {
        decide(&AccessRequest { actor: a, action: Action::Read, purpose, resource: r, break_glass: bg })
    }

    #[test]
    fn a_worker_reads_households_of_their_own_team_only() {
        let w = actor(Role::Worker);
        assert!(ask(&w, &Resource::Household(household("team-a")), Purpose::Support, None).is_allowed());
        let d = ask(&w, &Resource::Household(household("team-b")), Purpose::Support, None);
        assert_eq!(d.allowed, Err(DenyReason::NotInTeam));
        assert_eq!(d.audit.outcome, Outcome::Denied);
        assert_eq!(d.audit.household.as_deref(), Some("hh-1"));
    }

    #[test]
    fn team_leads_pick_up_triage_but_workers_do_not() {
        let triage = Resource::Household(HouseholdFacts { id: "hh-9".into(), ..Default::default() });
        assert!(ask(&actor(Role::TeamLead), &triage, Purpose::Support, None).is_allowed());
        assert_eq!(ask(&actor(Role::Worker), &triage, Purpose::Support, None).allowed, Err(DenyReason::NotInTeam));
    }

    #[test]
    fn a_co_team_counts_as_the_team() {
        let mut h = household("team-b");
        h.co_team = Some("team-a".into());
        assert!(ask(&actor(Role::Worker), &Resource::Household(h), Purpose::Support, None).is_allowed());
    }

    #[test]
    fn break_the_glass_needs_a_real_reason_and_is_flagged() {
        let w = actor(Role::Worker);
        let r = Resource::Household(household("team-b"));
        assert_eq!(ask(&w, &r, Purpose::Support, Some("nodig")).allowed, Err(DenyReason::BreakGlassReasonTooShort));
        let d = ask(&w, &r, Purpose::Support, Some("Crisis buiten kantooruren, contactpersoon onbereikbaar"));
        assert!(d.is_allowed() && d.break_glass && d.audit.break_glass);
        assert!(d.audit.reason.unwrap().starts_with("Crisis"));
    }

    #[test]
    fn mdt_needs_both_sharing_and_consent() {
        let m = actor(Role::MdtMember);
        let mut h = household("team-a");
        let read = |h: &HouseholdFacts| ask(&m, &Resource::Household(h.clone()), Purpose::MdtDecision, None).allowed;
        assert_eq!(read(&h), Err(DenyReason::NotShared));
        h.shared_with.push(("org-wi".into(), Purpose::MdtDecision));
        assert_eq!(read(&h), Err(DenyReason::NoConsent), "sharing alone is not enough");
        h.consents.push(("org-wi".into(), Purpose::MdtDecision));
        assert_eq!(read(&h), Ok(()));
        h.consents.clear();
        h.consents.push(("org-wi".into(), Purpose::Referral));
        assert_eq!(read(&h), Err(DenyReason::NoConsent), "consent is per purpose");
    }

    #[test]
    fn a_household_member_sees_own_household_and_own_record_only() {
        let hm = actor(Role::HouseholdMember);
        let own = household("team-a");
        assert!(ask(&hm, &Resource::Household(own.clone()), Purpose::SelfAccess, None).is_allowed());
        let other_member = Resource::Member { household: own.clone(), member: "m-2".into() };
        assert_eq!(ask(&hm, &other_member, Purpose::SelfAccess, None).allowed, Err(DenyReason::NotOwnHousehold));
        let other = HouseholdFacts { id: "hh-2".into(), ..own };
        assert_eq!(ask(&hm, &Resource::Household(other), Purpose::SelfAccess, None).allowed, Err(DenyReason::NotOwnHousehold));
    }

    #[test]
    fn policy_admin_and_signal_senders_never_see_a_file() {
        for role in [Role::Policy, Role::Admin, Role::SignalSender] {
            for purpose in [Purpose::Support, Purpose::Supervision, Purpose::Administration] {
                let d = ask(&actor(role), &Resource::Household(household("team-a")), purpose, Some("a long enough reason for the glass"));
                assert!(!d.is_allowed(), "{role:?} {purpose:?}");
            }
        }
    }

    #[test]
    fn only_the_privacy_officer_reads_the_audit_log() {
        for role in Role::ALL {
            let d = ask(&actor(role), &Resource::AuditLog, Purpose::Supervision, None);
            assert_eq!(d.is_allowed(), role == Role::PrivacyOfficer, "{role:?}");
        }
    }

    fn any_role() -> impl Strategy<Value = Role> {
        proptest::sample::select(Role::ALL.to_vec())
    }

    proptest! {
        /// Whatever is asked, a denial is never flagged as break-the-glass and the audit outcome
        /// always matches the decision.
        #[test]
        fn audit_record_matches_decision(role in any_role(), team in "team-[ab]", bg in proptest::option::of("[a-z ]{0,30}")) {
            let a = actor(role);
            let r = Resource::Household(household(&team));
            let d = ask(&a, &r, Purpose::Support, bg.as_deref());
            prop_assert_eq!(d.audit.outcome == Outcome::Allowed, d.is_allowed());
            prop_assert!(!d.break_glass || d.is_allowed());
            prop_assert!(!d.break_glass || team == "team-b");
        }

        /// Only workers and team leads can break the glass.
        #[test]
        fn only_team_roles_break_the_glass(role in any_role()) {
            let d = ask(&actor(role), &Resource::Household(household("team-b")), Purpose::Support, Some("a long enough reason to break the glass"));
            prop_assert_eq!(d.break_glass, matches!(role, Role::Worker | Role::TeamLead));
        }
    }
}
