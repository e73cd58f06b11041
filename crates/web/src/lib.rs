//! Eenplan's HTTP layer: the server-rendered UI (askama, Dutch first), the JSON API under `/api/v1`,
//! authentication, sessions, CSRF, the route registry with a permission per route, metrics and
//! security headers. Handlers parse, call the domain and the store, and render.

pub mod admin_bottlenecks;
pub mod admin_costs;
pub mod admin_social_map;
pub mod api;
pub mod api_cba;
pub mod api_households;
pub mod api_maatwerk;
pub mod api_plans;
pub mod api_referrals;
pub mod api_services;
pub mod api_signals;
pub mod assessments;
pub mod auth;
pub mod bottleneck_tags;
pub mod cba_page;
pub mod charts;
pub mod error;
pub mod forms;
pub mod household_edits;
pub mod household_forms;
pub mod households;
pub mod i18n;
pub mod maatwerk;
pub mod maatwerk_totals;
pub mod maatwerk_view;
pub mod mdt;
pub mod metrics;
pub mod months;
pub mod page;
pub mod pages;
pub mod partner;
pub mod partner_listing;
pub mod patterns_dashboard;
pub mod plan_pdf;
pub mod plans;
pub mod portal;
pub mod portal_consent;
pub mod portal_data;
pub mod portal_invite;
pub mod portal_log;
pub mod referral_forms;
pub mod referral_stats;
pub mod referrals_page;
pub mod routes;
pub mod screening_page;
pub mod security;
pub mod signals_dashboard;
pub mod signals_page;
pub mod social_map_page;
pub mod team_dashboard;

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
    /// The unit-cost catalogue from the files (built-in, with the municipality's overlay) and its price
    /// index. Handlers use `AppState::costs`: these files with the administrators' saved items over them.
    pub costs: api_cba::CostData,
    /// The bottleneck taxonomy from the files (built-in and the municipality's); stored at start,
    /// where an administrator can change and extend it.
    pub bottlenecks: Vec<eenplan_domain::patterns::taxonomy::Bottleneck>,
    /// "Wie heeft mijn dossier bekeken?" (`/portaal/inzage`) shows workers by role and organisation
    /// only, without their names, when the municipality chose so.
    pub portal_log_role_only: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            public_url: "http://127.0.0.1:8080".into(),
            totp_required: vec![Role::Admin, Role::PrivacyOfficer, Role::HouseholdMember],
            login_attempts_per_ip: 30,
            trust_forwarded_for: false,
            alerts: eenplan_domain::alerts::AlertSettings::default(),
            instruments: eenplan_domain::instrument::builtin(),
            costs: api_cba::CostData::default(),
            bottlenecks: eenplan_domain::patterns::taxonomy::builtin(),
            portal_log_role_only: false,
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
    /// The live unit-cost catalogue (see `AppState::costs`).
    costs: std::sync::RwLock<Arc<api_cba::CostData>>,
    /// One reload of the catalogue at a time, so an older read never replaces a newer one.
    costs_reload: tokio::sync::Mutex<()>,
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
    /// A state whose unit-cost catalogue is the files' only, until `refresh_costs` (see `load`).
    pub fn new(store: Store, config: Config) -> AppState {
        let costs = std::sync::RwLock::new(Arc::new(config.costs.clone()));
        AppState(Arc::new(Inner { store, config, metrics: metrics::Metrics::default(), costs, costs_reload: Default::default() }))
    }

    /// A state with the unit-cost items administrators saved laid over the files.
    pub async fn load(store: Store, config: Config) -> Result<AppState, eenplan_store::StoreError> {
        store.sync_shipped_bottlenecks(&config.bottlenecks).await?;
        let state = AppState::new(store, config);
        state.refresh_costs().await?;
        Ok(state)
    }

    /// The unit-cost catalogue as it is now: the files with the administrators' saved items over them.
    pub fn costs(&self) -> Arc<api_cba::CostData> {
        self.costs.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Reads the administrators' saved items again and lays them over the files (after a save, at start,
    /// and now and then for the saves of other instances on the same database).
    pub async fn refresh_costs(&self) -> Result<(), eenplan_store::StoreError> {
        let _one_at_a_time = self.costs_reload.lock().await;
        let saved = self.store.unit_cost_overrides().await?;
        let live = Arc::new(admin_costs::live_catalogue(&self.config.costs, saved.into_iter().map(|o| o.item)));
        *self.costs.write().unwrap_or_else(std::sync::PoisonError::into_inner) = live;
        Ok(())
    }

    /// Reloads the catalogue every `period` while the state lives, so a save on another instance shows
    /// here too (one small query per period).
    pub fn refresh_costs_every(&self, period: std::time::Duration) {
        let weak = Arc::downgrade(&self.0);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.tick().await;
            loop {
                tick.tick().await;
                let Some(inner) = weak.upgrade() else { return };
                if let Err(e) = AppState(inner).refresh_costs().await {
                    tracing::warn!(error = %e, "reloading the unit-cost catalogue failed");
                }
            }
        });
    }
}

/// The whole application: every route from the registry, with its guard, plus the global layers.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}
