//! How SQLite runs the reads whose speed the benchmarks hold it to.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rehearsalhub_store_sqlite::SqliteStore;

/// The rows of `EXPLAIN QUERY PLAN` for `sql`, one detail each.
async fn plan(store: &SqliteStore, sql: &str) -> Vec<String> {
    let explain = format!("EXPLAIN QUERY PLAN {sql}");
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(explain))
        .bind(1i64)
        .fetch_all(store.pool())
        .await
        .unwrap();
    rows.into_iter().map(|r| r.3).collect()
}

#[tokio::test]
async fn a_versions_comment_list_is_one_scan_of_an_index_that_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("plans.db"))
        .await
        .unwrap();
    let steps = plan(&store, rehearsalhub_store_sqlite::VERSION_COMMENTS_JSON).await;
    // A plain index on version_id would cost a look-up in the table for every comment.
    assert_eq!(
        steps,
        ["SEARCH c USING COVERING INDEX comments_listed (version_id=?)"],
        "{steps:?}"
    );
}
