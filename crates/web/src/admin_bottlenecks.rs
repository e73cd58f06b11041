//! The administrator keeps the bottleneck taxonomy (issue 8): the list by kind with a form to add one
//! (`GET|POST /beheer/knelpunten`) and one bottleneck's form (`GET|POST /beheer/knelpunten/{code}`).
//! The shipped bottlenecks come from `data/bottlenecks/` and are stored at start-up; an administrator
//! adds local ones, changes the texts and kind of any of them, and retires one: a retired bottleneck
//! can no longer be chosen for a new tag, the tags that have it keep it and keep counting. The rules
//! of a bottleneck are the domain's (`check_bottleneck`, the same the file loader applies); each save
//! is one transaction with its audit record, guarded by the version the form started from.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::{FormState, form_pairs};
use crate::households::{Opt, household_audit};
use crate::i18n::Tr;
use crate::page::{Ctx, Page, UserCtx};
use crate::routes::authorize;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::{Action, Purpose, Resource};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::patterns::taxonomy::{
    Bottleneck, BottleneckKind, BottleneckProblem, MAX_DESCRIPTION, MAX_NAME, RawBottleneck, check_bottleneck,
};
use eenplan_store::StoreError;
use eenplan_store::patterns::StoredBottleneck;
use serde::Deserialize;
use std::collections::HashMap;

/// The form that adds a bottleneck, and the form of one bottleneck.
const NEW: &str = "nieuw";
const EDIT: &str = "knelpunt";

/// One bottleneck in the list.
pub struct Row {
    pub code: String,
    pub name: String,
    /// "Eenplan" (shipped) or "Eigen" (added here).
    pub origin: String,
    /// "In gebruik" or "Niet meer te kiezen".
    pub state: String,
    pub retired: bool,
}

/// The bottlenecks of one kind.
pub struct KindGroup {
    pub code: String,
    pub label: String,
    pub rows: Vec<Row>,
}

fn origin(tr: Tr, b: &StoredBottleneck) -> String {
    tr.t(if b.shipped { "adm-bn-shipped" } else { "adm-bn-local" })
}

fn state_text(tr: Tr, b: &StoredBottleneck) -> String {
    tr.t(if b.retired { "adm-bn-retired" } else { "adm-bn-in-use" })
}

/// The list grouped by kind, in the domain's order of kinds (a kind without bottlenecks is left out).
fn groups(tr: Tr, list: &[StoredBottleneck]) -> Vec<KindGroup> {
    let lang = tr.lang.code();
    BottleneckKind::ALL
        .iter()
        .map(|kind| KindGroup {
            code: kind.code().to_string(),
            label: tr.code("bottleneck-kind", kind.code()),
            rows: list
                .iter()
                .filter(|b| b.bottleneck.kind == *kind)
                .map(|b| Row {
                    code: b.bottleneck.code.clone(),
                    name: b.bottleneck.name.get(lang).to_string(),
                    origin: origin(tr, b),
                    state: state_text(tr, b),
                    retired: b.retired,
                })
                .collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect()
}

fn kinds(tr: Tr) -> Vec<Opt> {
    BottleneckKind::ALL.iter().map(|k| Opt { code: k.code().to_string(), label: tr.code("bottleneck-kind", k.code()) }).collect()
}

/// The form's values as a bottleneck to check; the code is the caller's (the field, or the path).
fn raw_from(f: &FormState, code: &str) -> RawBottleneck {
    let v = |name: &str| f.raw(name).to_string();
    RawBottleneck {
        code: code.to_string(),
        kind: v("kind"),
        name_nl: v("name_nl"),
        name_en: v("name_en"),
        description_nl: v("description_nl"),
        description_en: v("description_en"),
    }
}

/// The stored bottleneck as the form's current values.
fn defaults_of(b: &StoredBottleneck) -> HashMap<String, String> {
    let x = &b.bottleneck;
    let mut m: HashMap<String, String> = [
        ("code", x.code.clone()),
        ("kind", x.kind.code().to_string()),
        ("name_nl", x.name.nl.clone()),
        ("name_en", x.name.en.clone()),
        ("description_nl", x.description.nl.clone()),
        ("description_en", x.description.en.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if b.retired {
        m.insert("retired".into(), "1".into());
    }
    m
}

/// The message of a broken rule, in the reader's language.
fn message(tr: Tr, field: &str, problem: BottleneckProblem) -> String {
    let max = if field.starts_with("description") { MAX_DESCRIPTION } else { MAX_NAME };
    tr.t1(problem.key(), "max", &max.to_string())
}

/// Checks the form by the domain's rules; every broken rule is a message at its field.
fn check(f: &mut FormState, tr: Tr, code: &str) -> Option<Bottleneck> {
    match check_bottleneck(&raw_from(f, code)) {
        Ok(b) => Some(b),
        Err(problems) => {
            for (field, problem) in problems {
                f.errors.entry(field.to_string()).or_insert_with(|| message(tr, field, problem));
            }
            None
        }
    }
}

/// The audit record of a change to the taxonomy, written with the change in its transaction.
fn change_audit(u: &UserCtx, action: Action) -> AuditDraft {
    AuditDraft { purpose: Purpose::Administration.as_str().into(), ..household_audit(u, None, "bottleneck", action, None) }
}

/// Reading the taxonomy is a read of the configuration, audited as such.
async fn may_read(state: &AppState, u: &UserCtx) -> WebResult<()> {
    authorize(state, u, Action::Read, Purpose::Administration, &Resource::Configuration).await
}

#[derive(Template)]
#[template(path = "admin_bottlenecks.html")]
struct ListPage {
    page: Page,
    groups: Vec<KindGroup>,
    count_text: String,
    kinds: Vec<Opt>,
    /// The new bottleneck's form.
    f: FormState,
}

#[derive(Template)]
#[template(path = "admin_bottleneck_edit.html")]
struct EditPage {
    page: Page,
    code: String,
    name: String,
    kind: String,
    origin: String,
    state: String,
    version: i64,
    kinds: Vec<Opt>,
    f: FormState,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    opgeslagen: Option<String>,
    toegevoegd: Option<String>,
}

async fn render_list(state: &AppState, ctx: &Ctx, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let list = state.store.bottlenecks().await?;
    let retired = list.iter().filter(|b| b.retired).count();
    let count_text = tr.ta("adm-bn-count", &[("total", &list.len().to_string()), ("retired", &retired.to_string())]);
    let page = ListPage { page: ctx.page("adm-bn-title"), groups: groups(tr, &list), count_text, kinds: kinds(tr), f };
    Ok((status, Html(page.render()?)).into_response())
}

/// Every bottleneck, shipped and local, in use and retired, by kind; and the form to add one.
pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> WebResult {
    may_read(&state, ctx.user()).await?;
    let mut ctx = ctx.clone();
    // Only a stored code is named (a made-up link shows no message).
    let saved = match q.opgeslagen.as_deref() {
        Some(code) => state.store.bottleneck(code).await?,
        None => None,
    };
    let added = match q.toegevoegd.as_deref() {
        Some(code) => state.store.bottleneck(code).await?,
        None => None,
    };
    let name = |b: &StoredBottleneck| b.bottleneck.name.get(ctx.tr.lang.code()).to_string();
    ctx.flash = match (saved, added) {
        (Some(b), _) => Some(ctx.tr.t1("adm-bn-saved", "name", &name(&b))),
        (_, Some(b)) => Some(ctx.tr.t1("adm-bn-added", "name", &name(&b))),
        _ => None,
    };
    render_list(&state, &ctx, FormState::default(), StatusCode::OK).await
}

/// Adds a local bottleneck with a code that is not stored yet (retired or not).
pub async fn add(State(state): State<AppState>, ctx: Ctx, RawForm(body): RawForm) -> WebResult {
    let (u, tr) = (ctx.user(), ctx.tr);
    let mut f = FormState::new(NEW, &form_pairs(&body)?);
    let code = f.raw("code").trim().to_string();
    let checked = check(&mut f, tr, &code);
    if !f.errors.contains_key("code") && state.store.bottleneck(&code).await?.is_some() {
        f.errors.insert("code".into(), tr.t("adm-bn-err-code-taken"));
    } else if let Some(b) = checked {
        match state.store.add_bottleneck(&b, &change_audit(u, Action::Create)).await {
            Ok(()) => return Ok(Redirect::to(&format!("/beheer/knelpunten?toegevoegd={code}")).into_response()),
            // Someone added the same code just now.
            Err(StoreError::Conflict(_)) => {
                f.errors.insert("code".into(), tr.t("adm-bn-err-code-taken"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    may_read(&state, u).await?;
    render_list(&state, &ctx, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

fn render_edit(ctx: &Ctx, b: &StoredBottleneck, version: i64, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let page = EditPage {
        page: ctx.page("adm-bn-edit-title"),
        code: b.bottleneck.code.clone(),
        name: b.bottleneck.name.get(tr.lang.code()).to_string(),
        kind: tr.code("bottleneck-kind", b.bottleneck.kind.code()),
        origin: origin(tr, b),
        state: state_text(tr, b),
        version,
        kinds: kinds(tr),
        f,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn stored(state: &AppState, code: &str) -> WebResult<StoredBottleneck> {
    state.store.bottleneck(code).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))
}

/// One bottleneck's form, filled with what is stored now.
pub async fn edit_page(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> WebResult {
    may_read(&state, ctx.user()).await?;
    let b = stored(&state, &code).await?;
    let f = FormState { defaults: defaults_of(&b), ..Default::default() };
    render_edit(&ctx, &b, b.version, f, StatusCode::OK)
}

/// Saves one bottleneck (its kind, names, descriptions and whether it can still be chosen) under the
/// version the form started from. A wrong field comes back with its message; a save by someone else
/// in the meantime comes back with what was typed and a message (422, nothing stored either way).
pub async fn save(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (u, tr) = (ctx.user(), ctx.tr);
    let mut f = FormState::new(EDIT, &form_pairs(&body)?);
    let current = stored(&state, &code).await?;
    let version = f.version();
    if let Some(b) = check(&mut f, tr, &code) {
        let retired = f.raw("retired") == "1";
        match state.store.update_bottleneck(&b, version, retired, &change_audit(u, Action::Update)).await {
            Ok(()) => return Ok(Redirect::to(&format!("/beheer/knelpunten?opgeslagen={code}")).into_response()),
            Err(StoreError::Conflict(_)) => f.summary = Some(tr.t("adm-bn-err-conflict")),
            Err(e) => return Err(e.into()),
        }
    }
    may_read(&state, u).await?;
    render_edit(&ctx, &current, version, f, StatusCode::UNPROCESSABLE_ENTITY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use eenplan_domain::patterns::taxonomy::builtin;

    #[test]
    fn a_stored_bottleneck_fills_the_form_and_reads_back_unchanged() {
        for b in builtin() {
            let s = StoredBottleneck { bottleneck: b.clone(), shipped: true, retired: false, version: 1 };
            let f = FormState { form: EDIT.into(), values: defaults_of(&s), ..Default::default() };
            assert_eq!(check_bottleneck(&raw_from(&f, &b.code)), Ok(b));
        }
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        let too_long = FormState::new(NEW, &[("name_nl".into(), "x".repeat(MAX_NAME + 1)), ("kind".into(), "wet".into())]);
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for (mut f, code) in [(FormState::new(NEW, &[]), ""), (too_long.clone(), "Knelpunt 1")] {
                assert!(check(&mut f, tr, code).is_none());
                assert!(!f.errors.is_empty());
                for m in f.errors.values() {
                    assert!(!m.starts_with("err-") && !m.contains("{"), "{lang:?}: {m}");
                }
            }
            let keys = [
                "adm-bn-title",
                "adm-bn-edit-title",
                "adm-bn-err-code-taken",
                "adm-bn-err-conflict",
                "adm-bn-shipped",
                "adm-bn-local",
                "adm-bn-retired",
                "adm-bn-in-use",
                "adm-bn-f-retired-hint",
            ];
            for key in keys {
                assert!(tr.has(key), "{lang:?} misses {key}");
            }
            for k in BottleneckKind::ALL {
                assert!(tr.has(&format!("bottleneck-kind-{}", k.code())), "{lang:?} misses kind {k:?}");
            }
        }
    }
}
