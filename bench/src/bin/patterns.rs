//! `patterns`: adds N synthetic bottleneck tags to a database loaded with `eenplan bench-data` (random
//! households, their lead team, a skewed choice of the shipped bottlenecks, months spread over two
//! years, one tag in a hundred shared), then times what the policy dashboard (`/patronen`) reads and
//! computes: the counts per bottleneck × team × month, the organisations, the shared texts, and the
//! linked suppression of its two tables — for the last 12 months and for 24 months. Synthetic data only.
//!
//! `patterns --database URL --tags 2000000` (add) and `patterns --database URL --tags 0` (time only).

use anyhow::Result;
use clap::Parser;
use eenplan_domain::patterns::suppression::{Table, suppress_linked};
use eenplan_store::Store;
use eenplan_store::bench_data::Rng;
use std::collections::BTreeMap;
use std::time::Instant;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database: String,
    /// Tags to add before timing.
    #[arg(long, default_value_t = 2_000_000)]
    tags: u64,
    #[arg(long, default_value_t = 11)]
    seed: u64,
    /// Timed runs per period (the median is reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

const ORGANISATIONS: &[&str] = &["Werk en Inkomen", "Woningcorporatie", "Zorgverzekeraar", "UWV", "SVB", "Belastingdienst Toeslagen", ""];
/// Rows per INSERT statement (literal values: synthetic ids and codes only).
const ROWS: usize = 500;

fn month_back(today: time::Date, n: i32) -> String {
    let index = today.year() * 12 + today.month() as i32 - 1 - n;
    format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

async fn add_tags(store: &Store, database: &str, n: u64, seed: u64) -> Result<()> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(database).await?;
    let households: Vec<(String, Option<String>)> = sqlx::query_as("SELECT id, lead_team_id FROM households").fetch_all(&pool).await?;
    let user: (String,) = sqlx::query_as("SELECT id FROM users ORDER BY id LIMIT 1").fetch_one(&pool).await?;
    anyhow::ensure!(!households.is_empty(), "no households: load them first with `eenplan bench-data`");
    let codes: Vec<String> = store.bottlenecks().await?.into_iter().map(|b| b.bottleneck.code).collect();
    let today = store.today();
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let mut done = 0u64;
    while done < n {
        let mut tx = pool.begin().await?;
        for _ in 0..100 {
            let rows = (n - done).min(ROWS as u64) as usize;
            if rows == 0 {
                break;
            }
            let values: Vec<String> = (0..rows)
                .map(|_| {
                    let (household, team) = rng.pick(&households);
                    // A skewed choice: the first few bottlenecks come up far more often.
                    let code = &codes[(rng.below(codes.len() as u64) * rng.below(codes.len() as u64) / codes.len() as u64) as usize];
                    let month = month_back(today, rng.below(24) as i32);
                    let shared = if rng.chance(1) { "'[naam] wachtte lang op een antwoord.'" } else { "NULL" };
                    let team = team.as_ref().map(|t| format!("'{t}'")).unwrap_or_else(|| "NULL".into());
                    format!(
                        "('{}', '{household}', {team}, 'household', NULL, '{code}', '{}', 'Synthetisch.', {shared}, NULL, '{month}', '{month}-15', '{}', 'bench', 0, 1)",
                        uuid_like(&mut rng),
                        rng.pick(ORGANISATIONS),
                        user.0
                    )
                })
                .collect();
            sqlx::query(&format!(
                "INSERT INTO bottleneck_tags (id, household_id, team_id, subject_kind, subject_id, bottleneck_code, organisation, description,
                   shared_text, shared_at, month, tagged_on, created_by, created_by_name, created_at, version) VALUES {}",
                values.join(", ")
            ))
            .execute(&mut *tx)
            .await?;
            done += rows as u64;
        }
        tx.commit().await?;
        eprint!("\r{done}/{n} tags");
    }
    eprintln!("\r{n} tags added in {:.1} s", started.elapsed().as_secs_f64());
    if database.starts_with("postgres") {
        sqlx::query("VACUUM ANALYZE bottleneck_tags").execute(&pool).await?;
    } else {
        sqlx::query("ANALYZE").execute(&pool).await?;
    }
    Ok(())
}

fn uuid_like(rng: &mut Rng) -> String {
    format!("bt-{:016x}{:016x}", rng.next_u64(), rng.next_u64())
}

/// One dashboard's reads and its suppression, as `patterns_dashboard::figures` does them.
async fn dashboard(store: &Store, from: &str, to: &str) -> Result<usize> {
    let counts = store.pattern_counts(from, to).await?;
    let orgs = store.pattern_organisations(from, to).await?;
    let shared = store.shared_texts(from, to, 50).await?;
    let mut codes: Vec<&str> = counts.iter().map(|c| c.bottleneck_code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut teams: Vec<Option<&str>> = counts.iter().map(|c| c.team_id.as_deref()).collect();
    teams.sort_unstable();
    teams.dedup();
    let mut months: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &counts {
        let n = months.len();
        months.entry(c.month.as_str()).or_insert(n);
    }
    let mut by_team = vec![vec![0u32; teams.len()]; codes.len()];
    let mut by_month = vec![vec![0u32; months.len()]; codes.len()];
    for c in &counts {
        let r = codes.binary_search(&c.bottleneck_code.as_str()).unwrap_or_default();
        by_team[r][teams.binary_search(&c.team_id.as_deref()).unwrap_or_default()] += c.count;
        by_month[r][months[c.month.as_str()]] += c.count;
    }
    let (a, _) = suppress_linked(&Table { cells: by_team }, &Table { cells: by_month });
    Ok(a.cells.len() + orgs.len() + shared.len())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let store = Store::connect(&args.database).await?;
    store.migrate().await?;
    store.sync_shipped_bottlenecks(&eenplan_domain::patterns::taxonomy::builtin()).await?;
    if args.tags > 0 {
        add_tags(&store, &args.database, args.tags, args.seed).await?;
    }
    let total: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bottleneck_tags").fetch_one(store.pool()).await?;
    let today = store.today();
    println!("| database | tags | period | median ms | min ms | max ms |");
    println!("|---|---|---|---|---|---|");
    for months in [12, 24] {
        let (from, to) = (month_back(today, months - 1), month_back(today, 0));
        dashboard(&store, &from, &to).await?; // warm-up
        let mut times = Vec::new();
        for _ in 0..args.runs {
            let t = Instant::now();
            dashboard(&store, &from, &to).await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "| {} | {} | {months} months | {:.0} | {:.0} | {:.0} |",
            store.backend().as_str(),
            total.0,
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
    Ok(())
}
