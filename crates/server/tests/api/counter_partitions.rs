//! The hot path's counter tables partitioned by week (migration 2026-12-02-950101,
//! docs/OPERATIONS.md "Partitioned history"): weeks are created ahead, a bucket of any time lands
//! somewhere, expiry drops whole weeks that ended 32 days ago and deletes stragglers in the default
//! partitions, every partition keeps its parent's tenant policy, and the migration moves the
//! counters a database already holds.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use sekisho_store::migrate;
use sekisho_store::partitions::counters;
use sekisho_test_support::TestDatabase;

use crate::history_tables::{count, exists, names, sekisho_json};

const COUNTERS: [&str; 4] = [
    "attempt_counts",
    "velocity_counts",
    "velocity_sketches",
    "velocity_values",
];

fn day(days_from_today: i64) -> NaiveDate {
    Utc::now().date_naive() + Duration::days(days_from_today)
}

/// The Monday starting the week `weeks_from_now` weeks from the current one (UTC).
fn week(weeks_from_now: i64) -> NaiveDate {
    let today = Utc::now().date_naive();
    today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        + Duration::weeks(weeks_from_now)
}

/// The partition of `parent` holding `on`: named after its week's Monday.
fn partition_of(parent: &str, on: NaiveDate) -> String {
    let monday = on - Duration::days(i64::from(on.weekday().num_days_from_monday()));
    format!("{parent}_p{}", monday.format("%Y_%m_%d"))
}

fn partition_name(parent: &str, weeks_from_now: i64) -> String {
    partition_of(parent, week(weeks_from_now))
}

/// An order-count bucket of a day (noon UTC) for `tenant`, written as the owner.
async fn insert_count(conn: &mut AsyncPgConnection, tenant: uuid::Uuid, on: NaiveDate) {
    conn.batch_execute(&format!(
        "INSERT INTO velocity_counts (tenant_id, key_kind, key, bucket_secs, bucket_start, orders) \
         VALUES ('{tenant}', 'card', '\\xab', 86400, '{on}T00:00:00Z', 3), \
                ('{tenant}', 'card', '\\xab', 3600, '{on}T12:00:00Z', 2)"
    ))
    .await
    .unwrap();
}

async fn insert_attempts(conn: &mut AsyncPgConnection, tenant: uuid::Uuid, on: NaiveDate) {
    conn.batch_execute(&format!(
        "INSERT INTO attempt_counts (tenant_id, livemode, source_kind, source, bucket_secs, \
           bucket_start, shard, attempts, failures) \
         VALUES ('{tenant}', true, 'ip', '\\x01', 3600, '{on}T05:00:00Z', 0, 4, 1)"
    ))
    .await
    .unwrap();
}

async fn create_day(conn: &mut AsyncPgConnection, parent: &str, on: NaiveDate) {
    conn.batch_execute(&format!(
        "SELECT sekisho_create_counter_partition('{parent}', '{on}')"
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn counter_tables_are_partitioned_by_week_and_ensuring_is_idempotent() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    // Partitioned by range of bucket_start, each with its default partition.
    let partitioned = names(
        &mut conn,
        "SELECT c.relname::text AS name FROM pg_partitioned_table p \
         JOIN pg_class c ON c.oid = p.partrelid \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0] \
         WHERE p.partstrat = 'r' AND p.partnatts = 1 AND a.attname = 'bucket_start' \
           AND c.relname IN ('attempt_counts', 'velocity_counts', 'velocity_sketches', 'velocity_values') \
         ORDER BY 1",
    )
    .await;
    assert_eq!(partitioned, COUNTERS);

    // The template may have been migrated in an earlier week: make this week's first.
    counters::ensure(&mut conn, counters::WEEKS_AHEAD)
        .await
        .unwrap();
    let listed = counters::list(&mut conn).await.unwrap();
    for parent in COUNTERS {
        let mine: Vec<&str> = listed
            .iter()
            .filter(|p| p.parent == parent)
            .map(|p| p.partition.as_str())
            .collect();
        let default = format!("{parent}_default");
        // The default partition is listed first (diesel's `first` shadows the slice's here).
        assert_eq!(
            <[&str]>::first(&mine),
            Some(&default.as_str()),
            "{parent}: {mine:?}"
        );
        for ahead in -1..=i64::from(counters::WEEKS_AHEAD) {
            let name = partition_name(parent, ahead);
            assert!(mine.contains(&name.as_str()), "{name} not among {mine:?}");
        }
        assert!(
            !mine.contains(&partition_name(parent, 2).as_str()),
            "{parent}: more weeks than asked for: {mine:?}"
        );
    }
    // A week's partition covers exactly its UTC week, Monday to Monday.
    let next_week = listed
        .iter()
        .find(|p| p.partition == partition_name("velocity_counts", 1))
        .unwrap();
    assert_eq!(
        next_week.from_at.unwrap(),
        week(1).and_hms_opt(0, 0, 0).unwrap().and_utc()
    );
    assert_eq!(
        next_week.to_at.unwrap(),
        week(2).and_hms_opt(0, 0, 0).unwrap().and_utc()
    );
    // Every partition keeps the counters' storage settings (updates in place stay HOT).
    let without_fillfactor = names(
        &mut conn,
        "SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
         JOIN pg_class p ON p.oid = i.inhparent \
         WHERE p.relname IN ('attempt_counts', 'velocity_counts', 'velocity_sketches', 'velocity_values') \
           AND c.relkind = 'r' AND NOT coalesce('fillfactor=70' = ANY (c.reloptions), false) \
         ORDER BY 1",
    )
    .await;
    assert!(without_fillfactor.is_empty(), "{without_fillfactor:?}");

    let mut created: Vec<String> = counters::ensure(&mut conn, 3)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.partition)
        .collect();
    created.sort();
    let mut expected: Vec<String> = COUNTERS
        .iter()
        .flat_map(|parent| [partition_name(parent, 2), partition_name(parent, 3)])
        .collect();
    expected.sort();
    assert_eq!(created, expected);
    assert!(counters::ensure(&mut conn, 3).await.unwrap().is_empty());
    // Replicas running it together: both succeed, each week is made once.
    let mut other = db.owner_connection().await;
    let (first, second) = tokio::join!(
        counters::ensure(&mut conn, 5),
        counters::ensure(&mut other, 5)
    );
    assert_eq!(
        first.unwrap().len() + second.unwrap().len(),
        COUNTERS.len() * 2
    );
    assert!(
        counters::ensure(&mut conn, 9).await.is_err(),
        "at most 8 weeks ahead"
    );
    // The history's months are another matter: their functions do not know the counters.
    assert!(
        conn.batch_execute("SELECT sekisho_create_partition('velocity_counts', current_date)")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn buckets_of_any_time_land_in_their_week_or_in_the_default_partition() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    counters::ensure(&mut conn, counters::WEEKS_AHEAD)
        .await
        .unwrap();
    let tenant = uuid::Uuid::now_v7();
    insert_count(&mut conn, tenant, day(0)).await;
    insert_count(&mut conn, tenant, week(5) + Duration::days(3)).await;
    insert_attempts(&mut conn, tenant, week(-1)).await;
    let mut placed = names(
        &mut conn,
        "SELECT tableoid::regclass::text AS name FROM velocity_counts \
         UNION ALL SELECT tableoid::regclass::text FROM attempt_counts",
    )
    .await;
    placed.sort();
    let mut expected = vec![
        partition_name("attempt_counts", -1),
        partition_name("velocity_counts", 0),
        partition_name("velocity_counts", 0),
        "velocity_counts_default".to_owned(),
        "velocity_counts_default".to_owned(),
    ];
    expected.sort();
    assert_eq!(placed, expected);
    // The default partition holds buckets of week +5: that week is not created over them (it
    // would fail), the weeks around it are, and nothing fails.
    let created = counters::ensure(&mut conn, 7).await.unwrap();
    let weeks: Vec<&str> = created
        .iter()
        .filter(|c| c.parent == "velocity_counts")
        .map(|c| c.partition.as_str())
        .collect();
    assert!(
        !weeks.contains(&partition_name("velocity_counts", 5).as_str()),
        "{weeks:?}"
    );
    assert!(weeks.contains(&partition_name("velocity_counts", 4).as_str()));
    assert!(weeks.contains(&partition_name("velocity_counts", 6).as_str()));
    assert!(exists(&mut conn, &partition_name("velocity_values", 5)).await);
}

#[tokio::test]
async fn expiry_drops_whole_old_weeks_and_deletes_the_default_partitions_stragglers() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    let tenant = uuid::Uuid::now_v7();
    // Weeks ending at the latest 32 days ago (those of 60 and 39 days ago), and one ending
    // later (31 days ago: a 30-day window still reads it).
    for days_ago in [60, 39, 31] {
        create_day(&mut conn, "velocity_counts", day(-days_ago)).await;
        insert_count(&mut conn, tenant, day(-days_ago)).await;
    }
    create_day(&mut conn, "attempt_counts", day(-60)).await;
    insert_attempts(&mut conn, tenant, day(-60)).await;
    // Stragglers in the default partition: one past the keep, one within it.
    insert_count(&mut conn, tenant, day(-80)).await;
    insert_count(&mut conn, tenant, day(-20)).await;
    insert_count(&mut conn, tenant, day(0)).await;
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM velocity_counts").await,
        12
    );

    let removed = counters::drop_expired(&mut conn).await.unwrap();
    let mut gone: Vec<(String, i64)> = removed
        .into_iter()
        .map(|r| (r.partition, r.rows_removed))
        .collect();
    gone.sort();
    // The weeks that ended 32 days ago at the latest go whole (estimated rows: never analysed,
    // so 0); the week of 31 days ago stays; the default partition loses its two buckets of 80
    // days ago, counted exactly.
    let mut expected = vec![
        (partition_of("attempt_counts", day(-60)), 0),
        (partition_of("velocity_counts", day(-60)), 0),
        (partition_of("velocity_counts", day(-39)), 0),
        ("velocity_counts_default".to_owned(), 2),
    ];
    expected.sort();
    assert_eq!(gone, expected);
    for (partition, _) in expected.iter().filter(|(p, _)| !p.ends_with("_default")) {
        assert!(!exists(&mut conn, partition).await, "{partition} remains");
    }
    let kept = names(
        &mut conn,
        "SELECT tableoid::regclass::text AS name FROM velocity_counts ORDER BY bucket_start, bucket_secs",
    )
    .await;
    assert_eq!(
        kept,
        vec![
            partition_of("velocity_counts", day(-31)),
            partition_of("velocity_counts", day(-31)),
            "velocity_counts_default".to_owned(),
            "velocity_counts_default".to_owned(),
            partition_name("velocity_counts", 0),
            partition_name("velocity_counts", 0),
        ]
    );
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM attempt_counts").await,
        0
    );
    assert!(counters::drop_expired(&mut conn).await.unwrap().is_empty());

    // The hourly pruning keeps its name and result: rows removed, the planner's estimate for a
    // dropped week (analysed here) plus the exact count of the default's stragglers.
    create_day(&mut conn, "velocity_counts", day(-50)).await;
    insert_count(&mut conn, tenant, day(-50)).await;
    insert_count(&mut conn, tenant, day(-90)).await;
    conn.batch_execute(&format!(
        "ANALYZE {}",
        partition_of("velocity_counts", day(-50))
    ))
    .await
    .unwrap();
    assert_eq!(sekisho_store::velocity::prune(&mut conn).await.unwrap(), 4);
    assert!(!exists(&mut conn, &partition_of("velocity_counts", day(-50))).await);
    assert_eq!(sekisho_store::velocity::prune(&mut conn).await.unwrap(), 0);

    // A keep shorter than the longest window (30 days, read from whole days) is refused.
    for refused in [
        "SELECT * FROM sekisho_drop_counter_partitions_before(now() - interval '30 days')",
        "SELECT sekisho_prune_velocity(interval '1 day')",
    ] {
        assert!(conn.batch_execute(refused).await.is_err(), "{refused}");
    }
}

#[tokio::test]
async fn every_counter_partition_keeps_the_tenant_policy_and_is_out_of_the_applications_reach() {
    let db = TestDatabase::create().await;
    let mut owner = db.owner_connection().await;
    let (mine, theirs) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    insert_count(&mut owner, mine, day(0)).await;
    insert_count(&mut owner, theirs, day(0)).await;
    insert_count(&mut owner, theirs, day(-200)).await;
    let unforced = names(
        &mut owner,
        "SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
         JOIN pg_class p ON p.oid = i.inhparent \
         WHERE p.relname IN ('attempt_counts', 'velocity_counts', 'velocity_sketches', 'velocity_values') \
           AND NOT (c.relrowsecurity AND c.relforcerowsecurity \
             AND EXISTS (SELECT 1 FROM pg_policy y WHERE y.polrelid = c.oid \
               AND pg_get_expr(y.polqual, y.polrelid) LIKE '%sekisho_current_tenant()%')) \
         ORDER BY 1",
    )
    .await;
    assert!(
        unforced.is_empty(),
        "without the tenant policy: {unforced:?}"
    );

    let mut app = db.app_connection().await;
    app.batch_execute(&format!(
        "SELECT set_config('app.tenant_id', '{mine}', false)"
    ))
    .await
    .unwrap();
    let today = partition_name("velocity_counts", 0);
    for partition in [today.as_str(), "velocity_counts_default"] {
        let denied = diesel::sql_query(format!("SELECT 1 FROM {partition}"))
            .execute(&mut app)
            .await;
        assert!(
            denied.is_err_and(|e| e.to_string().contains("permission denied")),
            "the application can read {partition} directly"
        );
    }
    // Through the parent, its own tenant's buckets only.
    let tenants = names(
        &mut app,
        "SELECT DISTINCT tenant_id::text AS name FROM velocity_counts",
    )
    .await;
    assert_eq!(tenants, vec![mine.to_string()]);
    // Were a partition ever granted, its own forced policy would still hide the other tenant.
    owner
        .batch_execute(&format!(
            "GRANT SELECT ON {today}, velocity_counts_default TO sekisho_app"
        ))
        .await
        .unwrap();
    for partition in [today.as_str(), "velocity_counts_default"] {
        let seen = names(
            &mut app,
            &format!("SELECT DISTINCT tenant_id::text AS name FROM {partition}"),
        )
        .await;
        assert!(
            seen.iter().all(|t| *t == mine.to_string()),
            "{partition} shows another tenant's counters: {seen:?}"
        );
    }
    assert_eq!(
        count(&mut app, &format!("SELECT count(*) AS n FROM {today}")).await,
        2
    );
}

#[tokio::test]
async fn the_migration_moves_the_counters_a_database_already_holds() {
    let db = TestDatabase::create().await;
    assert!(
        migrate::revert_after(&db.owner_url, "2026-12-02-950100")
            .await
            .unwrap()
            >= 1
    );
    let mut conn = db.owner_connection().await;
    assert!(
        !exists(&mut conn, "velocity_counts_default").await,
        "reverted to plain tables"
    );
    let tenant = uuid::Uuid::now_v7();
    for on in [day(-60), day(-3), day(-3) + Duration::days(1), day(0)] {
        insert_count(&mut conn, tenant, on).await;
    }
    insert_attempts(&mut conn, tenant, day(0)).await;
    conn.batch_execute(&format!(
        "INSERT INTO velocity_values (tenant_id, key_kind, key, counted_kind, bucket_secs, \
           bucket_start, value, orders) \
         VALUES ('{tenant}', 'ip', '\\x01', 'card', 3600, '{}T01:00:00Z', '\\x02', 1); \
         INSERT INTO velocity_sketches (tenant_id, key_kind, key, counted_kind, bucket_secs, \
           bucket_start, sketch) \
         VALUES ('{tenant}', 'ip', '\\x01', 'card', 3600, '{}T01:00:00Z', '\\x')",
        day(0),
        day(0)
    ))
    .await
    .unwrap();
    drop(conn);

    migrate::run_pending(&db.owner_url).await.unwrap();
    let mut conn = db.owner_connection().await;
    let placed = names(
        &mut conn,
        "SELECT DISTINCT tableoid::regclass::text AS name FROM velocity_counts ORDER BY 1",
    )
    .await;
    let mut expected: Vec<String> = [day(-60), day(-3), day(-2), day(0)]
        .into_iter()
        .map(|on| partition_of("velocity_counts", on))
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(placed, expected);
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM velocity_counts").await,
        8
    );
    for (table, partition) in [
        ("attempt_counts", partition_name("attempt_counts", 0)),
        ("velocity_values", partition_name("velocity_values", 0)),
        ("velocity_sketches", partition_name("velocity_sketches", 0)),
    ] {
        let placed = names(
            &mut conn,
            &format!("SELECT DISTINCT tableoid::regclass::text AS name FROM {table}"),
        )
        .await;
        assert_eq!(placed, vec![partition], "{table}");
    }
    // The sketch a database already held is marked among its bucket's values (migration
    // 2026-12-04-990051), so that readers still look it up.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM velocity_values \
             WHERE value = '\\x'::bytea AND orders = 0 AND bucket_secs = 3600"
        )
        .await,
        1
    );
    // The primary key is back (the writers' conflict arbiter): a bucket cannot be written twice.
    let duplicate = conn
        .batch_execute(&format!(
            "INSERT INTO velocity_counts (tenant_id, key_kind, key, bucket_secs, bucket_start, \
               orders) VALUES ('{tenant}', 'card', '\\xab', 86400, '{}T00:00:00Z', 1)",
            day(0)
        ))
        .await;
    assert!(
        duplicate.is_err_and(|e| e.to_string().contains("duplicate key")),
        "a bucket was written twice"
    );
}

#[tokio::test]
async fn the_partitions_subcommands_cover_the_counter_tables() {
    let db = TestDatabase::create().await;
    let run = |args: &[&str]| sekisho_json(&db, args);
    run(&["partitions", "ensure"]);
    let ensured = run(&["partitions", "ensure", "--counter-weeks-ahead", "3"]);
    let mut created: Vec<&str> = ensured["counters_created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["partition"].as_str().unwrap())
        .collect();
    created.sort();
    let expected: Vec<String> = COUNTERS
        .iter()
        .flat_map(|parent| [partition_name(parent, 2), partition_name(parent, 3)])
        .collect();
    assert_eq!(created, expected);
    let listed = run(&["partitions", "list"]);
    let counter_partitions: Vec<&str> = listed["counter_partitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["partition"].as_str().unwrap())
        .collect();
    // A default and last week to 3 weeks ahead, for each table; the history is listed apart.
    for parent in COUNTERS {
        let default = format!("{parent}_default");
        assert!(counter_partitions.contains(&default.as_str()), "{listed}");
        for ahead in -1..=3 {
            let name = partition_name(parent, ahead);
            assert!(
                counter_partitions.contains(&name.as_str()),
                "{name}: {listed}"
            );
        }
    }
    assert!(
        listed["partitions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| !COUNTERS.contains(&p["parent"].as_str().unwrap())),
        "{listed}"
    );
    let dropped = run(&["partitions", "drop-expired", "--counters-only"]);
    assert_eq!(
        dropped,
        serde_json::json!({ "removed": [], "counters_removed": [] })
    );
}
