//! The administrator checks partners' proposals for the social map and links directory organisations
//! to their organisation on the map (`/beheer/sociale-kaart`). A proposal shows what it changes, field
//! by field (`social_map::proposal::diff`); approving writes the service into the map, rejecting needs
//! a reason the partner reads (both guarded by the version the page showed, each with its audit
//! record in the same transaction). Linking uses `Store::link_social_map` and is audited.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::Opt;
use crate::i18n::Tr;
use crate::page::{Ctx, Page, UserCtx};
use crate::pages::format_time;
use crate::partner_listing::status_label;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::{AccessRequest, Action, Purpose, Resource, decide};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::social_map::proposal::diff;
use eenplan_store::StoreError;
use serde::Deserialize;
use std::collections::HashMap;

/// How many pending proposals the page shows (oldest first).
const SHOWN: i64 = 100;

/// Asks the access policy whether `u` may work on the configuration. A refusal is audited here and
/// ends in 403; when allowed, the audit record comes back (as `resource`, `action`) to be written
/// with the read or the change itself.
async fn admin_audit(state: &AppState, u: &UserCtx, action: Action, resource: &str, what: &str) -> WebResult<AuditDraft> {
    let d = decide(&AccessRequest {
        actor: &u.actor,
        action,
        purpose: Purpose::Administration,
        resource: &Resource::Configuration,
        break_glass: None,
    });
    if d.allowed.is_err() {
        state.store.audit(&d.audit).await?;
        return Err(WebError::new(ErrorKind::Forbidden));
    }
    Ok(AuditDraft { resource: resource.into(), action: what.into(), ..d.audit })
}

/// One changed field of a proposal.
pub struct ChangeRow {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// A pending proposal with what it changes.
pub struct ProposalView {
    pub id: String,
    /// The name of its decision form (`besluit-<id>`).
    pub form: String,
    pub version: i64,
    pub organisation: String,
    pub service: String,
    pub service_id: String,
    pub is_new: bool,
    /// "Voorgesteld door … op …".
    pub proposed: String,
    pub changes: Vec<ChangeRow>,
}

/// A directory organisation and the social-map organisation it is linked to.
pub struct LinkRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The social-map id it is linked to ("" for none).
    pub linked: String,
    /// What was wrong with the last choice for it.
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_social_map.html")]
struct AdminPage {
    page: Page,
    proposals: Vec<ProposalView>,
    links: Vec<LinkRow>,
    map_orgs: Vec<Opt>,
    f: FormState,
}

fn value_text(tr: Tr, field: &str, v: &str) -> String {
    if v.is_empty() {
        "—".into()
    } else if field == "status" {
        status_label(tr, v)
    } else {
        v.to_string()
    }
}

async fn render(state: &AppState, ctx: &Ctx, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let map_orgs = state.store.social_map_organizations().await?;
    let org_names: HashMap<&str, &str> = map_orgs.iter().map(|(id, name)| (id.as_str(), name.as_str())).collect();
    let mut proposals = Vec::new();
    for p in state.store.pending_listing_proposals(SHOWN).await? {
        // The change as it would apply now: against the service as it is on the map today.
        let current = if p.is_new { None } else { state.store.service(&p.service_id).await? };
        let changes = diff(current.as_ref(), &p.service)
            .into_iter()
            .map(|c| ChangeRow {
                field: tr.t(&format!("listing-f-{}", c.field)),
                old: value_text(tr, c.field, &c.old),
                new: value_text(tr, c.field, &c.new),
            })
            .collect();
        proposals.push(ProposalView {
            form: format!("besluit-{}", p.id),
            organisation: org_names.get(p.organization_id.as_str()).map_or_else(|| p.organization_id.clone(), |n| n.to_string()),
            service: p.service.name.clone(),
            service_id: p.service_id.clone(),
            is_new: p.is_new,
            proposed: tr.ta("listing-proposed-by", &[("name", &p.proposed_by_name), ("when", &format_time(p.proposed_at))]),
            version: p.version,
            id: p.id,
            changes,
        });
    }
    let mut links = Vec::new();
    for o in state.store.organisations().await? {
        let linked = state.store.social_map_id_of(&o.id).await?.unwrap_or_default();
        let error = f.err("koppelen", &format!("social_map_id-{}", o.id));
        links.push(LinkRow { id: o.id, name: o.name, kind: o.kind, linked, error });
    }
    let page = AdminPage {
        page: ctx.page("listing-admin-title"),
        proposals,
        links,
        map_orgs: map_orgs.into_iter().map(|(code, label)| Opt { code, label }).collect(),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    klaar: Option<String>,
}

/// Pending proposals with their changes, and the organisations' links; the read is audited.
pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PageQuery>) -> WebResult {
    let u = ctx.user();
    let audit = admin_audit(&state, u, Action::List, "listing_proposals", Action::List.as_str()).await?;
    state.store.audit(&audit).await?;
    let mut ctx = ctx.clone();
    ctx.flash = match q.klaar.as_deref() {
        Some("goedgekeurd") => Some(ctx.tr.t("listing-approved")),
        Some("afgewezen") => Some(ctx.tr.t("listing-rejected")),
        Some("gekoppeld") => Some(ctx.tr.t("listing-linked")),
        _ => None,
    };
    render(&state, &ctx, FormState::default(), StatusCode::OK).await
}

fn form_pairs(body: &[u8]) -> WebResult<Vec<(String, String)>> {
    serde_urlencoded::from_bytes(body).map_err(|_| WebError::new(ErrorKind::BadRequest))
}

/// After a failed decision the page comes back (a read of the proposals, audited) with the message.
async fn again(state: &AppState, ctx: &Ctx, f: FormState, status: StatusCode) -> WebResult {
    let audit = admin_audit(state, ctx.user(), Action::List, "listing_proposals", Action::List.as_str()).await?;
    state.store.audit(&audit).await?;
    render(state, ctx, f, status).await
}

/// The outcome of a decision in the store, as a redirect or the page with a message.
async fn decided(state: &AppState, ctx: &Ctx, mut f: FormState, done: Result<(), StoreError>, ok: &str) -> WebResult {
    let tr = ctx.tr;
    let status = match done {
        Ok(()) => return Ok(Redirect::to(&format!("/beheer/sociale-kaart?klaar={ok}")).into_response()),
        Err(StoreError::NotFound(_)) => return Err(WebError::new(ErrorKind::NotFound)),
        Err(StoreError::Conflict(_)) => {
            f.summary = Some(tr.t("listing-err-conflict"));
            StatusCode::CONFLICT
        }
        Err(StoreError::Invalid(why)) => {
            f.summary = Some(tr.t1("listing-err-no-longer-valid", "why", &why));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => return Err(e.into()),
    };
    again(state, ctx, f, status).await
}

/// Approves a proposal: the service on the social map changes (one transaction with the audit record).
pub async fn approve(State(state): State<AppState>, ctx: Ctx, Path(pid): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let audit = admin_audit(&state, u, Action::Update, "listing_proposal", "approve").await?;
    let f = FormState::new(&format!("besluit-{pid}"), &form_pairs(&body)?);
    let version = f.raw("version").trim().parse().unwrap_or(-1);
    let done = state.store.approve_listing(&pid, version, (&u.user.id, &u.user.display_name), &audit).await.map(|_| ());
    decided(&state, &ctx, f, done, "goedgekeurd").await
}

/// Rejects a proposal with a reason (required: 422 and the message at the field without one).
pub async fn reject(State(state): State<AppState>, ctx: Ctx, Path(pid): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let audit = admin_audit(&state, u, Action::Update, "listing_proposal", "reject").await?;
    let mut f = FormState::new(&format!("besluit-{pid}"), &form_pairs(&body)?);
    let version = f.raw("version").trim().parse().unwrap_or(-1);
    let reason = f.raw("reason").trim().to_string();
    if reason.is_empty() {
        state.store.listing_proposal(&pid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
        f.errors.insert("reason".into(), ctx.tr.t("listing-err-reason"));
        return again(&state, &ctx, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let done = state.store.reject_listing(&pid, version, &reason, (&u.user.id, &u.user.display_name), &audit).await.map(|_| ());
    decided(&state, &ctx, f, done, "afgewezen").await
}

/// Links a directory organisation to an organisation on the social map (empty: removes the link).
pub async fn link(State(state): State<AppState>, ctx: Ctx, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let mut audit = admin_audit(&state, u, Action::Update, "organisation", "link_social_map").await?;
    let mut f = FormState::new("koppelen", &form_pairs(&body)?);
    let org = f.raw("organisation").trim().to_string();
    let target = f.raw("social_map_id").trim().to_string();
    if !state.store.organisations().await?.iter().any(|o| o.id == org) {
        f.summary = Some(ctx.tr.t("listing-err-organisation"));
        return again(&state, &ctx, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if !target.is_empty() && state.store.social_map_organization(&target).await?.is_none() {
        f.errors.insert(format!("social_map_id-{org}"), ctx.tr.t("listing-err-map-organisation"));
        return again(&state, &ctx, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    state.store.link_social_map(&org, (!target.is_empty()).then_some(target.as_str())).await?;
    audit.resource_id = Some(org);
    audit.reason = Some(if target.is_empty() { "unlinked".into() } else { target });
    state.store.audit(&audit).await?;
    Ok(Redirect::to("/beheer/sociale-kaart?klaar=gekoppeld").into_response())
}
