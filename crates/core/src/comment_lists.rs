//! The one cache of comment lists: a version's assembled list, by the revision it was read
//! at, with room for what a caller derives from it (the server's serialized JSON and its
//! gzip), so the list is read, threaded and encoded once per revision whoever asks.
//!
//! Every write to a version's comments bumps its `comments_rev` in the database, in the
//! same transaction; a reader reads the revision with its permission check and takes the
//! kept list only if it was kept under that revision, so no reader gets a list older than
//! the database, on one instance or many. At most [`KEPT_LISTS`] lists and about
//! [`KEPT_BYTES`] are kept (what callers attach counts too, from the next list kept on).

use std::any::Any;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::comment_model::{Comment, CommentList, Thread};
use crate::error::Result;
use crate::hub::{Caller, Hub};
use crate::ids::VersionId;

/// How many versions' lists are kept.
pub const KEPT_LISTS: usize = 64;
/// How many bytes of lists (and what is attached to them) are kept, roughly.
pub const KEPT_BYTES: usize = 32 << 20;

/// One version's list at one revision.
#[derive(Debug)]
pub struct Listed {
    /// The revision it was read at.
    pub rev: i64,
    /// The comments, threaded.
    pub comments: CommentList,
    /// What the list costs in memory, about.
    size: usize,
    /// A caller's derived form, and its size.
    attached: OnceLock<Arc<dyn Any + Send + Sync>>,
    attached_size: AtomicUsize,
}

impl Listed {
    fn new(rev: i64, comments: CommentList) -> Self {
        let size = comments
            .iter()
            .map(|c| weight(c) + c.replies().iter().map(weight).sum::<usize>())
            .sum();
        Listed {
            rev,
            comments,
            size,
            attached: OnceLock::new(),
            attached_size: AtomicUsize::new(0),
        }
    }

    /// What is attached to this list, made by `make` (with its size in bytes) the first
    /// time it is asked for. `None` if something of another type was attached first.
    pub fn attached<T: Any + Send + Sync>(
        &self,
        make: impl FnOnce(&CommentList) -> (T, usize),
    ) -> Option<Arc<T>> {
        let any = self.attached.get_or_init(|| {
            let (value, size) = make(&self.comments);
            self.attached_size.store(size, Ordering::Relaxed);
            Arc::new(value)
        });
        any.clone().downcast::<T>().ok()
    }

    /// What is attached to this list, if something of type `T` is.
    pub fn attachment<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.attached.get()?.clone().downcast::<T>().ok()
    }

    fn bytes(&self) -> usize {
        self.size + self.attached_size.load(Ordering::Relaxed)
    }
}

/// About what a comment costs in memory: its text and a fixed part for the rest.
fn weight(c: &Comment) -> usize {
    c.body.len() + 256
}

/// Assembled comment lists by version, each at the revision it was read at.
#[derive(Debug, Default)]
pub struct CommentLists(Mutex<Kept>);

#[derive(Debug, Default)]
struct Kept {
    by_version: HashMap<VersionId, Arc<Listed>>,
    /// Oldest first.
    order: VecDeque<VersionId>,
}

impl CommentLists {
    /// The list of `version` kept at revision `rev`.
    pub fn get(&self, version: VersionId, rev: i64) -> Option<Arc<Listed>> {
        let kept = self.0.lock().ok()?;
        kept.by_version
            .get(&version)
            .filter(|l| l.rev == rev)
            .cloned()
    }

    /// Keeps `comments` as `version`'s list at `rev`, dropping the oldest lists beyond the
    /// bounds; a list larger than them all is returned but not kept.
    pub fn put(&self, version: VersionId, rev: i64, comments: CommentList) -> Arc<Listed> {
        let listed = Arc::new(Listed::new(rev, comments));
        if listed.bytes() > KEPT_BYTES {
            return listed;
        }
        let Ok(mut kept) = self.0.lock() else {
            return listed;
        };
        if kept.by_version.remove(&version).is_some() {
            kept.order.retain(|v| *v != version);
        }
        let mut bytes: usize = kept.by_version.values().map(|l| l.bytes()).sum();
        while kept.order.len() >= KEPT_LISTS || bytes + listed.bytes() > KEPT_BYTES {
            let Some(oldest) = kept.order.pop_front() else {
                break;
            };
            if let Some(old) = kept.by_version.remove(&oldest) {
                bytes -= old.bytes();
            }
        }
        kept.order.push_back(version);
        kept.by_version.insert(version, listed.clone());
        listed
    }

    /// How many lists are kept.
    pub fn len(&self) -> usize {
        self.0.lock().map_or(0, |k| k.by_version.len())
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Puts each reply under its comment: comments in time order (then as written), replies
/// oldest first. Ids increase as comments are written, so in id order every comment comes
/// before its replies and one pass threads them, finding each parent by binary search among
/// the comments so far; the stores read in id order (checked here, not assumed). Only the
/// comments, a quarter of a busy list, are then sorted by time.
pub(crate) fn thread(mut flat: Vec<Comment>) -> Vec<Comment> {
    if !flat.is_sorted_by_key(|c| c.id) {
        flat.sort_unstable_by_key(|c| c.id);
    }
    let tops = flat.iter().filter(|c| c.parent_id().is_none()).count();
    let mut top: Vec<Comment> = Vec::with_capacity(tops);
    for c in flat {
        match c.parent_id() {
            None => top.push(c),
            Some(parent) => {
                if let Ok(i) = top.binary_search_by_key(&parent, |t| t.id)
                    && let Thread::Pinned(p) = &mut top[i].thread
                {
                    p.replies.push(c);
                }
            }
        }
    }
    top.sort_unstable_by_key(|c| (c.at_ms(), c.id));
    top
}

/// What a read of a version's list found.
#[derive(Debug)]
pub enum Listing {
    /// The caller already has the list at this revision.
    Unchanged(i64),
    /// The list, at the revision it names.
    List(Arc<Listed>),
}

impl Hub {
    /// A version's comments (members), from the kept list when its revision is current;
    /// [`Listing::Unchanged`] when `known(revision)` says the caller has that one already.
    /// The permission check runs every time, and reads the revision.
    pub async fn comment_list(
        &self,
        caller: &Caller,
        version: VersionId,
        known: impl Fn(i64) -> bool,
    ) -> Result<Listing> {
        let mut tx = self.store.read().await?;
        let rev = self
            .version_for(&mut *tx, caller, version)
            .await?
            .1
            .comments_rev;
        if known(rev) {
            return Ok(Listing::Unchanged(rev));
        }
        if let Some(listed) = self.comment_lists.get(version, rev) {
            return Ok(Listing::List(listed));
        }
        // Read after the revision: what is kept under `rev` is at least that new.
        let list = Arc::new(thread(tx.version_comments(version).await?));
        Ok(Listing::List(self.comment_lists.put(version, rev, list)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comment_model::sample as comment;

    fn shape(list: &[Comment]) -> Vec<(i64, Vec<i64>)> {
        list.iter()
            .map(|c| (c.id.0, c.replies().iter().map(|r| r.id.0).collect()))
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

    #[test]
    fn keeps_a_bounded_number_of_lists_and_only_their_revision() {
        let lists = CommentLists::default();
        for v in 1..=(KEPT_LISTS as i64 + 10) {
            lists.put(VersionId(v), 1, Arc::new(Vec::new()));
        }
        assert_eq!(lists.len(), KEPT_LISTS);
        assert!(
            lists.get(VersionId(1), 1).is_none(),
            "the oldest went first"
        );
        let last = VersionId(KEPT_LISTS as i64 + 10);
        assert!(lists.get(last, 1).is_some());
        assert!(lists.get(last, 2).is_none(), "another revision is a miss");
    }

    #[test]
    fn what_is_attached_is_made_once_and_counted() {
        let lists = CommentLists::default();
        let listed = lists.put(VersionId(1), 7, Arc::new(Vec::new()));
        let mut made = 0;
        for _ in 0..3 {
            let json = listed.attached(|_| {
                made += 1;
                (vec![b'['; 10], 10)
            });
            assert_eq!(json.map(|j| j.len()), Some(10));
        }
        assert_eq!(made, 1);
        assert_eq!(listed.bytes(), 10);
        assert!(listed.attached::<String>(|_| (String::new(), 0)).is_none());
    }
}
