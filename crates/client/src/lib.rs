//! # rehearsalhub-client
//!
//! A typed client of `rehearsalhub-server`'s HTTP API (SPEC §8) over reqwest with rustls.
//! [`Client`] implements the core's [`Api`], so the desktop app's connected mode and the
//! conformance suite use a server exactly as they use an in-process [`rehearsalhub_core::Hub`].
//! A server's errors come back as the same core [`Error`]s; a server that cannot be reached
//! is an `internal` error whose message says so.
//!
//! Audio is downloaded into a cache folder (`<cache>/<band id>/<sha256>`), checked against
//! its SHA-256 before it is named, and reused afterwards. The cache of a band the user is no
//! longer in is deleted whenever the list of their bands is read, and when they leave.
//!
//! It depends on the core's types only; it must not depend on the server, a store or Tauri.

mod cache;
pub mod events;
mod transport;

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use rehearsalhub_core::wire::{
    ChangeRoleRequest, CreateBandRequest, CreateCommentRequest, CreateInviteRequest,
    CreateSongRequest, LoginRequest, RegisterRequest, ReplyRequest, UpdateCommentRequest,
};
use rehearsalhub_core::{
    ActivityEntry, Api, AudioStream, Band, BandId, BandName, Caller, Comment, CommentBody,
    CommentDraft, CommentId, CommentList, CommentPatch, CreatedInvite, DisplayName, Error,
    ExpiresIn, InviteId, InviteList, InvitePage, InvitePreview, InviteToken, Member, MyInvite,
    NonMember, Password, Progress, Result, Role, SearchQuery, SessionToken, SignedIn, Song, SongId,
    SongTitle, Upload, User, UserId, Username, Version, VersionId, VersionLabel, Waveform,
};
use reqwest::Method;

pub use transport::{server_url, travels_in_clear};

/// A client of one server. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    /// The server as the user gave it, normalized (`http://host:port/`).
    server: url::Url,
    /// `<server>/api/v1/`.
    base: url::Url,
    cache: Option<Arc<cache::Cache>>,
}

impl Client {
    /// A client of the server at `server` (`http://host:port`, `https://…`, or `host:port`,
    /// which means `http://`). Fails with `invalid_input` on `server`.
    pub fn new(server: &str) -> Result<Self> {
        let server = server_url(server)?;
        let base = server
            .join("api/v1/")
            .map_err(|e| Error::invalid("server", format!("That address cannot be used: {e}")))?;
        Ok(Client {
            http: transport::http_client()?,
            server,
            base,
            cache: None,
        })
    }

    /// Downloads audio into `dir`; nothing outside it is ever written or deleted.
    pub fn with_cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache = Some(Arc::new(cache::Cache::at(dir.into())));
        self
    }

    /// Downloads audio into `dir`, which must lie under `root` (one folder per server and
    /// user under the app's cache folder is the caller's choice); nothing outside `root` is
    /// ever written or deleted. Fails (`internal`) when `dir` is not under `root`.
    pub fn with_cache_in(
        mut self,
        root: impl Into<PathBuf>,
        dir: impl Into<PathBuf>,
    ) -> Result<Self> {
        self.cache = Some(Arc::new(cache::Cache::new(root.into(), dir.into())?));
        Ok(self)
    }

    /// The server's address, normalized.
    pub fn server(&self) -> &str {
        self.server.as_str()
    }

    /// Whether passwords and session tokens sent to this server can be read on the way
    /// (see [`travels_in_clear`]).
    pub fn travels_in_clear(&self) -> bool {
        travels_in_clear(&self.server)
    }

    /// `Ok` when the server and its database answer.
    pub async fn health(&self) -> Result<()> {
        self.empty(Method::GET, "health", &Caller::Anonymous, None::<&()>)
            .await
    }

    /// Deletes the downloaded audio of `band`.
    pub fn forget_band(&self, band: BandId) {
        if let Some(cache) = &self.cache {
            cache.forget_band(band);
        }
    }

    /// A sign-in answer is for the account asked for, with a token that is one: the
    /// keychain entry and the cache folder are named after it.
    fn check_signed_in(&self, signed: SignedIn, asked: &Username) -> Result<SignedIn> {
        if &signed.user.username != asked {
            return Err(transport::bad_answer(
                &self.server,
                "it signed in another account than the one asked for",
            ));
        }
        if SessionToken::parse(&signed.token).is_err() {
            return Err(transport::bad_answer(
                &self.server,
                "its session token is not one",
            ));
        }
        Ok(signed)
    }

    async fn leave(&self, caller: &Caller, band: BandId, member: UserId) -> Result<()> {
        self.empty(
            Method::DELETE,
            &format!("bands/{band}/members/{member}"),
            caller,
            None::<&()>,
        )
        .await
    }
}

#[async_trait]
impl Api for Client {
    async fn register(
        &self,
        username: Username,
        password: Password,
        display_name: Option<DisplayName>,
    ) -> Result<SignedIn> {
        let body = RegisterRequest {
            username: username.as_str().to_owned(),
            password: password.expose().to_owned(),
            display_name: display_name.map(|d| d.as_str().to_owned()),
        };
        let signed = self
            .json(
                Method::POST,
                "auth/register",
                &Caller::Anonymous,
                Some(&body),
            )
            .await?;
        self.check_signed_in(signed, &username)
    }

    async fn sign_in(&self, username: Username, password: Password) -> Result<SignedIn> {
        let body = LoginRequest {
            username: username.as_str().to_owned(),
            password: password.expose().to_owned(),
        };
        let signed = self
            .json(Method::POST, "auth/login", &Caller::Anonymous, Some(&body))
            .await?;
        self.check_signed_in(signed, &username)
    }

    async fn sign_out(&self, caller: &Caller) -> Result<()> {
        self.empty(Method::POST, "auth/logout", caller, None::<&()>)
            .await
    }

    async fn me(&self, caller: &Caller) -> Result<User> {
        self.json(Method::GET, "me", caller, None::<&()>).await
    }

    async fn create_band(&self, caller: &Caller, name: BandName) -> Result<Band> {
        let body = CreateBandRequest {
            name: name.as_str().to_owned(),
        };
        self.json(Method::POST, "bands", caller, Some(&body)).await
    }

    async fn list_my_bands(&self, caller: &Caller) -> Result<Vec<Band>> {
        let bands: Vec<Band> = self.json(Method::GET, "bands", caller, None::<&()>).await?;
        if let Some(cache) = &self.cache {
            let keep: Vec<BandId> = bands.iter().map(|b| b.id).collect();
            cache.keep_only(&keep);
        }
        Ok(bands)
    }

    async fn view_band(&self, caller: &Caller, band: BandId) -> Result<Band> {
        self.json(Method::GET, &format!("bands/{band}"), caller, None::<&()>)
            .await
    }

    async fn list_members(&self, caller: &Caller, band: BandId) -> Result<Vec<Member>> {
        self.json(
            Method::GET,
            &format!("bands/{band}/members"),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn change_role(
        &self,
        caller: &Caller,
        band: BandId,
        member: UserId,
        role: Role,
    ) -> Result<Member> {
        let body = ChangeRoleRequest {
            role: role.as_str().to_owned(),
        };
        self.json(
            Method::PATCH,
            &format!("bands/{band}/members/{member}"),
            caller,
            Some(&body),
        )
        .await
    }

    async fn remove_member(&self, caller: &Caller, band: BandId, member: UserId) -> Result<()> {
        self.leave(caller, band, member).await
    }

    async fn leave_band(&self, caller: &Caller, band: BandId) -> Result<()> {
        let me = self.me(caller).await?;
        self.leave(caller, band, me.id).await?;
        self.forget_band(band);
        Ok(())
    }

    async fn search_non_members(
        &self,
        caller: &Caller,
        band: BandId,
        q: SearchQuery,
    ) -> Result<Vec<NonMember>> {
        let request = self
            .call(Method::GET, &format!("bands/{band}/non-members"), caller)?
            .query(&[("q", q.as_str())]);
        transport::parse(request.send().await, &self.server).await
    }

    async fn create_token_invite(
        &self,
        caller: &Caller,
        band: BandId,
        role: Role,
        expires_in: ExpiresIn,
    ) -> Result<CreatedInvite> {
        let body = CreateInviteRequest {
            role: Some(role.as_str().to_owned()),
            expires_in_hours: Some(i64::from(expires_in.as_hours())),
            invitee_id: None,
        };
        self.json(
            Method::POST,
            &format!("bands/{band}/invites"),
            caller,
            Some(&body),
        )
        .await
    }

    async fn create_direct_invite(
        &self,
        caller: &Caller,
        band: BandId,
        invitee: UserId,
        role: Role,
        expires_in: ExpiresIn,
    ) -> Result<CreatedInvite> {
        let body = CreateInviteRequest {
            role: Some(role.as_str().to_owned()),
            expires_in_hours: Some(i64::from(expires_in.as_hours())),
            invitee_id: Some(invitee.0),
        };
        self.json(
            Method::POST,
            &format!("bands/{band}/invites"),
            caller,
            Some(&body),
        )
        .await
    }

    async fn list_invites(
        &self,
        caller: &Caller,
        band: BandId,
        page: InvitePage,
    ) -> Result<InviteList> {
        let request = self
            .call(Method::GET, &format!("bands/{band}/invites"), caller)?
            .query(&[("limit", page.limit()), ("offset", page.offset())]);
        transport::parse(request.send().await, &self.server).await
    }

    async fn revoke_invite(&self, caller: &Caller, invite: InviteId) -> Result<()> {
        self.empty(
            Method::DELETE,
            &format!("invites/{invite}"),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn preview_invite(&self, token: &InviteToken) -> Result<InvitePreview> {
        self.json(
            Method::GET,
            &format!("invites/{}/info", token.expose()),
            &Caller::Anonymous,
            None::<&()>,
        )
        .await
    }

    async fn redeem_invite(&self, caller: &Caller, token: &InviteToken) -> Result<Member> {
        self.json(
            Method::POST,
            &format!("invites/{}/accept", token.expose()),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn list_my_invites(&self, caller: &Caller) -> Result<Vec<MyInvite>> {
        self.json(Method::GET, "me/invites", caller, None::<&()>)
            .await
    }

    async fn accept_invite(&self, caller: &Caller, invite: InviteId) -> Result<Member> {
        self.json(
            Method::POST,
            &format!("me/invites/{invite}/accept"),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn decline_invite(&self, caller: &Caller, invite: InviteId) -> Result<()> {
        self.empty(
            Method::POST,
            &format!("me/invites/{invite}/decline"),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn create_song(&self, caller: &Caller, band: BandId, title: SongTitle) -> Result<Song> {
        let body = CreateSongRequest {
            title: title.as_str().to_owned(),
        };
        self.json(
            Method::POST,
            &format!("bands/{band}/songs"),
            caller,
            Some(&body),
        )
        .await
    }

    async fn list_songs(&self, caller: &Caller, band: BandId) -> Result<Vec<Song>> {
        self.json(
            Method::GET,
            &format!("bands/{band}/songs"),
            caller,
            None::<&()>,
        )
        .await
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
        let file = transport::upload_part(upload, file_name, progress).await?;
        let mut form = reqwest::multipart::Form::new().part("file", file);
        if let Some(label) = label {
            form = form.text("label", label.as_str().to_owned());
        }
        let request = self
            .request(Method::POST, &format!("songs/{song}/versions"), caller)?
            .multipart(form);
        transport::parse(request.send().await, &self.server).await
    }

    async fn get_version(&self, caller: &Caller, version: VersionId) -> Result<Version> {
        self.json(
            Method::GET,
            &format!("versions/{version}"),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn version_peaks(&self, caller: &Caller, version: VersionId) -> Result<Option<Waveform>> {
        self.json(
            Method::GET,
            &format!("versions/{version}/peaks"),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn open_version_audio(
        &self,
        caller: &Caller,
        version: VersionId,
        progress: Option<Progress>,
    ) -> Result<AudioStream> {
        let cache = self.cache.clone().ok_or_else(|| {
            Error::internal("open_version_audio on a client without a cache folder")
        })?;
        // The version first: it checks membership with a full error, and names the format.
        let meta = self.get_version(caller, version).await?;
        let path = format!("versions/{version}/stream");
        let head = self.call(Method::HEAD, &path, caller)?.send().await;
        let (sha256, band) = transport::stream_identity(head, &self.server)?;
        if let Some(stream) = cache.open(band, &sha256, &meta)? {
            if let Some(progress) = &progress {
                progress(1.0);
            }
            return Ok(stream);
        }
        let response = self.request(Method::GET, &path, caller)?.send().await;
        let response = transport::check(response, &self.server).await?;
        cache
            .download(band, &sha256, meta, response, progress, &self.server)
            .await
    }

    async fn delete_version(&self, caller: &Caller, version: VersionId) -> Result<()> {
        self.empty(
            Method::DELETE,
            &format!("versions/{version}"),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn delete_song(&self, caller: &Caller, song: SongId) -> Result<()> {
        self.empty(
            Method::DELETE,
            &format!("songs/{song}"),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn list_activity(&self, caller: &Caller, band: BandId) -> Result<Vec<ActivityEntry>> {
        self.json(
            Method::GET,
            &format!("bands/{band}/activity"),
            caller,
            None::<&()>,
        )
        .await
    }

    async fn list_comments(&self, caller: &Caller, version: VersionId) -> Result<CommentList> {
        let path = format!("versions/{version}/comments");
        self.json(Method::GET, &path, caller, None::<&()>).await
    }

    async fn add_comment(
        &self,
        caller: &Caller,
        version: VersionId,
        draft: CommentDraft,
    ) -> Result<Comment> {
        let body = CreateCommentRequest {
            at_ms: draft.at_ms,
            until_ms: draft.until_ms,
            body: draft.body.as_str().to_owned(),
            tag: Some(draft.tag.as_str().to_owned()),
        };
        let path = format!("versions/{version}/comments");
        self.json(Method::POST, &path, caller, Some(&body)).await
    }

    async fn reply_to_comment(
        &self,
        caller: &Caller,
        comment: CommentId,
        body: CommentBody,
    ) -> Result<Comment> {
        let body = ReplyRequest {
            body: body.as_str().to_owned(),
        };
        let path = format!("comments/{comment}/replies");
        self.json(Method::POST, &path, caller, Some(&body)).await
    }

    async fn update_comment(
        &self,
        caller: &Caller,
        comment: CommentId,
        patch: CommentPatch,
    ) -> Result<Comment> {
        let body = UpdateCommentRequest {
            body: patch.body.map(|b| b.as_str().to_owned()),
            tag: patch.tag.map(|t| t.as_str().to_owned()),
            resolved: patch.resolved,
        };
        let path = format!("comments/{comment}");
        self.json(Method::PATCH, &path, caller, Some(&body)).await
    }

    async fn delete_comment(&self, caller: &Caller, comment: CommentId) -> Result<()> {
        let path = format!("comments/{comment}");
        self.empty(Method::DELETE, &path, caller, None::<&()>).await
    }
}
