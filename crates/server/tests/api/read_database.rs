//! `SEKISHO_READ_DATABASE_URL`: analytics and backtests read the standby, everything else the
//! primary. Here the "standby" is a second database that holds other data, so that each answer
//! shows which database it came from.

use diesel_async::SimpleAsyncConnection;
use sekisho_domain::Role;
use sekisho_test_support::{TestApp, TestDatabase};
use serde_json::Value;

use crate::analytics::seed_attempts_into;

const OCTOBER: &str = "/v1/analytics/approval-rate?from=2026-10-01&to=2026-10-31&group_by=day";

#[tokio::test]
async fn analytics_read_the_read_database_and_writes_go_to_the_primary() {
    let standby = TestDatabase::create().await;
    let app =
        TestApp::spawn_with_read_database(TestDatabase::create().await, &standby.app_url).await;
    let shop = app.create_tenant("Replica Shop").await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    // Written through the primary: scoring works, and the primary has October's attempts.
    let scored = app
        .post(
            "/v1/orders/score",
            &shop.api_key,
            &serde_json::json!({ "order_id": "read-1", "amount": 3000, "currency": "JPY",
                                 "payment_method": "card" }),
        )
        .await;
    assert_eq!(scored.status(), 200);
    seed_attempts_into(&app.database, &shop, "2026-10-05", 0).await;
    let report: Value = app.get(OCTOBER, &analyst.token).await.json().await.unwrap();
    assert_eq!(report["rows"], serde_json::json!([]), "{report}");

    // The standby's copy of the tenant has other attempts: those are the ones shown.
    standby
        .owner_connection()
        .await
        .batch_execute(&format!(
            "INSERT INTO tenants (id, name) VALUES ('{}', 'Replica Shop')",
            shop.id
        ))
        .await
        .unwrap();
    seed_attempts_into(&standby, &shop, "2026-10-07", 2).await;
    let report: Value = app.get(OCTOBER, &analyst.token).await.json().await.unwrap();
    assert_eq!(report["rows"][0]["key"], "2026-10-07", "{report}");
    assert_eq!(report["total"]["attempts"], 40, "{report}");
    assert_eq!(report["total"]["stopped"], 2, "{report}");

    // What a reviewer works from stays on the primary: the order is listed.
    let owner = app.create_staff(&shop, Role::Owner).await;
    let orders: Value = app
        .get("/v1/orders", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        orders["items"][0]["merchant_order_id"], "read-1",
        "{orders}"
    );
}
