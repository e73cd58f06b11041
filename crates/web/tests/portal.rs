//! Mijn plan, the household portal, on SQLite and on PostgreSQL: a member sees their own goals and a
//! parent their young children's (not a 17-year-old's), who does what, the contact person; agrees to
//! the newest version (a stale agreement is refused in plain words); sends a message to the contact
//! person that lands on the timeline; and cannot open any page of the household file. Audited with
//! purpose self-access.

mod common;

use common::{TestApp, username};
use eenplan_domain::Role;
use eenplan_domain::household::parse_date;
use eenplan_domain::plan::{Action, ActionOwner, ActionStatus, AgreedHow, VersionState};
use eenplan_store::plans::BasedOn;
use eenplan_store::testing::{sample_child, sample_goal, test_audit};

async fn add_member(app: &TestApp, household: &str, given: &str, born: &str) -> String {
    let s = &app.db.store;
    let m = sample_child(given, born);
    let version = s.household(household).await.unwrap().unwrap().version;
    s.add_member(household, version, &m, &test_audit("member")).await.unwrap()
}

/// Sanne's household with her children Daan (9) and Lotte (17), a draft plan with a goal each, and
/// `t.household` linked to Sanne.
async fn setup(app: &TestApp) -> String {
    let s = &app.db.store;
    let household = app.household_in_team_a().await;
    let sanne = s.members(&household).await.unwrap()[0].id.clone();
    let daan = add_member(app, &household, "Daan", "2017-05-01").await;
    let lotte = add_member(app, &household, "Lotte", "2009-06-01").await;
    let worker = app.users[username(Role::Worker)].clone();
    let version = s.household(&household).await.unwrap().unwrap().version;
    s.assign_contact_worker(&household, version, &worker, &test_audit("assign")).await.unwrap();
    s.edit_plan(&household, BasedOn { version_no: 0, revision: 0 }, (&worker, "t.worker"), &test_audit("plan"), |c| {
        c.goals = vec![
            sample_goal("g1", &sanne, "Rondkomen zonder nieuwe schulden"),
            sample_goal("g2", &daan, "Daan gaat weer naar de voetbalclub"),
            sample_goal("g3", &lotte, "Lotte praat met de jeugdarts over haar somberheid"),
        ];
        c.actions = vec![Action {
            id: "a1".into(),
            goal_id: "g1".into(),
            owner: ActionOwner::Worker,
            who: "Fatima".into(),
            what: "Aanmelden bij de schuldhulp".into(),
            due_on: parse_date("2027-01-15").unwrap(),
            status: ActionStatus::Todo,
        }];
        c.evaluation_on = Some(parse_date("2027-03-01").unwrap());
        Ok(())
    })
    .await
    .unwrap();
    let member_user = &app.users[username(Role::HouseholdMember)];
    s.link_household_member(member_user, &household, &sanne).await.unwrap();
    household
}

fn hidden(body: &str, name: &str) -> String {
    body.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_string()
}

app_test!(a_member_reads_agrees_and_writes_to_the_contact_person, |app| {
    let household = setup(app).await;
    let mut member = app.session_for(Role::HouseholdMember).await;
    let page = member.get("/portaal").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    assert!(
        body.contains("Rondkomen zonder nieuwe schulden") && body.contains("Aanmelden bij de schuldhulp"),
        "her own goal and its action"
    );
    assert!(body.contains("Daan gaat weer naar de voetbalclub"), "a parent sees her 9-year-old's goal");
    assert!(!body.contains("somberheid"), "not her 17-year-old's");
    assert!(body.contains("Er zijn nog 1 doelen van andere leden"));
    assert!(body.contains("t.worker") && body.contains("2027-03-01"), "contact person and evaluation date");
    assert!(body.contains("Dit is een nieuwe versie van het plan"));
    assert!(app.audit_count("portal_plan", "allowed").await >= 1);

    // She agrees to the version she read.
    let csrf = page.csrf();
    let (version, revision) = (hidden(body, "version"), hidden(body, "revision"));
    let ok = member.post("/portaal/akkoord", &[("csrf", &csrf), ("version", &version), ("revision", &revision)]).await;
    assert_eq!((ok.status, ok.location.as_deref()), (303, Some("/portaal?klaar=akkoord")), "{}", ok.body);
    let plan = app.db.store.latest_plan(&household).await.unwrap().unwrap();
    assert_eq!(plan.state, VersionState::Agreed);
    let agreed = plan.agreed.unwrap();
    assert_eq!((agreed.by.as_str(), agreed.how), ("Sanne de Vries", AgreedHow::Portal));
    let after = member.get("/portaal?klaar=akkoord").await;
    assert!(after.body.contains("U heeft gezegd dat u het eens bent") && after.body.contains("Sanne de Vries heeft op"));
    assert!(!after.body.contains("action=\"/portaal/akkoord\""), "nothing left to agree to");
    // Agreeing again to what she saw before: refused in plain words.
    let stale = member.post("/portaal/akkoord", &[("csrf", &csrf), ("version", &version), ("revision", &revision)]).await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("Het plan is net veranderd"));

    // A message: bad input named, then sent to the timeline.
    let bad = member.post("/portaal/bericht", &[("csrf", &csrf), ("text", "  ")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("bericht-kind-error") && bad.body.contains("bericht-text-error"));
    let sent =
        member.post("/portaal/bericht", &[("csrf", &csrf), ("kind", "change"), ("text", "Ik wil liever op dinsdag afspreken.")]).await;
    assert_eq!((sent.status, sent.location.as_deref()), (303, Some("/portaal?klaar=bericht")));
    let timeline = app.db.store.timeline(&household, None, 10).await.unwrap();
    assert!(timeline.iter().any(|e| e.body.contains("ik wil iets anders in het plan") && e.body.contains("dinsdag")), "{timeline:?}");
});

app_test!(a_member_cannot_open_the_household_file, |app| {
    let household = setup(app).await;
    let mut member = app.session_for(Role::HouseholdMember).await;
    let denied = app.denied_count().await;
    for path in [format!("/huishoudens/{household}"), format!("/huishoudens/{household}/plan"), format!("/api/v1/households/{household}")] {
        let page = member.get(&path).await;
        assert!(page.status == 403 || page.status == 401, "{path}: {}", page.status);
    }
    assert!(app.denied_count().await >= denied + 2, "refusals are audited");
    // An account without a household sees a plain message, no plan.
    let member_user = &app.users[username(Role::HouseholdMember)];
    sqlx::query("UPDATE users SET household_id = NULL, member_id = NULL WHERE id = $1")
        .bind(member_user)
        .execute(app.db.store.pool())
        .await
        .unwrap();
    let mut unlinked = app.session_for(Role::HouseholdMember).await;
    let page = unlinked.get("/portaal").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Uw account hoort nog niet bij een huishouden") && !page.body.contains("Rondkomen"));
});

app_test!(a_member_downloads_everything_about_them_and_asks_for_a_correction, |app| {
    let household = setup(app).await;
    let s = &app.db.store;
    let members = s.members(&household).await.unwrap();
    let lotte = members.iter().find(|m| m.given_names == "Lotte").unwrap().id.clone();
    let worker = app.users[username(Role::Worker)].clone();
    let note = |body: &str, member: Option<String>| eenplan_store::households::NewTimelineEntry {
        contact_type: eenplan_domain::household::ContactType::HomeVisit,
        body: body.into(),
        domains: vec![],
        member_id: member,
        occurred_on: s.today(),
    };
    s.add_timeline_entry(&household, &note("Huisbezoek met het hele gezin.", None), &worker, "t.worker", &test_audit("t")).await.unwrap();
    s.add_timeline_entry(&household, &note("Vertrouwelijk gesprek met Lotte.", Some(lotte)), &worker, "t.worker", &test_audit("t"))
        .await
        .unwrap();
    // The worker opened the file: that shows in who looked.
    app.session_for(Role::Worker).await.get(&format!("/huishoudens/{household}")).await;

    let mut member = app.session_for(Role::HouseholdMember).await;
    let page = member.get("/portaal/mijn-gegevens").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("href=\"/portaal/mijn-gegevens.json\""));
    let file = member.get("/portaal/mijn-gegevens.json").await;
    assert_eq!(file.status, 200);
    assert!(file.headers["content-disposition"].to_str().unwrap().contains("mijn-gegevens.json"));
    let doc: serde_json::Value = serde_json::from_str(&file.body).unwrap();
    assert_eq!(doc["me"]["name"], "Sanne de Vries");
    assert_eq!(doc["me"]["date_of_birth"], "1990-04-01");
    let goals: Vec<&str> = doc["plan"]["goals"].as_array().unwrap().iter().map(|g| g["goal"].as_str().unwrap()).collect();
    assert!(goals.contains(&"Rondkomen zonder nieuwe schulden") && goals.contains(&"Daan gaat weer naar de voetbalclub"));
    assert!(!file.body.contains("somberheid"), "not her 17-year-old's goal");
    assert!(
        file.body.contains("Huisbezoek met het hele gezin.") && !file.body.contains("Vertrouwelijk gesprek met Lotte"),
        "not what is about another member"
    );
    assert!(doc["who_looked"].as_array().unwrap().iter().any(|a| a["who"] == "t.worker"), "{}", doc["who_looked"]);
    assert_eq!(app.audit_count("portal_data", "allowed").await, 1);

    // A correction goes to the contact person as a note.
    let csrf = page.csrf();
    let sent =
        member.post("/portaal/bericht", &[("csrf", &csrf), ("kind", "correction"), ("text", "Mijn telefoonnummer is veranderd.")]).await;
    assert_eq!(sent.status, 303);
    let timeline = s.timeline(&household, None, 20).await.unwrap();
    assert!(timeline.iter().any(|e| e.body.contains("er klopt iets niet in mijn gegevens") && e.body.contains("telefoonnummer")));
});
