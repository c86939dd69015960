//! RehearsalHub's audio: accepting a file as audio by decoding it, its waveform peaks, and
//! the native player.
//!
//! - [`probe`]: [`DecodingProbe`], the core's [`rehearsalhub_core::AudioProbe`] that
//!   decodes every packet (symphonia) to check the file and measure it.
//!   Decoding has a budget derived from the file (see [`probe::Budget`]).
//! - [`peaks`]: min/max per slice, computed in the same pass.
//! - [`player`] (feature `player`, on by default): one rodio player on the default output
//!   device, on its own thread, pushing its state to a listener. The server builds without
//!   it, so it does not link the system's audio libraries.
//!
//! It depends on the core for the domain types only. It must not depend on a store, on
//! Tauri or on HTTP: the desktop app and the server both use it, and the player checks no
//! permission itself: callers open the audio through the core, which checks membership.

pub mod fixtures;
pub mod peaks;
#[cfg(feature = "player")]
pub mod player;
pub mod probe;

pub use peaks::{BUCKETS, PeakAccumulator};
#[cfg(feature = "bench-timings")]
pub use player::Timings;
#[cfg(feature = "player")]
pub use player::{
    Loaded, NO_DEVICE, Player, PlayerState, Status, Track, parse_position, parse_volume,
};
pub use probe::{DecodingProbe, probe_file, probe_file_reporting};
