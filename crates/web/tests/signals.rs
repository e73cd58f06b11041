//! Early signals over the API and in the team's pages, on SQLite and on PostgreSQL: a batch with bad
//! signals keeps the good ones and names each problem; a repeat is a duplicate with the first id; a
//! worker picks a melding up, records attempts and closes it with accepted help, which makes the
//! household with the signal on its timeline; the sender hears the category only; another team is
//! refused and audited.

mod common;

use common::TestApp;
use eenplan_domain::Role;
use serde_json::{Value, json};

async fn sender_key(app: &TestApp) -> String {
    let s = &app.db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let org = s.create_organisation(&tenant, "Woonstichting Oost", "housing_corporation").await.unwrap().id;
    s.create_api_key(&org, Role::SignalSender, "test").await.unwrap().0
}

fn signal(reference: &str, today: &str) -> Value {
    json!({
        "sender_reference": reference, "signal_type": "rent", "amount": "1.250,00", "months_in_arrears": "2",
        "signal_date": today, "given_names": "Karin", "family_name": "Mulder", "date_of_birth": "1979-09-09",
        "street": "Beukstraat", "house_number": "21", "postcode": "3514 BX", "city": "Voorbeeldstad", "phone": "0612345678"
    })
}

async fn post(app: &TestApp, key: &str, body: &Value) -> (u16, Value) {
    let res = common::client().post(format!("{}/api/v1/signals", app.base)).bearer_auth(key).json(body).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn hidden(body: &str, name: &str) -> String {
    body.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_string()
}

app_test!(a_batch_keeps_good_signals_names_bad_ones_and_repeats_are_duplicates, |app| {
    let key = sender_key(app).await;
    let today = eenplan_domain::household::format_date(app.db.store.today());
    let mut bad_type = signal("B-2", &today);
    bad_type["signal_type"] = json!("phone_bill");
    let mut negative = signal("B-3", &today);
    negative["amount"] = json!("-10");
    negative["postcode"] = json!("35 14");
    let (status, answer) = post(app, &key, &json!({ "signals": [signal("B-1", &today), bad_type, negative] })).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!((answer["received"].as_u64(), answer["rejected"].as_u64()), (Some(1), Some(2)));
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results[0]["status"], "created");
    assert_eq!(results[1]["status"], "rejected");
    assert_eq!(results[1]["errors"][0]["field"], "signals[1].signal_type");
    let fields: Vec<&str> = results[2]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"signals[2].amount") && fields.contains(&"signals[2].postcode"), "{fields:?}");
    // The same signal again (a retry): a duplicate with the first id, nothing new stored.
    let (status, again) = post(app, &key, &signal("B-1", &today)).await;
    assert_eq!(status, 200);
    assert_eq!(again["results"][0]["status"], "duplicate");
    assert_eq!(again["results"][0]["signal_id"], results[0]["signal_id"]);
    // A single bad signal: 422 problem+json per field, nothing stored.
    let (status, problem) = post(app, &key, &json!({ "sender_reference": "B-9", "signal_type": "rent" })).await;
    assert_eq!(status, 422);
    assert!(problem["errors"].as_array().unwrap().iter().any(|e| e["field"] == "family_name"), "{problem}");
    // A key of another role is refused.
    let (mdt_key, _) = app.db.store.create_api_key(&app.org, Role::MdtMember, "x").await.unwrap();
    assert_eq!(post(app, &mdt_key, &signal("B-5", &today)).await.0, 403);
});

app_test!(outreach_from_queue_to_household_with_feedback_to_the_sender, |app| {
    let key = sender_key(app).await;
    let today = eenplan_domain::household::format_date(app.db.store.today());
    let (_, answer) = post(app, &key, &signal("O-1", &today)).await;
    let mid = answer["results"][0]["melding_id"].as_str().unwrap().to_string();

    // Team A's worker sees it in the queue; team B's worker is refused the melding, and audited.
    let mut w = app.session_for(Role::Worker).await;
    let queue = w.get("/vroegsignalering").await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains(&mid) && queue.body.contains("huurachterstand"));
    let mut other = app.session_of("t.worker.b", Role::Worker).await;
    assert!(!other.get("/vroegsignalering").await.body.contains(&mid));
    let denied = app.denied_count().await;
    assert_eq!(other.get(&format!("/vroegsignalering/{mid}")).await.status, 403);
    assert_eq!(app.denied_count().await, denied + 1);

    let page = w.get(&format!("/vroegsignalering/{mid}")).await;
    assert!(page.body.contains("Karin Mulder") && page.body.contains("Beukstraat 21"));
    let csrf = page.csrf();
    let path = |p: &str| format!("/vroegsignalering/{mid}/{p}");
    let v = hidden(&page.body, "version");
    assert_eq!(w.post(&path("toewijzen"), &[("csrf", &csrf), ("version", &v)]).await.status, 303);
    let page = w.get(&format!("/vroegsignalering/{mid}")).await;
    let v = hidden(&page.body, "version");
    // A date in the future is refused at its field, the rest kept.
    let future = eenplan_domain::household::format_date(app.db.store.today() + time::Duration::days(3));
    let bad = w
        .post(&path("contactpoging"), &[("csrf", &csrf), ("version", &v), ("kind", "phone"), ("result", "reached"), ("on", &future)])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("poging-on-error"));
    let ok = w
        .post(&path("contactpoging"), &[("csrf", &csrf), ("version", &v), ("kind", "home_visit"), ("result", "reached"), ("on", &today)])
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let page = w.get(&format!("/vroegsignalering/{mid}")).await;
    let v = hidden(&page.body, "version");
    // "No contact" after reaching the resident is refused in Dutch.
    let wrong = w.post(&path("afsluiten"), &[("csrf", &csrf), ("version", &v), ("outcome", "no_contact")]).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Je hebt de bewoner gesproken"));
    let done = w.post(&path("afsluiten"), &[("csrf", &csrf), ("version", &v), ("outcome", "help_accepted")]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    // Accepted help: a household (new: nobody was known at the address) with the signal on its timeline.
    let household = done.location.unwrap().split('?').next().unwrap().to_string();
    let file = w.get(&household).await;
    assert!(file.body.contains("Karin") && file.body.contains("Vroegsignaal, hulp aangenomen"), "{}", file.body);
    assert!(file.body.contains("huurachterstand: € 1.250"));

    // The sender hears the category, nothing else.
    let res = common::client().get(format!("{}/api/v1/signals/feedback", app.base)).bearer_auth(&key).send().await.unwrap();
    let feedback: Value = res.json().await.unwrap();
    assert_eq!(feedback, json!([{ "sender_reference": "O-1", "feedback": "in_help", "closed_on": today }]));
});

app_test!(a_melding_outside_every_area_waits_for_the_team_leads, |app| {
    let key = sender_key(app).await;
    let today = eenplan_domain::household::format_date(app.db.store.today());
    let mut far = signal("F-1", &today);
    far["postcode"] = json!("9711 AA");
    let (_, answer) = post(app, &key, &far).await;
    let mid = answer["results"][0]["melding_id"].as_str().unwrap().to_string();
    let mut lead = app.session_for(Role::TeamLead).await;
    assert!(lead.get("/vroegsignalering").await.body.contains(&mid), "in the team lead's triage");
    assert_eq!(lead.get(&format!("/vroegsignalering/{mid}")).await.status, 200);
    let mut w = app.session_for(Role::Worker).await;
    assert!(!w.get("/vroegsignalering").await.body.contains(&mid));
    assert_eq!(w.get(&format!("/vroegsignalering/{mid}")).await.status, 403);
    // The worker may not send it on; the team lead may, to a team that exists.
    let page = lead.get(&format!("/vroegsignalering/{mid}")).await;
    assert!(page.body.contains("Naar een ander team"));
    let (csrf, v) = (page.csrf(), hidden(&page.body, "version"));
    let route = format!("/vroegsignalering/{mid}/team");
    let worker_csrf = w.get("/").await.csrf();
    assert_eq!(w.post(&route, &[("csrf", &worker_csrf), ("version", &v), ("team_id", &app.team_a)]).await.status, 403);
    let wrong = lead.post(&route, &[("csrf", &csrf), ("version", &v), ("team_id", "no-such-team")]).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("team-team_id-error") && wrong.body.contains("Kies een team"), "{}", wrong.body);
    let sent = lead.post(&route, &[("csrf", &csrf), ("version", &v), ("team_id", &app.team_a)]).await;
    assert_eq!(sent.status, 303);
    assert!(lead.get("/vroegsignalering?klaar=doorgezet").await.body.contains("wachtrij van het gekozen team"));
    // Now it waits in team A's queue, for its workers.
    assert!(w.get("/vroegsignalering").await.body.contains(&mid));
    assert_eq!(w.get(&format!("/vroegsignalering/{mid}")).await.status, 200);
    // A second send with the old version is a conflict, said in Dutch.
    let stale = lead.post(&route, &[("csrf", &csrf), ("version", &v), ("team_id", &app.team_a)]).await;
    assert_eq!(stale.status, 422);
    assert!(stale.body.contains("Iemand anders heeft dit signaal net veranderd"));
});
