//! Password hashing with a bound on CPU and on memory.
//!
//! Argon2id with the `argon2` crate's defaults (19 MiB, 2 passes, one lane) needs a 19 MiB
//! work area per hash. Letting every request allocate its own on the blocking pool cost the
//! server 1.55 GB resident after 100 sign-ups, 16 at a time, and the memory never came back:
//! glibc serves each thread from its own arena and keeps a freed 19 MiB block there for the
//! next allocation of that thread (and, after one such free, raises its mmap threshold so
//! the next ones come from the arena too). So the work areas are owned here instead: at most
//! `slots` hashes run at once (one per core), each on a work area taken from a small pool
//! and put back afterwards. Resident memory for hashing is then `slots × 19 MiB` at most,
//! whatever the load, and the allocator never sees those blocks come and go.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

use crate::error::{Error, Result};
use crate::input::Password;

/// Bytes of random salt per hash (the PHC recommendation).
const SALT_LEN: usize = 16;

/// The largest work area a stored hash may ask for, in KiB (64 MiB; ours use 19 MiB).
const MAX_M_COST: u32 = 64 * 1024;

/// The most passes a stored hash may ask for (ours use 2).
const MAX_T_COST: u32 = 10;

/// Hashes and verifies passwords, `slots` at a time, each on a reused work area. Cheap to
/// clone: clones share the slots and the areas.
#[derive(Debug, Clone)]
pub struct Hasher {
    slots: Arc<Semaphore>,
    /// Work areas not in use; at most `slots` ever exist.
    areas: Arc<Mutex<Vec<Vec<Block>>>>,
    /// Hashes computed so far (hashing and verifying alike).
    done: Arc<AtomicU64>,
}

impl Hasher {
    /// A hasher running at most `slots` hashes at once.
    pub fn new(slots: usize) -> Self {
        Hasher {
            slots: Arc::new(Semaphore::new(slots.max(1))),
            areas: Arc::new(Mutex::new(Vec::new())),
            done: Arc::new(AtomicU64::new(0)),
        }
    }

    /// How many Argon2 computations this hasher ran (each costs 19 MiB and tens of
    /// milliseconds of a core).
    pub fn computed(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Runs `job` with a work area, on the blocking pool, once a slot is free. The slot
    /// and the area travel with the job, not with the caller: a caller that goes away (a
    /// client that disconnects) cannot free a slot while its hash still runs.
    async fn with_area<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T> {
        let slot = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(Error::internal)?;
        let (areas, done) = (self.areas.clone(), self.done.clone());
        tokio::task::spawn_blocking(move || {
            let mut area = lock(&areas).pop().unwrap_or_default();
            let out = job(&mut area);
            // A larger area than the defaults need (an old hash's parameters) is not kept.
            area.truncate(Params::default().block_count());
            lock(&areas).push(area);
            done.fetch_add(1, Ordering::Relaxed);
            drop(slot);
            out
        })
        .await
        .map_err(Error::internal)
    }

    /// A PHC string of a fresh Argon2id hash of `password`.
    pub async fn hash(&self, password: Password) -> Result<String> {
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(Error::internal)?;
        self.with_area(move |area| hash_with(area, password.expose().as_bytes(), &salt))
            .await?
    }

    /// Whether `password` matches the PHC string `hash`. Without a hash (an unknown
    /// username) a decoy is checked, so both cases cost the same time.
    pub async fn verify(&self, password: Password, hash: Option<String>) -> Result<bool> {
        let known = hash.is_some();
        let hash = match hash {
            Some(h) => h,
            None => decoy(self).await?.to_owned(),
        };
        let ok = self
            .with_area(move |area| verify_with(area, password.expose().as_bytes(), &hash))
            .await?;
        Ok(known && ok)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The work area resized to `params` (it only grows, to the largest parameters seen).
fn area_for<'a>(area: &'a mut Vec<Block>, params: &Params) -> &'a mut [Block] {
    let blocks = params.block_count();
    if area.len() < blocks {
        area.resize(blocks, Block::default());
    }
    &mut area[..blocks]
}

fn hash_with(area: &mut Vec<Block>, password: &[u8], salt: &[u8]) -> Result<String> {
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon
        .hash_password_into_with_memory(password, salt, &mut out, area_for(area, &params))
        .map_err(Error::internal)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(Error::internal)?,
        salt: Some(Salt::new(salt).map_err(Error::internal)?),
        hash: Some(Output::new(&out).map_err(Error::internal)?),
    };
    Ok(phc.to_string())
}

/// Checks `password` against a stored PHC string. A string that does not parse matches
/// nothing (it is logged: the store holds only hashes made here).
fn verify_with(area: &mut Vec<Block>, password: &[u8], stored: &str) -> bool {
    let checked = (|| -> std::result::Result<bool, String> {
        let phc = PasswordHash::new(stored).map_err(|e| e.to_string())?;
        let algorithm = Algorithm::try_from(phc.algorithm.as_str()).map_err(|e| e.to_string())?;
        let version = match phc.version {
            Some(v) => Version::try_from(v).map_err(|e| e.to_string())?,
            None => Version::default(),
        };
        let params = Params::try_from(&phc).map_err(|e| e.to_string())?;
        // Parameters come from the database: a hash claiming gigabytes or thousands of
        // passes is refused rather than run.
        if params.m_cost() > MAX_M_COST || params.t_cost() > MAX_T_COST || params.p_cost() > 4 {
            return Err(format!(
                "parameters m={} t={} p={} are over the ceiling",
                params.m_cost(),
                params.t_cost(),
                params.p_cost()
            ));
        }
        let salt = phc.salt.ok_or("no salt")?;
        let expected = phc.hash.ok_or("no hash")?;
        let mut out = vec![0u8; expected.len()];
        Argon2::new(algorithm, version, params.clone())
            .hash_password_into_with_memory(
                password,
                salt.as_ref(),
                &mut out,
                area_for(area, &params),
            )
            .map_err(|e| e.to_string())?;
        // `Output`'s equality is constant-time.
        Ok(Output::new(&out).map_err(|e| e.to_string())? == expected)
    })();
    checked.unwrap_or_else(|e| {
        tracing::error!(error = %e, "a stored password hash does not parse");
        false
    })
}

/// A hash of nothing in particular, made once on the hasher's own terms.
async fn decoy(hasher: &Hasher) -> Result<&'static str> {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(d) = DECOY.get() {
        return Ok(d);
    }
    let made = hasher
        .hash(Password::parse("decoy password, never matches")?)
        .await?;
    Ok(DECOY.get_or_init(|| made))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use argon2::PasswordVerifier;

    fn hasher() -> std::sync::Arc<Hasher> {
        std::sync::Arc::new(Hasher::new(2))
    }

    #[tokio::test]
    async fn hashes_verify_and_agree_with_the_argon2_crate() {
        let h = hasher();
        let pw = || Password::parse("correct horse battery").unwrap();
        let phc = h.hash(pw()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(h.verify(pw(), Some(phc.clone())).await.unwrap());
        let wrong = Password::parse("correct horse battery!").unwrap();
        assert!(!h.verify(wrong, Some(phc.clone())).await.unwrap());
        assert!(!h.verify(pw(), None).await.unwrap(), "unknown user");
        assert!(!h.verify(pw(), Some("not a hash".into())).await.unwrap());
        let greedy = phc.replace("m=19456", "m=4000000");
        assert!(
            !h.verify(pw(), Some(greedy)).await.unwrap(),
            "4 GB asked for"
        );
        // A hash made here verifies with the crate's own verifier, and one made by the
        // crate (every hash stored before this module) verifies here.
        Argon2::default()
            .verify_password(b"correct horse battery", phc.as_str())
            .unwrap();
        let theirs =
            argon2::PasswordHasher::hash_password(&Argon2::default(), b"correct horse battery")
                .unwrap()
                .to_string();
        assert!(h.verify(pw(), Some(theirs)).await.unwrap());
    }

    #[tokio::test]
    async fn never_more_work_areas_than_slots() {
        let h = hasher();
        let mut jobs = Vec::new();
        for _ in 0..8 {
            let h = h.clone();
            jobs.push(tokio::spawn(async move {
                h.hash(Password::parse("correct horse battery").unwrap())
                    .await
            }));
        }
        for j in jobs {
            j.await.unwrap().unwrap();
        }
        let areas = lock(&h.areas);
        assert!(areas.len() <= 2, "{} work areas", areas.len());
        assert!(
            areas
                .iter()
                .all(|a| a.len() == Params::default().block_count())
        );
    }
}
