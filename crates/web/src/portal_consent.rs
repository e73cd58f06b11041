//! *Mijn toestemming* (`/portaal/toestemming`): the sharings of the household's data that rest on
//! this member's consent — each MDT party of a maatwerk request — with the legal ground where consent
//! is not the only one, and withdrawal (`POST /portaal/toestemming/intrekken`), which ends the party's
//! access at once (the access policy counts only consent not withdrawn). Read and change go through
//! the policy with purpose self-access and are audited.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::page::{Ctx, Page};
use crate::portal::own_file;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::{Action, Purpose};
use eenplan_domain::maatwerk::SharingBasis;
use eenplan_store::StoreError;
use serde::Deserialize;

pub struct ConsentView {
    pub request_id: String,
    pub organisation_id: String,
    pub organisation: String,
    pub given_on: String,
    /// The legal ground besides consent, in words (empty when consent is the only ground).
    pub ground: String,
    pub withdrawn_on: Option<String>,
}

#[derive(Template)]
#[template(path = "portal_consent.html")]
struct ConsentPage {
    page: Page,
    linked: bool,
    consents: Vec<ConsentView>,
}

#[derive(Deserialize, Default)]
pub struct ConsentQuery {
    klaar: Option<String>,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ConsentQuery>) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut ctx = ctx.clone();
    if q.klaar.is_some() {
        ctx.flash = Some(tr.t("portal-consent-withdrawn"));
    }
    let mut page = ConsentPage { page: ctx.page("portal-consent-title"), linked: false, consents: Vec::new() };
    let Some((_, me)) = own_file(&state, u, Action::List, "portal_consent").await? else {
        return Ok(Html(page.render()?).into_response());
    };
    page.linked = true;
    page.consents = state
        .store
        .consents_of_member(&me)
        .await?
        .into_iter()
        .map(|c| ConsentView {
            request_id: c.request_id,
            organisation_id: c.organisation_id,
            organisation: c.organisation_name,
            given_on: crate::pages::format_day(c.request_created_at),
            ground: match c.basis {
                SharingBasis::Consent => String::new(),
                other => tr.code("portal-consent-ground", other.code()),
            },
            withdrawn_on: c.withdrawn_at.map(crate::pages::format_day),
        })
        .collect();
    Ok(Html(page.render()?).into_response())
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    request: String,
    organisation: String,
}

pub async fn withdraw(State(state): State<AppState>, ctx: Ctx, axum::Form(form): axum::Form<WithdrawForm>) -> WebResult {
    let u = ctx.user();
    let Some((household, me)) = own_file(&state, u, Action::Update, "portal_consent").await? else {
        return Err(WebError::new(ErrorKind::NotFound));
    };
    let mut audit = crate::households::household_audit(u, Some(&household), "consent", Action::Update, None);
    audit.purpose = Purpose::SelfAccess.as_str().into();
    audit.member = Some(me.clone());
    audit.resource_id = Some(format!("{}/{}", form.request, form.organisation));
    match state.store.withdraw_consent(&form.request, &form.organisation, &me, &audit).await {
        Ok(()) => Ok(Redirect::to("/portaal/toestemming?klaar=ingetrokken").into_response()),
        // Not theirs, or withdrawn already (a second click): nothing to withdraw.
        Err(StoreError::NotFound(_)) => Err(WebError::new(ErrorKind::NotFound)),
        Err(e) => Err(e.into()),
    }
}
