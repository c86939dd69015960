//! Comments on a version and replies to them (SPEC §2, §5): members read, write, reply and
//! resolve; an author edits their own; the author or an admin deletes. A comment deleted
//! while it has replies stays, shown as deleted, so the conversation under it is kept.
//!
//! Lists are kept by revision in [`crate::comment_lists`].

use serde::{Deserialize, Serialize};

use crate::case::{Done, Route, UseCase, Who};
use crate::comment_input::{CommentBody, CommentTag, Moment};
use crate::comment_lists::Listing;
use crate::comment_model::{Comment, CommentList, CommentRecord, Pinned, Thread};
use crate::error::{Error, Result};
use crate::events::{Change, Changes, QueryTag};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, CommentId, VersionId};
use crate::input::Role;
use crate::model::{ActivityKind, User};
use crate::store::{CommentUpdate, NewActivity, NewComment, Tx};

/// What a write to comments announces.
const COMMENTS: &[&str] = &["comments", "activity"];

fn no_comment() -> Error {
    Error::NotFound("There is no such comment.".into())
}

fn was_deleted() -> Error {
    Error::Conflict("This comment was deleted.".into())
}

/// `m:ss` of a moment, for the activity log.
fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// A version's comments changed (so did its counts), and the log says so.
fn comments_changed(band: BandId, version: VersionId) -> Changes {
    let mut c = Changes::new();
    c.add(Change::Comments {
        band_id: band,
        version_id: version,
    })
    .add(Change::Activity { band_id: band });
    c
}

/// The comment or reply just inserted as `new`, as the list will show it.
fn written(id: CommentId, new: NewComment, thread: Thread, author: User) -> Comment {
    Comment {
        id,
        version_id: new.version_id,
        body: new.body,
        author,
        created_at: new.created_at,
        edited_at: None,
        deleted: false,
        thread,
    }
}

impl Hub {
    /// The comment, the caller, and the caller's role in its band.
    async fn comment_for(
        &self,
        tx: &mut dyn Tx,
        caller: &Caller,
        comment: CommentId,
    ) -> Result<(User, CommentRecord, Role)> {
        let me = self.signed_in(tx, caller).await?;
        let c = tx.comment(comment).await?.ok_or_else(no_comment)?;
        let role = self.role_in(tx, c.band_id, me.id).await?;
        Ok((me, c, role))
    }
}

/// A version's comments in time order, each with its replies oldest first (members).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListComments {
    /// The version.
    pub version_id: VersionId,
}

impl UseCase for ListComments {
    const NAME: &'static str = "list_comments";
    const ROUTE: Route = Route::get("/versions/{version_id}/comments");
    const WHO: Who = Who::Member;
    const CACHED_AS: Option<QueryTag> = Some(QueryTag::Comments);
    type Output = CommentList;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<CommentList>> {
        match hub.comment_list(caller, self.version_id, |_| false).await? {
            Listing::List(listed) => Ok(Done::read(listed.comments.clone())),
            Listing::Unchanged(_) => Err(Error::internal("an unasked-for unchanged list")),
        }
    }
}

/// Pins a comment to a moment or a range of a version (members); the moment must lie
/// within the recording.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddComment {
    /// The version.
    pub version_id: VersionId,
    /// The moment, or the start of the range, in ms from the start (within the recording).
    #[serde(deserialize_with = "crate::comment_input::millis")]
    // The longest recording there is (`LONGEST_MS`, 12 hours); the test below keeps them equal.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 43_200_000))]
    pub at_ms: i64,
    /// The end of the range, in ms (after `at_ms`, within the recording).
    #[serde(default, deserialize_with = "crate::comment_input::some_millis")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 43_200_000))]
    pub until_ms: Option<i64>,
    /// The text.
    pub body: CommentBody,
    /// `note` when not given.
    pub tag: Option<CommentTag>,
}

impl UseCase for AddComment {
    const NAME: &'static str = "add_comment";
    const ROUTE: Route = Route::post("/versions/{version_id}/comments").created();
    const WHO: Who = Who::Member;
    const ANNOUNCES: &'static [&'static str] = COMMENTS;
    type Output = Comment;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Comment>> {
        let mut tx = hub.store.write().await?;
        let (me, v, _) = hub.version_for(&mut *tx, caller, self.version_id).await?;
        let moment = Moment::parse(self.at_ms, self.until_ms, v.version.duration_ms)?;
        let tag = self.tag.unwrap_or_default();
        let new = NewComment {
            version_id: self.version_id,
            parent_id: None,
            author_id: me.id,
            at_ms: Some(moment.at_ms()),
            until_ms: moment.until_ms(),
            body: self.body.as_str().to_owned(),
            tag,
            created_at: hub.now(),
        };
        let id = tx.insert_comment(&new).await?;
        tx.insert_activity(&NewActivity {
            subject_id: Some(id.0),
            detail: format!("{} at {}", v.version.label, clock(moment.at_ms())),
            ..hub.entry(v.band_id, me.id, ActivityKind::CommentAdded)
        })
        .await?;
        tx.commit().await?;
        let pinned = Thread::Pinned(Pinned {
            moment,
            tag,
            resolved_by: None,
            replies: Vec::new(),
        });
        let changes = comments_changed(v.band_id, self.version_id);
        Ok(Done::changed(written(id, new, pinned, me), changes))
    }
}

/// Replies to a comment (members). Replies are one level deep and have no time.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyToComment {
    /// The comment replied to.
    pub comment_id: CommentId,
    /// The text.
    pub body: CommentBody,
}

impl UseCase for ReplyToComment {
    const NAME: &'static str = "reply_to_comment";
    const ROUTE: Route = Route::post("/comments/{comment_id}/replies").created();
    const WHO: Who = Who::Member;
    const ANNOUNCES: &'static [&'static str] = COMMENTS;
    type Output = Comment;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Comment>> {
        let mut tx = hub.store.write().await?;
        let (me, parent, _) = hub.comment_for(&mut *tx, caller, self.comment_id).await?;
        if parent.comment.parent_id().is_some() {
            return Err(Error::invalid(
                "comment_id",
                "Replies are one level deep: reply to the comment itself.",
            ));
        }
        if parent.comment.deleted {
            return Err(was_deleted());
        }
        let version = parent.comment.version_id;
        let new = NewComment {
            version_id: version,
            parent_id: Some(self.comment_id),
            author_id: me.id,
            at_ms: None,
            until_ms: None,
            body: self.body.as_str().to_owned(),
            tag: CommentTag::Note,
            created_at: hub.now(),
        };
        let id = tx.insert_comment(&new).await?;
        tx.insert_activity(&NewActivity {
            subject_id: Some(id.0),
            detail: "a reply".into(),
            ..hub.entry(parent.band_id, me.id, ActivityKind::CommentAdded)
        })
        .await?;
        tx.commit().await?;
        let reply = Thread::Reply {
            parent_id: self.comment_id,
        };
        let changes = comments_changed(parent.band_id, version);
        Ok(Done::changed(written(id, new, reply, me), changes))
    }
}

/// Edits a comment: its text and tag (its author only), or whether an `issue` is resolved
/// (any member). A reply has neither tag nor resolution; absent fields stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateComment {
    /// The comment or reply.
    pub comment_id: CommentId,
    /// New text (its author only).
    pub body: Option<CommentBody>,
    /// New tag (its author only).
    pub tag: Option<CommentTag>,
    /// Resolve (`true`) or reopen (`false`) an issue (any member).
    pub resolved: Option<bool>,
}

impl UpdateComment {
    /// An edit of `comment` that changes nothing yet.
    pub fn of(comment_id: CommentId) -> Self {
        UpdateComment {
            comment_id,
            body: None,
            tag: None,
            resolved: None,
        }
    }
}

impl UseCase for UpdateComment {
    const NAME: &'static str = "update_comment";
    const ROUTE: Route = Route::patch("/comments/{comment_id}");
    const WHO: Who = Who::AuthorOrMemberToResolve;
    const ANNOUNCES: &'static [&'static str] = COMMENTS;
    type Output = Comment;

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<Comment>> {
        let mut tx = hub.store.write().await?;
        let (me, rec, _) = hub.comment_for(&mut *tx, caller, self.comment_id).await?;
        let old = &rec.comment;
        if (self.body.is_some() || self.tag.is_some()) && old.author.id != me.id {
            return Err(Error::Forbidden(
                "Only its author can change a comment's text or tag.".into(),
            ));
        }
        if old.deleted {
            return Err(was_deleted());
        }
        let resolved_by = match &old.thread {
            Thread::Reply { .. } if self.tag.is_some() => {
                return Err(Error::invalid("tag", "A reply has no tag."));
            }
            Thread::Reply { .. } if self.resolved.is_some() => {
                return Err(Error::invalid("resolved", "Only an issue can be resolved."));
            }
            Thread::Reply { .. } => None,
            Thread::Pinned(p) => resolution(p, self.tag, self.resolved, me.id)?,
        };
        let tag = self.tag.unwrap_or(old.tag());
        let body = self
            .body
            .as_ref()
            .map_or(old.body.as_str(), CommentBody::as_str);
        let edited = body != old.body || tag != old.tag();
        let was_resolved_by = old
            .pinned()
            .and_then(|p| p.resolved_by.as_ref().map(|u| u.id));
        if !edited && resolved_by == was_resolved_by {
            return Ok(Done::read(old.clone()));
        }
        tx.update_comment(&CommentUpdate {
            id: self.comment_id,
            body: body.to_owned(),
            tag,
            resolved_by,
            edited_at: if edited {
                Some(hub.now())
            } else {
                old.edited_at
            },
        })
        .await?;
        let updated = tx.comment(self.comment_id).await?.ok_or_else(no_comment)?;
        tx.commit().await?;
        let changes = comments_changed(rec.band_id, old.version_id);
        Ok(Done::changed(updated.comment, changes))
    }
}

/// Who resolved a pinned comment after an edit to `tag` and `resolved`: only an `issue`
/// can be resolved, and resolving a resolved one keeps who did it first.
fn resolution(
    p: &Pinned,
    tag: Option<CommentTag>,
    resolved: Option<bool>,
    me: crate::ids::UserId,
) -> Result<Option<crate::ids::UserId>> {
    let tag = tag.unwrap_or(p.tag);
    if resolved == Some(true) && tag != CommentTag::Issue {
        return Err(Error::invalid("resolved", "Only an issue can be resolved."));
    }
    let before = p.resolved_by.as_ref().map(|u| u.id);
    Ok(match (tag, resolved) {
        (CommentTag::Issue, None) => before,
        (CommentTag::Issue, Some(true)) => Some(before.unwrap_or(me)),
        _ => None,
    })
}

/// Deletes a comment or a reply: its author, or an admin. A comment with replies is kept
/// as deleted; a deleted comment goes when its last reply does.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteComment {
    /// The comment or reply.
    pub comment_id: CommentId,
}

impl UseCase for DeleteComment {
    const NAME: &'static str = "delete_comment";
    const ROUTE: Route = Route::delete("/comments/{comment_id}");
    const WHO: Who = Who::AuthorOrAdmin;
    const ANNOUNCES: &'static [&'static str] = COMMENTS;
    type Output = ();

    async fn run(self, hub: &Hub, caller: &Caller) -> Result<Done<()>> {
        let comment = self.comment_id;
        let mut tx = hub.store.write().await?;
        let (me, rec, role) = hub.comment_for(&mut *tx, caller, comment).await?;
        let c = &rec.comment;
        if c.deleted {
            return Err(no_comment());
        }
        if c.author.id != me.id && role != Role::Admin {
            return Err(Error::Forbidden(
                "Only its author or an admin can delete a comment.".into(),
            ));
        }
        if rec.replies > 0 {
            tx.mark_comment_deleted(comment, hub.now()).await?;
        } else {
            tx.delete_comment(comment).await?;
        }
        if let Some(parent) = c.parent_id() {
            let orphaned_shell = tx
                .comment(parent)
                .await?
                .is_some_and(|p| p.comment.deleted && p.replies == 0);
            if orphaned_shell {
                tx.delete_comment(parent).await?;
            }
        }
        tx.insert_activity(&NewActivity {
            subject_id: Some(comment.0),
            detail: match c.at_ms() {
                Some(at) => format!("a comment at {}", clock(at)),
                None => "a reply".into(),
            },
            ..hub.entry(rec.band_id, me.id, ActivityKind::CommentDeleted)
        })
        .await?;
        tx.commit().await?;
        Ok(Done::changed(
            (),
            comments_changed(rec.band_id, c.version_id),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comment_model::sample as comment;

    use crate::comment_lists::thread;

    #[test]
    fn the_wire_shape_is_flat_and_a_server_answer_is_parsed_back_into_the_enum() {
        let mut list = thread(vec![
            comment(1, None, Some(5_000)),
            comment(2, Some(1), None),
        ]);
        let json = serde_json::to_value(&list).unwrap();
        assert_eq!(json[0]["parent_id"], serde_json::Value::Null);
        assert_eq!(json[0]["at_ms"], 5_000);
        assert_eq!(json[0]["tag"], "note");
        assert_eq!(json[0]["resolved"], false);
        assert_eq!(json[0]["replies"][0]["parent_id"], 1);
        assert_eq!(json[0]["replies"][0]["at_ms"], serde_json::Value::Null);
        let back: Vec<Comment> = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, list);
        // A reply to a reply, a reply with a time, a text the rules refuse: not comments.
        let mut deep = json.clone();
        deep[0]["replies"][0]["replies"] = json[0]["replies"].clone();
        let mut timed = json.clone();
        timed[0]["replies"][0]["at_ms"] = 10.into();
        let mut hidden = json;
        hidden[0]["body"] = "a\u{200B}".into();
        for bad in [deep, timed, hidden] {
            assert!(serde_json::from_value::<Vec<Comment>>(bad).is_err());
        }
        list.clear();
    }

    #[cfg(feature = "openapi")]
    #[test]
    fn the_schema_states_the_longest_moment_the_parser_accepts() {
        use utoipa::PartialSchema;
        let schema = serde_json::to_value(AddComment::schema()).unwrap();
        let longest = crate::comment_input::LONGEST_MS;
        assert_eq!(schema["properties"]["at_ms"]["maximum"], longest);
        assert!(Moment::parse(longest, None, None).is_ok());
        assert!(Moment::parse(longest + 1, None, None).is_err());
    }
}
