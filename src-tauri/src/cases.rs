//! The core's use cases as the app's commands, all through one generic function: the
//! webview's arguments are parsed by the use case's own types (a bad one is
//! `invalid_input` naming its field), the use case runs where the bands live (the embedded
//! hub or a server's client, with the session's caller), and its output goes back as JSON.
//!
//! Some use cases end what this computer may play; [`Effect`] says which, and the player
//! stops once the use case has succeeded.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use rehearsalhub_audio::Loaded;
use rehearsalhub_core::case::{self, Visit, wire};
use rehearsalhub_core::{ApiExt, BandId, DeleteSong, DeleteVersion, Error, RemoveMember, UseCase};
use serde_json::Value;

use crate::session::Session;
use crate::state::AppState;

/// A command's future.
pub type Running = Pin<Box<dyn Future<Output = Result<Value, Error>> + Send>>;

/// A command: its arguments in, its output out.
pub type Command = fn(Arc<AppState>, Value) -> Running;

/// Every declared use case but those the app wraps in commands of its own
/// (`crate::shell::names`), by name.
pub fn commands(into: &mut Vec<(&'static str, Command)>) {
    struct Table<'a>(&'a mut Vec<(&'static str, Command)>);
    impl Visit for Table<'_> {
        fn case<U: UseCase>(&mut self) {
            if !crate::shell::names::NAMES.contains(&U::NAME) {
                self.0
                    .push((U::NAME, |state, args| Box::pin(run::<U>(state, args))));
            }
        }
    }
    case::each(&mut Table(into));
}

async fn run<U: UseCase>(state: Arc<AppState>, args: Value) -> Result<Value, Error> {
    let case: U = wire::parse_args(args)?;
    let session = state.session();
    let effect = Effect::of(&case, &session);
    let output = session.api().run(&session.caller(), case).await?;
    effect.apply(&state).await?;
    serde_json::to_value(output).map_err(Error::internal)
}

/// What a use case that succeeded changes in what this computer may play.
enum Effect {
    /// Nothing.
    None,
    /// A song or version is gone: stop it if it is loaded.
    Gone(Loaded),
    /// The signed-in user left a band: stop its versions and delete its downloads.
    Left(BandId),
}

impl Effect {
    fn of(case: &dyn Any, session: &Session) -> Effect {
        if let Some(c) = case.downcast_ref::<DeleteSong>() {
            Effect::Gone(Loaded::Song(c.song_id))
        } else if let Some(c) = case.downcast_ref::<DeleteVersion>() {
            Effect::Gone(Loaded::Version(c.version_id))
        } else if let Some(c) = case.downcast_ref::<RemoveMember>()
            && session.user.as_ref().is_some_and(|u| u.id == c.member_id)
        {
            Effect::Left(c.band_id)
        } else {
            Effect::None
        }
    }

    async fn apply(self, state: &AppState) -> Result<(), Error> {
        match self {
            Effect::None => {}
            Effect::Gone(which) => {
                state
                    .with_player(move |p| p.stop_if_loaded(which, None))
                    .await?;
            }
            Effect::Left(band) => {
                let why = Some("You left the band.");
                state
                    .with_player(move |p| p.stop_if_loaded(Loaded::Band(band), why))
                    .await?;
                // Now that nothing of the band is open, its downloads can go everywhere.
                state.forget_band(band);
            }
        }
        Ok(())
    }
}
