//! The team lead's dashboard (`/team/overzicht`), on SQLite and on PostgreSQL: open households per
//! worker with what is due, the wait from intake to first contact, open meldingen and referrals, and
//! the change in life-domain scores of closed households, with charts that say their data in text.
//! Only the team lead's own team: another team's figures are refused and audited.

mod common;

use common::{TestApp, melding_in_team_a, sent_referral, username};
use eenplan_domain::Role;
use eenplan_domain::household::{CloseReason, ContactType, HouseNumber, Status};
use eenplan_store::assessments::{NewAssessment, Score};
use eenplan_store::households::NewTimelineEntry;
use eenplan_store::testing::{sample_intake, test_audit};

const DAY: i64 = 86_400;

/// A household of team A for another person at house number `number`.
async fn household(app: &TestApp, number: &str) -> String {
    let s = &app.db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let mut intake = sample_intake(&app.team_a);
    intake.address.number = HouseNumber::parse(number, "").unwrap();
    intake.member.given_names = format!("Persoon {number}");
    let worker = &app.users[username(Role::Worker)];
    s.register_intake(&tenant, &intake, worker, &test_audit("intake")).await.unwrap().household_id
}

async fn assess(app: &TestApp, household: &str, finances: u8, housing: u8) {
    let worker = &app.users[username(Role::Worker)];
    let scores = [("finances", finances), ("housing", housing)]
        .map(|(d, score)| Score { domain: d.into(), score, reason: "Zo is het".into() })
        .to_vec();
    let a = NewAssessment {
        member_id: None,
        instrument_id: "eenplan-leefgebieden".into(),
        instrument_version: "1".into(),
        assessed_on: app.db.store.today(),
        participants: "Het huishouden".into(),
        conversation: Default::default(),
        scores,
    };
    app.db.store.add_assessment(household, &a, (worker, "t.worker"), &test_audit("assessment")).await.unwrap();
}

async fn version(app: &TestApp, id: &str) -> i64 {
    app.db.store.household(id).await.unwrap().unwrap().version
}

app_test!(a_team_lead_sees_the_teams_work_and_progress_but_not_another_teams, |app| {
    let s = &app.db.store;
    let worker = app.users[username(Role::Worker)].clone();
    // Two households: one the worker takes on, one waits without a contact worker.
    let taken = household(app, "2").await;
    let waiting = household(app, "4").await;
    s.assign_contact_worker(&taken, version(app, &taken).await, &worker, &test_audit("assign")).await.unwrap();
    assess(app, &taken, 2, 3).await;
    // Two days later a home visit; a referral for the waiting household; an early signal.
    app.db.clock.advance(2 * DAY);
    let entry = NewTimelineEntry {
        contact_type: ContactType::HomeVisit,
        body: "Huisbezoek".into(),
        domains: vec![],
        member_id: None,
        occurred_on: s.today(),
    };
    s.add_timeline_entry(&taken, &entry, &worker, "t.worker", &test_audit("timeline")).await.unwrap();
    let member = s.members(&waiting).await.unwrap()[0].id.clone();
    sent_referral(app, &waiting, &member).await;
    melding_in_team_a(app).await;
    // The first household's support ends with finances better (2 → 4) and housing worse (3 → 2).
    assess(app, &taken, 4, 2).await;
    s.change_status(&taken, version(app, &taken).await, Status::Closed, Some(CloseReason::GoalsReached), &test_audit("close"))
        .await
        .unwrap();

    let mut lead = app.session_for(Role::TeamLead).await;
    let page = lead.get("/team/overzicht").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("Team A in cijfers") && body.contains("href=\"/team/overzicht\""), "heading and nav");
    // The worker has nothing open any more; the waiting household is without a contact worker.
    let row = |name: &str| body.split(&format!("<th scope=\"row\">{name}</th>")).nth(1).unwrap().split("</tr>").next().unwrap().to_string();
    assert_eq!(row("t.worker"), "<td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td>");
    assert!(
        row("Zonder contactpersoon").starts_with("<td class=\"num\">1</td><td class=\"num\">0</td>"),
        "{}",
        row("Zonder contactpersoon")
    );
    // Open work: the melding without an attempt, the referral without an answer.
    assert!(body.contains("<dt>Vroegsignalen zonder contactpoging</dt><dd>1</dd>"), "{body}");
    assert!(body.contains("<dt>Verwijzingen zonder antwoord</dt><dd>1</dd>"));
    // Waits: the first household was visited after 2 days; the second still waits.
    assert!(body.contains("<dt>Aanmeldingen met een eerste contact</dt><dd>1</dd>"));
    assert!(body.contains("<dt>Wachttijd voor de helft van hen (mediaan)</dt><dd>2 dagen</dd>"));
    assert!(body.contains("<dt>Aanmeldingen die nog wachten op contact</dt><dd>1</dd>"));
    // Progress of the closed household, in the table and in the chart's text alternative.
    assert!(body.contains("In die periode zijn 1 huishoudens afgesloten."));
    assert!(row("Financiën").contains("<td class=\"num\">+2,0</td>"), "{}", row("Financiën"));
    assert!(row("Wonen").contains("<td class=\"num\">−1,0</td>"), "{}", row("Wonen"));
    assert!(body.contains("role=\"img\"") && body.contains("Financiën: +2,0") && body.contains("Wonen: −1,0"), "chart text");
    // No household name on the page.
    assert!(!body.contains("Persoon 2") && !body.contains("Lindelaan"));

    // A period before the household was closed: no progress to show.
    let before = lead.get("/team/overzicht?van=2026-01&tot=2026-10").await;
    assert_eq!(before.status, 200);
    assert!(before.body.contains("In die periode zijn 0 huishoudens afgesloten."));
    assert_eq!(lead.get("/team/overzicht?van=2026-13").await.status, 422, "a bad month is named");

    // Team B is not this team lead's: refused and audited.
    let denied = app.audit_count("team_dashboard", "denied").await;
    let other = lead.get(&format!("/team/overzicht?team={}", app.team_b)).await;
    assert_eq!(other.status, 403);
    assert_eq!(app.audit_count("team_dashboard", "denied").await, denied + 1);
    // A worker and policy do not reach it.
    assert_eq!(app.session_for(Role::Worker).await.get("/team/overzicht").await.status, 403);
    assert_eq!(app.session_for(Role::Policy).await.get("/team/overzicht").await.status, 403);
});
