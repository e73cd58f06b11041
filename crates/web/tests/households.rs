//! The household file as a worker uses it in the browser, on SQLite and on PostgreSQL.

mod common;

use common::TestApp;
use eenplan_domain::Role;

fn intake_form(csrf: &str, family: &str, postcode: &str) -> Vec<(String, String)> {
    [
        ("csrf", csrf),
        ("referrer", "self"),
        ("question", "Ik heb schulden en de huur is te hoog."),
        ("domains", "finances"),
        ("domains", "housing"),
        ("urgency", "normal"),
        ("wish", ""),
        ("street", "Lindelaan"),
        ("house_number", "12"),
        ("house_addition", ""),
        ("postcode", postcode),
        ("city", "Voorbeeldstad"),
        ("given_names", "Sanne"),
        ("name_prefix", "de"),
        ("family_name", family),
        ("date_of_birth", "1990-04-01"),
        ("role", "parent"),
        ("languages", "nl"),
        ("interpreter_language", ""),
        ("phone", ""),
        ("email", ""),
        ("bsn", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Registers an intake as the worker of team A; returns the household id.
async fn register(app: &TestApp, b: &mut common::Browser, family: &str) -> String {
    let csrf = b.get("/aanmelding").await.csrf();
    let page = b.post("/aanmelding", &as_refs(&intake_form(&csrf, family, "3511 AB"))).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let loc = page.location.unwrap();
    assert!(loc.starts_with("/huishoudens/"), "{loc}");
    let _ = app;
    loc.trim_start_matches("/huishoudens/").split('?').next().unwrap().to_string()
}

app_test!(an_intake_becomes_a_household_of_the_team, |app| {
    let mut b = app.session_for(Role::Worker).await;
    let id = register(app, &mut b, "Vries").await;
    let page = b.get(&format!("/huishoudens/{id}?aanmelding=new")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Lindelaan 12, 3511 AB Voorbeeldstad"));
    assert!(page.body.contains("opgeslagen als nieuw huishouden"));
    assert!(page.body.contains("Sanne de Vries") && page.body.contains("Nog geen contactpersoon"));
    assert!(page.body.contains("Ik heb schulden en de huur is te hoog."));
    // The read of the file is in the audit log, with the household.
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE household_id = $1 AND action = 'read' AND outcome = 'allowed'")
        .bind(&id)
        .fetch_one(app.db.store.pool())
        .await
        .unwrap();
    assert!(n >= 1);
});

app_test!(a_bad_intake_keeps_what_was_typed_and_names_each_field, |app| {
    let mut b = app.session_for(Role::Worker).await;
    let csrf = b.get("/aanmelding").await.csrf();
    let mut form = intake_form(&csrf, "Vries", "35 AB");
    for (k, v) in form.iter_mut() {
        match k.as_str() {
            "date_of_birth" => *v = "2999-01-01".into(),
            "bsn" => *v = "123456789".into(),
            "question" => *v = "x".repeat(5000),
            _ => {}
        }
    }
    form.retain(|(k, _)| k != "domains");
    let page = b.post("/aanmelding", &as_refs(&form)).await;
    assert_eq!(page.status, 422);
    for msg in [
        "Vul een postcode in zoals 1234 AB.",
        "kan niet in de toekomst liggen",
        "Dit is geen geldig BSN",
        "Kies minstens één leefgebied.",
        "Dit is te lang (hoogstens 4000 tekens).",
    ] {
        assert!(page.body.contains(msg), "missing {msg}");
    }
    assert!(page.body.contains("value=\"Vries\""), "typed values are kept");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM households").fetch_one(app.db.store.pool()).await.unwrap();
    assert_eq!(n, 0, "nothing stored");
});

app_test!(an_intake_outside_every_area_waits_in_triage, |app| {
    let mut b = app.session_for(Role::Worker).await;
    let csrf = b.get("/aanmelding").await.csrf();
    let page = b.post("/aanmelding", &as_refs(&intake_form(&csrf, "Smit", "9999 ZZ"))).await;
    assert_eq!(page.location.as_deref(), Some("/?aanmelding=triage"));
    assert!(b.get("/?aanmelding=triage").await.body.contains("triage"));
    let mut lead = app.session_for(Role::TeamLead).await;
    let triage = lead.get("/triage").await;
    assert!(triage.body.contains("Smit"), "{}", triage.body);
});

app_test!(another_teams_worker_is_refused_and_can_break_the_glass_with_a_reason, |app| {
    let id = app.household_in_team_a().await;
    let mut b = app.session_of("t.worker.b", Role::Worker).await;
    let page = b.get(&format!("/huishoudens/{id}")).await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("hoort niet bij je team") && !page.body.contains("Sanne"));
    let csrf = b.get("/").await.csrf();
    let short = b.post(&format!("/huishoudens/{id}/noodtoegang"), &[("csrf", &csrf), ("reason", "nodig")]).await;
    assert_eq!(short.status, 422);
    assert!(short.body.contains("minstens 20 tekens"));
    let ok = b
        .post(&format!("/huishoudens/{id}/noodtoegang"), &[("csrf", &csrf), ("reason", "Crisis in de nacht, contactpersoon onbereikbaar")])
        .await;
    assert_eq!(ok.status, 303);
    let page = b.get(&format!("/huishoudens/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Noodtoegang:") && page.body.contains("Sanne"));
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE household_id = $1 AND break_glass = 1")
        .bind(&id)
        .fetch_one(app.db.store.pool())
        .await
        .unwrap();
    assert!(n >= 2, "the break and the read after it are flagged");
    // Another session of the same worker does not inherit the grant.
    let mut again = app.session_of("t.worker.b", Role::Worker).await;
    assert_eq!(again.get(&format!("/huishoudens/{id}")).await.status, 403);
});

app_test!(a_stale_edit_is_refused_and_keeps_the_input, |app| {
    let id = app.household_in_team_a().await;
    let mut b = app.session_for(Role::Worker).await;
    let page = b.get(&format!("/huishoudens/{id}")).await;
    let csrf = page.csrf();
    let version = page.body.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let member = |given: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.clone()),
            ("given_names", given.to_string()),
            ("family_name", "Vries".into()),
            ("date_of_birth", "2015-06-01".into()),
            ("role", "child".into()),
        ]
    };
    let first = member("Noor");
    let ok = b.post(&format!("/huishoudens/{id}/leden"), &first.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(ok.status, 303);
    let second = member("Sem");
    let stale = b.post(&format!("/huishoudens/{id}/leden"), &second.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(stale.status, 422);
    assert!(stale.body.contains("Iemand anders heeft dit huishouden intussen gewijzigd"));
    assert!(stale.body.contains("value=\"Sem\""), "the input is kept");
    let (reads,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE household_id = $1 AND action = 'read' AND outcome = 'allowed'")
            .bind(&id)
            .fetch_one(app.db.store.pool())
            .await
            .unwrap();
    assert_eq!(reads, 2, "the page view and the page shown again with the form's messages are both reads in the log");
    assert_eq!(app.db.store.members(&id).await.unwrap().len(), 2, "nothing lost, nothing overwritten");
});

app_test!(contact_worker_contact_moment_and_search, |app| {
    let id = app.household_in_team_a().await;
    let mut b = app.session_for(Role::Worker).await;
    let page = b.get(&format!("/huishoudens/{id}")).await;
    let csrf = page.csrf();
    let version = page.body.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let worker = app.users[common::username(Role::Worker)].clone();
    let r = b.post(&format!("/huishoudens/{id}/contactpersoon"), &[("csrf", &csrf), ("version", &version), ("worker_id", &worker)]).await;
    assert_eq!(r.status, 303);
    let today = eenplan_domain::household::format_date(app.db.store.today());
    let r = b
        .post(
            &format!("/huishoudens/{id}/tijdlijn"),
            &[
                ("csrf", &csrf),
                ("contact_type", "home_visit"),
                ("occurred_on", &today),
                ("domains", "finances"),
                ("body", "<b>Huisbezoek</b>: post doorgenomen"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = b.get(&format!("/huishoudens/{id}")).await;
    assert!(page.body.contains("actief") && page.body.contains("huisbezoek"));
    assert!(page.body.contains("&#60;b&#62;Huisbezoek") || page.body.contains("&lt;b&gt;Huisbezoek"), "notes are escaped");
    let future = b
        .post(
            &format!("/huishoudens/{id}/tijdlijn"),
            &[("csrf", &csrf), ("contact_type", "phone"), ("occurred_on", "2999-01-01"), ("body", "x")],
        )
        .await;
    assert_eq!(future.status, 422);
    let found = b.get("/zoeken?name=vriez").await;
    assert!(found.body.contains(&format!("/huishoudens/{id}")), "a small typo still finds her");
    let none = b.get("/zoeken?name=%27%3B+DROP+TABLE+households%3B--").await;
    assert_eq!(none.status, 200);
    assert!(none.body.contains("Niets gevonden."));
    let bad = b.get("/zoeken?bsn=123").await;
    assert_eq!(bad.status, 422);
    let mut other = app.session_of("t.worker.b", Role::Worker).await;
    assert!(!other.get("/zoeken?name=vries").await.body.contains(&id), "another team's search does not show it");
    let home = b.get("/").await;
    assert!(home.body.contains(&format!("/huishoudens/{id}")), "on the caseload of the contact worker");
});

app_test!(closing_needs_a_reason_and_reopening_keeps_history, |app| {
    let id = app.household_in_team_a().await;
    let mut b = app.session_for(Role::Worker).await;
    let page = b.get(&format!("/huishoudens/{id}")).await;
    let (csrf, v) = (page.csrf(), page.body.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string());
    let no_reason = b.post(&format!("/huishoudens/{id}/status"), &[("csrf", &csrf), ("version", &v), ("reason", "")]).await;
    assert_eq!(no_reason.status, 422);
    let closed = b.post(&format!("/huishoudens/{id}/status"), &[("csrf", &csrf), ("version", &v), ("reason", "goals_reached")]).await;
    assert_eq!(closed.status, 303);
    let page = b.get(&format!("/huishoudens/{id}")).await;
    assert!(page.body.contains("afgesloten") && page.body.contains("doelen bereikt"));
    let v = page.body.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(b.post(&format!("/huishoudens/{id}/status"), &[("csrf", &csrf), ("version", &v)]).await.status, 303);
    let page = b.get(&format!("/huishoudens/{id}")).await;
    assert!(page.body.contains("actief") && page.body.contains("Ik heb schulden."), "history kept");
});

app_test!(the_team_lead_hands_over_a_leaving_workers_households, |app| {
    let id = app.household_in_team_a().await;
    let worker = app.users[common::username(Role::Worker)].clone();
    let lead = app.users[common::username(Role::TeamLead)].clone();
    let h = app.db.store.household(&id).await.unwrap().unwrap();
    app.db.store.assign_contact_worker(&id, h.version, &worker, &eenplan_store::testing::test_audit("assign")).await.unwrap();
    let mut b = app.session_for(Role::TeamLead).await;
    let csrf = b.get("/team").await.csrf();
    let bad = b.post("/team/overdragen", &[("csrf", &csrf), ("from", &worker), ("to", &worker), ("note", "")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Kies een andere medewerker") && bad.body.contains("Vul dit in."));
    let ok =
        b.post("/team/overdragen", &[("csrf", &csrf), ("from", &worker), ("to", &lead), ("note", "Fatima vertrekt per 1 december.")]).await;
    assert_eq!(ok.status, 200);
    assert!(ok.body.contains("1 huishoudens zijn overgedragen"));
    assert_eq!(app.db.store.household(&id).await.unwrap().unwrap().contact_worker_id.as_deref(), Some(lead.as_str()));
});

/// The `value` of the hidden version field of a page.
fn version_of(body: &str) -> String {
    body.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

app_test!(a_member_is_edited_and_a_bad_edit_keeps_the_input, |app| {
    let id = app.household_in_team_a().await;
    let member = app.db.store.members(&id).await.unwrap().remove(0);
    let mut b = app.session_for(Role::Worker).await;
    let path = format!("/huishoudens/{id}/leden/{}", member.id);
    let form = b.get(&path).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(&format!("value=\"{}\"", member.given_names)), "the form shows the stored details");
    let (csrf, version) = (form.csrf(), version_of(&form.body));
    let fields = |dob: &'static str, interpreter: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.clone()),
            ("given_names", "Fatima".to_string()),
            ("family_name", member.family_name.clone()),
            ("date_of_birth", dob.to_string()),
            ("role", "parent".into()),
            ("languages", "ar, nl".into()),
            ("interpreter_needed", interpreter.into()),
            ("interpreter_language", "".into()),
            ("bsn", "123456788".into()),
        ]
    };
    let refs = |v: &[(&'static str, String)]| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let bad = refs(&fields("2090-01-01", "1"));
    let bad = b.post(&path, &bad.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"Fatima\""), "what was typed is kept");
    assert!(bad.body.contains("lidwijzig-date_of_birth-error") && bad.body.contains("lidwijzig-bsn-error"));
    assert!(bad.body.contains("lidwijzig-interpreter_language-error"));
    assert_eq!(app.db.store.members(&id).await.unwrap()[0].given_names, member.given_names, "nothing stored is changed");
    let (reads,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE household_id = $1 AND action = 'read'")
        .bind(&id)
        .fetch_one(app.db.store.pool())
        .await
        .unwrap();
    assert_eq!(reads, 2, "the edit page and the page shown again with the messages are both audited reads");

    let good = refs(&fields("1985-02-03", ""));
    let good: Vec<(&str, String)> = good.into_iter().map(|(k, v)| if k == "bsn" { (k, String::new()) } else { (k, v) }).collect();
    let ok = b.post(&path, &good.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let page = b.get(ok.location.as_deref().unwrap()).await;
    assert!(page.body.contains("De gegevens van het lid zijn opgeslagen"));
    assert!(page.body.contains(&format!("Fatima {}", member.family_name)) && page.body.contains("ar, nl"));
    let stored = app.db.store.members(&id).await.unwrap().remove(0);
    assert_eq!(stored.has_bsn, member.has_bsn, "an empty BSN field keeps what was stored");
    let found = app
        .db
        .store
        .search(
            &eenplan_store::households::SearchQuery { name: Some("fatima".into()), ..Default::default() },
            std::slice::from_ref(&app.team_a),
            20,
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1, "search finds the new name");
    let (audited,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE member_id = $1 AND action = 'update' AND resource = 'member'")
            .bind(&member.id)
            .fetch_one(app.db.store.pool())
            .await
            .unwrap();
    assert_eq!(audited, 1);

    // The same form again, now stale: refused, nothing overwritten.
    let stale =
        b.post(&path, &good.iter().map(|(k, v)| (*k, if *k == "given_names" { "Other" } else { v.as_str() })).collect::<Vec<_>>()).await;
    assert_eq!(stale.status, 422);
    assert!(stale.body.contains("Iemand anders heeft dit huishouden intussen gewijzigd"));
    assert_eq!(app.db.store.members(&id).await.unwrap()[0].given_names, "Fatima");
});

app_test!(a_move_changes_the_address_and_keeps_the_old_one_in_the_timeline, |app| {
    let id = app.household_in_team_a().await;
    let before = app.db.store.household(&id).await.unwrap().unwrap().address.line();
    let mut b = app.session_for(Role::Worker).await;
    let page = b.get(&format!("/huishoudens/{id}")).await;
    assert!(page.body.contains("id=\"adres-street\""), "the address form is on the page");
    let (csrf, version) = (page.csrf(), version_of(&page.body));
    let form = |postcode: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.clone()),
            ("street", "Kastanjelaan".to_string()),
            ("house_number", "7".into()),
            ("house_addition", "bis".into()),
            ("postcode", postcode.into()),
            ("city", "Voorbeeldstad".into()),
        ]
    };
    let bad = form("35111 AB");
    let bad = b.post(&format!("/huishoudens/{id}/adres"), &bad.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("adres-postcode-error") && bad.body.contains("value=\"Kastanjelaan\""));
    assert_eq!(app.db.store.household(&id).await.unwrap().unwrap().address.line(), before, "nothing changed");
    let good = form("3512 cd");
    let ok = b.post(&format!("/huishoudens/{id}/adres"), &good.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let after = b.get(ok.location.as_deref().unwrap()).await;
    assert!(after.body.contains("Kastanjelaan 7 BIS, 3512 CD Voorbeeldstad"));
    assert!(after.body.contains(&format!("{before} → Kastanjelaan 7 BIS, 3512 CD Voorbeeldstad")), "the old address is in the timeline");
});
