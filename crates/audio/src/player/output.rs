//! The output device: rodio's sink on the default device, opened quietly, reopened after a
//! failure with a roomier buffer, and given up when it keeps failing.

use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use rodio::{DeviceSinkBuilder, MixerDeviceSink};

use super::Message;

/// The output buffer. rodio applies a seek (and starts a sound) at the next output
/// callback, so the buffer bounds how late both come: 1,024 frames is 21 ms at 48 kHz,
/// half of rodio's default, and still far from underruns on this class of machine.
const OUTPUT_BUFFER_FRAMES: u32 = 1024;
/// The largest buffer a failing output is reopened with (170 ms at 48 kHz): each reopen
/// doubles the buffer, since an audio server that drops a stream under load keeps a
/// roomier one (seeks then land a little later, which beats silence).
const MAX_OUTPUT_BUFFER_FRAMES: u32 = 8192;
/// How many times a failing output is reopened within [`REOPEN_WINDOW`] before playback
/// gives up.
const MAX_REOPENS: usize = 3;
/// See [`MAX_REOPENS`].
const REOPEN_WINDOW: Duration = Duration::from_secs(10);

/// The output device, as the player thread holds it.
pub(crate) struct Output {
    sink: Option<MixerDeviceSink>,
    /// Which sink an error report is about; reports from a sink already replaced are old.
    serial: u64,
    /// When the output was reopened after an error lately, so a dead one is not retried
    /// in a loop.
    reopens: Vec<Instant>,
    /// The output buffer the next sink opens with, in frames.
    buffer_frames: u32,
    /// Where the device's error callback reports.
    tx: Sender<Message>,
}

impl Output {
    pub(crate) fn new(tx: Sender<Message>) -> Self {
        Output {
            sink: None,
            serial: 0,
            reopens: Vec::new(),
            buffer_frames: OUTPUT_BUFFER_FRAMES,
            tx,
        }
    }

    /// Whether an error report names the sink in use.
    pub(crate) fn is_current(&self, serial: u64) -> bool {
        serial == self.serial && self.sink.is_some()
    }

    /// Forgets the failed sink; the next [`Self::open`] opens another.
    pub(crate) fn drop_sink(&mut self) {
        self.sink = None;
    }

    /// Whether a failed output may be reopened now: not more than [`MAX_REOPENS`] times in
    /// [`REOPEN_WINDOW`]. Counts the attempt and doubles the next buffer when it may.
    pub(crate) fn may_reopen(&mut self) -> bool {
        self.reopens.retain(|t| t.elapsed() < REOPEN_WINDOW);
        if self.reopens.len() >= MAX_REOPENS {
            return false;
        }
        self.reopens.push(Instant::now());
        self.buffer_frames = (self.buffer_frames * 2).min(MAX_OUTPUT_BUFFER_FRAMES);
        true
    }

    /// The sink, opened on the default device if it is not yet; `None` without one.
    pub(crate) fn open(&mut self) -> Option<&MixerDeviceSink> {
        if self.sink.is_none() {
            self.serial += 1;
            let serial = self.serial;
            let tx = self.tx.clone();
            let on_error = move |e: rodio::CpalError| {
                use rodio::CpalErrorKind as ErrorKind;
                // Glitches and a followed route change keep the stream alive.
                if matches!(
                    e.kind(),
                    ErrorKind::Xrun | ErrorKind::RealtimeDenied | ErrorKind::DeviceChanged
                ) {
                    return;
                }
                let _ = tx.send(Message::DeviceFailed {
                    sink: serial,
                    problem: format!("The audio output stopped working ({e}). Playback stopped."),
                });
            };
            let opened = DeviceSinkBuilder::from_default_device()
                .map(|b| {
                    b.with_buffer_size(rodio::cpal::BufferSize::Fixed(self.buffer_frames))
                        .with_error_callback(on_error)
                })
                .and_then(|b| b.open_sink_or_fallback());
            match opened {
                Ok(mut sink) => {
                    sink.log_on_drop(false);
                    self.sink = Some(sink);
                }
                Err(e) => {
                    tracing::warn!("no audio output: {e}");
                    return None;
                }
            }
        }
        self.sink.as_ref()
    }
}
