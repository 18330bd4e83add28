use sekisho_domain::Role;
use sekisho_test_support::TestApp;
use serde_json::{Value, json};

#[tokio::test]
async fn admins_onboard_tenants_and_every_action_is_audited() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;

    let created = app
        .post(
            "/admin/v1/tenants",
            &admin,
            &json!({ "name": "  関所商店  " }),
        )
        .await;
    assert_eq!(created.status(), 201);
    let tenant: Value = created.json().await.unwrap();
    assert_eq!(tenant["name"], "関所商店");
    assert_eq!(tenant["contributes"], true);
    let tenant_id = tenant["id"].as_str().unwrap();

    let other = app.create_tenant("Second Shop").await;
    let listed: Value = app
        .get("/admin/v1/tenants", &admin)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["関所商店", "Second Shop"]);
    let paged: Value = app
        .get("/admin/v1/tenants?limit=1&offset=1", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paged["items"].as_array().unwrap().len(), 1);
    assert_eq!(paged["items"][0]["id"], other.id.to_string());

    let user = app
        .post(
            &format!("/admin/v1/tenants/{tenant_id}/users"),
            &admin,
            &json!({ "email": "Owner@Sekisho-Shop.test", "password": "long enough pw", "role": "owner" }),
        )
        .await;
    assert_eq!(user.status(), 201);
    let user: Value = user.json().await.unwrap();
    assert_eq!(user["email"], "owner@sekisho-shop.test");
    assert!(user.get("password_hash").is_none());

    let key = app
        .post(
            &format!("/admin/v1/tenants/{tenant_id}/api-keys"),
            &admin,
            &json!({ "name": "checkout" }),
        )
        .await;
    assert_eq!(key.status(), 201);
    let key: Value = key.json().await.unwrap();
    assert_eq!(key["tenant_id"], tenant_id);
    let owner = app.login("owner@sekisho-shop.test", "long enough pw").await;
    let owner: Value = owner.json().await.unwrap();
    let owner_token = owner["access_token"].as_str().unwrap();
    let revoked = app
        .delete(
            &format!("/v1/api-keys/{}", key["id"].as_str().unwrap()),
            owner_token,
        )
        .await;
    assert_eq!(revoked.status(), 200);

    let log: Value = app
        .get(
            &format!("/admin/v1/audit-log?tenant_id={tenant_id}"),
            &admin,
        )
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
    assert_eq!(
        actions,
        vec![
            "api_key.revoke",
            "api_key.create",
            "user.create",
            "tenant.create"
        ]
    );
    let first = &log["items"][3];
    assert!(first["actor"].as_str().unwrap().starts_with("admin:"));
    assert!(
        log["items"][0]["actor"]
            .as_str()
            .unwrap()
            .starts_with("user:")
    );

    let everything: Value = app
        .get("/admin/v1/audit-log", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        everything["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "tenant.list"),
        "cross-tenant reads are audited too"
    );
}

#[tokio::test]
async fn owners_add_staff_to_their_own_tenant_only() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Staff Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    let reviewer = app.create_staff(&tenant, Role::Reviewer).await;

    let added = app
        .post("/v1/users", &owner.token, &json!({ "email": "analyst@staff-shop.test", "password": "long enough pw", "role": "analyst" }))
        .await;
    assert_eq!(added.status(), 201);
    let added: Value = added.json().await.unwrap();
    assert_eq!(added["tenant_id"], tenant.id.to_string());
    assert_eq!(added["role"], "analyst");
    let analyst = app.login("analyst@staff-shop.test", "long enough pw").await;
    assert_eq!(analyst.status(), 200);

    let by_reviewer = app
        .post(
            "/v1/users",
            &reviewer.token,
            &json!({ "email": "x@staff-shop.test", "password": "long enough pw", "role": "owner" }),
        )
        .await;
    assert_eq!(by_reviewer.status(), 403);
}
