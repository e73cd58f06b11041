//! The plan and the assessments in storage, on SQLite and on PostgreSQL: versions, racing edits,
//! agreeing, the plan's state on the household for the alerts, and assessments with their scores.

use eenplan_domain::household::parse_date;
use eenplan_domain::plan::{AgreedHow, GoalStatus, VersionState};
use eenplan_store::assessments::{NewAssessment, Score};
use eenplan_store::plans::{Agreement, BasedOn};
use eenplan_store::testing::{TestDb, sample_goal, seed_household, test_audit};
use eenplan_store::{StoreError, db_test};

/// A household with one member, and the worker's id.
async fn household(db: &TestDb) -> (String, String, String) {
    let seeded = seed_household(&db.store).await;
    (seeded.household, seeded.member, seeded.worker)
}

db_test!(a_plan_is_versioned_agreed_and_an_old_version_cannot_be_edited, |db| {
    let s = &db.store;
    let (hh, member, worker) = household(db).await;
    let author = (worker.as_str(), "Wendy");
    let none = BasedOn { version_no: 0, revision: 0 };
    let v1 = s
        .edit_plan(&hh, none, author, &test_audit("plan"), |c| {
            c.goals.push(sample_goal("g1", &member, "Rondkomen"));
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!((v1.version_no, v1.state, v1.revision), (1, VersionState::Draft, 1));
    let h = s.household(&hh).await.unwrap().unwrap();
    assert_eq!(h.plan.map(|p| p.agreed), Some(false), "a draft plan is on the household, not yet agreed");
    // A second edit of the draft based on the same revision races and loses.
    let based = BasedOn { version_no: 1, revision: 1 };
    s.edit_plan(&hh, based, author, &test_audit("plan"), |c| {
        c.own_contribution = "Post openen".into();
        Ok(())
    })
    .await
    .unwrap();
    let lost = s
        .edit_plan(&hh, based, author, &test_audit("plan"), |c| {
            c.own_contribution = "Overschreven".into();
            Ok(())
        })
        .await;
    assert!(matches!(lost, Err(StoreError::Conflict(_))));
    assert_eq!(s.latest_plan(&hh).await.unwrap().unwrap().content.own_contribution, "Post openen", "nothing overwritten");
    // Agreeing freezes version 1; the next change becomes version 2.
    let agreement = Agreement { by: "Sanne Vries".into(), how: AgreedHow::InPerson, at: 1_800_000_000, recorded_by: "Wendy".into() };
    s.agree_plan(&hh, BasedOn { version_no: 1, revision: 2 }, &agreement, &test_audit("agree")).await.unwrap();
    assert_eq!(s.household(&hh).await.unwrap().unwrap().plan.map(|p| p.agreed), Some(true));
    let v2 = s
        .edit_plan(&hh, BasedOn { version_no: 1, revision: 3 }, author, &test_audit("plan"), |c| {
            c.set_goal_status("g1", GoalStatus::InProgress).map_err(|e| StoreError::Invalid(e.to_string()))?;
            c.evaluation_on = Some(parse_date("2027-03-01").unwrap());
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!((v2.version_no, v2.state), (2, VersionState::Draft));
    let versions = s.plan_versions(&hh).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].content.goals[0].status, GoalStatus::Open, "version 1 is kept as agreed");
    assert_eq!(versions[0].agreed.as_ref().map(|a| a.how), Some(AgreedHow::InPerson));
    // An edit based on version 1 now is an edit of a superseded version.
    let old = s.edit_plan(&hh, BasedOn { version_no: 1, revision: 3 }, author, &test_audit("plan"), |_| Ok(())).await;
    assert!(matches!(old, Err(StoreError::Superseded { based_on: 1, latest: 2 })), "{old:?}");
    // Agreeing to version 2 supersedes version 1; the evaluation date is on the household.
    s.agree_plan(&hh, BasedOn { version_no: 2, revision: 1 }, &agreement, &test_audit("agree")).await.unwrap();
    let states: Vec<VersionState> = s.plan_versions(&hh).await.unwrap().iter().map(|v| v.state).collect();
    assert_eq!(states, vec![VersionState::Superseded, VersionState::Agreed]);
    let facts = s.household(&hh).await.unwrap().unwrap().plan.unwrap();
    assert_eq!(facts.evaluation_on, Some(parse_date("2027-03-01").unwrap()));
    // A change refused by the plan's rules stores nothing.
    let refused = s
        .edit_plan(&hh, BasedOn { version_no: 2, revision: 2 }, author, &test_audit("plan"), |c| {
            c.set_goal_status("g1", GoalStatus::Dropped).map_err(|e| StoreError::Invalid(e.to_string()))?;
            c.set_goal_status("nope", GoalStatus::Dropped).map_err(|e| StoreError::Invalid(e.to_string()))
        })
        .await;
    assert!(matches!(refused, Err(StoreError::Invalid(_))));
    assert_eq!(s.plan_versions(&hh).await.unwrap().len(), 2, "no version 3 from a refused change");
    let (audited,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action IN ('plan', 'agree')").fetch_one(s.pool()).await.unwrap();
    assert_eq!(audited, 5, "every stored change has its audit record, the refused ones none");
});

db_test!(assessments_keep_their_scores_and_order, |db| {
    let s = &db.store;
    let (hh, member, worker) = household(db).await;
    let assess = |on: &str, finances: u8, member_id: Option<String>| NewAssessment {
        member_id,
        instrument_id: "eenplan-leefgebieden".into(),
        instrument_version: "1".into(),
        assessed_on: parse_date(on).unwrap(),
        participants: "Sanne en Wendy".into(),
        conversation: [("matters_most".to_string(), "Dat de kinderen thuis kunnen blijven.".to_string())].into_iter().collect(),
        scores: vec![
            Score { domain: "finances".into(), score: finances, reason: "Beslag op loon".into() },
            Score { domain: "housing".into(), score: 3, reason: String::new() },
        ],
    };
    s.add_assessment(&hh, &assess("2026-12-01", 4, None), (&worker, "Wendy"), &test_audit("assessment")).await.unwrap();
    s.add_assessment(&hh, &assess("2026-09-01", 1, Some(member.clone())), (&worker, "Wendy"), &test_audit("assessment")).await.unwrap();
    let list = s.assessments(&hh).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].new.assessed_on, parse_date("2026-09-01").unwrap(), "oldest first by the date of the assessment");
    assert_eq!(list[0].new.member_id.as_deref(), Some(member.as_str()));
    assert_eq!(list[0].score_map()["finances"], 1);
    assert_eq!(list[1].score_map()["finances"], 4);
    assert_eq!(list[1].new.conversation["matters_most"], "Dat de kinderen thuis kunnen blijven.");
    assert_eq!(list[1].new.scores.iter().find(|x| x.domain == "finances").unwrap().reason, "Beslag op loon");
});
