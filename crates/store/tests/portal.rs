//! Portal invitations, on SQLite and on PostgreSQL: a link makes one account of role household
//! member linked to its household and member; used, expired or for a member who already has an
//! account it makes none; a taken username leaves the invitation open.

use eenplan_domain::Role;
use eenplan_domain::portal::InvitationState;
use eenplan_store::StoreError;
use eenplan_store::db_test;
use eenplan_store::portal::NewMemberAccount;
use eenplan_store::testing::{seed_household, test_audit};

fn account<'a>(username: &'a str) -> NewMemberAccount<'a> {
    NewMemberAccount { username, display_name: "Sanne de Vries", password_hash: "hash" }
}

db_test!(an_invitation_makes_one_account_once, |db| {
    let seeded = seed_household(&db.store).await;
    let s = &db.store;
    let token = s.create_invitation(&seeded.household, &seeded.member, &seeded.worker, &test_audit("invitation")).await.unwrap();
    let inv = s.invitation(&token).await.unwrap().unwrap();
    assert_eq!((inv.household_id.as_str(), inv.member_id.as_str()), (seeded.household.as_str(), seeded.member.as_str()));
    assert_eq!(inv.state(s.now()), InvitationState::Open);
    assert!(s.invitation("not-a-token").await.unwrap().is_none());

    // A taken username: refused, the invitation stays open.
    let taken = s.accept_invitation(&token, &account("w"), &test_audit("account")).await;
    assert!(matches!(taken, Err(StoreError::Duplicate(_))), "{taken:?}");
    assert_eq!(s.invitation(&token).await.unwrap().unwrap().state(s.now()), InvitationState::Open);

    let user_id = s.accept_invitation(&token, &account("sanne.devries"), &test_audit("account")).await.unwrap();
    let user = s.user_by_id(&user_id).await.unwrap().unwrap();
    assert_eq!((user.household_id.as_deref(), user.member_id.as_deref()), (Some(seeded.household.as_str()), Some(seeded.member.as_str())));
    let grants = s.roles_of(&user_id).await.unwrap();
    assert_eq!(grants.iter().map(|g| g.role).collect::<Vec<_>>(), vec![Role::HouseholdMember]);
    assert_eq!(s.member_account(&seeded.member).await.unwrap().as_deref(), Some("sanne.devries"));

    // Used: a second use makes nothing.
    assert_eq!(s.invitation(&token).await.unwrap().unwrap().state(s.now()), InvitationState::Used);
    let again = s.accept_invitation(&token, &account("sanne.twee"), &test_audit("account")).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert!(s.user_by_username("sanne.twee").await.unwrap().is_none());

    // A new invitation for the same member cannot make a second account.
    let second = s.create_invitation(&seeded.household, &seeded.member, &seeded.worker, &test_audit("invitation")).await.unwrap();
    let twice = s.accept_invitation(&second, &account("sanne.drie"), &test_audit("account")).await;
    assert!(matches!(twice, Err(StoreError::Duplicate(_))), "{twice:?}");
});

db_test!(an_expired_invitation_makes_no_account, |db| {
    let seeded = seed_household(&db.store).await;
    let s = &db.store;
    let token = s.create_invitation(&seeded.household, &seeded.member, &seeded.worker, &test_audit("invitation")).await.unwrap();
    db.clock.advance(14 * 86_400);
    assert_eq!(s.invitation(&token).await.unwrap().unwrap().state(s.now()), InvitationState::Expired);
    let late = s.accept_invitation(&token, &account("sanne.devries"), &test_audit("account")).await;
    assert!(matches!(late, Err(StoreError::Conflict(_))), "{late:?}");
    assert!(s.user_by_username("sanne.devries").await.unwrap().is_none());
});
