//! Early signals over the API, for signal senders (landlords, energy and water companies, health
//! insurers) with an API key: `POST /api/v1/signals` takes one signal or a batch; each is checked on
//! its own, the valid ones are stored exactly once per sender reference (a changed amount updates the
//! signal), and the answer says per signal what became of it. `GET /api/v1/signals/feedback` is the
//! statutory feedback: per sender reference only the outcome's category.

use crate::AppState;
use crate::error::{ErrorKind, FieldError, WebError, WebResult};
use crate::i18n::Tr;
use crate::page::{Caller, Ctx};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eenplan_domain::household::{format_date, parse_date};
use eenplan_domain::signals::outreach::feedback;
use eenplan_domain::signals::{RawSignal, Signal, SignalError, SignalProblem, check_signal};
use eenplan_store::signals::{Received, SignalSettings};
use serde::{Deserialize, Serialize};

use utoipa::ToSchema;

/// The sender: the organisation of the API key.
fn sender(ctx: &Ctx) -> WebResult<String> {
    match &ctx.caller {
        Caller::Key(k) => Ok(k.organisation_id.clone()),
        Caller::User(u) => u.user.organisation_id.clone().ok_or_else(|| WebError::new(ErrorKind::Forbidden)),
        Caller::Anonymous => Err(WebError::new(ErrorKind::Forbidden)),
    }
}

/// The message for a problem with one field of a signal.
pub fn problem_text(tr: Tr, e: &SignalError) -> String {
    match e {
        SignalError::TooLong(n) => tr.t1("err-too-long", "max", &n.to_string()),
        other => tr.t(other.key()),
    }
}

fn field_errors(tr: Tr, prefix: &str, problems: &[SignalProblem]) -> Vec<FieldError> {
    problems.iter().map(|p| FieldError { field: format!("{prefix}{}", p.field), message: problem_text(tr, &p.error) }).collect()
}

/// A signal's JSON object as text fields: strings as they are, numbers as written; a field the
/// signal does not have, or a value that is not text or a number, is an error naming the field.
fn raw_signal(value: &serde_json::Value, prefix: &str) -> Result<RawSignal, Vec<FieldError>> {
    let Some(obj) = value.as_object() else {
        return Err(vec![FieldError { field: prefix.trim_end_matches('.').to_string(), message: "expected an object".into() }]);
    };
    let mut raw = RawSignal::default();
    let mut errors = Vec::new();
    for (k, v) in obj {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Null => String::new(),
            _ => {
                errors.push(FieldError { field: format!("{prefix}{k}"), message: "expected text or a number".into() });
                continue;
            }
        };
        match raw.field_mut(k) {
            Some(field) => *field = text,
            None => errors.push(FieldError { field: format!("{prefix}{k}"), message: "not a field of a signal".into() }),
        }
    }
    if errors.is_empty() { Ok(raw) } else { Err(errors) }
}

#[derive(Serialize, ToSchema)]
pub struct SignalResult {
    pub index: usize,
    pub sender_reference: String,
    /// created, duplicate (the same reference and figures again: the first one's id), updated
    /// (the same reference with other figures), or rejected (with the errors).
    #[schema(example = "created")]
    pub status: &'static str,
    pub signal_id: Option<String>,
    pub melding_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Serialize, ToSchema)]
pub struct SignalsAnswer {
    pub received: usize,
    pub rejected: usize,
    pub results: Vec<SignalResult>,
}

/// Checks each signal, stores the valid ones and answers per signal.
#[utoipa::path(post, path = "/api/v1/signals", request_body(content_type = "application/json",
    description = "One signal, or `{\"signals\": [...]}`. A signal's fields are text: sender_reference, signal_type (rent, electricity, gas, heat, water, health_insurance, end_of_supply, other), amount (euros), days_in_arrears, months_in_arrears, signal_date (YYYY-MM-DD), given_names, name_prefix, family_name, date_of_birth, street, house_number, house_addition, postcode, city, phone, email, bsn"),
    responses(
    (status = 200, description = "Per signal: created, duplicate, updated or rejected (with errors); the valid ones are stored", body = SignalsAnswer),
    (status = 422, description = "No signal could be stored: the errors per signal and field (`signals[3].amount`)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a signal sender's key", body = crate::error::Problem, content_type = "application/problem+json")
), security(("api_key" = [])))]
pub async fn receive(State(state): State<AppState>, ctx: Ctx, body: axum::body::Bytes) -> WebResult<Response> {
    let tr = ctx.tr;
    let sender = sender(&ctx)?;
    let body: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| WebError::validation(vec![FieldError { field: "body".into(), message: e.to_string() }]))?;
    let (batch, items) = match body.get("signals") {
        Some(serde_json::Value::Array(items)) => (true, items.clone()),
        Some(_) => return Err(WebError::validation(vec![FieldError { field: "signals".into(), message: "expected an array".into() }])),
        None => (false, vec![body]),
    };
    let today = state.store.today();
    let mut results: Vec<SignalResult> = Vec::with_capacity(items.len());
    let mut valid: Vec<(usize, Signal)> = Vec::new();
    let mut errors = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let prefix = if batch { format!("signals[{index}].") } else { String::new() };
        let checked = raw_signal(item, &prefix).and_then(|raw| check_signal(&raw, today).map_err(|p| field_errors(tr, &prefix, &p)));
        let reference = item.get("sender_reference").and_then(|r| r.as_str()).unwrap_or_default().to_string();
        match checked {
            Ok(s) => valid.push((index, s)),
            Err(errs) => {
                errors.extend(errs.iter().cloned());
                results.push(SignalResult {
                    index,
                    sender_reference: reference,
                    status: "rejected",
                    signal_id: None,
                    melding_id: None,
                    errors: errs,
                });
            }
        }
    }
    if valid.is_empty() {
        return Err(WebError::validation(errors));
    }
    let audit = signal_audit(&ctx, &sender, valid.len());
    let signals: Vec<Signal> = valid.iter().map(|(_, s)| s.clone()).collect();
    let stored = state.store.submit_signals(&sender, signals, SignalSettings::default(), audit).await?;
    for ((index, s), r) in valid.iter().zip(stored) {
        let status = match r {
            Received::Created { .. } => "created",
            Received::Duplicate { .. } => "duplicate",
            Received::Updated { .. } => "updated",
        };
        results.push(SignalResult {
            index: *index,
            sender_reference: s.sender_reference.clone(),
            status,
            signal_id: Some(r.signal_id().to_string()),
            melding_id: Some(r.melding_id().to_string()),
            errors: vec![],
        });
    }
    results.sort_by_key(|r| r.index);
    let rejected = results.iter().filter(|r| r.status == "rejected").count();
    Ok((StatusCode::OK, Json(SignalsAnswer { received: results.len() - rejected, rejected, results })).into_response())
}

/// The audit record of a batch received from a sender (how many; the signals are personal data).
fn signal_audit(ctx: &Ctx, sender: &str, count: usize) -> eenplan_domain::audit::AuditDraft {
    let (actor, actor_name, role) = match &ctx.caller {
        Caller::Key(k) => (format!("apikey:{}", k.id), k.label.clone(), k.role.as_str().to_string()),
        Caller::User(u) => (u.user.id.clone(), u.user.username.clone(), u.session.role.as_str().to_string()),
        Caller::Anonymous => ("anonymous".into(), "anonymous".into(), "anonymous".into()),
    };
    eenplan_domain::audit::AuditDraft {
        actor,
        actor_name,
        role,
        organisation: Some(sender.to_string()),
        household: None,
        member: None,
        resource: "signals".into(),
        resource_id: Some(format!("{count} signal(s)")),
        action: "create".into(),
        purpose: eenplan_domain::access::Purpose::EarlySignal.as_str().into(),
        outcome: eenplan_domain::audit::Outcome::Allowed,
        break_glass: false,
        reason: None,
    }
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct FeedbackQuery {
    /// Outcomes from this day on (YYYY-MM-DD); default: the last 90 days.
    pub since: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FeedbackJson {
    pub sender_reference: String,
    /// The category only: in_help, declined, not_reached, resolved, moved.
    #[schema(example = "in_help")]
    pub feedback: &'static str,
    #[schema(example = "2026-11-20")]
    pub closed_on: String,
}

/// The statutory feedback on the sender's signals: the outcome's category, nothing else.
#[utoipa::path(get, path = "/api/v1/signals/feedback", params(FeedbackQuery), responses(
    (status = 200, description = "Per sender reference of a closed melding: the feedback category", body = [FeedbackJson]),
    (status = 422, description = "A bad date", body = crate::error::Problem, content_type = "application/problem+json")
), security(("api_key" = [])))]
pub async fn feedback_list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FeedbackQuery>) -> WebResult<Json<Vec<FeedbackJson>>> {
    let sender = sender(&ctx)?;
    let since = match q.since.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            parse_date(s).map_err(|_| WebError::validation(vec![FieldError { field: "since".into(), message: "YYYY-MM-DD".into() }]))?
        }
        None => state.store.today() - time::Duration::days(90),
    };
    let list = state.store.outcomes_for_sender(&sender, since).await?;
    Ok(Json(
        list.into_iter()
            .map(|(sender_reference, outcome, on)| FeedbackJson {
                sender_reference,
                feedback: feedback(outcome).code(),
                closed_on: format_date(on),
            })
            .collect(),
    ))
}
