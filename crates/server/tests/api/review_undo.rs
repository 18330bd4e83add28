//! Undoing a review decision within the window: the order waits again and the consortium report
//! a rejection filed is retracted; the queue sorts and filters.

use sekisho_domain::Role;
use sekisho_test_support::{Staff, TestApp, TestTenant};
use serde_json::{Value, json};

const CARD: &str = "4929420147138549";

fn order(id: &str, amount: i64, card: &str) -> Value {
    json!({
        "order_id": id, "amount": amount, "currency": "JPY", "payment_method": "card",
        // An IP phone (050) scores a little: with review_at 1 every order waits for review.
        "customer": {
            "email": format!("{}@example-mail.jp", id.to_lowercase()),
            "phone": format!("050-9999-{:04}", amount % 10_000)
        },
        "card": { "number": card, "expiry": "12/29" },
        "device": { "device_id": format!("dev-{id}") }
    })
}

/// A shop whose every order goes to review, with its reviewer and owner.
async fn reviewing_shop(app: &TestApp) -> (TestTenant, Staff, Staff) {
    let shop = app.create_tenant("Undo Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let saved = app
        .client
        .put(app.url("/v1/policy"))
        .bearer_auth(&owner.token)
        .json(&json!({ "review_at": 1, "reject_at": 101, "rules": [] }))
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success());
    (shop, reviewer, owner)
}

async fn score(app: &TestApp, shop: &TestTenant, body: &Value) {
    let response = app.post("/v1/orders/score", &shop.api_key, body).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["decision"], "review", "{body}");
}

async fn undo(app: &TestApp, token: &str, id: &str) -> (u16, Value) {
    let response = app.delete(&format!("/v1/reviews/{id}"), token).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn card_reporters(app: &TestApp, peer: &TestTenant) -> usize {
    let found: Value = app
        .post(
            "/v1/negative/lookup",
            &peer.api_key,
            &json!({ "identifiers": { "card": CARD } }),
        )
        .await
        .json()
        .await
        .unwrap();
    found["matches"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_rejection_undone_in_time_retracts_its_report_and_the_order_waits_again() {
    let app = TestApp::spawn().await;
    let (shop, reviewer, owner) = reviewing_shop(&app).await;
    let peer = app.create_tenant("Peer").await;
    score(&app, &shop, &order("U-1", 5000, CARD)).await;
    let rejected: Value = app
        .post(
            "/v1/reviews/U-1",
            &reviewer.token,
            &json!({ "decision": "reject", "note": "住所不一致、電話不通" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rejected["order"]["review_note"], "住所不一致、電話不通");
    let report = rejected["fraud_report_id"].as_str().unwrap().to_owned();
    assert_eq!(
        card_reporters(&app, &peer).await,
        1,
        "the rejection reported"
    );

    // Another reviewer may not undo it; an analyst may not at all.
    let other = app.create_staff(&shop, Role::Reviewer).await;
    assert_eq!(undo(&app, &other.token, "U-1").await.0, 403);
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    assert_eq!(undo(&app, &analyst.token, "U-1").await.0, 403);

    let (status, undone) = undo(&app, &reviewer.token, "U-1").await;
    assert_eq!(status, 200, "{undone}");
    assert_eq!(undone["order"]["status"], "in_review");
    assert!(undone["order"]["review_decision"].is_null());
    assert_eq!(undone["retracted_fraud_report_id"], report.as_str());
    assert_eq!(
        card_reporters(&app, &peer).await,
        0,
        "the report left the consortium"
    );
    let queue: Value = app
        .get("/v1/reviews", &reviewer.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["items"][0]["merchant_order_id"], "U-1");
    // Nothing left to undo.
    assert_eq!(undo(&app, &reviewer.token, "U-1").await.0, 404);

    // Rejected again, it reports again; an owner may undo anyone's decision.
    let again: Value = app
        .post(
            "/v1/reviews/U-1",
            &reviewer.token,
            &json!({ "decision": "reject" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(again["fraud_report_id"].is_string());
    assert_ne!(again["fraud_report_id"], report.as_str());
    assert_eq!(card_reporters(&app, &peer).await, 1);
    assert_eq!(undo(&app, &owner.token, "U-1").await.0, 200);
    assert_eq!(card_reporters(&app, &peer).await, 0);

    let detail: Value = app
        .get("/v1/orders/U-1", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    let events: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        ["review", "review_undone", "review", "review_undone"]
    );
}

#[tokio::test]
async fn past_the_window_a_decision_stands() {
    let app = TestApp::spawn_with(|settings| {
        settings.review_undo_window = std::time::Duration::ZERO;
    })
    .await;
    let (shop, reviewer, _) = reviewing_shop(&app).await;
    score(&app, &shop, &order("U-2", 5000, CARD)).await;
    app.post(
        "/v1/reviews/U-2",
        &reviewer.token,
        &json!({ "decision": "accept" }),
    )
    .await;
    let (status, body) = undo(&app, &reviewer.token, "U-2").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "conflict");
}

#[tokio::test]
async fn the_queue_sorts_by_score_amount_and_age_and_filters_by_reason() {
    let app = TestApp::spawn().await;
    let (shop, reviewer, _) = reviewing_shop(&app).await;
    score(&app, &shop, &order("Q-SMALL", 1000, "4556737586899855")).await;
    score(&app, &shop, &order("Q-BIG", 90000, "4111111111111111")).await;
    score(&app, &shop, &order("Q-MID", 30000, "5555555555554444")).await;
    let ids = |queue: &Value| -> Vec<String> {
        queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["merchant_order_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let get = async |query: &str| -> (u16, Value) {
        let response = app
            .get(&format!("/v1/reviews?{query}"), &reviewer.token)
            .await;
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    };
    assert_eq!(ids(&get("").await.1), ["Q-SMALL", "Q-BIG", "Q-MID"]);
    assert_eq!(
        ids(&get("sort=amount").await.1),
        ["Q-BIG", "Q-MID", "Q-SMALL"]
    );
    assert_eq!(
        ids(&get("sort=newest").await.1),
        ["Q-MID", "Q-BIG", "Q-SMALL"]
    );
    let (status, by_score) = get("sort=score").await;
    assert_eq!(status, 200);
    let scores: Vec<i64> = by_score["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["score"].as_i64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(get("reason=consortium_card").await.1["items"], json!([]));
    assert_eq!(get("sort=loudest").await.0, 400);
    assert_eq!(get("reason=not_a_reason").await.0, 400);
}
