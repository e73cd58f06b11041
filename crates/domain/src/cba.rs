//! The micro cost-benefit engine (micro-KBA): two scenarios for one household, *without* the tailored
//! solution (problems persist or escalate) and *with* it (including its own cost), each a list of cost
//! events, compared over a horizon in monthly steps. Pure and deterministic: the same analysis (and
//! seed) always gives the same outcome, bit for bit.
//!
//! # Modelling choices
//!
//! * **Only costs.** Every event is a cost (amount ≥ 0) to one stakeholder. A benefit of the tailored
//!   solution is a cost that appears in *without* and not (or less) in *with*; `net = pv_without −
//!   pv_with`, positive = the solution saves.
//! * **Timing.** Months are numbered from 0, the first month of the horizon. A cost is booked at the
//!   start of its month, so month 0 is not discounted and month `t` is discounted by `t` months.
//!   `once` costs fall in the start month; `per_month` costs in every month from the start for
//!   `duration_months` months; `per_year` costs are spread evenly as amount / 12 per month over the
//!   same months (so a per-year cost that runs 6 months costs half a year). Everything is cut off at the
//!   horizon; an event starting at or after the horizon costs nothing.
//! * **Discounting.** Annual real rate `r`, monthly rate `m = (1 + r)^(1/12) − 1`, present value of a
//!   cost `c` in month `t` = `c / (1 + m)^t` (the same as `c / (1 + r)^(t/12)`).
//! * **Expected value.** A cost counts as `probability × cost` in the deterministic result. Events are
//!   independent: a cost that only follows another (a shelter place after an eviction) must be given
//!   its unconditional probability. The Monte Carlo run then underestimates the spread of such
//!   chains, never the expected value.
//! * **Optimism bias.** See [`Settings::optimism_bias`].
//! * **Uncertainty.** `range` is a factor range on the amount. The deterministic result uses the
//!   point estimate (factor 1) for every event; a sensitivity row moves one event to its low and high
//!   factor and keeps the others at their expected value. See [`MonteCarlo`] for the simulation.
//! * **Value types.** Each event carries a value type (fiscal, economic, social); the outcome adds
//!   them up per type next to the split per stakeholder, so fiscal savings can be read on their own.

use crate::costs::{Confidence, CostUnit, Stakeholder, ValueType};
use std::fmt;

mod monte_carlo;
mod rng;
mod templates;
#[cfg(test)]
mod tests;
mod validate;

pub use templates::{EventTemplate, ScenarioTemplate, TEMPLATES, TemplateKind, UnitPrice, UnknownCode, all_codes, template};
pub use validate::{CbaError, validate};

/// The standard real discount rate for Dutch social cost-benefit analyses (MKBA): 2.25 %, for all
/// kinds of costs and benefits (risk-free −1 % plus a 3.25 % risk premium). Source: *Rapport Werkgroep
/// discontovoet 2020*, adopted by the cabinet; "Overzichtstabel discontovoet per 1 januari 2021",
/// rwseconomie.nl/discontovoet (research/cba-params.md §1.1). A 2025 revision (2.8 % up to 35 years)
/// is reported by one secondary source only and is not adopted here.
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.0225;

/// Provisional optimism-bias uplift of costs by confidence grade 1–6: 0, 5, 10, 15, 25, 40 %.
///
/// **UNVERIFIED** (research/cba-params.md §2.2): this profile is recalled from the Greater Manchester
/// / HM Treasury 2014 guidance *Supporting public service transformation: cost benefit analysis
/// guidance for local partnerships*, whose table has not been read. Replace it once it has.
pub const DEFAULT_OPTIMISM_BIAS: [f64; 6] = [0.0, 0.05, 0.10, 0.15, 0.25, 0.40];

/// The default horizon: five years (DESIGN.md §5).
pub const DEFAULT_HORIZON_MONTHS: u32 = 60;
/// The longest horizon accepted: 30 years.
pub const MAX_HORIZON_MONTHS: u32 = 360;
pub const DEFAULT_DRAWS: u32 = 10_000;
pub const MAX_DRAWS: u32 = 100_000;
/// Accepted discount rates, −5 % … 20 % (wide enough for the −1 % risk-free and 4.5 % sensitivity
/// variants of the Dutch guidance).
pub const DISCOUNT_RATE_RANGE: (f64, f64) = (-0.05, 0.2);
/// The highest optimism-bias uplift accepted: 200 % (the top of the HM Treasury capital-project
/// table, research/cba-params.md §2.3).
pub const MAX_OPTIMISM_BIAS: f64 = 2.0;
/// Bounds that keep every sum finite (no infinities, no NaN), far beyond any household's figures.
pub const MAX_AMOUNT: f64 = 1e12;
pub const MAX_QUANTITY: f64 = 1e6;
pub const MAX_RANGE_FACTOR: f64 = 100.0;
/// Events per scenario; bounds the work of one evaluation (events × draws).
pub const MAX_EVENTS: usize = 500;

crate::code_enum!(
    /// One of the two scenarios.
    Side { Without = "without", With = "with" }
);

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One cost that may occur in a scenario.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    pub label: String,
    pub stakeholder: Stakeholder,
    /// Euros per unit, already in analysis-year prices (the caller indexes catalogue prices).
    pub amount: f64,
    pub unit: CostUnit,
    pub quantity: f64,
    /// Month 0 = the first month of the horizon.
    pub start_month: u32,
    /// For per_month / per_year costs: how many months they run (capped by the horizon); ignored for
    /// once.
    pub duration_months: u32,
    /// Chance the event happens at all, 0..=1.
    pub probability: f64,
    pub confidence: Confidence,
    pub value_type: ValueType,
    /// Uncertainty of the amount as a factor range, e.g. (0.8, 1.3); None = certain.
    pub range: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scenario {
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// 1..=360 months.
    pub horizon_months: u32,
    /// Annual real rate, −0.05..=0.2; default [`DEFAULT_DISCOUNT_RATE`].
    pub discount_rate: f64,
    /// Uplift of costs by confidence grade 1..6 (index 0 = grade 1), each 0..=2; default
    /// [`DEFAULT_OPTIMISM_BIAS`] (UNVERIFIED, see there). A cost counts as `expected cost × (1 +
    /// bias[grade])`.
    ///
    /// It is applied to every cost in **both** scenarios. Why symmetric: the same figure carries the
    /// same uncertainty whichever scenario it sits in, and a cost that occurs identically in both
    /// scenarios (rent that is paid either way) must cancel out instead of producing a net result out
    /// of nothing, which a scenario-dependent correction would do. The consequence must be read
    /// correctly: the uplift does **not** make the projected savings cautious as such. If all figures
    /// have the same grade it scales the net result by `1 + bias` (savings and losses alike); it lowers
    /// the savings only where the tailored solution's costs are less certain than the costs it avoids,
    /// and raises them where the avoided costs (escalation) are the less certain ones. A reader who
    /// wants a strictly cautious figure should look at the sensitivity table and the Monte Carlo P10,
    /// or set the bias to zero and compare. (The Greater Manchester model, as recalled, uplifts costs
    /// and cuts benefits; in a costs-only two-scenario model that would mean uplifting *with* and
    /// cutting *without*, which breaks the cancellation above.)
    pub optimism_bias: [f64; 6],
    /// Monte Carlo draws, 0..=100 000 (0 = skip the simulation).
    pub draws: u32,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            horizon_months: DEFAULT_HORIZON_MONTHS,
            discount_rate: DEFAULT_DISCOUNT_RATE,
            optimism_bias: DEFAULT_OPTIMISM_BIAS,
            draws: DEFAULT_DRAWS,
            seed: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    pub without: Scenario,
    pub with: Scenario,
    pub settings: Settings,
}

/// Present values for one stakeholder (or one value type): what it pays in each scenario and what it
/// saves (`net = pv_without − pv_with`, positive = saves).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StakeholderLine {
    pub stakeholder: Stakeholder,
    pub pv_without: f64,
    pub pv_with: f64,
    pub net: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ValueTypeLine {
    pub value_type: ValueType,
    pub pv_without: f64,
    pub pv_with: f64,
    pub net: f64,
}

/// The net result with one uncertain event at the low and at the high end of its range, every other
/// event at its expected value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SensitivityRow {
    pub side: Side,
    /// The event's position in its scenario.
    pub index: usize,
    pub label: String,
    pub stakeholder: Stakeholder,
    pub low: f64,
    pub high: f64,
    pub net_low: f64,
    pub net_high: f64,
    /// `|net_high − net_low|`; the table is sorted by it, largest first.
    pub swing: f64,
}

/// The Monte Carlo run. Each draw decides for every event whether it happens (a Bernoulli trial with
/// its probability) and, if it has a range, its amount factor from a **triangular** distribution on
/// `[low, high]` whose mode is the point estimate (factor 1, moved into the range if the range
/// excludes it): the entered amount is the most likely value, the range its plausible extremes. The
/// draw's net is then the sum of the occurring events' present values. Because a skewed range (0.9 –
/// 1.5) shifts the mean away from the point estimate, `mean` can differ from the deterministic net;
/// that difference is information, not an error.
///
/// Percentiles use the nearest-rank method on the sorted nets: the p-th percentile of `n` draws is
/// the value of rank `⌈p · n / 100⌉` (1-based).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MonteCarlo {
    pub draws: u32,
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    /// Share of draws with a net strictly greater than 0.
    pub probability_positive: f64,
}

/// The result of [`evaluate`]. All money is present value in euros of the analysis year.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// Every stakeholder that appears in either scenario, in [`Stakeholder::ALL`] order.
    pub per_stakeholder: Vec<StakeholderLine>,
    /// Every value type that appears in either scenario (fiscal, economic, social).
    pub per_value_type: Vec<ValueTypeLine>,
    pub pv_without: f64,
    pub pv_with: f64,
    pub net: f64,
    /// The difference between the scenarios is split per stakeholder and month: in each
    /// (stakeholder, month) cell `d = discounted expected cost without − with`. **Costs avoided** is
    /// the sum of the positive cells (a payer spends less that month), **extra costs** the sum of the
    /// negative cells, as a positive number (the tailored solution's own cost, and any cost shifted to
    /// another payer or brought forward in time). So `costs_avoided − extra_costs = net` (up to
    /// rounding), and a cost moved from one payer to another counts on both sides. Cells that differ
    /// only by rounding (below 10⁻⁹ of the flows in them) count as zero.
    pub costs_avoided: f64,
    pub extra_costs: f64,
    /// Savings of the tailored solution against its own extra cost: `costs_avoided / extra_costs`,
    /// None when there is no extra cost (extra costs below 10⁻⁹ of the total flows count as none).
    pub benefit_cost_ratio: Option<f64>,
    /// First month from which the cumulative discounted net stays ≥ 0 to the end of the horizon; None
    /// if the cumulative net is negative at the end. Differences below 10⁻⁹ of the total flows count as
    /// zero.
    pub break_even_month: Option<u32>,
    pub sensitivity: Vec<SensitivityRow>,
    pub monte_carlo: Option<MonteCarlo>,
    /// Cumulative discounted expected net per month (index = month), for a chart.
    pub cumulative_net: Vec<f64>,
}

/// The monthly rate equivalent to an annual rate: `(1 + r)^(1/12) − 1`.
pub fn monthly_rate(annual: f64) -> f64 {
    (1.0 + annual).powf(1.0 / 12.0) - 1.0
}

/// Discount factors `1 / (1 + m)^t` for months `0..horizon`, built by repeated division so that for
/// `m ≥ 0` they never increase from one month to the next (not even by rounding).
fn discount_factors(annual: f64, horizon: usize) -> Vec<f64> {
    let step = 1.0 + monthly_rate(annual);
    let mut factors = Vec::with_capacity(horizon);
    let mut f = 1.0;
    for _ in 0..horizon {
        factors.push(f);
        f /= step;
    }
    factors
}

/// One event, prepared once: everything a draw or a sensitivity row needs is a multiplication away.
struct Item<'a> {
    side: Side,
    index: usize,
    event: &'a Event,
    /// Uplifted euros per month while the event runs, if it happens (amount factor 1).
    monthly: f64,
    /// The months it runs: `first..end`, within the horizon.
    first: usize,
    end: usize,
    /// Present value if it happens: `monthly × Σ discount factors of its months`.
    pv_if_occurs: f64,
    /// `probability × pv_if_occurs`.
    expected: f64,
}

impl Item<'_> {
    fn sign(&self) -> f64 {
        match self.side {
            Side::Without => 1.0,
            Side::With => -1.0,
        }
    }
}

fn prepare<'a>(a: &'a Analysis, discount: &[f64]) -> Vec<Item<'a>> {
    let horizon = discount.len();
    let bias = &a.settings.optimism_bias;
    let mut items = Vec::with_capacity(a.without.events.len() + a.with.events.len());
    for (side, scenario) in [(Side::Without, &a.without), (Side::With, &a.with)] {
        for (index, event) in scenario.events.iter().enumerate() {
            let uplift = 1.0 + bias[usize::from(grade_index(event.confidence))];
            let (per_unit, months) = match event.unit {
                CostUnit::Once => (1.0, 1),
                CostUnit::PerMonth => (1.0, event.duration_months),
                // A yearly cost is spread evenly over the months it runs.
                CostUnit::PerYear => (1.0 / 12.0, event.duration_months),
            };
            let first = (event.start_month as usize).min(horizon);
            let end = (u64::from(event.start_month) + u64::from(months)).min(horizon as u64) as usize;
            let monthly = uplift * event.amount * event.quantity * per_unit;
            let discounted_months: f64 = discount[first..end].iter().sum();
            let pv_if_occurs = monthly * discounted_months;
            items.push(Item { side, index, event, monthly, first, end, pv_if_occurs, expected: event.probability * pv_if_occurs });
        }
    }
    items
}

fn grade_index(c: Confidence) -> u8 {
    c.grade().clamp(1, 6) - 1
}

/// Evaluate an analysis: present values per stakeholder and in total, costs avoided and extra costs,
/// benefit-cost ratio, break-even month, sensitivity table, Monte Carlo run and the cumulative net
/// per month. Fails with the first invalid field (see [`validate`]).
pub fn evaluate(a: &Analysis) -> Result<Outcome, CbaError> {
    if let Some(e) = validate(a).into_iter().next() {
        return Err(e);
    }
    let horizon = a.settings.horizon_months as usize;
    let discount = discount_factors(a.settings.discount_rate, horizon);
    let items = prepare(a, &discount);

    let (mut pv_without, mut pv_with) = (0.0, 0.0);
    let n_stakeholders = Stakeholder::ALL.len();
    let mut by_stakeholder = vec![None::<(f64, f64)>; n_stakeholders];
    let mut by_value_type = vec![None::<(f64, f64)>; ValueType::ALL.len()];
    // Per (stakeholder, month): the signed difference and the sum of absolute flows (for the rounding
    // tolerance).
    let mut cells = vec![0.0; n_stakeholders * horizon];
    let mut cell_flows = vec![0.0; n_stakeholders * horizon];
    let mut monthly_net = vec![0.0; horizon];
    for it in &items {
        let add = |slot: &mut Option<(f64, f64)>| {
            let (w, h) = slot.get_or_insert((0.0, 0.0));
            match it.side {
                Side::Without => *w += it.expected,
                Side::With => *h += it.expected,
            }
        };
        add(&mut by_stakeholder[it.event.stakeholder as usize]);
        add(&mut by_value_type[it.event.value_type as usize]);
        match it.side {
            Side::Without => pv_without += it.expected,
            Side::With => pv_with += it.expected,
        }
        let per_month = it.event.probability * it.monthly;
        let row = it.event.stakeholder as usize * horizon;
        for t in it.first..it.end {
            let v = per_month * discount[t];
            cells[row + t] += it.sign() * v;
            cell_flows[row + t] += v;
            monthly_net[t] += it.sign() * v;
        }
    }
    let net = pv_without - pv_with;

    let line = |(w, h): (f64, f64)| (w, h, w - h);
    let per_stakeholder = (0..n_stakeholders)
        .filter_map(|i| {
            by_stakeholder[i].map(line).map(|(pv_without, pv_with, net)| StakeholderLine {
                stakeholder: Stakeholder::ALL[i],
                pv_without,
                pv_with,
                net,
            })
        })
        .collect();
    let per_value_type = (0..ValueType::ALL.len())
        .filter_map(|i| {
            by_value_type[i].map(line).map(|(pv_without, pv_with, net)| ValueTypeLine {
                value_type: ValueType::ALL[i],
                pv_without,
                pv_with,
                net,
            })
        })
        .collect();

    let (mut costs_avoided, mut extra_costs) = (0.0, 0.0);
    for (&d, &flows) in cells.iter().zip(&cell_flows) {
        if d.abs() <= 1e-9 * flows {
            continue;
        }
        if d > 0.0 {
            costs_avoided += d;
        } else {
            extra_costs -= d;
        }
    }
    // Extra costs that are negligible against the flows (rounding, or a fraction of a cent) count as
    // none, so the ratio stays a meaningful finite number.
    let tolerance = 1e-9 * (pv_without + pv_with);
    let benefit_cost_ratio = (extra_costs > tolerance).then(|| costs_avoided / extra_costs);

    let mut cumulative_net = Vec::with_capacity(horizon);
    let mut running = 0.0;
    for v in &monthly_net {
        running += v;
        cumulative_net.push(running);
    }
    let break_even_month = match cumulative_net.iter().rposition(|&c| c < -tolerance) {
        None => Some(0),
        Some(t) if t + 1 < horizon => Some((t + 1) as u32),
        Some(_) => None,
    };

    let mut sensitivity: Vec<SensitivityRow> = items
        .iter()
        .filter_map(|it| {
            let (low, high) = it.event.range?;
            let net_low = net + it.sign() * it.expected * (low - 1.0);
            let net_high = net + it.sign() * it.expected * (high - 1.0);
            Some(SensitivityRow {
                side: it.side,
                index: it.index,
                label: it.event.label.clone(),
                stakeholder: it.event.stakeholder,
                low,
                high,
                net_low,
                net_high,
                swing: (net_high - net_low).abs(),
            })
        })
        .collect();
    // Stable: equal swings keep scenario and event order.
    sensitivity.sort_by(|x, y| y.swing.total_cmp(&x.swing));

    let monte_carlo = (a.settings.draws > 0).then(|| monte_carlo::run(&items, a.settings.draws, a.settings.seed));

    Ok(Outcome {
        per_stakeholder,
        per_value_type,
        pv_without,
        pv_with,
        net,
        costs_avoided,
        extra_costs,
        benefit_cost_ratio,
        break_even_month,
        sensitivity,
        monte_carlo,
        cumulative_net,
    })
}
