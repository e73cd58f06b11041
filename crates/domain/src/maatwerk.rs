//! Maatwerk: a request for an exception to a rule, argued with the value triangle and decided by the
//! parties of the multidisciplinary team (MDT). Pure rules: the request's states and their table,
//! when the triangle holds, what may be shared with whom, and how the parties' decisions add up.

use crate::code_enum;

code_enum!(
    /// Where an exception request stands.
    RequestState {
        Concept = "concept",
        Shared = "shared",
        Approved = "approved",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
);

code_enum!(
    /// The parties an MDT can ask (seed: W&I, housing corporations, insurer, UWV, SVB).
    MdtParty {
        WerkEnInkomen = "werk_en_inkomen",
        Woningcorporatie = "woningcorporatie",
        Zorgverzekeraar = "zorgverzekeraar",
        Uwv = "uwv",
        Svb = "svb",
        Schuldhulp = "schuldhulp",
        Jeugd = "jeugd",
        Overig = "overig",
    }
);

code_enum!(
    /// One party's decision.
    Verdict { Approve = "approve", ApproveWithConditions = "approve_with_conditions", Reject = "reject" }
);

code_enum!(
    /// On what ground the household's data may go to a party. The household's consent is asked for
    /// every party in any case (an extra condition, DESIGN §6); consent as the *only* ground is not
    /// enough for a public body, because consent cannot replace a missing legal basis for sharing
    /// across domains (Autoriteit Persoonsgegevens, 2016; research §4).
    SharingBasis { Consent = "consent", LegalTask = "legal_task", LegalObligation = "legal_obligation" }
);

impl MdtParty {
    /// Public bodies (the municipality's own services, UWV, SVB): they need a legal task or
    /// obligation to receive the data; consent alone is no ground for them.
    pub fn is_public_body(self) -> bool {
        matches!(self, MdtParty::WerkEnInkomen | MdtParty::Uwv | MdtParty::Svb | MdtParty::Schuldhulp | MdtParty::Jeugd)
    }
}

/// The moves a request may make. A rejected request can be revised (back to concept) and shared again.
pub const REQUEST_TRANSITIONS: &[(RequestState, RequestState)] = &[
    (RequestState::Concept, RequestState::Shared),
    (RequestState::Concept, RequestState::Withdrawn),
    (RequestState::Shared, RequestState::Approved),
    (RequestState::Shared, RequestState::Rejected),
    (RequestState::Shared, RequestState::Withdrawn),
    (RequestState::Rejected, RequestState::Concept),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MaatwerkError {
    #[error("a request cannot go from {from:?} to {to:?}")]
    Transition { from: RequestState, to: RequestState },
    #[error("the value triangle is not complete")]
    TriangleIncomplete,
    #[error("no MDT party is asked")]
    NoParty,
    #[error("no basis for sharing with this party")]
    NoSharingBasis,
    #[error("the household did not consent to sharing with this party")]
    NoConsent,
    #[error("consent alone is no ground for sharing with a public body")]
    ConsentIsNoGround,
    #[error("this party was not asked or has no access to this request")]
    NotAsked,
    #[error("a rejection needs a reason, conditions need their text")]
    ReasonRequired,
}

pub fn transition(from: RequestState, to: RequestState) -> Result<RequestState, MaatwerkError> {
    if REQUEST_TRANSITIONS.contains(&(from, to)) { Ok(to) } else { Err(MaatwerkError::Transition { from, to }) }
}

/// The three sides of the value triangle, as the worker filled them in.
#[derive(Debug, Clone, PartialEq)]
pub struct Triangle {
    /// Legitimacy: the legal ground, and the discretion or hardship clause used.
    pub legal_ground: String,
    pub discretion_used: String,
    /// Engagement: what the household itself contributes.
    pub own_contribution: String,
    /// Return: the linked cost-benefit analysis's total net benefit (positive = the solution saves),
    /// and the chance it is positive (Monte Carlo), when one was run.
    pub net_benefit: Option<f64>,
    pub probability_positive: Option<f64>,
}

/// Which sides hold. Only when all three hold is the exception legitimate (the method of the value triangle).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriangleCheck {
    pub legitimacy: bool,
    pub engagement: bool,
    pub return_: bool,
}

impl TriangleCheck {
    pub fn holds(&self) -> bool {
        self.legitimacy && self.engagement && self.return_
    }
}

/// Checks the triangle: a legal ground and the discretion used are named, the household's own
/// contribution is written down, and the analysis shows a saving (and, when uncertainty was
/// simulated, a saving in at least half of the draws).
pub fn check_triangle(t: &Triangle) -> TriangleCheck {
    let filled = |s: &str| !s.trim().is_empty();
    TriangleCheck {
        legitimacy: filled(&t.legal_ground) && filled(&t.discretion_used),
        engagement: filled(&t.own_contribution),
        return_: t.net_benefit.is_some_and(|n| n > 0.0) && t.probability_positive.is_none_or(|p| p >= 0.5),
    }
}

/// One party asked, with the basis for sharing and, once given, its decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub party: MdtParty,
    pub basis: Option<SharingBasis>,
    /// Whether a member of the household consented to sharing with this party.
    pub consent: bool,
    pub decision: Option<Decision>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Verdict,
    /// The conditions (approve with conditions) or the reason (reject).
    pub text: String,
}

/// Whether the request may be shared with the MDT: it is a concept, the triangle holds, at least one
/// party is asked, and each party has a basis for sharing, the household's consent, and — for a
/// public body — a ground other than consent.
pub fn may_share(state: RequestState, triangle: &TriangleCheck, asked: &[Asked]) -> Result<(), MaatwerkError> {
    transition(state, RequestState::Shared)?;
    if !triangle.holds() {
        return Err(MaatwerkError::TriangleIncomplete);
    }
    if asked.is_empty() {
        return Err(MaatwerkError::NoParty);
    }
    for a in asked {
        match a.basis {
            None => return Err(MaatwerkError::NoSharingBasis),
            Some(SharingBasis::Consent) if a.party.is_public_body() => return Err(MaatwerkError::ConsentIsNoGround),
            Some(_) if !a.consent => return Err(MaatwerkError::NoConsent),
            Some(_) => {}
        }
    }
    Ok(())
}

/// Records a party's decision on a shared request; a party that was not asked (or has no basis) may
/// not decide. A rejection needs a reason and conditions need their text.
pub fn decide(state: RequestState, asked: &mut [Asked], party: MdtParty, decision: Decision) -> Result<(), MaatwerkError> {
    if state != RequestState::Shared {
        return Err(MaatwerkError::Transition { from: state, to: RequestState::Approved });
    }
    if decision.verdict != Verdict::Approve && decision.text.trim().is_empty() {
        return Err(MaatwerkError::ReasonRequired);
    }
    let a = asked.iter_mut().find(|a| a.party == party && a.basis.is_some()).ok_or(MaatwerkError::NotAsked)?;
    a.decision = Some(decision);
    Ok(())
}

/// The request's outcome from the parties' decisions: rejected as soon as one party rejects;
/// approved when every party approved (with or without conditions); otherwise still waiting.
pub fn outcome(asked: &[Asked]) -> Option<RequestState> {
    if asked.iter().any(|a| a.decision.as_ref().is_some_and(|d| d.verdict == Verdict::Reject)) {
        return Some(RequestState::Rejected);
    }
    if !asked.is_empty() && asked.iter().all(|a| a.decision.is_some()) {
        return Some(RequestState::Approved);
    }
    None
}

/// The conditions of an approved request, which become actions in the plan.
pub fn conditions(asked: &[Asked]) -> Vec<(MdtParty, String)> {
    asked
        .iter()
        .filter_map(|a| a.decision.as_ref().filter(|d| d.verdict == Verdict::ApproveWithConditions).map(|d| (a.party, d.text.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn triangle(net: Option<f64>, p: Option<f64>) -> Triangle {
        Triangle {
            legal_ground: "Participatiewet art. 18 lid 1 (afstemming)".into(),
            discretion_used: "Individualisering: de auto is nodig voor de dialyse".into(),
            own_contribution: "Hij gaat weer aan het werk en laat het budget beheren".into(),
            net_benefit: net,
            probability_positive: p,
        }
    }

    fn asked(party: MdtParty) -> Asked {
        Asked { party, basis: Some(SharingBasis::LegalTask), consent: true, decision: None }
    }

    #[test]
    fn the_triangle_holds_only_on_all_three_sides() {
        assert!(check_triangle(&triangle(Some(12_000.0), Some(0.8))).holds());
        assert!(!check_triangle(&triangle(Some(-1.0), None)).return_, "no saving, no return");
        assert!(!check_triangle(&triangle(Some(500.0), Some(0.3))).return_, "a saving in fewer than half of the draws");
        assert!(!check_triangle(&triangle(None, None)).return_, "no analysis, no return");
        let mut t = triangle(Some(1.0), None);
        t.discretion_used = " ".into();
        assert_eq!(check_triangle(&t), TriangleCheck { legitimacy: false, engagement: true, return_: true });
    }

    #[test]
    fn sharing_needs_the_triangle_a_party_and_a_basis_for_each() {
        let ok = check_triangle(&triangle(Some(1.0), None));
        let mut parties = vec![asked(MdtParty::WerkEnInkomen)];
        assert_eq!(may_share(RequestState::Concept, &ok, &parties), Ok(()));
        assert_eq!(may_share(RequestState::Concept, &ok, &[]), Err(MaatwerkError::NoParty));
        parties.push(Asked { party: MdtParty::Woningcorporatie, basis: None, consent: true, decision: None });
        assert_eq!(may_share(RequestState::Concept, &ok, &parties), Err(MaatwerkError::NoSharingBasis));
        parties[1].basis = Some(SharingBasis::Consent);
        assert_eq!(may_share(RequestState::Concept, &ok, &parties), Ok(()), "consent is a ground for a corporation");
        parties[1].consent = false;
        assert_eq!(may_share(RequestState::Concept, &ok, &parties), Err(MaatwerkError::NoConsent), "consent is asked for every party");
        parties[1].consent = true;
        parties[0].basis = Some(SharingBasis::Consent);
        assert_eq!(
            may_share(RequestState::Concept, &ok, &parties),
            Err(MaatwerkError::ConsentIsNoGround),
            "consent alone is no ground for Work & Income"
        );
        parties[0].basis = Some(SharingBasis::LegalTask);
        let bad = check_triangle(&triangle(None, None));
        assert_eq!(may_share(RequestState::Concept, &bad, &parties[..1]), Err(MaatwerkError::TriangleIncomplete));
        assert!(matches!(may_share(RequestState::Approved, &ok, &parties[..1]), Err(MaatwerkError::Transition { .. })));
    }

    #[test]
    fn decisions_add_up_and_only_asked_parties_decide() {
        let mut parties = vec![asked(MdtParty::WerkEnInkomen), asked(MdtParty::Woningcorporatie)];
        let approve = Decision { verdict: Verdict::Approve, text: String::new() };
        assert_eq!(decide(RequestState::Shared, &mut parties, MdtParty::Uwv, approve.clone()), Err(MaatwerkError::NotAsked));
        let no_reason = Decision { verdict: Verdict::Reject, text: " ".into() };
        assert_eq!(decide(RequestState::Shared, &mut parties, MdtParty::WerkEnInkomen, no_reason), Err(MaatwerkError::ReasonRequired));
        decide(RequestState::Shared, &mut parties, MdtParty::WerkEnInkomen, approve).unwrap();
        assert_eq!(outcome(&parties), None, "still waiting for the corporation");
        let cond = Decision { verdict: Verdict::ApproveWithConditions, text: "Huur via automatische incasso".into() };
        decide(RequestState::Shared, &mut parties, MdtParty::Woningcorporatie, cond).unwrap();
        assert_eq!(outcome(&parties), Some(RequestState::Approved));
        assert_eq!(conditions(&parties), vec![(MdtParty::Woningcorporatie, "Huur via automatische incasso".to_string())]);
        assert!(
            decide(
                RequestState::Approved,
                &mut parties,
                MdtParty::WerkEnInkomen,
                Decision { verdict: Verdict::Approve, text: String::new() }
            )
            .is_err()
        );
    }

    fn any_verdict() -> impl Strategy<Value = Option<Verdict>> {
        proptest::option::of(proptest::sample::select(Verdict::ALL.to_vec()))
    }

    proptest! {
        #[test]
        fn one_rejection_rejects_and_approval_needs_everyone(verdicts in proptest::collection::vec(any_verdict(), 1..6)) {
            let parties: Vec<Asked> = verdicts
                .iter()
                .map(|v| Asked { party: MdtParty::Overig, basis: Some(SharingBasis::LegalTask), consent: true, decision: v.map(|verdict| Decision { verdict, text: "x".into() }) })
                .collect();
            let any_reject = verdicts.contains(&Some(Verdict::Reject));
            let all_decided = verdicts.iter().all(Option::is_some);
            let expected = if any_reject { Some(RequestState::Rejected) } else if all_decided { Some(RequestState::Approved) } else { None };
            prop_assert_eq!(outcome(&parties), expected);
        }
    }
}
