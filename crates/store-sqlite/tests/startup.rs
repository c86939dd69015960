//! Two app instances starting at once on one fresh database file.

use rehearsalhub_core::Store;
use rehearsalhub_store_sqlite::SqliteStore;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_starts_migrate_once() {
    for round in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("round{round}.db"));
        let opens: Vec<_> = (0..4)
            .map(|_| {
                let p = path.clone();
                tokio::spawn(async move { SqliteStore::open(&p).await })
            })
            .collect();
        for o in opens {
            let store = o.await.unwrap().expect("every instance opens the database");
            let mut tx = store.read().await.unwrap();
            assert!(
                tx.user(rehearsalhub_core::UserId(1))
                    .await
                    .unwrap()
                    .is_none()
            );
        }
        let check = SqliteStore::open(&path).await.unwrap();
        let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(check.pool())
            .await
            .unwrap();
        assert_eq!(
            usize::try_from(applied).unwrap(),
            rehearsalhub_store_sqlite::migration_count(),
            "each migration applied exactly once"
        );
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(check.pool())
            .await
            .unwrap();
        assert_eq!(journal, "wal");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(check.pool())
            .await
            .unwrap();
        assert_eq!(fk, 1);
    }
}

#[tokio::test]
async fn opens_a_sqlite_url_and_creates_missing_folders() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/deeper/hub.db");
    let url = format!("sqlite://{}", path.display());
    SqliteStore::open_url(&url).await.unwrap();
    assert!(path.exists());
}
