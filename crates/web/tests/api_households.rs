//! The household API as a browser session (or script with the session's token) uses it.

mod common;

use common::TestApp;
use eenplan_domain::Role;
use serde_json::{Value, json};

struct Api {
    base: String,
    cookie: String,
    csrf: String,
}

impl Api {
    async fn new(app: &TestApp, user: &str, role: Role) -> Api {
        let b = app.session_of(user, role).await;
        let token = b.cookies["eenplan_session"].clone();
        let csrf = app.db.store.session(&token).await.unwrap().unwrap().csrf_token;
        Api { base: app.base.clone(), cookie: format!("eenplan_session={token}"), csrf }
    }
    async fn get(&self, path: &str) -> (u16, Value) {
        let r = common::client().get(format!("{}{path}", self.base)).header("cookie", &self.cookie).send().await.unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(common::client().post(format!("{}{path}", self.base)), body).await
    }
    async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(common::client().put(format!("{}{path}", self.base)), body).await
    }
    async fn send(&self, req: reqwest::RequestBuilder, body: Value) -> (u16, Value) {
        let r = req.header("cookie", &self.cookie).header("x-csrf-token", &self.csrf).json(&body).send().await.unwrap();
        let status = r.status().as_u16();
        let ct = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        if status >= 400 {
            assert_eq!(ct, "application/problem+json", "errors are problem+json");
        }
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

app_test!(read_and_write_members_and_timeline, |app| {
    let id = app.household_in_team_a().await;
    let api = Api::new(app, "t.worker", Role::Worker).await;
    let (s, list) = api.get("/api/v1/households").await;
    assert_eq!(s, 200);
    assert_eq!(list[0]["id"], id.as_str());
    let (_, h) = api.get(&format!("/api/v1/households/{id}")).await;
    assert_eq!((h["status"].as_str(), h["postcode"].as_str()), (Some("intake"), Some("3511 AB")));
    let version = h["version"].as_i64().unwrap();
    let (s, m) = api
        .post(&format!("/api/v1/households/{id}/members"), json!({"version": version, "given_names": "Noor", "family_name": "Vries", "name_prefix": "de", "date_of_birth": "2015-06-01", "role": "child", "bsn": "111222333"}))
        .await;
    assert_eq!(s, 201, "{m}");
    assert_eq!((m["given_names"].as_str(), m["has_bsn"].as_bool()), (Some("Noor"), Some(true)));
    assert!(m.get("bsn").is_none(), "the BSN itself is never sent");
    let (s, p) = api
        .post(
            &format!("/api/v1/households/{id}/members"),
            json!({"version": version, "given_names": "Sem", "family_name": "Vries", "role": "child"}),
        )
        .await;
    assert_eq!((s, p["type"].as_str()), (409, Some("/api/v1/problems/conflict")));
    let (_, members) = api.get(&format!("/api/v1/households/{id}/members")).await;
    assert_eq!(members.as_array().unwrap().len(), 2);
    let (s, e) = api
        .post(
            &format!("/api/v1/households/{id}/timeline"),
            json!({"contact_type": "phone", "occurred_on": "2026-11-26", "body": "Gebeld over de huur.", "domains": ["housing"]}),
        )
        .await;
    assert_eq!(s, 201, "{e}");
    let (_, tl) = api.get(&format!("/api/v1/households/{id}/timeline")).await;
    assert_eq!(tl[0]["body"], "Gebeld over de huur.");
    assert_eq!(tl[0]["domains"][0], "housing");
});

app_test!(bad_input_gets_per_field_problems_and_stores_nothing, |app| {
    let id = app.household_in_team_a().await;
    let api = Api::new(app, "t.worker", Role::Worker).await;
    let (s, p) = api
        .post(&format!("/api/v1/households/{id}/members"), json!({"version": 1, "given_names": "", "family_name": "Vries", "date_of_birth": "2999-01-01", "role": "boss", "bsn": "123456789"}))
        .await;
    assert_eq!(s, 422);
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["bsn", "date_of_birth", "given_names", "role"]);
    let (s, p) = api
        .post(&format!("/api/v1/households/{id}/timeline"), json!({"contact_type": "phone", "occurred_on": "gisteren", "body": ""}))
        .await;
    assert_eq!(s, 422);
    assert_eq!(p["errors"].as_array().unwrap().len(), 2);
    let (s, _) = api.post(&format!("/api/v1/households/{id}/timeline"), json!(["not", "an", "object"])).await;
    assert_eq!(s, 422);
    assert_eq!(app.db.store.members(&id).await.unwrap().len(), 1);
    assert!(app.db.store.timeline(&id, None, 10).await.unwrap().is_empty());
});

app_test!(other_teams_are_refused_and_sessions_need_the_csrf_header, |app| {
    let id = app.household_in_team_a().await;
    let other = Api::new(app, "t.worker.b", Role::Worker).await;
    let (s, p) = other.get(&format!("/api/v1/households/{id}")).await;
    assert_eq!((s, p["type"].as_str()), (403, Some("/api/v1/problems/forbidden")));
    assert_eq!(other.get("/api/v1/households").await.1.as_array().unwrap().len(), 0);
    let (s, _) = other.get("/api/v1/households/00000000-0000-0000-0000-000000000000").await;
    assert_eq!(s, 404);
    let mine = Api::new(app, "t.worker", Role::Worker).await;
    let r = common::client()
        .post(format!("{}/api/v1/households/{id}/timeline", app.base))
        .header("cookie", &mine.cookie)
        .json(&json!({"contact_type": "phone", "occurred_on": "2026-11-26", "body": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "no X-CSRF-Token header");
});

app_test!(a_member_is_changed_through_the_api, |app| {
    let id = app.household_in_team_a().await;
    let api = Api::new(app, "t.worker", Role::Worker).await;
    let (_, members) = api.get(&format!("/api/v1/households/{id}/members")).await;
    let member = members[0]["id"].as_str().unwrap().to_string();
    let (_, h) = api.get(&format!("/api/v1/households/{id}")).await;
    let version = h["version"].as_i64().unwrap();
    let path = format!("/api/v1/households/{id}/members/{member}");
    let body = |v: i64, dob: &str| {
        json!({"version": v, "given_names": "Sanne", "family_name": "Vries", "name_prefix": "de", "date_of_birth": dob, "role": "parent",
               "languages": "nl, en", "interpreter_needed": "", "phone": "06-12345678"})
    };
    let (s, p) = api.put(&path, body(version, "1990-02-30")).await;
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"].as_array().unwrap().iter().any(|e| e["field"] == "date_of_birth"), "{p}");
    let (s, m) = api.put(&path, body(version, "1990-02-28")).await;
    assert_eq!(s, 200, "{m}");
    assert_eq!((m["date_of_birth"].as_str(), m["phone"].as_str()), (Some("1990-02-28"), Some("06-12345678")));
    assert_eq!(m["languages"], json!(["nl", "en"]));
    let (s, p) = api.put(&path, body(version, "1990-03-01")).await;
    assert_eq!((s, p["type"].as_str()), (409, Some("/api/v1/problems/conflict")), "the old version is stale now");
    let (s, _) = api.put(&format!("/api/v1/households/{id}/members/no-such-member"), body(version + 1, "1990-03-01")).await;
    assert_eq!(s, 404);
    let other = Api::new(app, "t.worker.b", Role::Worker).await;
    let (s, _) = other.put(&path, body(version + 1, "1990-03-01")).await;
    assert_eq!(s, 403, "another team's worker may not change it");
    assert_eq!(
        app.db.store.members(&id).await.unwrap()[0].date_of_birth.map(eenplan_domain::household::format_date).as_deref(),
        Some("1990-02-28")
    );
});

app_test!(assessments_and_the_plan_through_the_api, |app| {
    let id = app.household_in_team_a().await;
    let api = Api::new(app, "t.worker", Role::Worker).await;
    let member = app.db.store.members(&id).await.unwrap()[0].id.clone();
    let today = eenplan_domain::household::format_date(app.db.store.today());
    let (s, p) = api
        .post(
            &format!("/api/v1/households/{id}/assessments"),
            json!({"instrument_id": "eenplan-leefgebieden", "assessed_on": today, "participants": "Sanne",
                   "scores": [{"domain": "finances", "score": 9}, {"domain": "housing", "score": 3}]}),
        )
        .await;
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"].as_array().unwrap().iter().any(|e| e["field"] == "score_finances"), "{p}");
    let (s, a) = api
        .post(
            &format!("/api/v1/households/{id}/assessments"),
            json!({"instrument_id": "eenplan-leefgebieden", "assessed_on": today, "participants": "Sanne",
                   "scores": [{"domain": "finances", "score": 2, "reason": "Achterstand huur"}], "conversation": {"goes_well": "De kinderen"}}),
        )
        .await;
    assert_eq!(s, 201, "{a}");
    assert_eq!((a["scores"][0]["score"].as_i64(), a["conversation"]["goes_well"].as_str()), (Some(2), Some("De kinderen")));
    assert_eq!(api.get(&format!("/api/v1/households/{id}/assessments")).await.1.as_array().unwrap().len(), 1);

    assert_eq!(api.get(&format!("/api/v1/households/{id}/plan")).await.0, 404, "no plan yet");
    let goal = |owner: &str, due: &str| json!({"id": "", "domain": "finances", "owner_member_id": owner, "text": "Rondkomen", "reached_when": "Geen achterstand", "due_on": due, "status": "open"});
    let content = |g: Value| json!({"goals": [g], "actions": [], "laws": [], "own_contribution": "", "evaluation_on": null});
    let (s, p) = api
        .put(
            &format!("/api/v1/households/{id}/plan"),
            json!({"based_on": {"version_no": 0, "revision": 0}, "content": content(goal("stranger", "2020-01-01"))}),
        )
        .await;
    assert_eq!(s, 422, "{p}");
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["goals[0].owner_member_id", "goals[0].due_on"]);
    assert_eq!(api.get(&format!("/api/v1/households/{id}/plan")).await.0, 404, "nothing stored");
    let (s, v1) = api
        .put(
            &format!("/api/v1/households/{id}/plan"),
            json!({"based_on": {"version_no": 0, "revision": 0}, "content": content(goal(&member, "2099-01-01"))}),
        )
        .await;
    assert_eq!(s, 200, "{v1}");
    assert_eq!((v1["version_no"].as_i64(), v1["state"].as_str()), (Some(1), Some("draft")));
    assert!(!v1["content"]["goals"][0]["id"].as_str().unwrap().is_empty(), "the goal got an id");
    let (s, agreed) = api
        .post(
            &format!("/api/v1/households/{id}/plan/agreement"),
            json!({"based_on": {"version_no": 1, "revision": 1}, "agreed_by_member_id": member, "how": "portal"}),
        )
        .await;
    assert_eq!(s, 200, "{agreed}");
    assert_eq!(agreed["agreed"]["how"], "portal");
    // A change based on the agreed version makes version 2; the same again is then an old version.
    let mut changed = agreed["content"].clone();
    changed["goals"][0]["status"] = json!("in_progress");
    let body = json!({"based_on": {"version_no": 1, "revision": agreed["revision"]}, "content": changed});
    let (s, v2) = api.put(&format!("/api/v1/households/{id}/plan"), body.clone()).await;
    assert_eq!((s, v2["version_no"].as_i64()), (200, Some(2)), "{v2}");
    let (s, p) = api.put(&format!("/api/v1/households/{id}/plan"), body).await;
    assert_eq!((s, p["type"].as_str()), (409, Some("/api/v1/problems/conflict")), "{p}");
    let (_, one) = api.get(&format!("/api/v1/households/{id}/plan/versions/2")).await;
    assert_eq!(one["changes"].as_array().unwrap().len(), 1, "{one}");
    assert_eq!(api.get(&format!("/api/v1/households/{id}/plan/versions")).await.1.as_array().unwrap().len(), 2);
});

app_test!(the_cost_benefit_engine_and_the_catalogue_through_the_api, |app| {
    let api = Api::new(app, "t.worker", Role::Worker).await;
    let (s, items) = api.get("/api/v1/unit-costs?year=2025").await;
    assert_eq!(s, 200);
    let items = items.as_array().unwrap();
    assert!(items.len() >= 30);
    let bijstand = items.iter().find(|i| i["code"] == "bijstand_alleenstaande").expect("bijstand in the catalogue");
    assert_eq!(bijstand["amount_indexed"], bijstand["amount"], "a 2025 price indexed to 2025 is itself");
    assert!(items.iter().all(|i| i["source_url"].as_str().unwrap().starts_with("http")));

    // Without: a year of social assistance for certain. With: a tailored solution of € 2 000 once,
    // after which assistance runs only six months. Discount rate 0 and no bias: plain sums.
    let body = |probability: f64, horizon: u32| {
        json!({
            "analysis_year": 2025,
            "settings": {"horizon_months": horizon, "discount_rate": 0.0, "optimism_bias": [0, 0, 0, 0, 0, 0], "draws": 200, "seed": 7},
            "without": [{"code": "bijstand_alleenstaande", "duration_months": 12, "probability": probability}],
            "with": [
                {"code": "bijstand_alleenstaande", "duration_months": 6},
                {"label": "Maatwerk", "amount": 2000.0, "unit": "once", "stakeholder": "gemeente_participatiewet", "confidence": 2, "value_type": "fiscal"}
            ]
        })
    };
    let (s, out) = api.post("/api/v1/cost-benefit/evaluate", body(1.0, 12)).await;
    assert_eq!(s, 200, "{out}");
    let net = out["outcome"]["net"].as_f64().unwrap();
    let expected = 6.0 * 1345.45 - 2000.0;
    assert!((net - expected).abs() < 0.01, "net {net}, by hand {expected}");
    let (s, p) = api.post("/api/v1/cost-benefit/evaluate", body(1.5, 0)).await;
    assert_eq!(s, 422, "{p}");
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"settings.horizon_months") && fields.contains(&"without[0].probability"), "{fields:?}");
    let (s, p) = api.post("/api/v1/cost-benefit/evaluate", json!({"without": [{"code": "bestaat_niet"}], "with": []})).await;
    assert_eq!((s, p["errors"][0]["field"].as_str()), (422, Some("without[0].code")), "{p}");
});
