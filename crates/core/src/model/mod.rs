//! What the use cases return. These records are the wire shape too (SPEC §8 field names),
//! so the Tauri commands and the HTTP API serialize the same struct and never drift apart.

mod activity;
mod invites;
mod music;
mod people;
mod rehearsal;

pub use activity::*;
pub use invites::*;
pub use music::*;
pub use people::*;
pub use rehearsal::*;
