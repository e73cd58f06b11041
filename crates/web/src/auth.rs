//! Logging in and out, the second factor (TOTP), and the user's own account (password change).

use crate::AppState;
use crate::error::WebResult;
use crate::page::{CSRF_COOKIE, Ctx, Page, SESSION_COOKIE, UserCtx};
use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect};
use eenplan_domain::audit::{AuditDraft, Outcome};
use eenplan_domain::login::{PasswordError, check_new_password};
use eenplan_domain::{Role, totp};
use eenplan_store::credentials::{dummy_hash, hash_password, random_bytes, random_token, verify_password};
use eenplan_store::directory::User;
use serde::Deserialize;
use std::net::SocketAddr;

/// Window for the per-address login throttle.
pub const LOGIN_WINDOW_SECS: i64 = 5 * 60;

/// The order in which a user's role is chosen at login when they hold several.
const ROLE_PRIORITY: [Role; 8] =
    [Role::Worker, Role::TeamLead, Role::PrivacyOfficer, Role::Admin, Role::MdtMember, Role::Partner, Role::Policy, Role::HouseholdMember];

fn cookie_header(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> String {
    let secure = if state.config.behind_tls() { "; Secure" } else { "" };
    let age = max_age.map(|a| format!("; Max-Age={a}")).unwrap_or_default();
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}{age}")
}

pub fn clear_cookie(name: &str) -> String {
    format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

pub(crate) fn login_audit(
    user: Option<&User>,
    typed: &str,
    role: Option<Role>,
    action: &str,
    outcome: Outcome,
    reason: Option<&str>,
) -> AuditDraft {
    AuditDraft {
        actor: user.map(|u| u.id.clone()).unwrap_or_else(|| "anonymous".into()),
        actor_name: user.map(|u| u.username.clone()).unwrap_or_else(|| typed.chars().take(64).collect()),
        role: role.map(|r| r.as_str()).unwrap_or("anonymous").to_string(),
        organisation: user.and_then(|u| u.organisation_id.clone()),
        household: None,
        member: None,
        resource: "session".into(),
        resource_id: None,
        action: action.into(),
        purpose: "authentication".into(),
        outcome,
        break_glass: false,
        reason: reason.map(str::to_string),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    verlopen: Option<String>,
    uitgelogd: Option<String>,
    /// A household member just made their portal account.
    account: Option<String>,
}

/// Renders the login form; makes sure the anonymous CSRF cookie exists.
fn render_login(state: &AppState, ctx: &Ctx, username: &str, error: Option<String>, flash: Option<String>) -> WebResult {
    let mut page = ctx.page("login-title");
    page.flash = flash;
    let cookie = anonymous_csrf(state, ctx, &mut page);
    let status = if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let r = (status, Html(LoginPage { page, username: username.to_string(), error }.render()?)).into_response();
    Ok(with_cookie(r, cookie))
}

/// A form for a caller without a session: its CSRF token is the anonymous cookie's. Returns the
/// `Set-Cookie` value when the cookie does not exist yet (pass it to [`with_cookie`]).
pub(crate) fn anonymous_csrf(state: &AppState, ctx: &Ctx, page: &mut Page) -> Option<String> {
    match &ctx.csrf_cookie {
        Some(token) => {
            page.csrf = token.clone();
            None
        }
        None => {
            let token = random_token();
            page.csrf = token.clone();
            Some(cookie_header(state, CSRF_COOKIE, &token, None))
        }
    }
}

/// The response with the cookie of [`anonymous_csrf`], if one is to be set.
pub(crate) fn with_cookie(mut r: axum::response::Response, cookie: Option<String>) -> axum::response::Response {
    if let Some(c) = cookie {
        r.headers_mut().append(header::SET_COOKIE, c.parse().expect("cookie header"));
    }
    r
}

pub async fn login_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<LoginQuery>) -> WebResult {
    if ctx.caller.user().is_some_and(|u| u.session.second_factor_ok) {
        return Ok(Redirect::to("/").into_response());
    }
    let flash = if q.verlopen.is_some() {
        Some(ctx.tr.t("login-session-expired"))
    } else if q.uitgelogd.is_some() {
        Some(ctx.tr.t("login-logged-out"))
    } else if q.account.is_some() {
        Some(ctx.tr.t("invite-account-ready"))
    } else {
        None
    };
    render_login(&state, &ctx, "", None, flash)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    ctx: Ctx,
    Form(f): Form<LoginForm>,
) -> WebResult {
    let t = ctx.tr;
    let username = f.username.trim().to_string();
    if username.is_empty() || f.password.is_empty() {
        return render_login(&state, &ctx, &username, Some(t.t("login-error-required")), None);
    }
    if state.store.throttle_hit(&format!("ip:{}", state.config.client_ip(addr.ip(), &headers)), LOGIN_WINDOW_SECS).await?
        > state.config.login_attempts_per_ip
    {
        state.store.audit(&login_audit(None, &username, None, "login", Outcome::Denied, Some("throttled"))).await?;
        return render_login(&state, &ctx, &username, Some(t.t("login-error-throttled")), None);
    }
    let store = &state.store;
    let user = store.user_by_username(&username).await?.filter(|u| u.active);
    let Some(user) = user else {
        // Same work as a wrong password, so the answer does not tell which usernames exist.
        let _ = verify_password(&f.password, dummy_hash());
        store.audit(&login_audit(None, &username, None, "login", Outcome::Denied, Some("unknown_user"))).await?;
        return render_login(&state, &ctx, &username, Some(t.t("login-error-invalid")), None);
    };
    if user.login.is_locked(store.now()) {
        store.audit(&login_audit(Some(&user), &username, None, "login", Outcome::Denied, Some("locked"))).await?;
        return render_login(&state, &ctx, &username, Some(t.t("login-error-locked")), None);
    }
    if !verify_password(&f.password, &user.password_hash) {
        let after = store.record_login_failure(&user.id).await?;
        let locked = after.is_locked(store.now());
        store
            .audit(&login_audit(
                Some(&user),
                &username,
                None,
                "login",
                Outcome::Denied,
                Some(if locked { "locked" } else { "wrong_password" }),
            ))
            .await?;
        let msg = if locked { "login-error-locked" } else { "login-error-invalid" };
        return render_login(&state, &ctx, &username, Some(t.t(msg)), None);
    }
    let roles = store.roles_of(&user.id).await?;
    let Some(role) = ROLE_PRIORITY.into_iter().find(|r| roles.iter().any(|g| g.role == *r)) else {
        store.audit(&login_audit(Some(&user), &username, None, "login", Outcome::Denied, Some("no_ui_role"))).await?;
        return render_login(&state, &ctx, &username, Some(t.t("login-error-no-ui")), None);
    };
    store.record_login_success(&user.id).await?;
    let needs_second = user.totp_enabled || state.config.totp_required.contains(&role);
    // A fresh session id at every login (no session fixation); an old session is ended.
    if let Some(old) = ctx.caller.user() {
        store.delete_session(&old.session.id_hash).await?;
    }
    let (token, _) = store
        .create_session(&user.id, role, !needs_second, &login_audit(Some(&user), &username, Some(role), "login", Outcome::Allowed, None))
        .await?;
    let next = if user.totp_enabled {
        "/login/code"
    } else if needs_second {
        "/account/tweestaps"
    } else {
        "/"
    };
    let mut r = Redirect::to(next).into_response();
    r.headers_mut().append(header::SET_COOKIE, cookie_header(&state, SESSION_COOKIE, &token, None).parse().expect("cookie header"));
    Ok(r)
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> WebResult {
    if let Some(u) = ctx.caller.user() {
        state
            .store
            .end_session(&u.session.id_hash, &login_audit(Some(&u.user), "", Some(u.session.role), "logout", Outcome::Allowed, None))
            .await?;
    }
    let mut r = Redirect::to("/login?uitgelogd=1").into_response();
    r.headers_mut().append(header::SET_COOKIE, clear_cookie(SESSION_COOKIE).parse().expect("cookie header"));
    Ok(r)
}

#[derive(Template)]
#[template(path = "totp.html")]
struct CodePage {
    page: Page,
    /// A household member: the texts in the portal's voice.
    household: bool,
    error: Option<String>,
}

pub async fn code_page(ctx: Ctx) -> WebResult {
    let u = ctx.caller.user().expect("guard: session");
    if u.session.second_factor_ok || !u.user.totp_enabled {
        return Ok(Redirect::to("/").into_response());
    }
    let household = u.session.role == Role::HouseholdMember;
    Ok(Html(CodePage { page: ctx.page("totp-title"), household, error: None }.render()?).into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// Checks a TOTP code against the user's secret; when right and not a replay, completes the
/// session's second factor (and turns TOTP on at enrolment), audited in the same transaction.
async fn accept_code(state: &AppState, u: &UserCtx, code: &str, enable: bool) -> WebResult<bool> {
    let Some(secret) = u.user.totp_secret.as_deref().and_then(totp::base32_decode) else { return Ok(false) };
    let Some(step) = totp::verify(&secret, code, state.store.now(), u.user.totp_last_step) else { return Ok(false) };
    let action = if enable { "enrol_second_factor" } else { "second_factor" };
    let audit = login_audit(Some(&u.user), "", Some(u.session.role), action, Outcome::Allowed, None);
    Ok(state.store.complete_second_factor(&u.session, step, enable, &audit).await?)
}

pub async fn code(State(state): State<AppState>, ctx: Ctx, Form(f): Form<CodeForm>) -> WebResult {
    let u = ctx.caller.user().expect("guard: session");
    if accept_code(&state, u, &f.code, false).await? {
        return Ok(Redirect::to("/").into_response());
    }
    // A wrong code counts as a failed login: six digits must not be guessable by brute force.
    let after = state.store.record_login_failure(&u.user.id).await?;
    state.store.audit(&login_audit(Some(&u.user), "", Some(u.session.role), "second_factor", Outcome::Denied, Some("wrong_code"))).await?;
    if after.is_locked(state.store.now()) {
        state.store.delete_session(&u.session.id_hash).await?;
        let mut r = Redirect::to("/login").into_response();
        r.headers_mut().append(header::SET_COOKIE, clear_cookie(SESSION_COOKIE).parse().expect("cookie header"));
        return Ok(r);
    }
    let household = u.session.role == Role::HouseholdMember;
    let page = CodePage { page: ctx.page("totp-title"), household, error: Some(ctx.tr.voiced(household, "totp-error-invalid")) };
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "enrol.html")]
struct EnrolPage {
    page: Page,
    /// A household member: the texts in the portal's voice.
    household: bool,
    required: bool,
    secret: String,
    uri: String,
    /// The otpauth URI as an SVG QR code, generated here from our own data.
    qr_svg: String,
    error: Option<String>,
}

/// The QR code of an otpauth URI as inline SVG (without the XML declaration).
fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => {
            let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build();
            svg.split_once("?>").map(|(_, rest)| rest.to_string()).unwrap_or(svg)
        }
        Err(_) => String::new(),
    }
}

fn enrol_view(state: &AppState, ctx: &Ctx, u: &UserCtx, secret_b32: &str, error: Option<String>) -> WebResult {
    let secret = totp::base32_decode(secret_b32).unwrap_or_default();
    let uri = totp::otpauth_uri("Eenplan", &u.user.username, &secret);
    let household = u.session.role == Role::HouseholdMember;
    let mut page = EnrolPage {
        page: ctx.page("enrol-title"),
        household,
        required: !u.session.second_factor_ok && state.config.totp_required.contains(&u.session.role),
        secret: secret_b32.to_string(),
        qr_svg: qr_svg(&uri),
        uri,
        error: error.clone(),
    };
    page.page.title = ctx.tr.voiced(household, "enrol-title");
    let status = if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn enrol_page(State(state): State<AppState>, ctx: Ctx) -> WebResult {
    let u = ctx.caller.user().expect("guard: session");
    if u.user.totp_enabled {
        return Ok(Redirect::to(if u.session.second_factor_ok { "/account" } else { "/login/code" }).into_response());
    }
    let secret = match &u.user.totp_secret {
        Some(s) => s.clone(),
        None => {
            let s = totp::base32_encode(&random_bytes(20));
            state.store.set_totp_secret(&u.user.id, &s).await?;
            s
        }
    };
    enrol_view(&state, &ctx, u, &secret, None)
}

pub async fn enrol(State(state): State<AppState>, ctx: Ctx, Form(f): Form<CodeForm>) -> WebResult {
    let u = ctx.caller.user().expect("guard: session");
    if u.user.totp_enabled {
        return Ok(Redirect::to("/account").into_response());
    }
    let Some(secret) = u.user.totp_secret.clone() else { return Ok(Redirect::to("/account/tweestaps").into_response()) };
    if !accept_code(&state, u, &f.code, true).await? {
        return enrol_view(&state, &ctx, u, &secret, Some(ctx.tr.voiced(u.session.role == Role::HouseholdMember, "enrol-error")));
    }
    Ok(Redirect::to("/account?klaar=tweestaps").into_response())
}

pub struct PasswordField {
    pub name: &'static str,
    pub label: String,
    pub autocomplete: &'static str,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: Page,
    fields: Vec<PasswordField>,
    totp_enabled: bool,
}

#[derive(Deserialize, Default)]
pub struct AccountQuery {
    klaar: Option<String>,
}

fn account_view(ctx: &Ctx, totp_enabled: bool, errors: [Option<String>; 3], flash: Option<String>) -> WebResult {
    let t = ctx.tr;
    let [current, new, repeat] = errors;
    let has_error = current.is_some() || new.is_some() || repeat.is_some();
    let fields = vec![
        PasswordField { name: "huidig", label: t.t("account-current"), autocomplete: "current-password", error: current },
        PasswordField { name: "nieuw", label: t.t("account-new"), autocomplete: "new-password", error: new },
        PasswordField { name: "herhaal", label: t.t("account-repeat"), autocomplete: "new-password", error: repeat },
    ];
    let mut page = ctx.page("account-title");
    page.flash = flash;
    let status = if has_error { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    Ok((status, Html(AccountPage { page, fields, totp_enabled }.render()?)).into_response())
}

pub async fn account_page(ctx: Ctx, Query(q): Query<AccountQuery>) -> WebResult {
    let u = ctx.user();
    let flash = match q.klaar.as_deref() {
        Some("tweestaps") => Some(ctx.tr.t("enrol-done")),
        Some("wachtwoord") => Some(ctx.tr.t("account-password-changed")),
        _ => None,
    };
    account_view(&ctx, u.user.totp_enabled, [None, None, None], flash)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    huidig: String,
    #[serde(default)]
    nieuw: String,
    #[serde(default)]
    herhaal: String,
}

/// The message key of a new password's problem.
pub(crate) fn password_error_key(e: PasswordError) -> &'static str {
    match e {
        PasswordError::TooShort => "err-password-too-short",
        PasswordError::ContainsUsername => "err-password-contains-username",
    }
}

pub async fn change_password(State(state): State<AppState>, ctx: Ctx, Form(f): Form<PasswordForm>) -> WebResult {
    let u = ctx.user();
    let t = ctx.tr;
    let mut errors: [Option<String>; 3] = [None, None, None];
    if !verify_password(&f.huidig, &u.user.password_hash) {
        errors[0] = Some(t.t("err-password-current"));
    }
    match check_new_password(&u.user.username, &f.nieuw) {
        Err(e) => errors[1] = Some(t.t(password_error_key(e))),
        Ok(()) if f.nieuw != f.herhaal => errors[2] = Some(t.t("err-password-mismatch")),
        Ok(()) => {}
    }
    if errors.iter().any(Option::is_some) {
        return account_view(&ctx, u.user.totp_enabled, errors, None);
    }
    let audit = login_audit(Some(&u.user), "", Some(u.session.role), "change_password", Outcome::Allowed, None);
    state.store.change_password(&u.session, &hash_password(&f.nieuw), &audit).await?;
    Ok(Redirect::to("/account?klaar=wachtwoord").into_response())
}
