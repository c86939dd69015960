//! # rehearsalhub-store-postgres
//!
//! RehearsalHub's [`Store`] on PostgreSQL, for servers shared by a band spread across
//! machines, and for several server processes on one database.
//!
//! Transactions run at READ COMMITTED. Redemption stays single-use through the guarded
//! `UPDATE … RETURNING` (a second updater blocks on the row, re-checks the `WHERE`, and
//! finds it used); rules that read several rows, like "a band keeps an admin", first lock
//! the band's row with [`Tx::lock_band`] (`SELECT … FOR UPDATE`). Migrations take sqlx's
//! advisory lock, so instances starting together are safe.
//!
//! [`notify`] carries live changes between the instances on one database.
//!
//! Depends on the core and sqlx; must not depend on the server, Tauri or SQLite.

pub mod notify;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use rehearsalhub_core::{BandId, Store, StoreError, StoreResult, Tx};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How many migrations this store's schema is made of (each is applied exactly once).
pub fn migration_count() -> usize {
    MIGRATOR.iter().count()
}

/// The PostgreSQL store. Cloning shares the pool.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl PgStore {
    /// Connects to `url` (`postgres://…`) and migrates.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_url(url, 16).await
    }

    /// Connects to `url` with at most `max_connections`, and migrates.
    pub async fn connect_url(url: &str, max_connections: u32) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url).map_err(backend)?;
        Self::connect_with(options, max_connections).await
    }

    /// Connects with explicit options (tests set a `search_path` per schema) and at most
    /// `max_connections`, then migrates.
    pub async fn connect_with(
        options: PgConnectOptions,
        max_connections: u32,
    ) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await
            .map_err(backend)?;
        MIGRATOR.run(&pool).await.map_err(backend)?;
        PgTx::Read(pool.acquire().await.map_err(backend)?)
            .fold_titles()
            .await?;
        Ok(PgStore { pool })
    }

    /// The pool (tests inspect the raw tables through it).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// A pooled connection, or a transaction on one.
pub enum PgTx {
    /// Autocommit reads.
    Read(PoolConnection<Postgres>),
    /// `BEGIN` … `COMMIT`.
    Write(Transaction<'static, Postgres>),
}

/// A version's comments as one JSON array.
const VERSION_COMMENTS_JSON: &str = concat!(
    "SELECT COALESCE(json_agg(json_build_array(",
    rehearsalhub_store_sql::comment_json_columns!(),
    "))::text, '[]')",
    rehearsalhub_store_sql::comment_json_from!()
);

/// The transaction type the shared implementation of the row traits is compiled for.
type Current = PgTx;

/// What makes text compare byte by byte, as the core sorts folded titles.
const BYTE_ORDER: &str = " COLLATE \"C\"";

// The row traits' one implementation, shared with SQLite, compiled for PostgreSQL.
#[path = "../../store-sql/tx/mod.rs"]
mod shared;

impl PgTx {
    fn conn(&mut self) -> &mut PgConnection {
        match self {
            PgTx::Read(c) => c,
            PgTx::Write(t) => t,
        }
    }
}

#[async_trait]
impl Tx for PgTx {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        match *self {
            PgTx::Read(_) => Ok(()),
            PgTx::Write(t) => t.commit().await.map_err(rehearsalhub_store_sql::db_err),
        }
    }

    async fn lock_band(&mut self, band: BandId) -> StoreResult<()> {
        sqlx::query("SELECT id FROM bands WHERE id = $1 FOR UPDATE")
            .bind(band.0)
            .fetch_optional(self.conn())
            .await
            .map_err(rehearsalhub_store_sql::db_err)?;
        Ok(())
    }
}

#[async_trait]
impl Store for PgStore {
    async fn read(&self) -> StoreResult<Box<dyn Tx>> {
        let conn = self.pool.acquire().await.map_err(backend)?;
        Ok(Box::new(PgTx::Read(conn)))
    }

    async fn write(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.pool.begin().await.map_err(backend)?;
        Ok(Box::new(PgTx::Write(tx)))
    }
}
