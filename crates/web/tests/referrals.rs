//! The financial screening, referrals and consultations as the worker and the partner use them, on
//! SQLite and on PostgreSQL: a screening with a bad answer comes back with the message and the input
//! kept; a suggestion dismissed (with a reason) and one accepted into a referral; a referral that is
//! not ready to send names its missing fields; the partner answers and completes it and the worker
//! sees the outcome on the household page; another organisation sees nothing and is audited; an
//! illegal move is refused in Dutch; a consultation's answer reaches the timeline.

mod common;

use common::{Browser, TestApp};
use eenplan_domain::Role;
use eenplan_store::directory::{NewUser, RoleGrant};

async fn post(b: &mut Browser, path: &str, fields: &[(&str, &str)]) -> common::Page {
    b.post(path, fields).await
}

fn hidden(body: &str, name: &str) -> String {
    body.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_string()
}

/// The screening's answers as form fields, with rent arrears of `rent` months.
fn answers(csrf: &str, rent: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", csrf.to_string()),
        ("done_on", "2026-11-20".into()),
        ("income_source", "work".into()),
        ("income_stable", "ja".into()),
        ("short_months", "0".into()),
        ("application_pending", "nee".into()),
        ("allowance_repayment", "nee".into()),
        ("tax_question", "nee".into()),
        ("rent_arrears_months", rent.into()),
        ("energy_arrears", "nee".into()),
        ("water_arrears", "nee".into()),
        ("health_insurance_arrears_months", "0".into()),
        ("tax_or_fine_arrears", "nee".into()),
        ("collection_stage", "nothing".into()),
        ("keeps_overview", "ja".into()),
        ("money_help", "none".into()),
    ]
}

async fn post_owned(b: &mut Browser, path: &str, fields: &[(&'static str, String)]) -> common::Page {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &refs).await
}

/// A partner user of the social legal advisors (another organisation than `t.partner`'s Geldzorg).
async fn other_partner(app: &TestApp) -> Browser {
    let s = &app.db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let org = s.create_organisation(&tenant, "Raadslieden Test", "social_legal_advisors").await.unwrap().id;
    s.link_social_map(&org, Some("org-raadslieden")).await.unwrap();
    let user =
        NewUser { tenant_id: &tenant, username: "t.sra", display_name: "Sara Raadslid", password_hash: "x", organisation_id: Some(&org) };
    let id = s.create_user(&user, &[RoleGrant { role: Role::Partner, team_id: None }]).await.unwrap();
    let (token, _) = s.create_session(&id, Role::Partner, true, &eenplan_store::testing::test_audit("login")).await.unwrap();
    let mut b = app.browser();
    b.cookies.insert("eenplan_session".into(), token);
    b
}

app_test!(screening_suggestion_referral_partner_outcome, |app| {
    common::geldzorg_on_social_map(app).await;
    let household = app.household_in_team_a().await;
    let member = app.db.store.members(&household).await.unwrap()[0].id.clone();
    let mut w = app.session_for(Role::Worker).await;
    let base = format!("/huishoudens/{household}");

    // The questionnaire; an answer out of range comes back with its message and the input kept.
    let page = w.get(&format!("{base}/financien")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Hoeveel maanden huur"), "the questions are shown");
    let csrf = page.csrf();
    let bad = post_owned(&mut w, &format!("{base}/financien"), &answers(&csrf, "99")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Vul een getal in van 0 tot en met 36"), "{}", bad.body);
    assert!(bad.body.contains("value=\"99\""), "the input is kept");
    assert!(app.db.store.screenings_of_household(&household).await.unwrap().is_empty());

    // Three months of rent arrears: debt counselling and contact with the landlord are suggested.
    let saved = post_owned(&mut w, &format!("{base}/financien"), &answers(&csrf, "3")).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let result_path = saved.location.unwrap();
    let result = w.get(&result_path).await;
    assert!(result.body.contains("schuldhulpverlening") && result.body.contains("contact met de verhuurder"));
    assert!(result.body.contains("Twee maanden of meer huurachterstand"), "the reason is shown");
    let respond = format!("{result_path}/suggesties");
    // Dismissing needs a reason.
    let fields = [("csrf", csrf.as_str()), ("rule", "rent_arrears_two_months"), ("kind", "landlord_contact"), ("decision", "dismiss")];
    let no_reason = post(&mut w, &respond, &[fields.as_slice(), &[("reason", " ")]].concat()).await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.body.contains("Schrijf op waarom je dit voorstel niet overneemt"));
    let dismissed = post(&mut w, &respond, &[fields.as_slice(), &[("reason", "De verhuurder belt zelf al")]].concat()).await;
    assert_eq!(dismissed.status, 303);
    assert!(w.get(&result_path).await.body.contains("De verhuurder belt zelf al"));

    // Accepting makes a concept referral to the chosen service.
    let accept = [
        ("csrf", csrf.as_str()),
        ("rule", "rent_arrears_two_months"),
        ("kind", "debt_counselling"),
        ("decision", "accept"),
        ("service_id", "svc-schuldhulp"),
    ];
    let made = post(&mut w, &respond, &accept).await;
    assert_eq!(made.status, 303, "{}", made.body);
    let referral_path = made.location.unwrap().split('?').next().unwrap().to_string();
    let rid = referral_path.rsplit('/').next().unwrap().to_string();
    let page = w.get(&referral_path).await;
    assert!(page.body.contains("concept"));

    // Not ready to send: no basis and no consent yet; each is named at its field.
    let version = hidden(&page.body, "version");
    let send = [("csrf", csrf.as_str()), ("to", "sent"), ("version", version.as_str())];
    let not_ready = post(&mut w, &format!("{referral_path}/status"), &send).await;
    assert_eq!(not_ready.status, 422);
    assert!(not_ready.body.contains("Kies de grondslag om te delen"));
    assert!(not_ready.body.contains("Kies wie van het huishouden toestemming gaf"), "{}", not_ready.body);
    // The worker completes the draft and sends it.
    let edit = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("reason", "Sanne heeft drie maanden huurachterstand en wil samen een regeling maken."),
        ("shared", "contact_details"),
        ("shared", "finances_summary"),
        ("basis", "consent"),
        ("consent_member_id", member.as_str()),
        ("urgency", "high"),
        ("joint_appointment", "1"),
    ];
    assert_eq!(post(&mut w, &referral_path, &edit).await.status, 303);
    let page = w.get(&referral_path).await;
    let version = hidden(&page.body, "version");
    let sent = post(&mut w, &format!("{referral_path}/status"), &[("csrf", &csrf), ("to", "sent"), ("version", &version)]).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert!(w.get(&referral_path).await.body.contains("verstuurd"));

    // Another organisation does not see it: not in its inbox, refused (and audited) when asked.
    let mut sra = other_partner(app).await;
    assert!(!sra.get("/partner").await.body.contains(&rid));
    let denied_before = app.denied_count().await;
    assert_eq!(sra.get(&format!("/partner/verwijzingen/{rid}")).await.status, 403);
    assert_eq!(app.denied_count().await, denied_before + 1);

    // The partner (Geldzorg) sees it with only what was shared, and answers.
    let mut p = app.session_for(Role::Partner).await;
    let inbox = p.get("/partner").await;
    assert!(inbox.body.contains(&rid), "in the inbox");
    let detail = p.get(&format!("/partner/verwijzingen/{rid}")).await;
    assert_eq!(detail.status, 200);
    assert!(detail.body.contains("Lindelaan") && detail.body.contains("Sanne"), "contact details were shared");
    assert!(detail.body.contains("Hoeveel maanden huur"), "the finances summary was shared");
    assert!(!detail.body.contains("Samenstelling van het huishouden"), "what was not chosen is not shown");
    let pcsrf = detail.csrf();
    let answer = |to: &'static str, outcome: &'static str, reason: &'static str, version: String| {
        vec![
            ("csrf", pcsrf.clone()),
            ("to", to.to_string()),
            ("outcome", outcome.to_string()),
            ("reason", reason.to_string()),
            ("version", version),
        ]
    };
    let status = format!("/partner/verwijzingen/{rid}/status");
    let v = hidden(&detail.body, "version");
    assert_eq!(post_owned(&mut p, &status, &answer("accepted", "", "", v)).await.status, 303);
    // Warm handover: the partner is an involved professional now.
    assert!(w.get(&base).await.body.contains("Schuldhulpverlening"));
    let v = hidden(&p.get(&format!("/partner/verwijzingen/{rid}")).await.body, "version");
    let no_outcome = post_owned(&mut p, &status, &answer("completed", "", "", v.clone())).await;
    assert_eq!(no_outcome.status, 422);
    assert!(no_outcome.body.contains("Kies of de hulp gelukt is"));
    let failure_without_reason = post_owned(&mut p, &status, &answer("completed", "failure", "", v.clone())).await;
    assert!(failure_without_reason.body.contains("Schrijf op waarom de hulp niet gelukt is"));
    let done = post_owned(&mut p, &status, &answer("completed", "success", "Betalingsregeling met de verhuurder", v)).await;
    assert_eq!(done.status, 303, "{}", done.body);

    // The worker sees the outcome on the household page.
    let file = w.get(&base).await;
    assert!(file.body.contains("afgerond") && file.body.contains("Gelukt: Betalingsregeling met de verhuurder"), "{}", file.body);
    // A completed referral goes nowhere: sending it again is refused in Dutch, nothing changes.
    let page = w.get(&referral_path).await;
    assert!(!page.body.contains("name=\"to\""), "no moves are offered for a completed referral");
    let v = app.db.store.referral(&rid).await.unwrap().unwrap().version.to_string();
    let again =
        post(&mut w, &format!("{referral_path}/status"), &[("csrf", &csrf), ("to", "withdrawn"), ("reason", "x"), ("version", &v)]).await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("gaat niet van"), "{}", again.body);
    assert_eq!(app.db.store.referral(&rid).await.unwrap().unwrap().state().code(), "completed");
});

app_test!(a_consultation_is_answered_and_lands_on_the_timeline, |app| {
    common::geldzorg_on_social_map(app).await;
    let household = app.household_in_team_a().await;
    let mut w = app.session_for(Role::Worker).await;
    let base = format!("/huishoudens/{household}");
    let csrf = w.get(&format!("{base}/verwijzingen")).await.csrf();
    let question = "Moet een toeslag terug als de partner vertrekt?";
    // Naming the household needs a member's consent.
    let named = [("csrf", csrf.as_str()), ("organization_id", "org-raadslieden"), ("identification", "identified"), ("question", question)];
    let refused = post(&mut w, &format!("{base}/consulten"), &named).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Kies wie toestemming gaf om de naam te noemen"));
    let anonymous =
        [("csrf", csrf.as_str()), ("organization_id", "org-raadslieden"), ("identification", "anonymised"), ("question", question)];
    let asked = post(&mut w, &format!("{base}/consulten"), &anonymous).await;
    assert_eq!(asked.status, 303);
    let cid = asked.location.unwrap().split('?').next().unwrap().rsplit('/').next().unwrap().to_string();

    // The social legal advisor sees the question without any name or address, and answers.
    let mut sra = other_partner(app).await;
    let page = sra.get(&format!("/partner/consulten/{cid}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(question) && !page.body.contains("Sanne") && !page.body.contains("Lindelaan"));
    // The Geldzorg partner was not asked.
    assert_eq!(app.session_for(Role::Partner).await.get(&format!("/partner/consulten/{cid}")).await.status, 403);
    let v = hidden(&page.body, "version");
    let empty = post(&mut sra, &format!("/partner/consulten/{cid}"), &[("csrf", &page.csrf()), ("answer", ""), ("version", &v)]).await;
    assert_eq!(empty.status, 422);
    let answer = "Ja, vanaf de maand na het vertrek. Vraag een betalingsregeling aan.";
    let done = post(&mut sra, &format!("/partner/consulten/{cid}"), &[("csrf", &page.csrf()), ("answer", answer), ("version", &v)]).await;
    assert_eq!(done.status, 303);
    // The answer is in the consultation and on the household's timeline.
    assert!(w.get(&format!("{base}/consulten/{cid}")).await.body.contains(answer));
    assert!(w.get(&base).await.body.contains(&format!("Antwoord van Sociaal Raadslieden Voorbeeldstad op een consult: {answer}")));
});
