//! Early signals in numbers (`/vroegsignalering/overzicht`, `/api/v1/signals/statistics`), on SQLite
//! and on PostgreSQL: policy sees the page and the JSON per period and team, a worker is refused,
//! counts from 1 to 4 are "fewer than 5" (and `null`), and no name or address is in the output.

mod common;

use common::{TestApp, username};
use eenplan_domain::Role;
use eenplan_domain::household::format_date;
use eenplan_domain::signals::outreach::{AttemptKind, AttemptResult};
use eenplan_domain::signals::{RawSignal, SenderKind, check_signal};
use eenplan_store::signals::SignalSettings;
use eenplan_store::testing::test_audit;
use serde_json::Value;

const FAMILY: &str = "Verborgenhuis";
const STREET: &str = "Geheimstraat";

/// Six meldingen in team A (five of them tried and reached the day they came in) and two in team B.
async fn seed(app: &TestApp) {
    let s = &app.db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    let org = s.create_organisation(&tenant, "Woonstichting Oost", "housing_corporation").await.unwrap().id;
    s.set_sender_kind(&org, SenderKind::HousingCorporation).await.unwrap();
    let today = s.today();
    let signal = |i: usize, postcode: &str| {
        check_signal(
            &RawSignal {
                sender_reference: format!("D-{i}"),
                signal_type: "rent".into(),
                amount: "800".into(),
                signal_date: format_date(today),
                given_names: "Karin".into(),
                family_name: format!("{FAMILY}{i}"),
                street: STREET.into(),
                house_number: (i + 1).to_string(),
                postcode: postcode.into(),
                city: "Voorbeeldstad".into(),
                phone: "0612345678".into(),
                ..Default::default()
            },
            today,
        )
        .unwrap()
    };
    let signals: Vec<_> = (0..6).map(|i| signal(i, "3514 BX")).chain((6..8).map(|i| signal(i, "3555 AA"))).collect();
    let audit = test_audit("signals");
    let got = s.receive_signals(&org, &signals, &SignalSettings::default(), &audit).await.unwrap();
    let worker = &app.users[username(Role::Worker)];
    for r in &got[..5] {
        let id = r.melding_id();
        s.assign_melding(id, 1, Some(worker), &audit).await.unwrap();
        s.record_attempt(id, 2, (AttemptKind::Phone, AttemptResult::Reached), today, None, (worker, "t.worker"), &audit).await.unwrap();
    }
}

fn no_personal_data(body: &str) {
    for leak in [FAMILY, STREET, "Karin", "3514", "3555", "0612345678", "D-1", "Woonstichting"] {
        assert!(!body.contains(leak), "{leak} in the output");
    }
}

app_test!(policy_sees_the_figures_with_small_counts_hidden, |app| {
    seed(app).await;
    let mut policy = app.session_for(Role::Policy).await;
    let page = policy.get("/vroegsignalering/overzicht").await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert!(body.contains("Vroegsignalering in cijfers") && body.contains("href=\"/vroegsignalering/overzicht\""), "in the nav");
    let month = eenplan_domain::maatwerk_totals::Period::Month.label(app.db.store.today());
    assert!(body.contains(&month));
    // Team A's row: six meldingen, five tried, a median of 0 days and all reached.
    let team_a = body.split("<td>Team A</td>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(
        team_a.contains("<td class=\"num\">6</td><td class=\"num\">6</td><td class=\"num\">5</td><td class=\"num\">0,0</td>"),
        "{team_a}"
    );
    assert!(team_a.contains("100%"), "{team_a}");
    // Team B's two meldingen: fewer than 5, no median or rate.
    let team_b = body.split("<td>Team B</td>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(team_b.contains("minder dan 5") && team_b.contains("—") && !team_b.contains("%"), "{team_b}");
    no_personal_data(body);

    let json = policy.get("/api/v1/signals/statistics").await;
    assert_eq!(json.status, 200, "{}", json.body);
    no_personal_data(&json.body);
    let rows: Value = serde_json::from_str(&json.body).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let a = rows.iter().find(|r| r["team"] == "Team A").unwrap();
    assert_eq!((a["period"].as_str(), a["team_id"].as_str()), (Some(month.as_str()), Some(app.team_a.as_str())));
    assert_eq!(
        (a["meldingen"].as_u64(), a["signals"].as_u64(), a["attempted"].as_u64(), a["reached"].as_u64()),
        (Some(6), Some(6), Some(5), Some(5))
    );
    assert_eq!((a["median_days_to_first_attempt"].as_f64(), a["reach_rate"].as_f64()), (Some(0.0), Some(1.0)));
    assert_eq!((a["by_type"]["rent"].as_u64(), a["by_type"]["gas"].as_u64()), (Some(6), Some(0)));
    assert_eq!(a["by_sender_kind"]["housing_corporation"].as_u64(), Some(6));
    // One melding still untried is open like the five: all six open, none closed.
    assert_eq!((a["open"].as_u64(), a["outcomes"]["help_accepted"].as_u64(), a["repeats"].as_u64()), (Some(6), Some(0), Some(0)));
    let b = rows.iter().find(|r| r["team"] == "Team B").unwrap();
    assert!(b["meldingen"].is_null() && b["signals"].is_null() && b["by_type"]["rent"].is_null() && b["open"].is_null());
    assert!(b["median_days_to_first_attempt"].is_null() && b["reach_rate"].is_null());
    assert_eq!(b["by_type"]["water"].as_u64(), Some(0), "0 is not small: it points at nobody");

    // Another period and a later start; bad input is a 422 naming the field.
    let year = policy.get("/api/v1/signals/statistics?period=year").await;
    assert_eq!(serde_json::from_str::<Value>(&year.body).unwrap()[0]["period"], app.db.store.today().year().to_string());
    let tomorrow = format_date(app.db.store.today().next_day().unwrap());
    let later = policy.get(&format!("/vroegsignalering/overzicht?periode=quarter&vanaf={tomorrow}")).await;
    assert!(later.status == 200 && later.body.contains("Er zijn geen meldingen in deze periode."));
    let bad = policy.get("/api/v1/signals/statistics?period=week").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("period"));
    // The team lead sees it too.
    assert_eq!(app.session_for(Role::TeamLead).await.get("/vroegsignalering/overzicht").await.status, 200);
});

app_test!(a_worker_is_refused, |app| {
    seed(app).await;
    let mut worker = app.session_for(Role::Worker).await;
    let before = app.denied_count().await;
    for path in ["/vroegsignalering/overzicht", "/api/v1/signals/statistics"] {
        let page = worker.get(path).await;
        assert_eq!(page.status, 403, "{path}");
        no_personal_data(&page.body);
    }
    assert_eq!(app.denied_count().await, before + 2);
    // The worker's nav has no link to it.
    assert!(!worker.get("/").await.body.contains("/vroegsignalering/overzicht"));
});
