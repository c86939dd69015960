//! The stores under test, each able to make fresh, empty databases.

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use rehearsalhub_core::{Api, BlobStore, Hub, ManualClock, Store, Timestamp};
use rehearsalhub_store_postgres::PgStore;
use rehearsalhub_store_sqlite::SqliteStore;
use sqlx::Row;

/// A store that the suite can run on.
#[async_trait]
pub trait Backend: Send + Sync + 'static {
    /// Its name, for messages.
    fn name(&self) -> &'static str;
    /// A fresh, empty, migrated database.
    async fn fresh(&self) -> Db;
    /// How the suite reaches `hub`: directly, unless the backend puts a server in front.
    async fn front(&self, hub: Hub) -> Arc<dyn Api> {
        Arc::new(hub)
    }
}

/// One fresh database.
pub struct Db {
    /// The store on it.
    pub store: Arc<dyn Store>,
    /// Opens another, independent pool on the same database (a second app instance).
    pub reopen: Box<dyn Fn() -> futures_lite::BoxFuture<Arc<dyn Store>> + Send + Sync>,
    /// Every non-null value in every column of every table, as bytes.
    pub dump: Box<dyn Fn() -> futures_lite::BoxFuture<Vec<Vec<u8>>> + Send + Sync>,
    _dir: Option<tempfile::TempDir>,
}

/// Minimal boxed-future alias, to avoid a dependency for one type.
pub mod futures_lite {
    /// A boxed, sendable future.
    pub type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>;
}

/// A hub on a fresh database with a manual clock and its own blob folder.
pub struct Env {
    /// The use cases under test: the hub itself, or a client of a server running it.
    pub api: Arc<dyn Api>,
    /// The hub (for what is not a use case: the blob sweep).
    pub hub: Hub,
    /// Its clock.
    pub clock: ManualClock,
    /// The database.
    pub db: Db,
    /// The blob folder.
    pub blob_dir: PathBuf,
    _blobs: tempfile::TempDir,
}

/// The suite's start time: 2026-11-21 12:00 UTC.
pub const T0: Timestamp = Timestamp::from_unix(1_795_262_400);

impl Env {
    /// A fresh environment on `backend`.
    pub async fn new(backend: &dyn Backend) -> Env {
        let db = backend.fresh().await;
        let blobs = tempfile::tempdir().expect("temp dir");
        let clock = ManualClock::new(T0);
        let hub = Hub::new(
            db.store.clone(),
            BlobStore::open(blobs.path()).expect("blob dir"),
        )
        .with_clock(Arc::new(clock.clone()));
        Env {
            api: backend.front(hub.clone()).await,
            hub,
            clock,
            blob_dir: blobs.path().to_path_buf(),
            db,
            _blobs: blobs,
        }
    }

    /// A second instance on an independent pool of the same database, same clock and blobs
    /// (for an HTTP backend: a second server).
    pub async fn second_instance(&self, backend: &dyn Backend) -> Arc<dyn Api> {
        let store = (self.db.reopen)().await;
        let hub = Hub::new(store, BlobStore::open(&self.blob_dir).expect("blob dir"))
            .with_clock(Arc::new(self.clock.clone()));
        backend.front(hub).await
    }
}

/// SQLite on a file in a temporary folder (WAL, as the app runs it).
#[derive(Debug, Default)]
pub struct SqliteBackend;

#[async_trait]
impl Backend for SqliteBackend {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    async fn fresh(&self) -> Db {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("rehearsalhub.db");
        let store = SqliteStore::open(&path).await.expect("open sqlite");
        let pool = store.pool().clone();
        let reopen_path = path.clone();
        Db {
            store: Arc::new(store),
            reopen: Box::new(move || {
                let p = reopen_path.clone();
                Box::pin(async move {
                    Arc::new(SqliteStore::open(&p).await.expect("reopen sqlite")) as Arc<dyn Store>
                })
            }),
            dump: Box::new(move || {
                let pool = pool.clone();
                Box::pin(async move {
                    let tables: Vec<String> = sqlx::query_scalar(
                        "SELECT name FROM sqlite_master WHERE type = 'table' \
                         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
                    )
                    .fetch_all(&pool)
                    .await
                    .expect("tables");
                    let mut out = Vec::new();
                    for t in tables {
                        let cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                            "SELECT name FROM pragma_table_info('{t}')"
                        )))
                        .fetch_all(&pool)
                        .await
                        .expect("columns");
                        for c in cols {
                            let vals: Vec<Option<Vec<u8>>> =
                                sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                                    "SELECT CAST(\"{c}\" AS BLOB) FROM \"{t}\""
                                )))
                                .fetch_all(&pool)
                                .await
                                .expect("values");
                            out.extend(vals.into_iter().flatten());
                        }
                    }
                    out
                })
            }),
            _dir: Some(dir),
        }
    }
}

/// PostgreSQL at `DATABASE_URL`, one fresh schema per database.
#[derive(Debug)]
pub struct PgBackend {
    url: String,
}

impl PgBackend {
    /// From `DATABASE_URL`; `None` when unset, unless `RH_REQUIRE_POSTGRES=1`, which makes a
    /// missing database a failure so CI cannot skip PostgreSQL silently.
    pub fn from_env() -> Option<PgBackend> {
        match std::env::var("DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => Some(PgBackend { url }),
            _ => {
                assert!(
                    std::env::var("RH_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                    "RH_REQUIRE_POSTGRES=1 but DATABASE_URL does not point at PostgreSQL"
                );
                eprintln!("DATABASE_URL not set: skipping the PostgreSQL run of this test");
                None
            }
        }
    }

    /// Creates an empty schema and returns its name.
    pub async fn new_schema(&self) -> String {
        let mut suffix = [0u8; 8];
        getrandom_fill(&mut suffix);
        let schema = format!(
            "t_{}",
            suffix
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let admin = sqlx::PgPool::connect(&self.url)
            .await
            .expect("connect postgres");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(&admin)
            .await
            .expect("create schema");
        admin.close().await;
        schema
    }

    /// A store (migrated) on `schema`, with at most `max` connections.
    pub async fn pool_on(&self, schema: &str, max: u32) -> PgStore {
        use std::str::FromStr;
        let options = sqlx::postgres::PgConnectOptions::from_str(&self.url)
            .expect("DATABASE_URL")
            .options([("search_path", schema)]);
        PgStore::connect_with(options, max)
            .await
            .expect("connect postgres")
    }
}

#[async_trait]
impl Backend for PgBackend {
    fn name(&self) -> &'static str {
        "postgres"
    }

    async fn fresh(&self) -> Db {
        let schema = self.new_schema().await;
        let store = self.pool_on(&schema, 40).await;
        let pool = store.pool().clone();
        let url = self.url.clone();
        let reopen_schema = schema.clone();
        Db {
            store: Arc::new(store),
            reopen: Box::new(move || {
                let backend = PgBackend { url: url.clone() };
                let schema = reopen_schema.clone();
                Box::pin(
                    async move { Arc::new(backend.pool_on(&schema, 40).await) as Arc<dyn Store> },
                )
            }),
            dump: Box::new(move || {
                let pool = pool.clone();
                Box::pin(async move {
                    let cols = sqlx::query(
                        "SELECT table_name::text, column_name::text FROM information_schema.columns \
                         WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
                    )
                    .fetch_all(&pool)
                    .await
                    .expect("columns");
                    let mut out = Vec::new();
                    for row in cols {
                        let (t, c): (String, String) = (row.get(0), row.get(1));
                        let vals: Vec<Option<String>> = sqlx::query_scalar(sqlx::AssertSqlSafe(
                            format!("SELECT \"{c}\"::text FROM \"{t}\""),
                        ))
                        .fetch_all(&pool)
                        .await
                        .expect("values");
                        out.extend(vals.into_iter().flatten().map(String::into_bytes));
                    }
                    out
                })
            }),
            _dir: None,
        }
    }
}

fn getrandom_fill(buf: &mut [u8]) {
    use std::hash::{BuildHasher, Hasher};
    // Schema names need uniqueness, not secrecy: the std hasher's random keys suffice.
    for chunk in buf.chunks_mut(8) {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        let v = h.finish().to_le_bytes();
        chunk.copy_from_slice(&v[..chunk.len()]);
    }
}

/// Another backend behind a live `rehearsalhub-server` on a loopback port, reached through
/// `rehearsalhub-client`: the suite then checks the HTTP API end to end. The server runs the
/// environment's hub (so the suite's clock still rules expiry), with rate limits off.
#[derive(Debug)]
pub struct Http<B>(pub B);

#[async_trait]
impl<B: Backend> Backend for Http<B> {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    async fn fresh(&self) -> Db {
        self.0.fresh().await
    }

    async fn front(&self, hub: Hub) -> Arc<dyn Api> {
        let server = crate::server::start(hub).await;
        let cache = tempfile::tempdir().expect("cache dir");
        let client = rehearsalhub_client::Client::new(&server.url)
            .expect("client")
            .with_cache_dir(cache.path());
        // The server task and the cache folder live as long as the test's runtime and
        // process; leaking the folder handle keeps it until the process ends.
        std::mem::forget(cache);
        Arc::new(client)
    }
}
