//! Types that parse what comes from outside. Once built, a value is valid: the use cases
//! never see a raw string for a username, a role or an invite token.
//!
//! Every parser names its field in the `invalid_input` error it returns, and each type
//! crosses a boundary (JSON, a query string, a Tauri argument) through its parser
//! ([`boundary`]), with the OpenAPI schema of what that parser accepts.

pub mod account;
pub mod boundary;
pub mod invite;
pub mod names;
pub mod session_date;
pub mod song_details;

pub use account::{Password, Username};
pub(crate) use boundary::is_sneaky;
pub use invite::{ExpiresIn, INVITE_LINK_PREFIX, InviteToken, PageLimit, PageOffset, Role};
pub use names::{BandName, DisplayName, PlaceName, SearchQuery, SongTitle, VersionLabel};
pub use session_date::SessionDate;
pub use song_details::{Bpm, MusicalKey, Notes, SongStatus, Tag, Tags};
