//! Runs one row of the permission matrix ([`crate::matrix`]) as one caller.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    BandName, CommentBody, CommentTag, ErrorCode, ExpiresIn, Password, PlaceName, Role,
    SearchQuery, SessionDate, SongTitle, Upload, Username, VersionLabel,
};

use crate::fixture::{Cast, PASSWORD, Stage, wav};
use crate::matrix::UseCase;

fn resolve() -> UpdateComment {
    UpdateComment {
        resolved: Some(true),
        ..UpdateComment::of(CommentId(0))
    }
}

fn edit() -> UpdateComment {
    UpdateComment {
        body: Some(CommentBody::parse("Edited").expect("body")),
        ..UpdateComment::of(CommentId(0))
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
            .run(
                &Caller::Anonymous,
                Register {
                    username: Username::parse(&format!("new_user_{n}")).expect("username"),
                    password: Password::parse(PASSWORD).expect("password"),
                    display_name: None,
                },
            )
            .await
            .map(drop),
        UseCase::SignIn => hub
            .run(
                &Caller::Anonymous,
                SignIn {
                    username: Username::parse("ada_admin").expect("username"),
                    password: Password::parse(PASSWORD).expect("pw"),
                },
            )
            .await
            .map(drop),
        UseCase::SignOut => hub.run(caller, SignOut {}).await,
        UseCase::Me => hub.run(caller, Me {}).await.map(drop),
        UseCase::CreateBand => hub
            .run(
                caller,
                CreateBand {
                    name: BandName::parse("Another band").expect("name"),
                },
            )
            .await
            .map(drop),
        UseCase::ListMyBands => hub.run(caller, ListMyBands {}).await.map(drop),
        UseCase::ViewBand => hub
            .run(caller, ViewBand { band_id: s.band })
            .await
            .map(drop),
        UseCase::ListMembers => hub
            .run(caller, ListMembers { band_id: s.band })
            .await
            .map(drop),
        UseCase::ListSongs => hub.run(caller, ListSongs::all(s.band)).await.map(drop),
        UseCase::GetVersion => hub
            .run(
                caller,
                GetVersion {
                    version_id: s.member_version,
                },
            )
            .await
            .map(drop),
        UseCase::VersionPeaks => hub
            .run(
                caller,
                VersionPeaks {
                    version_id: s.member_version,
                },
            )
            .await
            .map(drop),
        UseCase::OpenAudio => hub
            .open_version_audio(caller, s.member_version, None)
            .await
            .map(drop),
        UseCase::ListInvites => hub
            .run(caller, ListInvites::first_page(s.band))
            .await
            .map(drop),
        UseCase::CreateTokenInvite => hub
            .run(
                caller,
                CreateInvite {
                    band_id: s.band,
                    role: Some(Role::Member),
                    expires_in_hours: Some(ExpiresIn::default()),
                    invitee_id: None,
                },
            )
            .await
            .map(drop),
        UseCase::CreateDirectInvite => {
            let newcomer = crate::fixture::person(hub, &format!("newcomer_{n}")).await;
            hub.run(
                caller,
                CreateInvite {
                    band_id: s.band,
                    invitee_id: Some(newcomer.user.id),
                    role: Some(Role::Member),
                    expires_in_hours: Some(ExpiresIn::default()),
                },
            )
            .await
            .map(drop)
        }
        UseCase::RevokeInvite => {
            hub.run(
                caller,
                RevokeInvite {
                    invite_id: s.token_invite,
                },
            )
            .await
        }
        UseCase::SearchNonMembers => hub
            .run(
                caller,
                SearchNonMembers {
                    band_id: s.band,
                    q: SearchQuery::parse("oz").expect("q"),
                },
            )
            .await
            .map(drop),
        UseCase::ChangeRole => hub
            .run(
                caller,
                ChangeRole {
                    band_id: s.band,
                    member_id: cast.target.user.id,
                    role: Role::Admin,
                },
            )
            .await
            .map(drop),
        UseCase::RemoveMember => {
            hub.run(
                caller,
                RemoveMember {
                    band_id: s.band,
                    member_id: cast.target.user.id,
                },
            )
            .await
        }
        UseCase::Leave => match hub.run(caller, Me {}).await {
            Ok(me) => {
                hub.run(
                    caller,
                    RemoveMember {
                        band_id: s.band,
                        member_id: me.id,
                    },
                )
                .await
            }
            Err(e) => Err(e),
        },
        UseCase::CreateSong => hub
            .run(
                caller,
                CreateSong {
                    band_id: s.band,
                    title: SongTitle::parse("New song").expect("title"),
                },
            )
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
            hub.run(
                caller,
                DeleteVersion {
                    version_id: s.member_version,
                },
            )
            .await
        }
        UseCase::DeleteOthersVersion => {
            hub.run(
                caller,
                DeleteVersion {
                    version_id: s.other_version,
                },
            )
            .await
        }
        UseCase::DeleteSong => hub.run(caller, DeleteSong { song_id: s.song }).await,
        UseCase::ListActivity => hub
            .run(caller, ListActivity { band_id: s.band })
            .await
            .map(drop),
        UseCase::PreviewInvite => hub
            .run(
                &Caller::Anonymous,
                PreviewInvite {
                    token: s.token.clone(),
                },
            )
            .await
            .map(drop),
        UseCase::RedeemInvite => hub
            .run(
                caller,
                RedeemInvite {
                    token: s.token.clone(),
                },
            )
            .await
            .map(drop),
        UseCase::ListMyInvites => hub.run(caller, ListMyInvites {}).await.map(|list| {
            // The outsider's inbox holds the stage's direct invite.
            assert!(
                list.iter().any(|i| i.id == s.direct_invite),
                "inbox misses the direct invite"
            );
        }),
        UseCase::AcceptInvite => hub
            .run(
                caller,
                AcceptInvite {
                    invite_id: s.direct_invite,
                },
            )
            .await
            .map(drop),
        UseCase::DeclineInvite => {
            hub.run(
                caller,
                DeclineInvite {
                    invite_id: s.direct_invite,
                },
            )
            .await
        }
        UseCase::ListComments => hub
            .run(
                caller,
                ListComments {
                    version_id: s.member_version,
                },
            )
            .await
            .map(drop),
        UseCase::AddComment => hub
            .run(
                caller,
                AddComment {
                    version_id: s.member_version,
                    ..AddComment {
                        version_id: VersionId(0),
                        at_ms: 20,
                        until_ms: Some(40),
                        body: CommentBody::parse("Keep this part").expect("body"),
                        tag: Some(CommentTag::Keeper),
                    }
                },
            )
            .await
            .map(drop),
        UseCase::ReplyToComment => hub
            .run(
                caller,
                ReplyToComment {
                    comment_id: s.other_comment,
                    body: CommentBody::parse("Agreed").expect("body"),
                },
            )
            .await
            .map(drop),
        UseCase::ResolveIssue => hub
            .run(
                caller,
                UpdateComment {
                    comment_id: s.other_comment,
                    ..resolve()
                },
            )
            .await
            .map(drop),
        UseCase::EditMembersComment => hub
            .run(
                caller,
                UpdateComment {
                    comment_id: s.member_comment,
                    ..edit()
                },
            )
            .await
            .map(drop),
        UseCase::EditOthersComment => hub
            .run(
                caller,
                UpdateComment {
                    comment_id: s.other_comment,
                    ..edit()
                },
            )
            .await
            .map(drop),
        UseCase::DeleteMembersComment => {
            hub.run(
                caller,
                DeleteComment {
                    comment_id: s.member_comment,
                },
            )
            .await
        }
        UseCase::DeleteOthersComment => {
            hub.run(
                caller,
                DeleteComment {
                    comment_id: s.other_comment,
                },
            )
            .await
        }
        UseCase::RenameBand => hub
            .run(
                caller,
                RenameBand {
                    band_id: s.band,
                    name: BandName::parse(&format!("Renamed {n}")).expect("name"),
                },
            )
            .await
            .map(drop),
        UseCase::UpdateSong => hub
            .run(
                caller,
                UpdateSong {
                    title: Some(SongTitle::parse(&format!("Renamed {n}")).expect("title")),
                    ..UpdateSong::of(s.song)
                },
            )
            .await
            .map(drop),
        UseCase::RelabelOwnVersion | UseCase::RelabelOthersVersion => {
            let version_id = if case == UseCase::RelabelOwnVersion {
                s.member_version
            } else {
                s.other_version
            };
            let label = VersionLabel::parse(&format!("Take {n}")).expect("label");
            hub.run(
                caller,
                UpdateVersion {
                    label: Some(label),
                    session_id: Some(Some(s.session)),
                    ..UpdateVersion::of(version_id)
                },
            )
            .await
            .map(drop)
        }
        UseCase::CreateSession => {
            // A different day per caller: the band has one session per day.
            let day = format!("2025-01-{:02}", n % 28 + 1);
            hub.run(
                caller,
                CreateRehearsal {
                    band_id: s.band,
                    date: SessionDate::parse(&day).expect("date"),
                    place: Some(PlaceName::parse("The garage").expect("place")),
                    notes: None,
                },
            )
            .await
            .map(drop)
        }
        UseCase::ListSessions => hub
            .run(caller, ListRehearsals { band_id: s.band })
            .await
            .map(drop),
        UseCase::GetSession => hub
            .run(
                caller,
                GetRehearsal {
                    session_id: s.session,
                },
            )
            .await
            .map(drop),
        UseCase::UpdateSession => hub
            .run(
                caller,
                UpdateRehearsal {
                    session_id: s.session,
                    date: None,
                    place: Some(Some(PlaceName::parse(&format!("Room {n}")).expect("place"))),
                    notes: None,
                },
            )
            .await
            .map(drop),
        UseCase::DeleteSession => {
            hub.run(
                caller,
                DeleteRehearsal {
                    session_id: s.session,
                },
            )
            .await
        }
    };
    r.map_err(|e| e.code())
}
