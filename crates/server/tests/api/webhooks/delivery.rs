//! Delivery: a signed test event, retries after failure, and a delivery that ends dead.

use super::*;

#[tokio::test]
async fn an_owners_endpoint_receives_a_signed_test_event() {
    let app = spawn_app().await;
    let (tenant, owner) = tenant_with_owner(&app, "Webhook Shop").await;
    let receiver = Receiver::spawn(&[]).await;

    let created = register(&app, &owner, json!({ "url": receiver.url("/hooks") })).await;
    let secret = created["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!(created["events"], json!([]));
    let id = created["id"].as_str().unwrap();

    // Lists never show the secret again.
    let listed: Value = app
        .get("/v1/webhooks", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], id);
    assert!(listed[0].get("secret").is_none());

    let response = app
        .post(&format!("/v1/webhooks/{id}/test"), &owner.token, &json!({}))
        .await;
    assert_eq!(response.status(), 202);
    let sent: Value = response.json().await.unwrap();

    let got = receiver.wait_for(1).await;
    let request = &got[0];
    assert_eq!(request.path, "/hooks");
    assert_eq!(request.event, events::WEBHOOK_TEST);
    assert_eq!(request.delivery, sent["delivery_id"].as_str().unwrap());
    assert!(
        signature_is_valid(secret, &request.signature, &request.body),
        "{}",
        request.signature
    );
    assert!(!signature_is_valid(
        "whsec_0000000000000000000000000000000000000000000000000000000000000000",
        &request.signature,
        &request.body
    ));
    let event = request.json();
    assert_eq!(event["id"], sent["event_id"]);
    assert_eq!(event["type"], "webhook.test");
    assert_eq!(event["tenant_id"], tenant.id.to_string());
    assert_eq!(event["data"]["endpoint_id"], id);
    assert!(event["created_at"].is_string());

    let log = settled_log(&app, &owner, id).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], "succeeded");
    assert_eq!(log[0]["attempts"], 1);
    assert_eq!(log[0]["last_status_code"], 200);
    assert_eq!(log[0]["payload"], event);
}

#[tokio::test]
async fn a_failed_delivery_is_retried_and_the_log_shows_both_attempts() {
    let app = spawn_app().await;
    let (_, owner) = tenant_with_owner(&app, "Flaky Shop").await;
    let receiver = Receiver::spawn(&[500]).await;
    let created = register(&app, &owner, json!({ "url": receiver.url("/flaky") })).await;
    let id = created["id"].as_str().unwrap();

    let response = app
        .post(&format!("/v1/webhooks/{id}/test"), &owner.token, &json!({}))
        .await;
    assert_eq!(response.status(), 202);

    let got = receiver.wait_for(2).await;
    assert_eq!(got[0].delivery, got[1].delivery, "the same delivery, again");
    assert_eq!(got[0].json()["id"], got[1].json()["id"], "the same event");
    let secret = created["secret"].as_str().unwrap();
    assert!(signature_is_valid(secret, &got[1].signature, &got[1].body));

    let log = settled_log(&app, &owner, id).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], "succeeded");
    assert_eq!(log[0]["attempts"], 2);
    assert_eq!(log[0]["last_status_code"], 200);
    assert!(log[0]["delivered_at"].is_string());
    assert_eq!(receiver.received().len(), 2, "nothing after success");
}

#[tokio::test]
async fn a_delivery_that_keeps_failing_ends_dead() {
    let app = TestApp::spawn_with(|s| {
        s.allow_insecure_webhooks = true;
        s.webhooks.retry_base = Duration::from_millis(20);
        s.webhooks.poll_interval = Duration::from_millis(50);
        s.webhooks.max_attempts = 3;
    })
    .await;
    let (_, owner) = tenant_with_owner(&app, "Broken Shop").await;
    let receiver = Receiver::spawn(&[500, 503, 404, 500]).await;
    let created = register(&app, &owner, json!({ "url": receiver.url("/broken") })).await;
    let id = created["id"].as_str().unwrap();
    app.post(&format!("/v1/webhooks/{id}/test"), &owner.token, &json!({}))
        .await;

    let log = settled_log(&app, &owner, id).await;
    assert_eq!(log[0]["status"], "dead");
    assert_eq!(log[0]["attempts"], 3);
    assert_eq!(log[0]["last_status_code"], 404);
    assert_eq!(log[0]["last_error"], "HTTP 404");
    assert!(log[0]["next_attempt_at"].is_null());
    assert_eq!(receiver.received().len(), 3);
}
