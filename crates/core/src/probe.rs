//! Recognising an audio file by its content, and reading what its header tells.
//!
//! This is the core's built-in [`AudioProbe`]: it checks the container's magic and header
//! structure (WAV, MP3, FLAC, Ogg Vorbis) and fills sample rate, channels and, where the
//! header gives it, duration. A decoding probe (the audio crate) can replace it through
//! [`crate::Hub::with_probe`] to also verify the stream decodes and compute peaks.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::model::{AudioFormat, Waveform};

/// What probing a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioInfo {
    /// The container.
    pub format: AudioFormat,
    /// Duration, if known.
    pub duration_ms: Option<i64>,
    /// Sample rate in Hz, if known.
    pub sample_rate: Option<i64>,
    /// Channels, if known.
    pub channels: Option<i64>,
    /// Waveform peaks, if computed.
    pub peaks: Option<Waveform>,
    /// The text of the file's date tag (ID3v2 `TDRC`, Vorbis/FLAC `DATE`), if a decoding
    /// probe read one: unchecked, [`crate::recorded::RecordedAt::from_tag`] reads it.
    pub tagged_date: Option<String>,
}

/// Decides whether a file is acceptable audio. `Err` carries a plain message for the user.
pub trait AudioProbe: Send + Sync + std::fmt::Debug {
    /// Probes the file at `path`.
    fn probe(&self, path: &Path) -> Result<AudioInfo, String>;

    /// [`AudioProbe::probe`], telling `progress` the share done so far (`0.0..=1.0`), for
    /// probes slow enough to be worth watching.
    fn probe_reporting(&self, path: &Path, progress: &dyn Fn(f32)) -> Result<AudioInfo, String> {
        let _ = progress;
        self.probe(path)
    }
}

/// The header-only probe.
#[derive(Debug, Default, Clone, Copy)]
pub struct HeaderProbe;

const NOT_AUDIO: &str = "This file is not a WAV, MP3, FLAC or Ogg Vorbis recording.";

impl AudioProbe for HeaderProbe {
    fn probe(&self, path: &Path) -> Result<AudioInfo, String> {
        let mut f = File::open(path).map_err(|e| format!("Could not read the file: {e}"))?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        if size == 0 {
            return Err("The file is empty.".into());
        }
        let mut head = Vec::with_capacity(64 * 1024);
        (&mut f)
            .take(64 * 1024)
            .read_to_end(&mut head)
            .map_err(|e| format!("Could not read the file: {e}"))?;
        if head.starts_with(b"RIFF") {
            wav(&head).ok_or_else(|| "This WAV file is damaged or not PCM audio.".into())
        } else if head.starts_with(b"fLaC") {
            flac(&head).ok_or_else(|| "This FLAC file is damaged.".into())
        } else if head.starts_with(b"OggS") {
            let tail = read_tail(&mut f, size, 64 * 1024).unwrap_or_default();
            ogg_vorbis(&head, &tail)
        } else {
            mp3(&head, size).ok_or_else(|| NOT_AUDIO.into())
        }
    }
}

fn read_tail(f: &mut File, size: u64, n: u64) -> std::io::Result<Vec<u8>> {
    let start = size.saturating_sub(n);
    f.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::new();
    f.read_to_end(&mut tail)?;
    Ok(tail)
}

fn u16le(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u32le(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn wav(b: &[u8]) -> Option<AudioInfo> {
    if b.get(8..12)? != b"WAVE" {
        return None;
    }
    let mut at = 12;
    let mut fmt: Option<(u16, u32, u32)> = None;
    let mut data_len: Option<u32> = None;
    while at + 8 <= b.len() {
        let id = &b[at..at + 4];
        let len = u32le(b, at + 4)?;
        let body = at + 8;
        if id == b"fmt " {
            let tag = u16le(b, body)?;
            // 1 = PCM, 3 = IEEE float, 0xFFFE = WAVE_FORMAT_EXTENSIBLE.
            if !matches!(tag, 1 | 3 | 0xFFFE) {
                return None;
            }
            fmt = Some((
                u16le(b, body + 2)?,
                u32le(b, body + 4)?,
                u32le(b, body + 8)?,
            ));
        } else if id == b"data" {
            data_len = Some(len);
            break;
        }
        at = body.checked_add(len as usize + (len as usize & 1))?;
    }
    let (channels, rate, byte_rate) = fmt?;
    if channels == 0 || rate == 0 || byte_rate == 0 {
        return None;
    }
    let data_len = data_len?;
    Some(AudioInfo {
        format: AudioFormat::Wav,
        duration_ms: Some(i64::from(data_len) * 1000 / i64::from(byte_rate)),
        sample_rate: Some(i64::from(rate)),
        channels: Some(i64::from(channels)),
        peaks: None,
        tagged_date: None,
    })
}

fn flac(b: &[u8]) -> Option<AudioInfo> {
    // The first metadata block must be STREAMINFO (type 0, 34 bytes).
    let block = b.get(4..8)?;
    if block[0] & 0x7F != 0 || u32::from_be_bytes([0, block[1], block[2], block[3]]) != 34 {
        return None;
    }
    let si = b.get(8..8 + 34)?;
    let rate = (u32::from(si[10]) << 12) | (u32::from(si[11]) << 4) | (u32::from(si[12]) >> 4);
    let channels = ((si[12] >> 1) & 0x07) + 1;
    let total = (u64::from(si[13] & 0x0F) << 32)
        | u64::from(u32::from_be_bytes([si[14], si[15], si[16], si[17]]));
    if rate == 0 {
        return None;
    }
    Some(AudioInfo {
        format: AudioFormat::Flac,
        duration_ms: (total > 0).then(|| (total * 1000 / u64::from(rate)) as i64),
        sample_rate: Some(i64::from(rate)),
        channels: Some(i64::from(channels)),
        peaks: None,
        tagged_date: None,
    })
}

fn ogg_vorbis(head: &[u8], tail: &[u8]) -> Result<AudioInfo, String> {
    // First page: 27-byte header, segment table, then the identification packet.
    let segments = usize::from(*head.get(26).ok_or(NOT_AUDIO)?);
    let packet = head.get(27 + segments..).ok_or(NOT_AUDIO)?;
    if packet.get(..7) != Some(b"\x01vorbis".as_slice()) {
        return Err("Only Ogg files with Vorbis audio are accepted.".into());
    }
    let channels = *packet.get(11).ok_or(NOT_AUDIO)?;
    let rate = u32le(packet, 12).ok_or(NOT_AUDIO)?;
    if channels == 0 || rate == 0 {
        return Err("This Ogg Vorbis file is damaged.".into());
    }
    // The last page's granule position is the stream's length in samples.
    let last_granule = tail
        .windows(4)
        .rposition(|w| w == b"OggS")
        .and_then(|at| tail.get(at + 6..at + 14))
        .and_then(|g| g.try_into().ok())
        .map(i64::from_le_bytes)
        .filter(|g| *g > 0);
    Ok(AudioInfo {
        format: AudioFormat::Ogg,
        duration_ms: last_granule.map(|g| g * 1000 / i64::from(rate)),
        sample_rate: Some(i64::from(rate)),
        channels: Some(i64::from(channels)),
        peaks: None,
        tagged_date: None,
    })
}

/// An MPEG audio frame header: (sample rate, channels, frame length, samples per frame,
/// bitrate in bit/s).
fn mp3_frame(h: &[u8]) -> Option<(u32, u8, usize, u32, u32)> {
    let (b1, b2, b3) = (*h.get(1)?, *h.get(2)?, *h.get(3)?);
    if h[0] != 0xFF || b1 & 0xE0 != 0xE0 {
        return None;
    }
    let version = (b1 >> 3) & 0x03; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
    let layer = (b1 >> 1) & 0x03; // 1 = Layer III
    if version == 1 || layer != 1 {
        return None;
    }
    let br_index = usize::from(b2 >> 4);
    let sr_index = usize::from((b2 >> 2) & 0x03);
    if br_index == 0 || br_index == 15 || sr_index == 3 {
        return None;
    }
    const BR_V1: [u32; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const BR_V2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let base_rate = [44_100, 48_000, 32_000][sr_index];
    let (rate, bitrate, spf) = match version {
        3 => (base_rate, BR_V1[br_index] * 1000, 1152),
        2 => (base_rate / 2, BR_V2[br_index] * 1000, 576),
        _ => (base_rate / 4, BR_V2[br_index] * 1000, 576),
    };
    let padding = u32::from((b2 >> 1) & 1);
    let len = (spf / 8 * bitrate / rate + padding) as usize;
    let channels = if b3 >> 6 == 3 { 1 } else { 2 };
    (len >= 4).then_some((rate, channels, len, spf, bitrate))
}

fn mp3(b: &[u8], file_size: u64) -> Option<AudioInfo> {
    let mut start = 0usize;
    if b.starts_with(b"ID3") {
        let sz = b.get(6..10)?;
        let tag = (usize::from(sz[0] & 0x7F) << 21)
            | (usize::from(sz[1] & 0x7F) << 14)
            | (usize::from(sz[2] & 0x7F) << 7)
            | usize::from(sz[3] & 0x7F);
        let footer = if b.get(5)? & 0x10 != 0 { 10 } else { 0 };
        start = 10 + tag + footer;
    }
    // Find a frame followed by another valid frame: one sync word alone is too weak a sign.
    let search_end = b.len().min(start + 8 * 1024);
    let at = (start..search_end).find(|&i| {
        mp3_frame(&b[i..]).is_some_and(|(rate, ch, len, ..)| {
            b.get(i + len..)
                .and_then(mp3_frame)
                .is_some_and(|(r2, c2, ..)| r2 == rate && c2 == ch)
                || i + len == b.len() && b.len() as u64 == file_size
        })
    })?;
    let (rate, channels, _, spf, bitrate) = mp3_frame(&b[at..])?;
    // A Xing/Info header inside the first frame gives the frame count (VBR); otherwise
    // estimate from the bitrate (CBR).
    let frames = b[at..(at + 200).min(b.len())]
        .windows(4)
        .position(|w| w == b"Xing" || w == b"Info")
        .and_then(|p| {
            let x = at + p;
            if b.get(x + 7)? & 1 != 1 {
                return None;
            }
            Some(u32::from_be_bytes(b.get(x + 8..x + 12)?.try_into().ok()?))
        });
    let duration_ms = match frames {
        Some(n) => i64::from(n) * i64::from(spf) * 1000 / i64::from(rate),
        None => ((file_size - at as u64) * 8 * 1000 / u64::from(bitrate)) as i64,
    };
    Some(AudioInfo {
        format: AudioFormat::Mp3,
        duration_ms: Some(duration_ms),
        sample_rate: Some(i64::from(rate)),
        channels: Some(i64::from(channels)),
        peaks: None,
        tagged_date: None,
    })
}

/// A minimal PCM WAV file (16-bit), for tests and examples.
pub fn wav_bytes(sample_rate: u32, channels: u16, samples: &[i16]) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut v = Vec::with_capacity(44 + samples.len() * 2);
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + data_len).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&channels.to_le_bytes());
    v.extend_from_slice(&sample_rate.to_le_bytes());
    v.extend_from_slice(&(sample_rate * u32::from(channels) * 2).to_le_bytes());
    v.extend_from_slice(&(channels * 2).to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        v.extend_from_slice(&s.to_le_bytes());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe_bytes(bytes: &[u8]) -> Result<AudioInfo, String> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, bytes).unwrap();
        HeaderProbe.probe(&p)
    }

    #[test]
    fn wav_header_gives_duration() {
        let info = probe_bytes(&wav_bytes(8000, 1, &vec![0; 8000 * 2])).unwrap();
        assert_eq!(info.format, AudioFormat::Wav);
        assert_eq!(info.duration_ms, Some(2000));
        assert_eq!((info.sample_rate, info.channels), (Some(8000), Some(1)));
    }

    #[test]
    fn flac_streaminfo() {
        // fLaC + STREAMINFO for 44.1 kHz stereo, 16 bit, 441000 samples (10 s).
        let mut b = b"fLaC".to_vec();
        b.extend_from_slice(&[0x80, 0, 0, 34]);
        let mut si = [0u8; 34];
        let rate: u32 = 44_100;
        let total: u64 = 441_000;
        si[10] = (rate >> 12) as u8;
        si[11] = (rate >> 4) as u8;
        si[12] = (((rate & 0x0F) << 4) as u8) | (1 << 1); // channels-1 = 1, bps high bit 0
        si[13] = (15 << 4) as u8 | ((total >> 32) as u8 & 0x0F); // bps-1 = 15 (low bit in si[12])
        si[14..18].copy_from_slice(&(total as u32).to_be_bytes());
        b.extend_from_slice(&si);
        let info = probe_bytes(&b).unwrap();
        assert_eq!(info.format, AudioFormat::Flac);
        assert_eq!(
            (info.sample_rate, info.channels, info.duration_ms),
            (Some(44_100), Some(2), Some(10_000))
        );
    }

    #[test]
    fn mp3_cbr_frames() {
        // MPEG1 Layer III, 128 kbit/s, 44.1 kHz, stereo: frame length 417 bytes.
        let header = [0xFF, 0xFB, 0x90, 0x00];
        let mut b = Vec::new();
        for _ in 0..10 {
            b.extend_from_slice(&header);
            b.extend_from_slice(&[0u8; 413]);
        }
        let info = probe_bytes(&b).unwrap();
        assert_eq!(info.format, AudioFormat::Mp3);
        assert_eq!((info.sample_rate, info.channels), (Some(44_100), Some(2)));
        assert_eq!(info.duration_ms, Some(4170 * 8 / 128));
    }

    #[test]
    fn rejects_non_audio() {
        for bad in [
            b"".as_slice(),
            b"hello, this is a text file renamed to .wav\n",
            b"RIFF\x10\x00\x00\x00WAVEjunk",
            b"fLaC\x00\x00",
            b"OggS\x00\x02",
            b"\xFF\xFB\x90\x00only one frame sync and then text",
        ] {
            assert!(probe_bytes(bad).is_err(), "{bad:?}");
        }
    }
}
