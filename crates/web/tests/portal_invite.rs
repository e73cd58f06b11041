//! Inviting a household member to the portal, on SQLite and on PostgreSQL: the household's worker
//! makes a one-time link for a member of 16 or older; the member chooses a username and password
//! there (bad input named per field, the passwords never shown again) and can log in to Mijn plan;
//! a used, expired or unknown link makes no account and is refused in plain words, audited.

mod common;

use common::{TestApp, username};
use eenplan_domain::Role;
use eenplan_store::testing::{sample_child, test_audit};

/// The household with Sanne (born 1990) and a child born `child_born`; returns (household, Sanne, child).
async fn family(app: &TestApp, child_born: &str) -> (String, String, String) {
    let household = app.household_in_team_a().await;
    let s = &app.db.store;
    let sanne = s.members(&household).await.unwrap()[0].id.clone();
    let child = sample_child("Daan", child_born);
    let version = s.household(&household).await.unwrap().unwrap().version;
    let child = s.add_member(&household, version, &child, &test_audit("member")).await.unwrap();
    (household, sanne, child)
}

/// The link on the worker's page after inviting.
fn link_of(body: &str) -> String {
    let url = body.split("<code>").nth(1).unwrap().split("</code>").next().unwrap();
    url.split_once("/uitnodiging/").map(|(_, token)| format!("/uitnodiging/{token}")).unwrap()
}

app_test!(a_member_turns_the_link_into_an_account_once, |app| {
    let (household, sanne, child) = family(app, "2012-01-01").await;
    let mut worker = app.session_for(Role::Worker).await;
    let member_page = worker.get(&format!("/huishoudens/{household}/leden/{sanne}")).await;
    assert!(member_page.body.contains("Uitnodiging maken"), "{}", member_page.body);
    let csrf = member_page.csrf();
    // The child is 14: no account yet.
    let young = worker.post(&format!("/huishoudens/{household}/leden/{child}/uitnodigen"), &[("csrf", &csrf)]).await;
    assert_eq!(young.status, 422);
    assert!(young.body.contains("Dit lid is 14 jaar. Leden kunnen vanaf 16 jaar een eigen account krijgen."));
    let made = worker.post(&format!("/huishoudens/{household}/leden/{sanne}/uitnodigen"), &[("csrf", &csrf)]).await;
    assert_eq!(made.status, 200, "{}", made.body);
    assert!(made.body.contains("Je ziet de link maar één keer"));
    let link = link_of(&made.body);
    assert_eq!(app.audit_count("portal_invitation", "allowed").await, 1);

    // The member, without a session: bad input is named per field, the username kept, no password shown.
    let mut member = app.browser();
    let form = member.get(&link).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Kies een gebruikersnaam en een wachtwoord"));
    let csrf = form.csrf();
    let bad = member.post(&link, &[("csrf", &csrf), ("username", "Sanne de Vries"), ("password", "kort"), ("password2", "kort")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("account-username-error") && bad.body.contains("account-password-error"), "{}", bad.body);
    assert!(bad.body.contains("value=\"Sanne de Vries\"") && !bad.body.contains("value=\"kort\""));
    let mismatch = member
        .post(
            &link,
            &[
                ("csrf", &csrf),
                ("username", "sanne.devries"),
                ("password", "een-heel-lang-wachtwoord"),
                ("password2", "een-ander-lang-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    assert!(mismatch.body.contains("De twee wachtwoorden zijn niet gelijk"));
    let taken = member
        .post(
            &link,
            &[
                ("csrf", &csrf),
                ("username", username(Role::Worker)),
                ("password", "een-heel-lang-wachtwoord"),
                ("password2", "een-heel-lang-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("Iemand anders heeft deze naam al"));
    let ok = member
        .post(
            &link,
            &[
                ("csrf", &csrf),
                ("username", "sanne.devries"),
                ("password", "een-heel-lang-wachtwoord"),
                ("password2", "een-heel-lang-wachtwoord"),
            ],
        )
        .await;
    assert_eq!((ok.status, ok.location.as_deref()), (303, Some("/login?account=klaar")), "{}", ok.body);
    assert!(member.get("/login?account=klaar").await.body.contains("Uw account is klaar"));

    // The account logs in to Mijn plan, for Sanne's household.
    let login = member.login("sanne.devries", "een-heel-lang-wachtwoord").await;
    assert_eq!(login.status, 303, "{}", login.body);
    let portal = member.get("/portaal").await;
    assert_eq!(portal.status, 200);
    assert!(portal.body.contains("Sanne de Vries"), "{}", portal.body);
    // The second step is explained in the household's voice, not the staff's.
    let enrol = member.get("/account/tweestaps").await;
    assert!(enrol.body.contains("De tweede stap instellen") && enrol.body.contains("op uw telefoon"), "{}", enrol.body);
    assert!(!enrol.body.contains("authenticator-app"));
    let user = app.db.store.user_by_username("sanne.devries").await.unwrap().unwrap();
    assert_eq!((user.household_id.as_deref(), user.member_id.as_deref()), (Some(household.as_str()), Some(sanne.as_str())));

    // The link works once; the worker sees the account on the member page, no second invitation.
    let again = app.browser().get(&link).await;
    assert_eq!(again.status, 410);
    assert!(again.body.contains("Deze link is al gebruikt") && !again.body.contains("name=\"password\""));
    assert!(worker.get(&format!("/huishoudens/{household}/leden/{sanne}")).await.body.contains("gebruikersnaam sanne.devries"));
    let csrf = csrf_of(&mut worker, &household, &sanne).await;
    let twice = worker.post(&format!("/huishoudens/{household}/leden/{sanne}/uitnodigen"), &[("csrf", &csrf)]).await;
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("heeft al een account"));
});

async fn csrf_of(b: &mut common::Browser, household: &str, member: &str) -> String {
    b.get(&format!("/huishoudens/{household}/leden/{member}")).await.csrf()
}

app_test!(an_old_or_unknown_link_makes_no_account, |app| {
    let (household, sanne, _) = family(app, "2012-01-01").await;
    let mut worker = app.session_for(Role::Worker).await;
    let csrf = csrf_of(&mut worker, &household, &sanne).await;
    let link = link_of(&worker.post(&format!("/huishoudens/{household}/leden/{sanne}/uitnodigen"), &[("csrf", &csrf)]).await.body);
    app.db.clock.advance(15 * 86_400);
    let mut member = app.browser();
    let old = member.get(&link).await;
    assert_eq!(old.status, 410);
    assert!(old.body.contains("Deze link is te oud") && old.body.contains("Vraag uw contactpersoon om een nieuwe link"));
    // Posting to it anyway makes nothing.
    let csrf = member.get("/login").await.csrf();
    let post = member
        .post(
            &link,
            &[
                ("csrf", &csrf),
                ("username", "sanne.laat"),
                ("password", "een-heel-lang-wachtwoord"),
                ("password2", "een-heel-lang-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(post.status, 410);
    assert!(app.db.store.user_by_username("sanne.laat").await.unwrap().is_none());
    let unknown = member.get("/uitnodiging/bestaat-niet").await;
    assert_eq!(unknown.status, 410);
    assert!(unknown.body.contains("Deze link kennen wij niet"));
    assert_eq!(app.audit_count("portal_account", "denied").await, 3);
    // Another team's worker cannot invite.
    let mut other = app.session_of("t.worker.b", Role::Worker).await;
    let csrf = other.get("/").await.csrf();
    let refused = other.post(&format!("/huishoudens/{household}/leden/{sanne}/uitnodigen"), &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, 403);
});
