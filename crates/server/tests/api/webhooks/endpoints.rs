//! Who may manage endpoints, across tenants, and which URLs are allowed.

use super::*;

#[tokio::test]
async fn only_owners_manage_webhooks() {
    let app = spawn_app().await;
    let (tenant, owner) = tenant_with_owner(&app, "Guarded Shop").await;
    let analyst = app.create_staff(&tenant, Role::Analyst).await;
    let reviewer = app.create_staff(&tenant, Role::Reviewer).await;
    let body = json!({ "url": "https://hooks.example.jp/sekisho" });

    for token in [&analyst.token, &reviewer.token, &tenant.api_key] {
        let response = app.post("/v1/webhooks", token, &body).await;
        assert_eq!(response.status(), 403);
        assert_eq!(error_code(response).await, "forbidden");
        let response = app.get("/v1/webhooks", token).await;
        assert_eq!(response.status(), 403);
    }
    let created = register(&app, &owner, body).await;
    let id = created["id"].as_str().unwrap();
    let response = app
        .delete(&format!("/v1/webhooks/{id}"), &analyst.token)
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .get(&format!("/v1/webhooks/{id}/deliveries"), &tenant.api_key)
        .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn another_tenant_cannot_see_test_or_delete_an_endpoint() {
    let app = spawn_app().await;
    let (_, a_owner) = tenant_with_owner(&app, "Tenant A").await;
    let (_, b_owner) = tenant_with_owner(&app, "Tenant B").await;
    let created = register(
        &app,
        &a_owner,
        json!({ "url": "https://hooks.example.jp/a" }),
    )
    .await;
    let id = created["id"].as_str().unwrap();

    let b_list: Value = app
        .get("/v1/webhooks", &b_owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(b_list, json!([]));
    let response = app
        .delete(&format!("/v1/webhooks/{id}"), &b_owner.token)
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(error_code(response).await, "not_found");
    let response = app
        .get(&format!("/v1/webhooks/{id}/deliveries"), &b_owner.token)
        .await;
    assert_eq!(response.status(), 404);
    let response = app
        .post(
            &format!("/v1/webhooks/{id}/test"),
            &b_owner.token,
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 404);

    // Still there for its owner, who can delete it.
    let response = app
        .delete(&format!("/v1/webhooks/{id}"), &a_owner.token)
        .await;
    assert_eq!(response.status(), 204);
    let a_list: Value = app
        .get("/v1/webhooks", &a_owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a_list, json!([]));
    let response = app
        .delete(&format!("/v1/webhooks/{}", Uuid::now_v7()), &a_owner.token)
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn webhook_urls_must_be_https_to_a_public_host_unless_insecure_is_allowed() {
    let app = TestApp::spawn().await;
    let (_, owner) = tenant_with_owner(&app, "Careful Shop").await;
    for url in [
        "http://127.0.0.1:9000/hooks",
        "http://hooks.example.jp/",
        "https://10.0.0.5/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://localhost/hooks",
        "https://user:pass@hooks.example.jp/",
        "not a url",
    ] {
        let response = app
            .post("/v1/webhooks", &owner.token, &json!({ "url": url }))
            .await;
        assert_eq!(response.status(), 422, "{url}");
        assert_eq!(error_code(response).await, "validation_failed", "{url}");
    }
    let response = app
        .post(
            "/v1/webhooks",
            &owner.token,
            &json!({ "url": "https://hooks.example.jp/", "events": ["order.shipped"] }),
        )
        .await;
    assert_eq!(response.status(), 422);
    let created = register(
        &app,
        &owner,
        json!({
            "url": "https://hooks.example.jp/sekisho",
            "events": ["review.decided", "review.decided"]
        }),
    )
    .await;
    assert_eq!(created["events"], json!(["review.decided"]));
}
