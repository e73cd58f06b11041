//! What a household member sees of the audit log (`accesses_of_member`), on SQLite and PostgreSQL.

use eenplan_domain::Role;
use eenplan_domain::audit::{AuditDraft, Outcome};
use eenplan_store::directory::{NewUser, RoleGrant};
use eenplan_store::testing::test_audit;
use eenplan_store::{Store, db_test};

const HOUSEHOLD: &str = "hh-1";
const MEMBER: &str = "m-1";
const PORTAL_USER: &str = "u-member";

/// An access by `actor` to `household`, about `member` when given.
fn access(actor: &str, household: &str, member: Option<&str>, outcome: Outcome) -> AuditDraft {
    AuditDraft {
        actor: actor.into(),
        actor_name: actor.into(),
        role: "worker".into(),
        household: Some(household.into()),
        member: member.map(str::to_string),
        resource: "household".into(),
        action: "read".into(),
        purpose: "support".into(),
        outcome,
        ..test_audit("read")
    }
}

async fn write(store: &Store, draft: AuditDraft) -> i64 {
    store.audit(&draft).await.unwrap().seq
}

async fn seqs(store: &Store, before: Option<i64>, limit: i64) -> Vec<i64> {
    store.accesses_of_member(HOUSEHOLD, MEMBER, PORTAL_USER, before, limit).await.unwrap().into_iter().map(|r| r.seq).collect()
}

db_test!(only_allowed_accesses_by_others_to_this_member_or_the_whole_household_count, |db| {
    let s = &db.store;
    let household_wide = write(s, access("u-worker", HOUSEHOLD, None, Outcome::Allowed)).await;
    let about_me = write(s, access("u-worker", HOUSEHOLD, Some(MEMBER), Outcome::Allowed)).await;
    write(s, access("u-worker", HOUSEHOLD, Some("m-2"), Outcome::Allowed)).await;
    write(s, access("u-worker", "hh-2", None, Outcome::Allowed)).await;
    write(s, access("u-other-team", HOUSEHOLD, None, Outcome::Denied)).await;
    write(s, access(PORTAL_USER, HOUSEHOLD, None, Outcome::Allowed)).await;
    write(s, test_audit("login")).await;
    assert_eq!(
        seqs(s, None, 50).await,
        vec![about_me, household_wide],
        "newest first; other member, household, denial, own visit left out"
    );
    let records = s.accesses_of_member(HOUSEHOLD, MEMBER, PORTAL_USER, None, 50).await.unwrap();
    assert_eq!(records[0].draft.member.as_deref(), Some(MEMBER));
    assert_eq!(records[0].draft.outcome, Outcome::Allowed);
});

db_test!(pages_go_back_by_sequence_number, |db| {
    let s = &db.store;
    let mut written = Vec::new();
    for _ in 0..5 {
        written.push(write(s, access("u-worker", HOUSEHOLD, None, Outcome::Allowed)).await);
        // Records of others in between do not disturb the pages.
        write(s, access("u-worker", "hh-2", None, Outcome::Allowed)).await;
    }
    written.reverse();
    let first = seqs(s, None, 2).await;
    assert_eq!(first, written[0..2]);
    let second = seqs(s, Some(first[1]), 2).await;
    assert_eq!(second, written[2..4]);
    let third = seqs(s, Some(second[1]), 2).await;
    assert_eq!(third, written[4..5]);
    assert!(seqs(s, Some(third[0]), 2).await.is_empty());
    assert_eq!(seqs(s, None, 0).await.len(), 1, "a limit below one still gives one");
});

db_test!(names_of_users_and_organisations_come_in_one_lookup, |db| {
    let s = &db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let org = s.create_organisation(&tenant, "W&I Test", "work_and_income").await.unwrap().id;
    let user = |username: &'static str, display_name: &'static str| NewUser {
        tenant_id: &tenant,
        username,
        display_name,
        password_hash: "x",
        organisation_id: None,
    };
    let anna = s.create_user(&user("anna", "Anna de Boer"), &[RoleGrant { role: Role::Worker, team_id: None }]).await.unwrap();
    let bas = s.create_user(&user("bas", "Bas Jansen"), &[RoleGrant { role: Role::Policy, team_id: None }]).await.unwrap();
    let names = s.user_display_names(&[&anna, &bas, "apikey:unknown"]).await.unwrap();
    assert_eq!(names.len(), 2);
    assert_eq!(names[&anna], "Anna de Boer");
    assert_eq!(names[&bas], "Bas Jansen");
    assert!(s.user_display_names(&[]).await.unwrap().is_empty());
    let orgs = s.organisation_names(&[&org, "nope"]).await.unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[&org], "W&I Test");
});
