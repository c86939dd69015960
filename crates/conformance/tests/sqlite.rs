//! The conformance suite on SQLite (always).
use rehearsalhub_conformance::backend::SqliteBackend;

rehearsalhub_conformance::conformance_suite!(Some(SqliteBackend));
