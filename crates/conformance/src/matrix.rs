//! The permission matrix of SPEC §2 as data: every use case × {anonymous, non-member,
//! member, admin}, with the outcome the spec requires.

use rehearsalhub_core::{
    Api, BandName, Caller, CommentBody, CommentDraft, CommentPatch, CommentTag, ErrorCode,
    ExpiresIn, InvitePage, Password, Role, SearchQuery, SongTitle, Upload, Username,
};

use crate::fixture::{Cast, PASSWORD, Stage, wav};

/// What a cell of the matrix expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Allowed.
    Ok,
    /// Refused with this code.
    Err(ErrorCode),
    /// Not applicable ("—" in the spec).
    Na,
}

use Expect::{Na, Ok as Y};
const UNAUTH: Expect = Expect::Err(ErrorCode::Unauthenticated);
const FORBID: Expect = Expect::Err(ErrorCode::Forbidden);
const CONFLICT: Expect = Expect::Err(ErrorCode::Conflict);

/// Every use case of the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UseCase {
    /// register
    Register,
    /// sign in
    SignIn,
    /// sign out
    SignOut,
    /// who am I
    Me,
    /// create a band
    CreateBand,
    /// list my bands
    ListMyBands,
    /// view band
    ViewBand,
    /// list members
    ListMembers,
    /// list songs with versions
    ListSongs,
    /// get a version
    GetVersion,
    /// a version's peaks
    VersionPeaks,
    /// open a version's audio
    OpenAudio,
    /// list the band's invites
    ListInvites,
    /// create a token invite
    CreateTokenInvite,
    /// create a direct invite
    CreateDirectInvite,
    /// revoke an invite
    RevokeInvite,
    /// search non-members
    SearchNonMembers,
    /// change a member's role
    ChangeRole,
    /// remove another member
    RemoveMember,
    /// leave the band
    Leave,
    /// create a song
    CreateSong,
    /// add a version
    AddVersion,
    /// delete a version the member uploaded
    DeleteOwnVersion,
    /// delete a version someone else uploaded
    DeleteOthersVersion,
    /// delete a song
    DeleteSong,
    /// read the activity log
    ListActivity,
    /// preview an invite by token
    PreviewInvite,
    /// redeem an invite token
    RedeemInvite,
    /// list my direct invites
    ListMyInvites,
    /// accept my direct invite
    AcceptInvite,
    /// decline my direct invite
    DeclineInvite,
    /// list a version's comments
    ListComments,
    /// comment on a version
    AddComment,
    /// reply to a comment
    ReplyToComment,
    /// resolve someone else's issue
    ResolveIssue,
    /// edit the member's own comment
    EditMembersComment,
    /// edit the second admin's comment
    EditOthersComment,
    /// delete the member's own comment
    DeleteMembersComment,
    /// delete the second admin's comment
    DeleteOthersComment,
}

/// The matrix: use case, then anonymous, non-member, member, admin.
pub const MATRIX: &[(UseCase, [Expect; 4])] = &[
    (UseCase::Register, [Y, Y, Y, Y]),
    (UseCase::SignIn, [Y, Y, Y, Y]),
    (UseCase::SignOut, [UNAUTH, Y, Y, Y]),
    (UseCase::Me, [UNAUTH, Y, Y, Y]),
    (UseCase::CreateBand, [UNAUTH, Y, Y, Y]),
    (UseCase::ListMyBands, [UNAUTH, Y, Y, Y]),
    (UseCase::ViewBand, [UNAUTH, FORBID, Y, Y]),
    (UseCase::ListMembers, [UNAUTH, FORBID, Y, Y]),
    (UseCase::ListSongs, [UNAUTH, FORBID, Y, Y]),
    (UseCase::GetVersion, [UNAUTH, FORBID, Y, Y]),
    (UseCase::VersionPeaks, [UNAUTH, FORBID, Y, Y]),
    (UseCase::OpenAudio, [UNAUTH, FORBID, Y, Y]),
    (UseCase::ListInvites, [UNAUTH, FORBID, Y, Y]),
    (UseCase::CreateTokenInvite, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::CreateDirectInvite, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::RevokeInvite, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::SearchNonMembers, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::ChangeRole, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::RemoveMember, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::Leave, [UNAUTH, FORBID, Y, Y]),
    (UseCase::CreateSong, [UNAUTH, FORBID, Y, Y]),
    (UseCase::AddVersion, [UNAUTH, FORBID, Y, Y]),
    (UseCase::DeleteOwnVersion, [UNAUTH, FORBID, Y, Y]),
    (UseCase::DeleteOthersVersion, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::DeleteSong, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::ListActivity, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::PreviewInvite, [Y, Y, Y, Y]),
    (UseCase::RedeemInvite, [UNAUTH, Y, CONFLICT, CONFLICT]),
    (UseCase::ListMyInvites, [UNAUTH, Y, Na, Na]),
    (UseCase::AcceptInvite, [UNAUTH, Y, Na, Na]),
    (UseCase::DeclineInvite, [UNAUTH, Y, Na, Na]),
    (UseCase::ListComments, [UNAUTH, FORBID, Y, Y]),
    (UseCase::AddComment, [UNAUTH, FORBID, Y, Y]),
    (UseCase::ReplyToComment, [UNAUTH, FORBID, Y, Y]),
    (UseCase::ResolveIssue, [UNAUTH, FORBID, Y, Y]),
    // Only its author edits a comment: not even an admin edits the member's.
    (UseCase::EditMembersComment, [UNAUTH, FORBID, Y, FORBID]),
    (UseCase::EditOthersComment, [UNAUTH, FORBID, FORBID, FORBID]),
    // Its author or an admin deletes one.
    (UseCase::DeleteMembersComment, [UNAUTH, FORBID, Y, Y]),
    (UseCase::DeleteOthersComment, [UNAUTH, FORBID, FORBID, Y]),
];

fn resolve() -> CommentPatch {
    CommentPatch {
        resolved: Some(true),
        ..CommentPatch::default()
    }
}

fn edit() -> CommentPatch {
    CommentPatch {
        body: Some(CommentBody::parse("Edited").expect("body")),
        ..CommentPatch::default()
    }
}

/// Runs one use case as `caller` against `stage`; `Ok` or the error's code.
pub async fn run(
    hub: &dyn Api,
    cast: &Cast,
    stage: &Stage,
    case: UseCase,
    caller: &Caller,
    n: usize,
) -> Result<(), ErrorCode> {
    let s = stage;
    let r: rehearsalhub_core::Result<()> = match case {
        UseCase::Register => hub
            .register(
                Username::parse(&format!("new_user_{n}")).expect("username"),
                Password::parse(PASSWORD).expect("password"),
                None,
            )
            .await
            .map(drop),
        UseCase::SignIn => hub
            .sign_in(
                Username::parse("ada_admin").expect("username"),
                Password::parse(PASSWORD).expect("pw"),
            )
            .await
            .map(drop),
        UseCase::SignOut => hub.sign_out(caller).await,
        UseCase::Me => hub.me(caller).await.map(drop),
        UseCase::CreateBand => hub
            .create_band(caller, BandName::parse("Another band").expect("name"))
            .await
            .map(drop),
        UseCase::ListMyBands => hub.list_my_bands(caller).await.map(drop),
        UseCase::ViewBand => hub.view_band(caller, s.band).await.map(drop),
        UseCase::ListMembers => hub.list_members(caller, s.band).await.map(drop),
        UseCase::ListSongs => hub.list_songs(caller, s.band).await.map(drop),
        UseCase::GetVersion => hub.get_version(caller, s.member_version).await.map(drop),
        UseCase::VersionPeaks => hub.version_peaks(caller, s.member_version).await.map(drop),
        UseCase::OpenAudio => hub
            .open_version_audio(caller, s.member_version, None)
            .await
            .map(drop),
        UseCase::ListInvites => hub
            .list_invites(caller, s.band, InvitePage::default())
            .await
            .map(drop),
        UseCase::CreateTokenInvite => hub
            .create_token_invite(caller, s.band, Role::Member, ExpiresIn::default())
            .await
            .map(drop),
        UseCase::CreateDirectInvite => {
            let newcomer = crate::fixture::person(hub, &format!("newcomer_{n}")).await;
            hub.create_direct_invite(
                caller,
                s.band,
                newcomer.user.id,
                Role::Member,
                ExpiresIn::default(),
            )
            .await
            .map(drop)
        }
        UseCase::RevokeInvite => hub.revoke_invite(caller, s.token_invite).await,
        UseCase::SearchNonMembers => hub
            .search_non_members(caller, s.band, SearchQuery::parse("oz").expect("q"))
            .await
            .map(drop),
        UseCase::ChangeRole => hub
            .change_role(caller, s.band, cast.target.user.id, Role::Admin)
            .await
            .map(drop),
        UseCase::RemoveMember => hub.remove_member(caller, s.band, cast.target.user.id).await,
        UseCase::Leave => hub.leave_band(caller, s.band).await,
        UseCase::CreateSong => hub
            .create_song(caller, s.band, SongTitle::parse("New song").expect("title"))
            .await
            .map(drop),
        UseCase::AddVersion => hub
            .add_version(
                caller,
                s.song,
                Upload::Bytes(wav(50, 9)),
                None,
                Some("new.wav"),
                None,
            )
            .await
            .map(drop),
        UseCase::DeleteOwnVersion => {
            // The member deletes what they uploaded; others try the same version.
            hub.delete_version(caller, s.member_version).await
        }
        UseCase::DeleteOthersVersion => hub.delete_version(caller, s.other_version).await,
        UseCase::DeleteSong => hub.delete_song(caller, s.song).await,
        UseCase::ListActivity => hub.list_activity(caller, s.band).await.map(drop),
        UseCase::PreviewInvite => hub.preview_invite(&s.token).await.map(drop),
        UseCase::RedeemInvite => hub.redeem_invite(caller, &s.token).await.map(drop),
        UseCase::ListMyInvites => hub.list_my_invites(caller).await.map(|list| {
            // The outsider's inbox holds the stage's direct invite.
            assert!(
                list.iter().any(|i| i.id == s.direct_invite),
                "inbox misses the direct invite"
            );
        }),
        UseCase::AcceptInvite => hub.accept_invite(caller, s.direct_invite).await.map(drop),
        UseCase::DeclineInvite => hub.decline_invite(caller, s.direct_invite).await,
        UseCase::ListComments => hub.list_comments(caller, s.member_version).await.map(drop),
        UseCase::AddComment => hub
            .add_comment(
                caller,
                s.member_version,
                CommentDraft {
                    at_ms: 20,
                    until_ms: Some(40),
                    body: CommentBody::parse("Keep this part").expect("body"),
                    tag: CommentTag::Keeper,
                },
            )
            .await
            .map(drop),
        UseCase::ReplyToComment => hub
            .reply_to_comment(
                caller,
                s.other_comment,
                CommentBody::parse("Agreed").expect("body"),
            )
            .await
            .map(drop),
        UseCase::ResolveIssue => hub
            .update_comment(caller, s.other_comment, resolve())
            .await
            .map(drop),
        UseCase::EditMembersComment => hub
            .update_comment(caller, s.member_comment, edit())
            .await
            .map(drop),
        UseCase::EditOthersComment => hub
            .update_comment(caller, s.other_comment, edit())
            .await
            .map(drop),
        UseCase::DeleteMembersComment => hub.delete_comment(caller, s.member_comment).await,
        UseCase::DeleteOthersComment => hub.delete_comment(caller, s.other_comment).await,
    };
    r.map_err(|e| e.code())
}
