//! The comment list, written by hand (SPEC §8): a version's list is read far more often
//! than written, and a long one is large (4,000 comments and replies are 1.5 MB of JSON).
//! The core keeps each version's list by the revision every write bumps
//! ([`rehearsalhub_core::comment_lists`]); this route attaches the list's JSON and gzip to
//! that same entry, answers `304` to an `If-None-Match` naming the current revision, and
//! otherwise sends the kept bytes. A repeated read costs the permission check (which reads
//! the revision), never a stale answer. The other comment use cases are declared
//! (`crate::cases`).

use std::io::Write;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::sync::Arc;

use rehearsalhub_core::comment_lists::Listed;
use rehearsalhub_core::{Comment, CommentList, Error, Listing, VersionId};

use super::AppState;
use crate::error::{ApiResult, Errors};
use crate::extract::{Auth, Segments};

/// A list's JSON and its gzip, attached to the core's kept list.
#[derive(Debug)]
struct Encoded {
    json: Bytes,
    gzip: Bytes,
}

fn encode(comments: &CommentList) -> Result<Encoded, Error> {
    let json = serde_json::to_vec(comments.as_slice()).map_err(Error::internal)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&json).map_err(Error::internal)?;
    let gzip = gz.finish().map_err(Error::internal)?;
    Ok(Encoded {
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

fn etag(version: VersionId, rev: i64) -> String {
    format!("\"c{version}.{rev}\"")
}

/// A version's comments in time order, each with its replies (members). Answers carry an
/// `ETag`; `If-None-Match` with it gives 304 while the comments have not changed.
#[utoipa::path(get, path = "/versions/{version_id}/comments", tag = "comments",
    operation_id = "list_comments",
    security(("bearer" = [])),
    params(("version_id" = VersionId, Path, description = "The version"),
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
    let seen: Vec<String> = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(',').map(|t| t.trim().to_owned()).collect())
        .unwrap_or_default();
    let known = |rev: i64| {
        let tag = etag(version, rev);
        seen.iter().any(|t| *t == tag || t == "*")
    };
    let listed = match s.hub.comment_list(&caller, version, known).await? {
        Listing::Unchanged(rev) => {
            let tag = HeaderValue::from_str(&etag(version, rev)).map_err(Error::internal)?;
            return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
        }
        Listing::List(listed) => listed,
    };
    let etag_value = HeaderValue::from_str(&etag(version, listed.rev)).map_err(Error::internal)?;
    // Encoding thousands of comments is CPU work: off the async threads, once per revision.
    let encoded = match listed.attachment::<Option<Encoded>>() {
        Some(kept) => kept,
        None => encode_once(listed.clone()).await?,
    };
    let Some(encoded) = encoded.as_ref().as_ref() else {
        return Err(Error::internal("a comment list could not be encoded before").into());
    };
    respond(&headers, encoded, etag_value)
}

/// Encodes a kept list once, on the blocking pool, and attaches the result to it.
async fn encode_once(entry: Arc<Listed>) -> Result<Arc<Option<Encoded>>, Error> {
    tokio::task::spawn_blocking(move || {
        let mut failed = None;
        let encoded = entry.attached(|comments| match encode(comments) {
            Ok(e) => {
                let size = e.json.len() + e.gzip.len();
                (Some(e), size)
            }
            Err(e) => {
                failed = Some(e);
                (None, 0)
            }
        });
        match (encoded, failed) {
            (_, Some(e)) => Err(e),
            (Some(e), None) => Ok(e),
            (None, None) => Err(Error::internal("a comment list with another attachment")),
        }
    })
    .await
    .map_err(Error::internal)?
}

/// The list's bytes, gzipped for a client that accepts it.
fn respond(headers: &HeaderMap, encoded: &Encoded, etag_value: HeaderValue) -> ApiResult<Response> {
    let json = HeaderValue::from_static("application/json");
    let vary = HeaderValue::from_static("accept-encoding");
    Ok(if accepts_gzip(headers) {
        let gzip = HeaderValue::from_static("gzip");
        let headers = [
            (header::CONTENT_TYPE, json),
            (header::CONTENT_ENCODING, gzip),
            (header::ETAG, etag_value),
            (header::VARY, vary),
        ];
        (headers, encoded.gzip.clone()).into_response()
    } else {
        let headers = [
            (header::CONTENT_TYPE, json),
            (header::ETAG, etag_value),
            (header::VARY, vary),
        ];
        (headers, encoded.json.clone()).into_response()
    })
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
}
