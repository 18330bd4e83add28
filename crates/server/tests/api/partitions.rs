//! The history tables partitioned by month (migration 2026-12-02-930001, docs/OPERATIONS.md
//! "Partitioned history"): months are created ahead, a row of any time lands somewhere, retention
//! drops whole months and keeps the younger ones, the partitions are out of the application's
//! reach, and the migration moves the rows of a database that already holds history.

use chrono::{Duration, Utc};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use sekisho_store::{migrate, partitions};
use sekisho_test_support::TestDatabase;

use crate::cli::sekisho;
use crate::history_tables::{
    count, exists, month_partition, month_start, names, sekisho_json, tenant,
};

const HISTORY: [&str; 6] = [
    "audit_log",
    "login_events",
    "order_identifiers",
    "orders",
    "payment_attempts",
    "webhook_deliveries",
];

async fn insert_login(conn: &mut AsyncPgConnection, tenant: uuid::Uuid, at: &str) {
    conn.batch_execute(&format!(
        "INSERT INTO login_events (tenant_id, id, account_fingerprint, success, ip, ip_prefix, \
         decision, score, reasons, at) VALUES ('{tenant}', gen_random_uuid(), \
         decode(repeat('ab', 32), 'hex'), true, '192.0.2.1', '192.0.2.0/24', 'allow', 0, '[]', \
         '{at}')"
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn the_current_month_and_the_months_ahead_exist_and_ensuring_is_idempotent() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    let listed = partitions::list(&mut conn).await.unwrap();
    for parent in HISTORY {
        let mine: Vec<&str> = listed
            .iter()
            .filter(|p| p.parent == parent)
            .map(|p| p.partition.as_str())
            .collect();
        let default = format!("{parent}_default");
        assert!(mine.contains(&default.as_str()), "{parent}: {mine:?}");
        for ahead in -1..=partitions::DEFAULT_MONTHS_AHEAD {
            let month = month_partition(parent, ahead);
            assert!(mine.contains(&month.as_str()), "{month} not among {mine:?}");
        }
        assert!(
            !mine.contains(&month_partition(parent, 4).as_str()),
            "{parent}: more months than asked for: {mine:?}"
        );
    }

    let created = partitions::ensure(&mut conn, 5).await.unwrap();
    let mut created: Vec<String> = created.into_iter().map(|c| c.partition).collect();
    created.sort();
    let mut expected: Vec<String> = HISTORY
        .iter()
        .flat_map(|parent| [month_partition(parent, 4), month_partition(parent, 5)])
        .collect();
    expected.sort();
    assert_eq!(created, expected);
    assert!(partitions::ensure(&mut conn, 5).await.unwrap().is_empty());
    // Replicas running it together: both succeed, each month is made once.
    let mut other = db.owner_connection().await;
    let (first, second) = tokio::join!(
        partitions::ensure(&mut conn, 7),
        partitions::ensure(&mut other, 7)
    );
    assert_eq!(
        first.unwrap().len() + second.unwrap().len(),
        HISTORY.len() * 2
    );
    assert!(
        partitions::ensure(&mut conn, 25).await.is_err(),
        "at most 24 months ahead"
    );

    // A month's partition covers exactly its month.
    let month = listed
        .iter()
        .find(|p| p.partition == month_partition("audit_log", 1))
        .unwrap();
    let from = month.from_at.unwrap();
    assert_eq!(from.date_naive(), month_start(1));
    assert_eq!(month.to_at.unwrap().date_naive(), month_start(2));
}

#[tokio::test]
async fn rows_of_any_time_land_in_their_month_or_in_the_default_partition() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    let tenant = tenant(&mut conn, "Partition Shop").await;
    let now = Utc::now();
    insert_login(&mut conn, tenant, &now.to_rfc3339()).await;
    insert_login(&mut conn, tenant, "1999-01-15T00:00:00Z").await;
    let far_ahead = format!("{}T00:00:00Z", month_start(9) + Duration::days(10));
    insert_login(&mut conn, tenant, &far_ahead).await;
    conn.batch_execute(
        "INSERT INTO audit_log (actor, action, at) VALUES ('test', 'old', '1970-01-02T00:00:00Z'), \
         ('test', 'future', '2200-01-01T00:00:00Z'), ('test', 'now', now())",
    )
    .await
    .unwrap();
    let mut placed = names(
        &mut conn,
        "SELECT tableoid::regclass::text AS name FROM login_events \
         UNION ALL SELECT tableoid::regclass::text FROM audit_log ORDER BY 1",
    )
    .await;
    placed.sort();
    let mut expected = vec![
        "audit_log_default".to_owned(),
        "audit_log_default".to_owned(),
        month_partition("audit_log", 0),
        "login_events_default".to_owned(),
        "login_events_default".to_owned(),
        month_partition("login_events", 0),
    ];
    expected.sort();
    assert_eq!(placed, expected);

    // The default partition holds a row of month +9: that month is not created over it (it
    // would fail), the others are.
    let created = partitions::ensure(&mut conn, 12).await.unwrap();
    let login_months: Vec<&str> = created
        .iter()
        .filter(|c| c.parent == "login_events")
        .map(|c| c.partition.as_str())
        .collect();
    let blocked = month_partition("login_events", 9);
    assert!(
        !login_months.contains(&blocked.as_str()),
        "{login_months:?}"
    );
    assert!(login_months.contains(&month_partition("login_events", 10).as_str()));
    assert!(login_months.contains(&month_partition("login_events", 8).as_str()));
    assert!(exists(&mut conn, &month_partition("audit_log", 9)).await);
}

#[tokio::test]
async fn retention_drops_whole_expired_months_and_keeps_younger_ones() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    let tenant = tenant(&mut conn, "Partition Shop").await;
    for months_ago in [14, 13, 11, 2] {
        let month = month_start(-months_ago);
        conn.batch_execute(&format!(
            "SELECT sekisho_create_partition('login_events', '{month}')"
        ))
        .await
        .unwrap();
        insert_login(&mut conn, tenant, &format!("{month}T12:00:00Z")).await;
        insert_login(&mut conn, tenant, &format!("{month}T13:00:00Z")).await;
    }
    insert_login(&mut conn, tenant, "2001-05-05T00:00:00Z").await;
    insert_login(&mut conn, tenant, &Utc::now().to_rfc3339()).await;
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM login_events").await,
        10
    );

    let removed = partitions::drop_expired(&mut conn, 12).await.unwrap();
    let mut removed: Vec<String> = removed.into_iter().map(|r| r.partition).collect();
    removed.sort();
    // The month that ended 12 months ago at the latest goes (13 and 14 months ago); the one of
    // 11 months ago has days younger than the retention and stays whole.
    let mut expected = vec![
        month_partition("login_events", -14),
        month_partition("login_events", -13),
        "login_events_default".to_owned(),
    ];
    expected.sort();
    assert_eq!(removed, expected);
    for gone in [-14, -13] {
        assert!(!exists(&mut conn, &month_partition("login_events", gone)).await);
    }
    assert!(exists(&mut conn, &month_partition("login_events", -11)).await);
    let kept = names(
        &mut conn,
        "SELECT tableoid::regclass::text AS name FROM login_events ORDER BY at",
    )
    .await;
    assert_eq!(
        kept,
        vec![
            month_partition("login_events", -11),
            month_partition("login_events", -11),
            month_partition("login_events", -2),
            month_partition("login_events", -2),
            month_partition("login_events", 0),
        ]
    );
    // Nothing further expires on a second run; a retention under a month is refused.
    assert!(
        partitions::drop_expired(&mut conn, 12)
            .await
            .unwrap()
            .is_empty()
    );
    let refused = conn
        .batch_execute("SELECT * FROM sekisho_drop_partitions_before(now() - interval '1 day')")
        .await;
    assert!(refused.is_err(), "a cut-off of one day must be refused");
}

#[tokio::test]
async fn partitions_keep_their_parents_policies_and_are_out_of_the_applications_reach() {
    let db = TestDatabase::create().await;
    let mut owner = db.owner_connection().await;
    let unforced = names(
        &mut owner,
        "SELECT c.relname::text AS name FROM pg_class c \
         WHERE c.relispartition AND c.relkind = 'r' AND NOT (c.relrowsecurity AND c.relforcerowsecurity \
           AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)) ORDER BY 1",
    )
    .await;
    assert!(
        unforced.is_empty(),
        "partitions without forced RLS and a policy: {unforced:?}"
    );
    let mut app = db.app_connection().await;
    for parent in HISTORY {
        for partition in [format!("{parent}_default"), month_partition(parent, 0)] {
            let denied = diesel::sql_query(format!("SELECT 1 FROM {partition}"))
                .execute(&mut app)
                .await;
            assert!(
                denied.is_err_and(|e| e.to_string().contains("permission denied")),
                "the application can read {partition} directly"
            );
        }
        // Through the parent, as always.
        diesel::sql_query(format!("SELECT 1 FROM {parent}"))
            .execute(&mut app)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn the_migration_moves_the_history_a_database_already_holds() {
    let db = TestDatabase::create().await;
    assert!(
        migrate::revert_after(&db.owner_url, "2026-12-02-920000")
            .await
            .unwrap()
            >= 1
    );
    let mut conn = db.owner_connection().await;
    assert!(
        !exists(&mut conn, "login_events_default").await,
        "reverted to plain tables"
    );
    let tenant = tenant(&mut conn, "Partition Shop").await;
    for at in [
        "2025-03-10T00:00:00Z",
        "2025-03-20T00:00:00Z",
        "2026-01-01T00:00:00Z",
    ] {
        insert_login(&mut conn, tenant, at).await;
    }
    insert_login(&mut conn, tenant, &Utc::now().to_rfc3339()).await;
    conn.batch_execute(&format!(
        "INSERT INTO audit_log (tenant_id, actor, action, at) VALUES \
         ('{tenant}', 'test', 'before', '2024-07-01T00:00:00Z'), ('{tenant}', 'test', 'before', now()); \
         INSERT INTO payment_attempts (tenant_id, id, amount_minor, currency, result, decision, \
           score, reasons, attempted_at, ip) \
         VALUES ('{tenant}', gen_random_uuid(), 1000, 'JPY', 'declined', 'accept', 0, '[]', now(), '192.0.2.7')"
    ))
    .await
    .unwrap();
    let max_audit = count(&mut conn, "SELECT max(id) AS n FROM audit_log").await;
    let counters_before = count(
        &mut conn,
        "SELECT coalesce(sum(attempts), 0)::bigint AS n FROM attempt_counts",
    )
    .await;
    assert!(counters_before > 0);
    drop(conn);

    migrate::run_pending(&db.owner_url).await.unwrap();
    let mut conn = db.owner_connection().await;
    let placed = names(
        &mut conn,
        "SELECT tableoid::regclass::text AS name FROM login_events ORDER BY at",
    )
    .await;
    assert_eq!(
        placed,
        vec![
            "login_events_p2025_03".to_owned(),
            "login_events_p2025_03".to_owned(),
            "login_events_p2026_01".to_owned(),
            month_partition("login_events", 0),
        ]
    );
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM audit_log").await,
        2
    );
    assert!(exists(&mut conn, "audit_log_p2024_07").await);
    // Ids continue after the moved entries; the moved attempt was not counted twice.
    conn.batch_execute("INSERT INTO audit_log (actor, action) VALUES ('test', 'after')")
        .await
        .unwrap();
    assert_eq!(
        count(&mut conn, "SELECT max(id) AS n FROM audit_log").await,
        max_audit + 1
    );
    let counters_after = count(
        &mut conn,
        "SELECT coalesce(sum(attempts), 0)::bigint AS n FROM attempt_counts",
    )
    .await;
    assert_eq!(counters_after, counters_before);
    // New attempts are still counted (the trigger is on the partitioned table).
    conn.batch_execute(&format!(
        "INSERT INTO payment_attempts (tenant_id, id, amount_minor, currency, result, decision, \
           score, reasons, attempted_at, ip) \
         VALUES ('{tenant}', gen_random_uuid(), 1000, 'JPY', 'approved', 'accept', 0, '[]', now(), '192.0.2.7')"
    ))
    .await
    .unwrap();
    assert!(
        count(
            &mut conn,
            "SELECT coalesce(sum(attempts), 0)::bigint AS n FROM attempt_counts",
        )
        .await
            > counters_after
    );
}

#[tokio::test]
async fn the_partitions_subcommands_list_ensure_and_drop_expired() {
    let db = TestDatabase::create().await;
    let run = |args: &[&str]| sekisho_json(&db, args);
    let listed = run(&["partitions", "list"]);
    let partitions = listed["partitions"].as_array().unwrap();
    assert_eq!(partitions.len(), HISTORY.len() * 6, "{listed}");
    let ensured = run(&["partitions", "ensure", "--months-ahead", "4"]);
    assert_eq!(ensured["created"].as_array().unwrap().len(), HISTORY.len());
    let dropped = run(&["partitions", "drop-expired", "--retention-months", "12"]);
    assert_eq!(dropped["removed"], serde_json::json!([]));
    // Without a retention configured, dropping is refused rather than guessed.
    let output = sekisho(&["partitions", "drop-expired"])
        .env("SEKISHO_DATABASE_URL", &db.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &db.owner_url)
        .output()
        .unwrap();
    assert!(!output.status.success());
}
