//! Comments as the use cases return them (SPEC §5): a [`Comment`] is either pinned to a
//! moment or a range of the recording, with a tag, a resolution and its replies, or a
//! reply to one, with nothing of the sort. The two are one enum ([`Thread`]), so a rule
//! matches on what a comment is instead of re-checking which of four fields are set.
//!
//! On the wire a comment stays one flat object ([`FlatComment`]: `parent_id`, `at_ms`,
//! `until_ms`, `tag`, `resolved`, `resolved_by`, `replies` side by side), and what comes
//! back from a server is parsed into the enum: a reply with a time, a reply to a reply, or
//! a text the body rules refuse is not a comment.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::comment_input::{CommentBody, CommentTag, Moment};
use crate::ids::{BandId, CommentId, VersionId};
use crate::model::User;

/// A comment on a version, or a reply to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Its id.
    pub id: CommentId,
    /// The version it is on.
    pub version_id: VersionId,
    /// The text; empty once deleted.
    pub body: String,
    /// Who wrote it.
    pub author: User,
    /// When it was written.
    pub created_at: Timestamp,
    /// When its author last changed its text or tag.
    pub edited_at: Option<Timestamp>,
    /// Deleted while it had replies: shown as deleted, its replies kept.
    pub deleted: bool,
    /// A pinned comment, or a reply.
    pub thread: Thread,
}

/// What a comment is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thread {
    /// Pinned to the recording.
    Pinned(Pinned),
    /// A reply, which has no time, tag or resolution of its own.
    Reply {
        /// The comment it replies to.
        parent_id: CommentId,
    },
}

/// What a pinned comment has that a reply has not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pinned {
    /// Where in the recording.
    pub moment: Moment,
    /// Its tag.
    pub tag: CommentTag,
    /// Who resolved this `issue`, if it is resolved.
    pub resolved_by: Option<User>,
    /// Its replies, oldest first (each a [`Thread::Reply`]).
    pub replies: Vec<Comment>,
}

impl Comment {
    /// The pinned part, unless this is a reply.
    pub fn pinned(&self) -> Option<&Pinned> {
        match &self.thread {
            Thread::Pinned(p) => Some(p),
            Thread::Reply { .. } => None,
        }
    }

    /// The comment this replies to, if it is a reply.
    pub fn parent_id(&self) -> Option<CommentId> {
        match self.thread {
            Thread::Reply { parent_id } => Some(parent_id),
            Thread::Pinned(_) => None,
        }
    }

    /// Its tag (`note` for a reply).
    pub fn tag(&self) -> CommentTag {
        self.pinned().map_or(CommentTag::Note, |p| p.tag)
    }

    /// Where it is pinned, in ms from the start (`None` for a reply).
    pub fn at_ms(&self) -> Option<i64> {
        self.pinned().map(|p| p.moment.at_ms())
    }

    /// Where a range ends, in ms (`None` for a moment or a reply).
    pub fn until_ms(&self) -> Option<i64> {
        self.pinned().and_then(|p| p.moment.until_ms())
    }

    /// Who resolved this `issue`, if it is resolved.
    pub fn resolved_by(&self) -> Option<&User> {
        self.pinned().and_then(|p| p.resolved_by.as_ref())
    }

    /// Whether this `issue` is resolved.
    pub fn resolved(&self) -> bool {
        self.resolved_by().is_some()
    }

    /// Its replies (none for a reply).
    pub fn replies(&self) -> &[Comment] {
        self.pinned().map_or(&[], |p| p.replies.as_slice())
    }

    /// A comment from its flat form, checking only its shape (a stored row's text was
    /// checked when it was written); `Err` says what is wrong.
    pub fn from_flat(f: FlatComment) -> std::result::Result<Self, String> {
        let thread = match (f.parent_id, f.at_ms) {
            (Some(parent_id), None) => {
                if f.until_ms.is_some() || f.resolved_by.is_some() || !f.replies.is_empty() {
                    return Err("a reply has a time, a resolution or replies".into());
                }
                Thread::Reply { parent_id }
            }
            (None, Some(at_ms)) => Thread::Pinned(Pinned {
                moment: Moment::parse(at_ms, f.until_ms, None).map_err(|e| e.message())?,
                tag: f.tag,
                resolved_by: f.resolved_by,
                replies: Vec::new(),
            }),
            _ => return Err("a comment is pinned to a moment or replies to one".into()),
        };
        let mut comment = Comment {
            id: f.id,
            version_id: f.version_id,
            body: f.body,
            author: f.author,
            created_at: f.created_at,
            edited_at: f.edited_at,
            deleted: f.deleted,
            thread,
        };
        for reply in f.replies {
            let reply = Comment::from_flat(reply)?;
            if reply.parent_id() != Some(comment.id) || reply.version_id != comment.version_id {
                return Err("a reply is listed under another comment".into());
            }
            if let Thread::Pinned(p) = &mut comment.thread {
                p.replies.push(reply);
            }
        }
        Ok(comment)
    }

    /// Its flat form, borrowed.
    fn flat(&self) -> FlatRef<'_> {
        let pinned = self.pinned();
        FlatRef {
            id: self.id,
            version_id: self.version_id,
            parent_id: self.parent_id(),
            at_ms: pinned.map(|p| p.moment.at_ms()),
            until_ms: pinned.and_then(|p| p.moment.until_ms()),
            body: &self.body,
            tag: self.tag(),
            resolved: pinned.is_some_and(|p| p.resolved_by.is_some()),
            resolved_by: pinned.and_then(|p| p.resolved_by.as_ref()),
            author: &self.author,
            created_at: self.created_at,
            edited_at: self.edited_at,
            deleted: self.deleted,
            replies: self.replies(),
        }
    }
}

/// A comment on the wire: one flat object, the same for a pinned comment and a reply.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Comment"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Comment))]
#[derive(Debug, Clone, Deserialize)]
pub struct FlatComment {
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
    #[serde(default)]
    pub replies: Vec<FlatComment>,
}

/// [`FlatComment`] borrowed from a [`Comment`], to serialize without copying.
#[derive(Serialize)]
struct FlatRef<'a> {
    id: CommentId,
    version_id: VersionId,
    parent_id: Option<CommentId>,
    at_ms: Option<i64>,
    until_ms: Option<i64>,
    body: &'a str,
    tag: CommentTag,
    resolved: bool,
    resolved_by: Option<&'a User>,
    author: &'a User,
    created_at: Timestamp,
    edited_at: Option<Timestamp>,
    deleted: bool,
    replies: &'a [Comment],
}

impl Serialize for Comment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.flat().serialize(s)
    }
}

/// A comment from a server is input: its shape and its text are checked as the core checks
/// a new one (a deleted comment's text is empty).
impl<'de> Deserialize<'de> for Comment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let flat = FlatComment::deserialize(d)?;
        let comment = Comment::from_flat(flat).map_err(serde::de::Error::custom)?;
        for c in std::iter::once(&comment).chain(comment.replies()) {
            if !c.deleted {
                CommentBody::parse(&c.body).map_err(|e| serde::de::Error::custom(e.message()))?;
            }
        }
        Ok(comment)
    }
}

#[cfg(feature = "ts")]
impl ts_rs::TS for Comment {
    type WithoutGenerics = Comment;
    type OptionInnerType = Comment;
    fn name(cfg: &ts_rs::Config) -> String {
        FlatComment::name(cfg)
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        FlatComment::inline(cfg)
    }
    fn decl(cfg: &ts_rs::Config) -> String {
        FlatComment::decl(cfg)
    }
    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        FlatComment::decl_concrete(cfg)
    }
    fn visit_dependencies(v: &mut impl ts_rs::TypeVisitor) {
        FlatComment::visit_dependencies(v);
    }
    fn output_path() -> Option<std::path::PathBuf> {
        FlatComment::output_path()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Comment {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Comment")
    }
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        <FlatComment as utoipa::ToSchema>::schemas(schemas);
    }
}

/// `Comment`'s schema is [`FlatComment`]'s. utoipa reaches a type's schema inside a list
/// or an option through this hidden trait, which it derives for derived types only.
#[cfg(feature = "openapi")]
impl utoipa::__dev::ComposeSchema for Comment {
    fn compose(
        _: Vec<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>,
    ) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <FlatComment as utoipa::PartialSchema>::schema()
    }
}

/// A version's comments, each with its replies, as [`crate::comments::ListComments`]
/// returns them: shared, because the hub keeps the list it answers with, and copying
/// thousands of comments for every reader would cost more than reading them.
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

/// A comment by Ada on version 1 for tests: a reply to `parent`, or pinned at `at_ms`.
#[cfg(test)]
pub(crate) fn sample(id: i64, parent: Option<i64>, at_ms: Option<i64>) -> Comment {
    let thread = match parent {
        Some(p) => Thread::Reply {
            parent_id: CommentId(p),
        },
        None => Thread::Pinned(Pinned {
            moment: Moment::parse(at_ms.unwrap_or(0), None, None).unwrap(),
            tag: CommentTag::Note,
            resolved_by: None,
            replies: Vec::new(),
        }),
    };
    Comment {
        id: CommentId(id),
        version_id: VersionId(1),
        body: format!("c{id}"),
        author: User {
            id: crate::ids::UserId(1),
            username: crate::input::Username::parse("ada").unwrap(),
            display_name: "Ada".into(),
        },
        created_at: Timestamp::from_unix(0),
        edited_at: None,
        deleted: false,
        thread,
    }
}
