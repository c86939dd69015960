//! The [`Hub`]: the core's entry point, holding the store, the blob folder, the clock and
//! the password hasher. The use cases run on it ([`Hub::run`]); each is declared in the
//! module of its area (see [`crate::case`]).

use std::sync::Arc;

use crate::blobs::BlobStore;
use crate::clock::{Clock, SystemClock, Timestamp};
use crate::error::{Error, Result};
use crate::events::{Changes, Publish, Silent};
use crate::ids::{BandId, UserId};
use crate::input::Role;
use crate::model::{ActivityKind, User};
use crate::probe::{AudioProbe, HeaderProbe};
use crate::secret::SessionToken;
use crate::store::{NewActivity, Store, StoreError, Tx};

/// Who is calling a use case.
#[derive(Debug, Clone)]
pub enum Caller {
    /// Not signed in.
    Anonymous,
    /// Presented a session token (still to be checked against the store).
    Session(SessionToken),
    /// Presented something that cannot be a session token.
    Invalid,
}

impl Caller {
    /// From an optional bearer token as a client sent it.
    pub fn from_token(token: Option<&str>) -> Self {
        match token {
            None => Caller::Anonymous,
            Some(t) => SessionToken::parse(t).map_or(Caller::Invalid, Caller::Session),
        }
    }
}

/// Tunables with the spec's defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest accepted audio file (SPEC §8: 200 MiB).
    pub max_upload_bytes: u64,
    /// Session lifetime (SPEC §4: 30 days, fixed).
    pub session_ttl_secs: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_upload_bytes: 200 * 1024 * 1024,
            session_ttl_secs: 30 * 24 * 3600,
        }
    }
}

/// The use cases of RehearsalHub over one store and one blob folder. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Hub {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) blobs: BlobStore,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) probe: Arc<dyn AudioProbe>,
    pub(crate) config: Config,
    /// At most one probe per core at once: decoding is all CPU, so more at once only
    /// makes each slower and lets a burst of uploads starve everything else.
    pub(crate) probes: Arc<tokio::sync::Semaphore>,
    /// At most one password hash per core at once, each with its own memory (see
    /// [`crate::passwords`]).
    pub(crate) passwords: crate::passwords::Hasher,
    /// Where committed changes are announced (SPEC §6a).
    pub(crate) events: Arc<dyn Publish>,
    /// Recently read comment lists, by version and revision (see [`crate::comments`]).
    pub(crate) comment_lists: Arc<crate::comment_lists::CommentLists>,
}

/// How many CPU-bound jobs (probes, password hashes) run at once: the number of cores.
pub fn cpu_slots() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}

impl std::fmt::Debug for dyn Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::internal(e)
    }
}

impl Hub {
    /// A hub on `store` keeping audio in `blobs`, with the system clock and header probe.
    pub fn new(store: Arc<dyn Store>, blobs: BlobStore) -> Self {
        Hub {
            store,
            blobs,
            clock: Arc::new(SystemClock),
            probe: Arc::new(HeaderProbe),
            config: Config::default(),
            probes: Arc::new(tokio::sync::Semaphore::new(cpu_slots())),
            passwords: crate::passwords::Hasher::new(cpu_slots()),
            events: Arc::new(Silent),
            comment_lists: Arc::default(),
        }
    }

    /// Replaces the clock (tests move time by hand).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Replaces the audio probe (the audio crate's decoding probe).
    pub fn with_probe(mut self, probe: Arc<dyn AudioProbe>) -> Self {
        self.probe = probe;
        self
    }

    /// Replaces the configuration.
    pub fn with_config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Announces committed changes to `events` (the hub announces nothing by default).
    pub fn with_publisher(mut self, events: Arc<dyn Publish>) -> Self {
        self.events = events;
        self
    }

    /// Announces what a use case changed; call only once its transaction has committed.
    pub(crate) fn announce(&self, changes: Changes) {
        let changes = changes.into_vec();
        if !changes.is_empty() {
            self.events.publish(changes);
        }
    }

    /// The store (for maintenance tasks and tests).
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The password hasher (its figures, for tests and monitoring).
    pub fn passwords(&self) -> &crate::passwords::Hasher {
        &self.passwords
    }

    /// The blob folder.
    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The signed-in user behind `caller`, or `unauthenticated`.
    pub(crate) async fn signed_in(&self, tx: &mut dyn Tx, caller: &Caller) -> Result<User> {
        match caller {
            Caller::Session(token) => tx
                .session_user(&token.hash(), self.now())
                .await?
                .ok_or_else(|| {
                    Error::Unauthenticated("Your session has ended. Please sign in again.".into())
                }),
            Caller::Anonymous | Caller::Invalid => Err(Error::unauthenticated()),
        }
    }

    /// The caller's role in `band`, read from the database now: `forbidden` for a
    /// non-member of an existing band, `not_found` when there is no such band.
    pub(crate) async fn role_in(
        &self,
        tx: &mut dyn Tx,
        band: BandId,
        user: UserId,
    ) -> Result<Role> {
        match tx.role_of(band, user).await? {
            Some(role) => Ok(role),
            None if tx.band(band).await?.is_some() => Err(Error::forbidden()),
            None => Err(Error::NotFound("There is no such band.".into())),
        }
    }

    /// Like [`Self::role_in`], requiring admin.
    pub(crate) async fn require_admin(
        &self,
        tx: &mut dyn Tx,
        band: BandId,
        user: UserId,
    ) -> Result<()> {
        match self.role_in(tx, band, user).await? {
            Role::Admin => Ok(()),
            Role::Member => Err(Error::Forbidden(
                "Only the band's admins can do that.".into(),
            )),
        }
    }

    /// An activity entry of `kind` by `actor` now; callers fill the subject with struct
    /// update syntax and insert it in the transaction that makes the change.
    pub(crate) fn entry(&self, band: BandId, actor: UserId, kind: ActivityKind) -> NewActivity {
        NewActivity {
            band_id: band,
            actor_id: actor,
            kind,
            subject_user_id: None,
            subject_id: None,
            detail: String::new(),
            at: self.now(),
        }
    }
}
