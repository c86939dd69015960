//! Waveform peaks: the lowest and highest sample of each slice of a recording.
//!
//! The number of frames is only certain once the last packet is decoded (MP3 and Ogg
//! headers may be missing or wrong), so peaks are first gathered per small block and the
//! blocks are merged into the final slices at the end. When a long recording would make
//! too many blocks, neighbouring blocks are merged pairwise and the block doubles, which
//! keeps memory bounded for any length while leaving far more blocks than slices.

use rehearsalhub_core::Waveform;

/// How many slices a stored waveform has.
pub const BUCKETS: usize = 1000;

const FIRST_BLOCK_FRAMES: usize = 32;
const MAX_BLOCKS: usize = 1 << 16;

/// Gathers peaks from interleaved samples as they are decoded.
#[derive(Debug)]
pub struct PeakAccumulator {
    channels: usize,
    block_frames: usize,
    in_block: usize,
    lo: f32,
    hi: f32,
    mins: Vec<f32>,
    maxs: Vec<f32>,
    frames: u64,
}

impl PeakAccumulator {
    /// An empty accumulator for `channels` interleaved channels (at least one).
    pub fn new(channels: usize) -> Self {
        PeakAccumulator {
            channels: channels.max(1),
            block_frames: FIRST_BLOCK_FRAMES,
            in_block: 0,
            lo: f32::INFINITY,
            hi: f32::NEG_INFINITY,
            mins: Vec::new(),
            maxs: Vec::new(),
            frames: 0,
        }
    }

    /// Frames seen so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Adds interleaved samples; a trailing partial frame is ignored.
    pub fn push(&mut self, interleaved: &[f32]) {
        let mut rest = &interleaved[..interleaved.len() - interleaved.len() % self.channels];
        while !rest.is_empty() {
            let frames = (self.block_frames - self.in_block).min(rest.len() / self.channels);
            let (run, tail) = rest.split_at(frames * self.channels);
            let (lo, hi) = run
                .iter()
                .fold((self.lo, self.hi), |(lo, hi), &s| (lo.min(s), hi.max(s)));
            self.lo = lo;
            self.hi = hi;
            self.in_block += frames;
            self.frames += frames as u64;
            if self.in_block == self.block_frames {
                self.close_block();
            }
            rest = tail;
        }
    }

    fn close_block(&mut self) {
        self.mins.push(self.lo);
        self.maxs.push(self.hi);
        self.lo = f32::INFINITY;
        self.hi = f32::NEG_INFINITY;
        self.in_block = 0;
        if self.mins.len() >= MAX_BLOCKS {
            halve(&mut self.mins, f32::min);
            halve(&mut self.maxs, f32::max);
            self.block_frames *= 2;
        }
    }

    /// The waveform in `buckets` slices; all zero when no frame was seen.
    pub fn finish(mut self, buckets: usize) -> Waveform {
        if self.in_block > 0 {
            self.mins.push(self.lo);
            self.maxs.push(self.hi);
        }
        let blocks = self.mins.len();
        let mut min = Vec::with_capacity(buckets);
        let mut max = Vec::with_capacity(buckets);
        for i in 0..buckets {
            if blocks == 0 {
                min.push(0);
                max.push(0);
                continue;
            }
            // A recording shorter than `buckets` blocks repeats blocks rather than
            // inventing values between them.
            let start = i * blocks / buckets;
            let end = ((i + 1) * blocks / buckets).max(start + 1).min(blocks);
            let lo = self.mins[start..end]
                .iter()
                .copied()
                .fold(f32::INFINITY, f32::min);
            let hi = self.maxs[start..end]
                .iter()
                .copied()
                .fold(f32::NEG_INFINITY, f32::max);
            min.push(scale(lo));
            max.push(scale(hi));
        }
        Waveform { min, max }
    }
}

fn halve(v: &mut Vec<f32>, merge: fn(f32, f32) -> f32) {
    let merged: Vec<f32> = v
        .chunks(2)
        .map(|p| p.iter().copied().reduce(merge).unwrap_or(0.0))
        .collect();
    *v = merged;
}

/// A sample in `-1.0..=1.0` as `-127..=127`; out-of-range samples (some float WAVs) clip.
fn scale(s: f32) -> i8 {
    if !s.is_finite() {
        return 0;
    }
    // In range by the clamp, so the cast cannot wrap.
    (s * 127.0).round().clamp(-127.0, 127.0) as i8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_constant_signal_gives_flat_peaks() {
        let mut acc = PeakAccumulator::new(2);
        acc.push(&vec![0.5; 2 * 10_000]);
        let w = acc.finish(100);
        assert_eq!(w.len(), 100);
        assert!(w.min.iter().chain(&w.max).all(|&v| v == 64));
    }

    #[test]
    fn a_loud_second_half_shows_in_the_second_half() {
        let mut acc = PeakAccumulator::new(1);
        let quiet: Vec<f32> = (0..50_000)
            .map(|i| if i % 2 == 0 { 0.1 } else { -0.1 })
            .collect();
        let loud: Vec<f32> = (0..50_000)
            .map(|i| if i % 2 == 0 { 0.9 } else { -0.9 })
            .collect();
        acc.push(&quiet);
        acc.push(&loud);
        let w = acc.finish(10);
        assert_eq!(&w.max[..5], &[13; 5]);
        assert_eq!(&w.max[5..], &[114; 5]);
        assert_eq!(&w.min[5..], &[-114; 5]);
    }

    #[test]
    fn long_recordings_stay_bounded_and_keep_position() {
        let mut acc = PeakAccumulator::new(1);
        // 10 M frames: far past MAX_BLOCKS blocks of the first size.
        let chunk = vec![0.0f32; 100_000];
        for _ in 0..99 {
            acc.push(&chunk);
        }
        let mut last = vec![0.0f32; 100_000];
        last[99_999] = 1.0;
        acc.push(&last);
        assert!(acc.mins.len() <= MAX_BLOCKS);
        assert_eq!(acc.frames(), 10_000_000);
        let w = acc.finish(BUCKETS);
        assert_eq!(w.max[BUCKETS - 1], 127);
        assert!(w.max[..BUCKETS - 1].iter().all(|&v| v == 0));
    }

    #[test]
    fn partial_frames_and_empty_input_are_harmless() {
        let mut acc = PeakAccumulator::new(2);
        acc.push(&[0.3, 0.3, 0.9]);
        assert_eq!(acc.frames(), 1);
        let w = PeakAccumulator::new(2).finish(4);
        assert_eq!(w.max, vec![0; 4]);
    }
}
