//! The social map in storage, on SQLite and on PostgreSQL: the sample file imported and read back
//! unchanged, a second import updating instead of duplicating, lookups by PC4 and taxonomy, and an
//! invalid map stored not at all.

use eenplan_domain::social_map::{Dataset, ServiceStatus, from_json};
use eenplan_store::testing::test_audit;
use eenplan_store::{StoreError, db_test};

const SAMPLE: &str = include_str!("../../../data/social-map/voorbeeld-hsds.json");

fn sample() -> Dataset {
    from_json(SAMPLE).expect("the sample file is valid")
}

fn ids(services: &[eenplan_domain::social_map::Service]) -> Vec<&str> {
    services.iter().map(|s| s.id.as_str()).collect()
}

async fn audit_count(db: &eenplan_store::testing::TestDb) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(db.store.pool()).await.unwrap();
    n
}

db_test!(the_sample_reads_back_as_imported, |db| {
    let s = &db.store;
    let input = sample();
    let summary = s.import_social_map(&input, &test_audit("import")).await.unwrap();
    assert_eq!((summary.organizations, summary.services, summary.locations, summary.service_at_locations), (3, 4, 2, 2));
    assert_eq!(summary.replaced_organizations, 0);
    assert_eq!(s.export_social_map().await.unwrap(), input);
    assert_eq!(s.service("svc-schuldhulp").await.unwrap().as_ref(), input.services.iter().find(|x| x.id == "svc-schuldhulp"));
    assert_eq!(s.service("nope").await.unwrap(), None);
    assert_eq!(ids(&s.services_of("org-geldzorg").await.unwrap()), ["svc-schuldhulp", "svc-budgetcoach"]);
});

db_test!(a_second_import_updates_instead_of_duplicating, |db| {
    let s = &db.store;
    s.import_social_map(&sample(), &test_audit("import")).await.unwrap();
    let mut changed = sample();
    // Geldzorg drops budget coaching and renames debt counselling; its listing is replaced as a whole.
    changed.services.retain(|x| x.id != "svc-budgetcoach");
    changed.services[0].name = "Schuldhulp".into();
    changed.services[0].wait_time_days = None;
    let summary = s.import_social_map(&changed, &test_audit("import")).await.unwrap();
    assert_eq!(summary.replaced_organizations, 3);
    assert_eq!(s.export_social_map().await.unwrap(), changed);
    assert_eq!(ids(&s.services_of("org-geldzorg").await.unwrap()), ["svc-schuldhulp"]);
    assert_eq!(s.service("svc-budgetcoach").await.unwrap(), None);
    assert_eq!(s.service("svc-schuldhulp").await.unwrap().unwrap().wait_time_days, None);
    // Only one organisation in a later file: the others stay.
    let mut one = changed.clone();
    one.organizations.retain(|o| o.id == "org-raadslieden");
    one.services.retain(|x| x.organization_id == "org-raadslieden");
    one.locations.retain(|l| l.organization_id == "org-raadslieden");
    one.service_at_locations.retain(|p| p.service_id == "svc-raadslieden");
    s.import_social_map(&one, &test_audit("import")).await.unwrap();
    let all = s.export_social_map().await.unwrap();
    assert_eq!(all.organizations.len(), 3);
    assert_eq!(all.services.len(), 3);
});

db_test!(services_are_found_by_pc4_and_taxonomy, |db| {
    let s = &db.store;
    s.import_social_map(&sample(), &test_audit("import")).await.unwrap();
    // Active services by name; the rent desk is temporarily closed.
    assert_eq!(ids(&s.services_for(None, None, 10).await.unwrap()), ["svc-budgetcoach", "svc-schuldhulp", "svc-raadslieden"]);
    assert_eq!(ids(&s.services_for(Some(3555), None, 10).await.unwrap()), ["svc-budgetcoach", "svc-raadslieden"]);
    // The legal advice has no area: open to every postcode.
    assert_eq!(ids(&s.services_for(Some(9999), None, 10).await.unwrap()), ["svc-raadslieden"]);
    assert_eq!(ids(&s.services_for(Some(3520), Some("domain:finances"), 10).await.unwrap()), ["svc-budgetcoach", "svc-schuldhulp"]);
    assert_eq!(ids(&s.services_for(Some(3590), Some("domain:finances"), 10).await.unwrap()), ["svc-budgetcoach"]);
    assert_eq!(ids(&s.services_for(None, Some("legal:family"), 10).await.unwrap()), ["svc-raadslieden"]);
    assert!(s.services_for(None, Some("domain:housing"), 10).await.unwrap().is_empty());
    assert_eq!(s.services_for(None, None, 1).await.unwrap().len(), 1);
    assert_eq!(s.service("svc-huur").await.unwrap().unwrap().status, ServiceStatus::TemporarilyClosed);
});

db_test!(an_invalid_map_stores_nothing, |db| {
    let s = &db.store;
    let before = audit_count(db).await;
    let mut bad = sample();
    bad.services[1].id = bad.services[0].id.clone();
    let err = s.import_social_map(&bad, &test_audit("import")).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(m) if m.contains("services row 2, field id")), "{err}");
    assert_eq!(s.export_social_map().await.unwrap(), Dataset::default());
    assert_eq!(audit_count(db).await, before);
});
