use std::collections::{BTreeMap, BTreeSet};

use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use sekisho_store::migrate;
use sekisho_store::schema::DECLARED_COLUMNS;
use sekisho_test_support::TestDatabase;

#[derive(diesel::QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

async fn columns(db: &TestDatabase) -> BTreeMap<String, BTreeSet<String>> {
    let mut conn = db.owner_connection().await;
    let rows: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations' \
           AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        tables
            .entry(row.table_name)
            .or_default()
            .insert(row.column_name);
    }
    tables
}

#[tokio::test]
async fn diesel_schema_matches_the_migrated_database() {
    let db = TestDatabase::create().await;
    let actual = columns(&db).await;
    let declared: BTreeMap<String, BTreeSet<String>> = DECLARED_COLUMNS
        .iter()
        .map(|(table, columns)| {
            (
                table.to_string(),
                columns.iter().map(|c| c.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(
        actual, declared,
        "crates/store/src/schema.rs has drifted from migrations/"
    );
}

#[tokio::test]
async fn every_migration_reverts_cleanly_and_reapplies() {
    let db = TestDatabase::create().await;
    let before = columns(&db).await;
    let reverted = migrate::revert_all(&db.owner_url).await.unwrap();
    assert!(reverted >= 1);
    assert!(
        columns(&db).await.is_empty(),
        "down.sql leaves tables behind"
    );
    migrate::run_pending(&db.owner_url).await.unwrap();
    assert_eq!(columns(&db).await, before);
}

#[tokio::test]
async fn replicas_starting_together_migrate_once() {
    let db = TestDatabase::create().await;
    let before = columns(&db).await;
    migrate::revert_all(&db.owner_url).await.unwrap();
    let (first, second, third) = tokio::join!(
        migrate::run_pending(&db.owner_url),
        migrate::run_pending(&db.owner_url),
        migrate::run_pending(&db.owner_url),
    );
    let mut applied: Vec<usize> = [first, second, third]
        .into_iter()
        .map(|run| run.expect("every starter succeeds").len())
        .collect();
    applied.sort_unstable();
    assert_eq!(applied[..2], [0, 0], "only one starter applies migrations");
    assert!(applied[2] >= 1);
    assert_eq!(columns(&db).await, before);
}
