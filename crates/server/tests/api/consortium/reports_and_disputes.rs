//! Filing reports (idempotent, validated, rate limited) and disputes that remove an entry.

use super::*;

#[tokio::test]
async fn an_upheld_dispute_removes_the_entry_and_lowers_the_contributors_trust() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Disputed A").await;
    let b = app.create_tenant("Lookup B").await;
    let admin = app.admin_token().await;
    app.post(
        "/v1/fraud-reports",
        &a.api_key,
        &report(json!({ "phone": "090-1111-2222", "email": "x1@fraud.example.net" })),
    )
    .await;
    app.post(
        "/v1/fraud-reports",
        &a.api_key,
        &report(json!({ "phone": "080-3333-4444" })),
    )
    .await;

    let opened = app
        .post("/admin/v1/consortium/disputes", &admin, &json!({ "identifiers": { "phone": "09011112222" }, "reason": "number belongs to an innocent customer" }))
        .await;
    assert_eq!(opened.status(), 201);
    let opened: Value = opened.json().await.unwrap();
    assert_eq!(opened["status"], "open");
    assert_eq!(opened["kinds"], json!(["phone"]));
    let id = opened["id"].as_str().unwrap();

    let open: Value = app
        .get("/admin/v1/consortium/disputes?status=open", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open.as_array().unwrap().len(), 1);

    let upheld = app
        .post(
            &format!("/admin/v1/consortium/disputes/{id}/uphold"),
            &admin,
            &json!({ "note": "confirmed with the carrier" }),
        )
        .await;
    assert_eq!(upheld.status(), 200);
    let upheld: Value = upheld.json().await.unwrap();
    assert_eq!(upheld["status"], "upheld");
    assert_eq!(upheld["entries_removed"], 1);
    assert_eq!(
        app.post(
            &format!("/admin/v1/consortium/disputes/{id}/reject"),
            &admin,
            &json!({})
        )
        .await
        .status(),
        409
    );

    assert_eq!(
        lookup(&app, &b, json!({ "phone": "090-1111-2222" })).await["matches"],
        json!([])
    );
    // The email of the same report stays, and A's other report now weighs less.
    assert_eq!(
        kinds(&lookup(&app, &b, json!({ "email": "x1@fraud.example.net" })).await),
        ["email", "email_domain"]
    );
    let other = lookup(&app, &b, json!({ "phone": "080-3333-4444" })).await;
    let weight = find(&other, "phone")["weight"].as_f64().unwrap();
    assert!(weight < 0.5, "trust fell after an upheld dispute: {weight}");

    let rejected = app
        .post(
            "/admin/v1/consortium/disputes",
            &admin,
            &json!({ "identifiers": { "phone": "080-3333-4444" }, "reason": "claims innocence" }),
        )
        .await;
    let rejected: Value = rejected.json().await.unwrap();
    let rejected = app
        .post(
            &format!(
                "/admin/v1/consortium/disputes/{}/reject",
                rejected["id"].as_str().unwrap()
            ),
            &admin,
            &json!({}),
        )
        .await;
    let rejected: Value = rejected.json().await.unwrap();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(
        kinds(&lookup(&app, &b, json!({ "phone": "080-3333-4444" })).await),
        ["phone"]
    );

    let log: Value = app
        .get("/admin/v1/audit-log", &admin)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in ["dispute.open", "dispute.upheld", "dispute.rejected"] {
        assert!(actions.contains(&action), "{action} audited: {actions:?}");
    }
}

#[tokio::test]
async fn reports_are_idempotent_validated_field_by_field_and_rate_limited() {
    let app =
        TestApp::spawn_with(|settings| settings.consortium.reports_per_tenant_per_hour = 4).await;
    let a = app.create_tenant("Careful A").await;
    let send = |key: &'static str, body: Value| {
        let request = app
            .client
            .post(app.url("/v1/fraud-reports"))
            .bearer_auth(&a.api_key)
            .header("Idempotency-Key", key)
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    let first = send(
        "order-77-chargeback",
        report(json!({ "email": "a@b-shop.example" })),
    )
    .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let retry = send(
        "order-77-chargeback",
        report(json!({ "email": "a@b-shop.example" })),
    )
    .await;
    assert_eq!(retry.status(), 201, "the first response's status");
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let retry: Value = retry.json().await.unwrap();
    assert_eq!(retry["id"], first["id"]);

    let bad = app
        .post(
            "/v1/fraud-reports",
            &a.api_key,
            &json!({
                "category": "chargeback", "amount": 12.5, "currency": "JPY", "occurred_at": "2026-10-01T00:00:00Z",
                "identifiers": { "phone": "12345", "card": "4111 1111 1111 1112", "email": "not-an-email" }
            }),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let bad: Value = bad.json().await.unwrap();
    let mut fields: Vec<&str> = bad["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "amount",
            "identifiers.card",
            "identifiers.email",
            "identifiers.phone"
        ]
    );
    let empty = app
        .post("/v1/fraud-reports", &a.api_key, &report(json!({})))
        .await;
    assert_eq!(empty.status(), 422);
    let unknown_category = app
        .post("/v1/fraud-reports", &a.api_key, &json!({ "category": "shoplifting", "amount": 1, "currency": "JPY", "occurred_at": "2026-10-01T00:00:00Z", "identifiers": { "email": "a@b.example" } }))
        .await;
    assert_eq!(unknown_category.status(), 422);
    assert_eq!(error_code(unknown_category).await, "invalid_request");

    let listed: Value = app
        .get("/v1/fraud-reports", &a.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["items"].as_array().unwrap().len(),
        1,
        "nothing half-written, no duplicate"
    );

    // 4 per hour: the idempotent retry, the failed attempts and this one use them up.
    let mut last = 0;
    for _ in 0..3 {
        last = app
            .post(
                "/v1/fraud-reports",
                &a.api_key,
                &report(json!({ "email": "c@d-shop.example" })),
            )
            .await
            .status()
            .as_u16();
    }
    assert_eq!(last, 429);
}
