//! Bottleneck tags in a household file (`/huishoudens/{id}/knelpunten`), for its team: a worker tags
//! the household, a goal of its plan, a referral or a maatwerk request with a bottleneck from the
//! taxonomy, the organisation involved and a short description. The description stays in the file.
//! For the policy meeting the worker may share it: Eenplan proposes the text with names, addresses,
//! postcodes, dates, BSNs, phone numbers and e-mail addresses removed, the worker checks and confirms
//! it, and only that confirmed text is counted and shown outside the file.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::{FormState, form_pairs};
use crate::households::{Opt, household_audit};
use crate::i18n::Tr;
use crate::page::{Ctx, Page};
use askama::Template;
use axum::extract::{Path, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::Action;
use eenplan_domain::household::format_date;
use eenplan_domain::patterns::deidentify::{KnownIdentifiers, deidentify, placeholder};
use eenplan_store::StoreError;
use eenplan_store::patterns::{NewTag, StoredBottleneck, Tag, TagSubject};

/// Longest description and organisation name a tag keeps.
const MAX_DESCRIPTION: usize = 2000;
const MAX_ORGANISATION: usize = 120;

/// The bottlenecks a worker can choose (not retired), labelled with their kind.
pub fn bottleneck_options(tr: Tr, list: &[StoredBottleneck]) -> Vec<Opt> {
    let lang = tr.lang.code();
    list.iter()
        .filter(|b| !b.retired)
        .map(|b| Opt {
            code: b.bottleneck.code.clone(),
            label: format!("{} — {}", tr.code("bottleneck-kind", b.bottleneck.kind.code()), b.bottleneck.name.get(lang)),
        })
        .collect()
}

/// The name of a bottleneck in the reader's language (its code when it is unknown).
pub fn bottleneck_name(tr: Tr, list: &[StoredBottleneck], code: &str) -> String {
    list.iter()
        .find(|b| b.bottleneck.code == code)
        .map(|b| b.bottleneck.name.get(tr.lang.code()).to_string())
        .unwrap_or_else(|| code.into())
}

/// What in this household a tag can be about: the household itself, a goal of its latest plan, a
/// referral or a maatwerk request, as `kind:id` codes.
async fn subjects(state: &AppState, tr: Tr, id: &str) -> WebResult<Vec<Opt>> {
    let (plan, referrals, requests) =
        tokio::try_join!(state.store.latest_plan(id), state.store.referrals_of_household(id), state.store.requests_of_household(id))?;
    let mut out = vec![Opt { code: TagSubject::Household.code().into(), label: tr.t("tag-subject-household") }];
    let short = |s: &str| s.chars().take(60).collect::<String>();
    for g in plan.iter().flat_map(|p| &p.content.goals) {
        out.push(Opt { code: format!("goal:{}", g.id), label: tr.t1("tag-subject-goal", "what", &short(&g.text)) });
    }
    for r in &referrals {
        out.push(Opt { code: format!("referral:{}", r.id), label: tr.t1("tag-subject-referral", "what", &r.service_name) });
    }
    for r in &requests {
        out.push(Opt {
            code: format!("exception_request:{}", r.id),
            label: tr.t1("tag-subject-request", "what", &short(&r.draft.proposal)),
        });
    }
    Ok(out)
}

/// Splits a subject code into its kind and id.
fn parse_subject(code: &str) -> Option<(TagSubject, Option<String>)> {
    match code.split_once(':') {
        None => (code == TagSubject::Household.code()).then_some((TagSubject::Household, None)),
        Some((kind, id)) => TagSubject::parse(kind).filter(|k| *k != TagSubject::Household).map(|k| (k, Some(id.to_string()))),
    }
}

pub struct TagView {
    pub id: String,
    pub bottleneck: String,
    pub subject: String,
    pub organisation: String,
    pub description: String,
    pub shared: bool,
    pub on: String,
    pub by: String,
}

fn tag_view(tr: Tr, list: &[StoredBottleneck], subjects: &[Opt], t: &Tag) -> TagView {
    let code = match &t.subject_id {
        Some(id) => format!("{}:{id}", t.subject.code()),
        None => t.subject.code().into(),
    };
    TagView {
        id: t.id.clone(),
        bottleneck: bottleneck_name(tr, list, &t.bottleneck_code),
        subject: subjects.iter().find(|s| s.code == code).map(|s| s.label.clone()).unwrap_or_else(|| tr.t("tag-subject-gone")),
        organisation: t.organisation.clone(),
        description: t.description.clone(),
        shared: t.shared_text.is_some(),
        on: format_date(t.tagged_on),
        by: t.by_name.clone(),
    }
}

#[derive(Template)]
#[template(path = "bottleneck_tags.html")]
struct TagsPage {
    page: Page,
    household_id: String,
    tags: Vec<TagView>,
    bottlenecks: Vec<Opt>,
    subjects: Vec<Opt>,
    organisations: Vec<String>,
    f: FormState,
}

async fn render_list(state: &AppState, ctx: &Ctx, id: &str, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let (list, tags, orgs) = tokio::try_join!(state.store.bottlenecks(), state.store.tags_of_household(id), state.store.organisations())?;
    let subjects = subjects(state, tr, id).await?;
    let page = TagsPage {
        page: ctx.page("tags-title"),
        household_id: id.to_string(),
        tags: tags.iter().map(|t| tag_view(tr, &list, &subjects, t)).collect(),
        bottlenecks: bottleneck_options(tr, &list),
        subjects,
        organisations: orgs.into_iter().map(|o| o.name).collect(),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> WebResult {
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Read).await? {
        return Ok(r);
    }
    render_list(&state, &ctx, &id, FormState::default(), StatusCode::OK).await
}

/// Adds a tag: a bottleneck that is in use, one of the household's subjects, an organisation (may be
/// empty) and a description.
pub async fn add(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (u, tr) = (ctx.user(), ctx.tr);
    let mut f = FormState::new("knelpunt", &form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let list = state.store.bottlenecks().await?;
    let code = f.raw("bottleneck").to_string();
    if !list.iter().any(|b| b.bottleneck.code == code && !b.retired) {
        f.errors.insert("bottleneck".into(), tr.t("err-tag-bottleneck"));
    }
    let subject_code = f.raw("subject").to_string();
    let options = subjects(&state, tr, &id).await?;
    let subject = parse_subject(&subject_code).filter(|_| options.iter().any(|s| s.code == subject_code));
    if subject.is_none() {
        f.errors.insert("subject".into(), tr.t("err-tag-subject"));
    }
    let organisation = f.raw("organisation").trim().to_string();
    if organisation.chars().count() > MAX_ORGANISATION {
        f.errors.insert("organisation".into(), tr.t1("err-too-long", "max", &MAX_ORGANISATION.to_string()));
    }
    let description = f.raw("description").trim().to_string();
    if description.is_empty() {
        f.errors.insert("description".into(), tr.t("err-required"));
    } else if description.chars().count() > MAX_DESCRIPTION {
        f.errors.insert("description".into(), tr.t1("err-too-long", "max", &MAX_DESCRIPTION.to_string()));
    }
    let Some((subject, subject_id)) = subject.filter(|_| f.errors.is_empty()) else {
        return render_list(&state, &ctx, &id, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let tag = NewTag {
        household_id: id.clone(),
        subject,
        subject_id,
        bottleneck_code: code,
        organisation,
        description,
        tagged_on: state.store.today(),
        by_user: u.user.id.clone(),
        by_name: u.user.username.clone(),
    };
    let tid = state.store.add_tag(&tag, &household_audit(u, Some(&id), "bottleneck_tag", Action::Create, None)).await?;
    Ok(Redirect::to(&format!("/huishoudens/{id}/knelpunten/{tid}")).into_response())
}

/// The tag of this household (another household's tag is not found here).
async fn tag_of(state: &AppState, id: &str, tid: &str) -> WebResult<Tag> {
    state.store.tag(tid).await?.filter(|t| t.household_id == id).ok_or_else(|| WebError::new(ErrorKind::NotFound))
}

/// What the household file holds that may identify its members.
async fn known_identifiers(state: &AppState, id: &str) -> WebResult<KnownIdentifiers> {
    let (household, members) = tokio::try_join!(state.store.household(id), state.store.members(id))?;
    let mut known = KnownIdentifiers::default();
    for m in &members {
        known.names.extend(m.given_names.split_whitespace().map(str::to_string));
        known.names.push(match &m.name_prefix {
            Some(p) => format!("{p} {}", m.family_name),
            None => m.family_name.clone(),
        });
        known.dates_of_birth.extend(m.date_of_birth);
        known.phones.extend(m.phone.clone());
        known.emails.extend(m.email.clone());
    }
    if let Some(h) = household {
        known.streets.push(h.address.street.clone());
        known.postcodes.push(h.address.postcode.as_str().to_string());
    }
    Ok(known)
}

#[derive(Template)]
#[template(path = "bottleneck_tag.html")]
struct TagPage {
    page: Page,
    household_id: String,
    tag: TagView,
    version: i64,
    shared_text: Option<String>,
    /// What was removed from the proposal, in words.
    removed: Vec<String>,
    f: FormState,
}

fn removed_words(tr: Tr, removed: &[(eenplan_domain::patterns::deidentify::IdentifierKind, usize)]) -> Vec<String> {
    removed
        .iter()
        .map(|(kind, n)| {
            tr.ta("tag-removed", &[("n", &n.to_string()), ("what", &tr.code("identifier", kind.code())), ("as", placeholder(*kind))])
        })
        .collect()
}

async fn render_tag(state: &AppState, ctx: &Ctx, id: &str, t: &Tag, mut f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let list = state.store.bottlenecks().await?;
    let known = known_identifiers(state, id).await?;
    let subjects = subjects(state, tr, id).await?;
    // The proposal: the description without identifiers (or the text the worker is editing).
    let source = if f.raw("shared_text").is_empty() {
        t.shared_text.clone().unwrap_or_else(|| t.description.clone())
    } else {
        f.raw("shared_text").to_string()
    };
    let proposal = deidentify(&source, &known);
    f.defaults.entry("shared_text".into()).or_insert_with(|| proposal.text.clone());
    let page = TagPage {
        page: ctx.page("tag-title"),
        household_id: id.to_string(),
        tag: tag_view(tr, &list, &subjects, t),
        version: t.version,
        shared_text: t.shared_text.clone(),
        removed: removed_words(tr, &proposal.removed),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn tag_page(State(state): State<AppState>, ctx: Ctx, Path((id, tid)): Path<(String, String)>) -> WebResult {
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Read).await? {
        return Ok(r);
    }
    let t = tag_of(&state, &id, &tid).await?;
    render_tag(&state, &ctx, &id, &t, FormState::default(), StatusCode::OK).await
}

fn conflict_or(tr: Tr, e: StoreError) -> WebResult<String> {
    match e {
        StoreError::Conflict(_) => Ok(tr.t("err-tag-conflict")),
        other => Err(other.into()),
    }
}

/// Shares the checked text with the policy meeting (or withdraws it). The text is checked once more:
/// when something identifying is still in it, the cleaned text comes back to be confirmed again.
pub async fn share(State(state): State<AppState>, ctx: Ctx, Path((id, tid)): Path<(String, String)>, RawForm(body): RawForm) -> WebResult {
    let (u, tr) = (ctx.user(), ctx.tr);
    let mut f = FormState::new("delen", &form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let t = tag_of(&state, &id, &tid).await?;
    let audit = household_audit(u, Some(&id), "bottleneck_tag_share", Action::Update, None);
    if f.raw("withdraw") == "1" {
        return match state.store.share_tag(&tid, f.version(), None, &audit).await {
            Ok(()) => Ok(Redirect::to(&format!("/huishoudens/{id}/knelpunten/{tid}")).into_response()),
            Err(e) => {
                f.summary = Some(conflict_or(tr, e)?);
                render_tag(&state, &ctx, &id, &t, f, StatusCode::UNPROCESSABLE_ENTITY).await
            }
        };
    }
    let text = f.raw("shared_text").trim().to_string();
    let cleaned = deidentify(&text, &known_identifiers(&state, &id).await?);
    if text.is_empty() {
        f.errors.insert("shared_text".into(), tr.t("err-required"));
    } else if text.chars().count() > MAX_DESCRIPTION {
        f.errors.insert("shared_text".into(), tr.t1("err-too-long", "max", &MAX_DESCRIPTION.to_string()));
    } else if cleaned.text != text {
        f.values.insert("shared_text".into(), cleaned.text.clone());
        f.errors.insert("shared_text".into(), tr.t("err-tag-still-identifying"));
    }
    if f.raw("checked") != "1" {
        f.errors.insert("checked".into(), tr.t("err-tag-confirm"));
    }
    if !f.errors.is_empty() {
        return render_tag(&state, &ctx, &id, &t, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match state.store.share_tag(&tid, f.version(), Some(&text), &audit).await {
        Ok(()) => Ok(Redirect::to(&format!("/huishoudens/{id}/knelpunten/{tid}")).into_response()),
        Err(e) => {
            f.summary = Some(conflict_or(tr, e)?);
            render_tag(&state, &ctx, &id, &t, f, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn remove(State(state): State<AppState>, ctx: Ctx, Path((id, tid)): Path<(String, String)>, RawForm(body): RawForm) -> WebResult {
    let (u, tr) = (ctx.user(), ctx.tr);
    let mut f = FormState::new("verwijderen", &form_pairs(&body)?);
    if let Some(r) = crate::households::team_refusal(&state, &ctx, &id, Action::Update).await? {
        return Ok(r);
    }
    let t = tag_of(&state, &id, &tid).await?;
    let audit = household_audit(u, Some(&id), "bottleneck_tag", Action::Delete, None);
    match state.store.remove_tag(&tid, f.version(), &audit).await {
        Ok(()) => Ok(Redirect::to(&format!("/huishoudens/{id}/knelpunten")).into_response()),
        Err(e) => {
            f.summary = Some(conflict_or(tr, e)?);
            render_tag(&state, &ctx, &id, &t, f, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
