//! Order search by identifier: every notation of one value finds the same orders, inside one
//! tenant only.

use sekisho_domain::Role;
use sekisho_test_support::{TestApp, TestTenant};
use serde_json::{Value, json};

fn order(id: &str, phone: &str, email: &str, amount: i64, card: &str) -> Value {
    json!({
        "order_id": id,
        "amount": amount,
        "currency": "JPY",
        "payment_method": "card",
        "customer": { "email": email, "phone": phone },
        "shipping_address": {
            "postal_code": "160-0022", "region": "東京都", "locality": "新宿区",
            "line1": "新宿三丁目1番1号", "line2": format!("コーポ新宿 {id}")
        },
        "card": { "number": card, "expiry": "12/29" },
        "device": { "ip": "198.51.100.23", "device_id": format!("dev-{id}") }
    })
}

async fn score(app: &TestApp, tenant: &TestTenant, body: &Value) {
    let response = app.post("/v1/orders/score", &tenant.api_key, body).await;
    assert_eq!(response.status(), 200);
}

async fn found(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let response = app.get(&format!("/v1/orders?{query}"), token).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{query}: {body}");
    let mut ids: Vec<String> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["merchant_order_id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn encoded(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn a_phone_written_another_way_finds_the_same_orders() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Search Shop").await;
    let other = app.create_tenant("Other Search Shop").await;
    score(
        &app,
        &shop,
        &order(
            "S-1",
            "090-1234-5678",
            "Taro.Yamada@Example.jp",
            4800,
            "4556 7375 8689 9855",
        ),
    )
    .await;
    score(
        &app,
        &shop,
        &order(
            "S-2",
            "09012345678",
            "someone@example.jp",
            52000,
            "4111 1111 1111 1111",
        ),
    )
    .await;
    score(
        &app,
        &shop,
        &order(
            "S-3",
            "080-9999-0000",
            "taro.yamada@example.jp",
            12000,
            "5555 5555 5555 4444",
        ),
    )
    .await;
    score(
        &app,
        &other,
        &order(
            "THEIRS",
            "090-1234-5678",
            "taro.yamada@example.jp",
            4800,
            "4556737586899855",
        ),
    )
    .await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let token = &reviewer.token;

    let phone = |p: &str| format!("phone={}", encoded(p));
    assert_eq!(
        found(&app, token, &phone("+81 90 1234 5678")).await,
        ["S-1", "S-2"]
    );
    assert_eq!(
        found(&app, token, &phone("090-1234-5678")).await,
        ["S-1", "S-2"]
    );
    assert_eq!(
        found(&app, token, &phone("０９０１２３４５６７８")).await,
        ["S-1", "S-2"]
    );
    assert_eq!(
        found(
            &app,
            token,
            &format!("email={}", encoded("TARO.YAMADA@example.JP"))
        )
        .await,
        ["S-1", "S-3"]
    );
    assert_eq!(
        found(
            &app,
            token,
            &format!(
                "{}&email={}",
                phone("+819012345678"),
                encoded("taro.yamada@example.jp")
            )
        )
        .await,
        ["S-1"],
        "terms combine"
    );
    assert_eq!(
        found(
            &app,
            token,
            &format!(
                "address={}",
                encoded("東京都新宿区新宿3-1-1 コーポ新宿 S-2")
            )
        )
        .await,
        ["S-2"]
    );
    assert_eq!(
        found(&app, token, "card_bin=455673&card_last4=9855").await,
        ["S-1"]
    );
    assert_eq!(found(&app, token, "card_last4=4444").await, ["S-3"]);
    assert_eq!(
        found(&app, token, "min_amount=10000&max_amount=20000").await,
        ["S-3"]
    );
    assert_eq!(
        found(&app, token, "ip=198.51.100.23&decision=accept").await,
        ["S-1", "S-2", "S-3"]
    );
    assert_eq!(found(&app, token, "device_id=dev-S-3").await, ["S-3"]);

    // Refused without echoing what was typed.
    let refused = app.get("/v1/orders?phone=not-a-phone-xyz", token).await;
    assert_eq!(refused.status(), 422);
    assert!(!refused.text().await.unwrap().contains("xyz"));
    assert_eq!(app.get("/v1/orders?card_bin=12", token).await.status(), 400);
    assert_eq!(app.get("/v1/orders?status=lost", token).await.status(), 400);
}
