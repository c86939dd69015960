//! The Tauri commands: thin adapters over [`rehearsalhub_core::Hub`] with the same names.
//! Each parses its raw arguments into the core's types (errors name the field), calls the
//! one use case, and returns its result; no rule lives here.
//!
//! [`commands!`] declares each command once and also derives the list of names (for the
//! app manifest in `build.rs`, via `commands.txt`) and the TypeScript signatures.

use rehearsalhub_core::{
    ActivityEntry, Band, BandId, BandName, CreatedInvite, DisplayName, Error, ExpiresIn, InviteId,
    InviteList, InvitePage, InvitePreview, InviteToken, Member, MyInvite, NonMember, Password,
    Role, SearchQuery, Song, SongTitle, User, UserId, Username,
};
use serde::Serialize;

use crate::state::AppState;

/// What the UI needs at start-up.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppStatus {
    /// The signed-in user, if a saved session is still valid.
    pub user: Option<User>,
    /// Shown once when the keychain does not work.
    pub keychain_problem: Option<String>,
    /// Where this instance keeps its data.
    pub data_dir: String,
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

fn page(limit: Option<i64>, offset: Option<i64>) -> Result<InvitePage, Error> {
    match (limit, offset) {
        (None, None) => Ok(InvitePage::default()),
        (l, o) => InvitePage::new(l.unwrap_or(100), o.unwrap_or(0)),
    }
}

commands! {
    /// Start-up status: a restored session and the keychain's state.
    fn app_status(s) -> AppStatus {
        let user = match s.hub.me(&s.caller()).await {
            Ok(u) => Some(u),
            Err(Error::Unauthenticated(_)) => {
                s.clear_session();
                None
            }
            Err(e) => return Err(e),
        };
        Ok(AppStatus {
            user,
            keychain_problem: s.keychain.problem().map(str::to_owned),
            data_dir: s.data_dir.display().to_string(),
        })
    }

    /// A deep link the app was opened with, once.
    fn take_pending_link(s) -> Option<String> {
        Ok(s.pending_link.lock().map(|mut l| l.take()).unwrap_or(None))
    }

    /// Creates an account and signs in.
    fn register(s, username: String, password: String, display_name: Option<String>) -> User {
        let display = match display_name.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(DisplayName::parse(d)?),
        };
        let signed = s.hub.register(Username::parse(&username)?, Password::parse(&password)?, display).await?;
        s.set_session(signed.token);
        Ok(signed.user)
    }

    /// Signs in.
    fn sign_in(s, username: String, password: String) -> User {
        let signed = s.hub.sign_in(Username::parse(&username)?, Password::parse(&password)?).await?;
        s.set_session(signed.token);
        Ok(signed.user)
    }

    /// Signs out.
    fn sign_out(s) -> () {
        let r = s.hub.sign_out(&s.caller()).await;
        s.clear_session();
        r
    }

    /// The signed-in user.
    fn me(s) -> User {
        s.hub.me(&s.caller()).await
    }

    /// Creates a band.
    fn create_band(s, name: String) -> Band {
        s.hub.create_band(&s.caller(), BandName::parse(&name)?).await
    }

    /// My bands.
    fn list_my_bands(s) -> Vec<Band> {
        s.hub.list_my_bands(&s.caller()).await
    }

    /// One band.
    fn view_band(s, band_id: BandId) -> Band {
        s.hub.view_band(&s.caller(), band_id).await
    }

    /// A band's members.
    fn list_members(s, band_id: BandId) -> Vec<Member> {
        s.hub.list_members(&s.caller(), band_id).await
    }

    /// Changes a member's role.
    fn change_role(s, band_id: BandId, member_id: UserId, role: String) -> Member {
        s.hub.change_role(&s.caller(), band_id, member_id, Role::parse(&role)?).await
    }

    /// Removes a member.
    fn remove_member(s, band_id: BandId, member_id: UserId) -> () {
        s.hub.remove_member(&s.caller(), band_id, member_id).await
    }

    /// Leaves a band.
    fn leave_band(s, band_id: BandId) -> () {
        s.hub.leave_band(&s.caller(), band_id).await
    }

    /// Searches registered users who are not members.
    fn search_non_members(s, band_id: BandId, q: String) -> Vec<NonMember> {
        s.hub.search_non_members(&s.caller(), band_id, SearchQuery::parse(&q)?).await
    }

    /// Creates a token invite; the token is in the result only.
    fn create_token_invite(s, band_id: BandId, role: String, expires_in_hours: i64) -> CreatedInvite {
        s.hub
            .create_token_invite(&s.caller(), band_id, Role::parse(&role)?, ExpiresIn::hours(expires_in_hours)?)
            .await
    }

    /// Invites a registered user directly.
    fn create_direct_invite(s, band_id: BandId, invitee_id: UserId, role: String, expires_in_hours: i64) -> CreatedInvite {
        s.hub
            .create_direct_invite(&s.caller(), band_id, invitee_id, Role::parse(&role)?, ExpiresIn::hours(expires_in_hours)?)
            .await
    }

    /// A band's invites, newest first.
    fn list_invites(s, band_id: BandId, limit: Option<i64>, offset: Option<i64>) -> InviteList {
        s.hub.list_invites(&s.caller(), band_id, page(limit, offset)?).await
    }

    /// Revokes an invite.
    fn revoke_invite(s, invite_id: InviteId) -> () {
        s.hub.revoke_invite(&s.caller(), invite_id).await
    }

    /// What a pasted token or link invites to.
    fn preview_invite(s, token: String) -> InvitePreview {
        s.hub.preview_invite(&InviteToken::parse(&token)?).await
    }

    /// Joins a band with a pasted token or link.
    fn redeem_invite(s, token: String) -> Member {
        s.hub.redeem_invite(&s.caller(), &InviteToken::parse(&token)?).await
    }

    /// My pending direct invites.
    fn list_my_invites(s) -> Vec<MyInvite> {
        s.hub.list_my_invites(&s.caller()).await
    }

    /// Accepts a direct invite.
    fn accept_invite(s, invite_id: InviteId) -> Member {
        s.hub.accept_invite(&s.caller(), invite_id).await
    }

    /// Declines a direct invite.
    fn decline_invite(s, invite_id: InviteId) -> () {
        s.hub.decline_invite(&s.caller(), invite_id).await
    }

    /// Creates a song.
    fn create_song(s, band_id: BandId, title: String) -> Song {
        s.hub.create_song(&s.caller(), band_id, SongTitle::parse(&title)?).await
    }

    /// A band's songs with their versions.
    fn list_songs(s, band_id: BandId) -> Vec<Song> {
        s.hub.list_songs(&s.caller(), band_id).await
    }

    /// A band's activity log.
    fn list_activity(s, band_id: BandId) -> Vec<ActivityEntry> {
        s.hub.list_activity(&s.caller(), band_id).await
    }
}
