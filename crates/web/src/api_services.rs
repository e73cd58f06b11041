//! The social map's read API, shaped after Open Referral HSDS 3: `GET /api/v1/services` (search by need,
//! postcode area, language and text), `GET /api/v1/services/{id}` and the HSDS meta document at
//! `GET /api/v1/hsds/`. The social map holds no personal data; every caller with a login or a key may read it.

use crate::AppState;
use crate::error::{ErrorKind, FieldError, WebError, WebResult};
use axum::Json;
use axum::extract::{Path, Query, State};
use eenplan_domain::social_map::search::{Query as ServiceQuery, search};
use eenplan_domain::social_map::{LanguageCode, Service, TaxonomyCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How many services one search answers with at most.
const LIMIT: u32 = 200;

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct ServicesQuery {
    /// A taxonomy term: `domain:finances`, `legal:housing`, `kind:debt_counselling`.
    pub need: Option<String>,
    /// A Dutch postcode (`3511 AB`) or its four digits: services serving that area.
    pub postcode: Option<String>,
    /// An ISO 639-1 language code the service is offered in.
    pub language: Option<String>,
    /// Words that must each occur in the service's texts (diacritics ignored).
    pub q: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The PC4 of a postcode or of four digits.
fn pc4(raw: &str) -> Option<u16> {
    let digits: String = raw.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse::<u16>().ok().filter(|n| (1000..=9999).contains(n) && digits.len() == 4)
}

/// A query parameter that is not understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamError {
    Need,
    Postcode,
    Language,
}

impl ParamError {
    pub fn field(self) -> &'static str {
        match self {
            ParamError::Need => "need",
            ParamError::Postcode => "postcode",
            ParamError::Language => "language",
        }
    }
}

/// The search the parameters ask for; every parameter that is not understood is named.
pub fn parse_query(q: &ServicesQuery) -> Result<ServiceQuery, Vec<ParamError>> {
    let mut errors = Vec::new();
    let need = given(&q.need).and_then(|n| TaxonomyCode::parse(n).map_err(|_| errors.push(ParamError::Need)).ok());
    let area = given(&q.postcode).and_then(|p| pc4(p).ok_or(()).map_err(|_| errors.push(ParamError::Postcode)).ok());
    let language = given(&q.language).and_then(|l| LanguageCode::parse(l).map_err(|_| errors.push(ParamError::Language)).ok());
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ServiceQuery { need, pc4: area, language, text: given(&q.q).unwrap_or_default().to_string(), include_inactive: false })
}

/// Active services for the search, best matches first (a matching need, then a matching name).
pub async fn find(state: &AppState, query: &ServiceQuery) -> WebResult<Vec<Service>> {
    let need_text = query.need.as_ref().map(ToString::to_string);
    let candidates = state.store.services_for(query.pc4, need_text.as_deref(), LIMIT).await?;
    Ok(search(&candidates, query).into_iter().cloned().collect())
}

/// Active services matching the query, best matches first (a matching need, then a matching name).
#[utoipa::path(get, path = "/api/v1/services", params(ServicesQuery), responses(
    (status = 200, description = "HSDS services (organization_id, name, description, application_process, eligibility_description, languages, service_areas, taxonomy, contacts, schedules, …)", content_type = "application/json"),
    (status = 422, description = "A bad need, postcode or language, per field", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn list(State(state): State<AppState>, Query(q): Query<ServicesQuery>) -> WebResult<Json<Vec<Service>>> {
    let query = parse_query(&q).map_err(|errors| {
        WebError::validation(
            errors
                .into_iter()
                .map(|e| FieldError {
                    field: e.field().into(),
                    message: match e {
                        ParamError::Need => "a taxonomy term of the Dutch profile: domain:…, legal:… or kind:…".into(),
                        ParamError::Postcode => "a Dutch postcode (1234 AB) or its four digits".into(),
                        ParamError::Language => "an ISO 639-1 language code, e.g. nl".into(),
                    },
                })
                .collect(),
        )
    })?;
    Ok(Json(find(&state, &query).await?))
}

/// One service.
#[utoipa::path(get, path = "/api/v1/services/{id}", responses(
    (status = 200, description = "The HSDS service", content_type = "application/json"),
    (status = 404, description = "No such service", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn one(State(state): State<AppState>, Path(id): Path<String>) -> WebResult<Json<Service>> {
    state.store.service(&id).await?.map(Json).ok_or_else(|| WebError::new(ErrorKind::NotFound))
}

#[derive(Serialize, ToSchema)]
pub struct HsdsMeta {
    #[schema(example = "3.0")]
    pub version: &'static str,
    /// The Dutch profile: taxonomy schemes `domain:`, `legal:` and `kind:`.
    #[schema(example = "eenplan-nl")]
    pub profile: &'static str,
    pub openapi_url: &'static str,
    pub services_url: &'static str,
}

/// The HSDS API's meta document.
#[utoipa::path(get, path = "/api/v1/hsds/", responses((status = 200, description = "HSDS version and profile", body = HsdsMeta)))]
pub async fn meta() -> Json<HsdsMeta> {
    Json(HsdsMeta { version: "3.0", profile: "eenplan-nl", openapi_url: "/api/v1/openapi.json", services_url: "/api/v1/services" })
}

/// The whole social map as one HSDS JSON document: exactly what `eenplan import services` reads (and
/// `eenplan export services kaart.json` writes). No personal data of residents.
#[utoipa::path(get, path = "/api/v1/hsds/export", responses(
    (status = 200, description = "The social map: { profile, organizations, services (with contacts and schedules), locations, service_at_locations }", content_type = "application/json")
))]
pub async fn export(State(state): State<AppState>) -> WebResult {
    use axum::response::IntoResponse;
    let map = state.store.export_social_map().await?;
    let body = eenplan_domain::social_map::to_json(&map);
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response())
}
