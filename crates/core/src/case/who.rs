//! Who may call a use case, in the words of SPEC §2's permission matrix.

/// The callers a use case allows; the use case's `run` enforces it against the database
/// on every call, and the conformance suite's permission matrix checks that the two agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Anyone, signed in or not.
    Anyone,
    /// Any signed-in user.
    User,
    /// A signed-in user who is not (yet) a member of the band.
    NonMember,
    /// A member or an admin of the band.
    Member,
    /// An admin of the band.
    Admin,
    /// An admin of the band, or the member concerned themself.
    AdminOrSelf,
    /// The version's uploader (while a member), or an admin.
    UploaderOrAdmin,
    /// The comment's author, or an admin.
    AuthorOrAdmin,
    /// The comment's author for its text and tag; any member to resolve or reopen it.
    AuthorOrMemberToResolve,
    /// The user a direct invite was sent to.
    Invitee,
}

impl Who {
    /// Whether the caller must be signed in.
    pub fn signed_in(self) -> bool {
        self != Who::Anyone
    }

    /// The words of the permission matrix, for the OpenAPI document.
    pub fn describe(self) -> &'static str {
        match self {
            Who::Anyone => "anyone",
            Who::User => "a signed-in user",
            Who::NonMember => "a signed-in user who is not a member of the band",
            Who::Member => "a member of the band",
            Who::Admin => "an admin of the band",
            Who::AdminOrSelf => "an admin of the band, or the member themself",
            Who::UploaderOrAdmin => "its uploader (a member), or an admin of the band",
            Who::AuthorOrAdmin => "its author, or an admin of the band",
            Who::AuthorOrMemberToResolve => {
                "its author (text, tag); any member of the band (resolved)"
            }
            Who::Invitee => "the user invited",
        }
    }
}
