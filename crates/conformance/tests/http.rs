//! The conformance suite through the HTTP API: a live server on SQLite, always, and on
//! PostgreSQL when `DATABASE_URL` points at it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sqlite {
    use rehearsalhub_conformance::backend::{Http, SqliteBackend};
    rehearsalhub_conformance::conformance_suite!(Some(Http(SqliteBackend)));
}

mod postgres {
    use rehearsalhub_conformance::backend::{Http, PgBackend};
    rehearsalhub_conformance::conformance_suite!(PgBackend::from_env().map(Http));
}
