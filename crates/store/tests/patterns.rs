//! Patterns in storage, on SQLite and on PostgreSQL: the shipped bottlenecks synced once (an admin's
//! edit kept), an admin's bottlenecks with their version, tags in a household file with the lead team
//! of that moment, sharing and withdrawing a de-identified text, the counts per bottleneck, team and
//! month, and the improvements' lifecycle. Every change writes one audit record.

use eenplan_domain::instrument::Text;
use eenplan_domain::patterns::improvement::{ImprovementStatus, MonthCount};
use eenplan_domain::patterns::taxonomy::{Bottleneck, BottleneckKind, builtin};
use eenplan_store::patterns::{NewTag, PatternCount, SharedText, TagSubject};
use eenplan_store::testing::{SeededHousehold, TestDb, seed_household, test_audit};
use eenplan_store::{StoreError, db_test};
use time::Date;
use time::macros::date;

fn bottleneck(code: &str, kind: BottleneckKind) -> Bottleneck {
    Bottleneck {
        code: code.into(),
        kind,
        name: Text { nl: format!("Knelpunt {code}"), en: format!("Bottleneck {code}") },
        description: Text { nl: "Beschrijving".into(), en: "Description".into() },
    }
}

/// How many audit records the tests wrote so far.
async fn audits(db: &TestDb) -> usize {
    let q = eenplan_store::audit::AuditQuery { actor: Some("test".into()), limit: 500, ..Default::default() };
    db.store.audit_records(&q).await.unwrap().len()
}

fn new_tag(s: &SeededHousehold, code: &str, on: Date) -> NewTag {
    NewTag {
        household_id: s.household.clone(),
        subject: TagSubject::Household,
        subject_id: None,
        bottleneck_code: code.into(),
        organisation: String::new(),
        description: "Aanvraag bijstand digitaal afgewezen als onvolledig; Sanne 3 maanden zonder inkomen.".into(),
        tagged_on: on,
        by_user: s.worker.clone(),
        by_name: "Wendy".into(),
    }
}

async fn set_lead_team(db: &TestDb, household: &str, team: Option<&str>) {
    sqlx::query("UPDATE households SET lead_team_id = $1 WHERE id = $2").bind(team).bind(household).execute(db.store.pool()).await.unwrap();
}

#[test]
fn tag_subject_codes_round_trip() {
    for s in TagSubject::ALL {
        assert_eq!(TagSubject::parse(s.code()), Some(*s));
    }
    assert_eq!(TagSubject::parse("exception_request"), Some(TagSubject::ExceptionRequest));
    assert_eq!(TagSubject::parse("member"), None);
}

db_test!(syncing_the_shipped_list_is_idempotent_and_keeps_an_admins_edit, |db| {
    let s = &db.store;
    let shipped = builtin();
    assert_eq!(s.sync_shipped_bottlenecks(&shipped).await.unwrap(), shipped.len());
    assert_eq!(s.sync_shipped_bottlenecks(&shipped).await.unwrap(), 0);
    let all = s.bottlenecks().await.unwrap();
    assert_eq!(all.len(), shipped.len());
    assert!(all.iter().all(|b| b.shipped && !b.retired && b.version == 1));
    // By kind in the domain's order, then code.
    let keys: Vec<_> = all.iter().map(|b| (b.bottleneck.kind, b.bottleneck.code.clone())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // An admin renames a shipped one and retires it; a later sync (a newer shipped file) keeps that.
    let first = shipped[0].clone();
    let mut edited = first.clone();
    edited.name.nl = "Eigen naam".into();
    s.update_bottleneck(&edited, 1, true, &test_audit("bottleneck")).await.unwrap();
    let mut newer = shipped.clone();
    newer[0].name.nl = "Nieuwe naam uit het bestand".into();
    newer.push(bottleneck("nieuw-in-bestand", BottleneckKind::Gap));
    assert_eq!(s.sync_shipped_bottlenecks(&newer).await.unwrap(), 1);
    let kept = s.bottleneck(&first.code).await.unwrap().unwrap();
    assert_eq!((kept.bottleneck.name.nl.as_str(), kept.retired, kept.version, kept.shipped), ("Eigen naam", true, 2, true));
    assert!(s.bottleneck("nieuw-in-bestand").await.unwrap().unwrap().shipped);
    assert_eq!(s.bottleneck("bestaat-niet").await.unwrap(), None);
});

db_test!(an_admin_adds_and_updates_a_bottleneck_guarded_by_its_version, |db| {
    let s = &db.store;
    let before = audits(db).await;
    let b = bottleneck("tolk-ontbreekt", BottleneckKind::Gap);
    s.add_bottleneck(&b, &test_audit("bottleneck")).await.unwrap();
    assert!(matches!(s.add_bottleneck(&b, &test_audit("bottleneck")).await, Err(StoreError::Conflict(_))));
    let stored = s.bottleneck(&b.code).await.unwrap().unwrap();
    assert_eq!((stored.bottleneck.clone(), stored.shipped, stored.retired, stored.version), (b.clone(), false, false, 1));
    let mut changed = b.clone();
    changed.kind = BottleneckKind::Process;
    changed.description.en = "No interpreter budget".into();
    s.update_bottleneck(&changed, 1, false, &test_audit("bottleneck")).await.unwrap();
    // The same version again: someone else changed it meanwhile.
    assert!(matches!(s.update_bottleneck(&changed, 1, true, &test_audit("bottleneck")).await, Err(StoreError::Conflict(_))));
    let missing = bottleneck("bestaat-niet", BottleneckKind::Rule);
    assert!(matches!(s.update_bottleneck(&missing, 1, false, &test_audit("bottleneck")).await, Err(StoreError::NotFound(_))));
    let stored = s.bottleneck(&b.code).await.unwrap().unwrap();
    assert_eq!((stored.bottleneck, stored.version), (changed, 2));
    // One record per change that went through.
    assert_eq!(audits(db).await - before, 2);
    let records =
        s.audit_records(&eenplan_store::audit::AuditQuery { actor: Some("test".into()), limit: 2, ..Default::default() }).await.unwrap();
    assert!(records.iter().all(|r| r.draft.resource_id.as_deref() == Some("tolk-ontbreekt")));
});

db_test!(a_tag_gets_the_lead_team_and_refuses_unknown_or_retired_bottlenecks, |db| {
    let s = &db.store;
    let seeded = seed_household(s).await;
    s.add_bottleneck(&bottleneck("digitaal-afgewezen", BottleneckKind::Process), &test_audit("bottleneck")).await.unwrap();
    s.add_bottleneck(&bottleneck("oud-knelpunt", BottleneckKind::Rule), &test_audit("bottleneck")).await.unwrap();
    s.update_bottleneck(&bottleneck("oud-knelpunt", BottleneckKind::Rule), 1, true, &test_audit("bottleneck")).await.unwrap();
    let before = audits(db).await;
    let mut t = new_tag(&seeded, "digitaal-afgewezen", date!(2026 - 11 - 20));
    t.organisation = " Werk & Inkomen ".into();
    let first = s.add_tag(&t, &test_audit("tag")).await.unwrap();
    db.clock.advance(60);
    let on_goal = NewTag { subject: TagSubject::Goal, subject_id: Some("goal-1".into()), ..t.clone() };
    let second = s.add_tag(&on_goal, &test_audit("tag")).await.unwrap();
    let got = s.tag(&first).await.unwrap().unwrap();
    assert_eq!(got.team_id.as_deref(), Some(seeded.team.as_str()));
    assert_eq!((got.subject, got.subject_id.clone(), got.organisation.as_str()), (TagSubject::Household, None, "Werk & Inkomen"));
    assert_eq!((got.tagged_on, got.shared_text.clone(), got.by_name.as_str(), got.version), (date!(2026 - 11 - 20), None, "Wendy", 1));
    assert_eq!(got.description, t.description);
    // Newest first.
    let list = s.tags_of_household(&seeded.household).await.unwrap();
    assert_eq!(list.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), [second.as_str(), first.as_str()]);
    assert_eq!((list[0].subject, list[0].subject_id.as_deref()), (TagSubject::Goal, Some("goal-1")));
    // Refused: an unknown or retired bottleneck, a subject without its id, an unknown household.
    let unknown = new_tag(&seeded, "bestaat-niet", date!(2026 - 11 - 20));
    assert!(matches!(s.add_tag(&unknown, &test_audit("tag")).await, Err(StoreError::Invalid(_))));
    let retired = new_tag(&seeded, "oud-knelpunt", date!(2026 - 11 - 20));
    assert!(matches!(s.add_tag(&retired, &test_audit("tag")).await, Err(StoreError::Invalid(_))));
    let no_id = NewTag { subject: TagSubject::Referral, ..t.clone() };
    assert!(matches!(s.add_tag(&no_id, &test_audit("tag")).await, Err(StoreError::Invalid(_))));
    let nobody = NewTag { household_id: "geen-huishouden".into(), ..t.clone() };
    assert!(matches!(s.add_tag(&nobody, &test_audit("tag")).await, Err(StoreError::NotFound(_))));
    // Removing needs the current version.
    assert!(matches!(s.remove_tag(&first, 2, &test_audit("untag")).await, Err(StoreError::Conflict(_))));
    s.remove_tag(&first, 1, &test_audit("untag")).await.unwrap();
    assert_eq!(s.tag(&first).await.unwrap(), None);
    assert!(matches!(s.remove_tag(&first, 1, &test_audit("untag")).await, Err(StoreError::NotFound(_))));
    assert_eq!(s.tags_of_household(&seeded.household).await.unwrap().len(), 1);
    assert_eq!(audits(db).await - before, 3, "two tags and one removal");
});

db_test!(a_worker_shares_and_withdraws_a_deidentified_text, |db| {
    let s = &db.store;
    let seeded = seed_household(s).await;
    s.add_bottleneck(&bottleneck("digitaal-afgewezen", BottleneckKind::Process), &test_audit("bottleneck")).await.unwrap();
    let mut t = new_tag(&seeded, "digitaal-afgewezen", date!(2026 - 11 - 20));
    t.organisation = "Werk & Inkomen".into();
    let id = s.add_tag(&t, &test_audit("tag")).await.unwrap();
    let before = audits(db).await;
    let text = "Aanvraag digitaal afgewezen als onvolledig; [naam] 3 maanden zonder inkomen.";
    s.share_tag(&id, 1, Some(text), &test_audit("share")).await.unwrap();
    let got = s.tag(&id).await.unwrap().unwrap();
    assert_eq!((got.shared_text.as_deref(), got.version), (Some(text), 2));
    assert!(matches!(s.share_tag(&id, 1, None, &test_audit("share")).await, Err(StoreError::Conflict(_))));
    assert!(matches!(s.share_tag(&id, 2, Some("  "), &test_audit("share")).await, Err(StoreError::Invalid(_))));
    assert!(matches!(s.share_tag("geen-tag", 1, None, &test_audit("share")).await, Err(StoreError::NotFound(_))));
    let shared = s.shared_texts("2026-11", "2026-11", 10).await.unwrap();
    let expected = SharedText {
        bottleneck_code: "digitaal-afgewezen".into(),
        month: "2026-11".into(),
        organisation: "Werk & Inkomen".into(),
        text: text.into(),
    };
    assert_eq!(shared, vec![expected]);
    assert!(s.shared_texts("2026-12", "2027-01", 10).await.unwrap().is_empty());
    // Withdrawn: no longer shared.
    s.share_tag(&id, 2, None, &test_audit("share")).await.unwrap();
    let got = s.tag(&id).await.unwrap().unwrap();
    assert_eq!((got.shared_text, got.version), (None, 3));
    assert!(s.shared_texts("2026-11", "2026-11", 10).await.unwrap().is_empty());
    // Shared again later; newest first among several.
    db.clock.advance(60);
    s.share_tag(&id, 3, Some("Eerste tekst"), &test_audit("share")).await.unwrap();
    let other = s.add_tag(&t, &test_audit("tag")).await.unwrap();
    db.clock.advance(60);
    s.share_tag(&other, 1, Some("Tweede tekst"), &test_audit("share")).await.unwrap();
    let texts: Vec<String> = s.shared_texts("2026-01", "2026-12", 10).await.unwrap().into_iter().map(|t| t.text).collect();
    assert_eq!(texts, ["Tweede tekst", "Eerste tekst"]);
    assert_eq!(s.shared_texts("2026-01", "2026-12", 1).await.unwrap().len(), 1);
    assert_eq!(audits(db).await - before, 5, "share, withdraw, share, a tag, share");
});

db_test!(pattern_counts_group_by_bottleneck_team_and_month_within_the_range, |db| {
    let s = &db.store;
    let seeded = seed_household(s).await;
    let team_b = s
        .create_team(&seeded.tenant, "B", eenplan_domain::team::TeamKind::Social, &eenplan_domain::team::Area::parse("3550-3599").unwrap())
        .await
        .unwrap()
        .id;
    for code in ["digitaal-afgewezen", "toeslag-terugbetalen"] {
        s.add_bottleneck(&bottleneck(code, BottleneckKind::Process), &test_audit("bottleneck")).await.unwrap();
    }
    let tag = |code: &'static str, on: Date, org: &'static str| {
        let mut t = new_tag(&seeded, code, on);
        t.organisation = org.into();
        async move { s.add_tag(&t, &test_audit("tag")).await.unwrap() }
    };
    // Team A: two in October, one in November (another bottleneck), one in January (outside the range).
    tag("digitaal-afgewezen", date!(2026 - 10 - 01), "Werk & Inkomen").await;
    tag("digitaal-afgewezen", date!(2026 - 10 - 31), "Werk & Inkomen").await;
    tag("toeslag-terugbetalen", date!(2026 - 11 - 15), "Dienst Toeslagen").await;
    tag("digitaal-afgewezen", date!(2027 - 01 - 02), "").await;
    // The household moves to team B: a new tag counts for B, the earlier ones stay with A.
    set_lead_team(db, &seeded.household, Some(&team_b)).await;
    tag("digitaal-afgewezen", date!(2026 - 10 - 10), "werk & inkomen").await;
    // No lead team at all.
    set_lead_team(db, &seeded.household, None).await;
    tag("digitaal-afgewezen", date!(2026 - 10 - 11), "").await;
    // And one before the range.
    tag("digitaal-afgewezen", date!(2026 - 09 - 30), "Werk & Inkomen").await;

    let pc = |code: &str, team: Option<&str>, month: &str, count: u32| PatternCount {
        bottleneck_code: code.into(),
        team_id: team.map(String::from),
        month: month.into(),
        count,
    };
    let a = Some(seeded.team.as_str());
    let mut expected = vec![
        pc("digitaal-afgewezen", None, "2026-10", 1),
        pc("digitaal-afgewezen", a, "2026-10", 2),
        pc("digitaal-afgewezen", Some(team_b.as_str()), "2026-10", 1),
        pc("toeslag-terugbetalen", a, "2026-11", 1),
    ];
    // Ordered by month, bottleneck, team (no team first).
    expected[1..3].sort_by(|x, y| x.team_id.cmp(&y.team_id));
    assert_eq!(s.pattern_counts("2026-10", "2026-12").await.unwrap(), expected);
    assert_eq!(s.pattern_counts("2026-11", "2026-11").await.unwrap(), vec![pc("toeslag-terugbetalen", a, "2026-11", 1)]);
    assert_eq!(s.pattern_counts("2026-09", "2027-01").await.unwrap().iter().map(|c| c.count).sum::<u32>(), 7);
    assert!(s.pattern_counts("2025-01", "2025-12").await.unwrap().is_empty());
    assert!(matches!(s.pattern_counts("2026-1", "2026-12").await, Err(StoreError::Invalid(_))));
    assert!(matches!(s.pattern_counts("2026-10", "2026-13").await, Err(StoreError::Invalid(_))));

    // Organisations named, per bottleneck (as typed: no merging of spellings here).
    let orgs = s.pattern_organisations("2026-10", "2026-12").await.unwrap();
    assert_eq!(
        orgs,
        vec![
            ("digitaal-afgewezen".to_string(), "Werk & Inkomen".to_string(), 2),
            ("digitaal-afgewezen".to_string(), "werk & inkomen".to_string(), 1),
            ("toeslag-terugbetalen".to_string(), "Dienst Toeslagen".to_string(), 1),
        ]
    );

    // Per month for one bottleneck, the first day of each month, all time.
    let months = s.bottleneck_months("digitaal-afgewezen").await.unwrap();
    assert_eq!(
        months,
        vec![
            MonthCount { month: date!(2026 - 09 - 01), count: 1 },
            MonthCount { month: date!(2026 - 10 - 01), count: 4 },
            MonthCount { month: date!(2027 - 01 - 01), count: 1 },
        ]
    );
    assert!(s.bottleneck_months("bestaat-niet").await.unwrap().is_empty());
});

db_test!(an_improvement_moves_by_the_domains_table, |db| {
    let s = &db.store;
    s.add_bottleneck(&bottleneck("digitaal-afgewezen", BottleneckKind::Process), &test_audit("bottleneck")).await.unwrap();
    let before = audits(db).await;
    let audit = test_audit("improvement");
    let first = s
        .add_improvement(
            "digitaal-afgewezen",
            "Werk & Inkomen",
            "Bellen bij elke afwijzing wegens onvolledigheid",
            date!(2026 - 12 - 01),
            "Pim",
            &audit,
        )
        .await
        .unwrap();
    db.clock.advance(60);
    let second = s.add_improvement("digitaal-afgewezen", "Gemeente", "Tolkbudget", date!(2027 - 01 - 01), "Pim", &audit).await.unwrap();
    assert!(matches!(
        s.add_improvement("bestaat-niet", "Gemeente", "Iets", date!(2027 - 01 - 01), "Pim", &audit).await,
        Err(StoreError::Invalid(_))
    ));
    let list = s.improvements().await.unwrap();
    assert_eq!(list.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), [second.as_str(), first.as_str()]);
    let i = &list[1];
    assert_eq!((i.status, i.since, i.version, i.by_name.as_str()), (ImprovementStatus::Agreed, date!(2026 - 12 - 01), 1, "Pim"));
    assert_eq!((i.owner_organisation.as_str(), i.bottleneck_code.as_str()), ("Werk & Inkomen", "digitaal-afgewezen"));
    // Agreed → in progress → done; back is refused, and so is an old version.
    s.move_improvement(&first, 1, ImprovementStatus::InProgress, &audit).await.unwrap();
    assert!(matches!(s.move_improvement(&first, 1, ImprovementStatus::Done, &audit).await, Err(StoreError::Conflict(_))));
    assert!(matches!(s.move_improvement(&first, 2, ImprovementStatus::Agreed, &audit).await, Err(StoreError::Invalid(_))));
    s.move_improvement(&first, 2, ImprovementStatus::Done, &audit).await.unwrap();
    assert!(matches!(s.move_improvement(&first, 3, ImprovementStatus::Dropped, &audit).await, Err(StoreError::Invalid(_))));
    assert!(matches!(s.move_improvement("geen", 1, ImprovementStatus::Done, &audit).await, Err(StoreError::NotFound(_))));
    let done = s.improvements().await.unwrap().into_iter().find(|i| i.id == first).unwrap();
    assert_eq!((done.status, done.version), (ImprovementStatus::Done, 3));
    assert_eq!(audits(db).await - before, 4, "two improvements and two moves");
});
