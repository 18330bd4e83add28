//! What a lookup matches: other notations of the same person, never warninglisted values, what
//! each member contributes and consumes, and warninglist defaults that stay removed.

use super::*;

#[tokio::test]
async fn another_members_report_matches_other_notations_until_it_is_retracted() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Reporter A").await;
    let b = app.create_tenant("Consumer B").await;

    let created = app
        .post("/v1/fraud-reports", &a.api_key, &report(fraudster()))
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["amount_minor"], 12800);
    assert_eq!(created["identifiers"]["card"], "453201******0366");
    let report_id = created["id"].as_str().unwrap().to_owned();

    let found = lookup(&app, &b, fraudster_other_notation()).await;
    assert_eq!(
        kinds(&found),
        [
            "address_delivery_point",
            "card",
            "email",
            "ip",
            "ip_prefix",
            "phone"
        ],
        "gmail.com is warninglisted, so email_domain never matches: {found}"
    );
    for kind in ["email", "phone", "address_delivery_point", "card"] {
        let found = find(&found, kind);
        assert_eq!(found["reporters"], 1, "{kind}");
        assert_eq!(found["own"], false);
        assert_eq!(found["categories"], json!(["chargeback"]));
        assert_eq!(
            found["quorum_met"], false,
            "one reporter is below the quorum of 2"
        );
        assert!(found["weight"].as_f64().unwrap() > 0.99);
        assert!(found.get("tenant_id").is_none() && found.get("tenants").is_none());
    }

    // Another room of the same building: no match (the building was not reported on purpose).
    let neighbour = lookup(
        &app,
        &b,
        json!({ "address": { "postal_code": "100-0001", "line1": "千代田区千代田1-1-1", "line2": "サクラハイツ 306号室" } }),
    )
    .await;
    assert!(kinds(&neighbour).is_empty(), "{neighbour}");

    // B cannot read A's report; A sees it as its own.
    assert_eq!(
        app.get(&format!("/v1/fraud-reports/{report_id}"), &b.api_key)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/v1/fraud-reports/{report_id}"), &a.api_key)
            .await
            .status(),
        200
    );
    let own = lookup(&app, &a, fraudster_other_notation()).await;
    assert_eq!(find(&own, "card")["own"], true);

    let retracted = app
        .delete(&format!("/v1/fraud-reports/{report_id}"), &a.api_key)
        .await;
    assert_eq!(retracted.status(), 200);
    let retracted: Value = retracted.json().await.unwrap();
    assert!(retracted["retracted_at"].is_string());
    let gone = lookup(&app, &b, fraudster_other_notation()).await;
    assert_eq!(gone["matches"], json!([]));
    let listed: Value = app
        .get("/v1/fraud-reports", &a.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["items"],
        json!([]),
        "retracted reports are hidden by default"
    );
    let listed: Value = app
        .get("/v1/fraud-reports?include_retracted=true", &a.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn warninglisted_values_and_ranges_never_match() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Test-card A").await;
    let b = app.create_tenant("Lookup B").await;
    let admin = app.admin_token().await;
    let identifiers = json!({
        "card": "4111 1111 1111 1111",
        "ip": "10.1.2.3",
        "email": "someone@example-shop.jp",
    });
    assert_eq!(
        app.post(
            "/v1/fraud-reports",
            &a.api_key,
            &report(identifiers.clone())
        )
        .await
        .status(),
        201
    );

    let found = lookup(&app, &b, identifiers.clone()).await;
    assert_eq!(
        kinds(&found),
        ["email", "email_domain"],
        "test card and private IP never match"
    );

    // An admin warninglists the shop's domain: it stops matching at once.
    let added = app
        .post("/admin/v1/consortium/warninglist", &admin, &json!({ "kind": "email_domain", "value": "example-shop.jp", "label": "shared shop domain" }))
        .await;
    assert_eq!(added.status(), 201);
    let added: Value = added.json().await.unwrap();
    assert_eq!(
        kinds(&lookup(&app, &b, identifiers.clone()).await),
        ["email"]
    );
    let removed = app
        .delete(
            &format!(
                "/admin/v1/consortium/warninglist/{}",
                added["id"].as_str().unwrap()
            ),
            &admin,
        )
        .await;
    assert_eq!(removed.status(), 204);
    assert_eq!(
        kinds(&lookup(&app, &b, identifiers.clone()).await),
        ["email", "email_domain"]
    );

    // Ranges too.
    let range = app
        .post(
            "/admin/v1/consortium/warninglist",
            &admin,
            &json!({ "range": "198.51.100.0/24", "label": "corporate proxy" }),
        )
        .await;
    assert_eq!(range.status(), 201);
    app.post(
        "/v1/fraud-reports",
        &a.api_key,
        &report(json!({ "ip": "198.51.100.20" })),
    )
    .await;
    assert_eq!(
        lookup(&app, &b, json!({ "ip": "198.51.100.20" })).await["matches"],
        json!([])
    );

    let list: Value = app
        .get("/admin/v1/consortium/warninglist", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        list["values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["label"] == "Visa test card" && v["source"] == "default")
    );
    assert!(
        list["ranges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["range"] == "100.64.0.0/10")
    );
    let bad = app
        .post(
            "/admin/v1/consortium/warninglist",
            &admin,
            &json!({ "range": "not a range", "label": "x" }),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let forbidden = app
        .get("/admin/v1/consortium/warninglist", &a.api_key)
        .await;
    assert_eq!(forbidden.status(), 403);
}

#[tokio::test]
async fn contribution_and_consumption_are_chosen_separately() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Sharing A").await;
    let b = app.create_tenant("Reading B").await;
    let a_owner = app.create_staff(&a, Role::Owner).await;
    let b_owner = app.create_staff(&b, Role::Owner).await;
    app.post(
        "/v1/fraud-reports",
        &a.api_key,
        &report(json!({ "device_id": "device-shared-1" })),
    )
    .await;
    app.post(
        "/v1/fraud-reports",
        &b.api_key,
        &report(json!({ "device_id": "device-shared-1" })),
    )
    .await;

    let both = lookup(&app, &b, json!({ "device_id": "device-shared-1" })).await;
    assert_eq!(find(&both, "device_id")["reporters"], 2);
    assert_eq!(find(&both, "device_id")["quorum_met"], true);

    // B stops consuming: it sees only its own report.
    let changed = app
        .client
        .put(app.url("/v1/consortium/participation"))
        .bearer_auth(&b_owner.token)
        .json(&json!({ "contributes": true, "consumes": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let own_only = lookup(&app, &b, json!({ "device_id": "device-shared-1" })).await;
    assert_eq!(find(&own_only, "device_id")["reporters"], 1);
    assert_eq!(find(&own_only, "device_id")["own"], true);

    // A stops contributing: its report leaves the others' view, not its own.
    app.client
        .put(app.url("/v1/consortium/participation"))
        .bearer_auth(&b_owner.token)
        .json(&json!({ "contributes": true, "consumes": true }))
        .send()
        .await
        .unwrap();
    app.client
        .put(app.url("/v1/consortium/participation"))
        .bearer_auth(&a_owner.token)
        .json(&json!({ "contributes": false, "consumes": true }))
        .send()
        .await
        .unwrap();
    let without_a = lookup(&app, &b, json!({ "device_id": "device-shared-1" })).await;
    assert_eq!(find(&without_a, "device_id")["reporters"], 1);
    let a_view = lookup(&app, &a, json!({ "device_id": "device-shared-1" })).await;
    assert_eq!(find(&a_view, "device_id")["reporters"], 2);
    let me: Value = app.get("/v1/me", &a.api_key).await.json().await.unwrap();
    assert_eq!(me["contributes"], false);
    // Only owners choose.
    let by_key = app
        .client
        .put(app.url("/v1/consortium/participation"))
        .bearer_auth(&a.api_key)
        .json(&json!({ "contributes": true, "consumes": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(by_key.status(), 403);
}

#[tokio::test]
async fn a_removed_default_stays_removed_when_the_defaults_are_seeded_again() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Card A").await;
    let b = app.create_tenant("Card B").await;
    let admin = app.admin_token().await;
    let test_card = json!({ "card": "4242 4242 4242 4242" });
    app.post("/v1/fraud-reports", &a.api_key, &report(test_card.clone()))
        .await;
    assert_eq!(
        lookup(&app, &b, test_card.clone()).await["matches"],
        json!([])
    );

    let list: Value = app
        .get("/admin/v1/consortium/warninglist", &admin)
        .await
        .json()
        .await
        .unwrap();
    let stripe = list["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["label"] == "Visa test card (Stripe)")
        .unwrap();
    let removed = app
        .delete(
            &format!(
                "/admin/v1/consortium/warninglist/{}",
                stripe["id"].as_str().unwrap()
            ),
            &admin,
        )
        .await;
    assert_eq!(removed.status(), 204);
    // What a restart does.
    sekisho_service::consortium::seed_warninglist(&app.pool, &app.settings.consortium.key)
        .await
        .unwrap();
    assert_eq!(
        kinds(&lookup(&app, &b, test_card).await),
        ["card"],
        "the admin's removal holds"
    );
}
