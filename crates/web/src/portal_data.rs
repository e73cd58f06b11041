//! *Mijn gegevens* (`/portaal/mijn-gegevens`, the download `/portaal/mijn-gegevens.json`): the right
//! of access (AVG art. 15). Everything Eenplan holds about the member — their own record, their
//! household's address, team and contact person, intakes, the plan goals they see in the portal, the
//! assessments of the household and of them, the timeline entries about the household or about them
//! (not those about another member), the referrals of the household, their consents, and who looked
//! at their file — as one JSON document. A correction is asked for with a message to the contact
//! person (`/portaal/bericht`, kind "correction"). Read through the policy with purpose
//! self-access and audited.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::page::{Ctx, Page};
use crate::portal::own_file;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use eenplan_domain::access::Action;
use eenplan_domain::household::{age_on, format_date};
use eenplan_domain::portal::goal_visible;
use serde_json::{Value, json};

#[derive(Template)]
#[template(path = "portal_data.html")]
struct DataPage {
    page: Page,
    linked: bool,
}

pub async fn page(ctx: Ctx) -> WebResult {
    let linked = ctx.user().user.household_id.is_some() && ctx.user().user.member_id.is_some();
    Ok(Html(DataPage { page: ctx.page("portal-data-title"), linked }.render()?).into_response())
}

pub async fn download(State(state): State<AppState>, ctx: Ctx) -> WebResult {
    let u = ctx.user();
    let Some((household, me)) = own_file(&state, u, Action::Read, "portal_data").await? else {
        return Err(WebError::new(ErrorKind::NotFound));
    };
    let doc = document(&state, ctx.tr, &household, &me, &u.user.id).await?;
    let body = serde_json::to_string_pretty(&doc).map_err(|_| WebError::new(ErrorKind::Internal))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"mijn-gegevens.json\""),
        ],
        body,
    )
        .into_response())
}

async fn document(state: &AppState, tr: crate::i18n::Tr, household: &str, me: &str, user_id: &str) -> WebResult<Value> {
    let s = &state.store;
    let h = s.household(household).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let (members, intakes, plan, assessments, referrals) = tokio::try_join!(
        s.members(household),
        s.intakes(household),
        s.latest_plan(household),
        s.assessments(household),
        s.referrals_of_household(household),
    )?;
    let (consents, accesses, timeline) = tokio::try_join!(
        s.consents_of_member(me),
        s.accesses_of_member(household, me, user_id, None, 500),
        s.timeline(household, None, 10_000)
    )?;
    let today = s.today();
    let myself = members.iter().find(|m| m.id == me).ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let is_parent = myself.role == eenplan_domain::household::MemberRole::Parent;
    let age = |id: &str| members.iter().find(|m| m.id == id).and_then(|m| m.date_of_birth).map(|b| age_on(b, today));
    let contact = match &h.contact_worker_id {
        Some(w) => s.user_by_id(w).await?.map(|u| u.display_name),
        None => None,
    };
    let team = match &h.lead_team_id {
        Some(t) => s.teams().await?.into_iter().find(|x| &x.id == t).map(|x| x.name),
        None => None,
    };
    Ok(json!({
        "made_on": format_date(today),
        "about": tr.t("portal-data-about"),
        "me": {
            "name": myself.full_name(),
            "date_of_birth": myself.date_of_birth.map(format_date),
            "role_in_household": myself.role.code(),
            "languages": myself.languages,
            "interpreter_needed": myself.interpreter_needed,
            "phone": myself.phone,
            "email": myself.email,
            "bsn_known": myself.has_bsn,
        },
        "household": {
            "address": h.address.line(),
            "status": h.status.code(),
            "team": team,
            "contact_person": contact,
        },
        "intakes": intakes.iter().map(|i| json!({
            "date": crate::pages::format_day(i.created_at),
            "question": i.question,
            "referrer": i.referrer.code(),
        })).collect::<Vec<_>>(),
        "plan": plan.map(|p| json!({
            "version": p.version_no,
            "state": p.state.code(),
            "evaluation_on": p.content.evaluation_on.map(format_date),
            "goals": p.content.goals.iter()
                .filter(|g| goal_visible(me, is_parent, &g.owner_member_id, age(&g.owner_member_id)))
                .map(|g| json!({
                    "goal": g.text,
                    "reached_when": g.reached_when,
                    "due_on": format_date(g.due_on),
                    "status": g.status.code(),
                    "actions": p.content.actions_of(&g.id).map(|a| json!({"who": a.who, "what": a.what, "due_on": format_date(a.due_on), "status": a.status.code()})).collect::<Vec<_>>(),
                }))
                .collect::<Vec<_>>(),
        })),
        "assessments": assessments.iter()
            .filter(|a| a.new.member_id.as_deref().is_none_or(|m| m == me))
            .map(|a| json!({
                "date": format_date(a.new.assessed_on),
                "about": if a.new.member_id.is_some() { "me" } else { "household" },
                "participants": a.new.participants,
                "scores": a.new.scores.iter().map(|sc| json!({"domain": sc.domain, "score": sc.score, "reason": sc.reason})).collect::<Vec<_>>(),
                "conversation": a.new.conversation,
            }))
            .collect::<Vec<_>>(),
        "timeline": timeline.iter()
            .filter(|e| e.member_id.as_deref().is_none_or(|m| m == me))
            .map(|e| json!({"date": format_date(e.occurred_on), "kind": e.contact_type.code(), "text": e.body, "by": e.author_name}))
            .collect::<Vec<_>>(),
        "referrals": referrals.iter().map(|r| json!({
            "service": r.service_name,
            "state": r.state().code(),
            "reason": r.input.reason,
        })).collect::<Vec<_>>(),
        "consents": consents.iter().map(|c| json!({
            "organisation": c.organisation_name,
            "purpose": "mdt_decision",
            "basis": c.basis.code(),
            "given_on": crate::pages::format_day(c.request_created_at),
            "withdrawn_on": c.withdrawn_at.map(crate::pages::format_day),
        })).collect::<Vec<_>>(),
        "who_looked": accesses.iter().map(|a| json!({
            "when": crate::pages::format_time(a.at),
            "who": a.draft.actor_name,
            "role": a.draft.role,
            "what": a.draft.resource,
            "action": a.draft.action,
            "why": a.draft.purpose,
        })).collect::<Vec<_>>(),
    }))
}
