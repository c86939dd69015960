//! The routes of SPEC §8, one module per area. Each handler has the name of the core use
//! case it adapts: it parses the request into core types, calls the use case, and maps
//! the result. No rule is decided here.

pub mod accounts;
pub mod bands;
pub mod comments;
pub mod invites;
pub mod live;
pub mod meta;
pub mod songs;

use std::path::PathBuf;
use std::sync::Arc;

use rehearsalhub_core::{Bus, Hub};
use tokio::sync::Semaphore;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The core.
    pub hub: Hub,
    /// Largest accepted upload, in bytes.
    pub max_upload_bytes: u64,
    /// Where uploads are spooled (the blob folder's `tmp/`, so the core's copy stays on one
    /// file system).
    pub spool_dir: PathBuf,
    /// One permit per upload being received; none left means 429.
    pub uploads: Arc<Semaphore>,
    /// Live events (the hub publishes into it, directly or through PostgreSQL).
    pub bus: Bus,
    /// How often a quiet event stream gets a heartbeat.
    pub heartbeat: std::time::Duration,
    /// Serialized comment lists, by version and revision.
    pub comments: comments::CommentCache,
}
