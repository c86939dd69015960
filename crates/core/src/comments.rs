//! Comments on a version and replies to them (SPEC §2, §5): members read, write, reply and
//! resolve; an author edits their own; the author or an admin deletes. A comment deleted
//! while it has replies stays, shown as deleted, so the conversation under it is kept.
//!
//! A version's list is read again whenever anything changes on the screen showing it, and a
//! long one costs milliseconds to read and assemble; every write to it bumps the version's
//! `comments_rev` in the database, so the hub keeps the last lists it assembled keyed by
//! that revision and answers an unchanged list from memory (after the permission check,
//! which reads the revision). On PostgreSQL each instance's hub does the same, and none
//! can answer older than the database.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::comment_input::{CommentBody, CommentTag, Moment};
use crate::comment_model::{Comment, CommentDraft, CommentList, CommentPatch, CommentRecord};
use crate::error::{Error, Result};
use crate::events::{Change, Changes};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, CommentId, VersionId};
use crate::input::Role;
use crate::model::{ActivityKind, User};
use crate::store::{CommentUpdate, NewActivity, NewComment, Tx};

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

/// How many versions' lists are kept.
const KEPT_LISTS: usize = 16;

/// A version's assembled list and the revision it was read at.
type Kept = (i64, CommentList);

/// Assembled comment lists by version, each at the revision it was read at.
#[derive(Debug, Default)]
pub struct CommentLists(Mutex<HashMap<VersionId, Kept>>);

impl CommentLists {
    fn get(&self, version: VersionId, rev: i64) -> Option<CommentList> {
        let lists = self.0.lock().ok()?;
        lists
            .get(&version)
            .filter(|(r, _)| *r == rev)
            .map(|(_, l)| l.clone())
    }

    fn put(&self, version: VersionId, rev: i64, list: CommentList) {
        if let Ok(mut lists) = self.0.lock() {
            if lists.len() >= KEPT_LISTS && !lists.contains_key(&version) {
                // Crude but bounded: a desktop shows one version at a time, and a server's
                // serialized lists have their own cache.
                lists.clear();
            }
            lists.insert(version, (rev, list));
        }
    }
}

/// Puts each reply under its comment: comments in time order (then as written), replies
/// oldest first. Ids increase as comments are written, so in id order every comment comes
/// before its replies and one pass threads them, finding each parent by binary search among
/// the comments so far; the stores read in id order (checked here, not assumed). Only the
/// comments, a quarter of a busy list, are then sorted by time.
fn thread(mut flat: Vec<Comment>) -> Vec<Comment> {
    if !flat.is_sorted_by_key(|c| c.id) {
        flat.sort_unstable_by_key(|c| c.id);
    }
    let tops = flat.iter().filter(|c| c.parent_id.is_none()).count();
    let mut top: Vec<Comment> = Vec::with_capacity(tops);
    for c in flat {
        match c.parent_id {
            None => top.push(c),
            Some(parent) => {
                if let Ok(i) = top.binary_search_by_key(&parent, |t| t.id) {
                    top[i].replies.push(c);
                }
            }
        }
    }
    top.sort_unstable_by_key(|c| (c.at_ms, c.id));
    top
}

/// The comment just inserted as `new`, as the list will show it.
fn written(id: CommentId, new: NewComment, author: User) -> Comment {
    Comment {
        id,
        version_id: new.version_id,
        parent_id: new.parent_id,
        at_ms: new.at_ms,
        until_ms: new.until_ms,
        body: new.body,
        tag: new.tag,
        resolved: false,
        resolved_by: None,
        author,
        created_at: new.created_at,
        edited_at: None,
        deleted: false,
        replies: Vec::new(),
    }
}

impl Hub {
    /// A version's comments changed (so did its counts), and the log says so.
    fn announce_comments(&self, band: BandId, version: VersionId) {
        let mut c = Changes::new();
        c.add(Change::Comments {
            band_id: band,
            version_id: version,
        })
        .add(Change::Activity { band_id: band });
        self.announce(c);
    }

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

    /// A comment as just written, read back inside the transaction.
    async fn read_back(tx: &mut dyn Tx, id: CommentId) -> Result<Comment> {
        Ok(tx.comment(id).await?.ok_or_else(no_comment)?.comment)
    }

    /// A version's comments in time order, each with its replies oldest first (members).
    pub async fn list_comments(&self, caller: &Caller, version: VersionId) -> Result<CommentList> {
        let mut tx = self.store.read().await?;
        let rev = self
            .version_for(&mut *tx, caller, version)
            .await?
            .1
            .comments_rev;
        if let Some(list) = self.comment_lists.get(version, rev) {
            return Ok(list);
        }
        // Read after the revision: what is kept under `rev` is at least that new.
        let list = Arc::new(thread(tx.version_comments(version).await?));
        self.comment_lists.put(version, rev, list.clone());
        Ok(list)
    }

    /// Which revision a version's comments are at (members): it changes with every write to
    /// them, so a server may answer [`Hub::list_comments`] from what it serialized for it.
    pub async fn comments_revision(&self, caller: &Caller, version: VersionId) -> Result<i64> {
        let mut tx = self.store.read().await?;
        Ok(self
            .version_for(&mut *tx, caller, version)
            .await?
            .1
            .comments_rev)
    }

    /// Pins a comment to a moment or a range of a version (members). The moment must lie
    /// within the version's duration.
    pub async fn add_comment(
        &self,
        caller: &Caller,
        version: VersionId,
        draft: CommentDraft,
    ) -> Result<Comment> {
        let mut tx = self.store.write().await?;
        let (me, v, _) = self.version_for(&mut *tx, caller, version).await?;
        let moment = Moment::parse(draft.at_ms, draft.until_ms, v.version.duration_ms)?;
        let new = NewComment {
            version_id: version,
            parent_id: None,
            author_id: me.id,
            at_ms: Some(moment.at_ms()),
            until_ms: moment.until_ms(),
            body: draft.body.as_str().to_owned(),
            tag: draft.tag,
            created_at: self.now(),
        };
        let id = tx.insert_comment(&new).await?;
        tx.insert_activity(&NewActivity {
            subject_id: Some(id.0),
            detail: format!("{} at {}", v.version.label, clock(moment.at_ms())),
            ..self.entry(v.band_id, me.id, ActivityKind::CommentAdded)
        })
        .await?;
        tx.commit().await?;
        self.announce_comments(v.band_id, version);
        Ok(written(id, new, me))
    }

    /// Replies to a comment (members). Replies are one level deep and have no time.
    pub async fn reply_to_comment(
        &self,
        caller: &Caller,
        comment: CommentId,
        body: CommentBody,
    ) -> Result<Comment> {
        let mut tx = self.store.write().await?;
        let (me, parent, _) = self.comment_for(&mut *tx, caller, comment).await?;
        if parent.comment.parent_id.is_some() {
            return Err(Error::invalid(
                "comment_id",
                "Replies are one level deep: reply to the comment itself.",
            ));
        }
        if parent.comment.deleted {
            return Err(was_deleted());
        }
        let new = NewComment {
            version_id: parent.comment.version_id,
            parent_id: Some(comment),
            author_id: me.id,
            at_ms: None,
            until_ms: None,
            body: body.as_str().to_owned(),
            tag: CommentTag::Note,
            created_at: self.now(),
        };
        let id = tx.insert_comment(&new).await?;
        tx.insert_activity(&NewActivity {
            subject_id: Some(id.0),
            detail: "a reply".into(),
            ..self.entry(parent.band_id, me.id, ActivityKind::CommentAdded)
        })
        .await?;
        tx.commit().await?;
        self.announce_comments(parent.band_id, parent.comment.version_id);
        Ok(written(id, new, me))
    }

    /// Edits a comment: its text and tag (its author only), or whether an `issue` is
    /// resolved (any member). A reply has neither tag nor resolution.
    pub async fn update_comment(
        &self,
        caller: &Caller,
        comment: CommentId,
        patch: CommentPatch,
    ) -> Result<Comment> {
        let mut tx = self.store.write().await?;
        let (me, rec, _) = self.comment_for(&mut *tx, caller, comment).await?;
        let old = &rec.comment;
        if (patch.body.is_some() || patch.tag.is_some()) && old.author.id != me.id {
            return Err(Error::Forbidden(
                "Only its author can change a comment's text or tag.".into(),
            ));
        }
        if old.deleted {
            return Err(was_deleted());
        }
        if old.parent_id.is_some() {
            if patch.tag.is_some() {
                return Err(Error::invalid("tag", "A reply has no tag."));
            }
            if patch.resolved.is_some() {
                return Err(Error::invalid("resolved", "Only an issue can be resolved."));
            }
        }
        let tag = patch.tag.unwrap_or(old.tag);
        if patch.resolved == Some(true) && tag != CommentTag::Issue {
            return Err(Error::invalid("resolved", "Only an issue can be resolved."));
        }
        let body = patch
            .body
            .as_ref()
            .map_or(old.body.as_str(), CommentBody::as_str);
        let resolved_by = match (tag, patch.resolved) {
            (CommentTag::Issue, None) => old.resolved_by.as_ref().map(|u| u.id),
            (CommentTag::Issue, Some(true)) => {
                Some(old.resolved_by.as_ref().map_or(me.id, |u| u.id))
            }
            _ => None,
        };
        let edited = body != old.body || tag != old.tag;
        if !edited && resolved_by == old.resolved_by.as_ref().map(|u| u.id) {
            return Ok(old.clone());
        }
        tx.update_comment(&CommentUpdate {
            id: comment,
            body: body.to_owned(),
            tag,
            resolved_by,
            edited_at: if edited {
                Some(self.now())
            } else {
                old.edited_at
            },
        })
        .await?;
        let updated = Self::read_back(&mut *tx, comment).await?;
        tx.commit().await?;
        self.announce_comments(rec.band_id, old.version_id);
        Ok(updated)
    }

    /// Deletes a comment or a reply: its author, or an admin. A comment with replies is kept
    /// as deleted; a deleted comment goes when its last reply does.
    pub async fn delete_comment(&self, caller: &Caller, comment: CommentId) -> Result<()> {
        let mut tx = self.store.write().await?;
        let (me, rec, role) = self.comment_for(&mut *tx, caller, comment).await?;
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
            tx.mark_comment_deleted(comment, self.now()).await?;
        } else {
            tx.delete_comment(comment).await?;
        }
        if let Some(parent) = c.parent_id {
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
            detail: match c.at_ms {
                Some(at) => format!("a comment at {}", clock(at)),
                None => "a reply".into(),
            },
            ..self.entry(rec.band_id, me.id, ActivityKind::CommentDeleted)
        })
        .await?;
        tx.commit().await?;
        self.announce_comments(rec.band_id, c.version_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Timestamp;
    use crate::ids::UserId;
    use crate::input::Username;

    fn comment(id: i64, parent: Option<i64>, at_ms: Option<i64>) -> Comment {
        Comment {
            id: CommentId(id),
            version_id: VersionId(1),
            parent_id: parent.map(CommentId),
            at_ms,
            until_ms: None,
            body: format!("c{id}"),
            tag: CommentTag::Note,
            resolved: false,
            resolved_by: None,
            author: User {
                id: UserId(1),
                username: Username::parse("ada").unwrap(),
                display_name: "Ada".into(),
            },
            created_at: Timestamp::from_unix(0),
            edited_at: None,
            deleted: false,
            replies: Vec::new(),
        }
    }

    fn shape(list: &[Comment]) -> Vec<(i64, Vec<i64>)> {
        list.iter()
            .map(|c| (c.id.0, c.replies.iter().map(|r| r.id.0).collect()))
            .collect()
    }

    #[test]
    fn threads_in_time_order_with_replies_oldest_first_whatever_order_a_store_reads() {
        let flat = vec![
            comment(1, None, Some(5_000)),
            comment(2, None, Some(1_000)),
            comment(3, Some(1), None),
            comment(4, None, Some(1_000)),
            comment(5, Some(2), None),
            comment(6, Some(1), None),
            // A reply whose comment is not in the list is left out, not misplaced.
            comment(7, Some(99), None),
        ];
        let expected = vec![(2, vec![5]), (4, vec![]), (1, vec![3, 6])];
        assert_eq!(shape(&thread(flat.clone())), expected);
        // PostgreSQL's aggregate promises no order.
        let mut shuffled = flat;
        shuffled.reverse();
        shuffled.swap(1, 4);
        assert_eq!(shape(&thread(shuffled)), expected);
    }
}
