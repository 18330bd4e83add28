//! `POST /admin/v1/reference-lists/{list}`: platform admins upload a reference list as CSV over
//! real HTTP into a fresh database; the service's import flow (the CLI's) does the work.

use sekisho_domain::Role;
use sekisho_test_support::TestApp;
use serde_json::Value;

async fn upload(
    app: &TestApp,
    token: &str,
    path: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn owner_db(app: &TestApp) -> tokio_postgres::Client {
    let (client, connection) =
        tokio_postgres::connect(&app.database.owner_url, tokio_postgres::NoTls)
            .await
            .unwrap();
    tokio::spawn(connection);
    client
}

fn codes(summary: &Value) -> Vec<(u64, String)> {
    summary["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const SECRET_LINE1: &str = "秘密の番地9-9-9";

#[tokio::test]
async fn an_upload_imports_good_lines_and_names_bad_ones_by_line_and_code() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let csv = format!(
        "country,postal_code,region,locality,line1,line2,label\n\
         JP,100-0001,東京都,千代田区,千代田1-1-1,ABCマンション305,room 305\n\
         JP,12-34,,,{SECRET_LINE1},,bad postal code\n\
         JP,100-0001,,,,,no street\n\
         JP,100-0001,東京都\n"
    );
    let response = upload(
        &app,
        &admin,
        "/admin/v1/reference-lists/vacant_room?source=city-feed",
        "text/csv; charset=utf-8",
        csv.clone(),
    )
    .await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(!text.contains(SECRET_LINE1), "a refused value is echoed");
    assert!(!text.contains("12-34"), "a refused value is echoed");
    let summary: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(summary["list"], "vacant_room");
    assert_eq!(summary["source"], "city-feed");
    assert_eq!(
        (
            summary["rows"].as_u64(),
            summary["imported"].as_u64(),
            summary["rejected"].as_u64()
        ),
        (Some(4), Some(1), Some(3))
    );
    assert_eq!(
        codes(&summary),
        [
            (3, "invalid_address".to_owned()),
            (4, "invalid_address".to_owned()),
            (5, "wrong_field_count".to_owned()),
        ]
    );
    assert!(
        summary["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("postal_code:")
    );

    let again: Value = upload(
        &app,
        &admin,
        "/admin/v1/reference-lists/vacant_room?source=city-feed",
        "text/csv",
        csv,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (again["imported"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(1))
    );

    // Networks as the feeds publish them, BINs with their own rules.
    let tor: Value = upload(
        &app,
        &admin,
        "/admin/v1/reference-lists/tor",
        "text/plain",
        "# exits\n185.220.101.0/24\n10.0.0.1/8\nnot-an-ip\n",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(tor["imported"], 1);
    assert_eq!(
        codes(&tor),
        [
            (3, "invalid_network".to_owned()),
            (4, "invalid_ip".to_owned())
        ]
    );
    let bins: Value = upload(
        &app,
        &admin,
        "/admin/v1/reference-lists/card_bins",
        "text/csv",
        "bin,brand,issuer_country,card_type,issuer\n455673,visa,JP,credit,Demo\n4556,visa,JP,,\n",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(codes(&bins), [(3, "invalid_bin".to_owned())]);

    let db = owner_db(&app).await;
    let stored: i64 = db
        .query_one(
            "SELECT count(*) FROM reference_addresses WHERE list = 'vacant_room' AND source = 'city-feed'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, 1);
    let tagged: i64 = db
        .query_one(
            "SELECT count(*) FROM ip_reputation WHERE tag = 'tor' AND source = 'upload'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(tagged, 1);
    // Every upload is in the audit log under the admin who sent it, with its counts only.
    let audited = db
        .query(
            "SELECT actor, action, target, details::text FROM audit_log \
             WHERE action LIKE 'import.%' ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(audited.len(), 4);
    let actor: String = audited[0].get(0);
    assert!(actor.starts_with("admin:"), "{actor}");
    assert_eq!(audited[0].get::<_, String>(1), "import.addresses");
    assert_eq!(audited[0].get::<_, String>(2), "city-feed");
    let details: String = audited[0].get(3);
    assert!(details.contains("\"rejected\": 3"), "{details}");
    assert!(!details.contains(SECRET_LINE1));
}

#[tokio::test]
async fn only_platform_admins_upload_and_wrong_bodies_are_refused_with_codes() {
    let app = TestApp::spawn_with(|settings| settings.max_reference_list_bytes = 1024).await;
    let admin = app.admin_token().await;
    let tenant = app.create_tenant("Reference Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    let path = "/admin/v1/reference-lists/tor";
    for token in [&owner.token, &tenant.api_key] {
        let response = upload(&app, token, path, "text/csv", "185.220.101.0/24\n").await;
        assert_eq!(response.status(), 403);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "forbidden");
    }

    let big = "185.220.101.0/24\n".repeat(100);
    let response = upload(&app, &admin, path, "text/csv", big).await;
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");

    let response = upload(&app, &admin, path, "application/json", "[]").await;
    assert_eq!(response.status(), 415);
    let response = upload(
        &app,
        &admin,
        "/admin/v1/reference-lists/phones",
        "text/csv",
        "x\n",
    )
    .await;
    assert_eq!(response.status(), 404);
    let response = upload(
        &app,
        &admin,
        "/admin/v1/reference-lists/card_bins",
        "text/csv",
        "bin,colour\n455673,red\n",
    )
    .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(body["error"]["fields"][0]["field"], "header");
    assert!(!body.to_string().contains("colour"));

    let db = owner_db(&app).await;
    let rows: i64 = db
        .query_one("SELECT count(*) FROM ip_reputation", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 0);
}
