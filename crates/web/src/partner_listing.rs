//! A partner keeps its own listing on the social map up to date (`/partner/aanbod`): its organisation's
//! services and its proposals with their state; one service's form (`/partner/aanbod/{sid}`, or
//! `nieuw` for a new service) sends a proposal that an administrator checks (`admin_social_map`).
//! The partner's directory organisation must be linked to an organisation on the social map; a
//! partner proposes only for that organisation's services (`social_map::proposal::may_propose`), and
//! the record is checked by the import's own rules (`social_map::proposal::check`). Every read of
//! proposals, every proposal and every refusal is audited.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::Opt;
use crate::i18n::Tr;
use crate::page::{Ctx, Page, UserCtx};
use crate::pages::format_time;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::{Action, Purpose};
use eenplan_domain::audit::{AuditDraft, Outcome};
use eenplan_domain::social_map::proposal::{Draft, FIELDS, FieldProblem, ProposalState, Refusal, check, diff, draft_of, may_propose};
use eenplan_domain::social_map::{Organization, Problem, Service, ServiceStatus, TaxonomyCode};
use eenplan_store::listing_proposals::{NewProposal, Proposal};
use serde::Deserialize;
use std::collections::HashMap;

/// The form's name (field ids are `aanbod-<field>`).
const FORM: &str = "aanbod";
/// The path segment of a new service's form.
pub const NEW: &str = "nieuw";
/// How many proposals the partner's page shows (newest first).
const SHOWN: i64 = 50;

/// An audit record of listing work by `u` (no household, no personal data of residents).
pub(crate) fn listing_audit(u: &UserCtx, resource: &str, resource_id: Option<&str>, action: &str) -> AuditDraft {
    AuditDraft {
        actor: u.user.id.clone(),
        actor_name: u.user.username.clone(),
        role: u.session.role.as_str().into(),
        organisation: u.user.organisation_id.clone(),
        household: None,
        member: None,
        resource: resource.into(),
        resource_id: resource_id.map(str::to_string),
        action: action.into(),
        purpose: Purpose::Administration.as_str().into(),
        outcome: Outcome::Allowed,
        break_glass: false,
        reason: None,
    }
}

/// The social-map organisation the partner's directory organisation is linked to, if any (a link to
/// an id that is not on the map counts as no link).
async fn linked(state: &AppState, u: &UserCtx) -> WebResult<Option<Organization>> {
    let Some(org) = u.user.organisation_id.as_deref() else { return Ok(None) };
    match state.store.social_map_id_of(org).await? {
        Some(sm) => Ok(state.store.social_map_organization(&sm).await?),
        None => Ok(None),
    }
}

/// Refuses with 403 after writing the refusal to the audit log.
async fn refuse(state: &AppState, u: &UserCtx, sid: &str, why: Refusal) -> WebError {
    let mut a = listing_audit(u, "listing_proposal", Some(sid), Action::Create.as_str());
    a.outcome = Outcome::Denied;
    a.reason = Some(
        match why {
            Refusal::NotLinked => "not_linked",
            Refusal::NotOwnService => "not_own_service",
        }
        .into(),
    );
    if let Err(e) = state.store.audit(&a).await {
        return e.into();
    }
    WebError::new(ErrorKind::Forbidden)
}

/// The label of a service status.
pub(crate) fn status_label(tr: Tr, code: &str) -> String {
    tr.t(&format!("service-status-{}", code.replace(' ', "_")))
}

/// The label of a proposal's state.
pub(crate) fn state_label(tr: Tr, s: ProposalState) -> String {
    tr.t(&format!("listing-state-{}", s.code()))
}

/// The message of one broken rule, in the user's language.
pub(crate) fn problem_text(tr: Tr, p: &Problem) -> String {
    match p {
        Problem::Required => tr.t("listing-err-required"),
        Problem::NotNumber => tr.t("listing-err-number"),
        Problem::BadLanguage(code) => tr.t1("listing-err-language", "value", code.trim()),
        Problem::BadArea(_) => tr.t("listing-err-area"),
        Problem::UnknownTaxonomy(code) => tr.t1("listing-err-taxonomy", "value", code.trim()),
        Problem::BadStatus(_) => tr.t("listing-err-status"),
        Problem::BadEmail(_) => tr.t("listing-err-email"),
        _ => tr.t("listing-err-invalid"),
    }
}

/// One service of the partner's organisation.
pub struct ServiceRow {
    pub id: String,
    pub name: String,
    pub status: String,
    /// A proposal for it waits for the administrator.
    pub pending: bool,
}

/// One of the partner's proposals.
pub struct ProposalRow {
    pub service: String,
    pub is_new: bool,
    pub state: String,
    pub pending: bool,
    pub rejected: bool,
    pub when: String,
    pub by: String,
    pub reason: String,
    /// Which fields it changes (their labels).
    pub fields: String,
}

/// The labels of the fields a proposal changes compared with what it was based on.
fn changed_fields(tr: Tr, p: &Proposal) -> String {
    diff(p.based_on.as_ref(), &p.service).iter().map(|c| tr.t(&format!("listing-f-{}", c.field))).collect::<Vec<_>>().join(", ")
}

#[derive(Template)]
#[template(path = "partner_listing.html")]
struct OverviewPage {
    page: Page,
    /// The organisation on the social map; `None`: not linked (the page explains).
    organisation: Option<String>,
    services: Vec<ServiceRow>,
    proposals: Vec<ProposalRow>,
}

#[derive(Deserialize, Default)]
pub struct OverviewQuery {
    voorgesteld: Option<String>,
}

/// The partner's services on the social map and its proposals; the proposals read is audited.
pub async fn overview(State(state): State<AppState>, ctx: Ctx, Query(q): Query<OverviewQuery>) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let org = linked(&state, u).await?;
    let mut ctx = ctx.clone();
    if q.voorgesteld.is_some() {
        ctx.flash = Some(tr.t("listing-proposed"));
    }
    let Some(org) = org else {
        let page = OverviewPage { page: ctx.page("listing-title"), organisation: None, services: Vec::new(), proposals: Vec::new() };
        return Ok(Html(page.render()?).into_response());
    };
    state.store.audit(&listing_audit(u, "listing_proposals", Some(&org.id), Action::List.as_str())).await?;
    let proposals = state.store.listing_proposals_of(&org.id, SHOWN).await?;
    let services: Vec<ServiceRow> = state
        .store
        .services_of(&org.id)
        .await?
        .into_iter()
        .map(|s| ServiceRow {
            pending: proposals.iter().any(|p| p.service_id == s.id && p.state == ProposalState::Pending),
            status: status_label(tr, s.status.code()),
            id: s.id,
            name: s.name,
        })
        .collect();
    let proposals = proposals
        .iter()
        .map(|p| ProposalRow {
            service: p.service.name.clone(),
            is_new: p.is_new,
            state: state_label(tr, p.state),
            pending: p.state == ProposalState::Pending,
            rejected: p.state == ProposalState::Rejected,
            when: format_time(p.decided_at.unwrap_or(p.proposed_at)),
            by: p.decided_by_name.clone().unwrap_or_else(|| p.proposed_by_name.clone()),
            reason: p.reason.clone().unwrap_or_default(),
            fields: changed_fields(tr, p),
        })
        .collect();
    let page = OverviewPage { page: ctx.page("listing-title"), organisation: Some(org.name), services, proposals };
    Ok(Html(page.render()?).into_response())
}

/// What the form chooses from.
pub struct Choices {
    pub statuses: Vec<Opt>,
    pub terms: Vec<Opt>,
}

impl Choices {
    fn new(tr: Tr) -> Choices {
        Choices {
            statuses: ServiceStatus::ALL.iter().map(|s| Opt { code: s.code().to_string(), label: status_label(tr, s.code()) }).collect(),
            terms: TaxonomyCode::all()
                .into_iter()
                .map(|t| {
                    let label = match t {
                        TaxonomyCode::Domain(d) => tr.code("domain", d.code()),
                        other => tr.t(&format!("taxonomy-{}-{}", other.scheme(), other.code())),
                    };
                    Opt { code: t.to_string(), label }
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "partner_listing_form.html")]
struct FormPage {
    page: Page,
    /// The path segment: the service's id, or `nieuw`.
    sid: String,
    is_new: bool,
    name: String,
    organisation: String,
    /// A proposal for this service already waits.
    pending: bool,
    f: FormState,
    c: Choices,
}

/// The service named by the path (`None` for a new one), and whether the partner may propose for it;
/// an unknown service is 404, another organisation's (or no link) an audited 403.
async fn target(state: &AppState, u: &UserCtx, sid: &str) -> WebResult<(Organization, Option<Service>)> {
    let current = if sid == NEW { None } else { Some(state.store.service(sid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?) };
    let org = linked(state, u).await?;
    if let Err(why) = may_propose(org.as_ref().map(|o| o.id.as_str()), current.as_ref()) {
        return Err(refuse(state, u, sid, why).await);
    }
    Ok((org.expect("may_propose checked the link"), current))
}

/// A service's values as the form's starting point (checkbox values exactly as the options).
fn defaults_of(s: Option<&Service>) -> HashMap<String, String> {
    let Some(s) = s else { return HashMap::from([("status".to_string(), ServiceStatus::Active.code().to_string())]) };
    let d = draft_of(s);
    let mut m: HashMap<String, String> = FIELDS.iter().map(|f| (f.to_string(), d.get(f).to_string())).collect();
    m.insert("taxonomy".into(), s.taxonomy.iter().map(ToString::to_string).collect::<Vec<_>>().join(","));
    m
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    sid: &str,
    org: &Organization,
    current: Option<&Service>,
    f: FormState,
    status: StatusCode,
) -> WebResult {
    let tr = ctx.tr;
    let pending = match current {
        Some(s) => {
            // Whether a proposal waits is a read of the organisation's proposals: audited too.
            state.store.audit(&listing_audit(ctx.user(), "listing_proposals", Some(&org.id), Action::List.as_str())).await?;
            state
                .store
                .listing_proposals_of(&org.id, SHOWN)
                .await?
                .iter()
                .any(|p| p.service_id == s.id && p.state == ProposalState::Pending)
        }
        None => false,
    };
    let page = FormPage {
        page: ctx.page(if current.is_some() { "listing-edit-title" } else { "listing-new-title" }),
        sid: sid.to_string(),
        is_new: current.is_none(),
        name: current.map(|s| s.name.clone()).unwrap_or_default(),
        organisation: org.name.clone(),
        pending,
        f,
        c: Choices::new(tr),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The form of one service (or a new one), filled with what is on the social map now.
pub async fn form_page(State(state): State<AppState>, ctx: Ctx, Path(sid): Path<String>) -> WebResult {
    let u = ctx.user();
    let (org, current) = target(&state, u, &sid).await?;
    let f = FormState { form: String::new(), defaults: defaults_of(current.as_ref()), ..Default::default() };
    render_form(&state, &ctx, &sid, &org, current.as_ref(), f, StatusCode::OK).await
}

/// Sends a proposal: checked by the import's rules, every broken rule at its field (422, the input
/// kept); a proposal that changes nothing is refused too. Stored pending with its audit record.
pub async fn propose(State(state): State<AppState>, ctx: Ctx, Path(sid): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let (org, current) = target(&state, u, &sid).await?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new(FORM, &pairs);
    let draft = Draft::from_pairs(FIELDS.iter().map(|k| (*k, f.raw(k))));
    let service_id = match &current {
        Some(s) => s.id.clone(),
        None => format!("svc-{}", eenplan_store::new_id()),
    };
    match check(&org, &service_id, current.as_ref(), &draft) {
        Err(problems) => {
            for FieldProblem { field, problem } in problems {
                let field = if FIELDS.contains(&field.as_str()) { field } else { "name".into() };
                f.errors.entry(field).or_insert_with(|| problem_text(tr, &problem));
            }
        }
        Ok(service) if diff(current.as_ref(), &service).is_empty() => f.summary = Some(tr.t("listing-err-nothing-changed")),
        Ok(service) => {
            let audit = listing_audit(u, "listing_proposal", None, Action::Create.as_str());
            let p = NewProposal { service: &service, based_on: current.as_ref(), by: (&u.user.id, &u.user.display_name) };
            state.store.propose_listing(&p, &audit).await?;
            return Ok(Redirect::to("/partner/aanbod?voorgesteld=1").into_response());
        }
    }
    render_form(&state, &ctx, &sid, &org, current.as_ref(), f, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_message_and_label_exists_in_both_languages() {
        let problems = [
            Problem::Required,
            Problem::NotNumber,
            Problem::BadLanguage("xx".into()),
            Problem::BadArea("35".into()),
            Problem::UnknownTaxonomy("kind:x".into()),
            Problem::BadStatus("x".into()),
            Problem::BadEmail("x".into()),
            Problem::NotText,
        ];
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for p in &problems {
                assert!(!problem_text(tr, p).starts_with("listing-"), "{lang:?}: {p:?}");
            }
            for f in FIELDS {
                assert!(tr.has(&format!("listing-f-{f}")), "{lang:?} misses the label of {f}");
            }
            for s in ProposalState::ALL {
                assert!(!state_label(tr, *s).starts_with("listing-"), "{lang:?}: {s:?}");
            }
            for s in ServiceStatus::ALL {
                assert!(!status_label(tr, s.code()).starts_with("service-status-"), "{lang:?}: {s:?}");
            }
        }
    }
}
