//! The household file in the UI: intake, the household page with its forms, search, triage and the
//! team page. Every read and change goes through the access policy and the audit log.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::household_forms as hf;
use crate::i18n::Tr;
use crate::page::{Ctx, Page, UserCtx};
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::Role;
use eenplan_domain::access::{AccessRequest, Action, Purpose, Resource, decide};
use eenplan_domain::alerts::{Alert, AlertSettings, alerts};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{CloseReason, ContactType, Law, LifeDomain, MemberRole, Referrer, Status, Urgency, age_on, format_date};
use eenplan_domain::routing::{Route, TeamCandidate, propose};
use eenplan_domain::team::TeamKind;
use eenplan_store::StoreError;
use eenplan_store::household_file::HouseholdFile;
use eenplan_store::households::{Household, HouseholdSummary, MatchedBy, NewIntake, SearchQuery};
use serde::Deserialize;

/// A coded choice with its label, for selects and checkbox groups.
pub struct Opt {
    pub code: String,
    pub label: String,
}

fn opts<T: Copy>(tr: Tr, prefix: &str, all: &[T], code: impl Fn(T) -> &'static str) -> Vec<Opt> {
    all.iter().map(|v| Opt { code: code(*v).to_string(), label: tr.code(prefix, code(*v)) }).collect()
}

/// Every list a household form chooses from.
pub struct Choices {
    pub referrers: Vec<Opt>,
    pub urgencies: Vec<Opt>,
    pub domains: Vec<Opt>,
    pub roles: Vec<Opt>,
    pub contact_types: Vec<Opt>,
    pub laws: Vec<Opt>,
    pub close_reasons: Vec<Opt>,
    pub team_kinds: Vec<Opt>,
}

impl Choices {
    pub fn new(tr: Tr) -> Choices {
        Choices {
            referrers: opts(tr, "referrer", Referrer::ALL, Referrer::code),
            urgencies: opts(tr, "urgency", Urgency::ALL, Urgency::code),
            domains: opts(tr, "domain", LifeDomain::ALL, LifeDomain::code),
            roles: opts(tr, "member-role", MemberRole::ALL, MemberRole::code),
            contact_types: opts(tr, "contact-type", ContactType::ALL, ContactType::code),
            laws: opts(tr, "law", Law::ALL, Law::code),
            close_reasons: opts(tr, "close-reason", CloseReason::ALL, CloseReason::code),
            team_kinds: opts(tr, "team-kind", &TeamKind::ALL, TeamKind::as_str),
        }
    }
}

pub fn alert_text(tr: Tr, a: &Alert) -> String {
    match a {
        Alert::IntakeOverdue { days } => tr.t1(a.key(), "days", &days.to_string()),
        Alert::Turning18 { name, on, .. } => tr.ta(a.key(), &[("name", name), ("date", &format_date(*on))]),
        Alert::NoRecentContact { weeks } => tr.t1(a.key(), "weeks", &weeks.to_string()),
        Alert::PlanEvaluationDue { on } | Alert::MaatwerkOverdue { on } | Alert::ReferralUnanswered { due: on } => {
            tr.t1(a.key(), "date", &format_date(*on))
        }
        Alert::NoFinancialScreening { last: Some(on) } => tr.t1(a.key(), "date", &format_date(*on)),
        Alert::MaatwerkWaiting { count, by } => {
            tr.ta(a.key(), &[("count", &count.to_string()), ("date", &by.map(format_date).unwrap_or_default())])
        }
        _ => tr.t(a.key()),
    }
}

/// The team's access to the household; `Some(page)` is the refusal to show.
pub(crate) async fn team_refusal(state: &AppState, ctx: &Ctx, id: &str, action: Action) -> WebResult<Option<axum::response::Response>> {
    Ok(match check_household(state, ctx.user(), id, action).await? {
        Access::Allowed { .. } => None,
        Access::Denied { may_break_glass } => Some(denied_page(ctx, id, may_break_glass, None, "")?),
    })
}

/// An audit record for a household action by this user.
pub fn household_audit(u: &UserCtx, household: Option<&str>, resource: &str, action: Action, break_glass: Option<&str>) -> AuditDraft {
    AuditDraft {
        actor: u.user.id.clone(),
        actor_name: u.user.username.clone(),
        role: u.session.role.as_str().into(),
        organisation: u.user.organisation_id.clone(),
        household: household.map(str::to_string),
        member: None,
        resource: resource.into(),
        resource_id: None,
        action: action.as_str().into(),
        purpose: Purpose::Support.as_str().into(),
        outcome: eenplan_domain::audit::Outcome::Allowed,
        break_glass: break_glass.is_some(),
        reason: break_glass.map(str::to_string),
    }
}

/// The result of asking the access policy about one household.
pub enum Access {
    Allowed {
        break_glass: Option<String>,
    },
    /// Denied; a worker of another team may break the glass.
    Denied {
        may_break_glass: bool,
    },
}

/// Asks the policy whether `u` may do `action` on the household, with this session's break-the-glass
/// grant if any. A read is audited here; a change is audited with the change itself.
pub async fn check_household(state: &AppState, u: &UserCtx, id: &str, action: Action) -> WebResult<Access> {
    check_member(state, u, id, None, action).await
}

/// Like `check_household`, for one member's record: the audit record names the member, so the
/// member's "who looked at my file" shows it and the other members' do not.
pub async fn check_member(state: &AppState, u: &UserCtx, id: &str, member: Option<&str>, action: Action) -> WebResult<Access> {
    let (access, audit) = ask_household(state, u, id, action).await?;
    if let Some(mut record) = audit {
        record.member = member.map(str::to_string);
        state.store.audit(&record).await?;
    }
    Ok(access)
}

/// Asks the policy like `check_household`, but hands back the audit record to write (for a read or a
/// refusal) so the caller can write it while it loads the file; nothing may be shown before it is written.
pub async fn ask_household(state: &AppState, u: &UserCtx, id: &str, action: Action) -> WebResult<(Access, Option<AuditDraft>)> {
    let facts = state.store.access_facts(id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let resource = Resource::Household(facts);
    let ask = |bg: Option<&str>| {
        decide(&AccessRequest { actor: &u.actor, action, purpose: Purpose::Support, resource: &resource, break_glass: bg })
    };
    let mut d = ask(None);
    // Only a refused request looks for this session's break-the-glass grant.
    if !d.is_allowed()
        && let Some(reason) = state.store.break_glass_reason(&u.session.id_hash, id).await?
    {
        d = ask(Some(&reason));
    }
    let access = match d.allowed {
        Ok(()) => Access::Allowed { break_glass: d.audit.reason.clone().filter(|_| d.break_glass) },
        Err(_) => Access::Denied { may_break_glass: matches!(u.session.role, Role::Worker | Role::TeamLead) },
    };
    let audit = (action == Action::Read || !d.is_allowed()).then_some(d.audit);
    Ok((access, audit))
}

#[derive(Template)]
#[template(path = "break_glass.html")]
struct BreakGlassPage {
    page: Page,
    id: String,
    may_break_glass: bool,
    error: Option<String>,
    reason: String,
}

pub(crate) fn denied_page(ctx: &Ctx, id: &str, may_break_glass: bool, error: Option<String>, reason: &str) -> WebResult {
    // A reason that is too short is a form error (422); otherwise the refusal itself (403).
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::FORBIDDEN };
    let page = BreakGlassPage { page: ctx.page("bg-title"), id: id.to_string(), may_break_glass, error, reason: reason.to_string() };
    Ok((status, Html(page.render()?)).into_response())
}

// ---------------------------------------------------------------- intake

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    page: Page,
    c: Choices,
    f: FormState,
}

pub async fn intake_page(ctx: Ctx) -> WebResult {
    let f = FormState::new("intake", &[("urgency".into(), "normal".into()), ("role".into(), "parent".into())]);
    Ok(Html(IntakePage { page: ctx.page("intake-title"), c: Choices::new(ctx.tr), f }.render()?).into_response())
}

pub async fn intake_submit(State(state): State<AppState>, ctx: Ctx, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new("intake", &pairs);
    let Some(input) = hf::parse_intake(&mut f, ctx.tr, state.store.today()) else {
        let page = IntakePage { page: ctx.page("intake-title"), c: Choices::new(ctx.tr), f };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    };
    let teams: Vec<TeamCandidate> =
        state.store.teams().await?.into_iter().map(|t| TeamCandidate { id: t.id, kind: t.kind, area: t.area }).collect();
    let route = propose(input.address.postcode.pc4(), &input.domains, input.wish, &teams);
    let (team_id, reason) = match &route {
        Route::Team { id, reason } => (Some(id.clone()), reason.key()),
        Route::Triage => (None, "route-triage"),
    };
    let intake = NewIntake {
        referrer: input.referrer,
        question: input.question,
        domains: input.domains,
        urgency: input.urgency,
        wish: input.wish,
        address: input.address,
        member: input.member,
        team_id: team_id.clone(),
        route_reason: reason.into(),
    };
    let audit = household_audit(u, None, "intake", Action::Create, None);
    let out = state.store.register_intake(&u.user.tenant_id, &intake, &u.user.id, &audit).await?;
    let matched = match out.matched {
        Some(MatchedBy::Bsn) => "bsn",
        Some(MatchedBy::NameAndBirth) => "name",
        Some(MatchedBy::Address) => "address",
        None => "new",
    };
    // The worker follows the intake when they may see where it went; otherwise back to the caseload.
    let target = match check_household(&state, u, &out.household_id, Action::Read).await? {
        Access::Allowed { .. } => format!("/huishoudens/{}?aanmelding={matched}", out.household_id),
        Access::Denied { .. } => {
            let in_triage = state.store.access_facts(&out.household_id).await?.is_some_and(|f| f.lead_team.is_none());
            format!("/?aanmelding={}", if in_triage { "triage" } else { "ander-team" })
        }
    };
    Ok(Redirect::to(&target).into_response())
}

// ---------------------------------------------------------------- household page

pub struct MemberView {
    pub id: String,
    pub name: String,
    pub born: String,
    pub role: String,
    pub languages: String,
    pub interpreter: Option<String>,
    pub contact: String,
    pub has_bsn: bool,
}

pub struct EntryView {
    pub date: String,
    pub kind: String,
    pub author: String,
    pub member: String,
    pub domains: String,
    pub body: String,
}

pub struct IntakeView {
    pub date: String,
    pub referrer: String,
    /// The address given at the intake, when it differs from the household's.
    pub other_address: Option<String>,
    pub question: String,
    pub domains: String,
    pub urgency: String,
}

pub struct HouseholdView {
    pub id: String,
    pub address: String,
    pub status: String,
    pub status_code: &'static str,
    pub close_reason: Option<String>,
    pub lead_team: String,
    pub co_team: Option<String>,
    pub contact_worker: Option<String>,
    pub version: i64,
}

#[derive(Template)]
#[template(path = "household.html")]
struct HouseholdPage {
    page: Page,
    h: HouseholdView,
    break_glass: Option<String>,
    alerts: Vec<String>,
    intakes: Vec<IntakeView>,
    members: Vec<MemberView>,
    timeline: Vec<EntryView>,
    involvements: Vec<(String, String, String, String, String)>,
    network: Vec<(String, String, String, String, String)>,
    referrals: Vec<crate::referrals_page::ReferralRow>,
    workers: Vec<Opt>,
    teams: Vec<Opt>,
    c: Choices,
    f: FormState,
    today: String,
}

fn domain_labels(tr: Tr, d: &[LifeDomain]) -> String {
    d.iter().map(|x| tr.code("domain", x.code())).collect::<Vec<_>>().join(", ")
}

fn render_household(
    state: &AppState,
    ctx: &Ctx,
    file: HouseholdFile,
    break_glass: Option<String>,
    f: FormState,
    status: StatusCode,
) -> WebResult {
    let tr = ctx.tr;
    let today = state.store.today();
    let HouseholdFile { summary, involvements, network, intakes, timeline, team_workers, teams, referrals } = file;
    let h = summary.household.clone();
    let members = &summary.members;
    let team_name = |id: &Option<String>| id.as_ref().and_then(|id| teams.iter().find(|t| &t.id == id)).map(|t| t.name.clone());
    let member_name =
        |id: &Option<String>| id.as_ref().and_then(|id| members.iter().find(|m| &m.id == id)).map(|m| m.full_name()).unwrap_or_default();
    let alert_texts = alerts(&summary.alert_facts(), today, &state.config.alerts).iter().map(|a| alert_text(tr, a)).collect();
    let contact_worker = summary.contact_worker_name.clone();
    let workers = team_workers
        .into_iter()
        .map(|(id, name, available)| Opt { code: id, label: if available { name } else { tr.t1("worker-unavailable", "name", &name) } })
        .collect();
    let view = HouseholdView {
        id: h.id.clone(),
        address: h.address.line(),
        status: tr.code("status", h.status.code()),
        status_code: h.status.code(),
        close_reason: h.close_reason.map(|r| tr.code("close-reason", r.code())),
        lead_team: team_name(&h.lead_team_id).unwrap_or_else(|| tr.t("triage-queue")),
        co_team: team_name(&h.co_team_id),
        contact_worker,
        version: h.version,
    };
    let page = HouseholdPage {
        page: ctx.page("household-title"),
        break_glass,
        alerts: alert_texts,
        intakes: intakes
            .into_iter()
            .map(|i| IntakeView {
                date: crate::pages::format_day(i.created_at),
                referrer: tr.code("referrer", i.referrer.code()),
                other_address: (i.address_line != h.address.line()).then_some(i.address_line),
                question: i.question,
                domains: domain_labels(tr, &i.domains),
                urgency: tr.code("urgency", i.urgency.code()),
            })
            .collect(),
        timeline: timeline
            .into_iter()
            .map(|e| EntryView {
                date: format_date(e.occurred_on),
                kind: tr.code("contact-type", e.contact_type.code()),
                author: e.author_name,
                member: member_name(&e.member_id),
                domains: domain_labels(tr, &e.domains),
                body: e.body,
            })
            .collect(),
        involvements: involvements
            .into_iter()
            .map(|i| {
                let until = i.until.map(format_date).unwrap_or_default();
                (i.organisation, i.professional.unwrap_or_default(), tr.code("law", i.law.code()), format_date(i.since), until)
            })
            .collect(),
        network: network
            .into_iter()
            .map(|n| {
                (
                    n.name,
                    n.relation,
                    n.phone.unwrap_or_default(),
                    n.can_help_with.unwrap_or_default(),
                    member_name(&Some(n.consent_member_id)),
                )
            })
            .collect(),
        members: members
            .iter()
            .map(|m| MemberView {
                id: m.id.clone(),
                name: m.full_name(),
                born: m
                    .date_of_birth
                    .map(|d| tr.ta("born-age", &[("date", &format_date(d)), ("age", &age_on(d, today).to_string())]))
                    .unwrap_or_default(),
                role: tr.code("member-role", m.role.code()),
                languages: m.languages.join(", "),
                interpreter: m.interpreter_needed.then(|| m.interpreter_language.clone().unwrap_or_default()),
                contact: [m.phone.clone(), m.email.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · "),
                has_bsn: m.has_bsn,
            })
            .collect(),
        referrals: crate::referrals_page::referral_rows(tr, today, &referrals),
        workers,
        teams: teams.iter().map(|t| Opt { code: t.id.clone(), label: t.name.clone() }).collect(),
        c: Choices::new(tr),
        f: with_current(f, &h),
        today: format_date(today),
        h: view,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// Fills the selects of the manage forms with the current values, unless the user just typed others.
fn with_current(mut f: FormState, h: &Household) -> FormState {
    let a = &h.address;
    let current = [
        ("worker_id", h.contact_worker_id.clone()),
        ("lead_team_id", h.lead_team_id.clone()),
        ("co_team_id", h.co_team_id.clone()),
        ("street", Some(a.street.clone())),
        ("house_number", Some(a.number.number.to_string())),
        ("house_addition", a.number.addition.clone()),
        ("postcode", Some(a.postcode.as_str().to_string())),
        ("city", Some(a.city.clone())),
    ];
    for (k, v) in current {
        if let Some(v) = v {
            f.defaults.insert(k.into(), v);
        }
    }
    f
}

#[derive(Deserialize, Default)]
pub struct HouseholdQuery {
    aanmelding: Option<String>,
    klaar: Option<String>,
}

pub async fn household_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, Query(q): Query<HouseholdQuery>) -> WebResult {
    let u = ctx.user();
    let (break_glass, file) = match read_file(&state, u, &id).await? {
        Ok(allowed) => allowed,
        Err(may_break_glass) => return denied_page(&ctx, &id, may_break_glass, None, ""),
    };
    let mut ctx = ctx.clone();
    ctx.flash = match (q.aanmelding.as_deref(), q.klaar.as_deref()) {
        (Some(m @ ("bsn" | "name" | "address" | "new")), _) => Some(ctx.tr.t(&format!("intake-saved-{m}"))),
        (
            _,
            Some(
                k @ ("lid" | "lidwijzig" | "adres" | "contact" | "betrokkene" | "netwerk" | "contactpersoon" | "team" | "status"
                | "noodtoegang"),
            ),
        ) => Some(ctx.tr.t(&format!("saved-{k}"))),
        _ => None,
    };
    render_household(&state, &ctx, file, break_glass, FormState::default(), StatusCode::OK)
}

/// Reads the household file for `u` through the policy: the read's audit record is written while the
/// file loads, and the file is handed out only once both are done. `Err(may_break_glass)` if refused.
async fn read_file(state: &AppState, u: &UserCtx, id: &str) -> WebResult<Result<(Option<String>, HouseholdFile), bool>> {
    let (access, audit) = ask_household(state, u, id, Action::Read).await?;
    let audit = audit.expect("a read is always audited");
    let break_glass = match access {
        Access::Allowed { break_glass } => break_glass,
        Access::Denied { may_break_glass } => {
            state.store.audit(&audit).await?;
            return Ok(Err(may_break_glass));
        }
    };
    let (_, file) = tokio::try_join!(state.store.audit(&audit), state.store.household_file(id, TIMELINE_PAGE))?;
    let file = file.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    Ok(Ok((break_glass, file)))
}

/// How many timeline entries the household page shows.
const TIMELINE_PAGE: i64 = 100;

/// The shared flow of every form on the household page: read the form, ask the policy, apply the
/// change (with its audit record), and on a problem show the page again with what was typed and a
/// message per field; a stale edit or a duplicate gets a message for the whole form.
pub(crate) async fn act(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    form: &str,
    body: &[u8],
    action: Action,
    apply: impl AsyncFnOnce(&mut FormState, &Household, AuditDraft) -> Result<bool, StoreError>,
) -> WebResult {
    let u = ctx.user();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new(form, &pairs);
    let break_glass = match check_household(state, u, id, action).await? {
        Access::Allowed { break_glass } => break_glass,
        Access::Denied { may_break_glass } => return denied_page(ctx, id, may_break_glass, None, ""),
    };
    let h = state.store.household(id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let audit = household_audit(u, Some(id), form, action, break_glass.as_deref());
    let outcome = apply(&mut f, &h, audit).await;
    match outcome {
        Ok(true) => {
            // A move to another team can take the household out of the caller's reach.
            let facts = state.store.access_facts(id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
            let bg = state.store.break_glass_reason(&u.session.id_hash, id).await?;
            let still = decide(&AccessRequest {
                actor: &u.actor,
                action: Action::Read,
                purpose: Purpose::Support,
                resource: &Resource::Household(facts),
                break_glass: bg.as_deref(),
            });
            let target = if still.is_allowed() { format!("/huishoudens/{id}?klaar={form}#{form}") } else { "/?overgedragen=1".to_string() };
            return Ok(Redirect::to(&target).into_response());
        }
        Ok(false) => {}
        Err(StoreError::Conflict(_)) => f.summary = Some(ctx.tr.t("err-conflict")),
        Err(StoreError::Duplicate(_)) => f.summary = Some(ctx.tr.t("err-duplicate-member")),
        Err(StoreError::Invalid(_)) => f.summary = Some(ctx.tr.t("err-not-allowed-now")),
        Err(e) => return Err(e.into()),
    }
    // Showing the file again with the form's messages is a read of the file: audited as such.
    let (_, file) = match read_file(state, u, id).await? {
        Ok(allowed) => allowed,
        Err(may_break_glass) => return denied_page(ctx, id, may_break_glass, None, ""),
    };
    render_household(state, ctx, file, break_glass, f, StatusCode::UNPROCESSABLE_ENTITY)
}

fn member_ids(members: &[eenplan_store::households::Member]) -> Vec<String> {
    members.iter().map(|m| m.id.clone()).collect()
}

pub async fn add_member(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (tr, store, today) = (ctx.tr, &state.store, state.store.today());
    act(&state, &ctx, &id, "lid", &body, Action::Create, async |f, h, audit| {
        let Some(m) = hf::parse_member(f, tr, today) else { return Ok(false) };
        store.add_member(&h.id, hf::version(f), &m, &audit).await.map(|_| true)
    })
    .await
}

pub async fn add_contact(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (tr, store, today) = (ctx.tr, &state.store, state.store.today());
    let u = ctx.user().clone();
    act(&state, &ctx, &id, "contact", &body, Action::Create, async |f, h, audit| {
        let members = member_ids(&store.members(&h.id).await?);
        let Some(e) = hf::parse_timeline(f, tr, today, &members) else { return Ok(false) };
        store.add_timeline_entry(&h.id, &e, &u.user.id, &u.user.display_name, &audit).await.map(|_| true)
    })
    .await
}

pub async fn add_involvement(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (tr, store, today) = (ctx.tr, &state.store, state.store.today());
    act(&state, &ctx, &id, "betrokkene", &body, Action::Create, async |f, h, audit| {
        let Some(i) = hf::parse_involvement(f, tr, today) else { return Ok(false) };
        store.add_involvement(&h.id, &i, &audit).await.map(|_| true)
    })
    .await
}

pub async fn add_network(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (tr, store) = (ctx.tr, &state.store);
    act(&state, &ctx, &id, "netwerk", &body, Action::Create, async |f, h, audit| {
        let members = member_ids(&store.members(&h.id).await?);
        let Some(n) = hf::parse_network(f, tr, &members) else { return Ok(false) };
        store.add_network_contact(&h.id, &n, &audit).await.map(|_| true)
    })
    .await
}

pub async fn assign_worker(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (tr, store) = (ctx.tr, &state.store);
    act(&state, &ctx, &id, "contactpersoon", &body, Action::Update, async |f, h, audit| {
        let workers: Vec<String> = match &h.lead_team_id {
            Some(t) => store.team_workers(t).await?.into_iter().map(|w| w.0).collect(),
            None => Vec::new(),
        };
        let chosen = f.raw("worker_id").to_string();
        if !workers.contains(&chosen) {
            f.errors.insert("worker_id".into(), tr.t("err-worker"));
            return Ok(false);
        }
        store.assign_contact_worker(&h.id, hf::version(f), &chosen, &audit).await.map(|_| true)
    })
    .await
}

pub async fn set_teams(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (tr, store) = (ctx.tr, &state.store);
    act(&state, &ctx, &id, "team", &body, Action::Update, async |f, h, audit| {
        let teams: Vec<String> = store.teams().await?.into_iter().map(|t| t.id).collect();
        let (lead, co) = (f.raw("lead_team_id").to_string(), f.raw("co_team_id").to_string());
        if !teams.contains(&lead) {
            f.errors.insert("lead_team_id".into(), tr.t("err-team"));
        }
        if !co.is_empty() && (!teams.contains(&co) || co == lead) {
            f.errors.insert("co_team_id".into(), tr.t("err-co-team"));
        }
        if !f.errors.is_empty() {
            return Ok(false);
        }
        store.set_teams(&h.id, hf::version(f), &lead, (!co.is_empty()).then_some(co.as_str()), &audit).await.map(|_| true)
    })
    .await
}

pub async fn change_status(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (tr, store) = (ctx.tr, &state.store);
    act(&state, &ctx, &id, "status", &body, Action::Update, async |f, h, audit| {
        let to = if h.status == Status::Closed { Status::Active } else { Status::Closed };
        let reason = if to == Status::Closed {
            match hf::parse_close_reason(f, tr) {
                Some(r) => Some(r),
                None => return Ok(false),
            }
        } else {
            None
        };
        store.change_status(&h.id, hf::version(f), to, reason, &audit).await.map(|_| true)
    })
    .await
}

#[derive(Deserialize)]
pub struct BreakGlassForm {
    #[serde(default)]
    reason: String,
}

/// A worker outside the household's teams opens the file with a written reason (flagged).
pub async fn break_glass(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<BreakGlassForm>,
) -> WebResult {
    let u = ctx.user();
    let facts = state.store.access_facts(&id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let d = decide(&AccessRequest {
        actor: &u.actor,
        action: Action::Read,
        purpose: Purpose::Support,
        resource: &Resource::Household(facts),
        break_glass: Some(&form.reason),
    });
    state.store.audit(&d.audit).await?;
    match d.allowed {
        Ok(()) if d.break_glass => {
            state.store.grant_break_glass(&u.session.id_hash, &id, form.reason.trim()).await?;
            Ok(Redirect::to(&format!("/huishoudens/{id}?klaar=noodtoegang")).into_response())
        }
        Ok(()) => Ok(Redirect::to(&format!("/huishoudens/{id}")).into_response()),
        Err(eenplan_domain::access::DenyReason::BreakGlassReasonTooShort) => {
            denied_page(&ctx, &id, true, Some(ctx.tr.t("bg-reason-too-short")), &form.reason)
        }
        Err(_) => denied_page(&ctx, &id, false, None, ""),
    }
}

// ---------------------------------------------------------------- lists: caseload, search, triage

pub struct CaseRow {
    pub id: String,
    pub address: String,
    pub names: String,
    pub status: String,
    pub contact_worker: String,
    pub alerts: Vec<String>,
}

/// Rows for a caseload: the households with the most urgent alerts first.
pub fn caseload_rows(tr: Tr, today: time::Date, settings: &AlertSettings, list: Vec<HouseholdSummary>) -> Vec<CaseRow> {
    rows(tr, today, settings, list, true)
}

/// Rows in the order given (search results: best match first).
pub fn case_rows(tr: Tr, today: time::Date, settings: &AlertSettings, list: Vec<HouseholdSummary>) -> Vec<CaseRow> {
    rows(tr, today, settings, list, false)
}

fn rows(tr: Tr, today: time::Date, settings: &AlertSettings, list: Vec<HouseholdSummary>, by_alert: bool) -> Vec<CaseRow> {
    let mut rows: Vec<(Option<Alert>, CaseRow)> = list
        .into_iter()
        .map(|s| {
            let a = alerts(&s.alert_facts(), today, settings);
            let row = CaseRow {
                id: s.household.id.clone(),
                address: s.household.address.line(),
                names: s.members.iter().map(|m| m.full_name()).collect::<Vec<_>>().join(", "),
                status: tr.code("status", s.household.status.code()),
                contact_worker: s.contact_worker_name.clone().unwrap_or_else(|| tr.t("none")),
                alerts: a.iter().map(|x| alert_text(tr, x)).collect(),
            };
            (a.first().cloned(), row)
        })
        .collect();
    if !by_alert {
        return rows.into_iter().map(|(_, r)| r).collect();
    }
    rows.sort_by(|a, b| match (&a.0, &b.0) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Records that a list of households was shown (one record per list, no names in the log).
pub async fn audit_list(state: &AppState, u: &UserCtx, what: &str) -> WebResult<()> {
    let mut a = household_audit(u, None, what, Action::List, None);
    a.resource_id = None;
    state.store.audit(&a).await?;
    Ok(())
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    page: Page,
    f: FormState,
    searched: bool,
    rows: Vec<CaseRow>,
    /// More households match than one page shows.
    more: bool,
    page_size: String,
}

/// How many households one search shows: the best matches; more asks the worker to add a detail.
pub const SEARCH_PAGE: usize = 20;

pub async fn search(State(state): State<AppState>, ctx: Ctx, RawQuery(q): RawQuery) -> WebResult {
    let u = ctx.user();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(q.as_deref().unwrap_or("")).unwrap_or_default();
    let mut f = FormState::new("zoeken", &pairs);
    let tr = ctx.tr;
    let mut query = SearchQuery::default();
    let name = f.raw("name").trim().to_string();
    if name.chars().count() > 120 {
        f.errors.insert("name".into(), tr.t1("err-too-long", "max", "120"));
    } else if !name.is_empty() {
        query.name = Some(name);
    }
    let dob = f.raw("date_of_birth").to_string();
    if !dob.trim().is_empty() {
        query.date_of_birth = f.check(tr, "date_of_birth", eenplan_domain::household::parse_date(&dob));
    }
    let pc = f.raw("postcode").to_string();
    if !pc.trim().is_empty() {
        query.postcode = f.check(tr, "postcode", eenplan_domain::household::Postcode::parse(&pc));
    }
    let nr = f.raw("house_number").to_string();
    if !nr.trim().is_empty() {
        query.house_number = f.check(tr, "house_number", eenplan_domain::household::HouseNumber::parse(&nr, "")).map(|n| n.number);
    }
    let bsn = f.raw("bsn").to_string();
    if !bsn.trim().is_empty() {
        query.bsn = f.check(tr, "bsn", eenplan_domain::household::Bsn::parse(&bsn));
    }
    let searched = !pairs.is_empty() && f.errors.is_empty();
    let (rows, more) = if searched {
        // One more than a page tells whether there are more.
        let (_, mut found) = tokio::try_join!(audit_list(&state, u, "household_search"), async {
            Ok::<_, WebError>(state.store.search(&query, &u.actor.teams, SEARCH_PAGE + 1).await?)
        })?;
        let more = found.len() > SEARCH_PAGE;
        found.truncate(SEARCH_PAGE);
        (case_rows(tr, state.store.today(), &state.config.alerts, found), more)
    } else {
        (Vec::new(), false)
    };
    let status = if f.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Html(SearchPage { page: ctx.page("search-title"), f, searched, rows, more, page_size: SEARCH_PAGE.to_string() }.render()?))
        .into_response())
}

use axum::extract::RawQuery;

#[derive(Template)]
#[template(path = "triage.html")]
struct TriagePage {
    page: Page,
    rows: Vec<CaseRow>,
}

pub async fn triage(State(state): State<AppState>, ctx: Ctx) -> WebResult {
    let u = ctx.user();
    audit_list(&state, u, "triage_queue").await?;
    let rows = caseload_rows(ctx.tr, state.store.today(), &state.config.alerts, state.store.triage_queue(200).await?);
    Ok(Html(TriagePage { page: ctx.page("triage-title"), rows }.render()?).into_response())
}

// ---------------------------------------------------------------- team page (team lead)

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    page: Page,
    workers: Vec<(String, String, bool)>,
    f: FormState,
}

async fn render_team(state: &AppState, ctx: &Ctx, f: FormState, status: StatusCode) -> WebResult {
    let u = ctx.user();
    let mut workers = Vec::new();
    for team in &u.actor.teams {
        for w in state.store.team_workers(team).await? {
            if !workers.iter().any(|x: &(String, String, bool)| x.0 == w.0) {
                workers.push(w);
            }
        }
    }
    Ok((status, Html(TeamPage { page: ctx.page("team-title"), workers, f }.render()?)).into_response())
}

pub async fn team_page(State(state): State<AppState>, ctx: Ctx) -> WebResult {
    render_team(&state, &ctx, FormState::default(), StatusCode::OK).await
}

/// A worker leaves: the team lead moves all their open households to another worker, with a note.
pub async fn team_reassign(State(state): State<AppState>, ctx: Ctx, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new("overdragen", &pairs);
    let mut team_workers = Vec::new();
    for team in &u.actor.teams {
        team_workers.extend(state.store.team_workers(team).await?);
    }
    let (from, to) = (f.raw("from").to_string(), f.raw("to").to_string());
    if !team_workers.iter().any(|w| w.0 == from) {
        f.errors.insert("from".into(), tr.t("err-worker"));
    }
    match team_workers.iter().find(|w| w.0 == to) {
        Some(_) if to == from => {
            f.errors.insert("to".into(), tr.t("err-same-worker"));
        }
        Some(_) => {}
        None => {
            f.errors.insert("to".into(), tr.t("err-worker"));
        }
    }
    let raw_note = f.raw("note").to_string();
    let note = f.check(tr, "note", eenplan_domain::household::required_text(&raw_note, eenplan_domain::household::MAX_TEXT));
    let (Some(note), true) = (note, f.errors.is_empty()) else {
        return render_team(&state, &ctx, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let to_name = team_workers.iter().find(|w| w.0 == to).map(|w| w.1.clone()).unwrap_or_default();
    let audit = household_audit(u, None, "contact_worker", Action::Update, None);
    let handover = eenplan_store::households::Handover {
        from: &from,
        to: &to,
        to_name: &to_name,
        note: &note,
        teams: &u.actor.teams,
        author: (&u.user.id, &u.user.display_name),
    };
    let moved = state.store.reassign_all(&handover, &audit).await?;
    let mut ctx = ctx.clone();
    ctx.flash = Some(tr.t1("reassigned", "count", &moved.to_string()));
    render_team(&state, &ctx, FormState::default(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct AvailabilityForm {
    worker: String,
    available: String,
}

pub async fn team_availability(State(state): State<AppState>, ctx: Ctx, axum::Form(form): axum::Form<AvailabilityForm>) -> WebResult {
    let u = ctx.user();
    let mut in_team = false;
    for team in &u.actor.teams {
        in_team |= state.store.team_workers(team).await?.iter().any(|w| w.0 == form.worker);
    }
    if !in_team {
        return Err(WebError::new(ErrorKind::NotFound));
    }
    state.store.set_available(&form.worker, form.available == "1").await?;
    Ok(Redirect::to("/team").into_response())
}
