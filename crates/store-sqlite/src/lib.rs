//! # rehearsalhub-store-sqlite
//!
//! RehearsalHub's [`Store`] on SQLite: the embedded default of the desktop app and of a
//! small self-hosted server. One file, WAL journal, foreign keys on, a busy timeout, and
//! write transactions opened with `BEGIN IMMEDIATE`, so a transaction that reads before it
//! writes (every use case does) takes the write lock up front instead of failing with
//! "database is locked" when it upgrades.
//!
//! Opening (creating the file, switching it to WAL) and migrating run under an exclusive
//! lock on `<db>.migrate.lock`, because sqlx's own migration lock is a no-op on SQLite and
//! two app instances may start at once.
//!
//! Depends on the core and sqlx; must not depend on the server, Tauri or PostgreSQL.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use rehearsalhub_core::{BandId, Store, StoreError, StoreResult, Tx};
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How many migrations this store's schema is made of (each is applied exactly once).
pub fn migration_count() -> usize {
    MIGRATOR.iter().count()
}

/// How long a writer waits for another writer's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The SQLite store. Cloning shares the pool.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path` and migrates it.
    pub async fn open(path: impl AsRef<Path>) -> StoreResult<Self> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(backend)?;
        }
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // In WAL mode NORMAL never corrupts and loses no committed transaction on a
            // process crash; only a power cut can drop the last commits. FULL would add an
            // fsync to every commit.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        Self::open_with(options, &path).await
    }

    /// Opens a database given as a `sqlite://` URL (or a plain path).
    pub async fn open_url(url: &str) -> StoreResult<Self> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        let path = path.split('?').next().unwrap_or(path);
        Self::open(path).await
    }

    async fn open_with(options: SqliteConnectOptions, path: &Path) -> StoreResult<Self> {
        // The first connection creates the file and switches it to WAL, which needs an
        // exclusive lock that a second instance doing the same gets as SQLITE_BUSY at once
        // (the busy timeout does not cover it); so creation and migration both happen
        // under the start-up file lock.
        let lock = StartupLock::acquire(lock_path(path)).await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            // A ping would cost every use case a round trip to the connection's thread, and a
            // file's connection does not go stale as a socket does.
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(backend)?;
        MIGRATOR.run(&pool).await.map_err(backend)?;
        SqliteTx::Read(pool.acquire().await.map_err(backend)?)
            .fold_titles()
            .await?;
        drop(lock);
        Ok(SqliteStore { pool })
    }

    /// An in-memory database (one connection), for quick tests.
    pub async fn in_memory() -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")
            .map_err(backend)?
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(backend)?;
        MIGRATOR.run(&pool).await.map_err(backend)?;
        SqliteTx::Read(pool.acquire().await.map_err(backend)?)
            .fold_titles()
            .await?;
        Ok(SqliteStore { pool })
    }

    /// The pool (tests inspect the raw tables through it).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".migrate.lock");
    db.with_file_name(name)
}

/// An exclusive OS file lock held while a process creates and migrates the database, so a
/// second process starting at the same moment waits and then finds it ready.
struct StartupLock(std::fs::File);

impl StartupLock {
    async fn acquire(path: PathBuf) -> StoreResult<Self> {
        tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
            let f = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)?;
            f.lock()?;
            Ok(f)
        })
        .await
        .map_err(backend)?
        .map(StartupLock)
        .map_err(backend)
    }
}

impl Drop for StartupLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// A pooled connection, or a write transaction on one.
pub enum SqliteTx {
    /// Autocommit reads.
    Read(PoolConnection<Sqlite>),
    /// `BEGIN IMMEDIATE` … `COMMIT`.
    Write(Transaction<'static, Sqlite>),
}

/// A version's comments as one JSON array (read by a scan of `comments_listed`).
pub const VERSION_COMMENTS_JSON: &str = concat!(
    "SELECT json_group_array(json_array(",
    rehearsalhub_store_sql::comment_json_columns!(),
    "))",
    rehearsalhub_store_sql::comment_json_from!()
);

/// The transaction type the shared implementation of the row traits is compiled for.
type Current = SqliteTx;

/// What makes text compare byte by byte, as the core sorts folded titles.
const BYTE_ORDER: &str = "";

// The row traits' one implementation, shared with PostgreSQL, compiled for SQLite.
#[path = "../../store-sql/tx/mod.rs"]
mod shared;

impl SqliteTx {
    fn conn(&mut self) -> &mut SqliteConnection {
        match self {
            SqliteTx::Read(c) => c,
            SqliteTx::Write(t) => t,
        }
    }
}

#[async_trait]
impl Tx for SqliteTx {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        match *self {
            SqliteTx::Read(_) => Ok(()),
            SqliteTx::Write(t) => t.commit().await.map_err(rehearsalhub_store_sql::db_err),
        }
    }

    async fn lock_band(&mut self, _band: BandId) -> StoreResult<()> {
        // BEGIN IMMEDIATE already holds the database's only write lock.
        Ok(())
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn read(&self) -> StoreResult<Box<dyn Tx>> {
        let conn = self.pool.acquire().await.map_err(backend)?;
        Ok(Box::new(SqliteTx::Read(conn)))
    }

    async fn write(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)?;
        Ok(Box::new(SqliteTx::Write(tx)))
    }
}
