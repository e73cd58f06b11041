//! The demo's maatwerk: Ruud van der Linden's request (SITUATIONS.md 1, the worked example of
//! docs/maatwerk-rekenvoorbeeld.md) — debt counselling while he keeps the car he needs for dialysis —
//! with its cost-benefit analysis, shared with Werk en Inkomen on a legal task and with his consent,
//! waiting for the MDT's decision (so `demo.mdt` finds it).

use crate::demo_households::Who;
use anyhow::{Context, Result};
use eenplan_domain::access::Action;
use eenplan_domain::cba::Settings;
use eenplan_domain::household::Law;
use eenplan_domain::maatwerk::{MdtParty, SharingBasis, Triangle};
use eenplan_store::Store;
use eenplan_store::exception_requests::{Party, RequestDraft};
use eenplan_web::api_cba::{CostData, EvaluateInput, EventInput, run};
use eenplan_web::maatwerk_view::StoredAnalysis;
use time::Duration;

fn event(code: &str, start_month: u32, duration_months: u32, probability: f64) -> EventInput {
    EventInput { code: Some(code.into()), start_month, duration_months, probability: Some(probability), ..Default::default() }
}

/// The worked example's two scenarios over 24 months, with the default Monte Carlo.
fn input() -> EvaluateInput {
    EvaluateInput {
        analysis_year: None,
        settings: Some(Settings { horizon_months: 24, ..Settings::default() }),
        without: vec![
            event("bijstand_alleenstaande", 0, 24, 1.0),
            event("beschermingsbewind_schulden", 0, 24, 1.0),
            event("huisuitzetting_corporatie", 12, 0, 0.25),
        ],
        with: vec![
            event("bijstand_alleenstaande", 0, 6, 1.0),
            event("budgetbeheer_intake", 0, 0, 1.0),
            event("budgetbeheer_alleenstaande", 0, 24, 1.0),
            EventInput {
                label: Some("Schuldhulpverlening, traject (aanname van de medewerker)".into()),
                amount: Some(1500.0),
                unit: Some("once".into()),
                stakeholder: Some("gemeente_wgs".into()),
                value_type: Some("fiscal".into()),
                confidence: Some(6),
                probability: Some(1.0),
                ..Default::default()
            },
        ],
    }
}

pub async fn load(store: &Store, worker: &Who, ruud: &str) -> Result<()> {
    let member = store.members(ruud).await?.first().context("Ruud")?.id.clone();
    let wi = store.organisation_by_name(crate::demo::ORG_WI).await?.context("W&I")?.id;
    let input = input();
    let out = run(&CostData::default(), input.clone())
        .await
        .map_err(|e| anyhow::anyhow!("demo analysis: {:?}", e.first().map(|f| &f.message)))?;
    let stored = StoredAnalysis {
        input,
        analysis_year: out.analysis_year,
        analysis: out.analysis.clone(),
        net_per_stakeholder: out.outcome.per_stakeholder.iter().map(|l| (l.stakeholder, l.net)).collect(),
    };
    let draft = RequestDraft {
        situation: "Ruud (53) heeft ongeveer € 34.000 schuld en bijstand. Hij wil schuldhulp, maar moet dan zijn auto verkopen. \
                    Die auto heeft hij nodig om drie keer per week naar de dialyse te rijden."
            .into(),
        blocking_law: Law::Wgs,
        blocking_provision: "Toelating tot de schuldregeling: eerst vermogen (de auto) te gelde maken".into(),
        blocking_organisation: "Schuldhulpverlening Voorbeeldstad".into(),
        proposal: "Schuldhulp met behoud van de auto, budgetbeheer door de gemeente, en Ruud gaat weer aan het werk.".into(),
        triangle: Triangle {
            legal_ground: "Wgs art. 3 (integrale schuldhulp) en Participatiewet art. 18 lid 1 (afstemming op de persoon)".into(),
            discretion_used: "Beleidsruimte: de auto is nodig voor de zorg (dialyse) en om weer te werken".into(),
            own_contribution: "Ruud laat zijn budget beheren en zoekt werk als klusser in loondienst".into(),
            net_benefit: Some(out.outcome.net),
            probability_positive: out.outcome.monte_carlo.as_ref().map(|m| m.probability_positive),
        },
        analysis: Some(serde_json::to_string(&stored)?),
        decide_by: Some(store.today() + Duration::days(14)),
    };
    let id = store.create_request(ruud, &draft, &worker.id, &worker.audit(Some(ruud), "exception_request", Action::Create)).await?;
    let party = Party {
        organisation_id: wi,
        party: MdtParty::WerkEnInkomen,
        basis: SharingBasis::LegalTask,
        consent_member_id: Some(member),
        consent_withdrawn_at: None,
        decision: None,
        decided_by: None,
    };
    store.share_request(&id, 1, &[party], &worker.audit(Some(ruud), "exception_request_share", Action::Update)).await?;
    Ok(())
}
