//! The routes of SPEC §8 that are written by hand, because they answer more than a use
//! case's JSON: uploads and audio streams (`songs`), the cached and conditional comment
//! list (`comments`), the event stream (`live`), health and the document (`meta`). Every
//! other route is a declared use case, served by `crate::cases`. No rule is decided here.

pub mod comments;
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
}
