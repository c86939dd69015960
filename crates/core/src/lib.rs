//! # rehearsalhub-core
//!
//! RehearsalHub's domain: accounts, bands, memberships, invites, songs, versions, comments
//! on them and the activity log. Every use case is declared once, as a [`UseCase`] on the
//! struct of its parsed input, in the module of its area, and listed in [`case::each`];
//! it runs on a [`Hub`] and checks the caller's rights itself (SPEC §2), reading
//! membership from the store on every call. The server's routes, the client's calls, the
//! desktop app's commands and the TypeScript bindings are built from those declarations.
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
pub mod api;
pub mod bands;
pub mod blobs;
pub mod case;
pub mod clock;
pub mod comment_input;
pub mod comment_lists;
pub mod comment_model;
pub mod comments;
pub mod error;
pub mod events;
pub mod hub;
pub mod ids;
pub mod inbox;
pub mod input;
pub mod invites;
pub mod live;
pub mod members;
pub mod model;
pub mod passwords;
pub mod probe;
pub mod recorded;
pub mod rehearsals;
pub mod secret;
pub mod song_search;
pub mod song_updates;
pub mod songs;
pub mod store;
pub mod version_updates;
pub mod versions;

pub use accounts::*;
pub use api::{Api, ApiExt, Progress};
pub use bands::*;
pub use blobs::{BlobStore, Upload};
pub use case::{Done, Method, Route, UseCase, Who};
pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use comment_input::{CommentBody, CommentTag, Moment};
pub use comment_lists::Listing;
pub use comment_model::{Comment, CommentList, CommentRecord, FlatComment, Pinned, Thread};
pub use comments::*;
pub use error::{Error, ErrorCode, Result};
pub use events::{Change, Changes, Publish, QueryTag, Silent};
pub use hub::{Caller, Config, Hub};
pub use ids::{BandId, CommentId, InviteId, SessionId, SongId, UserId, VersionId};
pub use inbox::*;
pub use input::{
    BandName, Bpm, DisplayName, ExpiresIn, InviteToken, MusicalKey, Notes, PageLimit, PageOffset,
    Password, PlaceName, Role, SearchQuery, SessionDate, SongStatus, SongTitle, Tag, Tags,
    Username, VersionLabel,
};
pub use invites::*;
pub use live::{Bus, Delivery, EventId, Start, Subscription};
pub use members::*;
pub use model::*;
pub use probe::{AudioInfo, AudioProbe, HeaderProbe};
pub use recorded::RecordedAt;
pub use rehearsals::*;
pub use secret::{SessionToken, TokenHash};
pub use song_search::{SongFind, SongLimit, SongSort, TitleQuery};
pub use song_updates::*;
pub use songs::*;
pub use store::{
    AccountRows, ActivityRows, BandRows, CommentRows, CommentUpdate, InviteRows, NewActivity,
    NewComment, NewInvite, NewVersion, RehearsalFields, RehearsalRows, SongRows, Store, StoreError,
    StoreResult, Tx,
};
pub use version_updates::*;
pub use versions::*;

/// The use cases and what calls them, for callers that use many: `use
/// rehearsalhub_core::prelude::*;`. Each area's module is exported whole, so a use case
/// declared in one is exported with it.
pub mod prelude {
    pub use crate::accounts::*;
    pub use crate::api::{Api, ApiExt};
    pub use crate::bands::*;
    pub use crate::comments::*;
    pub use crate::hub::Caller;
    pub use crate::ids::{BandId, CommentId, InviteId, SessionId, SongId, UserId, VersionId};
    pub use crate::inbox::*;
    pub use crate::input::{PageLimit, PageOffset};
    pub use crate::invites::*;
    pub use crate::members::*;
    pub use crate::rehearsals::*;
    pub use crate::song_updates::*;
    pub use crate::songs::*;
    pub use crate::version_updates::*;
    pub use crate::versions::*;
}
