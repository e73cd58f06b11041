//! The administrator edits the unit-cost catalogue: a changed amount is what the calculator and the API
//! use at once (and after a restart), each save is audited; a wrong field comes back with its message
//! and nothing stored; a stale form is a conflict that loses nothing; a new code can be added once;
//! other roles are refused.

mod common;

use common::TestApp;
use eenplan_domain::Role;
use eenplan_domain::unit_costs::{ItemDraft, UnitCost};
use serde_json::{Value, json};

const BIJSTAND: &str = "bijstand_alleenstaande";

fn shipped(code: &str) -> UnitCost {
    eenplan_web::api_cba::CostData::default().catalogue.item(code).unwrap().clone()
}

/// The item form's fields as a browser sends them for `item`, with `version` and the session's token.
fn form(item: &UnitCost, version: i64, csrf: &str) -> Vec<(String, String)> {
    let d = ItemDraft::from(item);
    let mut v: Vec<(String, String)> = vec![
        ("csrf".into(), csrf.into()),
        ("version".into(), version.to_string()),
        ("code".into(), d.code),
        ("name_nl".into(), d.name_nl),
        ("name_en".into(), d.name_en),
        ("amount".into(), item.amount.to_string().replace('.', ",")),
        ("unit".into(), d.unit),
        ("price_year".into(), item.price_year.to_string()),
        ("stakeholder".into(), d.stakeholder),
        ("value_type".into(), d.value_type),
        ("confidence".into(), item.confidence.grade().to_string()),
        ("licence".into(), d.licence),
        ("source_publication".into(), d.source.publication),
        ("source_publisher".into(), d.source.publisher),
        ("source_year".into(), item.source.year.to_string()),
        ("source_url".into(), d.source.url),
        ("source_note".into(), d.source.note),
    ];
    if item.indicative {
        v.push(("indicative".into(), "1".into()));
    }
    v
}

fn set(v: &mut [(String, String)], name: &str, value: &str) {
    v.iter_mut().find(|(k, _)| k == name).unwrap_or_else(|| panic!("field {name}")).1 = value.to_string();
}

fn refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The catalogue as a worker's API call sees it.
async fn api_amount(app: &TestApp, code: &str) -> Option<f64> {
    let b = app.session_for(Role::Worker).await;
    let r = common::client()
        .get(format!("{}/api/v1/unit-costs?year=2025", app.base))
        .header("cookie", format!("eenplan_session={}", b.cookies["eenplan_session"]))
        .send()
        .await
        .unwrap();
    let items: Value = r.json().await.unwrap();
    items.as_array().unwrap().iter().find(|i| i["code"] == code).map(|i| i["amount"].as_f64().unwrap())
}

/// A year of `code` without the tailored solution, through the calculator API: the amount it used.
async fn evaluated_amount(app: &TestApp, code: &str) -> Value {
    let b = app.session_for(Role::Worker).await;
    let token = b.cookies["eenplan_session"].clone();
    let csrf = app.db.store.session(&token).await.unwrap().unwrap().csrf_token;
    let body = json!({"analysis_year": 2025, "without": [{"code": code, "duration_months": 12}], "with": []});
    let r = common::client()
        .post(format!("{}/api/v1/cost-benefit/evaluate", app.base))
        .header("cookie", format!("eenplan_session={token}"))
        .header("x-csrf-token", csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let out: Value = r.json().await.unwrap();
    out["analysis"]["without"]["events"][0]["amount"].clone()
}

async fn unit_cost_audits(app: &TestApp, code: &str, action: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE resource = 'unit_cost' AND resource_id = $1 AND action = $2 AND outcome = 'allowed'",
    )
    .bind(code)
    .bind(action)
    .fetch_one(app.db.store.pool())
    .await
    .unwrap();
    n
}

app_test!(an_admin_changes_an_amount_and_the_calculator_uses_it, |app| {
    let mut admin = app.session_for(Role::Admin).await;
    assert!(admin.get("/beheer").await.body.contains("href=\"/beheer/kostprijzen\""), "linked from the admin page");
    let list = admin.get("/beheer/kostprijzen").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains(BIJSTAND) && list.body.contains("huisuitzetting_corporatie"));
    let found = admin.get("/beheer/kostprijzen?zoek=Bijstand").await;
    assert!(found.body.contains(BIJSTAND) && !found.body.contains("huisuitzetting_corporatie"), "searched by name");
    let page = admin.get(&format!("/beheer/kostprijzen/{BIJSTAND}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("value=\"1345,45\"") && page.body.contains("name=\"version\" value=\"0\""));
    assert_eq!(api_amount(app, BIJSTAND).await, Some(1345.45));

    let mut v = form(&shipped(BIJSTAND), 0, &page.csrf());
    set(&mut v, "amount", "1.400,50");
    let saved = admin.post(&format!("/beheer/kostprijzen/{BIJSTAND}"), &refs(&v)).await;
    assert_eq!((saved.status, saved.location.as_deref()), (303, Some("/beheer/kostprijzen?opgeslagen=bijstand_alleenstaande")));
    assert_eq!(api_amount(app, BIJSTAND).await, Some(1400.5), "the API shows the new amount at once");
    assert_eq!(evaluated_amount(app, BIJSTAND).await, json!(1400.5), "the calculator prices with it");
    assert_eq!(unit_cost_audits(app, BIJSTAND, "update").await, 1, "the change is in the audit log");

    let list = admin.get("/beheer/kostprijzen?opgeslagen=bijstand_alleenstaande").await;
    assert!(list.body.contains("De post bijstand_alleenstaande is opgeslagen."));
    assert!(list.body.contains("Aangepast door t.admin op"), "who changed it, and when");
    let page = admin.get(&format!("/beheer/kostprijzen/{BIJSTAND}")).await;
    assert!(page.body.contains("value=\"1400,5\"") && page.body.contains("name=\"version\" value=\"1\""));
    assert!(page.body.contains("€ 1345,45 per maand, prijspeil 2025"), "what the file says");
    assert!(page.body.contains("€ 1400,5 per maand"), "the history row");

    // A restart (or a second instance on the same database) starts with the saved item.
    let again = eenplan_web::AppState::load(app.db.store.clone(), eenplan_web::Config::default()).await.unwrap();
    assert_eq!(again.costs().catalogue.item(BIJSTAND).unwrap().amount, 1400.5);
    assert_eq!(
        eenplan_web::AppState::new(app.db.store.clone(), eenplan_web::Config::default()).costs().catalogue.item(BIJSTAND).unwrap().amount,
        1345.45
    );
});

app_test!(a_wrong_field_comes_back_with_its_message_and_nothing_is_stored, |app| {
    let mut admin = app.session_for(Role::Admin).await;
    let csrf = admin.get(&format!("/beheer/kostprijzen/{BIJSTAND}")).await.csrf();
    let good = form(&shipped(BIJSTAND), 0, &csrf);
    let cases: [(&str, &str, &str); 6] = [
        ("amount", "-5", "Een bedrag kan niet negatief zijn."),
        ("amount", "veel", "bijvoorbeeld 1345,45."),
        ("source_publication", "", "Vul de bron in: de titel van de publicatie."),
        ("stakeholder", "gemeente", "Kies wie betaalt."),
        ("price_year", "2000", "Voor dit jaar is er geen prijsindex"),
        ("source_url", "www.example.org", "Het begint met https:// of http://."),
    ];
    for (field, value, message) in cases {
        let mut v = good.clone();
        set(&mut v, field, value);
        let bad = admin.post(&format!("/beheer/kostprijzen/{BIJSTAND}"), &refs(&v)).await;
        assert_eq!(bad.status, 422, "{field} = {value}");
        assert!(bad.body.contains(&format!("id=\"kostprijs-{field}-error\"")), "{field}: message at the field");
        assert!(bad.body.contains(message), "{field}: {message} in:\n{}", bad.body);
        assert!(
            bad.body.contains(&format!("value=\"{value}\"")) || value.is_empty() || field == "stakeholder",
            "{field}: what was typed is kept"
        );
    }
    // A code that is not in the catalogue.
    let unknown = admin.post("/beheer/kostprijzen/bestaat_niet", &refs(&good)).await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("Deze code staat niet in de prijslijst."));
    assert_eq!(admin.get("/beheer/kostprijzen/bestaat_niet").await.status, 404);

    assert!(app.db.store.unit_cost_overrides().await.unwrap().is_empty(), "nothing stored");
    assert_eq!(api_amount(app, BIJSTAND).await, Some(1345.45), "the catalogue is unchanged");
    assert_eq!(unit_cost_audits(app, BIJSTAND, "update").await, 0);
});

app_test!(a_stale_form_is_a_conflict_and_nothing_is_lost, |app| {
    let mut first = app.session_for(Role::Admin).await;
    let mut second = app.session_for(Role::Admin).await;
    let path = format!("/beheer/kostprijzen/{BIJSTAND}");
    let (c1, c2) = (first.get(&path).await.csrf(), second.get(&path).await.csrf());
    let mut mine = form(&shipped(BIJSTAND), 0, &c1);
    set(&mut mine, "amount", "1400");
    assert_eq!(first.post(&path, &refs(&mine)).await.status, 303);
    // The second administrator opened the form before that save.
    let mut theirs = form(&shipped(BIJSTAND), 0, &c2);
    set(&mut theirs, "amount", "1500");
    let stale = second.post(&path, &refs(&theirs)).await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("Iemand anders heeft deze post intussen aangepast."), "{}", stale.body);
    assert!(stale.body.contains("value=\"1500\""), "what was typed is kept");
    assert!(stale.body.contains("€ 1400 per maand"), "the other save is shown in the history");
    assert_eq!(api_amount(app, BIJSTAND).await, Some(1400.0), "the other save stands");
    // Saving the form shown again is a choice made after seeing the other save.
    assert!(stale.body.contains("name=\"version\" value=\"1\""));
    set(&mut theirs, "version", "1");
    assert_eq!(second.post(&path, &refs(&theirs)).await.status, 303);
    assert_eq!(api_amount(app, BIJSTAND).await, Some(1500.0));
    let history = app.db.store.unit_cost_history(Some(BIJSTAND), 10).await.unwrap();
    assert_eq!(history.iter().map(|c| c.item.amount).collect::<Vec<_>>(), [1500.0, 1400.0], "both saves are kept");
    assert_eq!(unit_cost_audits(app, BIJSTAND, "update").await, 2);
});

app_test!(an_admin_adds_an_item_once, |app| {
    let mut admin = app.session_for(Role::Admin).await;
    let csrf = admin.get("/beheer/kostprijzen").await.csrf();
    let mut own = shipped("budgetbeheer_alleenstaande");
    own.code = "eigen_budgetcoach_uur".into();
    own.name.nl = "Budgetcoach van de gemeente (uur)".into();
    own.amount = 62.5;
    // In 2025 prices, so the 2025 calculation uses the amount as it is.
    own.price_year = 2025;
    let v = form(&own, 0, &csrf);
    let added = admin.post("/beheer/kostprijzen", &refs(&v)).await;
    assert_eq!((added.status, added.location.as_deref()), (303, Some("/beheer/kostprijzen?toegevoegd=eigen_budgetcoach_uur")));
    assert_eq!(api_amount(app, "eigen_budgetcoach_uur").await, Some(62.5));
    assert_eq!(evaluated_amount(app, "eigen_budgetcoach_uur").await, json!(62.5), "the calculator knows the new code");
    assert_eq!(unit_cost_audits(app, "eigen_budgetcoach_uur", "create").await, 1);
    assert!(admin.get("/beheer/kostprijzen").await.body.contains("zelf toegevoegd"));

    for taken in ["eigen_budgetcoach_uur", BIJSTAND] {
        let mut again = v.clone();
        set(&mut again, "code", taken);
        let refused = admin.post("/beheer/kostprijzen", &refs(&again)).await;
        assert_eq!(refused.status, 422, "{taken}");
        assert!(refused.body.contains("id=\"nieuw-code-error\"") && refused.body.contains("Deze code is al in gebruik."), "{taken}");
    }
    let mut bad = v.clone();
    set(&mut bad, "code", "Eigen Post");
    let refused = admin.post("/beheer/kostprijzen", &refs(&bad)).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Gebruik kleine letters, cijfers en liggende streepjes"));
    assert_eq!(app.db.store.unit_cost_overrides().await.unwrap().len(), 1, "only the first was stored");
    assert_eq!(api_amount(app, BIJSTAND).await, Some(1345.45));
});

app_test!(only_the_admin_may_open_or_change_the_catalogue, |app| {
    let before = app.denied_count().await;
    for role in [Role::Worker, Role::Policy, Role::PrivacyOfficer] {
        let mut b = app.session_for(role).await;
        assert_eq!(b.get("/beheer/kostprijzen").await.status, 403, "{role:?}");
        let token = b.cookies["eenplan_session"].clone();
        let csrf = app.db.store.session(&token).await.unwrap().unwrap().csrf_token;
        let mut v = form(&shipped(BIJSTAND), 0, &csrf);
        set(&mut v, "amount", "1");
        assert_eq!(b.post(&format!("/beheer/kostprijzen/{BIJSTAND}"), &refs(&v)).await.status, 403, "{role:?}");
    }
    assert_eq!(app.denied_count().await - before, 6, "every refusal is audited");
    assert!(app.db.store.unit_cost_overrides().await.unwrap().is_empty());
});
