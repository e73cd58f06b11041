//! Eenplan's HTTP layer: the server-rendered UI (askama, Dutch first), the JSON API under `/api/v1`,
//! authentication, sessions, CSRF, the route registry with a permission per route, metrics and
//! security headers. Handlers parse, call the domain and the store, and render.

pub mod api;
pub mod auth;
pub mod error;
pub mod i18n;
pub mod metrics;
pub mod page;
pub mod pages;
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
}

impl Default for Config {
    fn default() -> Config {
        Config {
            public_url: "http://127.0.0.1:8080".into(),
            totp_required: vec![Role::Admin, Role::PrivacyOfficer],
            login_attempts_per_ip: 30,
        }
    }
}

impl Config {
    pub fn behind_tls(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

pub struct Inner {
    pub store: Store,
    pub config: Config,
    pub metrics: metrics::Metrics,
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
