//! Maatwerk in numbers for policy makers and team leads (`/maatwerk/overzicht`, and the same figures
//! at `/api/v1/exception-requests/totals`): per period and team, how many requests and how they were
//! decided, and the projected net savings of the approved ones per stakeholder. No personal data:
//! counts and sums only, and counts below 5 (and sums over fewer than 5 approved requests) are not
//! shown.

use crate::AppState;
use crate::cba_page::euros;
use crate::error::{WebError, WebResult};
use crate::households::Opt;
use crate::maatwerk_view::StoredAnalysis;
use crate::page::{Ctx, Page};
use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse};
use eenplan_domain::household::{format_date, parse_date};
use eenplan_domain::maatwerk::RequestState;
use eenplan_domain::maatwerk_totals::{MIN_SHOWN, Period, RequestFacts, Shown, Totals, shown, totals};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct TotalsQuery {
    /// month, quarter (default) or year
    #[serde(alias = "periode")]
    period: Option<String>,
    /// Requests made from this day on (default: the start of the year a year ago).
    #[serde(alias = "vanaf")]
    from: Option<String>,
}

/// The table for the query; a bad period or date is a 422 naming the field.
async fn table(state: &AppState, q: &TotalsQuery) -> WebResult<(Period, time::Date, BTreeMap<(String, String), Totals>)> {
    let bad =
        |field: &str, message: &str| WebError::validation(vec![crate::error::FieldError { field: field.into(), message: message.into() }]);
    let period = match q.period.as_deref().filter(|p| !p.is_empty()) {
        None => Period::Quarter,
        Some(p) => Period::parse(p).map_err(|_| bad("period", "month, quarter or year"))?,
    };
    let today = state.store.today();
    let from = match q.from.as_deref().filter(|f| !f.is_empty()) {
        None => Period::Year.start(today.replace_year(today.year() - 1).unwrap_or(today)),
        Some(f) => parse_date(f).map_err(|_| bad("from", "a date as YYYY-MM-DD"))?,
    };
    let start = from.midnight().assume_utc().unix_timestamp();
    let (rows, teams) = tokio::try_join!(state.store.requests_for_totals(start), state.store.teams())?;
    let name = |id: &Option<String>| {
        id.as_ref().and_then(|id| teams.iter().find(|t| &t.id == id)).map(|t| t.name.clone()).unwrap_or_else(|| "—".into())
    };
    let facts: Vec<RequestFacts> = rows
        .iter()
        .map(|r| RequestFacts {
            team: name(&r.team_id),
            created: time::OffsetDateTime::from_unix_timestamp(r.created_at).map(|t| t.date()).unwrap_or(from),
            state: r.state,
            net: StoredAnalysis::parse(r.analysis.as_deref()).map(|a| a.net_per_stakeholder).unwrap_or_default(),
        })
        .collect();
    Ok((period, from, totals(&facts, period)))
}

pub struct Row {
    pub period: String,
    pub team: String,
    pub requests: String,
    pub states: Vec<String>,
    pub approved_total: String,
    pub per_stakeholder: Vec<String>,
}

#[derive(Template)]
#[template(path = "maatwerk_totals.html")]
struct TotalsPage {
    page: Page,
    rows: Vec<Row>,
    state_headers: Vec<String>,
    periods: Vec<Opt>,
    period: String,
    from: String,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<TotalsQuery>) -> WebResult {
    let tr = ctx.tr;
    let (period, from, t) = table(&state, &q).await?;
    let count = |n: u32| match shown(n) {
        Shown::Exact(n) => n.to_string(),
        Shown::Fewer => tr.t1("mwt-fewer", "n", &MIN_SHOWN.to_string()),
    };
    let rows = t
        .iter()
        .map(|((p, team), x)| Row {
            period: p.clone(),
            team: team.clone(),
            requests: count(x.requests),
            states: RequestState::ALL.iter().map(|s| count(x.by_state.get(s).copied().unwrap_or(0))).collect(),
            approved_total: match x.approved_net_shown() {
                Some(_) => euros(x.approved_total()),
                None if x.approved() == 0 => "—".into(),
                None => tr.t("mwt-hidden"),
            },
            per_stakeholder: x
                .approved_net_shown()
                .into_iter()
                .flatten()
                .filter(|(_, v)| v.abs() >= 0.005)
                .map(|(s, v)| format!("{}: {}", tr.code("stakeholder", s.code()), euros(*v)))
                .collect(),
        })
        .collect();
    let page = TotalsPage {
        page: ctx.page("mwt-title"),
        rows,
        state_headers: RequestState::ALL.iter().map(|s| tr.code("mw-state-short", s.code())).collect(),
        periods: Period::ALL.iter().map(|p| Opt { code: p.code().into(), label: tr.code("period", p.code()) }).collect(),
        period: period.code().into(),
        from: format_date(from),
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct TotalsJson {
    #[schema(example = "2026-Q4")]
    pub period: String,
    pub team: String,
    /// Counts from 1 to 4 are `null` ("fewer than 5"): small numbers can point at a household.
    pub requests: Option<u32>,
    /// Requests per state (concept, shared, approved, rejected, withdrawn); 1 to 4 as `null`.
    pub by_state: BTreeMap<String, Option<u32>>,
    /// The approved requests' projected net savings per stakeholder, in euros; `null` when fewer
    /// than 5 requests were approved.
    pub approved_net: Option<BTreeMap<String, f64>>,
    pub approved_net_total: Option<f64>,
}

#[utoipa::path(get, path = "/api/v1/exception-requests/totals", params(TotalsQuery), responses(
    (status = 200, description = "Per period and team", body = [TotalsJson]),
    (status = 422, description = "A bad period or date", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn api(State(state): State<AppState>, Query(q): Query<TotalsQuery>) -> WebResult<Json<Vec<TotalsJson>>> {
    let (_, _, t) = table(&state, &q).await?;
    Ok(Json(
        t.into_iter()
            .map(|((period, team), x)| {
                let exact = |n: u32| match shown(n) {
                    Shown::Exact(n) => Some(n),
                    Shown::Fewer => None,
                };
                TotalsJson {
                    period,
                    team,
                    requests: exact(x.requests),
                    by_state: x.by_state.iter().map(|(s, n)| (s.code().to_string(), exact(*n))).collect(),
                    approved_net_total: x.approved_net_shown().map(|_| x.approved_total()),
                    approved_net: x.approved_net_shown().map(|m| m.iter().map(|(s, v)| (s.code().to_string(), *v)).collect()),
                }
            })
            .collect(),
    ))
}
