use diesel_async::SimpleAsyncConnection;
use sekisho_test_support::{TestApp, error_code};
use serde_json::Value;

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::spawn().await;
    let health: Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);

    app.client.get(app.url("/nothing")).send().await.unwrap();
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            r#"sekisho_http_requests_total{endpoint="/healthz",method="GET",status="200"} 1"#
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"sekisho_http_requests_duration_seconds_bucket{endpoint="/readyz""#)
    );
    assert!(
        metrics.contains(r#"endpoint="unmatched""#),
        "unknown paths do not explode the label set"
    );
}

#[tokio::test]
async fn readiness_fails_while_the_database_is_unreachable_and_recovers() {
    let app = TestApp::spawn().await;
    let name = app.database.name.clone();
    let mut owner = app.database.owner_connection().await;
    let mut maintenance = owner_on_postgres(&app).await;
    drop(owner.batch_execute("SELECT 1").await);
    maintenance
        .batch_execute(&format!(
            "ALTER DATABASE {name} ALLOW_CONNECTIONS false; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();
    let down = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(down.status(), 503);
    assert_eq!(error_code(down).await, "database_unavailable");
    // Liveness is not readiness: the process itself is fine.
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    maintenance
        .batch_execute(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .await
        .unwrap();
    let up = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(up.status(), 200);
}

async fn owner_on_postgres(app: &TestApp) -> diesel_async::AsyncPgConnection {
    use diesel_async::AsyncConnection;
    let url = app
        .database
        .owner_url
        .rsplit_once('/')
        .unwrap()
        .0
        .to_owned()
        + "/postgres";
    diesel_async::AsyncPgConnection::establish(&url)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_committed_openapi_document_is_what_the_server_serves() {
    let app = TestApp::spawn().await;
    let served: Value = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(path).expect("openapi/openapi.json is committed"),
    )
    .unwrap();
    assert!(
        served == committed,
        "openapi/openapi.json is stale: run `cargo run -- openapi`"
    );
    for path in [
        "/v1/auth/login",
        "/admin/v1/tenants",
        "/admin/v1/tenants/{id}/users",
        "/admin/v1/tenants/{id}/api-keys",
        "/v1/api-keys",
        "/v1/api-keys/{id}",
        "/healthz",
        "/readyz",
    ] {
        assert!(served["paths"].get(path).is_some(), "{path} is documented");
    }
}

#[tokio::test]
async fn interactive_docs_are_served_without_external_assets() {
    let app = TestApp::spawn().await;
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = redirect.get(app.url("/docs")).send().await.unwrap();
    assert_eq!(response.status(), 308);
    let page = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    for asset in [
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-initializer.js",
    ] {
        let response = app
            .client
            .get(app.url(&format!("/docs/{asset}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{asset}");
        let text = response.text().await.unwrap();
        if asset == "swagger-initializer.js" {
            assert!(
                text.contains("/openapi.json") && !text.contains("https://"),
                "{text}"
            );
        }
    }
    assert!(
        !html.contains("https://"),
        "no external script or stylesheet: {html}"
    );
}
