//! Team management: owners change roles, disable, re-enable and remove users (audited); a
//! disabled user is refused at once; the last enabled owner stays.

use sekisho_domain::Role;
use sekisho_test_support::{PASSWORD, TestApp};
use serde_json::{Value, json};

async fn patch(app: &TestApp, token: &str, path: &str, body: &Value) -> (u16, Value) {
    let response = app
        .client
        .patch(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_disabled_user_is_refused_at_once_and_can_be_enabled_again() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Team Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    assert_eq!(app.get("/v1/reviews", &reviewer.token).await.status(), 200);

    let path = format!("/v1/users/{}", reviewer.id);
    assert_eq!(
        patch(&app, &reviewer.token, &path, &json!({ "disabled": true }))
            .await
            .0,
        403,
        "only owners manage the team"
    );
    let (status, disabled) = patch(&app, &owner.token, &path, &json!({ "disabled": true })).await;
    assert_eq!(status, 200, "{disabled}");
    assert_eq!(disabled["disabled"], true);
    // The session in hand is refused at once, refreshing it too, and so is signing in again.
    assert_eq!(app.get("/v1/reviews", &reviewer.token).await.status(), 401);
    assert_eq!(
        app.post("/v1/auth/refresh", &reviewer.token, &json!({}))
            .await
            .status(),
        401
    );
    assert_eq!(app.login(&reviewer.email, PASSWORD).await.status(), 401);

    let (_, enabled) = patch(
        &app,
        &owner.token,
        &path,
        &json!({ "disabled": false, "role": "analyst" }),
    )
    .await;
    assert_eq!(enabled["disabled"], false);
    assert_eq!(enabled["role"], "analyst");
    let signed_in = app.login(&reviewer.email, PASSWORD).await;
    assert_eq!(signed_in.status(), 200);
    let token = signed_in.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // Now an analyst: reads, but decides nothing.
    assert_eq!(app.get("/v1/reviews", &token).await.status(), 200);
    assert_eq!(
        app.post("/v1/reviews/X-1", &token, &json!({ "decision": "accept" }))
            .await
            .status(),
        403
    );

    let admin = app.admin_token().await;
    let log: Value = app
        .get(
            &format!("/admin/v1/audit-log?tenant_id={}", shop.id),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let updates = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "user.update" && e["target"] == reviewer.id.to_string())
        .count();
    assert_eq!(updates, 2);
}

#[tokio::test]
async fn the_last_owner_cannot_demote_disable_or_remove_themself() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Owner Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let path = format!("/v1/users/{}", owner.id);
    for change in [json!({ "role": "reviewer" }), json!({ "disabled": true })] {
        let (status, body) = patch(&app, &owner.token, &path, &change).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"]["code"], "conflict");
    }
    assert_eq!(app.delete(&path, &owner.token).await.status(), 409);

    // With a second owner, the first may step down; a removed user is refused at once.
    let second = app.create_staff(&shop, Role::Owner).await;
    assert_eq!(
        patch(&app, &owner.token, &path, &json!({ "role": "reviewer" }))
            .await
            .0,
        200
    );
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    let removed = app
        .delete(&format!("/v1/users/{}", analyst.id), &second.token)
        .await;
    assert_eq!(removed.status(), 204);
    assert_eq!(app.get("/v1/orders", &analyst.token).await.status(), 401);
    assert_eq!(
        app.delete(&format!("/v1/users/{}", analyst.id), &second.token)
            .await
            .status(),
        404
    );
    // Another tenant's owner cannot touch this tenant's users.
    let other = app.create_tenant("Other Owner Shop").await;
    let stranger = app.create_staff(&other, Role::Owner).await;
    let second_path = format!("/v1/users/{}", second.id);
    assert_eq!(
        patch(
            &app,
            &stranger.token,
            &second_path,
            &json!({ "disabled": true })
        )
        .await
        .0,
        404
    );
    let users: Value = app
        .get("/v1/users", &second.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users.as_array().unwrap().len(), 2);
}
