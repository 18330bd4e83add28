use sekisho_domain::Role;
use sekisho_test_support::{TestApp, error_code};
use serde_json::{Value, json};

async fn raw_post(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn bad_requests_get_4xx_json_errors_with_stable_codes() {
    let app = TestApp::spawn_with(|settings| settings.max_body_bytes = 1024).await;
    let json_type = "application/json";
    let cases: Vec<(&str, reqwest::Response, u16, &str)> = vec![
        (
            "malformed JSON",
            raw_post(&app, "/v1/auth/login", json_type, "{\"email\":").await,
            400,
            "malformed_json",
        ),
        (
            "not JSON at all",
            raw_post(&app, "/v1/auth/login", json_type, "email=a").await,
            400,
            "malformed_json",
        ),
        (
            "wrong type",
            raw_post(
                &app,
                "/v1/auth/login",
                json_type,
                r#"{"email": 5, "password": "x"}"#,
            )
            .await,
            422,
            "invalid_request",
        ),
        (
            "missing field",
            raw_post(
                &app,
                "/v1/auth/login",
                json_type,
                r#"{"email": "a@b.test"}"#,
            )
            .await,
            422,
            "invalid_request",
        ),
        (
            "unknown field",
            raw_post(
                &app,
                "/v1/auth/login",
                json_type,
                r#"{"email": "a@b.test", "password": "x", "remember": true}"#,
            )
            .await,
            422,
            "unknown_field",
        ),
        (
            "NUL in a string",
            raw_post(
                &app,
                "/v1/auth/login",
                json_type,
                r#"{"email": "a@b.test\u0000", "password": "x"}"#,
            )
            .await,
            422,
            "validation_failed",
        ),
        (
            "oversized body",
            raw_post(
                &app,
                "/v1/auth/login",
                json_type,
                format!(r#"{{"email":"{}","password":"x"}}"#, "a".repeat(4096)),
            )
            .await,
            413,
            "payload_too_large",
        ),
        (
            "wrong content type",
            raw_post(
                &app,
                "/v1/auth/login",
                "text/plain",
                r#"{"email":"a","password":"b"}"#,
            )
            .await,
            415,
            "unsupported_media_type",
        ),
        (
            "unknown route",
            app.client
                .get(app.url("/v1/nothing-here"))
                .send()
                .await
                .unwrap(),
            404,
            "not_found",
        ),
        (
            "unknown method",
            app.client.put(app.url("/healthz")).send().await.unwrap(),
            404,
            "not_found",
        ),
    ];
    for (name, response, status, code) in cases {
        assert_eq!(response.status().as_u16(), status, "{name}");
        let body: Value = response
            .json()
            .await
            .unwrap_or_else(|_| panic!("{name}: body is not JSON"));
        assert_eq!(body["error"]["code"], code, "{name}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{name}"
        );
    }
}

#[tokio::test]
async fn invalid_values_are_refused_field_by_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Fields Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;

    let response = app
        .post(
            "/v1/users",
            &owner.token,
            &json!({ "email": "not-an-email", "password": "short", "role": "analyst" }),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["email", "password"]);

    let unknown_role = app
        .post(
            "/v1/users",
            &owner.token,
            &json!({ "email": "a@b.test", "password": "long enough pw", "role": "superuser" }),
        )
        .await;
    assert_eq!(unknown_role.status(), 422);
    assert_eq!(error_code(unknown_role).await, "invalid_request");

    let duplicate = app
        .post(
            "/v1/users",
            &owner.token,
            &json!({ "email": owner.email, "password": "long enough pw", "role": "analyst" }),
        )
        .await;
    assert_eq!(duplicate.status(), 409);
    assert_eq!(error_code(duplicate).await, "conflict");

    let users: Value = app
        .get("/v1/users", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users.as_array().unwrap().len(), 1, "nothing half-written");

    let empty_name = app
        .post("/v1/api-keys", &owner.token, &json!({ "name": "   " }))
        .await;
    assert_eq!(empty_name.status(), 422);
    assert_eq!(error_code(empty_name).await, "validation_failed");

    let bad_id = app.delete("/v1/api-keys/not-a-uuid", &owner.token).await;
    assert_eq!(bad_id.status(), 404);
    assert_eq!(error_code(bad_id).await, "invalid_path");

    let admin = app.admin_token().await;
    let bad_query = app.get("/admin/v1/tenants?limit=lots", &admin).await;
    assert_eq!(bad_query.status(), 400);
    assert_eq!(error_code(bad_query).await, "invalid_query");

    let no_tenant = app
        .post(
            &format!("/admin/v1/tenants/{}/users", uuid::Uuid::new_v4()),
            &admin,
            &json!({ "email": "c@d.test", "password": "long enough pw", "role": "owner" }),
        )
        .await;
    assert_eq!(no_tenant.status(), 404);
    assert_eq!(error_code(no_tenant).await, "not_found");
}
