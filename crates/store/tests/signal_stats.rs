//! The early-signals dashboard's facts (`Store::signal_facts`), on SQLite and on PostgreSQL: one
//! entry per melding received from the day on, with its team, one type and one sender kind per
//! signal, the first attempt, reached, outcome and repeat — and nothing personal.

use eenplan_domain::household::format_date;
use eenplan_domain::maatwerk_totals::{Period, Shown};
use eenplan_domain::signals::dashboard::{MeldingFacts, dashboard};
use eenplan_domain::signals::outreach::{AttemptKind, AttemptResult, Outcome};
use eenplan_domain::signals::{RawSignal, SenderKind, SignalType, check_signal};
use eenplan_store::db_test;
use eenplan_store::signals::{Received, SignalSettings};
use eenplan_store::testing::{TestDb, seed_household, test_audit};

async fn sender(db: &TestDb, tenant: &str, name: &str, kind: Option<SenderKind>) -> String {
    let id = db.store.create_organisation(tenant, name, "housing_corporation").await.unwrap().id;
    if let Some(kind) = kind {
        db.store.set_sender_kind(&id, kind).await.unwrap();
    }
    id
}

/// A signal of `signal_type` dated today at `street` 1, `postcode`.
fn raw(db: &TestDb, reference: &str, signal_type: &str, street: &str, postcode: &str) -> RawSignal {
    RawSignal {
        sender_reference: reference.into(),
        signal_type: signal_type.into(),
        amount: "250".into(),
        signal_date: format_date(db.store.today()),
        given_names: "Sanne".into(),
        family_name: "Vries".into(),
        street: street.into(),
        house_number: "1".into(),
        postcode: postcode.into(),
        city: "Voorbeeldstad".into(),
        ..Default::default()
    }
}

async fn receive(db: &TestDb, sender: &str, r: RawSignal) -> Received {
    let signal = check_signal(&r, db.store.today()).expect("a valid signal");
    db.store.receive_signals(sender, &[signal], &SignalSettings::default(), &test_audit("signals")).await.unwrap().remove(0)
}

async fn version(db: &TestDb, id: &str) -> i64 {
    db.store.melding(id).await.unwrap().unwrap().version
}

db_test!(facts_per_melding_from_a_day_on, |db| {
    let seeded = seed_household(&db.store).await;
    let s = &db.store;
    let audit = test_audit("outreach");
    let corp = sender(db, &seeded.tenant, "Woonstichting A", Some(SenderKind::HousingCorporation)).await;
    let energy = sender(db, &seeded.tenant, "Energie B.V.", Some(SenderKind::Energy)).await;
    let unmarked = sender(db, &seeded.tenant, "Stichting Zonder Soort", None).await;
    // Day 0: a melding outside every team's area.
    let first_day = s.today();
    receive(db, &corp, raw(db, "F-1", "rent", "Dorpsweg", "9711 AA")).await;
    // Forty days later (after the combining window): the same address again, a repeat.
    db.clock.advance(40 * 86_400);
    let day = s.today();
    receive(db, &corp, raw(db, "F-2", "water", "Dorpsweg", "9711 AA")).await;
    db.clock.advance(60);
    // The seeded household's address: rent, then electricity, one melding of team A.
    let lindelaan = receive(db, &corp, raw(db, "R-1", "rent", "Lindelaan", "3511 AB")).await.melding_id().to_string();
    db.clock.advance(60);
    receive(db, &energy, raw(db, "E-1", "electricity", "Lindelaan", "3511 AB")).await;
    db.clock.advance(60);
    // An organisation without a sender kind: counted as other.
    let eik = receive(db, &unmarked, raw(db, "G-1", "gas", "Eikstraat", "3521 AA")).await.melding_id().to_string();
    // Two days later the outreach: Lindelaan reached and declined, Eikstraat not reached.
    db.clock.advance(2 * 86_400);
    let on = s.today();
    let worker = (seeded.worker.as_str(), "Wendy");
    s.assign_melding(&lindelaan, version(db, &lindelaan).await, Some(&seeded.worker), &audit).await.unwrap();
    s.record_attempt(&lindelaan, version(db, &lindelaan).await, (AttemptKind::Phone, AttemptResult::Reached), on, None, worker, &audit)
        .await
        .unwrap();
    s.close_melding(&lindelaan, version(db, &lindelaan).await, Outcome::HelpDeclined, (false, None), &audit).await.unwrap();
    s.assign_melding(&eik, version(db, &eik).await, Some(&seeded.worker), &audit).await.unwrap();
    for kind in [AttemptKind::Phone, AttemptKind::Letter] {
        s.record_attempt(&eik, version(db, &eik).await, (kind, AttemptResult::NotReached), on, None, worker, &audit).await.unwrap();
    }
    s.close_melding(&eik, version(db, &eik).await, Outcome::NoContact, (false, None), &audit).await.unwrap();

    let facts = s.signal_facts(day).await.unwrap();
    let team = Some(seeded.team.clone());
    assert_eq!(
        facts,
        vec![
            MeldingFacts {
                team: None,
                received: day,
                types: vec![SignalType::Water],
                sender_kinds: vec![SenderKind::HousingCorporation],
                first_attempt: None,
                reached: false,
                outcome: None,
                repeat: true,
            },
            MeldingFacts {
                team: team.clone(),
                received: day,
                types: vec![SignalType::Rent, SignalType::Electricity],
                sender_kinds: vec![SenderKind::HousingCorporation, SenderKind::Energy],
                first_attempt: Some(on),
                reached: true,
                outcome: Some(Outcome::HelpDeclined),
                repeat: false,
            },
            MeldingFacts {
                team,
                received: day,
                types: vec![SignalType::Gas],
                sender_kinds: vec![SenderKind::Other],
                first_attempt: Some(on),
                reached: false,
                outcome: Some(Outcome::NoContact),
                repeat: false,
            },
        ]
    );
    // From the first day on the first melding is in too (oldest first); from tomorrow nothing.
    let all = s.signal_facts(first_day).await.unwrap();
    assert_eq!((all.len(), all[0].received, all[0].repeat, all[0].types.as_slice()), (4, first_day, false, &[SignalType::Rent][..]));
    assert!(s.signal_facts(on.next_day().unwrap()).await.unwrap().is_empty());
    // Through the dashboard: one row per team in the month, all small counts hidden.
    let rows = dashboard(&facts, Period::Month);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.meldingen == Shown::Fewer && r.reach_rate.is_none()));
});

db_test!(no_meldingen_no_facts, |db| {
    assert!(db.store.signal_facts(db.store.today()).await.unwrap().is_empty());
});
