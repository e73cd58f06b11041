//! The household portal's home, *Mijn plan* (`/portaal`): the member's plan in plain words — their
//! goals (and a parent's young children's), who does what and when, the next evaluation and their
//! contact person — with the newest version to agree to (`POST /portaal/akkoord`) and a message to
//! the contact person: what they want changed, or what matters to them (`POST /portaal/bericht`,
//! a note on the household's timeline). Every read and change goes through the access policy with
//! purpose self-access and is audited.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::page::{Ctx, Page, UserCtx};
use askama::Template;
use axum::extract::{Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::{AccessRequest, Action, Purpose, Resource, decide};
use eenplan_domain::household::{ContactType, MAX_TEXT, MemberRole, age_on, format_date, required_text};
use eenplan_domain::plan::{AgreedHow, VersionState};
use eenplan_domain::portal::goal_visible;
use eenplan_store::StoreError;
use eenplan_store::households::{Member, NewTimelineEntry};
use eenplan_store::plans::{Agreement, BasedOn, PlanVersion};
use serde::Deserialize;

const FORM: &str = "bericht";

/// The caller's own household and member record, after the policy allowed `action` (its audit record
/// written); `None` when the account is not linked to a household yet.
pub(crate) async fn own_file(state: &AppState, u: &UserCtx, action: Action, what: &str) -> WebResult<Option<(String, String)>> {
    let (Some(household), Some(member)) = (u.user.household_id.clone(), u.user.member_id.clone()) else { return Ok(None) };
    let facts = state.store.access_facts(&household).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let resource = Resource::Member { household: facts, member: member.clone() };
    let d = decide(&AccessRequest { actor: &u.actor, action, purpose: Purpose::SelfAccess, resource: &resource, break_glass: None });
    let mut audit = d.audit.clone();
    audit.resource = what.into();
    state.store.audit(&audit).await?;
    if !d.is_allowed() {
        return Err(WebError::new(ErrorKind::Forbidden));
    }
    Ok(Some((household, member)))
}

pub struct ActionView {
    pub who: String,
    pub what: String,
    pub due: String,
    pub status: String,
}

pub struct GoalView {
    pub text: String,
    pub domain: String,
    pub owner: String,
    pub reached_when: String,
    pub due: String,
    pub status: String,
    pub actions: Vec<ActionView>,
}

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    page: Page,
    welcome: String,
    linked: bool,
    contact: Option<String>,
    evaluation: Option<String>,
    goals: Vec<GoalView>,
    /// Goals of other members that this member does not see.
    hidden_goals: usize,
    /// The plan's state for this member in words, and whether they can agree now.
    plan_state: Option<String>,
    may_agree: bool,
    version_no: i64,
    revision: i64,
    f: FormState,
}

#[derive(Deserialize, Default)]
pub struct HomeQuery {
    klaar: Option<String>,
}

pub async fn home(State(state): State<AppState>, ctx: Ctx, Query(q): Query<HomeQuery>) -> WebResult {
    let mut ctx = ctx.clone();
    ctx.flash = match q.klaar.as_deref() {
        Some("akkoord") => Some(ctx.tr.t("portal-agreed")),
        Some("bericht") => Some(ctx.tr.t("portal-message-sent")),
        _ => None,
    };
    render(&state, &ctx, FormState::default(), StatusCode::OK).await
}

async fn render(state: &AppState, ctx: &Ctx, f: FormState, status: StatusCode) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut page = PortalPage {
        page: ctx.page("portal-title"),
        welcome: tr.t1("portal-welcome", "name", &u.user.display_name),
        linked: false,
        contact: None,
        evaluation: None,
        goals: Vec::new(),
        hidden_goals: 0,
        plan_state: None,
        may_agree: false,
        version_no: 0,
        revision: 0,
        f,
    };
    let Some((household, me)) = own_file(state, u, Action::Read, "portal_plan").await? else {
        return Ok((status, Html(page.render()?)).into_response());
    };
    page.linked = true;
    let h = state.store.household(&household).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let (members, plan) = tokio::try_join!(state.store.members(&household), state.store.latest_plan(&household))?;
    if let Some(worker) = &h.contact_worker_id {
        page.contact = state.store.user_by_id(worker).await?.map(|w| w.display_name);
    }
    if let Some(plan) = plan {
        let today = state.store.today();
        let viewer_is_parent = members.iter().any(|m| m.id == me && m.role == MemberRole::Parent);
        let name = |id: &str| members.iter().find(|m| m.id == id).map(Member::full_name).unwrap_or_default();
        let age = |id: &str| members.iter().find(|m| m.id == id).and_then(|m| m.date_of_birth).map(|born| age_on(born, today));
        let content = &plan.content;
        for g in &content.goals {
            if !goal_visible(&me, viewer_is_parent, &g.owner_member_id, age(&g.owner_member_id)) {
                page.hidden_goals += 1;
                continue;
            }
            page.goals.push(GoalView {
                text: g.text.clone(),
                domain: tr.code("domain", g.domain.code()),
                owner: name(&g.owner_member_id),
                reached_when: g.reached_when.clone(),
                due: format_date(g.due_on),
                status: tr.code("goal-status", g.status.code()),
                actions: content
                    .actions_of(&g.id)
                    .map(|a| ActionView {
                        who: if a.who.trim().is_empty() { tr.code("action-owner", a.owner.code()) } else { a.who.clone() },
                        what: a.what.clone(),
                        due: format_date(a.due_on),
                        status: tr.code("action-status", a.status.code()),
                    })
                    .collect(),
            });
        }
        page.evaluation = content.evaluation_on.map(format_date);
        page.plan_state = Some(plan_state(tr, &plan));
        page.may_agree = plan.state == VersionState::Draft;
        page.version_no = plan.version_no;
        page.revision = plan.revision;
    }
    Ok((status, Html(page.render()?)).into_response())
}

fn plan_state(tr: crate::i18n::Tr, plan: &PlanVersion) -> String {
    match (&plan.state, &plan.agreed) {
        (VersionState::Draft, _) => tr.t("portal-plan-draft"),
        (_, Some(a)) => tr.ta("portal-plan-agreed", &[("name", &a.by), ("date", &crate::pages::format_day(a.at))]),
        _ => tr.t("portal-plan-agreed-earlier"),
    }
}

#[derive(Deserialize)]
pub struct AgreeForm {
    version: i64,
    revision: i64,
}

/// The member agrees to the newest version they saw.
pub async fn agree(State(state): State<AppState>, ctx: Ctx, axum::Form(form): axum::Form<AgreeForm>) -> WebResult {
    let u = ctx.user();
    let Some((household, me)) = own_file(&state, u, Action::Update, "portal_plan").await? else {
        return Err(WebError::new(ErrorKind::NotFound));
    };
    let member =
        state.store.members(&household).await?.into_iter().find(|m| m.id == me).ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let agreement =
        Agreement { by: member.full_name(), how: AgreedHow::Portal, at: state.store.now(), recorded_by: u.user.username.clone() };
    let mut audit = crate::households::household_audit(u, Some(&household), "plan_agreement", Action::Update, None);
    audit.purpose = Purpose::SelfAccess.as_str().into();
    audit.member = Some(me);
    let based_on = BasedOn { version_no: form.version, revision: form.revision };
    match state.store.agree_plan(&household, based_on, &agreement, &audit).await {
        Ok(()) => Ok(Redirect::to("/portaal?klaar=akkoord").into_response()),
        Err(StoreError::Superseded { .. } | StoreError::Conflict(_) | StoreError::Invalid(_)) => {
            let f = FormState { summary: Some(ctx.tr.t("portal-plan-changed")), ..FormState::default() };
            render(&state, &ctx, f, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A message to the contact person: what the member wants changed in the plan, or what matters to them.
pub async fn message(State(state): State<AppState>, ctx: Ctx, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new(FORM, &pairs);
    let kind = f.raw("kind").to_string();
    let heading = match kind.as_str() {
        "change" => tr.t("portal-note-change"),
        "matters" => tr.t("portal-note-matters"),
        "correction" => tr.t("portal-note-correction"),
        _ => {
            f.errors.insert("kind".into(), tr.t("portal-err-kind"));
            String::new()
        }
    };
    let raw = f.raw("text").to_string();
    let text = f.check(tr, "text", required_text(&raw, MAX_TEXT));
    let (Some(text), true) = (text, f.errors.is_empty()) else {
        return render(&state, &ctx, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let Some((household, me)) = own_file(&state, u, Action::Create, "portal_message").await? else {
        return Err(WebError::new(ErrorKind::NotFound));
    };
    let entry = NewTimelineEntry {
        contact_type: ContactType::Note,
        body: format!("{heading}\n{text}"),
        domains: vec![],
        member_id: Some(me.clone()),
        occurred_on: state.store.today(),
    };
    let mut audit = crate::households::household_audit(u, Some(&household), "timeline", Action::Create, None);
    audit.purpose = Purpose::SelfAccess.as_str().into();
    audit.member = Some(me);
    state.store.add_timeline_entry(&household, &entry, &u.user.id, &u.user.display_name, &audit).await?;
    Ok(Redirect::to("/portaal?klaar=bericht").into_response())
}
