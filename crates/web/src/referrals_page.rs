//! Referrals and consultations on a household, for its team: refer the household to a service on the
//! social map (the reason in plain words, what is shared chosen item by item, the basis and a member's
//! consent, the urgency, a joint first appointment), send it, follow its state and outcome, withdraw
//! it; and ask a specialist a question (naming the household or not) and read the answer.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::{Opt, household_audit};
use crate::i18n::Tr;
use crate::page::{Ctx, Page};
use crate::referral_forms::{draft_errors, move_error_text, parse_move, parse_referral_input};
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::Action;
use eenplan_domain::household::format_date;
use eenplan_domain::maatwerk::SharingBasis;
use eenplan_domain::referral::{
    By, ConsultState, DraftError, Identification, ReferralState, SharedItem, Side, check_recipient, check_referral_draft, next_states,
};
use eenplan_store::StoreError;
use eenplan_store::consults::{Author, StoredConsult};
use eenplan_store::households::{Household, Member};
use eenplan_store::referrals::StoredReferral;
use serde::Deserialize;

/// The items a worker can choose to send along (what Eenplan can show the partner).
pub const OFFERED_ITEMS: [SharedItem; 6] = [
    SharedItem::ContactDetails,
    SharedItem::HouseholdComposition,
    SharedItem::Question,
    SharedItem::FinancesSummary,
    SharedItem::PlanGoals,
    SharedItem::Assessment,
];

async fn household_of(state: &AppState, id: &str) -> WebResult<Household> {
    state.store.household(id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))
}

/// The referral, if it belongs to this household.
async fn referral_of(state: &AppState, id: &str, rid: &str) -> WebResult<StoredReferral> {
    state.store.referral(rid).await?.filter(|r| r.household_id == id).ok_or_else(|| WebError::new(ErrorKind::NotFound))
}

async fn consult_of(state: &AppState, id: &str, cid: &str) -> WebResult<StoredConsult> {
    state.store.consult(cid).await?.filter(|c| c.household_id == id).ok_or_else(|| WebError::new(ErrorKind::NotFound))
}

pub fn member_opts(members: &[Member]) -> Vec<Opt> {
    members.iter().map(|m| Opt { code: m.id.clone(), label: m.full_name() }).collect()
}

pub fn shared_opts(tr: Tr) -> Vec<Opt> {
    OFFERED_ITEMS.iter().map(|i| Opt { code: i.code().into(), label: tr.code("ref-shared", i.code()) }).collect()
}

fn basis_opts(tr: Tr) -> Vec<Opt> {
    SharingBasis::ALL.iter().map(|b| Opt { code: b.code().into(), label: tr.code("sharing-basis", b.code()) }).collect()
}

fn urgency_opts(tr: Tr) -> Vec<Opt> {
    eenplan_domain::household::Urgency::ALL.iter().map(|u| Opt { code: u.code().into(), label: tr.code("urgency", u.code()) }).collect()
}

/// A referral in a list: where it went, where it stands, and how it ended.
#[derive(Clone)]
pub struct ReferralRow {
    pub id: String,
    pub service: String,
    pub state: String,
    pub sent: String,
    pub due: String,
    pub overdue: bool,
    pub outcome: String,
}

/// The rows of the household's referrals (also on the household page).
pub fn referral_rows(tr: Tr, today: time::Date, list: &[StoredReferral]) -> Vec<ReferralRow> {
    list.iter()
        .map(|r| ReferralRow {
            id: r.id.clone(),
            service: r.service_name.clone(),
            state: tr.code("ref-state", r.state().code()),
            sent: r.referral.sent_at().map(crate::pages::format_day).unwrap_or_else(|| "—".into()),
            due: r.answer_due.filter(|_| r.referral.awaits_answer()).map(format_date).unwrap_or_default(),
            overdue: r.referral.awaits_answer() && r.answer_due.is_some_and(|d| d < today),
            outcome: outcome_text(tr, r),
        })
        .collect()
}

/// How the referral ended, in words: the outcome, or the reason it was rejected or withdrawn.
pub fn outcome_text(tr: Tr, r: &StoredReferral) -> String {
    if let Some(o) = r.referral.outcome() {
        let head = tr.t(if o.success { "ref-outcome-success" } else { "ref-outcome-failure" });
        return if o.reason.is_empty() { head } else { format!("{head}: {}", o.reason) };
    }
    r.referral.end_reason().map(str::to_string).unwrap_or_default()
}

pub struct ConsultRow {
    pub id: String,
    pub organisation: String,
    pub identified: String,
    pub state: String,
    pub asked: String,
}

fn consult_rows(tr: Tr, list: &[StoredConsult]) -> Vec<ConsultRow> {
    list.iter()
        .map(|c| ConsultRow {
            id: c.id.clone(),
            organisation: c.organization_name.clone(),
            identified: tr.code("consult-ident", c.identification.code()),
            state: tr.code("consult-state", c.state.code()),
            asked: crate::pages::format_day(c.created_at),
        })
        .collect()
}

// ---------------------------------------------------------------- the list and the new forms

#[derive(Template)]
#[template(path = "referrals.html")]
struct ListPage {
    page: Page,
    household_id: String,
    address: String,
    rows: Vec<ReferralRow>,
    consults: Vec<ConsultRow>,
    services: Vec<Opt>,
    organisations: Vec<Opt>,
    members: Vec<Opt>,
    shared: Vec<Opt>,
    bases: Vec<Opt>,
    urgencies: Vec<Opt>,
    idents: Vec<Opt>,
    f: FormState,
}

async fn render_list(state: &AppState, ctx: &Ctx, id: &str, mut f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let h = household_of(state, id).await?;
    let (list, consults, members, services, organisations) = tokio::try_join!(
        state.store.referrals_of_household(id),
        state.store.consults_of_household(id),
        state.store.members(id),
        state.store.services_for(Some(h.address.postcode.pc4()), None, 500),
        state.store.social_map_organizations(),
    )?;
    f.defaults.entry("urgency".into()).or_insert_with(|| "normal".into());
    f.defaults.entry("identification".into()).or_insert_with(|| "anonymised".into());
    let page = ListPage {
        page: ctx.page("ref-title"),
        household_id: id.to_string(),
        address: h.address.line(),
        rows: referral_rows(tr, state.store.today(), &list),
        consults: consult_rows(tr, &consults),
        services: services.iter().map(|s| Opt { code: s.id.clone(), label: s.name.clone() }).collect(),
        organisations: organisations.into_iter().map(|(code, label)| Opt { code, label }).collect(),
        members: member_opts(&members),
        shared: shared_opts(tr),
        bases: basis_opts(tr),
        urgencies: urgency_opts(tr),
        idents: Identification::ALL.iter().map(|i| Opt { code: i.code().into(), label: tr.code("consult-ident", i.code()) }).collect(),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    /// A service chosen on the social map ("Verwijs hierheen").
    dienst: Option<String>,
}

pub async fn list_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, Query(q): Query<ListQuery>) -> WebResult {
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Read).await? {
        return Ok(r);
    }
    let mut f = FormState::default();
    if let Some(s) = q.dienst {
        f.defaults.insert("service_id".into(), s);
    }
    render_list(&state, &ctx, &id, f, StatusCode::OK).await
}

/// Creates a concept referral to the chosen service.
pub async fn create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("verwijzing", &crate::forms::form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let h = household_of(&state, &id).await?;
    let members = state.store.members(&id).await?;
    let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
    let service_id = f.raw("service_id").trim().to_string();
    let service = if service_id.is_empty() { None } else { state.store.service(&service_id).await? };
    let input = parse_referral_input(&mut f, tr, &ids);
    match &service {
        None => draft_errors(&mut f, tr, &[DraftError::NoService]),
        Some(s) => {
            if let Err(e) = check_recipient(s, h.address.postcode.pc4()) {
                draft_errors(&mut f, tr, &[e]);
            }
        }
    }
    if let (Some(input), Some(service), true) = (input, service, f.errors.is_empty()) {
        let audit = household_audit(u, Some(&id), "referral", Action::Create, None);
        let rid = state.store.create_referral(&id, &service, &input, None, &u.user.id, &audit).await?;
        return Ok(Redirect::to(&format!("/huishoudens/{id}/verwijzingen/{rid}?klaar=aangemaakt")).into_response());
    }
    render_list(&state, &ctx, &id, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

// ---------------------------------------------------------------- one referral

pub struct MoveView {
    pub at: String,
    pub who: String,
    pub side: String,
    pub to: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "referral.html")]
struct ReferralPage {
    page: Page,
    household_id: String,
    address: String,
    id: String,
    service: String,
    service_id: String,
    state: String,
    concept: bool,
    may_withdraw: bool,
    version: i64,
    reason: String,
    shared_list: Vec<String>,
    basis: String,
    consent_by: String,
    urgency: String,
    joint: bool,
    due: String,
    overdue: bool,
    outcome: String,
    moves: Vec<MoveView>,
    members: Vec<Opt>,
    shared: Vec<Opt>,
    bases: Vec<Opt>,
    urgencies: Vec<Opt>,
    f: FormState,
}

/// The stored draft as the edit form's values.
fn draft_values(r: &StoredReferral) -> std::collections::HashMap<String, String> {
    let i = &r.input;
    [
        ("reason", i.reason.clone()),
        ("shared", i.shared.iter().map(|s| s.code()).collect::<Vec<_>>().join(",")),
        ("basis", i.basis.map(|b| b.code().to_string()).unwrap_or_default()),
        ("consent_member_id", i.consent_member_id.clone().unwrap_or_default()),
        ("urgency", i.urgency.code().to_string()),
        ("joint_appointment", if i.joint_appointment { "1".into() } else { String::new() }),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub fn move_views(tr: Tr, r: &StoredReferral) -> Vec<MoveView> {
    r.moves
        .iter()
        .map(|m| {
            let t = &m.transition;
            let note = match &t.outcome {
                Some(o) => {
                    let head = tr.t(if o.success { "ref-outcome-success" } else { "ref-outcome-failure" });
                    if o.reason.is_empty() { head } else { format!("{head}: {}", o.reason) }
                }
                None => t.reason.clone().unwrap_or_default(),
            };
            MoveView {
                at: crate::pages::format_time(t.at),
                who: m.actor_name.clone(),
                side: tr.code("ref-side", t.side.code()),
                to: tr.code("ref-state", t.to.code()),
                note,
            }
        })
        .collect()
}

async fn render_referral(state: &AppState, ctx: &Ctx, id: &str, r: &StoredReferral, mut f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let h = household_of(state, id).await?;
    let members = state.store.members(id).await?;
    let name_of = |mid: &str| members.iter().find(|m| m.id == mid).map(|m| m.full_name()).unwrap_or_default();
    // The edit form starts from the stored draft.
    f.defaults.extend(draft_values(r));
    let i = &r.input;
    let today = state.store.today();
    let page = ReferralPage {
        page: ctx.page("ref-one-title"),
        household_id: id.to_string(),
        address: h.address.line(),
        id: r.id.clone(),
        service: r.service_name.clone(),
        service_id: r.service_id.clone(),
        state: tr.code("ref-state", r.state().code()),
        concept: r.state() == ReferralState::Concept,
        may_withdraw: next_states(r.state(), Side::Worker).contains(&ReferralState::Withdrawn),
        version: r.version,
        reason: i.reason.clone(),
        shared_list: i.shared.iter().map(|s| tr.code("ref-shared", s.code())).collect(),
        basis: i.basis.map(|b| tr.code("sharing-basis", b.code())).unwrap_or_else(|| "—".into()),
        consent_by: i.consent_member_id.as_deref().map(name_of).unwrap_or_else(|| "—".into()),
        urgency: tr.code("urgency", i.urgency.code()),
        joint: i.joint_appointment,
        due: r.answer_due.filter(|_| r.referral.awaits_answer()).map(format_date).unwrap_or_default(),
        overdue: r.referral.awaits_answer() && r.answer_due.is_some_and(|d| d < today),
        outcome: outcome_text(tr, r),
        moves: move_views(tr, r),
        members: member_opts(&members),
        shared: shared_opts(tr),
        bases: basis_opts(tr),
        urgencies: urgency_opts(tr),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    klaar: Option<String>,
}

pub async fn referral_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(String, String)>,
    Query(q): Query<DoneQuery>,
) -> WebResult {
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Read).await? {
        return Ok(r);
    }
    let r = referral_of(&state, &id, &rid).await?;
    let mut ctx = ctx.clone();
    if let Some(k @ ("aangemaakt" | "bewaard" | "verstuurd" | "teruggetrokken")) = q.klaar.as_deref() {
        ctx.flash = Some(ctx.tr.t(&format!("ref-done-{k}")));
    }
    render_referral(&state, &ctx, &id, &r, FormState::default(), StatusCode::OK).await
}

async fn again(state: &AppState, ctx: &Ctx, id: &str, rid: &str, f: FormState) -> WebResult {
    if let Some(r) = crate::households::team_refusal(state, ctx, id, Action::Read).await? {
        return Ok(r);
    }
    let r = referral_of(state, id, rid).await?;
    render_referral(state, ctx, id, &r, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

fn store_message(tr: Tr, e: StoreError) -> WebResult<String> {
    Ok(match e {
        StoreError::Conflict(_) => tr.t("err-ref-conflict"),
        StoreError::Invalid(_) => tr.t("err-referral-move"),
        other => return Err(other.into()),
    })
}

/// Saves a concept's changes.
pub async fn update(State(state): State<AppState>, ctx: Ctx, Path((id, rid)): Path<(String, String)>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let mut f = FormState::new("verwijzing", &crate::forms::form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    referral_of(&state, &id, &rid).await?;
    let members = state.store.members(&id).await?;
    let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
    if let Some(input) = parse_referral_input(&mut f, ctx.tr, &ids) {
        let audit = household_audit(u, Some(&id), "referral", Action::Update, None);
        match state.store.update_referral(&rid, f.version(), &input, &audit).await {
            Ok(()) => return Ok(Redirect::to(&format!("/huishoudens/{id}/verwijzingen/{rid}?klaar=bewaard")).into_response()),
            Err(e) => f.summary = Some(store_message(ctx.tr, e)?),
        }
    }
    again(&state, &ctx, &id, &rid, f).await
}

/// The worker's moves: send a concept (its draft checked first, each problem at its field of the
/// edit form) or withdraw (with the reason).
pub async fn move_state(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(String, String)>,
    RawForm(body): RawForm,
) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("status", &crate::forms::form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let r = referral_of(&state, &id, &rid).await?;
    let Some((to, details)) = parse_move(&mut f, tr) else { return again(&state, &ctx, &id, &rid, f).await };
    if to == ReferralState::Sent {
        let (h, members, orgs, service) = tokio::try_join!(
            household_of(&state, &id),
            async { Ok(state.store.members(&id).await?) },
            async { Ok(state.store.organisations_on_social_map(&r.organization_id).await?) },
            async { Ok(state.store.service(&r.service_id).await?) },
        )?;
        let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
        let public = orgs.iter().any(|o| eenplan_domain::maatwerk::MdtParty::parse(&o.kind).is_ok_and(|p| p.is_public_body()));
        let mut problems = check_referral_draft(&r.draft(public), &ids).err().unwrap_or_default();
        match service {
            Some(s) => problems.extend(check_recipient(&s, h.address.postcode.pc4()).err()),
            None => problems.push(DraftError::ServiceNotActive),
        }
        if !problems.is_empty() {
            // The problems belong to the draft: show them at the edit form's fields.
            let mut edit = FormState::new("verwijzing", &[]);
            edit.values = draft_values(&r);
            draft_errors(&mut edit, tr, &problems);
            edit.summary = Some(tr.t("err-ref-not-ready"));
            return again(&state, &ctx, &id, &rid, edit).await;
        }
    }
    let done = match to {
        ReferralState::Sent => "verstuurd",
        ReferralState::Withdrawn => "teruggetrokken",
        _ => {
            f.summary = Some(tr.t("err-referral-move"));
            return again(&state, &ctx, &id, &rid, f).await;
        }
    };
    let audit = household_audit(u, Some(&id), "referral_state", Action::Update, None);
    let by = By::Worker { user: &u.user.id };
    match state.store.move_referral(&rid, f.version(), to, (by, &u.user.display_name), &details, &audit).await {
        Ok(_) => Ok(Redirect::to(&format!("/huishoudens/{id}/verwijzingen/{rid}?klaar={done}")).into_response()),
        Err(StoreError::Invalid(_)) => {
            let current = referral_of(&state, &id, &rid).await?;
            let e = eenplan_domain::referral::apply(current.state(), to, Side::Worker, &details).err();
            f.summary = Some(e.map(|e| move_error_text(tr, &e)).unwrap_or_else(|| tr.t("err-referral-move")));
            again(&state, &ctx, &id, &rid, f).await
        }
        Err(e) => {
            f.summary = Some(store_message(tr, e)?);
            again(&state, &ctx, &id, &rid, f).await
        }
    }
}

// ---------------------------------------------------------------- consultations

/// Asks a specialist organisation a question; naming the household needs a member's consent.
pub async fn consult_create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("consult", &crate::forms::form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let orgs = state.store.social_map_organizations().await?;
    let org = orgs.iter().find(|(oid, _)| oid == f.raw("organization_id").trim()).cloned();
    if org.is_none() {
        f.errors.insert("organization_id".into(), tr.t("err-consult-organisation"));
    }
    let ident = f.check(tr, "identification", Identification::parse(f.raw("identification").trim()));
    let question = f.raw("question").to_string();
    let question = f.check(tr, "question", eenplan_domain::household::required_text(&question, eenplan_domain::household::MAX_TEXT));
    let consent = f.raw("consent_member_id").trim().to_string();
    let members = state.store.members(&id).await?;
    if ident == Some(Identification::Identified) {
        if consent.is_empty() {
            f.errors.insert("consent_member_id".into(), tr.t("err-consult-consent"));
        } else if !members.iter().any(|m| m.id == consent) {
            f.errors.insert("consent_member_id".into(), tr.t("err-referral-unknown-member"));
        }
    }
    if let (Some((oid, oname)), Some(ident), Some(question), true) = (org, ident, question, f.errors.is_empty()) {
        let audit = household_audit(u, Some(&id), "consult", Action::Create, None);
        let author = Author { user_id: &u.user.id, name: &u.user.display_name };
        let consent = Some(consent.as_str()).filter(|c| !c.is_empty());
        let cid = state.store.create_consult(&id, (ident, consent), (&oid, &oname), &question, author, &audit).await?;
        return Ok(Redirect::to(&format!("/huishoudens/{id}/consulten/{cid}?klaar=gevraagd")).into_response());
    }
    render_list(&state, &ctx, &id, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

pub struct MessageView {
    pub at: String,
    pub who: String,
    pub side: String,
    pub body: String,
}

pub fn message_views(tr: Tr, c: &StoredConsult) -> Vec<MessageView> {
    c.messages
        .iter()
        .map(|m| MessageView {
            at: crate::pages::format_time(m.at),
            who: m.author_name.clone(),
            side: tr.code("ref-side", m.side.code()),
            body: m.body.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "consult.html")]
struct ConsultPage {
    page: Page,
    household_id: String,
    address: String,
    id: String,
    organisation: String,
    identified: String,
    state: String,
    answered: bool,
    open: bool,
    version: i64,
    messages: Vec<MessageView>,
    f: FormState,
}

async fn render_consult(state: &AppState, ctx: &Ctx, id: &str, c: &StoredConsult, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let h = household_of(state, id).await?;
    let page = ConsultPage {
        page: ctx.page("consult-title"),
        household_id: id.to_string(),
        address: h.address.line(),
        id: c.id.clone(),
        organisation: c.organization_name.clone(),
        identified: tr.code("consult-ident", c.identification.code()),
        state: tr.code("consult-state", c.state.code()),
        answered: c.state == ConsultState::Answered,
        open: c.state != ConsultState::Closed,
        version: c.version,
        messages: message_views(tr, c),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn consult_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
    Query(q): Query<DoneQuery>,
) -> WebResult {
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Read).await? {
        return Ok(r);
    }
    let c = consult_of(&state, &id, &cid).await?;
    let mut ctx = ctx.clone();
    if let Some(k @ ("gevraagd" | "gesloten")) = q.klaar.as_deref() {
        ctx.flash = Some(ctx.tr.t(&format!("consult-done-{k}")));
    }
    render_consult(&state, &ctx, &id, &c, FormState::default(), StatusCode::OK).await
}

/// The worker asks a follow-up question (after an answer) or closes the consultation.
pub async fn consult_move(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
    RawForm(body): RawForm,
) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("vervolg", &crate::forms::form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let c = consult_of(&state, &id, &cid).await?;
    let to = f.check(tr, "to", ConsultState::parse(f.raw("to").trim()));
    let text = f.raw("question").trim().to_string();
    if to == Some(ConsultState::Asked) && text.is_empty() {
        f.errors.insert("question".into(), tr.t("err-required"));
    }
    if let (Some(to), true) = (to, f.errors.is_empty()) {
        let audit = household_audit(u, Some(&id), "consult", Action::Update, None);
        let author = Author { user_id: &u.user.id, name: &u.user.display_name };
        let text = Some(text.as_str()).filter(|t| !t.is_empty() && to == ConsultState::Asked);
        match state.store.move_consult(&cid, f.version(), to, Side::Worker, author, text, None, &audit).await {
            Ok(()) => {
                let done = if to == ConsultState::Closed { "?klaar=gesloten" } else { "" };
                return Ok(Redirect::to(&format!("/huishoudens/{id}/consulten/{cid}{done}")).into_response());
            }
            Err(e) => f.summary = Some(store_message(tr, e)?),
        }
    }
    render_consult(&state, &ctx, &id, &c, f, StatusCode::UNPROCESSABLE_ENTITY).await
}
