//! Prefilled scenario pairs for common situations. They hold unit-cost **catalogue codes**, not amounts:
//! the amount, unit, payer, value type and confidence of each event come from the catalogue
//! (`crate::unit_costs`), indexed to the analysis year by the caller.
//!
//! Every quantity, start month, duration, probability and range below is a starting point for the
//! worker, who adjusts it to the household. Each carries a comment saying where it comes from; most are
//! plain assumptions and say so. None is a measured effect of an intervention.
//!
//! Two codes have no item in the shipped catalogue (`data/unit-costs/eenplan-2026.toml`) on purpose:
//! `maatwerkbudget_eenmalig`, the tailored solution itself, whose price is the worker's to enter, and
//! `schuldhulpverlening_traject`, for which no recent published figure was found. A municipality's
//! own catalogue (or the caller's `price` lookup) supplies them; until then
//! [`ScenarioTemplate::instantiate`] reports them as [`UnknownCode`] rather than silently leaving a
//! cost out.
//!
//! Hourly catalogue prices (guidance at home) are `once` items whose quantity is a number of hours;
//! the template books all those hours in the start month, which brings the cost forward and so errs
//! on the cautious side.

use super::{Analysis, Event, Scenario, Settings};
use crate::costs::{Confidence, CostUnit, Stakeholder, ValueType};

crate::code_enum!(
    /// The situations a template exists for.
    TemplateKind {
        ThreatenedEviction = "threatened_eviction",
        DebtsWithoutCounselling = "debts_without_counselling",
        ThreatenedOutOfHomePlacement = "threatened_out_of_home_placement",
        BenefitsWithoutWork = "benefits_without_work",
        EnergyDisconnection = "energy_disconnection",
    }
);

/// One event of a template: what to take from the catalogue and how much of it, when, how likely.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventTemplate {
    /// i18n key of the event's label.
    pub label_key: &'static str,
    /// Unit-cost catalogue code.
    pub code: &'static str,
    pub quantity: f64,
    pub start_month: u32,
    pub duration_months: u32,
    pub probability: f64,
    pub range: Option<(f64, f64)>,
}

/// A scenario pair for one situation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScenarioTemplate {
    pub kind: TemplateKind,
    /// i18n key of the template's name.
    pub name_key: &'static str,
    pub without: &'static [EventTemplate],
    pub with: &'static [EventTemplate],
}

/// What the catalogue supplies for one code, already indexed to the analysis year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitPrice {
    pub stakeholder: Stakeholder,
    pub amount: f64,
    pub unit: CostUnit,
    pub confidence: Confidence,
    pub value_type: ValueType,
}

/// A template code the catalogue does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown unit-cost code {0}")]
pub struct UnknownCode(pub &'static str);

impl EventTemplate {
    pub fn to_event(&self, label: String, price: &UnitPrice) -> Event {
        Event {
            label,
            stakeholder: price.stakeholder,
            amount: price.amount,
            unit: price.unit,
            quantity: self.quantity,
            start_month: self.start_month,
            duration_months: self.duration_months,
            probability: self.probability,
            confidence: price.confidence,
            value_type: price.value_type,
            range: self.range,
        }
    }
}

impl ScenarioTemplate {
    /// Every catalogue code the template uses, each once, in order of first use.
    pub fn codes(&self) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = Vec::new();
        for e in self.without.iter().chain(self.with) {
            if !codes.contains(&e.code) {
                codes.push(e.code);
            }
        }
        codes
    }

    /// Fill the template: `price` looks a code up in the (indexed) catalogue, `label` translates a
    /// label key. Fails on the first code the catalogue does not know.
    pub fn instantiate(
        &self,
        settings: Settings,
        mut price: impl FnMut(&str) -> Option<UnitPrice>,
        mut label: impl FnMut(&str) -> String,
    ) -> Result<Analysis, UnknownCode> {
        let mut scenario = |events: &[EventTemplate]| -> Result<Scenario, UnknownCode> {
            let events = events
                .iter()
                .map(|e| price(e.code).map(|p| e.to_event(label(e.label_key), &p)).ok_or(UnknownCode(e.code)))
                .collect::<Result<_, _>>()?;
            Ok(Scenario { events })
        };
        Ok(Analysis { without: scenario(self.without)?, with: scenario(self.with)?, settings })
    }
}

/// The template for one situation.
pub fn template(kind: TemplateKind) -> &'static ScenarioTemplate {
    // TEMPLATES is listed in TemplateKind order (checked by a test).
    &TEMPLATES[kind as usize]
}

const fn ev(
    label_key: &'static str,
    code: &'static str,
    quantity: f64,
    start_month: u32,
    duration_months: u32,
    probability: f64,
    range: Option<(f64, f64)>,
) -> EventTemplate {
    EventTemplate { label_key, code, quantity, start_month, duration_months, probability, range }
}

/// All templates, in [`TemplateKind::ALL`] order.
pub static TEMPLATES: [ScenarioTemplate; 5] = [
    ScenarioTemplate {
        kind: TemplateKind::ThreatenedEviction,
        name_key: "cba-template-threatened-eviction",
        without: &[
            // Court fee for the landlord's eviction claim at the kantonrechter. Probability 0.5 that the
            // landlord goes to court: assumption, to be set by the worker.
            ev("cba-event-court-fee", "griffierecht_kanton_rechtspersoon", 1.0, 2, 0, 0.5, None),
            // The eviction itself, direct cost to the landlord, €5,000–10,000 (Eropaf 2014, dutch-domain
            // §2.1): the range is that spread around its midpoint. Probability 0.25: in 2014 about 25 % of
            // eviction judgments ended in an eviction (Aedes enquête, cba-params §3.2), used here as the
            // unconditional chance, which presumes a judgment follows: assumption, to be set by the worker.
            ev("cba-event-eviction", "huisuitzetting_corporatie", 1.0, 4, 0, 0.25, Some((0.67, 1.33))),
            // A shelter place for a year after the eviction. Probability 0.10 (about 4 in 10 evicted
            // households ending in shelter): assumption, to be set by the worker. Range: "al gauw €15,000"
            // a year, up to about €70,000 with heavier (GGZ) care (Boesveldt 2025, dutch-domain §2.1).
            ev("cba-event-shelter", "maatschappelijke_opvang_plek", 1.0, 5, 12, 0.10, Some((1.0, 4.7))),
        ],
        with: &[
            // The tailored solution, e.g. arrears paid from a doorbraakfonds; the amount is set by the
            // worker.
            ev("cba-event-tailored-solution", "maatwerkbudget_eenmalig", 1.0, 0, 0, 1.0, None),
            // A year of budget management so the rent is paid first: its intake and twelve months (a
            // single person's tariff; the duration is an assumption, to be set by the worker).
            ev("cba-event-budget-management-intake", "budgetbeheer_intake", 1.0, 0, 0, 1.0, None),
            ev("cba-event-budget-management", "budgetbeheer_alleenstaande", 1.0, 0, 12, 1.0, None),
            // Remaining risk that the eviction still goes ahead: assumption, to be set by the worker.
            ev("cba-event-court-fee", "griffierecht_kanton_rechtspersoon", 1.0, 2, 0, 0.1, None),
            ev("cba-event-eviction", "huisuitzetting_corporatie", 1.0, 4, 0, 0.05, Some((0.67, 1.33))),
        ],
    },
    ScenarioTemplate {
        kind: TemplateKind::DebtsWithoutCounselling,
        name_key: "cba-template-debts-without-counselling",
        without: &[
            // Longer on social assistance. "Schuldhulpverlening loont!" (Regioplan & HU 2011, as explained by
            // NVVK; dutch-domain §2.1): recipients with debt help leave bijstand 4–12 months sooner; its
            // model assumed 4. So 4 months here, the range 1–3 for 4–12 months. Only for a household on
            // bijstand; the start in month 12 is an assumption.
            ev("cba-event-longer-on-benefit", "bijstand_alleenstaande", 1.0, 12, 4, 1.0, Some((1.0, 3.0))),
            // The municipality's cost of running those extra months of assistance (€2,883 per recipient
            // per year, Berenschot 2018, a per-year item spread over the same 4 months).
            ev("cba-event-benefit-administration", "bijstand_uitvoering", 1.0, 12, 4, 1.0, Some((1.0, 3.0))),
            // Rent arrears among the debts ending in an eviction: assumption, to be set by the worker.
            ev("cba-event-eviction", "huisuitzetting_corporatie", 1.0, 9, 0, 0.05, Some((0.67, 1.33))),
        ],
        with: &[
            // A debt counselling case. Not in the shipped catalogue: the only figure found is €1,500 per
            // case from 2005 (dutch-domain §2.1), too old and secondary to ship; a municipality adds its own
            // price. The wide range reflects that uncertainty: assumption.
            ev("cba-event-debt-counselling", "schuldhulpverlening_traject", 1.0, 0, 0, 1.0, Some((0.7, 2.0))),
            // Protective administration with problematic debts for 18 months, needed in 3 of 10 cases:
            // both assumptions, to be set by the worker.
            ev("cba-event-protective-administration", "beschermingsbewind_schulden", 1.0, 1, 18, 0.3, None),
        ],
    },
    ScenarioTemplate {
        kind: TemplateKind::ThreatenedOutOfHomePlacement,
        name_key: "cba-template-threatened-out-of-home-placement",
        without: &[
            // Two years of out-of-home care, about €40,000 a year (NRC factcheck 2015, one case; weak,
            // dutch-domain §2.1). Probability 0.5 and duration: assumptions, to be set by the worker. The
            // range (residential care costs more than foster care) is an assumption too.
            ev("cba-event-out-of-home-placement", "uithuisplaatsing", 1.0, 3, 24, 0.5, Some((0.6, 2.0))),
        ],
        with: &[
            ev("cba-event-tailored-solution", "maatwerkbudget_eenmalig", 1.0, 0, 0, 1.0, None),
            // Intensive guidance at home, 4 hours a week for 26 weeks (104 hours), booked in month 0:
            // assumption, to be set by the worker.
            ev("cba-event-guidance-at-home", "begeleiding_thuis", 104.0, 0, 0, 1.0, Some((0.5, 1.5))),
            // Remaining risk of a placement: assumption, to be set by the worker.
            ev("cba-event-out-of-home-placement", "uithuisplaatsing", 1.0, 3, 24, 0.2, Some((0.6, 2.0))),
        ],
    },
    ScenarioTemplate {
        kind: TemplateKind::BenefitsWithoutWork,
        name_key: "cba-template-benefits-without-work",
        without: &[
            // Social assistance for five years ("doormodderen"): assumption, to be set by the worker.
            ev("cba-event-benefit", "bijstand_alleenstaande", 1.0, 0, 60, 1.0, None),
        ],
        with: &[
            // The tailored solution that removes the obstacle to work (e.g. dental repair for a job seeker,
            // a Zaanstad maatwerkbudget example, dutch-domain §1.3); the amount is set by the worker.
            ev("cba-event-tailored-solution", "maatwerkbudget_eenmalig", 1.0, 0, 0, 1.0, None),
            // Twelve social-work contacts of guidance to work: assumption, to be set by the worker.
            ev("cba-event-social-work", "maatschappelijk_werk_contact", 12.0, 0, 0, 1.0, None),
            // Six months on benefit before work starts: assumption, to be set by the worker.
            ev("cba-event-benefit-until-work", "bijstand_alleenstaande", 1.0, 0, 6, 1.0, None),
            // Back on benefit afterwards if the work does not last; chance 0.6: assumption, to be set by
            // the worker.
            ev("cba-event-benefit-after-work", "bijstand_alleenstaande", 1.0, 6, 54, 0.6, None),
        ],
    },
    ScenarioTemplate {
        kind: TemplateKind::EnergyDisconnection,
        name_key: "cba-template-energy-disconnection",
        without: &[
            // Disconnection and later reconnection by the grid operator: €116 at the meter or €306 outside
            // (one grid operator, year not stated, cba-params §3.2), hence the range 1–2.64. Probability
            // 0.5 and the months: assumptions, to be set by the worker.
            ev("cba-event-energy-disconnection", "energie_afsluiten_meter", 1.0, 2, 0, 0.5, Some((1.0, 2.64))),
            ev("cba-event-energy-reconnection", "energie_heraansluiten_meter", 1.0, 4, 0, 0.5, Some((1.0, 2.64))),
            // Crisis support while the household is without energy, six social-work contacts:
            // assumption, to be set by the worker.
            ev("cba-event-social-work", "maatschappelijk_werk_contact", 6.0, 2, 0, 0.5, None),
        ],
        with: &[
            // The tailored solution, e.g. arrears paid so a payment plan can start; the amount is set by the
            // worker.
            ev("cba-event-tailored-solution", "maatwerkbudget_eenmalig", 1.0, 0, 0, 1.0, None),
            // A year of budget management in half of the cases: assumption, to be set by the worker.
            ev("cba-event-budget-management", "budgetbeheer_alleenstaande", 1.0, 0, 12, 0.5, None),
        ],
    },
];

/// Every catalogue code used by any template, each once.
pub fn all_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    for t in &TEMPLATES {
        for c in t.codes() {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
    }
    codes
}
