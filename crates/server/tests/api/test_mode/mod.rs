//! Test mode end to end (docs/TESTING.md): `sk_test_` keys beside live keys, their data kept
//! apart from live data and out of the consortium, and the test values that force each outcome.

mod kept_apart;
mod keys;
mod test_values;

use diesel::QueryableByName;
use diesel::sql_types::{Bytea, Int8};
use diesel_async::RunQueryDsl;
use sekisho_domain::Role;
use sekisho_domain::identifiers::{ConsortiumKey, IdentifierKind, parse_single};
use sekisho_test_support::{TEST_CONSORTIUM_KEY, TestApp, TestTenant};
use serde_json::{Value, json};

/// A test-mode key for `tenant`, issued by the platform admin.
async fn test_key(app: &TestApp, tenant: &TestTenant) -> TestTenant {
    let admin = app.admin_token().await;
    let response = app
        .post(
            &format!("/admin/v1/tenants/{}/api-keys", tenant.id),
            &admin,
            &json!({ "name": "sandbox", "mode": "test" }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let key: Value = response.json().await.unwrap();
    assert_eq!(key["mode"], "test");
    assert_eq!(key["livemode"], false);
    TestTenant {
        id: tenant.id,
        api_key: key["key"].as_str().unwrap().to_owned(),
        api_key_id: key["id"].as_str().unwrap().parse().unwrap(),
    }
}

fn order(id: &str, email: &str, card: &str, ip: &str) -> Value {
    json!({
        "order_id": id,
        "amount": 4800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": { "account_id": "cust-1", "email": email, "name": "鈴木 花子" },
        "shipping_address": {
            "postal_code": "150-0002", "region": "東京都", "locality": "渋谷区",
            "line1": "渋谷2-21-1", "line2": "渋谷ヒカリエ 10F"
        },
        "card": { "number": card, "expiry": "12/29" },
        "device": { "ip": ip, "user_agent": "Mozilla/5.0" },
    })
}

fn clean_order(id: &str) -> Value {
    order(
        id,
        "hanako.suzuki@example-mail.jp",
        "4556 7375 8689 9855",
        "198.51.100.20",
    )
}

async fn score(app: &TestApp, key: &str, body: &Value) -> Value {
    let response = app.post("/v1/orders/score", key, body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

async fn lookup(app: &TestApp, key: &str, identifiers: Value) -> Value {
    let response = app
        .post(
            "/v1/negative/lookup",
            key,
            &json!({ "identifiers": identifiers }),
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn kinds(found: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = found["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.sort();
    kinds
}

fn codes(scored: &Value) -> Vec<String> {
    scored["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    n: i64,
}
