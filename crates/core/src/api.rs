//! [`Api`]: the use cases as one object-safe interface, so a caller does not care whether
//! they run in-process ([`Hub`], the desktop's "This computer") or on a server (the HTTP
//! client of `crates/client`, the desktop's "A server"). The conformance suite runs
//! through this trait on both.
//!
//! Each method has the name and the meaning of the [`Hub`] use case it stands for; the
//! rules live only there.

use std::sync::Arc;

use async_trait::async_trait;

use crate::blobs::Upload;
use crate::comment_input::CommentBody;
use crate::comment_model::{Comment, CommentDraft, CommentList, CommentPatch};
use crate::error::Result;
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, CommentId, InviteId, SongId, UserId, VersionId};
use crate::input::{
    BandName, DisplayName, ExpiresIn, InviteToken, Password, Role, SearchQuery, SongTitle,
    Username, VersionLabel,
};
use crate::invites::InvitePage;
use crate::model::{
    ActivityEntry, Band, CreatedInvite, InviteList, InvitePreview, Member, MyInvite, NonMember,
    SignedIn, Song, User, Version, Waveform,
};
use crate::songs::AudioStream;

/// A progress callback for long transfers, given fractions from 0 to 1.
pub type Progress = Arc<dyn Fn(f32) + Send + Sync>;

/// Every use case of RehearsalHub. See the [`Hub`] method of the same name for the rules.
#[async_trait]
pub trait Api: Send + Sync + std::fmt::Debug {
    /// [`Hub::register`].
    async fn register(
        &self,
        username: Username,
        password: Password,
        display_name: Option<DisplayName>,
    ) -> Result<SignedIn>;
    /// [`Hub::sign_in`].
    async fn sign_in(&self, username: Username, password: Password) -> Result<SignedIn>;
    /// [`Hub::sign_out`].
    async fn sign_out(&self, caller: &Caller) -> Result<()>;
    /// [`Hub::me`].
    async fn me(&self, caller: &Caller) -> Result<User>;

    /// [`Hub::create_band`].
    async fn create_band(&self, caller: &Caller, name: BandName) -> Result<Band>;
    /// [`Hub::list_my_bands`].
    async fn list_my_bands(&self, caller: &Caller) -> Result<Vec<Band>>;
    /// [`Hub::view_band`].
    async fn view_band(&self, caller: &Caller, band: BandId) -> Result<Band>;
    /// [`Hub::list_members`].
    async fn list_members(&self, caller: &Caller, band: BandId) -> Result<Vec<Member>>;
    /// [`Hub::change_role`].
    async fn change_role(
        &self,
        caller: &Caller,
        band: BandId,
        member: UserId,
        role: Role,
    ) -> Result<Member>;
    /// [`Hub::remove_member`].
    async fn remove_member(&self, caller: &Caller, band: BandId, member: UserId) -> Result<()>;
    /// [`Hub::leave_band`].
    async fn leave_band(&self, caller: &Caller, band: BandId) -> Result<()>;
    /// [`Hub::search_non_members`].
    async fn search_non_members(
        &self,
        caller: &Caller,
        band: BandId,
        q: SearchQuery,
    ) -> Result<Vec<NonMember>>;

    /// [`Hub::create_token_invite`].
    async fn create_token_invite(
        &self,
        caller: &Caller,
        band: BandId,
        role: Role,
        expires_in: ExpiresIn,
    ) -> Result<CreatedInvite>;
    /// [`Hub::create_direct_invite`].
    async fn create_direct_invite(
        &self,
        caller: &Caller,
        band: BandId,
        invitee: UserId,
        role: Role,
        expires_in: ExpiresIn,
    ) -> Result<CreatedInvite>;
    /// [`Hub::list_invites`].
    async fn list_invites(
        &self,
        caller: &Caller,
        band: BandId,
        page: InvitePage,
    ) -> Result<InviteList>;
    /// [`Hub::revoke_invite`].
    async fn revoke_invite(&self, caller: &Caller, invite: InviteId) -> Result<()>;
    /// [`Hub::preview_invite`].
    async fn preview_invite(&self, token: &InviteToken) -> Result<InvitePreview>;
    /// [`Hub::redeem_invite`].
    async fn redeem_invite(&self, caller: &Caller, token: &InviteToken) -> Result<Member>;
    /// [`Hub::list_my_invites`].
    async fn list_my_invites(&self, caller: &Caller) -> Result<Vec<MyInvite>>;
    /// [`Hub::accept_invite`].
    async fn accept_invite(&self, caller: &Caller, invite: InviteId) -> Result<Member>;
    /// [`Hub::decline_invite`].
    async fn decline_invite(&self, caller: &Caller, invite: InviteId) -> Result<()>;

    /// [`Hub::create_song`].
    async fn create_song(&self, caller: &Caller, band: BandId, title: SongTitle) -> Result<Song>;
    /// [`Hub::list_songs`].
    async fn list_songs(&self, caller: &Caller, band: BandId) -> Result<Vec<Song>>;
    /// [`Hub::add_version_reporting`] (the progress is optional here).
    async fn add_version(
        &self,
        caller: &Caller,
        song: SongId,
        upload: Upload,
        label: Option<VersionLabel>,
        file_name: Option<&str>,
        progress: Option<Progress>,
    ) -> Result<Version>;
    /// [`Hub::get_version`].
    async fn get_version(&self, caller: &Caller, version: VersionId) -> Result<Version>;
    /// [`Hub::version_peaks`].
    async fn version_peaks(&self, caller: &Caller, version: VersionId) -> Result<Option<Waveform>>;
    /// [`Hub::open_version_audio`]; a remote implementation first downloads the audio to a
    /// local file (reporting `progress`) and checks it against its SHA-256.
    async fn open_version_audio(
        &self,
        caller: &Caller,
        version: VersionId,
        progress: Option<Progress>,
    ) -> Result<AudioStream>;
    /// [`Hub::delete_version`].
    async fn delete_version(&self, caller: &Caller, version: VersionId) -> Result<()>;
    /// [`Hub::delete_song`].
    async fn delete_song(&self, caller: &Caller, song: SongId) -> Result<()>;
    /// [`Hub::list_activity`].
    async fn list_activity(&self, caller: &Caller, band: BandId) -> Result<Vec<ActivityEntry>>;

    /// [`Hub::list_comments`].
    async fn list_comments(&self, caller: &Caller, version: VersionId) -> Result<CommentList>;
    /// [`Hub::add_comment`].
    async fn add_comment(
        &self,
        caller: &Caller,
        version: VersionId,
        draft: CommentDraft,
    ) -> Result<Comment>;
    /// [`Hub::reply_to_comment`].
    async fn reply_to_comment(
        &self,
        caller: &Caller,
        comment: CommentId,
        body: CommentBody,
    ) -> Result<Comment>;
    /// [`Hub::update_comment`].
    async fn update_comment(
        &self,
        caller: &Caller,
        comment: CommentId,
        patch: CommentPatch,
    ) -> Result<Comment>;
    /// [`Hub::delete_comment`].
    async fn delete_comment(&self, caller: &Caller, comment: CommentId) -> Result<()>;
}

#[async_trait]
impl Api for Hub {
    async fn register(
        &self,
        username: Username,
        password: Password,
        display_name: Option<DisplayName>,
    ) -> Result<SignedIn> {
        Hub::register(self, username, password, display_name).await
    }
    async fn sign_in(&self, username: Username, password: Password) -> Result<SignedIn> {
        Hub::sign_in(self, username, password).await
    }
    async fn sign_out(&self, caller: &Caller) -> Result<()> {
        Hub::sign_out(self, caller).await
    }
    async fn me(&self, caller: &Caller) -> Result<User> {
        Hub::me(self, caller).await
    }
    async fn create_band(&self, caller: &Caller, name: BandName) -> Result<Band> {
        Hub::create_band(self, caller, name).await
    }
    async fn list_my_bands(&self, caller: &Caller) -> Result<Vec<Band>> {
        Hub::list_my_bands(self, caller).await
    }
    async fn view_band(&self, caller: &Caller, band: BandId) -> Result<Band> {
        Hub::view_band(self, caller, band).await
    }
    async fn list_members(&self, caller: &Caller, band: BandId) -> Result<Vec<Member>> {
        Hub::list_members(self, caller, band).await
    }
    async fn change_role(
        &self,
        caller: &Caller,
        band: BandId,
        member: UserId,
        role: Role,
    ) -> Result<Member> {
        Hub::change_role(self, caller, band, member, role).await
    }
    async fn remove_member(&self, caller: &Caller, band: BandId, member: UserId) -> Result<()> {
        Hub::remove_member(self, caller, band, member).await
    }
    async fn leave_band(&self, caller: &Caller, band: BandId) -> Result<()> {
        Hub::leave_band(self, caller, band).await
    }
    async fn search_non_members(
        &self,
        caller: &Caller,
        band: BandId,
        q: SearchQuery,
    ) -> Result<Vec<NonMember>> {
        Hub::search_non_members(self, caller, band, q).await
    }
    async fn create_token_invite(
        &self,
        caller: &Caller,
        band: BandId,
        role: Role,
        expires_in: ExpiresIn,
    ) -> Result<CreatedInvite> {
        Hub::create_token_invite(self, caller, band, role, expires_in).await
    }
    async fn create_direct_invite(
        &self,
        caller: &Caller,
        band: BandId,
        invitee: UserId,
        role: Role,
        expires_in: ExpiresIn,
    ) -> Result<CreatedInvite> {
        Hub::create_direct_invite(self, caller, band, invitee, role, expires_in).await
    }
    async fn list_invites(
        &self,
        caller: &Caller,
        band: BandId,
        page: InvitePage,
    ) -> Result<InviteList> {
        Hub::list_invites(self, caller, band, page).await
    }
    async fn revoke_invite(&self, caller: &Caller, invite: InviteId) -> Result<()> {
        Hub::revoke_invite(self, caller, invite).await
    }
    async fn preview_invite(&self, token: &InviteToken) -> Result<InvitePreview> {
        Hub::preview_invite(self, token).await
    }
    async fn redeem_invite(&self, caller: &Caller, token: &InviteToken) -> Result<Member> {
        Hub::redeem_invite(self, caller, token).await
    }
    async fn list_my_invites(&self, caller: &Caller) -> Result<Vec<MyInvite>> {
        Hub::list_my_invites(self, caller).await
    }
    async fn accept_invite(&self, caller: &Caller, invite: InviteId) -> Result<Member> {
        Hub::accept_invite(self, caller, invite).await
    }
    async fn decline_invite(&self, caller: &Caller, invite: InviteId) -> Result<()> {
        Hub::decline_invite(self, caller, invite).await
    }
    async fn create_song(&self, caller: &Caller, band: BandId, title: SongTitle) -> Result<Song> {
        Hub::create_song(self, caller, band, title).await
    }
    async fn list_songs(&self, caller: &Caller, band: BandId) -> Result<Vec<Song>> {
        Hub::list_songs(self, caller, band).await
    }
    async fn add_version(
        &self,
        caller: &Caller,
        song: SongId,
        upload: Upload,
        label: Option<VersionLabel>,
        file_name: Option<&str>,
        progress: Option<Progress>,
    ) -> Result<Version> {
        let progress = progress.unwrap_or_else(|| Arc::new(|_| {}));
        Hub::add_version_reporting(self, caller, song, upload, label, file_name, progress).await
    }
    async fn get_version(&self, caller: &Caller, version: VersionId) -> Result<Version> {
        Hub::get_version(self, caller, version).await
    }
    async fn version_peaks(&self, caller: &Caller, version: VersionId) -> Result<Option<Waveform>> {
        Hub::version_peaks(self, caller, version).await
    }
    async fn open_version_audio(
        &self,
        caller: &Caller,
        version: VersionId,
        progress: Option<Progress>,
    ) -> Result<AudioStream> {
        let stream = Hub::open_version_audio(self, caller, version).await?;
        // The blob is already on this disk: nothing to transfer.
        if let Some(progress) = progress {
            progress(1.0);
        }
        Ok(stream)
    }
    async fn delete_version(&self, caller: &Caller, version: VersionId) -> Result<()> {
        Hub::delete_version(self, caller, version).await
    }
    async fn delete_song(&self, caller: &Caller, song: SongId) -> Result<()> {
        Hub::delete_song(self, caller, song).await
    }
    async fn list_activity(&self, caller: &Caller, band: BandId) -> Result<Vec<ActivityEntry>> {
        Hub::list_activity(self, caller, band).await
    }
    async fn list_comments(&self, caller: &Caller, version: VersionId) -> Result<CommentList> {
        Hub::list_comments(self, caller, version).await
    }
    async fn add_comment(
        &self,
        caller: &Caller,
        version: VersionId,
        draft: CommentDraft,
    ) -> Result<Comment> {
        Hub::add_comment(self, caller, version, draft).await
    }
    async fn reply_to_comment(
        &self,
        caller: &Caller,
        comment: CommentId,
        body: CommentBody,
    ) -> Result<Comment> {
        Hub::reply_to_comment(self, caller, comment, body).await
    }
    async fn update_comment(
        &self,
        caller: &Caller,
        comment: CommentId,
        patch: CommentPatch,
    ) -> Result<Comment> {
        Hub::update_comment(self, caller, comment, patch).await
    }
    async fn delete_comment(&self, caller: &Caller, comment: CommentId) -> Result<()> {
        Hub::delete_comment(self, caller, comment).await
    }
}
