//! # rehearsalhub-core
//!
//! RehearsalHub's domain: accounts, bands, memberships, invites, songs, versions, comments
//! on them and the activity log, as one async function per use case on [`Hub`]. Every use case checks the
//! caller's rights itself (SPEC §2), reading membership from the store on every call.
//!
//! What comes from outside is parsed into types ([`Username`], [`InviteToken`], [`Role`],
//! …) before it reaches a use case; every failure is one [`Error`] with the codes of
//! SPEC §7.
//!
//! Every use case that writes announces what it changed, once committed, as [`Change`]s
//! through the [`Publish`] trait; the [`Bus`] decides who may hear each (SPEC §6a). How
//! they travel (Server-Sent Events, PostgreSQL `NOTIFY`, Tauri events) is the callers'.
//!
//! The core is written against the [`Store`] trait and must not depend on a database
//! driver, an HTTP framework, Tauri or an audio library: those live in the crates that
//! implement or call it (`store-sqlite`, `store-postgres`, `server`, `src-tauri`, `audio`).

pub mod accounts;
pub mod activity;
pub mod api;
pub mod bands;
pub mod blobs;
pub mod clock;
pub mod comment_input;
pub mod comment_model;
pub mod comments;
pub mod error;
pub mod events;
pub mod hub;
pub mod ids;
pub mod input;
pub mod invites;
pub mod live;
pub mod model;
pub mod passwords;
pub mod probe;
pub mod secret;
pub mod songs;
pub mod store;
pub mod wire;

pub use api::{Api, Progress};
pub use blobs::{BlobStore, Upload};
pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use comment_input::{CommentBody, CommentTag, Moment};
pub use comment_model::{Comment, CommentDraft, CommentList, CommentPatch, CommentRecord};
pub use error::{Error, ErrorCode, Result};
pub use events::{Change, Publish, QueryTag, Silent};
pub use hub::{Caller, Config, Hub};
pub use ids::{BandId, CommentId, InviteId, SongId, UserId, VersionId};
pub use input::{
    BandName, DisplayName, ExpiresIn, InviteToken, Password, Role, SearchQuery, SongTitle,
    Username, VersionLabel,
};
pub use invites::InvitePage;
pub use live::{Bus, Delivery, EventId, Start, Subscription};
pub use model::*;
pub use probe::{AudioInfo, AudioProbe, HeaderProbe};
pub use secret::{SessionToken, TokenHash};
pub use songs::AudioStream;
pub use store::{
    CommentUpdate, NewActivity, NewComment, NewInvite, NewVersion, Store, StoreError, StoreResult,
    Tx,
};
