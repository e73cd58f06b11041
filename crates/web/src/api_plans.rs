//! The assessment and plan API: `/api/v1/households/{id}/assessments` and `/plan` (+ versions and
//! agreement). The same policy, audit, validation and version rules as the pages; errors as
//! problem+json with the field that is wrong (e.g. `goals[0].owner_member_id`).

use crate::AppState;
use crate::api_households::{field_errors, readable, store_error, user};
use crate::assessments::parse_assessment;
use crate::error::{ErrorKind, FieldError, WebError, WebResult};
use crate::forms::FormState;
use crate::households::household_audit;
use crate::page::Ctx;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eenplan_domain::access::Action;
use eenplan_domain::household::format_date;
use eenplan_domain::plan::{AgreedHow, PlanContent, check_content, diff};
use eenplan_store::assessments::Assessment;
use eenplan_store::new_id;
use eenplan_store::plans::{Agreement, BasedOn, PlanVersion};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ScoreJson {
    #[schema(example = "finances")]
    pub domain: String,
    #[schema(example = 2)]
    pub score: u8,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct AssessmentJson {
    pub id: String,
    /// Absent: about the whole household.
    pub member_id: Option<String>,
    #[schema(example = "eenplan-leefgebieden")]
    pub instrument_id: String,
    pub instrument_version: String,
    #[schema(example = "2026-11-20")]
    pub assessed_on: String,
    pub participants: String,
    pub scores: Vec<ScoreJson>,
    /// Conversation field code → the household's own words.
    pub conversation: BTreeMap<String, String>,
    pub author: String,
}

impl From<&Assessment> for AssessmentJson {
    fn from(a: &Assessment) -> AssessmentJson {
        AssessmentJson {
            id: a.id.clone(),
            member_id: a.new.member_id.clone(),
            instrument_id: a.new.instrument_id.clone(),
            instrument_version: a.new.instrument_version.clone(),
            assessed_on: format_date(a.new.assessed_on),
            participants: a.new.participants.clone(),
            scores: a.new.scores.iter().map(|s| ScoreJson { domain: s.domain.clone(), score: s.score, reason: s.reason.clone() }).collect(),
            conversation: a.new.conversation.clone(),
            author: a.author_name.clone(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ScoreInput {
    pub domain: String,
    pub score: i64,
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
pub struct AssessmentInput {
    #[schema(example = "eenplan-leefgebieden")]
    pub instrument_id: String,
    #[schema(example = "2026-11-20")]
    pub assessed_on: String,
    pub member_id: Option<String>,
    pub participants: String,
    pub scores: Vec<ScoreInput>,
    #[serde(default)]
    pub conversation: BTreeMap<String, String>,
}

/// The household's assessments, oldest first.
#[utoipa::path(get, path = "/api/v1/households/{id}/assessments", responses(
    (status = 200, description = "Assessments with their scores", body = [AssessmentJson]),
    (status = 403, description = "Not the caller's team (audited)", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn assessments(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<Vec<AssessmentJson>>> {
    readable(&state, user(&ctx)?, &id, Action::Read).await?;
    Ok(Json(state.store.assessments(&id).await?.iter().map(AssessmentJson::from).collect()))
}

/// Records an assessment; each score is checked against the instrument's scale (field `score_<domain>`).
#[utoipa::path(post, path = "/api/v1/households/{id}/assessments", request_body = AssessmentInput, responses(
    (status = 201, description = "Recorded", body = AssessmentJson),
    (status = 422, description = "Invalid fields, per field", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn add_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> WebResult<Response> {
    let u = user(&ctx)?;
    readable(&state, u, &id, Action::Create).await?;
    let input: AssessmentInput = serde_json::from_value(body).map_err(|e| body_error(&e.to_string()))?;
    let ins =
        state.config.instruments.iter().rev().find(|i| i.id == input.instrument_id).ok_or_else(|| {
            WebError::validation(vec![FieldError { field: "instrument_id".into(), message: ctx.tr.t("err-unknown-value") }])
        })?;
    // The same reading as the form: one field per score, reason and conversation answer.
    let mut pairs = vec![
        ("assessed_on".to_string(), input.assessed_on),
        ("member_id".to_string(), input.member_id.unwrap_or_default()),
        ("participants".to_string(), input.participants),
    ];
    for s in input.scores {
        if ins.domain(&s.domain).is_none() {
            return Err(WebError::validation(vec![FieldError {
                field: format!("score_{}", s.domain),
                message: ctx.tr.t("err-unknown-value"),
            }]));
        }
        pairs.push((format!("score_{}", s.domain), s.score.to_string()));
        pairs.push((format!("reason_{}", s.domain), s.reason));
    }
    pairs.extend(input.conversation.into_iter().map(|(k, v)| (format!("conv_{k}"), v)));
    let mut f = FormState::new("meting", &pairs);
    let members = state.store.members(&id).await?;
    let Some(new) = parse_assessment(&mut f, ctx.tr, ins, &members, state.store.today()) else {
        return Err(match f.summary.take() {
            Some(msg) if f.errors.is_empty() => WebError::validation(vec![FieldError { field: "scores".into(), message: msg }]),
            _ => field_errors(&f),
        });
    };
    let audit = household_audit(u, Some(&id), "assessment", Action::Create, None);
    let aid = state.store.add_assessment(&id, &new, (&u.user.id, &u.user.display_name), &audit).await?;
    let all = state.store.assessments(&id).await?;
    let saved = all.iter().find(|a| a.id == aid).ok_or_else(|| WebError::new(ErrorKind::Internal))?;
    Ok((StatusCode::CREATED, Json(AssessmentJson::from(saved))).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct AgreementJson {
    pub by: String,
    #[schema(example = "in_person")]
    pub how: String,
    /// Unix seconds.
    pub at: i64,
    pub recorded_by: String,
}

#[derive(Serialize, ToSchema)]
pub struct PlanJson {
    pub version_no: i64,
    #[schema(example = "draft")]
    pub state: String,
    /// Send `version_no` and `revision` back with a change; an older one is refused with 409.
    pub revision: i64,
    /// Goals, actions, laws, own contribution, evaluation date (codes and ISO dates).
    #[schema(value_type = Object)]
    pub content: PlanContent,
    pub agreed: Option<AgreementJson>,
    /// What changed from the version before (in words), on a single version only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<String>>,
}

impl From<&PlanVersion> for PlanJson {
    fn from(v: &PlanVersion) -> PlanJson {
        PlanJson {
            version_no: v.version_no,
            state: v.state.code().into(),
            revision: v.revision,
            content: v.content.clone(),
            agreed: v.agreed.as_ref().map(|a| AgreementJson {
                by: a.by.clone(),
                how: a.how.code().into(),
                at: a.at,
                recorded_by: a.recorded_by.clone(),
            }),
            changes: None,
        }
    }
}

#[derive(Deserialize, ToSchema, Clone, Copy)]
pub struct BasedOnInput {
    /// 0 when there is no plan yet.
    pub version_no: i64,
    pub revision: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct PlanInput {
    pub based_on: BasedOnInput,
    /// The whole new content; goals and actions without an id get one.
    #[schema(value_type = Object)]
    pub content: PlanContent,
}

#[derive(Deserialize, ToSchema)]
pub struct AgreementInput {
    pub based_on: BasedOnInput,
    pub agreed_by_member_id: String,
    #[schema(example = "in_person")]
    pub how: String,
}

fn body_error(detail: &str) -> WebError {
    WebError::validation(vec![FieldError { field: "body".into(), message: detail.to_string() }])
}

/// The newest version of the plan.
#[utoipa::path(get, path = "/api/v1/households/{id}/plan", responses(
    (status = 200, description = "The newest version", body = PlanJson),
    (status = 404, description = "No plan yet", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn plan(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<PlanJson>> {
    readable(&state, user(&ctx)?, &id, Action::Read).await?;
    let v = state.store.latest_plan(&id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    Ok(Json(PlanJson::from(&v)))
}

/// Every version, oldest first.
#[utoipa::path(get, path = "/api/v1/households/{id}/plan/versions", responses(
    (status = 200, description = "All versions", body = [PlanJson])
))]
pub async fn versions(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<Vec<PlanJson>>> {
    readable(&state, user(&ctx)?, &id, Action::Read).await?;
    Ok(Json(state.store.plan_versions(&id).await?.iter().map(PlanJson::from).collect()))
}

/// One version, with what changed from the version before.
#[utoipa::path(get, path = "/api/v1/households/{id}/plan/versions/{no}", responses(
    (status = 200, description = "The version and its changes", body = PlanJson),
    (status = 404, description = "No such version", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn version(State(state): State<AppState>, ctx: Ctx, Path((id, no)): Path<(String, i64)>) -> WebResult<Json<PlanJson>> {
    readable(&state, user(&ctx)?, &id, Action::Read).await?;
    let (all, members) = tokio::try_join!(state.store.plan_versions(&id), state.store.members(&id))?;
    let i = all.iter().position(|v| v.version_no == no).ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let empty = PlanContent::default();
    let before = i.checked_sub(1).map(|p| &all[p].content).unwrap_or(&empty);
    let mut json = PlanJson::from(&all[i]);
    json.changes = Some(diff(before, &all[i].content).iter().map(|d| crate::plans::diff_text(ctx.tr, d, &members)).collect());
    Ok(Json(json))
}

/// Replaces the plan's content, based on the version and revision the client read: a draft changes,
/// an agreed version stays and the change becomes a new draft version.
#[utoipa::path(put, path = "/api/v1/households/{id}/plan", request_body = PlanInput, responses(
    (status = 200, description = "Stored", body = PlanJson),
    (status = 409, description = "Changed in between, or an older version", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, per field (e.g. goals[0].owner_member_id)", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn put_plan(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> WebResult<Response> {
    let u = user(&ctx)?;
    readable(&state, u, &id, Action::Update).await?;
    let input: PlanInput = serde_json::from_value(body).map_err(|e| body_error(&e.to_string()))?;
    let mut content = input.content;
    for g in content.goals.iter_mut().filter(|g| g.id.is_empty()) {
        g.id = new_id();
    }
    for a in content.actions.iter_mut().filter(|a| a.id.is_empty()) {
        a.id = new_id();
    }
    let members: Vec<String> = state.store.members(&id).await?.into_iter().map(|m| m.id).collect();
    let member_refs: Vec<&str> = members.iter().map(String::as_str).collect();
    let today = state.store.today();
    let tr = ctx.tr;
    let problems = std::sync::Mutex::new(Vec::new());
    let audit = household_audit(u, Some(&id), "plan", Action::Update, None);
    let based = BasedOn { version_no: input.based_on.version_no, revision: input.based_on.revision };
    let stored = state
        .store
        .edit_plan(&id, based, (&u.user.id, &u.user.display_name), &audit, |c| {
            let found = check_content(c, &content, &member_refs, today);
            if !found.is_empty() {
                *problems.lock().expect("not poisoned") = found;
                return Err(eenplan_store::StoreError::Invalid("plan".into()));
            }
            *c = content;
            Ok(())
        })
        .await;
    let problems = problems.into_inner().expect("not poisoned");
    if !problems.is_empty() {
        return Err(WebError::validation(
            problems.into_iter().map(|p| FieldError { field: p.field, message: tr.t(p.error.key()) }).collect(),
        ));
    }
    let v = stored.map_err(plan_store_error)?;
    Ok(Json(PlanJson::from(&v)).into_response())
}

fn plan_store_error(e: eenplan_store::StoreError) -> WebError {
    match e {
        eenplan_store::StoreError::Superseded { .. } => WebError { kind: ErrorKind::Conflict, errors: vec![], detail: Some(e.to_string()) },
        other => store_error(other),
    }
}

/// Records that a member agreed to the newest (draft) version.
#[utoipa::path(post, path = "/api/v1/households/{id}/plan/agreement", request_body = AgreementInput, responses(
    (status = 200, description = "Agreed", body = PlanJson),
    (status = 409, description = "Changed in between, or an older version", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn agree(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> WebResult<Response> {
    let u = user(&ctx)?;
    readable(&state, u, &id, Action::Update).await?;
    let input: AgreementInput = serde_json::from_value(body).map_err(|e| body_error(&e.to_string()))?;
    let tr = ctx.tr;
    let members = state.store.members(&id).await?;
    let mut errors = Vec::new();
    let who = members.iter().find(|m| m.id == input.agreed_by_member_id).map(|m| m.full_name());
    if who.is_none() {
        errors.push(FieldError { field: "agreed_by_member_id".into(), message: tr.t("err-goal-owner") });
    }
    let how = AgreedHow::parse(&input.how).ok();
    if how.is_none() {
        errors.push(FieldError { field: "how".into(), message: tr.t("err-unknown-value") });
    }
    let (Some(by), Some(how)) = (who, how) else { return Err(WebError::validation(errors)) };
    let agreement = Agreement { by, how, at: state.store.now(), recorded_by: u.user.display_name.clone() };
    let audit = household_audit(u, Some(&id), "plan_agreement", Action::Update, None);
    let based = BasedOn { version_no: input.based_on.version_no, revision: input.based_on.revision };
    state.store.agree_plan(&id, based, &agreement, &audit).await.map_err(plan_store_error)?;
    let v = state.store.latest_plan(&id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    Ok(Json(PlanJson::from(&v)).into_response())
}
