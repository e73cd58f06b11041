//! `eenplan`: the command line that wires Eenplan together (serve, migrate, users, API keys, audit).

mod demo;
mod demo_households;
mod demo_maatwerk;
mod demo_patterns;
mod demo_plans;
mod demo_referrals;
mod demo_signals;
mod import_signals;
mod retention;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use eenplan_domain::Role;
use eenplan_domain::login::check_new_password;
use eenplan_domain::team::{Area, TeamKind};
use eenplan_store::Store;
use eenplan_store::credentials::hash_password;
use eenplan_store::directory::{NewUser, RoleGrant};
use std::net::SocketAddr;
use std::process::ExitCode;

pub const DEFAULT_DATABASE: &str = "sqlite://data/eenplan.db";

#[derive(Parser)]
#[command(name = "eenplan", version, about = "Eenplan: one household, one plan, one contact person")]
struct Cli {
    /// Database URL: sqlite://PATH or postgres://USER@HOST:PORT/DB.
    /// Default: EENPLAN_DATABASE_URL, then DATABASE_URL, then sqlite://data/eenplan.db.
    #[arg(long, global = true)]
    database: Option<String>,
    /// Log format.
    #[arg(long, global = true, value_enum, default_value = "text")]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrations run first).
    Serve(ServeArgs),
    /// Run the database migrations and stop.
    Migrate,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage teams.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Manage API keys of partner organisations.
    #[command(subcommand)]
    Apikey(ApikeyCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export data to files.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Early signals that led to nothing, removed after the retention period.
    #[command(subcommand)]
    Retention(retention::RetentionCommand),
    /// Load synthetic households for benchmarks (deterministic for a seed; never on a real database).
    BenchData {
        #[arg(long)]
        households: u64,
        #[arg(long, default_value_t = 20)]
        teams: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Load the fictitious demo municipality and its users (once) and print the logins.
    #[arg(long)]
    demo: bool,
    /// The address users reach Eenplan at; https:// turns on Secure cookies and HSTS.
    #[arg(long, env = "EENPLAN_PUBLIC_URL")]
    public_url: Option<String>,
    /// Roles that must use two-step verification (comma-separated).
    #[arg(long, env = "EENPLAN_TOTP_REQUIRED_ROLES", default_value = "admin,privacy_officer,household_member")]
    totp_required_roles: String,
    /// Behind a reverse proxy: take the client address for login throttling from the last
    /// X-Forwarded-For entry. Only set this when the proxy overwrites or appends that header.
    #[arg(long, env = "EENPLAN_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
    /// Login attempts allowed per client address per 5 minutes (raise it when many users share one
    /// address, e.g. an office behind one NAT address).
    #[arg(long, env = "EENPLAN_LOGIN_ATTEMPTS_PER_IP", default_value_t = 30)]
    login_attempts_per_ip: i64,
    /// In the household portal's "who looked at my file", show workers by role and organisation only,
    /// without their names.
    #[arg(long, env = "EENPLAN_PORTAL_LOG_ROLE_ONLY")]
    portal_log_role_only: bool,
    /// Alert this many months before a member with youth care turns 18.
    #[arg(long, env = "EENPLAN_ALERT_TURNING_18_MONTHS", default_value_t = 6)]
    alert_turning_18_months: i64,
    /// Alert when an active household had no contact moment for this many weeks.
    #[arg(long, env = "EENPLAN_ALERT_NO_CONTACT_WEEKS", default_value_t = 6)]
    alert_no_contact_weeks: i64,
    /// An intake without a contact worker is overdue after this many days.
    #[arg(long, env = "EENPLAN_INTAKE_OVERDUE_DAYS", default_value_t = 10)]
    intake_overdue_days: i64,
    /// An active household needs a financial screening at least every this many months.
    #[arg(long, env = "EENPLAN_SCREENING_MONTHS", default_value_t = eenplan_domain::screening::DEFAULT_SCREENING_MONTHS)]
    screening_months: u32,
    /// A folder with the municipality's own assessment instruments (*.toml, the format of
    /// data/instruments/), loaded beside the built-in one. A malformed file stops the start.
    #[arg(long, env = "EENPLAN_INSTRUMENTS_DIR")]
    instruments_dir: Option<std::path::PathBuf>,
    /// A folder with the municipality's own unit-cost files (*.toml, the format of data/unit-costs/),
    /// laid over the built-in catalogue: the same code replaces an item, a new code is added.
    #[arg(long, env = "EENPLAN_UNIT_COSTS_DIR")]
    unit_costs_dir: Option<std::path::PathBuf>,
    /// A folder with the municipality's own bottlenecks (*.toml, the format of data/bottlenecks/),
    /// added to the built-in ones (new codes only). A malformed file stops the start.
    #[arg(long, env = "EENPLAN_BOTTLENECKS_DIR")]
    bottlenecks_dir: Option<std::path::PathBuf>,
}

/// The *.toml files of a folder, sorted by name, with their text.
fn toml_files(dir: &std::path::Path, what: &str) -> Result<Vec<(String, String)>> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the {what} folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Ok((p.display().to_string(), std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?)))
        .collect()
}

/// The built-in unit-cost catalogue with the files of `dir` laid over it; every price year must have an index.
fn load_costs(dir: Option<&std::path::Path>) -> Result<eenplan_web::api_cba::CostData> {
    let mut data = eenplan_web::api_cba::CostData::default();
    if let Some(dir) = dir {
        for (file, text) in toml_files(dir, "unit-costs")? {
            // The item rules (and that the price index has each price year) are the domain's, shared with
            // the administrator's form.
            let own = eenplan_domain::unit_costs::Catalogue::parse_with_index(&file, &text, &data.index)
                .map_err(|e| anyhow::anyhow!("unit-cost catalogue rejected: {e}"))?;
            data.catalogue.overlay(own);
        }
    }
    Ok(data)
}

/// The built-in instrument and those in `dir`, validated together (file, line and reason on error).
fn load_instruments(dir: Option<&std::path::Path>) -> Result<Vec<eenplan_domain::instrument::Instrument>> {
    let (name, text) = eenplan_domain::instrument::BUILTIN;
    let mut files = vec![(format!("(built in) {name}"), text.to_string())];
    if let Some(dir) = dir {
        files.extend(toml_files(dir, "instruments")?);
    }
    eenplan_domain::instrument::load_all(&files).map_err(|e| anyhow::anyhow!("assessment instrument rejected: {e}"))
}

/// The built-in bottlenecks and those in `dir`, validated together (file, line and reason on error).
fn load_bottlenecks(dir: Option<&std::path::Path>) -> Result<Vec<eenplan_domain::patterns::taxonomy::Bottleneck>> {
    let (name, text) = eenplan_domain::patterns::taxonomy::BUILTIN;
    let mut files = vec![(format!("(built in) {name}"), text.to_string())];
    if let Some(dir) = dir {
        files.extend(toml_files(dir, "bottlenecks")?);
    }
    eenplan_domain::patterns::taxonomy::load_all(&files).map_err(|e| anyhow::anyhow!("bottleneck file rejected: {e}"))
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user with a role (repeat --team for several teams). The password is read from
    /// EENPLAN_NEW_PASSWORD, or generated and printed once.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        team: Vec<String>,
        /// Organisation (for mdt_member and partner).
        #[arg(long)]
        org: Option<String>,
        /// Display name (default: the username).
        #[arg(long)]
        name: Option<String>,
        /// Tenant (municipality); default: the only one.
        #[arg(long)]
        tenant: Option<String>,
    },
}

#[derive(Subcommand)]
enum TeamCommand {
    /// Add a team with an area of 4-digit postcodes, e.g. --area 3500-3549,3560.
    Add {
        #[arg(long)]
        name: String,
        /// social, youth_family or integrated.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        area: String,
        #[arg(long)]
        tenant: Option<String>,
    },
}

#[derive(Subcommand)]
enum ApikeyCommand {
    /// Create an API key for an organisation (created if new) and print it once.
    Create {
        #[arg(long)]
        org: String,
        #[arg(long)]
        role: String,
        /// Kind of a new organisation (housing_corporation, energy, water, health_insurer, …).
        #[arg(long, default_value = "other")]
        org_kind: String,
        #[arg(long, default_value = "")]
        label: String,
        #[arg(long)]
        tenant: Option<String>,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import the social map (organisations, services, locations): a .json file (HSDS-shaped, also a
    /// data package), a folder of .csv files or several .csv files. All or nothing: on any problem
    /// every problem is printed and nothing is stored; a re-import updates by id.
    Services {
        #[arg(required = true)]
        file: Vec<std::path::PathBuf>,
    },
    /// Import a signal sender's early signals from a CSV file (UTF-8; `,` or `;`). Every row is checked;
    /// rows with a problem are reported by line and field and not stored, the others are stored once
    /// per sender reference (a repeat is a duplicate, a changed amount an update).
    Signals {
        /// The sender: an organisation made with `eenplan apikey create --role signal_sender`.
        #[arg(long)]
        sender: String,
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Export the whole social map, as `import services` reads it: PATH ending in .json gets the JSON
    /// document; any other PATH is a folder that gets the CSV files (created if needed).
    Services { path: std::path::PathBuf },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain and name the first altered, removed or reordered record.
    Verify,
}

fn database_url(flag: Option<String>) -> String {
    flag.or_else(|| std::env::var("EENPLAN_DATABASE_URL").ok())
        .or_else(|| std::env::var("DATABASE_URL").ok())
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_DATABASE.to_string())
}

/// The data key for encrypted fields: EENPLAN_DATA_KEY (hex), else the file in
/// EENPLAN_DATA_KEY_FILE, else `eenplan.key` beside the SQLite file (or in `data/` for PostgreSQL),
/// created on first use. Several instances on one PostgreSQL must share the same key.
fn vault(url: &str) -> Result<eenplan_store::vault::Vault> {
    use eenplan_store::vault::Vault;
    if let Ok(hex) = std::env::var("EENPLAN_DATA_KEY") {
        return Vault::from_hex(&hex).context("EENPLAN_DATA_KEY");
    }
    let path = match std::env::var("EENPLAN_DATA_KEY_FILE") {
        Ok(p) => std::path::PathBuf::from(p),
        Err(_) => {
            let sqlite_dir = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .map(|rest| rest.split('?').next().unwrap_or_default())
                .and_then(|p| std::path::Path::new(p).parent().map(|d| d.to_path_buf()));
            sqlite_dir.unwrap_or_else(|| std::path::PathBuf::from("data")).join("eenplan.key")
        }
    };
    Ok(Vault::from_file_or_create(&path)?)
}

async fn open(url: &str) -> Result<Store> {
    let store = Store::connect(url).await?.with_vault(vault(url)?);
    store.migrate().await?;
    Ok(store)
}

async fn tenant_id(store: &Store, name: Option<String>) -> Result<String> {
    match name {
        Some(n) => Ok(store.ensure_tenant(&n).await?),
        None => store
            .sole_tenant()
            .await?
            .context("there is not exactly one tenant: say which with --tenant \"Gemeente …\" (it is created if new)"),
    }
}

pub fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..16).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

async fn user_add(store: &Store, args: UserCommand) -> Result<()> {
    let UserCommand::Add { username, role, team, org, name, tenant } = args;
    let role = Role::parse(&role)?;
    if role.needs_team() && team.is_empty() {
        bail!("role {} needs at least one --team", role.as_str());
    }
    if role.needs_organisation() && org.is_none() {
        bail!("role {} needs --org", role.as_str());
    }
    let tenant = tenant_id(store, tenant).await?;
    let mut grants = Vec::new();
    for t in &team {
        let found = store.team_by_name(t).await?.with_context(|| format!("team '{t}' not found; add it with `eenplan team add`"))?;
        grants.push(RoleGrant { role, team_id: Some(found.id) });
    }
    if grants.is_empty() {
        grants.push(RoleGrant { role, team_id: None });
    }
    let org_id = match &org {
        Some(o) => Some(store.organisation_by_name(o).await?.with_context(|| format!("organisation '{o}' not found"))?.id),
        None => None,
    };
    let (password, generated) = match std::env::var("EENPLAN_NEW_PASSWORD") {
        Ok(p) => (p, false),
        Err(_) => (generate_password(), true),
    };
    check_new_password(&username, &password).map_err(|e| anyhow::anyhow!("EENPLAN_NEW_PASSWORD: {e}"))?;
    let display = name.unwrap_or_else(|| username.clone());
    store
        .create_user(
            &NewUser {
                tenant_id: &tenant,
                username: &username,
                display_name: &display,
                password_hash: &hash_password(&password),
                organisation_id: org_id.as_deref(),
            },
            &grants,
        )
        .await?;
    println!("user {username} added with role {}", role.as_str());
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

async fn serve(store: Store, args: ServeArgs, url: &str) -> Result<()> {
    let instruments = load_instruments(args.instruments_dir.as_deref())?;
    let costs = load_costs(args.unit_costs_dir.as_deref())?;
    let bottlenecks = load_bottlenecks(args.bottlenecks_dir.as_deref())?;
    let mut totp_required = Vec::new();
    for r in args.totp_required_roles.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        totp_required.push(Role::parse(r).context("--totp-required-roles")?);
    }
    let listener = match tokio::net::TcpListener::bind(&args.addr).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            bail!("address {} is already in use: stop the other program or choose another with --addr 127.0.0.1:PORT", args.addr)
        }
        Err(e) => bail!("cannot listen on {}: {e}", args.addr),
    };
    let local = listener.local_addr()?;
    let public_url = args.public_url.unwrap_or_else(|| format!("http://{local}"));
    let demo_logins = if args.demo { Some(demo::load(&store).await?) } else { None };
    let config = eenplan_web::Config {
        public_url: public_url.clone(),
        totp_required,
        trust_forwarded_for: args.trust_forwarded_for,
        login_attempts_per_ip: args.login_attempts_per_ip,
        portal_log_role_only: args.portal_log_role_only,
        alerts: eenplan_domain::alerts::AlertSettings {
            turning_18_months: args.alert_turning_18_months,
            no_contact_weeks: args.alert_no_contact_weeks,
            intake_overdue_days: args.intake_overdue_days,
            screening_months: args.screening_months,
        },
        instruments,
        costs,
        bottlenecks,
    };
    // The unit-cost catalogue: the files with what administrators saved over them, reloaded now and then
    // for the saves of other instances on the same database.
    let state = eenplan_web::AppState::load(store.clone(), config).await?;
    state.refresh_costs_every(std::time::Duration::from_secs(30));
    let app = eenplan_web::app(state).layer(tower_http_trace());
    println!("Eenplan draait op / runs at {public_url}  (database: {}, {})", store.backend().as_str(), redact(url));
    if let Some(logins) = demo_logins {
        println!("{logins}");
    }
    tracing::info!(%local, "listening");
    let purge = store.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = purge.purge_expired_sessions().await {
                tracing::warn!(error = %e, "purging expired sessions failed");
            }
        }
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown_signal()).await?;
    tracing::info!("stopped");
    store.close().await;
    Ok(())
}

fn tower_http_trace() -> tower_http::trace::TraceLayer<tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>>
{
    tower_http::trace::TraceLayer::new_for_http()
}

/// The database URL without a password, for printing.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

async fn run(cli: Cli) -> Result<()> {
    let url = database_url(cli.database);
    match cli.command {
        Command::Serve(args) => {
            let store = open(&url).await?;
            serve(store, args, &url).await
        }
        Command::Migrate => {
            open(&url).await?;
            println!("migrations applied ({})", redact(&url));
            Ok(())
        }
        Command::User(cmd) => user_add(&open(&url).await?, cmd).await,
        Command::Team(TeamCommand::Add { name, kind, area, tenant }) => {
            let store = open(&url).await?;
            let kind =
                TeamKind::parse(&kind).with_context(|| format!("unknown team kind '{kind}': use social, youth_family or integrated"))?;
            let area = Area::parse(&area)?;
            let tenant = tenant_id(&store, tenant).await?;
            store.create_team(&tenant, &name, kind, &area).await?;
            println!("team {name} added ({}, {area})", kind.as_str());
            Ok(())
        }
        Command::Apikey(ApikeyCommand::Create { org, role, org_kind, label, tenant }) => {
            let store = open(&url).await?;
            let role = Role::parse(&role)?;
            if !role.needs_organisation() {
                bail!("API keys are for partner systems: use role signal_sender, partner or mdt_member");
            }
            let organisation = match store.organisation_by_name(&org).await? {
                Some(o) => o,
                None => {
                    let tenant = tenant_id(&store, tenant).await?;
                    println!("organisation {org} created ({org_kind})");
                    store.create_organisation(&tenant, &org, &org_kind).await?
                }
            };
            if role == Role::SignalSender {
                let kind = eenplan_domain::signals::SenderKind::parse(&organisation.kind).map_err(|_| {
                    anyhow::anyhow!(
                        "a signal sender's --org-kind is one of housing_corporation, private_landlord, energy, water, health_insurer, other (not '{}')",
                        organisation.kind
                    )
                })?;
                store.set_sender_kind(&organisation.id, kind).await?;
            }
            let (key, _) = store.create_api_key(&organisation.id, role, &label).await?;
            println!("API key for {org} ({}), shown once:\n{key}", role.as_str());
            Ok(())
        }
        Command::BenchData { households, teams, seed } => {
            let store = open(&url).await?;
            let start = std::time::Instant::now();
            let shape = eenplan_store::bench_data::BenchShape { households, teams: teams.max(1), seed };
            let summary = store
                .load_bench_data(shape, |done| {
                    eprint!("\r{done}/{households} households ({:.0}%)", done as f64 * 100.0 / households.max(1) as f64);
                })
                .await?;
            eprintln!();
            println!(
                "loaded {} households, {} members, {} timeline entries, {} workers in {:.1} s (password of bench.worker.T.N: {})",
                summary.households,
                summary.members,
                summary.timeline,
                summary.workers,
                start.elapsed().as_secs_f64(),
                eenplan_store::bench_data::BENCH_PASSWORD
            );
            Ok(())
        }
        Command::Import(ImportCommand::Services { file }) => import_services(&url, &file).await,
        Command::Import(ImportCommand::Signals { sender, file }) => {
            let store = open(&url).await?;
            let start = std::time::Instant::now();
            let c = import_signals::run(&store, &sender, &file).await?;
            println!(
                "signals from {}: {} new, {} duplicates, {} updated, {} rejected (reported above) in {:.1} s",
                file.display(),
                c.created,
                c.duplicates,
                c.updated,
                c.rejected,
                start.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Export(ExportCommand::Services { path }) => export_services(&url, &path).await,
        Command::Retention(cmd) => retention::run(&open(&url).await?, cmd).await,
        Command::Audit(AuditCommand::Verify) => {
            let store = open(&url).await?;
            match store.verify_audit().await? {
                Ok(n) => {
                    println!("audit log intact: {n} records verified");
                    Ok(())
                }
                Err(e) => bail!("audit log damaged: {e}"),
            }
        }
    }
}

/// The social map in `paths`: one .json file, or .csv files (given one by one or as a folder).
fn read_social_map(
    paths: &[std::path::PathBuf],
) -> Result<std::result::Result<eenplan_domain::social_map::Dataset, Vec<eenplan_domain::social_map::ImportError>>> {
    use eenplan_domain::social_map::{from_csv_files, from_json_bytes};
    let is = |p: &std::path::Path, ext: &str| p.extension().is_some_and(|x| x.eq_ignore_ascii_case(ext));
    if let [one] = paths
        && is(one, "json")
    {
        return Ok(from_json_bytes(&std::fs::read(one).with_context(|| format!("cannot read {}", one.display()))?));
    }
    let mut csv = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inner: Vec<std::path::PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read the folder {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| is(f, "csv"))
                .collect();
            if inner.is_empty() {
                bail!("no .csv files in {}", p.display());
            }
            inner.sort();
            csv.extend(inner);
        } else if is(p, "csv") {
            csv.push(p.clone());
        } else {
            bail!("{}: expected one .json file, or .csv files or a folder of them", p.display());
        }
    }
    let mut files = Vec::new();
    for p in &csv {
        files.push((p.display().to_string(), std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    Ok(from_csv_files(&refs))
}

/// `eenplan import services`: parse and validate everything first, then store it in one transaction.
async fn import_services(url: &str, paths: &[std::path::PathBuf]) -> Result<()> {
    let dataset = match read_social_map(paths)?.and_then(|d| eenplan_domain::social_map::validate(&d).map(|()| d)) {
        Ok(d) => d,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            bail!("social map not imported: {} problem(s); nothing was stored", errors.len());
        }
    };
    let store = open(url).await?;
    let audit = eenplan_domain::audit::AuditDraft {
        actor: "cli".into(),
        actor_name: "cli".into(),
        role: "admin".into(),
        organisation: None,
        household: None,
        member: None,
        resource: "social_map".into(),
        resource_id: None,
        action: "import".into(),
        purpose: "administration".into(),
        outcome: eenplan_domain::audit::Outcome::Allowed,
        break_glass: false,
        reason: None,
    };
    let n = store.import_social_map(&dataset, &audit).await?;
    println!(
        "social map imported: {} organisations ({} updated), {} services, {} locations, {} service locations",
        n.organizations, n.replaced_organizations, n.services, n.locations, n.service_at_locations
    );
    Ok(())
}

/// `eenplan export services`: the stored social map as one JSON file or a folder of CSV files, the
/// exact inverse of `import services`.
async fn export_services(url: &str, path: &std::path::Path) -> Result<()> {
    use eenplan_domain::social_map::{to_csv_files, to_json};
    let store = open(url).await?;
    let map = store.export_social_map().await?;
    if path.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")) {
        std::fs::write(path, to_json(&map)).with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        std::fs::create_dir_all(path).with_context(|| format!("cannot create the folder {}", path.display()))?;
        for (name, text) in to_csv_files(&map) {
            let file = path.join(name);
            std::fs::write(&file, text).with_context(|| format!("cannot write {}", file.display()))?;
        }
    }
    println!(
        "social map exported to {}: {} organisations, {} services, {} locations, {} service locations",
        path.display(),
        map.organizations.len(),
        map.services.len(),
        map.locations.len(),
        map.service_at_locations.len()
    );
    Ok(())
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("EENPLAN_LOG").unwrap_or_else(|_| "info,sqlx=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.log_format);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eenplan: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_not_printed() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite://data/eenplan.db"), "sqlite://data/eenplan.db");
    }

    #[test]
    fn generated_passwords_pass_the_password_rule() {
        assert!(check_new_password("demo.worker", &generate_password()).is_ok());
    }
}
