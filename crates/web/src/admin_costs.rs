//! The administrator edits the unit-cost catalogue: the list with a search (`GET /beheer/kostprijzen`),
//! one item's form with its history (`GET|POST /beheer/kostprijzen/{code}`) and a new item
//! (`POST /beheer/kostprijzen`). The catalogue files stay as they are; a saved item is laid over them
//! (same code replaces the file's item, a new code adds one). The rules of an item are the domain's
//! (`unit_costs::validate_item`, the same the file loader applies); each save is stored with its history
//! row and its audit record in one transaction, guarded by the version the form started from, and then
//! the live catalogue (`AppState::costs`) is reloaded.

use crate::AppState;
use crate::api_cba::CostData;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::Opt;
use crate::i18n::Tr;
use crate::page::{Ctx, Page, UserCtx};
use crate::pages::format_time;
use crate::routes::authorize;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::{AccessRequest, Action, Purpose, Resource, decide};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::costs::{CostUnit, Stakeholder, ValueType};
use eenplan_domain::unit_costs::{Catalogue, ItemDraft, MAX_ITEM_NOTE, MAX_ITEM_TEXT, SourceDraft, UnitCost, validate_item};
use eenplan_store::StoreError;
use eenplan_store::unit_costs::{FROM_FILE, UnitCostChange, UnitCostOverride};
use serde::Deserialize;
use std::collections::HashMap;

/// The files' catalogue with the saved items laid over it (same code replaces, a new code is added).
pub fn live_catalogue(files: &CostData, saved: impl IntoIterator<Item = UnitCost>) -> CostData {
    let mut data = files.clone();
    let items: Vec<UnitCost> = saved.into_iter().collect();
    if !items.is_empty() {
        data.catalogue.overlay(Catalogue { id: String::new(), version: String::new(), items });
    }
    data
}

/// The catalogue and the saved items as they are in the database now (not the reloaded copy, which may
/// lag behind a save on another instance).
async fn current(state: &AppState) -> WebResult<(CostData, HashMap<String, UnitCostOverride>)> {
    let saved = state.store.unit_cost_overrides().await?;
    let data = live_catalogue(&state.config.costs, saved.iter().map(|o| o.item.clone()));
    Ok((data, saved.into_iter().map(|o| (o.item.code.clone(), o)).collect()))
}

/// An amount as the form shows it: every digit kept, a decimal comma.
fn amount_text(x: f64) -> String {
    x.to_string().replace('.', ",")
}

/// Reads an amount typed as 1345,45 or 1345.45 or 1.345,45; `None` when it is no number.
fn parse_amount(raw: &str) -> Option<f64> {
    let t: String = raw.trim().chars().filter(|c| !c.is_whitespace() && *c != '€').collect();
    let t = if t.contains(',') { t.replace('.', "").replace(',', ".") } else { t };
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn whole(raw: &str) -> Option<i64> {
    raw.trim().parse().ok()
}

/// The form's values of an item (the code is the caller's: the path, or the new item's field).
fn draft_from(f: &FormState, code: &str) -> ItemDraft {
    let v = |name: &str| f.raw(name).to_string();
    ItemDraft {
        code: code.to_string(),
        name_nl: v("name_nl"),
        name_en: v("name_en"),
        amount: parse_amount(f.raw("amount")),
        unit: v("unit"),
        price_year: whole(f.raw("price_year")),
        stakeholder: v("stakeholder"),
        value_type: v("value_type"),
        confidence: whole(f.raw("confidence")),
        indicative: f.raw("indicative") == "1",
        licence: v("licence"),
        source: SourceDraft {
            publication: v("source_publication"),
            publisher: v("source_publisher"),
            year: whole(f.raw("source_year")),
            url: v("source_url"),
            note: v("source_note"),
        },
    }
}

/// The stored item as the form's current values.
fn defaults_of(i: &UnitCost) -> HashMap<String, String> {
    let d = ItemDraft::from(i);
    let mut m = HashMap::new();
    let mut put = |k: &str, v: String| {
        m.insert(k.to_string(), v);
    };
    put("code", d.code);
    put("name_nl", d.name_nl);
    put("name_en", d.name_en);
    put("amount", amount_text(i.amount));
    put("unit", d.unit);
    put("price_year", i.price_year.to_string());
    put("stakeholder", d.stakeholder);
    put("value_type", d.value_type);
    put("confidence", i.confidence.grade().to_string());
    if i.indicative {
        put("indicative", "1".into());
    }
    put("licence", d.licence);
    put("source_publication", d.source.publication);
    put("source_publisher", d.source.publisher);
    put("source_year", i.source.year.to_string());
    put("source_url", d.source.url);
    put("source_note", d.source.note);
    m
}

/// Checks the form by the domain's rules; every broken rule is a message at its field.
fn check(f: &mut FormState, tr: Tr, code: &str, data: &CostData) -> Option<UnitCost> {
    match validate_item(&draft_from(f, code), Some(&data.index)) {
        Ok(item) => Some(item),
        Err(problems) => {
            for p in problems {
                let max = if p.field == eenplan_domain::unit_costs::ItemField::SourceNote { MAX_ITEM_NOTE } else { MAX_ITEM_TEXT };
                f.errors.entry(p.field.name().to_string()).or_insert_with(|| tr.t1(p.key, "max", &max.to_string()));
            }
            None
        }
    }
}

/// Every list the item form chooses from.
pub struct ItemChoices {
    pub units: Vec<Opt>,
    pub stakeholders: Vec<Opt>,
    pub value_types: Vec<Opt>,
    pub confidences: Vec<Opt>,
}

impl ItemChoices {
    fn new(tr: Tr) -> ItemChoices {
        let opts = |prefix: &str, codes: Vec<&'static str>| -> Vec<Opt> {
            codes.into_iter().map(|c| Opt { code: c.to_string(), label: tr.code(prefix, c) }).collect()
        };
        ItemChoices {
            units: opts("cost-unit", CostUnit::ALL.iter().map(|u| u.code()).collect()),
            stakeholders: opts("stakeholder", Stakeholder::ALL.iter().map(|s| s.code()).collect()),
            value_types: opts("value-type", ValueType::ALL.iter().map(|v| v.code()).collect()),
            confidences: (1..=6).map(|g| Opt { code: g.to_string(), label: tr.t(&format!("uc-confidence-{g}")) }).collect(),
        }
    }
}

/// One item in the list.
pub struct ItemRow {
    pub code: String,
    pub name: String,
    pub amount: String,
    pub price_year: String,
    pub stakeholder: String,
    pub value_type: String,
    pub confidence: u8,
    pub indicative: bool,
    pub source: String,
    pub source_url: String,
    /// "Aangepast door … op …" for a saved item.
    pub changed: Option<String>,
    /// A code that is in no catalogue file (added by an administrator).
    pub added: bool,
}

fn row(tr: Tr, i: &UnitCost, saved: Option<&UnitCostOverride>, in_files: bool) -> ItemRow {
    let l = tr.lang.code();
    ItemRow {
        code: i.code.clone(),
        name: i.name.get(l).to_string(),
        amount: format!("€ {} {}", amount_text(i.amount), tr.code("cost-unit", i.unit.code())),
        price_year: i.price_year.to_string(),
        stakeholder: tr.code("stakeholder", i.stakeholder.code()),
        value_type: tr.code("value-type", i.value_type.code()),
        confidence: i.confidence.grade(),
        indicative: i.indicative,
        source: format!("{}, {} ({})", i.source.publication, i.source.publisher, i.source.year),
        source_url: i.source.url.clone(),
        changed: saved.map(|o| changed_text(tr, o)),
        added: !in_files,
    }
}

fn changed_text(tr: Tr, o: &UnitCostOverride) -> String {
    tr.ta("uc-changed-by", &[("name", &o.changed_by_name), ("when", &format_time(o.changed_at))])
}

/// One save in an item's history.
pub struct HistoryRow {
    pub version: i64,
    pub when: String,
    pub who: String,
    pub amount: String,
    pub price_year: String,
    pub stakeholder: String,
    pub confidence: u8,
    pub source: String,
}

fn history_row(tr: Tr, c: &UnitCostChange) -> HistoryRow {
    let i = &c.item;
    HistoryRow {
        version: c.version,
        when: format_time(c.changed_at),
        who: c.changed_by_name.clone(),
        amount: format!("€ {} {}", amount_text(i.amount), tr.code("cost-unit", i.unit.code())),
        price_year: i.price_year.to_string(),
        stakeholder: tr.code("stakeholder", i.stakeholder.code()),
        confidence: i.confidence.grade(),
        source: format!("{}, {} ({})", i.source.publication, i.source.publisher, i.source.year),
    }
}

#[derive(Template)]
#[template(path = "admin_unit_costs.html")]
struct ListPage {
    page: Page,
    search: String,
    rows: Vec<ItemRow>,
    /// "12 of 40 items".
    count_text: String,
    /// The new item's form.
    f: FormState,
    c: ItemChoices,
}

#[derive(Template)]
#[template(path = "admin_unit_cost_edit.html")]
struct EditPage {
    page: Page,
    code: String,
    name: String,
    version: i64,
    f: FormState,
    c: ItemChoices,
    /// "Aangepast door … op …", or that the item is the file's.
    status: String,
    /// What the catalogue file says, when a saved item replaces it.
    file_value: Option<String>,
    history: Vec<HistoryRow>,
}

const NEW: &str = "nieuw";
const EDIT: &str = "kostprijs";

#[derive(Deserialize, Default)]
pub struct ListQuery {
    zoek: Option<String>,
    opgeslagen: Option<String>,
    toegevoegd: Option<String>,
}

fn matches(i: &UnitCost, search: &str) -> bool {
    let s = search.to_lowercase();
    s.is_empty() || [&i.code, &i.name.nl, &i.name.en].iter().any(|t| t.to_lowercase().contains(&s))
}

async fn render_list(state: &AppState, ctx: &Ctx, search: String, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let (data, saved) = current(state).await?;
    let rows: Vec<ItemRow> = data
        .catalogue
        .items
        .iter()
        .filter(|i| matches(i, search.trim()))
        .map(|i| row(tr, i, saved.get(&i.code), state.config.costs.catalogue.item(&i.code).is_some()))
        .collect();
    let mut f = f;
    if f.form != NEW {
        // The new item's form starts with the usual choices.
        f.defaults = HashMap::from([
            ("unit".to_string(), "once".to_string()),
            ("confidence".to_string(), "4".to_string()),
            ("indicative".to_string(), "1".to_string()),
        ]);
    }
    let count_text = tr.ta("uc-count", &[("shown", &rows.len().to_string()), ("total", &data.catalogue.items.len().to_string())]);
    let page = ListPage { page: ctx.page("uc-title"), search, rows, count_text, f, c: ItemChoices::new(tr) };
    Ok((status, Html(page.render()?)).into_response())
}

/// The catalogue as the administrator sees it: every item, whether a file or an administrator set it.
pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> WebResult {
    let u = ctx.user();
    authorize(&state, u, Action::Read, Purpose::Administration, &Resource::Configuration).await?;
    let mut ctx = ctx.clone();
    // Only a code of the catalogue is named (a made-up link shows no message).
    let known = |code: &String| state.costs().catalogue.item(code).is_some();
    ctx.flash = match (q.opgeslagen.filter(known), q.toegevoegd.filter(known)) {
        (Some(code), _) => Some(ctx.tr.t1("uc-saved", "code", &code)),
        (_, Some(code)) => Some(ctx.tr.t1("uc-added", "code", &code)),
        _ => None,
    };
    render_list(&state, &ctx, q.zoek.unwrap_or_default(), FormState::default(), StatusCode::OK).await
}

async fn render_edit(state: &AppState, ctx: &Ctx, code: &str, version: i64, f: FormState, status: StatusCode) -> WebResult {
    let tr = ctx.tr;
    let (data, saved) = current(state).await?;
    let item = data.catalogue.item(code);
    let saved = saved.get(code);
    let from_file = state.config.costs.catalogue.item(code);
    let history = state.store.unit_cost_history(Some(code), 50).await?.iter().map(|c| history_row(tr, c)).collect();
    let page = EditPage {
        page: ctx.page("uc-edit-title"),
        code: code.to_string(),
        name: item.map(|i| i.name.get(tr.lang.code()).to_string()).unwrap_or_default(),
        version,
        f,
        c: ItemChoices::new(tr),
        status: match saved {
            Some(o) => changed_text(tr, o),
            None => tr.t("uc-from-file"),
        },
        file_value: from_file.filter(|_| saved.is_some()).map(|i| {
            tr.ta(
                "uc-file-value",
                &[
                    ("amount", &format!("€ {} {}", amount_text(i.amount), tr.code("cost-unit", i.unit.code()))),
                    ("year", &i.price_year.to_string()),
                ],
            )
        }),
        history,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// One item's form, filled with what is stored now, and its history.
pub async fn edit_page(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> WebResult {
    let u = ctx.user();
    authorize(&state, u, Action::Read, Purpose::Administration, &Resource::Configuration).await?;
    let (data, saved) = current(&state).await?;
    let item = data.catalogue.item(&code).ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let version = saved.get(&code).map_or(FROM_FILE, |o| o.version);
    let f = FormState { defaults: defaults_of(item), ..Default::default() };
    render_edit(&state, &ctx, &code, version, f, StatusCode::OK).await
}

/// Asks the access policy whether `u` may change the configuration. A refusal is audited here; when
/// allowed, the audit record comes back to be written with the change itself, in its transaction.
async fn may_change(state: &AppState, u: &UserCtx, action: Action) -> WebResult<AuditDraft> {
    let d = decide(&AccessRequest {
        actor: &u.actor,
        action,
        purpose: Purpose::Administration,
        resource: &Resource::Configuration,
        break_glass: None,
    });
    if d.allowed.is_err() {
        state.store.audit(&d.audit).await?;
        return Err(WebError::new(ErrorKind::Forbidden));
    }
    Ok(AuditDraft { resource: "unit_cost".into(), ..d.audit })
}

/// Reloads the live catalogue after a save. The save stands if this fails; the periodic reload (or the
/// next save) catches up, so the failure is logged, not shown.
async fn reload(state: &AppState) {
    if let Err(e) = state.refresh_costs().await {
        tracing::warn!(error = %e, "reloading the unit-cost catalogue after a save failed");
    }
}

fn form_pairs(body: &[u8]) -> WebResult<Vec<(String, String)>> {
    serde_urlencoded::from_bytes(body).map_err(|_| WebError::new(ErrorKind::BadRequest))
}

/// Saves one item: by the domain's rules, under the version the form started from. A wrong field comes
/// back with its message (422, nothing stored); a save by someone else in the meantime comes back with
/// what was typed and the other save in the history (409, nothing stored, nothing lost).
pub async fn save(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let audit = may_change(&state, u, Action::Update).await?;
    let mut f = FormState::new(EDIT, &form_pairs(&body)?);
    let mut version = f.raw("version").trim().parse().unwrap_or(-1);
    let (data, saved) = current(&state).await?;
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if data.catalogue.item(&code).is_none() {
        f.errors.insert("code".into(), tr.t("err-uc-code-unknown"));
    } else if let Some(item) = check(&mut f, tr, &code, &data) {
        match state.store.save_unit_cost(&item, version, (&u.user.id, &u.user.display_name), &audit).await {
            Ok(_) => {
                reload(&state).await;
                return Ok(Redirect::to(&format!("/beheer/kostprijzen?opgeslagen={code}")).into_response());
            }
            Err(StoreError::Conflict(_)) => {
                f.summary = Some(tr.t("err-uc-conflict"));
                // Saving again is a choice made after seeing the other save: from the stored version.
                version = saved.get(&code).map_or(FROM_FILE, |o| o.version);
                status = StatusCode::CONFLICT;
            }
            Err(e) => return Err(e.into()),
        }
    }
    // Showing the catalogue again is a read of the configuration, audited as such.
    authorize(&state, u, Action::Read, Purpose::Administration, &Resource::Configuration).await?;
    render_edit(&state, &ctx, &code, version, f, status).await
}

/// Adds an item with a code no catalogue file or earlier save uses.
pub async fn add(State(state): State<AppState>, ctx: Ctx, RawForm(body): RawForm) -> WebResult {
    let u = ctx.user();
    let tr = ctx.tr;
    let audit = may_change(&state, u, Action::Create).await?;
    let mut f = FormState::new(NEW, &form_pairs(&body)?);
    let code = f.raw("code").trim().to_string();
    let (data, _) = current(&state).await?;
    let item = check(&mut f, tr, &code, &data);
    if data.catalogue.item(&code).is_some() {
        f.errors.insert("code".into(), tr.t("err-uc-code-taken"));
    } else if let Some(item) = item {
        match state.store.save_unit_cost(&item, FROM_FILE, (&u.user.id, &u.user.display_name), &audit).await {
            Ok(_) => {
                reload(&state).await;
                return Ok(Redirect::to(&format!("/beheer/kostprijzen?toegevoegd={code}")).into_response());
            }
            // Someone added the same code just now.
            Err(StoreError::Conflict(_)) => {
                f.errors.insert("code".into(), tr.t("err-uc-code-taken"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    authorize(&state, u, Action::Read, Purpose::Administration, &Resource::Configuration).await?;
    render_list(&state, &ctx, String::new(), f, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use eenplan_domain::unit_costs::ItemField;

    #[test]
    fn amounts_are_read_the_dutch_way_and_shown_exactly() {
        assert_eq!(parse_amount("1345,45"), Some(1345.45));
        assert_eq!(parse_amount(" 1.345,45 "), Some(1345.45));
        assert_eq!(parse_amount("€ 1345.45"), Some(1345.45));
        assert_eq!(parse_amount("-5"), Some(-5.0), "the domain refuses it, with its own message");
        assert_eq!(parse_amount("veel"), None);
        assert_eq!(parse_amount("inf"), None);
        assert_eq!(amount_text(1345.45), "1345,45");
        assert_eq!(parse_amount(&amount_text(0.1 + 0.2)), Some(0.1 + 0.2));
    }

    #[test]
    fn a_stored_item_fills_the_form_and_reads_back_unchanged() {
        let data = CostData::default();
        for item in &data.catalogue.items {
            let f = FormState { form: EDIT.into(), values: defaults_of(item), ..Default::default() };
            assert_eq!(validate_item(&draft_from(&f, &item.code), Some(&data.index)).as_ref(), Ok(item));
        }
    }

    #[test]
    fn every_message_of_the_item_rules_exists_in_both_languages() {
        let data = CostData::default();
        let mut f = FormState::new(EDIT, &[("source_note".into(), "x".repeat(MAX_ITEM_NOTE + 1)), ("price_year".into(), "1800".into())]);
        assert!(check(&mut f, Tr::new(Lang::Nl), "Fout", &data).is_none());
        let fields: Vec<&str> = [
            ItemField::Code,
            ItemField::NameNl,
            ItemField::NameEn,
            ItemField::Amount,
            ItemField::Unit,
            ItemField::PriceYear,
            ItemField::Stakeholder,
            ItemField::ValueType,
            ItemField::Confidence,
            ItemField::Licence,
            ItemField::SourcePublication,
            ItemField::SourcePublisher,
            ItemField::SourceYear,
            ItemField::SourceUrl,
            ItemField::SourceNote,
        ]
        .map(ItemField::name)
        .to_vec();
        for field in fields {
            assert!(f.errors.contains_key(field), "{field} has no message");
        }
        let mut keys =
            vec!["err-uc-amount-negative", "err-uc-price_year-index", "err-uc-code-unknown", "err-uc-code-taken", "err-uc-conflict"];
        keys.extend(["uc-confidence-1", "uc-confidence-6", "value-type-fiscal", "value-type-economic", "value-type-social"]);
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            let mut f = FormState::new(EDIT, &[]);
            check(&mut f, tr, "Fout", &data);
            for message in f.errors.values() {
                assert!(!message.starts_with("err-"), "{lang:?}: {message} is missing");
            }
            for key in &keys {
                assert!(tr.has(key), "{lang:?} misses {key}");
            }
        }
    }
}
