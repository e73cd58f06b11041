//! The route registry: every route of the app, with the permission it needs. The router is built
//! from this list only, and the same list drives the role × route matrix test, so a route cannot
//! exist without a declared permission.

use crate::error::{ErrorKind, WebError};
use crate::page::{CSRF_COOKIE, Caller, SESSION_COOKIE, UserCtx, cookie};
use crate::{
    AppState, api, api_cba, api_households, api_maatwerk, api_plans, api_services, api_signals, assessments, auth, cba_page,
    household_edits, households, maatwerk, maatwerk_totals, mdt, pages, partner, plan_pdf, plans, referrals_page, screening_page, security,
    signals_page, social_map_page,
};
use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post, put};
use eenplan_domain::Role;
use eenplan_domain::access::{AccessRequest, Action, Purpose, Resource, decide};
use eenplan_store::credentials::constant_time_eq;
use std::sync::Arc;
use std::time::Instant;

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Anyone, logged in or not.
    Public,
    /// A session, even with the second factor still pending (login code, enrolment).
    Session,
    /// A session with the second factor done, any role that logs in.
    LoggedIn,
    /// A complete session with one of these roles.
    Roles(&'static [Role]),
    /// The JSON API: a bearer API key, or a complete session, with one of these roles.
    Api(&'static [Role]),
}

#[derive(Debug, Clone, Copy)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub permission: Permission,
}

const ALL_ROLES: &[Role] = &Role::ALL;
/// The roles that work with households: neighbourhood team workers and their team leads.
const TEAM: &[Role] = &[Role::Worker, Role::TeamLead];
/// Members of the multidisciplinary team (for their organisation).
const MDT: &[Role] = &[Role::MdtMember];
/// Signal senders (landlords, energy and water companies, health insurers): API keys only.
const SENDERS: &[Role] = &[Role::SignalSender];
/// Users of partner organisations (referrals and consultations addressed to them).
const PARTNER: &[Role] = &[Role::Partner];
/// Who sees maatwerk in numbers (no personal data): policy makers and team leads.
const TOTALS: &[Role] = &[Role::Policy, Role::TeamLead];
const TEAM_AND_MDT: &[Role] = &[Role::Worker, Role::TeamLead, Role::MdtMember];
/// Who works with costs and benefits (no personal data in the catalogue or the stateless engine).
const COSTS: &[Role] = &[Role::Worker, Role::TeamLead, Role::MdtMember, Role::Policy];

/// The registry. Add routes here and nowhere else.
fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    use Permission::*;
    let r = |method, path, permission, handler| (RouteSpec { method, path, permission }, handler);
    vec![
        r("GET", "/healthz", Public, get(api::healthz)),
        r("GET", "/metrics", Public, get(api::metrics)),
        r("GET", "/static/eenplan.css", Public, get(pages::stylesheet)),
        r("GET", "/taal/{lang}", Public, get(pages::switch_language)),
        r("GET", "/login", Public, get(auth::login_page)),
        r("POST", "/login", Public, post(auth::login)),
        r("GET", "/uitnodiging/{token}", Public, get(crate::portal_invite::account_page)),
        r("POST", "/uitnodiging/{token}", Public, post(crate::portal_invite::make_account)),
        r("POST", "/logout", Session, post(auth::logout)),
        r("GET", "/login/code", Session, get(auth::code_page)),
        r("POST", "/login/code", Session, post(auth::code)),
        r("GET", "/account/tweestaps", Session, get(auth::enrol_page)),
        r("POST", "/account/tweestaps", Session, post(auth::enrol)),
        r("GET", "/account", LoggedIn, get(auth::account_page)),
        r("POST", "/account/wachtwoord", LoggedIn, post(auth::change_password)),
        r("GET", "/", LoggedIn, get(pages::home)),
        r("GET", "/aanmelding", Roles(TEAM), get(households::intake_page)),
        r("POST", "/aanmelding", Roles(TEAM), post(households::intake_submit)),
        r("GET", "/huishoudens/{id}", Roles(TEAM), get(households::household_page)),
        r("POST", "/huishoudens/{id}/leden", Roles(TEAM), post(households::add_member)),
        r("GET", "/huishoudens/{id}/leden/{member}", Roles(TEAM), get(household_edits::edit_member_page)),
        r("POST", "/huishoudens/{id}/leden/{member}", Roles(TEAM), post(household_edits::update_member)),
        r("POST", "/huishoudens/{id}/leden/{member}/uitnodigen", Roles(TEAM), post(crate::portal_invite::invite)),
        r("POST", "/huishoudens/{id}/adres", Roles(TEAM), post(household_edits::change_address)),
        r("GET", "/huishoudens/{id}/leefgebieden", Roles(TEAM), get(assessments::overview)),
        r("GET", "/huishoudens/{id}/leefgebieden/nieuw", Roles(TEAM), get(assessments::new_form)),
        r("POST", "/huishoudens/{id}/leefgebieden", Roles(TEAM), post(assessments::create)),
        r("GET", "/huishoudens/{id}/plan", Roles(TEAM), get(plans::plan_page)),
        r("GET", "/huishoudens/{id}/plan.pdf", Roles(TEAM), get(plan_pdf::download)),
        r("GET", "/huishoudens/{id}/plan/versies/{no}", Roles(TEAM), get(plans::version_page)),
        r("POST", "/huishoudens/{id}/plan/doelen", Roles(TEAM), post(plans::add_goal)),
        r("POST", "/huishoudens/{id}/plan/acties", Roles(TEAM), post(plans::add_action)),
        r("POST", "/huishoudens/{id}/plan/status", Roles(TEAM), post(plans::set_status)),
        r("POST", "/huishoudens/{id}/plan/afspraken", Roles(TEAM), post(plans::set_agreements)),
        r("POST", "/huishoudens/{id}/plan/wetten", Roles(TEAM), post(plans::add_law)),
        r("POST", "/huishoudens/{id}/plan/akkoord", Roles(TEAM), post(plans::agree)),
        r("GET", "/huishoudens/{id}/maatwerk", Roles(TEAM), get(maatwerk::list_page)),
        r("POST", "/huishoudens/{id}/maatwerk", Roles(TEAM), post(maatwerk::create)),
        r("GET", "/huishoudens/{id}/maatwerk/{rid}", Roles(TEAM), get(maatwerk::request_page)),
        r("POST", "/huishoudens/{id}/maatwerk/{rid}", Roles(TEAM), post(maatwerk::update)),
        r("GET", "/huishoudens/{id}/maatwerk/{rid}/analyse", Roles(TEAM), get(maatwerk::analysis_page)),
        r("POST", "/huishoudens/{id}/maatwerk/{rid}/analyse", Roles(TEAM), post(maatwerk::analysis_submit)),
        r("POST", "/huishoudens/{id}/maatwerk/{rid}/delen", Roles(TEAM), post(maatwerk::share)),
        r("POST", "/huishoudens/{id}/maatwerk/{rid}/status", Roles(TEAM), post(maatwerk::move_state)),
        r("POST", "/huishoudens/{id}/maatwerk/{rid}/plan", Roles(TEAM), post(maatwerk::to_plan)),
        r("GET", "/huishoudens/{id}/maatwerk/{rid}/samenvatting", Roles(TEAM), get(maatwerk::summary_page)),
        r("GET", "/huishoudens/{id}/maatwerk/{rid}/pdf", Roles(TEAM), get(maatwerk::summary_pdf)),
        r("GET", "/huishoudens/{id}/knelpunten", Roles(TEAM), get(crate::bottleneck_tags::page)),
        r("POST", "/huishoudens/{id}/knelpunten", Roles(TEAM), post(crate::bottleneck_tags::add)),
        r("GET", "/huishoudens/{id}/knelpunten/{tid}", Roles(TEAM), get(crate::bottleneck_tags::tag_page)),
        r("POST", "/huishoudens/{id}/knelpunten/{tid}/delen", Roles(TEAM), post(crate::bottleneck_tags::share)),
        r("POST", "/huishoudens/{id}/knelpunten/{tid}/verwijderen", Roles(TEAM), post(crate::bottleneck_tags::remove)),
        r("GET", "/patronen", Roles(TOTALS), get(crate::patterns_dashboard::page)),
        r("GET", "/patronen/verslag", Roles(TOTALS), get(crate::patterns_dashboard::report)),
        r("GET", "/patronen/export.csv", Roles(TOTALS), get(crate::patterns_dashboard::export)),
        r("POST", "/patronen/verbeteringen", Roles(&[Role::Policy]), post(crate::patterns_dashboard::add_improvement)),
        r("POST", "/patronen/verbeteringen/{iid}", Roles(&[Role::Policy]), post(crate::patterns_dashboard::move_improvement)),
        r("GET", "/api/v1/patterns", Api(TOTALS), get(crate::patterns_dashboard::api)),
        r("GET", "/huishoudens/{id}/financien", Roles(TEAM), get(screening_page::page)),
        r("POST", "/huishoudens/{id}/financien", Roles(TEAM), post(screening_page::save)),
        r("GET", "/huishoudens/{id}/financien/{fid}", Roles(TEAM), get(screening_page::result_page)),
        r("POST", "/huishoudens/{id}/financien/{fid}/suggesties", Roles(TEAM), post(screening_page::respond)),
        r("GET", "/huishoudens/{id}/verwijzingen", Roles(TEAM), get(referrals_page::list_page)),
        r("POST", "/huishoudens/{id}/verwijzingen", Roles(TEAM), post(referrals_page::create)),
        r("GET", "/huishoudens/{id}/verwijzingen/{vid}", Roles(TEAM), get(referrals_page::referral_page)),
        r("POST", "/huishoudens/{id}/verwijzingen/{vid}", Roles(TEAM), post(referrals_page::update)),
        r("POST", "/huishoudens/{id}/verwijzingen/{vid}/status", Roles(TEAM), post(referrals_page::move_state)),
        r("POST", "/huishoudens/{id}/consulten", Roles(TEAM), post(referrals_page::consult_create)),
        r("GET", "/huishoudens/{id}/consulten/{cid}", Roles(TEAM), get(referrals_page::consult_page)),
        r("POST", "/huishoudens/{id}/consulten/{cid}", Roles(TEAM), post(referrals_page::consult_move)),
        r("GET", "/partner", Roles(PARTNER), get(partner::inbox)),
        r("GET", "/partner/verwijzingen/{vid}", Roles(PARTNER), get(partner::referral_page)),
        r("POST", "/partner/verwijzingen/{vid}/status", Roles(PARTNER), post(partner::move_state)),
        r("GET", "/partner/consulten/{cid}", Roles(PARTNER), get(partner::consult_page)),
        r("POST", "/partner/consulten/{cid}", Roles(PARTNER), post(partner::consult_answer)),
        r("GET", "/vroegsignalering", Roles(TEAM), get(signals_page::queue)),
        r("GET", "/vroegsignalering/overzicht", Roles(TOTALS), get(crate::signals_dashboard::page)),
        r("GET", "/api/v1/signals/statistics", Api(TOTALS), get(crate::signals_dashboard::api)),
        r("GET", "/vroegsignalering/{mid}", Roles(TEAM), get(signals_page::melding_page)),
        r("POST", "/vroegsignalering/{mid}/toewijzen", Roles(TEAM), post(signals_page::assign)),
        r("POST", "/vroegsignalering/{mid}/contactpoging", Roles(TEAM), post(signals_page::attempt)),
        r("POST", "/vroegsignalering/{mid}/afsluiten", Roles(TEAM), post(signals_page::finish)),
        r("POST", "/vroegsignalering/{mid}/team", Roles(&[Role::TeamLead]), post(signals_page::route)),
        r("GET", "/maatwerk/overzicht", Roles(TOTALS), get(maatwerk_totals::page)),
        r("GET", "/api/v1/exception-requests/totals", Api(TOTALS), get(maatwerk_totals::api)),
        r("GET", "/mdt", Roles(MDT), get(mdt::list)),
        r("GET", "/mdt/verzoeken/{rid}", Roles(MDT), get(mdt::request_page)),
        r("GET", "/mdt/verzoeken/{rid}/pdf", Roles(MDT), get(mdt::request_pdf)),
        r("POST", "/mdt/verzoeken/{rid}/besluit", Roles(MDT), post(mdt::decide_submit)),
        r("POST", "/huishoudens/{id}/tijdlijn", Roles(TEAM), post(households::add_contact)),
        r("POST", "/huishoudens/{id}/betrokkenen", Roles(TEAM), post(households::add_involvement)),
        r("POST", "/huishoudens/{id}/netwerk", Roles(TEAM), post(households::add_network)),
        r("POST", "/huishoudens/{id}/contactpersoon", Roles(TEAM), post(households::assign_worker)),
        r("POST", "/huishoudens/{id}/team", Roles(TEAM), post(households::set_teams)),
        r("POST", "/huishoudens/{id}/status", Roles(TEAM), post(households::change_status)),
        r("POST", "/huishoudens/{id}/noodtoegang", Roles(TEAM), post(households::break_glass)),
        r("GET", "/zoeken", Roles(TEAM), get(households::search)),
        r("GET", "/sociale-kaart", Roles(TEAM), get(social_map_page::search_page)),
        r("GET", "/sociale-kaart/{sid}", Roles(TEAM), get(social_map_page::service_page)),
        r("GET", "/partner/aanbod", Roles(&[Role::Partner]), get(crate::partner_listing::overview)),
        r("GET", "/partner/aanbod/{sid}", Roles(&[Role::Partner]), get(crate::partner_listing::form_page)),
        r("POST", "/partner/aanbod/{sid}", Roles(&[Role::Partner]), post(crate::partner_listing::propose)),
        r("GET", "/beheer/sociale-kaart", Roles(&[Role::Admin]), get(crate::admin_social_map::page)),
        r("POST", "/beheer/sociale-kaart/voorstellen/{pid}/goedkeuren", Roles(&[Role::Admin]), post(crate::admin_social_map::approve)),
        r("POST", "/beheer/sociale-kaart/voorstellen/{pid}/afwijzen", Roles(&[Role::Admin]), post(crate::admin_social_map::reject)),
        r("POST", "/beheer/sociale-kaart/koppelingen", Roles(&[Role::Admin]), post(crate::admin_social_map::link)),
        r("GET", "/triage", Roles(&[Role::TeamLead]), get(households::triage)),
        r("GET", "/team", Roles(&[Role::TeamLead]), get(households::team_page)),
        r("GET", "/team/overzicht", Roles(&[Role::TeamLead]), get(crate::team_dashboard::page)),
        r("POST", "/team/overdragen", Roles(&[Role::TeamLead]), post(households::team_reassign)),
        r("POST", "/team/beschikbaar", Roles(&[Role::TeamLead]), post(households::team_availability)),
        r("GET", "/beheer", Roles(&[Role::Admin]), get(pages::admin)),
        r("GET", "/beheer/kostprijzen", Roles(&[Role::Admin]), get(crate::admin_costs::list)),
        r("POST", "/beheer/kostprijzen", Roles(&[Role::Admin]), post(crate::admin_costs::add)),
        r("GET", "/beheer/kostprijzen/{code}", Roles(&[Role::Admin]), get(crate::admin_costs::edit_page)),
        r("POST", "/beheer/kostprijzen/{code}", Roles(&[Role::Admin]), post(crate::admin_costs::save)),
        r("GET", "/beheer/knelpunten", Roles(&[Role::Admin]), get(crate::admin_bottlenecks::list)),
        r("POST", "/beheer/knelpunten", Roles(&[Role::Admin]), post(crate::admin_bottlenecks::add)),
        r("GET", "/beheer/knelpunten/{code}", Roles(&[Role::Admin]), get(crate::admin_bottlenecks::edit_page)),
        r("POST", "/beheer/knelpunten/{code}", Roles(&[Role::Admin]), post(crate::admin_bottlenecks::save)),
        r("GET", "/logboek", Roles(&[Role::PrivacyOfficer]), get(pages::audit_log)),
        r("GET", "/portaal", Roles(&[Role::HouseholdMember]), get(crate::portal::home)),
        r("POST", "/portaal/akkoord", Roles(&[Role::HouseholdMember]), post(crate::portal::agree)),
        r("POST", "/portaal/bericht", Roles(&[Role::HouseholdMember]), post(crate::portal::message)),
        r("GET", "/portaal/toestemming", Roles(&[Role::HouseholdMember]), get(crate::portal_consent::page)),
        r("GET", "/portaal/mijn-gegevens", Roles(&[Role::HouseholdMember]), get(crate::portal_data::page)),
        r("GET", "/portaal/mijn-gegevens.json", Roles(&[Role::HouseholdMember]), get(crate::portal_data::download)),
        r("POST", "/portaal/toestemming/intrekken", Roles(&[Role::HouseholdMember]), post(crate::portal_consent::withdraw)),
        r("GET", "/portaal/inzage", Roles(&[Role::HouseholdMember]), get(crate::portal_log::page)),
        r("GET", "/api/v1/openapi.json", Public, get(api::openapi)),
        r("GET", "/api/v1/me", Api(ALL_ROLES), get(api::me)),
        r("GET", "/kosten-baten", Roles(COSTS), get(cba_page::page)),
        r("POST", "/kosten-baten", Roles(COSTS), post(cba_page::calculate)),
        r("GET", "/api/v1/unit-costs", Api(COSTS), get(api_cba::unit_costs)),
        r("GET", "/api/v1/services", Api(ALL_ROLES), get(api_services::list)),
        r("GET", "/api/v1/services/{sid}", Api(ALL_ROLES), get(api_services::one)),
        r("GET", "/api/v1/hsds/", Api(ALL_ROLES), get(api_services::meta)),
        r("GET", "/api/v1/hsds/export", Api(ALL_ROLES), get(api_services::export)),
        r("POST", "/api/v1/cost-benefit/evaluate", Api(COSTS), post(api_cba::evaluate_api)),
        r("POST", "/api/v1/signals", Api(SENDERS), post(api_signals::receive)),
        r("GET", "/api/v1/signals/feedback", Api(SENDERS), get(api_signals::feedback_list)),
        r("GET", "/api/v1/households", Api(TEAM), get(api_households::list)),
        r("GET", "/api/v1/households/{id}", Api(TEAM), get(api_households::one)),
        r("GET", "/api/v1/households/{id}/members", Api(TEAM), get(api_households::members)),
        r("POST", "/api/v1/households/{id}/members", Api(TEAM), post(api_households::add_member)),
        r("PUT", "/api/v1/households/{id}/members/{member}", Api(TEAM), put(api_households::update_member)),
        r("GET", "/api/v1/households/{id}/assessments", Api(TEAM), get(api_plans::assessments)),
        r("POST", "/api/v1/households/{id}/assessments", Api(TEAM), post(api_plans::add_assessment)),
        r("GET", "/api/v1/households/{id}/plan", Api(TEAM), get(api_plans::plan)),
        r("PUT", "/api/v1/households/{id}/plan", Api(TEAM), put(api_plans::put_plan)),
        r("GET", "/api/v1/households/{id}/plan/versions", Api(TEAM), get(api_plans::versions)),
        r("GET", "/api/v1/households/{id}/plan/versions/{no}", Api(TEAM), get(api_plans::version)),
        r("POST", "/api/v1/households/{id}/plan/agreement", Api(TEAM), post(api_plans::agree)),
        r("GET", "/api/v1/exception-requests", Api(TEAM_AND_MDT), get(api_maatwerk::list)),
        r("GET", "/api/v1/exception-requests/{rid}", Api(TEAM_AND_MDT), get(api_maatwerk::one)),
        r("POST", "/api/v1/households/{id}/exception-requests", Api(TEAM), post(api_maatwerk::create)),
        r("POST", "/api/v1/exception-requests/{rid}/decision", Api(MDT), post(api_maatwerk::decide)),
        r("GET", "/api/v1/households/{id}/referrals", Api(TEAM), get(crate::api_referrals::list)),
        r("POST", "/api/v1/households/{id}/referrals", Api(TEAM), post(crate::api_referrals::create)),
        r("GET", "/api/v1/referrals/statistics", Api(TOTALS), get(crate::referral_stats::api)),
        r("GET", "/api/v1/referrals/{vid}", Api(&[Role::Worker, Role::TeamLead, Role::Partner]), get(crate::api_referrals::one)),
        r("POST", "/api/v1/referrals/{vid}/moves", Api(&[Role::Worker, Role::TeamLead, Role::Partner]), post(crate::api_referrals::moves)),
        r("GET", "/api/v1/partner/referrals", Api(PARTNER), get(crate::api_referrals::inbox)),
        r("GET", "/api/v1/households/{id}/screenings", Api(TEAM), get(crate::api_referrals::screenings)),
        r("POST", "/api/v1/households/{id}/screenings", Api(TEAM), post(crate::api_referrals::add_screening)),
        r("GET", "/verwijzingen/statistiek", Roles(TOTALS), get(crate::referral_stats::page)),
        r("GET", "/api/v1/households/{id}/timeline", Api(TEAM), get(api_households::timeline)),
        r("POST", "/api/v1/households/{id}/timeline", Api(TEAM), post(api_households::add_timeline)),
    ]
}

/// Every route with its permission (for tests and documentation).
pub fn registry() -> Vec<RouteSpec> {
    routes().into_iter().map(|(spec, _)| spec).collect()
}

#[derive(Clone)]
struct Guard {
    state: AppState,
    spec: RouteSpec,
}

pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for (spec, handler) in routes() {
        let guard = Guard { state: state.clone(), spec };
        router = router.route(spec.path, handler.route_layer(middleware::from_fn_with_state(guard, guard_route)));
    }
    router
        .fallback(|| async { WebError::new(ErrorKind::NotFound) })
        .with_state(state.clone())
        .layer(middleware::from_fn(crate::error::render_errors))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY))
        .layer(middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(middleware::from_fn_with_state(state, observe))
}

/// Largest request body accepted (forms and JSON).
pub const MAX_BODY: usize = 1024 * 1024;

async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let res = next.run(req).await;
    state.metrics.observe(&method, &route, res.status().as_u16(), start.elapsed());
    res
}

/// Finds out who is calling: a session cookie, or a bearer API key on the API.
async fn resolve_caller(state: &AppState, headers: &HeaderMap) -> Result<(Caller, bool), WebError> {
    if let Some(auth) = headers.get(header::AUTHORIZATION) {
        let value = auth.to_str().unwrap_or_default();
        let Some(key) = value.strip_prefix("Bearer ") else { return Err(WebError::new(ErrorKind::MalformedKey)) };
        return match state.store.check_api_key(key.trim()).await? {
            Ok(k) => Ok((Caller::Key(k), false)),
            Err(eenplan_store::apikeys::KeyError::Malformed) => Err(WebError::new(ErrorKind::MalformedKey)),
            Err(eenplan_store::apikeys::KeyError::Unknown) => Err(WebError::new(ErrorKind::Unauthorized)),
        };
    }
    let Some(token) = cookie(headers, SESSION_COOKIE) else { return Ok((Caller::Anonymous, false)) };
    // The session, its user and their roles in one query (every request needs all three).
    let Some((session, user, grants)) = state.store.session_with_user(&token).await? else { return Ok((Caller::Anonymous, true)) };
    let Some(user) = user.filter(|u| u.active) else {
        state.store.delete_session(&session.id_hash).await?;
        return Ok((Caller::Anonymous, true));
    };
    let actor = eenplan_store::directory::actor_from(&user, session.role, &grants);
    Ok((Caller::User(Arc::new(UserCtx { user, session, actor })), false))
}

fn redirect_to_login(expired: bool) -> Response {
    let mut r = Redirect::to(if expired { "/login?verlopen=1" } else { "/login" }).into_response();
    if expired {
        r.headers_mut().append(header::SET_COOKIE, auth::clear_cookie(SESSION_COOKIE).parse().expect("cookie header"));
    }
    r
}

/// Records a refused route in the audit log (who tried what), then refuses.
pub(crate) async fn deny(state: &AppState, caller: &Caller, spec: &RouteSpec) -> Result<(), WebError> {
    let (actor_id, name, role, org) = match caller {
        Caller::User(u) => (u.user.id.clone(), u.user.username.clone(), u.session.role.as_str(), u.user.organisation_id.clone()),
        Caller::Key(k) => (k.id.clone(), k.label.clone(), k.role.as_str(), Some(k.organisation_id.clone())),
        Caller::Anonymous => ("anonymous".into(), "anonymous".into(), "anonymous", None),
    };
    state
        .store
        .audit(&eenplan_domain::audit::AuditDraft {
            actor: actor_id,
            actor_name: name,
            role: role.to_string(),
            organisation: org,
            household: None,
            member: None,
            resource: "route".into(),
            resource_id: Some(format!("{} {}", spec.method, spec.path)),
            action: "request".into(),
            purpose: "none".into(),
            outcome: eenplan_domain::audit::Outcome::Denied,
            break_glass: false,
            reason: Some("role_may_not".into()),
        })
        .await?;
    Ok(())
}

async fn guard_route(State(g): State<Guard>, mut req: Request, next: Next) -> Response {
    match check(&g, &mut req).await {
        Ok(None) => {}
        Ok(Some(early)) => return early,
        Err(e) => return e.into_response(),
    }
    // Every method that may change something needs the session's CSRF token.
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD);
    if unsafe_method && !g.spec.path.starts_with("/api/") {
        req = match check_csrf(req).await {
            Ok(req) => req,
            Err(e) => return e.into_response(),
        };
    }
    // A browser session writing through the API must send its CSRF token in a header; API keys do
    // not ride on cookies and need none.
    if unsafe_method
        && let Some(Caller::User(u)) = req.extensions().get::<Caller>()
        && g.spec.path.starts_with("/api/")
    {
        let sent = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
        if !constant_time_eq(sent, &u.session.csrf_token) {
            return WebError::new(ErrorKind::Csrf).into_response();
        }
    }
    next.run(req).await
}

/// Applies the route's permission. `Ok(Some(response))` ends the request early (a redirect).
async fn check(g: &Guard, req: &mut Request) -> Result<Option<Response>, WebError> {
    let (caller, expired) = resolve_caller(&g.state, req.headers()).await?;
    req.extensions_mut().insert(caller.clone());
    let is_api = matches!(g.spec.permission, Permission::Api(_));
    if matches!(caller, Caller::Key(_)) && !is_api && g.spec.permission != Permission::Public {
        // API keys are for the API only.
        deny(&g.state, &caller, &g.spec).await?;
        return Err(WebError::new(ErrorKind::Forbidden));
    }
    let complete = |u: &UserCtx| u.session.second_factor_ok;
    match (g.spec.permission, &caller) {
        (Permission::Public, _) => Ok(None),
        (_, Caller::Anonymous) if is_api => Err(WebError::new(ErrorKind::Unauthorized)),
        (_, Caller::Anonymous) => Ok(Some(redirect_to_login(expired))),
        (Permission::Session, Caller::User(_)) => Ok(None),
        (Permission::LoggedIn | Permission::Roles(_) | Permission::Api(_), Caller::User(u)) if !complete(u) => {
            Ok(Some(Redirect::to(if u.user.totp_enabled { "/login/code" } else { "/account/tweestaps" }).into_response()))
        }
        (Permission::LoggedIn, Caller::User(_)) => Ok(None),
        (Permission::Roles(roles) | Permission::Api(roles), c) => {
            if c.role().is_some_and(|r| roles.contains(&r)) {
                Ok(None)
            } else {
                deny(&g.state, c, &g.spec).await?;
                Err(WebError::new(ErrorKind::Forbidden))
            }
        }
        (Permission::Session | Permission::LoggedIn, Caller::Key(_)) => Err(WebError::new(ErrorKind::Forbidden)),
    }
}

/// Every form POST carries the CSRF token: the session's own token, or for anonymous forms (login)
/// the token of the double-submit cookie.
async fn check_csrf(req: Request) -> Result<Request, WebError> {
    let expected = match req.extensions().get::<Caller>() {
        Some(Caller::User(u)) => Some(u.session.csrf_token.clone()),
        _ => cookie(req.headers(), CSRF_COOKIE),
    };
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| WebError::new(ErrorKind::TooLarge))?;
    let sent = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
    match (expected, sent) {
        (Some(e), Some(s)) if !e.is_empty() && constant_time_eq(&e, &s) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(WebError::new(ErrorKind::Csrf)),
    }
}

/// Asks the access policy and writes its audit record; `Err(Forbidden)` on a denial.
pub async fn authorize(state: &AppState, u: &UserCtx, action: Action, purpose: Purpose, resource: &Resource) -> Result<(), WebError> {
    let d = decide(&AccessRequest { actor: &u.actor, action, purpose, resource, break_glass: None });
    state.store.audit(&d.audit).await?;
    d.allowed.map_err(|_| WebError::new(ErrorKind::Forbidden))
}
