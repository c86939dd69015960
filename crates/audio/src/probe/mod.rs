//! Accepting a file as audio by decoding all of it.
//!
//! A header can lie (a renamed text file that happens to start with `RIFF`, a recording
//! whose upload was cut off), so [`DecodingProbe`] decodes every packet: the duration is
//! the frames actually decoded, and the waveform peaks come from the same pass, so a
//! version is read once when it is added. In phases: [`sniff`] the container and whether
//! the file's end is whole, open its track and [`decode`] every packet under the
//! [`budget`], then the verdict on what was decoded.

mod budget;
mod decode;
mod sniff;

use std::fs::File;
use std::path::Path;

use rehearsalhub_core::{AudioInfo, AudioProbe};

pub use budget::Budget;

use crate::peaks::BUCKETS;

pub(crate) const EMPTY: &str = "The file is empty.";
pub(crate) const NOT_AUDIO: &str = "This file is not a WAV, MP3, FLAC or Ogg Vorbis recording.";
pub(crate) const CUT_SHORT: &str =
    "This recording is cut short: the file ends before the audio does.";
pub(crate) const DAMAGED: &str = "This recording is damaged and cannot be decoded.";
pub(crate) const SILENT: &str = "This file holds no audio.";
pub(crate) const OVER_BUDGET: &str = "This file decodes to far more audio than a recording of its size \
     can hold, so it was refused.";
pub(crate) const TOO_LONG: &str = "Recordings can be at most 12 hours long.";
pub(crate) const UNSUPPORTED: &str = "This recording has more channels or a higher sample rate than \
     RehearsalHub accepts (8 channels, 384 kHz).";

/// The probe the app and the server use: decodes the whole file with symphonia.
#[derive(Debug, Default, Clone, Copy)]
pub struct DecodingProbe;

impl AudioProbe for DecodingProbe {
    fn probe(&self, path: &Path) -> Result<AudioInfo, String> {
        probe_file(path)
    }

    fn probe_reporting(&self, path: &Path, progress: &dyn Fn(f32)) -> Result<AudioInfo, String> {
        probe_file_reporting(path, progress)
    }
}

pub(crate) fn read_error(e: std::io::Error) -> String {
    format!("Could not read the file: {e}")
}

/// Probes and decodes the file at `path`; `Err` is a plain message for the user.
pub fn probe_file(path: &Path) -> Result<AudioInfo, String> {
    probe_file_reporting(path, &|_| {})
}

/// [`probe_file`], telling `progress` the share decoded so far when the header gives the
/// length (about ten times over the file).
pub fn probe_file_reporting(path: &Path, progress: &dyn Fn(f32)) -> Result<AudioInfo, String> {
    let mut file = File::open(path).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    if size == 0 {
        return Err(EMPTY.into());
    }
    let (container, whole) = sniff::sniff(&mut file, size).map_err(read_error)?;
    if !whole {
        return Err(CUT_SHORT.into());
    }
    let mut track = decode::open_track(file, container)?;
    // What the header promises is checked before a packet is decoded; what decoding
    // yields is checked as it goes, since a header can leave the length out.
    let params = track.params.clone();
    let budget = Budget::for_size(size);
    Budget::check_format(params.sample_rate, params.channels.map(|c| c.count()))?;
    if let Some(frames) = params.n_frames {
        let channels = params.channels.map_or(1, |c| c.count() as u64);
        budget.check(frames, channels, params.sample_rate.unwrap_or(0))?;
    }
    let mut meter = budget::Meter::new(budget, params.max_frames_per_packet);
    let decoded = decode::decode_all(&mut track, &mut meter, progress)?;
    // The header's frame count (WAV data size, FLAC STREAMINFO, MP3 Xing/LAME tag) against
    // what decoded: fewer frames means the file stops early. A frame's worth of slack covers
    // encoders that round the count.
    let frames = decoded.peaks.as_ref().map(|p| p.frames());
    let slack = params.max_frames_per_packet.unwrap_or(0).max(1152);
    meter.verdict(frames, params.n_frames, slack)?;
    let (Some(peaks), Some(rate)) = (decoded.peaks, decoded.rate.filter(|r| *r > 0)) else {
        return Err(NOT_AUDIO.into());
    };
    let duration_ms = i64::try_from(peaks.frames().saturating_mul(1000) / u64::from(rate)).ok();
    progress(1.0);
    Ok(AudioInfo {
        format: track.format,
        duration_ms,
        sample_rate: Some(i64::from(rate)),
        channels: decoded.channels.and_then(|c| i64::try_from(c).ok()),
        peaks: Some(peaks.finish(BUCKETS)),
        tagged_date: track.date,
    })
}
