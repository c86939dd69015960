//! The app's one player: rodio on the default output device, driven from its own thread.
//!
//! The output stream (a `cpal::Stream`) is not `Send` on every platform and device calls
//! can block, so one thread owns the device and the current rodio player ([`engine`]); the
//! [`Player`] handle sends it commands and gets the new state back. The same thread pushes
//! the state to a listener on every change and every [`TICK`] while playing.
//!
//! The device is opened when the player starts, quietly ([`output`]): a box without a sound
//! card runs the app as usual and learns "No audio output device" only when it asks to
//! hear something, and a device plugged in later is found at the next play. What plays is
//! the recording's decoder ([`source`]); [`state`] is what the player reports.

mod engine;
mod output;
mod source;
mod state;
#[cfg(feature = "bench-timings")]
mod timings;

use std::fs::File;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

pub use state::{Listener, Loaded, PlayerState, Status, Track, parse_position, parse_volume};
#[cfg(feature = "bench-timings")]
pub use timings::Timings;

/// How often the position is pushed while playing.
pub const TICK: Duration = Duration::from_millis(100);

/// How long a caller waits for the player thread before giving up on it.
const REPLY_TIMEOUT: Duration = Duration::from_secs(3);

/// What the user sees when there is nothing to play through.
pub const NO_DEVICE: &str = "No audio output device";

pub(crate) enum Command {
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

pub(crate) enum Message {
    Command(Command, Sender<PlayerState>),
    DeviceFailed { sink: u64, problem: String },
}

/// The handle the app holds: cheap to clone, every call answered by the player thread.
#[derive(Clone)]
pub struct Player {
    tx: Sender<Message>,
    last: Arc<Mutex<PlayerState>>,
    #[cfg(feature = "bench-timings")]
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
        #[cfg(feature = "bench-timings")]
        let timings = Arc::new(Mutex::new(Timings::default()));
        let engine = engine::Engine::new(
            tx.clone(),
            rx,
            listener,
            last.clone(),
            #[cfg(feature = "bench-timings")]
            timings.clone(),
        );
        let spawned = thread::Builder::new()
            .name("rehearsalhub-player".into())
            .spawn(move || engine.run());
        if let Err(e) = spawned {
            // Without a thread every call answers with the last state and a problem.
            tracing::error!("could not start the player thread: {e}");
        }
        Player {
            tx,
            last,
            #[cfg(feature = "bench-timings")]
            timings,
        }
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

    /// Timings of the latest start and seek (feature `bench-timings`).
    #[cfg(feature = "bench-timings")]
    pub fn timings(&self) -> Timings {
        self.timings.lock().map(|t| *t).unwrap_or_default()
    }
}
