//! The desktop app's own commands: what is not a use case of the core, or is one with more
//! to do on this computer. Signing in and out keep the session (keychain, cache folder,
//! live changes); adding a version reads a file from this disk and reports progress; the
//! player plays here. Each is a struct of its arguments implementing [`Shell`], listed in
//! [`each`], and reaches the webview through the same handler and bindings as the use
//! cases (`crate::handler`, `crate::bindings`).

mod account;
mod audio;
pub mod names;

use std::future::Future;
use std::sync::Arc;

use rehearsalhub_core::Error;
use serde::Serialize;
use serde::de::DeserializeOwned;

#[cfg(test)]
pub use audio::{ADD_VERSION_PROGRESS, AddVersionProgress, DOWNLOAD_PROGRESS, DownloadProgress};

use crate::state::AppState;

/// One desktop-only command, implemented on the struct of its arguments.
pub trait Shell: DeserializeOwned + ts_rs::TS + Send + 'static {
    /// The command's name.
    const NAME: &'static str;
    /// What it answers.
    type Output: Serialize + ts_rs::TS + Send + 'static;
    /// Runs it.
    fn run(self, state: Arc<AppState>) -> impl Future<Output = Result<Self::Output, Error>> + Send;
}

/// What an adapter does with each desktop-only command.
pub trait VisitShell {
    /// Called once per command, in the order of [`each`].
    fn command<C: Shell>(&mut self);
}

/// Calls `visit.command::<C>()` for every desktop-only command.
pub fn each(visit: &mut impl VisitShell) {
    visit.command::<account::AppStatusArgs>();
    visit.command::<account::ConnectArgs>();
    visit.command::<account::TakePendingLinkArgs>();
    visit.command::<account::RegisterArgs>();
    visit.command::<account::SignInArgs>();
    visit.command::<account::SignOutArgs>();
    visit.command::<audio::AddVersionArgs>();
    visit.command::<audio::PlayVersionArgs>();
    visit.command::<audio::PausePlaybackArgs>();
    visit.command::<audio::ResumePlaybackArgs>();
    visit.command::<audio::StopPlaybackArgs>();
    visit.command::<audio::SeekPlaybackArgs>();
    visit.command::<audio::SetVolumeArgs>();
    visit.command::<audio::PlayerStateArgs>();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_rs_reads_the_same_names_as_the_app_registers() {
        struct Names(Vec<&'static str>);
        impl VisitShell for Names {
            fn command<C: Shell>(&mut self) {
                self.0.push(C::NAME);
            }
        }
        let mut names = Names(Vec::new());
        each(&mut names);
        assert_eq!(names.0, names::NAMES);
    }
}
