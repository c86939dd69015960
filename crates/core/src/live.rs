//! The [`Bus`]: who receives which [`Change`] (SPEC §6a), for one process.
//!
//! Changes come in as batches of [`Delivery`]s, each stamped once with an [`EventId`] by
//! the process that made it (so every instance of a server knows an event by the same id).
//! One dispatcher task takes the batches in order, asks the store who is a member of each
//! band named *now*, and hands each delivery to the subscriptions of those users (and of
//! the one user an inbox or band-list change is for). A subscription holds a bounded queue:
//! a reader that falls that far behind is dropped and must resume, so a client that reads
//! nothing costs a fixed amount of memory. The last [`Limits::history`] deliveries are kept
//! so a client that reconnects with the id of the last event it saw gets what it missed,
//! or is told to resync when that is no longer known.
//!
//! The bus knows no transport: the server turns a subscription into Server-Sent Events,
//! the desktop into Tauri events, and a server on PostgreSQL feeds it from `LISTEN`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::error::{Error, Result};
use crate::events::{Change, Publish};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, UserId};

/// An event's id: the making process's random 32-bit origin, then its own counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub u64);

impl EventId {
    /// Parses a `Last-Event-ID` header; anything else is no id (and so a resync).
    pub fn parse(s: &str) -> Option<EventId> {
        let s = s.trim();
        if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().map(EventId)
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// One change with its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// Its id, the same on every instance.
    pub id: EventId,
    /// What changed.
    pub change: Change,
}

/// What a new subscription starts with, before the live deliveries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// No earlier event was named: nothing to catch up on.
    Fresh,
    /// The deliveries after the named one that this user may see.
    Replay(Vec<Delivery>),
    /// The named event is no longer known: refetch everything.
    Resync,
}

/// The bus's bounds.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deliveries kept for resuming.
    pub history: usize,
    /// Deliveries queued for one subscription before it is dropped.
    pub queue: usize,
    /// Subscriptions one user may hold at once (every window of every computer they use);
    /// one more is `rate_limited`, so one account cannot take all of a server's connections.
    pub per_user: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            history: 4096,
            queue: 256,
            per_user: 32,
        }
    }
}

type Batch = Vec<Delivery>;

/// The in-process event bus. Cheap to clone; publish into it through [`Publish`].
#[derive(Debug, Clone)]
pub struct Bus {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    origin: u64,
    counter: AtomicU64,
    limits: Limits,
    state: Mutex<State>,
    feed: mpsc::UnboundedSender<Batch>,
    pending: Mutex<Option<mpsc::UnboundedReceiver<Batch>>>,
}

#[derive(Debug, Default)]
struct State {
    history: VecDeque<Delivery>,
    subs: HashMap<UserId, Vec<Sub>>,
    next_sub: u64,
    dropped: u64,
}

#[derive(Debug)]
struct Sub {
    id: u64,
    tx: mpsc::Sender<Delivery>,
}

/// One user's live feed. Ends (`next` gives `None`) when the reader fell too far behind
/// or the bus lost track of events: reconnect with the last id seen.
#[derive(Debug)]
pub struct Subscription {
    /// Whose it is.
    pub user: UserId,
    /// What comes before the live deliveries.
    pub start: Start,
    rx: mpsc::Receiver<Delivery>,
    bus: Bus,
    id: u64,
}

impl Subscription {
    /// The next live delivery, or `None` when this subscription was dropped.
    pub async fn next(&mut self) -> Option<Delivery> {
        self.rx.recv().await
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut state = self.bus.state();
        if let Some(list) = state.subs.get_mut(&self.user) {
            list.retain(|s| s.id != self.id);
            if list.is_empty() {
                state.subs.remove(&self.user);
            }
        }
    }
}

impl Default for Bus {
    fn default() -> Self {
        Bus::new(Limits::default())
    }
}

impl Bus {
    /// A bus with `limits`; deliveries wait until [`Bus::start`] runs its dispatcher.
    pub fn new(limits: Limits) -> Bus {
        let mut r = [0u8; 4];
        // An origin of 0 only makes ids of two processes more likely to meet, and a
        // colliding id only means a resume that should have resynced replays from the
        // wrong place for one reconnect.
        let _ = getrandom::fill(&mut r);
        let (feed, pending) = mpsc::unbounded_channel();
        Bus {
            shared: Arc::new(Shared {
                origin: u64::from(u32::from_be_bytes(r)) << 32,
                counter: AtomicU64::new(0),
                limits,
                state: Mutex::new(State::default()),
                feed,
                pending: Mutex::new(Some(pending)),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent data (every step is a push or a
        // removal), so a poisoned lock is used as it is.
        self.shared
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Gives each change this process made its id.
    pub fn stamp(&self, changes: Vec<Change>) -> Vec<Delivery> {
        changes
            .into_iter()
            .map(|change| {
                let n = self.shared.counter.fetch_add(1, Ordering::Relaxed) & 0xFFFF_FFFF;
                Delivery {
                    id: EventId(self.shared.origin | n),
                    change,
                }
            })
            .collect()
    }

    /// Queues deliveries (made here or by another instance) for the dispatcher.
    pub fn feed(&self, batch: Vec<Delivery>) {
        if !batch.is_empty() {
            let _ = self.shared.feed.send(batch);
        }
    }

    /// Runs the dispatcher on `hub`'s store (once; later calls do nothing).
    pub fn start(&self, hub: Hub) {
        let pending = self
            .shared
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(mut rx) = pending {
            let bus = self.clone();
            tokio::spawn(async move {
                while let Some(batch) = rx.recv().await {
                    bus.dispatch(&hub, batch).await;
                }
            });
        }
    }

    /// Forgets what was sent and drops every subscription: events were lost (the link to
    /// the other instances broke), so every client must resync.
    pub fn forget_history(&self) {
        let mut state = self.state();
        state.history.clear();
        state.subs.clear();
    }

    /// Ends every subscription (the server is shutting down: its streams must end for the
    /// connections to close), keeping the history.
    pub fn close_all(&self) {
        self.state().subs.clear();
    }

    /// How many subscriptions are open.
    pub fn subscribers(&self) -> usize {
        self.state().subs.values().map(Vec::len).sum()
    }

    /// How many subscriptions were dropped for falling behind.
    pub fn dropped(&self) -> u64 {
        self.state().dropped
    }

    async fn dispatch(&self, hub: &Hub, batch: Batch) {
        // Nobody listening (a server no app follows yet, a load test of writes): no need to
        // ask the store who may hear; the history is still kept for resuming.
        let anyone = !self.state().subs.is_empty();
        let bands: HashSet<BandId> = batch
            .iter()
            .filter_map(|d| d.change.band())
            .filter(|_| anyone)
            .collect();
        let mut audiences: HashMap<BandId, Vec<UserId>> = HashMap::new();
        for band in bands {
            match hub.member_ids(band).await {
                Ok(users) => {
                    audiences.insert(band, users);
                }
                // Nobody receives what cannot be checked; they catch up on their next fetch.
                Err(e) => tracing::warn!(%band, error = %e, "cannot read who may hear an event"),
            }
        }
        let mut state = self.state();
        let State {
            history,
            subs,
            dropped,
            ..
        } = &mut *state;
        for d in batch {
            history.push_back(d);
            while history.len() > self.shared.limits.history {
                history.pop_front();
            }
            let single: [UserId; 1];
            let recipients: &[UserId] = match (d.change.band(), d.change.user()) {
                (Some(band), _) => audiences.get(&band).map_or(&[], Vec::as_slice),
                (None, Some(user)) => {
                    single = [user];
                    &single
                }
                (None, None) => &[],
            };
            for user in recipients {
                let Some(list) = subs.get_mut(user) else {
                    continue;
                };
                list.retain(|s| match s.tx.try_send(d) {
                    Ok(()) => true,
                    Err(mpsc::error::TrySendError::Full(_)) => {
                        *dropped += 1;
                        false
                    }
                    Err(mpsc::error::TrySendError::Closed(_)) => false,
                });
                if list.is_empty() {
                    subs.remove(user);
                }
            }
        }
    }

    /// Opens the signed-in caller's live feed (SPEC §6a), resuming after `last` when given.
    /// Anonymous callers are `unauthenticated`.
    pub async fn subscribe(
        &self,
        hub: &Hub,
        caller: &Caller,
        last: Option<EventId>,
    ) -> Result<Subscription> {
        let me = hub.run(caller, crate::accounts::Me {}).await?;
        let (tx, rx) = mpsc::channel(self.shared.limits.queue.max(1));
        let (id, missed) = {
            let mut state = self.state();
            if state.subs.get(&me.id).map_or(0, Vec::len) >= self.shared.limits.per_user {
                return Err(Error::RateLimited {
                    message: "This account has too many live connections open. Close a \
                              window of the app, or try again in a minute."
                        .into(),
                    retry_after_secs: 60,
                });
            }
            state.next_sub += 1;
            let id = state.next_sub;
            state.subs.entry(me.id).or_default().push(Sub { id, tx });
            let missed = last.map(|last| {
                state.history.iter().position(|d| d.id == last).map(|at| {
                    state
                        .history
                        .iter()
                        .skip(at + 1)
                        .copied()
                        .collect::<Vec<_>>()
                })
            });
            (id, missed)
        };
        let mut sub = Subscription {
            user: me.id,
            start: Start::Fresh,
            rx,
            bus: self.clone(),
            id,
        };
        let start = match missed {
            None => Start::Fresh,
            Some(None) => Start::Resync,
            Some(Some(missed)) => {
                // What was missed is filtered by membership now, as live events are.
                let mine = hub.band_ids_of(me.id).await?;
                Start::Replay(
                    missed
                        .into_iter()
                        .filter(|d| match (d.change.band(), d.change.user()) {
                            (Some(band), _) => mine.contains(&band),
                            (None, Some(user)) => user == me.id,
                            (None, None) => false,
                        })
                        .collect(),
                )
            }
        };
        sub.start = start;
        Ok(sub)
    }
}

impl Publish for Bus {
    fn publish(&self, changes: Vec<Change>) {
        self.feed(self.stamp(changes));
    }
}

impl Hub {
    /// Who is a member of `band` now (to address its events).
    pub(crate) async fn member_ids(&self, band: BandId) -> Result<Vec<UserId>> {
        let mut tx = self.store.read().await?;
        Ok(tx
            .members(band)
            .await?
            .into_iter()
            .map(|m| m.member_id)
            .collect())
    }

    /// The bands `user` is in now.
    pub(crate) async fn band_ids_of(&self, user: UserId) -> Result<HashSet<BandId>> {
        let mut tx = self.store.read().await?;
        Ok(tx.bands_of(user).await?.into_iter().map(|b| b.id).collect())
    }
}
