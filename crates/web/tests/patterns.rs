//! Patterns, on SQLite and on PostgreSQL: a worker tags a household with a bottleneck (bad input named
//! per field, nothing lost), shares its description only after Eenplan removed the identifiers and the
//! worker confirmed the text; policy sees the counts per team and month with small counts hidden
//! (also the ones they could be derived from), the shared text but no name, address or private
//! description, as a page, a CSV file and JSON; policy records a structural improvement.

mod common;

use common::{TestApp, username};
use eenplan_domain::Role;
use eenplan_domain::patterns::taxonomy::builtin;
use eenplan_store::patterns::{NewTag, TagSubject};
use eenplan_store::testing::test_audit;
use serde_json::Value;

fn hidden(body: &str, name: &str) -> String {
    body.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_string()
}

/// `n` tags of a bottleneck on a new household of team A (each tag its own household).
async fn tags(app: &TestApp, code: &str, n: usize, organisation: &str) {
    let worker = &app.users[username(Role::Worker)];
    for _ in 0..n {
        let household = app.household_in_team_a().await;
        let tag = NewTag {
            household_id: household,
            subject: TagSubject::Household,
            subject_id: None,
            bottleneck_code: code.into(),
            organisation: organisation.into(),
            description: "Sanne de Vries kreeg geen antwoord op de aanvraag.".into(),
            tagged_on: app.db.store.today(),
            by_user: worker.clone(),
            by_name: "t.worker".into(),
        };
        app.db.store.add_tag(&tag, &test_audit("tag")).await.unwrap();
    }
}

app_test!(a_worker_tags_a_household_and_shares_only_a_checked_text_without_identifiers, |app| {
    let household = app.household_in_team_a().await;
    let code = builtin()[0].code.clone();
    let mut w = app.session_for(Role::Worker).await;
    let page = w.get(&format!("/huishoudens/{household}/knelpunten")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Knelpunt vastleggen") && page.body.contains(&code));
    let csrf = page.csrf();
    let path = format!("/huishoudens/{household}/knelpunten");
    // No bottleneck and no description: both named, what was typed kept.
    let bad = w
        .post(
            &path,
            &[("csrf", &csrf), ("bottleneck", ""), ("subject", "household"), ("organisation", "Werk en Inkomen"), ("description", "")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("knelpunt-bottleneck-error") && bad.body.contains("knelpunt-description-error"));
    assert!(bad.body.contains("value=\"Werk en Inkomen\""));
    // A subject of another household is refused.
    let other = w.post(&path, &[("csrf", &csrf), ("bottleneck", &code), ("subject", "referral:someone-else"), ("description", "x")]).await;
    assert_eq!(other.status, 422);
    assert!(other.body.contains("knelpunt-subject-error"));
    let description = "Sanne de Vries (1 april 1990, Lindelaan 1, 3511 AB, 06-12345678) kreeg geen antwoord van Werk en Inkomen.";
    let ok = w
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("bottleneck", &code),
                ("subject", "household"),
                ("organisation", "Werk en Inkomen"),
                ("description", description),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let tag_path = ok.location.unwrap();
    let tag = w.get(&tag_path).await;
    assert!(tag.body.contains(description), "the private description stays in the file");
    // The proposal: the identifiers replaced, and said what was removed.
    let proposal = hidden_textarea(&tag.body);
    for gone in ["Sanne", "Vries", "1 april 1990", "Lindelaan", "3511 AB", "06-12345678"] {
        assert!(!proposal.contains(gone), "{gone} in {proposal}");
    }
    assert!(proposal.contains("[naam]") && proposal.contains("Werk en Inkomen"), "{proposal}");
    assert!(tag.body.contains("weggehaald"));
    let v = hidden(&tag.body, "version");
    let share = format!("{tag_path}/delen");
    // Not confirmed: refused. A name typed back in: cleaned and shown again to confirm.
    let unconfirmed = w.post(&share, &[("csrf", &csrf), ("version", &v), ("shared_text", &proposal)]).await;
    assert_eq!(unconfirmed.status, 422);
    assert!(unconfirmed.body.contains("delen-checked-error") || unconfirmed.body.contains("Zet een vinkje"));
    let with_name = w.post(&share, &[("csrf", &csrf), ("version", &v), ("shared_text", "Sanne wachtte lang."), ("checked", "1")]).await;
    assert_eq!(with_name.status, 422);
    assert!(with_name.body.contains("Eenplan heeft het weggehaald") && with_name.body.contains("[naam] wachtte lang."));
    let shared =
        w.post(&share, &[("csrf", &csrf), ("version", &v), ("shared_text", "[naam] wachtte lang op W&I."), ("checked", "1")]).await;
    assert_eq!(shared.status, 303, "{}", shared.body);
    // Policy sees the shared text, never the private description or the household.
    let mut policy = app.session_for(Role::Policy).await;
    let dash = policy.get("/patronen").await;
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains("[naam] wachtte lang op W&#38;I."), "{}", dash.body);
    assert!(!dash.body.contains("Sanne") && !dash.body.contains("Lindelaan") && !dash.body.contains(&household));
    assert_eq!(policy.get(&tag_path).await.status, 403);
    // Another team's worker cannot see the tag; a tag id under another household is not found.
    let mut other_team = app.session_of("t.worker.b", Role::Worker).await;
    assert_eq!(other_team.get(&tag_path).await.status, 403);
    let mut intake = eenplan_store::testing::sample_intake(&app.team_a);
    intake.address.number = eenplan_domain::household::HouseNumber::parse("99", "").unwrap();
    intake.member.family_name = "Jansen".into();
    intake.member.name_prefix = None;
    intake.member.date_of_birth = None;
    let tenant = app.db.store.ensure_tenant("Gemeente Test").await.unwrap();
    let worker = app.users[username(Role::Worker)].clone();
    let elsewhere = app.db.store.register_intake(&tenant, &intake, &worker, &test_audit("intake")).await.unwrap().household_id;
    assert_ne!(elsewhere, household);
    let tid = tag_path.rsplit('/').next().unwrap();
    assert_eq!(w.get(&format!("/huishoudens/{elsewhere}/knelpunten/{tid}")).await.status, 404);
});

/// The text in the share form's textarea.
fn hidden_textarea(body: &str) -> String {
    let after = body.split("id=\"delen-shared_text\"").nth(1).unwrap();
    let text = after.split_once('>').unwrap().1.split("</textarea>").next().unwrap();
    text.replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", "\"")
}

app_test!(policy_sees_counts_with_small_and_derivable_counts_hidden, |app| {
    let all = builtin();
    let (common_code, rare_code) = (all[0].code.clone(), all[1].code.clone());
    tags(app, &common_code, 7, "Werk en Inkomen").await;
    tags(app, &rare_code, 2, "Woningcorporatie").await;
    let mut policy = app.session_for(Role::Policy).await;
    let page = policy.get("/patronen").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Knelpunten in cijfers") && page.body.contains("href=\"/patronen\""), "in the nav");
    assert!(page.body.contains(&all[0].name.nl) && page.body.contains("minder dan 5"));
    // No approved maatwerk in the period: fewer than 5, so no savings are shown.
    assert!(page.body.contains("Minder dan 5 goedgekeurde maatwerkaanvragen"));
    // A count hidden only so that the 2 cannot be worked out says so, not "fewer than 5".
    assert!(page.body.contains("verborgen"));
    assert!(!page.body.contains("Sanne") && !page.body.contains("kreeg geen antwoord"), "private descriptions never leave the file");
    // Organisations: named only with 5 or more tags.
    assert!(page.body.contains("Werk en Inkomen (7)") && !page.body.contains("Woningcorporatie"));

    let json = policy.get("/api/v1/patterns").await;
    assert_eq!(json.status, 200, "{}", json.body);
    let v: Value = serde_json::from_str(&json.body).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let common_row = rows.iter().find(|r| r["bottleneck"] == common_code.as_str()).unwrap();
    let rare_row = rows.iter().find(|r| r["bottleneck"] == rare_code.as_str()).unwrap();
    assert_eq!(rare_row["total"], Value::Null);
    assert_eq!(rare_row["teams"]["Team A"], Value::Null);
    // 7 + 2 = 9 in team A: with the 2 hidden, the 7 and the team total 9 would give it away, so one
    // of them is hidden too.
    let shown = [&common_row["teams"]["Team A"], &v["team_totals"]["Team A"]];
    assert!(shown.iter().any(|x| x.is_null()), "{v}");
    for x in [&common_row["total"], &common_row["teams"]["Team A"], &v["team_totals"]["Team A"], &v["total"]] {
        assert!(x.is_null() || x.as_u64().unwrap() >= 5, "{v}");
    }
    assert!(!json.body.contains("Sanne"));

    let csv = policy.get("/patronen/export.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("Knelpunt;Team A;Totaal") && csv.body.contains("minder dan 5"), "{}", csv.body);
    let report = policy.get("/patronen/verslag").await;
    assert!(report.status == 200 && report.body.contains("Verslag voor het overleg over patronen"));
    // A bad month is a 422 naming the field.
    let bad = policy.get("/api/v1/patterns?from=2026-13").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("from"));
    // A worker is refused.
    assert_eq!(app.session_for(Role::Worker).await.get("/patronen").await.status, 403);
});

app_test!(policy_records_an_improvement_and_moves_it_on, |app| {
    let code = builtin()[0].code.clone();
    let mut policy = app.session_for(Role::Policy).await;
    let page = policy.get("/patronen").await;
    let csrf = page.csrf();
    let bad = policy
        .post(
            "/patronen/verbeteringen",
            &[
                ("csrf", &csrf),
                ("bottleneck", &code),
                ("owner", ""),
                ("agreed", "W&I belt bij onvolledige aanvragen."),
                ("since", "gisteren"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("verbetering-owner-error") && bad.body.contains("verbetering-since-error"));
    assert!(bad.body.contains("W&#38;I belt bij onvolledige aanvragen."), "what was typed is kept");
    let today = eenplan_domain::household::format_date(app.db.store.today());
    let ok = policy
        .post(
            "/patronen/verbeteringen",
            &[
                ("csrf", &csrf),
                ("bottleneck", &code),
                ("owner", "Werk en Inkomen"),
                ("agreed", "W&I belt bij onvolledige aanvragen."),
                ("since", &today),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let page = policy.get("/patronen").await;
    assert!(page.body.contains("W&#38;I belt bij onvolledige aanvragen.") && page.body.contains("Afgesproken"));
    let improvement = app.db.store.improvements().await.unwrap().remove(0);
    let path = format!("/patronen/verbeteringen/{}", improvement.id);
    let moved = policy.post(&path, &[("csrf", &csrf), ("version", &improvement.version.to_string()), ("status", "in_progress")]).await;
    assert_eq!(moved.status, 303);
    // Back to "agreed" is not a move the rules allow.
    let back = policy.post(&path, &[("csrf", &csrf), ("version", &(improvement.version + 1).to_string()), ("status", "agreed")]).await;
    assert_eq!(back.status, 422);
    // A team lead sees the figures but records no improvement.
    let mut lead = app.session_for(Role::TeamLead).await;
    assert_eq!(lead.get("/patronen").await.status, 200);
    let lead_csrf = lead.get("/patronen").await.csrf();
    assert_eq!(lead.post("/patronen/verbeteringen", &[("csrf", &lead_csrf), ("bottleneck", &code)]).await.status, 403);
});
