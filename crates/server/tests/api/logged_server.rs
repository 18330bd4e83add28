//! `sekisho serve` as a separate process on a fresh database, with its stderr at trace level
//! in a file: for the tests that search everything the server logged (privacy, redaction).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sekisho_test_support::{TEST_CONSORTIUM_KEY_HEX, TestDatabase};
use serde_json::Value;

use crate::cli::{free_port, sekisho};

pub struct LoggedServer {
    pub base: String,
    /// The tenant's API key, made by `sekisho admin create-tenant`.
    pub api_key: String,
    /// Kept for the server's lifetime; its owner URL lets a test dump what was stored.
    pub database: TestDatabase,
    process: Child,
    log_path: PathBuf,
}

impl LoggedServer {
    /// A tenant made with `create_tenant_args` (after `admin create-tenant`), then the server.
    pub async fn start(create_tenant_args: &[&str]) -> LoggedServer {
        let database = TestDatabase::create().await;
        let db_env = |command: &mut Command| {
            command
                .env("SEKISHO_DATABASE_URL", &database.app_url)
                .env("SEKISHO_MIGRATION_DATABASE_URL", &database.owner_url)
                .env(
                    "SEKISHO_JWT_SECRET",
                    "logged-server-test-jwt-secret-0123456789abcdef",
                )
                .env("SEKISHO_CONSORTIUM_KEY", TEST_CONSORTIUM_KEY_HEX)
                .env(
                    "SEKISHO_CUSTOMER_DATA_KEY",
                    sekisho_test_support::TEST_CUSTOMER_DATA_KEY_HEX,
                );
        };
        let mut args = vec!["admin", "create-tenant"];
        args.extend_from_slice(create_tenant_args);
        let mut create = sekisho(&args);
        db_env(&mut create);
        let created: Value = serde_json::from_slice(&create.output().unwrap().stdout).unwrap();
        let api_key = created["api_key"]["key"].as_str().unwrap().to_owned();
        let port = free_port();
        let log_path = std::env::temp_dir().join(format!(
            "sekisho-logged-{}.log",
            uuid::Uuid::new_v4().simple()
        ));
        let mut serve = sekisho(&["serve"]);
        db_env(&mut serve);
        let mut process = serve
            .env("SEKISHO_LISTEN", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "trace")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while reqwest::get(format!("{base}/readyz"))
            .await
            .map(|r| r.status() != 200)
            .unwrap_or(true)
        {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "server did not start"
            );
            assert!(process.try_wait().unwrap().is_none(), "server exited");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        LoggedServer {
            base,
            api_key,
            database,
            process,
            log_path,
        }
    }

    /// Stops the server and returns everything it logged.
    pub fn stop(&mut self) -> String {
        Command::new("kill")
            .args(["-TERM", &self.process.id().to_string()])
            .status()
            .unwrap();
        self.process.wait().unwrap();
        let logs = std::fs::read_to_string(&self.log_path).unwrap();
        std::fs::remove_file(&self.log_path).ok();
        logs
    }
}
