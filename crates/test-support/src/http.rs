//! The real application on a real port, with helpers that onboard tenants and staff the way an
//! operator would: through the admin API.

use actix_web::dev::ServerHandle;
use argon2::{Argon2, PasswordHasher};
use sekisho_api::{ApiSettings, AppState};
use sekisho_domain::Role;
use sekisho_domain::identifiers::ConsortiumKey;
use sekisho_store::platform_admins::PlatformAdmin;
use sekisho_store::{PoolOptions, pool, tenancy};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::database::TestDatabase;

pub const TEST_JWT_SECRET: &[u8] = b"sekisho-test-secret-0123456789abcdef";
/// The consortium key of test apps; `TEST_CONSORTIUM_KEY_HEX` is the same for the binary's env.
pub const TEST_CONSORTIUM_KEY: &[u8] = b"sekisho test consortium key 0123";
pub const TEST_CONSORTIUM_KEY_HEX: &str =
    "73656b6973686f207465737420636f6e736f727469756d206b65792030313233";
/// The customer data key of test apps; `TEST_CUSTOMER_DATA_KEY_HEX` is the same for the binary.
pub const TEST_CUSTOMER_DATA_KEY: &[u8] = b"sekisho test customer data key 0";
pub const TEST_CUSTOMER_DATA_KEY_HEX: &str =
    "73656b6973686f207465737420637573746f6d65722064617461206b65792030";
pub const ADMIN_EMAIL: &str = "admin@sekisho.test";
pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    pub database: TestDatabase,
    pub client: reqwest::Client,
    pub settings: ApiSettings,
    pub pool: sekisho_store::Pool,
    server: ServerHandle,
    /// Sends webhook deliveries, like `sekisho serve`'s; stopped on drop.
    webhooks: Option<sekisho_outbound::webhooks::Dispatcher>,
    /// Keeps the app's caches in step with the database, like `sekisho serve`'s; stopped on drop.
    cache_listener: Option<sekisho_service::caches::Listener>,
    consortium_listener: Option<sekisho_service::consortium_filter::Listener>,
    /// The app's consortium filter (built and listening before the app is handed out).
    pub consortium_filter: std::sync::Arc<sekisho_service::consortium_filter::ConsortiumFilter>,
    pub caches: std::sync::Arc<sekisho_service::caches::Caches>,
}

/// A tenant made through the admin API, with its first API key.
#[derive(Debug, Clone)]
pub struct TestTenant {
    pub id: Uuid,
    pub api_key: String,
    pub api_key_id: Uuid,
}

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: Uuid,
    pub email: String,
    pub token: String,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Spawns with adjusted settings (e.g. tighter rate limits).
    pub async fn spawn_with(adjust: impl FnOnce(&mut ApiSettings)) -> TestApp {
        let database = TestDatabase::create().await;
        Self::spawn_on(database, adjust).await
    }

    pub async fn spawn_on(
        database: TestDatabase,
        adjust: impl FnOnce(&mut ApiSettings),
    ) -> TestApp {
        Self::spawn_with_pool(database, &PoolOptions::default(), adjust).await
    }

    /// Spawns on `database` with read-only work (analytics, backtests) sent to `read_url`, as
    /// `SEKISHO_READ_DATABASE_URL` does with a standby.
    pub async fn spawn_with_read_database(database: TestDatabase, read_url: &str) -> TestApp {
        let read_pool = pool::connect(read_url, &PoolOptions::default()).expect("read pool");
        Self::spawn_inner(database, &PoolOptions::default(), Some(read_pool), |_| {}).await
    }

    /// Spawns on `database` with the pool's limits given (timeouts for fault tests).
    pub async fn spawn_with_pool(
        database: TestDatabase,
        pool_options: &PoolOptions,
        adjust: impl FnOnce(&mut ApiSettings),
    ) -> TestApp {
        Self::spawn_inner(database, pool_options, None, adjust).await
    }

    async fn spawn_inner(
        database: TestDatabase,
        pool_options: &PoolOptions,
        read_pool: Option<sekisho_store::Pool>,
        adjust: impl FnOnce(&mut ApiSettings),
    ) -> TestApp {
        let key = ConsortiumKey::from_bytes(TEST_CONSORTIUM_KEY).expect("consortium key");
        let mut settings = ApiSettings::new(TEST_JWT_SECRET.to_vec(), key);
        settings.customer_data_key = Some(std::sync::Arc::new(
            sekisho_domain::customer_data::CustomerDataKey::from_bytes(TEST_CUSTOMER_DATA_KEY)
                .expect("customer data key"),
        ));
        // Tests log in many times from one address; the limiter has its own tests.
        settings.login_per_ip_per_minute = 10_000;
        settings.login_per_account_per_minute = 1_000;
        settings.login_per_account_and_ip_per_minute = 1_000;
        adjust(&mut settings);
        let pool = pool::connect(&database.app_url, pool_options).expect("pool");
        let mut state = AppState::new(pool.clone(), settings.clone()).expect("state");
        if let Some(read_pool) = read_pool {
            state = state.with_read_pool(read_pool);
        }
        let webhooks = sekisho_outbound::webhooks::Dispatcher::start(
            pool.clone(),
            &settings.webhooks,
            settings.allow_insecure_webhooks,
        )
        .expect("webhooks");
        let caches = state.caches.clone();
        let cache_listener =
            sekisho_service::caches::Listener::start(&database.app_url, caches.clone())
                .expect("cache listener");
        let consortium_filter = state.consortium_filter.clone();
        let consortium_listener = sekisho_service::consortium_filter::Listener::start(
            &database.app_url,
            consortium_filter.clone(),
        )
        .expect("consortium filter listener");
        let started = std::time::Instant::now();
        while !caches.is_listening() || !consortium_filter.is_ready() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "the cache listener did not connect"
            );
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let server = actix_web::HttpServer::new(move || sekisho_api::app(state.clone()))
            .workers(1)
            .disable_signals()
            .bind("127.0.0.1:0")
            .expect("bind");
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        let app = TestApp {
            address: format!("http://127.0.0.1:{port}"),
            database,
            client: reqwest::Client::new(),
            settings,
            pool,
            server: handle,
            webhooks: Some(webhooks),
            cache_listener: Some(cache_listener),
            consortium_listener: Some(consortium_listener),
            consortium_filter,
            caches,
        };
        app.seed_admin().await;
        sekisho_service::consortium::seed_warninglist(&app.pool, &app.settings.consortium.key)
            .await
            .expect("seed the warninglist");
        app
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    async fn seed_admin(&self) {
        let hash = Argon2::default()
            .hash_password(PASSWORD.as_bytes())
            .expect("hash")
            .to_string();
        let mut conn = pool::get(&self.pool).await.expect("connection");
        tenancy::in_platform::<_, sekisho_store::StoreError, _, _>(&mut conn, async |conn| {
            PlatformAdmin::upsert(conn, ADMIN_EMAIL, &hash).await?;
            Ok(())
        })
        .await
        .expect("seed the platform admin");
    }

    /// Logs in and returns the whole response.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/v1/auth/login"))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .expect("login request")
    }

    pub async fn admin_token(&self) -> String {
        let response = self.login(ADMIN_EMAIL, PASSWORD).await;
        assert_eq!(response.status(), 200, "admin login");
        let body: Value = response.json().await.expect("json");
        body["access_token"].as_str().expect("token").to_owned()
    }

    pub async fn get(&self, path: &str, bearer: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(bearer)
            .send()
            .await
            .expect("GET")
    }

    pub async fn post(&self, path: &str, bearer: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(bearer)
            .json(body)
            .send()
            .await
            .expect("POST")
    }

    pub async fn delete(&self, path: &str, bearer: &str) -> reqwest::Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(bearer)
            .send()
            .await
            .expect("DELETE")
    }

    /// Onboards a tenant through the admin API and issues its first API key.
    pub async fn create_tenant(&self, name: &str) -> TestTenant {
        let admin = self.admin_token().await;
        let response = self
            .post("/admin/v1/tenants", &admin, &json!({ "name": name }))
            .await;
        assert_eq!(response.status(), 201, "create tenant");
        let tenant: Value = response.json().await.expect("json");
        let id: Uuid = tenant["id"].as_str().expect("id").parse().expect("uuid");
        let response = self
            .post(
                &format!("/admin/v1/tenants/{id}/api-keys"),
                &admin,
                &json!({ "name": "checkout" }),
            )
            .await;
        assert_eq!(response.status(), 201, "issue API key");
        let key: Value = response.json().await.expect("json");
        TestTenant {
            id,
            api_key: key["key"].as_str().expect("key").to_owned(),
            api_key_id: key["id"].as_str().expect("id").parse().expect("uuid"),
        }
    }

    /// Creates a staff member of `role` through the admin API and signs them in.
    pub async fn create_staff(&self, tenant: &TestTenant, role: Role) -> Staff {
        let admin = self.admin_token().await;
        let email = format!("{}-{}@tenant.test", role.as_str(), Uuid::new_v4().simple());
        let response = self
            .post(
                &format!("/admin/v1/tenants/{}/users", tenant.id),
                &admin,
                &json!({ "email": email, "password": PASSWORD, "role": role }),
            )
            .await;
        assert_eq!(response.status(), 201, "create user");
        let user: Value = response.json().await.expect("json");
        let response = self.login(&email, PASSWORD).await;
        assert_eq!(response.status(), 200, "staff login");
        let session: Value = response.json().await.expect("json");
        Staff {
            id: user["id"].as_str().expect("id").parse().expect("uuid"),
            email,
            token: session["access_token"].as_str().expect("token").to_owned(),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Before the pool closes, so that the dispatcher does not report the closed pool.
        drop(self.webhooks.take());
        drop(self.cache_listener.take());
        drop(self.consortium_listener.take());
        self.pool.close();
        // Stopping is asynchronous; the server task ends with the test's runtime in any case.
        drop(self.server.stop(false));
    }
}

/// Reads a JSON error body and returns its code.
pub async fn error_code(response: reqwest::Response) -> String {
    let body: Value = response.json().await.expect("error body is JSON");
    body["error"]["code"]
        .as_str()
        .expect("error.code")
        .to_owned()
}
