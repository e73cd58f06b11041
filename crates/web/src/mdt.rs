//! The MDT member's side of maatwerk: the requests shared with their organisation, each as its
//! one-page summary (also as PDF), and their organisation's decision. A member sees a request only
//! when this request was shared with their organisation with the household's consent; every read
//! and every refusal is audited (purpose: MDT decision).

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::Opt;
use crate::maatwerk_view::{SummaryView, document, pdf_response, render_pdf, request_facts, summary_of_request};
use crate::page::{Ctx, Page, UserCtx};
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::{AccessRequest, Action, Purpose, Resource, decide};
use eenplan_domain::household::{FieldError, MAX_TEXT, format_date};
use eenplan_domain::maatwerk::{Decision, Verdict};
use eenplan_store::StoreError;
use eenplan_store::exception_requests::ExceptionRequest;
use serde::Deserialize;

/// The caller's organisation; an MDT member always has one.
fn organisation(u: &UserCtx) -> WebResult<&str> {
    u.user.organisation_id.as_deref().ok_or_else(|| WebError::new(ErrorKind::Forbidden))
}

pub struct SharedRow {
    pub id: String,
    pub created: String,
    pub law: String,
    pub proposal: String,
    pub state: String,
    pub decide_by: String,
    pub ours: String,
}

#[derive(Template)]
#[template(path = "mdt_list.html")]
struct ListPage {
    page: Page,
    rows: Vec<SharedRow>,
    /// The link to the next (older) page, if there may be one.
    next: Option<String>,
}

/// How many requests one page of the MDT list shows.
const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct PageQuery {
    /// The keyset of the previous page's last request: `created_at:id`.
    voor: Option<String>,
}

/// The requests shared with the caller's organisation, newest first, a page at a time. The list is
/// audited as one read.
pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PageQuery>) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let org = organisation(u)?;
    crate::households::audit_list(&state, u, "mdt_requests").await?;
    let before = q.voor.as_deref().and_then(|v| v.split_once(':')).and_then(|(at, id)| at.parse::<i64>().ok().map(|at| (at, id)));
    let list = state.store.requests_shared_with(org, before, PAGE).await?;
    let next = (list.len() as i64 == PAGE).then(|| list.last().map(|r| format!("{}:{}", r.created_at, r.id))).flatten();
    let rows = list
        .iter()
        .map(|r| {
            let ours = r.parties.iter().find(|p| p.organisation_id == org).and_then(|p| p.decision.as_ref());
            SharedRow {
                id: r.id.clone(),
                created: crate::pages::format_day(r.created_at),
                law: tr.code("law", r.draft.blocking_law.code()),
                proposal: r.draft.proposal.clone(),
                state: tr.code("mw-state", r.state.code()),
                decide_by: r.draft.decide_by.map(format_date).unwrap_or_else(|| "—".into()),
                ours: ours.map(|d| tr.code("verdict", d.verdict.code())).unwrap_or_else(|| tr.t("mw-no-decision-yet")),
            }
        })
        .collect();
    Ok(Html(ListPage { page: ctx.page("mdt-title"), rows, next }.render()?).into_response())
}

/// Loads the request and asks the policy whether the caller's organisation may see it; the decision
/// (allowed or refused) is written to the audit log before anything is shown.
pub(crate) async fn shared_request(state: &AppState, u: &UserCtx, rid: &str, action: Action, what: &str) -> WebResult<ExceptionRequest> {
    let r = state.store.request(rid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let facts = state.store.access_facts(&r.household_id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let resource = Resource::Household(request_facts(facts, &r));
    let d = decide(&AccessRequest { actor: &u.actor, action, purpose: Purpose::MdtDecision, resource: &resource, break_glass: None });
    let mut audit = d.audit.clone();
    audit.resource = what.into();
    audit.resource_id = Some(rid.to_string());
    state.store.audit(&audit).await?;
    d.allowed.map_err(|_| WebError::new(ErrorKind::Forbidden))?;
    Ok(r)
}

#[derive(Template)]
#[template(path = "mdt_request.html")]
struct RequestPage {
    page: Page,
    s: SummaryView,
    may_decide: bool,
    ours: String,
    verdicts: Vec<Opt>,
    f: FormState,
}

async fn render(state: &AppState, ctx: &Ctx, r: &ExceptionRequest, f: FormState, status: StatusCode) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let org = organisation(u)?;
    let ours = r.parties.iter().find(|p| p.organisation_id == org);
    let page = RequestPage {
        page: ctx.page("mdt-request-title"),
        s: summary_of_request(state, ctx.tr, r).await?,
        may_decide: r.state == eenplan_domain::maatwerk::RequestState::Shared && ours.is_some_and(|p| p.decision.is_none()),
        ours: ours
            .and_then(|p| p.decision.as_ref())
            .map(|d| {
                if d.text.is_empty() {
                    tr.code("verdict", d.verdict.code())
                } else {
                    format!("{}: {}", tr.code("verdict", d.verdict.code()), d.text)
                }
            })
            .unwrap_or_default(),
        verdicts: Verdict::ALL.iter().map(|v| Opt { code: v.code().into(), label: tr.code("verdict", v.code()) }).collect(),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    klaar: Option<String>,
}

pub async fn request_page(State(state): State<AppState>, ctx: Ctx, Path(rid): Path<String>, Query(q): Query<DoneQuery>) -> WebResult {
    let r = shared_request(&state, ctx.user(), &rid, Action::Read, "exception_request").await?;
    let mut ctx = ctx.clone();
    if q.klaar.as_deref() == Some("besluit") {
        ctx.flash = Some(ctx.tr.t("mdt-decided"));
    }
    render(&state, &ctx, &r, FormState::default(), StatusCode::OK).await
}

pub async fn request_pdf(State(state): State<AppState>, ctx: Ctx, Path(rid): Path<String>) -> WebResult {
    let r = shared_request(&state, ctx.user(), &rid, Action::Read, "exception_request_pdf").await?;
    let s = summary_of_request(&state, ctx.tr, &r).await?;
    let bytes = render_pdf(document(ctx.tr, &s)).await?;
    Ok(pdf_response(bytes, "maatwerkverzoek.pdf"))
}

/// Reads the decision: a verdict, and the reason (reject) or the conditions (approve with conditions).
pub fn parse_decision(f: &mut FormState, tr: crate::i18n::Tr) -> Option<Decision> {
    let raw = f.raw("verdict").to_string();
    let verdict = f.check(tr, "verdict", if raw.is_empty() { Err(FieldError::Required) } else { Verdict::parse(&raw) });
    let text = f.raw("text").trim().to_string();
    if text.chars().count() > MAX_TEXT {
        f.check::<()>(tr, "text", Err(FieldError::TooLong(MAX_TEXT)));
    }
    let verdict = verdict?;
    if verdict != Verdict::Approve && text.is_empty() {
        f.errors.insert("text".into(), tr.t(if verdict == Verdict::Reject { "err-mdt-reason" } else { "err-mdt-conditions" }));
    }
    f.errors.is_empty().then_some(Decision { verdict, text })
}

pub async fn decide_submit(State(state): State<AppState>, ctx: Ctx, Path(rid): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new("besluit", &pairs);
    // A decision on a request not shared with the caller's organisation is refused and audited here.
    let r = shared_request(&state, u, &rid, Action::Update, "exception_request_decision").await?;
    let org = organisation(u)?;
    if let Some(d) = parse_decision(&mut f, tr) {
        let mut audit = crate::households::household_audit(u, Some(&r.household_id), "exception_request_decision", Action::Update, None);
        audit.purpose = Purpose::MdtDecision.as_str().into();
        match state.store.decide_request(&rid, org, &d, &u.user.id, &audit).await {
            Ok(_) => return Ok(Redirect::to(&format!("/mdt/verzoeken/{rid}?klaar=besluit")).into_response()),
            Err(StoreError::Invalid(_)) => f.summary = Some(tr.t("err-mdt-not-now")),
            Err(e) => return Err(e.into()),
        }
    }
    let r = state.store.request(&rid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    render(&state, &ctx, &r, f, StatusCode::UNPROCESSABLE_ENTITY).await
}
