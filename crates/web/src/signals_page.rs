//! Early signals for the team: the queue of meldingen for the team's postcodes (most urgent first),
//! one melding with its signals and the household it was matched to (with the reason), and the
//! outreach — pick it up, record contact attempts, close it with the outcome. When the resident
//! accepts help, the melding becomes (or joins) a household file with the signal on its timeline.
//! Every read and change goes through the access policy (the melding's team) and the audit log.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::{FormState, form_pairs};
use crate::households::{Opt, household_audit};
use crate::i18n::Tr;
use crate::page::{Ctx, Page, UserCtx};
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::{AccessRequest, Action, HouseholdFacts, Purpose, Resource, decide};
use eenplan_domain::household::{ContactType, LifeDomain, Referrer, Urgency, format_date, parse_date};
use eenplan_domain::signals::outreach::{AttemptKind, AttemptResult, Outcome, OutreachError, OutreachState, close};
use eenplan_store::StoreError;
use eenplan_store::households::{NewIntake, NewTimelineEntry};
use eenplan_store::signals::Melding;
use serde::Deserialize;

/// Asks the policy whether the caller may do `action` on the melding: a worker or team lead of the
/// melding's team (as for a household of that team). The decision is audited before anything is
/// shown; a refusal is a 403.
async fn melding_for(state: &AppState, u: &UserCtx, id: &str, action: Action) -> WebResult<Melding> {
    let m = state.store.melding(id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let facts = HouseholdFacts { id: m.household_id.clone().unwrap_or_default(), lead_team: m.team_id.clone(), ..Default::default() };
    let resource = Resource::Household(facts);
    let d = decide(&AccessRequest { actor: &u.actor, action, purpose: Purpose::Support, resource: &resource, break_glass: None });
    let mut audit = d.audit.clone();
    audit.resource = "melding".into();
    audit.resource_id = Some(id.to_string());
    audit.purpose = Purpose::EarlySignal.as_str().into();
    if m.household_id.is_none() {
        audit.household = None;
    }
    if action == Action::Read || !d.is_allowed() {
        state.store.audit(&audit).await?;
    }
    d.allowed.map_err(|_| WebError::new(ErrorKind::Forbidden))?;
    Ok(m)
}

fn euros(cents: i64) -> String {
    crate::cba_page::euros(cents as f64 / 100.0)
}

fn types_text(tr: Tr, m: &Melding) -> String {
    m.types.iter().map(|t| tr.code("signal-type", t.code())).collect::<Vec<_>>().join(", ")
}

pub struct QueueRow {
    pub id: String,
    pub received: String,
    pub priority: String,
    pub urgent: bool,
    pub types: String,
    pub signals: i64,
    pub repeat: bool,
    pub matched: bool,
    pub state: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "signals_queue.html")]
struct QueuePage {
    page: Page,
    rows: Vec<QueueRow>,
}

/// How many meldingen the queue shows.
const QUEUE: i64 = 200;

pub async fn queue(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DoneQuery>) -> WebResult {
    let mut ctx = ctx.clone();
    if q.klaar.as_deref() == Some("doorgezet") {
        ctx.flash = Some(ctx.tr.t("signal-done-doorgezet"));
    }
    let u = ctx.user();
    let tr = ctx.tr;
    crate::households::audit_list(&state, u, "signal_queue").await?;
    // Team leads also see the meldingen outside every team's area (as with intakes: triage).
    let unrouted = u.session.role == eenplan_domain::Role::TeamLead;
    let list = state.store.signal_queue(&u.actor.teams, unrouted, QUEUE).await?;
    let today = state.store.today();
    let rows = list
        .iter()
        .map(|m| QueueRow {
            id: m.id.clone(),
            received: crate::pages::format_day(m.created_at),
            priority: tr.code("signal-priority", m.priority.code()),
            urgent: m.priority != eenplan_domain::signals::matching::Priority::Normal,
            types: types_text(tr, m),
            signals: m.signal_count,
            repeat: m.repeat,
            matched: m.household_id.is_some(),
            state: tr.code("outreach-state", m.state.code()),
            due: format_date(m.first_attempt_due),
            overdue: m.first_attempt_on.is_none() && m.first_attempt_due < today,
        })
        .collect();
    Ok(Html(QueuePage { page: ctx.page("signals-title"), rows }.render()?).into_response())
}

pub struct SignalView {
    pub sender: String,
    pub reference: String,
    pub kind: String,
    pub amount: String,
    pub arrears: String,
    pub date: String,
    pub name: String,
    pub born: String,
    pub address: String,
    pub contact: String,
    pub changed: bool,
}

pub struct AttemptView {
    pub on: String,
    pub kind: String,
    pub result: String,
    pub note: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "signal_melding.html")]
struct MeldingPage {
    page: Page,
    id: String,
    version: i64,
    priority: String,
    types: String,
    repeat: bool,
    state: String,
    open: bool,
    mine: bool,
    assigned: bool,
    household: Option<String>,
    match_reason: String,
    due: String,
    outcome: String,
    signals: Vec<SignalView>,
    attempts: Vec<AttemptView>,
    kinds: Vec<Opt>,
    results: Vec<Opt>,
    outcomes: Vec<Opt>,
    can_route: bool,
    teams: Vec<Opt>,
    f: FormState,
}

async fn render(state: &AppState, ctx: &Ctx, m: &Melding, mut f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let u = ctx.user();
    f.defaults.entry("on".into()).or_insert_with(|| format_date(state.store.today()));
    let page = MeldingPage {
        page: ctx.page("signal-title"),
        id: m.id.clone(),
        version: m.version,
        priority: tr.code("signal-priority", m.priority.code()),
        types: types_text(tr, m),
        repeat: m.repeat,
        state: tr.code("outreach-state", m.state.code()),
        open: m.state != OutreachState::Closed,
        mine: m.assigned_to.as_deref() == Some(u.user.id.as_str()),
        assigned: m.assigned_to.is_some(),
        household: m.household_id.clone(),
        match_reason: m.match_by.map(|b| tr.code("signal-match", b.code())).unwrap_or_else(|| tr.t("signal-match-none")),
        due: format_date(m.first_attempt_due),
        outcome: m.outcome.map(|o| tr.code("outreach-outcome", o.code())).unwrap_or_default(),
        signals: m
            .signals
            .iter()
            .map(|s| SignalView {
                sender: s.sender_name.clone(),
                reference: s.sender_reference.clone(),
                kind: tr.code("signal-type", s.signal_type.code()),
                amount: euros(s.amount_cents),
                arrears: match (s.months_in_arrears, s.days_in_arrears) {
                    (Some(mo), _) => tr.t1("signal-months", "n", &mo.to_string()),
                    (None, Some(d)) => tr.t1("signal-days", "n", &d.to_string()),
                    _ => String::new(),
                },
                date: format_date(s.signal_date),
                name: s.name.clone(),
                born: s.date_of_birth.map(format_date).unwrap_or_default(),
                address: s.address.clone(),
                contact: [s.phone.clone(), s.email.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · "),
                changed: s.changes > 0,
            })
            .collect(),
        attempts: m
            .attempts
            .iter()
            .map(|a| AttemptView {
                on: format_date(a.on),
                kind: tr.code("attempt-kind", a.kind.code()),
                result: tr.code("attempt-result", a.result.code()),
                note: a.note.clone().unwrap_or_default(),
                by: a.by_name.clone(),
            })
            .collect(),
        kinds: AttemptKind::ALL.iter().map(|k| Opt { code: k.code().into(), label: tr.code("attempt-kind", k.code()) }).collect(),
        results: AttemptResult::ALL.iter().map(|k| Opt { code: k.code().into(), label: tr.code("attempt-result", k.code()) }).collect(),
        outcomes: Outcome::ALL.iter().map(|k| Opt { code: k.code().into(), label: tr.code("outreach-outcome", k.code()) }).collect(),
        // A team lead may send a melding nobody has contacted yet to another team.
        can_route: u.session.role == eenplan_domain::Role::TeamLead && matches!(m.state, OutreachState::Queued | OutreachState::Assigned),
        teams: state.store.teams().await?.into_iter().map(|t| Opt { code: t.id, label: t.name }).collect(),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    klaar: Option<String>,
}

pub async fn melding_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, Query(q): Query<DoneQuery>) -> WebResult {
    let m = melding_for(&state, ctx.user(), &id, Action::Read).await?;
    let mut ctx = ctx.clone();
    if let Some(k @ ("opgepakt" | "terug" | "poging" | "afgesloten")) = q.klaar.as_deref() {
        ctx.flash = Some(ctx.tr.t(&format!("signal-done-{k}")));
    }
    render(&state, &ctx, &m, FormState::default(), StatusCode::OK).await
}

async fn again(state: &AppState, ctx: &Ctx, id: &str, f: FormState) -> WebResult {
    let m = melding_for(state, ctx.user(), id, Action::Read).await?;
    render(state, ctx, &m, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

fn store_message(tr: Tr, e: StoreError) -> WebResult<String> {
    Ok(match e {
        StoreError::Conflict(_) => tr.t("err-signal-conflict"),
        StoreError::Invalid(_) => tr.t("err-signal-not-now"),
        other => return Err(other.into()),
    })
}

fn melding_audit(u: &UserCtx, m: &Melding, what: &str) -> eenplan_domain::audit::AuditDraft {
    let mut a = household_audit(u, m.household_id.as_deref(), what, Action::Update, None);
    a.purpose = Purpose::EarlySignal.as_str().into();
    a
}

/// Picks the melding up (assigned to the caller) or puts it back in the queue.
pub async fn assign(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let mut f = FormState::new("toewijzen", &form_pairs(&body)?);
    let m = melding_for(&state, u, &id, Action::Update).await?;
    let (to, done) = if f.raw("back") == "1" { (None, "terug") } else { (Some(u.user.id.as_str()), "opgepakt") };
    match state.store.assign_melding(&id, f.version(), to, &melding_audit(u, &m, "melding_assign")).await {
        Ok(()) => Ok(Redirect::to(&format!("/vroegsignalering/{id}?klaar={done}")).into_response()),
        Err(e) => {
            f.summary = Some(store_message(ctx.tr, e)?);
            again(&state, &ctx, &id, f).await
        }
    }
}

/// A team lead routes a melding to a team: one outside every team's area (triage) or sent to the
/// wrong team. It lands unassigned in that team's queue.
pub async fn route(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let mut f = FormState::new("team", &form_pairs(&body)?);
    let m = melding_for(&state, u, &id, Action::Update).await?;
    let team = f.raw("team_id").to_string();
    if !state.store.teams().await?.iter().any(|t| t.id == team) {
        f.errors.insert("team_id".into(), ctx.tr.t("err-team"));
        return again(&state, &ctx, &id, f).await;
    }
    match state.store.route_melding(&id, f.version(), &team, &melding_audit(u, &m, "melding_route")).await {
        Ok(()) => Ok(Redirect::to("/vroegsignalering?klaar=doorgezet").into_response()),
        Err(e) => {
            f.summary = Some(store_message(ctx.tr, e)?);
            again(&state, &ctx, &id, f).await
        }
    }
}

/// Records a contact attempt: its kind, result and date (not in the future), with a note.
pub async fn attempt(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("poging", &form_pairs(&body)?);
    let m = melding_for(&state, u, &id, Action::Update).await?;
    let kind = f.check(tr, "kind", AttemptKind::parse(f.raw("kind").trim()));
    let result = f.check(tr, "result", AttemptResult::parse(f.raw("result").trim()));
    let today = state.store.today();
    let on_raw = f.raw("on").trim().to_string();
    let on = f.check(
        tr,
        "on",
        parse_date(&on_raw).and_then(|d| if d > today { Err(eenplan_domain::household::FieldError::Date) } else { Ok(d) }),
    );
    let note_raw = f.raw("note").to_string();
    let note = f.check(tr, "note", eenplan_domain::household::optional_text(&note_raw, eenplan_domain::household::MAX_TEXT));
    if let (Some(kind), Some(result), Some(on), Some(note), true) = (kind, result, on, note, f.errors.is_empty()) {
        let audit = melding_audit(u, &m, "melding_attempt");
        match state
            .store
            .record_attempt(&id, f.version(), (kind, result), on, note.as_deref(), (&u.user.id, &u.user.display_name), &audit)
            .await
        {
            Ok(()) => return Ok(Redirect::to(&format!("/vroegsignalering/{id}?klaar=poging")).into_response()),
            Err(e) => f.summary = Some(store_message(tr, e)?),
        }
    }
    again(&state, &ctx, &id, f).await
}

/// Closes the melding with its outcome. Help accepted: the household it was matched to, or a new
/// intake made from the signal (the resident's own details as the sender gave them), gets the
/// signal on its timeline.
pub async fn finish(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("afsluiten", &form_pairs(&body)?);
    let m = melding_for(&state, u, &id, Action::Update).await?;
    let Some(outcome) = f.check(tr, "outcome", Outcome::parse(f.raw("outcome").trim())) else {
        return again(&state, &ctx, &id, f).await;
    };
    let objection = matches!(f.raw("objection"), "1" | "on");
    let attempts: Vec<_> = m.attempts.iter().map(|a| (a.kind, a.result)).collect();
    if let Err(e) = close(m.state, outcome, &attempts) {
        f.errors.insert("outcome".into(), tr.t(outreach_error_key(&e)));
        return again(&state, &ctx, &id, f).await;
    }
    let household = if outcome == Outcome::HelpAccepted { Some(household_for_help(&state, u, &m).await?) } else { None };
    let audit = melding_audit(u, &m, "melding_close");
    match state.store.close_melding(&id, f.version(), outcome, (objection, household.as_deref()), &audit).await {
        Ok(()) => match household {
            Some(h) => Ok(Redirect::to(&format!("/huishoudens/{h}?klaar=contact")).into_response()),
            None => Ok(Redirect::to(&format!("/vroegsignalering/{id}?klaar=afgesloten")).into_response()),
        },
        Err(e) => {
            f.summary = Some(store_message(tr, e)?);
            again(&state, &ctx, &id, f).await
        }
    }
}

/// The message key for an outcome the domain refuses with these attempts.
fn outreach_error_key(e: &OutreachError) -> &'static str {
    match e {
        OutreachError::TooFewAttempts { .. } | OutreachError::NoLetterOrVisit => "err-signal-too-few-attempts",
        OutreachError::NotReached => "err-signal-not-reached",
        OutreachError::WasReached => "err-signal-was-reached",
        OutreachError::Transition { .. } | OutreachError::OutcomeRequired => "err-signal-not-now",
    }
}

/// The household for accepted help: the matched one, or an intake from the first signal (matched
/// again by the intake's own rules, so a household that appeared meanwhile is found). The signal goes
/// on its timeline as a note.
async fn household_for_help(state: &AppState, u: &UserCtx, m: &Melding) -> WebResult<String> {
    let first = m.signals.first().ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let id = match &m.household_id {
        Some(h) => h.clone(),
        None => {
            let (address, member) = state.store.signal_as_member(&first.id).await?;
            let nl = Tr::new(crate::i18n::Lang::Nl);
            let intake = NewIntake {
                referrer: Referrer::EarlySignal,
                question: nl.t1("signal-intake-question", "types", &types_text(nl, m)),
                domains: vec![LifeDomain::Finances],
                urgency: if m.priority == eenplan_domain::signals::matching::Priority::Normal { Urgency::Normal } else { Urgency::High },
                wish: None,
                address,
                member,
                team_id: m.team_id.clone(),
                route_reason: "route-social-question".into(),
            };
            let audit = household_audit(u, None, "intake", Action::Create, None);
            state.store.register_intake(&u.user.tenant_id, &intake, &u.user.id, &audit).await?.household_id
        }
    };
    let nl = Tr::new(crate::i18n::Lang::Nl);
    let lines: Vec<String> = m
        .signals
        .iter()
        .map(|s| {
            nl.ta(
                "signal-timeline-line",
                &[("type", &nl.code("signal-type", s.signal_type.code())), ("amount", &euros(s.amount_cents)), ("sender", &s.sender_name)],
            )
        })
        .collect();
    let entry = NewTimelineEntry {
        contact_type: ContactType::Note,
        body: format!("{}\n{}", nl.t("signal-timeline-head"), lines.join("\n")),
        domains: vec![LifeDomain::Finances],
        member_id: None,
        occurred_on: state.store.today(),
    };
    let audit = household_audit(u, Some(&id), "timeline", Action::Create, None);
    state.store.add_timeline_entry(&id, &entry, &u.user.id, &u.user.display_name, &audit).await?;
    Ok(id)
}
