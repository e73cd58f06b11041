//! `serve --demo` fills the fictitious municipality with households drawn from SITUATIONS.md, once.

use eenplan_domain::alerts::{Alert, AlertSettings, alerts};
use eenplan_domain::household::{Law, LifeDomain, Status, age_on, birthday};
use eenplan_store::Store;
use eenplan_store::households::SearchQuery;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_eenplan");

/// Starts `serve --demo`, waits until it listens (the demo is loaded before), and stops it.
fn serve_demo_once(url: &str) {
    let mut child = Command::new(BIN)
        .args(["serve", "--demo", "--addr", "127.0.0.1:0", "--database", url])
        .env_remove("EENPLAN_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .env_remove("EENPLAN_DATA_KEY")
        .env_remove("EENPLAN_DATA_KEY_FILE")
        .env("EENPLAN_LOG", "warn")
        .env("EENPLAN_DEMO_PASSWORD", "een-lang-demo-wachtwoord")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let first = BufReader::new(child.stdout.take().unwrap()).lines().next();
    let _ = child.kill();
    let _ = child.wait();
    let first = first.expect("serve prints a line").unwrap();
    assert!(first.contains("runs at http://"), "{first}");
}

async fn household_count(store: &Store) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM households").fetch_one(store.pool()).await.unwrap().0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_households_cover_the_situations_and_load_once() {
    let dir = std::env::temp_dir().join(format!("eenplan-demo-households-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let url = format!("sqlite://{}/e.db", dir.display());
    serve_demo_once(&url);

    let vault = eenplan_store::vault::Vault::from_file_or_create(&dir.join("eenplan.key")).unwrap();
    let store = Store::connect(&url).await.unwrap().with_vault(vault);
    let today = store.today();
    let count = household_count(&store).await;
    assert!(count >= 20, "{count} demo households");

    let social = store.team_by_name("Buurtteam Oost").await.unwrap().unwrap().id;
    let youth = store.team_by_name("Buurtteam Jeugd en Gezin Oost").await.unwrap().unwrap().id;
    let teams = [social.clone(), youth.clone()];
    assert!(!store.triage_queue(10).await.unwrap().is_empty(), "one intake waits in the triage queue");

    // SITUATIONS.md 2: the single mother asking about debts and housing is with the social team.
    let found = store.search(&SearchQuery { name: Some("Ayse Celik".into()), ..Default::default() }, &teams, 5).await.unwrap();
    let mother = found.first().expect("the single mother is found");
    assert_eq!(mother.household.lead_team_id.as_deref(), Some(social.as_str()));
    assert_eq!(mother.household.co_team_id, None);
    assert!(mother.members.len() >= 2, "she has children");
    let intakes = store.intakes(&mother.household.id).await.unwrap();
    assert_eq!(intakes[0].domains, vec![LifeDomain::Finances, LifeDomain::Housing]);

    // SITUATIONS.md 3: the young man turns 18 in about four months, with active youth care.
    let found = store.search(&SearchQuery { name: Some("Jayden Mulder".into()), ..Default::default() }, &teams, 5).await.unwrap();
    let young = found.first().expect("the young man is found");
    let jayden = young.members.iter().find(|m| m.given_names == "Jayden").unwrap();
    let born = jayden.date_of_birth.expect("date of birth");
    assert_eq!(age_on(born, today), 17);
    let until_18 = (birthday(born, 18) - today).whole_days();
    assert!((100..=140).contains(&until_18), "turns 18 in {until_18} days");
    let inv = store.involvements(&young.household.id).await.unwrap();
    assert!(inv.iter().any(|i| i.law == Law::Jeugdwet && i.until.is_none_or(|u| u >= today)), "active Jeugdwet involvement");

    // The demo worker's caseload shows the alerts the situations are about.
    let worker = store.user_by_username("demo.worker").await.unwrap().unwrap();
    let caseload = store.caseload(Some(&worker.id), &[], 500).await.unwrap();
    assert!(caseload.len() >= 12, "most households are with demo.worker: {}", caseload.len());
    let shown: Vec<Alert> = caseload.iter().flat_map(|s| alerts(&s.alert_facts(), today, &AlertSettings::default())).collect();
    assert!(shown.iter().any(|a| matches!(a, Alert::Turning18 { .. })), "{shown:?}");
    assert!(shown.contains(&Alert::TwoTeamsNoSharedPlan), "{shown:?}");
    assert!(shown.iter().any(|a| matches!(a, Alert::NoRecentContact { weeks } if *weeks >= 8)), "{shown:?}");
    // SITUATIONS.md 10: the landlord's signal came in weeks ago and nobody picked it up.
    let social = caseload[0].household.lead_team_id.clone().expect("a team");
    let team_caseload = store.caseload(None, std::slice::from_ref(&social), 500).await.unwrap();
    let overdue: Vec<Alert> = team_caseload.iter().flat_map(|s| alerts(&s.alert_facts(), today, &AlertSettings::default())).collect();
    assert!(overdue.iter().any(|a| matches!(a, Alert::IntakeOverdue { days } if *days >= 20)), "{overdue:?}");
    let youth_caseload = store.caseload(None, std::slice::from_ref(&youth), 500).await.unwrap();
    assert!(youth_caseload.len() >= 3, "the youth team has households too");
    let closed: i64 = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM households WHERE status = $1 AND close_reason IS NOT NULL")
        .bind(Status::Closed.code())
        .fetch_one(store.pool())
        .await
        .unwrap()
        .0;
    assert!(closed >= 1, "a closed household with its reason");

    // SITUATIONS.md 1 shows a whole cycle: assessed twice, a plan agreed, its next version in draft.
    let ruud = store.search(&SearchQuery { name: Some("Ruud van der Linden".into()), ..Default::default() }, &teams, 5).await.unwrap();
    let ruud = &ruud.first().expect("Ruud is found").household.id;
    let assessed = store.assessments(ruud).await.unwrap();
    assert_eq!(assessed.len(), 2);
    assert!(assessed[0].score_map()["finances"] < assessed[1].score_map()["finances"], "finances improved");
    let versions = store.plan_versions(ruud).await.unwrap();
    let states: Vec<&str> = versions.iter().map(|v| v.state.code()).collect();
    assert_eq!(states, vec!["agreed", "draft"]);

    // A second start keeps the demo as it is.
    serve_demo_once(&url);
    assert_eq!(household_count(&store).await, count);
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
