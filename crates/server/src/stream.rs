//! Serving a version's audio: one byte range per request (`Range: bytes=a-b`, `a-`, `-n`),
//! a strong `ETag` (the audio's SHA-256, which names its content), `If-None-Match` and
//! `If-Range`. Several ranges in one header are answered with the whole file, as RFC 9110
//! allows; players ask for one range at a time.

use std::io::SeekFrom;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rehearsalhub_core::{AudioStream, Error};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use crate::error::{ApiError, ApiResult};

/// The band of the version being streamed.
pub const BAND_HEADER: &str = "x-band-id";

/// Read size of the body stream: large enough that loopback streaming is not syscall-bound.
const CHUNK: usize = 256 * 1024;

/// What a `Range` header asks for, against a file of `size` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// The whole file (no header, several ranges, or a header we do not understand).
    All,
    /// Bytes `start..=end`.
    Part(u64, u64),
    /// Nothing of the file satisfies it.
    Unsatisfiable,
}

/// Reads a `Range` header value.
pub fn parse_range(value: &str, size: u64) -> Wanted {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Wanted::All;
    };
    if spec.contains(',') {
        return Wanted::All;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Wanted::All;
    };
    let (first, last) = (first.trim(), last.trim());
    match (first.parse::<u64>().ok(), last.parse::<u64>().ok()) {
        (Some(start), _) if start >= size => Wanted::Unsatisfiable,
        (Some(start), None) if last.is_empty() => Wanted::Part(start, size - 1),
        (Some(start), Some(end)) if end >= start => Wanted::Part(start, end.min(size - 1)),
        (None, Some(n)) if first.is_empty() => match n {
            0 => Wanted::Unsatisfiable,
            n => Wanted::Part(size.saturating_sub(n), size - 1),
        },
        _ => Wanted::All,
    }
}

/// The response for `audio` given the request's headers.
pub async fn respond(audio: AudioStream, headers: &HeaderMap) -> ApiResult<Response> {
    let etag = format!("\"{}\"", audio.sha256);
    let size = audio.size_bytes;
    let header_str = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };

    if header_str(header::IF_NONE_MATCH)
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        return Ok(common(StatusCode::NOT_MODIFIED, &etag, &audio, None).into_response());
    }
    let range_applies = header_str(header::IF_RANGE).is_none_or(|v| v.trim() == etag);
    let wanted = match header_str(header::RANGE) {
        Some(r) if range_applies && size > 0 => parse_range(r, size),
        _ => Wanted::All,
    };
    let (status, start, len) = match wanted {
        Wanted::All => (StatusCode::OK, 0, size),
        Wanted::Part(a, b) => (StatusCode::PARTIAL_CONTENT, a, b - a + 1),
        Wanted::Unsatisfiable => {
            let mut response = ApiError(Error::invalid(
                "range",
                format!("The range asked for lies outside the {size}-byte file."),
            ))
            .into_response();
            *response.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            response.headers_mut().insert(
                header::CONTENT_RANGE,
                header_value(&format!("bytes */{size}")),
            );
            return Ok(response);
        }
    };

    let mut file = tokio::fs::File::from_std(audio.file.try_clone().map_err(Error::internal)?);
    file.seek(SeekFrom::Start(start))
        .await
        .map_err(Error::internal)?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
        file.take(len),
        CHUNK,
    ));
    let mut response = common(status, &etag, &audio, Some(len)).into_response();
    if status == StatusCode::PARTIAL_CONTENT {
        response.headers_mut().insert(
            header::CONTENT_RANGE,
            header_value(&format!("bytes {start}-{}/{size}", start + len - 1)),
        );
    }
    *response.body_mut() = body;
    Ok(response)
}

fn common(
    status: StatusCode,
    etag: &str,
    audio: &AudioStream,
    len: Option<u64>,
) -> (StatusCode, HeaderMap) {
    let mut h = HeaderMap::new();
    h.insert(header::ETAG, header_value(etag));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(audio.format.mime_type()),
    );
    // The bytes of a version never change, but membership can: a cache must ask again.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    // Lets a downloading client file the audio under its band, so it can delete the
    // cache of a band it leaves.
    h.insert(BAND_HEADER, HeaderValue::from(audio.band_id.0));
    if let Some(len) = len {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    (status, h)
}

fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::{Wanted, parse_range};

    #[test]
    fn reads_the_three_single_range_forms() {
        assert_eq!(parse_range("bytes=0-99", 1000), Wanted::Part(0, 99));
        assert_eq!(parse_range("bytes=900-", 1000), Wanted::Part(900, 999));
        assert_eq!(parse_range("bytes=-100", 1000), Wanted::Part(900, 999));
        assert_eq!(parse_range("bytes=-5000", 1000), Wanted::Part(0, 999));
        assert_eq!(parse_range("bytes=990-5000", 1000), Wanted::Part(990, 999));
    }

    #[test]
    fn refuses_what_lies_outside_and_ignores_what_it_does_not_understand() {
        assert_eq!(parse_range("bytes=1000-", 1000), Wanted::Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 1000), Wanted::Unsatisfiable);
        assert_eq!(parse_range("bytes=5-2", 1000), Wanted::All);
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), Wanted::All);
        assert_eq!(parse_range("items=0-1", 1000), Wanted::All);
        assert_eq!(parse_range("bytes=x-y", 1000), Wanted::All);
    }
}
