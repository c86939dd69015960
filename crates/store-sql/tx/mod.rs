//! The one implementation of the core's row traits (`AccountRows`, `BandRows`, …), shared by
//! RehearsalHub's SQLite and PostgreSQL stores.
//!
//! It is plain Rust written against two names the including crate defines at its root:
//! `Current`, its transaction type (with `fn conn(&mut self) -> &mut Connection` for its
//! driver), and `VERSION_COMMENTS_JSON`, the statement that reads a version's comments as
//! one JSON array in its database's dialect. Each store crate compiles it for its own driver
//! with `#[path = "../../store-sql/tx/mod.rs"] mod shared;`, so every query here is checked
//! against a concrete driver (sqlx's traits generic over databases are not), while rustfmt,
//! clippy and rust-analyzer read it as the ordinary module it is. It is not a module of
//! `rehearsalhub-store-sql` itself, which keeps the statements and row types it uses.

mod accounts;
mod activity;
mod bands;
mod comments;
mod invites;
mod rehearsals;
mod songs;
