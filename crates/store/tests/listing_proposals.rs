//! Partners' proposals for their listing on the social map, on SQLite and on PostgreSQL: a proposal is
//! stored pending with its audit record; an approval writes the service (record, PC4 ranges, taxonomy)
//! into the map in one transaction, guarded by the version; a rejection needs a reason and changes
//! nothing; a decided proposal cannot be decided again.

use eenplan_domain::Role;
use eenplan_domain::social_map::proposal::{Draft, ProposalState, check, draft_of};
use eenplan_domain::social_map::{Dataset, Service, from_json};
use eenplan_store::directory::{NewUser, RoleGrant};
use eenplan_store::listing_proposals::NewProposal;
use eenplan_store::testing::{TestDb, test_audit};
use eenplan_store::{StoreError, db_test};

const SAMPLE: &str = include_str!("../../../data/social-map/voorbeeld-hsds.json");

fn sample() -> Dataset {
    from_json(SAMPLE).expect("the sample file is valid")
}

async fn audit_count(db: &TestDb) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(db.store.pool()).await.unwrap();
    n
}

/// The sample map and two users: a partner of Geldzorg and an administrator. Returns their ids.
async fn setup(db: &TestDb) -> (String, String) {
    let s = &db.store;
    s.import_social_map(&sample(), &test_audit("import")).await.unwrap();
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let org = s.create_organisation(&tenant, "Geldzorg", "debt_counselling").await.unwrap().id;
    s.link_social_map(&org, Some("org-geldzorg")).await.unwrap();
    let user = |name: &'static str, role: Role, org: Option<String>| {
        let tenant = tenant.clone();
        async move {
            s.create_user(
                &NewUser { tenant_id: &tenant, username: name, display_name: name, password_hash: "x", organisation_id: org.as_deref() },
                &[RoleGrant { role, team_id: None }],
            )
            .await
            .unwrap()
        }
    };
    (user("p", Role::Partner, Some(org)).await, user("a", Role::Admin, None).await)
}

/// The debt counselling service with a new phone number, a shorter wait and one more PC4 range.
async fn changed_debt(db: &TestDb) -> (Service, Service) {
    let current = db.store.service("svc-schuldhulp").await.unwrap().unwrap();
    let org = db.store.social_map_organization("org-geldzorg").await.unwrap().unwrap();
    let mut d = draft_of(&current);
    d.phone = "030 123 4567".into();
    d.wait_time_days = "7".into();
    d.service_areas = "3500-3549, 3560, 3600-3609".into();
    d.taxonomy = "domain:finances, kind:debt_counselling, kind:budget_management".into();
    let proposed = check(&org, &current.id, Some(&current), &d).unwrap();
    (current, proposed)
}

db_test!(an_approved_proposal_changes_the_service_on_the_map, |db| {
    let s = &db.store;
    let (partner, admin) = setup(db).await;
    let (current, proposed) = changed_debt(db).await;
    let before = audit_count(db).await;
    let p = s
        .propose_listing(&NewProposal { service: &proposed, based_on: Some(&current), by: (&partner, "p") }, &test_audit("propose"))
        .await
        .unwrap();
    assert_eq!((p.state, p.version, p.is_new), (ProposalState::Pending, 1, false));
    assert_eq!(p.based_on.as_ref(), Some(&current));
    assert_eq!(audit_count(db).await, before + 1);
    assert_eq!(s.service("svc-schuldhulp").await.unwrap().as_ref(), Some(&current), "nothing changes before the check");
    assert_eq!(s.pending_listing_proposals(10).await.unwrap(), vec![p.clone()]);
    assert_eq!(s.listing_proposals_of("org-geldzorg", 10).await.unwrap(), vec![p.clone()]);
    assert!(s.listing_proposals_of("org-raadslieden", 10).await.unwrap().is_empty());

    // A stale version is refused and changes nothing.
    let stale = s.approve_listing(&p.id, 0, (&admin, "a"), &test_audit("approve")).await.unwrap_err();
    assert!(matches!(stale, StoreError::Conflict(_)), "{stale}");
    let done = s.approve_listing(&p.id, 1, (&admin, "a"), &test_audit("approve")).await.unwrap();
    assert_eq!((done.state, done.version, done.decided_by.as_deref()), (ProposalState::Approved, 2, Some(admin.as_str())));
    assert_eq!(audit_count(db).await, before + 2);
    assert_eq!(s.service("svc-schuldhulp").await.unwrap(), Some(proposed.clone()));
    assert!(s.pending_listing_proposals(10).await.unwrap().is_empty());
    // The search rows follow: 3605 is served now, and the new taxonomy term finds it.
    let ids = |v: Vec<Service>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(ids(s.services_for(Some(3605), Some("domain:finances"), 10).await.unwrap()), ["svc-schuldhulp"]);
    assert_eq!(ids(s.services_for(None, Some("kind:budget_management"), 10).await.unwrap()), ["svc-schuldhulp"]);
    // Its place at a location is kept, and the map exports with the change.
    let map = s.export_social_map().await.unwrap();
    assert_eq!(map.service_at_locations, sample().service_at_locations);
    assert_eq!(map.services.iter().find(|x| x.id == "svc-schuldhulp"), Some(&proposed));

    // Decided once: not again.
    let again = s.reject_listing(&p.id, 2, "te laat", (&admin, "a"), &test_audit("reject")).await.unwrap_err();
    assert!(matches!(again, StoreError::Conflict(_)), "{again}");
    assert_eq!(audit_count(db).await, before + 2);
});

db_test!(a_rejection_needs_a_reason_and_changes_nothing, |db| {
    let s = &db.store;
    let (partner, admin) = setup(db).await;
    let (current, proposed) = changed_debt(db).await;
    let p = s
        .propose_listing(&NewProposal { service: &proposed, based_on: Some(&current), by: (&partner, "p") }, &test_audit("propose"))
        .await
        .unwrap();
    let before = audit_count(db).await;
    let err = s.reject_listing(&p.id, 1, "   ", (&admin, "a"), &test_audit("reject")).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_eq!(s.listing_proposal(&p.id).await.unwrap().unwrap().state, ProposalState::Pending);
    assert_eq!(audit_count(db).await, before);
    let done =
        s.reject_listing(&p.id, 1, " Het telefoonnummer is van een ander team. ", (&admin, "a"), &test_audit("reject")).await.unwrap();
    assert_eq!((done.state, done.reason.as_deref()), (ProposalState::Rejected, Some("Het telefoonnummer is van een ander team.")));
    assert_eq!(s.service("svc-schuldhulp").await.unwrap(), Some(current));
    assert_eq!(audit_count(db).await, before + 1);
    let late = s.approve_listing(&p.id, 2, (&admin, "a"), &test_audit("approve")).await.unwrap_err();
    assert!(matches!(late, StoreError::Conflict(_)));
});

db_test!(a_new_service_is_added_to_its_organisation, |db| {
    let s = &db.store;
    let (partner, admin) = setup(db).await;
    let org = s.social_map_organization("org-geldzorg").await.unwrap().unwrap();
    let d = Draft {
        name: "Formulierenhulp".into(),
        status: "active".into(),
        languages: "nl en".into(),
        service_areas: "3500-3599".into(),
        taxonomy: "domain:finances".into(),
        ..Draft::default()
    };
    let new = check(&org, "svc-formulieren", None, &d).unwrap();
    let p = s.propose_listing(&NewProposal { service: &new, based_on: None, by: (&partner, "p") }, &test_audit("propose")).await.unwrap();
    assert!(p.is_new && p.based_on.is_none());
    s.approve_listing(&p.id, 1, (&admin, "a"), &test_audit("approve")).await.unwrap();
    let ids: Vec<String> = s.services_of("org-geldzorg").await.unwrap().into_iter().map(|x| x.id).collect();
    assert_eq!(ids, ["svc-schuldhulp", "svc-budgetcoach", "svc-formulieren"], "a new service goes last");
    assert_eq!(s.service("svc-formulieren").await.unwrap(), Some(new));
});

db_test!(an_invalid_record_is_not_stored, |db| {
    let s = &db.store;
    let (partner, _) = setup(db).await;
    let (current, mut proposed) = changed_debt(db).await;
    proposed.name = " ".into();
    let before = audit_count(db).await;
    let err = s
        .propose_listing(&NewProposal { service: &proposed, based_on: Some(&current), by: (&partner, "p") }, &test_audit("propose"))
        .await
        .unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(m) if m.contains("name")), "{err}");
    assert!(s.pending_listing_proposals(10).await.unwrap().is_empty());
    assert_eq!(audit_count(db).await, before);
    assert_eq!(s.social_map_organizations().await.unwrap().len(), 3);
});
