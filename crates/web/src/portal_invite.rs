//! Inviting a household member to the portal: the worker asks for a one-time link on the member's
//! page (`POST /huishoudens/{id}/leden/{member}/uitnodigen`, the household's team), gives it to the
//! member, and the member chooses a username and password at `/uitnodiging/{token}` (no session). An
//! unknown, expired or used link is refused with a plain message and an audit record; the second
//! factor is set up at the first login (`Config::totp_required` holds the household member role).

use crate::AppState;
use crate::auth::{anonymous_csrf, login_audit, with_cookie};
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::household_edits::find_member;
use crate::households::{Access, check_household, denied_page, household_audit};
use crate::page::{Ctx, Page};
use askama::Template;
use axum::extract::{Path, RawForm, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::access::Action;
use eenplan_domain::audit::Outcome;
use eenplan_domain::login::check_new_password;
use eenplan_domain::portal::{InvitationState, InviteRefusal, may_invite};
use eenplan_store::StoreError;
use eenplan_store::credentials::hash_password;
use eenplan_store::portal::NewMemberAccount;

const FORM: &str = "account";

#[derive(Template)]
#[template(path = "portal_invited.html")]
struct InvitedPage {
    page: Page,
    household_id: String,
    member_id: String,
    name: String,
    /// The link to give to the member; `None` when the member cannot be invited (`message` says why).
    link: Option<String>,
    message: String,
}

/// The worker makes a one-time link for the member.
pub async fn invite(State(state): State<AppState>, ctx: Ctx, Path((id, member_id)): Path<(String, String)>) -> WebResult {
    let u = ctx.user();
    let break_glass = match check_household(&state, u, &id, Action::Update).await? {
        Access::Allowed { break_glass } => break_glass,
        Access::Denied { may_break_glass } => return denied_page(&ctx, &id, may_break_glass, None, ""),
    };
    let m = find_member(&state, &id, &member_id).await?;
    let has_account = state.store.member_account(&member_id).await?.is_some();
    let tr = ctx.tr;
    let mut page = InvitedPage {
        page: ctx.page("invite-title"),
        household_id: id.clone(),
        member_id: member_id.clone(),
        name: m.full_name(),
        link: None,
        message: String::new(),
    };
    if let Err(refusal) = may_invite(m.date_of_birth, has_account, state.store.today()) {
        page.message = match refusal {
            InviteRefusal::TooYoung { age } => tr.t1(refusal.key(), "age", &age.to_string()),
            _ => tr.t(refusal.key()),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    let mut audit = household_audit(u, Some(&id), "portal_invitation", Action::Create, break_glass.as_deref());
    audit.member = Some(member_id.clone());
    let token = state.store.create_invitation(&id, &member_id, &u.user.id, &audit).await?;
    page.link = Some(format!("{}/uitnodiging/{token}", state.config.public_url.trim_end_matches('/')));
    page.message = tr.t("invite-made");
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "portal_account.html")]
struct AccountPage {
    page: Page,
    token: String,
    /// Set when the link cannot be used: the page says why and shows no form.
    refused: Option<String>,
    f: FormState,
}

/// The link's state as a refusal message (with its audit reason), or `None` when it is open.
async fn refusal(state: &AppState, ctx: &Ctx, token: &str) -> WebResult<Option<(String, &'static str)>> {
    let now = state.store.now();
    let tr = ctx.tr;
    Ok(match state.store.invitation(token).await?.map(|i| i.state(now)) {
        Some(InvitationState::Open) => None,
        Some(InvitationState::Expired) => Some((tr.t("invite-link-expired"), "invitation_expired")),
        Some(InvitationState::Used) => Some((tr.t("invite-link-used"), "invitation_used")),
        None => Some((tr.t("invite-link-unknown"), "invitation_unknown")),
    })
}

async fn render_account(state: &AppState, ctx: &Ctx, token: &str, f: FormState, status: StatusCode) -> WebResult {
    let mut page = ctx.page("invite-account-title");
    let cookie = anonymous_csrf(state, ctx, &mut page);
    let refused = match refusal(state, ctx, token).await? {
        Some((message, reason)) => {
            state.store.audit(&invitation_audit(Outcome::Denied, Some(reason))).await?;
            Some(message)
        }
        None => None,
    };
    let status = if refused.is_some() { StatusCode::GONE } else { status };
    let body = AccountPage { page, token: token.to_string(), refused, f }.render()?;
    Ok(with_cookie((status, Html(body)).into_response(), cookie))
}

fn invitation_audit(outcome: Outcome, reason: Option<&str>) -> eenplan_domain::audit::AuditDraft {
    let mut a = login_audit(None, "", None, "create", outcome, reason);
    a.resource = "portal_account".into();
    a
}

pub async fn account_page(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> WebResult {
    render_account(&state, &ctx, &token, FormState::default(), StatusCode::OK).await
}

/// The member chooses a username and a password; the account is made and linked in one go.
pub async fn make_account(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, RawForm(body): RawForm) -> WebResult {
    let tr = ctx.tr;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::new(ErrorKind::BadRequest))?;
    let mut f = FormState::new(FORM, &pairs);
    let Some(invitation) = state.store.invitation(&token).await?.filter(|i| i.state(state.store.now()) == InvitationState::Open) else {
        return render_account(&state, &ctx, &token, f, StatusCode::GONE).await;
    };
    let username = f.raw("username").trim().to_lowercase();
    let (password, again) = (f.raw("password").to_string(), f.raw("password2").to_string());
    if !valid_username(&username) {
        f.errors.insert("username".into(), tr.t("invite-err-username"));
    }
    match check_new_password(&username, &password) {
        Err(e) => {
            f.errors.insert("password".into(), tr.t(crate::auth::password_error_key(e)));
        }
        Ok(()) if password != again => {
            f.errors.insert("password2".into(), tr.t("invite-err-password-again"));
        }
        Ok(()) => {}
    }
    // Passwords are never shown again, also not after a mistake.
    f.values.remove("password");
    f.values.remove("password2");
    if !f.errors.is_empty() {
        return render_account(&state, &ctx, &token, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let member = find_member(&state, &invitation.household_id, &invitation.member_id).await?;
    let hash = hash_password(&password);
    let account = NewMemberAccount { username: &username, display_name: &member.full_name(), password_hash: &hash };
    match state.store.accept_invitation(&token, &account, &invitation_audit(Outcome::Allowed, None)).await {
        Ok(_) => Ok(Redirect::to("/login?account=klaar").into_response()),
        Err(StoreError::Duplicate(what)) if what.starts_with("user") => {
            f.errors.insert("username".into(), tr.t("invite-err-username-taken"));
            render_account(&state, &ctx, &token, f, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(StoreError::Duplicate(_)) | Err(StoreError::Conflict(_)) => render_account(&state, &ctx, &token, f, StatusCode::GONE).await,
        Err(e) => Err(e.into()),
    }
}

/// 3 to 40 lower-case letters, digits, dots, dashes and underscores.
fn valid_username(s: &str) -> bool {
    (3..=40).contains(&s.chars().count()) && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}
