//! Eenplan's domain: pure types and rules. No IO, no async, no SQL, no HTTP.
//!
//! Time is passed in as unix seconds by the caller (the edges own the clock), so every rule here is
//! deterministic and testable.

pub mod access;
pub mod alerts;
pub mod assessment;
pub mod audit;
pub mod cba;
pub mod costs;
pub mod household;
pub mod instrument;
pub mod login;
pub mod maatwerk;
pub mod maatwerk_totals;
pub mod names;
pub mod patterns;
pub mod plain_language;
pub mod plan;
pub mod portal;
pub mod referral;
pub mod role;
pub mod routing;
pub mod screening;
pub mod signals;
pub mod social_map;
pub mod stats;
pub mod team;
pub mod team_steering;
pub mod totp;
pub mod unit_costs;

pub use role::Role;

/// The source of "now" (unix seconds), injected so rules and tests are deterministic.
pub trait Clock: Send + Sync {
    fn now(&self) -> i64;
}
