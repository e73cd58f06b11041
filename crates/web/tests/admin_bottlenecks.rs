//! The administrator keeps the bottleneck taxonomy: the shipped list by kind, a local bottleneck added
//! once, a wrong field comes back with its message and what was typed, a stale form is a conflict, a
//! retired bottleneck is no longer offered for new tags; other roles are refused.

mod common;

use eenplan_domain::Role;
use eenplan_domain::patterns::taxonomy::builtin;

const LOCAL: &str = "wachtlijst-bewind";

/// A text as the templates escape it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn new_form<'a>(csrf: &'a str, code: &'a str, name_nl: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("code", code),
        ("kind", "gap"),
        ("name_nl", name_nl),
        ("name_en", "Waiting list protective administration"),
        ("description_nl", "Lang wachten op een bewindvoerder."),
        ("description_en", ""),
    ]
}

async fn bottleneck_audits(app: &common::TestApp, code: &str, action: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE resource = 'bottleneck' AND resource_id = $1 AND action = $2 AND outcome = 'allowed'
           AND purpose = 'administration'",
    )
    .bind(code)
    .bind(action)
    .fetch_one(app.db.store.pool())
    .await
    .unwrap();
    n
}

app_test!(an_admin_sees_the_shipped_list_and_adds_a_local_bottleneck, |app| {
    let mut admin = app.session_for(Role::Admin).await;
    assert!(admin.get("/beheer").await.body.contains("href=\"/beheer/knelpunten\""), "linked from the admin page");
    let list = admin.get("/beheer/knelpunten").await;
    assert_eq!(list.status, 200);
    for b in builtin() {
        assert!(list.body.contains(&format!("href=\"/beheer/knelpunten/{}\"", b.code)), "{} listed", b.code);
        assert!(list.body.contains(&html(&b.name.nl)), "{} by its Dutch name", b.code);
    }
    for kind in ["Regel", "Werkwijze", "Gat in het aanbod", "Financiële valkuil"] {
        assert!(list.body.contains(&format!("{kind}</h2>")), "grouped by kind: {kind}");
    }
    assert!(list.body.contains("Van Eenplan") && list.body.contains("In gebruik"));
    assert!(!list.body.contains("Zelf toegevoegd"));

    let csrf = list.csrf();
    let added = admin.post("/beheer/knelpunten", &new_form(&csrf, LOCAL, "Wachtlijst beschermingsbewind")).await;
    assert_eq!((added.status, added.location.as_deref()), (303, Some("/beheer/knelpunten?toegevoegd=wachtlijst-bewind")));
    let list = admin.get("/beheer/knelpunten?toegevoegd=wachtlijst-bewind").await;
    assert!(list.body.contains("Het knelpunt &#39;Wachtlijst beschermingsbewind&#39; is toegevoegd."), "{}", list.body);
    assert!(list.body.contains("Zelf toegevoegd"));
    let stored = app.db.store.bottleneck(LOCAL).await.unwrap().unwrap();
    assert!(!stored.shipped && !stored.retired);
    assert_eq!(stored.bottleneck.description.en, "Lang wachten op een bewindvoerder.", "the English description falls back to Dutch");
    assert_eq!(bottleneck_audits(app, LOCAL, "create").await, 1, "the addition is in the audit log");

    // In English, the names and kinds are English.
    let mut en = app.session_for(Role::Admin).await;
    en.cookies.insert("eenplan_lang".into(), "en".into());
    let page = en.get("/beheer/knelpunten").await;
    assert!(page.body.contains(&html(&builtin()[0].name.en)) && page.body.contains("Added here"), "{}", page.body);
});

app_test!(a_wrong_or_taken_code_comes_back_with_its_message, |app| {
    let mut admin = app.session_for(Role::Admin).await;
    let csrf = admin.get("/beheer/knelpunten").await.csrf();
    let count = app.db.store.bottlenecks().await.unwrap().len();

    let bad = admin.post("/beheer/knelpunten", &new_form(&csrf, "Knelpunt 1", "")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("id=\"nieuw-code-error\"") && bad.body.contains("id=\"nieuw-name_nl-error\""), "{}", bad.body);
    assert!(bad.body.contains("Gebruik kleine letters, cijfers en streepjes"), "the code's message in Dutch");
    assert!(bad.body.contains("Vul dit in."), "the name's message in Dutch");
    assert!(bad.body.contains("aria-describedby=\"nieuw-name_nl-error\""), "the message is linked to its field");
    assert!(bad.body.contains("value=\"Knelpunt 1\""), "what was typed is kept");
    assert!(bad.body.contains("value=\"Waiting list protective administration\""));
    assert!(bad.body.contains("Lang wachten op een bewindvoerder.</textarea>"));
    assert!(bad.body.contains("<option value=\"gap\" selected>"), "the chosen kind is kept");

    let taken = admin.post("/beheer/knelpunten", &new_form(&csrf, &builtin()[0].code, "Nog een")).await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("id=\"nieuw-code-error\">Deze code bestaat al."), "{}", taken.body);
    assert!(taken.body.contains("value=\"Nog een\""));
    assert_eq!(app.db.store.bottlenecks().await.unwrap().len(), count, "nothing stored");
    assert_eq!(app.db.store.bottleneck(&builtin()[0].code).await.unwrap().unwrap().bottleneck, builtin()[0], "unchanged");
});

app_test!(an_edit_is_saved_under_its_version_and_a_stale_one_is_a_conflict, |app| {
    let code = builtin()[0].code.clone();
    let path = format!("/beheer/knelpunten/{code}");
    let mut first = app.session_for(Role::Admin).await;
    let mut second = app.session_for(Role::Admin).await;
    let page = first.get(&path).await;
    assert_eq!(page.status, 200);
    let version = app.db.store.bottleneck(&code).await.unwrap().unwrap().version.to_string();
    assert!(page.body.contains(&format!("name=\"version\" value=\"{version}\"")));
    assert!(page.body.contains("<label for=\"knelpunt-retired\">Niet meer te kiezen</label>"));
    assert!(page.body.contains("blijven staan en tellen gewoon mee"), "the hint on existing tags");
    assert!(!page.body.contains("name=\"code\""), "the code is fixed");
    let (c1, c2) = (page.csrf(), second.get(&path).await.csrf());
    let b = &builtin()[0];
    let form = |csrf: &str, name: &str| -> Vec<(String, String)> {
        vec![
            ("csrf".into(), csrf.into()),
            ("version".into(), version.clone()),
            ("kind".into(), b.kind.code().into()),
            ("name_nl".into(), name.into()),
            ("name_en".into(), b.name.en.clone()),
            ("description_nl".into(), b.description.nl.clone()),
            ("description_en".into(), b.description.en.clone()),
        ]
    };
    let mine = form(&c1, "Eerste naam");
    let saved = first.post(&path, &pairs(&mine)).await;
    assert_eq!((saved.status, saved.location.as_deref()), (303, Some(format!("/beheer/knelpunten?opgeslagen={code}").as_str())));
    assert_eq!(app.db.store.bottleneck(&code).await.unwrap().unwrap().bottleneck.name.nl, "Eerste naam");
    assert_eq!(bottleneck_audits(app, &code, "update").await, 1);

    let stale = second.post(&path, &pairs(&form(&c2, "Tweede naam"))).await;
    assert_eq!(stale.status, 422);
    assert!(stale.body.contains("Iemand anders heeft dit knelpunt net aangepast."), "{}", stale.body);
    assert!(stale.body.contains("value=\"Tweede naam\""), "what was typed is kept");
    assert_eq!(app.db.store.bottleneck(&code).await.unwrap().unwrap().bottleneck.name.nl, "Eerste naam", "the other save stands");

    // A wrong field on the edit form, and an unknown code.
    let wrong = form(&c1, "");
    let bad = first.post(&path, &pairs(&wrong)).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("id=\"knelpunt-name_nl-error\""));
    assert_eq!(first.get("/beheer/knelpunten/bestaat-niet").await.status, 404);
    assert_eq!(first.post("/beheer/knelpunten/bestaat-niet", &pairs(&mine)).await.status, 404);
});

app_test!(a_retired_bottleneck_is_no_longer_offered_and_workers_are_refused, |app| {
    let household = app.household_in_team_a().await;
    let tag = common::tag_in(app, &household).await;
    let b = builtin()[0].clone();
    let option = format!("<option value=\"{}\"", b.code);
    let mut worker = app.session_for(Role::Worker).await;
    let tags_path = format!("/huishoudens/{household}/knelpunten");
    assert!(worker.get(&tags_path).await.body.contains(&option), "offered before");

    let mut admin = app.session_for(Role::Admin).await;
    let path = format!("/beheer/knelpunten/{}", b.code);
    let csrf = admin.get(&path).await.csrf();
    let version = app.db.store.bottleneck(&b.code).await.unwrap().unwrap().version.to_string();
    let retire = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("kind", b.kind.code()),
        ("name_nl", b.name.nl.as_str()),
        ("name_en", b.name.en.as_str()),
        ("description_nl", b.description.nl.as_str()),
        ("description_en", b.description.en.as_str()),
        ("retired", "1"),
    ];
    assert_eq!(admin.post(&path, &retire).await.status, 303);
    assert!(app.db.store.bottleneck(&b.code).await.unwrap().unwrap().retired);
    let list = admin.get("/beheer/knelpunten").await;
    assert!(list.body.contains("<strong>Niet meer te kiezen</strong>"));
    assert!(admin.get(&path).await.body.contains("name=\"retired\" type=\"checkbox\" value=\"1\" checked"));

    let page = worker.get(&tags_path).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains(&option), "no longer offered for a new tag");
    assert!(page.body.contains(&format!("/knelpunten/{tag}\">{}</a>", html(&b.name.nl))), "the existing tag keeps it");

    assert_eq!(worker.get("/beheer/knelpunten").await.status, 403);
    assert_eq!(worker.get(&path).await.status, 403);
    let wcsrf = worker.get(&tags_path).await.csrf();
    assert_eq!(worker.post("/beheer/knelpunten", &new_form(&wcsrf, "van-een-medewerker", "Iets")).await.status, 403);
    assert!(app.db.store.bottleneck("van-een-medewerker").await.unwrap().is_none());
});
