//! Command-line flags and environment variables (SPEC §9).

use std::path::PathBuf;

use clap::Parser;

const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
const DEFAULT_MAX_UPLOAD_MB: u64 = 200;
const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 30;
const DEFAULT_DB_MAX_CONNECTIONS: u32 = 16;
const DEFAULT_HEADER_TIMEOUT_SECS: u64 = 10;
const DEFAULT_BODY_IDLE_TIMEOUT_SECS: u64 = 30;
const DEFAULT_MAX_CONCURRENT_UPLOADS: u32 = 4;
const DEFAULT_SHUTDOWN_GRACE_SECS: u64 = 30;
const DEFAULT_MAX_CONNECTIONS: u32 = 4096;
const DEFAULT_HEARTBEAT_SECS: u64 = 15;

/// `rehearsalhub-server`: RehearsalHub's HTTP API for bands spread over several computers.
#[derive(Debug, Clone, Parser)]
#[command(name = "rehearsalhub-server", version, about)]
pub struct Config {
    /// Address to serve; port 0 picks a free one.
    #[arg(long, env = "RH_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: String,
    /// Blob folder, and the SQLite file when no database URL is given.
    #[arg(long, env = "RH_DATA_DIR", default_value = "./rehearsalhub-data")]
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; default: SQLite in the data folder.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Largest audio upload, in MiB.
    #[arg(long, env = "RH_MAX_UPLOAD_MB", default_value_t = DEFAULT_MAX_UPLOAD_MB,
        value_parser = clap::value_parser!(u64).range(1..=16384))]
    pub max_upload_mb: u64,
    /// Per client address, for sign-up, sign-in, invite preview and redemption; 0 turns
    /// the limits off (load tests).
    #[arg(long, env = "RH_RATE_LIMIT_PER_MINUTE", default_value_t = DEFAULT_RATE_LIMIT_PER_MINUTE)]
    pub rate_limit_per_minute: u32,
    /// Database connections per instance (PostgreSQL).
    #[arg(long, env = "RH_DB_MAX_CONNECTIONS", default_value_t = DEFAULT_DB_MAX_CONNECTIONS,
        value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_max_connections: u32,
    /// Longest wait for a request's headers, in seconds; a client that sends them slower
    /// (or not at all) is disconnected.
    #[arg(long, env = "RH_HEADER_TIMEOUT_SECS", default_value_t = DEFAULT_HEADER_TIMEOUT_SECS,
        value_parser = clap::value_parser!(u64).range(1..=600))]
    pub header_timeout_secs: u64,
    /// Longest pause while a request body arrives, in seconds: a stalled upload is cut
    /// off and its temporary file removed.
    #[arg(long, env = "RH_BODY_IDLE_TIMEOUT_SECS", default_value_t = DEFAULT_BODY_IDLE_TIMEOUT_SECS,
        value_parser = clap::value_parser!(u64).range(1..=600))]
    pub body_idle_timeout_secs: u64,
    /// Uploads received at once by this instance; one more is answered 429 until one ends.
    #[arg(long, env = "RH_MAX_CONCURRENT_UPLOADS", default_value_t = DEFAULT_MAX_CONCURRENT_UPLOADS,
        value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_concurrent_uploads: u32,
    /// Connections open at once on this instance; one more is closed at once. Keep it
    /// under the process's open-file limit, with room for the database and the audio.
    #[arg(long, env = "RH_MAX_CONNECTIONS", default_value_t = DEFAULT_MAX_CONNECTIONS,
        value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_connections: u32,
    /// After SIGTERM or Ctrl-C, how long the requests in flight may still take, in
    /// seconds, before the process exits anyway.
    #[arg(long, env = "RH_SHUTDOWN_GRACE_SECS", default_value_t = DEFAULT_SHUTDOWN_GRACE_SECS,
        value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_grace_secs: u64,
    /// How often a quiet live-event stream (`GET /events`) gets a heartbeat, in seconds.
    #[arg(long, env = "RH_HEARTBEAT_SECS", default_value_t = DEFAULT_HEARTBEAT_SECS,
        value_parser = clap::value_parser!(u64).range(1..=300))]
    pub heartbeat_secs: u64,
}

impl Config {
    /// The upload limit in bytes.
    pub fn max_upload_bytes(&self) -> u64 {
        self.max_upload_mb * 1024 * 1024
    }

    /// The connection-level limits.
    pub fn timeouts(&self) -> crate::Timeouts {
        crate::Timeouts {
            header_read: std::time::Duration::from_secs(self.header_timeout_secs),
            shutdown_grace: std::time::Duration::from_secs(self.shutdown_grace_secs),
            max_connections: self.max_connections as usize,
            body_idle: std::time::Duration::from_secs(self.body_idle_timeout_secs),
        }
    }

    /// Every flag at its default but `listen` and `data_dir`, with no environment read
    /// (tests and embedders set what they need on the result).
    pub fn new(listen: impl Into<String>, data_dir: impl Into<PathBuf>) -> Self {
        Config {
            listen: listen.into(),
            data_dir: data_dir.into(),
            database_url: None,
            max_upload_mb: DEFAULT_MAX_UPLOAD_MB,
            rate_limit_per_minute: DEFAULT_RATE_LIMIT_PER_MINUTE,
            db_max_connections: DEFAULT_DB_MAX_CONNECTIONS,
            header_timeout_secs: DEFAULT_HEADER_TIMEOUT_SECS,
            body_idle_timeout_secs: DEFAULT_BODY_IDLE_TIMEOUT_SECS,
            max_concurrent_uploads: DEFAULT_MAX_CONCURRENT_UPLOADS,
            shutdown_grace_secs: DEFAULT_SHUTDOWN_GRACE_SECS,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            heartbeat_secs: DEFAULT_HEARTBEAT_SECS,
        }
    }
}
