//! The song routes written by hand: adding a version (a multipart upload, checked before
//! its body is read) and streaming its audio (byte ranges). The others are declared use
//! cases (`crate::cases`).

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rehearsalhub_core::{
    Error, RecordedAt, SessionId, SongId, TakeMeta, Upload, Version, VersionId, VersionLabel,
};

use super::AppState;
use crate::error::{ApiError, ApiResult, Errors, Limited};
use crate::extract::{Auth, Segments};

/// The multipart form of an upload.
#[derive(Debug, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The audio file (WAV, MP3, FLAC or Ogg Vorbis).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// A label; defaults to the file name.
    label: Option<String>,
    /// The rehearsal session of the song's band it was played in.
    session_id: Option<SessionId>,
    /// When it was recorded (`YYYY-MM-DDTHH:MM:SS`), if the file does not say.
    recorded_at: Option<RecordedAt>,
}

/// Adds a recording to a song (members). The caller's right is checked before a byte of
/// the body is read; the file is checked by decoding it. At most the configured number of
/// uploads are received at once (429 with `Retry-After` beyond).
#[utoipa::path(post, path = "/songs/{song_id}/versions", tag = "songs", security(("bearer" = [])),
    params(("song_id" = SongId, Path, description = "The song")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, description = "The version", body = Version), Errors, Limited))]
pub async fn add_version(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(song): Segments<String>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<(StatusCode, Json<Version>)> {
    let song = SongId::parse("song_id", &song)?;
    // Anonymous and non-member uploads are answered before their body costs any disk.
    s.hub.may_add_version(&caller, song).await?;
    let _receiving = s.uploads.clone().try_acquire_owned().map_err(|_| {
        ApiError(Error::RateLimited {
            message: "The server is receiving as many uploads as it can. Try again in a moment."
                .into(),
            retry_after_secs: 5,
        })
    })?;
    let form = form.map_err(ApiError::from)?;
    let spooled = crate::upload::spool(form, &s.spool_dir, s.max_upload_bytes).await?;
    let label = spooled
        .label
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .map(VersionLabel::parse)
        .transpose()?;
    let take = TakeMeta {
        label,
        session_id: given(spooled.session_id.as_deref())
            .map(|t| SessionId::parse("session_id", t))
            .transpose()?,
        recorded_at: given(spooled.recorded_at.as_deref())
            .map(RecordedAt::parse_form)
            .transpose()?,
    };
    let version = s
        .hub
        .add_take(
            &caller,
            song,
            Upload::File(spooled.path.clone()),
            take,
            spooled.file_name.as_deref(),
            std::sync::Arc::new(|_| {}),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(version)))
}

/// A text part that says something: not absent, not blank.
fn given(t: Option<&str>) -> Option<&str> {
    t.map(str::trim).filter(|t| !t.is_empty())
}

/// The audio bytes (members). `Range` gives 206; the `ETag` is the SHA-256.
#[utoipa::path(get, path = "/versions/{version_id}/stream", tag = "songs",
    security(("bearer" = [])),
    params(("version_id" = VersionId, Path, description = "The version"),
        ("Range" = Option<String>, Header, description = "One range: bytes=a-b, a- or -n"),
        ("If-None-Match" = Option<String>, Header, description = "A previously seen ETag")),
    responses(
        (status = 200, description = "The whole file",
            headers(("ETag" = String), ("Accept-Ranges" = String), ("Content-Length" = u64), ("X-Band-Id" = i64)),
            content((Vec<u8> = "audio/wav"), (Vec<u8> = "audio/mpeg"), (Vec<u8> = "audio/flac"), (Vec<u8> = "audio/ogg"))),
        (status = 206, description = "The asked range",
            headers(("ETag" = String), ("Accept-Ranges" = String), ("Content-Range" = String)),
            content((Vec<u8> = "audio/wav"), (Vec<u8> = "audio/mpeg"), (Vec<u8> = "audio/flac"), (Vec<u8> = "audio/ogg"))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 416, description = "The range lies outside the file", body = crate::error::ErrorBody),
        Errors))]
pub async fn stream_version(
    State(s): State<AppState>,
    Auth(caller): Auth,
    Segments(version): Segments<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let version = VersionId::parse("version_id", &version)?;
    let audio = s.hub.open_version_audio(&caller, version).await?;
    crate::stream::respond(audio, &headers).await
}
