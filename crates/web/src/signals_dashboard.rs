//! Early signals in numbers for policy makers and team leads (`/vroegsignalering/overzicht`, and the
//! same figures at `/api/v1/signals/statistics`): per period and team, the meldingen, their signals
//! per type and per kind of sender, the days to the first contact attempt, the reach rate, the
//! outcomes and the repeats (`domain::signals::dashboard`). No personal data: counts, a median and a
//! rate only; counts from 1 to 4 are "fewer than 5", and a median or rate over fewer than 5
//! meldingen is not shown.

use crate::AppState;
use crate::error::{FieldError, WebError, WebResult};
use crate::households::Opt;
use crate::page::{Ctx, Page};
use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse};
use eenplan_domain::household::{format_date, parse_date};
use eenplan_domain::maatwerk_totals::{MIN_SHOWN, Period, Shown};
use eenplan_domain::signals::dashboard::{DashboardRow, dashboard};
use eenplan_domain::signals::outreach::Outcome;
use eenplan_domain::signals::{SenderKind, SignalType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct StatsQuery {
    /// month (default), quarter or year
    #[serde(alias = "periode")]
    #[param(example = "month")]
    period: Option<String>,
    /// Meldingen received from this day on, YYYY-MM-DD (default: the start of the period a year ago).
    #[serde(alias = "vanaf")]
    #[param(example = "2026-01-01")]
    from: Option<String>,
}

/// One dashboard row with its team's id and name (`None`: no team covers the postcode).
pub struct TeamRow {
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub row: DashboardRow,
}

/// The period, the first day and the rows for the query, ordered by period, then no team, then
/// team name; a bad period or date is a 422 naming the field.
async fn table(state: &AppState, q: &StatsQuery) -> WebResult<(Period, time::Date, Vec<TeamRow>)> {
    let bad = |field: &str, message: &str| WebError::validation(vec![FieldError { field: field.into(), message: message.into() }]);
    let period = match q.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => Period::Month,
        Some(p) => Period::parse(p).map_err(|_| bad("period", "month, quarter or year"))?,
    };
    let today = state.store.today();
    let from = match q.from.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        None => period.start(today.replace_year(today.year() - 1).unwrap_or(today)),
        Some(f) => parse_date(f).map_err(|_| bad("from", "a date as YYYY-MM-DD"))?,
    };
    let (facts, teams) = tokio::try_join!(state.store.signal_facts(from), state.store.teams())?;
    let mut rows: Vec<TeamRow> = dashboard(&facts, period)
        .into_iter()
        .map(|row| {
            let team_name =
                row.team.as_ref().map(|id| teams.iter().find(|t| &t.id == id).map(|t| t.name.clone()).unwrap_or_else(|| id.clone()));
            TeamRow { team_id: row.team.clone(), team_name, row }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.row.period_start, a.team_name.is_some(), a.team_name.as_ref().map(|n| n.to_lowercase()), &a.team_id).cmp(&(
            b.row.period_start,
            b.team_name.is_some(),
            b.team_name.as_ref().map(|n| n.to_lowercase()),
            &b.team_id,
        ))
    });
    Ok((period, from, rows))
}

fn exact(s: Shown) -> Option<u32> {
    match s {
        Shown::Exact(n) => Some(n),
        Shown::Fewer => None,
    }
}

/// A count from one of a row's maps (every key is listed there; 0 if not).
fn at<K: Ord>(m: &BTreeMap<K, Shown>, k: &K) -> Shown {
    m.get(k).copied().unwrap_or(Shown::Exact(0))
}

/// A row as the page shows it: every figure as text.
pub struct Row {
    pub period: String,
    pub team: String,
    pub overview: Vec<String>,
    pub by_type: Vec<String>,
    pub by_sender: Vec<String>,
    pub outcomes: Vec<String>,
}

#[derive(Template)]
#[template(path = "signals_dashboard.html")]
struct StatsPage {
    page: Page,
    rows: Vec<Row>,
    overview_headers: Vec<String>,
    type_headers: Vec<String>,
    sender_headers: Vec<String>,
    outcome_headers: Vec<String>,
    periods: Vec<Opt>,
    period: String,
    from: String,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<StatsQuery>) -> WebResult {
    let tr = ctx.tr;
    let (period, from, table) = table(&state, &q).await?;
    let fewer = tr.t1("sst-fewer", "n", &MIN_SHOWN.to_string());
    let count = |s: Shown| exact(s).map(|n| n.to_string()).unwrap_or_else(|| fewer.clone());
    let dash = || "—".to_string();
    let rows = table
        .iter()
        .map(|t| {
            let r = &t.row;
            Row {
                period: r.period.clone(),
                team: t.team_name.clone().unwrap_or_else(|| tr.t("sst-no-team")),
                overview: vec![
                    count(r.meldingen),
                    count(r.signals),
                    count(r.attempted),
                    r.median_days_to_first_attempt.map(|d| tr.decimal(d, 1)).unwrap_or_else(dash),
                    count(r.reached),
                    r.reach_rate.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or_else(dash),
                    count(r.open),
                    count(r.repeats),
                ],
                by_type: SignalType::ALL.iter().map(|k| count(at(&r.by_type, k))).collect(),
                by_sender: SenderKind::ALL.iter().map(|k| count(at(&r.by_sender, k))).collect(),
                outcomes: Outcome::ALL.iter().map(|k| count(at(&r.outcomes, k))).collect(),
            }
        })
        .collect();
    let overview_headers = [
        "sst-col-meldingen",
        "sst-col-signals",
        "sst-col-attempted",
        "sst-col-median-days",
        "sst-col-reached",
        "sst-col-reach-rate",
        "sst-col-open",
        "sst-col-repeats",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let page = StatsPage {
        page: ctx.page("sst-title"),
        rows,
        overview_headers,
        type_headers: SignalType::ALL.iter().map(|k| tr.code("signal-type", k.code())).collect(),
        sender_headers: SenderKind::ALL.iter().map(|k| tr.code("sst-sender", k.code())).collect(),
        outcome_headers: Outcome::ALL.iter().map(|k| tr.code("outreach-outcome", k.code())).collect(),
        periods: Period::ALL.iter().map(|p| Opt { code: p.code().into(), label: tr.code("period", p.code()) }).collect(),
        period: period.code().into(),
        from: format_date(from),
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct SignalStatsJson {
    #[schema(example = "2026-11")]
    pub period: String,
    /// The first day of the period.
    #[schema(example = "2026-11-01")]
    pub period_start: String,
    /// `null` for meldingen no team's area covers.
    pub team_id: Option<String>,
    pub team: Option<String>,
    /// Counts from 1 to 4 are `null` ("fewer than 5"): small numbers can point at a household.
    pub meldingen: Option<u32>,
    pub signals: Option<u32>,
    /// Signals per type (rent, electricity, gas, heat, water, health_insurance, end_of_supply, other).
    pub by_type: BTreeMap<String, Option<u32>>,
    /// Signals per kind of sender (housing_corporation, private_landlord, energy, water, health_insurer, other).
    pub by_sender_kind: BTreeMap<String, Option<u32>>,
    /// Meldingen with a first contact attempt.
    pub attempted: Option<u32>,
    /// Median calendar days from receipt to the first attempt; `null` when fewer than 5 had one.
    #[schema(example = 3.0)]
    pub median_days_to_first_attempt: Option<f64>,
    pub reached: Option<u32>,
    /// reached / attempted; `null` when fewer than 5 were attempted.
    #[schema(example = 0.6)]
    pub reach_rate: Option<f64>,
    /// Closed meldingen per outcome (help_accepted, help_declined, no_contact, already_resolved, moved).
    pub outcomes: BTreeMap<String, Option<u32>>,
    pub open: Option<u32>,
    /// Meldingen with a signal at the same address in the six months before.
    pub repeats: Option<u32>,
}

impl From<&TeamRow> for SignalStatsJson {
    fn from(t: &TeamRow) -> SignalStatsJson {
        let r = &t.row;
        SignalStatsJson {
            period: r.period.clone(),
            period_start: format_date(r.period_start),
            team_id: t.team_id.clone(),
            team: t.team_name.clone(),
            meldingen: exact(r.meldingen),
            signals: exact(r.signals),
            by_type: r.by_type.iter().map(|(k, s)| (k.code().to_string(), exact(*s))).collect(),
            by_sender_kind: r.by_sender.iter().map(|(k, s)| (k.code().to_string(), exact(*s))).collect(),
            attempted: exact(r.attempted),
            median_days_to_first_attempt: r.median_days_to_first_attempt,
            reached: exact(r.reached),
            reach_rate: r.reach_rate,
            outcomes: r.outcomes.iter().map(|(k, s)| (k.code().to_string(), exact(*s))).collect(),
            open: exact(r.open),
            repeats: exact(r.repeats),
        }
    }
}

/// Per period and team, the meldingen received from `from` on and how their outreach went.
#[utoipa::path(get, path = "/api/v1/signals/statistics", params(StatsQuery), responses(
    (status = 200, description = "Per period and team; counts from 1 to 4 are null", body = [SignalStatsJson]),
    (status = 422, description = "A bad period or date", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn api(State(state): State<AppState>, Query(q): Query<StatsQuery>) -> WebResult<Json<Vec<SignalStatsJson>>> {
    let (_, _, rows) = table(&state, &q).await?;
    Ok(Json(rows.iter().map(SignalStatsJson::from).collect()))
}
