//! The conformance suite on PostgreSQL, when `DATABASE_URL` points at one.
use rehearsalhub_conformance::backend::PgBackend;

rehearsalhub_conformance::conformance_suite!(PgBackend::from_env());

/// Several server instances starting at once on one fresh database migrate it once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_starts_migrate_once() {
    let Some(backend) = PgBackend::from_env() else {
        return;
    };
    let schema = backend.new_schema().await;
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let b = PgBackend::from_env().expect("backend");
            let s = schema.clone();
            tokio::spawn(async move { b.pool_on(&s, 2).await })
        })
        .collect();
    let mut stores = Vec::new();
    for s in starts {
        stores.push(s.await.expect("every instance starts"));
    }
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(stores[0].pool())
        .await
        .expect("count");
    assert_eq!(
        usize::try_from(applied).expect("count"),
        rehearsalhub_store_postgres::migration_count()
    );
}
