//! What needs attention in a household, computed from its facts and today's date. Pure: the caller
//! passes the date (an injected clock), so the rules are tested for any day.

use crate::household::{Law, Status, age_on, birthday};
use crate::screening::screening_alert;
use time::{Date, Duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertSettings {
    /// Warn this many months before a member with youth care turns 18.
    pub turning_18_months: i64,
    /// Warn when an active household had no contact moment for this many weeks.
    pub no_contact_weeks: i64,
    /// An intake waiting longer than this many days is overdue.
    pub intake_overdue_days: i64,
    /// An active household needs a financial screening at least every this many months.
    pub screening_months: u32,
}

impl Default for AlertSettings {
    fn default() -> AlertSettings {
        AlertSettings {
            turning_18_months: 6,
            no_contact_weeks: 6,
            intake_overdue_days: 10,
            screening_months: crate::screening::DEFAULT_SCREENING_MONTHS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    pub id: String,
    pub name: String,
    pub born: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvolvementFacts {
    pub law: Law,
    pub active: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanFacts {
    /// Whether the household agreed to a version of it.
    pub agreed: bool,
    /// When the plan is to be evaluated with the household.
    pub evaluation_on: Option<Date>,
}

impl PlanFacts {
    /// Agreed, and not past its evaluation date.
    pub fn current(&self, today: Date) -> bool {
        self.agreed && self.evaluation_on.is_none_or(|e| e >= today)
    }
}

/// Maatwerk requests of the household that wait for the MDT's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaatwerkFacts {
    pub waiting: u32,
    /// The earliest date by which the MDT is asked to decide.
    pub decide_by: Option<Date>,
}

/// The follow-through on finances and referrals, kept with the household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FollowUpFacts {
    /// The day of the last financial screening, if any.
    pub last_screening: Option<Date>,
    /// The earliest answer deadline of a sent referral the partner has not answered yet.
    pub referral_answer_due: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdFacts {
    pub status: Status,
    pub created: Date,
    pub contact_worker: Option<String>,
    /// Whether the contact worker still works here (not left, not absent).
    pub contact_worker_available: bool,
    pub members: Vec<MemberFacts>,
    pub involvements: Vec<InvolvementFacts>,
    /// The household's one plan, if there is one.
    pub plan: Option<PlanFacts>,
    pub last_contact: Option<Date>,
    pub maatwerk: Option<MaatwerkFacts>,
    /// `None` when not known (then neither the screening nor the referral alert is given).
    pub follow_up: Option<FollowUpFacts>,
}

/// An alert, most urgent kinds first (the order of the variants is the order on the caseload).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Alert {
    /// An intake without a contact worker that has waited too long.
    IntakeOverdue { days: i64 },
    /// Nobody is the household's contact person.
    NoContactWorker,
    /// The contact worker left or is absent.
    ContactWorkerUnavailable,
    /// A member with youth care turns 18 soon: plan the transition to adult support.
    Turning18 { member: String, name: String, on: Date },
    /// Wmo and Jeugdwet are both involved without one shared, current plan.
    TwoTeamsNoSharedPlan,
    /// The MDT's decision on a maatwerk request is later than the date asked: ask the parties.
    MaatwerkOverdue { on: Date },
    /// A partner did not answer a referral by its deadline (working days after it was sent).
    ReferralUnanswered { due: Date },
    /// No contact moment for a while.
    NoRecentContact { weeks: i64 },
    /// No financial screening in the last months (or never): ask about money (also with youth care).
    NoFinancialScreening { last: Option<Date> },
    /// The plan's evaluation date has come: evaluate it with the household.
    PlanEvaluationDue { on: Date },
    /// Maatwerk requests wait for the MDT's decision (by the date, if one was asked).
    MaatwerkWaiting { count: u32, by: Option<Date> },
}

impl Alert {
    pub fn key(&self) -> &'static str {
        match self {
            Alert::IntakeOverdue { .. } => "alert-intake-overdue",
            Alert::NoContactWorker => "alert-no-contact-worker",
            Alert::ContactWorkerUnavailable => "alert-contact-worker-unavailable",
            Alert::Turning18 { .. } => "alert-turning-18",
            Alert::TwoTeamsNoSharedPlan => "alert-two-teams",
            Alert::NoRecentContact { .. } => "alert-no-recent-contact",
            Alert::PlanEvaluationDue { .. } => "alert-plan-evaluation-due",
            Alert::MaatwerkOverdue { .. } => "alert-maatwerk-overdue",
            Alert::ReferralUnanswered { .. } => "alert-referral-unanswered",
            Alert::NoFinancialScreening { last: Some(_) } => "alert-no-screening-since",
            Alert::NoFinancialScreening { last: None } => "alert-no-screening",
            Alert::MaatwerkWaiting { by: Some(_), .. } => "alert-maatwerk-waiting-by",
            Alert::MaatwerkWaiting { by: None, .. } => "alert-maatwerk-waiting",
        }
    }
}

/// A plan is due for evaluation from its evaluation date on.
pub fn evaluation_due(evaluation_on: Date, today: Date) -> bool {
    evaluation_on <= today
}

/// An active household whose last contact (or, without one, whose file was opened) on or before
/// this date has had no contact for `weeks` weeks.
pub fn no_contact_cutoff(today: Date, weeks: i64) -> Date {
    today - Duration::weeks(weeks)
}

pub fn alerts(h: &HouseholdFacts, today: Date, s: &AlertSettings) -> Vec<Alert> {
    let mut out = Vec::new();
    if h.status == Status::Closed {
        return out;
    }
    match &h.contact_worker {
        None => {
            let waited = (today - h.created).whole_days();
            if h.status == Status::Intake && waited > s.intake_overdue_days {
                out.push(Alert::IntakeOverdue { days: waited });
            } else {
                out.push(Alert::NoContactWorker);
            }
        }
        Some(_) if !h.contact_worker_available => out.push(Alert::ContactWorkerUnavailable),
        Some(_) => {}
    }
    let youth_care = h.involvements.iter().any(|i| i.active && i.law == Law::Jeugdwet);
    if youth_care {
        let horizon = today + Duration::days(s.turning_18_months * 30);
        for m in &h.members {
            if let Some(born) = m.born {
                let eighteen = birthday(born, 18);
                if age_on(born, today) < 18 && eighteen <= horizon {
                    out.push(Alert::Turning18 { member: m.id.clone(), name: m.name.clone(), on: eighteen });
                }
            }
        }
    }
    let wmo = h.involvements.iter().any(|i| i.active && i.law == Law::Wmo);
    if wmo && youth_care && !h.plan.is_some_and(|p| p.current(today)) {
        out.push(Alert::TwoTeamsNoSharedPlan);
    }
    if let Some(on) = h.plan.and_then(|p| p.evaluation_on).filter(|on| evaluation_due(*on, today)) {
        out.push(Alert::PlanEvaluationDue { on });
    }
    if let Some(m) = h.maatwerk.filter(|m| m.waiting > 0) {
        match m.decide_by {
            Some(on) if on < today => out.push(Alert::MaatwerkOverdue { on }),
            by => out.push(Alert::MaatwerkWaiting { count: m.waiting, by }),
        }
    }
    if let Some(due) = h.follow_up.and_then(|f| f.referral_answer_due).filter(|due| *due < today) {
        out.push(Alert::ReferralUnanswered { due });
    }
    if h.status == Status::Active {
        let since = h.last_contact.unwrap_or(h.created);
        if since <= no_contact_cutoff(today, s.no_contact_weeks) {
            out.push(Alert::NoRecentContact { weeks: (today - since).whole_weeks() });
        }
    }
    if let Some(f) = h.follow_up
        && screening_alert(h.status, f.last_screening, today, s.screening_months)
    {
        out.push(Alert::NoFinancialScreening { last: f.last_screening });
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn active() -> HouseholdFacts {
        HouseholdFacts {
            status: Status::Active,
            created: date!(2026 - 01 - 01),
            contact_worker: Some("w".into()),
            contact_worker_available: true,
            members: vec![],
            involvements: vec![],
            plan: None,
            last_contact: Some(date!(2026 - 11 - 20)),
            maatwerk: None,
            follow_up: None,
        }
    }

    #[test]
    fn no_financial_screening_also_with_youth_care() {
        let mut h = active();
        h.involvements.push(InvolvementFacts { law: Law::Jeugdwet, active: true });
        h.follow_up = Some(FollowUpFacts::default());
        assert_eq!(alerts(&h, TODAY, &AlertSettings::default()), vec![Alert::NoFinancialScreening { last: None }]);
        h.follow_up = Some(FollowUpFacts { last_screening: Some(date!(2026 - 05 - 27)), referral_answer_due: None });
        assert_eq!(
            alerts(&h, TODAY, &AlertSettings::default()),
            vec![Alert::NoFinancialScreening { last: Some(date!(2026 - 05 - 27)) }],
            "six months ago to the day"
        );
        h.follow_up = Some(FollowUpFacts { last_screening: Some(date!(2026 - 05 - 28)), referral_answer_due: None });
        assert!(alerts(&h, TODAY, &AlertSettings::default()).is_empty(), "one day short of six months");
        h.status = Status::Intake;
        h.follow_up = Some(FollowUpFacts::default());
        assert!(
            !alerts(&h, TODAY, &AlertSettings::default()).iter().any(|a| matches!(a, Alert::NoFinancialScreening { .. })),
            "only active households"
        );
    }

    #[test]
    fn a_referral_unanswered_after_its_deadline() {
        let mut h = active();
        h.follow_up = Some(FollowUpFacts { last_screening: Some(date!(2026 - 11 - 01)), referral_answer_due: Some(TODAY) });
        assert!(alerts(&h, TODAY, &AlertSettings::default()).is_empty(), "an answer on the last day is in time");
        h.follow_up = Some(FollowUpFacts { last_screening: Some(date!(2026 - 11 - 01)), referral_answer_due: Some(date!(2026 - 11 - 26)) });
        assert_eq!(alerts(&h, TODAY, &AlertSettings::default()), vec![Alert::ReferralUnanswered { due: date!(2026 - 11 - 26) }]);
    }

    #[test]
    fn maatwerk_waiting_and_overdue() {
        let mut h = active();
        h.maatwerk = Some(MaatwerkFacts { waiting: 0, decide_by: None });
        assert!(alerts(&h, TODAY, &AlertSettings::default()).is_empty(), "nothing waits");
        h.maatwerk = Some(MaatwerkFacts { waiting: 2, decide_by: Some(date!(2026 - 12 - 01)) });
        assert_eq!(
            alerts(&h, TODAY, &AlertSettings::default()),
            vec![Alert::MaatwerkWaiting { count: 2, by: Some(date!(2026 - 12 - 01)) }]
        );
        h.maatwerk = Some(MaatwerkFacts { waiting: 1, decide_by: Some(date!(2026 - 11 - 26)) });
        h.last_contact = Some(date!(2026 - 10 - 01));
        let a = alerts(&h, TODAY, &AlertSettings::default());
        assert_eq!(a[0], Alert::MaatwerkOverdue { on: date!(2026 - 11 - 26) }, "an overdue decision comes before the contact reminder");
    }

    #[test]
    fn a_young_man_with_youth_care_turning_18_in_four_months() {
        let mut h = active();
        h.members.push(MemberFacts { id: "m".into(), name: "Daan".into(), born: Some(date!(2009 - 03 - 27)) });
        assert!(alerts(&h, TODAY, &AlertSettings::default()).is_empty(), "no youth care, no alert");
        h.involvements.push(InvolvementFacts { law: Law::Jeugdwet, active: true });
        assert_eq!(
            alerts(&h, TODAY, &AlertSettings::default()),
            vec![Alert::Turning18 { member: "m".into(), name: "Daan".into(), on: date!(2027 - 03 - 27) }]
        );
        let far = AlertSettings { turning_18_months: 3, ..Default::default() };
        assert!(alerts(&h, TODAY, &far).is_empty(), "outside the configured window");
    }

    #[test]
    fn two_teams_without_a_shared_plan() {
        let mut h = active();
        h.involvements = vec![InvolvementFacts { law: Law::Wmo, active: true }, InvolvementFacts { law: Law::Jeugdwet, active: true }];
        assert_eq!(alerts(&h, TODAY, &AlertSettings::default()), vec![Alert::TwoTeamsNoSharedPlan]);
        h.plan = Some(PlanFacts { agreed: true, evaluation_on: None });
        assert!(alerts(&h, TODAY, &AlertSettings::default()).is_empty());
    }

    #[test]
    fn contact_worker_and_contact_moments() {
        let mut h = active();
        h.last_contact = Some(date!(2026 - 10 - 01));
        assert_eq!(alerts(&h, TODAY, &AlertSettings::default()), vec![Alert::NoRecentContact { weeks: 8 }]);
        h.contact_worker_available = false;
        assert_eq!(alerts(&h, TODAY, &AlertSettings::default())[0], Alert::ContactWorkerUnavailable);
        h.contact_worker = None;
        h.status = Status::Intake;
        h.created = date!(2026 - 11 - 20);
        assert_eq!(alerts(&h, TODAY, &AlertSettings::default()), vec![Alert::NoContactWorker]);
        h.created = date!(2026 - 11 - 01);
        assert_eq!(alerts(&h, TODAY, &AlertSettings::default()), vec![Alert::IntakeOverdue { days: 26 }]);
    }

    proptest! {
        #[test]
        fn a_closed_household_never_alerts(days in 0i64..3000, worker in proptest::bool::ANY) {
            let mut h = active();
            h.status = Status::Closed;
            h.contact_worker = worker.then(|| "w".into());
            h.last_contact = None;
            h.involvements = vec![InvolvementFacts { law: Law::Wmo, active: true }, InvolvementFacts { law: Law::Jeugdwet, active: true }];
            prop_assert!(alerts(&h, TODAY + Duration::days(days), &AlertSettings::default()).is_empty());
        }

        #[test]
        fn adults_never_trigger_the_18_alert(years in 18i32..90) {
            let mut h = active();
            h.involvements.push(InvolvementFacts { law: Law::Jeugdwet, active: true });
            h.members.push(MemberFacts { id: "m".into(), name: "x".into(), born: Some(date!(2000 - 06 - 15).replace_year(TODAY.year() - years).unwrap()) });
            let turning = alerts(&h, TODAY, &AlertSettings::default()).iter().any(|a| matches!(a, Alert::Turning18 { .. }));
            prop_assert!(!turning);
        }
    }

    #[test]
    fn a_plan_past_its_evaluation_date_is_due_and_no_longer_current() {
        let mut h = active();
        h.involvements = vec![InvolvementFacts { law: Law::Wmo, active: true }, InvolvementFacts { law: Law::Jeugdwet, active: true }];
        h.last_contact = Some(TODAY);
        h.plan = Some(PlanFacts { agreed: true, evaluation_on: Some(date!(2026 - 12 - 01)) });
        assert!(alerts(&h, TODAY, &AlertSettings::default()).is_empty(), "agreed and current");
        h.plan = Some(PlanFacts { agreed: false, evaluation_on: Some(date!(2026 - 12 - 01)) });
        assert_eq!(alerts(&h, TODAY, &AlertSettings::default()), vec![Alert::TwoTeamsNoSharedPlan], "a draft is not yet shared");
        h.plan = Some(PlanFacts { agreed: true, evaluation_on: Some(date!(2026 - 11 - 20)) });
        assert_eq!(
            alerts(&h, TODAY, &AlertSettings::default()),
            vec![Alert::TwoTeamsNoSharedPlan, Alert::PlanEvaluationDue { on: date!(2026 - 11 - 20) }]
        );
    }
}
