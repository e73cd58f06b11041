//! "Wie heeft mijn dossier bekeken?" (`/portaal/inzage`) on SQLite and on PostgreSQL: a household
//! member sees the accesses of other people to their household and to their own record, in plain
//! words, and nothing about other members or other households; reading it is itself audited.

mod common;

use common::{Browser, TestApp, username};
use eenplan_domain::Role;
use eenplan_domain::access::{AccessRequest, Action, Purpose, Resource, decide};
use eenplan_domain::audit::AuditDraft;
use eenplan_store::testing::sample_child;

const LOG: &str = "/portaal/inzage";
const BREAK_GLASS_REASON: &str = "Crisis in de nacht, contactpersoon onbereikbaar";

/// A household in team A whose first member is `t.household`; returns (household, member).
async fn linked_household(app: &TestApp) -> (String, String) {
    let household = app.household_in_team_a().await;
    let member = app.db.store.members(&household).await.unwrap()[0].id.clone();
    let user = &app.users[username(Role::HouseholdMember)];
    app.db.store.link_household_member(user, &household, &member).await.unwrap();
    (household, member)
}

/// Another family at another address, also in team A.
async fn other_household(app: &TestApp) -> String {
    let s = &app.db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let mut intake = eenplan_store::testing::sample_intake(&app.team_a);
    intake.member.given_names = "Piet".into();
    intake.member.name_prefix = None;
    intake.member.family_name = "Bakker".into();
    intake.address.street = "Eikenlaan".into();
    intake.address.number = eenplan_domain::household::HouseNumber::parse("7", "").unwrap();
    intake.address.postcode = eenplan_domain::household::Postcode::parse("3512 CD").unwrap();
    let worker = &app.users[username(Role::Worker)];
    s.register_intake(&tenant, &intake, worker, &eenplan_store::testing::test_audit("intake")).await.unwrap().household_id
}

/// The rows of the log's table.
fn rows(body: &str) -> usize {
    body.matches("<th scope=\"row\">").count()
}

async fn open_log(b: &mut Browser) -> String {
    let page = b.get(LOG).await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.body
}

/// A worker-like audit record of `actor` about `household` (the way the worker's pages write theirs).
fn worker_access(app: &TestApp, household: &str, member: Option<&str>, resource: &str) -> AuditDraft {
    AuditDraft {
        actor: app.users[username(Role::Worker)].clone(),
        actor_name: username(Role::Worker).into(),
        role: Role::Worker.as_str().into(),
        household: Some(household.into()),
        member: member.map(str::to_string),
        resource: resource.into(),
        action: Action::Read.as_str().into(),
        purpose: Purpose::Support.as_str().into(),
        ..eenplan_store::testing::test_audit("read")
    }
}

app_test!(a_workers_reads_show_in_plain_words_and_the_members_own_visits_do_not, |app| {
    let (household, member) = linked_household(app).await;
    let mut worker = app.session_for(Role::Worker).await;
    assert_eq!(worker.get(&format!("/huishoudens/{household}")).await.status, 200);
    assert_eq!(worker.get(&format!("/huishoudens/{household}/leden/{member}")).await.status, 200);
    let mut me = app.session_for(Role::HouseholdMember).await;
    assert!(me.get("/portaal").await.body.contains("href=\"/portaal/inzage\""), "the portal links to the log");
    let body = open_log(&mut me).await;
    assert!(body.contains("Wie heeft mijn dossier bekeken?"), "{body}");
    assert!(body.contains("t.worker"), "the worker's name: {body}");
    assert!(body.contains("medewerker van het buurtteam"), "the role in plain words: {body}");
    assert!(body.contains("uw dossier bekeken"), "{body}");
    assert!(body.contains("om u te helpen (wettelijke taak van het buurtteam)"), "{body}");
    assert!(body.contains("aria-labelledby=\"portal-log-caption\"") && body.contains("<caption id=\"portal-log-caption\">"));
    assert!(!body.contains("style=") && !body.contains("<script"));
    let first = rows(&body);
    assert!(first >= 2, "both reads of the worker: {body}");
    // Looking again adds the member's own visit to the audit log, but not to their list.
    let again = open_log(&mut me).await;
    assert_eq!(rows(&again), first);
    assert!(!again.contains("iemand uit uw huishouden") && !again.contains("om zelf het dossier te bekijken"));
});

app_test!(reading_the_log_is_itself_audited_as_self_access, |app| {
    let (household, _) = linked_household(app).await;
    let mut me = app.session_for(Role::HouseholdMember).await;
    open_log(&mut me).await;
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE actor = $1 AND household_id = $2 AND purpose = 'self_access' AND action = 'list' AND outcome = 'allowed'",
    )
    .bind(&app.users[username(Role::HouseholdMember)])
    .bind(&household)
    .fetch_one(app.db.store.pool())
    .await
    .unwrap();
    assert_eq!(n, 1);
});

app_test!(accesses_about_another_member_or_another_household_are_not_shown, |app| {
    let (household, _) = linked_household(app).await;
    let s = &app.db.store;
    let mut me = app.session_for(Role::HouseholdMember).await;
    let before = rows(&open_log(&mut me).await);
    // A second member, added by the worker: the record is about that member.
    let version = s.household(&household).await.unwrap().unwrap().version;
    let child = sample_child("Noor", "2015-06-01");
    let other = s.add_member(&household, version, &child, &worker_access(app, &household, None, "lid")).await.unwrap();
    // The worker reads that member's record, as the policy rules and records it.
    let worker = s.user_by_id(&app.users[username(Role::Worker)]).await.unwrap().unwrap();
    let actor = s.actor(&worker, Role::Worker).await.unwrap();
    let facts = s.access_facts(&household).await.unwrap().unwrap();
    let read = decide(&AccessRequest {
        actor: &actor,
        action: Action::Read,
        purpose: Purpose::Support,
        resource: &Resource::Member { household: facts, member: other.clone() },
        break_glass: None,
    });
    assert!(read.is_allowed());
    s.audit(&read.audit).await.unwrap();
    // Another household of the same team, read by the same worker.
    let elsewhere = other_household(app).await;
    assert_ne!(elsewhere, household);
    let mut w = app.session_for(Role::Worker).await;
    assert_eq!(w.get(&format!("/huishoudens/{elsewhere}")).await.status, 200);
    s.audit(&worker_access(app, &elsewhere, None, "plan")).await.unwrap();
    let body = open_log(&mut me).await;
    assert_eq!(rows(&body), before, "{body}");
    assert!(!body.contains("de leden van uw huishouden toegevoegd") && !body.contains("uw gegevens bekeken") && !body.contains("het plan"));
    // The same kind of record about the member themselves is shown.
    let mine = s.members(&household).await.unwrap().into_iter().find(|m| m.id != other).unwrap().id;
    s.audit(&worker_access(app, &household, Some(&mine), "member")).await.unwrap();
    let body = open_log(&mut me).await;
    assert_eq!(rows(&body), before + 1);
    assert!(body.contains("uw gegevens bekeken"), "{body}");
});

app_test!(
    the_municipality_can_show_roles_without_names,
    eenplan_web::Config { totp_required: vec![], portal_log_role_only: true, ..Default::default() },
    |app| {
        let (household, _) = linked_household(app).await;
        let mut worker = app.session_for(Role::Worker).await;
        assert_eq!(worker.get(&format!("/huishoudens/{household}")).await.status, 200);
        let body = open_log(&mut app.session_for(Role::HouseholdMember).await).await;
        assert!(body.contains("medewerker van het buurtteam") && body.contains("uw dossier bekeken"), "{body}");
        assert!(!body.contains("t.worker"), "no names: {body}");
    }
);

app_test!(an_mdt_member_shows_with_their_organisation_and_purpose, |app| {
    let (household, member) = linked_household(app).await;
    let request = common::shared_request(app, &household, &member).await;
    let mut mdt = app.session_for(Role::MdtMember).await;
    assert_eq!(mdt.get(&format!("/mdt/verzoeken/{request}")).await.status, 200);
    let body = open_log(&mut app.session_for(Role::HouseholdMember).await).await;
    assert!(body.contains("medewerker van W&#38;I Test (MDT)"), "{body}");
    assert!(body.contains("een aanvraag voor maatwerk bekeken"), "{body}");
    assert!(body.contains("voor een besluit over maatwerk, met uw toestemming"), "{body}");
});

app_test!(a_break_the_glass_access_is_marked_with_its_reason, |app| {
    let (household, _) = linked_household(app).await;
    let mut other_team = app.session_of("t.worker.b", Role::Worker).await;
    let csrf = other_team.get("/").await.csrf();
    let broken =
        other_team.post(&format!("/huishoudens/{household}/noodtoegang"), &[("csrf", &csrf), ("reason", BREAK_GLASS_REASON)]).await;
    assert_eq!(broken.status, 303);
    assert_eq!(other_team.get(&format!("/huishoudens/{household}")).await.status, 200);
    let body = open_log(&mut app.session_for(Role::HouseholdMember).await).await;
    assert!(body.contains("t.worker.b") && body.contains("Noodtoegang."), "{body}");
    assert!(body.contains(&format!("De reden: {BREAK_GLASS_REASON}")), "{body}");
});

app_test!(older_accesses_are_on_the_next_page, |app| {
    let (household, member) = linked_household(app).await;
    for _ in 0..55 {
        app.db.store.audit(&worker_access(app, &household, None, "household")).await.unwrap();
    }
    let me_id = &app.users[username(Role::HouseholdMember)];
    let total = app.db.store.accesses_of_member(&household, &member, me_id, None, 500).await.unwrap().len();
    assert!(total >= 55);
    let mut me = app.session_for(Role::HouseholdMember).await;
    let first = open_log(&mut me).await;
    assert_eq!(rows(&first), 50);
    let older = first.split("<a href=\"/portaal/inzage?voor=").nth(1).expect("a link to older accesses").split('"').next().unwrap();
    assert!(first.contains(">Oudere</a>"));
    let second = open_log(&mut me).await;
    assert_eq!(rows(&second), 50, "the own visit does not push anything off the page");
    let next = me.get(&format!("{LOG}?voor={older}")).await;
    assert_eq!(next.status, 200);
    assert_eq!(rows(&next.body), total - 50);
    assert!(!next.body.contains("?voor="), "the last page has no further link");
});

app_test!(a_bad_page_marker_is_refused, |app| {
    linked_household(app).await;
    let mut me = app.session_for(Role::HouseholdMember).await;
    assert_eq!(me.get(&format!("{LOG}?voor=abc")).await.status, 422);
    assert_eq!(me.get(&format!("{LOG}?voor=-5")).await.status, 422);
});

app_test!(an_account_without_a_household_is_told_so, |app| {
    let mut me = app.session_for(Role::HouseholdMember).await;
    let body = open_log(&mut me).await;
    assert!(body.contains("Uw account is nog niet gekoppeld aan uw dossier."), "{body}");
    assert_eq!(rows(&body), 0);
});

app_test!(the_log_speaks_english_too, |app| {
    let (household, _) = linked_household(app).await;
    let mut worker = app.session_for(Role::Worker).await;
    assert_eq!(worker.get(&format!("/huishoudens/{household}")).await.status, 200);
    let mut me = app.session_for(Role::HouseholdMember).await;
    me.cookies.insert("eenplan_lang".into(), "en".into());
    let body = open_log(&mut me).await;
    assert!(body.contains("Who looked at my file?") && body.contains("viewed your file"), "{body}");
    assert!(body.contains("worker of the neighbourhood team"), "{body}");
});

app_test!(a_workers_look_at_another_members_page_is_not_in_my_log, |app| {
    let (household, me) = linked_household(app).await;
    let s = &app.db.store;
    let version = s.household(&household).await.unwrap().unwrap().version;
    let noor =
        s.add_member(&household, version, &sample_child("Noor", "2015-06-01"), &worker_access(app, &household, None, "lid")).await.unwrap();
    let mut member = app.session_for(Role::HouseholdMember).await;
    let before = rows(&open_log(&mut member).await);
    let mut worker = app.session_for(Role::Worker).await;
    assert_eq!(worker.get(&format!("/huishoudens/{household}/leden/{noor}")).await.status, 200);
    assert_eq!(rows(&open_log(&mut member).await), before, "Noor's page is about Noor");
    assert_eq!(worker.get(&format!("/huishoudens/{household}/leden/{me}")).await.status, 200);
    assert_eq!(rows(&open_log(&mut member).await), before + 1, "my own page is in my log");
});
