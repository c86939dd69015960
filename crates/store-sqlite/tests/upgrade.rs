//! A database made before an invite died with its creator's admin role (SPEC §3): opening
//! it revokes the pending invites of creators who are no longer admins, and no others.

use rehearsalhub_store_sqlite::SqliteStore;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

#[tokio::test]
async fn upgrading_revokes_pending_invites_of_former_admins() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // The schema as the first release left it: only the first migration.
    let first = dir.path().join("first");
    std::fs::create_dir_all(&first).unwrap();
    let init = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations/20261121000001_init.sql"
    );
    std::fs::copy(init, first.join("20261121000001_init.sql")).unwrap();
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    sqlx::migrate::Migrator::new(first.as_path())
        .await
        .unwrap()
        .run(&mut conn)
        .await
        .unwrap();
    let far = 4_000_000_000i64;
    for statement in [
        "INSERT INTO users VALUES (1, 'ada', 'Ada', 'ada', 'x', 0), (2, 'eve', 'Eve', 'eve', 'x', 0)",
        "INSERT INTO bands VALUES (1, 'B', 'b', 1, 0)",
        "INSERT INTO band_members VALUES (1, 1, 'admin', 0), (1, 2, 'member', 0)",
    ] {
        sqlx::query(statement).execute(&mut conn).await.unwrap();
    }
    // Ada's pending invite, Eve's pending one (she is no longer an admin), Eve's used one.
    for (id, by, used) in [(1, 1, None), (2, 2, None), (3, 2, Some(5))] {
        sqlx::query(
            "INSERT INTO invites (id, band_id, kind, token_hash, role, created_by, created_at, \
             expires_at, used_at, used_by) VALUES ($1, 1, 'token', $2, 'admin', $3, 0, $4, $5, $6)",
        )
        .bind(id)
        .bind(vec![u8::try_from(id).unwrap(); 32])
        .bind(by)
        .bind(far)
        .bind(used)
        .bind(used.map(|_| 1))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let rows: Vec<(i64, Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT id, revoked_at, revoked_reason FROM invites ORDER BY id")
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert!(rows[0].1.is_none(), "Ada's invite stays pending");
    assert!(rows[1].1.is_some(), "Eve's pending invite is revoked");
    assert_eq!(rows[1].2.as_deref(), Some("creator_not_admin"));
    assert!(rows[2].1.is_none(), "a used invite is left alone");
}

/// Songs written before titles were folded for search (an empty fold) are folded when the
/// store opens, as the core folds them, and songs already folded are left alone.
#[tokio::test]
async fn opening_folds_the_titles_of_older_songs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("songs.db");
    let store = SqliteStore::open(&path).await.unwrap();
    for statement in [
        "INSERT INTO users VALUES (1, 'ada', 'Ada', 'ada', 'x', 0)",
        "INSERT INTO bands VALUES (1, 'B', 'b', 1, 0)",
        "INSERT INTO songs (id, band_id, title, title_lc, created_by, created_at, title_fold) \
         VALUES (1, 1, 'Café Zürich', 'café zürich', 1, 0, ''), \
                (2, 1, 'Kept', 'kept', 1, 0, 'already folded')",
    ] {
        sqlx::query(statement).execute(store.pool()).await.unwrap();
    }
    drop(store);
    let store = SqliteStore::open(&path).await.unwrap();
    let folds: Vec<(i64, String)> = sqlx::query_as("SELECT id, title_fold FROM songs ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(
        folds,
        [
            (1, "cafe zurich".to_owned()),
            (2, "already folded".to_owned())
        ]
    );
}
