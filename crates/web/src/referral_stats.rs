//! Referrals in numbers for policy makers and team leads (`/verwijzingen/statistiek`, and the same
//! figures at `/api/v1/referrals/statistics`): per service, how many referrals were sent since a day,
//! how fast and how the partner answered, and how they ended. No personal data: counts, rates and
//! hours only, and a service with fewer than 5 referrals sent is listed with its figures suppressed
//! (small numbers can point at a household).

use crate::AppState;
use crate::error::{FieldError, WebError, WebResult};
use crate::page::{Ctx, Page};
use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse};
use eenplan_domain::household::{format_date, parse_date};
use eenplan_domain::maatwerk_totals::{MIN_SHOWN, Period, Shown, shown};
use eenplan_domain::referral::{ServiceStats, service_statistics};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct StatsQuery {
    /// Referrals sent from this day on, YYYY-MM-DD (default: the start of the year a year ago).
    #[serde(alias = "vanaf")]
    #[param(example = "2026-01-01")]
    from: Option<String>,
}

/// One service's figures, with the name the service had on its latest referral.
pub struct ServiceRow {
    pub service_id: String,
    pub service_name: String,
    pub stats: ServiceStats,
}

impl ServiceRow {
    /// Fewer than `MIN_SHOWN` referrals sent: the figures are not shown.
    pub fn suppressed(&self) -> bool {
        self.stats.sent < MIN_SHOWN
    }
}

/// The day the figures start, and a row per service (by name); a bad date is a 422 naming `from`.
async fn table(state: &AppState, q: &StatsQuery) -> WebResult<(time::Date, Vec<ServiceRow>)> {
    let today = state.store.today();
    let from = match q.from.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        None => Period::Year.start(today.replace_year(today.year() - 1).unwrap_or(today)),
        Some(f) => parse_date(f)
            .map_err(|_| WebError::validation(vec![FieldError { field: "from".into(), message: "a date as YYYY-MM-DD".into() }]))?,
    };
    let start = from.midnight().assume_utc().unix_timestamp();
    let sent = state.store.referrals_sent_since(start).await?;
    // Oldest first: the last name seen is the service's latest.
    let names: BTreeMap<&str, &str> = sent.iter().map(|r| (r.service_id.as_str(), r.service_name.as_str())).collect();
    let referrals: Vec<_> = sent.iter().map(|r| r.referral.clone()).collect();
    let mut rows: Vec<ServiceRow> = service_statistics(&referrals)
        .into_iter()
        .map(|stats| ServiceRow {
            service_id: stats.service.clone(),
            service_name: names.get(stats.service.as_str()).map(|n| n.to_string()).unwrap_or_else(|| stats.service.clone()),
            stats,
        })
        .collect();
    rows.sort_by(|a, b| (a.service_name.to_lowercase(), &a.service_id).cmp(&(b.service_name.to_lowercase(), &b.service_id)));
    Ok((from, rows))
}

fn hours(h: Option<f64>) -> String {
    h.map(|h| format!("{h:.1}")).unwrap_or_else(|| "—".into())
}

fn percent(r: Option<f64>) -> String {
    r.map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_else(|| "—".into())
}

/// A row as the page shows it: every figure as text; a suppressed row has none.
pub struct Row {
    pub name: String,
    pub suppressed: bool,
    pub figures: Vec<String>,
}

#[derive(Template)]
#[template(path = "referral_stats.html")]
struct StatsPage {
    page: Page,
    from: String,
    headers: Vec<String>,
    rows: Vec<Row>,
    fewer: String,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<StatsQuery>) -> WebResult {
    let tr = ctx.tr;
    let (from, table) = table(&state, &q).await?;
    let headers = [
        "rst-col-sent",
        "rst-col-answered",
        "rst-col-median",
        "rst-col-p90",
        "rst-col-accepted",
        "rst-col-rejected",
        "rst-col-rate",
        "rst-col-success",
        "rst-col-failure",
        "rst-col-withdrawn",
        "rst-col-open",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let fewer = tr.t1("rst-fewer", "n", &MIN_SHOWN.to_string());
    // Within a shown service every count passes the small-cell rule too, and a time or a rate
    // resting on fewer than `MIN_SHOWN` referrals is not shown.
    let count = |v: u32| match shown(v) {
        Shown::Exact(n) => n.to_string(),
        Shown::Fewer => fewer.clone(),
    };
    let rows = table
        .iter()
        .map(|r| {
            let s = &r.stats;
            let over_answered = |h: Option<f64>| if s.answered >= MIN_SHOWN { hours(h) } else { "—".into() };
            Row {
                name: r.service_name.clone(),
                suppressed: r.suppressed(),
                figures: if r.suppressed() {
                    Vec::new()
                } else {
                    vec![
                        count(s.sent),
                        count(s.answered),
                        over_answered(s.median_response_hours),
                        over_answered(s.p90_response_hours),
                        count(s.accepted),
                        count(s.rejected),
                        if s.accepted + s.rejected >= MIN_SHOWN { percent(s.acceptance_rate) } else { "—".into() },
                        count(s.completed_success),
                        count(s.completed_failure),
                        count(s.withdrawn),
                        count(s.open),
                    ]
                },
            }
        })
        .collect();
    let page = StatsPage { page: ctx.page("rst-title"), from: format_date(from), headers, rows, fewer };
    Ok(Html(page.render()?).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct ServiceStatsJson {
    #[schema(example = "svc-schuldhulp")]
    pub service_id: String,
    #[schema(example = "Schuldhulpverlening")]
    pub service_name: String,
    /// Fewer than 5 referrals were sent to this service: every figure below is `null`. In a service
    /// that is shown, a count from 1 to 4 is `null` too (the small-cell rule), and the hours and the
    /// rate are `null` when they rest on fewer than 5 referrals.
    pub suppressed: bool,
    pub sent: Option<u32>,
    /// Answered by the partner: receipt confirmed, accepted or rejected.
    pub answered: Option<u32>,
    /// Hours from sending to the partner's first answer, over the answered referrals.
    #[schema(example = 20.5)]
    pub median_response_hours: Option<f64>,
    /// The 90th percentile (nearest rank) of those hours.
    #[schema(example = 46.0)]
    pub p90_response_hours: Option<f64>,
    pub accepted: Option<u32>,
    pub rejected: Option<u32>,
    /// accepted / (accepted + rejected); `null` before any decision too.
    #[schema(example = 0.8)]
    pub acceptance_rate: Option<f64>,
    pub completed_success: Option<u32>,
    pub completed_failure: Option<u32>,
    pub withdrawn: Option<u32>,
    /// Sent, received, accepted or in progress.
    pub open: Option<u32>,
}

impl From<&ServiceRow> for ServiceStatsJson {
    fn from(r: &ServiceRow) -> ServiceStatsJson {
        let visible = !r.suppressed();
        let n = |v: u32| match shown(v) {
            Shown::Exact(v) if visible => Some(v),
            _ => None,
        };
        let s = &r.stats;
        let timed = visible && s.answered >= MIN_SHOWN;
        let rated = visible && s.accepted + s.rejected >= MIN_SHOWN;
        ServiceStatsJson {
            service_id: r.service_id.clone(),
            service_name: r.service_name.clone(),
            suppressed: !visible,
            sent: n(s.sent),
            answered: n(s.answered),
            median_response_hours: s.median_response_hours.filter(|_| timed),
            p90_response_hours: s.p90_response_hours.filter(|_| timed),
            accepted: n(s.accepted),
            rejected: n(s.rejected),
            acceptance_rate: s.acceptance_rate.filter(|_| rated),
            completed_success: n(s.completed_success),
            completed_failure: n(s.completed_failure),
            withdrawn: n(s.withdrawn),
            open: n(s.open),
        }
    }
}

/// Per service (by name), the referrals sent from `from` on and how they went.
#[utoipa::path(get, path = "/api/v1/referrals/statistics", params(StatsQuery), responses(
    (status = 200, description = "Per service; services with fewer than 5 referrals sent are suppressed", body = [ServiceStatsJson]),
    (status = 422, description = "A bad date", body = crate::error::Problem, content_type = "application/problem+json")
))]
pub async fn api(State(state): State<AppState>, Query(q): Query<StatsQuery>) -> WebResult<Json<Vec<ServiceStatsJson>>> {
    let (_, rows) = table(&state, &q).await?;
    Ok(Json(rows.iter().map(ServiceStatsJson::from).collect()))
}
