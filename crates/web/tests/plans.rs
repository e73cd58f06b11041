//! Assessments and the plan as a worker uses them in the browser, on SQLite and on PostgreSQL: a
//! full cycle (assess, plan, agree, re-assess), bad input, racing and superseded edits, the PDF.

mod common;

use common::{Browser, TestApp};
use eenplan_domain::Role;
use eenplan_domain::household::format_date;

/// The `value` of a hidden field.
fn hidden(body: &str, name: &str) -> String {
    body.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_string()
}

async fn post(b: &mut Browser, path: &str, fields: &[(&str, String)]) -> common::Page {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &refs).await
}

async fn assess(app: &TestApp, b: &mut Browser, id: &str, on: &str, finances: &str, housing: &str) -> common::Page {
    let _ = app;
    let form = b.get(&format!("/huishoudens/{id}/leefgebieden/nieuw")).await;
    assert_eq!(form.status, 200);
    let fields = vec![
        ("csrf", form.csrf()),
        ("instrument_id", "eenplan-leefgebieden".to_string()),
        ("assessed_on", on.to_string()),
        ("member_id", String::new()),
        ("participants", "Sanne en haar contactpersoon".into()),
        ("score_finances", finances.to_string()),
        ("reason_finances", "Beslag op het loon".into()),
        ("score_housing", housing.to_string()),
        ("conv_matters_most", "Dat we in ons huis kunnen blijven.".into()),
    ];
    post(b, &format!("/huishoudens/{id}/leefgebieden"), &fields).await
}

app_test!(a_full_cycle_assess_plan_agree_and_assess_again, |app| {
    let id = app.household_in_team_a().await;
    let member = app.db.store.members(&id).await.unwrap()[0].clone();
    let mut b = app.session_for(Role::Worker).await;

    // Bad input: a score outside the scale, a date in the future, no participants.
    let bad = assess(app, &mut b, &id, "2999-01-01", "7", "3").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("meting-score_finances-error") && bad.body.contains("Kies een score op de schaal"));
    assert!(bad.body.contains("meting-assessed_on-error"));
    assert!(bad.body.contains("Dat we in ons huis kunnen blijven."), "what was typed is kept");
    assert!(app.db.store.assessments(&id).await.unwrap().is_empty(), "nothing stored");

    let today = app.db.store.today();
    let (then, now) = (format_date(today - time::Duration::days(91)), format_date(today));
    let first = assess(app, &mut b, &id, &then, "1", "3").await;
    assert_eq!(first.status, 303, "{}", first.body);
    let overview = b.get(first.location.as_deref().unwrap()).await;
    assert!(overview.body.contains("De meting is opgeslagen") && overview.body.contains("<svg"));

    // The plan: a goal without an owner and with a due date in the past is refused.
    let plan = b.get(&format!("/huishoudens/{id}/plan")).await;
    assert!(plan.body.contains("Er is nog geen plan"));
    let goal = |csrf: String, v: String, r: String, owner: &str, due: &str| {
        vec![
            ("csrf", csrf),
            ("plan_version", v),
            ("plan_revision", r),
            ("domain", "finances".to_string()),
            ("owner_member_id", owner.to_string()),
            ("text", "Weer rondkomen zonder nieuwe schulden".into()),
            ("reached_when", "Drie maanden geen nieuwe achterstand".into()),
            ("due_on", due.to_string()),
        ]
    };
    let refused =
        post(&mut b, &format!("/huishoudens/{id}/plan/doelen"), &goal(plan.csrf(), "0".into(), "0".into(), "", "2020-01-01")).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("doel-owner_member_id-error") && refused.body.contains("Deze datum ligt in het verleden"));
    let (reads,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE household_id = $1 AND action = 'read' AND outcome = 'allowed'")
            .bind(&id)
            .fetch_one(app.db.store.pool())
            .await
            .unwrap();
    let before = reads;
    let _ = post(&mut b, &format!("/huishoudens/{id}/plan/doelen"), &goal(plan.csrf(), "0".into(), "0".into(), "", "2020-01-01")).await;
    let (reads,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE household_id = $1 AND action = 'read' AND outcome = 'allowed'")
            .bind(&id)
            .fetch_one(app.db.store.pool())
            .await
            .unwrap();
    assert_eq!(reads, before + 1, "showing the plan again with the messages is an audited read");
    assert!(app.db.store.latest_plan(&id).await.unwrap().is_none());
    let ok =
        post(&mut b, &format!("/huishoudens/{id}/plan/doelen"), &goal(plan.csrf(), "0".into(), "0".into(), &member.id, "2027-06-01")).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let plan = b.get(&format!("/huishoudens/{id}/plan")).await;
    assert!(plan.body.contains("Weer rondkomen zonder nieuwe schulden") && plan.body.contains("Versie 1 — concept"));
    let (v, r) = (hidden(&plan.body, "plan_version"), hidden(&plan.body, "plan_revision"));
    let goal_id = app.db.store.latest_plan(&id).await.unwrap().unwrap().content.goals[0].id.clone();

    // Two tabs: the second adds an action based on the same revision and is refused, input kept.
    let action = |r: String, what: &str| {
        vec![
            ("csrf", plan.csrf()),
            ("plan_version", v.clone()),
            ("plan_revision", r),
            ("goal_id", goal_id.clone()),
            ("owner", "worker".to_string()),
            ("who", "Wendy".into()),
            ("what", what.to_string()),
            ("due_on", "2027-01-15".into()),
        ]
    };
    assert_eq!(post(&mut b, &format!("/huishoudens/{id}/plan/acties"), &action(r.clone(), "Budgetplan maken")).await.status, 303);
    let raced = post(&mut b, &format!("/huishoudens/{id}/plan/acties"), &action(r.clone(), "Schuldhulp aanvragen")).await;
    assert_eq!(raced.status, 422);
    assert!(
        raced.body.contains("Iemand anders heeft het plan intussen gewijzigd") && raced.body.contains("value=\"Schuldhulp aanvragen\"")
    );

    // Agree: version 1 is fixed; a status change makes version 2; the old version's form is refused.
    let plan = b.get(&format!("/huishoudens/{id}/plan")).await;
    let (v, r) = (hidden(&plan.body, "plan_version"), hidden(&plan.body, "plan_revision"));
    let agree = vec![
        ("csrf", plan.csrf()),
        ("plan_version", v.clone()),
        ("plan_revision", r.clone()),
        ("agreed_by", member.id.clone()),
        ("how", "in_person".to_string()),
    ];
    assert_eq!(post(&mut b, &format!("/huishoudens/{id}/plan/akkoord"), &agree).await.status, 303);
    let plan = b.get(&format!("/huishoudens/{id}/plan")).await;
    assert!(plan.body.contains("Versie 1 — afgesproken op"), "{}", plan.body);
    let (v1, r1) = (hidden(&plan.body, "plan_version"), hidden(&plan.body, "plan_revision"));
    let status = |v: String, r: String| {
        vec![
            ("csrf", plan.csrf()),
            ("plan_version", v),
            ("plan_revision", r),
            ("target", format!("goal:{goal_id}")),
            ("status", "in_progress".into()),
        ]
    };
    assert_eq!(post(&mut b, &format!("/huishoudens/{id}/plan/status"), &status(v1.clone(), r1.clone())).await.status, 303);
    let stale = post(&mut b, &format!("/huishoudens/{id}/plan/status"), &status(v1, r1)).await;
    assert_eq!(stale.status, 422);
    assert!(stale.body.contains("Je werkte in versie 1, maar er is al een nieuwere versie (2)"));
    let diff = b.get(&format!("/huishoudens/{id}/plan/versies/2")).await;
    assert_eq!(diff.status, 200);
    assert!(diff.body.contains("Wat is er anders dan versie 1?"));
    assert!(diff.body.contains("status was &#34;nog niet begonnen&#34;, is nu &#34;bezig&#34;"), "{}", diff.body);
    assert_eq!(b.get(&format!("/huishoudens/{id}/plan/versies/1")).await.status, 200, "the agreed version stays readable");

    // Three months later: assessed again; the overview shows the change in words.
    assert_eq!(assess(app, &mut b, &id, &now, "3", "3").await.status, 303);
    let overview = b.get(&format!("/huishoudens/{id}/leefgebieden")).await;
    assert!(overview.body.contains(&format!("Eerste meting ({then})")), "{}", overview.body);
    assert!(overview.body.contains("beter") && overview.body.contains("gelijk"));

    // The PDF: a real PDF with the goal in it; the export is in the audit log.
    let pdf = b.get_bytes(&format!("/huishoudens/{id}/plan.pdf")).await;
    assert_eq!(pdf.0, 200);
    assert!(pdf.1.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf.1);
    assert!(text.contains("Weer rondkomen zonder nieuwe schulden"), "the goal is in the PDF as text");
    let (exports,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE household_id = $1 AND resource = 'plan_pdf'")
        .bind(&id)
        .fetch_one(app.db.store.pool())
        .await
        .unwrap();
    assert_eq!(exports, 1);
});

app_test!(another_team_cannot_see_or_change_the_plan, |app| {
    let id = app.household_in_team_a().await;
    let mut other = app.session_of("t.worker.b", Role::Worker).await;
    assert_eq!(other.get(&format!("/huishoudens/{id}/plan")).await.status, 403);
    assert_eq!(other.get(&format!("/huishoudens/{id}/leefgebieden")).await.status, 403);
    assert_eq!(other.get_bytes(&format!("/huishoudens/{id}/plan.pdf")).await.0, 403);
});
