//! Comments as the use cases return them and take them (SPEC §5): a [`Comment`] with its
//! replies, what a new comment is ([`CommentDraft`]) and what an edit changes
//! ([`CommentPatch`]). Their parts are parsed by [`crate::comment_input`].

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::comment_input::{CommentBody, CommentTag};
use crate::error::Result;
use crate::ids::{BandId, CommentId, VersionId};
use crate::model::User;

/// A comment on a version, or a reply to one.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Its id.
    pub id: CommentId,
    /// The version it is on.
    pub version_id: VersionId,
    /// The comment this replies to; `null` for a comment.
    pub parent_id: Option<CommentId>,
    /// Where in the recording (ms); `null` for a reply, which has no time of its own.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub at_ms: Option<i64>,
    /// The end of the range it covers (ms), when it covers one.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub until_ms: Option<i64>,
    /// The text; empty once deleted.
    pub body: String,
    /// Its tag (`note` for replies).
    pub tag: CommentTag,
    /// Whether this `issue` was marked resolved.
    pub resolved: bool,
    /// Who resolved it.
    pub resolved_by: Option<User>,
    /// Who wrote it.
    pub author: User,
    /// When it was written.
    pub created_at: Timestamp,
    /// When its author last changed its text or tag.
    pub edited_at: Option<Timestamp>,
    /// Deleted while it had replies: shown as deleted, its replies kept.
    pub deleted: bool,
    /// Its replies, oldest first (always empty for a reply).
    // utoipa would recurse forever collecting the schemas of a self-referencing type.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub replies: Vec<Comment>,
}

/// A version's comments, each with its replies, as [`crate::Hub::list_comments`] returns
/// them: shared, because the hub keeps the list it answers with, and copying thousands of
/// comments for every reader would cost more than reading them.
pub type CommentList = std::sync::Arc<Vec<Comment>>;

/// A comment plus what only the core needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    /// The comment as users see it (without replies).
    pub comment: Comment,
    /// The band of its version.
    pub band_id: BandId,
    /// How many replies it has.
    pub replies: i64,
}

/// A new comment's parts, each parsed; where it is pinned is checked against the version's
/// duration by [`crate::Hub::add_comment`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentDraft {
    /// The moment, or the start of the range (ms).
    pub at_ms: i64,
    /// The end of the range (ms).
    pub until_ms: Option<i64>,
    /// The text.
    pub body: CommentBody,
    /// The tag.
    pub tag: CommentTag,
}

impl CommentDraft {
    /// Parses a new comment's fields as they come in (a request body, a command's
    /// arguments); a missing tag is `note`.
    pub fn parse(at_ms: i64, until_ms: Option<i64>, body: &str, tag: Option<&str>) -> Result<Self> {
        Ok(CommentDraft {
            at_ms,
            until_ms,
            body: CommentBody::parse(body)?,
            tag: tag.map(CommentTag::parse).transpose()?.unwrap_or_default(),
        })
    }
}

/// What an edit changes; a field left `None` stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentPatch {
    /// New text (its author only).
    pub body: Option<CommentBody>,
    /// New tag (its author only; not on a reply).
    pub tag: Option<CommentTag>,
    /// Resolve or reopen an `issue` (any member).
    pub resolved: Option<bool>,
}

impl CommentPatch {
    /// Parses an edit's fields as they come in.
    pub fn parse(body: Option<&str>, tag: Option<&str>, resolved: Option<bool>) -> Result<Self> {
        Ok(CommentPatch {
            body: body.map(CommentBody::parse).transpose()?,
            tag: tag.map(CommentTag::parse).transpose()?,
            resolved,
        })
    }
}
