//! Test support shared by every crate's tests: a fresh database per test on SQLite (a temporary
//! file) and on PostgreSQL (a new database on the server in `EENPLAN_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/postgres`), dropped at the end.
//!
//! With `CI=true` a missing PostgreSQL server fails the test; elsewhere the test says it was skipped.

use crate::{Backend, Store};
use eenplan_domain::Clock;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A clock the test moves by hand.
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start: i64) -> Arc<ManualClock> {
        Arc::new(ManualClock(AtomicI64::new(start)))
    }
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

fn test_vault() -> crate::vault::Vault {
    crate::vault::Vault::from_hex(&crate::vault::Vault::generate_hex()).expect("fresh key")
}

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub fn postgres_admin_url() -> String {
    std::env::var("EENPLAN_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_string())
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

pub struct TestDb {
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

/// 2026-11-27 09:00 UTC: a fixed start so tests do not depend on the day they run.
pub const TEST_START: i64 = 1_795_770_000;

impl TestDb {
    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => Some(TestDb::sqlite().await),
            Backend::Postgres => TestDb::postgres().await,
        }
    }

    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("eenplan-test-{}", crate::new_id()));
        let url = format!("sqlite://{}/eenplan.db", dir.display());
        let clock = ManualClock::new(TEST_START);
        let store = Store::connect_with_clock(&url, clock.clone()).await.expect("sqlite opens").with_vault(test_vault());
        store.migrate().await.expect("sqlite migrates");
        TestDb { store, clock, url, cleanup: Cleanup::File(dir) }
    }

    /// A fresh PostgreSQL database, or `None` (with a message) when no server is reachable outside CI.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = postgres_admin_url();
        let name = format!("eenplan_t_{}", uuid::Uuid::new_v4().simple());
        let admin = match Store::connect(&admin_url).await {
            Ok(s) => s,
            Err(e) if !in_ci() => {
                eprintln!("SKIPPED: PostgreSQL not reachable at {admin_url} ({e}); set EENPLAN_TEST_POSTGRES_URL or start the server");
                return None;
            }
            Err(e) => panic!("CI=true requires PostgreSQL at {admin_url}: {e}"),
        };
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(admin.pool()).await.expect("create test database");
        admin.close().await;
        let url = match admin_url.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("EENPLAN_TEST_POSTGRES_URL needs a database path"),
        };
        let clock = ManualClock::new(TEST_START);
        let store = Store::connect_with_clock(&url, clock.clone()).await.expect("postgres test database opens").with_vault(test_vault());
        store.migrate().await.expect("postgres migrates");
        Some(TestDb { store, clock, url, cleanup: Cleanup::Database { admin_url, name } })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database { admin_url, name } => {
                let (admin_url, name, pool) = (admin_url.clone(), name.clone(), self.store.pool().clone());
                // Drop runs inside the test's runtime; do the async cleanup on a thread of its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    rt.block_on(async move {
                        pool.close().await;
                        if let Ok(admin) = Store::connect(&admin_url).await {
                            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(admin.pool()).await;
                            admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Writes one test body twice: `sqlite` and `postgres`, each with a fresh database.
/// The body sees `db: &TestDb`.
#[macro_export]
macro_rules! db_test {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $db = &$crate::testing::TestDb::sqlite().await;
                $body
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::testing::TestDb::postgres().await else { return };
                let $db = &db;
                $body
            }
        }
    };
}

/// An audit record for tests that need one (a session made directly in the store, say).
pub fn test_audit(action: &str) -> eenplan_domain::audit::AuditDraft {
    eenplan_domain::audit::AuditDraft {
        actor: "test".into(),
        actor_name: "test".into(),
        role: "worker".into(),
        organisation: None,
        household: None,
        member: None,
        resource: "session".into(),
        resource_id: None,
        action: action.into(),
        purpose: "authentication".into(),
        outcome: eenplan_domain::audit::Outcome::Allowed,
        break_glass: false,
        reason: None,
    }
}

/// What `seed_household` made.
pub struct SeededHousehold {
    pub tenant: String,
    pub team: String,
    /// The worker "w" (Wendy) of the team, who registered the intake.
    pub worker: String,
    pub household: String,
    /// The household's one member.
    pub member: String,
}

/// A tenant, one social team (area 3500–3549) with a worker, and one household of one member registered
/// by that worker: the starting point of tests about what happens in a household file.
pub async fn seed_household(store: &Store) -> SeededHousehold {
    use crate::directory::{NewUser, RoleGrant};
    use eenplan_domain::team::{Area, TeamKind};
    let tenant = store.ensure_tenant("Gemeente Test").await.unwrap();
    let team = store.create_team(&tenant, "A", TeamKind::Social, &Area::parse("3500-3549").unwrap()).await.unwrap().id;
    let worker = store
        .create_user(
            &NewUser { tenant_id: &tenant, username: "w", display_name: "Wendy", password_hash: "x", organisation_id: None },
            &[RoleGrant { role: eenplan_domain::Role::Worker, team_id: Some(team.clone()) }],
        )
        .await
        .unwrap();
    let intake = sample_intake(&team);
    let household = store.register_intake(&tenant, &intake, &worker, &test_audit("intake")).await.unwrap().household_id;
    let member = store.members(&household).await.unwrap()[0].id.clone();
    SeededHousehold { tenant, team, worker, household, member }
}

/// An intake for team `team`: Sanne de Vries (born 1990-04-01) at Lindelaan 1, 3511 AB, asking about debts.
pub fn sample_intake(team: &str) -> crate::households::NewIntake {
    use crate::households::{Address, NewIntake, NewMember};
    use eenplan_domain::household::{HouseNumber, LifeDomain, MemberRole, Postcode, Referrer, Urgency, parse_date};
    NewIntake {
        referrer: Referrer::Self_,
        question: "Ik heb schulden.".into(),
        domains: vec![LifeDomain::Finances],
        urgency: Urgency::Normal,
        wish: None,
        address: Address {
            street: "Lindelaan".into(),
            number: HouseNumber::parse("1", "").unwrap(),
            postcode: Postcode::parse("3511 AB").unwrap(),
            city: "Voorbeeldstad".into(),
        },
        member: NewMember {
            given_names: "Sanne".into(),
            name_prefix: Some("de".into()),
            family_name: "Vries".into(),
            date_of_birth: Some(parse_date("1990-04-01").unwrap()),
            role: MemberRole::Parent,
            languages: vec![],
            interpreter_needed: false,
            interpreter_language: None,
            phone: None,
            email: None,
            bsn: None,
        },
        team_id: Some(team.to_string()),
        route_reason: "route-social-question".into(),
    }
}

/// Financial screening answers of a household without money problems (the shipped questionnaire):
/// no rule fires. Tests change one answer to make one rule fire.
pub fn calm_answers() -> eenplan_domain::screening::Answers {
    use eenplan_domain::screening::Value::{Bool, Choice, Number};
    [
        ("income_source", Choice("work".into())),
        ("income_stable", Bool(true)),
        ("short_months", Number(0)),
        ("application_pending", Bool(false)),
        ("allowance_repayment", Bool(false)),
        ("tax_question", Bool(false)),
        ("rent_arrears_months", Number(0)),
        ("energy_arrears", Bool(false)),
        ("water_arrears", Bool(false)),
        ("health_insurance_arrears_months", Number(0)),
        ("tax_or_fine_arrears", Bool(false)),
        ("collection_stage", Choice("nothing".into())),
        ("keeps_overview", Bool(true)),
        ("money_help", Choice("none".into())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// A signal sender (the housing corporation "Woonstichting Signaal", made on first use) and one
/// rent-arrears signal dated today for Kastanjelaan 7, 3512 CD (postcode area 3512), received
/// through the store; returns the melding's id.
pub async fn rent_arrears_melding(store: &Store) -> String {
    use eenplan_domain::signals::{RawSignal, SenderKind, check_signal};
    let tenant = store.ensure_tenant("Gemeente Test").await.unwrap();
    let sender = match store.organisation_by_name("Woonstichting Signaal").await.unwrap() {
        Some(o) => o.id,
        None => store.create_organisation(&tenant, "Woonstichting Signaal", "housing_corporation").await.unwrap().id,
    };
    store.set_sender_kind(&sender, SenderKind::HousingCorporation).await.unwrap();
    let raw = RawSignal {
        sender_reference: format!("WS-{}", crate::new_id()),
        signal_type: "rent".into(),
        amount: "1450,00".into(),
        months_in_arrears: "2".into(),
        signal_date: eenplan_domain::household::format_date(store.today()),
        given_names: "Peter".into(),
        family_name: "Smit".into(),
        street: "Kastanjelaan".into(),
        house_number: "7".into(),
        postcode: "3512 CD".into(),
        city: "Voorbeeldstad".into(),
        ..Default::default()
    };
    let signal = check_signal(&raw, store.today()).unwrap();
    let settings = crate::signals::SignalSettings::default();
    let got = store.receive_signals(&sender, &[signal], &settings, &test_audit("signals")).await.unwrap();
    got[0].melding_id().to_string()
}

/// A child of the sample household: `given` de Vries, born on `born` (YYYY-MM-DD).
pub fn sample_child(given: &str, born: &str) -> crate::households::NewMember {
    let mut m = sample_intake("").member;
    m.given_names = given.into();
    m.date_of_birth = Some(eenplan_domain::household::parse_date(born).expect("a date"));
    m.role = eenplan_domain::household::MemberRole::Child;
    m
}

/// A plan goal about finances owned by `owner`, open, due 2027-06-01.
pub fn sample_goal(id: &str, owner: &str, text: &str) -> eenplan_domain::plan::Goal {
    eenplan_domain::plan::Goal {
        id: id.into(),
        domain: eenplan_domain::household::LifeDomain::Finances,
        owner_member_id: owner.into(),
        text: text.into(),
        reached_when: "Geen nieuwe achterstanden".into(),
        due_on: eenplan_domain::household::parse_date("2027-06-01").expect("a date"),
        status: eenplan_domain::plan::GoalStatus::Open,
    }
}
