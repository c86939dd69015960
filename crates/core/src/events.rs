//! What changed (SPEC §6a): the small typed [`Change`]s every writing use case announces
//! after its transaction commits, and the [`Publish`] trait they go out through.
//!
//! A change names a band or a user and the kind of thing that changed, never the data and
//! never a token: whoever receives it refetches what they may see, through the use cases
//! and their permission checks. The core does not know how changes travel (in-process,
//! PostgreSQL `NOTIFY`, Server-Sent Events, a Tauri event); [`crate::live::Bus`] decides who
//! receives which.

use serde::{Deserialize, Serialize};

use crate::ids::{BandId, UserId, VersionId};

/// One thing that changed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// The band itself (it was created).
    Band {
        /// Which band.
        band_id: BandId,
    },
    /// Who is in the band, or their roles.
    Members {
        /// Which band.
        band_id: BandId,
    },
    /// The band's invites (created, used, revoked, declined).
    Invites {
        /// Which band.
        band_id: BandId,
    },
    /// The band's songs or their versions.
    Songs {
        /// Which band.
        band_id: BandId,
    },
    /// The band's rehearsal sessions (created, edited, deleted, a take moved in or out).
    Sessions {
        /// Which band.
        band_id: BandId,
    },
    /// A version's comments or replies (which also changes its counts in the song list).
    Comments {
        /// Which band.
        band_id: BandId,
        /// Which version.
        version_id: VersionId,
    },
    /// The band's activity log has new entries.
    Activity {
        /// Which band.
        band_id: BandId,
    },
    /// The user's inbox of direct invites.
    Inbox {
        /// Whose.
        user_id: UserId,
    },
    /// The bands the user is in, or their role in one (joined, left, removed, promoted).
    MyBands {
        /// Whose.
        user_id: UserId,
    },
}

impl Change {
    /// The band this change is about, if it is about a band: only its members at the moment
    /// it is sent may receive it.
    pub fn band(self) -> Option<BandId> {
        match self {
            Change::Band { band_id }
            | Change::Members { band_id }
            | Change::Invites { band_id }
            | Change::Songs { band_id }
            | Change::Sessions { band_id }
            | Change::Comments { band_id, .. }
            | Change::Activity { band_id } => Some(band_id),
            Change::Inbox { .. } | Change::MyBands { .. } => None,
        }
    }

    /// The one user this change is for, if it is about a user's own things.
    pub fn user(self) -> Option<UserId> {
        match self {
            Change::Inbox { user_id } | Change::MyBands { user_id } => Some(user_id),
            _ => None,
        }
    }

    /// What a screen showing this kind of change must fetch again.
    pub fn invalidates(self) -> &'static [QueryTag] {
        use QueryTag as Q;
        match self {
            Change::Band { .. } => &[Q::Band, Q::Bands],
            Change::Members { .. } => &[Q::Members, Q::Band, Q::NonMembers],
            Change::Invites { .. } => &[Q::Invites, Q::NonMembers],
            // A take added, moved or deleted changes the sessions it was in, and a session
            // deleted or re-dated changes which songs its filter finds.
            Change::Songs { .. } | Change::Sessions { .. } => &[Q::Songs, Q::Sessions],
            Change::Comments { .. } => &[Q::Comments, Q::Songs],
            Change::Activity { .. } => &[Q::Activity],
            Change::Inbox { .. } => &[Q::Inbox],
            // My place in a band changed: everything shown of any band may have.
            Change::MyBands { .. } => &[
                Q::Bands,
                Q::Band,
                Q::Members,
                Q::Invites,
                Q::NonMembers,
                Q::Songs,
                Q::Sessions,
                Q::Comments,
                Q::Activity,
            ],
        }
    }

    /// One change of every kind (for the generated table of the UI).
    pub fn every_kind() -> [Change; 9] {
        let (b, u, v) = (BandId(0), UserId(0), VersionId(0));
        [
            Change::Band { band_id: b },
            Change::Members { band_id: b },
            Change::Invites { band_id: b },
            Change::Songs { band_id: b },
            Change::Sessions { band_id: b },
            Change::Comments {
                band_id: b,
                version_id: v,
            },
            Change::Activity { band_id: b },
            Change::Inbox { user_id: u },
            Change::MyBands { user_id: u },
        ]
    }

    /// The `kind` this change has on the wire.
    pub fn kind(self) -> &'static str {
        match self {
            Change::Band { .. } => "band",
            Change::Members { .. } => "members",
            Change::Invites { .. } => "invites",
            Change::Songs { .. } => "songs",
            Change::Sessions { .. } => "sessions",
            Change::Comments { .. } => "comments",
            Change::Activity { .. } => "activity",
            Change::Inbox { .. } => "inbox",
            Change::MyBands { .. } => "my_bands",
        }
    }
}

/// The families of reads a client caches, named as the UI's query keys start: a change
/// invalidates the reads of its tags (for its band, when it names one).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryTag {
    /// The caller's bands.
    Bands,
    /// `view_band`.
    Band,
    /// `list_members`.
    Members,
    /// `list_invites`.
    Invites,
    /// `search_non_members`.
    NonMembers,
    /// `list_songs`.
    Songs,
    /// `list_sessions` and `get_session`.
    Sessions,
    /// `list_comments`.
    Comments,
    /// `list_activity`.
    Activity,
    /// `list_my_invites`.
    Inbox,
}

impl QueryTag {
    /// Every tag.
    pub const ALL: [QueryTag; 10] = [
        QueryTag::Bands,
        QueryTag::Band,
        QueryTag::Members,
        QueryTag::Invites,
        QueryTag::NonMembers,
        QueryTag::Songs,
        QueryTag::Sessions,
        QueryTag::Comments,
        QueryTag::Activity,
        QueryTag::Inbox,
    ];
}

/// Where the hub announces its changes. Called after the transaction committed, never
/// inside it; must not block.
pub trait Publish: Send + Sync + std::fmt::Debug {
    /// Announces what one use case changed.
    fn publish(&self, changes: Vec<Change>);
}

/// Announces nothing (a hub nobody listens to, such as a maintenance tool's).
#[derive(Debug, Default)]
pub struct Silent;

impl Publish for Silent {
    fn publish(&self, _changes: Vec<Change>) {}
}

/// The changes one use case makes, collected while its transaction runs and published
/// once it has committed. Keeps each change once, in the order first made.
#[derive(Debug, Default)]
pub struct Changes(Vec<Change>);

impl Changes {
    /// None yet.
    pub fn new() -> Self {
        Changes::default()
    }

    /// Adds `change`, unless it is there already.
    pub fn add(&mut self, change: Change) -> &mut Self {
        if !self.0.contains(&change) {
            self.0.push(change);
        }
        self
    }

    /// The member set of `band` changed for `user`: the band's members, its log, and the
    /// user's list of bands.
    pub fn membership(&mut self, band: BandId, user: UserId) -> &mut Self {
        self.add(Change::MyBands { user_id: user })
            .add(Change::Members { band_id: band })
            .add(Change::Activity { band_id: band })
    }

    /// The changes, in the order first made.
    pub fn into_vec(self) -> Vec<Change> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_shape_is_a_kind_and_an_id() {
        let c = Change::Members { band_id: BandId(7) };
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, r#"{"kind":"members","band_id":7}"#);
        assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), c);
        let mine = Change::MyBands { user_id: UserId(3) };
        assert_eq!(
            serde_json::to_string(&mine).unwrap(),
            r#"{"kind":"my_bands","user_id":3}"#
        );
        for c in Change::every_kind() {
            assert!(serde_json::to_string(&c).unwrap().contains(c.kind()));
        }
    }

    #[test]
    fn a_change_from_a_server_is_parsed_not_trusted() {
        for bad in [
            r#"{"kind":"members","band_id":"../x"}"#,
            r#"{"kind":"members"}"#,
            r#"{"kind":"nope","band_id":1}"#,
            r#"{"kind":"inbox","band_id":1}"#,
            r#"{"kind":"members","band_id":1,"token":"x"}"#,
        ] {
            assert!(serde_json::from_str::<Change>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn collected_changes_are_kept_once_in_order() {
        let mut c = Changes::new();
        c.membership(BandId(1), UserId(2))
            .add(Change::Activity { band_id: BandId(1) });
        assert_eq!(
            c.into_vec(),
            vec![
                Change::MyBands { user_id: UserId(2) },
                Change::Members { band_id: BandId(1) },
                Change::Activity { band_id: BandId(1) },
            ]
        );
    }
}
