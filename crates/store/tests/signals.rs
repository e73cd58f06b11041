//! Early signals in storage, on SQLite and on PostgreSQL: each sender reference stored once (a repeat
//! is a duplicate, a changed amount an update with its history), signals for one address combined
//! into one melding within the window, matching to a known household (BSN, name and birth, address)
//! or the team of the postcode, the outreach rules, the sender's feedback, and retention.

use eenplan_domain::household::format_date;
use eenplan_domain::signals::matching::{MatchBy, Priority};
use eenplan_domain::signals::outreach::{AttemptKind, AttemptResult, Outcome, OutreachState};
use eenplan_domain::signals::{RawSignal, SenderKind, Signal, check_signal};
use eenplan_store::signals::{Received, SignalSettings};
use eenplan_store::testing::{TestDb, seed_household, test_audit};
use eenplan_store::{StoreError, db_test};

async fn sender(db: &TestDb, tenant: &str, name: &str) -> String {
    let id = db.store.create_organisation(tenant, name, "housing_corporation").await.unwrap().id;
    db.store.set_sender_kind(&id, SenderKind::HousingCorporation).await.unwrap();
    id
}

/// A rent signal for Lindelaan 1, 3511 AB (the seeded household's address) unless changed.
fn raw(reference: &str, db: &TestDb) -> RawSignal {
    RawSignal {
        sender_reference: reference.into(),
        signal_type: "rent".into(),
        amount: "1.250,00".into(),
        months_in_arrears: "2".into(),
        signal_date: format_date(db.store.today()),
        given_names: "Sanne".into(),
        name_prefix: "de".into(),
        family_name: "Vries".into(),
        date_of_birth: "1990-04-01".into(),
        street: "Lindelaan".into(),
        house_number: "1".into(),
        postcode: "3511 AB".into(),
        city: "Voorbeeldstad".into(),
        ..Default::default()
    }
}

fn checked(r: &RawSignal, db: &TestDb) -> Signal {
    check_signal(r, db.store.today()).expect("a valid signal")
}

async fn receive(db: &TestDb, sender: &str, signals: &[Signal]) -> Vec<Received> {
    db.store.receive_signals(sender, signals, &SignalSettings::default(), &test_audit("signals")).await.unwrap()
}

db_test!(a_reference_is_stored_once_and_a_changed_amount_keeps_its_history, |db| {
    let seeded = seed_household(&db.store).await;
    let corp = sender(db, &seeded.tenant, "Woonstichting A").await;
    let other = sender(db, &seeded.tenant, "Woonstichting B").await;
    let first = receive(db, &corp, &[checked(&raw("A-1", db), db)]).await.remove(0);
    assert!(matches!(first, Received::Created { .. }));
    // The same reference and figures again: the first one's id.
    let again = receive(db, &corp, &[checked(&raw("A-1", db), db)]).await.remove(0);
    assert_eq!(again, Received::Duplicate { signal_id: first.signal_id().into(), melding_id: first.melding_id().into() });
    // A changed amount updates it, the earlier figures kept.
    let mut more = raw("A-1", db);
    more.amount = "1600".into();
    let updated = receive(db, &corp, &[checked(&more, db)]).await.remove(0);
    assert!(matches!(updated, Received::Updated { .. }));
    assert_eq!(updated.signal_id(), first.signal_id());
    let m = db.store.melding(first.melding_id()).await.unwrap().unwrap();
    assert_eq!((m.signals.len(), m.signals[0].amount_cents, m.signals[0].changes), (1, 160_000, 1));
    // Another sender's identical reference is its own signal (joining the same address's melding).
    let theirs = receive(db, &other, &[checked(&raw("A-1", db), db)]).await.remove(0);
    assert!(matches!(theirs, Received::Created { .. }));
    assert_ne!(theirs.signal_id(), first.signal_id());
    assert_eq!(theirs.melding_id(), first.melding_id());
});

db_test!(signals_for_one_address_combine_within_the_window_and_are_matched, |db| {
    let seeded = seed_household(&db.store).await;
    let corp = sender(db, &seeded.tenant, "Woonstichting A").await;
    let energy = sender(db, &seeded.tenant, "Energie B.V.").await;
    let rent = receive(db, &corp, &[checked(&raw("R-1", db), db)]).await.remove(0);
    let m = db.store.melding(rent.melding_id()).await.unwrap().unwrap();
    // The seeded household lives there, with Sanne de Vries born 1990-04-01.
    assert_eq!((m.household_id.as_deref(), m.match_by), (Some(seeded.household.as_str()), Some(MatchBy::NameAndBirth)));
    assert_eq!((m.team_id.as_deref(), m.state, m.priority), (Some(seeded.team.as_str()), OutreachState::Queued, Priority::Normal));
    // Electricity for the same address ten days later: the same melding, now urgent (rent and another type).
    db.clock.advance(10 * 86_400);
    let mut power = raw("E-1", db);
    power.signal_type = "electricity".into();
    let joined = receive(db, &energy, &[checked(&power, db)]).await.remove(0);
    assert_eq!(joined.melding_id(), rent.melding_id());
    let m = db.store.melding(rent.melding_id()).await.unwrap().unwrap();
    assert_eq!((m.signal_count, m.signals.len(), m.priority), (2, 2, Priority::Urgent));
    // A signal for another address in the team's area, nobody known there: queued for the team of the postcode.
    let mut elsewhere = raw("R-2", db);
    (elsewhere.street, elsewhere.house_number, elsewhere.postcode) = ("Eikstraat".into(), "9".into(), "3521 AA".into());
    let new = receive(db, &corp, &[checked(&elsewhere, db)]).await.remove(0);
    let m = db.store.melding(new.melding_id()).await.unwrap().unwrap();
    assert_eq!((m.household_id, m.team_id.as_deref()), (None, Some(seeded.team.as_str())));
    assert_eq!(db.store.signal_queue(std::slice::from_ref(&seeded.team), false, 50).await.unwrap().len(), 2);
    // Outside every team's area: no team (the team leads' triage decides).
    let mut far = raw("R-3", db);
    (far.street, far.postcode) = ("Dorpsweg".into(), "9711 AA".into());
    let far = receive(db, &corp, &[checked(&far, db)]).await.remove(0);
    assert_eq!(db.store.melding(far.melding_id()).await.unwrap().unwrap().team_id, None);
    // The team leads' triage sees it beside their own team's.
    let triage = db.store.signal_queue(std::slice::from_ref(&seeded.team), true, 50).await.unwrap();
    assert_eq!(triage.len(), 3);
    assert!(db.store.signal_queue(&[], false, 50).await.unwrap().is_empty());
    // After the window (30 days after the last signal), a new melding that counts as a repeat.
    db.clock.advance(40 * 86_400);
    let later = receive(db, &corp, &[checked(&raw("R-4", db), db)]).await.remove(0);
    assert_ne!(later.melding_id(), rent.melding_id());
    assert!(db.store.melding(later.melding_id()).await.unwrap().unwrap().repeat);
});

db_test!(the_outreach_follows_the_rules_and_the_sender_hears_the_category_only, |db| {
    let seeded = seed_household(&db.store).await;
    let corp = sender(db, &seeded.tenant, "Woonstichting A").await;
    let got = receive(db, &corp, &[checked(&raw("R-1", db), db)]).await.remove(0);
    let id = got.melding_id();
    let s = &db.store;
    let audit = test_audit("outreach");
    // A queued melding takes no attempt before someone picks it up.
    let on = s.today();
    let early = s.record_attempt(id, 1, (AttemptKind::Phone, AttemptResult::NotReached), on, None, (&seeded.worker, "Wendy"), &audit).await;
    assert!(matches!(early, Err(StoreError::Invalid(_))), "{early:?}");
    s.assign_melding(id, 1, Some(&seeded.worker), &audit).await.unwrap();
    assert!(matches!(s.assign_melding(id, 1, None, &audit).await, Err(StoreError::Conflict(_))), "a stale version");
    s.record_attempt(id, 2, (AttemptKind::Phone, AttemptResult::NotReached), on, Some("voicemail"), (&seeded.worker, "Wendy"), &audit)
        .await
        .unwrap();
    // One phone call is not enough to give up.
    let give_up = s.close_melding(id, 3, Outcome::NoContact, (false, None), &audit).await;
    assert!(matches!(give_up, Err(StoreError::Invalid(_))));
    s.record_attempt(id, 3, (AttemptKind::HomeVisit, AttemptResult::Reached), on, None, (&seeded.worker, "Wendy"), &audit).await.unwrap();
    let m = s.melding(id).await.unwrap().unwrap();
    assert_eq!((m.state, m.first_attempt_on, m.reached, m.attempts.len()), (OutreachState::Contacting, Some(on), true, 2));
    s.close_melding(id, 4, Outcome::HelpAccepted, (false, Some(&seeded.household)), &audit).await.unwrap();
    let m = s.melding(id).await.unwrap().unwrap();
    assert_eq!((m.state, m.outcome, m.closed_on), (OutreachState::Closed, Some(Outcome::HelpAccepted), Some(on)));
    // The sender hears only the reference and the outcome (its category is the domain's `feedback`).
    assert_eq!(s.outcomes_for_sender(&corp, on).await.unwrap(), vec![("R-1".to_string(), Outcome::HelpAccepted, on)]);
    // Accepted help is in the household file now: retention never removes it.
    db.clock.advance(800 * 86_400);
    assert!(s.meldingen_to_remove(s.today(), 12).await.unwrap().is_empty());
});

db_test!(retention_removes_declined_and_unreached_meldingen_after_the_period, |db| {
    let seeded = seed_household(&db.store).await;
    let corp = sender(db, &seeded.tenant, "Woonstichting A").await;
    let s = &db.store;
    let audit = test_audit("outreach");
    let got = receive(db, &corp, &[checked(&raw("R-1", db), db)]).await.remove(0);
    let id = got.melding_id().to_string();
    s.assign_melding(&id, 1, Some(&seeded.worker), &audit).await.unwrap();
    s.record_attempt(&id, 2, (AttemptKind::Phone, AttemptResult::Reached), s.today(), None, (&seeded.worker, "Wendy"), &audit)
        .await
        .unwrap();
    s.close_melding(&id, 3, Outcome::HelpDeclined, (false, None), &audit).await.unwrap();
    db.clock.advance(200 * 86_400);
    assert!(s.meldingen_to_remove(s.today(), 12).await.unwrap().is_empty(), "not yet");
    db.clock.advance(200 * 86_400);
    let due = s.meldingen_to_remove(s.today(), 12).await.unwrap();
    assert_eq!(due.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), [id.as_str()]);
    assert_eq!(s.remove_meldingen(std::slice::from_ref(&id), &audit).await.unwrap(), 1);
    assert_eq!(s.melding(&id).await.unwrap(), None);
    // The signal went with it: the same reference is new again.
    let again = receive(db, &corp, &[checked(&raw("R-1", db), db)]).await.remove(0);
    assert!(matches!(again, Received::Created { .. }));
});

db_test!(one_batch_sees_its_own_signals_and_a_bsn_finds_the_household_elsewhere, |db| {
    let seeded = seed_household(&db.store).await;
    let corp = sender(db, &seeded.tenant, "Woonstichting A").await;
    let mut power = raw("E-1", db);
    power.signal_type = "electricity".into();
    let got = receive(db, &corp, &[checked(&raw("A-1", db), db), checked(&raw("A-1", db), db), checked(&power, db)]).await;
    assert!(matches!(got[0], Received::Created { .. }));
    assert_eq!(got[1], Received::Duplicate { signal_id: got[0].signal_id().into(), melding_id: got[0].melding_id().into() });
    assert!(matches!(got[2], Received::Created { .. }));
    assert_eq!(got[2].melding_id(), got[0].melding_id(), "the same address in one batch: one melding");
    // A member with a BSN; a signal with that BSN from another address finds the household.
    let h = db.store.household(&seeded.household).await.unwrap().unwrap();
    let member = eenplan_store::households::NewMember {
        given_names: "Tim".into(),
        name_prefix: None,
        family_name: "Bakker".into(),
        date_of_birth: None,
        role: eenplan_domain::household::MemberRole::Partner,
        languages: vec![],
        interpreter_needed: false,
        interpreter_language: None,
        phone: None,
        email: None,
        bsn: Some(eenplan_domain::household::Bsn::parse("111222333").unwrap()),
    };
    db.store.add_member(&seeded.household, h.version, &member, &test_audit("member")).await.unwrap();
    let mut moved = raw("A-7", db);
    (moved.given_names, moved.name_prefix, moved.family_name, moved.bsn) =
        ("Tim".into(), String::new(), "Bakker".into(), "111222333".into());
    (moved.street, moved.postcode) = ("Eikstraat".into(), "3521 AA".into());
    let got = receive(db, &corp, &[checked(&moved, db)]).await.remove(0);
    let m = db.store.melding(got.melding_id()).await.unwrap().unwrap();
    assert_eq!((m.household_id.as_deref(), m.match_by), (Some(seeded.household.as_str()), Some(MatchBy::Bsn)));
    assert!(m.signals[0].has_bsn);
});

/// Submits single-signal batches `(sender, reference)` all at once; the answers in their order.
async fn submit_at_once(db: &TestDb, batches: &[(String, String)], first: usize) -> Vec<Result<Vec<Received>, StoreError>> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, (who, reference)) in batches.iter().cloned().enumerate() {
        let store = db.store.clone();
        let signal = checked(&raw(&reference, db), db);
        let audit = eenplan_domain::audit::AuditDraft { reason: Some(format!("batch {}", first + i)), ..test_audit("signals") };
        tasks.spawn(async move { (i, store.submit_signals(&who, vec![signal], SignalSettings::default(), audit).await) });
    }
    let mut answers: Vec<Option<Result<Vec<Received>, StoreError>>> = (0..batches.len()).map(|_| None).collect();
    while let Some(done) = tasks.join_next().await {
        let (i, r) = done.unwrap();
        answers[i] = Some(r);
    }
    answers.into_iter().map(Option::unwrap).collect()
}

db_test!(concurrent_batches_share_a_commit_and_each_gets_its_own_answer_and_audit_record, |db| {
    let seeded = seed_household(&db.store).await;
    let corp = sender(db, &seeded.tenant, "Woonstichting A").await;
    let energy = sender(db, &seeded.tenant, "Energie B.V.").await;
    // 30 single-signal batches of the corporation (each of ten references three times) and five of
    // the energy company, all at once.
    let mut batches: Vec<(String, String)> = (0..30).map(|i| (corp.clone(), format!("G-{}", i % 10))).collect();
    batches.extend((0..5).map(|i| (energy.clone(), format!("E-{i}"))));
    let answers = submit_at_once(db, &batches, 0).await;
    let got: Vec<&Received> = answers.iter().map(|a| &a.as_ref().expect("a stored batch")[0]).collect();
    // Each reference is one signal, created once and a duplicate the other times.
    for r in 0..10 {
        let same: Vec<&&Received> = got[..30].iter().enumerate().filter(|(i, _)| i % 10 == r).map(|(_, g)| g).collect();
        assert_eq!(same.iter().filter(|g| matches!(g, Received::Created { .. })).count(), 1, "reference G-{r}");
        assert!(same.iter().all(|g| g.signal_id() == same[0].signal_id()));
    }
    let mut ids: Vec<&str> = got.iter().map(|g| g.signal_id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 15);
    // All at one address within the window: one melding.
    assert!(got.iter().all(|g| g.melding_id() == got[0].melding_id()));
    // A batch of a sender that does not exist, among good ones: it alone fails.
    let more = [("no-such-sender".to_string(), "X-1".to_string()), (energy.clone(), "E-5".to_string()), (corp.clone(), "G-10".to_string())];
    let answers = submit_at_once(db, &more, 35).await;
    assert!(matches!(answers[0], Err(StoreError::NotFound(_))), "{:?}", answers[0].is_ok());
    assert!(answers[1..].iter().all(|a| matches!(a.as_ref().map(|r| &r[0]), Ok(Received::Created { .. }))));
    let m = db.store.melding(got[0].melding_id()).await.unwrap().unwrap();
    assert_eq!(m.signals.len(), 17);
    // One audit record per stored batch, and the chain holds.
    let records = db
        .store
        .audit_records(&eenplan_store::audit::AuditQuery { actor: Some("test".into()), limit: 500, ..Default::default() })
        .await
        .unwrap();
    let mut reasons: Vec<String> = records.iter().filter(|r| r.draft.action == "signals").filter_map(|r| r.draft.reason.clone()).collect();
    reasons.sort();
    let mut expected: Vec<String> = (0..35).chain(36..38).map(|i| format!("batch {i}")).collect();
    expected.sort();
    assert_eq!(reasons, expected);
    assert!(db.store.verify_audit().await.unwrap().is_ok());
});
