//! `signals_csv`: writes a synthetic senders' CSV of N early signals for `eenplan import signals`,
//! against a database loaded with `eenplan bench-data`: half of the signals are for the address (and
//! the first member's name and birth date) of an existing household, so matching finds it; the other
//! half are for addresses nobody knows in the same postcodes; one in five addresses gets a second
//! signal of another type (combining). Synthetic data only.
//!
//! `signals_csv --database URL --count 100000 --out /tmp/bench/signals.csv`

use anyhow::Result;
use clap::Parser;
use eenplan_store::bench_data::Rng;
use sqlx::any::AnyPoolOptions;
use std::io::Write;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database: String,
    #[arg(long, default_value_t = 100_000)]
    count: u64,
    #[arg(long)]
    out: std::path::PathBuf,
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

/// (street, number, addition, postcode, given names, family name, date of birth) of a household's first member.
type AddressRow = (String, i64, Option<String>, String, String, String, Option<String>);

const TYPES: &[&str] = &["rent", "electricity", "gas", "water", "health_insurance"];

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new().max_connections(1).connect(&args.database).await?;
    // The households to point at, with their first member.
    let rows: Vec<AddressRow> = sqlx::query_as(
        "SELECT h.street, h.house_number, h.house_addition, h.postcode, m.given_names, m.family_name, m.date_of_birth
         FROM households h JOIN members m ON m.household_id = h.id AND m.id = (SELECT MIN(id) FROM members x WHERE x.household_id = h.id)
         ORDER BY h.id LIMIT $1",
    )
    .bind((args.count / 2).max(1) as i64)
    .fetch_all(&pool)
    .await?;
    anyhow::ensure!(!rows.is_empty(), "no households: load them first with `eenplan bench-data`");
    let today = time::OffsetDateTime::now_utc().date();
    let mut rng = Rng::new(args.seed);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args.out)?);
    writeln!(
        out,
        "sender_reference;signal_type;amount;days_in_arrears;signal_date;given_names;family_name;date_of_birth;street;house_number;house_addition;postcode;city"
    )?;
    let mut written = 0u64;
    let mut i = 0usize;
    while written < args.count {
        let (street, number, addition, postcode, given, family, born) = &rows[i % rows.len()];
        let known = (i / rows.len()).is_multiple_of(2);
        let (number, given, family, born) = if known {
            (*number, given.clone(), family.clone(), born.clone().unwrap_or_default())
        } else {
            (number + 1000, "Onbekend".to_string(), format!("Bewoner{}", rng.below(100_000)), String::new())
        };
        let signals = if rng.chance(20) { 2 } else { 1 };
        for s in 0..signals {
            if written >= args.count {
                break;
            }
            let date = today - time::Duration::days(rng.below(25) as i64);
            let kind = TYPES[(rng.below(TYPES.len() as u64) as usize + s) % TYPES.len()];
            writeln!(
                out,
                "B-{written};{kind};{},{:02};{};{date};{given};{family};{born};{street};{number};{};{postcode};Voorbeeldstad",
                50 + rng.below(3000),
                rng.below(100),
                30 + rng.below(70),
                addition.clone().unwrap_or_default()
            )?;
            written += 1;
        }
        i += 1;
    }
    out.flush()?;
    eprintln!("{written} signals written to {}", args.out.display());
    Ok(())
}
