//! The events written by triggers in the statement that causes them (`order.scored` opt-in,
//! `review.requested`, `alert.created`), and redelivering a past event, received by a real
//! endpoint on 127.0.0.1.

use std::time::Duration;

use sekisho_domain::Role;
use sekisho_service::test_mode;
use sekisho_test_support::{TestApp, TestTenant, error_code};
use serde_json::{Value, json};

use crate::webhooks::{Receiver, register, signature_is_valid, spawn_app};

fn order(id: &str, email: &str) -> Value {
    json!({
        "order_id": id, "amount": 4800, "currency": "JPY", "payment_method": "card",
        "customer": { "email": email },
        "card": { "number": "4556 7375 8689 9855", "expiry": "12/29" },
        "device": { "ip": "198.51.100.40" },
    })
}

async fn score(app: &TestApp, key: &str, body: &Value) -> Value {
    let response = app.post("/v1/orders/score", key, body).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// A test key for the tenant (so that the review test value can force a review).
async fn test_key(app: &TestApp, tenant: &TestTenant) -> String {
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
    key["key"].as_str().unwrap().to_owned()
}

fn events_of(got: &[crate::webhooks::Received], path: &str) -> Vec<String> {
    got.iter()
        .filter(|r| r.path == path)
        .map(|r| r.event.clone())
        .collect()
}

#[tokio::test]
async fn order_scored_is_opt_in_and_review_requested_and_alert_created_arrive_signed() {
    let app = spawn_app().await;
    let receiver = Receiver::spawn(&[]).await;
    let shop = app.create_tenant("Events Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let everything = register(&app, &owner, json!({ "url": receiver.url("/all") })).await;
    let scored_only = register(
        &app,
        &owner,
        json!({ "url": receiver.url("/scored"), "events": ["order.scored"] }),
    )
    .await;
    let sandbox = test_key(&app, &shop).await;

    // A clean order: only the endpoint that opted in hears of it.
    let accepted = score(&app, &shop.api_key, &order("E-1", "hanako@example-mail.jp")).await;
    assert_eq!(accepted["decision"], "accept");
    let got = receiver.wait_for(1).await;
    assert_eq!(events_of(&got, "/scored"), ["order.scored"]);
    assert!(events_of(&got, "/all").is_empty(), "order.scored is opt-in");
    let event = got[0].json();
    assert_eq!(event["type"], "order.scored");
    assert_eq!(event["tenant_id"], shop.id.to_string());
    assert_eq!(event["data"]["order_id"], accepted["order_id"]);
    assert_eq!(event["data"]["merchant_order_id"], "E-1");
    assert_eq!(event["data"]["decision"], "accept");
    assert_eq!(event["data"]["livemode"], true);
    assert!(signature_is_valid(
        scored_only["secret"].as_str().unwrap(),
        &got[0].signature,
        &got[0].body
    ));

    // An order for review: the review is requested of every endpoint subscribed to it.
    let review = score(&app, &sandbox, &order("E-2", test_mode::REVIEW_EMAIL)).await;
    assert_eq!(review["decision"], "review");
    let got = receiver.wait_for(3).await;
    assert_eq!(events_of(&got, "/all"), ["review.requested"]);
    assert_eq!(events_of(&got, "/scored"), ["order.scored", "order.scored"]);
    let requested = got.iter().find(|r| r.event == "review.requested").unwrap();
    let requested_body = requested.json();
    assert_eq!(requested_body["data"]["order_id"], review["order_id"]);
    assert_eq!(requested_body["data"]["livemode"], false);
    assert!(signature_is_valid(
        everything["secret"].as_str().unwrap(),
        &requested.signature,
        &requested.body
    ));

    // Card testing from one IP raises an alert, once.
    for n in 0..12u64 {
        let attempt = json!({
            "card": { "number": sekisho_test_support::luhn_completed(&format!("453201{n:09}")), "expiry": "12/29" },
            "amount": 500, "currency": "JPY", "result": "declined", "decline_code": "05",
            "ip": "198.51.100.77",
        });
        let response = app
            .post("/v1/payments/attempts", &shop.api_key, &attempt)
            .await;
        assert_eq!(response.status(), 200);
    }
    let got = receiver.wait_for(4).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = if got.len() < receiver.received().len() {
        receiver.received()
    } else {
        got
    };
    assert_eq!(
        events_of(&got, "/all"),
        ["review.requested", "alert.created"]
    );
    let alert = got
        .iter()
        .find(|r| r.event == "alert.created")
        .unwrap()
        .json();
    assert_eq!(alert["data"]["kind"], "card_testing");
    assert_eq!(alert["data"]["source_kind"], "ip");
    assert_eq!(alert["data"]["source"], "198.51.100.77");
    assert_eq!(alert["data"]["livemode"], true);
}

#[tokio::test]
async fn an_owner_redelivers_a_past_event_with_the_same_id_and_it_is_audited() {
    let app = spawn_app().await;
    let receiver = Receiver::spawn(&[500]).await;
    let shop = app.create_tenant("Redelivery Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    let endpoint = register(&app, &owner, json!({ "url": receiver.url("/hook") })).await;
    let id = endpoint["id"].as_str().unwrap();

    let sent = app
        .post(&format!("/v1/webhooks/{id}/test"), &owner.token, &json!({}))
        .await;
    assert_eq!(sent.status(), 202);
    let sent: Value = sent.json().await.unwrap();
    let delivery_id = sent["delivery_id"].as_str().unwrap();
    // The first try fails (500) and is retried: two requests of one delivery.
    let first = receiver.wait_for(2).await;

    let path = format!("/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver");
    let refused = app.post(&path, &analyst.token, &json!({})).await;
    assert_eq!(refused.status(), 403);
    let other = app.create_tenant("Other Shop").await;
    let other_owner = app.create_staff(&other, Role::Owner).await;
    let hidden = app.post(&path, &other_owner.token, &json!({})).await;
    assert_eq!(hidden.status(), 404);
    let unknown = app
        .post(
            &format!(
                "/v1/webhooks/{id}/deliveries/{}/redeliver",
                uuid::Uuid::now_v7()
            ),
            &owner.token,
            &json!({}),
        )
        .await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(error_code(unknown).await, "not_found");

    let redelivered = app.post(&path, &owner.token, &json!({})).await;
    assert_eq!(redelivered.status(), 202);
    let redelivered: Value = redelivered.json().await.unwrap();
    assert_eq!(redelivered["event_id"], sent["event_id"]);
    assert_ne!(redelivered["id"], sent["delivery_id"]);
    assert_eq!(redelivered["status"], "pending");

    let got = receiver.wait_for(3).await;
    let again = &got[2];
    assert_eq!(again.json()["id"], sent["event_id"], "the same event");
    assert_eq!(again.json(), first[0].json(), "the same body");
    assert_eq!(again.delivery, redelivered["id"].as_str().unwrap());
    assert!(signature_is_valid(
        endpoint["secret"].as_str().unwrap(),
        &again.signature,
        &again.body
    ));

    let admin = app.admin_token().await;
    let audit: Value = app
        .get(
            &format!("/admin/v1/audit-log?tenant_id={}", shop.id),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(audit.to_string().contains("webhook.redeliver"), "{audit}");
}
