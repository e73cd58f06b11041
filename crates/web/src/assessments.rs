//! Life-domain assessments in the household file: the overview with charts and comparisons, and
//! the form of a new assessment (scores per domain on the instrument's scale, with a reason, and the
//! conversation in the household's own words).

use crate::AppState;
use crate::charts::{Axis, ChartText, Series, radar, trend};
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::{Access, Opt, check_household, denied_page, household_audit};
use crate::i18n::Tr;
use crate::page::{Ctx, Page};
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::Action;
use eenplan_domain::assessment::{Change, compare};
use eenplan_domain::household::{FieldError, MAX_SHORT, MAX_TEXT, format_date, optional_text, parse_date, required_text};
use eenplan_domain::instrument::Instrument;
use eenplan_store::assessments::{Assessment, NewAssessment, Score};
use eenplan_store::households::Member;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The instrument an assessment was made with (the newest version of its id when that exact
/// version is no longer loaded).
pub fn instrument_of<'a>(all: &'a [Instrument], id: &str, version: &str) -> Option<&'a Instrument> {
    all.iter().find(|i| i.id == id && i.version == version).or_else(|| all.iter().rev().find(|i| i.id == id))
}

fn lang(tr: Tr) -> &'static str {
    tr.lang.code()
}

/// One subject's assessments with one instrument: the household as a whole, or one member.
struct Group<'a> {
    instrument: &'a Instrument,
    subject: String,
    items: Vec<&'a Assessment>,
}

fn subject_name(tr: Tr, members: &[Member], member_id: &Option<String>) -> String {
    match member_id {
        None => tr.t("assess-whole-household"),
        Some(id) => members.iter().find(|m| &m.id == id).map(|m| m.full_name()).unwrap_or_default(),
    }
}

fn groups<'a>(tr: Tr, all: &'a [Instrument], members: &[Member], list: &'a [Assessment]) -> Vec<Group<'a>> {
    let mut out: Vec<Group<'a>> = Vec::new();
    for a in list {
        let Some(instrument) = instrument_of(all, &a.new.instrument_id, &a.new.instrument_version) else { continue };
        let subject = subject_name(tr, members, &a.new.member_id);
        match out.iter_mut().find(|g| g.instrument.id == instrument.id && g.subject == subject) {
            Some(g) => g.items.push(a),
            None => out.push(Group { instrument, subject, items: vec![a] }),
        }
    }
    out
}

pub struct CompareRow {
    pub domain: String,
    pub first: String,
    pub earlier: String,
    pub latest: String,
    pub change: String,
    /// ▲ ▼ = + − : a symbol next to the words (never alone).
    pub symbol: &'static str,
}

pub struct TrendView {
    pub domain: String,
    pub svg: String,
}

pub struct AssessmentView {
    pub id: String,
    pub date: String,
    pub participants: String,
    pub author: String,
    pub instrument: String,
    pub scores: Vec<(String, String, String)>,
    pub conversation: Vec<(String, String)>,
}

pub struct GroupView {
    pub subject: String,
    pub instrument: String,
    pub radar: String,
    pub compare_with: Vec<Opt>,
    pub compared_label: String,
    pub rows: Vec<CompareRow>,
    pub trends: Vec<TrendView>,
    pub list: Vec<AssessmentView>,
}

#[derive(Template)]
#[template(path = "assessments.html")]
struct OverviewPage {
    page: Page,
    household_id: String,
    address: String,
    groups: Vec<GroupView>,
}

#[derive(Deserialize, Default)]
pub struct OverviewQuery {
    /// The earlier assessment to compare the latest with (default: the one before it).
    vergelijk: Option<String>,
    /// Just saved: say so.
    klaar: Option<String>,
}

fn score_text(tr: Tr, s: Option<u8>) -> String {
    s.map(|v| v.to_string()).unwrap_or_else(|| tr.t("assess-not-scored"))
}

fn symbol(c: Change) -> &'static str {
    match c {
        Change::Up => "▲",
        Change::Down => "▼",
        Change::Same => "=",
        Change::New => "+",
        Change::Dropped => "−",
    }
}

fn group_view(tr: Tr, g: &Group<'_>, compare_id: Option<&str>) -> GroupView {
    let l = lang(tr);
    let ins = g.instrument;
    let first = g.items[0];
    let latest = g.items[g.items.len() - 1];
    // The earlier one to compare with: the chosen one, or the one before the latest.
    let earlier = compare_id
        .and_then(|id| g.items.iter().copied().find(|a| a.id == id && a.id != latest.id))
        .or_else(|| (g.items.len() >= 2).then(|| g.items[g.items.len() - 2]));
    let order: Vec<&str> = ins.domains.iter().map(|d| d.code.as_str()).collect();
    let name_of = |code: &str| ins.domain(code).map(|d| d.name.get(l).to_string()).unwrap_or_else(|| code.to_string());
    let (first_map, latest_map) = (first.score_map(), latest.score_map());
    let earlier_map = earlier.map(|e| e.score_map()).unwrap_or_default();
    let changes: BTreeMap<String, Change> =
        earlier.map(|_| compare(&order, &earlier_map, &latest_map).into_iter().collect()).unwrap_or_default();
    let rows = ins
        .domains
        .iter()
        .filter(|d| g.items.iter().any(|a| a.score_map().contains_key(&d.code)))
        .map(|d| {
            let change = changes.get(&d.code).copied();
            CompareRow {
                domain: d.name.get(l).to_string(),
                first: score_text(tr, first_map.get(&d.code).copied()),
                earlier: score_text(tr, earlier_map.get(&d.code).copied()),
                latest: score_text(tr, latest_map.get(&d.code).copied()),
                change: change.map(|c| tr.t(c.key())).unwrap_or_default(),
                symbol: change.map(symbol).unwrap_or(""),
            }
        })
        .collect();
    let axes: Vec<Axis> = ins.domains.iter().map(|d| Axis { label: d.name.get(l).to_string() }).collect();
    let values = |a: &Assessment| ins.domains.iter().map(|d| a.score_map().get(&d.code).copied()).collect::<Vec<_>>();
    let (min, max) = ins.domains.iter().fold((u8::MAX, 0), |(lo, hi), d| (lo.min(d.min()), hi.max(d.max())));
    let mut series = Vec::new();
    if g.items.len() >= 2 {
        series.push(Series { name: tr.t1("assess-first", "date", &format_date(first.new.assessed_on)), values: values(first) });
    }
    series.push(Series { name: tr.t1("assess-latest", "date", &format_date(latest.new.assessed_on)), values: values(latest) });
    let radar_text = ChartText {
        title: tr.t1("assess-radar-title", "subject", &g.subject),
        description: tr.t("assess-radar-desc"),
        not_scored: tr.t("assess-not-scored"),
    };
    let trends = ins
        .domains
        .iter()
        .filter(|d| g.items.iter().filter(|a| a.score_map().contains_key(&d.code)).count() >= 2)
        .map(|d| {
            let points: Vec<(String, Option<u8>)> =
                g.items.iter().map(|a| (format_date(a.new.assessed_on), a.score_map().get(&d.code).copied())).collect();
            let text = ChartText {
                title: tr.t1("assess-trend-title", "domain", d.name.get(l)),
                description: tr.t("assess-trend-desc"),
                not_scored: tr.t("assess-not-scored"),
            };
            TrendView { domain: d.name.get(l).to_string(), svg: trend(&text, &points, d.min(), d.max()) }
        })
        .collect();
    let list = g
        .items
        .iter()
        .rev()
        .map(|a| AssessmentView {
            id: a.id.clone(),
            date: format_date(a.new.assessed_on),
            participants: a.new.participants.clone(),
            author: a.author_name.clone(),
            instrument: format!("{} ({})", ins.name.get(l), a.new.instrument_version),
            scores: ins
                .domains
                .iter()
                .filter_map(|d| a.new.scores.iter().find(|s| s.domain == d.code).map(|s| (d, s)))
                .map(|(d, s)| {
                    let level = d.level(s.score).map(|lv| lv.label.get(l).to_string()).unwrap_or_default();
                    (name_of(&d.code), format!("{} — {level}", s.score), s.reason.clone())
                })
                .collect(),
            conversation: ins
                .conversation
                .iter()
                .filter_map(|c| a.new.conversation.get(&c.code).filter(|t| !t.is_empty()).map(|t| (c.label.get(l).to_string(), t.clone())))
                .collect(),
        })
        .collect();
    GroupView {
        subject: g.subject.clone(),
        instrument: ins.name.get(l).to_string(),
        radar: radar(&radar_text, &axes, &series, min, max),
        compare_with: g.items[..g.items.len() - 1]
            .iter()
            .rev()
            .map(|a| Opt { code: a.id.clone(), label: format_date(a.new.assessed_on) })
            .collect(),
        compared_label: earlier
            .map(|e| {
                tr.ta("assess-compared", &[("earlier", &format_date(e.new.assessed_on)), ("latest", &format_date(latest.new.assessed_on))])
            })
            .unwrap_or_default(),
        rows,
        trends,
        list,
    }
}

async fn readable(state: &AppState, ctx: &Ctx, id: &str, action: Action) -> WebResult<Result<(), axum::response::Response>> {
    let u = ctx.user();
    Ok(match check_household(state, u, id, action).await? {
        Access::Allowed { .. } => Ok(()),
        Access::Denied { may_break_glass } => Err(denied_page(ctx, id, may_break_glass, None, "")?),
    })
}

pub async fn overview(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, Query(q): Query<OverviewQuery>) -> WebResult {
    if let Err(refused) = readable(&state, &ctx, &id, Action::Read).await? {
        return Ok(refused);
    }
    let h = state.store.household(&id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let (members, list) = tokio::try_join!(state.store.members(&id), state.store.assessments(&id))?;
    let tr = ctx.tr;
    let groups = groups(tr, &state.config.instruments, &members, &list).iter().map(|g| group_view(tr, g, q.vergelijk.as_deref())).collect();
    let mut ctx = ctx.clone();
    if q.klaar.is_some() {
        ctx.flash = Some(tr.t("assess-saved"));
    }
    let page = OverviewPage { page: ctx.page("assess-title"), household_id: id, address: h.address.line(), groups };
    Ok(Html(page.render()?).into_response())
}

// ---------------------------------------------------------------- the form

pub struct LevelView {
    pub score: String,
    pub label: String,
    pub description: String,
}

pub struct DomainField {
    pub code: String,
    pub name: String,
    pub score_field: String,
    pub reason_field: String,
    pub levels: Vec<LevelView>,
}

#[derive(Template)]
#[template(path = "assessment_form.html")]
struct FormPage {
    page: Page,
    household_id: String,
    address: String,
    instrument_id: String,
    instruments: Vec<Opt>,
    subjects: Vec<Opt>,
    domains: Vec<DomainField>,
    /// (code, label, hint, field name)
    conversation: Vec<(String, String, String, String)>,
    f: FormState,
}

const FORM: &str = "meting";

#[derive(Deserialize, Default)]
pub struct FormQuery {
    instrument: Option<String>,
}

fn chosen<'a>(all: &'a [Instrument], id: Option<&str>) -> Option<&'a Instrument> {
    match id {
        Some(id) => all.iter().rev().find(|i| i.id == id),
        None => all.first(),
    }
}

async fn render_form(state: &AppState, ctx: &Ctx, id: &str, ins: &Instrument, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let l = lang(tr);
    let h = state.store.household(id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let members = state.store.members(id).await?;
    let mut subjects = vec![Opt { code: String::new(), label: tr.t("assess-whole-household") }];
    subjects.extend(members.iter().map(|m| Opt { code: m.id.clone(), label: m.full_name() }));
    let page = FormPage {
        page: ctx.page("assess-new-title"),
        household_id: id.to_string(),
        address: h.address.line(),
        instrument_id: ins.id.clone(),
        instruments: state
            .config
            .instruments
            .iter()
            .map(|i| Opt { code: i.id.clone(), label: format!("{} ({})", i.name.get(l), i.version) })
            .collect(),
        subjects,
        domains: ins
            .domains
            .iter()
            .map(|d| DomainField {
                code: d.code.clone(),
                name: d.name.get(l).to_string(),
                score_field: format!("score_{}", d.code),
                reason_field: format!("reason_{}", d.code),
                levels: d
                    .levels
                    .iter()
                    .map(|lv| LevelView {
                        score: lv.score.to_string(),
                        label: lv.label.get(l).to_string(),
                        description: lv.description.get(l).to_string(),
                    })
                    .collect(),
            })
            .collect(),
        conversation: ins
            .conversation
            .iter()
            .map(|c| (c.code.clone(), c.label.get(l).to_string(), c.hint.get(l).to_string(), format!("conv_{}", c.code)))
            .collect(),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, Query(q): Query<FormQuery>) -> WebResult {
    if let Err(refused) = readable(&state, &ctx, &id, Action::Read).await? {
        return Ok(refused);
    }
    let ins = chosen(&state.config.instruments, q.instrument.as_deref()).ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let mut f = FormState::default();
    f.defaults.insert("assessed_on".into(), format_date(state.store.today()));
    render_form(&state, &ctx, &id, ins, f, StatusCode::OK).await
}

/// Reads the assessment form against the instrument; a message per field on a problem.
pub fn parse_assessment(f: &mut FormState, tr: Tr, ins: &Instrument, members: &[Member], today: time::Date) -> Option<NewAssessment> {
    let on_raw = f.raw("assessed_on").to_string();
    let on = parse_date(&on_raw).and_then(|d| if d > today { Err(FieldError::Date) } else { Ok(d) });
    let assessed_on = f.check(tr, "assessed_on", on);
    let member_raw = f.raw("member_id").to_string();
    let member_id = if member_raw.is_empty() {
        Some(None)
    } else if members.iter().any(|m| m.id == member_raw) {
        Some(Some(member_raw))
    } else {
        f.check::<()>(tr, "member_id", Err(FieldError::UnknownValue));
        None
    };
    let participants_raw = f.raw("participants").to_string();
    let participants = f.check(tr, "participants", required_text(&participants_raw, MAX_SHORT));
    let mut scores = Vec::new();
    for d in &ins.domains {
        let raw = f.raw(&format!("score_{}", d.code)).trim().to_string();
        let reason_raw = f.raw(&format!("reason_{}", d.code)).to_string();
        let reason = f.check(tr, &format!("reason_{}", d.code), optional_text(&reason_raw, MAX_SHORT));
        if raw.is_empty() {
            continue;
        }
        let score = raw
            .parse::<i64>()
            .map_err(|_| FieldError::OutOfScale)
            .and_then(|s| ins.check_score(&d.code, s).map_err(|_| FieldError::OutOfScale));
        if let (Some(score), Some(reason)) = (f.check(tr, &format!("score_{}", d.code), score), reason) {
            scores.push(Score { domain: d.code.clone(), score, reason: reason.unwrap_or_default() });
        }
    }
    if scores.is_empty() && f.errors.keys().all(|k| !k.starts_with("score_")) {
        f.summary = Some(tr.t("err-assess-no-scores"));
    }
    let mut conversation = BTreeMap::new();
    for c in &ins.conversation {
        let raw = f.raw(&format!("conv_{}", c.code)).to_string();
        if let Some(Some(text)) = f.check(tr, &format!("conv_{}", c.code), optional_text(&raw, MAX_TEXT)) {
            conversation.insert(c.code.clone(), text);
        }
    }
    if !f.is_ok() {
        return None;
    }
    Some(NewAssessment {
        member_id: member_id?,
        instrument_id: ins.id.clone(),
        instrument_version: ins.version.clone(),
        assessed_on: assessed_on?,
        participants: participants?,
        conversation,
        scores,
    })
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new(FORM, &pairs);
    if let Err(refused) = readable(&state, &ctx, &id, Action::Create).await? {
        return Ok(refused);
    }
    let ins = chosen(&state.config.instruments, Some(f.raw("instrument_id"))).ok_or_else(|| WebError::new(ErrorKind::BadRequest))?;
    let members = state.store.members(&id).await?;
    let Some(new) = parse_assessment(&mut f, ctx.tr, ins, &members, state.store.today()) else {
        // Showing the form again (with the members' names) is a read of the file, audited as such.
        if let Err(refused) = readable(&state, &ctx, &id, Action::Read).await? {
            return Ok(refused);
        }
        return render_form(&state, &ctx, &id, ins, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let audit = household_audit(u, Some(&id), "assessment", Action::Create, None);
    state.store.add_assessment(&id, &new, (&u.user.id, &u.user.display_name), &audit).await?;
    Ok(Redirect::to(&format!("/huishoudens/{id}/leefgebieden?klaar=1")).into_response())
}
