//! The unit-cost catalogue as administrators change it, on SQLite and on PostgreSQL: the first save of
//! a file's item, a later save, a stale save (nothing stored, nothing lost), a new code, exact amounts,
//! the append-only history and the audit record in the same transaction.

use eenplan_domain::audit::AuditDraft;
use eenplan_domain::unit_costs::{UnitCost, builtin};
use eenplan_store::testing::{TestDb, seed_household, test_audit};
use eenplan_store::unit_costs::FROM_FILE;
use eenplan_store::{StoreError, db_test};

fn item(code: &str) -> UnitCost {
    builtin().0.item(code).expect("a shipped item").clone()
}

fn admin_audit() -> AuditDraft {
    AuditDraft { resource: "unit_cost".into(), action: "update".into(), purpose: "administration".into(), ..test_audit("update") }
}

async fn audit_rows(db: &TestDb, code: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE resource = 'unit_cost' AND resource_id = $1")
        .bind(code)
        .fetch_one(db.store.pool())
        .await
        .unwrap();
    n
}

async fn admin(db: &TestDb) -> (String, &'static str) {
    (seed_household(&db.store).await.worker, "Wendy")
}

db_test!(saves_are_versioned_with_history_and_audit, |db| {
    let s = &db.store;
    let (user, name) = admin(db).await;
    assert!(s.unit_cost_overrides().await.unwrap().is_empty());
    let mut bijstand = item("bijstand_alleenstaande");
    bijstand.amount = 1400.1;
    assert_eq!(s.save_unit_cost(&bijstand, FROM_FILE, (&user, name), &admin_audit()).await.unwrap(), 1);
    let stored = s.unit_cost_override("bijstand_alleenstaande").await.unwrap().unwrap();
    assert_eq!((stored.item.clone(), stored.version, stored.changed_by_name.as_str()), (bijstand.clone(), 1, "Wendy"));
    assert_eq!(stored.changed_by, user);
    assert_eq!(audit_rows(db, "bijstand_alleenstaande").await, 1, "the save is audited with its code");

    db.clock.advance(60);
    let mut second = bijstand.clone();
    second.amount = 1410.0;
    second.source.note = None;
    assert_eq!(s.save_unit_cost(&second, 1, (&user, name), &admin_audit()).await.unwrap(), 2);
    let history = s.unit_cost_history(Some("bijstand_alleenstaande"), 10).await.unwrap();
    let seen: Vec<(i64, f64)> = history.iter().map(|c| (c.version, c.item.amount)).collect();
    assert_eq!(seen, [(2, 1410.0), (1, 1400.1)], "newest first, each save as saved");
    assert_eq!(history[0].changed_at, history[1].changed_at + 60);
    assert_eq!(audit_rows(db, "bijstand_alleenstaande").await, 2);
    assert!(s.verify_audit().await.unwrap().is_ok(), "the chain holds");
});

db_test!(a_stale_save_is_a_conflict_and_changes_nothing, |db| {
    let s = &db.store;
    let (user, name) = admin(db).await;
    let mut a = item("huisuitzetting_corporatie");
    a.amount = 9000.0;
    s.save_unit_cost(&a, FROM_FILE, (&user, name), &admin_audit()).await.unwrap();
    // Someone else, who opened the file's item (version 0) before that save.
    let mut b = a.clone();
    b.amount = 1.0;
    assert!(matches!(s.save_unit_cost(&b, FROM_FILE, (&user, name), &admin_audit()).await, Err(StoreError::Conflict(_))));
    s.save_unit_cost(&a, 1, (&user, name), &admin_audit()).await.unwrap();
    assert!(matches!(s.save_unit_cost(&b, 1, (&user, name), &admin_audit()).await, Err(StoreError::Conflict(_))));
    let stored = s.unit_cost_override("huisuitzetting_corporatie").await.unwrap().unwrap();
    assert_eq!((stored.item.amount, stored.version), (9000.0, 2));
    assert_eq!(s.unit_cost_history(Some("huisuitzetting_corporatie"), 10).await.unwrap().len(), 2, "no history row for a refused save");
    assert_eq!(audit_rows(db, "huisuitzetting_corporatie").await, 2, "no audit record for a refused save");
});

db_test!(a_new_code_is_added_and_amounts_come_back_exactly, |db| {
    let s = &db.store;
    let (user, name) = admin(db).await;
    let mut own = item("bijstand_alleenstaande");
    own.code = "eigen_budgetcoach_uur".into();
    own.name.nl = "Budgetcoach (uur)".into();
    own.amount = 0.1 + 0.2;
    own.source.note = None;
    s.save_unit_cost(&own, FROM_FILE, (&user, name), &admin_audit()).await.unwrap();
    // A note (text after a NULL through the same statement) and an amount of many digits.
    let mut other = item("huisuitzetting_corporatie");
    other.amount = 1_234.567_890_123;
    other.source.note = Some("incl. deurwaarder".into());
    s.save_unit_cost(&other, FROM_FILE, (&user, name), &admin_audit()).await.unwrap();
    let all = s.unit_cost_overrides().await.unwrap();
    let codes: Vec<&str> = all.iter().map(|o| o.item.code.as_str()).collect();
    assert_eq!(codes, ["eigen_budgetcoach_uur", "huisuitzetting_corporatie"]);
    assert_eq!(all[0].item, own);
    assert_eq!(all[1].item, other);
    let recent = s.unit_cost_history(None, 1).await.unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(s.unit_cost_history(None, 10).await.unwrap().len(), 2);
});

db_test!(the_history_is_append_only, |db| {
    let s = &db.store;
    let (user, name) = admin(db).await;
    s.save_unit_cost(&item("huisuitzetting_corporatie"), FROM_FILE, (&user, name), &admin_audit()).await.unwrap();
    assert!(sqlx::query("UPDATE unit_cost_changes SET amount = '1'").execute(s.pool()).await.is_err());
    assert!(sqlx::query("DELETE FROM unit_cost_changes").execute(s.pool()).await.is_err());
    assert_eq!(s.unit_cost_history(None, 10).await.unwrap().len(), 1);
});
