use diesel::sql_types::{Bool, Int8, Text};
use diesel_async::{AsyncConnection, RunQueryDsl, SimpleAsyncConnection};
use sekisho_domain::Role;
use sekisho_store::tenancy;
use sekisho_test_support::{TestApp, error_code};
use serde_json::{Value, json};

#[tokio::test]
async fn one_tenant_never_reads_or_changes_another_tenants_keys_or_users() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Tenant A").await;
    let b = app.create_tenant("Tenant B").await;
    let a_owner = app.create_staff(&a, Role::Owner).await;
    let b_owner = app.create_staff(&b, Role::Owner).await;
    app.create_staff(&a, Role::Reviewer).await;

    let b_keys: Value = app
        .get("/v1/api-keys", &b_owner.token)
        .await
        .json()
        .await
        .unwrap();
    let b_keys = b_keys.as_array().unwrap();
    assert_eq!(b_keys.len(), 1);
    assert_eq!(b_keys[0]["id"], b.api_key_id.to_string());

    let b_users: Value = app
        .get("/v1/users", &b_owner.token)
        .await
        .json()
        .await
        .unwrap();
    let emails: Vec<&str> = b_users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, vec![b_owner.email.as_str()]);

    // B cannot revoke A's key: to B it does not exist.
    let response = app
        .delete(&format!("/v1/api-keys/{}", a.api_key_id), &b_owner.token)
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(error_code(response).await, "not_found");
    assert_eq!(
        app.get("/v1/me", &a.api_key).await.status(),
        200,
        "A's key still works"
    );

    // A's key speaks for A only, and cannot manage keys at all.
    let me: Value = app.get("/v1/me", &a.api_key).await.json().await.unwrap();
    assert_eq!(me["tenant_id"], a.id.to_string());
    assert_eq!(app.get("/v1/api-keys", &a.api_key).await.status(), 403);
    assert_eq!(
        app.post(
            "/v1/users",
            &a.api_key,
            &json!({"email": "x@y.test", "password": "long enough pw", "role": "owner"})
        )
        .await
        .status(),
        403
    );

    // Each owner creates keys in their own tenant only.
    let created: Value = app
        .post("/v1/api-keys", &a_owner.token, &json!({"name": "a2"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["tenant_id"], a.id.to_string());
    let b_keys: Value = app
        .get("/v1/api-keys", &b_owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(b_keys.as_array().unwrap().len(), 1);
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    n: i64,
}

async fn count(conn: &mut diesel_async::AsyncPgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

#[tokio::test]
async fn the_application_role_cannot_read_other_tenants_rows_even_with_raw_sql() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Raw A").await;
    let b = app.create_tenant("Raw B").await;
    app.create_staff(&b, Role::Analyst).await;

    let mut conn = app.database.app_connection().await;
    #[derive(diesel::QueryableByName)]
    struct Powers {
        #[diesel(sql_type = Bool)]
        rolsuper: bool,
        #[diesel(sql_type = Bool)]
        rolbypassrls: bool,
    }
    let powers: Powers = diesel::sql_query(
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert!(!powers.rolsuper && !powers.rolbypassrls);

    // No tenant set: nothing at all.
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM api_keys").await,
        0
    );
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM users").await, 0);
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM tenants").await,
        0
    );

    let b_id = b.id.to_string();
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        tenancy::set_tenant(conn, a.id).await?;
        assert_eq!(count(conn, "SELECT count(*) AS n FROM api_keys").await, 1);
        assert_eq!(count(conn, "SELECT count(*) AS n FROM tenants").await, 1);
        let sql = format!("SELECT count(*) AS n FROM api_keys WHERE tenant_id = '{b_id}'");
        assert_eq!(count(conn, &sql).await, 0, "B's keys are invisible under A");
        assert_eq!(
            count(
                conn,
                &format!("SELECT count(*) AS n FROM users WHERE tenant_id = '{b_id}'")
            )
            .await,
            0
        );
        let touched = diesel::sql_query(format!(
            "UPDATE api_keys SET name = 'stolen' WHERE tenant_id = '{b_id}'"
        ))
        .execute(conn)
        .await?;
        assert_eq!(touched, 0, "B's keys cannot be changed under A");
        let deleted = diesel::sql_query(format!("DELETE FROM users WHERE tenant_id = '{b_id}'"))
            .execute(conn)
            .await?;
        assert_eq!(deleted, 0);
        Ok(())
    })
    .await
    .unwrap();

    // Writing a row for B while acting as A is refused by the policy.
    let refused = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            tenancy::set_tenant(conn, a.id).await?;
            diesel::sql_query(
                "INSERT INTO users (tenant_id, id, email, password_hash, role) VALUES ($1::uuid, gen_random_uuid(), 'evil@x.test', 'x', 'owner')",
            )
            .bind::<Text, _>(&b_id)
            .execute(conn)
            .await
        })
        .await;
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("row-level security"), "{message}");

    // The tenant setting ends with its transaction: the pooled connection is clean again.
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM api_keys").await,
        0
    );
    // And the application role cannot switch RLS off.
    let attempt = conn
        .batch_execute("ALTER TABLE api_keys DISABLE ROW LEVEL SECURITY")
        .await;
    assert!(attempt.is_err());
}
