//! The household API: `/api/v1/households`, its members and timeline entries. The same access
//! policy, audit log, validation and concurrency rules as the pages; errors as problem+json.

use crate::AppState;
use crate::error::{ErrorKind, FieldError, WebError, WebResult};
use crate::forms::FormState;
use crate::household_forms as hf;
use crate::households::{Access, check_household, household_audit};
use crate::page::{Ctx, UserCtx};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eenplan_domain::access::Action;
use eenplan_domain::household::format_date;
use eenplan_store::StoreError;
use eenplan_store::households::{Household, Member, TimelineEntry};
use serde::Serialize;

use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct HouseholdJson {
    pub id: String,
    #[schema(example = "active")]
    pub status: String,
    pub close_reason: Option<String>,
    #[schema(example = "Lindelaan 12, 3511 AB Voorbeeldstad")]
    pub address: String,
    #[schema(example = "3511 AB")]
    pub postcode: String,
    pub lead_team_id: Option<String>,
    pub co_team_id: Option<String>,
    pub contact_worker_id: Option<String>,
    pub last_contact_on: Option<String>,
    /// Send this back with a change; a stale version is refused with 409.
    pub version: i64,
}

impl From<&Household> for HouseholdJson {
    fn from(h: &Household) -> HouseholdJson {
        HouseholdJson {
            id: h.id.clone(),
            status: h.status.code().into(),
            close_reason: h.close_reason.map(|r| r.code().into()),
            address: h.address.line(),
            postcode: h.address.postcode.as_str().into(),
            lead_team_id: h.lead_team_id.clone(),
            co_team_id: h.co_team_id.clone(),
            contact_worker_id: h.contact_worker_id.clone(),
            last_contact_on: h.last_contact_on.map(format_date),
            version: h.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberJson {
    pub id: String,
    #[schema(example = "Noor")]
    pub given_names: String,
    #[schema(example = "van der")]
    pub name_prefix: Option<String>,
    #[schema(example = "Çelik")]
    pub family_name: String,
    #[schema(example = "2009-03-27")]
    pub date_of_birth: Option<String>,
    #[schema(example = "child")]
    pub role: String,
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub interpreter_language: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Whether a BSN is on file; the number itself is never sent.
    pub has_bsn: bool,
}

impl From<&Member> for MemberJson {
    fn from(m: &Member) -> MemberJson {
        MemberJson {
            id: m.id.clone(),
            given_names: m.given_names.clone(),
            name_prefix: m.name_prefix.clone(),
            family_name: m.family_name.clone(),
            date_of_birth: m.date_of_birth.map(format_date),
            role: m.role.code().into(),
            languages: m.languages.clone(),
            interpreter_needed: m.interpreter_needed,
            interpreter_language: m.interpreter_language.clone(),
            phone: m.phone.clone(),
            email: m.email.clone(),
            has_bsn: m.has_bsn,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TimelineJson {
    pub id: String,
    #[schema(example = "home_visit")]
    pub contact_type: String,
    pub body: String,
    pub domains: Vec<String>,
    pub member_id: Option<String>,
    pub author: String,
    #[schema(example = "2026-11-27")]
    pub occurred_on: String,
}

impl From<&TimelineEntry> for TimelineJson {
    fn from(e: &TimelineEntry) -> TimelineJson {
        TimelineJson {
            id: e.id.clone(),
            contact_type: e.contact_type.code().into(),
            body: e.body.clone(),
            domains: e.domains.iter().map(|d| d.code().into()).collect(),
            member_id: e.member_id.clone(),
            author: e.author_name.clone(),
            occurred_on: format_date(e.occurred_on),
        }
    }
}

/// A new member. Same fields and rules as the form on the household page.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MemberInput {
    /// The household version the change is based on.
    version: i64,
    #[schema(example = "Noor")]
    given_names: String,
    name_prefix: Option<String>,
    #[schema(example = "Çelik")]
    family_name: String,
    #[schema(example = "2015-06-01")]
    date_of_birth: Option<String>,
    /// parent, partner, child, other_adult or other
    #[schema(example = "child")]
    role: String,
    /// Comma-separated.
    languages: Option<String>,
    interpreter_needed: Option<bool>,
    interpreter_language: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    /// 9 digits passing the 11-proof; stored encrypted.
    bsn: Option<String>,
}

/// A new contact moment or note.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TimelineInput {
    /// home_visit, office, phone, video, case_consultation or note
    #[schema(example = "phone")]
    contact_type: String,
    #[schema(example = "2026-11-27")]
    occurred_on: String,
    body: String,
    /// Life domain codes.
    domains: Option<Vec<String>>,
    member_id: Option<String>,
}

/// JSON object → the form fields the shared parsers read (arrays join with commas, booleans as "1").
pub(crate) fn json_form(form: &str, body: &serde_json::Value) -> WebResult<FormState> {
    let obj = body
        .as_object()
        .ok_or_else(|| WebError::validation(vec![FieldError { field: "body".into(), message: "expected a JSON object".into() }]))?;
    let mut pairs = Vec::new();
    for (k, v) in obj {
        match v {
            serde_json::Value::String(s) => pairs.push((k.clone(), s.clone())),
            serde_json::Value::Number(n) => pairs.push((k.clone(), n.to_string())),
            serde_json::Value::Bool(true) => pairs.push((k.clone(), "1".into())),
            serde_json::Value::Bool(false) | serde_json::Value::Null => {}
            serde_json::Value::Array(items) => {
                for i in items {
                    if let Some(s) = i.as_str() {
                        pairs.push((k.clone(), s.to_string()));
                    }
                }
            }
            serde_json::Value::Object(_) => {}
        }
    }
    Ok(FormState::new(form, &pairs))
}

pub(crate) fn field_errors(f: &FormState) -> WebError {
    let mut errors: Vec<FieldError> = f.errors.iter().map(|(k, v)| FieldError { field: k.clone(), message: v.clone() }).collect();
    errors.sort_by(|a, b| a.field.cmp(&b.field));
    WebError::validation(errors)
}

pub(crate) fn store_error(e: StoreError) -> WebError {
    match e {
        StoreError::Conflict(_) | StoreError::Duplicate(_) => {
            WebError { kind: ErrorKind::Conflict, errors: vec![], detail: Some(e.to_string()) }
        }
        StoreError::Invalid(d) => WebError { kind: ErrorKind::Validation, errors: vec![], detail: Some(d) },
        other => other.into(),
    }
}

pub(crate) async fn readable(state: &AppState, u: &UserCtx, id: &str, action: Action) -> WebResult<()> {
    match check_household(state, u, id, action).await? {
        Access::Allowed { .. } => Ok(()),
        Access::Denied { .. } => Err(WebError::new(ErrorKind::Forbidden)),
    }
}

/// The person calling, for endpoints about a household (requests, referrals): an API key (an organisation's system, no
/// person) is refused here, and the refusal is audited like any other.
pub(crate) async fn person<'a>(state: &AppState, ctx: &'a Ctx, method: &'static str, path: &'static str) -> WebResult<&'a UserCtx> {
    match ctx.caller.user() {
        Some(u) => Ok(u),
        None => {
            let spec = crate::routes::RouteSpec { method, path, permission: crate::routes::Permission::Public };
            crate::routes::deny(state, &ctx.caller, &spec).await?;
            Err(WebError::new(ErrorKind::Forbidden))
        }
    }
}

/// The JSON body, read after the caller is known (so a refused caller is refused, not told about JSON).
pub(crate) fn json_body(bytes: &[u8]) -> WebResult<serde_json::Value> {
    serde_json::from_slice(bytes)
        .map_err(|e| WebError::validation(vec![crate::error::FieldError { field: "body".into(), message: e.to_string() }]))
}

pub(crate) fn user(ctx: &Ctx) -> WebResult<&UserCtx> {
    ctx.caller.user().ok_or_else(|| WebError::new(ErrorKind::Forbidden))
}

/// The open households of the caller's teams (at most 200, newest first).
#[utoipa::path(get, path = "/api/v1/households", responses(
    (status = 200, description = "Households of the caller's teams", body = [HouseholdJson]),
    (status = 403, description = "Not a team role", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn list(State(state): State<AppState>, ctx: Ctx) -> WebResult<Json<Vec<HouseholdJson>>> {
    let u = user(&ctx)?;
    crate::households::audit_list(&state, u, "household_list").await?;
    let list = state.store.caseload(None, &u.actor.teams, 200).await?;
    Ok(Json(list.iter().map(|s| HouseholdJson::from(&s.household)).collect()))
}

/// One household.
#[utoipa::path(get, path = "/api/v1/households/{id}", responses(
    (status = 200, description = "The household", body = HouseholdJson),
    (status = 403, description = "Not the caller's team (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such household", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn one(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<HouseholdJson>> {
    readable(&state, user(&ctx)?, &id, Action::Read).await?;
    let h = state.store.household(&id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    Ok(Json(HouseholdJson::from(&h)))
}

/// The members of a household.
#[utoipa::path(get, path = "/api/v1/households/{id}/members", responses(
    (status = 200, description = "Members", body = [MemberJson]),
    (status = 403, description = "Not the caller's team (audited)", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn members(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<Vec<MemberJson>>> {
    readable(&state, user(&ctx)?, &id, Action::Read).await?;
    Ok(Json(state.store.members(&id).await?.iter().map(MemberJson::from).collect()))
}

/// Adds a member (optimistic concurrency on `version`).
#[utoipa::path(post, path = "/api/v1/households/{id}/members", request_body = MemberInput, responses(
    (status = 201, description = "Added", body = MemberJson),
    (status = 409, description = "Stale version or duplicate member", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, per field", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> WebResult<Response> {
    let u = user(&ctx)?;
    readable(&state, u, &id, Action::Create).await?;
    let mut f = json_form("lid", &body)?;
    let Some(m) = hf::parse_member(&mut f, ctx.tr, state.store.today()) else { return Err(field_errors(&f)) };
    let audit = household_audit(u, Some(&id), "lid", Action::Create, None);
    let member_id = state.store.add_member(&id, hf::version(&f), &m, &audit).await.map_err(store_error)?;
    let all = state.store.members(&id).await?;
    let added = all.iter().find(|x| x.id == member_id).ok_or_else(|| WebError::new(ErrorKind::Internal))?;
    Ok((StatusCode::CREATED, Json(MemberJson::from(added))).into_response())
}

/// Changes a member's details: every field as when adding; an empty or absent `bsn` keeps the stored
/// one (optimistic concurrency on the household's `version`).
#[utoipa::path(put, path = "/api/v1/households/{id}/members/{member_id}", request_body = MemberInput, responses(
    (status = 200, description = "Changed", body = MemberJson),
    (status = 404, description = "No such member in this household", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Stale version or duplicate member", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, per field", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn update_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(String, String)>,
    Json(body): Json<serde_json::Value>,
) -> WebResult<Response> {
    let u = user(&ctx)?;
    readable(&state, u, &id, Action::Update).await?;
    let mut f = json_form("lid", &body)?;
    let Some(m) = hf::parse_member(&mut f, ctx.tr, state.store.today()) else { return Err(field_errors(&f)) };
    let audit = household_audit(u, Some(&id), "member", Action::Update, None);
    state.store.update_member(&id, &member_id, hf::version(&f), &m, &audit).await.map_err(store_error)?;
    let all = state.store.members(&id).await?;
    let changed = all.iter().find(|x| x.id == member_id).ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    Ok(Json(MemberJson::from(changed)).into_response())
}

/// The timeline, newest first (at most 100).
#[utoipa::path(get, path = "/api/v1/households/{id}/timeline", responses(
    (status = 200, description = "Timeline entries", body = [TimelineJson])
))]
pub async fn timeline(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<Vec<TimelineJson>>> {
    readable(&state, user(&ctx)?, &id, Action::Read).await?;
    Ok(Json(state.store.timeline(&id, None, 100).await?.iter().map(TimelineJson::from).collect()))
}

/// Records a contact moment or note.
#[utoipa::path(post, path = "/api/v1/households/{id}/timeline", request_body = TimelineInput, responses(
    (status = 201, description = "Recorded", body = TimelineJson),
    (status = 422, description = "Invalid fields, per field", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn add_timeline(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> WebResult<Response> {
    let u = user(&ctx)?;
    readable(&state, u, &id, Action::Create).await?;
    let mut f = json_form("contact", &body)?;
    let members: Vec<String> = state.store.members(&id).await?.into_iter().map(|m| m.id).collect();
    let Some(e) = hf::parse_timeline(&mut f, ctx.tr, state.store.today(), &members) else { return Err(field_errors(&f)) };
    if !f.errors.is_empty() {
        return Err(field_errors(&f));
    }
    let audit = household_audit(u, Some(&id), "contact", Action::Create, None);
    let entry_id = state.store.add_timeline_entry(&id, &e, &u.user.id, &u.user.display_name, &audit).await?;
    let entry = state
        .store
        .timeline(&id, None, 100)
        .await?
        .into_iter()
        .find(|x| x.id == entry_id)
        .ok_or_else(|| WebError::new(ErrorKind::Internal))?;
    Ok((StatusCode::CREATED, Json(TimelineJson::from(&entry))).into_response())
}
