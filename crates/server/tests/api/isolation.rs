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
    tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(&mut conn, a.id, async |conn| {
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
    let refused = tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(&mut conn, a.id, async |conn| {
            diesel::sql_query(
                "INSERT INTO users (tenant_id, id, email, password_hash, role) VALUES ($1::uuid, gen_random_uuid(), 'evil@x.test', 'x', 'owner')",
            )
            .bind::<Text, _>(&b_id)
            .execute(conn)
            .await
            .map_err(sekisho_store::StoreError::from)
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

#[derive(diesel::QueryableByName)]
struct TableName {
    #[diesel(sql_type = Text)]
    name: String,
}

#[tokio::test]
async fn every_table_with_a_tenant_id_has_forced_row_level_security() {
    let database = sekisho_test_support::TestDatabase::create().await;
    let mut conn = database.owner_connection().await;
    let tenant_tables: Vec<TableName> = diesel::sql_query(
        "SELECT c.relname AS name FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
    )
    .load(&mut conn)
    .await
    .unwrap();
    // The query must find the tables at all, or the check below proves nothing.
    let names: Vec<&str> = tenant_tables.iter().map(|t| t.name.as_str()).collect();
    for expected in [
        "orders",
        "users",
        "api_keys",
        "fraud_reports",
        "webhook_deliveries",
    ] {
        assert!(names.contains(&expected), "{expected} not among {names:?}");
    }
    let unforced: Vec<TableName> = diesel::sql_query(
        "SELECT c.relname AS name FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') \
           AND NOT (c.relrowsecurity AND c.relforcerowsecurity) ORDER BY 1",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let unforced: Vec<&str> = unforced.iter().map(|t| t.name.as_str()).collect();
    assert!(
        unforced.is_empty(),
        "tables with tenant_id but without FORCE ROW LEVEL SECURITY: {unforced:?}"
    );
}

#[tokio::test]
async fn a_platform_step_inside_a_tenant_transaction_closes_its_scope_for_later_statements() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Scope A").await;
    let b = app.create_tenant("Scope B").await;
    app.create_staff(&b, Role::Analyst).await;
    let b_users = format!(
        "SELECT count(*) AS n FROM users WHERE tenant_id = '{}'",
        b.id
    );
    let b_id = b.id.to_string();
    let (inside, after, written) = tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(
        &app.pool,
        a.id,
        async |conn| {
            let inside = tenancy::platform_within::<_, sekisho_store::StoreError, _>(
                conn,
                async |conn| Ok(count(conn, &b_users).await),
            )
            .await?;
            let after = count(conn, &b_users).await;
            // A write for another tenant after the platform step is refused by the policy (in a
            // savepoint of its own, so that the transaction can go on and commit).
            let written = conn
                .transaction::<_, diesel::result::Error, _>(async |conn| {
                    diesel::sql_query(
                        "INSERT INTO users (tenant_id, id, email, password_hash, role) VALUES ($1::uuid, gen_random_uuid(), 'late@x.test', 'x', 'owner')",
                    )
                    .bind::<Text, _>(&b_id)
                    .execute(conn)
                    .await
                })
                .await;
            Ok((inside, after, written.map_err(|e| e.to_string())))
        },
    )
    .await
    .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(inside, 1, "the platform step sees the other tenant's user");
    assert_eq!(after, 0, "after it, the tenant guard is back");
    let message = written.unwrap_err();
    assert!(message.contains("row-level security"), "{message}");
}

async fn plan_cache_mode(conn: &mut diesel_async::AsyncPgConnection) -> String {
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = Text)]
        mode: String,
    }
    diesel::sql_query("SELECT current_setting('plan_cache_mode') AS mode")
        .get_result::<Setting>(conn)
        .await
        .unwrap()
        .mode
}

#[tokio::test]
async fn the_scoring_scopes_plan_generically_only_inside_their_own_transaction() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Plans A").await;
    app.create_tenant("Plans B").await;
    let mut conn = app.database.app_connection().await;

    let (mode, keys) = tenancy::in_tenant_hot::<_, sekisho_store::StoreError, _, _>(
        &mut conn,
        a.id,
        async |conn| {
            Ok((
                plan_cache_mode(conn).await,
                count(conn, "SELECT count(*) AS n FROM api_keys").await,
            ))
        },
    )
    .await
    .unwrap();
    assert_eq!(mode, "force_generic_plan");
    assert_eq!(keys, 1, "the hot scope is still the one tenant's");
    // Transaction-local: the next borrower of the connection plans as PostgreSQL chooses.
    assert_eq!(plan_cache_mode(&mut conn).await, "auto");

    let mode =
        tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(&mut conn, a.id, async |conn| {
            Ok(plan_cache_mode(conn).await)
        })
        .await
        .unwrap();
    assert_eq!(
        mode, "auto",
        "flows with optional filters keep custom plans"
    );

    let (mode, tenants) =
        tenancy::in_platform_hot::<_, sekisho_store::StoreError, _, _>(&mut conn, async |conn| {
            Ok((
                plan_cache_mode(conn).await,
                count(conn, "SELECT count(*) AS n FROM tenants").await,
            ))
        })
        .await
        .unwrap();
    assert_eq!(mode, "force_generic_plan");
    assert!(
        tenants >= 2,
        "the platform scope sees every tenant: {tenants}"
    );
    assert_eq!(plan_cache_mode(&mut conn).await, "auto");
}
