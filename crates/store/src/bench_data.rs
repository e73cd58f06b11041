//! Synthetic data at scale for benchmarks (`eenplan bench-data`): deterministic for a seed, shaped
//! like real caseloads (household sizes, ages with some members turning 18 soon, Dutch names with
//! prefixes and diacritics, postcodes across team areas, a long tail of timeline entries), and bulk
//! loaded with multi-row inserts. Every name and address is invented.

use crate::credentials::hash_password;
use crate::{Result, Store, new_id};
use eenplan_domain::household::format_date;
use eenplan_domain::names::{core_words, name_key, reversed_core, search_text};
use sqlx::{Any, QueryBuilder};
use time::{Date, Duration};

/// SplitMix64: small, fast and stable across versions (the same seed gives the same data).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const GIVEN: &[&str] = &[
    "Sanne",
    "Daan",
    "Fatima",
    "Mohammed",
    "Emma",
    "Noah",
    "Julia",
    "Lucas",
    "Sophie",
    "Milan",
    "Zoë",
    "Levi",
    "Aïcha",
    "Yusuf",
    "Anna",
    "Sem",
    "Eva",
    "Finn",
    "Noor",
    "Bram",
    "Ilse",
    "Kees",
    "Mirjam",
    "Hüseyin",
    "Ayşe",
    "Senna",
    "Joris",
    "Lotte",
    "Thijs",
    "Rüya",
    "Chantal",
    "Priya",
    "Dewi",
    "Tomasz",
    "Agnieszka",
    "Jan",
    "Maria",
    "Abdi",
    "Hodan",
    "Luuk",
];
const FAMILY: &[(&str, &str)] = &[
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Yılmaz"),
    ("", "Öztürk"),
    ("", "Çelik"),
    ("El", "Amrani"),
    ("", "Kaya"),
    ("", "Şahin"),
    ("", "Nowak"),
    ("", "Kowalski"),
    ("", "Bouzid"),
    ("", "Haddou"),
    ("", "Müller"),
    ("van der", "Linden"),
    ("", "Kuipers"),
    ("'t", "Hart"),
    ("ter", "Horst"),
    ("", "Postma"),
    ("", "Verhoeven"),
    ("van", "Beek"),
    ("", "Willems"),
    ("", "Hoekstra"),
];
const STREETS: &[&str] = &[
    "Lindelaan",
    "Kastanjestraat",
    "Molenweg",
    "Dorpsstraat",
    "Kerkplein",
    "Schoolstraat",
    "Esdoornhof",
    "Havenkade",
    "Stationsweg",
    "Wilgenpad",
];
const NOTES: &[&str] = &[
    "Huisbezoek: post doorgenomen, afspraak met de schuldhulp gemaakt.",
    "Telefonisch contact over de huurachterstand.",
    "Casusoverleg met het jeugdteam over de gezamenlijke aanpak.",
    "Samen de aanvraag bijzondere bijstand ingevuld.",
    "Gesprek over dagbesteding en vrijwilligerswerk.",
    "Afspraak met de woningcorporatie over een betalingsregeling.",
];
const CONTACT_TYPES: &[&str] = &["home_visit", "office", "phone", "video", "case_consultation", "note"];

#[derive(Debug, Clone, Copy)]
pub struct BenchShape {
    pub households: u64,
    pub teams: u64,
    pub seed: u64,
}

#[derive(Debug, Clone)]
pub struct BenchSummary {
    pub households: u64,
    pub members: u64,
    pub timeline: u64,
    pub workers: u64,
}

/// The password of every generated worker (`bench.worker.N`); the data is synthetic.
pub const BENCH_PASSWORD: &str = "bench-wachtwoord-synthetisch";

struct Batch {
    households: Vec<String>,
    members: Vec<String>,
    timeline: Vec<String>,
    rows: usize,
}

impl Store {
    /// Generates and loads `shape.households` synthetic households; `progress` is called after each
    /// batch with the number loaded so far.
    pub async fn load_bench_data(&self, shape: BenchShape, mut progress: impl FnMut(u64)) -> Result<BenchSummary> {
        let mut rng = Rng::new(shape.seed);
        let tenant = self.ensure_tenant("Gemeente Benchstad").await?;
        let today = self.today();
        let now = self.now();
        // Teams split the PC4 range 1000–9999 into equal areas; two workers per 400 households.
        let span = 9000 / shape.teams.max(1);
        let mut teams = Vec::new();
        for t in 0..shape.teams {
            let from = 1000 + t * span;
            let to = if t + 1 == shape.teams { 9999 } else { from + span - 1 };
            let area = eenplan_domain::team::Area::parse(&format!("{from}-{to}")).map_err(|e| crate::StoreError::Invalid(e.to_string()))?;
            let name = format!("Bench-team {}", t + 1);
            let team = match self.team_by_name(&name).await? {
                Some(team) => team,
                None => self.create_team(&tenant, &name, eenplan_domain::team::TeamKind::Integrated, &area).await?,
            };
            teams.push((team.id, from, to));
        }
        let per_team_workers = (shape.households / shape.teams.max(1) / 200).max(1);
        let hash = hash_password(BENCH_PASSWORD);
        let mut workers: Vec<Vec<String>> = vec![Vec::new(); teams.len()];
        let mut worker_count = 0;
        for (ti, (team_id, ..)) in teams.iter().enumerate() {
            for w in 0..per_team_workers {
                let username = format!("bench.worker.{}.{}", ti + 1, w + 1);
                let id = match self.user_by_username(&username).await? {
                    Some(u) => u.id,
                    None => {
                        self.create_user(
                            &crate::directory::NewUser {
                                tenant_id: &tenant,
                                username: &username,
                                display_name: &username,
                                password_hash: &hash,
                                organisation_id: None,
                            },
                            &[crate::directory::RoleGrant { role: eenplan_domain::Role::Worker, team_id: Some(team_id.clone()) }],
                        )
                        .await?
                    }
                };
                workers[ti].push(id);
                worker_count += 1;
            }
        }
        let author = workers[0][0].clone();
        let mut summary = BenchSummary { households: 0, members: 0, timeline: 0, workers: worker_count };
        let mut batch = Batch { households: Vec::new(), members: Vec::new(), timeline: Vec::new(), rows: 0 };
        let q = |s: &str| format!("'{}'", s.replace('\'', "''"));
        for n in 0..shape.households {
            let ti = rng.below(teams.len() as u64) as usize;
            let (team_id, from, to) = &teams[ti];
            let pc4 = from + rng.below(to - from + 1);
            let letters: String = (0..2).map(|_| (b'A' + rng.below(26) as u8) as char).collect();
            let letters = if matches!(letters.as_str(), "SA" | "SD" | "SS") { "AB".to_string() } else { letters };
            let id = new_id();
            let status = if rng.chance(5) {
                "intake"
            } else if rng.chance(10) {
                "closed"
            } else {
                "active"
            };
            let worker = if status == "intake" { None } else { Some(rng.pick(&workers[ti]).clone()) };
            let created = now - rng.below(3 * 365) as i64 * 86_400;
            // A closed file was closed on the day it was last changed.
            let closed_on = match time::OffsetDateTime::from_unix_timestamp(created) {
                Ok(t) if status == "closed" => q(&format_date(t.date())),
                _ => "NULL".into(),
            };
            batch.households.push(format!(
                "({}, {}, '{status}', {}, {}, {}, NULL, '{pc4} {letters}', {pc4}, 'Benchstad', {}, NULL, {}, NULL, 1, {created}, {created}, {closed_on})",
                q(&id),
                q(&tenant),
                if status == "closed" { "'goals_reached'" } else { "NULL" },
                q(rng.pick::<&str>(STREETS)),
                1 + rng.below(200),
                q(team_id),
                worker.as_deref().map(q).unwrap_or_else(|| "NULL".into()),
            ));
            let (prefix, family) = *rng.pick(FAMILY);
            let size = match rng.below(100) {
                0..=34 => 1,
                35..=59 => 2,
                60..=74 => 3,
                75..=89 => 4,
                90..=96 => 5,
                _ => 6,
            };
            for m in 0..size {
                let given = *rng.pick(GIVEN);
                let adult = m < 2.min(size);
                let age_days = if adult { (19 + rng.below(60)) * 365 } else { rng.below(18 * 365) };
                let born: Date = today - Duration::days(age_days as i64);
                batch.members.push(format!(
                    "({}, {}, {}, {}, {}, {}, {}, {}, {}, '{}', '{}', 'nl', 0, NULL, NULL, NULL, NULL, NULL, 1, {created}, {}, {})",
                    q(&new_id()),
                    q(&id),
                    q(given),
                    if prefix.is_empty() { "NULL".into() } else { q(prefix) },
                    q(family),
                    q(&search_text(given, prefix, family)),
                    q(&core_words(family).first().cloned().unwrap_or_default()),
                    q(&name_key(family)),
                    q(&core_words(given).first().cloned().unwrap_or_default()),
                    format_date(born),
                    if adult { if m == 0 { "parent" } else { "partner" } } else { "child" },
                    q(team_id),
                    q(&reversed_core(family)),
                ));
                summary.members += 1;
            }
            // A long tail: most households have a handful of entries, some have hundreds.
            let entries = match rng.below(100) {
                0..=49 => rng.below(10),
                50..=89 => 10 + rng.below(30),
                _ => 40 + rng.below(160),
            };
            for _ in 0..entries {
                let on = today - Duration::days(rng.below(700) as i64);
                batch.timeline.push(format!(
                    "({}, {}, '{}', {}, 'finances', NULL, {}, 'bench', '{}', {created})",
                    q(&new_id()),
                    q(&id),
                    rng.pick(CONTACT_TYPES),
                    q(rng.pick::<&str>(NOTES)),
                    q(&author),
                    format_date(on)
                ));
                summary.timeline += 1;
            }
            batch.rows += 1 + size as usize + entries as usize;
            summary.households += 1;
            if batch.rows >= 5_000 || n + 1 == shape.households {
                self.flush(&mut batch).await?;
                progress(summary.households);
            }
        }
        // Fresh statistics, so the planners know the new shape of the tables; on PostgreSQL also the
        // visibility map (what autovacuum would do later), so name searches read only the index.
        let analyze = if self.backend() == crate::Backend::Postgres { "VACUUM ANALYZE" } else { "ANALYZE" };
        sqlx::query(analyze).execute(self.pool()).await?;
        Ok(summary)
    }

    async fn flush(&self, b: &mut Batch) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for (table, columns, rows) in [
            (
                "households",
                "id, tenant_id, status, close_reason, street, house_number, house_addition, postcode, pc4, city, lead_team_id, co_team_id, contact_worker_id, last_contact_on, version, created_at, updated_at, closed_on",
                &mut b.households,
            ),
            (
                "members",
                "id, household_id, given_names, name_prefix, family_name, search_text, family_core, family_key, given_core, date_of_birth, role, languages, interpreter_needed, interpreter_language, phone, email, bsn_encrypted, bsn_index, version, created_at, lead_team_id, family_rev",
                &mut b.members,
            ),
            (
                "timeline_entries",
                "id, household_id, contact_type, body, domains, member_id, author_id, author_name, occurred_on, created_at",
                &mut b.timeline,
            ),
        ] {
            // At most 500 rows per statement keeps SQLite and PostgreSQL statement sizes sane.
            for chunk in rows.chunks(500) {
                let mut qb: QueryBuilder<Any> = QueryBuilder::new(format!("INSERT INTO {table} ({columns}) VALUES "));
                qb.push(chunk.join(", "));
                qb.build().execute(&mut *tx).await?;
            }
            rows.clear();
        }
        tx.commit().await?;
        b.rows = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert!((0..100).all(|_| a.next_u64() == b.next_u64()));
        assert_ne!(Rng::new(7).next_u64(), Rng::new(8).next_u64());
    }
}
