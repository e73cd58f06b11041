//! The team lead's dashboard figures (`Store::team_*`), on SQLite and on PostgreSQL: open households
//! per contact worker with evaluations due and no recent contact, the wait from intake to the first
//! contact (a note is no contact), open meldingen, and the assessments of households closed in a
//! period — each for one team only.

use eenplan_domain::alerts::no_contact_cutoff;
use eenplan_domain::household::{CloseReason, ContactType, HouseNumber, Status};
use eenplan_domain::team::{Area, TeamKind};
use eenplan_domain::team_steering::{score_changes, waiting};
use eenplan_store::assessments::{NewAssessment, Score};
use eenplan_store::db_test;
use eenplan_store::households::NewTimelineEntry;
use eenplan_store::testing::{TestDb, rent_arrears_melding, sample_intake, seed_household, test_audit};
use time::Duration;

const DAY: i64 = 86_400;

/// A new household (another person) at house number `number` of the sample address, for `team`.
async fn household(db: &TestDb, tenant: &str, team: &str, worker: &str, number: &str) -> String {
    let mut intake = sample_intake(team);
    intake.address.number = HouseNumber::parse(number, "").unwrap();
    intake.member.given_names = format!("Persoon {number}");
    db.store.register_intake(tenant, &intake, worker, &test_audit("intake")).await.unwrap().household_id
}

async fn contact(db: &TestDb, household: &str, worker: &str, kind: ContactType) {
    let entry =
        NewTimelineEntry { contact_type: kind, body: "Gesprek".into(), domains: vec![], member_id: None, occurred_on: db.store.today() };
    db.store.add_timeline_entry(household, &entry, worker, "Wendy", &test_audit("timeline")).await.unwrap();
}

async fn assess(db: &TestDb, household: &str, worker: &str, finances: u8) {
    let a = NewAssessment {
        member_id: None,
        instrument_id: "eenplan-leefgebieden".into(),
        instrument_version: "1".into(),
        assessed_on: db.store.today(),
        participants: "Sanne".into(),
        conversation: Default::default(),
        scores: vec![Score { domain: "finances".into(), score: finances, reason: "Zo is het".into() }],
    };
    db.store.add_assessment(household, &a, (worker, "Wendy"), &test_audit("assessment")).await.unwrap();
}

async fn version(db: &TestDb, id: &str) -> i64 {
    db.store.household(id).await.unwrap().unwrap().version
}

db_test!(a_teams_open_work_waits_and_score_changes, |db| {
    let seeded = seed_household(&db.store).await;
    let s = &db.store;
    let (team, worker) = (&seeded.team, &seeded.worker);
    let other_team = s.create_team(&seeded.tenant, "B", TeamKind::YouthFamily, &Area::parse("3550-3599").unwrap()).await.unwrap().id;
    let start = s.today();
    // The seeded household gets a contact worker; a second waits without one; one is another team's.
    s.assign_contact_worker(&seeded.household, version(db, &seeded.household).await, worker, &test_audit("assign")).await.unwrap();
    let waiting_one = household(db, &seeded.tenant, team, worker, "2").await;
    household(db, &seeded.tenant, &other_team, worker, "3").await;
    assess(db, &seeded.household, worker, 2).await;

    // Three days later: a phone call with the first household; only a note on the second.
    db.clock.advance(3 * DAY);
    contact(db, &seeded.household, worker, ContactType::Phone).await;
    contact(db, &waiting_one, worker, ContactType::Note).await;
    let today = s.today();
    let waits = s.team_intake_waits(team, start, today).await.unwrap();
    assert_eq!(waits.len(), 2, "the other team's intake is not ours: {waits:?}");
    let w = waiting(&waits, today);
    assert_eq!((w.contacted, w.median_days, w.waiting, w.longest_waiting_days), (1, Some(3.0), 1, Some(3)));

    // Seven weeks on: the first household had no contact for more than six weeks.
    db.clock.advance(7 * 7 * DAY);
    let today = s.today();
    let load = s.team_caseload(team, today, no_contact_cutoff(today, 6)).await.unwrap();
    assert_eq!(load.len(), 2, "{load:?}");
    assert_eq!(load[0].worker.as_deref(), Some(worker.as_str()));
    assert_eq!((load[0].intake, load[0].active, load[0].no_recent_contact, load[0].evaluation_due), (0, 1, 1, 0));
    assert_eq!(
        (load[1].worker.as_deref(), load[1].intake, load[1].active),
        (None, 1, 0),
        "the household without a contact worker comes last"
    );
    // With a cutoff before the last contact, it is recent.
    let earlier = s.team_caseload(team, today, no_contact_cutoff(today, 52)).await.unwrap();
    assert_eq!(earlier[0].no_recent_contact, 0);

    // An early signal for an address in the team's area: no attempt yet, late after the deadline.
    rent_arrears_melding(s).await;
    let open = s.team_open_meldingen(team, today).await.unwrap();
    assert_eq!((open.no_attempt, open.no_attempt_overdue, open.not_reached), (1, 0, 0));
    let later = s.team_open_meldingen(team, today + Duration::days(30)).await.unwrap();
    assert_eq!(later.no_attempt_overdue, 1);
    assert_eq!(s.team_open_meldingen(&other_team, today).await.unwrap().no_attempt, 0);
    assert_eq!(s.team_unanswered_referrals(team, today).await.unwrap().waiting, 0);

    // A second assessment, then the file is closed: finances went from 2 to 4.
    assess(db, &seeded.household, worker, 4).await;
    let v = version(db, &seeded.household).await;
    s.change_status(&seeded.household, v, Status::Closed, Some(CloseReason::GoalsReached), &test_audit("close")).await.unwrap();
    let (closed, assessments) = s.team_closed_assessments(team, start, today).await.unwrap();
    assert_eq!((closed, assessments.len()), (1, 2));
    let changes = score_changes(&assessments);
    assert_eq!((changes[0].domain.as_str(), changes[0].assessed, changes[0].better), ("finances", 1, 1));
    assert!((changes[0].mean_change - 2.0).abs() < 1e-9);
    // Outside the period, or for the other team: nothing.
    assert_eq!(s.team_closed_assessments(team, start, start + Duration::days(1)).await.unwrap().0, 0);
    assert_eq!(s.team_closed_assessments(&other_team, start, today).await.unwrap().0, 0);
    // A closed household is no open work.
    let load = s.team_caseload(team, today, no_contact_cutoff(today, 6)).await.unwrap();
    assert!(load.iter().all(|l| l.worker.is_none()), "{load:?}");

    // A new intake reopens the file: it is no longer counted as closed.
    let reopened = s.register_intake(&seeded.tenant, &sample_intake(team), worker, &test_audit("intake")).await.unwrap();
    assert_eq!(reopened.household_id, seeded.household);
    assert_eq!(s.team_closed_assessments(team, start, today).await.unwrap().0, 0);
});
