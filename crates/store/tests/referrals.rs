//! Referrals, screenings and consultations in storage, on SQLite and on PostgreSQL: a screening's
//! suggestion accepted into a referral that is sent, answered and completed by the partner (with a
//! warm handover), each move recorded with time and actor; illegal moves, stale versions, another
//! organisation, a service outside the area refused with nothing changed; the inbox shows only what
//! was sent to the organisation; dismissals need a reason; a consultation's answer on the timeline.

use eenplan_domain::Role;
use eenplan_domain::access::Purpose;
use eenplan_domain::household::Urgency;
use eenplan_domain::maatwerk::SharingBasis;
use eenplan_domain::referral::{By, ConsultState, Identification, MoveDetails, ReferralState, SharedItem, Side};
use eenplan_domain::screening::{Decision, ServiceKind, Value, builtin};
use eenplan_domain::social_map::from_json;
use eenplan_store::consults::Author;
use eenplan_store::directory::{NewUser, RoleGrant};
use eenplan_store::referrals::{FromSuggestion, ReferralInput};
use eenplan_store::testing::{TestDb, calm_answers, seed_household, test_audit};
use eenplan_store::{StoreError, db_test};

const SAMPLE: &str = include_str!("../../../data/social-map/voorbeeld-hsds.json");

struct Setup {
    household: String,
    member: String,
    worker: String,
    /// A user of Geldzorg (debt counselling), linked to `org-geldzorg` on the map.
    partner: String,
    /// The directory organisation of that user.
    geldzorg: String,
    /// A user of the social legal advisors (another organisation).
    other_partner: String,
}

async fn setup(db: &TestDb) -> Setup {
    let s = &db.store;
    let seeded = seed_household(s).await;
    s.import_social_map(&from_json(SAMPLE).unwrap(), &test_audit("import")).await.unwrap();
    let geldzorg = s.create_organisation(&seeded.tenant, "Stichting Geldzorg", "debt_counselling").await.unwrap().id;
    s.link_social_map(&geldzorg, Some("org-geldzorg")).await.unwrap();
    let sra = s.create_organisation(&seeded.tenant, "Sociaal Raadslieden", "social_legal_advisors").await.unwrap().id;
    s.link_social_map(&sra, Some("org-raadslieden")).await.unwrap();
    let partner = partner_user(db, &seeded.tenant, "geldzorg.user", &geldzorg).await;
    let other_partner = partner_user(db, &seeded.tenant, "sra.user", &sra).await;
    Setup { household: seeded.household, member: seeded.member, worker: seeded.worker, partner, geldzorg, other_partner }
}

async fn partner_user(db: &TestDb, tenant: &str, username: &str, org: &str) -> String {
    db.store
        .create_user(
            &NewUser { tenant_id: tenant, username, display_name: username, password_hash: "x", organisation_id: Some(org) },
            &[RoleGrant { role: Role::Partner, team_id: None }],
        )
        .await
        .unwrap()
}

fn input(member: &str) -> ReferralInput {
    ReferralInput {
        reason: "Sanne heeft drie maanden huurachterstand en wil hulp bij een regeling.".into(),
        shared: [SharedItem::ContactDetails, SharedItem::FinancesSummary].into(),
        basis: Some(SharingBasis::Consent),
        consent_member_id: Some(member.into()),
        urgency: Urgency::High,
        joint_appointment: true,
    }
}

async fn service(db: &TestDb, id: &str) -> eenplan_domain::social_map::Service {
    db.store.service(id).await.unwrap().unwrap()
}

fn invalid(e: StoreError) -> String {
    match e {
        StoreError::Invalid(m) => m,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

db_test!(a_suggestion_becomes_a_referral_that_is_answered_and_completed, |db| {
    let s = &db.store;
    let f = setup(db).await;
    let screening = &builtin()[0];
    let mut answers = calm_answers();
    answers.insert("rent_arrears_months".into(), Value::Number(3));
    let sid = s.save_screening(&f.household, screening, &answers, s.today(), &f.worker, &test_audit("screening")).await.unwrap();
    assert_eq!(s.household(&f.household).await.unwrap().unwrap().follow_up.last_screening, Some(s.today()));

    // The worker accepts the debt counselling suggestion: a concept referral, with the acceptance recorded.
    let from = FromSuggestion { screening_id: sid.clone(), rule: "rent_arrears_two_months".into(), kind: ServiceKind::DebtCounselling };
    let svc = service(db, "svc-schuldhulp").await;
    let rid = s.create_referral(&f.household, &svc, &input(&f.member), Some(&from), &f.worker, &test_audit("referral")).await.unwrap();
    let stored = s.screening(&sid).await.unwrap().unwrap();
    let response = stored.response("rent_arrears_two_months", ServiceKind::DebtCounselling).unwrap();
    assert_eq!((&response.decision, response.referral_id.as_deref()), (&Decision::Accepted, Some(rid.as_str())));
    // Accepting the same suggestion twice is refused.
    let again = s.create_referral(&f.household, &svc, &input(&f.member), Some(&from), &f.worker, &test_audit("referral")).await;
    assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");
    assert_eq!(s.referrals_of_household(&f.household).await.unwrap().len(), 1, "nothing half stored");

    let r = s.referral(&rid).await.unwrap().unwrap();
    assert_eq!((r.state(), r.version, r.answer_days), (ReferralState::Concept, 1, 5));
    // A concept is not in the partner's inbox, and gives the partner no access.
    assert!(s.referrals_to("org-geldzorg", None, 50).await.unwrap().is_empty());
    assert!(s.referral_facts(&r).await.unwrap().unwrap().shared_with.is_empty());

    let worker = By::Worker { user: &f.worker };
    let partner = By::Partner { user: &f.partner, organisation: "org-geldzorg" };
    let audit = test_audit("move");
    let mv = |rid: String, v: i64, to, by, details: MoveDetails| {
        let audit = audit.clone();
        async move { s.move_referral(&rid, v, to, (by, "naam"), &details, &audit).await }
    };
    mv(rid.clone(), 1, ReferralState::Sent, worker, MoveDetails::none()).await.unwrap();
    let r = s.referral(&rid).await.unwrap().unwrap();
    assert_eq!(r.state(), ReferralState::Sent);
    let due = r.answer_due.expect("the deadline runs from sending");
    assert!(due > s.today());
    assert_eq!(s.household(&f.household).await.unwrap().unwrap().follow_up.referral_answer_due, Some(due));
    let facts = s.referral_facts(&r).await.unwrap().unwrap();
    assert_eq!(facts.shared_with, vec![(f.geldzorg.clone(), Purpose::Referral)]);
    assert_eq!(facts.consents, vec![(f.geldzorg.clone(), Purpose::Referral)]);

    // Another organisation cannot answer it; a stale version is a conflict; the state stays.
    let other = By::Partner { user: &f.other_partner, organisation: "org-raadslieden" };
    assert!(invalid(mv(rid.clone(), 2, ReferralState::Accepted, other, MoveDetails::none()).await.unwrap_err()).contains("not addressed"));
    assert!(matches!(mv(rid.clone(), 1, ReferralState::Accepted, partner, MoveDetails::none()).await, Err(StoreError::Conflict(_))));
    // The worker cannot accept on the partner's behalf.
    assert!(invalid(mv(rid.clone(), 2, ReferralState::Accepted, worker, MoveDetails::none()).await.unwrap_err()).contains("worker side"));
    assert_eq!(s.referral(&rid).await.unwrap().unwrap().state(), ReferralState::Sent);

    mv(rid.clone(), 2, ReferralState::Received, partner, MoveDetails::none()).await.unwrap();
    assert_eq!(s.household(&f.household).await.unwrap().unwrap().follow_up.referral_answer_due, None, "answered: no deadline runs");
    mv(rid.clone(), 3, ReferralState::Accepted, partner, MoveDetails::none()).await.unwrap();
    // Warm handover: the partner is an involved professional while the referral runs.
    let involved = s.involvements(&f.household).await.unwrap();
    assert_eq!(involved.len(), 1);
    assert_eq!((involved[0].organisation.as_str(), involved[0].until), ("Schuldhulpverlening", None));
    mv(rid.clone(), 4, ReferralState::InProgress, partner, MoveDetails::none()).await.unwrap();
    // Completing needs an outcome; one that failed needs its reason.
    assert!(invalid(mv(rid.clone(), 5, ReferralState::Completed, partner, MoveDetails::none()).await.unwrap_err()).contains("outcome"));
    assert!(
        invalid(mv(rid.clone(), 5, ReferralState::Completed, partner, MoveDetails::outcome(false, " ")).await.unwrap_err())
            .contains("reason")
    );
    mv(rid.clone(), 5, ReferralState::Completed, partner, MoveDetails::outcome(true, "Regeling met de verhuurder getroffen"))
        .await
        .unwrap();
    // A completed referral goes nowhere, e.g. not back to sent.
    let back = mv(rid.clone(), 6, ReferralState::Sent, worker, MoveDetails::none()).await.unwrap_err();
    assert!(invalid(back).contains("cannot go from completed to sent"));

    let r = s.referral(&rid).await.unwrap().unwrap();
    assert_eq!(r.state(), ReferralState::Completed);
    let path: Vec<_> = r.moves.iter().map(|m| (m.transition.to, m.transition.side, m.transition.actor.clone())).collect();
    assert_eq!(
        path,
        vec![
            (ReferralState::Sent, Side::Worker, f.worker.clone()),
            (ReferralState::Received, Side::Partner, f.partner.clone()),
            (ReferralState::Accepted, Side::Partner, f.partner.clone()),
            (ReferralState::InProgress, Side::Partner, f.partner.clone()),
            (ReferralState::Completed, Side::Partner, f.partner.clone()),
        ]
    );
    assert_eq!(r.referral.outcome().map(|o| (o.success, o.reason.as_str())), Some((true, "Regeling met de verhuurder getroffen")));
    assert_eq!(s.involvements(&f.household).await.unwrap()[0].until, Some(s.today()), "the handover ends with the referral");
    // The inbox: Geldzorg sees it, the social legal advisors do not.
    assert_eq!(s.referrals_to("org-geldzorg", None, 50).await.unwrap().len(), 1);
    assert!(s.referrals_to("org-raadslieden", None, 50).await.unwrap().is_empty());
    assert_eq!(s.referrals_sent_since(0).await.unwrap().len(), 1);
});

db_test!(a_referral_is_refused_outside_the_area_or_without_consent, |db| {
    let s = &db.store;
    let f = setup(db).await;
    // The household lives in 3511: the tenants' desk serves 3520-3529 and is temporarily closed.
    let closed =
        s.create_referral(&f.household, &service(db, "svc-huur").await, &input(&f.member), None, &f.worker, &test_audit("r")).await;
    assert!(invalid(closed.unwrap_err()).contains("temporarily closed"));
    let mut far = service(db, "svc-budgetcoach").await;
    far.service_areas = Some(eenplan_domain::team::Area::parse("9700-9799").unwrap());
    let outside = s.create_referral(&f.household, &far, &input(&f.member), None, &f.worker, &test_audit("r")).await;
    assert!(invalid(outside.unwrap_err()).contains("postcode area"));
    assert!(s.referrals_of_household(&f.household).await.unwrap().is_empty());

    // Without consent the concept is stored, but cannot be sent.
    let mut no_consent = input(&f.member);
    no_consent.consent_member_id = None;
    let rid = s
        .create_referral(&f.household, &service(db, "svc-raadslieden").await, &no_consent, None, &f.worker, &test_audit("r"))
        .await
        .unwrap();
    let send =
        s.move_referral(&rid, 1, ReferralState::Sent, (By::Worker { user: &f.worker }, "w"), &MoveDetails::none(), &test_audit("m")).await;
    assert!(invalid(send.unwrap_err()).contains("consented"));
    assert_eq!(s.referral(&rid).await.unwrap().unwrap().state(), ReferralState::Concept);
    // The worker adds the consent (a stale edit is refused), then it goes.
    assert!(matches!(s.update_referral(&rid, 7, &input(&f.member), &test_audit("u")).await, Err(StoreError::Conflict(_))));
    s.update_referral(&rid, 1, &input(&f.member), &test_audit("u")).await.unwrap();
    s.move_referral(&rid, 2, ReferralState::Sent, (By::Worker { user: &f.worker }, "w"), &MoveDetails::none(), &test_audit("m"))
        .await
        .unwrap();
    // A sent referral cannot be edited, and a withdrawal needs a reason.
    assert!(invalid(s.update_referral(&rid, 3, &input(&f.member), &test_audit("u")).await.unwrap_err()).contains("cannot be changed"));
    let bare = s
        .move_referral(&rid, 3, ReferralState::Withdrawn, (By::Worker { user: &f.worker }, "w"), &MoveDetails::none(), &test_audit("m"))
        .await;
    assert!(invalid(bare.unwrap_err()).contains("reason"));
    let reason = MoveDetails::reason("Het huishouden gaat zelf naar het spreekuur");
    s.move_referral(&rid, 3, ReferralState::Withdrawn, (By::Worker { user: &f.worker }, "w"), &reason, &test_audit("m")).await.unwrap();
    // Withdrawn after sending: still in the partner's inbox, marked withdrawn.
    let inbox = s.referrals_to("org-raadslieden", None, 50).await.unwrap();
    assert_eq!(inbox.iter().map(|r| r.state()).collect::<Vec<_>>(), [ReferralState::Withdrawn]);
});

db_test!(the_inbox_pages_newest_first, |db| {
    let s = &db.store;
    let f = setup(db).await;
    let svc = service(db, "svc-budgetcoach").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let rid = s.create_referral(&f.household, &svc, &input(&f.member), None, &f.worker, &test_audit("r")).await.unwrap();
        s.move_referral(&rid, 1, ReferralState::Sent, (By::Worker { user: &f.worker }, "w"), &MoveDetails::none(), &test_audit("m"))
            .await
            .unwrap();
        ids.push(rid);
    }
    let first = s.referrals_to("org-geldzorg", None, 2).await.unwrap();
    assert_eq!(first.len(), 2);
    let last = first.last().unwrap();
    let rest = s.referrals_to("org-geldzorg", Some((last.referral.sent_at().unwrap(), &last.id)), 2).await.unwrap();
    let mut seen: Vec<String> = first.iter().chain(rest.iter()).map(|r| r.id.clone()).collect();
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids, "every referral once over the pages");
});

db_test!(a_screening_with_bad_answers_is_not_stored_and_a_dismissal_needs_a_reason, |db| {
    let s = &db.store;
    let f = setup(db).await;
    let screening = &builtin()[0];
    let mut bad = calm_answers();
    bad.insert("rent_arrears_months".into(), Value::Number(99));
    let e = s.save_screening(&f.household, screening, &bad, s.today(), &f.worker, &test_audit("s")).await.unwrap_err();
    assert!(invalid(e).contains("rent_arrears_months"));
    assert!(s.screenings_of_household(&f.household).await.unwrap().is_empty());
    assert_eq!(s.household(&f.household).await.unwrap().unwrap().follow_up.last_screening, None);

    let mut answers = calm_answers();
    answers.insert("allowance_repayment".into(), Value::Bool(true));
    let sid = s.save_screening(&f.household, screening, &answers, s.today(), &f.worker, &test_audit("s")).await.unwrap();
    let stored = s.screening(&sid).await.unwrap().unwrap();
    assert_eq!(stored.answers, answers);
    let audit = test_audit("dismiss");
    let dismiss =
        |rule: &'static str, kind, reason: &'static str| s.dismiss_suggestion(&stored, screening, (rule, kind), reason, &f.worker, &audit);
    assert!(invalid(dismiss("allowance_or_tax_question", ServiceKind::SocialLegalAdvice, "  ").await.unwrap_err()).contains("reason"));
    // Only a suggestion the rules made can be dismissed.
    assert!(
        invalid(dismiss("rent_arrears_two_months", ServiceKind::DebtCounselling, "Geen huurschuld").await.unwrap_err())
            .contains("rent_arrears")
    );
    dismiss("allowance_or_tax_question", ServiceKind::SocialLegalAdvice, "Al in gesprek met de raadslieden").await.unwrap();
    assert!(matches!(
        dismiss("allowance_or_tax_question", ServiceKind::SocialLegalAdvice, "Nog eens").await,
        Err(StoreError::Duplicate(_))
    ));
    let stored = s.screening(&sid).await.unwrap().unwrap();
    assert_eq!(
        stored.response("allowance_or_tax_question", ServiceKind::SocialLegalAdvice).map(|r| &r.decision),
        Some(&Decision::Dismissed { reason: "Al in gesprek met de raadslieden".into() })
    );
});

db_test!(a_consultation_is_answered_onto_the_timeline_and_anonymised_ones_carry_no_household, |db| {
    let s = &db.store;
    let f = setup(db).await;
    let worker = Author { user_id: &f.worker, name: "Wendy" };
    let specialist = Author { user_id: &f.other_partner, name: "Ahmed" };
    let question = "Moet een toeslag terugbetaald worden als de partner is vertrokken?";
    let cid = s
        .create_consult(
            &f.household,
            (Identification::Anonymised, None),
            ("org-raadslieden", "Sociaal Raadslieden"),
            question,
            worker,
            &test_audit("c"),
        )
        .await
        .unwrap();
    let c = s.consult(&cid).await.unwrap().unwrap();
    assert_eq!((c.identification, c.state, c.messages.len()), (Identification::Anonymised, ConsultState::Asked, 1));
    // Naming the household needs a member's consent.
    let named = s
        .create_consult(&f.household, (Identification::Identified, None), ("org-raadslieden", "SRA"), question, worker, &test_audit("c"))
        .await;
    assert!(invalid(named.unwrap_err()).contains("consent"));
    s.create_consult(
        &f.household,
        (Identification::Identified, Some(&f.member)),
        ("org-raadslieden", "SRA"),
        question,
        worker,
        &test_audit("c"),
    )
    .await
    .unwrap();
    assert_eq!(s.consults_to("org-raadslieden", None, 10).await.unwrap().len(), 2);
    // Newest first, a page at a time.
    let first = s.consults_to("org-raadslieden", None, 1).await.unwrap();
    let last = &first[0];
    let rest = s.consults_to("org-raadslieden", Some((last.created_at, &last.id)), 1).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_ne!(rest[0].id, last.id);
    assert!(s.consults_to("org-geldzorg", None, 10).await.unwrap().is_empty());
    // The worker cannot answer their own question; an answer needs text.
    let wrong = s.move_consult(&cid, 1, ConsultState::Answered, Side::Worker, worker, Some("ja"), None, &test_audit("a")).await;
    assert!(invalid(wrong.unwrap_err()).contains("worker side"));
    let empty = s.move_consult(&cid, 1, ConsultState::Answered, Side::Partner, specialist, Some(""), None, &test_audit("a")).await;
    assert!(invalid(empty.unwrap_err()).contains("missing"));
    let before = s.timeline(&f.household, None, 50).await.unwrap().len();
    let answer = "Ja, vanaf de maand na het vertrek. Vraag een persoonlijke betalingsregeling aan.";
    let note = format!("Antwoord van Sociaal Raadslieden: {answer}");
    s.move_consult(&cid, 1, ConsultState::Answered, Side::Partner, specialist, Some(answer), Some(&note), &test_audit("a")).await.unwrap();
    let timeline = s.timeline(&f.household, None, 50).await.unwrap();
    assert_eq!(timeline.len(), before + 1);
    assert_eq!((timeline[0].body.as_str(), timeline[0].author_name.as_str()), (note.as_str(), "Ahmed"));
    let c = s.consult(&cid).await.unwrap().unwrap();
    assert_eq!((c.state, c.messages.len(), c.messages[1].side), (ConsultState::Answered, 2, Side::Partner));
    s.move_consult(&cid, 2, ConsultState::Closed, Side::Worker, worker, None, None, &test_audit("c")).await.unwrap();
    assert_eq!(s.consult(&cid).await.unwrap().unwrap().state, ConsultState::Closed);
});

db_test!(consent_alone_is_no_ground_for_a_public_body, |db| {
    let s = &db.store;
    let f = setup(db).await;
    // The municipality's own Work and Income desk also answers for the social legal advisors' listing.
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let wi = s.create_organisation(&tenant, "Werk en Inkomen", "werk_en_inkomen").await.unwrap().id;
    s.link_social_map(&wi, Some("org-raadslieden")).await.unwrap();
    let rid = s
        .create_referral(&f.household, &service(db, "svc-raadslieden").await, &input(&f.member), None, &f.worker, &test_audit("r"))
        .await
        .unwrap();
    let (none, audit) = (MoveDetails::none(), test_audit("m"));
    let send = |v: i64| s.move_referral(&rid, v, ReferralState::Sent, (By::Worker { user: &f.worker }, "w"), &none, &audit);
    assert!(invalid(send(1).await.unwrap_err()).contains("public body"));
    let mut legal = input(&f.member);
    legal.basis = Some(SharingBasis::LegalTask);
    s.update_referral(&rid, 1, &legal, &test_audit("u")).await.unwrap();
    send(2).await.unwrap();
});
