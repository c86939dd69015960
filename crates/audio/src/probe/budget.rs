//! What decoding a file may cost ([`Budget`], decided from the file before decoding starts)
//! and the running account of one decode against it ([`Meter`]): packets charged before
//! they decode, damaged packets, and the verdict once the stream ends. Pure arithmetic, so
//! the rules are tested here without a file.

use super::{CUT_SHORT, DAMAGED, OVER_BUDGET, SILENT, TOO_LONG, UNSUPPORTED};

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
    pub(crate) fn check_format(rate: Option<u32>, channels: Option<usize>) -> Result<(), String> {
        if rate.is_some_and(|r| r > Self::MAX_RATE)
            || channels.is_some_and(|c| c > Self::MAX_CHANNELS)
        {
            return Err(UNSUPPORTED.into());
        }
        Ok(())
    }

    /// Whether `frames` of `channels` at `rate` Hz fit; the message if not.
    pub(crate) fn check(&self, frames: u64, channels: u64, rate: u32) -> Result<(), String> {
        if frames.saturating_mul(channels.max(1)) > self.max_samples {
            return Err(OVER_BUDGET.into());
        }
        if rate > 0 && frames / u64::from(rate) >= self.max_secs {
            return Err(TOO_LONG.into());
        }
        Ok(())
    }
}

/// One decode's account against its [`Budget`].
#[derive(Debug)]
pub(crate) struct Meter {
    budget: Budget,
    /// Frames charged before each packet is decoded, whether it decodes or not: a packet
    /// that fails half-way has cost its work all the same.
    charged: u64,
    packets: u64,
    damaged: u64,
    /// What a packet that does not say its length is charged.
    fallback_dur: u64,
}

impl Meter {
    /// Damaged packets tolerated before their share is judged (a click here and there).
    const TOLERATED: u64 = 64;

    pub(crate) fn new(budget: Budget, max_frames_per_packet: Option<u64>) -> Self {
        Meter {
            budget,
            charged: 0,
            packets: 0,
            damaged: 0,
            fallback_dur: max_frames_per_packet.map_or(8_192, |m| m.max(1)),
        }
    }

    /// Charges a packet of `dur` frames (0: unknown) before it is decoded; the stream's
    /// channels and rate as known so far (unknown channels count as the most allowed).
    pub(crate) fn charge(
        &mut self,
        dur: u64,
        channels: Option<usize>,
        rate: Option<u32>,
    ) -> Result<(), String> {
        self.packets += 1;
        self.charged = self
            .charged
            .saturating_add(if dur > 0 { dur } else { self.fallback_dur });
        let channels = channels.unwrap_or(Budget::MAX_CHANNELS) as u64;
        self.budget.check(self.charged, channels, rate.unwrap_or(0))
    }

    /// The packet just charged did not decode. Many such, as soon as they are many, mean
    /// the file is not what it claims to be, so it is not decoded to its end.
    pub(crate) fn damaged(&mut self) -> Result<(), String> {
        self.damaged += 1;
        if self.damaged > Self::TOLERATED && self.damaged * 20 > self.packets {
            return Err(DAMAGED.into());
        }
        Ok(())
    }

    /// Checks the frames actually decoded so far: the packet's own rate and channels must
    /// be allowed, and the length counts at the stream's rate.
    pub(crate) fn decoded(
        &self,
        frames: u64,
        channels: usize,
        packet_rate: u32,
        stream_rate: u32,
    ) -> Result<(), String> {
        Budget::check_format(Some(packet_rate), Some(channels))?;
        self.budget.check(frames, channels as u64, stream_rate)
    }

    /// The verdict once the stream ended, on the `frames` decoded (`None`: nothing decoded)
    /// against the header's count `expected`, with `slack` frames for encoders that round
    /// it: more than 5 % damaged packets, no audio, or fewer frames than promised (the
    /// file stops early) refuse the file.
    pub(crate) fn verdict(
        &self,
        frames: Option<u64>,
        expected: Option<u64>,
        slack: u64,
    ) -> Result<(), String> {
        if self.damaged > 0 && self.damaged * 20 > self.packets {
            return Err(DAMAGED.into());
        }
        let frames = match frames {
            None if self.damaged > 0 => return Err(DAMAGED.into()),
            None | Some(0) => return Err(SILENT.into()),
            Some(f) => f,
        };
        if expected.is_some_and(|e| frames + slack < e) {
            return Err(CUT_SHORT.into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_file_gets_the_floor_and_no_file_more_than_twelve_hours() {
        assert_eq!(Budget::for_size(10).max_samples, Budget::FLOOR_SAMPLES);
        assert_eq!(Budget::for_size(u64::MAX).max_samples, Budget::MAX_SAMPLES);
        assert_eq!(Budget::for_size(1 << 20).max_samples, 256 << 20);
        let b = Budget::for_size(1 << 30);
        assert_eq!(b.check(48_000 * 3600 * 12, 1, 48_000), Err(TOO_LONG.into()));
        assert!(b.check(48_000 * 3600, 2, 48_000).is_ok());
        assert_eq!(
            Budget::check_format(Some(768_000), None),
            Err(UNSUPPORTED.into())
        );
        assert_eq!(Budget::check_format(None, Some(9)), Err(UNSUPPORTED.into()));
    }

    #[test]
    fn packets_are_charged_before_they_decode_and_the_budget_stops_the_decode() {
        // A 1 KB file: the floor, a minute of 48 kHz stereo, 5,760,000 samples.
        let mut m = Meter::new(Budget::for_size(1024), Some(4096));
        for _ in 0..703 {
            m.charge(4096, Some(2), Some(48_000))
                .expect("within the floor");
        }
        assert_eq!(
            m.charge(4096, Some(2), Some(48_000)),
            Err(OVER_BUDGET.into())
        );
        // A packet without a length is charged the largest packet the stream declares;
        // unknown channels count as eight.
        let mut m = Meter::new(Budget::for_size(1024), Some(65_536));
        let mut n = 0;
        while m.charge(0, None, None).is_ok() {
            n += 1;
        }
        assert_eq!(n, Budget::FLOOR_SAMPLES / (65_536 * 8));
    }

    #[test]
    fn damaged_packets_are_tolerated_until_they_are_many() {
        let mut m = Meter::new(Budget::for_size(1 << 30), None);
        for _ in 0..Meter::TOLERATED {
            m.charge(1, Some(1), Some(8000)).unwrap();
            m.damaged().expect("a few bad packets play as clicks");
        }
        m.charge(1, Some(1), Some(8000)).unwrap();
        assert_eq!(m.damaged(), Err(DAMAGED.into()), "65 of 65 is too many");
        // Past the tolerance but under 5 % of the packets: decoded to the end, then judged.
        let mut m = Meter::new(Budget::for_size(1 << 30), None);
        for i in 0..2000 {
            m.charge(1, Some(1), Some(8000)).unwrap();
            if i % 25 == 0 {
                m.damaged().expect("4 % damaged");
            }
        }
        assert!(m.verdict(Some(2000), None, 0).is_ok());
    }

    #[test]
    fn the_verdict_refuses_silence_damage_and_files_that_stop_early() {
        let clean = Meter::new(Budget::for_size(1 << 20), None);
        assert_eq!(clean.verdict(None, None, 0), Err(SILENT.into()));
        assert_eq!(clean.verdict(Some(0), None, 0), Err(SILENT.into()));
        assert_eq!(
            clean.verdict(Some(1000), Some(3000), 1152),
            Err(CUT_SHORT.into())
        );
        assert!(
            clean.verdict(Some(2000), Some(3000), 1152).is_ok(),
            "within a frame"
        );
        let mut bad = Meter::new(Budget::for_size(1 << 20), None);
        bad.charge(1, Some(1), Some(8000)).unwrap();
        bad.damaged().unwrap();
        assert_eq!(bad.verdict(None, None, 0), Err(DAMAGED.into()));
    }
}
