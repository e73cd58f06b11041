//! Mijn toestemming, on SQLite and on PostgreSQL: a member sees the MDT party their consent was given
//! to, with the legal ground besides it, and withdraws it; from that moment the MDT member is refused
//! (audited), the worker's summary says the consent was withdrawn, and it cannot be withdrawn twice
//! or by another member.

mod common;

use common::{shared_request, username};
use eenplan_domain::Role;
use eenplan_store::StoreError;
use eenplan_store::testing::{sample_child, test_audit};

app_test!(a_member_withdraws_consent_and_the_mdt_member_loses_access_at_once, |app| {
    let s = &app.db.store;
    let household = app.household_in_team_a().await;
    let sanne = s.members(&household).await.unwrap()[0].id.clone();
    let rid = shared_request(app, &household, &sanne).await;
    s.link_household_member(&app.users[username(Role::HouseholdMember)], &household, &sanne).await.unwrap();

    let mut mdt = app.session_for(Role::MdtMember).await;
    assert_eq!(mdt.get(&format!("/mdt/verzoeken/{rid}")).await.status, 200, "shared with W&I on Sanne's consent");

    let mut member = app.session_for(Role::HouseholdMember).await;
    let page = member.get("/portaal/toestemming").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("W&#38;I Test") || page.body.contains("W&amp;I Test"), "{}", page.body);
    assert!(page.body.contains("omdat het haar taak is volgens de wet"), "the legal ground besides consent");
    let csrf = page.csrf();
    let org = app.org.clone();
    let done = member.post("/portaal/toestemming/intrekken", &[("csrf", &csrf), ("request", &rid), ("organisation", &org)]).await;
    assert_eq!((done.status, done.location.as_deref()), (303, Some("/portaal/toestemming?klaar=ingetrokken")));
    let after = member.get("/portaal/toestemming?klaar=ingetrokken").await;
    assert!(after.body.contains("U heeft de toestemming ingetrokken op") && !after.body.contains("name=\"request\""));
    assert_eq!(app.audit_count("consent", "allowed").await, 1);

    // The MDT member is refused from now on, and the refusal is audited.
    let denied = app.denied_count().await;
    assert_eq!(mdt.get(&format!("/mdt/verzoeken/{rid}")).await.status, 403);
    assert_eq!(app.denied_count().await, denied + 1);
    // The worker sees it in the request's summary.
    let mut worker = app.session_for(Role::Worker).await;
    let summary = worker.get(&format!("/huishoudens/{household}/maatwerk/{rid}/samenvatting")).await;
    assert!(summary.body.contains("toestemming ingetrokken op"), "{}", summary.body);

    // Not twice, and not by another member.
    let again = member.post("/portaal/toestemming/intrekken", &[("csrf", &csrf), ("request", &rid), ("organisation", &org)]).await;
    assert_eq!(again.status, 404);
    let version = s.household(&household).await.unwrap().unwrap().version;
    let daan = s.add_member(&household, version, &sample_child("Daan", "2008-01-01"), &test_audit("member")).await.unwrap();
    let other = s.withdraw_consent(&rid, &org, &daan, &test_audit("consent")).await;
    assert!(matches!(other, Err(StoreError::NotFound(_))), "{other:?}");
});
