//! The app's one player: rodio on the default output device, driven from its own thread.
//!
//! The output stream (a `cpal::Stream`) is not `Send` on every platform and device calls
//! can block, so one thread owns the device and the current rodio [`rodio::Player`]; the
//! [`Player`] handle sends it commands and gets the new state back. The same thread pushes
//! the state to a listener on every change and every [`TICK`] while playing.
//!
//! The device is opened when the player starts, quietly: a box without a sound card runs
//! the app as usual and learns "No audio output device" only when it asks to hear
//! something, and a device plugged in later is found at the next play.

use std::fs::File;
use std::io::{BufReader, Seek, SeekFrom};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use rehearsalhub_core::{BandId, SongId, VersionId};
use rodio::{
    ChannelCount, Decoder, DeviceSinkBuilder, MixerDeviceSink, Sample, SampleRate, Source,
};
use serde::Serialize;

/// How often the position is pushed while playing.
pub const TICK: Duration = Duration::from_millis(100);

/// How long a caller waits for the player thread before giving up on it.
const REPLY_TIMEOUT: Duration = Duration::from_secs(3);

/// The output buffer. rodio applies a seek (and starts a sound) at the next output
/// callback, so the buffer bounds how late both come: 1,024 frames is 21 ms at 48 kHz,
/// half of rodio's default, and still far from underruns on this class of machine.
const OUTPUT_BUFFER_FRAMES: u32 = 1024;
/// The largest buffer a failing output is reopened with (170 ms at 48 kHz): each reopen
/// doubles the buffer, since an audio server that drops a stream under load keeps a
/// roomier one (seeks then land a little later, which beats silence).
const MAX_OUTPUT_BUFFER_FRAMES: u32 = 8192;

/// What the user sees when there is nothing to play through.
pub const NO_DEVICE: &str = "No audio output device";

/// Which version is loaded, and where it belongs (so leaving a band can stop it).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Track {
    /// The version.
    pub version_id: VersionId,
    /// Its song.
    pub song_id: SongId,
    /// Its band.
    pub band_id: BandId,
}

/// Whether sound is coming out.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing is playing (never started, stopped, finished or failed).
    Stopped,
    /// Playing.
    Playing,
    /// Paused at `position_ms`.
    Paused,
}

/// Everything the UI shows about playback.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayerState {
    /// The loaded version, if any; kept after stopping so "play" can start it again.
    pub track: Option<Track>,
    /// Playing, paused or stopped.
    pub status: Status,
    /// Position in the recording.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub position_ms: u64,
    /// Length of the recording, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_ms: Option<u64>,
    /// Volume, `0.0` (silent) to `1.0` (as recorded).
    pub volume: f32,
    /// Why playback stopped or could not start, in plain words.
    pub problem: Option<String>,
}

impl Default for PlayerState {
    fn default() -> Self {
        PlayerState {
            track: None,
            status: Status::Stopped,
            position_ms: 0,
            duration_ms: None,
            volume: 1.0,
            problem: None,
        }
    }
}

/// A part of the library whose loaded sound must stop (it was deleted, or left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loaded {
    /// Whatever is loaded (signing out).
    Any,
    /// Any version of this band.
    Band(BandId),
    /// Any version of this song.
    Song(SongId),
    /// This version.
    Version(VersionId),
}

impl Loaded {
    fn matches(self, t: &Track) -> bool {
        match self {
            Loaded::Any => true,
            Loaded::Band(b) => t.band_id == b,
            Loaded::Song(s) => t.song_id == s,
            Loaded::Version(v) => t.version_id == v,
        }
    }
}

/// Checks a volume given by the user: `0.0..=1.0`; `Err` is a plain message.
pub fn parse_volume(v: f64) -> Result<f32, String> {
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        // In range, so the narrowing only rounds.
        Ok(v as f32)
    } else {
        Err("Volume must be between 0 and 1.".into())
    }
}

/// Checks a seek position given by the user: milliseconds from the start, not negative.
pub fn parse_position(ms: f64) -> Result<Duration, String> {
    if ms.is_finite() && ms >= 0.0 {
        Ok(Duration::from_secs_f64(ms / 1000.0))
    } else {
        Err("The position must be a number of milliseconds from the start.".into())
    }
}

/// A listener for state changes; runs on the player thread, so it must be quick.
pub type Listener = Box<dyn Fn(&PlayerState) + Send>;

enum Command {
    Play {
        track: Track,
        file: File,
        duration: Option<Duration>,
        start: Duration,
    },
    Pause,
    Resume,
    Stop {
        problem: Option<String>,
    },
    StopIfLoaded {
        which: Loaded,
        problem: Option<String>,
    },
    Seek(Duration),
    Volume(f32),
    State,
}

enum Message {
    Command(Command, Sender<PlayerState>),
    DeviceFailed { sink: u64, problem: String },
}

/// Timings of the latest start and seek, for the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// From receiving the play command to the first sample handed to the output.
    pub start_to_first_sample: Option<Duration>,
    /// From receiving the seek command to the first sample after the seek.
    pub seek_to_first_sample: Option<Duration>,
}

/// The handle the app holds: cheap to clone, every call answered by the player thread.
#[derive(Clone)]
pub struct Player {
    tx: Sender<Message>,
    last: Arc<Mutex<PlayerState>>,
    timings: Arc<Mutex<Timings>>,
}

impl std::fmt::Debug for Player {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Player").finish_non_exhaustive()
    }
}

impl Player {
    /// Starts the player thread; `listener` hears every state change.
    pub fn start(listener: Listener) -> Player {
        let (tx, rx) = mpsc::channel();
        let last = Arc::new(Mutex::new(PlayerState::default()));
        let timings = Arc::new(Mutex::new(Timings::default()));
        let engine = Engine {
            tx: tx.clone(),
            rx,
            listener,
            sink: None,
            sink_serial: 0,
            current: None,
            reopens: Vec::new(),
            buffer_frames: OUTPUT_BUFFER_FRAMES,
            state: PlayerState::default(),
            last: last.clone(),
            timings: timings.clone(),
        };
        let spawned = thread::Builder::new()
            .name("rehearsalhub-player".into())
            .spawn(move || engine.run());
        if let Err(e) = spawned {
            // Without a thread every call answers with the last state and a problem.
            tracing::error!("could not start the player thread: {e}");
        }
        Player { tx, last, timings }
    }

    fn ask(&self, command: Command) -> PlayerState {
        let (reply, answer) = mpsc::channel();
        let gone = || PlayerState {
            problem: Some("The player stopped working; restart the app to play again.".into()),
            status: Status::Stopped,
            ..self.state()
        };
        if self.tx.send(Message::Command(command, reply)).is_err() {
            return gone();
        }
        answer
            .recv_timeout(REPLY_TIMEOUT)
            .unwrap_or_else(|_| gone())
    }

    /// Plays `file` as `track` from `start`, replacing whatever was loaded. The caller has
    /// already checked the user may hear it. `duration` is the stored one, when known.
    pub fn play(
        &self,
        track: Track,
        file: File,
        duration: Option<Duration>,
        start: Duration,
    ) -> PlayerState {
        self.ask(Command::Play {
            track,
            file,
            duration,
            start,
        })
    }

    /// Pauses; nothing happens when not playing.
    pub fn pause(&self) -> PlayerState {
        self.ask(Command::Pause)
    }

    /// Resumes after a pause.
    pub fn resume(&self) -> PlayerState {
        self.ask(Command::Resume)
    }

    /// Stops and unloads the sound; the track stays named so it can be played again.
    pub fn stop(&self) -> PlayerState {
        self.ask(Command::Stop { problem: None })
    }

    /// Stops with a reason shown to the user.
    pub fn stop_because(&self, problem: &str) -> PlayerState {
        self.ask(Command::Stop {
            problem: Some(problem.to_owned()),
        })
    }

    /// Stops and forgets the loaded track if it is in `which` (deleted, or its band
    /// left), saying why when `problem` is given.
    pub fn stop_if_loaded(&self, which: Loaded, problem: Option<&str>) -> PlayerState {
        self.ask(Command::StopIfLoaded {
            which,
            problem: problem.map(str::to_owned),
        })
    }

    /// Moves to `position` (clamped to the end) while playing or paused.
    pub fn seek(&self, position: Duration) -> PlayerState {
        self.ask(Command::Seek(position))
    }

    /// Sets the volume (see [`parse_volume`]); kept for the next plays too.
    pub fn set_volume(&self, volume: f32) -> PlayerState {
        self.ask(Command::Volume(volume))
    }

    /// The state now, as the player thread sees it.
    pub fn current(&self) -> PlayerState {
        self.ask(Command::State)
    }

    /// The last state published, without asking the thread.
    pub fn state(&self) -> PlayerState {
        self.last.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Timings of the latest start and seek.
    pub fn timings(&self) -> Timings {
        self.timings.lock().map(|t| *t).unwrap_or_default()
    }
}

/// What the output thread records about the sound it pulls.
#[derive(Debug)]
struct Watch {
    asked: Instant,
    first: OnceLock<Instant>,
    seek: Mutex<Option<(Instant, Option<Instant>)>>,
    seeking: AtomicBool,
}

/// Wraps the decoder to note when its first sample (and first after a seek) is pulled.
struct Watched<S> {
    inner: S,
    watch: Arc<Watch>,
    started: bool,
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

struct Current {
    player: rodio::Player,
    /// A second handle on the file, to carry on through a reopened output.
    reopen: Option<File>,
    track: Track,
    /// Where the sound started; rodio counts from there until the first seek.
    offset: Duration,
    duration: Option<Duration>,
    watch: Arc<Watch>,
}

impl Current {
    fn position(&self) -> Duration {
        let pos = self.offset + self.player.get_pos();
        self.duration.map_or(pos, |d| pos.min(d))
    }
}

/// How many times a failing output is reopened within [`REOPEN_WINDOW`] before playback
/// gives up.
const MAX_REOPENS: usize = 3;
/// See [`MAX_REOPENS`].
const REOPEN_WINDOW: Duration = Duration::from_secs(10);

struct Engine {
    tx: Sender<Message>,
    rx: Receiver<Message>,
    listener: Listener,
    sink: Option<MixerDeviceSink>,
    /// Which sink an error report is about; reports from a sink already replaced are old.
    sink_serial: u64,
    current: Option<Current>,
    /// When the output was reopened after an error lately, so a dead one is not retried
    /// in a loop.
    reopens: Vec<Instant>,
    /// The output buffer the next sink opens with, in frames.
    buffer_frames: u32,
    state: PlayerState,
    /// The state last published, shared with the handles.
    last: Arc<Mutex<PlayerState>>,
    timings: Arc<Mutex<Timings>>,
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Engine {
    fn run(mut self) {
        // Opened ahead of the first play: an output (PulseAudio in particular) may take a
        // second or more to start pulling, which would otherwise delay the first seek.
        // Failing here is silent; the first play tries again and says so.
        self.open_sink();
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
                    if sink == self.sink_serial && self.sink.is_some() {
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
        if let Ok(mut t) = self.timings.lock() {
            t.start_to_first_sample = current
                .watch
                .first
                .get()
                .map(|f| f.duration_since(current.watch.asked));
            if let Ok(seek) = current.watch.seek.lock()
                && let Some((asked, Some(done))) = *seek
            {
                t.seek_to_first_sample = Some(done.duration_since(asked));
            }
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
    /// young and as fragile); after [`MAX_REOPENS`] reopens within [`REOPEN_WINDOW`], or
    /// when reopening fails, playback stops and says why.
    fn output_failed(&mut self, problem: String) {
        self.sink = None;
        let Some(current) = self.current.take() else {
            return;
        };
        self.reopens.retain(|t| t.elapsed() < REOPEN_WINDOW);
        let worn_out = self.reopens.len() >= MAX_REOPENS;
        let paused = self.state.status == Status::Paused;
        if let (Some(file), false) = (current.reopen, worn_out) {
            self.reopens.push(Instant::now());
            self.buffer_frames = (self.buffer_frames * 2).min(MAX_OUTPUT_BUFFER_FRAMES);
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

        let len = match file.metadata() {
            Ok(m) => m.len(),
            Err(e) => {
                self.state.problem = Some(format!("Could not read the recording: {e}"));
                return;
            }
        };
        // A reopened file shares its offset with the handle the decoder used.
        let mut file = file;
        if let Err(e) = file.seek(SeekFrom::Start(0)) {
            self.state.problem = Some(format!("Could not read the recording: {e}"));
            return;
        }
        let reopen = file.try_clone().ok();
        let decoder = Decoder::builder()
            .with_data(BufReader::new(file))
            .with_byte_len(len)
            .with_seekable(true)
            .with_gapless(true)
            .build();
        let mut decoder = match decoder {
            Ok(d) => d,
            Err(e) => {
                self.state.problem = Some(format!("This recording cannot be played: {e}"));
                return;
            }
        };
        let duration = duration.or_else(|| decoder.total_duration());
        self.state.duration_ms = duration.map(ms);
        let start = duration.map_or(start, |d| start.min(d));
        if !start.is_zero()
            && let Err(e) = decoder.try_seek(start)
        {
            self.state.problem = Some(format!("Could not start there: {e}"));
            return;
        }
        let Some(sink) = self.open_sink() else {
            self.state.problem = Some(NO_DEVICE.into());
            return;
        };
        let player = rodio::Player::connect_new(sink.mixer());
        player.set_volume(self.state.volume);
        let watch = Arc::new(Watch {
            asked,
            first: OnceLock::new(),
            seek: Mutex::new(None),
            seeking: AtomicBool::new(false),
        });
        player.append(Watched {
            inner: decoder,
            watch: watch.clone(),
            started: false,
        });
        self.current = Some(Current {
            player,
            reopen,
            track,
            offset: start,
            duration,
            watch,
        });
        self.state.status = Status::Playing;
        self.state.position_ms = ms(start);
    }

    fn seek(&mut self, to: Duration) {
        let Some(current) = &mut self.current else {
            return;
        };
        let to = current.duration.map_or(to, |d| to.min(d));
        if let Ok(mut seek) = current.watch.seek.lock() {
            *seek = Some((Instant::now(), None));
        }
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

    fn open_sink(&mut self) -> Option<&MixerDeviceSink> {
        if self.sink.is_none() {
            self.sink_serial += 1;
            let serial = self.sink_serial;
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
