//! The tenant's own customer data: kept encrypted with each order, unmasked for the tenant's
//! owners and reviewers (every view audited), masked for analysts, absent for API keys unless the
//! tenant enables it, never visible to another tenant, and purged after the retention period.

use diesel_async::RunQueryDsl;
use sekisho_domain::Role;
use sekisho_test_support::{TestApp, TestTenant};
use serde_json::{Value, json};

fn order(id: &str) -> Value {
    json!({
        "order_id": id,
        "amount": 12800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": {
            "account_id": "cust-77", "email": "Hanako.Yamada@example-mail.jp",
            "phone": "090-1234-5678", "name": "山田 花子", "name_kana": "ヤマダ ハナコ"
        },
        "billing_address": {
            "postal_code": "150-0002", "region": "東京都", "locality": "渋谷区",
            "line1": "渋谷2-21-1", "line2": "渋谷ヒカリエ 10F"
        },
        "shipping_address": {
            "postal_code": "160-0022", "region": "東京都", "locality": "新宿区",
            "line1": "新宿3-1-1", "line2": "コーポ新宿 203", "name": "山田 花子"
        },
        "card": { "number": "4556 7375 8689 9855", "expiry": "12/29" },
        "device": { "ip": "203.0.113.10", "device_id": "dev-cd-1" }
    })
}

async fn scored(app: &TestApp, tenant: &TestTenant, id: &str) -> String {
    let response = app
        .post("/v1/orders/score", &tenant.api_key, &order(id))
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["order_id"].as_str().unwrap().to_owned()
}

async fn detail(app: &TestApp, bearer: &str, id: &str) -> (u16, Value) {
    let response = app.get(&format!("/v1/orders/{id}"), bearer).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn views_in_audit_log(app: &TestApp, tenant: &TestTenant) -> Vec<Value> {
    let admin = app.admin_token().await;
    let entries: Value = app
        .get(
            &format!("/admin/v1/audit-log?tenant_id={}&limit=500", tenant.id),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    entries["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "customer_data.viewed")
        .cloned()
        .collect()
}

#[tokio::test]
async fn owners_and_reviewers_see_the_customer_analysts_a_mask_keys_nothing_and_each_view_is_audited()
 {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Customer Shop").await;
    let id = scored(&app, &shop, "CD-1").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;

    let (status, seen) = detail(&app, &reviewer.token, &id).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["customer_access"], "unmasked");
    let customer = &seen["customer"];
    assert_eq!(customer["name"], "山田 花子");
    assert_eq!(customer["name_kana"], "ヤマダ ハナコ");
    assert_eq!(customer["email"], "Hanako.Yamada@example-mail.jp");
    assert_eq!(customer["phone"], "090-1234-5678");
    assert_eq!(customer["shipping_address"]["line2"], "コーポ新宿 203");
    assert_eq!(customer["billing_address"]["line1"], "渋谷2-21-1");
    assert!(
        !seen.to_string().contains("4556737586899855"),
        "never the card"
    );

    let (_, by_owner) = detail(&app, &owner.token, "CD-1").await;
    assert_eq!(by_owner["customer"]["phone"], "090-1234-5678");

    let (status, masked) = detail(&app, &analyst.token, &id).await;
    assert_eq!(status, 200);
    assert_eq!(masked["customer_access"], "masked");
    let text = masked["customer"].to_string();
    for secret in ["花子", "Hanako", "1234-5678", "新宿3-1-1", "203"] {
        assert!(
            !text.contains(secret),
            "{secret} shown to an analyst: {text}"
        );
    }
    assert_eq!(masked["customer"]["shipping_address"]["locality"], "新宿区");

    let (status, by_key) = detail(&app, &shop.api_key, &id).await;
    assert_eq!(status, 200);
    assert!(by_key.get("customer").is_none(), "{by_key}");
    assert_eq!(by_key["customer_access"], "none");

    // Another tenant's reviewer: the order does not exist for them.
    let other = app.create_tenant("Other Shop").await;
    let stranger = app.create_staff(&other, Role::Reviewer).await;
    let (status, _) = detail(&app, &stranger.token, &id).await;
    assert_eq!(status, 404);

    let views = views_in_audit_log(&app, &shop).await;
    let actors: Vec<String> = views
        .iter()
        .map(|v| v["actor"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(views.len(), 2, "{views:?}");
    assert!(actors.contains(&format!("user:{}", reviewer.id)));
    assert!(actors.contains(&format!("user:{}", owner.id)));
    assert!(views.iter().all(|v| v["target"] == id.as_str()));
    assert!(views_in_audit_log(&app, &other).await.is_empty());
}

#[tokio::test]
async fn api_keys_read_the_customer_only_when_the_tenant_turns_it_on() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Key Shop").await;
    let id = scored(&app, &shop, "CD-2").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let change = json!({ "retention_days": 90, "api_keys_read_customer_data": true });
    let refused = app
        .client
        .put(app.url("/v1/customer-data/settings"))
        .bearer_auth(&reviewer.token)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let bad = app
        .client
        .put(app.url("/v1/customer-data/settings"))
        .bearer_auth(&owner.token)
        .json(&json!({ "retention_days": 0, "api_keys_read_customer_data": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let saved = app
        .client
        .put(app.url("/v1/customer-data/settings"))
        .bearer_auth(&owner.token)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let (_, by_key) = detail(&app, &shop.api_key, &id).await;
    assert_eq!(by_key["customer"]["email"], "Hanako.Yamada@example-mail.jp");
    let views = views_in_audit_log(&app, &shop).await;
    assert_eq!(views.len(), 1);
    assert_eq!(views[0]["actor"], format!("api_key:{}", shop.api_key_id));
}

#[tokio::test]
async fn the_purge_clears_customer_data_older_than_the_retention_period() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Purge Shop").await;
    let old = scored(&app, &shop, "CD-OLD").await;
    let fresh = scored(&app, &shop, "CD-NEW").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let settings: Value = app
        .get("/v1/customer-data/settings", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(settings["retention_days"], 180);
    // The old order was scored 200 days ago.
    let mut conn = app.database.owner_connection().await;
    diesel::sql_query(format!(
        "UPDATE orders SET scored_at = now() - interval '200 days' WHERE id = '{old}'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        detail(&app, &owner.token, &old).await.1["customer"]["name"],
        "山田 花子",
        "nothing is purged before the job runs"
    );

    let cleared = sekisho_service::customer_data::purge_expired(&app.pool)
        .await
        .unwrap();
    assert_eq!(cleared, 1);
    let (status, purged) = detail(&app, &owner.token, &old).await;
    assert_eq!(status, 200, "the order itself stays");
    assert!(purged["customer"].is_null(), "{purged}");
    assert_eq!(purged["customer_access"], "unmasked");
    assert_eq!(purged["summary"]["card"], "455673******9855");
    assert_eq!(
        detail(&app, &owner.token, &fresh).await.1["customer"]["name"],
        "山田 花子"
    );
    let still: Option<Vec<u8>> = diesel::sql_query(format!(
        "SELECT customer_data FROM orders WHERE id = '{old}'"
    ))
    .get_result::<Sealed>(&mut conn)
    .await
    .unwrap()
    .customer_data;
    assert!(still.is_none(), "the ciphertext itself is gone");
    assert_eq!(
        sekisho_service::customer_data::purge_expired(&app.pool)
            .await
            .unwrap(),
        0
    );
}

#[derive(diesel::QueryableByName)]
struct Sealed {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Bytea>)]
    customer_data: Option<Vec<u8>>,
}

fn new_key_hex() -> String {
    "4e".repeat(32)
}

/// `sekisho customer-data reseal` against the test app's database, with `current` as the key and
/// `previous` as the one being replaced.
fn reseal(app: &TestApp, current: &str, previous: Option<&str>) -> (bool, Value) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_sekisho"));
    for (name, _) in std::env::vars() {
        if name.starts_with("SEKISHO_") {
            command.env_remove(name);
        }
    }
    command
        .args(["customer-data", "reseal", "--batch", "1"])
        .env("RUST_LOG", "warn")
        .env("SEKISHO_DATABASE_URL", &app.database.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &app.database.owner_url)
        .env(
            "SEKISHO_CONSORTIUM_KEY",
            sekisho_test_support::TEST_CONSORTIUM_KEY_HEX,
        )
        .env("SEKISHO_CUSTOMER_DATA_KEY", current);
    if let Some(previous) = previous {
        command.env("SEKISHO_CUSTOMER_DATA_PREVIOUS_KEY", previous);
    }
    let output = command.output().unwrap();
    let summary = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.success(), summary)
}

#[tokio::test]
async fn a_rotated_key_reseals_orders_and_list_values_in_batches_and_the_old_key_can_then_go() {
    use sekisho_domain::customer_data::{CustomerDataKey, ListEntryBinding};

    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Rotating Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    scored(&app, &tenant, "ROT-1").await;
    scored(&app, &tenant, "ROT-2").await;
    let listed = app
        .post(
            "/v1/lists",
            &owner.token,
            &json!({ "list": "block", "kind": "phone", "value": "090-5555-0101" }),
        )
        .await;
    assert_eq!(listed.status(), 201);

    let old = sekisho_test_support::TEST_CUSTOMER_DATA_KEY_HEX;
    let new = new_key_hex();
    let (ok, summary) = reseal(&app, &new, Some(old));
    assert!(ok, "{summary}");
    assert_eq!(summary["orders_resealed"], 2);
    assert_eq!(summary["list_values_resealed"], 1);
    assert_eq!(summary["unreadable"], 0);

    // Everything opens with the new key alone now, and no longer with the old one.
    let new_key = CustomerDataKey::from_hex(&new).unwrap();
    let old_key = CustomerDataKey::from_hex(old).unwrap();
    let (db, connection) = tokio_postgres::connect(&app.database.owner_url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    for row in db
        .query(
            "SELECT tenant_id, merchant_order_id, customer_data FROM orders ORDER BY merchant_order_id",
            &[],
        )
        .await
        .unwrap()
    {
        let tenant_id: uuid::Uuid = row.get(0);
        let merchant_order_id: String = row.get(1);
        let blob: Vec<u8> = row.get(2);
        let record = new_key
            .open(&blob, tenant_id.as_bytes(), &merchant_order_id)
            .unwrap();
        assert_eq!(record.phone.as_deref(), Some("090-1234-5678"));
        assert!(old_key.open(&blob, tenant_id.as_bytes(), &merchant_order_id).is_err());
    }
    let row = db
        .query_one(
            "SELECT tenant_id, list, kind, fingerprint, sealed_value FROM tenant_lists",
            &[],
        )
        .await
        .unwrap();
    let (tenant_id, list, kind): (uuid::Uuid, String, String) =
        (row.get(0), row.get(1), row.get(2));
    let fingerprint: Vec<u8> = row.get(3);
    let blob: Vec<u8> = row.get(4);
    let binding = ListEntryBinding {
        tenant_id: tenant_id.as_bytes(),
        list: &list,
        kind: &kind,
        fingerprint: &fingerprint,
    };
    assert_eq!(
        new_key.open_list_value(&blob, &binding).unwrap(),
        "090-5555-0101"
    );

    // A re-run changes nothing; without the previous key everything is current.
    let (ok, again) = reseal(&app, &new, None);
    assert!(ok, "{again}");
    assert_eq!(
        (
            again["orders_current"].clone(),
            again["orders_resealed"].clone()
        ),
        (json!(2), json!(0))
    );
    // A wrong key opens nothing: the command says so and fails, and changes nothing.
    let (ok, wrong) = reseal(&app, &"5".repeat(64), None);
    assert!(!ok);
    assert_eq!(wrong["unreadable"], 3);
}
