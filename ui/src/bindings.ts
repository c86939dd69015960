// Generated from the Rust declarations by `UPDATE_BINDINGS=1 cargo test -p rehearsalhub bindings`.
// Do not edit by hand.

export type AcceptInvite = { 
/**
 * The invite.
 */
invite_id: InviteId, };

export type ActivityEntry = { 
/**
 * Its id (increasing).
 */
id: number, 
/**
 * The band.
 */
band_id: BandId, 
/**
 * Who did it.
 */
actor: User, 
/**
 * What happened.
 */
kind: ActivityKind, 
/**
 * The user it happened to, if any (the member removed, the new member, the invitee).
 */
subject_user: User | null, 
/**
 * The id of the invite, song or version it concerns, if any.
 */
subject_id: number | null, 
/**
 * A short human detail: a role, a song title, a version label. Never a token.
 */
detail: string, 
/**
 * When.
 */
at: Timestamp, };

export type ActivityKind = "invite_created" | "invite_revoked" | "invite_redeemed" | "invite_declined" | "member_joined" | "member_left" | "member_removed" | "role_changed" | "song_added" | "song_deleted" | "version_added" | "version_deleted" | "creator_invites_revoked" | "comment_added" | "comment_deleted" | "band_renamed" | "version_relabeled" | "song_renamed" | "song_details_changed" | "session_created" | "session_edited" | "session_deleted" | "version_moved";

export type AddComment = { 
/**
 * The version.
 */
version_id: VersionId, 
/**
 * The moment, or the start of the range, in ms from the start (within the recording).
 */
at_ms: number, 
/**
 * The end of the range, in ms (after `at_ms`, within the recording).
 */
until_ms?: number | null, 
/**
 * The text.
 */
body: CommentBody, 
/**
 * `note` when not given.
 */
tag?: CommentTag | null, };

export type AddVersionArgs = { 
/**
 * The song.
 */
song_id: SongId, 
/**
 * The file's path on this computer.
 */
path: string, 
/**
 * A label; the file name when empty.
 */
label?: string | null, 
/**
 * The rehearsal session of the song's band it was played in.
 */
session_id?: SessionId | null, 
/**
 * When it was recorded (`YYYY-MM-DDTHH:MM[:SS]`), if the file does not say; empty
 * for not known.
 */
recorded_at?: string | null, 
/**
 * Names the progress events of this upload.
 */
upload_id?: string | null, };

export type AddVersionProgress = { 
/**
 * The `upload_id` the UI gave `add_version`.
 */
upload_id: string, 
/**
 * Done so far, `0.0..=1.0`.
 */
fraction: number, };

export type AppError = { code: ErrorCode, message: string, field?: string, retry_after_secs?: number, };

export type AppStatus = { 
/**
 * The signed-in user, if a saved session is still valid.
 */
user: User | null, 
/**
 * Shown once when the keychain does not work.
 */
keychain_problem: string | null, 
/**
 * Where this instance keeps its data.
 */
data_dir: string, 
/**
 * Where the bands live: this computer or a server.
 */
place: Place, 
/**
 * Why the signed-in user could not be read there (a server that does not answer).
 */
place_problem: string | null, 
/**
 * Set when the session travels unencrypted over the internet (see [`Connected`]):
 * the header keeps saying so.
 */
unencrypted: string | null, 
/**
 * The app's version (the About view and the sign-in screen show it).
 */
version: string, };

export type AppStatusArgs = Record<symbol, never>;

export type AudioFormat = "wav" | "mp3" | "flac" | "ogg";

export type Band = { 
/**
 * Its id.
 */
id: BandId, 
/**
 * Its name.
 */
name: string, 
/**
 * A URL-friendly, unique form of the name.
 */
slug: string, 
/**
 * When it was created.
 */
created_at: Timestamp, 
/**
 * The caller's role in it.
 */
my_role: Role, };

export type BandId = number;

export type BandName = string;

export type Bpm = number;

export type Change = { "kind": "band", 
/**
 * Which band.
 */
band_id: BandId, } | { "kind": "members", 
/**
 * Which band.
 */
band_id: BandId, } | { "kind": "invites", 
/**
 * Which band.
 */
band_id: BandId, } | { "kind": "songs", 
/**
 * Which band.
 */
band_id: BandId, } | { "kind": "sessions", 
/**
 * Which band.
 */
band_id: BandId, } | { "kind": "comments", 
/**
 * Which band.
 */
band_id: BandId, 
/**
 * Which version.
 */
version_id: VersionId, } | { "kind": "activity", 
/**
 * Which band.
 */
band_id: BandId, } | { "kind": "inbox", 
/**
 * Whose.
 */
user_id: UserId, } | { "kind": "my_bands", 
/**
 * Whose.
 */
user_id: UserId, };

export type ChangeRole = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * The member's user id.
 */
member_id: UserId, 
/**
 * Their new role.
 */
role: Role, };

export type Comment = { 
/**
 * Its id.
 */
id: CommentId, 
/**
 * The version it is on.
 */
version_id: VersionId, 
/**
 * The comment this replies to; `null` for a comment.
 */
parent_id: CommentId | null, 
/**
 * Where in the recording (ms); `null` for a reply, which has no time of its own.
 */
at_ms: number | null, 
/**
 * The end of the range it covers (ms), when it covers one.
 */
until_ms: number | null, 
/**
 * The text; empty once deleted.
 */
body: string, 
/**
 * Its tag (`note` for replies).
 */
tag: CommentTag, 
/**
 * Whether this `issue` was marked resolved.
 */
resolved: boolean, 
/**
 * Who resolved it.
 */
resolved_by: User | null, 
/**
 * Who wrote it.
 */
author: User, 
/**
 * When it was written.
 */
created_at: Timestamp, 
/**
 * When its author last changed its text or tag.
 */
edited_at: Timestamp | null, 
/**
 * Deleted while it had replies: shown as deleted, its replies kept.
 */
deleted: boolean, 
/**
 * Its replies, oldest first (always empty for a reply).
 */
replies: Array<Comment>, };

export type CommentBody = string;

export type CommentId = number;

export type CommentTag = "note" | "suggestion" | "issue" | "keeper";

export type ConnectArgs = { 
/**
 * The server's address; this computer when empty or absent.
 */
server?: string | null, };

export type Connected = { 
/**
 * The place that answered.
 */
place: Place, 
/**
 * Set when a password would travel there unencrypted over the internet: the sign-in
 * screen shows it and asks before sending.
 */
unencrypted: string | null, };

export type CreateBand = { 
/**
 * The band's name.
 */
name: BandName, };

export type CreateInvite = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * The role it grants: `member` when not given.
 */
role?: Role | null, 
/**
 * How long it stays valid, in hours: 72 when not given.
 */
expires_in_hours?: ExpiresIn | null, 
/**
 * The registered user to invite directly; none for a token invite.
 */
invitee_id?: UserId | null, };

export type CreateRehearsal = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * The day.
 */
date: SessionDate, 
/**
 * Where.
 */
place?: PlaceName | null, 
/**
 * Notes.
 */
notes?: Notes | null, };

export type CreateSong = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * Its title.
 */
title: SongTitle, };

export type CreatedInvite = { 
/**
 * The invite as the list shows it.
 */
invite: Invite, 
/**
 * The token, shown once.
 */
token: string | null, 
/**
 * `rehearsalhub://invite/<token>`, shown once.
 */
link: string | null, };

export type DeclineInvite = { 
/**
 * The invite.
 */
invite_id: InviteId, };

export type DeleteComment = { 
/**
 * The comment or reply.
 */
comment_id: CommentId, };

export type DeleteRehearsal = { 
/**
 * The session.
 */
session_id: SessionId, };

export type DeleteSong = { 
/**
 * The song.
 */
song_id: SongId, };

export type DeleteVersion = { 
/**
 * The version.
 */
version_id: VersionId, };

export type DownloadProgress = { 
/**
 * The version being downloaded.
 */
version_id: VersionId, 
/**
 * Done so far, `0.0..=1.0`.
 */
fraction: number, };

export type ErrorCode = "unauthenticated" | "forbidden" | "not_found" | "conflict" | "gone" | "invalid_input" | "rate_limited" | "internal";

export type ExpiresIn = number;

export type GetRehearsal = { 
/**
 * The session.
 */
session_id: SessionId, };

export type GetVersion = { 
/**
 * The version.
 */
version_id: VersionId, };

export type Invite = { 
/**
 * Its id.
 */
id: InviteId, 
/**
 * The band.
 */
band_id: BandId, 
/**
 * Token or direct.
 */
kind: InviteKind, 
/**
 * The role it grants.
 */
role: Role, 
/**
 * Derived status.
 */
status: InviteStatus, 
/**
 * Whether someone redeemed it.
 */
is_used: boolean, 
/**
 * Creation time.
 */
created_at: Timestamp, 
/**
 * The admin who created it.
 */
created_by: User, 
/**
 * Expiry.
 */
expires_at: Timestamp, 
/**
 * Redemption time.
 */
used_at: Timestamp | null, 
/**
 * Who redeemed it.
 */
used_by: User | null, 
/**
 * Revocation time.
 */
revoked_at: Timestamp | null, 
/**
 * When the invitee declined it (direct invites).
 */
declined_at: Timestamp | null, 
/**
 * Why it was revoked, when it was.
 */
revoked_reason: RevokeReason | null, 
/**
 * The invited user (direct invites).
 */
invitee: User | null, };

export type InviteId = number;

export type InviteKind = "token" | "direct";

export type InviteList = { 
/**
 * The invites.
 */
invites: Array<Invite>, 
/**
 * How many invites the band has in all.
 */
total: number, 
/**
 * How many are pending now.
 */
pending: number, };

export type InvitePreview = { 
/**
 * The invite's id.
 */
id: InviteId, 
/**
 * The band's id.
 */
band_id: BandId, 
/**
 * The band's name.
 */
band_name: string, 
/**
 * The band's slug.
 */
band_slug: string, 
/**
 * The role on joining.
 */
role: Role, 
/**
 * Creation time.
 */
created_at: Timestamp, 
/**
 * Expiry.
 */
expires_at: Timestamp, 
/**
 * Derived status.
 */
status: InviteStatus, 
/**
 * Whether it was redeemed.
 */
is_used: boolean, 
/**
 * The inviting admin's display name.
 */
invited_by: string, 
/**
 * Why it cannot be redeemed now (used, expired, revoked), in the words redeeming it
 * would fail with; `None` while pending.
 */
problem: string | null, };

export type InviteStatus = "pending" | "used" | "expired" | "revoked";

export type InviteToken = string;

export type ListActivity = { 
/**
 * The band.
 */
band_id: BandId, };

export type ListComments = { 
/**
 * The version.
 */
version_id: VersionId, };

export type ListInvites = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * How many at most: 1–500, 100 when not given.
 */
limit?: PageLimit | null, 
/**
 * How many of the newest to skip: 0 when not given.
 */
offset?: PageOffset | null, };

export type ListMembers = { 
/**
 * The band.
 */
band_id: BandId, };

export type ListMyBands = Record<symbol, never>;

export type ListMyInvites = Record<symbol, never>;

export type ListRehearsals = { 
/**
 * The band.
 */
band_id: BandId, };

export type ListSongs = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * Text in the title, case and accents aside.
 */
q?: TitleQuery | null, 
/**
 * Tags the song must all have (repeatable).
 */
tag?: Array<Tag> | null, 
/**
 * Its key.
 */
key?: MusicalKey | null, 
/**
 * The slowest tempo.
 */
bpm_min?: Bpm | null, 
/**
 * The fastest tempo.
 */
bpm_max?: Bpm | null, 
/**
 * Statuses, any of which the song may have (repeatable).
 */
status?: Array<SongStatus> | null, 
/**
 * Only songs with a take in this rehearsal session of the band.
 */
session_id?: SessionId | null, 
/**
 * The order: `title` (the default), `latest` or `status`.
 */
sort?: SongSort | null, 
/**
 * At most this many songs, the first in that order (all when not given).
 */
limit?: SongLimit | null, };

export type LiveStatus = { 
/**
 * The stream is open.
 */
online: boolean, 
/**
 * What was missed is not known: refetch everything.
 */
resync: boolean, };

export type Me = Record<symbol, never>;

export type Member = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * The member's user id.
 */
member_id: UserId, 
/**
 * Their username.
 */
username: string, 
/**
 * Their display name.
 */
display_name: string, 
/**
 * Their role.
 */
role: Role, 
/**
 * When they joined.
 */
joined_at: Timestamp, };

export type MusicalKey = string;

export type MyInvite = { 
/**
 * The invite's id (accept or decline by it).
 */
id: InviteId, 
/**
 * The band's id.
 */
band_id: BandId, 
/**
 * The band's name.
 */
band_name: string, 
/**
 * The role on joining.
 */
role: Role, 
/**
 * The inviting admin's display name.
 */
invited_by: string, 
/**
 * Creation time.
 */
created_at: Timestamp, 
/**
 * Expiry.
 */
expires_at: Timestamp, };

export type NonMember = { 
/**
 * Their id (pass it as `invitee_id`).
 */
id: UserId, 
/**
 * Username.
 */
username: string, 
/**
 * Display name.
 */
display_name: string, 
/**
 * Whether a direct invite to this band is already pending for them.
 */
invited: boolean, };

export type Notes = string;

export type PageLimit = number;

export type PageOffset = number;

export type Password = string;

export type PausePlaybackArgs = Record<symbol, never>;

export type Place = { "kind": "this_computer" } | { "kind": "server", 
/**
 * `http://host:port/`.
 */
url: string, };

export type PlaceName = string;

export type PlayVersionArgs = { 
/**
 * The version.
 */
version_id: VersionId, 
/**
 * Where to start, in ms; the start when absent.
 */
start_ms?: number | null, };

export type PlayerState = { 
/**
 * The loaded version, if any; kept after stopping so "play" can start it again.
 */
track: Track | null, 
/**
 * Playing, paused or stopped.
 */
status: Status, 
/**
 * Position in the recording.
 */
position_ms: number, 
/**
 * Length of the recording, when known.
 */
duration_ms: number | null, 
/**
 * Volume, `0.0` (silent) to `1.0` (as recorded).
 */
volume: number, 
/**
 * Why playback stopped or could not start, in plain words.
 */
problem: string | null, };

export type PlayerStateArgs = Record<symbol, never>;

export type PreviewInvite = { 
/**
 * The token, or the link or URL it was pasted as.
 */
token: InviteToken, };

export type QueryTag = "bands" | "band" | "members" | "invites" | "non_members" | "songs" | "sessions" | "comments" | "activity" | "inbox";

export type RecordedAt = string;

export type RedeemInvite = { 
/**
 * The token, or the link or URL it was pasted as.
 */
token: InviteToken, };

export type RegisterArgs = { 
/**
 * The account's name.
 */
username: Username, 
/**
 * Its password.
 */
password: Password, 
/**
 * The name shown to the band; the username when empty.
 */
display_name?: string | null, 
/**
 * Send the password even over plain http:// to the internet.
 */
allow_unencrypted?: boolean | null, };

export type Rehearsal = { 
/**
 * Its id.
 */
id: SessionId, 
/**
 * The band.
 */
band_id: BandId, 
/**
 * The day (one session per day and band).
 */
date: SessionDate, 
/**
 * Where, if said (parsed again when it comes from a server).
 */
place: PlaceName | null, 
/**
 * Notes (empty when there are none).
 */
notes: Notes, 
/**
 * Who created it.
 */
created_by: User, 
/**
 * When.
 */
created_at: Timestamp, 
/**
 * How many takes it holds.
 */
take_count: number, };

export type RehearsalTakes = { 
/**
 * The session.
 */
session: Rehearsal, 
/**
 * Its takes, first played first.
 */
takes: Array<Take>, };

export type RemoveMember = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * The member's user id (the caller's own to leave).
 */
member_id: UserId, };

export type RenameBand = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * Its new name.
 */
name: BandName, };

export type ReplyToComment = { 
/**
 * The comment replied to.
 */
comment_id: CommentId, 
/**
 * The text.
 */
body: CommentBody, };

export type ResumePlaybackArgs = Record<symbol, never>;

export type RevokeInvite = { 
/**
 * The invite.
 */
invite_id: InviteId, };

export type RevokeReason = "admin" | "declined" | "creator_not_admin";

export type Role = "admin" | "member";

export type SearchNonMembers = { 
/**
 * The band.
 */
band_id: BandId, 
/**
 * At least 2 characters of a username or display name.
 */
q: SearchQuery, };

export type SearchQuery = string;

export type SeekPlaybackArgs = { 
/**
 * Where to, in ms from the start.
 */
position_ms: number, };

export type SessionDate = string;

export type SessionId = number;

export type SetVolumeArgs = { 
/**
 * From 0 (silent) to 1 (as recorded).
 */
volume: number, };

export type SignInArgs = { 
/**
 * The account's name.
 */
username: Username, 
/**
 * Its password.
 */
password: Password, 
/**
 * Send the password even over plain http:// to the internet.
 */
allow_unencrypted?: boolean | null, };

export type SignOutArgs = Record<symbol, never>;

export type Song = { 
/**
 * Its id.
 */
id: SongId, 
/**
 * The band.
 */
band_id: BandId, 
/**
 * Its title.
 */
title: string, 
/**
 * Creation time.
 */
created_at: Timestamp, 
/**
 * Its tags, in the order given.
 */
tags: Tags, 
/**
 * Its key, if set.
 */
key: MusicalKey | null, 
/**
 * Its tempo, if set.
 */
bpm: Bpm | null, 
/**
 * Where it stands with the band.
 */
status: SongStatus, 
/**
 * Notes (empty when there are none).
 */
notes: Notes, 
/**
 * Its recordings.
 */
versions: Array<Version>, };

export type SongId = number;

export type SongLimit = number;

export type SongSort = "title" | "latest" | "status";

export type SongStatus = "idea" | "learning" | "ready" | "retired";

export type SongTitle = string;

export type Status = "stopped" | "playing" | "paused";

export type StopPlaybackArgs = Record<symbol, never>;

export type Tag = string;

export type Tags = Array<string>;

export type Take = { 
/**
 * The song's title.
 */
song_title: string, 
/**
 * The recording.
 */
version: Version, };

export type TakePendingLinkArgs = Record<symbol, never>;

export type Timestamp = string;

export type TitleQuery = string;

export type Track = { 
/**
 * The version.
 */
version_id: VersionId, 
/**
 * Its song.
 */
song_id: SongId, 
/**
 * Its band.
 */
band_id: BandId, };

export type UpdateComment = { 
/**
 * The comment or reply.
 */
comment_id: CommentId, 
/**
 * New text (its author only).
 */
body?: CommentBody | null, 
/**
 * New tag (its author only).
 */
tag?: CommentTag | null, 
/**
 * Resolve (`true`) or reopen (`false`) an issue (any member).
 */
resolved?: boolean | null, };

export type UpdateRehearsal = { 
/**
 * The session.
 */
session_id: SessionId, 
/**
 * A new day.
 */
date?: SessionDate | null, 
/**
 * Where; `null` clears it.
 */
place?: string | null, 
/**
 * Notes; `null` or empty clears them.
 */
notes?: string | null, };

export type UpdateSong = { 
/**
 * The song.
 */
song_id: SongId, 
/**
 * A new title.
 */
title?: SongTitle | null, 
/**
 * Its tags, all of them (replacing the ones it had).
 */
tags?: Tags | null, 
/**
 * Its key; `null` clears it.
 */
key?: string | null, 
/**
 * Its tempo in BPM; `null` clears it.
 */
bpm?: number | null, 
/**
 * Where it stands.
 */
status?: SongStatus | null, 
/**
 * Its notes; `null` or empty clears them.
 */
notes?: string | null, };

export type UpdateVersion = { 
/**
 * The version.
 */
version_id: VersionId, 
/**
 * Its new label.
 */
label?: VersionLabel | null, 
/**
 * The session of its band it was played in; `null` for none.
 */
session_id?: number | null, };

export type User = { 
/**
 * Its id.
 */
id: UserId, 
/**
 * Canonical (lower-case) username.
 */
username: string, 
/**
 * The name shown to band mates.
 */
display_name: string, };

export type UserId = number;

export type Username = string;

export type Version = { 
/**
 * Its id.
 */
id: VersionId, 
/**
 * The song.
 */
song_id: SongId, 
/**
 * Its label (defaults to the file name).
 */
label: string, 
/**
 * The container format, detected from the bytes.
 */
format: AudioFormat, 
/**
 * Size of the audio file.
 */
size_bytes: number, 
/**
 * Duration, when known.
 */
duration_ms: number | null, 
/**
 * Sample rate in Hz, when known.
 */
sample_rate: number | null, 
/**
 * Channel count, when known.
 */
channels: number | null, 
/**
 * Who uploaded it.
 */
uploaded_by: User, 
/**
 * Upload time.
 */
created_at: Timestamp, 
/**
 * When it was recorded, as the recorder's clock showed it: from the file (Broadcast
 * WAV `bext`, or a tag's date) when it says so plausibly, else as its uploader said.
 */
recorded_at: RecordedAt | null, 
/**
 * The rehearsal session it was played in, if sorted into one.
 */
session_id: SessionId | null, 
/**
 * Its comments and replies, deleted ones not counted.
 */
comment_count: number, 
/**
 * Its comments tagged `issue` not yet resolved.
 */
open_issues: number, 
/**
 * Its comments tagged `keeper`: the band likes this take (or a part of it).
 */
keepers: number, };

export type VersionId = number;

export type VersionLabel = string;

export type VersionPeaks = { 
/**
 * The version.
 */
version_id: VersionId, };

export type ViewBand = { 
/**
 * The band.
 */
band_id: BandId, };

export type Waveform = { 
/**
 * Per slice, the lowest sample.
 */
min: Array<number>, 
/**
 * Per slice, the highest sample.
 */
max: Array<number>, };

/** Every command: its arguments and its result. */
export interface Commands {
  app_status: { args: AppStatusArgs; result: AppStatus };
  connect: { args: ConnectArgs; result: Connected };
  take_pending_link: { args: TakePendingLinkArgs; result: string | null };
  register: { args: RegisterArgs; result: User };
  sign_in: { args: SignInArgs; result: User };
  sign_out: { args: SignOutArgs; result: null };
  add_version: { args: AddVersionArgs; result: Version };
  play_version: { args: PlayVersionArgs; result: PlayerState };
  pause_playback: { args: PausePlaybackArgs; result: PlayerState };
  resume_playback: { args: ResumePlaybackArgs; result: PlayerState };
  stop_playback: { args: StopPlaybackArgs; result: PlayerState };
  seek_playback: { args: SeekPlaybackArgs; result: PlayerState };
  set_volume: { args: SetVolumeArgs; result: PlayerState };
  player_state: { args: PlayerStateArgs; result: PlayerState };
  me: { args: Me; result: User };
  create_band: { args: CreateBand; result: Band };
  list_my_bands: { args: ListMyBands; result: Array<Band> };
  view_band: { args: ViewBand; result: Band };
  rename_band: { args: RenameBand; result: Band };
  list_activity: { args: ListActivity; result: Array<ActivityEntry> };
  list_members: { args: ListMembers; result: Array<Member> };
  change_role: { args: ChangeRole; result: Member };
  remove_member: { args: RemoveMember; result: null };
  search_non_members: { args: SearchNonMembers; result: Array<NonMember> };
  create_invite: { args: CreateInvite; result: CreatedInvite };
  list_invites: { args: ListInvites; result: InviteList };
  revoke_invite: { args: RevokeInvite; result: null };
  preview_invite: { args: PreviewInvite; result: InvitePreview };
  redeem_invite: { args: RedeemInvite; result: Member };
  list_my_invites: { args: ListMyInvites; result: Array<MyInvite> };
  accept_invite: { args: AcceptInvite; result: Member };
  decline_invite: { args: DeclineInvite; result: null };
  create_song: { args: CreateSong; result: Song };
  list_songs: { args: ListSongs; result: Array<Song> };
  update_song: { args: UpdateSong; result: Song };
  delete_song: { args: DeleteSong; result: null };
  create_rehearsal: { args: CreateRehearsal; result: Rehearsal };
  list_rehearsals: { args: ListRehearsals; result: Array<Rehearsal> };
  get_rehearsal: { args: GetRehearsal; result: RehearsalTakes };
  update_rehearsal: { args: UpdateRehearsal; result: Rehearsal };
  delete_rehearsal: { args: DeleteRehearsal; result: null };
  get_version: { args: GetVersion; result: Version };
  version_peaks: { args: VersionPeaks; result: Waveform | null };
  update_version: { args: UpdateVersion; result: Version };
  delete_version: { args: DeleteVersion; result: null };
  list_comments: { args: ListComments; result: Array<Comment> };
  add_comment: { args: AddComment; result: Comment };
  reply_to_comment: { args: ReplyToComment; result: Comment };
  update_comment: { args: UpdateComment; result: Comment };
  delete_comment: { args: DeleteComment; result: null };
}

/** Every event the app emits, with its payload. */
export interface Events {
  "change": Change;
  "live": LiveStatus;
  "player-state": PlayerState;
  "download-progress": DownloadProgress;
  "add-version-progress": AddVersionProgress;
  "deep-link": string;
}

/** The command whose answers each query tag caches; a query's key starts with its tag. */
export const QUERY_TAGS = {
  list_my_bands: "bands",
  view_band: "band",
  list_activity: "activity",
  list_members: "members",
  search_non_members: "non_members",
  list_invites: "invites",
  list_my_invites: "inbox",
  list_songs: "songs",
  list_rehearsals: "sessions",
  get_rehearsal: "sessions",
  list_comments: "comments",
} as const satisfies Partial<Record<keyof Commands, QueryTag>>;

/** What each kind of change makes stale. */
export const INVALIDATES: Record<Change["kind"], QueryTag[]> = {
  band: ["band", "bands"],
  members: ["members", "band", "non_members"],
  invites: ["invites", "non_members"],
  songs: ["songs", "sessions"],
  sessions: ["songs", "sessions"],
  comments: ["comments", "songs"],
  activity: ["activity"],
  inbox: ["inbox"],
  my_bands: ["bands", "band", "members", "invites", "non_members", "songs", "sessions", "comments", "activity"],
};
