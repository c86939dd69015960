//! People, bands and recordings the tests build on.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    Api, BandId, BandName, Caller, CommentBody, CommentId, CommentTag, ExpiresIn, InviteId,
    InviteToken, Password, Role, SessionDate, SongId, SongTitle, Upload, User, Username, VersionId,
    probe::wav_bytes,
};

/// The password every test account uses.
pub const PASSWORD: &str = "correct horse battery staple";

/// A registered, signed-in account.
#[derive(Debug, Clone)]
pub struct Person {
    /// The account.
    pub user: User,
    /// Its signed-in caller.
    pub caller: Caller,
}

/// Registers `name` (which must be a valid username).
pub async fn person(hub: &dyn Api, name: &str) -> Person {
    let signed = hub
        .run(
            &Caller::Anonymous,
            Register {
                username: Username::parse(name).expect("username"),
                password: Password::parse(PASSWORD).expect("password"),
                display_name: None,
            },
        )
        .await
        .expect("register");
    Person {
        caller: Caller::from_token(Some(&signed.token)),
        user: signed.user,
    }
}

/// A short WAV of `ms` milliseconds; `seed` changes its content.
pub fn wav(ms: u32, seed: i16) -> Vec<u8> {
    let n = (8000 * ms / 1000) as usize;
    let samples: Vec<i16> = (0..n)
        .map(|i| ((i as i16).wrapping_mul(37)).wrapping_add(seed))
        .collect();
    wav_bytes(8000, 1, &samples)
}

/// [`wav`] as a field recorder writes it: a Broadcast WAV `bext` chunk after `fmt `, with
/// this origination date (`YYYY-MM-DD`) and time (`HH:MM:SS`).
pub fn bwf(ms: u32, seed: i16, date: &str, time: &str) -> Vec<u8> {
    let plain = wav(ms, seed);
    let mut bext = vec![b' '; 320];
    bext.extend_from_slice(date.as_bytes());
    bext.extend_from_slice(time.as_bytes());
    bext.resize(602, 0);
    let mut out = plain[..36].to_vec();
    out.extend_from_slice(b"bext");
    out.extend_from_slice(&(bext.len() as u32).to_le_bytes());
    out.extend_from_slice(&bext);
    out.extend_from_slice(&plain[36..]);
    let riff = (out.len() - 8) as u32;
    out[4..8].copy_from_slice(&riff.to_le_bytes());
    out
}

/// Creates a band and has each of `joiners` join it with a role through a token invite.
pub async fn band_with(
    hub: &dyn Api,
    admin: &Person,
    name: &str,
    joiners: &[(&Person, Role)],
) -> BandId {
    let band = hub
        .run(
            &admin.caller,
            CreateBand {
                name: BandName::parse(name).expect("band name"),
            },
        )
        .await
        .expect("create band")
        .id;
    for (p, role) in joiners {
        let token = token_invite(hub, admin, band, *role).await;
        hub.run(
            &p.caller,
            RedeemInvite {
                token: token.clone(),
            },
        )
        .await
        .expect("redeem");
    }
    band
}

/// Creates a token invite and returns its parsed token.
pub async fn token_invite(hub: &dyn Api, admin: &Person, band: BandId, role: Role) -> InviteToken {
    let created = hub
        .run(
            &admin.caller,
            CreateInvite {
                band_id: band,
                role: Some(role),
                expires_in_hours: Some(ExpiresIn::default()),
                invitee_id: None,
            },
        )
        .await
        .expect("create invite");
    InviteToken::parse(created.token.as_deref().expect("token shown once")).expect("token parses")
}

/// The people of the permission matrix, registered once per database.
#[derive(Debug, Clone)]
pub struct Cast {
    /// Creates every band.
    pub admin: Person,
    /// A second admin, so admins may leave.
    pub admin2: Person,
    /// A plain member.
    pub member: Person,
    /// Another member, whom admins remove or promote.
    pub target: Person,
    /// Registered, in no band.
    pub outsider: Person,
}

impl Cast {
    /// Registers the cast.
    pub async fn new(hub: &dyn Api) -> Cast {
        Cast {
            admin: person(hub, "ada_admin").await,
            admin2: person(hub, "bo_admin").await,
            member: person(hub, "mo_member").await,
            target: person(hub, "tia_target").await,
            outsider: person(hub, "oz_outsider").await,
        }
    }
}

/// A band with the cast in it, a song with two versions, a pending token invite and a
/// pending direct invite to the outsider.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The band.
    pub band: BandId,
    /// Its song.
    pub song: SongId,
    /// A version the member uploaded.
    pub member_version: VersionId,
    /// A version the second admin uploaded.
    pub other_version: VersionId,
    /// A pending token invite's token.
    pub token: InviteToken,
    /// That invite's id.
    pub token_invite: InviteId,
    /// A pending direct invite to the outsider.
    pub direct_invite: InviteId,
    /// A note the member wrote on their version.
    pub member_comment: CommentId,
    /// An open issue the second admin wrote on the member's version.
    pub other_comment: CommentId,
    /// A rehearsal session the second admin created (holding no take).
    pub session: SessionId,
}

impl Stage {
    /// Builds the stage on a new band named `name`.
    pub async fn new(hub: &dyn Api, cast: &Cast, name: &str) -> Stage {
        let band = band_with(
            hub,
            &cast.admin,
            name,
            &[
                (&cast.admin2, Role::Admin),
                (&cast.member, Role::Member),
                (&cast.target, Role::Member),
            ],
        )
        .await;
        let song = hub
            .run(
                &cast.admin.caller,
                CreateSong {
                    band_id: band,
                    title: SongTitle::parse("Opening number").expect("title"),
                },
            )
            .await
            .expect("song")
            .id;
        let member_version = hub
            .add_version(
                &cast.member.caller,
                song,
                Upload::Bytes(wav(100, 1)),
                None,
                Some("take1.wav"),
                None,
            )
            .await
            .expect("member version")
            .id;
        let other_version = hub
            .add_version(
                &cast.admin2.caller,
                song,
                Upload::Bytes(wav(100, 2)),
                None,
                Some("take2.wav"),
                None,
            )
            .await
            .expect("admin2 version")
            .id;
        let created = hub
            .run(
                &cast.admin.caller,
                CreateInvite {
                    band_id: band,
                    role: Some(Role::Member),
                    expires_in_hours: Some(ExpiresIn::default()),
                    invitee_id: None,
                },
            )
            .await
            .expect("token invite");
        let token = InviteToken::parse(created.token.as_deref().expect("token")).expect("token");
        let direct_invite = hub
            .run(
                &cast.admin.caller,
                CreateInvite {
                    band_id: band,
                    invitee_id: Some(cast.outsider.user.id),
                    role: Some(Role::Member),
                    expires_in_hours: Some(ExpiresIn::default()),
                },
            )
            .await
            .expect("direct invite")
            .invite
            .id;
        let member_comment = comment(
            hub,
            &cast.member,
            member_version,
            CommentTag::Note,
            "Nice groove",
        )
        .await;
        let other_comment = comment(
            hub,
            &cast.admin2,
            member_version,
            CommentTag::Issue,
            "Bass is late",
        )
        .await;
        let session = hub
            .run(
                &cast.admin2.caller,
                CreateRehearsal {
                    band_id: band,
                    date: SessionDate::parse("2026-03-14").expect("date"),
                    place: None,
                    notes: None,
                },
            )
            .await
            .expect("session")
            .id;
        Stage {
            session,
            band,
            member_comment,
            other_comment,
            song,
            member_version,
            other_version,
            token,
            token_invite: created.invite.id,
            direct_invite,
        }
    }
}

/// `who` pins a comment with `tag` and `text` 10 ms into `version`.
pub async fn comment(
    hub: &dyn Api,
    who: &Person,
    version: VersionId,
    tag: CommentTag,
    text: &str,
) -> CommentId {
    hub.run(
        &who.caller,
        AddComment {
            version_id: version,
            ..AddComment {
                version_id: VersionId(0),
                at_ms: 10,
                until_ms: None,
                body: CommentBody::parse(text).expect("body"),
                tag: Some(tag),
            }
        },
    )
    .await
    .expect("comment")
    .id
}
