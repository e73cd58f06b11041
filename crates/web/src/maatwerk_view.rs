//! A maatwerk request as people read it: the one-page summary for the MDT (situation, proposal, the
//! value triangle, costs and benefits per stakeholder with a chart, the uncertainty, the decisions),
//! shared by the worker's pages, the MDT's pages and the PDF. Also the stored form of a request's
//! cost-benefit analysis and the access facts of one request.

use crate::api_cba::EvaluateInput;
use crate::cba_page::{ResultView, euros, result_view};
use crate::error::{ErrorKind, WebError, WebResult};
use crate::i18n::Tr;
use eenplan_domain::access::HouseholdFacts;
use eenplan_domain::cba::{Analysis, Outcome, evaluate};
use eenplan_domain::costs::Stakeholder;
use eenplan_domain::household::format_date;
use eenplan_domain::maatwerk::{RequestState, check_triangle};
use eenplan_pdf::{Block, MoneyChart, MoneyRow, PlanDocument, Section};
use eenplan_store::exception_requests::ExceptionRequest;
use eenplan_store::households::Member;
use serde::{Deserialize, Serialize};

/// What is stored with a request: the worker's input (to adjust it later) and the analysis as it
/// was evaluated (prices filled in and indexed), so the figures the MDT decides on do not move when
/// the catalogue changes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredAnalysis {
    pub input: EvaluateInput,
    pub analysis_year: i32,
    pub analysis: Analysis,
    /// The net benefit per stakeholder as evaluated when saved (for the policy totals).
    #[serde(default)]
    pub net_per_stakeholder: Vec<(Stakeholder, f64)>,
}

impl StoredAnalysis {
    pub fn of(r: &ExceptionRequest) -> Option<StoredAnalysis> {
        Self::parse(r.draft.analysis.as_deref())
    }

    pub fn parse(json: Option<&str>) -> Option<StoredAnalysis> {
        json.and_then(|j| serde_json::from_str(j).ok())
    }

    /// Runs the engine again on the stored analysis (deterministic for its seed).
    pub async fn outcome(&self) -> WebResult<Outcome> {
        let a = self.analysis.clone();
        tokio::task::spawn_blocking(move || evaluate(&a))
            .await
            .map_err(|_| WebError::new(ErrorKind::Internal))?
            .map_err(|_| WebError::new(ErrorKind::Internal))
    }
}

/// The access facts of one request: the household's teams, and as "shared" only the organisations
/// this request (not another one of the household) went to, once it left the concept stage.
pub fn request_facts(household: HouseholdFacts, r: &ExceptionRequest) -> HouseholdFacts {
    let mut facts = HouseholdFacts { shared_with: Vec::new(), consents: Vec::new(), ..household };
    if !matches!(r.state, RequestState::Concept | RequestState::Withdrawn) {
        for p in &r.parties {
            eenplan_store::households::add_sharing(
                &mut facts,
                &p.organisation_id,
                eenplan_domain::access::Purpose::MdtDecision,
                p.consent_stands(),
            );
        }
    }
    facts
}

pub struct TriangleSide {
    pub name: String,
    pub holds: bool,
    pub verdict: String,
    pub text: String,
}

pub struct PartyView {
    pub organisation_id: String,
    pub organisation: String,
    pub party: String,
    pub basis: String,
    pub consent_by: String,
    pub decision: String,
    pub decided: bool,
}

/// The request as the summary shows it.
pub struct SummaryView {
    pub id: String,
    pub household_id: String,
    pub title: String,
    pub state: String,
    pub state_code: &'static str,
    pub created: String,
    pub decide_by: String,
    pub about: String,
    pub situation: String,
    pub blocking: String,
    pub proposal: String,
    pub triangle: Vec<TriangleSide>,
    pub triangle_holds: bool,
    pub result: Option<ResultView>,
    pub chart_svg: Option<String>,
    /// Costs per stakeholder without and with, for the PDF's chart (the SVG is drawn from it too).
    money_chart: Option<MoneyChart>,
    pub uncertainty_note: String,
    pub parties: Vec<PartyView>,
    pub version: i64,
}

fn member_name(members: &[Member], id: Option<&str>) -> String {
    id.and_then(|id| members.iter().find(|m| m.id == id)).map(|m| m.full_name()).unwrap_or_else(|| "—".into())
}

/// Builds the summary. `org_names` gives each organisation's name; `outcome` is the stored
/// analysis's result (when there is one).
pub fn summary(
    tr: Tr,
    r: &ExceptionRequest,
    members: &[Member],
    org_names: &[(String, String)],
    outcome: Option<(&Outcome, i32)>,
) -> SummaryView {
    let t = &r.draft.triangle;
    let check = check_triangle(t);
    let yes_no = |b: bool| tr.t(if b { "mw-side-holds" } else { "mw-side-missing" });
    let return_text = match (t.net_benefit, t.probability_positive) {
        (Some(net), Some(p)) => tr.ta("mw-return-text-p", &[("net", &euros(net)), ("p", &format!("{:.0} %", p * 100.0))]),
        (Some(net), None) => tr.t1("mw-return-text", "net", &euros(net)),
        _ => tr.t("mw-return-none"),
    };
    let about: Vec<String> =
        r.parties.iter().filter_map(|p| p.consent_member_id.as_deref()).map(|m| member_name(members, Some(m))).collect();
    let mut about_dedup: Vec<String> = Vec::new();
    for a in about {
        if !about_dedup.contains(&a) {
            about_dedup.push(a);
        }
    }
    let money_chart = outcome.filter(|(o, _)| !o.per_stakeholder.is_empty()).map(|(o, _)| MoneyChart {
        title: tr.t("mw-chart-title"),
        first_label: tr.t("cba-without"),
        latest_label: tr.t("cba-with"),
        rows: o
            .per_stakeholder
            .iter()
            .map(|l| MoneyRow {
                label: tr.code("stakeholder", l.stakeholder.code()),
                first: l.pv_without,
                latest: l.pv_with,
                first_text: euros(l.pv_without),
                latest_text: euros(l.pv_with),
                net_text: if l.net >= 0.0 {
                    tr.t1("mw-chart-net", "net", &euros(l.net))
                } else {
                    tr.t1("mw-chart-net-cost", "net", &euros(-l.net))
                },
            })
            .collect(),
        note: tr.t("mw-chart-note"),
    });
    let chart_svg = money_chart.as_ref().map(|c| crate::charts::money_bars(c, &tr.t("mw-chart-desc")));
    SummaryView {
        id: r.id.clone(),
        household_id: r.household_id.clone(),
        title: tr.t1("mw-summary-title", "law", &tr.code("law", r.draft.blocking_law.code())),
        state: tr.code("mw-state", r.state.code()),
        state_code: r.state.code(),
        created: crate::pages::format_day(r.created_at),
        decide_by: r.draft.decide_by.map(format_date).unwrap_or_else(|| "—".into()),
        about: if about_dedup.is_empty() { "—".into() } else { about_dedup.join(", ") },
        situation: r.draft.situation.clone(),
        blocking: tr.ta(
            "mw-blocking-text",
            &[
                ("law", &tr.code("law", r.draft.blocking_law.code())),
                ("provision", &r.draft.blocking_provision),
                ("org", &r.draft.blocking_organisation),
            ],
        ),
        proposal: r.draft.proposal.clone(),
        triangle: vec![
            TriangleSide {
                name: tr.t("mw-legitimacy"),
                holds: check.legitimacy,
                verdict: yes_no(check.legitimacy),
                text: tr.ta("mw-legitimacy-text", &[("ground", &t.legal_ground), ("discretion", &t.discretion_used)]),
            },
            TriangleSide {
                name: tr.t("mw-engagement"),
                holds: check.engagement,
                verdict: yes_no(check.engagement),
                text: t.own_contribution.clone(),
            },
            TriangleSide { name: tr.t("mw-return"), holds: check.return_, verdict: yes_no(check.return_), text: return_text },
        ],
        triangle_holds: check.holds(),
        result: outcome.map(|(o, year)| result_view(tr, o, year)),
        chart_svg,
        money_chart,
        uncertainty_note: tr.t("mw-uncertainty-note"),
        parties: r
            .parties
            .iter()
            .map(|p| PartyView {
                organisation_id: p.organisation_id.clone(),
                organisation: org_names.iter().find(|(id, _)| *id == p.organisation_id).map(|(_, n)| n.clone()).unwrap_or_default(),
                party: tr.code("mdt-party", p.party.code()),
                basis: tr.code("sharing-basis", p.basis.code()),
                consent_by: match p.consent_withdrawn_at {
                    Some(at) => tr.ta(
                        "mw-consent-withdrawn",
                        &[("name", &member_name(members, p.consent_member_id.as_deref())), ("date", &crate::pages::format_day(at))],
                    ),
                    None => member_name(members, p.consent_member_id.as_deref()),
                },
                decision: match &p.decision {
                    None => tr.t("mw-no-decision-yet"),
                    Some(d) if d.text.trim().is_empty() => tr.code("verdict", d.verdict.code()),
                    Some(d) => format!("{}: {}", tr.code("verdict", d.verdict.code()), d.text),
                },
                decided: p.decision.is_some(),
            })
            .collect(),
        version: r.version,
    }
}

/// The one-page summary as a PDF (Dutch B1 where the household reads it).
pub fn document(tr: Tr, v: &SummaryView) -> PlanDocument {
    let mut sections = vec![
        Section {
            heading: tr.t("mw-situation"),
            blocks: vec![
                Block::Paragraph(tr.t1("mw-about", "names", &v.about)),
                Block::Paragraph(if v.situation.is_empty() { "—".into() } else { v.situation.clone() }),
            ],
        },
        Section { heading: tr.t("mw-proposal"), blocks: vec![Block::Paragraph(v.blocking.clone()), Block::Paragraph(v.proposal.clone())] },
        Section {
            heading: tr.t("mw-triangle"),
            blocks: vec![Block::Table {
                headers: vec![tr.t("mw-side"), tr.t("mw-side-verdict"), tr.t("mw-side-text")],
                rows: v.triangle.iter().map(|s| vec![s.name.clone(), s.verdict.clone(), s.text.clone()]).collect(),
            }],
        },
    ];
    if let Some(r) = &v.result {
        let mut blocks = vec![
            Block::Note(tr.t1("cba-prices-of", "year", &r.year)),
            Block::Table {
                headers: vec![tr.t("cba-stakeholder"), tr.t("cba-without"), tr.t("cba-with"), tr.t("cba-saves")],
                rows: r
                    .lines
                    .iter()
                    .map(|l| vec![l.0.clone(), l.1.clone(), l.2.clone(), l.3.clone()])
                    .chain(std::iter::once(vec![tr.t("cba-total"), r.total.0.clone(), r.total.1.clone(), r.total.2.clone()]))
                    .collect(),
            },
            Block::Paragraph(format!("{}: {} · {}: {}", tr.t("cba-ratio"), r.ratio, tr.t("cba-break-even"), r.break_even)),
        ];
        if let Some(mc) = &r.monte_carlo {
            blocks.push(Block::Paragraph(format!("{}: {mc}", tr.t("cba-uncertainty"))));
            blocks.push(Block::Note(v.uncertainty_note.clone()));
        }
        sections.push(Section { heading: tr.t("mw-costs-benefits"), blocks });
    }
    sections.push(Section {
        heading: tr.t("mw-decisions"),
        blocks: vec![Block::Table {
            headers: vec![tr.t("mw-party"), tr.t("mw-basis"), tr.t("mw-consent-by"), tr.t("mw-decision")],
            rows: v
                .parties
                .iter()
                .map(|p| vec![format!("{} ({})", p.organisation, p.party), p.basis.clone(), p.consent_by.clone(), p.decision.clone()])
                .collect(),
        }],
    });
    PlanDocument {
        title: v.title.clone(),
        subtitle: tr.ta("mw-pdf-subtitle", &[("state", &v.state), ("date", &v.created), ("by", &v.decide_by)]),
        sections,
        chart: None,
        money_chart: v.money_chart.clone(),
        signatures: Vec::new(),
        footer: tr.t("pdf-footer"),
        page_label: tr.t("pdf-page"),
        date_label: tr.t("pdf-date"),
    }
}

/// The summary of a request as stored: its members, the parties' names, the analysis run again.
pub async fn summary_of_request(state: &crate::AppState, tr: Tr, r: &ExceptionRequest) -> WebResult<SummaryView> {
    let (members, orgs) = tokio::try_join!(state.store.members(&r.household_id), org_names(state))?;
    let outcome = match StoredAnalysis::of(r) {
        Some(a) => Some((a.outcome().await?, a.analysis_year)),
        None => None,
    };
    Ok(summary(tr, r, &members, &orgs, outcome.as_ref().map(|(o, y)| (o, *y))))
}

/// Organisations' names by id (for the parties).
pub async fn org_names(state: &crate::AppState) -> eenplan_store::Result<Vec<(String, String)>> {
    Ok(state.store.organisations().await?.into_iter().map(|o| (o.id, o.name)).collect())
}

/// A PDF as a download that is not kept in caches.
pub fn pdf_response(bytes: Vec<u8>, name: &str) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// Renders a document off the async threads.
pub async fn render_pdf(doc: PlanDocument) -> WebResult<Vec<u8>> {
    tokio::task::spawn_blocking(move || eenplan_pdf::render(&doc)).await.map_err(|_| WebError::new(ErrorKind::Internal))
}
