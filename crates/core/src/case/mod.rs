//! A use case, declared once: [`UseCase`] on the struct of its parsed input.
//!
//! The declaration says everything an adapter needs: the name (the Tauri command, the
//! OpenAPI operation, the TypeScript binding), who may call it (SPEC §2), the HTTP method
//! and path it is served at (SPEC §8), the kinds of change it announces (SPEC §6a), which
//! cached reads its answers are, and `run`, which checks the caller's rights itself and
//! returns what it changed. [`each`] lists every declared use case once; the server's
//! routes and OpenAPI document, the client's calls, the desktop app's commands and its
//! TypeScript bindings are built by walking that list with generic code, so a use case
//! exists everywhere as soon as it is declared and listed.
//!
//! Typed callers stay typed: `hub.run(&caller, DeleteSong { song_id })`, or
//! `api.run(…)` on any [`crate::Api`] (in-process or over HTTP).

mod erased;
mod registry;
mod route;
mod who;
pub mod wire;

use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use erased::{Case, Erased};
pub use registry::{Visit, each, names};
pub use route::{Method, Route};
pub use who::Who;

use crate::error::Result;
use crate::events::{Change, QueryTag};
use crate::hub::{Caller, Hub};

/// What the adapters need of a type beyond serde: its TypeScript form (feature `ts`).
#[cfg(feature = "ts")]
pub trait Ts: ts_rs::TS + 'static {}
#[cfg(feature = "ts")]
impl<T: ts_rs::TS + 'static> Ts for T {}
/// What the adapters need of a type beyond serde: its TypeScript form (feature `ts`).
#[cfg(not(feature = "ts"))]
pub trait Ts {}
#[cfg(not(feature = "ts"))]
impl<T> Ts for T {}

/// What the adapters need of a type beyond serde: its OpenAPI schema (feature `openapi`).
#[cfg(feature = "openapi")]
pub trait Schema: utoipa::ToSchema {}
#[cfg(feature = "openapi")]
impl<T: utoipa::ToSchema> Schema for T {}
/// What the adapters need of a type beyond serde: its OpenAPI schema (feature `openapi`).
#[cfg(not(feature = "openapi"))]
pub trait Schema {}
#[cfg(not(feature = "openapi"))]
impl<T> Schema for T {}

/// One use case of RehearsalHub, implemented on the struct of its parsed input.
///
/// The struct's fields are its arguments, each a type that parses itself when it is
/// deserialized (so the wire form and the Rust form are one type). Path parameters of
/// [`Self::ROUTE`] are fields of the same name; the other fields travel in the query string
/// (`GET`, `DELETE`) or the JSON body.
pub trait UseCase: Serialize + DeserializeOwned + Ts + Schema + Send + Sync + 'static {
    /// Its name: `snake_case` of the struct's.
    const NAME: &'static str;
    /// Where the HTTP API serves it, and the status of a success.
    const ROUTE: Route;
    /// Who may call it (SPEC §2); `run` enforces it, the permission matrix checks both agree.
    const WHO: Who;
    /// The kinds of [`Change`] it may announce ([`Change::kind`]); checked on every run in
    /// debug builds.
    const ANNOUNCES: &'static [&'static str] = &[];
    /// The family of cached reads its answers belong to, for reads a change can make stale.
    const CACHED_AS: Option<QueryTag> = None;
    /// Whether the server rate-limits it per client address (SPEC §8).
    const THROTTLED: bool = false;

    /// What a success returns.
    type Output: Serialize + DeserializeOwned + Ts + Schema + Send + Sync + 'static;

    /// Runs it for `caller`, checking their rights first; the changes it returns are
    /// announced by [`Hub::run`] once its transaction has committed.
    fn run(
        self,
        hub: &Hub,
        caller: &Caller,
    ) -> impl Future<Output = Result<Done<Self::Output>>> + Send;

    /// Whether `output` can be an answer to this request: a server's answer is input too,
    /// and some answers name what was asked (a sign-in answer is for the account asked for).
    fn check_answer(&self, _output: &Self::Output) -> std::result::Result<(), String> {
        Ok(())
    }
}

/// What a use case did: its result, and the changes to announce once committed.
#[derive(Debug)]
pub struct Done<T> {
    /// The result.
    pub output: T,
    /// What changed, each once, in the order first made.
    pub changes: Vec<Change>,
}

impl<T> Done<T> {
    /// A result that changed nothing (a read).
    pub fn read(output: T) -> Self {
        Done {
            output,
            changes: Vec::new(),
        }
    }

    /// A result and what it changed.
    pub fn changed(output: T, changes: crate::events::Changes) -> Self {
        Done {
            output,
            changes: changes.into_vec(),
        }
    }
}

impl Hub {
    /// Runs a use case for `caller` and announces what it changed.
    pub async fn run<U: UseCase>(&self, caller: &Caller, case: U) -> Result<U::Output> {
        let done = case.run(self, caller).await?;
        debug_assert!(
            done.changes
                .iter()
                .all(|c| U::ANNOUNCES.contains(&c.kind())),
            "{} announced {:?}, declared {:?}",
            U::NAME,
            done.changes,
            U::ANNOUNCES
        );
        if !done.changes.is_empty() {
            self.events.publish(done.changes);
        }
        Ok(done.output)
    }
}
