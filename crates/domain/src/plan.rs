//! The one integrated plan of a household: goals the household owns, actions of whoever does them,
//! the laws involved, the household's own contribution and the evaluation date. A plan has
//! versions: the newest is a draft until the household agrees to it; an agreed version is frozen
//! and the next change starts a new draft. Earlier versions stay readable, with a diff.

use crate::code_enum;
use crate::household::{FieldError, Law, LifeDomain, format_date, parse_date};
use serde::{Deserialize, Serialize};
use time::Date;

code_enum!(
    /// Where a goal stands.
    GoalStatus { Open = "open", InProgress = "in_progress", Reached = "reached", NotReached = "not_reached", Dropped = "dropped" }
);

code_enum!(
    /// Where an action stands.
    ActionStatus { Todo = "todo", Doing = "doing", Done = "done", Cancelled = "cancelled" }
);

code_enum!(
    /// Who does an action.
    ActionOwner { Member = "member", Network = "network", Worker = "worker", Partner = "partner", Mdt = "mdt" }
);

code_enum!(
    /// How the household agreed to a plan version.
    AgreedHow { InPerson = "in_person", Portal = "portal", Phone = "phone" }
);

code_enum!(
    /// A plan version's state.
    VersionState { Draft = "draft", Agreed = "agreed", Superseded = "superseded" }
);

/// The goal statuses a goal may move between. A reached, missed or dropped goal can be opened again.
pub const GOAL_TRANSITIONS: &[(GoalStatus, GoalStatus)] = &[
    (GoalStatus::Open, GoalStatus::InProgress),
    (GoalStatus::Open, GoalStatus::Reached),
    (GoalStatus::Open, GoalStatus::Dropped),
    (GoalStatus::InProgress, GoalStatus::Reached),
    (GoalStatus::InProgress, GoalStatus::NotReached),
    (GoalStatus::InProgress, GoalStatus::Dropped),
    (GoalStatus::Reached, GoalStatus::InProgress),
    (GoalStatus::NotReached, GoalStatus::InProgress),
    (GoalStatus::Dropped, GoalStatus::Open),
];

/// The action statuses an action may move between.
pub const ACTION_TRANSITIONS: &[(ActionStatus, ActionStatus)] = &[
    (ActionStatus::Todo, ActionStatus::Doing),
    (ActionStatus::Todo, ActionStatus::Done),
    (ActionStatus::Todo, ActionStatus::Cancelled),
    (ActionStatus::Doing, ActionStatus::Done),
    (ActionStatus::Doing, ActionStatus::Cancelled),
    (ActionStatus::Doing, ActionStatus::Todo),
    (ActionStatus::Done, ActionStatus::Doing),
    (ActionStatus::Cancelled, ActionStatus::Todo),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("this status change is not allowed")]
    Transition,
    #[error("version {based_on} was replaced by version {latest}")]
    Superseded { based_on: i64, latest: i64 },
    #[error("no such goal or action in this plan")]
    NotInPlan,
}

pub fn goal_transition(from: GoalStatus, to: GoalStatus) -> Result<GoalStatus, PlanError> {
    if from == to || GOAL_TRANSITIONS.contains(&(from, to)) { Ok(to) } else { Err(PlanError::Transition) }
}

pub fn action_transition(from: ActionStatus, to: ActionStatus) -> Result<ActionStatus, PlanError> {
    if from == to || ACTION_TRANSITIONS.contains(&(from, to)) { Ok(to) } else { Err(PlanError::Transition) }
}

/// Dates in the stored plan document are ISO text, like everywhere in the database.
mod iso_date {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_date(*d))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        parse_date(&s).map_err(serde::de::Error::custom)
    }

    pub mod option {
        use super::*;
        pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_some(&format_date(*d)),
                None => s.serialize_none(),
            }
        }
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
            Option::<String>::deserialize(d)?.map(|s| parse_date(&s).map_err(serde::de::Error::custom)).transpose()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub id: String,
    pub domain: LifeDomain,
    /// The member who owns the goal.
    pub owner_member_id: String,
    /// The goal in the household's own words.
    pub text: String,
    /// What counts as reached.
    pub reached_when: String,
    #[serde(with = "iso_date")]
    pub due_on: Date,
    pub status: GoalStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    pub goal_id: String,
    pub owner: ActionOwner,
    /// Who exactly (a member's or network person's name, an organisation).
    pub who: String,
    pub what: String,
    #[serde(with = "iso_date")]
    pub due_on: Date,
    pub status: ActionStatus,
}

/// A law involved in the plan and the professional or organisation that acts under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawInvolved {
    pub law: Law,
    pub professional: String,
}

/// The content of one plan version.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlanContent {
    pub goals: Vec<Goal>,
    pub actions: Vec<Action>,
    pub laws: Vec<LawInvolved>,
    /// What the household itself contributes, in its own words.
    pub own_contribution: String,
    #[serde(with = "iso_date::option")]
    pub evaluation_on: Option<Date>,
}

impl PlanContent {
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    /// The actions for one goal, in the order they were added.
    pub fn actions_of<'a>(&'a self, goal_id: &'a str) -> impl Iterator<Item = &'a Action> + 'a {
        self.actions.iter().filter(move |a| a.goal_id == goal_id)
    }

    /// Sets a goal's status by the transition table.
    pub fn set_goal_status(&mut self, id: &str, to: GoalStatus) -> Result<(), PlanError> {
        let g = self.goals.iter_mut().find(|g| g.id == id).ok_or(PlanError::NotInPlan)?;
        g.status = goal_transition(g.status, to)?;
        Ok(())
    }

    /// Sets an action's status by the transition table.
    pub fn set_action_status(&mut self, id: &str, to: ActionStatus) -> Result<(), PlanError> {
        let a = self.actions.iter_mut().find(|a| a.id == id).ok_or(PlanError::NotInPlan)?;
        a.status = action_transition(a.status, to)?;
        Ok(())
    }
}

/// A date that must not lie before today (a new goal's or action's due date, an evaluation date).
pub fn not_before_today(d: Date, today: Date) -> Result<Date, FieldError> {
    if d < today { Err(FieldError::DateInPast) } else { Ok(d) }
}

/// A problem with one field of a plan sent as a whole (the API), e.g. `goals[0].owner_member_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFieldError {
    pub field: String,
    pub error: FieldError,
}

const MAX_GOAL_TEXT: usize = 1000;
const MAX_NAME: usize = 120;
const MAX_CONTRIBUTION: usize = 4000;

fn text_ok(t: &str, max: usize, required: bool) -> Result<(), FieldError> {
    let n = t.trim().chars().count();
    if required && n == 0 {
        Err(FieldError::Required)
    } else if n > max {
        Err(FieldError::TooLong(max))
    } else {
        Ok(())
    }
}

/// Checks a whole new plan content against the one it replaces: texts present and not too long,
/// goal owners are members, actions belong to a goal, ids unique, statuses move by their tables, and
/// new goals, actions and a changed evaluation date do not lie in the past. Every problem is listed.
pub fn check_content(old: &PlanContent, new: &PlanContent, members: &[&str], today: Date) -> Vec<PlanFieldError> {
    let mut out = Vec::new();
    let mut err = |field: String, error: FieldError| out.push(PlanFieldError { field, error });
    let mut ids = std::collections::HashSet::new();
    for (i, g) in new.goals.iter().enumerate() {
        let at = |f: &str| format!("goals[{i}].{f}");
        if g.id.trim().is_empty() || !ids.insert(g.id.as_str()) {
            err(at("id"), FieldError::UnknownValue);
        }
        if !members.contains(&g.owner_member_id.as_str()) {
            err(at("owner_member_id"), FieldError::UnknownValue);
        }
        for (f, t) in [("text", &g.text), ("reached_when", &g.reached_when)] {
            if let Err(e) = text_ok(t, MAX_GOAL_TEXT, true) {
                err(at(f), e);
            }
        }
        match old.goal(&g.id) {
            Some(o) => {
                if goal_transition(o.status, g.status).is_err() {
                    err(at("status"), FieldError::UnknownValue);
                }
            }
            None => {
                if g.due_on < today {
                    err(at("due_on"), FieldError::DateInPast);
                }
            }
        }
    }
    for (i, a) in new.actions.iter().enumerate() {
        let at = |f: &str| format!("actions[{i}].{f}");
        if a.id.trim().is_empty() || !ids.insert(a.id.as_str()) {
            err(at("id"), FieldError::UnknownValue);
        }
        if new.goal(&a.goal_id).is_none() {
            err(at("goal_id"), FieldError::UnknownValue);
        }
        if let Err(e) = text_ok(&a.what, MAX_GOAL_TEXT, true) {
            err(at("what"), e);
        }
        if let Err(e) = text_ok(&a.who, MAX_NAME, false) {
            err(at("who"), e);
        }
        match old.actions.iter().find(|o| o.id == a.id) {
            Some(o) => {
                if action_transition(o.status, a.status).is_err() {
                    err(at("status"), FieldError::UnknownValue);
                }
            }
            None => {
                if a.due_on < today {
                    err(at("due_on"), FieldError::DateInPast);
                }
            }
        }
    }
    for (i, l) in new.laws.iter().enumerate() {
        if let Err(e) = text_ok(&l.professional, MAX_NAME, true) {
            err(format!("laws[{i}].professional"), e);
        }
    }
    if let Err(e) = text_ok(&new.own_contribution, MAX_CONTRIBUTION, false) {
        err("own_contribution".into(), e);
    }
    if new.evaluation_on != old.evaluation_on && new.evaluation_on.is_some_and(|d| d < today) {
        err("evaluation_on".into(), FieldError::DateInPast);
    }
    out
}

/// What an edit based on version `based_on` changes, given the newest version and its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditTarget {
    /// The newest version is a draft: change it.
    Draft(i64),
    /// The newest version was agreed: the change starts this new draft version.
    NewVersion(i64),
}

/// Only the newest version may be edited; an edit of an older one is refused (never applied to
/// a version it was not based on).
pub fn edit_target(latest: i64, state: VersionState, based_on: i64) -> Result<EditTarget, PlanError> {
    if based_on != latest {
        return Err(PlanError::Superseded { based_on, latest });
    }
    Ok(match state {
        VersionState::Draft => EditTarget::Draft(latest),
        VersionState::Agreed | VersionState::Superseded => EditTarget::NewVersion(latest + 1),
    })
}

/// One difference between two plan versions. Field names are codes the UI translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diff {
    GoalAdded { goal: String },
    GoalRemoved { goal: String },
    GoalChanged { goal: String, field: &'static str, from: String, to: String },
    ActionAdded { action: String },
    ActionRemoved { action: String },
    ActionChanged { action: String, field: &'static str, from: String, to: String },
    LawAdded { law: Law, professional: String },
    LawRemoved { law: Law, professional: String },
    ContributionChanged { from: String, to: String },
    EvaluationChanged { from: Option<Date>, to: Option<Date> },
}

/// A named field of a goal or action, read as text for the diff.
type Field<T> = (&'static str, fn(&T) -> String);

fn field_changes<T>(fields: &[Field<T>], a: &T, b: &T) -> Vec<(&'static str, String, String)> {
    fields.iter().filter(|(_, get)| get(a) != get(b)).map(|(name, get)| (*name, get(a), get(b))).collect()
}

const GOAL_FIELDS: &[Field<Goal>] = &[
    ("text", |g| g.text.clone()),
    ("domain", |g| g.domain.code().to_string()),
    ("owner", |g| g.owner_member_id.clone()),
    ("reached_when", |g| g.reached_when.clone()),
    ("due_on", |g| format_date(g.due_on)),
    ("status", |g| g.status.code().to_string()),
];

const ACTION_FIELDS: &[Field<Action>] = &[
    ("what", |a| a.what.clone()),
    ("owner", |a| a.owner.code().to_string()),
    ("who", |a| a.who.clone()),
    ("due_on", |a| format_date(a.due_on)),
    ("status", |a| a.status.code().to_string()),
];

/// What changed from `old` to `new`: goals and actions matched by id, laws by (law, professional).
pub fn diff(old: &PlanContent, new: &PlanContent) -> Vec<Diff> {
    let mut out = Vec::new();
    for g in &new.goals {
        match old.goal(&g.id) {
            None => out.push(Diff::GoalAdded { goal: g.text.clone() }),
            Some(o) => {
                for (field, from, to) in field_changes(GOAL_FIELDS, o, g) {
                    out.push(Diff::GoalChanged { goal: g.text.clone(), field, from, to });
                }
            }
        }
    }
    for g in old.goals.iter().filter(|g| new.goal(&g.id).is_none()) {
        out.push(Diff::GoalRemoved { goal: g.text.clone() });
    }
    for a in &new.actions {
        match old.actions.iter().find(|o| o.id == a.id) {
            None => out.push(Diff::ActionAdded { action: a.what.clone() }),
            Some(o) => {
                for (field, from, to) in field_changes(ACTION_FIELDS, o, a) {
                    out.push(Diff::ActionChanged { action: a.what.clone(), field, from, to });
                }
            }
        }
    }
    for a in old.actions.iter().filter(|a| !new.actions.iter().any(|n| n.id == a.id)) {
        out.push(Diff::ActionRemoved { action: a.what.clone() });
    }
    for l in new.laws.iter().filter(|l| !old.laws.contains(l)) {
        out.push(Diff::LawAdded { law: l.law, professional: l.professional.clone() });
    }
    for l in old.laws.iter().filter(|l| !new.laws.contains(l)) {
        out.push(Diff::LawRemoved { law: l.law, professional: l.professional.clone() });
    }
    if old.own_contribution != new.own_contribution {
        out.push(Diff::ContributionChanged { from: old.own_contribution.clone(), to: new.own_contribution.clone() });
    }
    if old.evaluation_on != new.evaluation_on {
        out.push(Diff::EvaluationChanged { from: old.evaluation_on, to: new.evaluation_on });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn goal(id: &str, text: &str) -> Goal {
        Goal {
            id: id.into(),
            domain: LifeDomain::Finances,
            owner_member_id: "m1".into(),
            text: text.into(),
            reached_when: "Geen nieuwe schulden".into(),
            due_on: date!(2027 - 03 - 01),
            status: GoalStatus::Open,
        }
    }

    fn action(id: &str, goal: &str, what: &str) -> Action {
        Action {
            id: id.into(),
            goal_id: goal.into(),
            owner: ActionOwner::Worker,
            who: "Fatima".into(),
            what: what.into(),
            due_on: date!(2027 - 01 - 15),
            status: ActionStatus::Todo,
        }
    }

    #[test]
    fn only_the_newest_version_is_edited_and_an_agreed_one_starts_a_new_draft() {
        assert_eq!(edit_target(3, VersionState::Draft, 3), Ok(EditTarget::Draft(3)));
        assert_eq!(edit_target(3, VersionState::Agreed, 3), Ok(EditTarget::NewVersion(4)));
        assert_eq!(edit_target(3, VersionState::Agreed, 2), Err(PlanError::Superseded { based_on: 2, latest: 3 }));
    }

    #[test]
    fn goal_and_action_statuses_follow_their_tables() {
        let mut p = PlanContent { goals: vec![goal("g1", "Rondkomen")], actions: vec![action("a1", "g1", "Bellen")], ..Default::default() };
        assert_eq!(p.set_goal_status("g1", GoalStatus::NotReached), Err(PlanError::Transition), "open → not reached skips the work");
        p.set_goal_status("g1", GoalStatus::InProgress).unwrap();
        p.set_goal_status("g1", GoalStatus::Reached).unwrap();
        assert_eq!(p.goals[0].status, GoalStatus::Reached);
        assert_eq!(p.set_action_status("a1", ActionStatus::Done), Ok(()));
        assert_eq!(p.set_action_status("nope", ActionStatus::Done), Err(PlanError::NotInPlan));
    }

    #[test]
    fn a_due_date_in_the_past_is_refused() {
        assert_eq!(not_before_today(date!(2026 - 11 - 26), date!(2026 - 11 - 27)), Err(FieldError::DateInPast));
        assert!(not_before_today(date!(2026 - 11 - 27), date!(2026 - 11 - 27)).is_ok());
    }

    #[test]
    fn the_diff_names_what_was_added_removed_and_changed() {
        let old = PlanContent {
            goals: vec![goal("g1", "Rondkomen"), goal("g2", "Een huis houden")],
            actions: vec![action("a1", "g1", "Budgetplan maken")],
            laws: vec![LawInvolved { law: Law::Wgs, professional: "Schuldhulp".into() }],
            own_contribution: "Post openen".into(),
            evaluation_on: None,
        };
        let mut new = old.clone();
        new.goals.remove(1);
        new.goals[0].status = GoalStatus::InProgress;
        new.goals.push(goal("g3", "Werk vinden"));
        new.actions[0].status = ActionStatus::Done;
        new.laws.push(LawInvolved { law: Law::Participatiewet, professional: "W&I".into() });
        new.evaluation_on = Some(date!(2027 - 02 - 01));
        let d = diff(&old, &new);
        assert!(d.contains(&Diff::GoalAdded { goal: "Werk vinden".into() }));
        assert!(d.contains(&Diff::GoalRemoved { goal: "Een huis houden".into() }));
        assert!(d.contains(&Diff::GoalChanged {
            goal: "Rondkomen".into(),
            field: "status",
            from: "open".into(),
            to: "in_progress".into()
        }));
        assert!(d.contains(&Diff::ActionChanged {
            action: "Budgetplan maken".into(),
            field: "status",
            from: "todo".into(),
            to: "done".into()
        }));
        assert!(d.contains(&Diff::LawAdded { law: Law::Participatiewet, professional: "W&I".into() }));
        assert!(d.contains(&Diff::EvaluationChanged { from: None, to: Some(date!(2027 - 02 - 01)) }));
        assert_eq!(d.len(), 6);
        assert!(diff(&new, &new).is_empty());
    }

    #[test]
    fn the_stored_document_uses_codes_and_iso_dates() {
        let p = PlanContent { goals: vec![goal("g1", "Rondkomen")], evaluation_on: Some(date!(2027 - 02 - 01)), ..Default::default() };
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            json.contains("\"domain\":\"finances\"") && json.contains("\"due_on\":\"2027-03-01\"") && json.contains("\"status\":\"open\""),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<PlanContent>(&json).unwrap(), p);
    }

    fn any_goal_status() -> impl Strategy<Value = GoalStatus> {
        proptest::sample::select(GoalStatus::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn every_goal_status_can_get_back_to_work(from in any_goal_status()) {
            // From every status there is a way to "in progress" within two steps.
            let direct = goal_transition(from, GoalStatus::InProgress).is_ok();
            let via_open = goal_transition(from, GoalStatus::Open).is_ok() && goal_transition(GoalStatus::Open, GoalStatus::InProgress).is_ok();
            prop_assert!(direct || via_open);
        }

        #[test]
        fn a_diff_with_itself_is_empty_and_adding_a_goal_is_one_line(text in "[a-zA-Zë ]{1,30}") {
            let p = PlanContent { goals: vec![goal("g1", "Rondkomen")], ..Default::default() };
            prop_assert!(diff(&p, &p).is_empty());
            let mut q = p.clone();
            q.goals.push(goal("g2", &text));
            prop_assert_eq!(diff(&p, &q), vec![Diff::GoalAdded { goal: text.clone() }]);
        }
    }

    #[test]
    fn a_whole_plan_is_checked_field_by_field() {
        let today = date!(2026 - 11 - 27);
        let old = PlanContent { goals: vec![goal("g1", "Rondkomen")], actions: vec![action("a1", "g1", "Bellen")], ..Default::default() };
        let mut new = old.clone();
        new.goals[0].status = GoalStatus::NotReached; // open → not reached is not in the table
        let mut fresh = goal("g2", " ");
        fresh.owner_member_id = "stranger".into();
        fresh.due_on = date!(2026 - 11 - 01);
        new.goals.push(fresh);
        new.actions.push(action("a2", "nope", "Iets"));
        new.actions.push(action("a1", "g1", "Dubbel"));
        new.evaluation_on = Some(date!(2026 - 01 - 01));
        let fields: Vec<String> = check_content(&old, &new, &["m1"], today).into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                "goals[0].status",
                "goals[1].owner_member_id",
                "goals[1].text",
                "goals[1].due_on",
                "actions[1].goal_id",
                "actions[2].id",
                "evaluation_on"
            ]
        );
        assert!(check_content(&old, &old, &["m1"], today).is_empty(), "an unchanged plan with old dates is fine");
    }
}
