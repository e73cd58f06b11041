//! The worked example of docs/maatwerk-rekenvoorbeeld.md (SITUATIONS.md 1): the figures computed by
//! hand in that document, asserted against the engine and the shipped catalogue.

use eenplan_domain::cba::{Analysis, Event, Scenario, Settings, evaluate};
use eenplan_domain::costs::{Confidence, CostUnit, Stakeholder, ValueType};
use eenplan_domain::unit_costs::builtin;

const YEAR: i32 = 2025;

/// An event priced from the catalogue (indexed to 2025).
fn from_catalogue(code: &str, start: u32, months: u32, probability: f64) -> Event {
    let (catalogue, index) = builtin();
    let item = catalogue.item(code).unwrap_or_else(|| panic!("{code} in the catalogue"));
    Event {
        label: item.name.nl.clone(),
        stakeholder: item.stakeholder,
        amount: item.amount_in(&index, YEAR).unwrap(),
        unit: item.unit,
        quantity: 1.0,
        start_month: start,
        duration_months: months,
        probability,
        confidence: item.confidence,
        value_type: item.value_type,
        range: None,
    }
}

fn analysis(discount_rate: f64) -> Analysis {
    let without = Scenario {
        events: vec![
            from_catalogue("bijstand_alleenstaande", 0, 24, 1.0),
            from_catalogue("beschermingsbewind_schulden", 0, 24, 1.0),
            from_catalogue("huisuitzetting_corporatie", 12, 0, 0.25),
        ],
    };
    let with = Scenario {
        events: vec![
            from_catalogue("bijstand_alleenstaande", 0, 6, 1.0),
            from_catalogue("budgetbeheer_intake", 0, 0, 1.0),
            from_catalogue("budgetbeheer_alleenstaande", 0, 24, 1.0),
            Event {
                label: "Schuldhulpverlening, traject (aanname van de medewerker)".into(),
                stakeholder: Stakeholder::GemeenteWgs,
                amount: 1500.0,
                unit: CostUnit::Once,
                quantity: 1.0,
                start_month: 0,
                duration_months: 0,
                probability: 1.0,
                confidence: Confidence::WORST,
                value_type: ValueType::Fiscal,
                range: None,
            },
        ],
    };
    Analysis { without, with, settings: Settings { horizon_months: 24, discount_rate, optimism_bias: [0.0; 6], draws: 0, seed: 1 } }
}

fn net_of(o: &eenplan_domain::cba::Outcome, s: Stakeholder) -> f64 {
    o.per_stakeholder.iter().find(|l| l.stakeholder == s).map(|l| l.net).unwrap_or(0.0)
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[test]
fn without_discounting_the_document_s_plain_sums() {
    let o = evaluate(&analysis(0.0)).unwrap();
    assert_eq!(cents(o.pv_without), 39_095.46);
    assert_eq!(cents(o.pv_with), 12_316.21);
    assert_eq!(cents(o.net), 26_779.25);
    assert_eq!(cents(net_of(&o, Stakeholder::GemeenteParticipatiewet)), 24_218.10);
    assert_eq!(cents(net_of(&o, Stakeholder::Huishouden)), 4_267.31);
    assert_eq!(cents(net_of(&o, Stakeholder::Woningcorporatie)), 2_537.35);
    assert_eq!(cents(net_of(&o, Stakeholder::GemeenteWgs)), -4_243.51);
    assert_eq!(o.break_even_month, Some(6), "the sixth month pays back the start-up costs");
}

#[test]
fn discounted_at_2_25_percent_real_the_document_s_present_values() {
    let o = evaluate(&analysis(0.0225)).unwrap();
    assert_eq!(cents(o.pv_without), 38_271.28);
    assert_eq!(cents(o.pv_with), 12_229.41);
    assert_eq!(cents(o.net), 26_041.86);
    assert_eq!(cents(net_of(&o, Stakeholder::GemeenteParticipatiewet)), 23_576.73);
    assert_eq!(cents(net_of(&o, Stakeholder::Huishouden)), 4_177.62);
    assert_eq!(cents(net_of(&o, Stakeholder::Woningcorporatie)), 2_481.52);
    assert_eq!(cents(net_of(&o, Stakeholder::GemeenteWgs)), -4_194.01);
}

/// The templates name catalogue codes; all exist in the shipped catalogue except the two a worker
/// (or a municipality's own catalogue) must price: the tailored solution and a debt-counselling
/// trajectory, for which no recent public figure exists.
#[test]
fn every_template_code_is_in_the_catalogue_or_left_to_the_worker_on_purpose() {
    let (catalogue, index) = builtin();
    const WORKER_PRICED: [&str; 2] = ["maatwerkbudget_eenmalig", "schuldhulpverlening_traject"];
    for code in eenplan_domain::cba::all_codes() {
        match catalogue.item(code) {
            Some(item) => assert!(item.amount_in(&index, YEAR).is_ok(), "{code} can be indexed to {YEAR}"),
            None => assert!(WORKER_PRICED.contains(&code), "template code {code} is not in the catalogue"),
        }
    }
}
