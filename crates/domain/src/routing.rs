//! Which team an intake goes to: the area of the address, then the *question's* life domains and the
//! household's own wish. Household composition is deliberately not an input (SITUATIONS.md 2: a
//! single mother asking about debts and housing belongs with the social team, not the youth team).

use crate::household::LifeDomain;
use crate::team::{Area, TeamKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamCandidate {
    pub id: String,
    pub kind: TeamKind,
    pub area: Area,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteReason {
    /// The household asked for this kind of team.
    Wish,
    /// The question is only about parenting: the youth and family team.
    YouthQuestion,
    /// Any other question: the social team.
    SocialQuestion,
    /// No team of the preferred kind serves the area; an integrated team does.
    Integrated,
    /// Only this team serves the area.
    OnlyTeam,
}

impl RouteReason {
    pub fn key(self) -> &'static str {
        match self {
            RouteReason::Wish => "route-wish",
            RouteReason::YouthQuestion => "route-youth-question",
            RouteReason::SocialQuestion => "route-social-question",
            RouteReason::Integrated => "route-integrated",
            RouteReason::OnlyTeam => "route-only-team",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Team {
        id: String,
        reason: RouteReason,
    },
    /// No team serves this postcode: the intake waits in the triage queue of the team leads.
    Triage,
}

/// Proposes a team for an intake.
pub fn propose(pc4: u16, question: &[LifeDomain], wish: Option<TeamKind>, teams: &[TeamCandidate]) -> Route {
    let here: Vec<&TeamCandidate> = teams.iter().filter(|t| t.area.contains(pc4)).collect();
    if here.is_empty() {
        return Route::Triage;
    }
    let of_kind = |k: TeamKind| here.iter().find(|t| t.kind == k);
    if let Some(t) = wish.and_then(of_kind) {
        return Route::Team { id: t.id.clone(), reason: RouteReason::Wish };
    }
    let youth_only = !question.is_empty() && question.iter().all(|d| *d == LifeDomain::Parenting);
    let (kind, reason) =
        if youth_only { (TeamKind::YouthFamily, RouteReason::YouthQuestion) } else { (TeamKind::Social, RouteReason::SocialQuestion) };
    if let Some(t) = of_kind(kind) {
        return Route::Team { id: t.id.clone(), reason };
    }
    if let Some(t) = of_kind(TeamKind::Integrated) {
        return Route::Team { id: t.id.clone(), reason: RouteReason::Integrated };
    }
    Route::Team { id: here[0].id.clone(), reason: RouteReason::OnlyTeam }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn teams() -> Vec<TeamCandidate> {
        let area = Area::parse("3500-3549").unwrap();
        vec![
            TeamCandidate { id: "social".into(), kind: TeamKind::Social, area: area.clone() },
            TeamCandidate { id: "youth".into(), kind: TeamKind::YouthFamily, area },
            TeamCandidate { id: "west".into(), kind: TeamKind::Integrated, area: Area::parse("3600-3649").unwrap() },
        ]
    }

    #[test]
    fn a_single_mother_asking_about_debts_goes_to_the_social_team() {
        let r = propose(3512, &[LifeDomain::Finances, LifeDomain::Housing], None, &teams());
        assert_eq!(r, Route::Team { id: "social".into(), reason: RouteReason::SocialQuestion });
    }

    #[test]
    fn a_parenting_question_goes_to_the_youth_team_unless_the_household_wishes_otherwise() {
        assert_eq!(
            propose(3512, &[LifeDomain::Parenting], None, &teams()),
            Route::Team { id: "youth".into(), reason: RouteReason::YouthQuestion }
        );
        assert_eq!(
            propose(3512, &[LifeDomain::Parenting], Some(TeamKind::Social), &teams()),
            Route::Team { id: "social".into(), reason: RouteReason::Wish }
        );
    }

    #[test]
    fn an_integrated_team_takes_everything_in_its_area_and_unknown_areas_go_to_triage() {
        assert_eq!(
            propose(3610, &[LifeDomain::Parenting], None, &teams()),
            Route::Team { id: "west".into(), reason: RouteReason::Integrated }
        );
        assert_eq!(propose(9999, &[LifeDomain::Finances], None, &teams()), Route::Triage);
    }

    proptest! {
        /// Whatever the question, a mixed question (anything besides parenting) never goes to the
        /// youth team without the household's wish.
        #[test]
        fn mixed_questions_go_to_the_social_team(
            domains in proptest::collection::vec(proptest::sample::select(LifeDomain::ALL.to_vec()), 1..5),
            pc4 in 3500u16..3550,
        ) {
            prop_assume!(domains.iter().any(|d| *d != LifeDomain::Parenting));
            prop_assert_eq!(propose(pc4, &domains, None, &teams()), Route::Team { id: "social".into(), reason: RouteReason::SocialQuestion });
        }
    }
}
