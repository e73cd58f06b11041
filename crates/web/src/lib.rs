//! Eenplan's HTTP layer: the server-rendered UI (askama, Dutch first), the JSON API under `/api/v1`,
//! authentication, sessions, CSRF, the route registry with a permission per route, metrics and
//! security headers. Handlers parse, call the domain and the store, and render.

pub mod api;
pub mod api_cba;
pub mod api_households;
pub mod api_plans;
pub mod assessments;
pub mod auth;
pub mod cba_page;
pub mod charts;
pub mod error;
pub mod forms;
pub mod household_edits;
pub mod household_forms;
pub mod households;
pub mod i18n;
pub mod metrics;
pub mod page;
pub mod pages;
pub mod plan_pdf;
pub mod plans;
pub mod routes;
pub mod security;

use eenplan_domain::Role;
use eenplan_store::Store;
use std::sync::Arc;

/// Settings of one `serve` process.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address users reach Eenplan at. With `https://` cookies get the Secure flag and HSTS is sent.
    pub public_url: String,
    /// Roles that must use a second factor (TOTP).
    pub totp_required: Vec<Role>,
    /// Login attempts allowed per client address per `LOGIN_WINDOW_SECS`.
    pub login_attempts_per_ip: i64,
    /// Behind a reverse proxy: take the client address from the last `X-Forwarded-For` entry (the
    /// one our own proxy added) instead of the connection.
    pub trust_forwarded_for: bool,
    /// When the caseload's alerts fire (turning 18, no contact, intake overdue).
    pub alerts: eenplan_domain::alerts::AlertSettings,
    /// The assessment instruments: the built-in one and any the municipality added.
    pub instruments: Vec<eenplan_domain::instrument::Instrument>,
    /// The unit-cost catalogue (built-in, with the municipality's overlay) and its price index.
    pub costs: api_cba::CostData,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            public_url: "http://127.0.0.1:8080".into(),
            totp_required: vec![Role::Admin, Role::PrivacyOfficer],
            login_attempts_per_ip: 30,
            trust_forwarded_for: false,
            alerts: eenplan_domain::alerts::AlertSettings::default(),
            instruments: eenplan_domain::instrument::builtin(),
            costs: api_cba::CostData::default(),
        }
    }
}

impl Config {
    /// The client's address for throttling: the connection, or behind a trusted proxy the address
    /// the proxy appended last to `X-Forwarded-For`.
    pub fn client_ip(&self, peer: std::net::IpAddr, headers: &axum::http::HeaderMap) -> std::net::IpAddr {
        if !self.trust_forwarded_for {
            return peer;
        }
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|ip| ip.trim().parse().ok())
            .next_back()
            .unwrap_or(peer)
    }

    pub fn behind_tls(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

pub struct Inner {
    pub store: Store,
    pub config: Config,
    pub metrics: metrics::Metrics,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_only_believed_behind_a_trusted_proxy() {
        let mut h = axum::http::HeaderMap::new();
        h.insert("x-forwarded-for", "6.6.6.6, 10.1.2.3".parse().unwrap());
        let peer: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(Config::default().client_ip(peer, &h), peer);
        let behind = Config { trust_forwarded_for: true, ..Config::default() };
        assert_eq!(behind.client_ip(peer, &h).to_string(), "10.1.2.3", "the entry our proxy added, not the client's claim");
        assert_eq!(behind.client_ip(peer, &axum::http::HeaderMap::new()), peer);
    }
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState(Arc::new(Inner { store, config, metrics: metrics::Metrics::default() }))
    }
}

/// The whole application: every route from the registry, with its guard, plus the global layers.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}
