//! Timings of the latest start and seek, for the audio benchmark only (feature
//! `bench-timings`): the decoder is wrapped to note when the output thread pulls its first
//! sample, and its first after a seek. A release build has no wrapper, and no atomic load
//! per sample.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rodio::{ChannelCount, Sample, SampleRate, Source};

/// Timings of the latest start and seek.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// From receiving the play command to the first sample handed to the output.
    pub start_to_first_sample: Option<Duration>,
    /// From receiving the seek command to the first sample after the seek.
    pub seek_to_first_sample: Option<Duration>,
}

/// What the output thread records about the sound it pulls.
#[derive(Debug)]
pub(crate) struct Watch {
    asked: Instant,
    first: OnceLock<Instant>,
    seek: Mutex<Option<(Instant, Option<Instant>)>>,
    seeking: AtomicBool,
}

impl Watch {
    pub(crate) fn new(asked: Instant) -> Arc<Self> {
        Arc::new(Watch {
            asked,
            first: OnceLock::new(),
            seek: Mutex::new(None),
            seeking: AtomicBool::new(false),
        })
    }

    /// A seek was asked now.
    pub(crate) fn seek_asked(&self) {
        if let Ok(mut seek) = self.seek.lock() {
            *seek = Some((Instant::now(), None));
        }
    }

    /// The timings so far.
    pub(crate) fn timings(&self) -> Timings {
        let seek = self.seek.lock().ok().and_then(|s| *s);
        Timings {
            start_to_first_sample: self.first.get().map(|f| f.duration_since(self.asked)),
            seek_to_first_sample: seek
                .and_then(|(asked, done)| done.map(|d| d.duration_since(asked))),
        }
    }
}

/// Wraps the decoder to note when its first sample (and first after a seek) is pulled.
pub(crate) struct Watched<S> {
    pub(crate) inner: S,
    pub(crate) watch: Arc<Watch>,
    pub(crate) started: bool,
}

impl<S: Source> Iterator for Watched<S> {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        let s = self.inner.next();
        if !self.started {
            self.started = true;
            let _ = self.watch.first.set(Instant::now());
        }
        if self.watch.seeking.load(Ordering::Relaxed) {
            self.watch.seeking.store(false, Ordering::Relaxed);
            if let Ok(mut seek) = self.watch.seek.lock()
                && let Some((_, done)) = seek.as_mut()
            {
                done.get_or_insert_with(Instant::now);
            }
        }
        s
    }
}

impl<S: Source> Source for Watched<S> {
    fn current_span_len(&self) -> Option<usize> {
        self.inner.current_span_len()
    }
    fn channels(&self) -> ChannelCount {
        self.inner.channels()
    }
    fn sample_rate(&self) -> SampleRate {
        self.inner.sample_rate()
    }
    fn total_duration(&self) -> Option<Duration> {
        self.inner.total_duration()
    }
    fn try_seek(&mut self, pos: Duration) -> Result<(), rodio::source::SeekError> {
        let r = self.inner.try_seek(pos);
        if r.is_ok() {
            self.watch.seeking.store(true, Ordering::Relaxed);
        }
        r
    }
}
