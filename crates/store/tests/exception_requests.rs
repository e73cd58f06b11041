//! Maatwerk requests in storage, on SQLite and on PostgreSQL: a concept, sharing (only with the
//! triangle complete and a basis per party), decisions per organisation, the outcome, stale edits.

use eenplan_domain::household::{Law, parse_date};
use eenplan_domain::maatwerk::{Decision, MdtParty, RequestState, SharingBasis, Triangle, Verdict};
use eenplan_store::exception_requests::{Party, RequestDraft};
use eenplan_store::testing::{TestDb, seed_household, test_audit};
use eenplan_store::{StoreError, db_test};

struct Setup {
    household: String,
    member: String,
    worker: String,
    wi: String,
    corporation: String,
}

async fn setup(db: &TestDb) -> Setup {
    let s = &db.store;
    let seeded = seed_household(s).await;
    let wi = s.create_organisation(&seeded.tenant, "Werk en Inkomen", "werk_en_inkomen").await.unwrap().id;
    let corporation = s.create_organisation(&seeded.tenant, "Woonstichting", "woningcorporatie").await.unwrap().id;
    Setup { household: seeded.household, member: seeded.member, worker: seeded.worker, wi, corporation }
}

fn draft(net: Option<f64>) -> RequestDraft {
    RequestDraft {
        situation: "Ruud (58) heeft schulden en een auto die hij nodig heeft voor de dialyse".into(),
        blocking_law: Law::Wgs,
        blocking_provision: "Toelating schuldregeling: vermogen (de auto) eerst verkopen".into(),
        blocking_organisation: "Schuldhulpverlening Voorbeeldstad".into(),
        proposal: "Schuldhulp met behoud van de auto; budgetbeheer; weer aan het werk".into(),
        triangle: Triangle {
            legal_ground: "Wgs art. 3 (integrale schuldhulp, beleidsruimte)".into(),
            discretion_used: "Maatwerk: de auto is nodig voor de dialyse".into(),
            own_contribution: "Ruud zoekt werk en laat zijn budget beheren".into(),
            net_benefit: net,
            probability_positive: net.map(|_| 0.9),
        },
        analysis: Some("{\"without\":{\"events\":[]},\"with\":{\"events\":[]}}".into()),
        decide_by: Some(parse_date("2027-01-15").unwrap()),
    }
}

fn party(org: &str, kind: MdtParty, member: &str) -> Party {
    Party {
        organisation_id: org.into(),
        party: kind,
        basis: if kind.is_public_body() { SharingBasis::LegalTask } else { SharingBasis::Consent },
        consent_member_id: Some(member.into()),
        consent_withdrawn_at: None,
        decision: None,
        decided_by: None,
    }
}

db_test!(a_request_is_shared_decided_per_party_and_approved, |db| {
    let s = &db.store;
    let f = setup(db).await;
    // Without a saving the triangle does not hold: it cannot be shared.
    let weak = s.create_request(&f.household, &draft(None), &f.worker, &test_audit("request")).await.unwrap();
    assert!(s.access_facts(&f.household).await.unwrap().unwrap().shared_with.is_empty(), "a concept is shared with nobody");
    let refused = s.share_request(&weak, 1, &[party(&f.wi, MdtParty::WerkEnInkomen, &f.member)], &test_audit("share")).await;
    assert!(matches!(refused, Err(StoreError::Invalid(_))), "{refused:?}");
    assert_eq!(s.request(&weak).await.unwrap().unwrap().state, RequestState::Concept, "nothing changed");

    let id = s.create_request(&f.household, &draft(Some(26_041.86)), &f.worker, &test_audit("request")).await.unwrap();
    let parties = [party(&f.wi, MdtParty::WerkEnInkomen, &f.member), party(&f.corporation, MdtParty::Woningcorporatie, &f.member)];
    s.share_request(&id, 1, &parties, &test_audit("share")).await.unwrap();
    let stale = s.share_request(&id, 1, &parties, &test_audit("share")).await;
    assert!(matches!(stale, Err(StoreError::Invalid(_)) | Err(StoreError::Conflict(_))), "a second share of the same version is refused");
    assert_eq!(s.requests_shared_with(&f.wi, None, 50).await.unwrap().len(), 1, "W&I sees the shared request");
    let facts = s.access_facts(&f.household).await.unwrap().unwrap();
    let mdt = eenplan_domain::access::Purpose::MdtDecision;
    assert!(facts.shared_with.contains(&(f.wi.clone(), mdt)) && facts.consents.contains(&(f.corporation.clone(), mdt)));

    let approve = Decision { verdict: Verdict::Approve, text: String::new() };
    let state = s.decide_request(&id, &f.wi, &approve, &f.worker, &test_audit("decide")).await.unwrap();
    assert_eq!(state, RequestState::Shared, "still waiting for the corporation");
    let no_reason = Decision { verdict: Verdict::Reject, text: " ".into() };
    assert!(matches!(
        s.decide_request(&id, &f.corporation, &no_reason, &f.worker, &test_audit("decide")).await,
        Err(StoreError::Invalid(_))
    ));
    let conditions = Decision { verdict: Verdict::ApproveWithConditions, text: "Huur via automatische incasso".into() };
    let state = s.decide_request(&id, &f.corporation, &conditions, &f.worker, &test_audit("decide")).await.unwrap();
    assert_eq!(state, RequestState::Approved);
    let r = s.request(&id).await.unwrap().unwrap();
    assert_eq!(r.state, RequestState::Approved);
    assert_eq!(r.parties.iter().filter(|p| p.decision.is_some()).count(), 2);
    assert_eq!(s.requests_of_household(&f.household).await.unwrap().len(), 2);
});

db_test!(an_organisation_that_was_not_asked_cannot_decide_and_one_rejection_rejects, |db| {
    let s = &db.store;
    let f = setup(db).await;
    let id = s.create_request(&f.household, &draft(Some(1_000.0)), &f.worker, &test_audit("request")).await.unwrap();
    s.share_request(&id, 1, &[party(&f.wi, MdtParty::WerkEnInkomen, &f.member)], &test_audit("share")).await.unwrap();
    let approve = Decision { verdict: Verdict::Approve, text: String::new() };
    let outsider = s.decide_request(&id, &f.corporation, &approve, &f.worker, &test_audit("decide")).await;
    assert!(matches!(outsider, Err(StoreError::Invalid(_))), "{outsider:?}");
    assert!(s.requests_shared_with(&f.corporation, None, 50).await.unwrap().is_empty(), "not shared, not visible");
    let reject = Decision { verdict: Verdict::Reject, text: "Past niet binnen de regels van W&I".into() };
    assert_eq!(s.decide_request(&id, &f.wi, &reject, &f.worker, &test_audit("decide")).await.unwrap(), RequestState::Rejected);
});

db_test!(a_saving_is_stored_exactly_after_a_request_without_one, |db| {
    // A request without an analysis, then several with one, through the same prepared statement.
    let s = &db.store;
    let f = setup(db).await;
    s.create_request(&f.household, &draft(None), &f.worker, &test_audit("request")).await.unwrap();
    for net in [26_041.86, 0.1 + 0.2, -1.5e-7] {
        let id = s.create_request(&f.household, &draft(Some(net)), &f.worker, &test_audit("request")).await.unwrap();
        assert_eq!(s.request(&id).await.unwrap().unwrap().draft.triangle.net_benefit, Some(net));
    }
});

db_test!(sharing_needs_the_households_consent_and_a_public_body_needs_more_than_consent, |db| {
    let s = &db.store;
    let f = setup(db).await;
    let id = s.create_request(&f.household, &draft(Some(1_000.0)), &f.worker, &test_audit("request")).await.unwrap();
    let mut no_consent = party(&f.corporation, MdtParty::Woningcorporatie, &f.member);
    no_consent.consent_member_id = None;
    let refused = s.share_request(&id, 1, &[no_consent], &test_audit("share")).await;
    assert!(matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("consent")), "{refused:?}");
    let mut consent_only = party(&f.wi, MdtParty::WerkEnInkomen, &f.member);
    consent_only.basis = SharingBasis::Consent;
    let refused = s.share_request(&id, 1, &[consent_only], &test_audit("share")).await;
    assert!(matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("public body")), "{refused:?}");
    assert!(s.access_facts(&f.household).await.unwrap().unwrap().shared_with.is_empty(), "nothing was shared");
});

db_test!(a_concept_is_edited_under_its_version_and_the_caseload_sees_what_waits, |db| {
    let s = &db.store;
    let f = setup(db).await;
    let id = s.create_request(&f.household, &draft(None), &f.worker, &test_audit("request")).await.unwrap();
    let mut d = draft(None);
    d.proposal = "Schuldhulp met behoud van de auto".into();
    s.update_request(&id, 1, &d, &test_audit("request")).await.unwrap();
    let stale = s.update_request(&id, 1, &draft(None), &test_audit("request")).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    assert_eq!(s.request(&id).await.unwrap().unwrap().draft.proposal, "Schuldhulp met behoud van de auto", "the stale edit lost nothing");
    s.set_request_analysis(&id, 2, "{}", 12_345.5, Some(0.75), &test_audit("analysis")).await.unwrap();
    let r = s.request(&id).await.unwrap().unwrap();
    assert_eq!((r.draft.triangle.net_benefit, r.draft.triangle.probability_positive, r.version), (Some(12_345.5), Some(0.75), 3));

    s.share_request(&id, 3, &[party(&f.wi, MdtParty::WerkEnInkomen, &f.member)], &test_audit("share")).await.unwrap();
    let h = s.household(&f.household).await.unwrap().unwrap();
    assert_eq!((h.maatwerk.waiting, h.maatwerk.decide_by), (1, Some(parse_date("2027-01-15").unwrap())), "the caseload sees it wait");
    let edit_shared = s.update_request(&id, 4, &draft(None), &test_audit("request")).await;
    assert!(matches!(edit_shared, Err(StoreError::Invalid(_))), "a shared request is frozen: {edit_shared:?}");

    let reject = Decision { verdict: Verdict::Reject, text: "Eerst de auto taxeren".into() };
    s.decide_request(&id, &f.wi, &reject, &f.worker, &test_audit("decide")).await.unwrap();
    assert_eq!(s.household(&f.household).await.unwrap().unwrap().maatwerk.waiting, 0, "decided: nothing waits");
    s.move_request(&id, 5, RequestState::Concept, &test_audit("revise")).await.unwrap();
    let r = s.request(&id).await.unwrap().unwrap();
    assert_eq!((r.state, r.parties.len()), (RequestState::Concept, 0), "revised: a concept again, to be shared anew");
    s.move_request(&id, 6, RequestState::Withdrawn, &test_audit("withdraw")).await.unwrap();
    assert!(s.move_request(&id, 7, RequestState::Concept, &test_audit("revise")).await.is_err(), "withdrawn is final");
});

db_test!(the_mdt_list_pages_by_keyset_and_carries_the_parties, |db| {
    let s = &db.store;
    let f = setup(db).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let id = s.create_request(&f.household, &draft(Some(100.0 + f64::from(i))), &f.worker, &test_audit("request")).await.unwrap();
        s.share_request(&id, 1, &[party(&f.wi, MdtParty::WerkEnInkomen, &f.member)], &test_audit("share")).await.unwrap();
        ids.push(id);
    }
    // A concept and a withdrawn request are not on the list.
    s.create_request(&f.household, &draft(Some(1.0)), &f.worker, &test_audit("request")).await.unwrap();
    s.move_request(&ids[0], 2, RequestState::Withdrawn, &test_audit("withdraw")).await.unwrap();
    let first = s.requests_shared_with(&f.wi, None, 3).await.unwrap();
    assert_eq!(first.len(), 3);
    assert!(first.iter().all(|r| r.parties.len() == 1 && r.parties[0].organisation_id == f.wi), "parties come with the list");
    let last = first.last().unwrap();
    let second = s.requests_shared_with(&f.wi, Some((last.created_at, &last.id)), 3).await.unwrap();
    let mut seen: Vec<String> = first.iter().chain(second.iter()).map(|r| r.id.clone()).collect();
    seen.sort();
    let mut expected = ids[1..].to_vec();
    expected.sort();
    assert_eq!(seen, expected, "every shared request once, none withdrawn");
});
