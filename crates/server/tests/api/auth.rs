use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{EncodingKey, Header, encode};
use sekisho_domain::Role;
use sekisho_test_support::{PASSWORD, TEST_JWT_SECRET, TestApp, error_code};
use serde_json::{Value, json};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn login_gives_a_session_token_for_the_right_password_only() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Login Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;

    let response = app.login(&owner.email.to_uppercase(), PASSWORD).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["role"], "owner");
    assert_eq!(body["tenant_id"], tenant.id.to_string());

    let me: Value = app
        .get("/v1/me", body["access_token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user_id"], owner.id.to_string());
    assert_eq!(me["tenant_name"], "Login Shop");

    let wrong = app.login(&owner.email, "not the password").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(error_code(wrong).await, "invalid_credentials");
    let unknown = app.login("nobody@nowhere.test", PASSWORD).await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(error_code(unknown).await, "invalid_credentials");
}

#[tokio::test]
async fn forged_expired_tampered_and_unsigned_tokens_get_401() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Token Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    assert_eq!(app.get("/v1/me", &owner.token).await.status(), 200);

    let claims = |exp: u64| {
        json!({
            "sub": owner.id, "kind": "user", "tenant_id": tenant.id, "role": "owner",
            "iat": now() - 1000, "exp": exp, "iss": "sekisho", "aud": "sekisho-dashboard"
        })
    };
    let expired = encode(
        &Header::default(),
        &claims(now() - 60),
        &EncodingKey::from_secret(TEST_JWT_SECRET),
    )
    .unwrap();
    let other_secret = encode(
        &Header::default(),
        &claims(now() + 600),
        &EncodingKey::from_secret(b"some other secret entirely, 32b+"),
    )
    .unwrap();
    let unsigned = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(claims(now() + 600).to_string().as_bytes())
    );
    let mut parts: Vec<String> = owner.token.split('.').map(str::to_owned).collect();
    // Make the owner a different tenant's user without re-signing.
    let mut payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    payload["tenant_id"] = json!(uuid::Uuid::new_v4());
    parts[1] = b64(payload.to_string().as_bytes());
    let tampered = parts.join(".");

    for (name, token) in [
        ("expired", expired),
        ("other secret", other_secret),
        ("alg none", unsigned),
        ("tampered", tampered),
        ("garbage", "not.a.token".to_owned()),
    ] {
        let response = app.get("/v1/me", &token).await;
        assert_eq!(response.status(), 401, "{name}");
        assert_eq!(error_code(response).await, "invalid_token", "{name}");
    }
    let bare = app.client.get(app.url("/v1/me")).send().await.unwrap();
    assert_eq!(bare.status(), 401);
    assert_eq!(error_code(bare).await, "unauthenticated");
}

#[tokio::test]
async fn revoked_and_unknown_keys_get_401_and_wrong_kinds_get_403() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Key Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    let analyst = app.create_staff(&tenant, Role::Analyst).await;
    let admin = app.admin_token().await;

    let me: Value = app
        .get("/v1/me", &tenant.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["api_key_id"], tenant.api_key_id.to_string());

    // Valid credentials of the wrong kind or role.
    for (who, token, path) in [
        ("API key on owner endpoint", &tenant.api_key, "/v1/api-keys"),
        ("analyst on owner endpoint", &analyst.token, "/v1/api-keys"),
        ("admin on tenant endpoint", &admin, "/v1/api-keys"),
        ("owner on admin endpoint", &owner.token, "/admin/v1/tenants"),
        (
            "API key on admin endpoint",
            &tenant.api_key,
            "/admin/v1/tenants",
        ),
    ] {
        let response = app.get(path, token).await;
        assert_eq!(response.status(), 403, "{who}");
        assert_eq!(error_code(response).await, "forbidden", "{who}");
    }

    let unknown = app
        .get(
            "/v1/me",
            "sk_live_0000000000000000000000000000000000000000deadbeef",
        )
        .await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(error_code(unknown).await, "invalid_api_key");

    let revoked = app
        .delete(&format!("/v1/api-keys/{}", tenant.api_key_id), &owner.token)
        .await;
    assert_eq!(revoked.status(), 200);
    let body: Value = revoked.json().await.unwrap();
    assert!(body["revoked_at"].is_string());
    let response = app.get("/v1/me", &tenant.api_key).await;
    assert_eq!(response.status(), 401);
    assert_eq!(error_code(response).await, "invalid_api_key");
    // On an owner endpoint an API key is refused for its kind, before it is even looked up.
    assert_eq!(app.get("/v1/api-keys", &tenant.api_key).await.status(), 403);
}

#[tokio::test]
async fn keys_are_shown_once_stored_hashed_and_record_their_last_use() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Hash Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;

    let created: Value = app
        .post(
            "/v1/api-keys",
            &owner.token,
            &json!({ "name": "batch jobs" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let key = created["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("sk_live_"));
    assert!(key.starts_with(created["prefix"].as_str().unwrap()));

    assert_eq!(app.get("/v1/me", &key).await.status(), 200);
    let listed: Value = app
        .get("/v1/api-keys", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed.iter().all(|k| k.get("key").is_none()),
        "lists never show a secret"
    );
    let used = listed.iter().find(|k| k["id"] == created["id"]).unwrap();
    assert!(
        used["last_used_at"].is_string(),
        "last use recorded: {used}"
    );

    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        row: String,
    }
    let mut conn = app.database.owner_connection().await;
    let rows: Vec<Row> = diesel::sql_query("SELECT row_to_json(k)::text AS row FROM api_keys k")
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert!(
            !row.row.contains(&key[8..]),
            "the secret is stored: {}",
            row.row
        );
    }
}

#[tokio::test]
async fn login_attempts_are_limited_per_account_and_per_ip() {
    let app = TestApp::spawn_with(|settings| settings.login_per_account_per_minute = 3).await;
    let tenant = app.create_tenant("Limit Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await; // one attempt used

    for _ in 0..2 {
        assert_eq!(app.login(&owner.email, "guess").await.status(), 401);
    }
    let limited = app.login(&owner.email, PASSWORD).await;
    assert_eq!(limited.status(), 429, "even the right password waits");
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(error_code(limited).await, "rate_limited");
    // Another account from the same address is unaffected by this account's limit.
    assert_eq!(app.login("someone@else.test", "guess").await.status(), 401);

    let per_ip = TestApp::spawn_with(|settings| settings.login_per_ip_per_minute = 2).await;
    assert_eq!(per_ip.login("a@stuffing.test", "x").await.status(), 401);
    assert_eq!(per_ip.login("b@stuffing.test", "x").await.status(), 401);
    assert_eq!(per_ip.login("c@stuffing.test", "x").await.status(), 429);
}
