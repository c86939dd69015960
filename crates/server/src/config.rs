//! Command-line flags and environment variables (SPEC §9).

use std::path::PathBuf;

use clap::Parser;

/// `rehearsalhub-server`: RehearsalHub's HTTP API for bands spread over several computers.
#[derive(Debug, Clone, Parser)]
#[command(name = "rehearsalhub-server", version, about)]
pub struct Config {
    /// Address to serve; port 0 picks a free one.
    #[arg(long, env = "RH_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Blob folder, and the SQLite file when no database URL is given.
    #[arg(long, env = "RH_DATA_DIR", default_value = "./rehearsalhub-data")]
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; default: SQLite in the data folder.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Largest audio upload, in MiB.
    #[arg(long, env = "RH_MAX_UPLOAD_MB", default_value_t = 200,
        value_parser = clap::value_parser!(u64).range(1..=16384))]
    pub max_upload_mb: u64,
    /// Per client address, for sign-in, invite preview and redemption; 0 turns the limits
    /// off (load tests).
    #[arg(long, env = "RH_RATE_LIMIT_PER_MINUTE", default_value_t = 30)]
    pub rate_limit_per_minute: u32,
    /// Database connections per instance (PostgreSQL).
    #[arg(long, env = "RH_DB_MAX_CONNECTIONS", default_value_t = 16,
        value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_max_connections: u32,
}

impl Config {
    /// The upload limit in bytes.
    pub fn max_upload_bytes(&self) -> u64 {
        self.max_upload_mb * 1024 * 1024
    }
}
