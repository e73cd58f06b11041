//! Changing what is already in a household file: a member's details (their own page) and the
//! household's address (a form on the household page). Both are guarded by the household's version.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::household_forms as hf;
use crate::households::{Access, Choices, act, check_household, check_member, denied_page, household_audit};
use crate::page::Ctx;
use askama::Template;
use axum::extract::{Path, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::Action;
use eenplan_domain::household::format_date;
use eenplan_store::StoreError;
use eenplan_store::households::Member;

#[derive(Template)]
#[template(path = "member_edit.html")]
struct MemberEditPage {
    page: crate::page::Page,
    household_id: String,
    member_id: String,
    name: String,
    has_bsn: bool,
    /// The member's portal account (username), if they have one.
    account: Option<String>,
    version: i64,
    f: FormState,
    c: Choices,
}

const FORM: &str = "lidwijzig";

/// The member's stored details as the edit form's current values (the BSN is never shown here).
fn current(m: &Member) -> FormState {
    let mut f = FormState { form: String::new(), ..Default::default() };
    let values = [
        ("given_names", Some(m.given_names.clone())),
        ("name_prefix", m.name_prefix.clone()),
        ("family_name", Some(m.family_name.clone())),
        ("date_of_birth", m.date_of_birth.map(format_date)),
        ("role", Some(m.role.code().to_string())),
        ("languages", Some(m.languages.join(", "))),
        ("interpreter_needed", m.interpreter_needed.then(|| "1".to_string())),
        ("interpreter_language", m.interpreter_language.clone()),
        ("phone", m.phone.clone()),
        ("email", m.email.clone()),
    ];
    for (k, v) in values {
        if let Some(v) = v {
            f.defaults.insert(k.into(), v);
        }
    }
    f
}

pub(crate) async fn find_member(state: &AppState, household_id: &str, member_id: &str) -> WebResult<Member> {
    let members = state.store.members(household_id).await?;
    members.into_iter().find(|m| m.id == member_id).ok_or_else(|| WebError::new(ErrorKind::NotFound))
}

async fn render(state: &AppState, ctx: &Ctx, id: &str, m: &Member, version: i64, f: FormState, status: StatusCode) -> WebResult {
    let account = state.store.member_account(&m.id).await?;
    let page = MemberEditPage {
        page: ctx.page("member-edit-title"),
        household_id: id.to_string(),
        member_id: m.id.clone(),
        name: m.full_name(),
        has_bsn: m.has_bsn,
        account,
        version,
        f,
        c: Choices::new(ctx.tr),
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn edit_member_page(State(state): State<AppState>, ctx: Ctx, Path((id, member_id)): Path<(String, String)>) -> WebResult {
    let u = ctx.user();
    if let Access::Denied { may_break_glass } = check_member(&state, u, &id, Some(&member_id), Action::Read).await? {
        return denied_page(&ctx, &id, may_break_glass, None, "");
    }
    let h = state.store.household(&id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let m = find_member(&state, &id, &member_id).await?;
    render(&state, &ctx, &id, &m, h.version, current(&m), StatusCode::OK).await
}

pub async fn update_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(String, String)>,
    RawForm(body): RawForm,
) -> WebResult {
    let u = ctx.user();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body.as_ref()).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let break_glass = match check_household(&state, u, &id, Action::Update).await? {
        Access::Allowed { break_glass } => break_glass,
        Access::Denied { may_break_glass } => return denied_page(&ctx, &id, may_break_glass, None, ""),
    };
    let stored = find_member(&state, &id, &member_id).await?;
    let mut f = FormState::new(FORM, &pairs);
    f.defaults = current(&stored).defaults;
    let version = hf::version(&f);
    if let Some(m) = hf::parse_member(&mut f, ctx.tr, state.store.today()) {
        let mut audit = household_audit(u, Some(&id), "member", Action::Update, break_glass.as_deref());
        audit.member = Some(member_id.clone());
        match state.store.update_member(&id, &member_id, version, &m, &audit).await {
            Ok(()) => return Ok(Redirect::to(&format!("/huishoudens/{id}?klaar=lidwijzig#leden")).into_response()),
            Err(StoreError::Conflict(_)) => f.summary = Some(ctx.tr.t("err-conflict")),
            Err(StoreError::Duplicate(_)) => f.summary = Some(ctx.tr.t("err-duplicate-member")),
            Err(e) => return Err(e.into()),
        }
    }
    // Showing the member's details again with the messages is a read of the member's record, audited as such.
    if let Access::Denied { may_break_glass } = check_member(&state, u, &id, Some(&member_id), Action::Read).await? {
        return denied_page(&ctx, &id, may_break_glass, None, "");
    }
    render(&state, &ctx, &id, &stored, version, f, StatusCode::UNPROCESSABLE_ENTITY).await
}

pub async fn change_address(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, RawForm(body): RawForm) -> WebResult {
    let (tr, store) = (ctx.tr, &state.store);
    let u = ctx.user().clone();
    act(&state, &ctx, &id, "adres", &body, Action::Update, async |f, h, audit| {
        let Some(to) = hf::parse_address(f, tr) else { return Ok(false) };
        if to == h.address {
            f.summary = Some(tr.t("err-address-same"));
            return Ok(false);
        }
        store.change_address(&h.id, hf::version(f), &to, (&u.user.id, &u.user.display_name), &audit).await.map(|_| true)
    })
    .await
}
