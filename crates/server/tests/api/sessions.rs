//! Server-side sessions: signing out ends a session at once, on every replica (its state is in
//! PostgreSQL), and a live session is renewed while the user is active.

use std::time::Duration;

use actix_web::dev::ServerHandle;
use sekisho_api::AppState;
use sekisho_domain::Role;
use sekisho_store::PoolOptions;
use sekisho_test_support::{PASSWORD, TestApp, error_code};
use serde_json::Value;

/// A second replica of `app`: its own process state (pool, caches, limiters), the same database.
struct Replica {
    base: String,
    server: ServerHandle,
    client: reqwest::Client,
}

impl Replica {
    fn start(app: &TestApp) -> Replica {
        let pool =
            sekisho_store::pool::connect(&app.database.app_url, &PoolOptions::default()).unwrap();
        let state = AppState::new(pool, app.settings.clone()).unwrap();
        let server = actix_web::HttpServer::new(move || sekisho_api::app(state.clone()))
            .workers(1)
            .disable_signals()
            .bind("127.0.0.1:0")
            .unwrap();
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Replica {
            base: format!("http://127.0.0.1:{port}"),
            server: handle,
            client: reqwest::Client::new(),
        }
    }

    async fn me(&self, token: &str) -> reqwest::Response {
        self.client
            .get(format!("{}/v1/me", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

async fn post_empty(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_out_ends_the_session_at_once_on_every_replica() {
    let app = TestApp::spawn().await;
    let other = Replica::start(&app);
    let tenant = app.create_tenant("Sign-out Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    let second_session: Value = app
        .login(&owner.email, PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let second_session = second_session["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/v1/me", &owner.token).await.status(), 200);
    assert_eq!(other.me(&owner.token).await.status(), 200);

    assert_eq!(
        post_empty(&app, "/v1/auth/logout", &owner.token)
            .await
            .status(),
        204
    );

    let here = app.get("/v1/me", &owner.token).await;
    assert_eq!(here.status(), 401);
    assert_eq!(error_code(here).await, "invalid_token");
    let there = other.me(&owner.token).await;
    assert_eq!(
        there.status(),
        401,
        "the other replica refuses the token at once"
    );
    assert_eq!(
        post_empty(&app, "/v1/auth/refresh", &owner.token)
            .await
            .status(),
        401
    );
    assert_eq!(
        post_empty(&app, "/v1/auth/logout", &owner.token)
            .await
            .status(),
        401
    );
    // Only that session ended.
    assert_eq!(other.me(&second_session).await.status(), 200);

    let admin = app.admin_token().await;
    assert_eq!(app.get("/admin/v1/tenants", &admin).await.status(), 200);
    assert_eq!(
        post_empty(&app, "/v1/auth/logout", &admin).await.status(),
        204
    );
    assert_eq!(app.get("/admin/v1/tenants", &admin).await.status(), 401);
    assert_eq!(
        post_empty(&app, "/v1/auth/logout", &tenant.api_key)
            .await
            .status(),
        403,
        "API keys have no session"
    );
}

#[tokio::test]
async fn refresh_renews_a_live_session_but_never_past_its_absolute_end() {
    let app = TestApp::spawn_with(|settings| {
        settings.session_max_age = Duration::from_secs(3);
    })
    .await;
    let tenant = app.create_tenant("Refresh Shop").await;
    let reviewer = app.create_staff(&tenant, Role::Reviewer).await;

    let renewed = post_empty(&app, "/v1/auth/refresh", &reviewer.token).await;
    assert_eq!(renewed.status(), 200);
    let renewed: Value = renewed.json().await.unwrap();
    assert_eq!(renewed["token_type"], "Bearer");
    assert_eq!(renewed["role"], "reviewer");
    assert_eq!(renewed["subject_kind"], "tenant_user");
    assert!(
        renewed["expires_in"].as_u64().unwrap() <= 3,
        "capped by the session's end"
    );
    let token = renewed["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/v1/reviews", &token).await.status(), 200);

    tokio::time::sleep(Duration::from_millis(3200)).await;
    // The token's own expiry has a few seconds of leeway; the session's end has none.
    let late = app.get("/v1/reviews", &token).await;
    assert_eq!(late.status(), 401);
    assert_eq!(
        post_empty(&app, "/v1/auth/refresh", &token).await.status(),
        401
    );
}

#[tokio::test]
async fn refresh_keeps_the_default_lifetime_and_sessions_are_per_sign_in() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Lifetime Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    let renewed: Value = post_empty(&app, "/v1/auth/refresh", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(renewed["expires_in"], 900);
    assert_eq!(renewed["tenant_id"], tenant.id.to_string());
    let admin = app.admin_token().await;
    let renewed: Value = post_empty(&app, "/v1/auth/refresh", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(renewed["subject_kind"], "platform_admin");
}
