//! The financial screening (uitvragen financiën) on a household, for its team: the questionnaire,
//! defined as data, filled in with the household; the suggestions its rules make, each with its
//! reason; and the worker's response to each — accept (a referral draft to a service of that kind in
//! the household's area) or dismiss with a reason. Both are recorded: they show how well the team signals.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::{Opt, household_audit};
use crate::i18n::Tr;
use crate::page::{Ctx, Page};
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::Action;
use eenplan_domain::household::{format_date, parse_date};
use eenplan_domain::referral::{SharedItem, check_recipient};
use eenplan_domain::screening::{AnswerProblem, Answers, Decision, Kind, Screening, ServiceKind, Value, check_answers, suggestions};
use eenplan_domain::social_map::TaxonomyCode;
use eenplan_store::StoreError;
use eenplan_store::referrals::{FromSuggestion, ReferralInput};
use eenplan_store::screenings::StoredScreening;
use serde::Deserialize;
use std::sync::OnceLock;

/// The screenings shipped with Eenplan, parsed once.
fn screenings() -> &'static [Screening] {
    static ALL: OnceLock<Vec<Screening>> = OnceLock::new();
    ALL.get_or_init(eenplan_domain::screening::builtin)
}

/// The screening a stored one was done with (by its id), else the current one.
fn screening_for(id: &str) -> &'static Screening {
    screenings().iter().find(|s| s.id == id).unwrap_or(&screenings()[0])
}

fn lang(tr: Tr) -> &'static str {
    tr.lang.code()
}

// ---------------------------------------------------------------- the questionnaire

pub struct QuestionView {
    pub code: String,
    pub text: String,
    pub help: String,
    /// yes_no, choice or number.
    pub input: &'static str,
    pub options: Vec<Opt>,
    pub min: String,
    pub max: String,
    pub unit: String,
    pub optional: bool,
    /// For a question asked only after a certain answer: the question it depends on.
    pub only_after: String,
}

pub struct SectionView {
    pub title: String,
    pub questions: Vec<QuestionView>,
}

fn question_views(tr: Tr, s: &Screening) -> Vec<SectionView> {
    let l = lang(tr);
    s.questionnaire
        .sections
        .iter()
        .map(|section| SectionView {
            title: section.title.get(l).to_string(),
            questions: section
                .questions
                .iter()
                .map(|q| {
                    let (min, max) = q.kind.range().map(|(a, b)| (a.to_string(), b.to_string())).unwrap_or_default();
                    let only_after = q
                        .ask_if
                        .as_ref()
                        .and_then(|c| c.tests().first().map(|(code, _)| code.to_string()))
                        .and_then(|code| s.questionnaire.question(&code).map(|d| d.text.get(l).to_string()))
                        .unwrap_or_default();
                    QuestionView {
                        code: q.code.clone(),
                        text: q.text.get(l).to_string(),
                        help: q.help.as_ref().map(|h| h.get(l).to_string()).unwrap_or_default(),
                        input: match q.kind {
                            Kind::YesNo => "yes_no",
                            Kind::Choice(_) => "choice",
                            _ => "number",
                        },
                        options: q.kind.options().iter().map(|o| Opt { code: o.code.clone(), label: o.label.get(l).to_string() }).collect(),
                        min,
                        max,
                        unit: match &q.kind {
                            Kind::Number { unit, .. } => unit.get(l).to_string(),
                            Kind::Months { .. } => tr.t("scr-unit-months"),
                            Kind::Weeks { .. } => tr.t("scr-unit-weeks"),
                            _ => String::new(),
                        },
                        optional: !q.required,
                        only_after,
                    }
                })
                .collect(),
        })
        .collect()
}

/// The text of an answer as the worker gave it.
fn answer_text(tr: Tr, s: &Screening, code: &str, v: &Value) -> String {
    match v {
        Value::Bool(b) => tr.t(if *b { "yes" } else { "no" }),
        Value::Number(n) => n.to_string(),
        Value::Choice(c) => s
            .questionnaire
            .question(code)
            .and_then(|q| q.kind.options().iter().find(|o| &o.code == c))
            .map(|o| o.label.get(lang(tr)).to_string())
            .unwrap_or_else(|| c.clone()),
    }
}

/// The answers in the questionnaire's order, as (question, answer) texts.
pub fn answers_summary(tr: Tr, stored: &StoredScreening) -> Vec<(String, String)> {
    let s = screening_for(&stored.questionnaire_id);
    s.questionnaire
        .questions()
        .filter_map(|q| stored.answers.get(&q.code).map(|v| (q.text.get(lang(tr)).to_string(), answer_text(tr, s, &q.code, v))))
        .collect()
}

pub struct ScreeningRow {
    pub id: String,
    pub done_on: String,
    pub suggestions: usize,
    pub open: usize,
}

#[derive(Template)]
#[template(path = "screening.html")]
struct ScreeningPage {
    page: Page,
    household_id: String,
    address: String,
    name: String,
    description: String,
    rows: Vec<ScreeningRow>,
    sections: Vec<SectionView>,
    f: FormState,
}

async fn render_form(state: &AppState, ctx: &Ctx, id: &str, mut f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let (h, list) = tokio::try_join!(state.store.household(id), state.store.screenings_of_household(id))?;
    let h = h.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let s = &screenings()[0];
    f.defaults.entry("done_on".into()).or_insert_with(|| format_date(state.store.today()));
    let page = ScreeningPage {
        page: ctx.page("scr-title"),
        household_id: id.to_string(),
        address: h.address.line(),
        name: s.name.get(lang(tr)).to_string(),
        description: s.description.get(lang(tr)).to_string(),
        rows: list
            .iter()
            .map(|st| {
                let made = suggestions(screening_for(&st.questionnaire_id), &st.answers);
                ScreeningRow {
                    id: st.id.clone(),
                    done_on: format_date(st.done_on),
                    suggestions: made.len(),
                    open: made.iter().filter(|m| st.response(&m.rule, m.kind).is_none()).count(),
                }
            })
            .collect(),
        sections: question_views(tr, s),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult {
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Read).await? {
        return Ok(r);
    }
    render_form(&state, &ctx, &id, FormState::default(), StatusCode::OK).await
}

/// The message next to a question for a problem with its answer.
fn problem_text(tr: Tr, p: &AnswerProblem) -> String {
    match p {
        AnswerProblem::OutOfRange { min, max } => tr.ta(p.key(), &[("min", &min.to_string()), ("max", &max.to_string())]),
        _ => tr.t(p.key()),
    }
}

/// Reads the answers from the form: each field by its question's kind, then the whole set against
/// the questionnaire (required questions, questions only asked after a certain answer).
pub fn parse_answers(f: &mut FormState, tr: Tr, s: &Screening) -> Option<Answers> {
    let mut answers = Answers::new();
    for q in s.questionnaire.questions() {
        match q.parse_input(f.raw(&q.code)) {
            Ok(Some(v)) => {
                answers.insert(q.code.clone(), v);
            }
            Ok(None) => {}
            Err(p) => {
                f.errors.insert(q.code.clone(), problem_text(tr, &p));
            }
        }
    }
    if let Err(errors) = check_answers(&s.questionnaire, &answers) {
        for e in errors {
            f.errors.entry(e.question.clone()).or_insert_with(|| problem_text(tr, &e.problem));
        }
    }
    f.errors.is_empty().then_some(answers)
}

pub async fn save(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let mut f = FormState::new("uitvragen", &crate::forms::form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let today = state.store.today();
    let done_raw = f.raw("done_on").trim().to_string();
    let done_on = f.check(
        tr,
        "done_on",
        parse_date(&done_raw).and_then(|d| if d > today { Err(eenplan_domain::household::FieldError::Date) } else { Ok(d) }),
    );
    let s = &screenings()[0];
    if let (Some(answers), Some(done_on)) = (parse_answers(&mut f, tr, s), done_on) {
        let audit = household_audit(u, Some(&id), "screening", Action::Create, None);
        let sid = state.store.save_screening(&id, s, &answers, done_on, &u.user.id, &audit).await?;
        return Ok(Redirect::to(&format!("/huishoudens/{id}/financien/{sid}")).into_response());
    }
    render_form(&state, &ctx, &id, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

// ---------------------------------------------------------------- the suggestions

pub struct SuggestionView {
    pub rule: String,
    pub kind: String,
    pub kind_label: String,
    pub urgency: String,
    pub reason: String,
    /// Accepted (with the referral), dismissed (with the reason), or open.
    pub accepted_referral: Option<String>,
    pub dismissed: Option<String>,
    /// Services of this kind in the household's area, to refer to.
    pub services: Vec<Opt>,
    /// The form id of this suggestion's forms.
    pub form: String,
}

#[derive(Template)]
#[template(path = "screening_result.html")]
struct ResultPage {
    page: Page,
    household_id: String,
    address: String,
    id: String,
    done_on: String,
    answers: Vec<(String, String)>,
    suggestions: Vec<SuggestionView>,
    f: FormState,
}

async fn screening_of(state: &AppState, id: &str, sid: &str) -> WebResult<StoredScreening> {
    state.store.screening(sid).await?.filter(|s| s.household_id == id).ok_or_else(|| WebError::new(ErrorKind::NotFound))
}

fn form_id(rule: &str, kind: ServiceKind) -> String {
    format!("s-{rule}-{}", kind.code())
}

async fn render_result(state: &AppState, ctx: &Ctx, id: &str, stored: &StoredScreening, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let h = state.store.household(id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let pc4 = h.address.postcode.pc4();
    let s = screening_for(&stored.questionnaire_id);
    let mut views = Vec::new();
    for sug in suggestions(s, &stored.answers) {
        let response = stored.response(&sug.rule, sug.kind);
        let services = if response.is_none() {
            let need = TaxonomyCode::Kind(sug.kind).to_string();
            state.store.services_for(Some(pc4), Some(&need), 50).await?
        } else {
            Vec::new()
        };
        views.push(SuggestionView {
            form: form_id(&sug.rule, sug.kind),
            rule: sug.rule.clone(),
            kind: sug.kind.code().into(),
            kind_label: tr.code("svc-kind", sug.kind.code()),
            urgency: tr.code("urgency", sug.urgency.code()),
            reason: sug.reason.get(lang(tr)).to_string(),
            accepted_referral: response.and_then(|r| r.referral_id.clone().filter(|_| r.decision == Decision::Accepted)),
            dismissed: response.and_then(|r| match &r.decision {
                Decision::Dismissed { reason } => Some(reason.clone()),
                Decision::Accepted => None,
            }),
            services: services
                .iter()
                .filter(|svc| check_recipient(svc, pc4).is_ok())
                .map(|svc| Opt { code: svc.id.clone(), label: svc.name.clone() })
                .collect(),
        });
    }
    let page = ResultPage {
        page: ctx.page("scr-result-title"),
        household_id: id.to_string(),
        address: h.address.line(),
        id: stored.id.clone(),
        done_on: format_date(stored.done_on),
        answers: answers_summary(tr, stored),
        suggestions: views,
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    klaar: Option<String>,
}

pub async fn result_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(String, String)>,
    Query(q): Query<DoneQuery>,
) -> WebResult {
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Read).await? {
        return Ok(r);
    }
    let stored = screening_of(&state, &id, &sid).await?;
    let mut ctx = ctx.clone();
    if q.klaar.as_deref() == Some("afgewezen") {
        ctx.flash = Some(ctx.tr.t("scr-done-dismissed"));
    }
    render_result(&state, &ctx, &id, &stored, FormState::default(), StatusCode::OK).await
}

/// The worker's response to one suggestion: accept (a referral draft to the chosen service, the
/// suggestion's reason as its start) or dismiss with a reason.
pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(String, String)>,
    RawForm(body): RawForm,
) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let values = crate::forms::form_pairs(&body)?;
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let stored = screening_of(&state, &id, &sid).await?;
    let s = screening_for(&stored.questionnaire_id);
    let rule = values.iter().find(|(k, _)| k == "rule").map(|(_, v)| v.clone()).unwrap_or_default();
    let kind = values.iter().find(|(k, _)| k == "kind").and_then(|(_, v)| ServiceKind::parse(v).ok());
    let Some(sug) = kind.and_then(|k| suggestions(s, &stored.answers).into_iter().find(|x| x.rule == rule && x.kind == k)) else {
        return Err(WebError::new(ErrorKind::BadRequest));
    };
    let mut f = FormState::new(&form_id(&sug.rule, sug.kind), &values);
    match f.raw("decision") {
        "accept" => {
            let h = state.store.household(&id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
            let service_id = f.raw("service_id").trim().to_string();
            let service = if service_id.is_empty() { None } else { state.store.service(&service_id).await? };
            match service {
                None => {
                    f.errors.insert("service_id".into(), tr.t("err-referral-no-service"));
                }
                Some(service) => {
                    let input = ReferralInput {
                        reason: sug.reason.get("nl").to_string(),
                        shared: [SharedItem::ContactDetails].into(),
                        basis: None,
                        consent_member_id: None,
                        urgency: sug.urgency,
                        joint_appointment: false,
                    };
                    let from = FromSuggestion { screening_id: stored.id.clone(), rule: sug.rule.clone(), kind: sug.kind };
                    if let Err(e) = check_recipient(&service, h.address.postcode.pc4()) {
                        crate::referral_forms::draft_errors(&mut f, tr, &[e]);
                        f.errors.insert("service_id".into(), f.errors.get("service").cloned().unwrap_or_default());
                    } else {
                        let audit = household_audit(u, Some(&id), "referral", Action::Create, None);
                        match state.store.create_referral(&id, &service, &input, Some(&from), &u.user.id, &audit).await {
                            Ok(rid) => {
                                return Ok(Redirect::to(&format!("/huishoudens/{id}/verwijzingen/{rid}?klaar=aangemaakt")).into_response());
                            }
                            Err(StoreError::Duplicate(_)) => f.summary = Some(tr.t("err-scr-answered")),
                            Err(e) => return Err(e.into()),
                        }
                    }
                }
            }
        }
        "dismiss" => {
            let audit = household_audit(u, Some(&id), "screening_response", Action::Create, None);
            let reason = f.raw("reason").to_string();
            if reason.trim().is_empty() {
                f.errors.insert("reason".into(), tr.t("err-scr-dismiss-reason"));
            } else {
                match state.store.dismiss_suggestion(&stored, s, (&sug.rule, sug.kind), &reason, &u.user.id, &audit).await {
                    Ok(()) => return Ok(Redirect::to(&format!("/huishoudens/{id}/financien/{sid}?klaar=afgewezen")).into_response()),
                    Err(StoreError::Duplicate(_)) => f.summary = Some(tr.t("err-scr-answered")),
                    Err(StoreError::Invalid(_)) => {
                        f.errors.insert("reason".into(), tr.t1("err-too-long", "max", &eenplan_domain::household::MAX_TEXT.to_string()));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        _ => return Err(WebError::new(ErrorKind::BadRequest)),
    }
    let stored = screening_of(&state, &id, &sid).await?;
    render_result(&state, &ctx, &id, &stored, f, StatusCode::UNPROCESSABLE_ENTITY).await
}
