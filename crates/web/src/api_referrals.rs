//! Referrals and the financial screening over the API: `/api/v1/households/{id}/referrals`,
//! `/api/v1/referrals/{id}` and its moves, the partner's inbox `/api/v1/partner/referrals`, and
//! `/api/v1/households/{id}/screenings`. A team member works with the referrals and screenings of a
//! household of their team; a partner user reads and answers the referrals sent to their
//! organisation. The same access policy, audit, rules and messages as the pages (`referral_forms`).

use crate::AppState;
use crate::api_households::{field_errors, json_body, json_form, person, readable, store_error};
use crate::error::{ErrorKind, FieldError, WebError, WebResult};
use crate::households::household_audit;
use crate::i18n::Tr;
use crate::page::{Ctx, UserCtx};
use crate::referral_forms::{
    draft_error_key, move_error_text, parse_move, parse_referral_input, partner_organisation, referral_for_partner,
};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eenplan_domain::Role;
use eenplan_domain::access::{Action, Purpose};
use eenplan_domain::household::format_date;
use eenplan_domain::maatwerk::MdtParty;
use eenplan_domain::referral::{
    By, DraftError, ReferralError, ReferralState, Side, apply, check_recipient, check_referral_draft, next_states,
};
use eenplan_domain::screening::{AnswerError, AnswerProblem, Answers, Screening, Value, check_answers, suggestions};
use eenplan_store::referrals::StoredReferral;
use eenplan_store::screenings::StoredScreening;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use utoipa::ToSchema;

/// How many referrals one page of a partner's inbox holds.
pub const INBOX_PAGE: i64 = 50;

/// Unix seconds as RFC 3339 (UTC).
fn timestamp(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

#[derive(Serialize, ToSchema)]
pub struct MoveJson {
    #[schema(example = "sent")]
    pub from: String,
    #[schema(example = "accepted")]
    pub to: String,
    #[schema(example = "2026-11-27T10:15:00Z")]
    pub at: String,
    /// worker (the referring team) or partner (the receiving organisation)
    #[schema(example = "partner")]
    pub side: String,
    #[schema(example = "Stichting Geldzorg, Petra")]
    pub actor_name: String,
    /// The reason of a rejection or withdrawal, a note with another move, or why a completion was
    /// not a success.
    pub reason: Option<String>,
    /// Only on completion: success or failure.
    #[schema(example = "success")]
    pub outcome: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralJson {
    pub id: String,
    pub household_id: String,
    #[schema(example = "svc-schuldhulp")]
    pub service_id: String,
    #[schema(example = "Schuldhulpverlening")]
    pub service_name: String,
    /// The receiving organisation's id on the social map.
    #[schema(example = "org-geldzorg")]
    pub organisation_id: String,
    /// concept, sent, received, accepted, rejected, in_progress, completed or withdrawn
    #[schema(example = "sent")]
    pub state: String,
    #[schema(example = "Drie maanden huurachterstand; wil een betalingsregeling.")]
    pub reason: String,
    /// What goes with the referral, item by item.
    #[schema(example = json!(["contact_details", "finances_summary"]))]
    pub shared: Vec<String>,
    #[schema(example = "consent")]
    pub basis: Option<String>,
    /// Whether a member of the household consented to this referral (who is not sent).
    pub consent: bool,
    #[schema(example = "high")]
    pub urgency: String,
    /// A joint first appointment is asked for (warm handover).
    pub joint_appointment: bool,
    /// Once sent: the last day the partner answers in time.
    #[schema(example = "2026-12-04")]
    pub answer_due: Option<String>,
    #[schema(example = "2026-11-27T10:15:00Z")]
    pub sent_at: Option<String>,
    /// The moves, oldest first.
    pub moves: Vec<MoveJson>,
    /// The states the caller's side may move the referral to now.
    #[schema(example = json!(["received", "accepted", "rejected"]))]
    pub next: Vec<String>,
    /// Send this back with a move; a stale version is refused with 409.
    pub version: i64,
}

fn referral_json(r: &StoredReferral, side: Side) -> ReferralJson {
    ReferralJson {
        id: r.id.clone(),
        household_id: r.household_id.clone(),
        service_id: r.service_id.clone(),
        service_name: r.service_name.clone(),
        organisation_id: r.organization_id.clone(),
        state: r.state().code().into(),
        reason: r.input.reason.clone(),
        shared: r.input.shared.iter().map(|i| i.code().to_string()).collect(),
        basis: r.input.basis.map(|b| b.code().to_string()),
        consent: r.input.consent_member_id.is_some(),
        urgency: r.input.urgency.code().into(),
        joint_appointment: r.input.joint_appointment,
        answer_due: r.answer_due.map(format_date),
        sent_at: r.referral.sent_at().map(timestamp),
        moves: r
            .moves
            .iter()
            .map(|m| {
                let t = &m.transition;
                let outcome_reason = t.outcome.as_ref().map(|o| o.reason.clone()).filter(|s| !s.is_empty());
                MoveJson {
                    from: t.from.code().into(),
                    to: t.to.code().into(),
                    at: timestamp(t.at),
                    side: t.side.code().into(),
                    actor_name: m.actor_name.clone(),
                    reason: t.reason.clone().or(outcome_reason),
                    outcome: t.outcome.as_ref().map(|o| if o.success { "success" } else { "failure" }.to_string()),
                }
            })
            .collect(),
        next: next_states(r.state(), side).iter().map(|s| s.code().to_string()).collect(),
        version: r.version,
    }
}

fn one_field(field: &str, message: String) -> WebError {
    WebError::validation(vec![FieldError { field: field.into(), message }])
}

/// The API's name of the draft field a problem belongs to (the body's field names).
fn draft_field(e: &DraftError) -> &'static str {
    match e.field() {
        "service" => "service_id",
        other => other,
    }
}

fn draft_message(tr: Tr, e: &DraftError) -> String {
    match e {
        DraftError::ReasonTooLong(n) => tr.t1("err-too-long", "max", &n.to_string()),
        other => tr.t(draft_error_key(*other)),
    }
}

fn draft_problems(tr: Tr, errors: &[DraftError]) -> WebError {
    let mut out: Vec<FieldError> = Vec::new();
    for e in errors {
        if !out.iter().any(|f| f.field == draft_field(e)) {
            out.push(FieldError { field: draft_field(e).into(), message: draft_message(tr, e) });
        }
    }
    out.sort_by(|a, b| a.field.cmp(&b.field));
    WebError::validation(out)
}

/// The household's referrals, newest first.
#[utoipa::path(get, path = "/api/v1/households/{id}/referrals", responses(
    (status = 200, description = "The household's referrals", body = [ReferralJson]),
    (status = 403, description = "Not the caller's household (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such household", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn list(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<Vec<ReferralJson>>> {
    let u = person(&state, &ctx, "GET", "/api/v1/households/{id}/referrals").await?;
    readable(&state, u, &id, Action::Read).await?;
    Ok(Json(state.store.referrals_of_household(&id).await?.iter().map(|r| referral_json(r, Side::Worker)).collect()))
}

/// A new referral (a concept) of the household to a service on the social map. Sending it is a move.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ReferralInput {
    /// A service on the social map that is active and serves the household's postcode area.
    #[schema(example = "svc-schuldhulp")]
    service_id: String,
    /// Why, in plain words: the household reads it too.
    #[schema(example = "Drie maanden huurachterstand; wil een betalingsregeling.")]
    reason: String,
    /// contact_details, household_composition, question, finances_summary, plan_goals, assessment, documents
    #[schema(example = json!(["contact_details", "finances_summary"]))]
    shared: Option<Vec<String>>,
    /// consent, legal_task or legal_obligation (required to send)
    #[schema(example = "consent")]
    basis: Option<String>,
    /// The member of the household who consented (required to send).
    consent_member_id: Option<String>,
    /// normal (default), high or crisis
    #[schema(example = "high")]
    urgency: Option<String>,
    joint_appointment: Option<bool>,
}

#[utoipa::path(post, path = "/api/v1/households/{id}/referrals", request_body = ReferralInput, responses(
    (status = 201, description = "Created as a concept", body = ReferralJson),
    (status = 403, description = "Not the caller's household (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, per field; a service that is closed or does not serve the household's area names `service_id`", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, body: axum::body::Bytes) -> WebResult<Response> {
    let u = person(&state, &ctx, "POST", "/api/v1/households/{id}/referrals").await?;
    let body = json_body(&body)?;
    readable(&state, u, &id, Action::Create).await?;
    let tr = ctx.tr;
    let mut f = json_form("verwijzing", &body)?;
    let members: Vec<String> = state.store.members(&id).await?.into_iter().map(|m| m.id).collect();
    let ids: Vec<&str> = members.iter().map(String::as_str).collect();
    let input = parse_referral_input(&mut f, tr, &ids);
    let service_id = f.raw("service_id").trim().to_string();
    let service = if service_id.is_empty() { None } else { state.store.service(&service_id).await? };
    match &service {
        None => {
            f.errors.insert("service_id".into(), tr.t(draft_error_key(DraftError::NoService)));
        }
        Some(s) => {
            let h = state.store.household(&id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
            if let Err(e) = check_recipient(s, h.address.postcode.pc4()) {
                f.errors.insert("service_id".into(), draft_message(tr, &e));
            }
        }
    }
    let (Some(input), Some(service)) = (input, service) else { return Err(field_errors(&f)) };
    if !f.errors.is_empty() {
        return Err(field_errors(&f));
    }
    let audit = household_audit(u, Some(&id), "referral", Action::Create, None);
    let rid = state.store.create_referral(&id, &service, &input, None, &u.user.id, &audit).await.map_err(store_error)?;
    let r = state.store.referral(&rid).await?.ok_or_else(|| WebError::new(ErrorKind::Internal))?;
    Ok((StatusCode::CREATED, Json(referral_json(&r, Side::Worker))).into_response())
}

/// Who is asking about one referral, and on which side: a team member of the household's team (the
/// worker side) or a user of the partner organisation it was sent to. Asks the policy and audits.
async fn referral_for(state: &AppState, u: &UserCtx, rid: &str, action: Action) -> WebResult<(StoredReferral, Side)> {
    if u.session.role == Role::Partner {
        let r = referral_for_partner(state, u, rid, action, "referral").await?;
        return Ok((r, Side::Partner));
    }
    let r = state.store.referral(rid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    readable(state, u, &r.household_id, action).await?;
    Ok((r, Side::Worker))
}

/// One referral: for its household's team, or for a user of the organisation it was sent to.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", responses(
    (status = 200, description = "The referral", body = ReferralJson),
    (status = 403, description = "Neither the household's team nor the organisation it was sent to (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such referral", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn one(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<ReferralJson>> {
    let u = person(&state, &ctx, "GET", "/api/v1/referrals/{vid}").await?;
    let (r, side) = referral_for(&state, u, &id, Action::Read).await?;
    Ok(Json(referral_json(&r, side)))
}

/// A move of a referral.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MoveInput {
    /// The state to go to. The worker side: sent, withdrawn. The partner side: received, accepted,
    /// rejected, in_progress, completed.
    #[schema(example = "completed")]
    to: String,
    /// The referral's version the move is based on.
    version: i64,
    /// Required to reject or withdraw, and with a completion that is not a success.
    reason: Option<String>,
    /// Only to complete: success or failure.
    #[schema(example = "success")]
    outcome: Option<String>,
}

/// Moves a referral by the domain's table of moves: the worker side (the household's team) sends
/// and withdraws; the partner side (the organisation it was sent to) answers. Idempotent for
/// retries: when the last move already went to `to` by the caller's side, the answer is 200 with
/// the referral unchanged.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/moves", request_body = MoveInput, responses(
    (status = 200, description = "Moved (or already moved so by this side); the referral as it stands now", body = ReferralJson),
    (status = 403, description = "Neither the household's team nor the organisation it was sent to (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such referral", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Stale version", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, per field; a move not in the table or not the caller's side's (nothing changed); a draft that cannot be sent, per field", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn moves(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> WebResult<Json<ReferralJson>> {
    let u = person(&state, &ctx, "POST", "/api/v1/referrals/{vid}/moves").await?;
    let body = json_body(&body)?;
    let (r, side) = referral_for(&state, u, &id, Action::Update).await?;
    let tr = ctx.tr;
    let mut f = json_form("stap", &body)?;
    let parsed = parse_move(&mut f, tr);
    let version = f.raw("version").trim().parse::<i64>().ok();
    if version.is_none() {
        f.errors.insert("version".into(), tr.t("err-required"));
    }
    let (Some((to, details)), Some(version)) = (parsed, version) else { return Err(field_errors(&f)) };
    // A retry of a move that was made (the same target, by the same side) answers as the first did.
    if r.moves.last().is_some_and(|m| m.transition.to == to && m.transition.side == side) {
        return Ok(Json(referral_json(&r, side)));
    }
    if let Err(e) = apply(r.state(), to, side, &details) {
        let detail = match &e {
            ReferralError::WrongSide { .. } => tr.t1("rapi-wrong-side", "side", &tr.t(&format!("rapi-side-{}", other(side).code()))),
            _ => move_error_text(tr, &e),
        };
        return Err(WebError { kind: ErrorKind::Validation, errors: vec![], detail: Some(detail) });
    }
    if to == ReferralState::Sent {
        check_sendable(&state, tr, &r).await?;
    }
    let social_map_org = match side {
        Side::Partner => Some(partner_organisation(&state, u).await?.ok_or_else(|| WebError::new(ErrorKind::Forbidden))?),
        Side::Worker => None,
    };
    let by = match &social_map_org {
        Some(org) => By::Partner { user: &u.user.id, organisation: org },
        None => By::Worker { user: &u.user.id },
    };
    let mut audit = household_audit(u, Some(&r.household_id), "referral", Action::Update, None);
    if side == Side::Partner {
        audit.purpose = Purpose::Referral.as_str().into();
    }
    state.store.move_referral(&id, version, to, (by, &u.user.display_name), &details, &audit).await.map_err(store_error)?;
    let r = state.store.referral(&id).await?.ok_or_else(|| WebError::new(ErrorKind::Internal))?;
    Ok(Json(referral_json(&r, side)))
}

fn other(side: Side) -> Side {
    match side {
        Side::Worker => Side::Partner,
        Side::Partner => Side::Worker,
    }
}

/// What the store checks again when a concept is sent, with each problem next to its field: the
/// draft (reason, what is shared, basis, a member's consent) and the service (still active, still
/// serving the household's area).
async fn check_sendable(state: &AppState, tr: Tr, r: &StoredReferral) -> WebResult<()> {
    let members: Vec<String> = state.store.members(&r.household_id).await?.into_iter().map(|m| m.id).collect();
    let ids: Vec<&str> = members.iter().map(String::as_str).collect();
    let public = state
        .store
        .organisations_on_social_map(&r.organization_id)
        .await?
        .iter()
        .any(|o| MdtParty::parse(&o.kind).is_ok_and(|p| p.is_public_body()));
    let mut errors = check_referral_draft(&r.draft(public), &ids).err().unwrap_or_default();
    let household = state.store.household(&r.household_id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    match state.store.service(&r.service_id).await? {
        Some(service) => errors.extend(check_recipient(&service, household.address.postcode.pc4()).err()),
        None => errors.push(DraftError::ServiceNotActive),
    }
    if errors.is_empty() { Ok(()) } else { Err(draft_problems(tr, &errors)) }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct InboxQuery {
    /// The page after the previous one: its `next` value, `<sent_at as unix seconds>:<id>`.
    #[param(example = "1795774500:0193b1f0-7c1e-7a34-9d2e-1c2f3a4b5c6d")]
    before: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct InboxJson {
    /// Newest first; never concepts.
    pub referrals: Vec<ReferralJson>,
    /// Pass as `?before=` for the next page; `null` on the last page.
    #[schema(example = "1795774500:0193b1f0-7c1e-7a34-9d2e-1c2f3a4b5c6d")]
    pub next: Option<String>,
}

/// The referrals sent to the caller's organisation (a partner user), newest first, a page at a
/// time. A partner whose organisation is not on the social map receives no referrals.
#[utoipa::path(get, path = "/api/v1/partner/referrals", params(InboxQuery), responses(
    (status = 200, description = "A page of the inbox", body = InboxJson),
    (status = 403, description = "Not a partner user (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "A bad `before`", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn inbox(State(state): State<AppState>, ctx: Ctx, Query(q): Query<InboxQuery>) -> WebResult<Json<InboxJson>> {
    let u = person(&state, &ctx, "GET", "/api/v1/partner/referrals").await?;
    let before = match q.before.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => None,
        Some(b) => {
            let parsed = b.split_once(':').and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id.to_string())));
            Some(parsed.filter(|(_, id)| !id.is_empty()).ok_or_else(|| one_field("before", "<sent_at>:<id>, as in `next`".into()))?)
        }
    };
    let mut audit = household_audit(u, None, "partner_referrals", Action::List, None);
    audit.purpose = Purpose::Referral.as_str().into();
    state.store.audit(&audit).await?;
    let Some(org) = partner_organisation(&state, u).await? else {
        return Ok(Json(InboxJson { referrals: Vec::new(), next: None }));
    };
    let list = state.store.referrals_to(&org, before.as_ref().map(|(at, id)| (*at, id.as_str())), INBOX_PAGE).await?;
    let next = if list.len() as i64 == INBOX_PAGE {
        list.last().and_then(|r| r.referral.sent_at().map(|at| format!("{at}:{}", r.id)))
    } else {
        None
    };
    Ok(Json(InboxJson { referrals: list.iter().map(|r| referral_json(r, Side::Partner)).collect(), next }))
}

// ---- The financial screening ----

/// The screenings Eenplan knows (the shipped questionnaire); new screenings use the last.
static SCREENINGS: LazyLock<Vec<Screening>> = LazyLock::new(eenplan_domain::screening::builtin);

fn screening_of(id: &str, version: &str) -> Option<&'static Screening> {
    SCREENINGS.iter().find(|s| s.id == id && s.version == version)
}

#[derive(Serialize, ToSchema)]
pub struct TextJson {
    pub nl: String,
    pub en: String,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionJson {
    /// The rule that made the suggestion.
    #[schema(example = "rent_arrears_two_months")]
    pub rule: String,
    /// The kind of service suggested.
    #[schema(example = "debt_counselling")]
    pub kind: String,
    #[schema(example = "high")]
    pub urgency: String,
    /// Why, as shown to the worker.
    pub reason: TextJson,
}

#[derive(Serialize, ToSchema)]
pub struct ResponseJson {
    #[schema(example = "rent_arrears_two_months")]
    pub rule: String,
    #[schema(example = "debt_counselling")]
    pub kind: String,
    /// accepted (a referral was drafted) or dismissed
    #[schema(example = "dismissed")]
    pub decision: String,
    /// Why it was dismissed.
    pub reason: Option<String>,
    pub referral_id: Option<String>,
    #[schema(example = "2026-11-27T10:15:00Z")]
    pub decided_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ScreeningJson {
    pub id: String,
    pub household_id: String,
    #[schema(example = "eenplan-financien")]
    pub questionnaire_id: String,
    #[schema(example = "1")]
    pub questionnaire_version: String,
    #[schema(example = "2026-11-27")]
    pub done_on: String,
    /// Question code → answer: true/false, a whole number, or an option's code.
    #[schema(value_type = Object, example = json!({"income_source": "work", "rent_arrears_months": 3, "energy_arrears": false}))]
    pub answers: Answers,
    /// What the rules suggest for these answers, most urgent first.
    pub suggestions: Vec<SuggestionJson>,
    /// The worker's responses to the suggestions.
    pub responses: Vec<ResponseJson>,
}

fn screening_json(s: &StoredScreening) -> ScreeningJson {
    let suggested = screening_of(&s.questionnaire_id, &s.questionnaire_version).map(|q| suggestions(q, &s.answers)).unwrap_or_default();
    ScreeningJson {
        id: s.id.clone(),
        household_id: s.household_id.clone(),
        questionnaire_id: s.questionnaire_id.clone(),
        questionnaire_version: s.questionnaire_version.clone(),
        done_on: format_date(s.done_on),
        answers: s.answers.clone(),
        suggestions: suggested
            .into_iter()
            .map(|x| SuggestionJson {
                rule: x.rule,
                kind: x.kind.code().into(),
                urgency: x.urgency.code().into(),
                reason: TextJson { nl: x.reason.nl, en: x.reason.en },
            })
            .collect(),
        responses: s
            .responses
            .iter()
            .map(|r| {
                let (decision, reason) = match &r.decision {
                    eenplan_domain::screening::Decision::Accepted => ("accepted", None),
                    eenplan_domain::screening::Decision::Dismissed { reason } => ("dismissed", Some(reason.clone())),
                };
                ResponseJson {
                    rule: r.rule.clone(),
                    kind: r.kind.code().into(),
                    decision: decision.into(),
                    reason,
                    referral_id: r.referral_id.clone(),
                    decided_at: timestamp(r.decided_at),
                }
            })
            .collect(),
    }
}

/// The household's financial screenings, newest first, with the suggestions and the worker's responses.
#[utoipa::path(get, path = "/api/v1/households/{id}/screenings", responses(
    (status = 200, description = "The screenings", body = [ScreeningJson]),
    (status = 403, description = "Not the caller's household (audited)", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn screenings(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult<Json<Vec<ScreeningJson>>> {
    let u = person(&state, &ctx, "GET", "/api/v1/households/{id}/screenings").await?;
    readable(&state, u, &id, Action::Read).await?;
    Ok(Json(state.store.screenings_of_household(&id).await?.iter().map(screening_json).collect()))
}

/// A screening done with the household today.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ScreeningInput {
    /// Question code → answer: true/false for a yes/no question, a whole number for a number, months
    /// or weeks question, an option's code for a choice. Every required question that is asked must
    /// be answered; a question that is not asked (given the other answers) must not be.
    #[schema(value_type = Object, example = json!({"income_source": "work", "income_stable": true, "rent_arrears_months": 3}))]
    answers: BTreeMap<String, serde_json::Value>,
}

/// The message for a problem with an answer: the screening's own message (`AnswerProblem::key`),
/// or this API's when the pages do not define it.
fn answer_message(tr: Tr, p: &AnswerProblem) -> String {
    let (min, max) = match p {
        AnswerProblem::OutOfRange { min, max } => (min.to_string(), max.to_string()),
        _ => (String::new(), String::new()),
    };
    let args = [("min", min.as_str()), ("max", max.as_str())];
    if tr.has(p.key()) {
        return tr.ta(p.key(), &args);
    }
    let fallback = match p {
        AnswerProblem::UnknownQuestion => "rapi-answer-unknown-question",
        AnswerProblem::WrongKind { .. } => "rapi-answer-wrong-kind",
        AnswerProblem::UnknownOption => "rapi-answer-unknown-option",
        AnswerProblem::OutOfRange { .. } => "rapi-answer-out-of-range",
        AnswerProblem::Missing => "err-required",
        AnswerProblem::NotAsked => "rapi-answer-not-asked",
    };
    tr.ta(fallback, &args)
}

/// Reads the `answers` object. A value that is no answer at all (a fraction, a list, null) is a
/// problem of its question; the rest is checked against the questionnaire.
fn read_answers(tr: Tr, screening: &Screening, body: &serde_json::Value) -> WebResult<Answers> {
    let Some(obj) = body.get("answers").and_then(|a| a.as_object()) else {
        return Err(one_field("answers", tr.t("rapi-answers-object")));
    };
    let mut answers = Answers::new();
    let mut problems: Vec<AnswerError> = Vec::new();
    for (code, v) in obj {
        let value = match v {
            serde_json::Value::Bool(b) => Some(Value::Bool(*b)),
            serde_json::Value::Number(n) => n.as_i64().map(Value::Number),
            serde_json::Value::String(s) => Some(Value::Choice(s.clone())),
            _ => None,
        };
        match (value, screening.questionnaire.question(code)) {
            (Some(value), _) => {
                answers.insert(code.clone(), value);
            }
            (None, Some(q)) => {
                problems.push(AnswerError { question: code.clone(), problem: AnswerProblem::WrongKind { expected: q.kind.code() } })
            }
            (None, None) => problems.push(AnswerError { question: code.clone(), problem: AnswerProblem::UnknownQuestion }),
        }
    }
    if let Err(more) = check_answers(&screening.questionnaire, &answers) {
        problems.extend(more);
    }
    if problems.is_empty() {
        return Ok(answers);
    }
    let mut fields: Vec<FieldError> = Vec::new();
    for p in problems {
        if !fields.iter().any(|f| f.field == p.question) {
            fields.push(FieldError { field: p.question.clone(), message: answer_message(tr, &p.problem) });
        }
    }
    fields.sort_by(|a, b| a.field.cmp(&b.field));
    Err(WebError::validation(fields))
}

/// Records a financial screening done with the household today; the answers are checked against the
/// questionnaire, and the response holds what the rules suggest.
#[utoipa::path(post, path = "/api/v1/households/{id}/screenings", request_body = ScreeningInput, responses(
    (status = 201, description = "Recorded, with the suggestions", body = ScreeningJson),
    (status = 403, description = "Not the caller's household (audited)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Problems with answers, one per question code", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn add_screening(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> WebResult<Response> {
    let u = person(&state, &ctx, "POST", "/api/v1/households/{id}/screenings").await?;
    let body = json_body(&body)?;
    readable(&state, u, &id, Action::Create).await?;
    let screening = SCREENINGS.last().ok_or_else(|| WebError::new(ErrorKind::Internal))?;
    let answers = read_answers(ctx.tr, screening, &body)?;
    let audit = household_audit(u, Some(&id), "screening", Action::Create, None);
    let sid = state.store.save_screening(&id, screening, &answers, state.store.today(), &u.user.id, &audit).await.map_err(store_error)?;
    let s = state.store.screening(&sid).await?.ok_or_else(|| WebError::new(ErrorKind::Internal))?;
    Ok((StatusCode::CREATED, Json(screening_json(&s))).into_response())
}
