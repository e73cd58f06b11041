//! The API shell: health, metrics, the OpenAPI document, and `me` (who does this key or session
//! belong to). Resource endpoints come with their capabilities.

use crate::AppState;
use crate::error::{FieldError, Problem, WebResult};
use crate::page::{Caller, Ctx};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::OpenApi;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
    #[schema(example = "sqlite")]
    pub database: &'static str,
}

/// Liveness and database reachability.
#[utoipa::path(get, path = "/healthz", responses(
    (status = 200, description = "Eenplan runs and reaches its database", body = Health),
    (status = 503, description = "The database cannot be reached", body = Health)
))]
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let database = state.store.backend().as_str();
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok", database })),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "error", database }))
        }
    }
}

/// Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let pool = state.store.pool();
    let body = state.metrics.render(pool.size(), pool.num_idle(), state.store.backend().as_str());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    /// `api_key` or `session`.
    #[schema(example = "api_key")]
    pub kind: &'static str,
    #[schema(example = "signal_sender")]
    pub role: String,
    pub organisation: Option<String>,
    pub username: Option<String>,
}

/// Who the presented API key (or session) belongs to.
#[utoipa::path(get, path = "/api/v1/me", security(("api_key" = [])), responses(
    (status = 200, description = "The caller", body = Me),
    (status = 401, description = "No or unknown API key", body = Problem, content_type = "application/problem+json")
))]
pub async fn me(State(state): State<AppState>, ctx: Ctx) -> WebResult<Json<Me>> {
    Ok(Json(match &ctx.caller {
        Caller::Key(k) => Me {
            kind: "api_key",
            role: k.role.as_str().into(),
            organisation: state.store.organisation_name(&k.organisation_id).await?,
            username: None,
        },
        Caller::User(u) => Me {
            kind: "session",
            role: u.session.role.as_str().into(),
            organisation: match &u.user.organisation_id {
                Some(id) => state.store.organisation_name(id).await?,
                None => None,
            },
            username: Some(u.user.username.clone()),
        },
        Caller::Anonymous => return Err(crate::error::WebError::new(crate::error::ErrorKind::Unauthorized)),
    }))
}

struct ApiKeyScheme;

impl utoipa::Modify for ApiKeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("api_key", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Eenplan API", description = "One household, one plan, one contact person. Errors are application/problem+json (RFC 9457)."),
    paths(
        healthz,
        me,
        crate::api_households::list,
        crate::api_households::one,
        crate::api_households::members,
        crate::api_households::add_member,
        crate::api_households::update_member,
        crate::api_households::timeline,
        crate::api_households::add_timeline,
        crate::api_plans::assessments,
        crate::api_plans::add_assessment,
        crate::api_plans::plan,
        crate::api_plans::put_plan,
        crate::api_plans::versions,
        crate::api_plans::version,
        crate::api_plans::agree,
        crate::api_cba::unit_costs,
        crate::api_cba::evaluate_api,
        crate::api_maatwerk::list,
        crate::api_maatwerk::one,
        crate::api_maatwerk::create,
        crate::api_maatwerk::decide,
        crate::maatwerk_totals::api,
        crate::api_referrals::list,
        crate::api_referrals::create,
        crate::api_referrals::one,
        crate::api_referrals::moves,
        crate::api_referrals::inbox,
        crate::api_referrals::screenings,
        crate::api_referrals::add_screening,
        crate::referral_stats::api,
        crate::api_services::list,
        crate::api_services::one,
        crate::api_services::meta,
        crate::api_services::export,
        crate::patterns_dashboard::api,
        crate::api_signals::receive,
        crate::api_signals::feedback_list,
        crate::signals_dashboard::api
    ),
    components(schemas(
        Health,
        Me,
        Problem,
        FieldError,
        crate::api_households::HouseholdJson,
        crate::api_maatwerk::ExceptionRequestJson,
        crate::api_maatwerk::PartyJson,
        crate::api_maatwerk::ExceptionRequestInput,
        crate::api_maatwerk::DecisionInput,
        crate::maatwerk_totals::TotalsJson,
        crate::patterns_dashboard::PatternsJson,
        crate::patterns_dashboard::PatternRow,
        crate::patterns_dashboard::SharedJson,
        crate::api_signals::SignalResult,
        crate::api_signals::SignalsAnswer,
        crate::api_signals::FeedbackJson,
        crate::signals_dashboard::SignalStatsJson,
        crate::api_referrals::ReferralJson,
        crate::api_referrals::MoveJson,
        crate::api_referrals::ReferralInput,
        crate::api_referrals::MoveInput,
        crate::api_referrals::InboxJson,
        crate::api_referrals::ScreeningJson,
        crate::api_referrals::SuggestionJson,
        crate::api_referrals::ResponseJson,
        crate::api_referrals::TextJson,
        crate::api_referrals::ScreeningInput,
        crate::referral_stats::ServiceStatsJson,
        crate::api_services::HsdsMeta,
        crate::api_households::MemberJson,
        crate::api_households::TimelineJson,
        crate::api_households::MemberInput,
        crate::api_households::TimelineInput,
        crate::api_plans::AssessmentJson,
        crate::api_plans::ScoreJson,
        crate::api_plans::AssessmentInput,
        crate::api_plans::ScoreInput,
        crate::api_plans::PlanJson,
        crate::api_plans::AgreementJson,
        crate::api_plans::PlanInput,
        crate::api_plans::BasedOnInput,
        crate::api_plans::AgreementInput,
        crate::api_cba::UnitCostJson,
        crate::api_cba::EventInput,
        crate::api_cba::EvaluateInput,
        crate::api_cba::EvaluateOutput
    )),
    modifiers(&ApiKeyScheme)
)]
pub struct ApiDoc;

pub async fn openapi() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}
