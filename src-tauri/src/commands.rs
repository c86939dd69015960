//! The Tauri commands: thin adapters over the core's [`rehearsalhub_core::Api`] (the
//! embedded hub, or a server through its client) with the use cases' names. Each parses its
//! raw arguments into the core's types (errors name the field), calls the one use case, and
//! returns its result; no rule lives here.
//!
//! [`commands!`] declares each command once and also derives the list of names (for the
//! app manifest in `build.rs`, via `commands.txt`) and the TypeScript signatures.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rehearsalhub_audio::{Loaded, PlayerState, Track, parse_position, parse_volume};
use rehearsalhub_core::{
    ActivityEntry, Band, BandId, BandName, Comment, CommentBody, CommentDraft, CommentId,
    CommentList, CommentPatch, CreatedInvite, DisplayName, Error, ExpiresIn, InviteId, InviteList,
    InvitePage, InvitePreview, InviteToken, Member, MyInvite, NonMember, Password, Role,
    SearchQuery, Song, SongId, SongTitle, Upload, User, UserId, Username, Version, VersionId,
    VersionLabel, Waveform,
};
use serde::Serialize;
use tauri::Emitter;

use crate::connection::Place;
use crate::state::AppState;

/// Where the bands live now, and what to warn about before a password goes there.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Connected {
    /// The place that answered.
    pub place: Place,
    /// Set when a password would travel there unencrypted over the internet: the sign-in
    /// screen shows it and asks before sending.
    pub unencrypted: Option<String>,
}

/// What the UI needs at start-up.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppStatus {
    /// The signed-in user, if a saved session is still valid.
    pub user: Option<User>,
    /// Shown once when the keychain does not work.
    pub keychain_problem: Option<String>,
    /// Where this instance keeps its data.
    pub data_dir: String,
    /// Where the bands live: this computer or a server.
    pub place: Place,
    /// Why the signed-in user could not be read there (a server that does not answer).
    pub place_problem: Option<String>,
    /// Set when the session travels unencrypted over the internet (see [`Connected`]):
    /// the header keeps saying so.
    pub unencrypted: Option<String>,
    /// The app's version (the About view and the sign-in screen show it).
    pub version: String,
}

macro_rules! commands {
    ($( $(#[$doc:meta])* fn $name:ident($s:ident $(, $arg:ident : $ty:ty)*) -> $ret:ty $body:block )*) => {
        $(
            $(#[$doc])*
            #[tauri::command(rename_all = "snake_case")]
            pub async fn $name(
                state: tauri::State<'_, std::sync::Arc<AppState>>,
                $($arg: $ty),*
            ) -> Result<$ret, Error> {
                let $s: &AppState = &state;
                $body
            }
        )*

        /// Every command's name, in declaration order.
        #[cfg(test)]
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The `Commands` interface: each command's arguments and result, in TypeScript.
        #[cfg(test)]
        pub fn typescript(cfg: &ts_rs::Config) -> String {
            let mut out = String::from("export interface Commands {\n");
            $(
                let args: Vec<String> = vec![$(format!("{}: {}", stringify!($arg), <$ty as ts_rs::TS>::name(cfg))),*];
                let args = if args.is_empty() {
                    "Record<string, never>".to_owned()
                } else {
                    format!("{{ {} }}", args.join("; "))
                };
                out.push_str(&format!(
                    "  {}: {{ args: {}; result: {} }};\n",
                    stringify!($name),
                    args,
                    <$ret as ts_rs::TS>::name(cfg)
                ));
            )*
            out.push_str("}\n");
            out
        }

        /// The invoke handler with every command.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

/// The event telling how far adding a version got.
pub const ADD_VERSION_PROGRESS: &str = "add-version-progress";

/// The event telling how much of a version's audio has been downloaded from the server.
pub const DOWNLOAD_PROGRESS: &str = "download-progress";

/// Payload of [`DOWNLOAD_PROGRESS`].
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DownloadProgress {
    /// The version being downloaded.
    pub version_id: VersionId,
    /// Done so far, `0.0..=1.0`.
    pub fraction: f32,
}

/// Calls `emit(fraction)` at most every two percent, and always at the end: a 200 MB file
/// reports every 256 KB, and two percent steps are plenty to draw.
fn throttled(emit: impl Fn(f32) + Send + Sync + 'static) -> Arc<dyn Fn(f32) + Send + Sync> {
    let last = Mutex::new(-1.0f32);
    Arc::new(move |fraction: f32| {
        let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
        if fraction - *last >= 0.02 || (fraction >= 1.0 && *last < 1.0) {
            *last = fraction;
            emit(fraction);
        }
    })
}

/// Payload of [`ADD_VERSION_PROGRESS`].
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AddVersionProgress {
    /// The `upload_id` the UI gave `add_version`.
    pub upload_id: String,
    /// Done so far, `0.0..=1.0`.
    pub fraction: f32,
}

fn label(label: Option<String>) -> Result<Option<VersionLabel>, Error> {
    match label.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(l) => VersionLabel::parse(l).map(Some),
    }
}

fn page(limit: Option<i64>, offset: Option<i64>) -> Result<InvitePage, Error> {
    match (limit, offset) {
        (None, None) => Ok(InvitePage::default()),
        (l, o) => InvitePage::new(l.unwrap_or(100), o.unwrap_or(0)),
    }
}

/// A time in milliseconds from the webview (a JavaScript number): whole, finite, and small
/// enough to be one; whether it lies inside the recording is the core's to check.
fn millis(field: &'static str, ms: f64) -> Result<i64, Error> {
    if !ms.is_finite() || ms.abs() > 1e15 {
        return Err(Error::invalid(
            field,
            "That is not a time in the recording.",
        ));
    }
    // In range after the check above, so the conversion is exact enough.
    #[allow(clippy::cast_possible_truncation)]
    Ok(ms.round() as i64)
}

commands! {
    /// Start-up status: a restored session and the keychain's state.
    fn app_status(s) -> AppStatus {
        let (user, place_problem) = match s.api().me(&s.caller()).await {
            Ok(u) => (Some(u), None),
            Err(Error::Unauthenticated(_)) => {
                s.clear_session();
                (None, None)
            }
            // The saved session is kept: the server may answer when asked again.
            Err(e) => (None, Some(e.to_string())),
        };
        Ok(AppStatus {
            user,
            keychain_problem: s.keychain.problem().map(str::to_owned),
            data_dir: s.data_dir.display().to_string(),
            place: s.place(),
            place_problem,
            unencrypted: s.unencrypted_warning(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })
    }

    /// Chooses where the bands live: this computer (`server` empty or absent) or the
    /// server at `server`, once it answers. Ends any session at the old place. Says so
    /// when a password would travel there unencrypted.
    fn connect(s, server: Option<String>) -> Connected {
        let place = match server.as_deref().map(str::trim) {
            None | Some("") => Place::ThisComputer,
            Some(url) => Place::Server { url: url.to_owned() },
        };
        let place = s.connect(&place).await?;
        Ok(Connected { place, unencrypted: s.unencrypted_warning() })
    }

    /// A deep link the app was opened with, once.
    fn take_pending_link(s) -> Option<String> {
        Ok(s.pending_link.lock().map(|mut l| l.take()).unwrap_or(None))
    }

    /// Creates an account and signs in. Where the password would travel unencrypted it
    /// is sent only with `allow_unencrypted` (the sign-in screen asks first).
    fn register(s, username: String, password: String, display_name: Option<String>, allow_unencrypted: Option<bool>) -> User {
        let display = match display_name.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(DisplayName::parse(d)?),
        };
        let (username, password) = (Username::parse(&username)?, Password::parse(&password)?);
        s.check_transport(allow_unencrypted == Some(true))?;
        let signed = s.api().register(username, password, display).await?;
        s.set_session(signed.token, &signed.user.username);
        Ok(signed.user)
    }

    /// Signs in; as `register` where the password would travel unencrypted.
    fn sign_in(s, username: String, password: String, allow_unencrypted: Option<bool>) -> User {
        let (username, password) = (Username::parse(&username)?, Password::parse(&password)?);
        s.check_transport(allow_unencrypted == Some(true))?;
        let signed = s.api().sign_in(username, password).await?;
        s.set_session(signed.token, &signed.user.username);
        Ok(signed.user)
    }

    /// Signs out.
    fn sign_out(s) -> () {
        let r = s.api().sign_out(&s.caller()).await;
        s.clear_session();
        r
    }

    /// The signed-in user.
    fn me(s) -> User {
        s.api().me(&s.caller()).await
    }

    /// Creates a band.
    fn create_band(s, name: String) -> Band {
        s.api().create_band(&s.caller(), BandName::parse(&name)?).await
    }

    /// My bands.
    fn list_my_bands(s) -> Vec<Band> {
        s.api().list_my_bands(&s.caller()).await
    }

    /// One band.
    fn view_band(s, band_id: BandId) -> Band {
        s.api().view_band(&s.caller(), band_id).await
    }

    /// A band's members.
    fn list_members(s, band_id: BandId) -> Vec<Member> {
        s.api().list_members(&s.caller(), band_id).await
    }

    /// Changes a member's role.
    fn change_role(s, band_id: BandId, member_id: UserId, role: String) -> Member {
        s.api().change_role(&s.caller(), band_id, member_id, Role::parse(&role)?).await
    }

    /// Removes a member.
    fn remove_member(s, band_id: BandId, member_id: UserId) -> () {
        s.api().remove_member(&s.caller(), band_id, member_id).await
    }

    /// Leaves a band; its versions stop playing.
    fn leave_band(s, band_id: BandId) -> () {
        s.api().leave_band(&s.caller(), band_id).await?;
        s.with_player(move |p| p.stop_if_loaded(Loaded::Band(band_id), Some("You left the band."))).await?;
        // Again now that nothing of the band is open (the client's own attempt cannot
        // delete a playing file everywhere).
        s.forget_band(band_id);
        Ok(())
    }

    /// Searches registered users who are not members.
    fn search_non_members(s, band_id: BandId, q: String) -> Vec<NonMember> {
        s.api().search_non_members(&s.caller(), band_id, SearchQuery::parse(&q)?).await
    }

    /// Creates a token invite; the token is in the result only.
    fn create_token_invite(s, band_id: BandId, role: String, expires_in_hours: i64) -> CreatedInvite {
        s.api()
            .create_token_invite(&s.caller(), band_id, Role::parse(&role)?, ExpiresIn::hours(expires_in_hours)?)
            .await
    }

    /// Invites a registered user directly.
    fn create_direct_invite(s, band_id: BandId, invitee_id: UserId, role: String, expires_in_hours: i64) -> CreatedInvite {
        s.api()
            .create_direct_invite(&s.caller(), band_id, invitee_id, Role::parse(&role)?, ExpiresIn::hours(expires_in_hours)?)
            .await
    }

    /// A band's invites, newest first.
    fn list_invites(s, band_id: BandId, limit: Option<i64>, offset: Option<i64>) -> InviteList {
        s.api().list_invites(&s.caller(), band_id, page(limit, offset)?).await
    }

    /// Revokes an invite.
    fn revoke_invite(s, invite_id: InviteId) -> () {
        s.api().revoke_invite(&s.caller(), invite_id).await
    }

    /// What a pasted token or link invites to.
    fn preview_invite(s, token: String) -> InvitePreview {
        s.api().preview_invite(&InviteToken::parse(&token)?).await
    }

    /// Joins a band with a pasted token or link.
    fn redeem_invite(s, token: String) -> Member {
        s.api().redeem_invite(&s.caller(), &InviteToken::parse(&token)?).await
    }

    /// My pending direct invites.
    fn list_my_invites(s) -> Vec<MyInvite> {
        s.api().list_my_invites(&s.caller()).await
    }

    /// Accepts a direct invite.
    fn accept_invite(s, invite_id: InviteId) -> Member {
        s.api().accept_invite(&s.caller(), invite_id).await
    }

    /// Declines a direct invite.
    fn decline_invite(s, invite_id: InviteId) -> () {
        s.api().decline_invite(&s.caller(), invite_id).await
    }

    /// Creates a song.
    fn create_song(s, band_id: BandId, title: String) -> Song {
        s.api().create_song(&s.caller(), band_id, SongTitle::parse(&title)?).await
    }

    /// A band's songs with their versions.
    fn list_songs(s, band_id: BandId) -> Vec<Song> {
        s.api().list_songs(&s.caller(), band_id).await
    }

    /// Deletes a song; a version of it that is playing stops first.
    fn delete_song(s, song_id: SongId) -> () {
        s.with_player(move |p| p.stop_if_loaded(Loaded::Song(song_id), None)).await?;
        s.api().delete_song(&s.caller(), song_id).await
    }

    /// Adds a recording from a file on this computer (the file picker, a dropped file).
    /// Progress goes out as `add-version-progress` events tagged with `upload_id`.
    fn add_version(s, song_id: SongId, path: String, label: Option<String>, upload_id: Option<String>) -> Version {
        if path.trim().is_empty() {
            return Err(Error::invalid("path", "Choose a file to add."));
        }
        let label = self::label(label)?;
        let app = s.app.clone();
        let progress = upload_id.map(|id| {
            throttled(move |fraction| {
                let _ = app.emit(ADD_VERSION_PROGRESS, AddVersionProgress { upload_id: id.clone(), fraction });
            })
        });
        let upload = Upload::File(std::path::PathBuf::from(&path));
        s.api().add_version(&s.caller(), song_id, upload, label, None, progress).await
    }

    /// A version's waveform overview.
    fn version_peaks(s, version_id: VersionId) -> Option<Waveform> {
        s.api().version_peaks(&s.caller(), version_id).await
    }

    /// Deletes a version; if it is playing it stops first.
    fn delete_version(s, version_id: VersionId) -> () {
        s.with_player(move |p| p.stop_if_loaded(Loaded::Version(version_id), None)).await?;
        s.api().delete_version(&s.caller(), version_id).await
    }

    /// Plays a version (members only: the core checks before the file is opened),
    /// from `start_ms` or the start; whatever played before stops.
    fn play_version(s, version_id: VersionId, start_ms: Option<f64>) -> PlayerState {
        let start = match start_ms {
            Some(ms) => parse_position(ms).map_err(|m| Error::invalid("start_ms", m))?,
            None => Duration::ZERO,
        };
        let app = s.app.clone();
        let progress = throttled(move |fraction| {
            let _ = app.emit(DOWNLOAD_PROGRESS, DownloadProgress { version_id, fraction });
        });
        let audio = s.api().open_version_audio(&s.caller(), version_id, Some(progress)).await?;
        let track = Track { version_id, song_id: audio.version.song_id, band_id: audio.band_id };
        let duration = audio
            .version
            .duration_ms
            .and_then(|d| u64::try_from(d).ok())
            .map(Duration::from_millis);
        s.with_player(move |p| p.play(track, audio.file, duration, start)).await
    }

    /// Pauses playback.
    fn pause_playback(s) -> PlayerState {
        s.with_player(|p| p.pause()).await
    }

    /// Resumes after a pause.
    fn resume_playback(s) -> PlayerState {
        s.with_player(|p| p.resume()).await
    }

    /// Stops playback.
    fn stop_playback(s) -> PlayerState {
        s.with_player(|p| p.stop()).await
    }

    /// Moves the playing version to `position_ms`.
    fn seek_playback(s, position_ms: f64) -> PlayerState {
        let to = parse_position(position_ms).map_err(|m| Error::invalid("position_ms", m))?;
        s.with_player(move |p| p.seek(to)).await
    }

    /// Sets the volume, 0 to 1.
    fn set_volume(s, volume: f64) -> PlayerState {
        let v = parse_volume(volume).map_err(|m| Error::invalid("volume", m))?;
        s.with_player(move |p| p.set_volume(v)).await
    }

    /// The player's state now.
    fn player_state(s) -> PlayerState {
        s.with_player(|p| p.current()).await
    }

    /// A band's activity log.
    fn list_activity(s, band_id: BandId) -> Vec<ActivityEntry> {
        s.api().list_activity(&s.caller(), band_id).await
    }

    /// A version's comments in time order, with their replies.
    fn list_comments(s, version_id: VersionId) -> CommentList {
        s.api().list_comments(&s.caller(), version_id).await
    }

    /// Pins a comment to a moment (`at_ms`) or a range (to `until_ms`) of a version.
    fn add_comment(s, version_id: VersionId, at_ms: f64, until_ms: Option<f64>, body: String, tag: Option<String>) -> Comment {
        let until_ms = until_ms.map(|u| millis("until_ms", u)).transpose()?;
        let draft = CommentDraft::parse(millis("at_ms", at_ms)?, until_ms, &body, tag.as_deref())?;
        s.api().add_comment(&s.caller(), version_id, draft).await
    }

    /// Replies to a comment.
    fn reply_to_comment(s, comment_id: CommentId, body: String) -> Comment {
        s.api().reply_to_comment(&s.caller(), comment_id, CommentBody::parse(&body)?).await
    }

    /// Edits a comment's text or tag (its author), or resolves or reopens an issue.
    fn update_comment(s, comment_id: CommentId, body: Option<String>, tag: Option<String>, resolved: Option<bool>) -> Comment {
        let patch = CommentPatch::parse(body.as_deref(), tag.as_deref(), resolved)?;
        s.api().update_comment(&s.caller(), comment_id, patch).await
    }

    /// Deletes a comment or a reply.
    fn delete_comment(s, comment_id: CommentId) -> () {
        s.api().delete_comment(&s.caller(), comment_id).await
    }
}
