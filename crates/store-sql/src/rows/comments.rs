//! A version's comments: one comment's row, the JSON array a store's aggregate builds of a
//! version's comments, and the comments made of it with the people they name.

use rehearsalhub_core::{Comment, CommentId, CommentTag, FlatComment, StoreError, User, VersionId};

use super::{UserRow, corrupt, opt_user, ts, user};

/// A comment with its author and resolver.
#[derive(sqlx::FromRow)]
pub struct CommentRow {
    id: i64,
    version_id: i64,
    parent_id: Option<i64>,
    at_ms: Option<i64>,
    until_ms: Option<i64>,
    body: String,
    tag: String,
    created_at: i64,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
    author_id: i64,
    author_username: String,
    author_display_name: String,
    resolver_id: Option<i64>,
    resolver_username: Option<String>,
    resolver_display_name: Option<String>,
}

impl TryFrom<CommentRow> for Comment {
    type Error = StoreError;
    fn try_from(r: CommentRow) -> Result<Self, StoreError> {
        let resolved_by = opt_user(r.resolver_id, r.resolver_username, r.resolver_display_name)?;
        let id = r.id;
        Comment::from_flat(FlatComment {
            id: CommentId(r.id),
            version_id: VersionId(r.version_id),
            parent_id: r.parent_id.map(CommentId),
            at_ms: r.at_ms,
            until_ms: r.until_ms,
            body: r.body,
            tag: CommentTag::parse(&r.tag).map_err(|_| corrupt("comment tag", &r.tag))?,
            resolved: resolved_by.is_some(),
            resolved_by,
            author: user(r.author_id, r.author_username, r.author_display_name)?,
            created_at: ts(r.created_at),
            edited_at: r.edited_at.map(ts),
            deleted: r.deleted_at.is_some(),
            replies: Vec::new(),
        })
        .map_err(|e| corrupt("comment", &format!("{id}: {e}")))
    }
}

/// One comment as [`crate::comment_json_columns!`] lists it. The tag is read as the core's
/// type straight from the JSON: an unknown one is a corrupt list, not a string to copy.
pub type CommentJson = (
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    String,
    CommentTag,
    i64,
    Option<i64>,
    Option<i64>,
    i64,
    Option<i64>,
);

/// Reads the JSON array a store's aggregate built.
pub fn parse_comment_json(json: &str) -> Result<Vec<CommentJson>, StoreError> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Backend(format!("corrupt comment list: {e}")))
}

/// The ids of the people `rows` name (authors and resolvers), each once.
pub fn people_of(rows: &[CommentJson]) -> Vec<i64> {
    let mut ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [Some(r.9), r.10])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A version's comments from their parsed rows and the people they name.
pub fn comments_from_rows(
    version: VersionId,
    rows: Vec<CommentJson>,
    people: Vec<UserRow>,
) -> Result<Vec<Comment>, StoreError> {
    let people = people
        .into_iter()
        .map(|r| User::try_from(r).map(|u| (u.id.0, u)))
        .collect::<Result<std::collections::HashMap<i64, User>, _>>()?;
    let person = |id: i64| {
        people
            .get(&id)
            .cloned()
            .ok_or_else(|| corrupt("comment author", &id.to_string()))
    };
    rows.into_iter()
        .map(
            |(
                id,
                parent_id,
                at_ms,
                until_ms,
                body,
                tag,
                created_at,
                edited_at,
                deleted_at,
                author,
                resolver,
            )| {
                let resolved_by = resolver.map(person).transpose()?;
                Comment::from_flat(FlatComment {
                    id: CommentId(id),
                    version_id: version,
                    parent_id: parent_id.map(CommentId),
                    at_ms,
                    until_ms,
                    body,
                    tag,
                    resolved: resolved_by.is_some(),
                    resolved_by,
                    author: person(author)?,
                    created_at: ts(created_at),
                    edited_at: edited_at.map(ts),
                    deleted: deleted_at.is_some(),
                    replies: Vec::new(),
                })
                .map_err(|e| corrupt("comment", &format!("{id}: {e}")))
            },
        )
        .collect()
}
