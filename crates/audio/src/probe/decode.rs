//! Decoding the whole file: opening its audio track (the codec must agree with the
//! container), then every packet, each charged to the [`Meter`] before it decodes, with
//! the waveform peaks gathered in the same pass.

use std::fs::File;

use rehearsalhub_core::AudioFormat;
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{
    CODEC_TYPE_FLAC, CODEC_TYPE_MP3, CODEC_TYPE_NULL, CODEC_TYPE_VORBIS, CodecParameters, Decoder,
    DecoderOptions,
};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::{FormatOptions, FormatReader, Packet};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::{MetadataOptions, MetadataRevision, StandardTagKey};
use symphonia::core::probe::Hint;

use super::budget::Meter;
use super::sniff::Container;
use super::{DAMAGED, NOT_AUDIO, read_error};
use crate::peaks::PeakAccumulator;

/// A file's audio track, opened.
pub(crate) struct Track {
    reader: Box<dyn FormatReader>,
    id: u32,
    /// What its header says (the frame count, the rate, the channels, when it says).
    pub params: CodecParameters,
    /// The format recorded for it.
    pub format: AudioFormat,
    /// The text of its date tag, if it has one (unchecked: the core decides what it means).
    pub date: Option<String>,
}

/// The longest date tag kept: a date and a time with a zone are 25 characters.
const MAX_DATE_CHARS: usize = 40;

/// The text of the first date tag of `rev`: ID3v2 `TDRC` (and `TYER`), a Vorbis comment's
/// `DATE` (FLAC, Ogg), which symphonia's readers all name `Date`.
fn date_in(rev: &MetadataRevision) -> Option<String> {
    rev.tags()
        .iter()
        .find(|t| t.std_key == Some(StandardTagKey::Date))
        .map(|t| t.value.to_string().chars().take(MAX_DATE_CHARS).collect())
}

/// Opens the audio track of `file`, whose first bytes said `container`.
pub(crate) fn open_track(file: File, container: Container) -> Result<Track, String> {
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let formats = FormatOptions {
        // Trims the encoder's delay and padding (MP3 LAME tags), so the duration is the
        // recording's, not the encoder's.
        enable_gapless: true,
        ..Default::default()
    };
    let mut probed = symphonia::default::get_probe()
        .format(&Hint::new(), stream, &formats, &MetadataOptions::default())
        .map_err(|_| NOT_AUDIO.to_owned())?;
    // Tags before the stream (an MP3's ID3v2) are the probe's; the container's own (FLAC,
    // Ogg) are the reader's.
    let before = probed
        .metadata
        .get()
        .and_then(|m| m.current().and_then(date_in));
    let mut reader = probed.format;
    let date = before.or_else(|| reader.metadata().current().and_then(date_in));
    let track = reader
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| NOT_AUDIO.to_owned())?;
    let (id, params) = (track.id, track.codec_params.clone());
    let format = match (container, params.codec) {
        (Container::Flac, CODEC_TYPE_FLAC) => AudioFormat::Flac,
        (Container::Ogg, CODEC_TYPE_VORBIS) => AudioFormat::Ogg,
        (Container::Riff, c) if c != CODEC_TYPE_FLAC && c != CODEC_TYPE_VORBIS => AudioFormat::Wav,
        (Container::Other, CODEC_TYPE_MP3) => AudioFormat::Mp3,
        _ => return Err(NOT_AUDIO.into()),
    };
    Ok(Track {
        reader,
        id,
        params,
        format,
        date,
    })
}

/// What decoding found.
pub(crate) struct Decoded {
    /// The peaks, and the frames decoded (`None`: no packet decoded).
    pub peaks: Option<PeakAccumulator>,
    /// The sample rate, from the header or the first decoded packet.
    pub rate: Option<u32>,
    /// The channels, likewise.
    pub channels: Option<usize>,
}

/// Decodes every packet of `track`, charging each to `meter` first and reporting the share
/// done to `progress` when the header gives the length (about ten times over the file).
pub(crate) fn decode_all(
    track: &mut Track,
    meter: &mut Meter,
    progress: &dyn Fn(f32),
) -> Result<Decoded, String> {
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.params, &DecoderOptions::default())
        .map_err(|_| NOT_AUDIO.to_owned())?;
    let mut found = Decoded {
        peaks: None,
        rate: track.params.sample_rate,
        channels: track.params.channels.map(|c| c.count()),
    };
    let mut buffer: Option<SampleBuffer<f32>> = None;
    while let Some(packet) = next_packet(&mut *track.reader)? {
        if packet.track_id() != track.id {
            continue;
        }
        report(&packet, track.params.n_frames, progress);
        meter.charge(packet.dur(), found.channels, found.rate)?;
        decode_one(&mut *decoder, &packet, meter, &mut found, &mut buffer)?;
    }
    Ok(found)
}

/// The next packet; `None` at the end of the stream (and of a chained Ogg stream).
fn next_packet(reader: &mut dyn FormatReader) -> Result<Option<Packet>, String> {
    match reader.next_packet() {
        Ok(p) => Ok(Some(p)),
        Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Ok(None)
        }
        Err(SymphoniaError::ResetRequired) => Ok(None),
        Err(SymphoniaError::IoError(e)) => Err(read_error(e)),
        Err(_) => Err(DAMAGED.into()),
    }
}

/// Tells `progress` each time a tenth of the `total` frames is passed.
fn report(packet: &Packet, total: Option<u64>, progress: &dyn Fn(f32)) {
    if let Some(total) = total.filter(|n| *n > 0) {
        let step = (total / 10).max(1);
        if packet.ts() / step != packet.ts().saturating_sub(packet.dur()) / step {
            progress((packet.ts() as f64 / total as f64).min(1.0) as f32);
        }
    }
}

/// Decodes one charged packet into the peaks. One bad packet in a long recording plays as
/// a click elsewhere too; the meter judges when they are too many.
fn decode_one(
    decoder: &mut dyn Decoder,
    packet: &Packet,
    meter: &mut Meter,
    found: &mut Decoded,
    buffer: &mut Option<SampleBuffer<f32>>,
) -> Result<(), String> {
    let decoded = match decoder.decode(packet) {
        Ok(d) => d,
        Err(SymphoniaError::DecodeError(_)) => return meter.damaged(),
        Err(SymphoniaError::IoError(e)) => return Err(read_error(e)),
        Err(_) => return Err(DAMAGED.into()),
    };
    let spec = *decoded.spec();
    let rate = *found.rate.get_or_insert(spec.rate);
    let count = spec.channels.count();
    found.channels.get_or_insert(count);
    let so_far = found.peaks.as_ref().map_or(0, PeakAccumulator::frames);
    meter.decoded(so_far + decoded.frames() as u64, count, spec.rate, rate)?;
    let needed = decoded.capacity() as u64;
    let buf = match buffer {
        Some(b) if b.capacity() as u64 >= needed * count as u64 => b,
        _ => buffer.insert(SampleBuffer::new(needed, spec)),
    };
    buf.copy_interleaved_ref(decoded);
    found
        .peaks
        .get_or_insert_with(|| PeakAccumulator::new(count))
        .push(buf.samples());
    Ok(())
}
