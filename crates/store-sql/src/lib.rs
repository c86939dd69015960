//! # rehearsalhub-store-sql
//!
//! The SQL that RehearsalHub's SQLite and PostgreSQL stores share: the statements
//! ([`sql`]) and the row types ([`rows`]) here, and in `tx/` the one implementation of the
//! core's row traits, which each store crate compiles for its own driver (see
//! `tx/mod.rs`). Each store crate keeps what differs: connection options, migrations,
//! locking, its JSON dialect.
//!
//! It depends on the core and sqlx only; it must not depend on a driver feature (SQLite or
//! PostgreSQL) or on any caller of the core.

pub mod rows;
pub mod search;
#[allow(missing_docs)]
pub mod sql;

#[doc(hidden)]
pub use sqlx;

use rehearsalhub_core::StoreError;

/// Maps a driver error: unique violations are a [`StoreError::UniqueViolation`], the rest
/// are backend failures.
pub fn db_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::UniqueViolation,
        _ => StoreError::Backend(e.to_string()),
    }
}

/// The upper bound of a prefix range: every string starting with `prefix` sorts (bytewise)
/// at or after `prefix` and before this.
pub fn prefix_upper(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}
