//! Storage behaviour, each test run on SQLite and on PostgreSQL.

use eenplan_domain::Role;
use eenplan_domain::audit::ChainBreak;
use eenplan_domain::login::{LOCK_SECONDS, MAX_FAILURES};
use eenplan_domain::team::{Area, TeamKind};
use eenplan_store::credentials::hash_password;
use eenplan_store::directory::{NewUser, RoleGrant};
use eenplan_store::{Store, StoreError, db_test};

async fn user(store: &Store, name: &str, role: Role, team: Option<&str>) -> String {
    let tenant = store.ensure_tenant("Gemeente Test").await.unwrap();
    store
        .create_user(
            &NewUser {
                tenant_id: &tenant,
                username: name,
                display_name: name,
                password_hash: &hash_password("een-lang-wachtwoord"),
                organisation_id: None,
            },
            &[RoleGrant { role, team_id: team.map(str::to_string) }],
        )
        .await
        .unwrap()
}

db_test!(migrations_run_twice_without_harm, |db| {
    db.store.migrate().await.unwrap();
    db.store.ping().await.unwrap();
});

db_test!(users_teams_and_roles, |db| {
    let s = &db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    assert_eq!(s.ensure_tenant("Gemeente Test").await.unwrap(), tenant, "ensure_tenant is idempotent");
    let team = s.create_team(&tenant, "Buurtteam Noord", TeamKind::Social, &Area::parse("3500-3549").unwrap()).await.unwrap();
    let dup = s.create_team(&tenant, "Buurtteam Noord", TeamKind::Social, &Area::parse("3550").unwrap()).await;
    assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{dup:?}");
    assert_eq!(s.team_by_name("Buurtteam Noord").await.unwrap(), Some(team.clone()));
    let id = user(s, "anna", Role::Worker, Some(&team.id)).await;
    let again = s
        .create_user(&NewUser { tenant_id: &tenant, username: "anna", display_name: "x", password_hash: "x", organisation_id: None }, &[])
        .await;
    assert!(matches!(again, Err(StoreError::Duplicate(_))));
    let u = s.user_by_username("anna").await.unwrap().unwrap();
    assert_eq!(u.id, id);
    let actor = s.actor(&u, Role::Worker).await.unwrap();
    assert_eq!(actor.teams, vec![team.id.clone()]);
    assert!(s.actor(&u, Role::TeamLead).await.unwrap().teams.is_empty());
});

db_test!(lockout_after_repeated_failures_and_its_expiry, |db| {
    let s = &db.store;
    let id = user(s, "bram", Role::Worker, None).await;
    for _ in 0..MAX_FAILURES - 1 {
        assert!(!s.record_login_failure(&id).await.unwrap().is_locked(s.now()));
    }
    assert!(s.record_login_failure(&id).await.unwrap().is_locked(s.now()));
    assert!(s.user_by_id(&id).await.unwrap().unwrap().login.is_locked(s.now()));
    db.clock.advance(LOCK_SECONDS);
    assert!(!s.user_by_id(&id).await.unwrap().unwrap().login.is_locked(s.now()));
});

db_test!(sessions_expire_when_idle_and_are_shared_by_token, |db| {
    let s = &db.store;
    let id = user(s, "cas", Role::Worker, None).await;
    let (token, session) = s.create_session(&id, Role::Worker, false, &eenplan_store::testing::test_audit("login")).await.unwrap();
    assert_ne!(token, session.id_hash, "only the hash is stored");
    let found = s.session(&token).await.unwrap().unwrap();
    assert_eq!((found.user_id.as_str(), found.role), (id.as_str(), Role::Worker));
    assert!(s.session("not-a-token").await.unwrap().is_none());
    // The request path reads the session, its user and the user's grants in one go.
    let (with_user, u, grants) = s.session_with_user(&token).await.unwrap().unwrap();
    assert_eq!(with_user.user_id, id);
    assert_eq!(u.map(|u| u.username), Some("cas".to_string()));
    assert_eq!(grants.iter().map(|g| g.role).collect::<Vec<_>>(), vec![Role::Worker]);
    assert!(s.session_with_user("not-a-token").await.unwrap().is_none());
    db.clock.advance(eenplan_store::sessions::IDLE_SECONDS + 1);
    assert!(s.session_with_user(&token).await.unwrap().is_none(), "idle session expired");
    assert!(s.session(&token).await.unwrap().is_none(), "and removed");
});

db_test!(api_keys_are_shown_once_and_checked, |db| {
    let s = &db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let org = s.create_organisation(&tenant, "Woonstichting Test", "housing_corporation").await.unwrap();
    let (key, rec) = s.create_api_key(&org.id, Role::SignalSender, "test").await.unwrap();
    assert_eq!(s.check_api_key(&key).await.unwrap(), Ok(rec.clone()));
    let mut wrong = key.clone();
    wrong.pop();
    wrong.push(if key.ends_with('0') { '1' } else { '0' });
    assert_eq!(s.check_api_key(&wrong).await.unwrap(), Err(eenplan_store::apikeys::KeyError::Unknown));
    assert_eq!(s.check_api_key("garbage").await.unwrap(), Err(eenplan_store::apikeys::KeyError::Malformed));
    s.revoke_api_key(&rec.id).await.unwrap();
    assert_eq!(s.check_api_key(&key).await.unwrap(), Err(eenplan_store::apikeys::KeyError::Unknown));
});

db_test!(throttle_counts_per_window, |db| {
    let s = &db.store;
    assert_eq!(s.throttle_hit("ip:1", 60).await.unwrap(), 1);
    assert_eq!(s.throttle_hit("ip:1", 60).await.unwrap(), 2);
    assert_eq!(s.throttle_hit("ip:2", 60).await.unwrap(), 1);
    db.clock.advance(61);
    assert_eq!(s.throttle_hit("ip:1", 60).await.unwrap(), 1, "a new window starts over");
});

db_test!(audit_chain_verifies_and_is_append_only, |db| {
    let s = &db.store;
    for n in 0..5 {
        s.audit(&eenplan_store::testing::test_audit(&format!("read {n}"))).await.unwrap();
    }
    assert_eq!(s.verify_audit().await.unwrap(), Ok(5));
    let refused = sqlx::query("UPDATE audit_log SET action = 'delete' WHERE seq = 2").execute(s.pool()).await;
    assert!(refused.is_err(), "the database refuses changes to the log");
    let refused = sqlx::query("DELETE FROM audit_log WHERE seq = 2").execute(s.pool()).await;
    assert!(refused.is_err(), "the database refuses removal from the log");
});

// Someone with full database rights drops the guard and edits a record: `verify` names it.
db_test!(audit_verify_names_a_tampered_record, |db| {
    let s = &db.store;
    for n in 0..5 {
        s.audit(&eenplan_store::testing::test_audit(&format!("read {n}"))).await.unwrap();
    }
    let drop_guard = match s.backend() {
        eenplan_store::Backend::Sqlite => "DROP TRIGGER audit_log_no_update",
        eenplan_store::Backend::Postgres => "DROP TRIGGER audit_log_no_change ON audit_log",
    };
    sqlx::query(drop_guard).execute(s.pool()).await.unwrap();
    sqlx::query("UPDATE audit_log SET actor_name = 'someone.else' WHERE seq = 3").execute(s.pool()).await.unwrap();
    assert_eq!(s.verify_audit().await.unwrap(), Err(ChainBreak::Altered { seq: 3 }));
});

db_test!(audit_writes_from_many_tasks_keep_one_chain, |db| {
    let s = db.store.clone();
    // Changes append inside their own transaction while reads go through the group commit.
    let id = user(&s, "dirk", Role::Worker, None).await;
    let changes: Vec<_> = (0..4)
        .map(|_| {
            let (s, id) = (s.clone(), id.clone());
            tokio::spawn(
                async move { s.create_session(&id, Role::Worker, true, &eenplan_store::testing::test_audit("login")).await.unwrap() },
            )
        })
        .collect();
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let s = s.clone();
            tokio::spawn(async move {
                for _ in 0..5 {
                    s.audit(&eenplan_store::testing::test_audit(&format!("read {n}"))).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    for c in changes {
        c.await.unwrap();
    }
    assert_eq!(s.verify_audit().await.unwrap(), Ok(44));
});

#[tokio::test]
async fn a_wrong_postgres_url_says_what_to_check() {
    let err = match Store::connect("postgres://nobody@127.0.0.1:1/none").await {
        Err(e) => e.to_string(),
        Ok(_) => panic!("port 1 has no database"),
    };
    assert!(err.contains("cannot open the database (postgres)"), "{err}");
}
