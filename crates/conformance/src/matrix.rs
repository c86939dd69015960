//! The permission matrix of SPEC §2 as data: every use case × {anonymous, non-member,
//! member, admin}, with the outcome the spec requires.

use rehearsalhub_core::case::{self, Visit};
use rehearsalhub_core::{ErrorCode, UseCase as Declared, Who};

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
    /// rename the band
    RenameBand,
    /// rename a song
    UpdateSong,
    /// relabel a version the member uploaded, or sort it into a session
    RelabelOwnVersion,
    /// relabel a version someone else uploaded, or sort it into a session
    RelabelOthersVersion,
    /// create a rehearsal session
    CreateSession,
    /// list the band's sessions
    ListSessions,
    /// open a session with its takes
    GetSession,
    /// edit a session someone else created
    UpdateSession,
    /// delete a session someone else created
    DeleteSession,
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
    (UseCase::RenameBand, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::UpdateSong, [UNAUTH, FORBID, Y, Y]),
    (UseCase::RelabelOwnVersion, [UNAUTH, FORBID, Y, Y]),
    (UseCase::RelabelOthersVersion, [UNAUTH, FORBID, FORBID, Y]),
    (UseCase::CreateSession, [UNAUTH, FORBID, Y, Y]),
    (UseCase::ListSessions, [UNAUTH, FORBID, Y, Y]),
    (UseCase::GetSession, [UNAUTH, FORBID, Y, Y]),
    (UseCase::UpdateSession, [UNAUTH, FORBID, Y, Y]),
    (UseCase::DeleteSession, [UNAUTH, FORBID, Y, Y]),
];

/// Whose thing a row acts on, where a use case's rule depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// Nobody's in particular (or the caller's own account).
    Any,
    /// The member's own (their version, their comment, themself).
    Own,
    /// Someone else's (the second admin's).
    Others,
}

/// The declared use case a row runs, and whose thing it acts on; `None` for a row that is
/// not one declared use case (opening audio and adding a version are written by hand).
pub fn declared(case: UseCase) -> Option<(&'static str, Whose)> {
    use UseCase as U;
    use Whose::{Any, Others, Own};
    Some(match case {
        U::Register => ("register", Any),
        U::SignIn => ("sign_in", Any),
        U::SignOut => ("sign_out", Any),
        U::Me => ("me", Any),
        U::CreateBand => ("create_band", Any),
        U::ListMyBands => ("list_my_bands", Any),
        U::ViewBand => ("view_band", Any),
        U::RenameBand => ("rename_band", Any),
        U::UpdateSong => ("update_song", Any),
        U::ListMembers => ("list_members", Any),
        U::ListSongs => ("list_songs", Any),
        U::GetVersion => ("get_version", Any),
        U::VersionPeaks => ("version_peaks", Any),
        U::ListInvites => ("list_invites", Any),
        U::CreateTokenInvite | U::CreateDirectInvite => ("create_invite", Any),
        U::RevokeInvite => ("revoke_invite", Any),
        U::SearchNonMembers => ("search_non_members", Any),
        U::ChangeRole => ("change_role", Any),
        U::RemoveMember => ("remove_member", Others),
        U::Leave => ("remove_member", Own),
        U::CreateSong => ("create_song", Any),
        U::DeleteOwnVersion => ("delete_version", Own),
        U::DeleteOthersVersion => ("delete_version", Others),
        U::RelabelOwnVersion => ("update_version", Own),
        U::RelabelOthersVersion => ("update_version", Others),
        U::CreateSession => ("create_rehearsal", Any),
        U::ListSessions => ("list_rehearsals", Any),
        U::GetSession => ("get_rehearsal", Any),
        U::UpdateSession => ("update_rehearsal", Any),
        U::DeleteSession => ("delete_rehearsal", Any),
        U::DeleteSong => ("delete_song", Any),
        U::ListActivity => ("list_activity", Any),
        U::PreviewInvite => ("preview_invite", Any),
        U::RedeemInvite => ("redeem_invite", Any),
        U::ListMyInvites => ("list_my_invites", Any),
        U::AcceptInvite => ("accept_invite", Own),
        U::DeclineInvite => ("decline_invite", Own),
        U::ListComments => ("list_comments", Any),
        U::AddComment => ("add_comment", Any),
        U::ReplyToComment => ("reply_to_comment", Any),
        U::ResolveIssue => ("update_comment", Any),
        U::EditMembersComment => ("update_comment", Own),
        U::EditOthersComment => ("update_comment", Others),
        U::DeleteMembersComment => ("delete_comment", Own),
        U::DeleteOthersComment => ("delete_comment", Others),
        U::OpenAudio | U::AddVersion => return None,
    })
}

/// What a declaration's [`Who`] means for anonymous, non-member, member and admin, on
/// `whose` thing.
pub fn implied(who: Who, whose: Whose) -> [Expect; 4] {
    use Whose::{Others, Own};
    match (who, whose) {
        (Who::Anyone, _) => [Y, Y, Y, Y],
        (Who::User, _) => [UNAUTH, Y, Y, Y],
        (Who::NonMember, _) => [UNAUTH, Y, CONFLICT, CONFLICT],
        (Who::Invitee, _) => [UNAUTH, Y, Na, Na],
        (Who::Member, _) | (Who::AuthorOrMemberToResolve, Whose::Any) => [UNAUTH, FORBID, Y, Y],
        // Only its author edits a comment's text: not even an admin edits the member's.
        (Who::AuthorOrMemberToResolve, Own) => [UNAUTH, FORBID, Y, FORBID],
        (Who::AuthorOrMemberToResolve, Others) => [UNAUTH, FORBID, FORBID, FORBID],
        (Who::AdminOrSelf | Who::UploaderOrAdmin | Who::AuthorOrAdmin, Own) => {
            [UNAUTH, FORBID, Y, Y]
        }
        (Who::Admin, _) | (Who::AdminOrSelf | Who::UploaderOrAdmin | Who::AuthorOrAdmin, _) => {
            [UNAUTH, FORBID, FORBID, Y]
        }
    }
}

/// Every declared use case's name and who may call it.
pub fn declarations() -> Vec<(&'static str, Who)> {
    struct All(Vec<(&'static str, Who)>);
    impl Visit for All {
        fn case<U: Declared>(&mut self) {
            self.0.push((U::NAME, U::WHO));
        }
    }
    let mut all = All(Vec::new());
    case::each(&mut all);
    all.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_and_the_declarations_agree_and_every_use_case_has_a_row() {
        let declared_cases = declarations();
        for (row, expected) in MATRIX {
            let Some((name, whose)) = declared(*row) else {
                continue;
            };
            let who = declared_cases
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, w)| *w)
                .unwrap_or_else(|| panic!("{row:?} runs {name}, which is not declared"));
            // "—" in the spec (not applicable) says nothing to compare.
            let implied = implied(who, whose);
            for (cell, (implied, expected)) in implied.iter().zip(expected).enumerate() {
                if *expected != Na {
                    assert_eq!(implied, expected, "{row:?} cell {cell}: {name} is {who:?}");
                }
            }
        }
        for (name, _) in &declared_cases {
            assert!(
                MATRIX
                    .iter()
                    .any(|(row, _)| declared(*row).is_some_and(|(n, _)| n == *name)),
                "{name} has no row in the permission matrix"
            );
        }
    }
}
