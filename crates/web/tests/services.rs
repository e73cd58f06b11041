//! The social map's HSDS read API on SQLite and PostgreSQL: search by need, postcode area, language and
//! text over an imported map; bad parameters named per field; readable with an API key.

mod common;

use common::TestApp;
use eenplan_domain::Role;

async fn import_sample(app: &TestApp) {
    let map = eenplan_domain::social_map::from_json(include_str!("../../../data/social-map/voorbeeld-hsds.json")).unwrap();
    app.db.store.import_social_map(&map, &eenplan_store::testing::test_audit("social_map")).await.unwrap();
}

fn ids(body: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect()
}

app_test!(services_are_found_by_need_area_language_and_text, |app| {
    import_sample(app).await;
    let mut w = app.session_for(Role::Worker).await;
    let all = ids(&w.get("/api/v1/services").await.body);
    assert!(!all.contains(&"svc-huur".to_string()), "a temporarily closed service is not offered: {all:?}");
    assert_eq!(all.len(), 3);
    assert_eq!(ids(&w.get("/api/v1/services?need=kind:debt_counselling").await.body), vec!["svc-schuldhulp"]);
    let area = ids(&w.get("/api/v1/services?postcode=3650%20AB").await.body);
    assert_eq!(area, vec!["svc-raadslieden"], "only the service without an area serves 3650");
    assert_eq!(ids(&w.get("/api/v1/services?language=so").await.body), vec!["svc-raadslieden"]);
    let mut both = ids(&w.get("/api/v1/services?need=domain:finances&postcode=3560").await.body);
    both.sort();
    assert_eq!(both, vec!["svc-budgetcoach", "svc-schuldhulp"], "both finance services serve 3560");
    let outside = ids(&w.get("/api/v1/services?need=domain:finances&postcode=3570").await.body);
    assert_eq!(outside, vec!["svc-budgetcoach"], "debt counselling serves 3500-3549 and 3560 only");
    let one = w.get("/api/v1/services/svc-schuldhulp").await;
    assert_eq!(one.status, 200);
    assert!(one.body.contains("\"organization_id\""));
    assert_eq!(w.get("/api/v1/services/nope").await.status, 404);
    let meta: serde_json::Value = serde_json::from_str(&w.get("/api/v1/hsds/").await.body).unwrap();
    assert_eq!(meta["version"], "3.0");

    // Bad parameters are named.
    for (q, f) in [("need=domain:nope", "need"), ("postcode=35", "postcode"), ("language=xx", "language")] {
        let bad = w.get(&format!("/api/v1/services?{q}")).await;
        assert_eq!(bad.status, 422, "{q}");
        assert!(bad.body.contains(&format!("\"field\":\"{f}\"")), "{q}: {}", bad.body);
    }

    // A partner's system reads it with its key.
    let (key, _) = app.db.store.create_api_key(&app.org, Role::Partner, "kaart").await.unwrap();
    let res =
        common::client().get(format!("{}/api/v1/services?need=kind:social_legal_advice", app.base)).bearer_auth(key).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(ids(&res.text().await.unwrap()), vec!["svc-raadslieden"]);
});

app_test!(a_worker_finds_a_service_on_the_social_map_page, |app| {
    import_sample(app).await;
    let mut w = app.session_for(Role::Worker).await;
    let empty = w.get("/sociale-kaart").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("Sociale kaart") && !empty.body.contains("gevonden"), "no search yet, no results");
    let found = w.get("/sociale-kaart?need=kind%3Adebt_counselling&postcode=3511+AB&language=&q=").await;
    assert_eq!(found.status, 200);
    assert!(found.body.contains("1 gevonden") && found.body.contains("/sociale-kaart/svc-schuldhulp"), "{}", found.body);
    let bad = w.get("/sociale-kaart?need=domain%3Anope&postcode=35&language=xx").await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("kaart-need-error") && bad.body.contains("kaart-postcode-error") && bad.body.contains("kaart-language-error")
    );
    assert!(bad.body.contains("value=\"35\""), "what was typed is kept");
    let detail = w.get("/sociale-kaart/svc-schuldhulp").await;
    assert_eq!(detail.status, 200);
    assert!(detail.body.contains("Zo verwijs je") && detail.body.contains("werkdagen"));
    assert_eq!(w.get("/sociale-kaart/nope").await.status, 404);
});
