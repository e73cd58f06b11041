//! The team lead's dashboard (`/team/overzicht`): the team's open work per contact worker, the wait
//! from intake to first contact, meldingen without a contact attempt, referrals without an answer,
//! and the average change in life-domain scores of the households whose support ended in the
//! period (`domain::team_steering`). One team at a time, of the teams the team lead leads; the
//! worker names are the team's own, there are no household names.

use crate::AppState;
use crate::charts::{Bar, ChartText, bars};
use crate::error::{ErrorKind, WebError, WebResult};
use crate::households::Opt;
use crate::i18n::Tr;
use crate::months::{MonthsQuery, days_of, period};
use crate::page::{Ctx, Page};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse};
use eenplan_domain::access::Action;
use eenplan_domain::alerts::no_contact_cutoff;
use eenplan_domain::audit::Outcome;
use eenplan_domain::household::format_date;
use eenplan_domain::team_steering::{Waiting, score_changes, waiting};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    team: Option<String>,
    #[serde(flatten)]
    months: MonthsQuery,
}

/// One row of the caseload table: a worker (or "without contact worker") and the counts.
pub struct LoadRow {
    pub name: String,
    pub intake: i64,
    pub active: i64,
    pub evaluation_due: i64,
    pub no_recent_contact: i64,
}

/// One row of the score table.
pub struct ChangeRow {
    pub domain: String,
    pub assessed: u32,
    pub change: String,
    pub better: u32,
    pub worse: u32,
}

#[derive(Template)]
#[template(path = "team_dashboard.html")]
struct DashboardPage {
    page: Page,
    team: String,
    team_name: String,
    teams: Vec<Opt>,
    from: String,
    to: String,
    period_text: String,
    load: Vec<LoadRow>,
    total: LoadRow,
    no_contact_weeks: i64,
    load_chart: String,
    waiting: Vec<(String, String)>,
    open_work: Vec<(String, String)>,
    closed: i64,
    changes: Vec<ChangeRow>,
    change_chart: String,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DashboardQuery>) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let teams: Vec<Opt> = state
        .store
        .teams()
        .await?
        .into_iter()
        .filter(|t| u.actor.teams.contains(&t.id))
        .map(|t| Opt { code: t.id, label: t.name })
        .collect();
    // Only a team the caller leads; asking for another team's figures is refused and audited.
    let team = match q.team.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => match teams.iter().find(|o| o.code == t) {
            Some(team) => team,
            None => {
                let mut a = crate::households::household_audit(u, None, "team_dashboard", Action::List, None);
                a.resource_id = Some(t.to_string());
                a.outcome = Outcome::Denied;
                a.reason = Some("not_own_team".into());
                state.store.audit(&a).await?;
                return Err(WebError::new(ErrorKind::Forbidden));
            }
        },
        None => teams.first().ok_or_else(|| WebError::new(ErrorKind::NotFound))?,
    };
    let today = state.store.today();
    let months = period(today, &q.months)?;
    let (first, last) = days_of(&months).ok_or_else(|| WebError::new(ErrorKind::BadRequest))?;
    crate::households::audit_list(&state, u, "team_dashboard").await?;

    let weeks = state.config.alerts.no_contact_weeks;
    let (caseload, intakes, meldingen, referrals, (closed, assessments), workers) = tokio::try_join!(
        state.store.team_caseload(&team.code, today, no_contact_cutoff(today, weeks)),
        state.store.team_intake_waits(&team.code, first, last.min(today)),
        state.store.team_open_meldingen(&team.code, today),
        state.store.team_unanswered_referrals(&team.code, today),
        state.store.team_closed_assessments(&team.code, first, last),
        state.store.team_workers(&team.code),
    )?;

    // Every worker of the team has a row, also with nothing open; then workers of other teams who
    // are contact worker here; then the households without a contact worker.
    let mut load: Vec<LoadRow> = workers
        .iter()
        .map(|(id, name, _)| {
            let c = caseload.iter().find(|c| c.worker.as_deref() == Some(id));
            LoadRow {
                name: name.clone(),
                intake: c.map_or(0, |c| c.intake),
                active: c.map_or(0, |c| c.active),
                evaluation_due: c.map_or(0, |c| c.evaluation_due),
                no_recent_contact: c.map_or(0, |c| c.no_recent_contact),
            }
        })
        .collect();
    let outside: Vec<_> = caseload.iter().filter(|c| !c.worker.as_ref().is_some_and(|w| workers.iter().any(|x| &x.0 == w))).collect();
    // The names of contact workers from other teams, in one query.
    let ids: Vec<&str> = outside.iter().filter_map(|c| c.worker.as_deref()).collect();
    let names = state.store.user_display_names(&ids).await?;
    for c in outside {
        let name = match &c.worker {
            Some(id) => names.get(id).cloned().unwrap_or_else(|| tr.t("tsd-unknown-worker")),
            None => tr.t("tsd-no-worker"),
        };
        load.push(LoadRow {
            name,
            intake: c.intake,
            active: c.active,
            evaluation_due: c.evaluation_due,
            no_recent_contact: c.no_recent_contact,
        });
    }
    let total = LoadRow {
        name: tr.t("tsd-total"),
        intake: load.iter().map(|r| r.intake).sum(),
        active: load.iter().map(|r| r.active).sum(),
        evaluation_due: load.iter().map(|r| r.evaluation_due).sum(),
        no_recent_contact: load.iter().map(|r| r.no_recent_contact).sum(),
    };
    let load_chart = bars(
        &ChartText { title: tr.t("tsd-load-chart"), description: tr.t("tsd-load-chart-desc"), not_scored: String::new() },
        &load
            .iter()
            .map(|r| Bar { label: r.name.clone(), value: (r.intake + r.active) as f64, text: (r.intake + r.active).to_string() })
            .collect::<Vec<_>>(),
    );

    let measured = score_changes(&assessments);
    let changes: Vec<ChangeRow> = measured
        .iter()
        .map(|c| ChangeRow {
            domain: domain_name(&state, tr, &c.instrument, &c.domain),
            assessed: c.assessed,
            change: signed(tr, c.mean_change),
            better: c.better,
            worse: c.worse,
        })
        .collect();
    let change_chart = bars(
        &ChartText { title: tr.t("tsd-change-chart"), description: tr.t("tsd-change-chart-desc"), not_scored: String::new() },
        &measured
            .iter()
            .map(|c| Bar {
                label: domain_name(&state, tr, &c.instrument, &c.domain),
                value: c.mean_change,
                text: signed(tr, c.mean_change),
            })
            .collect::<Vec<_>>(),
    );

    let page = DashboardPage {
        page: ctx.page("tsd-title"),
        team: team.code.clone(),
        team_name: team.label.clone(),
        teams: teams.iter().map(|o| Opt { code: o.code.clone(), label: o.label.clone() }).collect(),
        from: months.first().cloned().unwrap_or_default(),
        to: months.last().cloned().unwrap_or_default(),
        period_text: tr.ta("tsd-period", &[("from", &format_date(first)), ("to", &format_date(last))]),
        load,
        total,
        no_contact_weeks: weeks,
        load_chart,
        waiting: waiting_facts(tr, &waiting(&intakes, today)),
        open_work: vec![
            (tr.t("tsd-meldingen-no-attempt"), meldingen.no_attempt.to_string()),
            (tr.t("tsd-meldingen-overdue"), meldingen.no_attempt_overdue.to_string()),
            (tr.t("tsd-meldingen-not-reached"), meldingen.not_reached.to_string()),
            (tr.t("tsd-referrals-waiting"), referrals.waiting.to_string()),
            (tr.t("tsd-referrals-overdue"), referrals.overdue.to_string()),
        ],
        closed,
        changes,
        change_chart,
    };
    Ok(Html(page.render()?).into_response())
}

/// The waits as label / value pairs (a dash where there is nothing to measure).
fn waiting_facts(tr: Tr, w: &Waiting) -> Vec<(String, String)> {
    let days = |d: Option<f64>| d.map_or_else(|| "—".to_string(), |d| tr.t1("tsd-days", "n", &tr.decimal(d, 0)));
    vec![
        (tr.t("tsd-contacted"), w.contacted.to_string()),
        (tr.t("tsd-median"), days(w.median_days)),
        (tr.t("tsd-p90"), days(w.p90_days)),
        (tr.t("tsd-still-waiting"), w.waiting.to_string()),
        (tr.t("tsd-longest"), days(w.longest_waiting_days.map(|d| d as f64))),
    ]
}

/// A change with its sign and one decimal ("+0,8", "−1,0", "0,0").
fn signed(tr: Tr, x: f64) -> String {
    let text = tr.decimal(x.abs(), 1);
    if x >= 0.05 {
        format!("+{text}")
    } else if x <= -0.05 {
        format!("−{text}")
    } else {
        text
    }
}

/// The life domain's name in the instrument (its code when the instrument is no longer loaded).
fn domain_name(state: &AppState, tr: Tr, instrument: &str, domain: &str) -> String {
    state
        .config
        .instruments
        .iter()
        .find(|i| i.id == instrument)
        .and_then(|i| i.domain(domain))
        .map_or_else(|| domain.to_string(), |d| d.name.get(tr.lang.code()).to_string())
}
