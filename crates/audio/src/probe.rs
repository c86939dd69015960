//! Accepting a file as audio by decoding all of it.
//!
//! A header can lie (a renamed text file that happens to start with `RIFF`, a recording
//! whose upload was cut off), so [`DecodingProbe`] decodes every packet: the duration is
//! the frames actually decoded, and the waveform peaks come from the same pass, so a
//! version is read once when it is added.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use rehearsalhub_core::{AudioFormat, AudioInfo, AudioProbe};
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{
    CODEC_TYPE_FLAC, CODEC_TYPE_MP3, CODEC_TYPE_NULL, CODEC_TYPE_VORBIS, DecoderOptions,
};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use crate::peaks::{BUCKETS, PeakAccumulator};

const EMPTY: &str = "The file is empty.";
const NOT_AUDIO: &str = "This file is not a WAV, MP3, FLAC or Ogg Vorbis recording.";
const CUT_SHORT: &str = "This recording is cut short: the file ends before the audio does.";
const DAMAGED: &str = "This recording is damaged and cannot be decoded.";
const SILENT: &str = "This file holds no audio.";
const OVER_BUDGET: &str = "This file decodes to far more audio than a recording of its size \
     can hold, so it was refused.";
const TOO_LONG: &str = "Recordings can be at most 12 hours long.";
const UNSUPPORTED: &str = "This recording has more channels or a higher sample rate than \
     RehearsalHub accepts (8 channels, 384 kHz).";

/// How much decoding a file may cost, decided from the file before decoding starts.
///
/// A file that is cheap to send but expensive to decode (FLAC of CONSTANT subframes carries
/// 524,280 samples in about 30 bytes) would otherwise buy minutes of CPU per upload. Real
/// recordings stay far below the ratio: PCM gives 0.5–1 sample per byte, FLAC of real sound
/// about 1, the lowest-bitrate MP3 and Vorbis up to about 50. Digital silence compresses
/// further, which is what the floor is for: a short file may always decode to a minute of
/// stereo at 48 kHz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The most samples (frames × channels) the file may decode to.
    pub max_samples: u64,
    /// The longest a recording may be, in seconds.
    pub max_secs: u64,
}

impl Budget {
    /// Decoded samples allowed per byte of file.
    pub const SAMPLES_PER_BYTE: u64 = 256;
    /// Samples any file may decode to, however small: a minute of 48 kHz stereo.
    pub const FLOOR_SAMPLES: u64 = 60 * 48_000 * 2;
    /// The longest recording accepted: 12 hours.
    pub const MAX_SECS: u64 = 12 * 3600;
    /// Samples no file may decode past, whatever its size: 12 hours of 48 kHz stereo.
    /// Padding (a FLAC PADDING block, junk after the audio) makes a file larger for free,
    /// so the size alone must not decide how much decoding it may buy.
    pub const MAX_SAMPLES: u64 = Self::MAX_SECS * 48_000 * 2;
    /// The highest sample rate accepted, in Hz.
    pub const MAX_RATE: u32 = 384_000;
    /// The most channels accepted.
    pub const MAX_CHANNELS: usize = 8;

    /// The budget of a file of `size` bytes.
    pub fn for_size(size: u64) -> Self {
        Budget {
            max_samples: size
                .saturating_mul(Self::SAMPLES_PER_BYTE)
                .clamp(Self::FLOOR_SAMPLES, Self::MAX_SAMPLES),
            max_secs: Self::MAX_SECS,
        }
    }

    /// Refuses sample rates and channel counts no recording of a band has, which would
    /// otherwise stretch the 12 hours into any number of samples.
    fn check_format(rate: Option<u32>, channels: Option<usize>) -> Result<(), String> {
        if rate.is_some_and(|r| r > Self::MAX_RATE)
            || channels.is_some_and(|c| c > Self::MAX_CHANNELS)
        {
            return Err(UNSUPPORTED.into());
        }
        Ok(())
    }

    /// Whether `frames` of `channels` at `rate` Hz fit; the message if not.
    fn check(&self, frames: u64, channels: u64, rate: u32) -> Result<(), String> {
        if frames.saturating_mul(channels.max(1)) > self.max_samples {
            return Err(OVER_BUDGET.into());
        }
        if rate > 0 && frames / u64::from(rate) >= self.max_secs {
            return Err(TOO_LONG.into());
        }
        Ok(())
    }
}

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

/// The container as told by the first bytes, which decides the format we record; the
/// codec found inside must agree with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Riff,
    Flac,
    Ogg,
    Other,
}

fn read_error(e: std::io::Error) -> String {
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
    let mut magic = [0u8; 4];
    let got = read_up_to(&mut file, &mut magic).map_err(read_error)?;
    let container = match &magic[..got] {
        b"RIFF" => Container::Riff,
        b"fLaC" => Container::Flac,
        b"OggS" => Container::Ogg,
        _ => Container::Other,
    };
    let whole = match container {
        Container::Ogg => ogg_ends_cleanly(&mut file, size),
        Container::Other => mp3_ends_cleanly(&mut file, size),
        // Their headers give the frame count, checked after decoding.
        Container::Riff | Container::Flac => Ok(true),
    };
    if !whole.map_err(read_error)? {
        return Err(CUT_SHORT.into());
    }
    file.seek(SeekFrom::Start(0)).map_err(read_error)?;

    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let formats = FormatOptions {
        // Trims the encoder's delay and padding (MP3 LAME tags), so the duration is the
        // recording's, not the encoder's.
        enable_gapless: true,
        ..Default::default()
    };
    let probed = symphonia::default::get_probe()
        .format(&Hint::new(), stream, &formats, &MetadataOptions::default())
        .map_err(|_| NOT_AUDIO.to_owned())?;
    let mut reader = probed.format;
    let track = reader
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| NOT_AUDIO.to_owned())?;
    let track_id = track.id;
    let params = track.codec_params.clone();
    let format = match (container, params.codec) {
        (Container::Flac, CODEC_TYPE_FLAC) => AudioFormat::Flac,
        (Container::Ogg, CODEC_TYPE_VORBIS) => AudioFormat::Ogg,
        (Container::Riff, c) if c != CODEC_TYPE_FLAC && c != CODEC_TYPE_VORBIS => AudioFormat::Wav,
        (Container::Other, CODEC_TYPE_MP3) => AudioFormat::Mp3,
        _ => return Err(NOT_AUDIO.into()),
    };
    // What the header promises is checked before a packet is decoded; what decoding
    // yields is checked as it goes, since a header can leave the length out.
    let budget = Budget::for_size(size);
    Budget::check_format(params.sample_rate, params.channels.map(|c| c.count()))?;
    if let Some(frames) = params.n_frames {
        budget.check(
            frames,
            params.channels.map_or(1, |c| c.count() as u64),
            params.sample_rate.unwrap_or(0),
        )?;
    }
    let mut decoder = symphonia::default::get_codecs()
        .make(&params, &DecoderOptions::default())
        .map_err(|_| NOT_AUDIO.to_owned())?;

    let mut peaks: Option<PeakAccumulator> = None;
    let mut buffer: Option<SampleBuffer<f32>> = None;
    let mut rate = params.sample_rate;
    let mut channels = params.channels.map(|c| c.count());
    let (mut packets, mut damaged) = (0u64, 0u64);
    // Frames charged to the budget before each packet is decoded, whether it decodes or
    // not: a packet that fails half-way has cost its work all the same.
    let mut charged: u64 = 0;
    let fallback_dur = params.max_frames_per_packet.map_or(8_192, |m| m.max(1));
    loop {
        let packet = match reader.next_packet() {
            Ok(p) => p,
            // The normal end of a stream, and of a chained Ogg stream.
            Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                break;
            }
            Err(SymphoniaError::ResetRequired) => break,
            Err(SymphoniaError::IoError(e)) => return Err(read_error(e)),
            Err(_) => return Err(DAMAGED.into()),
        };
        if packet.track_id() != track_id {
            continue;
        }
        packets += 1;
        if let Some(total) = params.n_frames.filter(|n| *n > 0) {
            let step = (total / 10).max(1);
            if packet.ts() / step != packet.ts().saturating_sub(packet.dur()) / step {
                progress((packet.ts() as f64 / total as f64).min(1.0) as f32);
            }
        }
        charged = charged.saturating_add(if packet.dur() > 0 {
            packet.dur()
        } else {
            fallback_dur
        });
        budget.check(
            charged,
            channels.map_or(Budget::MAX_CHANNELS, |c| c) as u64,
            rate.unwrap_or(0),
        )?;
        let decoded = match decoder.decode(&packet) {
            Ok(d) => d,
            // One bad packet in a long recording plays as a click elsewhere too; many
            // mean the file is not what it claims to be (checked below, and as soon as
            // they are many, so a file of bad packets is not decoded to its end).
            Err(SymphoniaError::DecodeError(_)) => {
                damaged += 1;
                if damaged > 64 && damaged * 20 > packets {
                    return Err(DAMAGED.into());
                }
                continue;
            }
            Err(SymphoniaError::IoError(e)) => return Err(read_error(e)),
            Err(_) => return Err(DAMAGED.into()),
        };
        let spec = *decoded.spec();
        rate.get_or_insert(spec.rate);
        let count = spec.channels.count();
        channels.get_or_insert(count);
        Budget::check_format(Some(spec.rate), Some(count))?;
        let decoded_frames = peaks.as_ref().map_or(0, PeakAccumulator::frames);
        budget.check(
            decoded_frames + decoded.frames() as u64,
            count as u64,
            rate.unwrap_or(spec.rate),
        )?;
        let needed = decoded.capacity() as u64;
        let buf = match &mut buffer {
            Some(b) if b.capacity() as u64 >= needed * count as u64 => b,
            _ => buffer.insert(SampleBuffer::new(needed, spec)),
        };
        buf.copy_interleaved_ref(decoded);
        peaks
            .get_or_insert_with(|| PeakAccumulator::new(count))
            .push(buf.samples());
    }

    if damaged > 0 && damaged * 20 > packets {
        return Err(DAMAGED.into());
    }
    let Some(peaks) = peaks else {
        return Err(if damaged > 0 { DAMAGED } else { SILENT }.into());
    };
    let frames = peaks.frames();
    if frames == 0 {
        return Err(SILENT.into());
    }
    // The header's frame count (WAV data size, FLAC STREAMINFO, MP3 Xing/LAME tag) against
    // what decoded: fewer frames means the file stops early. A frame's worth of slack covers
    // encoders that round the count.
    if let Some(expected) = params.n_frames
        && frames + params.max_frames_per_packet.unwrap_or(0).max(1152) < expected
    {
        return Err(CUT_SHORT.into());
    }
    let rate = rate
        .filter(|r| *r > 0)
        .ok_or_else(|| NOT_AUDIO.to_owned())?;
    let duration_ms = i64::try_from(frames.saturating_mul(1000) / u64::from(rate)).ok();
    progress(1.0);
    Ok(AudioInfo {
        format,
        duration_ms,
        sample_rate: Some(i64::from(rate)),
        channels: channels.and_then(|c| i64::try_from(c).ok()),
        peaks: Some(peaks.finish(BUCKETS)),
    })
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}

/// Whether an Ogg file's last page is whole and marks the end of its stream. Symphonia
/// stops quietly at a cut page, and an Ogg file's length is read from its last page, so
/// a cut-off upload would otherwise pass as a shorter recording.
fn ogg_ends_cleanly(file: &mut File, size: u64) -> std::io::Result<bool> {
    // A page is at most 27 + 255 + 255 * 255 bytes.
    const MAX_PAGE: u64 = 27 + 255 + 255 * 255;
    let start = size.saturating_sub(MAX_PAGE);
    file.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::with_capacity((size - start) as usize);
    file.read_to_end(&mut tail)?;
    let mut at = tail.len();
    while let Some(p) = tail[..at].windows(4).rposition(|w| w == b"OggS") {
        if let Some(end) = ogg_page_end(&tail, p)
            && end == tail.len()
        {
            const END_OF_STREAM: u8 = 0x04;
            return Ok(tail[p + 5] & END_OF_STREAM != 0);
        }
        at = p + 3;
        if p == 0 {
            break;
        }
    }
    Ok(false)
}

/// Where the Ogg page starting at `p` ends, if its header fits in `b`.
fn ogg_page_end(b: &[u8], p: usize) -> Option<usize> {
    let segments = usize::from(*b.get(p + 26)?);
    let table = b.get(p + 27..p + 27 + segments)?;
    let body: usize = table.iter().map(|&s| usize::from(s)).sum();
    Some(p + 27 + segments + body)
}

/// Whether an MP3's frames run to the end of the file (or to an ID3v1 tag). Without a
/// LAME/Xing tag nothing says how many frames there should be, and symphonia drops a cut
/// last frame quietly, so a half upload would pass as a shorter recording. Data that is
/// not Layer III frames is left to the decoder to judge.
fn mp3_ends_cleanly(file: &mut File, size: u64) -> std::io::Result<bool> {
    file.seek(SeekFrom::Start(0))?;
    let mut r = std::io::BufReader::with_capacity(64 * 1024, &mut *file);
    let mut head = [0u8; 10];
    let mut pos = 0u64;
    if size >= 10 {
        r.read_exact(&mut head)?;
        if &head[..3] == b"ID3" {
            let tag = head[6..10]
                .iter()
                .fold(0u64, |n, &b| (n << 7) | u64::from(b & 0x7F));
            let footer = if head[5] & 0x10 != 0 { 10 } else { 0 };
            pos = 10 + tag + footer;
        }
    }
    r.seek(SeekFrom::Start(pos))?;
    let mut header = [0u8; 4];
    while pos < size {
        let left = size - pos;
        if left < 4 {
            return Ok(false);
        }
        r.read_exact(&mut header)?;
        if left == 128 && &header[..3] == b"TAG" {
            return Ok(true);
        }
        let Some(len) = mp3_frame_len(header) else {
            return Ok(true);
        };
        if pos + len > size {
            return Ok(false);
        }
        pos += len;
        // `len` is at least 24 bytes (see `mp3_frame_len`), so this moves forward.
        r.seek_relative(i64::try_from(len).unwrap_or(i64::MAX) - 4)?;
    }
    Ok(true)
}

/// The length of the MPEG Layer III frame starting with `h`, if `h` is a valid header.
fn mp3_frame_len(h: [u8; 4]) -> Option<u64> {
    if h[0] != 0xFF || h[1] & 0xE0 != 0xE0 || (h[1] >> 1) & 3 != 1 {
        return None;
    }
    let version = (h[1] >> 3) & 3; // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
    const MPEG1: [u64; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const MPEG2: [u64; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let kbps = match version {
        3 => *MPEG1.get(usize::from(h[2] >> 4))?,
        0 | 2 => *MPEG2.get(usize::from(h[2] >> 4))?,
        _ => return None,
    };
    let rate = [44_100u64, 48_000, 32_000].get(usize::from((h[2] >> 2) & 3))?
        >> match version {
            3 => 0,
            2 => 1,
            _ => 2,
        };
    // Free-format bitrate (index 0) has no length in its header.
    if kbps == 0 {
        return None;
    }
    let per_kbps = if version == 3 { 144_000 } else { 72_000 };
    Some(per_kbps * kbps / rate + u64::from((h[2] >> 1) & 1))
}
