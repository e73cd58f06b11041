//! The partner organisation's side of referrals and consultations: its inbox (the referrals sent to
//! it, newest first, and the questions asked of it), one referral with only what the worker chose to
//! share, its answer (confirm receipt, accept or reject, start, complete with the outcome), and the
//! answer to a consultation. Every read and every answer goes through the access policy (purpose:
//! referral) and is audited; a referral to another organisation is refused.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::Opt;
use crate::i18n::{Lang, Tr};
use crate::page::{Ctx, Page};
use crate::referral_forms::{consult_for_partner, move_error_text, parse_move, partner_organisation, referral_for_partner};
use crate::referrals_page::{MessageView, MoveView, message_views, move_views, outcome_text};
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::Action;
use eenplan_domain::household::{age_on, format_date};
use eenplan_domain::referral::{By, ConsultState, Identification, SharedItem, Side, apply, next_states};
use eenplan_store::StoreError;
use eenplan_store::consults::{Author, StoredConsult};
use eenplan_store::referrals::StoredReferral;
use serde::Deserialize;

// ---------------------------------------------------------------- the inbox

pub struct InboxRow {
    pub id: String,
    pub sent: String,
    pub service: String,
    pub urgency: String,
    pub state: String,
    pub due: String,
    pub overdue: bool,
}

pub struct ConsultInboxRow {
    pub id: String,
    pub asked: String,
    pub identified: String,
    pub state: String,
}

#[derive(Template)]
#[template(path = "partner_inbox.html")]
struct InboxPage {
    page: Page,
    linked: bool,
    rows: Vec<InboxRow>,
    consults: Vec<ConsultInboxRow>,
    next: Option<String>,
    next_consults: Option<String>,
}

/// How many referrals one page of the inbox shows.
const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct PageQuery {
    /// The keyset of the previous page's last referral: `sent_at:id`.
    voor: Option<String>,
    /// The keyset of the previous page's last consultation: `created_at:id`.
    vragen_voor: Option<String>,
}

fn keyset(v: &Option<String>) -> Option<(i64, &str)> {
    v.as_deref().and_then(|v| v.split_once(':')).and_then(|(at, id)| at.parse::<i64>().ok().map(|at| (at, id)))
}

pub async fn inbox(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PageQuery>) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let Some(org) = partner_organisation(&state, u).await? else {
        let page =
            InboxPage { page: ctx.page("partner-title"), linked: false, rows: vec![], consults: vec![], next: None, next_consults: None };
        return Ok(Html(page.render()?).into_response());
    };
    crate::households::audit_list(&state, u, "partner_referrals").await?;
    let (list, consults) = tokio::try_join!(
        state.store.referrals_to(&org, keyset(&q.voor), PAGE),
        state.store.consults_to(&org, keyset(&q.vragen_voor), PAGE)
    )?;
    let next_consults = (consults.len() as i64 == PAGE).then(|| consults.last().map(|c| format!("{}:{}", c.created_at, c.id))).flatten();
    let next =
        (list.len() as i64 == PAGE).then(|| list.last().and_then(|r| r.referral.sent_at().map(|at| format!("{at}:{}", r.id)))).flatten();
    let today = state.store.today();
    let rows = list
        .iter()
        .map(|r| InboxRow {
            id: r.id.clone(),
            sent: r.referral.sent_at().map(crate::pages::format_day).unwrap_or_default(),
            service: r.service_name.clone(),
            urgency: tr.code("urgency", r.input.urgency.code()),
            state: tr.code("ref-state", r.state().code()),
            due: r.answer_due.filter(|_| r.referral.awaits_answer()).map(format_date).unwrap_or_default(),
            overdue: r.referral.awaits_answer() && r.answer_due.is_some_and(|d| d < today),
        })
        .collect();
    let consults = consults
        .iter()
        .map(|c| ConsultInboxRow {
            id: c.id.clone(),
            asked: crate::pages::format_day(c.created_at),
            identified: tr.code("consult-ident", c.identification.code()),
            state: tr.code("consult-state", c.state.code()),
        })
        .collect();
    Ok(Html(InboxPage { page: ctx.page("partner-title"), linked: true, rows, consults, next, next_consults }.render()?).into_response())
}

// ---------------------------------------------------------------- one referral

/// One shared item as the partner reads it: a title and lines of (label, value).
pub struct SharedView {
    pub title: String,
    pub lines: Vec<(String, String)>,
}

/// What the worker chose to share, and nothing else.
async fn shared_views(state: &AppState, tr: Tr, r: &StoredReferral) -> WebResult<Vec<SharedView>> {
    let id = &r.household_id;
    let mut out = Vec::new();
    for item in &r.input.shared {
        let title = tr.code("ref-shared", item.code());
        let lines = match item {
            SharedItem::ContactDetails => {
                let h = state.store.household(id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
                let members = state.store.members(id).await?;
                let contact = r.input.consent_member_id.as_deref().and_then(|m| members.iter().find(|x| x.id == m));
                let mut lines = vec![(tr.t("partner-address"), h.address.line())];
                if let Some(m) = contact {
                    lines.push((tr.t("partner-name"), m.full_name()));
                    lines.extend(m.phone.clone().map(|p| (tr.t("f-phone"), p)));
                    lines.extend(m.email.clone().map(|e| (tr.t("f-email"), e)));
                }
                lines
            }
            SharedItem::HouseholdComposition => {
                let today = state.store.today();
                state
                    .store
                    .members(id)
                    .await?
                    .iter()
                    .map(|m| {
                        let age = m.date_of_birth.map(|b| tr.t1("partner-age", "years", &age_on(b, today).to_string())).unwrap_or_default();
                        (tr.code("member-role", m.role.code()), format!("{} {age}", m.given_names).trim().to_string())
                    })
                    .collect()
            }
            SharedItem::Question => {
                state.store.intakes(id).await?.last().map(|i| vec![(tr.t("partner-question"), i.question.clone())]).unwrap_or_default()
            }
            SharedItem::FinancesSummary => match state.store.screenings_of_household(id).await?.first() {
                Some(s) => {
                    let mut lines = vec![(tr.t("scr-done-on"), format_date(s.done_on))];
                    lines.extend(crate::screening_page::answers_summary(tr, s));
                    lines
                }
                None => vec![],
            },
            SharedItem::PlanGoals => state
                .store
                .latest_plan(id)
                .await?
                .map(|p| p.content.goals.iter().map(|g| (tr.code("domain", g.domain.code()), g.text.clone())).collect())
                .unwrap_or_default(),
            SharedItem::Assessment => state
                .store
                .assessments(id)
                .await?
                .last()
                .map(|a| a.new.scores.iter().map(|s| (tr.code("domain", &s.domain), s.score.to_string())).collect())
                .unwrap_or_default(),
            SharedItem::Documents => vec![],
        };
        out.push(SharedView { title, lines });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "partner_referral.html")]
struct ReferralPage {
    page: Page,
    id: String,
    service: String,
    state: String,
    urgency: String,
    joint: bool,
    reason: String,
    sent: String,
    due: String,
    overdue: bool,
    outcome: String,
    shared: Vec<SharedView>,
    moves: Vec<MoveView>,
    /// The answers the partner may give now (state code, button label).
    next: Vec<Opt>,
    version: i64,
    f: FormState,
}

async fn render_referral(state: &AppState, ctx: &Ctx, r: &StoredReferral, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let today = state.store.today();
    let page = ReferralPage {
        page: ctx.page("partner-referral-title"),
        id: r.id.clone(),
        service: r.service_name.clone(),
        state: tr.code("ref-state", r.state().code()),
        urgency: tr.code("urgency", r.input.urgency.code()),
        joint: r.input.joint_appointment,
        reason: r.input.reason.clone(),
        sent: r.referral.sent_at().map(crate::pages::format_day).unwrap_or_default(),
        due: r.answer_due.filter(|_| r.referral.awaits_answer()).map(format_date).unwrap_or_default(),
        overdue: r.referral.awaits_answer() && r.answer_due.is_some_and(|d| d < today),
        outcome: outcome_text(tr, r),
        shared: shared_views(state, tr, r).await?,
        moves: move_views(tr, r),
        next: next_states(r.state(), Side::Partner)
            .into_iter()
            .map(|s| Opt { code: s.code().into(), label: tr.code("ref-move", s.code()) })
            .collect(),
        version: r.version,
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    klaar: Option<String>,
}

pub async fn referral_page(State(state): State<AppState>, ctx: Ctx, Path(vid): Path<String>, Query(q): Query<DoneQuery>) -> WebResult {
    let r = referral_for_partner(&state, ctx.user(), &vid, Action::Read, "referral").await?;
    let mut ctx = ctx.clone();
    if q.klaar.as_deref() == Some("antwoord") {
        ctx.flash = Some(ctx.tr.t("partner-answered"));
    }
    render_referral(&state, &ctx, &r, FormState::default(), StatusCode::OK).await
}

/// The partner's answer to a referral: one move of the partner's side of the table.
pub async fn move_state(State(state): State<AppState>, ctx: Ctx, Path(vid): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("antwoord", &crate::forms::form_pairs(&body)?);
    let r = referral_for_partner(&state, u, &vid, Action::Update, "referral_state").await?;
    let org = partner_organisation(&state, u).await?.ok_or_else(|| WebError::new(ErrorKind::Forbidden))?;
    if let Some((to, details)) = parse_move(&mut f, tr) {
        let mut audit = crate::households::household_audit(u, Some(&r.household_id), "referral_state", Action::Update, None);
        audit.purpose = eenplan_domain::access::Purpose::Referral.as_str().into();
        let by = By::Partner { user: &u.user.id, organisation: &org };
        match state.store.move_referral(&vid, f.version(), to, (by, &u.user.display_name), &details, &audit).await {
            Ok(_) => return Ok(Redirect::to(&format!("/partner/verwijzingen/{vid}?klaar=antwoord")).into_response()),
            Err(StoreError::Conflict(_)) => f.summary = Some(tr.t("err-ref-conflict")),
            Err(StoreError::Invalid(_)) => {
                let e = apply(r.state(), to, Side::Partner, &details).err();
                f.summary = Some(e.map(|e| move_error_text(tr, &e)).unwrap_or_else(|| tr.t("err-referral-move")));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let r = state.store.referral(&vid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    render_referral(&state, &ctx, &r, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

// ---------------------------------------------------------------- a consultation

#[derive(Template)]
#[template(path = "partner_consult.html")]
struct ConsultPage {
    page: Page,
    id: String,
    identified: String,
    /// For an identified consultation: whom it is about (the consenting member); never for an anonymised one.
    about: String,
    state: String,
    may_answer: bool,
    version: i64,
    messages: Vec<MessageView>,
    f: FormState,
}

async fn render_consult(state: &AppState, ctx: &Ctx, c: &StoredConsult, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let about = match (c.identification, c.consent_member_id.as_deref()) {
        (Identification::Identified, Some(m)) => {
            state.store.members(&c.household_id).await?.iter().find(|x| x.id == m).map(|x| x.full_name()).unwrap_or_default()
        }
        _ => String::new(),
    };
    let page = ConsultPage {
        page: ctx.page("partner-consult-title"),
        id: c.id.clone(),
        identified: tr.code("consult-ident", c.identification.code()),
        about,
        state: tr.code("consult-state", c.state.code()),
        may_answer: c.state == ConsultState::Asked,
        version: c.version,
        messages: message_views(tr, c),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn consult_page(State(state): State<AppState>, ctx: Ctx, Path(cid): Path<String>, Query(q): Query<DoneQuery>) -> WebResult {
    let c = consult_for_partner(&state, ctx.user(), &cid, Action::Read, "consult").await?;
    let mut ctx = ctx.clone();
    if q.klaar.as_deref() == Some("antwoord") {
        ctx.flash = Some(ctx.tr.t("partner-consult-answered"));
    }
    render_consult(&state, &ctx, &c, FormState::default(), StatusCode::OK).await
}

/// The specialist's answer; it also lands on the household's timeline (in Dutch, the team's language).
pub async fn consult_answer(State(state): State<AppState>, ctx: Ctx, Path(cid): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("antwoord", &crate::forms::form_pairs(&body)?);
    let c = consult_for_partner(&state, u, &cid, Action::Update, "consult_answer").await?;
    let answer = f.raw("answer").trim().to_string();
    match eenplan_domain::household::required_text(&answer, eenplan_domain::household::MAX_TEXT) {
        Err(e) => {
            f.check::<()>(tr, "answer", Err(e));
        }
        Ok(answer) => {
            let note = Tr::new(Lang::Nl).ta("consult-timeline-note", &[("organisation", &c.organization_name), ("answer", &answer)]);
            let mut audit = crate::households::household_audit(u, None, "consult_answer", Action::Update, None);
            audit.purpose = eenplan_domain::access::Purpose::Referral.as_str().into();
            if c.identification == Identification::Identified {
                audit.household = Some(c.household_id.clone());
            }
            let author = Author { user_id: &u.user.id, name: &u.user.display_name };
            match state
                .store
                .move_consult(&cid, f.version(), ConsultState::Answered, Side::Partner, author, Some(&answer), Some(&note), &audit)
                .await
            {
                Ok(()) => return Ok(Redirect::to(&format!("/partner/consulten/{cid}?klaar=antwoord")).into_response()),
                Err(StoreError::Conflict(_)) => f.summary = Some(tr.t("err-ref-conflict")),
                Err(StoreError::Invalid(_)) => f.summary = Some(tr.t("err-referral-move")),
                Err(e) => return Err(e.into()),
            }
        }
    }
    let c = state.store.consult(&cid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    render_consult(&state, &ctx, &c, f, StatusCode::UNPROCESSABLE_ENTITY).await
}
