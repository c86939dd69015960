//! What a file is before it is decoded: its container by its first bytes, and whether its
//! end is whole where the container's header cannot say (an Ogg stream's last page, an
//! MP3's last frame), so a cut-off upload is not taken for a shorter recording.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// The container as told by the first bytes, which decides the format we record; the
/// codec found inside must agree with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Riff,
    Flac,
    Ogg,
    Other,
}

/// The container of `file` (read from its start), and whether its end is whole.
pub(crate) fn sniff(file: &mut File, size: u64) -> std::io::Result<(Container, bool)> {
    let mut magic = [0u8; 4];
    let got = read_up_to(file, &mut magic)?;
    let container = match &magic[..got] {
        b"RIFF" => Container::Riff,
        b"fLaC" => Container::Flac,
        b"OggS" => Container::Ogg,
        _ => Container::Other,
    };
    let whole = match container {
        Container::Ogg => ogg_ends_cleanly(file, size)?,
        Container::Other => mp3_ends_cleanly(file, size)?,
        // Their headers give the frame count, checked after decoding.
        Container::Riff | Container::Flac => true,
    };
    file.seek(SeekFrom::Start(0))?;
    Ok((container, whole))
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
