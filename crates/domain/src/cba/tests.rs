use super::*;
use proptest::prelude::*;

fn grade(g: i64) -> Confidence {
    Confidence::new(g).unwrap()
}

/// A certain, grade-1 fiscal cost.
fn event(stakeholder: Stakeholder, amount: f64, unit: CostUnit, start_month: u32, duration_months: u32) -> Event {
    Event {
        label: "e".into(),
        stakeholder,
        amount,
        unit,
        quantity: 1.0,
        start_month,
        duration_months,
        probability: 1.0,
        confidence: Confidence::BEST,
        value_type: ValueType::Fiscal,
        range: None,
    }
}

fn settings(horizon_months: u32, discount_rate: f64) -> Settings {
    Settings { horizon_months, discount_rate, optimism_bias: [0.0; 6], draws: 0, seed: 1 }
}

fn analysis(without: Vec<Event>, with: Vec<Event>, settings: Settings) -> Analysis {
    Analysis { without: Scenario { events: without }, with: Scenario { events: with }, settings }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (a.abs() + b.abs()) + 1e-9
}

// ---------------------------------------------------------------------------------------------------
// Hand-computed example

#[test]
fn hand_computed_example() {
    // Annual rate r = 1.01^12 − 1, so the monthly rate m = 1 % exactly (up to rounding); grade 3
    // carries a 10 % optimism bias, every other grade 0. Horizon 12 months.
    //
    // without
    //   A  woningcorporatie, once €5,000 in month 2, probability 0.5, grade 1:
    //      0.5 × 5000 / 1.01² = 2500 / 1.0201                                = 2450.7401235
    //   B  gemeente_participatiewet, €1,000 per month, months 0–2, grade 3 (+10 % → €1,100):
    //      1100 × (1 + 1/1.01 + 1/1.01²) = 1100 × 2.9703950593                = 3267.4345652
    //   pv_without = 2450.7401235 + 3267.4345652                              = 5718.1746888
    // with
    //   C  gemeente_wgs, once €1,200 in month 0                                = 1200
    //   D  huishouden, €1,200 per year from month 10 for 6 months, capped by the horizon to months
    //      10 and 11 at 1200 / 12 = €100 a month: 100/1.01¹⁰ + 100/1.01¹¹
    //      = 90.5286955 + 89.6323718                                          = 180.1610672
    //   pv_with = 1380.1610672
    // net = 5718.1746888 − 1380.1610672                                       = 4338.0136215
    // Costs avoided = A + B (every cell where without > with) = 5718.1746888; extra costs = C + D
    // = 1380.1610672; ratio = 5718.1746888 / 1380.1610672                     = 4.1431213
    // Cumulative net: month 0: 1100 − 1200 = −100; month 1: −100 + 1100/1.01 = 989.1089109 ≥ 0 and it
    // stays positive (the lowest later value is the end, 4338.01), so break-even is month 1.
    let mut bias = [0.0; 6];
    bias[2] = 0.10;
    let s = Settings { optimism_bias: bias, ..settings(12, 1.01_f64.powi(12) - 1.0) };
    let a = Event { probability: 0.5, ..event(Stakeholder::Woningcorporatie, 5000.0, CostUnit::Once, 2, 0) };
    let b = Event { confidence: grade(3), ..event(Stakeholder::GemeenteParticipatiewet, 1000.0, CostUnit::PerMonth, 0, 3) };
    let c = event(Stakeholder::GemeenteWgs, 1200.0, CostUnit::Once, 0, 0);
    let d = event(Stakeholder::Huishouden, 1200.0, CostUnit::PerYear, 10, 6);
    let o = evaluate(&analysis(vec![a, b], vec![c, d], s)).unwrap();

    let near = |x: f64, y: f64| (x - y).abs() < 1e-6;
    assert!(near(o.pv_without, 5718.174688756), "{}", o.pv_without);
    assert!(near(o.pv_with, 1380.161067221), "{}", o.pv_with);
    assert!(near(o.net, 4338.013621535), "{}", o.net);
    assert!(near(o.costs_avoided, 5718.174688756) && near(o.extra_costs, 1380.161067221));
    assert!(near(o.benefit_cost_ratio.unwrap(), 4.14312128096));
    assert_eq!(o.break_even_month, Some(1));
    assert_eq!(o.cumulative_net.len(), 12);
    assert!(near(o.cumulative_net[0], -100.0) && near(o.cumulative_net[1], 989.108910891));
    assert!(near(o.cumulative_net[11], o.net));

    let lines: Vec<(Stakeholder, f64)> = o.per_stakeholder.iter().map(|l| (l.stakeholder, l.net)).collect();
    assert_eq!(lines.len(), 4);
    // In Stakeholder::ALL order.
    assert_eq!(lines[0].0, Stakeholder::GemeenteParticipatiewet);
    assert!(near(lines[0].1, 3267.434565239));
    assert_eq!(lines[1].0, Stakeholder::GemeenteWgs);
    assert!(near(lines[1].1, -1200.0));
    assert_eq!(lines[2].0, Stakeholder::Woningcorporatie);
    assert!(near(lines[2].1, 2450.740123517));
    assert_eq!(lines[3].0, Stakeholder::Huishouden);
    assert!(near(lines[3].1, -180.161067221));
    assert_eq!(o.per_value_type.len(), 1);
    assert!(o.sensitivity.is_empty() && o.monte_carlo.is_none());
}

#[test]
fn monthly_rate_matches_the_annual_rate() {
    assert!((monthly_rate(1.01_f64.powi(12) - 1.0) - 0.01).abs() < 1e-15);
    assert_eq!(monthly_rate(0.0), 0.0);
    // 2.25 % a year is about 0.1856 % a month.
    assert!((monthly_rate(DEFAULT_DISCOUNT_RATE) - 0.001_856_0).abs() < 1e-6);
}

// ---------------------------------------------------------------------------------------------------
// Break-even

#[test]
fn break_even_month() {
    // r = 0: the solution costs €1,000 in month 0 and avoids €100 a month for 24 months, so the
    // cumulative net is −900 + 100·t: ≥ 0 from month 9.
    let saving = || event(Stakeholder::GemeenteWmo, 100.0, CostUnit::PerMonth, 0, 24);
    let cost = || event(Stakeholder::GemeenteWmo, 1000.0, CostUnit::Once, 0, 0);
    let o = evaluate(&analysis(vec![saving()], vec![cost()], settings(36, 0.0))).unwrap();
    assert_eq!(o.break_even_month, Some(9));
    assert_eq!(o.cumulative_net[8], -100.0);
    assert_eq!(o.cumulative_net[9], 0.0);

    // A horizon too short to earn it back: never.
    let o = evaluate(&analysis(vec![saving()], vec![cost()], settings(9, 0.0))).unwrap();
    assert_eq!(o.break_even_month, None);

    // A second cost in month 20 pushes the cumulative net below zero again: break-even is only after it.
    let late = event(Stakeholder::GemeenteWmo, 1500.0, CostUnit::Once, 20, 0);
    let o = evaluate(&analysis(vec![saving()], vec![cost(), late], settings(36, 0.0))).unwrap();
    // −900 + 100·t − 1500 from month 20: at t = 20, −400; at t = 23, −100; the saving stops after 23.
    assert_eq!(o.break_even_month, None);
    let longer = event(Stakeholder::GemeenteWmo, 100.0, CostUnit::PerMonth, 0, 36);
    let late = event(Stakeholder::GemeenteWmo, 1500.0, CostUnit::Once, 20, 0);
    let o = evaluate(&analysis(vec![longer], vec![cost(), late], settings(36, 0.0))).unwrap();
    assert_eq!(o.break_even_month, Some(24));

    // Savings from the start: month 0.
    let o = evaluate(&analysis(vec![saving()], vec![], settings(12, 0.0))).unwrap();
    assert_eq!(o.break_even_month, Some(0));
    assert_eq!(o.benefit_cost_ratio, None);
    // Identical scenarios: nothing to earn back, no extra cost.
    let o = evaluate(&analysis(vec![saving(), cost()], vec![cost(), saving()], settings(36, DEFAULT_DISCOUNT_RATE))).unwrap();
    assert_eq!(o.break_even_month, Some(0));
    assert_eq!((o.costs_avoided, o.extra_costs, o.benefit_cost_ratio), (0.0, 0.0, None));
}

#[test]
fn a_cost_shifted_between_payers_counts_on_both_sides() {
    let from = event(Stakeholder::GemeenteWmo, 500.0, CostUnit::Once, 0, 0);
    let to = event(Stakeholder::Zorgverzekeraar, 500.0, CostUnit::Once, 0, 0);
    let o = evaluate(&analysis(vec![from], vec![to], settings(12, 0.0))).unwrap();
    assert_eq!((o.net, o.costs_avoided, o.extra_costs, o.benefit_cost_ratio), (0.0, 500.0, 500.0, Some(1.0)));
}

#[test]
fn events_outside_the_horizon_cost_nothing() {
    let late = event(Stakeholder::GemeenteWmo, 500.0, CostUnit::Once, 12, 0);
    let long = event(Stakeholder::GemeenteWmo, 10.0, CostUnit::PerMonth, 10, u32::MAX);
    let o = evaluate(&analysis(vec![late, long], vec![], settings(12, 0.0))).unwrap();
    assert_eq!(o.pv_without, 20.0);
}

// ---------------------------------------------------------------------------------------------------
// Sensitivity and Monte Carlo

#[test]
fn sensitivity_rows_move_one_event_and_sort_by_swing() {
    let small = Event { range: Some((0.5, 1.5)), ..event(Stakeholder::GemeenteWmo, 100.0, CostUnit::Once, 0, 0) };
    let big = Event { range: Some((0.8, 2.0)), probability: 0.5, ..event(Stakeholder::Huishouden, 1000.0, CostUnit::Once, 0, 0) };
    let certain = event(Stakeholder::GemeenteWmo, 300.0, CostUnit::Once, 0, 0);
    let o = evaluate(&analysis(vec![small], vec![certain, big], settings(12, 0.0))).unwrap();
    // net = 100 − 300 − 0.5 × 1000 = −700.
    assert_eq!(o.net, -700.0);
    assert_eq!(o.sensitivity.len(), 2);
    let first = &o.sensitivity[0];
    // The with-event at 0.8: with costs 300 + 400 → net −600; at 2.0: 300 + 1000 → net −1200.
    assert_eq!((first.side, first.index), (Side::With, 1));
    assert!(close(first.net_low, -600.0) && close(first.net_high, -1200.0) && close(first.swing, 600.0));
    let second = &o.sensitivity[1];
    assert_eq!((second.side, second.index), (Side::Without, 0));
    assert!(close(second.net_low, -750.0) && close(second.net_high, -650.0) && close(second.swing, 100.0));
}

#[test]
fn monte_carlo_percentiles_use_nearest_rank() {
    // One saving of €100 that happens with probability 0.5: every draw nets 0 or 100.
    let e = Event { probability: 0.5, ..event(Stakeholder::GemeenteWmo, 100.0, CostUnit::Once, 0, 0) };
    let s = Settings { draws: 2000, seed: 42, ..settings(12, 0.0) };
    let mc = evaluate(&analysis(vec![e], vec![], s)).unwrap().monte_carlo.unwrap();
    assert_eq!((mc.draws, mc.p10, mc.p90), (2000, 0.0, 100.0));
    assert!((mc.probability_positive - 0.5).abs() < 0.05, "{}", mc.probability_positive);
    assert!((mc.mean - 50.0).abs() < 5.0);
}

#[test]
fn monte_carlo_amounts_follow_the_triangular_range() {
    // Range 0.5–2.0 around the point estimate 1: mean factor (0.5 + 1 + 2) / 3 = 7/6.
    let e = Event { range: Some((0.5, 2.0)), ..event(Stakeholder::GemeenteWmo, 600.0, CostUnit::Once, 0, 0) };
    let s = Settings { draws: 20_000, seed: 3, ..settings(12, 0.0) };
    let mc = evaluate(&analysis(vec![e], vec![], s)).unwrap().monte_carlo.unwrap();
    assert!((mc.mean - 700.0).abs() < 10.0, "{}", mc.mean);
    assert!(mc.p10 >= 300.0 && mc.p90 <= 1200.0 && mc.p10 < mc.p50 && mc.p50 < mc.p90);
    // A range that excludes 1 moves the mode into it; a zero-width range is a fixed factor.
    for (range, lo, hi) in [((1.2, 1.5), 720.0, 900.0), ((0.2, 0.4), 120.0, 240.0), ((2.0, 2.0), 1200.0, 1200.0)] {
        let e = Event { range: Some(range), ..event(Stakeholder::GemeenteWmo, 600.0, CostUnit::Once, 0, 0) };
        let s = Settings { draws: 500, seed: 9, ..settings(12, 0.0) };
        let mc = evaluate(&analysis(vec![e], vec![], s)).unwrap().monte_carlo.unwrap();
        assert!(mc.p10 >= lo - 1e-9 && mc.p90 <= hi + 1e-9, "{range:?}: {mc:?}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Errors

#[test]
fn each_error_names_its_field() {
    let ok = event(Stakeholder::GemeenteWmo, 100.0, CostUnit::Once, 0, 0);
    let base = || analysis(vec![ok.clone(), ok.clone(), ok.clone()], vec![ok.clone()], settings(12, 0.0));
    let check = |a: Analysis, field: &str| {
        let e = evaluate(&a).unwrap_err();
        assert_eq!(e.field(), field, "{e}");
        assert!(e.to_string().starts_with(field), "{e}");
    };
    check(analysis(vec![], vec![], settings(0, 0.0)), "settings.horizon_months");
    check(analysis(vec![], vec![], settings(361, 0.0)), "settings.horizon_months");
    check(analysis(vec![], vec![], settings(12, 0.21)), "settings.discount_rate");
    check(analysis(vec![], vec![], settings(12, -0.06)), "settings.discount_rate");
    check(analysis(vec![], vec![], settings(12, f64::NAN)), "settings.discount_rate");
    let mut a = base();
    a.settings.optimism_bias[4] = -0.1;
    check(a, "settings.optimism_bias[4]");
    let mut a = base();
    a.settings.draws = 100_001;
    check(a, "settings.draws");
    let mut a = base();
    a.with.events = vec![ok.clone(); MAX_EVENTS + 1];
    check(a, "with.events");
    let mut a = base();
    a.without.events[2].probability = 1.5;
    check(a, "without.events[2].probability");
    let mut a = base();
    a.with.events[0].probability = -0.0001;
    check(a, "with.events[0].probability");
    let mut a = base();
    a.without.events[1].amount = -1.0;
    check(a, "without.events[1].amount");
    let mut a = base();
    a.without.events[1].amount = f64::INFINITY;
    check(a, "without.events[1].amount");
    let mut a = base();
    a.with.events[0].quantity = f64::NAN;
    check(a, "with.events[0].quantity");
    let mut a = base();
    a.with.events[0].range = Some((1.3, 0.8));
    check(a, "with.events[0].range");
    let mut a = base();
    a.without.events[0].range = Some((-0.1, 1.0));
    check(a, "without.events[0].range");

    // validate lists every problem, in field order.
    let mut a = base();
    a.settings.horizon_months = 0;
    a.without.events[0].amount = -1.0;
    a.without.events[0].probability = 2.0;
    a.with.events[0].range = Some((2.0, 1.0));
    let fields: Vec<String> = validate(&a).iter().map(CbaError::field).collect();
    assert_eq!(fields, ["settings.horizon_months", "without.events[0].probability", "without.events[0].amount", "with.events[0].range"]);
    assert!(validate(&base()).is_empty());
}

// ---------------------------------------------------------------------------------------------------
// Templates

fn fake_price(code: &str) -> Option<UnitPrice> {
    // The units of the shipped catalogue.
    let unit = match code {
        "bijstand_alleenstaande" | "budgetbeheer_alleenstaande" | "beschermingsbewind_schulden" => CostUnit::PerMonth,
        "bijstand_uitvoering" | "maatschappelijke_opvang_plek" | "uithuisplaatsing" => CostUnit::PerYear,
        _ => CostUnit::Once,
    };
    Some(UnitPrice { stakeholder: Stakeholder::GemeenteOverig, amount: 1000.0, unit, confidence: grade(4), value_type: ValueType::Fiscal })
}

#[test]
fn templates_are_listed_in_kind_order_and_evaluate() {
    assert_eq!(TEMPLATES.len(), TemplateKind::ALL.len());
    for &kind in TemplateKind::ALL {
        let t = template(kind);
        assert_eq!(t.kind, kind);
        assert!(!t.without.is_empty() && !t.with.is_empty());
        for e in t.without.iter().chain(t.with) {
            assert!(e.label_key.starts_with("cba-event-") && !e.code.is_empty());
        }
        let a = t.instantiate(Settings::default(), fake_price, |key| key.to_string()).unwrap();
        assert!(validate(&a).is_empty(), "{kind:?}: {:?}", validate(&a));
        assert_eq!(a.without.events.len(), t.without.len());
        evaluate(&a).unwrap();
    }
    let missing = template(TemplateKind::ThreatenedEviction).instantiate(Settings::default(), |_| None, |k| k.into());
    assert_eq!(missing, Err(UnknownCode("griffierecht_kanton_rechtspersoon")));
    let codes = all_codes();
    assert!(codes.contains(&"bijstand_alleenstaande") && codes.contains(&"maatwerkbudget_eenmalig"));
}

#[test]
fn analysis_round_trips_through_json() {
    let mut e = event(Stakeholder::RijkUwvSvb, 12.5, CostUnit::PerYear, 3, 24);
    e.range = Some((0.8, 1.3));
    let a = analysis(vec![e], vec![], Settings::default());
    let json = serde_json::to_string(&a).unwrap();
    assert!(json.contains("\"rijk_uwv_svb\"") && json.contains("\"per_year\""));
    assert_eq!(serde_json::from_str::<Analysis>(&json).unwrap(), a);
}

// ---------------------------------------------------------------------------------------------------
// Properties

fn arb_event() -> impl Strategy<Value = Event> {
    (
        prop::sample::select(Stakeholder::ALL),
        0.0..100_000.0_f64,
        prop::sample::select(CostUnit::ALL),
        0.0..10.0_f64,
        0u32..80,
        0u32..80,
        prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0_f64],
        1i64..=6,
        prop::sample::select(ValueType::ALL),
        prop::option::of((0.0..1.0_f64, 1.0..3.0_f64)),
    )
        .prop_map(|(stakeholder, amount, unit, quantity, start_month, duration_months, probability, g, value_type, range)| Event {
            label: "p".into(),
            stakeholder,
            amount,
            unit,
            quantity,
            start_month,
            duration_months,
            probability,
            confidence: grade(g),
            value_type,
            range,
        })
}

fn arb_analysis(rate: std::ops::RangeInclusive<f64>) -> impl Strategy<Value = Analysis> {
    (
        prop::collection::vec(arb_event(), 0..8),
        prop::collection::vec(arb_event(), 0..8),
        1u32..=120,
        rate,
        prop::array::uniform6(0.0..=0.5_f64),
        any::<u64>(),
    )
        .prop_map(|(without, with, horizon_months, discount_rate, optimism_bias, seed)| {
            analysis(without, with, Settings { horizon_months, discount_rate, optimism_bias, draws: 0, seed })
        })
}

/// The number of months (in the horizon) an event's cost runs, and its cost per such month.
fn plain_months(e: &Event, horizon: u32) -> (f64, f64) {
    let (per, months) = match e.unit {
        CostUnit::Once => (1.0, 1),
        CostUnit::PerMonth => (1.0, e.duration_months),
        CostUnit::PerYear => (1.0 / 12.0, e.duration_months),
    };
    let end = (e.start_month + months).min(horizon);
    (end.saturating_sub(e.start_month) as f64, e.amount * e.quantity * per)
}

proptest! {
    #[test]
    fn rate_zero_gives_plain_sums(a in arb_analysis(0.0..=0.0)) {
        let mut a = a;
        a.settings.optimism_bias = [0.0; 6];
        let o = evaluate(&a).unwrap();
        let plain = |s: &Scenario| -> f64 {
            s.events.iter().map(|e| {
                let (months, per_month) = plain_months(e, a.settings.horizon_months);
                e.probability * per_month * months
            }).sum()
        };
        prop_assert!(close(o.pv_without, plain(&a.without)), "{} vs {}", o.pv_without, plain(&a.without));
        prop_assert!(close(o.pv_with, plain(&a.with)));
    }

    #[test]
    fn optimism_bias_uplifts_each_cost_by_its_grade(a in arb_analysis(0.0..=0.2)) {
        let mut plain = a.clone();
        plain.settings.optimism_bias = [0.0; 6];
        let uplifted: f64 = a.without.events.iter().map(|e| {
            let mut one = plain.clone();
            one.without.events = vec![e.clone()];
            evaluate(&one).unwrap().pv_without * (1.0 + a.settings.optimism_bias[usize::from(e.confidence.grade()) - 1])
        }).sum();
        prop_assert!(close(evaluate(&a).unwrap().pv_without, uplifted));
    }

    #[test]
    fn probability_zero_removes_an_event(a in arb_analysis(-0.05..=0.2), extra in arb_event(), at in 0usize..8, with in any::<bool>()) {
        let before = evaluate(&a).unwrap();
        let mut b = a.clone();
        let events = if with { &mut b.with.events } else { &mut b.without.events };
        let at = at.min(events.len());
        events.insert(at, Event { probability: 0.0, range: None, ..extra });
        let after = evaluate(&b).unwrap();
        prop_assert_eq!(before.pv_without, after.pv_without);
        prop_assert_eq!(before.pv_with, after.pv_with);
        prop_assert_eq!(before.net, after.net);
        prop_assert_eq!(&before.cumulative_net, &after.cumulative_net);
        prop_assert_eq!(before.costs_avoided, after.costs_avoided);
        prop_assert_eq!(before.extra_costs, after.extra_costs);
        prop_assert_eq!(before.benefit_cost_ratio, after.benefit_cost_ratio);
        prop_assert_eq!(before.break_even_month, after.break_even_month);
        prop_assert_eq!(before.sensitivity.len(), after.sensitivity.len());
    }

    #[test]
    fn results_are_linear_in_quantity(a in arb_analysis(-0.05..=0.2), k in 0.0..20.0_f64) {
        let o = evaluate(&a).unwrap();
        let mut scaled = a.clone();
        for e in scaled.without.events.iter_mut().chain(scaled.with.events.iter_mut()) {
            e.quantity *= k;
        }
        let s = evaluate(&scaled).unwrap();
        prop_assert!(close(s.pv_without, k * o.pv_without), "{} vs {}", s.pv_without, k * o.pv_without);
        prop_assert!(close(s.pv_with, k * o.pv_with));
        let scale = k * (o.pv_without + o.pv_with);
        prop_assert!((s.net - k * o.net).abs() <= 1e-9 * scale + 1e-9);
    }

    #[test]
    fn stakeholder_and_value_type_lines_add_up_to_the_total(a in arb_analysis(-0.05..=0.2)) {
        let o = evaluate(&a).unwrap();
        let scale = o.pv_without + o.pv_with;
        let near = |x: f64, y: f64| (x - y).abs() <= 1e-9 * scale + 1e-9;
        prop_assert!(near(o.per_stakeholder.iter().map(|l| l.net).sum(), o.net));
        prop_assert!(near(o.per_stakeholder.iter().map(|l| l.pv_without).sum(), o.pv_without));
        prop_assert!(near(o.per_stakeholder.iter().map(|l| l.pv_with).sum(), o.pv_with));
        prop_assert!(near(o.per_value_type.iter().map(|l| l.net).sum(), o.net));
        for l in &o.per_stakeholder {
            prop_assert!(near(l.pv_without - l.pv_with, l.net));
        }
        // The split of the difference and the chart agree with the total.
        prop_assert!(near(o.costs_avoided - o.extra_costs, o.net));
        prop_assert!(near(*o.cumulative_net.last().unwrap(), o.net));
        // Every stakeholder in the input has a line, and no other.
        let mut present: Vec<Stakeholder> = a.without.events.iter().chain(&a.with.events).map(|e| e.stakeholder).collect();
        present.sort();
        present.dedup();
        let lines: Vec<Stakeholder> = o.per_stakeholder.iter().map(|l| l.stakeholder).collect();
        prop_assert_eq!(lines, present);
    }

    #[test]
    fn a_later_start_never_increases_the_present_value(a in arb_analysis(0.0..=0.2), pick in any::<prop::sample::Index>(), shift in 0u32..400) {
        prop_assume!(!a.without.events.is_empty());
        let o = evaluate(&a).unwrap();
        let mut later = a.clone();
        let i = pick.index(later.without.events.len());
        later.without.events[i].start_month += shift;
        let l = evaluate(&later).unwrap();
        prop_assert!(l.pv_without <= o.pv_without, "{} > {}", l.pv_without, o.pv_without);
    }

    #[test]
    fn one_certain_draw_equals_the_deterministic_result(a in arb_analysis(-0.05..=0.2)) {
        let mut a = a;
        for e in a.without.events.iter_mut().chain(a.with.events.iter_mut()) {
            e.probability = 1.0;
            e.range = None;
        }
        a.settings.draws = 1;
        let o = evaluate(&a).unwrap();
        let mc = o.monte_carlo.unwrap();
        prop_assert_eq!((mc.p10, mc.p50, mc.p90, mc.mean), (o.net, o.net, o.net, o.net));
        prop_assert_eq!(mc.probability_positive, if o.net > 0.0 { 1.0 } else { 0.0 });
    }

    #[test]
    fn the_seed_decides_the_monte_carlo_run(s1 in any::<u64>(), s2 in any::<u64>()) {
        prop_assume!(s1 != s2);
        let uncertain = |i: u32| Event {
            probability: 0.3 + 0.05 * f64::from(i % 10),
            range: Some((0.7, 1.6)),
            ..event(Stakeholder::ALL[i as usize % Stakeholder::ALL.len()], 100.0 * f64::from(i + 1), CostUnit::PerMonth, i % 12, 12)
        };
        let mut a = analysis((0..10).map(uncertain).collect(), (10..16).map(uncertain).collect(), settings(60, DEFAULT_DISCOUNT_RATE));
        a.settings.draws = 500;
        a.settings.seed = s1;
        let first = evaluate(&a).unwrap();
        prop_assert_eq!(&evaluate(&a).unwrap(), &first);
        a.settings.seed = s2;
        let other = evaluate(&a).unwrap().monte_carlo.unwrap();
        let mc = first.monte_carlo.unwrap();
        prop_assert_ne!((mc.p10, mc.p50, mc.p90), (other.p10, other.p50, other.p90));
    }
}

// ---------------------------------------------------------------------------------------------------
// Extreme inputs: never a panic; valid inputs give finite numbers, invalid ones an error.

/// Valid values at and inside the edges of `0..=max`.
fn edge(max: f64) -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(-0.0), Just(max), Just(f64::MIN_POSITIVE), Just(1.0_f64.min(max)), 0.0..=max]
}

/// Mostly valid edge values, sometimes anything at all (NaN, infinities, negatives, huge).
fn maybe_wild(max: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => edge(max),
        1 => prop_oneof![Just(f64::MAX), Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(f64::NAN), Just(-1.0), any::<f64>()],
    ]
}

fn any_month() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0), Just(1), Just(359), Just(360), Just(361), Just(u32::MAX), any::<u32>(), 0u32..400]
}

fn extreme_event(wild: bool) -> impl Strategy<Value = Event> {
    let number = move |max: f64| if wild { maybe_wild(max).boxed() } else { edge(max).boxed() };
    let range = (number(MAX_RANGE_FACTOR), number(MAX_RANGE_FACTOR)).prop_map(move |(a, b)| if wild || a <= b { (a, b) } else { (b, a) });
    (
        prop::sample::select(Stakeholder::ALL),
        number(MAX_AMOUNT),
        prop::sample::select(CostUnit::ALL),
        number(MAX_QUANTITY),
        any_month(),
        any_month(),
        number(1.0),
        1i64..=6,
        prop::option::of(range),
    )
        .prop_map(|(stakeholder, amount, unit, quantity, start_month, duration_months, probability, g, range)| Event {
            label: String::new(),
            stakeholder,
            amount,
            unit,
            quantity,
            start_month,
            duration_months,
            probability,
            confidence: grade(g),
            value_type: ValueType::Social,
            range,
        })
}

fn all_finite(o: &Outcome) -> bool {
    let mut numbers = vec![o.pv_without, o.pv_with, o.net, o.costs_avoided, o.extra_costs];
    numbers.extend(o.benefit_cost_ratio);
    numbers.extend(&o.cumulative_net);
    numbers.extend(o.per_stakeholder.iter().flat_map(|l| [l.pv_without, l.pv_with, l.net]));
    numbers.extend(o.per_value_type.iter().flat_map(|l| [l.pv_without, l.pv_with, l.net]));
    numbers.extend(o.sensitivity.iter().flat_map(|r| [r.net_low, r.net_high, r.swing]));
    if let Some(mc) = &o.monte_carlo {
        numbers.extend([mc.mean, mc.p10, mc.p50, mc.p90, mc.probability_positive]);
    }
    numbers.iter().all(|v| v.is_finite())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Valid inputs at their limits (largest amounts and quantities, months far beyond the horizon,
    /// zero-width and widest ranges, extreme rates and biases) give an outcome of finite numbers.
    #[test]
    fn valid_extreme_inputs_give_finite_results(
        without in prop::collection::vec(extreme_event(false), 0..6),
        with in prop::collection::vec(extreme_event(false), 0..6),
        horizon in prop_oneof![Just(1u32), Just(MAX_HORIZON_MONTHS), 1..=MAX_HORIZON_MONTHS],
        rate in prop_oneof![Just(DISCOUNT_RATE_RANGE.0), Just(DISCOUNT_RATE_RANGE.1), Just(0.0), DISCOUNT_RATE_RANGE.0..=DISCOUNT_RATE_RANGE.1],
        bias in prop::array::uniform6(edge(MAX_OPTIMISM_BIAS)),
        draws in prop_oneof![Just(0u32), Just(1), 0u32..40],
        seed in any::<u64>(),
    ) {
        let a = analysis(without, with, Settings { horizon_months: horizon, discount_rate: rate, optimism_bias: bias, draws, seed });
        let o = evaluate(&a).unwrap();
        prop_assert!(all_finite(&o), "{:?}", o);
        prop_assert_eq!(o.cumulative_net.len(), horizon as usize);
    }

    /// Anything at all: no panic, an error exactly when validation finds a problem, else finite.
    #[test]
    fn no_panic_on_wild_inputs(
        without in prop::collection::vec(extreme_event(true), 0..4),
        with in prop::collection::vec(extreme_event(true), 0..4),
        horizon in any_month(),
        rate in prop_oneof![3 => DISCOUNT_RATE_RANGE.0..=DISCOUNT_RATE_RANGE.1, 1 => maybe_wild(1.0)],
        bias in prop::array::uniform6(prop_oneof![12 => edge(MAX_OPTIMISM_BIAS), 1 => maybe_wild(3.0)]),
        draws in prop_oneof![Just(0u32), 0u32..30, Just(MAX_DRAWS + 1), any::<u32>()],
        seed in any::<u64>(),
    ) {
        // Large but valid draw counts are covered by the benchmark, not here.
        let draws = if draws > 30 && draws <= MAX_DRAWS { 30 } else { draws };
        let a = analysis(without, with, Settings { horizon_months: horizon, discount_rate: rate, optimism_bias: bias, draws, seed });
        let problems = validate(&a);
        match evaluate(&a) {
            // Compared by field: a NaN value makes the errors themselves unequal.
            Err(e) => prop_assert_eq!(Some(e.field()), problems.first().map(CbaError::field)),
            Ok(o) => {
                prop_assert!(problems.is_empty());
                prop_assert!(all_finite(&o), "{:?}", o);
            }
        }
    }
}
