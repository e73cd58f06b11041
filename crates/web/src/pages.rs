//! Pages that are not about logging in: the start page per role, administration, the audit log for
//! the privacy officer, the household portal, the stylesheet and the language switch.

use crate::AppState;
use crate::error::WebResult;
use crate::page::{Ctx, LANG_COOKIE, Page};
use crate::routes::authorize;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use eenplan_domain::Role;
use eenplan_domain::access::{Action, Purpose, Resource};
use eenplan_store::audit::AuditQuery;
use serde::Deserialize;

pub async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/eenplan.css"),
    )
}

#[derive(Deserialize)]
pub struct LangQuery {
    terug: Option<String>,
}

/// Only a local path is a valid place to go back to (no open redirect).
fn local_path(p: Option<&str>) -> &str {
    match p {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p,
        _ => "/",
    }
}

pub async fn switch_language(Path(lang): Path<String>, Query(q): Query<LangQuery>) -> Response {
    let lang = crate::i18n::Lang::parse(&lang).unwrap_or_default();
    let mut r = Redirect::to(local_path(q.terug.as_deref())).into_response();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    r.headers_mut().insert(header::SET_COOKIE, cookie.parse().expect("cookie header"));
    r
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    heading: String,
    welcome: String,
    role_text: String,
    intro: Option<String>,
    teams: Vec<String>,
    empty: String,
    rows: Vec<crate::households::CaseRow>,
    team_rows: Vec<crate::households::CaseRow>,
    caseload: bool,
}

#[derive(Deserialize, Default)]
pub struct HomeQuery {
    aanmelding: Option<String>,
    overgedragen: Option<String>,
}

pub async fn home(State(state): State<AppState>, ctx: Ctx, Query(q): Query<HomeQuery>) -> WebResult {
    let u = ctx.user();
    let role = u.session.role;
    if role == Role::HouseholdMember {
        return Ok(Redirect::to("/portaal").into_response());
    }
    let t = ctx.tr;
    let team_names = state.store.teams().await?.into_iter().filter(|team| u.actor.teams.contains(&team.id)).map(|team| team.name).collect();
    let (heading, intro) = match role {
        Role::Worker | Role::TeamLead => (t.t("caseload-title"), Some(t.t("caseload-intro"))),
        Role::MdtMember => (t.t("home-title"), Some(t.t("home-mdt"))),
        Role::Partner => (t.t("home-title"), Some(t.t("home-partner"))),
        Role::Policy => (t.t("home-title"), Some(t.t("home-policy"))),
        _ => (t.t("home-title"), None),
    };
    let caseload = matches!(role, Role::Worker | Role::TeamLead);
    let (rows, team_rows) = if caseload {
        crate::households::audit_list(&state, u, "caseload").await?;
        let today = state.store.today();
        let mine = state.store.caseload(Some(&u.user.id), &[], 200).await?;
        let team = if role == Role::TeamLead { state.store.caseload(None, &u.actor.teams, 200).await? } else { Vec::new() };
        let settings = &state.config.alerts;
        (crate::households::caseload_rows(t, today, settings, mine), crate::households::caseload_rows(t, today, settings, team))
    } else {
        (Vec::new(), Vec::new())
    };
    let empty = if caseload { t.t("caseload-empty") } else { t.t("home-nothing-yet") };
    let mut ctx = ctx.clone();
    ctx.flash = match (q.aanmelding.as_deref(), q.overgedragen.is_some()) {
        (Some(k @ ("ander-team" | "triage")), _) => Some(t.t(&format!("intake-saved-{k}"))),
        (_, true) => Some(t.t("moved-to-other-team")),
        _ => None,
    };
    let page = HomePage {
        page: ctx.page("home-title"),
        heading,
        welcome: t.t1("home-welcome", "name", &u.user.display_name),
        role_text: t.t1("home-role", "role", &t.t(&format!("role-{}", role.as_str()))),
        intro,
        teams: team_names,
        empty,
        rows,
        team_rows,
        caseload,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    page: Page,
    teams: Vec<(String, String, String)>,
    users: i64,
}

pub async fn admin(State(state): State<AppState>, ctx: Ctx) -> WebResult {
    let u = ctx.user();
    authorize(&state, u, Action::Read, Purpose::Administration, &Resource::Configuration).await?;
    let t = ctx.tr;
    let teams = state
        .store
        .teams()
        .await?
        .into_iter()
        .map(|team| (team.name, t.t(&format!("team-kind-{}", team.kind.as_str())), team.area.to_string()))
        .collect();
    let page = AdminPage { page: ctx.page("admin-title"), teams, users: state.store.user_count().await? };
    Ok(Html(page.render()?).into_response())
}

pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub who: String,
    pub role: String,
    pub what: String,
    pub purpose: String,
    pub outcome: String,
    pub break_glass: bool,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    page: Page,
    verify_ok: bool,
    verify_text: String,
    household: String,
    break_glass_only: bool,
    rows: Vec<AuditRow>,
    older_href: Option<String>,
}

#[derive(Deserialize)]
pub struct AuditFilter {
    huishouden: Option<String>,
    noodtoegang: Option<String>,
    voor: Option<i64>,
}

const AUDIT_PAGE: i64 = 50;

/// The day (YYYY-MM-DD) of a unix time.
pub fn format_day(unix: i64) -> String {
    format_time(unix).chars().take(10).collect()
}

pub fn format_time(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]")).ok())
        .unwrap_or_else(|| unix.to_string())
}

pub async fn audit_log(State(state): State<AppState>, ctx: Ctx, Query(f): Query<AuditFilter>) -> WebResult {
    let u = ctx.user();
    authorize(&state, u, Action::Read, Purpose::Supervision, &Resource::AuditLog).await?;
    let t = ctx.tr;
    let household = f.huishouden.unwrap_or_default().trim().to_string();
    let break_glass_only = f.noodtoegang.is_some();
    let records = state
        .store
        .audit_records(&AuditQuery {
            household: (!household.is_empty()).then(|| household.clone()),
            actor: None,
            break_glass_only,
            before_seq: f.voor,
            limit: AUDIT_PAGE,
        })
        .await?;
    let (verify_ok, verify_text) = match state.store.verify_audit().await? {
        Ok(n) => (true, t.t1("audit-verify-ok", "count", &n.to_string())),
        Err(e) => (false, t.t1("audit-verify-bad", "detail", &e.to_string())),
    };
    let older_href = (records.len() as i64 == AUDIT_PAGE).then(|| {
        let last = records.last().map(|r| r.seq).unwrap_or(0);
        format!(
            "/logboek?voor={last}&huishouden={}{}",
            crate::page::url_encode(&household),
            if break_glass_only { "&noodtoegang=1" } else { "" }
        )
    });
    let rows = records
        .into_iter()
        .map(|r| AuditRow {
            seq: r.seq,
            at: format_time(r.at),
            who: r.draft.actor_name,
            role: r.draft.role,
            what: format!(
                "{} {}{}",
                r.draft.action,
                r.draft.resource,
                r.draft.resource_id.map(|id| format!(" ({id})")).unwrap_or_default()
            ),
            purpose: r.draft.purpose,
            outcome: t.t(&format!("audit-outcome-{}", r.draft.outcome.as_str())),
            break_glass: r.draft.break_glass,
            reason: r.draft.reason.unwrap_or_default(),
        })
        .collect();
    let page = AuditPage { page: ctx.page("audit-title"), verify_ok, verify_text, household, break_glass_only, rows, older_href };
    Ok(Html(page.render()?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/account")), "/account");
        assert_eq!(local_path(Some("//evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(Some("/\\evil")), "/");
        assert_eq!(local_path(None), "/");
    }
}
