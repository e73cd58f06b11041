//! `eenplan-load`: drives a running `eenplan serve` with many concurrent sessions and reports
//! latency percentiles per scenario, next to the same store calls made without HTTP (the "raw"
//! column), so the cost of the web layer shows as a ratio measured in one run.
//!
//! Sessions are created directly in the database (a benchmark tool, not a user), so the login
//! throttle does not limit the harness.

use anyhow::{Context, Result};
use clap::Parser;
use eenplan_domain::Role;
use eenplan_store::Store;
use hdrhistogram::Histogram;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser, Clone)]
#[command(about = "Load harness for Eenplan")]
struct Args {
    /// Base URL of the running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base: String,
    /// The server's database (to create sessions and pick households).
    #[arg(long)]
    database: String,
    /// Concurrent sessions.
    #[arg(long, default_value_t = 200)]
    sessions: usize,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Pause per session between requests, in milliseconds (0 = as fast as possible, a closed loop
    /// that measures saturation throughput; 1000 = a busy worker clicking every second).
    #[arg(long, default_value_t = 0)]
    think_ms: u64,
    /// Scenarios to run: household, search, raw-household, raw-search, signal (POST /api/v1/signals,
    /// one new signal per request, with a signal sender's key).
    #[arg(long, value_delimiter = ',', default_value = "household,raw-household,search,raw-search")]
    scenarios: Vec<String>,
}

const SEARCH_NAMES: &[&str] =
    &["jansen", "vries", "berg", "bakker", "yilmaz", "ozturk", "celik", "amrani", "muller", "linden", "visser", "smit"];

struct Worker {
    cookie: String,
    teams: Vec<String>,
    households: Vec<String>,
}

async fn prepare(store: &Store, sessions: usize) -> Result<Vec<Arc<Worker>>> {
    let users: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.id, r.team_id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username LIKE 'bench.worker.%' AND r.team_id IS NOT NULL ORDER BY u.username",
    )
    .fetch_all(store.pool())
    .await?;
    anyhow::ensure!(!users.is_empty(), "no bench workers: run `eenplan bench-data --households N` first");
    let mut out = Vec::new();
    for i in 0..sessions {
        let (user, team) = &users[i % users.len()];
        let audit = eenplan_store::testing::test_audit("bench_login");
        let (token, _) = store.create_session(user, Role::Worker, true, &audit).await?;
        let households: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM households WHERE lead_team_id = $1 LIMIT 2000").bind(team).fetch_all(store.pool()).await?;
        out.push(Arc::new(Worker {
            cookie: format!("eenplan_session={token}"),
            teams: vec![team.clone()],
            households: households.into_iter().map(|h| h.0).collect(),
        }));
    }
    Ok(out)
}

/// The store reads the household page makes, without HTTP, rendering and the audit record.
async fn raw_household(store: &Store, id: &str) -> Result<()> {
    store.access_facts(id).await?;
    store.household_file(id, 100).await?.context("household")?;
    Ok(())
}

/// A signal sender's API key for the `signal` scenario (the organisation is made once).
async fn sender_key(store: &Store) -> Result<String> {
    let org = match store.organisation_by_name("Bench Signaalgever").await? {
        Some(o) => o.id,
        None => {
            let tenant = store.sole_tenant().await?.context("one tenant (bench-data makes it)")?;
            store.create_organisation(&tenant, "Bench Signaalgever", "housing_corporation").await?.id
        }
    };
    store.set_sender_kind(&org, eenplan_domain::signals::SenderKind::HousingCorporation).await?;
    Ok(store.create_api_key(&org, Role::SignalSender, "bench").await?.0)
}

/// One new rent signal, unique per (run, session, request), at one of a spread of addresses.
fn signal_body(run: u64, n: u64) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    format!(
        r#"{{"sender_reference":"L-{run}-{n}","signal_type":"rent","amount":"{}.00","months_in_arrears":"2","signal_date":"{today}","given_names":"Bewoner","family_name":"Last{}","street":"Laadstraat","house_number":"{}","postcode":"35{:02} LB","city":"Voorbeeldstad"}}"#,
        100 + n % 2000,
        n % 10_000,
        1 + n % 400,
        n % 50
    )
}

async fn run(scenario: &str, args: &Args, store: &Store, workers: &[Arc<Worker>]) -> Result<(Histogram<u64>, u64, u64)> {
    let key = if scenario == "signal" { Some(Arc::new(sender_key(store).await?)) } else { None };
    let run_id = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let client = reqwest::Client::builder().pool_max_idle_per_host(args.sessions).build()?;
    let mut tasks = Vec::new();
    for (i, w) in workers.iter().enumerate() {
        let (w, client, store, base, scenario) = (w.clone(), client.clone(), store.clone(), args.base.clone(), scenario.to_string());
        let key = key.clone();
        let think = Duration::from_millis(args.think_ms);
        tasks.push(tokio::spawn(async move {
            let mut h = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("histogram");
            let (mut errors, mut n) = (0u64, i as u64 * 7919);
            // Spread the sessions' first requests over one think time.
            if !think.is_zero() {
                tokio::time::sleep(think * (i as u32 % 100) / 100).await;
            }
            while Instant::now() < deadline {
                n += 1;
                let household = &w.households[(n as usize) % w.households.len().max(1)];
                let name = SEARCH_NAMES[(n as usize) % SEARCH_NAMES.len()];
                let start = Instant::now();
                let ok = match scenario.as_str() {
                    "household" => client
                        .get(format!("{base}/huishoudens/{household}"))
                        .header("cookie", &w.cookie)
                        .send()
                        .await
                        .map(|r| r.status().is_success())
                        .unwrap_or(false),
                    "search" => client
                        .get(format!("{base}/zoeken?name={name}"))
                        .header("cookie", &w.cookie)
                        .send()
                        .await
                        .map(|r| r.status().is_success())
                        .unwrap_or(false),
                    "raw-household" => raw_household(&store, household).await.is_ok(),
                    "signal" => client
                        .post(format!("{base}/api/v1/signals"))
                        .bearer_auth(key.as_deref().map(String::as_str).unwrap_or_default())
                        .header("content-type", "application/json")
                        .body(signal_body(run_id, n))
                        .send()
                        .await
                        .map(|r| r.status().is_success())
                        .unwrap_or(false),
                    "raw-search" => {
                        let q = eenplan_store::households::SearchQuery { name: Some(name.into()), ..Default::default() };
                        store.search(&q, &w.teams, 21).await.is_ok()
                    }
                    other => panic!("unknown scenario {other}"),
                };
                let us = start.elapsed().as_micros() as u64;
                if ok {
                    h.record(us.max(1)).expect("in range");
                } else {
                    errors += 1;
                }
                if !think.is_zero() {
                    tokio::time::sleep(think).await;
                }
            }
            (h, errors)
        }));
    }
    let mut total = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let mut errors = 0;
    for t in tasks {
        let (h, e) = t.await?;
        total.add(h)?;
        errors += e;
    }
    let count = total.len();
    Ok((total, errors, count))
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let store = Store::connect(&args.database).await?;
    let workers = prepare(&store, args.sessions).await?;
    println!("| scenario | sessions | think ms | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for s in &args.scenarios {
        let (h, errors, count) = run(s, &args, &store, &workers).await?;
        let ms = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
        println!(
            "| {s} | {} | {} | {count} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {errors} |",
            args.sessions,
            args.think_ms,
            count as f64 / args.seconds as f64,
            ms(0.5),
            ms(0.9),
            ms(0.99),
            h.max() as f64 / 1000.0
        );
    }
    Ok(())
}
