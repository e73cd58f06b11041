//! Maatwerk over the API: `/api/v1/exception-requests`. A team member lists and reads the requests of
//! a household of their team and creates a concept; an MDT member lists and reads the requests shared
//! with their organisation and records its decision. Same access policy, audit and rules as the pages.

use crate::AppState;
use crate::api_households::{field_errors, json_body, json_form, person, readable, store_error};
use crate::error::{ErrorKind, WebError, WebResult};
use crate::households::household_audit;
use crate::maatwerk::parse_draft;
use crate::mdt::{parse_decision, shared_request};
use crate::page::{Ctx, UserCtx};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eenplan_domain::Role;
use eenplan_domain::access::{Action, Purpose};
use eenplan_domain::household::format_date;
use eenplan_store::exception_requests::ExceptionRequest;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PartyJson {
    pub organisation_id: String,
    #[schema(example = "werk_en_inkomen")]
    pub party: String,
    #[schema(example = "legal_task")]
    pub basis: String,
    /// Whether a member of the household consented to sharing with this party (and did not withdraw it).
    pub consent: bool,
    #[schema(example = "approve_with_conditions")]
    pub verdict: Option<String>,
    /// The conditions or the reason.
    pub decision_text: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ExceptionRequestJson {
    pub id: String,
    pub household_id: String,
    #[schema(example = "shared")]
    pub state: String,
    pub situation: String,
    #[schema(example = "wgs")]
    pub blocking_law: String,
    pub blocking_provision: String,
    pub blocking_organisation: String,
    pub proposal: String,
    pub legal_ground: String,
    pub discretion_used: String,
    pub own_contribution: String,
    /// The linked analysis's total net benefit in euros (positive: the solution saves).
    pub net_benefit: Option<f64>,
    pub probability_positive: Option<f64>,
    /// Whether all three sides of the value triangle hold.
    pub triangle_holds: bool,
    #[schema(example = "2027-01-15")]
    pub decide_by: Option<String>,
    pub parties: Vec<PartyJson>,
    /// Send this back with a change; a stale version is refused with 409.
    pub version: i64,
}

impl From<&ExceptionRequest> for ExceptionRequestJson {
    fn from(r: &ExceptionRequest) -> ExceptionRequestJson {
        let d = &r.draft;
        ExceptionRequestJson {
            id: r.id.clone(),
            household_id: r.household_id.clone(),
            state: r.state.code().into(),
            situation: d.situation.clone(),
            blocking_law: d.blocking_law.code().into(),
            blocking_provision: d.blocking_provision.clone(),
            blocking_organisation: d.blocking_organisation.clone(),
            proposal: d.proposal.clone(),
            legal_ground: d.triangle.legal_ground.clone(),
            discretion_used: d.triangle.discretion_used.clone(),
            own_contribution: d.triangle.own_contribution.clone(),
            net_benefit: d.triangle.net_benefit,
            probability_positive: d.triangle.probability_positive,
            triangle_holds: eenplan_domain::maatwerk::check_triangle(&d.triangle).holds(),
            decide_by: d.decide_by.map(format_date),
            parties: r
                .parties
                .iter()
                .map(|p| PartyJson {
                    organisation_id: p.organisation_id.clone(),
                    party: p.party.code().into(),
                    basis: p.basis.code().into(),
                    consent: p.consent_stands(),
                    verdict: p.decision.as_ref().map(|d| d.verdict.code().into()),
                    decision_text: p.decision.as_ref().map(|d| d.text.clone()),
                })
                .collect(),
            version: r.version,
        }
    }
}

/// An MDT member sees of the parties only their own organisation's entry.
fn for_caller(u: &UserCtx, r: &ExceptionRequest) -> ExceptionRequestJson {
    let mut json = ExceptionRequestJson::from(r);
    if u.session.role == Role::MdtMember {
        json.parties.retain(|p| Some(&p.organisation_id) == u.user.organisation_id.as_ref());
    }
    json
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// For a team member: the household whose requests to list (required).
    household: Option<String>,
}

/// Team members: the requests of one household of their team (`?household=`). MDT members: the
/// requests shared with their organisation (the newest 500).
#[utoipa::path(get, path = "/api/v1/exception-requests", params(ListQuery), responses(
    (status = 200, description = "The requests", body = [ExceptionRequestJson]),
    (status = 403, description = "Not the caller's household (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "A team member did not name the household", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> WebResult<Json<Vec<ExceptionRequestJson>>> {
    let u = person(&state, &ctx, "GET", "/api/v1/exception-requests").await?;
    if u.session.role == Role::MdtMember {
        let org = u.user.organisation_id.as_deref().ok_or_else(|| WebError::new(ErrorKind::Forbidden))?;
        crate::households::audit_list(&state, u, "mdt_requests").await?;
        let out = state.store.requests_shared_with(org, None, 500).await?.iter().map(|r| for_caller(u, r)).collect();
        return Ok(Json(out));
    }
    let Some(id) = q.household else {
        return Err(WebError::validation(vec![crate::error::FieldError {
            field: "household".into(),
            message: "name the household: ?household={id}".into(),
        }]));
    };
    readable(&state, u, &id, Action::Read).await?;
    Ok(Json(state.store.requests_of_household(&id).await?.iter().map(|r| for_caller(u, r)).collect()))
}

/// One request: for its household's team, or for an MDT member whose organisation it was shared with.
#[utoipa::path(get, path = "/api/v1/exception-requests/{id}", responses(
    (status = 200, description = "The request", body = ExceptionRequestJson),
    (status = 403, description = "Not shared with the caller (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such request", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn one(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<ExceptionRequestJson>> {
    let u = person(&state, &ctx, "GET", "/api/v1/exception-requests/{rid}").await?;
    let r = if u.session.role == Role::MdtMember {
        shared_request(&state, u, &id, Action::Read, "exception_request").await?
    } else {
        let r = state.store.request(&id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
        readable(&state, u, &r.household_id, Action::Read).await?;
        r
    };
    Ok(Json(for_caller(u, &r)))
}

/// A new request (a concept) on a household. Same fields and rules as the form.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ExceptionRequestInput {
    situation: String,
    /// wmo, jeugdwet, participatiewet, wgs, zvw, wlz or other
    #[schema(example = "wgs")]
    blocking_law: String,
    blocking_provision: String,
    blocking_organisation: String,
    proposal: String,
    legal_ground: Option<String>,
    discretion_used: Option<String>,
    own_contribution: Option<String>,
    #[schema(example = "2027-01-15")]
    decide_by: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/households/{id}/exception-requests", request_body = ExceptionRequestInput, responses(
    (status = 201, description = "Created as a concept", body = ExceptionRequestJson),
    (status = 422, description = "Invalid fields, per field", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, body: axum::body::Bytes) -> WebResult<Response> {
    let u = person(&state, &ctx, "POST", "/api/v1/households/{id}/exception-requests").await?;
    let body = json_body(&body)?;
    readable(&state, u, &id, Action::Create).await?;
    let mut f = json_form("verzoek", &body)?;
    let Some(draft) = parse_draft(&mut f, ctx.tr, state.store.today(), None) else { return Err(field_errors(&f)) };
    let audit = household_audit(u, Some(&id), "exception_request", Action::Create, None);
    let rid = state.store.create_request(&id, &draft, &u.user.id, &audit).await?;
    let r = state.store.request(&rid).await?.ok_or_else(|| WebError::new(ErrorKind::Internal))?;
    Ok((StatusCode::CREATED, Json(for_caller(u, &r))).into_response())
}

/// An MDT organisation's decision.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DecisionInput {
    /// approve, approve_with_conditions or reject
    #[schema(example = "approve_with_conditions")]
    verdict: String,
    /// The conditions, or the reason of a rejection (required for both).
    text: Option<String>,
}

/// Idempotent: sending the same decision again (a retry) changes nothing and answers 200.
#[utoipa::path(post, path = "/api/v1/exception-requests/{id}/decision", request_body = DecisionInput, responses(
    (status = 200, description = "Recorded; the request as it stands now", body = ExceptionRequestJson),
    (status = 403, description = "Not shared with the caller's organisation (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, or the request does not wait for this decision", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> WebResult<Json<ExceptionRequestJson>> {
    let u = person(&state, &ctx, "POST", "/api/v1/exception-requests/{rid}/decision").await?;
    let body = json_body(&body)?;
    let r = shared_request(&state, u, &id, Action::Update, "exception_request_decision").await?;
    let org = u.user.organisation_id.clone().ok_or_else(|| WebError::new(ErrorKind::Forbidden))?;
    let mut f = json_form("besluit", &body)?;
    let Some(d) = parse_decision(&mut f, ctx.tr) else { return Err(field_errors(&f)) };
    // A retry of a decision already recorded (the same verdict and text) answers as the first did.
    let same = r.parties.iter().any(|p| p.organisation_id == org && p.decision.as_ref() == Some(&d));
    if !same {
        let mut audit = household_audit(u, Some(&r.household_id), "exception_request_decision", Action::Update, None);
        audit.purpose = Purpose::MdtDecision.as_str().into();
        state.store.decide_request(&id, &org, &d, &u.user.id, &audit).await.map_err(store_error)?;
    }
    let r = state.store.request(&id).await?.ok_or_else(|| WebError::new(ErrorKind::Internal))?;
    Ok(Json(for_caller(u, &r)))
}
