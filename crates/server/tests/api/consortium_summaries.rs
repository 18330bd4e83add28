//! `consortium_summaries` (migration `820001`) against the entries it summarises: after
//! additions, removals and sharing changes the summaries equal a count over the entries, and a
//! retraction racing a new report of the same identifier by the same tenant loses neither.

use std::time::Duration;

use sekisho_test_support::TestDatabase;
use tokio_postgres::{Client, NoTls};
use uuid::Uuid;

async fn connect(db: &TestDatabase) -> Client {
    let (client, connection) = tokio_postgres::connect(&db.owner_url, NoTls).await.unwrap();
    tokio::spawn(connection);
    client
}

async fn tenant(client: &Client) -> Uuid {
    let id = Uuid::new_v4();
    client
        .execute(
            "INSERT INTO tenants (id, name) VALUES ($1, 'summaries')",
            &[&id],
        )
        .await
        .unwrap();
    id
}

/// One report of `fingerprint` (kind email) by `tenant`, its entry included, in one statement.
const REPORT: &str = "WITH r AS ( \
        INSERT INTO fraud_reports (tenant_id, id, category, amount_minor, currency, occurred_at, \
                                   created_by, source, summary) \
        VALUES ($1, $2, $4, 1000, 'JPY', now(), 'test', 'api', '{}') RETURNING id, reported_at) \
    INSERT INTO consortium_entries (fingerprint, kind, tenant_id, report_id, category, \
                                    reported_at, shared) \
    SELECT $3, 'email', $1, r.id, $4, r.reported_at, true FROM r";

async fn report(client: &Client, tenant: Uuid, fingerprint: &[u8], category: &str) -> Uuid {
    let id = Uuid::now_v7();
    client
        .execute(REPORT, &[&tenant, &id, &fingerprint, &category])
        .await
        .unwrap();
    id
}

/// Every summary row next to the count of entries it stands for; they must agree.
async fn drift(client: &Client) -> Vec<String> {
    let rows = client
        .query(
            "WITH counted AS ( \
                 SELECT fingerprint, kind, tenant_id, shared, count(*)::integer AS reports, \
                        array_agg(DISTINCT category ORDER BY category) AS categories, \
                        min(reported_at) AS first_at, max(reported_at) AS last_at \
                 FROM consortium_entries GROUP BY 1, 2, 3, 4) \
             SELECT coalesce(c.tenant_id, s.tenant_id)::text, c.reports, s.reports \
             FROM counted c FULL JOIN consortium_summaries s USING (fingerprint, kind, tenant_id, shared) \
             WHERE c.reports IS DISTINCT FROM s.reports OR c.categories IS DISTINCT FROM s.categories \
                OR c.first_at IS DISTINCT FROM s.first_reported_at \
                OR c.last_at IS DISTINCT FROM s.last_reported_at",
            &[],
        )
        .await
        .unwrap();
    rows.iter()
        .map(|row| {
            let tenant: String = row.get(0);
            let counted: Option<i32> = row.get(1);
            let summarised: Option<i32> = row.get(2);
            format!("{tenant}: entries {counted:?}, summary {summarised:?}")
        })
        .collect()
}

#[tokio::test]
async fn summaries_follow_additions_removals_and_sharing_changes() {
    let db = TestDatabase::create().await;
    let client = connect(&db).await;
    let (a, b) = (tenant(&client).await, tenant(&client).await);
    let common = [7u8; 32];
    let rare = [9u8; 32];
    let mut filed = Vec::new();
    for n in 0..6 {
        let category = if n % 2 == 0 { "chargeback" } else { "unpaid" };
        filed.push(report(&client, a, &common, category).await);
        report(&client, b, &common, "resale").await;
    }
    let rare_report = report(&client, a, &rare, "other").await;
    assert_eq!(drift(&client).await, Vec::<String>::new());

    // Retractions (by report), the last report of a key, and a tenant that stops sharing.
    for id in filed.iter().take(3) {
        client
            .execute(
                "DELETE FROM consortium_entries WHERE tenant_id = $1 AND report_id = $2",
                &[&a, id],
            )
            .await
            .unwrap();
    }
    client
        .execute(
            "DELETE FROM consortium_entries WHERE report_id = $1",
            &[&rare_report],
        )
        .await
        .unwrap();
    client
        .execute(
            "UPDATE consortium_entries SET shared = false WHERE tenant_id = $1",
            &[&b],
        )
        .await
        .unwrap();
    assert_eq!(drift(&client).await, Vec::<String>::new());
    let rare_left: i64 = client
        .query_one(
            "SELECT count(*) FROM consortium_summaries WHERE fingerprint = $1",
            &[&rare.as_slice()],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(rare_left, 0, "a key without entries has no summary");
}

#[tokio::test]
async fn a_retraction_racing_a_new_report_of_the_same_key_loses_neither() {
    let db = TestDatabase::create().await;
    let setup = connect(&db).await;
    let shop = tenant(&setup).await;
    let key = [5u8; 32];
    let first = report(&setup, shop, &key, "chargeback").await;

    // A new report of the key, not yet committed: it holds the summary row.
    let mut adding = connect(&db).await;
    let adding_tx = adding.transaction().await.unwrap();
    let id = Uuid::now_v7();
    adding_tx
        .execute(REPORT, &[&shop, &id, &key.as_slice(), &"resale"])
        .await
        .unwrap();

    // Meanwhile the first report is retracted; its recount must wait and then see the new one.
    let retracting = connect(&db).await;
    let retraction = tokio::spawn(async move {
        retracting
            .execute(
                "DELETE FROM consortium_entries WHERE report_id = $1",
                &[&first],
            )
            .await
            .unwrap();
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    adding_tx.commit().await.unwrap();
    tokio::time::timeout(Duration::from_secs(10), retraction)
        .await
        .unwrap()
        .unwrap();

    assert_eq!(drift(&setup).await, Vec::<String>::new());
    let summarised: i32 = setup
        .query_one(
            "SELECT reports FROM consortium_summaries WHERE fingerprint = $1",
            &[&key.as_slice()],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(summarised, 1, "the new report is still summarised");
}
