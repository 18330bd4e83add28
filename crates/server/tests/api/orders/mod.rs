//! Order scoring end to end: each signal family over HTTP against real PostgreSQL.

mod requests;
mod review_and_outcomes;
mod rules;
mod signals;

use sekisho_domain::Role;
use sekisho_test_support::{TestApp, TestTenant, luhn_completed};
use serde_json::{Value, json};

fn order(id: &str) -> Value {
    json!({
        "order_id": id,
        "amount": 4800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": {
            "account_id": "cust-1", "email": "hanako.suzuki@example-mail.jp",
            "phone": "090-2222-3333", "name": "鈴木 花子", "name_kana": "スズキ ハナコ"
        },
        "shipping_address": {
            "postal_code": "150-0002", "region": "東京都", "locality": "渋谷区",
            "line1": "渋谷2-21-1", "line2": "渋谷ヒカリエ 10F"
        },
        "card": { "number": "4556 7375 8689 9855", "expiry": "12/29" },
        "device": { "ip": "203.0.113.10", "device_id": "dev-clean-1", "user_agent": "Mozilla/5.0" },
        "items": [{ "sku": "BOOK-1", "name": "文庫本", "quantity": 1, "unit_price": 4800, "category": "books" }]
    })
}

async fn score(app: &TestApp, tenant: &TestTenant, body: &Value) -> Value {
    let response = app.post("/v1/orders/score", &tenant.api_key, body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

fn codes(assessment: &Value) -> Vec<String> {
    assessment["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}
