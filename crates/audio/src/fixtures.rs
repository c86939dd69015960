//! Files built by hand for tests and benchmarks: the hostile FLAC that a decoding budget
//! exists for. Nothing in the product calls this.

/// Writes bits most significant first, as FLAC frames are laid out.
struct Bits {
    bytes: Vec<u8>,
    used: u8,
}

impl Bits {
    fn new() -> Self {
        Bits {
            bytes: Vec::new(),
            used: 8,
        }
    }

    fn put(&mut self, value: u64, bits: u8) {
        for i in (0..bits).rev() {
            if self.used == 8 {
                self.bytes.push(0);
                self.used = 0;
            }
            let bit = u8::from((value >> i) & 1 == 1);
            if let Some(last) = self.bytes.last_mut() {
                *last |= bit << (7 - self.used);
            }
            self.used += 1;
        }
    }
}

fn crc8(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0u8, |mut crc, &b| {
        crc ^= b;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x07
            } else {
                crc << 1
            };
        }
        crc
    })
}

fn crc16(bytes: &[u8]) -> u16 {
    bytes.iter().fold(0u16, |mut crc, &b| {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x8005
            } else {
                crc << 1
            };
        }
        crc
    })
}

/// FLAC's UTF-8-like coding of a frame number (up to 31 bits).
fn utf8_number(n: u32) -> Vec<u8> {
    let mut buf = [0u8; 4];
    match char::from_u32(n) {
        Some(c) => c.encode_utf8(&mut buf).as_bytes().to_vec(),
        // Surrogates are not chars; the fixtures never number that many frames.
        None => vec![0],
    }
}

/// A valid FLAC file of `frames` frames of 65,535 samples on each of `channels` (1–8)
/// channels at `rate` Hz, 16-bit, every subframe CONSTANT: about 10 + 3 × `channels`
/// bytes per frame decode to 65,535 × `channels` samples. `padding` bytes of a PADDING
/// block make the file larger without adding audio. `declare_length` writes the total
/// in STREAMINFO (0 means "unknown", which a decoder must then find out by decoding).
/// With `broken`, each frame's last subframe has a reserved type: the decoder fills the
/// others and then fails the frame, so every frame costs work and yields nothing.
pub fn constant_flac(
    channels: u8,
    rate: u32,
    frames: u32,
    padding: u32,
    declare_length: bool,
    broken: bool,
) -> Vec<u8> {
    const BLOCK: u64 = 65_535;
    let channels = channels.clamp(1, 8);
    let mut out = b"fLaC".to_vec();
    let mut info = Bits::new();
    info.put(u64::from(padding == 0), 1);
    info.put(0, 7); // STREAMINFO
    info.put(34, 24);
    info.put(BLOCK, 16);
    info.put(BLOCK, 16);
    info.put(0, 24);
    info.put(0, 24);
    info.put(u64::from(rate), 20);
    info.put(u64::from(channels - 1), 3);
    info.put(15, 5); // 16 bits per sample
    let total = if declare_length {
        BLOCK * u64::from(frames)
    } else {
        0
    };
    info.put(total, 36);
    info.put(0, 64); // no MD5
    info.put(0, 64);
    out.extend_from_slice(&info.bytes);
    if padding > 0 {
        let mut head = Bits::new();
        head.put(1, 1);
        head.put(1, 7); // PADDING
        head.put(u64::from(padding), 24);
        out.extend_from_slice(&head.bytes);
        out.resize(out.len() + padding as usize, 0);
    }
    for n in 0..frames {
        let mut frame = Bits::new();
        frame.put(0b11_1111_1111_1110, 14);
        frame.put(0, 1);
        frame.put(0, 1); // fixed block size
        frame.put(0b0111, 4); // block size: 16 bits at the end of the header
        frame.put(0, 4); // sample rate from STREAMINFO
        frame.put(u64::from(channels - 1), 4); // independent channels
        frame.put(0b100, 3); // 16 bits per sample
        frame.put(0, 1);
        let mut header = frame.bytes;
        header.extend(utf8_number(n));
        header.extend_from_slice(&u16::try_from(BLOCK - 1).unwrap_or(u16::MAX).to_be_bytes());
        header.push(crc8(&header));
        for c in 0..channels {
            if broken && c == channels - 1 {
                header.push(0b0000_0100); // a reserved subframe type
                continue;
            }
            header.push(0); // CONSTANT subframe, no wasted bits
            header.extend_from_slice(&(i16::from(c) * 1000 + 500).to_be_bytes());
        }
        let crc = crc16(&header);
        header.extend_from_slice(&crc.to_be_bytes());
        out.extend_from_slice(&header);
    }
    out
}
