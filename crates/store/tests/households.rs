//! The household file in storage, on SQLite and on PostgreSQL.

use eenplan_domain::Role;
use eenplan_domain::household::{
    Bsn, CloseReason, ContactType, HouseNumber, Law, LifeDomain, MemberRole, Postcode, Referrer, Status, Urgency, parse_date,
};
use eenplan_domain::team::{Area, TeamKind};
use eenplan_store::directory::{NewUser, RoleGrant};
use eenplan_store::households::*;
use eenplan_store::testing::{TestDb, test_audit};
use eenplan_store::{StoreError, db_test};

struct Fixture {
    tenant: String,
    team_a: String,
    team_b: String,
    worker: String,
}

async fn fixture(db: &TestDb) -> Fixture {
    let s = &db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let team_a = s.create_team(&tenant, "A", TeamKind::Social, &Area::parse("3500-3549").unwrap()).await.unwrap().id;
    let team_b = s.create_team(&tenant, "B", TeamKind::Social, &Area::parse("3550-3599").unwrap()).await.unwrap().id;
    let worker = s
        .create_user(
            &NewUser { tenant_id: &tenant, username: "w", display_name: "Wendy", password_hash: "x", organisation_id: None },
            &[RoleGrant { role: Role::Worker, team_id: Some(team_a.clone()) }],
        )
        .await
        .unwrap();
    Fixture { tenant, team_a, team_b, worker }
}

/// Registers an intake as the fixture's worker.
async fn register(s: &eenplan_store::Store, f: &Fixture, i: NewIntake) -> IntakeOutcome {
    s.register_intake(&f.tenant, &i, &f.worker, &test_audit("intake")).await.unwrap()
}

fn member(given: &str, family: &str, dob: &str) -> NewMember {
    NewMember {
        given_names: given.into(),
        name_prefix: None,
        family_name: family.into(),
        date_of_birth: Some(parse_date(dob).unwrap()),
        role: MemberRole::Parent,
        languages: vec!["nl".into()],
        interpreter_needed: false,
        interpreter_language: None,
        phone: None,
        email: None,
        bsn: None,
    }
}

fn intake(team: Option<&str>, postcode: &str, number: &str, m: NewMember) -> NewIntake {
    NewIntake {
        referrer: Referrer::Self_,
        question: "Ik heb schulden en de huur is te hoog.".into(),
        domains: vec![LifeDomain::Finances, LifeDomain::Housing],
        urgency: Urgency::Normal,
        wish: None,
        address: Address {
            street: "Lindelaan".into(),
            number: HouseNumber::parse(number, "").unwrap(),
            postcode: Postcode::parse(postcode).unwrap(),
            city: "Voorbeeldstad".into(),
        },
        member: m,
        team_id: team.map(str::to_string),
        route_reason: "route-social-question".into(),
    }
}

db_test!(intake_creates_then_matches_by_address_bsn_and_name, |db| {
    let f = fixture(db).await;
    let s = &db.store;
    let first = register(s, &f, intake(Some(&f.team_a), "3511 AB", "12", member("Sanne", "de Vries", "1990-04-01"))).await;
    assert_eq!(first.matched, None);
    let h = s.household(&first.household_id).await.unwrap().unwrap();
    assert_eq!((h.status, h.lead_team_id.as_deref()), (Status::Intake, Some(f.team_a.as_str())));
    // Her partner registers at the same address: same household, now two members.
    let second = register(s, &f, intake(Some(&f.team_a), "3511ab", "12", member("Piet", "Jansen", "1988-01-01"))).await;
    assert_eq!(second, IntakeOutcome { household_id: first.household_id.clone(), matched: Some(MatchedBy::Address) });
    assert_eq!(s.members(&first.household_id).await.unwrap().len(), 2);
    // She moved: a different address, but her name (with a typo) and birth date find her.
    let moved = register(s, &f, intake(Some(&f.team_a), "3512 CD", "3", member("Sanne", "de Vriess", "1990-04-01"))).await;
    assert_eq!(moved.matched, Some(MatchedBy::NameAndBirth));
    // A BSN finds its household wherever the intake says they live.
    let mut with_bsn = member("Ali", "Öztürk", "1970-02-02");
    with_bsn.bsn = Some(Bsn::parse("111222333").unwrap());
    let a = register(s, &f, intake(Some(&f.team_a), "3520 AA", "1", with_bsn.clone())).await;
    let b = register(s, &f, intake(Some(&f.team_a), "3530 AA", "9", with_bsn)).await;
    assert_eq!((b.household_id.as_str(), b.matched), (a.household_id.as_str(), Some(MatchedBy::Bsn)));
    assert_eq!(s.intakes(&a.household_id).await.unwrap().len(), 2);
});

db_test!(a_new_intake_reopens_a_closed_household_and_keeps_its_address, |db| {
    let f = fixture(db).await;
    let s = &db.store;
    let hh = register(s, &f, intake(Some(&f.team_a), "3511 AB", "12", member("Sanne", "de Vries", "1990-04-01"))).await.household_id;
    let v = s.household(&hh).await.unwrap().unwrap().version;
    s.change_status(&hh, v, Status::Closed, Some(CloseReason::GoalsReached), &test_audit("close")).await.unwrap();
    let again = register(s, &f, intake(Some(&f.team_a), "3533 XY", "7", member("Sanne", "de Vries", "1990-04-01"))).await;
    assert_eq!((again.household_id.as_str(), again.matched), (hh.as_str(), Some(MatchedBy::NameAndBirth)));
    let h = s.household(&hh).await.unwrap().unwrap();
    assert_eq!((h.status, h.close_reason), (Status::Intake, None), "reopened as an intake");
    assert!(s.intakes(&hh).await.unwrap()[0].address_line.contains("3533 XY"), "the new address is kept with the intake");
});

db_test!(bsn_is_encrypted_at_rest_and_readable_with_the_key, |db| {
    let f = fixture(db).await;
    let s = &db.store;
    let mut m = member("Ali", "Öztürk", "1970-02-02");
    m.bsn = Some(Bsn::parse("111222333").unwrap());
    let out = register(s, &f, intake(Some(&f.team_a), "3520 AA", "1", m)).await;
    let (enc, idx): (String, String) = sqlx::query_as("SELECT bsn_encrypted, bsn_index FROM members").fetch_one(s.pool()).await.unwrap();
    assert!(!enc.contains("111222333") && !idx.contains("111222333"));
    let member_id = s.members(&out.household_id).await.unwrap()[0].id.clone();
    assert_eq!(s.member_bsn(&member_id).await.unwrap().as_deref(), Some("111222333"));
});

db_test!(stale_edits_are_refused_and_duplicates_named, |db| {
    let f = fixture(db).await;
    let s = &db.store;
    let hh = register(s, &f, intake(Some(&f.team_a), "3511 AB", "12", member("Sanne", "de Vries", "1990-04-01"))).await.household_id;
    let v = s.household(&hh).await.unwrap().unwrap().version;
    s.add_member(&hh, v, &member("Noor", "de Vries", "2015-06-01"), &test_audit("add_member")).await.unwrap();
    let stale = s.add_member(&hh, v, &member("Sem", "de Vries", "2017-06-01"), &test_audit("add_member")).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    let v = s.household(&hh).await.unwrap().unwrap().version;
    let dup = s.add_member(&hh, v, &member("Noor", "de Vries", "2015-06-01"), &test_audit("add_member")).await;
    assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{dup:?}");
    assert_eq!(s.members(&hh).await.unwrap().len(), 2, "nothing stored is lost");
});

db_test!(contact_worker_status_and_reopening, |db| {
    let f = fixture(db).await;
    let s = &db.store;
    let hh = register(s, &f, intake(Some(&f.team_a), "3511 AB", "12", member("Sanne", "de Vries", "1990-04-01"))).await.household_id;
    let v = s.household(&hh).await.unwrap().unwrap().version;
    s.assign_contact_worker(&hh, v, &f.worker, &test_audit("assign")).await.unwrap();
    let h = s.household(&hh).await.unwrap().unwrap();
    assert_eq!((h.status, h.contact_worker_id.as_deref()), (Status::Active, Some(f.worker.as_str())));
    let no_reason = s.change_status(&hh, h.version, Status::Closed, None, &test_audit("close")).await;
    assert!(matches!(no_reason, Err(StoreError::Invalid(_))));
    s.change_status(&hh, h.version, Status::Closed, Some(CloseReason::GoalsReached), &test_audit("close")).await.unwrap();
    let h = s.household(&hh).await.unwrap().unwrap();
    assert_eq!((h.status, h.close_reason), (Status::Closed, Some(CloseReason::GoalsReached)));
    assert!(
        s.change_status(&hh, h.version, Status::Closed, Some(CloseReason::Other), &test_audit("x")).await.is_err(),
        "closed to closed is not in the table"
    );
    s.change_status(&hh, h.version, Status::Active, None, &test_audit("reopen")).await.unwrap();
    assert_eq!(s.household(&hh).await.unwrap().unwrap().status, Status::Active);
});

db_test!(timeline_pages_newest_first_and_moves_last_contact, |db| {
    let f = fixture(db).await;
    let s = &db.store;
    let hh = register(s, &f, intake(Some(&f.team_a), "3511 AB", "12", member("Sanne", "de Vries", "1990-04-01"))).await.household_id;
    for (day, kind) in [("2026-11-01", ContactType::HomeVisit), ("2026-11-10", ContactType::Phone), ("2026-11-20", ContactType::Note)] {
        let e = NewTimelineEntry {
            contact_type: kind,
            body: format!("contact {day}"),
            domains: vec![LifeDomain::Finances],
            member_id: None,
            occurred_on: parse_date(day).unwrap(),
        };
        s.add_timeline_entry(&hh, &e, &f.worker, "Wendy", &test_audit("timeline")).await.unwrap();
    }
    let page1 = s.timeline(&hh, None, 2).await.unwrap();
    assert_eq!(page1.iter().map(|e| e.body.as_str()).collect::<Vec<_>>(), ["contact 2026-11-20", "contact 2026-11-10"]);
    let last = page1.last().unwrap();
    let page2 = s.timeline(&hh, Some((&eenplan_domain::household::format_date(last.occurred_on), last.created_at)), 2).await.unwrap();
    assert_eq!(page2.len(), 1);
    assert_eq!(
        s.household(&hh).await.unwrap().unwrap().last_contact_on,
        Some(parse_date("2026-11-10").unwrap()),
        "a note is not a contact"
    );
});

db_test!(search_by_name_birth_postcode_and_bsn_within_the_callers_teams, |db| {
    let f = fixture(db).await;
    let s = &db.store;
    let mut m = member("Fatma", "Yılmaz", "1985-05-05");
    m.bsn = Some(Bsn::parse("111222333").unwrap());
    let a = register(s, &f, intake(Some(&f.team_a), "3511 AB", "12", m)).await.household_id;
    let mut m2 = member("Johan", "Berg", "1950-01-01");
    m2.name_prefix = Some("van den".into());
    let b = register(s, &f, intake(Some(&f.team_a), "3512 AB", "4", m2)).await.household_id;
    let other_team = register(s, &f, intake(Some(&f.team_b), "3560 AB", "4", member("Fatma", "Yilmaz", "1999-09-09"))).await.household_id;
    let mine = vec![f.team_a.clone()];
    let ids = |r: Vec<HouseholdSummary>| r.into_iter().map(|h| h.household.id).collect::<Vec<_>>();
    let by = |name: &str| SearchQuery { name: Some(name.into()), ..Default::default() };
    assert_eq!(ids(s.search(&by("yilmaz"), &mine, 20).await.unwrap()), vec![a.clone()], "diacritics folded; other team not shown");
    assert_eq!(ids(s.search(&by("Yilmas"), &mine, 20).await.unwrap()), vec![a.clone()], "a small typo");
    assert_eq!(ids(s.search(&by("Jilmaz"), &mine, 20).await.unwrap()), vec![a.clone()], "a typo in the first letter");
    assert_eq!(ids(s.search(&by("Yilnaz"), &mine, 20).await.unwrap()), vec![a.clone()], "a wrong consonant");
    assert_eq!(ids(s.search(&by("van den berg"), &mine, 20).await.unwrap()), vec![b.clone()]);
    assert_eq!(ids(s.search(&by("Berg"), &mine, 20).await.unwrap()), vec![b.clone()], "without the prefix");
    let dob = SearchQuery { date_of_birth: Some(parse_date("1950-01-01").unwrap()), ..Default::default() };
    assert_eq!(ids(s.search(&dob, &mine, 20).await.unwrap()), vec![b.clone()]);
    let pc = SearchQuery { postcode: Some(Postcode::parse("3511AB").unwrap()), house_number: Some(12), ..Default::default() };
    assert_eq!(ids(s.search(&pc, &mine, 20).await.unwrap()), vec![a.clone()]);
    let bsn = SearchQuery { bsn: Some(Bsn::parse("111222333").unwrap()), ..Default::default() };
    assert_eq!(ids(s.search(&bsn, &mine, 20).await.unwrap()), vec![a.clone()]);
    assert_eq!(ids(s.search(&by("yilmaz"), std::slice::from_ref(&f.team_b), 20).await.unwrap()), vec![other_team]);
    assert!(s.search(&SearchQuery::default(), &mine, 20).await.unwrap().is_empty());
});

db_test!(triage_caseload_and_bulk_reassignment, |db| {
    let f = fixture(db).await;
    let s = &db.store;
    let lost = register(s, &f, intake(None, "9999 ZZ", "1", member("Kees", "Smit", "1960-01-01"))).await.household_id;
    assert_eq!(s.triage_queue(10).await.unwrap()[0].household.id, lost, "outside every area: waits in triage, not lost");
    let hh = register(s, &f, intake(Some(&f.team_a), "3511 AB", "12", member("Sanne", "de Vries", "1990-04-01"))).await.household_id;
    let v = s.household(&hh).await.unwrap().unwrap().version;
    s.assign_contact_worker(&hh, v, &f.worker, &test_audit("assign")).await.unwrap();
    s.add_involvement(
        &hh,
        &Involvement {
            id: String::new(),
            organisation: "Jeugdhulp".into(),
            professional: None,
            law: Law::Jeugdwet,
            since: parse_date("2026-01-01").unwrap(),
            until: None,
        },
        &test_audit("inv"),
    )
    .await
    .unwrap();
    let mine = s.caseload(Some(&f.worker), &[], 50).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].contact_worker_name.as_deref(), Some("Wendy"));
    assert_eq!(mine[0].laws, vec![(Law::Jeugdwet, true)]);
    assert_eq!(s.caseload(None, std::slice::from_ref(&f.team_a), 50).await.unwrap().len(), 1);
    let tenant = f.tenant.clone();
    let other = s
        .create_user(
            &NewUser { tenant_id: &tenant, username: "x", display_name: "Xander", password_hash: "x", organisation_id: None },
            &[RoleGrant { role: Role::Worker, team_id: Some(f.team_a.clone()) }],
        )
        .await
        .unwrap();
    s.set_available(&f.worker, false).await.unwrap();
    assert!(!s.caseload(None, std::slice::from_ref(&f.team_a), 50).await.unwrap()[0].contact_worker_available);
    let mut handover = Handover {
        from: &f.worker,
        to: &other,
        to_name: "Xander",
        note: "Wendy is vertrokken; lopende afspraken staan in het plan.",
        teams: std::slice::from_ref(&f.team_b),
        author: (&other, "Xander"),
    };
    assert_eq!(s.reassign_all(&handover, &test_audit("reassign")).await.unwrap(), 0, "another team's lead moves nothing of team A");
    handover.teams = std::slice::from_ref(&f.team_a);
    assert_eq!(s.reassign_all(&handover, &test_audit("reassign")).await.unwrap(), 1);
    assert_eq!(s.household(&hh).await.unwrap().unwrap().contact_worker_id.as_deref(), Some(other.as_str()));
    assert!(s.timeline(&hh, None, 5).await.unwrap()[0].body.contains("Wendy is vertrokken"));
});

db_test!(a_common_name_fills_a_page_from_exact_matches_before_typos_are_tried, |db| {
    let f = fixture(db).await;
    let s = &db.store;
    for (n, family) in ["Jansen", "Jansen", "Jansen", "Jamsen"].iter().enumerate() {
        let given = ["Anna", "Bram", "Cas", "Dirk"][n];
        register(s, &f, intake(Some(&f.team_a), "3511 AB", &(n + 1).to_string(), member(given, family, "1980-01-01"))).await;
    }
    let mine = vec![f.team_a.clone()];
    let q = SearchQuery { name: Some("jansen".into()), ..Default::default() };
    let names = |r: Vec<HouseholdSummary>| r.into_iter().map(|h| h.members[0].family_name.clone()).collect::<Vec<_>>();
    assert_eq!(names(s.search(&q, &mine, 2).await.unwrap()), ["Jansen", "Jansen"], "a full page of exact matches");
    let mut all = names(s.search(&q, &mine, 10).await.unwrap());
    all.sort();
    assert_eq!(all, ["Jamsen", "Jansen", "Jansen", "Jansen"], "a short page is widened to the typo matches");
});
