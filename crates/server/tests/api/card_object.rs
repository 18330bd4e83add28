//! One `card` object everywhere: orders, payment attempts, fraud reports and lookups take
//! `{number | bin + last4 + fingerprint + provider, expiry, holder}`; reports and lookups still
//! take a bare string as a card number. A provider's token matches only the same provider's same
//! token, never a card number. Neither the number nor the token is stored.

use diesel::sql_types::Int8;
use diesel_async::RunQueryDsl;
use sekisho_test_support::{TestApp, TestTenant};
use serde_json::{Value, json};

const TOKEN: &str = "Xt5EWLLDS7FJjR1c";
const NUMBER: &str = "4532015112830366";

fn token_card(provider: &str) -> Value {
    json!({ "bin": "453201", "last4": "0366", "fingerprint": TOKEN, "provider": provider })
}

fn report(card: Value) -> Value {
    json!({
        "category": "chargeback", "amount": 12800, "currency": "JPY",
        "occurred_at": "2026-10-01T12:00:00Z", "identifiers": { "card": card },
    })
}

async fn file(app: &TestApp, tenant: &TestTenant, card: Value) -> Value {
    let response = app
        .post("/v1/fraud-reports", &tenant.api_key, &report(card))
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

/// The number of members that reported the card, as the lookup answers (0: no card match).
async fn card_reporters(app: &TestApp, tenant: &TestTenant, card: Value) -> u64 {
    let response = app
        .post(
            "/v1/negative/lookup",
            &tenant.api_key,
            &json!({ "identifiers": { "card": card } }),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(
        body["checked"].as_array().unwrap().contains(&json!("card")),
        "{body}"
    );
    body["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "card")
        .map_or(0, |m| m["reporters"].as_u64().unwrap())
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// Rows of any table whose text holds `needle`, as the database owner sees them.
async fn rows_containing(app: &TestApp, table: &str, needle: &str) -> i64 {
    let mut conn = app.database.owner_connection().await;
    diesel::sql_query(format!(
        "SELECT count(*) AS n FROM {table} t WHERE row_to_json(t)::text LIKE '%{needle}%'"
    ))
    .get_result::<Count>(&mut conn)
    .await
    .unwrap()
    .n
}

#[tokio::test]
async fn a_card_known_only_by_its_token_can_be_reported_and_looked_up() {
    let app = TestApp::spawn().await;
    let reporter = app.create_tenant("Token Reporter").await;
    let member = app.create_tenant("Token Member").await;
    let filed = file(&app, &reporter, token_card("stripe")).await;
    assert_eq!(
        filed["identifiers"]["card"], "453201…0366 (stripe token)",
        "masked, without the token"
    );

    assert_eq!(card_reporters(&app, &member, token_card("stripe")).await, 1);
    assert_eq!(
        card_reporters(&app, &member, token_card("Stripe")).await,
        1,
        "the provider's name is not case-sensitive"
    );
    assert_eq!(
        card_reporters(&app, &member, token_card("gmo_pg")).await,
        0,
        "another provider's token is another card"
    );
    let mut other_token = token_card("stripe");
    other_token["fingerprint"] = json!("Xt5EWLLDS7FJjR1d");
    assert_eq!(card_reporters(&app, &member, other_token).await, 0);
    assert_eq!(
        card_reporters(&app, &member, json!({ "number": NUMBER })).await,
        0,
        "a token never matches a card number"
    );
    assert_eq!(card_reporters(&app, &member, json!(NUMBER)).await, 0);
    for table in ["fraud_reports", "consortium_entries", "idempotency_keys"] {
        assert_eq!(rows_containing(&app, table, TOKEN).await, 0, "{table}");
    }
}

#[tokio::test]
async fn a_number_matches_in_either_form_and_is_never_stored() {
    let app = TestApp::spawn().await;
    let reporter = app.create_tenant("Number Reporter").await;
    let member = app.create_tenant("Number Member").await;
    // The earlier bare string…
    file(&app, &reporter, json!("4532 0151 1283 0366")).await;
    // …and the object, by another member, for the same card.
    let filed = file(
        &app,
        &member,
        json!({ "number": "4532-0151-1283-0366", "expiry": "12/29", "holder": "TARO YAMADA" }),
    )
    .await;
    assert_eq!(filed["identifiers"]["card"], "453201******0366");
    let third = app.create_tenant("Number Third").await;
    assert_eq!(card_reporters(&app, &third, json!(NUMBER)).await, 2);
    assert_eq!(
        card_reporters(&app, &third, json!({ "number": NUMBER })).await,
        2
    );
    // With the number, a token sent alongside changes nothing: the number decides.
    let mut both = token_card("stripe");
    both["number"] = json!(NUMBER);
    assert_eq!(card_reporters(&app, &third, both).await, 2);
    assert_eq!(
        card_reporters(&app, &third, token_card("stripe")).await,
        0,
        "a number never matches a token"
    );
    for table in [
        "fraud_reports",
        "consortium_entries",
        "orders",
        "idempotency_keys",
    ] {
        assert_eq!(rows_containing(&app, table, NUMBER).await, 0, "{table}");
    }
}

#[tokio::test]
async fn an_order_paid_by_token_meets_the_reported_token() {
    let app = TestApp::spawn().await;
    let reporter = app.create_tenant("Token Victim").await;
    let shop = app.create_tenant("Token Shop").await;
    file(&app, &reporter, token_card("stripe")).await;
    let order = |id: &str, card: Value| {
        json!({
            "order_id": id, "amount": 4800, "currency": "JPY", "payment_method": "card",
            "customer": { "email": "buyer@example-mail.jp" },
            "card": card,
            "device": { "ip": "203.0.113.10" },
        })
    };
    let reasons = |assessment: &Value| -> Vec<String> {
        assessment["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let response = app
        .post(
            "/v1/orders/score",
            &shop.api_key,
            &order("T-1", token_card("stripe")),
        )
        .await;
    assert_eq!(response.status(), 200);
    let same: Value = response.json().await.unwrap();
    assert!(
        reasons(&same).contains(&"consortium_card".to_owned()),
        "{same}"
    );
    let response = app
        .post(
            "/v1/orders/score",
            &shop.api_key,
            &order("T-2", token_card("sbps")),
        )
        .await;
    let other: Value = response.json().await.unwrap();
    assert!(
        !reasons(&other).contains(&"consortium_card".to_owned()),
        "{other}"
    );
    let detail: Value = app
        .get("/v1/orders/T-1", &shop.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["summary"]["card"], "453201…0366 (stripe token)");
}

#[tokio::test]
async fn every_bad_part_of_a_card_is_named() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Card Checks").await;
    let fields = |body: &Value| -> Vec<String> {
        let mut fields: Vec<String> = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_owned())
            .collect();
        fields.sort();
        fields
    };
    let bad = json!({ "number": "4532015112830367", "bin": "45", "last4": "03a6" });
    let response = app
        .post("/v1/fraud-reports", &shop.api_key, &report(bad.clone()))
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        fields(&body),
        [
            "identifiers.card.bin",
            "identifiers.card.last4",
            "identifiers.card.number"
        ]
    );
    assert!(!body.to_string().contains("4532015112830367"));

    let no_provider = json!({ "bin": "453201", "last4": "0366", "fingerprint": TOKEN });
    let response = app
        .post(
            "/v1/negative/lookup",
            &shop.api_key,
            &json!({ "identifiers": { "card": no_provider } }),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(fields(&body), ["identifiers.card.provider"]);

    let response = app
        .post(
            "/v1/orders/score",
            &shop.api_key,
            &json!({ "order_id": "X-1", "amount": 100, "currency": "JPY", "payment_method": "card", "card": bad }),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(fields(&body), ["card.bin", "card.last4", "card.number"]);

    let response = app
        .post(
            "/v1/fraud-reports",
            &shop.api_key,
            &report(json!("4532015112830367")),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        fields(&body),
        ["identifiers.card"],
        "the bare string keeps its path"
    );
}
