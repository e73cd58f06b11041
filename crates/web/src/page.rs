//! What every page needs: the caller, the language, the navigation and the CSRF token.

use crate::i18n::{Lang, Tr};
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use eenplan_domain::Role;
use eenplan_domain::access::Actor;
use eenplan_store::apikeys::ApiKey;
use eenplan_store::directory::User;
use eenplan_store::sessions::Session;
use std::convert::Infallible;
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "eenplan_session";
pub const CSRF_COOKIE: &str = "eenplan_csrf";
pub const LANG_COOKIE: &str = "eenplan_lang";

/// A logged-in user with their session and the actor the access policy sees.
#[derive(Debug, Clone)]
pub struct UserCtx {
    pub user: User,
    pub session: Session,
    pub actor: Actor,
}

/// Who is asking, as resolved by the route guard.
#[derive(Debug, Clone, Default)]
pub enum Caller {
    #[default]
    Anonymous,
    User(Arc<UserCtx>),
    Key(ApiKey),
}

impl Caller {
    pub fn user(&self) -> Option<&UserCtx> {
        match self {
            Caller::User(u) => Some(u),
            _ => None,
        }
    }
    pub fn role(&self) -> Option<Role> {
        match self {
            Caller::Anonymous => None,
            Caller::User(u) => Some(u.session.role),
            Caller::Key(k) => Some(k.role),
        }
    }
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(|l| Lang::parse(&l))
        .or_else(|| headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::from_accept_language))
        .unwrap_or_default()
}

/// Percent-encodes a value for use in a query string.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The request as handlers see it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub caller: Caller,
    pub tr: Tr,
    pub path: String,
    /// The anonymous double-submit CSRF cookie, when present.
    pub csrf_cookie: Option<String>,
    /// A message to show once at the top of the page (after a redirect).
    pub flash: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Ctx, Infallible> {
        Ok(Ctx {
            caller: parts.extensions.get::<Caller>().cloned().unwrap_or_default(),
            tr: Tr::new(lang_of(&parts.headers)),
            path: parts.uri.path().to_string(),
            csrf_cookie: cookie(&parts.headers, CSRF_COOKIE),
            flash: None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// The frame of every page (see templates/base.html).
#[derive(Debug, Clone)]
pub struct Page {
    pub t: Tr,
    pub title: String,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub user_label: Option<String>,
    pub switch_href: String,
    pub switch_lang: &'static str,
    pub flash: Option<String>,
}

fn nav_for(role: Role) -> Vec<(&'static str, &'static str)> {
    let mut nav = match role {
        Role::HouseholdMember => vec![("/portaal", "nav-portal")],
        _ => vec![("/", "nav-home")],
    };
    match role {
        Role::Worker => nav.extend([
            ("/aanmelding", "nav-intake"),
            ("/zoeken", "nav-search"),
            ("/vroegsignalering", "nav-signals"),
            ("/sociale-kaart", "nav-social-map"),
            ("/kosten-baten", "nav-costs"),
        ]),
        Role::TeamLead => nav.extend([
            ("/aanmelding", "nav-intake"),
            ("/zoeken", "nav-search"),
            ("/triage", "nav-triage"),
            ("/vroegsignalering", "nav-signals"),
            ("/team", "nav-team"),
            ("/team/overzicht", "nav-team-dashboard"),
            ("/sociale-kaart", "nav-social-map"),
            ("/kosten-baten", "nav-costs"),
            ("/maatwerk/overzicht", "nav-maatwerk-totals"),
            ("/patronen", "nav-patterns"),
        ]),
        Role::MdtMember => nav.extend([("/mdt", "nav-mdt"), ("/kosten-baten", "nav-costs")]),
        Role::Policy => nav.extend([
            ("/kosten-baten", "nav-costs"),
            ("/maatwerk/overzicht", "nav-maatwerk-totals"),
            ("/vroegsignalering/overzicht", "nav-signal-stats"),
            ("/patronen", "nav-patterns"),
        ]),
        Role::Admin => nav.push(("/beheer", "nav-admin")),
        Role::PrivacyOfficer => nav.push(("/logboek", "nav-audit")),
        Role::Partner => nav.push(("/partner", "nav-partner")),
        _ => {}
    }
    if role == Role::Partner {
        nav.push(("/partner/aanbod", "nav-partner-listing"));
    }
    nav.push(("/account", "nav-account"));
    nav
}

impl Ctx {
    /// The logged-in caller (the route guard lets only logged-in callers reach the handlers that ask).
    pub fn user(&self) -> &UserCtx {
        self.caller.user().expect("guard: logged in")
    }

    /// The page frame; `csrf` is the session's token, or the anonymous cookie's.
    pub fn page(&self, title_key: &str) -> Page {
        let t = self.tr;
        let (csrf, nav, user_label) = match self.caller.user() {
            Some(u) if u.session.second_factor_ok => (
                u.session.csrf_token.clone(),
                nav_for(u.session.role)
                    .into_iter()
                    .map(|(href, key)| NavItem { href, label: t.t(key), current: href == self.path })
                    .collect(),
                Some(t.t1("logged-in-as", "name", &u.user.display_name)),
            ),
            Some(u) => (u.session.csrf_token.clone(), Vec::new(), Some(t.t1("logged-in-as", "name", &u.user.display_name))),
            None => (self.csrf_cookie.clone().unwrap_or_default(), Vec::new(), None),
        };
        let other = if t.lang == Lang::Nl { Lang::En } else { Lang::Nl };
        Page {
            t,
            title: t.t(title_key),
            csrf,
            nav,
            user_label,
            switch_href: format!("/taal/{}?terug={}", other.code(), url_encode(&self.path)),
            switch_lang: other.code(),
            flash: self.flash.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_and_language() {
        let mut h = HeaderMap::new();
        h.insert("cookie", "a=1; eenplan_lang=en; eenplan_session=abc".parse().unwrap());
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(lang_of(&h), Lang::En);
        h.insert("cookie", "eenplan_lang=xx".parse().unwrap());
        h.insert("accept-language", "en-US".parse().unwrap());
        assert_eq!(lang_of(&h), Lang::En);
    }

    #[test]
    fn every_role_can_reach_its_account() {
        for role in Role::ALL {
            assert!(nav_for(role).iter().any(|(h, _)| *h == "/account"));
        }
    }
}
