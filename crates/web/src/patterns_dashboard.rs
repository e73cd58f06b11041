//! Patterns for policy (`/patronen`, the printable `/patronen/verslag`, `/patronen/export.csv` and
//! `/api/v1/patterns`): how often each bottleneck was tagged, per team and per month, the
//! organisations involved, the descriptions workers shared (de-identified and confirmed), and the
//! structural improvements agreed with their effect. Aggregates only: every count below 5 is hidden,
//! with the counts it could be derived from (`domain::patterns::suppression`), and the two tables
//! hide the same totals.

use crate::AppState;
use crate::error::{WebError, WebResult};
use crate::forms::{FormState, form_pairs};
use crate::households::Opt;
use crate::i18n::Tr;
use crate::months::{MonthsQuery, days_of, period};
use crate::page::{Ctx, Page};
use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::household::{format_date, parse_date};
use eenplan_domain::maatwerk_totals::MIN_SHOWN;
use eenplan_domain::patterns::improvement::{ImprovementStatus, can_move, effect};
use eenplan_domain::patterns::suppression::{Masked, Table, suppress_linked};
use eenplan_store::StoreError;
use eenplan_store::patterns::{PatternCount, SharedText, StoredBottleneck};
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;
use utoipa::ToSchema;

/// Months before and after an improvement compared for its effect.
const EFFECT_WINDOW: u32 = 6;
/// Shared descriptions shown.
const SHARED_SHOWN: i64 = 50;

/// The approved maatwerk requests' projected net savings per stakeholder in the period (made from the
/// first month's first day up to the last month's end), as "stakeholder: amount" lines; `None` when
/// fewer than 5 requests were approved (a sum over fewer can point at households).
async fn maatwerk_savings(state: &AppState, tr: Tr, months: &[String]) -> WebResult<Option<Vec<String>>> {
    let Some((first, last)) = days_of(months) else {
        return Ok(None);
    };
    let end = last.next_day().unwrap_or(last);
    let stamp = |d: Date| d.midnight().assume_utc().unix_timestamp();
    let mut t = eenplan_domain::maatwerk_totals::Totals::default();
    for r in state.store.requests_for_totals(stamp(first)).await?.iter().filter(|r| r.created_at < stamp(end)) {
        t.add(&eenplan_domain::maatwerk_totals::RequestFacts {
            // One sum for the whole period: team and date do not split it.
            team: String::new(),
            created: first,
            state: r.state,
            net: crate::maatwerk_view::StoredAnalysis::parse(r.analysis.as_deref()).map(|a| a.net_per_stakeholder).unwrap_or_default(),
        });
    }
    Ok(t.approved_net_shown().map(|net| {
        net.iter()
            .filter(|(_, v)| v.abs() >= 0.005)
            .map(|(s, v)| format!("{}: {}", tr.code("stakeholder", s.code()), crate::cba_page::euros(*v)))
            .collect()
    }))
}

/// The figures of one period, suppressed.
pub struct Figures {
    pub months: Vec<String>,
    /// Row codes (bottlenecks that were tagged), in order of the tables' rows.
    pub bottlenecks: Vec<String>,
    /// Column labels of the team table (a team's name, "—" for tags without a team).
    pub teams: Vec<String>,
    pub by_team: Masked,
    pub by_month: Masked,
    /// The counts before suppression (to tell a small count from one hidden to protect it).
    pub raw_by_team: Table,
    pub raw_by_month: Table,
    /// Per bottleneck, the organisations involved in at least 5 tags, with their count.
    pub organisations: BTreeMap<String, Vec<(String, u32)>>,
    pub shared: Vec<SharedText>,
}

async fn figures(state: &AppState, months: Vec<String>) -> WebResult<Figures> {
    let (first, last) = (months.first().cloned().unwrap_or_default(), months.last().cloned().unwrap_or_default());
    let (counts, orgs, shared, teams) = tokio::try_join!(
        state.store.pattern_counts(&first, &last),
        state.store.pattern_organisations(&first, &last),
        state.store.shared_texts(&first, &last, SHARED_SHOWN),
        state.store.teams()
    )?;
    Ok(tabulate(&counts, &teams, months, orgs, shared))
}

fn tabulate(
    counts: &[PatternCount],
    teams: &[eenplan_store::directory::Team],
    months: Vec<String>,
    orgs: Vec<(String, String, u32)>,
    shared: Vec<SharedText>,
) -> Figures {
    let mut codes: Vec<String> = counts.iter().map(|c| c.bottleneck_code.clone()).collect();
    codes.sort();
    codes.dedup();
    let mut team_ids: Vec<Option<String>> = counts.iter().map(|c| c.team_id.clone()).collect();
    team_ids.sort();
    team_ids.dedup();
    let team_name = |id: &Option<String>| {
        id.as_ref().and_then(|id| teams.iter().find(|t| &t.id == id)).map(|t| t.name.clone()).unwrap_or_else(|| "—".into())
    };
    let mut by_team = vec![vec![0u32; team_ids.len()]; codes.len()];
    let mut by_month = vec![vec![0u32; months.len()]; codes.len()];
    for c in counts {
        let r = codes.binary_search(&c.bottleneck_code).unwrap_or_default();
        if let Ok(t) = team_ids.binary_search(&c.team_id) {
            by_team[r][t] += c.count;
        }
        if let Some(m) = months.iter().position(|m| *m == c.month) {
            by_month[r][m] += c.count;
        }
    }
    let (raw_by_team, raw_by_month) = (Table { cells: by_team }, Table { cells: by_month });
    let (by_team, by_month) = suppress_linked(&raw_by_team, &raw_by_month);
    let mut organisations: BTreeMap<String, Vec<(String, u32)>> = BTreeMap::new();
    for (code, org, n) in orgs.into_iter().filter(|(_, _, n)| *n >= MIN_SHOWN) {
        organisations.entry(code).or_default().push((org, n));
    }
    Figures {
        months,
        bottlenecks: codes,
        teams: team_ids.iter().map(team_name).collect(),
        by_team,
        by_month,
        raw_by_team,
        raw_by_month,
        organisations,
        shared,
    }
}

/// A shown count, "fewer than 5" for a small one, or "hidden" for one hidden only so that a small
/// count cannot be worked out from it.
fn shown(tr: Tr, v: Option<u32>, raw: u32) -> String {
    match v {
        Some(n) => n.to_string(),
        None if raw < MIN_SHOWN => tr.t1("mwt-fewer", "n", &MIN_SHOWN.to_string()),
        None => tr.t("pat-hidden"),
    }
}

fn name_of(tr: Tr, list: &[StoredBottleneck], code: &str) -> String {
    crate::bottleneck_tags::bottleneck_name(tr, list, code)
}

pub struct TableView {
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<String>, String)>,
    pub totals: Vec<String>,
    pub total: String,
}

fn table_view(tr: Tr, list: &[StoredBottleneck], codes: &[String], columns: Vec<String>, m: &Masked, raw: &Table) -> TableView {
    let row_total = |r: usize| raw.cells[r].iter().sum::<u32>();
    let column_total = |c: usize| raw.cells.iter().map(|row| row[c]).sum::<u32>();
    TableView {
        columns,
        rows: codes
            .iter()
            .enumerate()
            .map(|(r, code)| {
                let cells = m.cells[r].iter().zip(&raw.cells[r]).map(|(v, n)| shown(tr, *v, *n)).collect();
                (name_of(tr, list, code), cells, shown(tr, m.row_totals[r], row_total(r)))
            })
            .collect(),
        totals: m.column_totals.iter().enumerate().map(|(c, v)| shown(tr, *v, column_total(c))).collect(),
        total: shown(tr, m.total, raw.cells.iter().flatten().sum()),
    }
}

pub struct ImprovementView {
    pub id: String,
    pub bottleneck: String,
    pub owner: String,
    pub agreed: String,
    pub status: String,
    pub since: String,
    pub effect: String,
    pub version: i64,
    pub moves: Vec<Opt>,
}

async fn improvement_views(state: &AppState, tr: Tr, list: &[StoredBottleneck]) -> WebResult<Vec<ImprovementView>> {
    let today = state.store.today();
    let mut out = Vec::new();
    for i in state.store.improvements().await? {
        let months = state.store.bottleneck_months(&i.bottleneck_code).await?;
        let effect = match effect(&months, i.since, EFFECT_WINDOW, today) {
            // Averages of small counts could point at households: only when both sides hold 5 or more tags.
            Some(e)
                if e.before_per_month * f64::from(e.months_before) >= f64::from(MIN_SHOWN)
                    && e.after_per_month * f64::from(e.months_after) >= f64::from(MIN_SHOWN) =>
            {
                tr.ta(
                    "pat-effect",
                    &[
                        ("before", &format!("{:.1}", e.before_per_month)),
                        ("after", &format!("{:.1}", e.after_per_month)),
                        ("n", &e.months_after.to_string()),
                    ],
                )
            }
            Some(_) => tr.t("pat-effect-small"),
            None => tr.t("pat-effect-none"),
        };
        out.push(ImprovementView {
            id: i.id.clone(),
            bottleneck: name_of(tr, list, &i.bottleneck_code),
            owner: i.owner_organisation.clone(),
            agreed: i.agreed.clone(),
            status: tr.code("improvement-status", i.status.code()),
            since: format_date(i.since),
            effect,
            version: i.version,
            moves: ImprovementStatus::ALL
                .iter()
                .filter(|to| can_move(i.status, **to))
                .map(|to| Opt { code: to.code().into(), label: tr.code("improvement-status", to.code()) })
                .collect(),
        });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "patterns.html")]
struct PatternsPage {
    page: Page,
    print: bool,
    from: String,
    to: String,
    by_team: TableView,
    by_month: TableView,
    organisations: Vec<(String, Vec<(String, u32)>)>,
    shared: Vec<(String, String, String, String)>,
    improvements: Vec<ImprovementView>,
    /// The approved maatwerk savings per stakeholder (`None`: fewer than 5 approved requests).
    savings: Option<Vec<String>>,
    may_improve: bool,
    bottlenecks: Vec<Opt>,
    f: FormState,
}

async fn render(state: &AppState, ctx: &Ctx, q: &MonthsQuery, print: bool, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let months = period(state.store.today(), q)?;
    let (from, to) = (months.first().cloned().unwrap_or_default(), months.last().cloned().unwrap_or_default());
    let savings = maatwerk_savings(state, tr, &months).await?;
    let fig = figures(state, months).await?;
    let list = state.store.bottlenecks().await?;
    let page = PatternsPage {
        savings,
        page: ctx.page(if print { "pat-report-title" } else { "pat-title" }),
        print,
        by_team: table_view(tr, &list, &fig.bottlenecks, fig.teams.clone(), &fig.by_team, &fig.raw_by_team),
        by_month: table_view(tr, &list, &fig.bottlenecks, fig.months.clone(), &fig.by_month, &fig.raw_by_month),
        organisations: fig.organisations.iter().map(|(code, orgs)| (name_of(tr, &list, code), orgs.clone())).collect(),
        shared: fig
            .shared
            .iter()
            .map(|s| (name_of(tr, &list, &s.bottleneck_code), s.month.clone(), s.organisation.clone(), s.text.clone()))
            .collect(),
        improvements: improvement_views(state, tr, &list).await?,
        may_improve: ctx.user().session.role == eenplan_domain::Role::Policy && !print,
        bottlenecks: crate::bottleneck_tags::bottleneck_options(tr, &list),
        from,
        to,
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<MonthsQuery>) -> WebResult {
    crate::households::audit_list(&state, ctx.user(), "patterns").await?;
    render(&state, &ctx, &q, false, FormState::default(), StatusCode::OK).await
}

/// The same figures as a page to print for the patterns meeting.
pub async fn report(State(state): State<AppState>, ctx: Ctx, Query(q): Query<MonthsQuery>) -> WebResult {
    crate::households::audit_list(&state, ctx.user(), "patterns").await?;
    render(&state, &ctx, &q, true, FormState::default(), StatusCode::OK).await
}

/// One CSV line, fields quoted when they need it (`;` separated, as Dutch spreadsheets expect).
fn csv_line(fields: &[String]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            // A leading = + - @ would be read as a formula by a spreadsheet.
            let f = if f.starts_with(['=', '+', '-', '@']) { format!("'{f}") } else { f.clone() };
            if f.contains([';', '"', '\n']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f }
        })
        .collect();
    quoted.join(";") + "\r\n"
}

fn csv_table(out: &mut String, tr: Tr, first: &str, t: &TableView) {
    let mut head = vec![first.to_string()];
    head.extend(t.columns.iter().cloned());
    head.push(tr.t("pat-total"));
    out.push_str(&csv_line(&head));
    for (name, cells, total) in &t.rows {
        let mut line = vec![name.clone()];
        line.extend(cells.iter().cloned());
        line.push(total.clone());
        out.push_str(&csv_line(&line));
    }
    let mut line = vec![tr.t("pat-total")];
    line.extend(t.totals.iter().cloned());
    line.push(t.total.clone());
    out.push_str(&csv_line(&line));
}

/// Both tables as CSV (suppressed the same way as on the page).
pub async fn export(State(state): State<AppState>, ctx: Ctx, Query(q): Query<MonthsQuery>) -> WebResult {
    let tr = ctx.tr;
    crate::households::audit_list(&state, ctx.user(), "patterns_export").await?;
    let fig = figures(&state, period(state.store.today(), &q)?).await?;
    let list = state.store.bottlenecks().await?;
    let mut out = String::new();
    csv_table(
        &mut out,
        tr,
        &tr.t("pat-col-bottleneck"),
        &table_view(tr, &list, &fig.bottlenecks, fig.teams.clone(), &fig.by_team, &fig.raw_by_team),
    );
    out.push_str("\r\n");
    csv_table(
        &mut out,
        tr,
        &tr.t("pat-col-bottleneck"),
        &table_view(tr, &list, &fig.bottlenecks, fig.months.clone(), &fig.by_month, &fig.raw_by_month),
    );
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"knelpunten.csv\"".to_string()),
    ];
    Ok((headers, out).into_response())
}

// ---------------------------------------------------------------- the API

/// One bottleneck's counts; `null` is a count that is not shown (below 5, or one it could be derived from).
#[derive(Serialize, ToSchema)]
pub struct PatternRow {
    pub bottleneck: String,
    pub name: String,
    /// Per team name.
    pub teams: BTreeMap<String, Option<u32>>,
    /// Per month (YYYY-MM).
    pub months: BTreeMap<String, Option<u32>>,
    pub total: Option<u32>,
    /// Organisations involved in 5 or more of these tags.
    pub organisations: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PatternsJson {
    pub from: String,
    pub to: String,
    pub rows: Vec<PatternRow>,
    pub team_totals: BTreeMap<String, Option<u32>>,
    pub month_totals: BTreeMap<String, Option<u32>>,
    pub total: Option<u32>,
    /// Descriptions workers shared for the meeting, de-identified and checked by them.
    pub shared: Vec<SharedJson>,
}

#[derive(Serialize, ToSchema)]
pub struct SharedJson {
    pub bottleneck: String,
    pub month: String,
    pub organisation: String,
    pub text: String,
}

/// Bottleneck tags in numbers: per bottleneck, team and month, small counts hidden.
#[utoipa::path(get, path = "/api/v1/patterns", tag = "patterns", params(MonthsQuery),
    responses((status = 200, body = PatternsJson, example = json!({"from": "2026-01", "to": "2026-11", "rows": [{"bottleneck": "digitale-aanvraag-vast", "name": "Digitale aanvraag loopt vast", "teams": {"Team Noord": 12, "Team Zuid": null}, "months": {"2026-10": 7, "2026-11": null}, "total": 15, "organisations": ["Werk en Inkomen"]}], "team_totals": {"Team Noord": 12, "Team Zuid": null}, "month_totals": {"2026-10": 7, "2026-11": null}, "total": 15, "shared": []})),
        (status = 422, description = "A bad month or range", content_type = "application/problem+json")))]
pub async fn api(State(state): State<AppState>, ctx: Ctx, Query(q): Query<MonthsQuery>) -> WebResult {
    let tr = ctx.tr;
    crate::households::audit_list(&state, ctx.user(), "patterns").await?;
    let months = period(state.store.today(), &q)?;
    let (from, to) = (months.first().cloned().unwrap_or_default(), months.last().cloned().unwrap_or_default());
    let fig = figures(&state, months).await?;
    let list = state.store.bottlenecks().await?;
    let rows = fig
        .bottlenecks
        .iter()
        .enumerate()
        .map(|(r, code)| PatternRow {
            bottleneck: code.clone(),
            name: name_of(tr, &list, code),
            teams: fig.teams.iter().cloned().zip(fig.by_team.cells[r].iter().copied()).collect(),
            months: fig.months.iter().cloned().zip(fig.by_month.cells[r].iter().copied()).collect(),
            total: fig.by_team.row_totals[r],
            organisations: fig.organisations.get(code).into_iter().flatten().map(|(o, _)| o.clone()).collect(),
        })
        .collect();
    Ok(Json(PatternsJson {
        from,
        to,
        rows,
        team_totals: fig.teams.iter().cloned().zip(fig.by_team.column_totals.iter().copied()).collect(),
        month_totals: fig.months.iter().cloned().zip(fig.by_month.column_totals.iter().copied()).collect(),
        total: fig.by_team.total,
        shared: fig
            .shared
            .iter()
            .map(|s| SharedJson {
                bottleneck: s.bottleneck_code.clone(),
                month: s.month.clone(),
                organisation: s.organisation.clone(),
                text: s.text.clone(),
            })
            .collect(),
    })
    .into_response())
}

// ---------------------------------------------------------------- structural improvements

fn improvement_audit(ctx: &Ctx, what: &str) -> eenplan_domain::audit::AuditDraft {
    let mut a = crate::households::household_audit(ctx.user(), None, what, eenplan_domain::access::Action::Update, None);
    a.purpose = eenplan_domain::access::Purpose::Administration.as_str().into();
    a
}

/// Policy records an agreed structural improvement for a bottleneck.
pub async fn add_improvement(State(state): State<AppState>, ctx: Ctx, RawForm(body): RawForm) -> WebResult {
    let tr = ctx.tr;
    let mut f = FormState::new("verbetering", &form_pairs(&body)?);
    let list = state.store.bottlenecks().await?;
    let code = f.raw("bottleneck").to_string();
    if !list.iter().any(|b| b.bottleneck.code == code) {
        f.errors.insert("bottleneck".into(), tr.t("err-tag-bottleneck"));
    }
    let (owner, agreed) = (f.raw("owner").trim().to_string(), f.raw("agreed").trim().to_string());
    for (field, v, max) in [("owner", &owner, 120), ("agreed", &agreed, 2000)] {
        if v.is_empty() {
            f.errors.insert(field.into(), tr.t("err-required"));
        } else if v.chars().count() > max {
            f.errors.insert(field.into(), tr.t1("err-too-long", "max", &max.to_string()));
        }
    }
    let since = f.check(tr, "since", parse_date(f.raw("since").trim()));
    match since.filter(|_| f.errors.is_empty()) {
        Some(since) => {
            state
                .store
                .add_improvement(&code, &owner, &agreed, since, &ctx.user().user.username, &improvement_audit(&ctx, "improvement"))
                .await?;
            Ok(Redirect::to("/patronen#verbeteringen").into_response())
        }
        None => render(&state, &ctx, &MonthsQuery::default(), false, f, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

/// Policy moves an improvement on (in progress, done, dropped).
pub async fn move_improvement(State(state): State<AppState>, ctx: Ctx, Path(iid): Path<String>, RawForm(body): RawForm) -> WebResult {
    let tr = ctx.tr;
    let mut f = FormState::new(&format!("status-{iid}"), &form_pairs(&body)?);
    let Ok(to) = ImprovementStatus::parse(f.raw("status")) else {
        f.summary = Some(tr.t("err-improvement-move"));
        return render(&state, &ctx, &MonthsQuery::default(), false, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match state.store.move_improvement(&iid, f.version(), to, &improvement_audit(&ctx, "improvement_move")).await {
        Ok(()) => Ok(Redirect::to("/patronen#verbeteringen").into_response()),
        Err(StoreError::NotFound(_)) => Err(WebError::new(crate::error::ErrorKind::NotFound)),
        Err(StoreError::Conflict(_) | StoreError::Invalid(_)) => {
            f.summary = Some(tr.t("err-improvement-move"));
            render(&state, &ctx, &MonthsQuery::default(), false, f, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
