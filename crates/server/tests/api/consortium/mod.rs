//! The consortium negative database end to end: reports by one tenant, lookups by another.

mod matching;
mod reports_and_disputes;

use sekisho_domain::Role;
use sekisho_test_support::{TestApp, TestTenant, error_code};
use serde_json::{Value, json};

fn report(identifiers: Value) -> Value {
    json!({
        "category": "chargeback",
        "amount": 12800,
        "currency": "JPY",
        "occurred_at": "2026-10-01T12:00:00Z",
        "order_id": "ORD-1001",
        "identifiers": identifiers,
    })
}

fn fraudster() -> Value {
    json!({
        "email": "Taro.Yamada+shop@gmail.com",
        "phone": "090-1234-5678",
        "address": {
            "postal_code": "100-0001",
            "region": "東京都",
            "locality": "千代田区",
            "line1": "千代田1丁目1番1号",
            "line2": "サクラハイツ 305号室"
        },
        "ip": "203.0.113.45",
        "card": "4532 0151 1283 0366",
        "device_id": "dev-7f3a9c",
        "name": "山田 太郎"
    })
}

/// The same person as another merchant's checkout writes it.
fn fraudster_other_notation() -> Value {
    json!({
        "email": "taroyamada@GMAIL.COM",
        "phone": "+81 90 1234 5678",
        "address": {
            "postal_code": "1000001",
            "line1": "東京都千代田区千代田一丁目一番一号",
            "line2": "サクラハイツ305"
        },
        "ip": "203.0.113.45",
        "card": "4532015112830366",
    })
}

async fn lookup(app: &TestApp, tenant: &TestTenant, identifiers: Value) -> Value {
    let response = app
        .post(
            "/v1/negative/lookup",
            &tenant.api_key,
            &json!({ "identifiers": identifiers }),
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn kinds(lookup: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = lookup["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.sort();
    kinds
}

fn find<'a>(lookup: &'a Value, kind: &str) -> &'a Value {
    lookup["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == kind)
        .unwrap()
}
