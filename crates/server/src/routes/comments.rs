//! Comments on versions and replies (SPEC §8).
//!
//! A version's list is read far more often than written, and a long one is large (4,000
//! comments and replies are 1.5 MB of JSON), so each instance keeps the serialized list (and
//! its gzip) of recent versions keyed by the version's `comments_rev`, which every write
//! bumps in the database: a repeated read costs the permission check and the revision, not
//! the query and the serialization, and no instance serves a list older than the database.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use rehearsalhub_core::wire::{CreateCommentRequest, ReplyRequest, UpdateCommentRequest};
use rehearsalhub_core::{
    Comment, CommentBody, CommentDraft, CommentId, CommentPatch, Error, VersionId,
};

use super::AppState;
use crate::error::{ApiResult, Errors};
use crate::extract::{Auth, Body, Segments};

/// At most this many versions' lists are kept.
const CACHED_LISTS: usize = 64;
/// And at most this many bytes of them (JSON and gzip together).
const CACHED_BYTES: usize = 32 << 20;

/// One version's serialized list at one revision.
#[derive(Debug)]
struct Cached {
    rev: i64,
    json: Bytes,
    gzip: Bytes,
}

/// Serialized comment lists of recently read versions (see the module's doc).
#[derive(Debug, Default, Clone)]
pub struct CommentCache(Arc<Mutex<Lists>>);

#[derive(Debug, Default)]
struct Lists {
    by_version: HashMap<VersionId, Arc<Cached>>,
    order: VecDeque<VersionId>,
    bytes: usize,
}

impl CommentCache {
    fn get(&self, version: VersionId, rev: i64) -> Option<Arc<Cached>> {
        let lists = self.0.lock().ok()?;
        lists
            .by_version
            .get(&version)
            .filter(|c| c.rev == rev)
            .cloned()
    }

    fn put(&self, version: VersionId, entry: Arc<Cached>) {
        let Ok(mut lists) = self.0.lock() else { return };
        let size = entry.json.len() + entry.gzip.len();
        if size > CACHED_BYTES {
            return;
        }
        if let Some(old) = lists.by_version.remove(&version) {
            lists.bytes -= old.json.len() + old.gzip.len();
            lists.order.retain(|v| *v != version);
        }
        while lists.order.len() >= CACHED_LISTS || lists.bytes + size > CACHED_BYTES {
            let Some(oldest) = lists.order.pop_front() else {
                break;
            };
            if let Some(old) = lists.by_version.remove(&oldest) {
                lists.bytes -= old.json.len() + old.gzip.len();
            }
        }
        lists.bytes += size;
        lists.order.push_back(version);
        lists.by_version.insert(version, entry);
    }
}

fn serialize(comments: &[Comment], rev: i64) -> Result<Cached, Error> {
    let json = serde_json::to_vec(comments).map_err(Error::internal)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&json).map_err(Error::internal)?;
    let gzip = gz.finish().map_err(Error::internal)?;
    Ok(Cached {
        rev,
        json: json.into(),
        gzip: gzip.into(),
    })
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

/// A version's comments in time order, each with its replies (members). Answers carry an
/// `ETag`; `If-None-Match` with it gives 304 while the comments have not changed.
#[utoipa::path(get, path = "/versions/{version_id}/comments", tag = "comments",
    security(("bearer" = [])),
    params(("version_id" = i64, Path, description = "The version"),
        ("If-None-Match" = Option<String>, Header, description = "A previously seen ETag")),
    responses((status = 200, description = "Comments with replies", body = Vec<Comment>,
            headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        Errors))]
pub async fn list_comments(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(version): Segments<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let version = VersionId::parse("version_id", &version)?;
    // The permission check, every time; the revision read with it names what may be reused.
    let rev = s.hub.comments_revision(&caller, version).await?;
    let etag = format!("\"c{version}.{rev}\"");
    let etag_value = HeaderValue::from_str(&etag).map_err(Error::internal)?;
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response());
    }
    let cached = match s.comments.get(version, rev) {
        Some(c) => c,
        None => {
            // Read after the revision: what is cached under `rev` is at least that new.
            let comments = s.hub.list_comments(&caller, version).await?;
            let entry = Arc::new(
                tokio::task::spawn_blocking(move || serialize(&comments, rev))
                    .await
                    .map_err(Error::internal)??,
            );
            s.comments.put(version, entry.clone());
            entry
        }
    };
    let json = HeaderValue::from_static("application/json");
    let vary = HeaderValue::from_static("accept-encoding");
    Ok(if accepts_gzip(&headers) {
        let gzip = HeaderValue::from_static("gzip");
        (
            [
                (header::CONTENT_TYPE, json),
                (header::CONTENT_ENCODING, gzip),
                (header::ETAG, etag_value),
                (header::VARY, vary),
            ],
            cached.gzip.clone(),
        )
            .into_response()
    } else {
        (
            [
                (header::CONTENT_TYPE, json),
                (header::ETAG, etag_value),
                (header::VARY, vary),
            ],
            cached.json.clone(),
        )
            .into_response()
    })
}

/// Pins a comment to a moment or a range of a version (members).
#[utoipa::path(post, path = "/versions/{version_id}/comments", tag = "comments",
    security(("bearer" = [])),
    params(("version_id" = i64, Path, description = "The version")),
    request_body = CreateCommentRequest,
    responses((status = 201, description = "The comment", body = Comment), Errors))]
pub async fn add_comment(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(version): Segments<String>,
    Body(req): Body<CreateCommentRequest>,
) -> ApiResult<(StatusCode, Json<Comment>)> {
    let version = VersionId::parse("version_id", &version)?;
    let draft = CommentDraft::parse(req.at_ms, req.until_ms, &req.body, req.tag.as_deref())?;
    Ok((
        StatusCode::CREATED,
        Json(s.hub.add_comment(&caller, version, draft).await?),
    ))
}

/// Replies to a comment (members).
#[utoipa::path(post, path = "/comments/{comment_id}/replies", tag = "comments",
    security(("bearer" = [])),
    params(("comment_id" = i64, Path, description = "The comment")),
    request_body = ReplyRequest,
    responses((status = 201, description = "The reply", body = Comment), Errors))]
pub async fn reply_to_comment(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(comment): Segments<String>,
    Body(req): Body<ReplyRequest>,
) -> ApiResult<(StatusCode, Json<Comment>)> {
    let comment = CommentId::parse("comment_id", &comment)?;
    let body = CommentBody::parse(&req.body)?;
    Ok((
        StatusCode::CREATED,
        Json(s.hub.reply_to_comment(&caller, comment, body).await?),
    ))
}

/// Edits a comment: text and tag (its author), resolved (any member, issues only).
#[utoipa::path(patch, path = "/comments/{comment_id}", tag = "comments",
    security(("bearer" = [])),
    params(("comment_id" = i64, Path, description = "The comment")),
    request_body = UpdateCommentRequest,
    responses((status = 200, description = "The comment", body = Comment), Errors))]
pub async fn update_comment(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(comment): Segments<String>,
    Body(req): Body<UpdateCommentRequest>,
) -> ApiResult<Json<Comment>> {
    let comment = CommentId::parse("comment_id", &comment)?;
    let patch = CommentPatch::parse(req.body.as_deref(), req.tag.as_deref(), req.resolved)?;
    Ok(Json(s.hub.update_comment(&caller, comment, patch).await?))
}

/// Deletes a comment or a reply (its author, or an admin).
#[utoipa::path(delete, path = "/comments/{comment_id}", tag = "comments",
    security(("bearer" = [])),
    params(("comment_id" = i64, Path, description = "The comment")),
    responses((status = 204, description = "Deleted"), Errors))]
pub async fn delete_comment(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(comment): Segments<String>,
) -> ApiResult<StatusCode> {
    let comment = CommentId::parse("comment_id", &comment)?;
    s.hub.delete_comment(&caller, comment).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_used_only_when_accepted() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            accepts_gzip(&h)
        };
        assert!(with("gzip"));
        assert!(with("br, GZIP;q=0.5"));
        assert!(!with("gzip;q=0"));
        assert!(!with("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn the_cache_keeps_a_bounded_number_of_lists_and_only_their_revision() {
        let cache = CommentCache::default();
        let entry = |rev| {
            Arc::new(Cached {
                rev,
                json: Bytes::from_static(b"[]"),
                gzip: Bytes::new(),
            })
        };
        for v in 1..=(CACHED_LISTS as i64 + 10) {
            cache.put(VersionId(v), entry(1));
        }
        let lists = cache.0.lock().unwrap();
        assert_eq!(lists.by_version.len(), CACHED_LISTS);
        assert!(!lists.by_version.contains_key(&VersionId(1)));
        drop(lists);
        let last = VersionId(CACHED_LISTS as i64 + 10);
        assert!(cache.get(last, 1).is_some());
        assert!(cache.get(last, 2).is_none(), "another revision is a miss");
    }
}
