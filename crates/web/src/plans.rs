//! The one plan of a household in the UI: goals with their actions, the laws involved, the
//! household's own contribution and evaluation date, agreeing to a version, earlier versions with
//! what changed, and the printable plan (HTML print stylesheet and PDF).

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::{Access, Choices, Opt, check_household, denied_page, household_audit};
use crate::i18n::Tr;
use crate::page::{Ctx, Page};
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use eenplan_domain::access::Action;
use eenplan_domain::household::{FieldError, Law, LifeDomain, MAX_SHORT, MAX_TEXT, format_date, optional_text, parse_date, required_text};
use eenplan_domain::plan::{
    Action as PlanAction, ActionOwner, ActionStatus, AgreedHow, Diff, Goal, GoalStatus, LawInvolved, PlanContent, VersionState, diff,
    not_before_today,
};
use eenplan_store::households::Member;
use eenplan_store::plans::{Agreement, BasedOn, PlanVersion};
use eenplan_store::{StoreError, new_id};
use serde::Deserialize;
use time::Date;

fn opts<T: Copy>(tr: Tr, prefix: &str, all: &[T], code: fn(T) -> &'static str) -> Vec<Opt> {
    all.iter().map(|v| Opt { code: code(*v).to_string(), label: tr.code(prefix, code(*v)) }).collect()
}

pub struct ActionView {
    pub id: String,
    pub who: String,
    pub what: String,
    pub due: String,
    pub status: String,
    pub status_code: &'static str,
}

pub struct GoalView {
    pub id: String,
    pub domain: String,
    pub owner: String,
    pub text: String,
    pub reached_when: String,
    pub due: String,
    pub status: String,
    pub status_code: &'static str,
    pub actions: Vec<ActionView>,
}

/// A plan version as the pages (and the PDF) show it.
pub struct PlanView {
    pub version_no: i64,
    pub revision: i64,
    pub is_draft: bool,
    pub state_line: String,
    pub goals: Vec<GoalView>,
    /// (law, professional, index, label of the remove button)
    pub laws: Vec<(String, String, usize, String)>,
    pub own_contribution: String,
    pub evaluation: String,
}

fn member_name(members: &[Member], id: &str) -> String {
    members.iter().find(|m| m.id == id).map(|m| m.full_name()).unwrap_or_else(|| "—".into())
}

fn action_who(tr: Tr, a: &PlanAction) -> String {
    let kind = tr.code("action-owner", a.owner.code());
    if a.who.is_empty() { kind } else { format!("{} ({kind})", a.who) }
}

pub fn plan_view(tr: Tr, v: &PlanVersion, members: &[Member]) -> PlanView {
    let c = &v.content;
    let state_line = match (&v.state, &v.agreed) {
        (VersionState::Draft, _) => tr.t1("plan-state-draft", "version", &v.version_no.to_string()),
        (state, Some(a)) => tr.ta(
            if *state == VersionState::Agreed { "plan-state-agreed" } else { "plan-state-superseded" },
            &[
                ("version", &v.version_no.to_string()),
                ("date", &crate::pages::format_time(a.at).chars().take(10).collect::<String>()),
                ("who", &a.by),
                ("how", &tr.code("agreed-how", a.how.code())),
            ],
        ),
        (_, None) => tr.t1("plan-state-draft", "version", &v.version_no.to_string()),
    };
    PlanView {
        version_no: v.version_no,
        revision: v.revision,
        is_draft: v.state == VersionState::Draft,
        state_line,
        goals: c
            .goals
            .iter()
            .map(|g| GoalView {
                id: g.id.clone(),
                domain: tr.code("domain", g.domain.code()),
                owner: member_name(members, &g.owner_member_id),
                text: g.text.clone(),
                reached_when: g.reached_when.clone(),
                due: format_date(g.due_on),
                status: tr.code("goal-status", g.status.code()),
                status_code: g.status.code(),
                actions: c
                    .actions_of(&g.id)
                    .map(|a| ActionView {
                        id: a.id.clone(),
                        who: action_who(tr, a),
                        what: a.what.clone(),
                        due: format_date(a.due_on),
                        status: tr.code("action-status", a.status.code()),
                        status_code: a.status.code(),
                    })
                    .collect(),
            })
            .collect(),
        laws: c
            .laws
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let law = tr.code("law", l.law.code());
                let remove = tr.ta("plan-remove-law", &[("law", &law), ("who", &l.professional)]);
                (law, l.professional.clone(), i, remove)
            })
            .collect(),
        own_contribution: c.own_contribution.clone(),
        evaluation: c.evaluation_on.map(format_date).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    page: Page,
    household_id: String,
    address: String,
    plan: Option<PlanView>,
    /// The version and revision the forms are based on (0, 0: no plan yet).
    plan_version: i64,
    plan_revision: i64,
    versions: Vec<(i64, String)>,
    members: Vec<Opt>,
    goals: Vec<Opt>,
    domains: Vec<Opt>,
    laws: Vec<Opt>,
    owners: Vec<Opt>,
    goal_statuses: Vec<Opt>,
    action_statuses: Vec<Opt>,
    agreed_hows: Vec<Opt>,
    f: FormState,
}

async fn allowed(state: &AppState, ctx: &Ctx, id: &str, action: Action) -> WebResult<Option<Response>> {
    let u = ctx.user();
    Ok(match check_household(state, u, id, action).await? {
        Access::Allowed { .. } => None,
        Access::Denied { may_break_glass } => Some(denied_page(ctx, id, may_break_glass, None, "")?),
    })
}

async fn render(state: &AppState, ctx: &Ctx, id: &str, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let (h, members, versions) = tokio::try_join!(state.store.household(id), state.store.members(id), state.store.plan_versions(id))?;
    let h = h.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let latest = versions.last();
    let mut f = f;
    if let Some(v) = latest {
        f.defaults.insert("own_contribution".into(), v.content.own_contribution.clone());
        if let Some(e) = v.content.evaluation_on {
            f.defaults.insert("evaluation_on".into(), format_date(e));
        }
    }
    let c = Choices::new(tr);
    let page = PlanPage {
        page: ctx.page("plan-title"),
        household_id: id.to_string(),
        address: h.address.line(),
        plan: latest.map(|v| plan_view(tr, v, &members)),
        plan_version: latest.map(|v| v.version_no).unwrap_or(0),
        plan_revision: latest.map(|v| v.revision).unwrap_or(0),
        versions: versions.iter().rev().map(|v| (v.version_no, plan_view(tr, v, &members).state_line)).collect(),
        members: members.iter().map(|m| Opt { code: m.id.clone(), label: m.full_name() }).collect(),
        goals: latest
            .map(|v| v.content.goals.iter().map(|g| Opt { code: g.id.clone(), label: g.text.clone() }).collect())
            .unwrap_or_default(),
        domains: c.domains,
        laws: c.laws,
        owners: opts(tr, "action-owner", ActionOwner::ALL, ActionOwner::code),
        goal_statuses: opts(tr, "goal-status", GoalStatus::ALL, GoalStatus::code),
        action_statuses: opts(tr, "action-status", ActionStatus::ALL, ActionStatus::code),
        agreed_hows: opts(tr, "agreed-how", AgreedHow::ALL, AgreedHow::code),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct PlanQuery {
    klaar: Option<String>,
}

pub async fn plan_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, Query(q): Query<PlanQuery>) -> WebResult {
    if let Some(refused) = allowed(&state, &ctx, &id, Action::Read).await? {
        return Ok(refused);
    }
    let mut ctx = ctx.clone();
    if let Some(k @ ("doel" | "actie" | "status" | "afspraken" | "wet" | "akkoord")) = q.klaar.as_deref() {
        ctx.flash = Some(ctx.tr.t(&format!("plan-saved-{k}")));
    }
    render(&state, &ctx, &id, FormState::default(), StatusCode::OK).await
}

// ---------------------------------------------------------------- changes

fn based_on(f: &FormState) -> BasedOn {
    BasedOn { version_no: f.raw("plan_version").parse().unwrap_or(-1), revision: f.raw("plan_revision").parse().unwrap_or(-1) }
}

fn date_field(f: &mut FormState, tr: Tr, field: &str, today: Date) -> Option<Date> {
    let raw = f.raw(field).to_string();
    f.check(tr, field, parse_date(&raw).and_then(|d| not_before_today(d, today)))
}

fn text_field(f: &mut FormState, tr: Tr, field: &str, max: usize) -> Option<String> {
    let raw = f.raw(field).to_string();
    f.check(tr, field, required_text(&raw, max))
}

fn choice<T>(f: &mut FormState, tr: Tr, field: &str, parse: fn(&str) -> Result<T, FieldError>) -> Option<T> {
    let raw = f.raw(field).to_string();
    f.check(tr, field, if raw.is_empty() { Err(FieldError::Required) } else { parse(&raw) })
}

/// A change of the plan the form asked for, checked against the household but not yet the plan.
type Change = Box<dyn FnOnce(&mut PlanContent) -> Result<(), StoreError> + Send>;

/// The shared flow of every plan form: read it, ask the policy, build the change, apply it to the
/// version the worker saw; a problem shows the plan again with the input and a message.
async fn plan_act(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    form: &str,
    body: &[u8],
    build: impl FnOnce(&mut FormState, Tr, &[Member], Date) -> Option<Change>,
) -> WebResult {
    let u = ctx.user();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new(form, &pairs);
    if let Some(refused) = allowed(state, ctx, id, Action::Update).await? {
        return Ok(refused);
    }
    let members = state.store.members(id).await?;
    let tr = ctx.tr;
    if let Some(change) = build(&mut f, tr, &members, state.store.today()) {
        let audit = household_audit(u, Some(id), &format!("plan_{form}"), Action::Update, None);
        match state.store.edit_plan(id, based_on(&f), (&u.user.id, &u.user.display_name), &audit, change).await {
            Ok(_) => return Ok(Redirect::to(&format!("/huishoudens/{id}/plan?klaar={form}#{form}")).into_response()),
            Err(e) => f.summary = Some(plan_error(tr, e)?),
        }
    }
    again(state, ctx, id, f).await
}

/// Shows the plan again with the form's messages: a read of the file, audited as such.
async fn again(state: &AppState, ctx: &Ctx, id: &str, f: FormState) -> WebResult {
    if let Some(refused) = allowed(state, ctx, id, Action::Read).await? {
        return Ok(refused);
    }
    render(state, ctx, id, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The message for a refused plan change (other errors pass on).
fn plan_error(tr: Tr, e: StoreError) -> WebResult<String> {
    Ok(match e {
        StoreError::Conflict(_) => tr.t("err-plan-conflict"),
        StoreError::Superseded { based_on, latest } => {
            tr.ta("err-plan-superseded", &[("version", &based_on.to_string()), ("latest", &latest.to_string())])
        }
        StoreError::Invalid(key) if key.starts_with("err-") => tr.t(&key),
        StoreError::Invalid(_) => tr.t("err-not-allowed-now"),
        other => return Err(other.into()),
    })
}

fn invalid(key: &str) -> StoreError {
    StoreError::Invalid(key.to_string())
}

/// Reads a new goal: a life domain, an owning member, the goal in the household's words, what counts
/// as reached, a due date from today on.
pub fn parse_goal(f: &mut FormState, tr: Tr, members: &[Member], today: Date) -> Option<Goal> {
    let domain = choice(f, tr, "domain", LifeDomain::parse);
    let owner = f.raw("owner_member_id").to_string();
    if !members.iter().any(|m| m.id == owner) {
        f.errors.insert("owner_member_id".into(), tr.t("err-goal-owner"));
    }
    let text = text_field(f, tr, "text", MAX_TEXT.min(1000));
    let reached_when = text_field(f, tr, "reached_when", 1000);
    let due_on = date_field(f, tr, "due_on", today);
    if !f.errors.is_empty() {
        return None;
    }
    Some(Goal {
        id: new_id(),
        domain: domain?,
        owner_member_id: owner,
        text: text?,
        reached_when: reached_when?,
        due_on: due_on?,
        status: GoalStatus::Open,
    })
}

/// Reads a new action for a goal of the plan.
pub fn parse_action(f: &mut FormState, tr: Tr, today: Date) -> Option<PlanAction> {
    let goal_id = text_field(f, tr, "goal_id", 64);
    let owner = choice(f, tr, "owner", ActionOwner::parse);
    let who_raw = f.raw("who").to_string();
    let who = f.check(tr, "who", optional_text(&who_raw, MAX_SHORT));
    let what = text_field(f, tr, "what", 1000);
    let due_on = date_field(f, tr, "due_on", today);
    if !f.errors.is_empty() {
        return None;
    }
    Some(PlanAction {
        id: new_id(),
        goal_id: goal_id?,
        owner: owner?,
        who: who?.unwrap_or_default(),
        what: what?,
        due_on: due_on?,
        status: ActionStatus::Todo,
    })
}

pub async fn add_goal(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    plan_act(&state, &ctx, &id, "doel", &body, |f, tr, members, today| {
        let goal = parse_goal(f, tr, members, today)?;
        Some(Box::new(move |c: &mut PlanContent| {
            c.goals.push(goal);
            Ok(())
        }))
    })
    .await
}

pub async fn add_action(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    plan_act(&state, &ctx, &id, "actie", &body, |f, tr, _, today| {
        let action = parse_action(f, tr, today)?;
        Some(Box::new(move |c: &mut PlanContent| {
            if c.goal(&action.goal_id).is_none() {
                return Err(invalid("err-plan-no-goal"));
            }
            c.actions.push(action);
            Ok(())
        }))
    })
    .await
}

pub async fn set_status(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    plan_act(&state, &ctx, &id, "status", &body, |f, tr, _, _| {
        let target = f.raw("target").to_string();
        let raw = f.raw("status").to_string();
        if let Some(goal_id) = target.strip_prefix("goal:") {
            let (goal_id, to) = (goal_id.to_string(), f.check(tr, "status", GoalStatus::parse(&raw))?);
            Some(Box::new(move |c: &mut PlanContent| c.set_goal_status(&goal_id, to).map_err(|_| invalid("err-plan-transition"))))
        } else if let Some(action_id) = target.strip_prefix("action:") {
            let (action_id, to) = (action_id.to_string(), f.check(tr, "status", ActionStatus::parse(&raw))?);
            Some(Box::new(move |c: &mut PlanContent| c.set_action_status(&action_id, to).map_err(|_| invalid("err-plan-transition"))))
        } else {
            f.summary = Some(tr.t("err-not-allowed-now"));
            None
        }
    })
    .await
}

pub async fn set_agreements(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    plan_act(&state, &ctx, &id, "afspraken", &body, |f, tr, _, today| {
        let contribution_raw = f.raw("own_contribution").to_string();
        let contribution = f.check(tr, "own_contribution", optional_text(&contribution_raw, MAX_TEXT));
        let eval_raw = f.raw("evaluation_on").to_string();
        let evaluation = if eval_raw.trim().is_empty() { Some(None) } else { date_field(f, tr, "evaluation_on", today).map(Some) };
        let (contribution, evaluation) = (contribution?.unwrap_or_default(), evaluation?);
        Some(Box::new(move |c: &mut PlanContent| {
            c.own_contribution = contribution;
            c.evaluation_on = evaluation;
            Ok(())
        }))
    })
    .await
}

pub async fn add_law(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    plan_act(&state, &ctx, &id, "wet", &body, |f, tr, _, _| {
        let remove: Option<usize> = f.raw("remove").parse().ok();
        if let Some(i) = remove {
            return Some(Box::new(move |c: &mut PlanContent| {
                if i >= c.laws.len() {
                    return Err(invalid("err-not-allowed-now"));
                }
                c.laws.remove(i);
                Ok(())
            }));
        }
        let law = choice(f, tr, "law", Law::parse);
        let professional = text_field(f, tr, "professional", MAX_SHORT);
        let entry = LawInvolved { law: law?, professional: professional? };
        Some(Box::new(move |c: &mut PlanContent| {
            if !c.laws.contains(&entry) {
                c.laws.push(entry);
            }
            Ok(())
        }))
    })
    .await
}

pub async fn agree(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new("akkoord", &pairs);
    if let Some(refused) = allowed(&state, &ctx, &id, Action::Update).await? {
        return Ok(refused);
    }
    let tr = ctx.tr;
    let members = state.store.members(&id).await?;
    let by = f.raw("agreed_by").to_string();
    let who = members.iter().find(|m| m.id == by).map(|m| m.full_name());
    if who.is_none() {
        f.errors.insert("agreed_by".into(), tr.t("err-goal-owner"));
    }
    let how = choice(&mut f, tr, "how", AgreedHow::parse);
    if let (Some(who), Some(how)) = (who, how) {
        let agreement = Agreement { by: who, how, at: state.store.now(), recorded_by: u.user.display_name.clone() };
        let audit = household_audit(u, Some(&id), "plan_agreement", Action::Update, None);
        match state.store.agree_plan(&id, based_on(&f), &agreement, &audit).await {
            Ok(()) => return Ok(Redirect::to(&format!("/huishoudens/{id}/plan?klaar=akkoord")).into_response()),
            Err(e) => f.summary = Some(plan_error(tr, e)?),
        }
    }
    again(&state, &ctx, &id, f).await
}

// ---------------------------------------------------------------- earlier versions

#[derive(Template)]
#[template(path = "plan_version.html")]
struct VersionPage {
    page: Page,
    household_id: String,
    address: String,
    plan: PlanView,
    heading: String,
    changes_title: String,
    changes: Vec<String>,
}

/// One difference in words.
pub fn diff_text(tr: Tr, d: &Diff, members: &[Member]) -> String {
    let value = |field: &str, v: &str| match field {
        "status" if GoalStatus::parse(v).is_ok() => tr.code("goal-status", v),
        "status" => tr.code("action-status", v),
        "domain" => tr.code("domain", v),
        "owner" if ActionOwner::parse(v).is_ok() => tr.code("action-owner", v),
        "owner" => member_name(members, v),
        _ => v.to_string(),
    };
    match d {
        Diff::GoalAdded { goal } => tr.t1("diff-goal-added", "goal", goal),
        Diff::GoalRemoved { goal } => tr.t1("diff-goal-removed", "goal", goal),
        Diff::GoalChanged { goal, field, from, to } => tr.ta(
            "diff-goal-changed",
            &[("goal", goal), ("field", &tr.t(&format!("diff-field-{field}"))), ("from", &value(field, from)), ("to", &value(field, to))],
        ),
        Diff::ActionAdded { action } => tr.t1("diff-action-added", "action", action),
        Diff::ActionRemoved { action } => tr.t1("diff-action-removed", "action", action),
        Diff::ActionChanged { action, field, from, to } => tr.ta(
            "diff-action-changed",
            &[
                ("action", action),
                ("field", &tr.t(&format!("diff-field-{field}"))),
                ("from", &value(field, from)),
                ("to", &value(field, to)),
            ],
        ),
        Diff::LawAdded { law, professional } => tr.ta("diff-law-added", &[("law", &tr.code("law", law.code())), ("who", professional)]),
        Diff::LawRemoved { law, professional } => tr.ta("diff-law-removed", &[("law", &tr.code("law", law.code())), ("who", professional)]),
        Diff::ContributionChanged { to, .. } => tr.t1("diff-contribution", "text", to),
        Diff::EvaluationChanged { to, .. } => tr.t1("diff-evaluation", "date", &to.map(format_date).unwrap_or_else(|| "—".into())),
    }
}

pub async fn version_page(State(state): State<AppState>, ctx: Ctx, Path((id, no)): Path<(String, i64)>) -> WebResult {
    if let Some(refused) = allowed(&state, &ctx, &id, Action::Read).await? {
        return Ok(refused);
    }
    let tr = ctx.tr;
    let (h, members, versions) = tokio::try_join!(state.store.household(&id), state.store.members(&id), state.store.plan_versions(&id))?;
    let h = h.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let i = versions.iter().position(|v| v.version_no == no).ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let previous = i.checked_sub(1).map(|p| &versions[p]);
    let empty = PlanContent::default();
    let changes =
        diff(previous.map(|p| &p.content).unwrap_or(&empty), &versions[i].content).iter().map(|d| diff_text(tr, d, &members)).collect();
    let page = VersionPage {
        page: ctx.page("plan-version-title"),
        household_id: id,
        address: h.address.line(),
        plan: plan_view(tr, &versions[i], &members),
        heading: tr.t1("plan-version-heading", "version", &no.to_string()),
        changes_title: match previous {
            Some(p) => tr.t1("plan-changes-since", "version", &p.version_no.to_string()),
            None => tr.t("plan-changes-first"),
        },
        changes,
    };
    Ok(Html(page.render()?).into_response())
}
