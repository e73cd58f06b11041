//! Partners keep their own listing on the social map, an administrator checks it, on SQLite and
//! PostgreSQL: a partner proposes a change, the administrator sees what changes and approves, and the
//! social map (and its read API) shows it; a rejection needs a reason; bad input is named per field
//! and kept; another organisation's service is refused (and audited); an unlinked partner is told
//! why; the administrator links organisations; the whole map is exported over the API.

mod common;

use common::{Browser, TestApp};
use eenplan_domain::Role;
use eenplan_domain::social_map::proposal::{FIELDS, ProposalState, draft_of};

async fn import_sample(app: &TestApp) {
    let map = eenplan_domain::social_map::from_json(include_str!("../../../data/social-map/voorbeeld-hsds.json")).unwrap();
    app.db.store.import_social_map(&map, &eenplan_store::testing::test_audit("social_map")).await.unwrap();
}

/// The sample map, and the partner's organisation (W&I Test) linked to Geldzorg on it.
async fn linked(app: &TestApp) {
    import_sample(app).await;
    app.db.store.link_social_map(&app.org, Some("org-geldzorg")).await.unwrap();
}

/// The form of a stored service as the browser would send it, with some fields changed.
async fn form_of(app: &TestApp, sid: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let s = app.db.store.service(sid).await.unwrap().unwrap();
    let d = draft_of(&s);
    let mut pairs: Vec<(String, String)> = Vec::new();
    for f in FIELDS {
        let value = changes.iter().find(|(k, _)| k == f).map_or_else(|| d.get(f).to_string(), |(_, v)| v.to_string());
        if *f == "taxonomy" {
            // Checkboxes: one pair per chosen term.
            for t in value.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                pairs.push((f.to_string(), t.to_string()));
            }
        } else {
            pairs.push((f.to_string(), value));
        }
    }
    pairs
}

async fn post_form(b: &mut Browser, path: &str, pairs: &[(String, String)]) -> common::Page {
    let csrf = b.get(path).await.csrf();
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    form.extend(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    b.post(path, &form).await
}

async fn pending(app: &TestApp) -> Vec<eenplan_store::listing_proposals::Proposal> {
    app.db.store.pending_listing_proposals(10).await.unwrap()
}

async fn api_service(app: &TestApp, sid: &str) -> serde_json::Value {
    let mut w = app.session_for(Role::Worker).await;
    serde_json::from_str(&w.get(&format!("/api/v1/services/{sid}")).await.body).unwrap()
}

app_test!(a_partner_proposes_a_change_and_the_admin_approves_it, |app| {
    linked(app).await;
    let mut p = app.session_for(Role::Partner).await;
    let overview = p.get("/partner/aanbod").await;
    assert_eq!(overview.status, 200);
    assert!(overview.body.contains("Stichting Geldzorg Voorbeeldstad") && overview.body.contains("/partner/aanbod/svc-schuldhulp"));
    assert!(overview.body.contains("href=\"/partner/aanbod\""), "the nav has 'Ons aanbod'");
    assert!(overview.body.contains("Ons aanbod"));
    let form = p.get("/partner/aanbod/svc-schuldhulp").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"030 000 0001\"") && form.body.contains("value=\"3500-3549, 3560\""), "{}", form.body);

    let changes = [("phone", "030 999 9999"), ("wait_time_days", "7"), ("languages", "nl, en, ar, tr, so")];
    let sent = post_form(&mut p, "/partner/aanbod/svc-schuldhulp", &form_of(app, "svc-schuldhulp", &changes).await).await;
    assert_eq!((sent.status, sent.location.as_deref()), (303, Some("/partner/aanbod?voorgesteld=1")), "{}", sent.body);
    assert!(p.get("/partner/aanbod?voorgesteld=1").await.body.contains("Uw voorstel is verstuurd"));
    assert_eq!(api_service(app, "svc-schuldhulp").await["phone"], "030 000 0001", "nothing changes before the check");
    let list = pending(app).await;
    assert_eq!(list.len(), 1);

    // The administrator sees the diff and approves.
    let mut a = app.session_for(Role::Admin).await;
    assert!(a.get("/beheer").await.body.contains("href=\"/beheer/sociale-kaart\""));
    let page = a.get("/beheer/sociale-kaart").await;
    assert_eq!(page.status, 200);
    for text in ["Schuldhulpverlening", "Telefoonnummer", "030 000 0001", "030 999 9999", "Wachttijd in dagen", "nl, en, ar, tr, so"] {
        assert!(page.body.contains(text), "{text} missing");
    }
    assert!(!page.body.contains("Kosten</th>"), "unchanged fields are not listed");
    let csrf = page.csrf();
    let path = format!("/beheer/sociale-kaart/voorstellen/{}/goedkeuren", list[0].id);
    let stale = a.post(&path, &[("csrf", &csrf), ("version", "0")]).await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("al behandeld"));
    let done = a.post(&path, &[("csrf", &csrf), ("version", "1")]).await;
    assert_eq!((done.status, done.location.as_deref()), (303, Some("/beheer/sociale-kaart?klaar=goedgekeurd")));
    assert!(a.get("/beheer/sociale-kaart?klaar=goedgekeurd").await.body.contains("De sociale kaart is bijgewerkt"));

    // The social map changed, and its read API shows it.
    let s = api_service(app, "svc-schuldhulp").await;
    assert_eq!((s["phone"].as_str(), s["wait_time_days"].as_u64()), (Some("030 999 9999"), Some(7)));
    assert_eq!(s["languages"], serde_json::json!(["nl", "en", "ar", "tr", "so"]));
    assert_eq!(s["contacts"][0]["name"], "Fatima el Amrani", "contacts are kept");
    let mut w = app.session_for(Role::Worker).await;
    let found: serde_json::Value = serde_json::from_str(&w.get("/api/v1/services?language=so").await.body).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 2, "Somali is offered by two services now");
    assert!(pending(app).await.is_empty());
    assert!(p.get("/partner/aanbod").await.body.contains("goedgekeurd"));

    // Every proposal, read and verdict is in the audit log.
    assert_eq!(app.audit_count("listing_proposal", "allowed").await, 2, "proposed and approved");
    assert!(app.audit_count("listing_proposals", "allowed").await >= 3, "the partner's and the admin's reads");
});

app_test!(a_new_service_is_proposed_and_added, |app| {
    linked(app).await;
    let mut p = app.session_for(Role::Partner).await;
    let form = [
        ("name", "Formulierenhulp"),
        ("status", "active"),
        ("languages", "nl"),
        ("service_areas", "3500-3599"),
        ("taxonomy", "domain:finances"),
        ("taxonomy", "kind:budget_coaching"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()));
    let sent = post_form(&mut p, "/partner/aanbod/nieuw", &form).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let list = pending(app).await;
    assert!(list[0].is_new && list[0].service_id.starts_with("svc-"));
    let mut a = app.session_for(Role::Admin).await;
    let page = a.get("/beheer/sociale-kaart").await;
    assert!(page.body.contains("nieuwe dienst") && page.body.contains("Formulierenhulp"));
    let path = format!("/beheer/sociale-kaart/voorstellen/{}/goedkeuren", list[0].id);
    assert_eq!(a.post(&path, &[("csrf", &page.csrf()), ("version", "1")]).await.status, 303);
    let names: Vec<String> = app.db.store.services_of("org-geldzorg").await.unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["Schuldhulpverlening", "Budgetcoaching", "Formulierenhulp"]);
});

app_test!(a_rejection_without_a_reason_changes_nothing, |app| {
    linked(app).await;
    let mut p = app.session_for(Role::Partner).await;
    let form = form_of(app, "svc-budgetcoach", &[("fees_description", "Gratis")]).await;
    assert_eq!(post_form(&mut p, "/partner/aanbod/svc-budgetcoach", &form).await.status, 303);
    let id = pending(app).await[0].id.clone();
    let before = app.db.store.service("svc-budgetcoach").await.unwrap();
    let mut a = app.session_for(Role::Admin).await;
    let csrf = a.get("/beheer/sociale-kaart").await.csrf();
    let path = format!("/beheer/sociale-kaart/voorstellen/{id}/afwijzen");
    let bad = a.post(&path, &[("csrf", &csrf), ("version", "1"), ("reason", "   ")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Schrijf op waarom u het voorstel afwijst"), "{}", bad.body);
    assert!(bad.body.contains(&format!("besluit-{id}-reason-error")), "the message is at the field");
    assert_eq!(app.db.store.listing_proposal(&id).await.unwrap().unwrap().state, ProposalState::Pending);
    assert_eq!(app.db.store.service("svc-budgetcoach").await.unwrap(), before);

    let done = a.post(&path, &[("csrf", &csrf), ("version", "1"), ("reason", "Budgetcoaching kost € 25 per maand.")]).await;
    assert_eq!(done.status, 303);
    assert_eq!(app.db.store.service("svc-budgetcoach").await.unwrap(), before, "a rejection changes nothing on the map");
    let mine = p.get("/partner/aanbod").await.body;
    assert!(mine.contains("afgewezen") && mine.contains("Budgetcoaching kost € 25 per maand."), "the partner reads the reason");
});

app_test!(bad_input_is_named_per_field_and_kept, |app| {
    linked(app).await;
    let mut p = app.session_for(Role::Partner).await;
    let form = form_of(app, "svc-schuldhulp", &[("name", ""), ("languages", "nl, xx"), ("service_areas", "3500-35, 3560")]).await;
    let res = post_form(&mut p, "/partner/aanbod/svc-schuldhulp", &form).await;
    assert_eq!(res.status, 422);
    for field in ["name", "languages", "service_areas"] {
        assert!(res.body.contains(&format!("aanbod-{field}-error")), "{field} has no message");
    }
    assert!(!res.body.contains("aanbod-phone-error"));
    assert!(res.body.contains("&#39;xx&#39; is geen taalcode") || res.body.contains("'xx' is geen taalcode"), "{}", res.body);
    assert!(res.body.contains("Dit zijn geen goede postcodes") && res.body.contains("Vul dit in."));
    assert!(res.body.contains("value=\"nl, xx\"") && res.body.contains("value=\"3500-35, 3560\""), "what was typed is kept");
    assert!(pending(app).await.is_empty());

    // Nothing changed: no proposal either.
    let same = post_form(&mut p, "/partner/aanbod/svc-schuldhulp", &form_of(app, "svc-schuldhulp", &[]).await).await;
    assert_eq!(same.status, 422);
    assert!(same.body.contains("U heeft niets veranderd"));
    assert!(pending(app).await.is_empty());
});

app_test!(a_partner_cannot_propose_for_another_organisations_service, |app| {
    linked(app).await;
    let mut p = app.session_for(Role::Partner).await;
    let denied = app.audit_count("listing_proposal", "denied").await;
    assert_eq!(p.get("/partner/aanbod/svc-raadslieden").await.status, 403);
    let csrf = p.get("/partner/aanbod").await.csrf();
    let res = p.post("/partner/aanbod/svc-raadslieden", &[("csrf", &csrf), ("name", "Overgenomen"), ("status", "active")]).await;
    assert_eq!(res.status, 403);
    assert_eq!(app.audit_count("listing_proposal", "denied").await, denied + 2, "both refusals are audited");
    let (reason,): (Option<String>,) =
        sqlx::query_as("SELECT reason FROM audit_log WHERE resource = 'listing_proposal' AND outcome = 'denied' ORDER BY seq DESC LIMIT 1")
            .fetch_one(app.db.store.pool())
            .await
            .unwrap();
    assert_eq!(reason.as_deref(), Some("not_own_service"));
    assert!(pending(app).await.is_empty());
    assert_eq!(app.db.store.service("svc-raadslieden").await.unwrap().unwrap().name, "Spreekuur sociaal raadslieden");
    assert_eq!(p.get("/partner/aanbod/nope").await.status, 404);
    // Other roles do not reach the pages at all.
    assert_eq!(app.session_for(Role::Worker).await.get("/partner/aanbod").await.status, 403);
    assert_eq!(app.session_for(Role::Partner).await.get("/beheer/sociale-kaart").await.status, 403);
});

app_test!(an_unlinked_partner_is_told_why, |app| {
    import_sample(app).await;
    let mut p = app.session_for(Role::Partner).await;
    let page = p.get("/partner/aanbod").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Uw organisatie is nog niet gekoppeld aan de sociale kaart"), "{}", page.body);
    assert!(!page.body.contains("/partner/aanbod/nieuw"));
    assert_eq!(p.get("/partner/aanbod/nieuw").await.status, 403);
    assert_eq!(p.get("/partner/aanbod/svc-schuldhulp").await.status, 403);
});

app_test!(the_admin_links_an_organisation_to_the_social_map, |app| {
    import_sample(app).await;
    let mut a = app.session_for(Role::Admin).await;
    let page = a.get("/beheer/sociale-kaart").await;
    assert!(page.body.contains("I Test<") && page.body.contains("Sociaal Raadslieden Voorbeeldstad"));
    let csrf = page.csrf();
    let bad =
        a.post("/beheer/sociale-kaart/koppelingen", &[("csrf", &csrf), ("organisation", &app.org), ("social_map_id", "org-nope")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Kies een organisatie uit de lijst"));
    assert_eq!(app.db.store.social_map_id_of(&app.org).await.unwrap(), None);
    let ok = a
        .post("/beheer/sociale-kaart/koppelingen", &[("csrf", &csrf), ("organisation", &app.org), ("social_map_id", "org-raadslieden")])
        .await;
    assert_eq!((ok.status, ok.location.as_deref()), (303, Some("/beheer/sociale-kaart?klaar=gekoppeld")));
    assert_eq!(app.db.store.social_map_id_of(&app.org).await.unwrap().as_deref(), Some("org-raadslieden"));
    assert_eq!(app.audit_count("organisation", "allowed").await, 1);
    // Now the partner sees its listing.
    let mine = app.session_for(Role::Partner).await.get("/partner/aanbod").await.body;
    assert!(mine.contains("Spreekuur sociaal raadslieden"));
    // Empty: the link is removed.
    a.post("/beheer/sociale-kaart/koppelingen", &[("csrf", &csrf), ("organisation", &app.org), ("social_map_id", "")]).await;
    assert_eq!(app.db.store.social_map_id_of(&app.org).await.unwrap(), None);
});

app_test!(the_whole_map_is_exported_over_the_api, |app| {
    import_sample(app).await;
    let (key, _) = app.db.store.create_api_key(&app.org, Role::Partner, "export").await.unwrap();
    let res = common::client().get(format!("{}/api/v1/hsds/export", app.base)).bearer_auth(key).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let body = res.text().await.unwrap();
    let read = eenplan_domain::social_map::from_json(&body).expect("what import services reads");
    assert_eq!(read, app.db.store.export_social_map().await.unwrap());
    let openapi = common::client().get(format!("{}/api/v1/openapi.json", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(openapi.contains("/api/v1/hsds/export"));
});
