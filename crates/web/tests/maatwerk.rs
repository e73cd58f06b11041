//! Maatwerk as the worker and the MDT use it, on SQLite and on PostgreSQL: a request with its
//! analysis, sharing (consent and ground per party), an MDT decision with conditions, the conditions
//! into the plan; a member of another organisation sees nothing and is audited; the API.

mod common;

use common::{Browser, TestApp, username};
use eenplan_domain::Role;
use eenplan_domain::household::format_date;
use eenplan_store::directory::{NewUser, RoleGrant};

fn hidden(body: &str, name: &str) -> String {
    body.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_string()
}

async fn post(b: &mut Browser, path: &str, fields: &[(&str, String)]) -> common::Page {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &refs).await
}

/// An MDT member of another organisation (a housing corporation).
async fn other_mdt_member(app: &TestApp) -> Browser {
    let s = &app.db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let org = s.create_organisation(&tenant, "Woonstichting Test", "housing_corporation").await.unwrap().id;
    let user =
        NewUser { tenant_id: &tenant, username: "t.mdt.corp", display_name: "t.mdt.corp", password_hash: "x", organisation_id: Some(&org) };
    let id = s.create_user(&user, &[RoleGrant { role: Role::MdtMember, team_id: None }]).await.unwrap();
    let (token, _) = s.create_session(&id, Role::MdtMember, true, &eenplan_store::testing::test_audit("login")).await.unwrap();
    let mut b = app.browser();
    b.cookies.insert("eenplan_session".into(), token);
    b
}

fn request_fields(csrf: &str, proposal: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", csrf.to_string()),
        ("situation", "Ruud heeft schulden. Hij heeft zijn auto nodig om naar de dialyse te gaan.".into()),
        ("blocking_law", "wgs".into()),
        ("blocking_provision", "Toelating tot de schuldregeling: eerst de auto verkopen".into()),
        ("blocking_organisation", "Schuldhulpverlening".into()),
        ("proposal", proposal.into()),
        ("legal_ground", "Wgs art. 3: integrale schuldhulp".into()),
        ("discretion_used", "Beleidsruimte: de auto is nodig voor de zorg".into()),
        ("own_contribution", "Ruud laat zijn budget beheren".into()),
        ("decide_by", String::new()),
    ]
}

app_test!(a_request_goes_from_worker_to_mdt_and_into_the_plan, |app| {
    let id = app.household_in_team_a().await;
    let member = app.db.store.members(&id).await.unwrap()[0].clone();
    let mut w = app.session_for(Role::Worker).await;
    let list = w.get(&format!("/huishoudens/{id}/maatwerk")).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("nog geen maatwerkverzoeken"));

    // Bad input: no proposal, a date in the past. Nothing is stored and the input is kept.
    let mut bad = request_fields(&list.csrf(), "");
    bad.retain(|(k, _)| *k != "decide_by");
    bad.push(("decide_by", "2001-01-01".into()));
    let refused = post(&mut w, &format!("/huishoudens/{id}/maatwerk"), &bad).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("verzoek-proposal-error") && refused.body.contains("verzoek-decide_by-error"));
    assert!(refused.body.contains("de auto is nodig voor de zorg"), "what was typed is kept");
    assert!(app.db.store.requests_of_household(&id).await.unwrap().is_empty());

    let created =
        post(&mut w, &format!("/huishoudens/{id}/maatwerk"), &request_fields(&list.csrf(), "Schuldhulp met behoud van de auto")).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let location = created.location.unwrap();
    let here = location.split('?').next().unwrap().to_string();
    let rid = here.rsplit('/').next().unwrap().to_string();
    let page = w.get(&location).await;
    assert!(page.body.contains("Het verzoek is aangemaakt als concept."), "the worker is told what happened");
    assert!(page.body.contains("Nog geen berekening"), "the return side is missing without an analysis");

    // Sharing before the analysis: the triangle does not hold.
    let share = |csrf: String, version: String, basis: &str, consent: &str| {
        vec![
            ("csrf", csrf),
            ("version", version),
            ("org_0", app.org.clone()),
            ("party_0", "werk_en_inkomen".to_string()),
            ("basis_0", basis.to_string()),
            ("consent_0", consent.to_string()),
        ]
    };
    let early = post(&mut w, &format!("{here}/delen"), &share(page.csrf(), hidden(&page.body, "version"), "legal_task", &member.id)).await;
    assert_eq!(early.status, 422);
    assert!(early.body.contains("niet alle kanten van de waardendriehoek kloppen"));

    // The analysis from a template, saved with the request.
    let calc = w.get(&format!("{here}/analyse?sjabloon=debts_without_counselling")).await;
    assert_eq!(calc.status, 200);
    let mut fields: Vec<(String, String)> = calc
        .body
        .split("<input id=\"")
        .skip(1)
        .filter_map(|s| {
            let name = s.split("name=\"").nth(1)?.split('"').next()?.to_string();
            let value = s.split("value=\"").nth(1)?.split('"').next()?.to_string();
            Some((name, value))
        })
        .filter(|(n, _)| n.starts_with("without_") || n.starts_with("with_") || n == "horizon_months" || n == "discount_rate")
        .collect();
    fields.push(("csrf".into(), calc.csrf()));
    fields.push(("opslaan".into(), "1".into()));
    // The tailored solution's own cost, in the first empty row of "with".
    let free = (0..20).find(|i| fields.iter().any(|(n, v)| n == &format!("with_{i}_code") && v.is_empty())).unwrap();
    for (k, v) in [
        ("label", "Budgetbeheer"),
        ("amount", "1200"),
        ("quantity", "1"),
        ("start_month", "0"),
        ("duration_months", "1"),
        ("probability", "100"),
    ] {
        fields.retain(|(n, _)| n != &format!("with_{free}_{k}"));
        fields.push((format!("with_{free}_{k}"), v.to_string()));
    }
    // Rows with an amount of their own say what unit and who pays (the template leaves one to price).
    let own: Vec<String> = fields
        .iter()
        .filter(|(n, v)| n.ends_with("_label") && !v.is_empty())
        .map(|(n, _)| n.trim_end_matches("_label").to_string())
        .filter(|row| fields.iter().any(|(n, v)| n == &format!("{row}_code") && v.is_empty()))
        .collect();
    for row in own {
        if !fields.iter().any(|(n, v)| n == &format!("{row}_amount") && !v.is_empty()) {
            fields.push((format!("{row}_amount"), "1500".into()));
        }
        fields.push((format!("{row}_unit"), "once".into()));
        fields.push((format!("{row}_stakeholder"), "gemeente_wgs".into()));
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = w.post(&format!("{here}/analyse"), &refs).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let r = app.db.store.request(&rid).await.unwrap().unwrap();
    let net = r.draft.triangle.net_benefit.expect("the saving is stored");
    assert!(net > 0.0, "debt counselling saves: {net}");
    let page = w.get(&here).await;
    assert!(page.body.contains("Alle drie de kanten kloppen") && page.body.contains("<svg"), "triangle holds, chart shown");

    // Consent alone is no ground for Work & Income; without consent nothing is shared.
    let v = hidden(&page.body, "version");
    let consent_only = post(&mut w, &format!("{here}/delen"), &share(page.csrf(), v.clone(), "consent", &member.id)).await;
    assert_eq!(consent_only.status, 422);
    assert!(consent_only.body.contains("delen-basis_0-error") && consent_only.body.contains("Alleen toestemming is geen grondslag"));
    let no_consent = post(&mut w, &format!("{here}/delen"), &share(page.csrf(), v.clone(), "legal_task", "")).await;
    assert!(no_consent.body.contains("delen-consent_0-error"));
    let mut mdt = app.session_for(Role::MdtMember).await;
    assert!(!mdt.get("/mdt").await.body.contains(&rid), "nothing shared yet");
    let shared = post(&mut w, &format!("{here}/delen"), &share(page.csrf(), v, "legal_task", &member.id)).await;
    assert_eq!(shared.status, 303, "{}", shared.body);
    let h = app.db.store.household(&id).await.unwrap().unwrap();
    assert_eq!(h.maatwerk.waiting, 1, "the caseload shows that it waits");

    // The MDT member of W&I sees it; a member of another organisation does not, and is audited.
    assert!(mdt.get("/mdt").await.body.contains(&format!("/mdt/verzoeken/{rid}")));
    let mut corp = other_mdt_member(app).await;
    assert!(!corp.get("/mdt").await.body.contains(&rid));
    let denied_before = app.denied_count().await;
    assert_eq!(corp.get(&format!("/mdt/verzoeken/{rid}")).await.status, 403);
    let csrf_corp = corp.get("/mdt").await.csrf();
    let sneak = corp.post(&format!("/mdt/verzoeken/{rid}/besluit"), &[("csrf", &csrf_corp), ("verdict", "reject"), ("text", "nee")]).await;
    assert_eq!(sneak.status, 403);
    assert_eq!(app.denied_count().await, denied_before + 2, "both refusals are in the audit log");
    assert_eq!(corp.get_bytes(&format!("/mdt/verzoeken/{rid}/pdf")).await.0, 403);

    // The MDT member reads the summary (audited) and decides with conditions; no conditions is refused.
    let reads = app.audit_count("exception_request", "allowed").await;
    let view = mdt.get(&format!("/mdt/verzoeken/{rid}")).await;
    assert_eq!(view.status, 200);
    assert!(view.body.contains("Schuldhulp met behoud van de auto") && view.body.contains("Wettelijke taak"));
    assert_eq!(app.audit_count("exception_request", "allowed").await, reads + 1);
    let (status, pdf) = mdt.get_bytes(&format!("/mdt/verzoeken/{rid}/pdf")).await;
    assert!(status == 200 && pdf.starts_with(b"%PDF-"));
    let empty = mdt
        .post(&format!("/mdt/verzoeken/{rid}/besluit"), &[("csrf", &view.csrf()), ("verdict", "approve_with_conditions"), ("text", "")])
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("besluit-text-error"));
    let decided = mdt
        .post(
            &format!("/mdt/verzoeken/{rid}/besluit"),
            &[("csrf", &view.csrf()), ("verdict", "approve_with_conditions"), ("text", "Huur via automatische incasso")],
        )
        .await;
    assert_eq!(decided.status, 303, "{}", decided.body);
    assert_eq!(app.db.store.household(&id).await.unwrap().unwrap().maatwerk.waiting, 0);

    // The worker puts the outcome and the condition into the plan, under a goal.
    let plan = w.get(&format!("/huishoudens/{id}/plan")).await;
    let due = format_date(app.db.store.today() + time::Duration::days(60));
    let goal = post(
        &mut w,
        &format!("/huishoudens/{id}/plan/doelen"),
        &[
            ("csrf", plan.csrf()),
            ("plan_version", "0".into()),
            ("plan_revision", "0".into()),
            ("domain", "finances".into()),
            ("owner_member_id", member.id.clone()),
            ("text", "Grip op de schulden".into()),
            ("reached_when", "De schuldregeling loopt".into()),
            ("due_on", due.clone()),
        ],
    )
    .await;
    assert_eq!(goal.status, 303, "{}", goal.body);
    let page = w.get(&here).await;
    assert!(page.body.contains("goedgekeurd") && page.body.contains("Huur via automatische incasso"));
    let goal_id = app.db.store.latest_plan(&id).await.unwrap().unwrap().content.goals[0].id.clone();
    let fields = [
        ("csrf", page.csrf()),
        ("plan_version", hidden(&page.body, "plan_version")),
        ("plan_revision", hidden(&page.body, "plan_revision")),
        ("goal_id", goal_id),
        ("due_on", due),
    ];
    let into = post(&mut w, &format!("{here}/plan"), &fields).await;
    assert_eq!(into.status, 303, "{}", into.body);
    let content = app.db.store.latest_plan(&id).await.unwrap().unwrap().content;
    let whats: Vec<&str> = content.actions.iter().map(|a| a.what.as_str()).collect();
    assert_eq!(whats.len(), 2, "{whats:?}");
    assert!(whats.iter().any(|w| w.contains("Schuldhulp met behoud van de auto")));
    assert!(whats.iter().any(|w| w.contains("Huur via automatische incasso")));
    let plan_page = w.get(&format!("/huishoudens/{id}/plan")).await;
    assert!(plan_page.body.contains("Voorwaarde van het MDT: Huur via automatische incasso"));
    let (status, pdf) = w.get_bytes(&format!("{here}/pdf")).await;
    assert!(status == 200 && pdf.starts_with(b"%PDF-"));

    // Policy sees it in the numbers: one approved request of team A with its projected saving.
    let mut policy = app.session_for(Role::Policy).await;
    let page = policy.get("/maatwerk/overzicht?periode=year").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Team A") && !page.body.contains("Ruud"), "counts, no personal data");
    assert!(page.body.contains("minder dan 5"), "one request: the count is not shown");
    let json: serde_json::Value = serde_json::from_str(&policy.get("/api/v1/exception-requests/totals?period=year").await.body).unwrap();
    assert!(json[0]["by_state"]["approved"].is_null() && json[0]["approved_net_total"].is_null(), "{json}");
    // With five approved requests the counts and the savings are shown, and they add up.
    for _ in 0..4 {
        let other = common::shared_request(app, &id, &member.id).await;
        let org = app.org.clone();
        let d = eenplan_domain::maatwerk::Decision { verdict: eenplan_domain::maatwerk::Verdict::Approve, text: String::new() };
        let by = app.users[username(Role::MdtMember)].clone();
        app.db.store.decide_request(&other, &org, &d, &by, &eenplan_store::testing::test_audit("decide")).await.unwrap();
    }
    let json: serde_json::Value = serde_json::from_str(&policy.get("/api/v1/exception-requests/totals?period=year").await.body).unwrap();
    assert_eq!(json[0]["by_state"]["approved"], 5);
    let total = json[0]["approved_net_total"].as_f64().unwrap();
    assert!((total - net).abs() < 0.01, "the saved analysis's stakeholders add up to its saving (the others have none): {total} vs {net}");
    // The patterns dashboard shows the same savings per stakeholder for its period.
    let patterns = policy.get("/patronen").await;
    let savings = patterns.body.split("Besparingen door goedgekeurd maatwerk, per partij").nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(savings.contains("<li>") && savings.contains('€') && !savings.contains("Minder dan 5"), "{savings}");
    assert_eq!(policy.get("/api/v1/exception-requests/totals?period=week").await.status, 422);
});

app_test!(a_concept_edit_on_a_stale_version_keeps_the_input_and_loses_nothing, |app| {
    let id = app.household_in_team_a().await;
    let mut w = app.session_for(Role::Worker).await;
    let list = w.get(&format!("/huishoudens/{id}/maatwerk")).await;
    let created = post(&mut w, &format!("/huishoudens/{id}/maatwerk"), &request_fields(&list.csrf(), "Eerste voorstel")).await;
    let here = created.location.unwrap().split('?').next().unwrap().to_string();
    let page = w.get(&here).await;
    let mut first = request_fields(&page.csrf(), "Tweede voorstel");
    first.push(("version", "1".into()));
    assert_eq!(post(&mut w, &here, &first).await.status, 303);
    let mut stale = request_fields(&page.csrf(), "Derde voorstel van een collega");
    stale.push(("version", "1".into()));
    let refused = post(&mut w, &here, &stale).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("net gewijzigd") && refused.body.contains("Derde voorstel van een collega"));
    let rid = here.rsplit('/').next().unwrap();
    assert_eq!(app.db.store.request(rid).await.unwrap().unwrap().draft.proposal, "Tweede voorstel");
    // A worker of another team cannot open the request.
    let mut other = app.session_of("t.worker.b", Role::Worker).await;
    assert_eq!(other.get(&here).await.status, 403);
});

/// A browser session calling the JSON API (with its CSRF token on writes).
struct Api {
    base: String,
    token: String,
    csrf: String,
    client: reqwest::Client,
}

impl Api {
    async fn of(app: &TestApp, b: &Browser) -> Api {
        let token = b.cookies["eenplan_session"].clone();
        let csrf = app.db.store.session(&token).await.unwrap().unwrap().csrf_token;
        Api { base: app.base.clone(), token, csrf, client: common::client() }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.base)).header("cookie", format!("eenplan_session={}", self.token)).send().await.unwrap()
    }

    async fn post(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("cookie", format!("eenplan_session={}", self.token))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

app_test!(the_api_creates_lists_and_decides_with_the_same_rules, |app| {
    let id = app.household_in_team_a().await;
    let member = app.db.store.members(&id).await.unwrap()[0].id.clone();
    let worker = Api::of(app, &app.session_for(Role::Worker).await).await;
    let bad = worker
        .post(&format!("/api/v1/households/{id}/exception-requests"), serde_json::json!({ "blocking_law": "nope", "proposal": "x" }))
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    let problem: serde_json::Value = bad.json().await.unwrap();
    let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"blocking_law") && fields.contains(&"situation"), "{problem}");

    let shared = common::shared_request(app, &id, &member).await;
    let listed: serde_json::Value = worker.get(&format!("/api/v1/exception-requests?household={id}")).await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["state"], "shared");

    let mdt = Api::of(app, &app.session_for(Role::MdtMember).await).await;
    let mine: serde_json::Value = mdt.get("/api/v1/exception-requests").await.json().await.unwrap();
    assert_eq!(mine[0]["id"], shared.as_str());
    let decision = format!("/api/v1/exception-requests/{shared}/decision");
    assert_eq!(mdt.post(&decision, serde_json::json!({ "verdict": "reject" })).await.status().as_u16(), 422, "a rejection needs a reason");
    let reject = serde_json::json!({ "verdict": "reject", "text": "Eerst de auto laten taxeren" });
    let decided: serde_json::Value = mdt.post(&decision, reject.clone()).await.json().await.unwrap();
    assert_eq!(decided["state"], "rejected");
    assert_eq!(mdt.post(&decision, reject).await.status().as_u16(), 200, "a retry of the same decision is answered as the first");
    let changed = mdt.post(&decision, serde_json::json!({ "verdict": "approve" })).await;
    assert_eq!(changed.status().as_u16(), 422, "a different decision after the outcome is refused");

    let corp = Api::of(app, &other_mdt_member(app).await).await;
    let refused = corp.get(&format!("/api/v1/exception-requests/{shared}")).await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
});
