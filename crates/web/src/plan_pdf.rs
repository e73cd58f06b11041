//! The plan as a PDF to print and sign: in plain Dutch (B1), with the goals and actions, the contacts,
//! the agreements, the latest assessment against the first, and room for signatures.

use crate::AppState;
use crate::assessments::instrument_of;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::i18n::Tr;
use crate::page::Ctx;
use crate::plans::plan_view;
use axum::extract::{Path, State};
use eenplan_domain::access::Action;
use eenplan_domain::household::format_date;
use eenplan_pdf::{BarChart, Block, PlanDocument, Section};
use eenplan_store::assessments::Assessment;
use eenplan_store::households::{HouseholdSummary, Member};
use eenplan_store::plans::PlanVersion;

/// The first and the latest assessment of the whole household (or, without one, of any member),
/// as bars per life domain.
fn chart(tr: Tr, state: &AppState, assessments: &[Assessment]) -> Option<BarChart> {
    let whole: Vec<&Assessment> = assessments.iter().filter(|a| a.new.member_id.is_none()).collect();
    let list = if whole.is_empty() { assessments.iter().collect() } else { whole };
    let (first, latest) = (*list.first()?, *list.last()?);
    let ins = instrument_of(&state.config.instruments, &latest.new.instrument_id, &latest.new.instrument_version)?;
    let l = tr.lang.code();
    let (min, max) = ins.domains.iter().fold((u8::MAX, 0), |(lo, hi), d| (lo.min(d.min()), hi.max(d.max())));
    Some(BarChart {
        title: tr.t("pdf-chart-title"),
        first_label: tr.t1("assess-first", "date", &format_date(first.new.assessed_on)),
        latest_label: tr.t1("assess-latest", "date", &format_date(latest.new.assessed_on)),
        min,
        max,
        rows: ins
            .domains
            .iter()
            .map(|d| (d.name.get(l).to_string(), first.score_map().get(&d.code).copied(), latest.score_map().get(&d.code).copied()))
            .filter(|(_, a, b)| a.is_some() || b.is_some())
            .collect(),
        not_scored: tr.t("assess-not-scored"),
    })
}

/// The document: the plan's goals with their actions, the agreements, who to contact.
pub fn document(tr: Tr, summary: &HouseholdSummary, plan: &PlanVersion, members: &[Member], chart: Option<BarChart>) -> PlanDocument {
    let v = plan_view(tr, plan, members);
    let mut sections = Vec::new();
    for (i, g) in v.goals.iter().enumerate() {
        let mut blocks = vec![
            Block::Paragraph(tr.ta("pdf-goal-line", &[("owner", &g.owner), ("domain", &g.domain), ("due", &g.due), ("status", &g.status)])),
            Block::Paragraph(tr.t1("pdf-reached-when", "text", &g.reached_when)),
        ];
        if g.actions.is_empty() {
            blocks.push(Block::Note(tr.t("plan-no-actions")));
        } else {
            blocks.push(Block::Table {
                headers: vec![tr.t("plan-who"), tr.t("plan-what"), tr.t("plan-due"), tr.t("plan-status")],
                rows: g.actions.iter().map(|a| vec![a.who.clone(), a.what.clone(), a.due.clone(), a.status.clone()]).collect(),
            });
        }
        sections.push(Section { heading: tr.ta("pdf-goal-heading", &[("n", &(i + 1).to_string()), ("goal", &g.text)]), blocks });
    }
    if v.goals.is_empty() {
        sections.push(Section { heading: tr.t("plan-goals"), blocks: vec![Block::Paragraph(tr.t("plan-no-goals"))] });
    }
    let dash = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
    sections.push(Section {
        heading: tr.t("plan-agreements"),
        blocks: vec![
            Block::Paragraph(tr.t1("pdf-own-contribution", "text", &dash(&v.own_contribution))),
            Block::Paragraph(tr.t1("pdf-evaluation", "date", &dash(&v.evaluation))),
            Block::Bullets(v.laws.iter().map(|l| format!("{}: {}", l.0, l.1)).collect()),
        ],
    });
    sections.push(Section {
        heading: tr.t("pdf-contacts"),
        blocks: vec![
            Block::Paragraph(tr.t1("pdf-contact-worker", "name", &dash(summary.contact_worker_name.as_deref().unwrap_or("")))),
            Block::Bullets(members.iter().map(|m| m.full_name()).collect()),
        ],
    });
    let mut signatures: Vec<String> = members
        .iter()
        .filter(|m| plan.content.goals.iter().any(|g| g.owner_member_id == m.id))
        .map(|m| tr.t1("pdf-sign", "name", &m.full_name()))
        .collect();
    signatures.push(tr.t1("pdf-sign", "name", &dash(summary.contact_worker_name.as_deref().unwrap_or(""))));
    PlanDocument {
        title: tr.t1("pdf-title", "address", &summary.household.address.line()),
        subtitle: v.state_line.clone(),
        sections,
        chart,
        money_chart: None,
        signatures,
        footer: tr.t("pdf-footer"),
        page_label: tr.t("pdf-page"),
        date_label: tr.t("pdf-date"),
    }
}

pub async fn download(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult {
    let u = ctx.user();
    // An export is a read of the file, audited as such (with what was read).
    let (access, audit) = crate::households::ask_household(&state, u, &id, Action::Read).await?;
    let mut audit = audit.expect("a read is always audited");
    if let crate::households::Access::Denied { .. } = access {
        state.store.audit(&audit).await?;
        return Err(WebError::new(ErrorKind::Forbidden));
    }
    audit.resource = "plan_pdf".into();
    let (file, plan, assessments) =
        tokio::try_join!(state.store.household_file(&id, 0), state.store.latest_plan(&id), state.store.assessments(&id))?;
    let file = file.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let plan = plan.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    state.store.audit(&audit).await?;
    let tr = ctx.tr;
    let doc = document(tr, &file.summary, &plan, &file.summary.members, chart(tr, &state, &assessments));
    let bytes = crate::maatwerk_view::render_pdf(doc).await?;
    Ok(crate::maatwerk_view::pdf_response(bytes, &format!("plan-versie-{}.pdf", plan.version_no)))
}
