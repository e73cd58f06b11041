//! The cost-benefit calculator page (`/kosten-baten`): start from a template, adjust the events of both
//! scenarios, and see what the tailored solution saves, per stakeholder, with its uncertainty. Works
//! without JavaScript (every submit recalculates); no personal data, nothing is stored.

use crate::AppState;
use crate::api_cba::{EvaluateInput, EventInput, run};
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::Opt;
use crate::i18n::Tr;
use crate::page::{Ctx, Page};
use askama::Template;
use axum::extract::{Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use eenplan_domain::cba::{Outcome, Settings, TemplateKind, template};
use eenplan_domain::costs::{CostUnit, Stakeholder};
use eenplan_pdf::money::group_thousands;
use serde::Deserialize;

/// Empty rows offered below the filled ones in each scenario (more appear after each calculation).
const BLANK_ROWS: usize = 2;
const SIDES: [&str; 2] = ["without", "with"];
/// The fields of one event row, as named in the form: `{side}_{row}_{field}`. `unit` and
/// `stakeholder` (who pays) are chosen from a list; empty means "as the price list says".
const FIELDS: [&str; 11] =
    ["code", "label", "amount", "unit", "stakeholder", "quantity", "start_month", "duration_months", "probability", "low", "high"];

/// One field of a row.
pub struct CellView {
    pub field: &'static str,
    /// The form name, also the element's id.
    pub name: String,
    pub value: String,
    pub error: Option<String>,
    /// The accessible name, e.g. "Eenheid 3".
    pub label: String,
    /// A field with choices is a select (after an empty choice); the others are text fields.
    pub choices: Vec<Opt>,
}

pub struct RowView {
    pub index: usize,
    pub cells: Vec<CellView>,
}

pub struct ScenarioView {
    pub side: &'static str,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<RowView>,
}

pub struct ResultView {
    pub year: String,
    pub lines: Vec<(String, String, String, String)>,
    pub total: (String, String, String),
    pub ratio: String,
    pub break_even: String,
    pub monte_carlo: Option<String>,
    pub sensitivity: Vec<(String, String, String)>,
}

/// Where the calculator posts and what it offers: the free calculator, or the analysis of one
/// maatwerk request (with a button that saves it with the request).
pub struct CalcTarget {
    pub action: String,
    pub heading: String,
    /// The link of a template: the action with `?sjabloon=`.
    pub template_base: String,
    pub save_label: Option<String>,
    /// (link, text) back to where the worker came from.
    pub back: Option<(String, String)>,
}

impl CalcTarget {
    fn free(tr: Tr) -> CalcTarget {
        CalcTarget {
            action: "/kosten-baten".into(),
            heading: tr.t("cba-title"),
            template_base: "/kosten-baten".into(),
            save_label: None,
            back: None,
        }
    }
}

#[derive(Template)]
#[template(path = "cba.html")]
struct CbaPage {
    page: Page,
    target: CalcTarget,
    templates: Vec<Opt>,
    codes: Vec<Opt>,
    scenarios: Vec<ScenarioView>,
    f: FormState,
    result: Option<ResultView>,
}

/// Euros with cents, the sign before the euro sign: "€ 1.234,56", "−€ 5,00".
pub fn euros(x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    let sign = if cents < 0 { "−" } else { "" };
    let abs = cents.unsigned_abs();
    // At most 2^63 cents: the whole euros fit an i64.
    format!("{sign}€ {},{:02}", group_thousands((abs / 100) as i64, '−'), abs % 100)
}

fn field_name(side: &str, row: usize, field: &str) -> String {
    format!("{side}_{row}_{field}")
}

/// The form's values for a filled analysis input (a template, or what was sent).
pub fn rows_from(f: &mut FormState, side: &str, events: &[EventInput]) {
    for (i, e) in events.iter().enumerate() {
        let mut set = |field: &str, v: Option<String>| {
            if let Some(v) = v {
                f.defaults.insert(field_name(side, i, field), v);
            }
        };
        set("code", e.code.clone());
        set("label", e.label.clone());
        set("amount", e.amount.map(|a| format!("{a:.2}")));
        set("unit", e.unit.clone());
        set("stakeholder", e.stakeholder.clone());
        set("quantity", e.quantity.map(|q| q.to_string()));
        set("start_month", Some(e.start_month.to_string()));
        set("duration_months", Some(e.duration_months.to_string()));
        set("probability", e.probability.map(|p| format!("{}", (p * 100.0).round())));
        set("low", e.range.map(|r| r.0.to_string()));
        set("high", e.range.map(|r| r.1.to_string()));
    }
}

fn scenario_views(tr: Tr, f: &FormState, counts: [usize; 2]) -> Vec<ScenarioView> {
    let choices = |field: &str| -> Vec<Opt> {
        let opt = |prefix: &str, code: &str| Opt { code: code.into(), label: tr.code(prefix, code) };
        match field {
            "unit" => CostUnit::ALL.iter().map(|u| opt("cost-unit", u.code())).collect(),
            "stakeholder" => Stakeholder::ALL.iter().map(|s| opt("stakeholder", s.code())).collect(),
            _ => Vec::new(),
        }
    };
    SIDES
        .iter()
        .zip(counts)
        .map(|(side, n)| ScenarioView {
            side,
            title: tr.t(&format!("cba-{side}")),
            headers: FIELDS.iter().map(|c| tr.t(&format!("cba-col-{c}"))).collect(),
            rows: (0..n + BLANK_ROWS)
                .map(|i| RowView {
                    index: i + 1,
                    cells: FIELDS
                        .iter()
                        .map(|field| {
                            let name = field_name(side, i, field);
                            let value = if f.form == "kba" { f.values.get(&name).cloned() } else { f.defaults.get(&name).cloned() };
                            CellView {
                                field,
                                value: value.unwrap_or_default(),
                                error: f.errors.get(&name).cloned(),
                                label: format!("{} {}", tr.t(&format!("cba-col-{field}")), i + 1),
                                choices: choices(field),
                                name,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

pub fn render(
    state: &AppState,
    ctx: &Ctx,
    target: CalcTarget,
    f: FormState,
    counts: [usize; 2],
    result: Option<ResultView>,
    status: StatusCode,
) -> WebResult {
    let tr = ctx.tr;
    let l = tr.lang.code();
    let page = CbaPage {
        page: ctx.page("cba-title"),
        target,
        templates: TemplateKind::ALL.iter().map(|k| Opt { code: k.code().into(), label: tr.t(template(*k).name_key) }).collect(),
        codes: state
            .costs()
            .catalogue
            .items
            .iter()
            .map(|i| Opt { code: i.code.clone(), label: format!("{} ({})", i.name.get(l), tr.code("cost-unit", i.unit.code())) })
            .collect(),
        scenarios: scenario_views(tr, &f, counts),
        f,
        result,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct CbaQuery {
    sjabloon: Option<String>,
}

/// The calculator, empty or prefilled from a template.
pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<CbaQuery>) -> WebResult {
    let mut f = FormState::default();
    let counts = prefill(&state, ctx.tr, &mut f, None, q.sjabloon.as_deref())?;
    render(&state, &ctx, CalcTarget::free(ctx.tr), f, counts, None, StatusCode::OK)
}

/// Fills the form from a saved input, else from a template (an unknown template is not found), else
/// one empty row per scenario; returns the number of filled rows per scenario.
pub fn prefill(state: &AppState, tr: Tr, f: &mut FormState, saved: Option<&EvaluateInput>, kind: Option<&str>) -> WebResult<[usize; 2]> {
    f.defaults.insert("horizon_months".into(), "60".into());
    f.defaults.insert("discount_rate".into(), "2.25".into());
    if let Some(input) = saved.filter(|_| kind.is_none()) {
        if let Some(s) = &input.settings {
            f.defaults.insert("horizon_months".into(), s.horizon_months.to_string());
            f.defaults.insert("discount_rate".into(), format!("{}", (s.discount_rate * 10_000.0).round() / 100.0));
        }
        rows_from(f, "without", &input.without);
        rows_from(f, "with", &input.with);
        return Ok([input.without.len(), input.with.len()]);
    }
    let Some(kind) = kind else { return Ok([1, 1]) };
    let kind = TemplateKind::parse(kind).map_err(|_| WebError::new(ErrorKind::NotFound))?;
    let t = template(kind);
    let mut counts = [1, 1];
    for (side, events) in [("without", t.without), ("with", t.with)] {
        let inputs: Vec<EventInput> = events
            .iter()
            .map(|e| EventInput {
                // A code the catalogue lacks is for the worker to price: leave the code out.
                code: state.costs().catalogue.item(e.code).map(|_| e.code.to_string()),
                label: Some(tr.t(e.label_key)),
                quantity: Some(e.quantity),
                start_month: e.start_month,
                duration_months: e.duration_months,
                probability: Some(e.probability),
                range: e.range,
                ..Default::default()
            })
            .collect();
        counts[usize::from(side == "with")] = inputs.len();
        rows_from(f, side, &inputs);
    }
    Ok(counts)
}

/// Reads one number of a row; empty is `None`; a bad number is a field error.
fn number(f: &mut FormState, tr: Tr, name: &str) -> Option<Option<f64>> {
    let raw = f.raw(name).trim().replace(',', ".");
    if raw.is_empty() {
        return Some(None);
    }
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(Some(v)),
        _ => {
            f.errors.insert(name.to_string(), tr.t("err-number"));
            None
        }
    }
}

/// Reads a row's choice (unit, who pays): empty is `None`, "as the price list says", unless it is
/// `required` (an own amount); an empty required or an unknown choice is a field error.
fn choice(
    f: &mut FormState,
    name: &str,
    required: bool,
    known: impl Fn(&str) -> bool,
    error: impl FnOnce() -> String,
) -> Option<Option<String>> {
    let raw = f.raw(name).trim().to_string();
    if raw.is_empty() && !required {
        return Some(None);
    }
    if known(&raw) {
        return Some(Some(raw));
    }
    f.errors.insert(name.to_string(), error());
    None
}

/// The events the form holds, the form row of each, and the number of rows up to the last one filled
/// in (a wrong row included, so it is shown again); a row without code, label and amount is empty and
/// skipped.
fn events_from(f: &mut FormState, tr: Tr, side: &str) -> (Vec<EventInput>, Vec<usize>, usize) {
    let mut out = Vec::new();
    let mut rows = Vec::new();
    let mut filled = 0;
    for i in 0..200 {
        let present = FIELDS.iter().any(|field| f.values.contains_key(&field_name(side, i, field)));
        if !present {
            break;
        }
        let code = f.raw(&field_name(side, i, "code")).trim().to_string();
        let label = f.raw(&field_name(side, i, "label")).trim().to_string();
        let amount = number(f, tr, &field_name(side, i, "amount"));
        if code.is_empty() && label.is_empty() && matches!(amount, Some(None)) {
            continue;
        }
        filled = i + 1;
        let own = code.is_empty();
        // An own amount says per what and who pays it; with a code a choice overrides the price list.
        let unit = choice(f, &field_name(side, i, "unit"), own, |u| CostUnit::parse(u).is_ok(), || tr.t("err-cba-unit"));
        let stakeholder =
            choice(f, &field_name(side, i, "stakeholder"), own, |s| Stakeholder::parse(s).is_ok(), || tr.t("err-cba-stakeholder"));
        if own && matches!(amount, Some(None)) {
            f.errors.insert(field_name(side, i, "amount"), tr.t("err-cba-amount"));
        }
        let quantity = number(f, tr, &field_name(side, i, "quantity"));
        let start = number(f, tr, &field_name(side, i, "start_month"));
        let months = number(f, tr, &field_name(side, i, "duration_months"));
        let probability = number(f, tr, &field_name(side, i, "probability"));
        let low = number(f, tr, &field_name(side, i, "low"));
        let high = number(f, tr, &field_name(side, i, "high"));
        let (Some(unit), Some(stakeholder)) = (unit, stakeholder) else { continue };
        let (Some(amount), Some(quantity), Some(start), Some(months), Some(probability), Some(low), Some(high)) =
            (amount, quantity, start, months, probability, low, high)
        else {
            continue;
        };
        out.push(EventInput {
            code: (!own).then_some(code),
            label: (!label.is_empty()).then_some(label),
            amount,
            unit,
            stakeholder,
            value_type: own.then(|| "fiscal".to_string()),
            confidence: None,
            quantity,
            start_month: start.unwrap_or(0.0).max(0.0) as u32,
            duration_months: months.unwrap_or(0.0).max(0.0) as u32,
            probability: probability.map(|p| p / 100.0),
            range: match (low, high) {
                (Some(l), Some(h)) => Some((l, h)),
                _ => None,
            },
        });
        rows.push(i);
    }
    (out, rows, filled)
}

/// The form field an input path like `without[2].probability` points at.
fn form_field(path: &str, rows: &[[Vec<usize>; 1]; 2]) -> String {
    for (s, side) in SIDES.iter().enumerate() {
        if let Some(rest) = path.strip_prefix(&format!("{side}[")) {
            let (n, field) = rest.split_once("].").unwrap_or((rest.trim_end_matches(']'), "amount"));
            let row = n.parse::<usize>().ok().and_then(|n| rows[s][0].get(n).copied()).unwrap_or(0);
            let field = if field == "range" { "low" } else { field };
            return field_name(side, row, field);
        }
    }
    match path {
        "settings.horizon_months" => "horizon_months".into(),
        "settings.discount_rate" => "discount_rate".into(),
        other => other.to_string(),
    }
}

pub fn result_view(tr: Tr, o: &Outcome, year: i32) -> ResultView {
    ResultView {
        year: year.to_string(),
        lines: o
            .per_stakeholder
            .iter()
            .map(|l| (tr.code("stakeholder", l.stakeholder.code()), euros(l.pv_without), euros(l.pv_with), euros(l.net)))
            .collect(),
        total: (euros(o.pv_without), euros(o.pv_with), euros(o.net)),
        ratio: o.benefit_cost_ratio.map(|r| tr.decimal(r, 2)).unwrap_or_else(|| "—".into()),
        break_even: o
            .break_even_month
            .map(|m| tr.t1("cba-break-even-month", "month", &m.to_string()))
            .unwrap_or_else(|| tr.t("cba-no-break-even")),
        monte_carlo: o.monte_carlo.as_ref().map(|m| {
            tr.ta(
                "cba-monte-carlo",
                &[
                    ("p10", &euros(m.p10)),
                    ("p50", &euros(m.p50)),
                    ("p90", &euros(m.p90)),
                    ("positive", &format!("{:.0} %", m.probability_positive * 100.0)),
                ],
            )
        }),
        sensitivity: o.sensitivity.iter().take(8).map(|r| (r.label.clone(), euros(r.net_low), euros(r.net_high))).collect(),
    }
}

/// The calculator's form read into the engine's input; `input` is `None` when a field is wrong
/// (the errors are in the form state).
pub struct Parsed {
    pub input: Option<EvaluateInput>,
    pub counts: [usize; 2],
    rows: [[Vec<usize>; 1]; 2],
}

pub fn parse(f: &mut FormState, tr: Tr) -> Parsed {
    let horizon = number(f, tr, "horizon_months").flatten().unwrap_or(60.0);
    let rate = number(f, tr, "discount_rate").flatten().unwrap_or(2.25);
    let (without, without_rows, without_filled) = events_from(f, tr, "without");
    let (with, with_rows, with_filled) = events_from(f, tr, "with");
    let counts = [without_filled, with_filled];
    let settings = Settings { horizon_months: horizon.max(0.0) as u32, discount_rate: rate / 100.0, ..Settings::default() };
    let input = f.errors.is_empty().then_some(EvaluateInput { analysis_year: None, settings: Some(settings), without, with });
    Parsed { input, counts, rows: [[without_rows], [with_rows]] }
}

/// The engine's problems, each next to the form field it is about.
pub fn engine_errors(f: &mut FormState, tr: Tr, parsed: &Parsed, errors: Vec<crate::error::FieldError>) {
    for e in errors {
        let field = form_field(&e.field, &parsed.rows);
        let key = field.rsplit('_').next().map(|last| format!("err-cba-{last}")).unwrap_or_default();
        let message = if field.ends_with("_code") { tr.t("err-cba-code") } else { tr.t(&key) };
        f.errors.insert(field, message);
    }
}

/// Recalculates with what the worker entered.
pub async fn calculate(State(state): State<AppState>, ctx: Ctx, RawForm(body): RawForm) -> WebResult {
    let tr = ctx.tr;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new("kba", &pairs);
    let parsed = parse(&mut f, tr);
    let Some(input) = parsed.input.clone() else {
        return render(&state, &ctx, CalcTarget::free(tr), f, parsed.counts, None, StatusCode::UNPROCESSABLE_ENTITY);
    };
    match run(&state.costs(), input).await {
        Ok(out) => {
            let result = result_view(tr, &out.outcome, out.analysis_year);
            render(&state, &ctx, CalcTarget::free(tr), f, parsed.counts, Some(result), StatusCode::OK)
        }
        Err(errors) => {
            engine_errors(&mut f, tr, &parsed, errors);
            render(&state, &ctx, CalcTarget::free(tr), f, parsed.counts, None, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::euros;

    #[test]
    fn euros_have_cents_thousands_and_the_sign_before_the_euro() {
        assert_eq!(euros(1234.56), "€ 1.234,56");
        assert_eq!(euros(-5.0), "−€ 5,00");
        assert_eq!(euros(-0.01), "−€ 0,01");
        assert_eq!(euros(-0.001), "€ 0,00");
        assert_eq!(euros(999.999), "€ 1.000,00");
        assert_eq!(euros(1_234_567.891), "€ 1.234.567,89");
        assert_eq!(euros(f64::NAN), "€ 0,00");
        assert_eq!(euros(f64::MIN), "−€ 92.233.720.368.547.758,08", "the lowest amount does not overflow");
    }
}
