//! The unit-cost catalogue and the stateless cost-benefit engine over the API:
//! `GET /api/v1/unit-costs` and `POST /api/v1/cost-benefit/evaluate` (JSON in, JSON out; no personal
//! data, nothing stored). Events name a catalogue code (its price indexed to the analysis year) or
//! bring their own amount.

use crate::AppState;
use crate::error::{FieldError, WebError, WebResult};
use crate::page::Ctx;
use axum::Json;
use axum::extract::{Query, State};
use eenplan_domain::cba::{Analysis, Event, Outcome, Scenario, Settings, evaluate, validate};
use eenplan_domain::costs::{Confidence, CostUnit, Stakeholder, ValueType};
use eenplan_domain::unit_costs::{Catalogue, IndexSeries};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The catalogue and its price index, as loaded at start.
#[derive(Debug, Clone)]
pub struct CostData {
    pub catalogue: Catalogue,
    pub index: IndexSeries,
}

impl Default for CostData {
    fn default() -> CostData {
        let (catalogue, index) = eenplan_domain::unit_costs::builtin();
        CostData { catalogue, index }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UnitCostJson {
    #[schema(example = "bijstand_alleenstaande")]
    pub code: String,
    pub name_nl: String,
    pub name_en: String,
    /// In its own price year.
    pub amount: f64,
    #[schema(example = "per_month")]
    pub unit: String,
    pub price_year: i32,
    /// Indexed to the requested year (CBS CPI); absent when the index lacks a year.
    pub amount_indexed: Option<f64>,
    #[schema(example = "gemeente_participatiewet")]
    pub stakeholder: String,
    #[schema(example = "fiscal")]
    pub value_type: String,
    /// 1 (best) … 6.
    pub confidence: u8,
    pub indicative: bool,
    pub source: String,
    pub source_url: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct YearQuery {
    /// The analysis year prices are indexed to (default: the latest year of the index).
    year: Option<i32>,
}

fn latest_year(index: &IndexSeries) -> i32 {
    index.years.keys().next_back().copied().unwrap_or(2025)
}

/// The unit-cost catalogue, each price also indexed to the analysis year.
#[utoipa::path(get, path = "/api/v1/unit-costs", params(YearQuery), responses(
    (status = 200, description = "The catalogue", body = [UnitCostJson])
))]
pub async fn unit_costs(State(state): State<AppState>, Query(q): Query<YearQuery>) -> Json<Vec<UnitCostJson>> {
    let data = state.costs();
    let year = q.year.unwrap_or_else(|| latest_year(&data.index));
    Json(
        data.catalogue
            .items
            .iter()
            .map(|i| UnitCostJson {
                code: i.code.clone(),
                name_nl: i.name.nl.clone(),
                name_en: i.name.en.clone(),
                amount: i.amount,
                unit: i.unit.code().into(),
                price_year: i.price_year,
                amount_indexed: i.amount_in(&data.index, year).ok(),
                stakeholder: i.stakeholder.code().into(),
                value_type: i.value_type.code().into(),
                confidence: i.confidence.grade(),
                indicative: i.indicative,
                source: format!("{}, {} ({})", i.source.publication, i.source.publisher, i.source.year),
                source_url: i.source.url.clone(),
            })
            .collect(),
    )
}

/// One event: a catalogue `code`, or an own `amount` with `unit`, `stakeholder`, `confidence` and
/// `value_type`. Fields given with a code override the catalogue's (e.g. a different stakeholder).
#[derive(Serialize, Deserialize, ToSchema, Default, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct EventInput {
    pub code: Option<String>,
    pub label: Option<String>,
    pub amount: Option<f64>,
    pub unit: Option<String>,
    pub stakeholder: Option<String>,
    pub confidence: Option<u8>,
    pub value_type: Option<String>,
    #[schema(example = 1.0)]
    pub quantity: Option<f64>,
    pub start_month: u32,
    pub duration_months: u32,
    #[schema(example = 1.0)]
    pub probability: Option<f64>,
    /// Factor range of the amount, e.g. [0.8, 1.3].
    pub range: Option<(f64, f64)>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone, Debug, PartialEq)]
pub struct EvaluateInput {
    /// The year all prices are brought to (default: the latest year of the price index).
    pub analysis_year: Option<i32>,
    /// Horizon, discount rate, optimism bias, Monte Carlo draws and seed (defaults when absent).
    #[schema(value_type = Object)]
    pub settings: Option<Settings>,
    pub without: Vec<EventInput>,
    pub with: Vec<EventInput>,
}

#[derive(Serialize, ToSchema)]
pub struct EvaluateOutput {
    pub analysis_year: i32,
    /// The analysis as evaluated (catalogue prices filled in and indexed).
    #[schema(value_type = Object)]
    pub analysis: Analysis,
    /// Present values, net per stakeholder, benefit-cost ratio, break-even month, sensitivity, Monte Carlo.
    #[schema(value_type = Object)]
    pub outcome: Outcome,
}

/// Fills one event from the catalogue and the input; a problem is named by its field path.
fn resolve(data: &CostData, year: i32, side: &str, i: usize, e: &EventInput, errors: &mut Vec<FieldError>) -> Option<Event> {
    let at = |f: &str| format!("{side}[{i}].{f}");
    let mut err = |f: &str, message: String| errors.push(FieldError { field: at(f), message });
    let item = match &e.code {
        Some(code) => match data.catalogue.item(code) {
            Some(item) => Some(item),
            None => {
                err("code", format!("unknown unit-cost code {code}"));
                return None;
            }
        },
        None => None,
    };
    let amount = match (e.amount, item) {
        (Some(a), _) => Some(a),
        (None, Some(item)) => match item.amount_in(&data.index, year) {
            Ok(a) => Some(a),
            Err(x) => {
                err("code", x.to_string());
                None
            }
        },
        (None, None) => {
            err("amount", "give a catalogue code or an amount".into());
            None
        }
    };
    let pick = |given: &Option<String>, from_item: Option<&'static str>, f: &str, errors: &mut Vec<FieldError>| -> Option<String> {
        match (given, from_item) {
            (Some(g), _) => Some(g.clone()),
            (None, Some(c)) => Some(c.to_string()),
            (None, None) => {
                errors.push(FieldError { field: format!("{side}[{i}].{f}"), message: "required without a catalogue code".into() });
                None
            }
        }
    };
    let unit = pick(&e.unit, item.map(|x| x.unit.code()), "unit", errors).and_then(|u| {
        CostUnit::parse(&u).map_err(|_| errors.push(FieldError { field: at("unit"), message: format!("unknown unit {u}") })).ok()
    });
    let stakeholder = pick(&e.stakeholder, item.map(|x| x.stakeholder.code()), "stakeholder", errors).and_then(|s| {
        Stakeholder::parse(&s)
            .map_err(|_| errors.push(FieldError { field: at("stakeholder"), message: format!("unknown stakeholder {s}") }))
            .ok()
    });
    let value_type = pick(&e.value_type, item.map(|x| x.value_type.code()), "value_type", errors).and_then(|v| {
        ValueType::parse(&v)
            .map_err(|_| errors.push(FieldError { field: at("value_type"), message: format!("unknown value type {v}") }))
            .ok()
    });
    let confidence = match (e.confidence, item) {
        (Some(g), _) => Confidence::new(i64::from(g))
            .map_err(|_| errors.push(FieldError { field: at("confidence"), message: "a grade from 1 to 6".into() }))
            .ok(),
        (None, Some(x)) => Some(x.confidence),
        (None, None) => Some(Confidence::WORST),
    };
    Some(Event {
        label: e.label.clone().or_else(|| item.map(|x| x.name.nl.clone())).unwrap_or_default(),
        stakeholder: stakeholder?,
        amount: amount?,
        unit: unit?,
        quantity: e.quantity.unwrap_or(1.0),
        start_month: e.start_month,
        duration_months: e.duration_months,
        probability: e.probability.unwrap_or(1.0),
        confidence: confidence?,
        value_type: value_type?,
        range: e.range,
    })
}

/// Runs the cost-benefit engine on two scenarios. Deterministic for the seed in `settings`.
#[utoipa::path(post, path = "/api/v1/cost-benefit/evaluate", request_body = EvaluateInput, responses(
    (status = 200, description = "The analysis and its outcome", body = EvaluateOutput),
    (status = 422, description = "Invalid fields, per field (e.g. without[2].probability)", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn evaluate_api(
    State(state): State<AppState>,
    _ctx: Ctx,
    Json(body): Json<serde_json::Value>,
) -> WebResult<Json<EvaluateOutput>> {
    let input: EvaluateInput = serde_json::from_value(body)
        .map_err(|e| WebError::validation(vec![FieldError { field: "body".into(), message: e.to_string() }]))?;
    let out = run(&state.costs(), input).await.map_err(WebError::validation)?;
    Ok(Json(out))
}

/// Resolves the events against the catalogue and runs the engine off the async threads; every problem
/// is named by its input path (`without[2].probability`, `settings.horizon_months`).
pub async fn run(data: &CostData, input: EvaluateInput) -> Result<EvaluateOutput, Vec<FieldError>> {
    let year = input.analysis_year.unwrap_or_else(|| latest_year(&data.index));
    let mut errors = Vec::new();
    let scenario = |side: &str, list: &[EventInput], errors: &mut Vec<FieldError>| Scenario {
        events: list.iter().enumerate().filter_map(|(i, e)| resolve(data, year, side, i, e, errors)).collect(),
    };
    let without = scenario("without", &input.without, &mut errors);
    let with = scenario("with", &input.with, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let analysis = Analysis { without, with, settings: input.settings.unwrap_or_default() };
    let problems = validate(&analysis);
    if !problems.is_empty() {
        // The engine's paths are `without.events[2].probability`; the input's are `without[2]…`.
        return Err(problems
            .iter()
            .map(|p| FieldError { field: p.field().replacen(".events[", "[", 1), message: p.to_string() })
            .collect());
    }
    let a = analysis.clone();
    let outcome = tokio::task::spawn_blocking(move || evaluate(&a))
        .await
        .map_err(|_| vec![FieldError { field: "body".into(), message: "the calculation stopped".into() }])?
        .map_err(|e| vec![FieldError { field: e.field(), message: e.to_string() }])?;
    Ok(EvaluateOutput { analysis_year: year, analysis, outcome })
}
