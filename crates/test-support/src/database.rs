//! A fresh database per test, cloned from a template that holds the current migrations.

use std::fs::File;
use std::path::Path;

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use sekisho_store::migrate;
use sha2::{Digest, Sha256};

use crate::cluster::{cluster_dir, shared_cluster};

/// The application login role's password in the test cluster (it is not a secret: the cluster
/// listens on loopback only and lives as long as the test run's temp directory).
const APP_PASSWORD: &str = "sekisho-test-app";

pub struct TestDatabase {
    pub name: String,
    /// The owner (superuser): migrations and raw checks.
    pub owner_url: String,
    /// The application's login role, as `sekisho serve` would connect.
    pub app_url: String,
    /// Where the database is dropped from afterwards (the cluster's maintenance database).
    maintenance_url: String,
}

impl std::fmt::Debug for TestDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDatabase")
            .field("name", &self.name)
            .finish()
    }
}

/// A digest of every migration file, so that a changed migration gets a new template.
fn migrations_digest() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files: Vec<_> = walk(&dir);
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&file).unwrap_or_default());
    }
    hex::encode(&hasher.finalize()[..6])
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

async fn ensure_template() -> String {
    let cluster = shared_cluster();
    let template = format!("sekisho_template_{}", migrations_digest());
    let lock_path = cluster_dir().join("template.lock");
    let lock = File::create(&lock_path).expect("template lock");
    // Blocking is fine: at most one test process per template builds it, the others wait.
    lock.lock().expect("locking the template");
    let mut admin = AsyncPgConnection::establish(&cluster.superuser_url("postgres"))
        .await
        .expect("connect to the test cluster");
    let exists = database_exists(&mut admin, &template).await;
    if !exists {
        let building = format!("{template}_building");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
            .await
            .expect("drop a half-built template");
        admin
            .batch_execute(&format!("CREATE DATABASE {building}"))
            .await
            .expect("create the template");
        let url = cluster.superuser_url(&building);
        migrate::run_pending(&url)
            .await
            .expect("migrate the template");
        migrate::ensure_app_login(&url, APP_PASSWORD)
            .await
            .expect("application login role");
        admin
            .batch_execute(&format!(
                "ALTER DATABASE {building} RENAME TO {template}; \
                 ALTER DATABASE {template} WITH IS_TEMPLATE true"
            ))
            .await
            .expect("publish the template");
    }
    drop(lock);
    template
}

async fn database_exists(conn: &mut AsyncPgConnection, name: &str) -> bool {
    use diesel::sql_types::{Bool, Text};
    #[derive(diesel::QueryableByName)]
    struct Found {
        #[diesel(sql_type = Bool)]
        found: bool,
    }
    use diesel_async::RunQueryDsl;
    let found: Found =
        diesel::sql_query("SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1) AS found")
            .bind::<Text, _>(name)
            .get_result(conn)
            .await
            .expect("query pg_database");
    found.found
}

impl TestDatabase {
    /// A new, migrated, empty database of its own.
    pub async fn create() -> TestDatabase {
        let template = ensure_template().await;
        let cluster = shared_cluster();
        let name = format!("sekisho_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = AsyncPgConnection::establish(&cluster.superuser_url("postgres"))
            .await
            .expect("connect to the test cluster");
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"
            ))
            .await
            .expect("clone the template");
        TestDatabase {
            maintenance_url: cluster.superuser_url("postgres"),
            owner_url: cluster.superuser_url(&name),
            app_url: format!(
                "postgres://{}:{APP_PASSWORD}@127.0.0.1:{}/{name}",
                migrate::APP_LOGIN_ROLE,
                cluster.port()
            ),
            name,
        }
    }

    /// A migrated database in a cluster of the test's own (fault and TLS tests, which must not
    /// disturb the shared cluster); `url_suffix` is appended to both URLs (e.g. `?sslmode=...`).
    pub async fn in_cluster(
        cluster: &sekisho_embedded_pg::Cluster,
        url_suffix: &str,
    ) -> TestDatabase {
        let name = format!("sekisho_test_{}", uuid::Uuid::new_v4().simple());
        migrate::ensure_database(&cluster.superuser_url("postgres"), &name)
            .await
            .expect("create the database");
        let owner_url = format!("{}{url_suffix}", cluster.superuser_url(&name));
        migrate::run_pending(&owner_url).await.expect("migrate");
        migrate::ensure_app_login(&owner_url, APP_PASSWORD)
            .await
            .expect("application login role");
        TestDatabase {
            maintenance_url: cluster.superuser_url("postgres"),
            app_url: format!(
                "postgres://{}:{APP_PASSWORD}@127.0.0.1:{}/{name}{url_suffix}",
                migrate::APP_LOGIN_ROLE,
                cluster.port()
            ),
            owner_url,
            name,
        }
    }

    /// A raw connection as the owner (bypasses row-level security).
    pub async fn owner_connection(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.owner_url)
            .await
            .expect("owner connection")
    }

    /// A raw connection acting as the application role, like the pool's.
    pub async fn app_connection(&self) -> AsyncPgConnection {
        let mut conn = AsyncPgConnection::establish(&self.app_url)
            .await
            .expect("application connection");
        conn.batch_execute("SET ROLE sekisho_app")
            .await
            .expect("set role");
        conn
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        let url = self.maintenance_url.clone();
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut conn = AsyncPgConnection::establish(&url).await.ok()?;
                conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("test database {} was not dropped", self.name);
        }
    }
}
