//! Eenplan's persistence: one repository API over SQLite (embedded default) and PostgreSQL.
//!
//! Both databases are reached through sqlx's `Any` driver with the same SQL; where the dialects differ
//! (DDL, row locking) the migration folders and a few queries are per backend. Ids are UUIDv7 text,
//! times are unix seconds, booleans are 0/1 integers: the types the `Any` driver carries on both.

pub mod access_log;
pub mod apikeys;
pub mod assessments;
pub mod audit;
pub mod bench_data;
mod bulk;
pub mod consults;
pub mod credentials;
pub mod directory;
pub mod exception_requests;
mod group_commit;
pub mod household_file;
pub mod households;
pub mod listing_proposals;
pub mod patterns;
pub mod plans;
pub mod portal;
pub mod referrals;
pub mod screenings;
pub mod sessions;
pub mod signal_intake;
pub mod signal_stats;
pub mod signals;
pub mod social_map;
pub mod team_steering;
pub mod testing;
pub mod throttle;
pub mod unit_costs;
pub mod vault;

use eenplan_domain::Clock;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL '{0}' is not understood: use sqlite://PATH or postgres://USER@HOST:PORT/DB")]
    BadUrl(String),
    #[error("cannot create the data directory '{dir}': {source}. Choose a writable place with --database sqlite://PATH")]
    DataDir { dir: String, source: std::io::Error },
    #[error("cannot open the database ({backend}): {source}. Check that the server runs and the URL, user and database are right")]
    Connect { backend: &'static str, source: sqlx::Error },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} already exists")]
    Duplicate(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0} was changed by someone else in the meantime")]
    Conflict(String),
    #[error("version {based_on} of the plan was replaced by version {latest}")]
    Superseded { based_on: i64, latest: i64 },
    #[error("no data key is configured: set EENPLAN_DATA_KEY (64 hex characters) or EENPLAN_DATA_KEY_FILE")]
    NoDataKey,
    #[error(transparent)]
    Vault(#[from] vault::VaultError),
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

impl StoreError {
    /// Maps a unique-constraint violation to `Duplicate(what)`, other errors unchanged.
    pub fn on_unique(e: sqlx::Error, what: impl Into<String>) -> StoreError {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate(what.into()),
            _ => StoreError::Db(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    }
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    clock: Arc<dyn Clock>,
    vault: Option<Arc<vault::Vault>>,
    /// The group-commit writer for audit records of reads (started on first use).
    audit_writer: Arc<std::sync::OnceLock<audit::AuditWriter>>,
    /// The group-commit writer for signals received over the API (started on first use).
    signal_writer: Arc<std::sync::OnceLock<signal_intake::SignalWriter>>,
}

impl Store {
    /// This store without its background writers, for a writer's own task: the task and the writer
    /// would otherwise keep each other alive.
    pub(crate) fn without_writers(&self) -> Store {
        Store { audit_writer: Arc::default(), signal_writer: Arc::default(), ..self.clone() }
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Parses the backend from a URL and, for SQLite, makes sure the file's directory exists.
fn prepare_url(url: &str) -> Result<(Backend, String)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_string()));
    }
    let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) else {
        return Err(StoreError::BadUrl(url.to_string()));
    };
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return Err(StoreError::BadUrl(url.to_string()));
    }
    if path != ":memory:"
        && let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir { dir: dir.display().to_string(), source })?;
        let probe = dir.join(".eenplan-write-test");
        std::fs::write(&probe, b"").map_err(|source| StoreError::DataDir { dir: dir.display().to_string(), source })?;
        let _ = std::fs::remove_file(probe);
    }
    let sep = if rest.contains('?') { "&" } else { "?" };
    let mode = if rest.contains("mode=") { String::new() } else { format!("{sep}mode=rwc") };
    Ok((Backend::Sqlite, format!("sqlite://{rest}{mode}")))
}

impl Store {
    pub async fn connect(url: &str) -> Result<Store> {
        Store::connect_with_clock(url, Arc::new(SystemClock)).await
    }

    pub async fn connect_with_clock(url: &str, clock: Arc<dyn Clock>) -> Result<Store> {
        install_default_drivers();
        let (backend, url) = prepare_url(url)?;
        if backend == Backend::Sqlite {
            sqlite_without_memory_statistics();
        }
        let mut opts = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        // The pool's size: `EENPLAN_DB_MAX_CONNECTIONS`, else 8. On PostgreSQL a larger pool made the
        // household page's tail slower on a 2-core machine (bench/RESULTS.md: p99 at 1 M households
        // 14–18 ms with 8, 21–38 ms with 16): more backends than cores only queue for the CPU.
        let size = |default: u32| {
            std::env::var("EENPLAN_DB_MAX_CONNECTIONS").ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(default)
        };
        opts = match backend {
            Backend::Sqlite => opts.max_connections(size(8)).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(
                        // Reads map the file instead of copying each page through a read() call (one
                        // mapping shared by all connections; 64-bit address space only). A write
                        // transaction keeps up to 64 MiB of changed pages in memory (SQLite's default
                        // of 2 MiB spills a batch of a thousand signals to disk before its commit).
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;
                         PRAGMA mmap_size = 17179869184; PRAGMA cache_size = -65536;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => opts.max_connections(size(8)),
        };
        let pool = opts.connect(&url).await.map_err(|source| StoreError::Connect { backend: backend.as_str(), source })?;
        Ok(Store { pool, backend, clock, vault: None, audit_writer: Arc::default(), signal_writer: Arc::default() })
    }

    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// The same database seen through another clock: what is written through it is dated by that
    /// clock (the demo municipality's intakes that arrived weeks ago).
    pub fn with_clock(&self, clock: Arc<dyn Clock>) -> Store {
        Store { clock, ..self.clone() }
    }

    /// Turns on encryption of special fields with this key.
    pub fn with_vault(mut self, vault: vault::Vault) -> Store {
        self.vault = Some(Arc::new(vault));
        self
    }

    pub fn vault(&self) -> Result<&vault::Vault> {
        self.vault.as_deref().ok_or(StoreError::NoDataKey)
    }

    /// Today's date by the injected clock (UTC).
    pub fn today(&self) -> time::Date {
        time::OffsetDateTime::from_unix_timestamp(self.now()).map(|t| t.date()).unwrap_or(time::Date::MIN)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// 0/1 integers for booleans (the `Any` driver has no portable bool column).
pub(crate) fn flag(b: bool) -> i64 {
    b as i64
}

/// SQLite keeps memory statistics behind one process-wide mutex that every allocation takes; with
/// several connections reading at once (each row's values are copied for sqlx) they queue on it.
/// Eenplan never reads those statistics, so they are switched off, once, before the first
/// connection opens (SQLite refuses the setting after that; then nothing changes).
fn sqlite_without_memory_statistics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config with SQLITE_CONFIG_MEMSTATUS takes one int; SQLite itself checks
        // that it is not yet initialised and otherwise returns SQLITE_MISUSE without effect.
        let rc = unsafe { libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS, 0 as std::os::raw::c_int) };
        if rc != libsqlite3_sys::SQLITE_OK {
            tracing::warn!(rc, "SQLite memory statistics stay on (SQLite was already initialised)");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_before_connecting() {
        assert!(matches!(prepare_url("mysql://x"), Err(StoreError::BadUrl(_))));
        assert!(matches!(prepare_url("sqlite://"), Err(StoreError::BadUrl(_))));
        let (b, u) = prepare_url("postgres://u@h/db").unwrap();
        assert_eq!((b, u.as_str()), (Backend::Postgres, "postgres://u@h/db"));
        let dir = std::env::temp_dir().join(format!("eenplan-url-{}", new_id()));
        let (b, u) = prepare_url(&format!("sqlite://{}/x.db", dir.display())).unwrap();
        assert_eq!(b, Backend::Sqlite);
        assert!(u.ends_with("x.db?mode=rwc") && dir.is_dir());
    }

    #[test]
    fn an_unwritable_data_directory_is_named() {
        let err = prepare_url("sqlite:///proc/eenplan/x.db").unwrap_err().to_string();
        assert!(err.contains("/proc/eenplan"), "{err}");
    }
}
