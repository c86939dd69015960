//! A use case behind a pointer, for callers that hold "the use cases" as one object
//! ([`crate::Api`]: the in-process hub, or a server's client): it can run on a hub, or say
//! which HTTP request it is and read the answer, without its caller naming its type.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use super::UseCase;
use super::wire::{self, Call};
use crate::error::Result;
use crate::hub::{Caller, Hub};

/// A use case's output, its type erased; [`crate::ApiExt::run`] gives it its type back.
pub type Erased = Box<dyn Any + Send>;

/// A future an erased use case returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Any [`UseCase`], as an object.
pub trait Case: Send + Sync {
    /// Its name.
    fn name(&self) -> &'static str;
    /// Runs it on `hub` (announcing what it changed).
    fn run_on<'a>(
        self: Box<Self>,
        hub: &'a Hub,
        caller: &'a Caller,
    ) -> BoxFuture<'a, Result<Erased>>;
    /// The HTTP request that asks a server to run it.
    fn call(&self) -> Result<Call>;
    /// A server's answer to that request, parsed; `Err` says why it cannot be one.
    fn answer(&self, body: &[u8]) -> std::result::Result<Erased, String>;
    /// Itself, to be told apart by type (the client prunes its cache on one answer).
    fn as_any(&self) -> &dyn Any;
}

impl<U: UseCase> Case for U {
    fn name(&self) -> &'static str {
        U::NAME
    }

    fn run_on<'a>(
        self: Box<Self>,
        hub: &'a Hub,
        caller: &'a Caller,
    ) -> BoxFuture<'a, Result<Erased>> {
        Box::pin(async move {
            let output = hub.run(caller, *self).await?;
            Ok(Box::new(output) as Erased)
        })
    }

    fn call(&self) -> Result<Call> {
        wire::call(self)
    }

    fn answer(&self, body: &[u8]) -> std::result::Result<Erased, String> {
        wire::answer(self, body).map(|o| Box::new(o) as Erased)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
