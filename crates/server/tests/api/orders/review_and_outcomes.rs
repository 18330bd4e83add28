//! After the decision: the review queue, confirmed fraud reaching the consortium, chargebacks
//! and their reversals.

use super::*;

#[tokio::test]
async fn reviewers_work_the_queue_and_confirmed_fraud_reaches_the_consortium() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Review Shop").await;
    let peer = app.create_tenant("Peer Shop").await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    let strict = json!({ "review_at": 1, "reject_at": 101, "rules": [] });
    let owner = app.create_staff(&shop, Role::Owner).await;
    app.client
        .put(app.url("/v1/policy"))
        .bearer_auth(&owner.token)
        .json(&strict)
        .send()
        .await
        .unwrap();
    let mut first = order("Q-1");
    first["customer"]["phone"] = json!("050-9999-0000");
    score(&app, &shop, &first).await;
    let mut second = order("Q-2");
    second["customer"]["phone"] = json!("050-9999-0001");
    second["card"]["number"] = json!("4929420147138549");
    score(&app, &shop, &second).await;

    let queue: Value = app
        .get("/v1/reviews", &reviewer.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["total"], 2);
    assert_eq!(
        queue["items"][0]["merchant_order_id"], "Q-1",
        "oldest first"
    );
    assert!(!queue["items"][0]["reasons"].as_array().unwrap().is_empty());

    let by_analyst = app
        .post(
            "/v1/reviews/Q-1",
            &analyst.token,
            &json!({ "decision": "accept" }),
        )
        .await;
    assert_eq!(by_analyst.status(), 403);
    let rejected = app
        .post(
            "/v1/reviews/Q-1",
            &reviewer.token,
            &json!({ "decision": "reject", "note": "不正注文と確認" }),
        )
        .await;
    assert_eq!(rejected.status(), 200);
    let rejected: Value = rejected.json().await.unwrap();
    assert_eq!(rejected["order"]["status"], "rejected");
    assert!(
        rejected["fraud_report_id"].is_string(),
        "confirmed fraud is reported"
    );
    let held = app
        .post(
            "/v1/reviews/Q-2",
            &reviewer.token,
            &json!({ "decision": "hold" }),
        )
        .await;
    assert_eq!(held.status(), 200);
    let queue: Value = app
        .get("/v1/reviews", &reviewer.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["total"], 1, "the queue shrank");
    assert_eq!(
        app.post(
            "/v1/reviews/Q-1",
            &reviewer.token,
            &json!({ "decision": "accept" })
        )
        .await
        .status(),
        404
    );

    // The peer now sees the rejected order's card in the consortium.
    let lookup: Value = app
        .post(
            "/v1/negative/lookup",
            &peer.api_key,
            &json!({ "identifiers": { "card": "4556737586899855" } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lookup["matches"][0]["kind"], "card");
    let detail: Value = app
        .get("/v1/orders/Q-1", &reviewer.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["events"][0]["event_type"], "review");
}

#[tokio::test]
async fn chargebacks_become_reports_and_reversals_withdraw_them() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Outcome Shop").await;
    let peer = app.create_tenant("Peer").await;
    score(&app, &shop, &order("O-1")).await;
    let authorised = app
        .post(
            "/v1/orders/O-1/outcomes",
            &shop.api_key,
            &json!({ "type": "authorization", "result": "approved" }),
        )
        .await;
    assert_eq!(authorised.status(), 200);
    let charged = app
        .post(
            "/v1/orders/O-1/outcomes",
            &shop.api_key,
            &json!({ "type": "chargeback", "occurred_at": "2026-11-20T00:00:00Z" }),
        )
        .await;
    let charged: Value = charged.json().await.unwrap();
    assert!(charged["fraud_report_id"].is_string(), "{charged}");
    assert_eq!(charged["order"]["authorization_result"], "approved");
    let lookup = json!({ "identifiers": { "card": "4556737586899855" } });
    let found: Value = app
        .post("/v1/negative/lookup", &peer.api_key, &lookup)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["matches"][0]["categories"], json!(["chargeback"]));

    let reversed = app
        .post(
            "/v1/orders/O-1/outcomes",
            &shop.api_key,
            &json!({ "type": "chargeback_reversed" }),
        )
        .await;
    assert_eq!(reversed.status(), 200);
    let found: Value = app
        .post("/v1/negative/lookup", &peer.api_key, &lookup)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        found["matches"],
        json!([]),
        "a reversed chargeback leaves the consortium"
    );
    let bad = app
        .post(
            "/v1/orders/O-1/outcomes",
            &shop.api_key,
            &json!({ "type": "authorization", "result": "maybe" }),
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        app.post(
            "/v1/orders/NOPE/outcomes",
            &shop.api_key,
            &json!({ "type": "delivery" })
        )
        .await
        .status(),
        404
    );
}
