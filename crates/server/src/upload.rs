//! Receiving an audio upload (`multipart/form-data` with `file` and the optional text parts
//! `label`, `session_id` and `recorded_at`):
//! the file part is streamed to a spool file in the blob folder's `tmp/`, counting bytes
//! as they arrive, so a body over the limit is cut off at the limit and never held in
//! memory. The core then checks, hashes and stores the spooled file.

use std::path::{Path, PathBuf};

use axum::extract::Multipart;
use rehearsalhub_core::Error;
use tokio::io::AsyncWriteExt;

use crate::error::ApiResult;

/// The longest text part accepted from the form before the core's own check.
const MAX_TEXT_BYTES: usize = 4096;

/// A spooled upload; the file is deleted when this is dropped.
#[derive(Debug)]
pub struct Spooled {
    /// Where the bytes are.
    pub path: PathBuf,
    /// The client's file name, if it sent one.
    pub file_name: Option<String>,
    /// The `label` part, if any.
    pub label: Option<String>,
    /// The `session_id` part, if any (unparsed).
    pub session_id: Option<String>,
    /// The `recorded_at` part, if any (unparsed).
    pub recorded_at: Option<String>,
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Reads the form, spooling `file` into `tmp_dir`; refuses more than `max_bytes`.
pub async fn spool(mut form: Multipart, tmp_dir: &Path, max_bytes: u64) -> ApiResult<Spooled> {
    let mut name = [0u8; 12];
    getrandom::fill(&mut name).map_err(Error::internal)?;
    let hex: String = name.iter().map(|b| format!("{b:02x}")).collect();
    let mut spooled = Spooled {
        path: tmp_dir.join(format!("upload-{hex}")),
        file_name: None,
        label: None,
        session_id: None,
        recorded_at: None,
    };
    let mut got_file = false;
    while let Some(mut field) = form.next_field().await.map_err(bad_form)? {
        match field.name() {
            Some("file") if !got_file => {
                got_file = true;
                spooled.file_name = field.file_name().map(str::to_owned);
                let mut out = tokio::fs::File::create(&spooled.path)
                    .await
                    .map_err(Error::internal)?;
                let mut written: u64 = 0;
                let started = std::time::Instant::now();
                while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
                    written += chunk.len() as u64;
                    if written > max_bytes {
                        return Err(too_large(max_bytes).into());
                    }
                    if too_slow(started.elapsed(), written) {
                        return Err(Error::invalid(
                            "file",
                            "The upload arrived too slowly and was stopped. Try again on a \
                             better connection.",
                        )
                        .into());
                    }
                    out.write_all(&chunk).await.map_err(Error::internal)?;
                }
                out.flush().await.map_err(Error::internal)?;
            }
            Some("label") => spooled.label = Some(text_part(&mut field, "label").await?),
            Some("session_id") => {
                spooled.session_id = Some(text_part(&mut field, "session_id").await?);
            }
            Some("recorded_at") => {
                spooled.recorded_at = Some(text_part(&mut field, "recorded_at").await?);
            }
            // Unknown parts are drained and ignored, as forms often carry extras.
            _ => while field.chunk().await.map_err(bad_form)?.is_some() {},
        }
    }
    if !got_file {
        return Err(
            Error::invalid("file", "Attach the audio file as the form part “file”.").into(),
        );
    }
    Ok(spooled)
}

/// A short text part of the form, as UTF-8, refused beyond [`MAX_TEXT_BYTES`].
async fn text_part(
    field: &mut axum::extract::multipart::Field<'_>,
    name: &'static str,
) -> ApiResult<String> {
    let mut text = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
        text.extend_from_slice(&chunk);
        if text.len() > MAX_TEXT_BYTES {
            return Err(Error::invalid(name, "This form part is far too long.").into());
        }
    }
    String::from_utf8(text).map_err(|_| Error::invalid(name, "This must be UTF-8 text.").into())
}

/// The slowest an upload may arrive on average, after its first minute: 16 KiB/s
/// (128 kbit/s). A byte now and then beats the idle timeout; this keeps such a client from
/// holding an upload slot for ever.
const MIN_BYTES_PER_SEC: u64 = 16 * 1024;

/// Whether `written` bytes in `elapsed` is slower than the floor (never in the first minute).
fn too_slow(elapsed: std::time::Duration, written: u64) -> bool {
    let secs = elapsed.as_secs();
    secs > 60 && written < (secs - 60) * MIN_BYTES_PER_SEC
}

fn too_large(max_bytes: u64) -> Error {
    Error::invalid(
        "file",
        format!(
            "The file is larger than this server accepts ({} MiB).",
            max_bytes / (1024 * 1024)
        ),
    )
}

fn bad_form(e: axum::extract::multipart::MultipartError) -> Error {
    Error::invalid(
        "file",
        format!("The upload could not be read: {}", e.body_text()),
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::too_slow;

    #[test]
    fn a_trickle_is_cut_after_its_first_minute() {
        assert!(!too_slow(Duration::from_secs(59), 0));
        assert!(!too_slow(Duration::from_secs(120), 60 * 16 * 1024));
        assert!(too_slow(Duration::from_secs(120), 60 * 16 * 1024 - 1));
        assert!(too_slow(Duration::from_secs(3600), 1024 * 1024));
    }
}
