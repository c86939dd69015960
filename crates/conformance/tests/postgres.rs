//! The conformance suite on PostgreSQL, when `DATABASE_URL` points at one.
use rehearsalhub_conformance::backend::PgBackend;

rehearsalhub_conformance::conformance_suite!(PgBackend::from_env());
