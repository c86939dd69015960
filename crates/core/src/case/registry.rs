//! Every declared use case, listed once. The adapters walk this list ([`each`]) to build
//! their routes, commands and bindings; a use case missing here exists nowhere.
//!
//! The cases that stay hand-written, and why, are in the README ("Adding a use case").

use super::UseCase;
use crate::{
    accounts, bands, comments, inbox, invites, members, rehearsals, song_updates, songs,
    version_updates, versions,
};

/// What an adapter does with each use case.
pub trait Visit {
    /// Called once per use case, in the order of [`each`].
    fn case<U: UseCase>(&mut self);
}

/// Calls `visit.case::<U>()` for every use case.
pub fn each(visit: &mut impl Visit) {
    visit.case::<accounts::Register>();
    visit.case::<accounts::SignIn>();
    visit.case::<accounts::SignOut>();
    visit.case::<accounts::Me>();
    visit.case::<bands::CreateBand>();
    visit.case::<bands::ListMyBands>();
    visit.case::<bands::ViewBand>();
    visit.case::<bands::RenameBand>();
    visit.case::<bands::ListActivity>();
    visit.case::<members::ListMembers>();
    visit.case::<members::ChangeRole>();
    visit.case::<members::RemoveMember>();
    visit.case::<members::SearchNonMembers>();
    visit.case::<invites::CreateInvite>();
    visit.case::<invites::ListInvites>();
    visit.case::<invites::RevokeInvite>();
    visit.case::<invites::PreviewInvite>();
    visit.case::<invites::RedeemInvite>();
    visit.case::<inbox::ListMyInvites>();
    visit.case::<inbox::AcceptInvite>();
    visit.case::<inbox::DeclineInvite>();
    visit.case::<songs::CreateSong>();
    visit.case::<songs::ListSongs>();
    visit.case::<song_updates::UpdateSong>();
    visit.case::<songs::DeleteSong>();
    visit.case::<rehearsals::CreateRehearsal>();
    visit.case::<rehearsals::ListRehearsals>();
    visit.case::<rehearsals::GetRehearsal>();
    visit.case::<rehearsals::UpdateRehearsal>();
    visit.case::<rehearsals::DeleteRehearsal>();
    visit.case::<versions::GetVersion>();
    visit.case::<versions::VersionPeaks>();
    visit.case::<version_updates::UpdateVersion>();
    visit.case::<versions::DeleteVersion>();
    visit.case::<comments::ListComments>();
    visit.case::<comments::AddComment>();
    visit.case::<comments::ReplyToComment>();
    visit.case::<comments::UpdateComment>();
    visit.case::<comments::DeleteComment>();
}

/// Every use case's name, in the order of [`each`].
pub fn names() -> Vec<&'static str> {
    struct Names(Vec<&'static str>);
    impl Visit for Names {
        fn case<U: UseCase>(&mut self) {
            self.0.push(U::NAME);
        }
    }
    let mut names = Names(Vec::new());
    each(&mut names);
    names.0
}
