//! The scoring request itself: idempotency, field-by-field validation, and slow external checks
//! that never delay the decision.

use super::*;

#[tokio::test]
async fn scoring_is_idempotent_and_validates_field_by_field() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Strict Shop").await;
    let send = |body: Value| {
        let request = app
            .client
            .post(app.url("/v1/orders/score"))
            .bearer_auth(&shop.api_key)
            .header("Idempotency-Key", "try-1")
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    let first: Value = send(order("I-1")).await.json().await.unwrap();
    let retry = send(order("I-1")).await;
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let retry: Value = retry.json().await.unwrap();
    assert_eq!(retry["order_id"], first["order_id"]);

    let mut bad = order("I-2");
    bad["amount"] = json!(12.5);
    bad["payment_method"] = json!("barter");
    bad["card"]["number"] = json!("4556737586899856");
    bad["device"]["ip"] = json!("999.1.1.1");
    let response = app.post("/v1/orders/score", &shop.api_key, &bad).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let mut fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        ["amount", "card.number", "device.ip", "payment_method"]
    );
    assert!(
        !body.to_string().contains("4556737586899856"),
        "the number is not echoed"
    );
}

#[tokio::test]
async fn a_slow_external_check_never_delays_the_decision_and_is_reported_skipped() {
    use sekisho_outbound::enrichment::{Check, HttpProviderSettings};
    use std::time::{Duration, Instant};
    // A provider that answers after 5 s.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(5)).await;
                drop(socket);
            });
        }
    });
    let app = TestApp::spawn_with(|settings| {
        settings.enrichment.providers = vec![HttpProviderSettings {
            name: "slow-carrier".into(),
            url: format!("http://{address}/check"),
            checks: vec![Check::PhoneLine],
            budget: Some(Duration::from_millis(100)),
            private_network: true,
        }];
    })
    .await;
    let shop = app.create_tenant("Patient Shop").await;
    let started = Instant::now();
    let assessment = score(&app, &shop, &order("E-1")).await;
    let elapsed = started.elapsed();
    // The decision came before the provider answered (a busy shared machine can take a
    // second or two over the first request; waiting for the provider takes 5 s), and the check
    // is reported skipped for its 100 ms budget, not as a failed answer.
    assert!(
        elapsed < Duration::from_secs(5),
        "the decision waited for the provider: {elapsed:?}"
    );
    let skipped = assessment["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "enrichment_skipped")
        .unwrap_or_else(|| panic!("no enrichment_skipped in {assessment}"));
    assert_eq!(skipped["detail"]["provider"], "slow-carrier");
    assert_eq!(skipped["detail"]["why"], "timeout");
    assert_eq!(
        assessment["decision"], "accept",
        "a skipped check costs no points"
    );
}
