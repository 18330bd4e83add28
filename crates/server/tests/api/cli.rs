//! The `sekisho` binary itself: admin commands against a database, the OpenAPI check, and the
//! embedded-PostgreSQL mode of `serve` with graceful shutdown.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sekisho_test_support::{TestApp, TestDatabase};
use serde_json::Value;

const BINARY: &str = env!("CARGO_BIN_EXE_sekisho");

pub(crate) fn sekisho(args: &[&str]) -> Command {
    let mut command = Command::new(BINARY);
    command.args(args).env("RUST_LOG", "warn");
    for (name, _) in std::env::vars() {
        if name.starts_with("SEKISHO_") {
            command.env_remove(name);
        }
    }
    command
}

#[tokio::test]
async fn admin_create_tenant_prints_a_working_key_as_json() {
    let database = TestDatabase::create().await;
    let output = sekisho(&[
        "admin",
        "create-tenant",
        "--name",
        "CLI Shop",
        "--owner-email",
        "owner@cli-shop.test",
        "--owner-password",
        "long enough pw",
    ])
    .env("SEKISHO_DATABASE_URL", &database.app_url)
    .env("SEKISHO_MIGRATION_DATABASE_URL", &database.owner_url)
    .output()
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let key = created["api_key"]["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("sk_live_"));
    assert_eq!(created["owner"]["role"], "owner");

    let app = TestApp::spawn_on(database, |_| {}).await;
    let me: Value = app.get("/v1/me", &key).await.json().await.unwrap();
    assert_eq!(me["tenant_name"], "CLI Shop");
    assert_eq!(
        app.login("owner@cli-shop.test", "long enough pw")
            .await
            .status(),
        200
    );
}

/// The versions of the repository's migrations, oldest first (as diesel records them).
fn migration_versions() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut versions: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let version = name.split('_').next()?.replace('-', "");
            version
                .chars()
                .all(|c| c.is_ascii_digit())
                .then_some(version)
        })
        .collect();
    versions.sort();
    versions
}

async fn newest_applied(database: &TestDatabase) -> String {
    use diesel::QueryableByName;
    use diesel_async::RunQueryDsl;
    #[derive(QueryableByName)]
    struct Newest {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    let mut conn = database.owner_connection().await;
    diesel::sql_query("SELECT max(version) AS version FROM __diesel_schema_migrations")
        .get_result::<Newest>(&mut conn)
        .await
        .unwrap()
        .version
}

fn migrate(database: &TestDatabase, args: &[&str]) -> std::process::Output {
    sekisho(&[&["migrate"], args].concat())
        .env("SEKISHO_DATABASE_URL", &database.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &database.owner_url)
        .output()
        .unwrap()
}

#[tokio::test]
async fn migrate_revert_after_rolls_the_schema_back_to_a_release_and_forward_again() {
    let database = TestDatabase::create().await;
    let versions = migration_versions();
    let (newest, previous) = (&versions[versions.len() - 1], &versions[versions.len() - 2]);
    assert_eq!(&newest_applied(&database).await, newest);

    let mistyped = migrate(&database, &["--revert-after", "2026"]);
    assert!(!mistyped.status.success(), "an unknown version is refused");
    assert_eq!(
        &newest_applied(&database).await,
        newest,
        "and reverts nothing"
    );

    let reverted = migrate(&database, &["--revert-after", previous]);
    assert!(
        reverted.status.success(),
        "{}",
        String::from_utf8_lossy(&reverted.stderr)
    );
    let summary: Value = serde_json::from_slice(&reverted.stdout).expect("JSON on stdout");
    assert_eq!(summary["reverted"], 1);
    assert_eq!(&newest_applied(&database).await, previous);

    let migrated = migrate(&database, &[]);
    assert!(migrated.status.success());
    assert_eq!(&newest_applied(&database).await, newest);
}

#[test]
fn the_openapi_subcommand_agrees_with_the_committed_document() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let output = sekisho(&["openapi", "--check"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    base: String,
}

fn start_embedded(data_dir: &Path) -> Server {
    let port = free_port();
    let child = sekisho(&["serve"])
        .env("SEKISHO_DATA_DIR", data_dir)
        .env("SEKISHO_LISTEN", format!("127.0.0.1:{port}"))
        .env("SEKISHO_ADMIN_EMAIL", "ops@sekisho.test")
        .env("SEKISHO_ADMIN_PASSWORD", "long enough pw")
        .env("SEKISHO_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

async fn wait_ready(server: &mut Server) {
    let started = Instant::now();
    loop {
        let ready = reqwest::get(format!("{}/readyz", server.base)).await;
        if ready.is_ok_and(|response| response.status() == 200) {
            return;
        }
        if let Some(status) = server.child.try_wait().unwrap() {
            panic!("sekisho serve exited early: {status}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "sekisho serve never became ready"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// SIGTERM, then the exit status and the log lines (each must be JSON).
fn terminate(mut server: Server) -> (std::process::ExitStatus, Vec<Value>) {
    let pid = nix_pid(&server.child);
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let status = server.child.wait().unwrap();
    let stderr = server.child.stderr.take().unwrap();
    let lines = BufReader::new(stderr)
        .lines()
        .map(|line| {
            let line = line.unwrap();
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("log line is not JSON: {line}"))
        })
        .collect();
    (status, lines)
}

fn nix_pid(child: &Child) -> String {
    child.id().to_string()
}

async fn admin_login(base: &str) -> reqwest::StatusCode {
    reqwest::Client::new()
        .post(format!("{base}/v1/auth/login"))
        .json(&serde_json::json!({ "email": "ops@sekisho.test", "password": "long enough pw" }))
        .send()
        .await
        .unwrap()
        .status()
}

fn messages(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l["message"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn serve_runs_its_own_postgres_reuses_it_and_shuts_down_cleanly() {
    let data_dir = std::env::temp_dir().join(format!(
        "sekisho-embedded-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let mut server = start_embedded(&data_dir);
    wait_ready(&mut server).await;
    assert_eq!(admin_login(&server.base).await, 200);
    let (status, lines) = terminate(server);
    assert!(status.success(), "exit status {status}");
    let said = messages(&lines);
    for expected in [
        "embedded PostgreSQL cluster initialised",
        "HTTP server stopped",
        "embedded PostgreSQL stopped",
    ] {
        assert!(
            said.iter().any(|m| m == expected),
            "missing `{expected}` in {said:?}"
        );
    }
    assert!(
        !data_dir.join("postgres/pgdata/postmaster.pid").exists(),
        "PostgreSQL still running"
    );

    // Second start: the same cluster and data, no new initdb.
    let mut server = start_embedded(&data_dir);
    wait_ready(&mut server).await;
    assert_eq!(admin_login(&server.base).await, 200);
    let (status, lines) = terminate(server);
    assert!(status.success());
    assert!(
        !messages(&lines)
            .iter()
            .any(|m| m == "embedded PostgreSQL cluster initialised")
    );
    std::fs::remove_dir_all(&data_dir).ok();
}
