//! Maatwerk on a household, for its team: write an exception request (the rule that blocks, the
//! proposal, the value triangle), link a cost-benefit analysis, share it with MDT parties (each with
//! the household's consent and a ground), follow the decisions, withdraw or revise, and put the
//! outcome and conditions into the plan as actions. The one-page summary prints or downloads as PDF.

use crate::AppState;
use crate::api_cba::run;
use crate::cba_page::{self, CalcTarget};
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::{Access, Opt, denied_page, household_audit};
use crate::i18n::Tr;
use crate::maatwerk_view::{StoredAnalysis, SummaryView, document, org_names, pdf_response, render_pdf, summary_of_request};
use crate::page::{Ctx, Page};
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use eenplan_domain::access::Action;
use eenplan_domain::household::{FieldError, Law, MAX_SHORT, MAX_TEXT, format_date, parse_date, required_text};
use eenplan_domain::maatwerk::{Asked, MaatwerkError, MdtParty, RequestState, SharingBasis, check_triangle, may_share};
use eenplan_domain::plan::{Action as PlanAction, ActionOwner, ActionStatus, PlanContent, not_before_today};
use eenplan_store::exception_requests::{ExceptionRequest, Party, RequestDraft};
use eenplan_store::households::Member;
use eenplan_store::plans::BasedOn;
use eenplan_store::{StoreError, new_id};
use serde::Deserialize;
use time::Date;

fn opts<T: Copy>(tr: Tr, prefix: &str, all: &[T], code: fn(T) -> &'static str) -> Vec<Opt> {
    all.iter().map(|v| Opt { code: code(*v).to_string(), label: tr.code(prefix, code(*v)) }).collect()
}

/// The team's access to the household, then its request: `Err(page)` is the refusal to show.
async fn team_request(state: &AppState, ctx: &Ctx, id: &str, rid: &str, action: Action) -> WebResult<Result<ExceptionRequest, Response>> {
    if let Some(page) = crate::households::team_refusal(state, ctx, id, action).await? {
        return Ok(Err(page));
    }
    Ok(Ok(request_of(state, id, rid).await?))
}

/// The request, if it belongs to this household.
async fn request_of(state: &AppState, id: &str, rid: &str) -> WebResult<ExceptionRequest> {
    state.store.request(rid).await?.filter(|r| r.household_id == id).ok_or_else(|| WebError::new(ErrorKind::NotFound))
}

// ---------------------------------------------------------------- the list and a new request

pub struct RequestRow {
    pub id: String,
    pub created: String,
    pub law: String,
    pub proposal: String,
    pub state: String,
    pub decide_by: String,
    pub net: String,
}

#[derive(Template)]
#[template(path = "maatwerk_list.html")]
struct ListPage {
    page: Page,
    household_id: String,
    address: String,
    rows: Vec<RequestRow>,
    laws: Vec<Opt>,
    f: FormState,
}

async fn render_list(state: &AppState, ctx: &Ctx, id: &str, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let (h, list) = tokio::try_join!(state.store.household(id), state.store.requests_of_household(id))?;
    let h = h.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let page = ListPage {
        page: ctx.page("mw-title"),
        household_id: id.to_string(),
        address: h.address.line(),
        rows: list
            .iter()
            .map(|r| RequestRow {
                id: r.id.clone(),
                created: crate::pages::format_day(r.created_at),
                law: tr.code("law", r.draft.blocking_law.code()),
                proposal: r.draft.proposal.clone(),
                state: tr.code("mw-state", r.state.code()),
                decide_by: r.draft.decide_by.map(format_date).unwrap_or_else(|| "—".into()),
                net: r.draft.triangle.net_benefit.map(cba_page::euros).unwrap_or_else(|| "—".into()),
            })
            .collect(),
        laws: opts(tr, "law", Law::ALL, Law::code),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn list_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult {
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Read).await? {
        return Ok(r);
    }
    render_list(&state, &ctx, &id, FormState::default(), StatusCode::OK).await
}

fn text(f: &mut FormState, tr: Tr, field: &str, max: usize) -> Option<String> {
    let raw = f.raw(field).to_string();
    f.check(tr, field, required_text(&raw, max))
}

/// Reads the request's text fields; the analysis is kept from `previous` (it changes on its own page).
pub fn parse_draft(f: &mut FormState, tr: Tr, today: Date, previous: Option<&RequestDraft>) -> Option<RequestDraft> {
    let situation = text(f, tr, "situation", MAX_TEXT);
    let law_raw = f.raw("blocking_law").to_string();
    let law = f.check(tr, "blocking_law", if law_raw.is_empty() { Err(FieldError::Required) } else { Law::parse(&law_raw) });
    let provision = text(f, tr, "blocking_provision", 1000);
    let organisation = text(f, tr, "blocking_organisation", MAX_SHORT);
    let proposal = text(f, tr, "proposal", MAX_TEXT);
    // The triangle's sides may stay empty in a concept: sharing checks them.
    let mut side = |field: &str| {
        let raw = f.raw(field).trim().to_string();
        if raw.chars().count() > MAX_TEXT {
            f.check::<()>(tr, field, Err(FieldError::TooLong(MAX_TEXT)));
        }
        raw
    };
    let legal_ground = side("legal_ground");
    let discretion_used = side("discretion_used");
    let own_contribution = side("own_contribution");
    let by_raw = f.raw("decide_by").trim().to_string();
    let decide_by = if by_raw.is_empty() {
        Some(None)
    } else {
        f.check(tr, "decide_by", parse_date(&by_raw).and_then(|d| not_before_today(d, today))).map(Some)
    };
    if !f.errors.is_empty() {
        return None;
    }
    let previous_triangle = previous.map(|p| p.triangle.clone());
    Some(RequestDraft {
        situation: situation?,
        blocking_law: law?,
        blocking_provision: provision?,
        blocking_organisation: organisation?,
        proposal: proposal?,
        triangle: eenplan_domain::maatwerk::Triangle {
            legal_ground,
            discretion_used,
            own_contribution,
            net_benefit: previous_triangle.as_ref().and_then(|t| t.net_benefit),
            probability_positive: previous_triangle.as_ref().and_then(|t| t.probability_positive),
        },
        analysis: previous.and_then(|p| p.analysis.clone()),
        decide_by: decide_by?,
    })
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let mut f = FormState::new("verzoek", &crate::forms::form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let Some(draft) = parse_draft(&mut f, ctx.tr, state.store.today(), None) else {
        return again_list(&state, &ctx, &id, f).await;
    };
    let audit = household_audit(u, Some(&id), "exception_request", Action::Create, None);
    let rid = state.store.create_request(&id, &draft, &u.user.id, &audit).await?;
    Ok(Redirect::to(&format!("/huishoudens/{id}/maatwerk/{rid}?klaar=aangemaakt")).into_response())
}

/// The list again with the form's messages: a read of the file, audited as such.
async fn again_list(state: &AppState, ctx: &Ctx, id: &str, f: FormState) -> WebResult {
    if let Some(r) = crate::households::team_refusal(state, ctx, id, Action::Read).await? {
        return Ok(r);
    }
    render_list(state, ctx, id, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

// ---------------------------------------------------------------- one request

/// An organisation to share with, and the names of its fields in the share form.
pub struct OrgChoice {
    pub id: String,
    pub name: String,
    pub org_field: String,
    pub party_field: String,
    pub basis_field: String,
    pub consent_field: String,
}

#[derive(Template)]
#[template(path = "maatwerk_request.html")]
struct RequestPage {
    page: Page,
    household_id: String,
    address: String,
    s: SummaryView,
    is_concept: bool,
    is_approved: bool,
    may_revise: bool,
    may_withdraw: bool,
    laws: Vec<Opt>,
    orgs: Vec<OrgChoice>,
    parties: Vec<Opt>,
    bases: Vec<Opt>,
    members: Vec<Opt>,
    goals: Vec<Opt>,
    plan_version: i64,
    plan_revision: i64,
    f: FormState,
}

fn draft_defaults(f: &mut FormState, d: &RequestDraft) {
    for (k, v) in [
        ("situation", d.situation.clone()),
        ("blocking_law", d.blocking_law.code().to_string()),
        ("blocking_provision", d.blocking_provision.clone()),
        ("blocking_organisation", d.blocking_organisation.clone()),
        ("proposal", d.proposal.clone()),
        ("legal_ground", d.triangle.legal_ground.clone()),
        ("discretion_used", d.triangle.discretion_used.clone()),
        ("own_contribution", d.triangle.own_contribution.clone()),
        ("decide_by", d.decide_by.map(format_date).unwrap_or_default()),
    ] {
        f.defaults.insert(k.into(), v);
    }
}

async fn render_request(state: &AppState, ctx: &Ctx, id: &str, r: &ExceptionRequest, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let (h, members, orgs, plan) =
        tokio::try_join!(state.store.household(id), state.store.members(id), state.store.organisations(), state.store.latest_plan(id))?;
    let h = h.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let s = summary_of_request(state, tr, r).await?;
    let mut f = f;
    draft_defaults(&mut f, &r.draft);
    let page = RequestPage {
        page: ctx.page("mw-request-title"),
        household_id: id.to_string(),
        address: h.address.line(),
        s,
        is_concept: r.state == RequestState::Concept,
        is_approved: r.state == RequestState::Approved,
        may_revise: r.state == RequestState::Rejected,
        may_withdraw: matches!(r.state, RequestState::Concept | RequestState::Shared),
        laws: opts(tr, "law", Law::ALL, Law::code),
        orgs: orgs
            .into_iter()
            .enumerate()
            .map(|(i, o)| OrgChoice {
                id: o.id,
                name: o.name,
                org_field: format!("org_{i}"),
                party_field: format!("party_{i}"),
                basis_field: format!("basis_{i}"),
                consent_field: format!("consent_{i}"),
            })
            .collect(),
        parties: opts(tr, "mdt-party", MdtParty::ALL, MdtParty::code),
        bases: opts(tr, "sharing-basis", SharingBasis::ALL, SharingBasis::code),
        members: members.iter().map(|m| Opt { code: m.id.clone(), label: m.full_name() }).collect(),
        goals: plan
            .as_ref()
            .map(|p| p.content.goals.iter().map(|g| Opt { code: g.id.clone(), label: g.text.clone() }).collect())
            .unwrap_or_default(),
        plan_version: plan.as_ref().map(|p| p.version_no).unwrap_or(0),
        plan_revision: plan.as_ref().map(|p| p.revision).unwrap_or(0),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    klaar: Option<String>,
}

pub async fn request_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(String, String)>,
    Query(q): Query<DoneQuery>,
) -> WebResult {
    let r = match team_request(&state, &ctx, &id, &rid, Action::Read).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut ctx = ctx.clone();
    if let Some(k @ ("aangemaakt" | "bewaard" | "analyse" | "gedeeld" | "ingetrokken" | "herzien" | "plan")) = q.klaar.as_deref() {
        ctx.flash = Some(ctx.tr.t(&format!("mw-saved-{k}")));
    }
    render_request(&state, &ctx, &id, &r, FormState::default(), StatusCode::OK).await
}

/// The request page again with a form's messages (a read, audited as such).
async fn again(state: &AppState, ctx: &Ctx, id: &str, rid: &str, f: FormState) -> WebResult {
    let r = match team_request(state, ctx, id, rid, Action::Read).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    render_request(state, ctx, id, &r, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The message for a refused change of a request (other errors pass on).
fn request_error(tr: Tr, e: StoreError) -> WebResult<String> {
    Ok(match e {
        StoreError::Conflict(_) => tr.t("err-mw-conflict"),
        StoreError::Invalid(_) => tr.t("err-not-allowed-now"),
        other => return Err(other.into()),
    })
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path((id, rid)): Path<(String, String)>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let mut f = FormState::new("verzoek", &crate::forms::form_pairs(&body)?);
    let r = match team_request(&state, &ctx, &id, &rid, Action::Update).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    if let Some(d) = parse_draft(&mut f, ctx.tr, state.store.today(), Some(&r.draft)) {
        let audit = household_audit(u, Some(&id), "exception_request", Action::Update, None);
        match state.store.update_request(&rid, f.version(), &d, &audit).await {
            Ok(()) => return Ok(Redirect::to(&format!("/huishoudens/{id}/maatwerk/{rid}?klaar=bewaard")).into_response()),
            Err(e) => f.summary = Some(request_error(ctx.tr, e)?),
        }
    }
    again(&state, &ctx, &id, &rid, f).await
}

// ---------------------------------------------------------------- the analysis

fn calc_target(tr: Tr, id: &str, rid: &str) -> CalcTarget {
    let here = format!("/huishoudens/{id}/maatwerk/{rid}");
    CalcTarget {
        action: format!("{here}/analyse"),
        heading: tr.t("mw-analysis-title"),
        template_base: format!("{here}/analyse"),
        save_label: Some(tr.t("mw-analysis-save")),
        back: Some((here, tr.t("mw-back-to-request"))),
    }
}

#[derive(Deserialize, Default)]
pub struct TemplateQuery {
    sjabloon: Option<String>,
}

pub async fn analysis_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(String, String)>,
    Query(q): Query<TemplateQuery>,
) -> WebResult {
    let r = match team_request(&state, &ctx, &id, &rid, Action::Read).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut f = FormState::default();
    let stored = StoredAnalysis::of(&r);
    let counts = cba_page::prefill(&state, ctx.tr, &mut f, stored.as_ref().map(|s| &s.input), q.sjabloon.as_deref())?;
    f.defaults.insert("version".into(), r.version.to_string());
    cba_page::render(&state, &ctx, calc_target(ctx.tr, &id, &rid), f, counts, None, StatusCode::OK)
}

/// Recalculates; with "save" the analysis is stored with the request (a concept only).
pub async fn analysis_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(String, String)>,
    RawForm(body): RawForm,
) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("kba", &crate::forms::form_pairs(&body)?);
    let r = match team_request(&state, &ctx, &id, &rid, Action::Update).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let target = calc_target(tr, &id, &rid);
    let parsed = cba_page::parse(&mut f, tr);
    let Some(input) = parsed.input.clone() else {
        return cba_page::render(&state, &ctx, target, f, parsed.counts, None, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let out = match run(&state.costs(), input.clone()).await {
        Ok(out) => out,
        Err(errors) => {
            cba_page::engine_errors(&mut f, tr, &parsed, errors);
            return cba_page::render(&state, &ctx, target, f, parsed.counts, None, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    if f.raw("opslaan") == "1" {
        let stored = StoredAnalysis {
            input,
            analysis_year: out.analysis_year,
            analysis: out.analysis.clone(),
            net_per_stakeholder: out.outcome.per_stakeholder.iter().map(|l| (l.stakeholder, l.net)).collect(),
        };
        let json = serde_json::to_string(&stored).map_err(|_| WebError::new(ErrorKind::Internal))?;
        let p = out.outcome.monte_carlo.as_ref().map(|m| m.probability_positive);
        let audit = household_audit(u, Some(&id), "exception_request_analysis", Action::Update, None);
        match state.store.set_request_analysis(&rid, r.version, &json, out.outcome.net, p, &audit).await {
            Ok(()) => return Ok(Redirect::to(&format!("/huishoudens/{id}/maatwerk/{rid}?klaar=analyse#kosten-baten")).into_response()),
            Err(e) => f.summary = Some(request_error(tr, e)?),
        }
        let result = cba_page::result_view(tr, &out.outcome, out.analysis_year);
        return cba_page::render(&state, &ctx, target, f, parsed.counts, Some(result), StatusCode::CONFLICT);
    }
    let result = cba_page::result_view(tr, &out.outcome, out.analysis_year);
    cba_page::render(&state, &ctx, target, f, parsed.counts, Some(result), StatusCode::OK)
}

// ---------------------------------------------------------------- sharing, withdrawing, revising

/// The message for a sharing rule that does not hold.
fn share_message(tr: Tr, e: MaatwerkError) -> String {
    tr.t(match e {
        MaatwerkError::TriangleIncomplete => "err-mw-triangle",
        MaatwerkError::NoParty => "err-mw-no-party",
        MaatwerkError::NoSharingBasis => "err-mw-basis",
        MaatwerkError::NoConsent => "err-mw-consent",
        MaatwerkError::ConsentIsNoGround => "err-mw-consent-no-ground",
        _ => "err-not-allowed-now",
    })
}

/// Reads the parties chosen: per organisation `org_{i}` (checked), `party_{i}`, `basis_{i}`,
/// `consent_{i}`; each problem is shown at its own field.
fn parse_parties(f: &mut FormState, tr: Tr, orgs: &[(String, String)], members: &[Member], r: &ExceptionRequest) -> Option<Vec<Party>> {
    let triangle = check_triangle(&r.draft.triangle);
    let mut out = Vec::new();
    for (i, (org_id, _)) in orgs.iter().enumerate() {
        if f.raw(&format!("org_{i}")) != org_id {
            continue;
        }
        let party_raw = f.raw(&format!("party_{i}")).to_string();
        let party =
            f.check(tr, &format!("party_{i}"), if party_raw.is_empty() { Err(FieldError::Required) } else { MdtParty::parse(&party_raw) });
        let basis_raw = f.raw(&format!("basis_{i}")).to_string();
        let basis = match SharingBasis::parse(&basis_raw) {
            Ok(b) => Some(b),
            Err(_) => {
                f.errors.insert(format!("basis_{i}"), tr.t("err-mw-basis"));
                None
            }
        };
        let consent_raw = f.raw(&format!("consent_{i}")).to_string();
        let consent = members.iter().any(|m| m.id == consent_raw).then_some(consent_raw);
        let Some(party) = party else { continue };
        let asked = Asked { party, basis, consent: consent.is_some(), decision: None };
        match may_share(r.state, &triangle, std::slice::from_ref(&asked)) {
            Ok(()) => {}
            Err(e @ (MaatwerkError::NoSharingBasis | MaatwerkError::ConsentIsNoGround)) => {
                f.errors.insert(format!("basis_{i}"), share_message(tr, e));
            }
            Err(e @ MaatwerkError::NoConsent) => {
                f.errors.insert(format!("consent_{i}"), share_message(tr, e));
            }
            Err(e) => f.summary = Some(share_message(tr, e)),
        }
        if let Some(basis) = basis {
            out.push(Party {
                organisation_id: org_id.clone(),
                party,
                basis,
                consent_member_id: consent,
                consent_withdrawn_at: None,
                decision: None,
                decided_by: None,
            });
        }
    }
    if out.is_empty() && f.errors.is_empty() && f.summary.is_none() {
        // With no party chosen the domain names what is missing first (the triangle, then a party).
        let missing = may_share(r.state, &triangle, &[]).err().unwrap_or(MaatwerkError::NoParty);
        f.summary = Some(share_message(tr, missing));
    }
    (f.errors.is_empty() && f.summary.is_none()).then_some(out)
}

pub async fn share(State(state): State<AppState>, ctx: Ctx, Path((id, rid)): Path<(String, String)>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let mut f = FormState::new("delen", &crate::forms::form_pairs(&body)?);
    let r = match team_request(&state, &ctx, &id, &rid, Action::Update).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let (orgs, members) = tokio::try_join!(org_names(&state), state.store.members(&id))?;
    if let Some(parties) = parse_parties(&mut f, ctx.tr, &orgs, &members, &r) {
        let audit = household_audit(u, Some(&id), "exception_request_share", Action::Update, None);
        match state.store.share_request(&rid, f.version(), &parties, &audit).await {
            Ok(()) => return Ok(Redirect::to(&format!("/huishoudens/{id}/maatwerk/{rid}?klaar=gedeeld")).into_response()),
            Err(e) => f.summary = Some(request_error(ctx.tr, e)?),
        }
    }
    again(&state, &ctx, &id, &rid, f).await
}

pub async fn move_state(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(String, String)>,
    RawForm(body): RawForm,
) -> WebResult {
    let u = ctx.user();
    let mut f = FormState::new("status", &crate::forms::form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    request_of(&state, &id, &rid).await?;
    let (to, done) = match f.raw("to") {
        "withdrawn" => (RequestState::Withdrawn, "ingetrokken"),
        "concept" => (RequestState::Concept, "herzien"),
        _ => return Err(WebError::new(ErrorKind::BadRequest)),
    };
    let audit = household_audit(u, Some(&id), "exception_request_state", Action::Update, None);
    match state.store.move_request(&rid, f.version(), to, &audit).await {
        Ok(()) => Ok(Redirect::to(&format!("/huishoudens/{id}/maatwerk/{rid}?klaar={done}")).into_response()),
        Err(e) => {
            f.summary = Some(request_error(ctx.tr, e)?);
            again(&state, &ctx, &id, &rid, f).await
        }
    }
}

// ---------------------------------------------------------------- into the plan

/// The actions an approved request adds to the plan under `goal_id`: carrying out the solution, and
/// each party's conditions. Actions already in the plan (the same text) are not added twice.
pub fn plan_actions(
    tr: Tr,
    r: &ExceptionRequest,
    orgs: &[(String, String)],
    goal_id: &str,
    due_on: Date,
    plan: &PlanContent,
) -> Vec<PlanAction> {
    let mut out = vec![PlanAction {
        id: new_id(),
        goal_id: goal_id.to_string(),
        owner: ActionOwner::Worker,
        who: String::new(),
        what: tr.t1("mw-action-solution", "proposal", &r.draft.proposal),
        due_on,
        status: ActionStatus::Todo,
    }];
    for p in &r.parties {
        if let Some(d) = p.decision.as_ref().filter(|d| d.verdict == eenplan_domain::maatwerk::Verdict::ApproveWithConditions) {
            let org = orgs.iter().find(|(id, _)| *id == p.organisation_id).map(|(_, n)| n.clone()).unwrap_or_default();
            out.push(PlanAction {
                id: new_id(),
                goal_id: goal_id.to_string(),
                owner: ActionOwner::Mdt,
                who: org,
                what: tr.t1("mw-action-condition", "condition", &d.text),
                due_on,
                status: ActionStatus::Todo,
            });
        }
    }
    out.retain(|a| !plan.actions.iter().any(|b| b.what == a.what));
    out
}

pub async fn to_plan(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(String, String)>,
    RawForm(body): RawForm,
) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("plan", &crate::forms::form_pairs(&body)?);
    let r = match team_request(&state, &ctx, &id, &rid, Action::Update).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    if r.state != RequestState::Approved {
        f.summary = Some(tr.t("err-mw-not-approved"));
        return again(&state, &ctx, &id, &rid, f).await;
    }
    let goal_id = f.raw("goal_id").to_string();
    if goal_id.is_empty() {
        f.errors.insert("goal_id".into(), tr.t("err-mw-goal"));
    }
    let due_raw = f.raw("due_on").to_string();
    let due = f.check(tr, "due_on", parse_date(&due_raw).and_then(|d| not_before_today(d, state.store.today())));
    let (Some(due), true) = (due, f.errors.is_empty()) else {
        return again(&state, &ctx, &id, &rid, f).await;
    };
    let orgs = org_names(&state).await?;
    let based_on =
        BasedOn { version_no: f.raw("plan_version").parse().unwrap_or(-1), revision: f.raw("plan_revision").parse().unwrap_or(-1) };
    let audit = household_audit(u, Some(&id), "plan_maatwerk", Action::Update, None);
    let change = |c: &mut PlanContent| {
        if c.goal(&goal_id).is_none() {
            return Err(StoreError::Invalid("err-plan-no-goal".into()));
        }
        let actions = plan_actions(tr, &r, &orgs, &goal_id, due, c);
        c.actions.extend(actions);
        Ok(())
    };
    match state.store.edit_plan(&id, based_on, (&u.user.id, &u.user.display_name), &audit, change).await {
        Ok(_) => Ok(Redirect::to(&format!("/huishoudens/{id}/maatwerk/{rid}?klaar=plan")).into_response()),
        Err(StoreError::Superseded { .. } | StoreError::Conflict(_)) => {
            f.summary = Some(tr.t("err-plan-conflict"));
            again(&state, &ctx, &id, &rid, f).await
        }
        Err(StoreError::Invalid(_)) => {
            f.errors.insert("goal_id".into(), tr.t("err-mw-goal"));
            again(&state, &ctx, &id, &rid, f).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- the summary

#[derive(Template)]
#[template(path = "maatwerk_summary.html")]
pub struct SummaryPage {
    pub page: Page,
    pub s: SummaryView,
    pub back: (String, String),
    pub pdf: String,
}

/// The summary and its PDF need a read of the household's file (audited, with what was read).
async fn summary_of(state: &AppState, ctx: &Ctx, id: &str, rid: &str, what: &str) -> WebResult<Result<SummaryView, Response>> {
    let u = ctx.user();
    let (access, audit) = crate::households::ask_household(state, u, id, Action::Read).await?;
    let mut audit = audit.expect("a read is always audited");
    if let Access::Denied { may_break_glass } = access {
        state.store.audit(&audit).await?;
        return Ok(Err(denied_page(ctx, id, may_break_glass, None, "")?));
    }
    let r = request_of(state, id, rid).await?;
    audit.resource = what.into();
    audit.resource_id = Some(rid.to_string());
    state.store.audit(&audit).await?;
    Ok(Ok(summary_of_request(state, ctx.tr, &r).await?))
}

pub async fn summary_page(State(state): State<AppState>, ctx: Ctx, Path((id, rid)): Path<(String, String)>) -> WebResult {
    let s = match summary_of(&state, &ctx, &id, &rid, "exception_request_summary").await? {
        Ok(s) => s,
        Err(refusal) => return Ok(refusal),
    };
    let here = format!("/huishoudens/{id}/maatwerk/{rid}");
    let page = SummaryPage {
        page: ctx.page("mw-summary-page"),
        s,
        back: (here.clone(), ctx.tr.t("mw-back-to-request")),
        pdf: format!("{here}/pdf"),
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn summary_pdf(State(state): State<AppState>, ctx: Ctx, Path((id, rid)): Path<(String, String)>) -> WebResult {
    let s = match summary_of(&state, &ctx, &id, &rid, "exception_request_pdf").await? {
        Ok(s) => s,
        Err(refusal) => return Ok(refusal),
    };
    let bytes = render_pdf(document(ctx.tr, &s)).await?;
    Ok(pdf_response(bytes, "maatwerkverzoek.pdf"))
}
