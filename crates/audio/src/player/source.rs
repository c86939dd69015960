//! The sound being played: the recording's decoder, opened from its file at a position,
//! and what the player keeps of it to report the position and to carry on through a
//! reopened output.

use std::fs::File;
use std::io::{BufReader, Seek, SeekFrom};
use std::time::Duration;

use rodio::{Decoder, Source};

use super::state::Track;

/// A recording's decoder, ready to play from where it was asked to start.
pub(crate) struct Opened {
    /// Streams the file from disk, seekable.
    pub decoder: Decoder<BufReader<File>>,
    /// The recording's length: the stored one, else the decoder's.
    pub duration: Option<Duration>,
    /// Where it starts (clamped to the end).
    pub start: Duration,
    /// A second handle on the file, to carry on through a reopened output.
    pub reopen: Option<File>,
}

/// Opens `file` for playing from `start`; `Err` is a plain message for the user.
pub(crate) fn open(
    file: File,
    duration: Option<Duration>,
    start: Duration,
) -> Result<Opened, String> {
    let len = file
        .metadata()
        .map_err(|e| format!("Could not read the recording: {e}"))?
        .len();
    // A reopened file shares its offset with the handle the decoder used.
    let mut file = file;
    file.seek(SeekFrom::Start(0))
        .map_err(|e| format!("Could not read the recording: {e}"))?;
    let reopen = file.try_clone().ok();
    let mut decoder = Decoder::builder()
        .with_data(BufReader::new(file))
        .with_byte_len(len)
        .with_seekable(true)
        .with_gapless(true)
        .build()
        .map_err(|e| format!("This recording cannot be played: {e}"))?;
    let duration = duration.or_else(|| decoder.total_duration());
    let start = duration.map_or(start, |d| start.min(d));
    if !start.is_zero() {
        decoder
            .try_seek(start)
            .map_err(|e| format!("Could not start there: {e}"))?;
    }
    Ok(Opened {
        decoder,
        duration,
        start,
        reopen,
    })
}

/// What is playing.
pub(crate) struct Current {
    /// rodio's player on the output's mixer.
    pub player: rodio::Player,
    /// A second handle on the file, to carry on through a reopened output.
    pub reopen: Option<File>,
    /// The version.
    pub track: Track,
    /// Where the sound started; rodio counts from there until the first seek.
    pub offset: Duration,
    /// The recording's length.
    pub duration: Option<Duration>,
    /// What the benchmark reads of the output thread's pulls.
    #[cfg(feature = "bench-timings")]
    pub watch: std::sync::Arc<super::timings::Watch>,
}

impl Current {
    /// Where playback is in the recording.
    pub(crate) fn position(&self) -> Duration {
        let pos = self.offset + self.player.get_pos();
        self.duration.map_or(pos, |d| pos.min(d))
    }
}
