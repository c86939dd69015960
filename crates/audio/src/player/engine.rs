//! The player thread: it owns the output and what plays, answers each command with the new
//! state, and publishes the state on every change and every [`TICK`] while playing.

use std::fs::File;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::output::Output;
use super::source::{self, Current};
use super::state::{Listener, PlayerState, Status, Track, ms};
use super::{Command, Message, NO_DEVICE, TICK};

pub(crate) struct Engine {
    rx: Receiver<Message>,
    listener: Listener,
    output: Output,
    current: Option<Current>,
    state: PlayerState,
    /// The state last published, shared with the handles.
    last: Arc<Mutex<PlayerState>>,
    #[cfg(feature = "bench-timings")]
    timings: Arc<Mutex<super::timings::Timings>>,
}

impl Engine {
    pub(crate) fn new(
        tx: Sender<Message>,
        rx: Receiver<Message>,
        listener: Listener,
        last: Arc<Mutex<PlayerState>>,
        #[cfg(feature = "bench-timings")] timings: Arc<Mutex<super::timings::Timings>>,
    ) -> Self {
        Engine {
            rx,
            listener,
            output: Output::new(tx),
            current: None,
            state: PlayerState::default(),
            last,
            #[cfg(feature = "bench-timings")]
            timings,
        }
    }

    pub(crate) fn run(mut self) {
        // Opened ahead of the first play: an output (PulseAudio in particular) may take a
        // second or more to start pulling, which would otherwise delay the first seek.
        // Failing here is silent; the first play tries again and says so.
        self.output.open();
        loop {
            let timeout = if self.state.status == Status::Playing {
                TICK
            } else {
                Duration::from_secs(3600)
            };
            match self.rx.recv_timeout(timeout) {
                Ok(Message::Command(command, reply)) => {
                    self.handle(command);
                    self.refresh();
                    self.publish();
                    let _ = reply.send(self.state.clone());
                }
                Ok(Message::DeviceFailed { sink, problem }) => {
                    if self.output.is_current(sink) {
                        tracing::warn!("audio output failed: {problem}");
                        self.output_failed(problem);
                        self.publish();
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.refresh();
                    self.publish();
                }
                // Every handle is gone: the app is closing.
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Reads the position and notices the end of the recording.
    fn refresh(&mut self) {
        let Some(current) = &self.current else {
            return;
        };
        if current.player.empty() {
            self.current = None;
            self.state.status = Status::Stopped;
            self.state.position_ms = 0;
            return;
        }
        self.state.position_ms = ms(current.position());
        #[cfg(feature = "bench-timings")]
        if let Ok(mut t) = self.timings.lock() {
            *t = current.watch.timings();
        }
    }

    fn publish(&mut self) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if *last == self.state {
            return;
        }
        *last = self.state.clone();
        drop(last);
        (self.listener)(&self.state);
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::Play {
                track,
                file,
                duration,
                start,
            } => self.play(track, file, duration, start),
            Command::Pause => {
                if let Some(c) = &self.current {
                    c.player.pause();
                    self.state.status = Status::Paused;
                }
            }
            Command::Resume => {
                if let Some(c) = &self.current {
                    c.player.play();
                    self.state.status = Status::Playing;
                }
            }
            Command::Stop { problem } => self.unload(problem, false),
            Command::StopIfLoaded { which, problem } => {
                if self.state.track.is_some_and(|t| which.matches(&t)) {
                    self.unload(problem, true);
                }
            }
            Command::Seek(to) => self.seek(to),
            Command::Volume(v) => {
                self.state.volume = v;
                if let Some(c) = &self.current {
                    c.player.set_volume(v);
                }
            }
            Command::State => {}
        }
    }

    /// The output reported an error. Idle, it is dropped quietly and reopened at the next
    /// play. Playing, it is reopened and the sound carries on from where it was (an audio
    /// server may drop a stream while it starts or under load, and a reopened stream is as
    /// young and as fragile); when it keeps failing, or reopening fails, playback stops and
    /// says why.
    fn output_failed(&mut self, problem: String) {
        self.output.drop_sink();
        let Some(current) = self.current.take() else {
            return;
        };
        let paused = self.state.status == Status::Paused;
        if let Some(file) = current.reopen
            && self.output.may_reopen()
        {
            let at = current.offset + current.player.get_pos();
            drop(current.player);
            self.play(current.track, file, current.duration, at);
            if self.state.status == Status::Playing {
                if paused && let Some(c) = &self.current {
                    c.player.pause();
                    self.state.status = Status::Paused;
                }
                return;
            }
        }
        self.current = None;
        self.state.status = Status::Stopped;
        self.state.position_ms = 0;
        self.state.problem = Some(problem);
    }

    fn unload(&mut self, problem: Option<String>, forget: bool) {
        // Dropping rodio's player stops its sound at the next output callback.
        self.current = None;
        self.state.status = Status::Stopped;
        self.state.position_ms = 0;
        self.state.problem = problem;
        if forget {
            self.state.track = None;
            self.state.duration_ms = None;
        }
    }

    fn play(&mut self, track: Track, file: File, duration: Option<Duration>, start: Duration) {
        let asked = Instant::now();
        self.current = None;
        self.state.track = Some(track);
        self.state.status = Status::Stopped;
        self.state.position_ms = 0;
        self.state.duration_ms = duration.map(ms);
        self.state.problem = None;
        let opened = match source::open(file, duration, start) {
            Ok(o) => o,
            Err(problem) => {
                self.state.problem = Some(problem);
                return;
            }
        };
        self.state.duration_ms = opened.duration.map(ms);
        let Some(sink) = self.output.open() else {
            self.state.problem = Some(NO_DEVICE.into());
            return;
        };
        let player = rodio::Player::connect_new(sink.mixer());
        player.set_volume(self.state.volume);
        #[cfg(feature = "bench-timings")]
        let watch = super::timings::Watch::new(asked);
        #[cfg(feature = "bench-timings")]
        player.append(super::timings::Watched {
            inner: opened.decoder,
            watch: watch.clone(),
            started: false,
        });
        #[cfg(not(feature = "bench-timings"))]
        {
            let _ = asked;
            player.append(opened.decoder);
        }
        self.current = Some(Current {
            player,
            reopen: opened.reopen,
            track,
            offset: opened.start,
            duration: opened.duration,
            #[cfg(feature = "bench-timings")]
            watch,
        });
        self.state.status = Status::Playing;
        self.state.position_ms = ms(opened.start);
    }

    fn seek(&mut self, to: Duration) {
        let Some(current) = &mut self.current else {
            return;
        };
        let to = current.duration.map_or(to, |d| to.min(d));
        #[cfg(feature = "bench-timings")]
        current.watch.seek_asked();
        match current.player.try_seek(to) {
            Ok(()) => {
                // rodio's position is absolute from here on.
                current.offset = Duration::ZERO;
                self.state.position_ms = ms(to);
                self.state.problem = None;
            }
            Err(e) => self.state.problem = Some(format!("Could not move there: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::state::{Loaded, Track};
    use rehearsalhub_core::{BandId, SongId, VersionId};

    #[test]
    fn stopping_what_is_loaded_matches_its_band_song_or_version() {
        let t = Track {
            version_id: VersionId(3),
            song_id: SongId(2),
            band_id: BandId(1),
        };
        assert!(Loaded::Any.matches(&t));
        assert!(Loaded::Band(BandId(1)).matches(&t));
        assert!(!Loaded::Band(BandId(9)).matches(&t));
        assert!(Loaded::Song(SongId(2)).matches(&t));
        assert!(Loaded::Version(VersionId(3)).matches(&t));
        assert!(!Loaded::Version(VersionId(4)).matches(&t));
    }
}
