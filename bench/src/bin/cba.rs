//! `cba`: times the cost-benefit engine on a large household analysis: 40 events (20 per scenario,
//! most of them uncertain), a 60-month horizon and 10 000 Monte Carlo draws. Prints the median of
//! 20 timed runs after a warm-up; the target is under 50 ms on one core.
//!
//! `cargo run --release -p eenplan-bench --bin cba`

use eenplan_domain::cba::{Analysis, Event, Scenario, Settings, evaluate};
use eenplan_domain::costs::{Confidence, CostUnit, Stakeholder, ValueType};
use std::time::{Duration, Instant};

const EVENTS_PER_SCENARIO: u32 = 20;
const RUNS: usize = 20;

fn event(i: u32, with: bool) -> Event {
    let units = [CostUnit::Once, CostUnit::PerMonth, CostUnit::PerYear];
    Event {
        label: format!("event {i}"),
        stakeholder: Stakeholder::ALL[i as usize % Stakeholder::ALL.len()],
        amount: 250.0 * f64::from(i + 1) * if with { 0.6 } else { 1.0 },
        unit: units[i as usize % units.len()],
        quantity: 1.0 + f64::from(i % 3),
        start_month: i % 12,
        duration_months: 12 + 2 * i,
        probability: 0.4 + 0.03 * f64::from(i),
        confidence: Confidence::new(i64::from(1 + i % 6)).expect("grade 1-6"),
        value_type: ValueType::ALL[i as usize % ValueType::ALL.len()],
        range: (!i.is_multiple_of(4)).then_some((0.7, 1.5)),
    }
}

fn main() {
    let scenario = |with: bool| Scenario { events: (0..EVENTS_PER_SCENARIO).map(|i| event(i, with)).collect() };
    let analysis = Analysis {
        without: scenario(false),
        with: scenario(true),
        settings: Settings { horizon_months: 60, draws: 10_000, seed: 2024, ..Settings::default() },
    };

    // Warm-up (caches, page faults), and a check that the work is not optimised away.
    let first = evaluate(&analysis).expect("a valid analysis");
    for _ in 0..3 {
        std::hint::black_box(evaluate(std::hint::black_box(&analysis)).expect("valid"));
    }

    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(evaluate(std::hint::black_box(&analysis)).expect("valid"));
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mc = first.monte_carlo.as_ref().expect("draws > 0");
    println!(
        "cba evaluate: {} events, {} months, {} draws: median {:.2} ms (min {:.2}, max {:.2}, {} runs)",
        analysis.without.events.len() + analysis.with.events.len(),
        analysis.settings.horizon_months,
        analysis.settings.draws,
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1]),
        RUNS
    );
    println!(
        "  net {:.0} EUR; Monte Carlo P10 {:.0}, P50 {:.0}, P90 {:.0}, P(net > 0) {:.2}",
        first.net, mc.p10, mc.p50, mc.p90, mc.probability_positive
    );
}
