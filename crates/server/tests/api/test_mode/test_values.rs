//! The documented test values, each forcing its outcome in test mode only.

use super::*;

#[tokio::test]
async fn each_documented_test_value_forces_its_outcome_in_test_mode_only() {
    use sekisho_service::test_mode as values;
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Values Shop").await;
    let sandbox = test_key(&app, &shop).await;
    let clean_card = "4556 7375 8689 9855";
    let clean_email = "hanako.suzuki@example-mail.jp";
    let clean_ip = "198.51.100.30";

    // The consortium values: a card, an email, a phone and an address.
    let (postal_code, region, locality, line1, line2) = values::CONSORTIUM_ADDRESS;
    let mut body = order(
        "V-1",
        values::CONSORTIUM_EMAIL,
        values::CONSORTIUM_CARD,
        clean_ip,
    );
    body["customer"]["phone"] = json!(values::CONSORTIUM_PHONE);
    body["shipping_address"] = json!({
        "postal_code": postal_code, "region": region, "locality": locality,
        "line1": line1, "line2": line2,
    });
    let scored = score(&app, &sandbox.api_key, &body).await;
    for code in [
        "consortium_card",
        "consortium_email",
        "consortium_phone",
        "consortium_address",
    ] {
        assert!(
            codes(&scored).contains(&code.to_owned()),
            "{code}: {scored}"
        );
    }
    assert_eq!(scored["decision"], "reject", "{scored}");
    let live = score(&app, &shop.api_key, &body).await;
    assert!(
        !codes(&live).iter().any(|c| c.starts_with("consortium_")),
        "a live call ignores the test values: {live}"
    );
    let found = lookup(
        &app,
        &sandbox.api_key,
        json!({ "email": values::CONSORTIUM_EMAIL, "card": values::CONSORTIUM_CARD, "phone": values::CONSORTIUM_PHONE }),
    )
    .await;
    assert_eq!(kinds(&found), ["card", "email", "phone"], "{found}");
    assert_eq!(found["matches"][0]["quorum_met"], true);
    assert!(
        kinds(
            &lookup(
                &app,
                &shop.api_key,
                json!({ "email": values::CONSORTIUM_EMAIL })
            )
            .await
        )
        .is_empty()
    );

    // The Tor IP, the foreign BIN, the card-testing card.
    let scored = score(
        &app,
        &sandbox.api_key,
        &order("V-2", clean_email, clean_card, values::TOR_IP),
    )
    .await;
    assert!(codes(&scored).contains(&"tor_ip".to_owned()), "{scored}");
    let live = score(
        &app,
        &shop.api_key,
        &order("V-2", clean_email, clean_card, values::TOR_IP),
    )
    .await;
    assert!(!codes(&live).contains(&"tor_ip".to_owned()), "{live}");
    let scored = score(
        &app,
        &sandbox.api_key,
        &order("V-3", clean_email, values::FOREIGN_CARD, clean_ip),
    )
    .await;
    assert!(
        codes(&scored).contains(&"foreign_card".to_owned()),
        "{scored}"
    );
    let scored = score(
        &app,
        &sandbox.api_key,
        &order("V-4", clean_email, values::CARD_TESTING_CARD, clean_ip),
    )
    .await;
    assert!(
        codes(&scored).contains(&"card_testing_source".to_owned()),
        "{scored}"
    );
    let attempt = json!({
        "card": { "number": values::CARD_TESTING_CARD, "expiry": "12/29" },
        "amount": 500, "currency": "JPY", "result": "approved", "ip": clean_ip,
    });
    let response = app
        .post("/v1/payments/attempts", &sandbox.api_key, &attempt)
        .await;
    assert_eq!(response.status(), 200);
    let attempted: Value = response.json().await.unwrap();
    assert_eq!(attempted["decision"], "reject", "{attempted}");
    assert_eq!(attempted["livemode"], false);
    let response = app
        .post("/v1/payments/attempts", &shop.api_key, &attempt)
        .await;
    let attempted: Value = response.json().await.unwrap();
    assert_ne!(attempted["decision"], "reject", "{attempted}");
    assert_eq!(attempted["livemode"], true);

    // The decision values.
    for (email, decision) in [
        (values::ACCEPT_EMAIL, "accept"),
        (values::REVIEW_EMAIL, "review"),
        (values::REJECT_EMAIL, "reject"),
    ] {
        let scored = score(
            &app,
            &sandbox.api_key,
            &order(&format!("D-{decision}"), email, clean_card, clean_ip),
        )
        .await;
        assert_eq!(scored["decision"], decision, "{scored}");
    }
    let live = score(
        &app,
        &shop.api_key,
        &order("D-live", values::REJECT_EMAIL, clean_card, clean_ip),
    )
    .await;
    assert_eq!(live["decision"], "accept", "{live}");

    // Logins carry the mode too, and the Tor IP applies to them.
    let login = json!({ "account_id": "member-1", "success": true, "ip": values::TOR_IP });
    let response = app.post("/v1/logins/score", &sandbox.api_key, &login).await;
    assert_eq!(response.status(), 200);
    let scored: Value = response.json().await.unwrap();
    assert_eq!(scored["livemode"], false);
    assert!(codes(&scored).contains(&"tor_ip".to_owned()), "{scored}");
}
