//! The names of the desktop-only commands, which `build.rs` also reads (it cannot compile
//! the app to ask it): the commands that are not use cases of the core (the session kept
//! on this computer, the player, adding a file from this disk). A unit test keeps this
//! list equal to [`super::each`].

/// Every desktop-only command's name, in the order of [`super::each`].
pub const NAMES: &[&str] = &[
    "app_status",
    "connect",
    "take_pending_link",
    "register",
    "sign_in",
    "sign_out",
    "add_version",
    "play_version",
    "pause_playback",
    "resume_playback",
    "stop_playback",
    "seek_playback",
    "set_volume",
    "player_state",
];
