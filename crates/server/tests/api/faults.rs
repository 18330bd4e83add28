//! Fault injection: PostgreSQL killed (SIGKILL) and frozen (SIGSTOP) under load, on a private
//! durable cluster of the test's own (never the shared test cluster), with the real `sekisho
//! serve` binary. While the database is gone, requests fail fast with 503 and `/readyz` says 503;
//! when it returns, the service resumes by itself; and every write the load loop saw
//! acknowledged (orders, fraud reports, payment attempts, outcomes) is in the database afterwards.
//! Then the privacy proof over what was sent: the server's log, PostgreSQL's log and a pg_dump
//! hold none of the card numbers, emails and phones.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::sql_types::Int8;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use sekisho_embedded_pg::{Cluster, ClusterOptions};
use sekisho_store::migrate;
use sekisho_test_support::TEST_CONSORTIUM_KEY_HEX;
use serde_json::{Value, json};

use crate::cli::{free_port, sekisho};

/// The request deadline the server is given (helper settings of the hardening work:
/// `SEKISHO_REQUEST_TIMEOUT_MS`, `SEKISHO_DB_STATEMENT_TIMEOUT_MS`, `SEKISHO_POOL_TIMEOUT_MS`,
/// `SEKISHO_DB_CONNECT_TIMEOUT_MS`).
const DEADLINE: Duration = Duration::from_millis(2_000);
/// What a failing request may take beyond the deadline (scheduling on a busy 2-core machine).
const SLACK: Duration = Duration::from_millis(1_500);
/// The load loop's client gives up after this: a request that hangs is a failure, not a wait.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(15);
const WORKERS: usize = 4;
const MAX_REQUESTS_PER_WORKER: usize = 3_000;

const CARD: &str = "4539578763621486";
const EMAIL: &str = "fault.proof.5521@example-mail.jp";
const PHONE: &str = "090-5521-0147";

fn is_root() -> bool {
    std::os::unix::fs::MetadataExt::uid(&std::fs::metadata("/proc/self").unwrap()) == 0
}

/// A durable cluster of this test's own, in a temporary directory removed afterwards.
struct PrivateCluster {
    cluster: Option<Cluster>,
    dir: PathBuf,
    port: u16,
    pgdata: PathBuf,
    /// Processes stopped with SIGSTOP, continued on drop whatever happened.
    frozen: Mutex<Vec<u32>>,
}

impl PrivateCluster {
    fn start() -> PrivateCluster {
        let dir =
            std::env::temp_dir().join(format!("sekisho-faults-{}", uuid::Uuid::new_v4().simple()));
        let cluster = Cluster::start(&ClusterOptions {
            dir: dir.clone(),
            bin_dir: std::env::var_os("SEKISHO_PG_BIN_DIR").map(PathBuf::from),
            // fsync and synchronous commit on: an acknowledged commit must survive SIGKILL.
            durable: true,
            stop_on_drop: true,
        })
        .expect("a private cluster");
        PrivateCluster {
            port: cluster.port(),
            pgdata: cluster.data_directory().to_path_buf(),
            cluster: Some(cluster),
            dir,
            frozen: Mutex::new(Vec::new()),
        }
    }

    fn superuser_url(&self, database: &str) -> String {
        self.cluster.as_ref().unwrap().superuser_url(database)
    }

    /// The postmaster and every process it forked (backends, checkpointer, WAL writer…).
    fn processes(&self) -> Vec<u32> {
        let pid_file = std::fs::read_to_string(self.pgdata.join("postmaster.pid")).unwrap();
        let postmaster: u32 = pid_file.lines().next().unwrap().trim().parse().unwrap();
        let mut pids = vec![postmaster];
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // `pid (comm) state ppid …`; comm may hold spaces, so read after the last ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(postmaster) {
                pids.push(pid);
            }
        }
        pids
    }

    /// Signals the whole cluster. The postmaster is stopped first, so that it forks no backend
    /// between the listing of its children and the signal (PostgreSQL's children each lead a
    /// process group of their own, so a group signal would miss them).
    fn signal_cluster(&self, signal: &str) -> Vec<u32> {
        let postmaster = self.processes()[0];
        Self::signal(&[postmaster], "STOP");
        let pids = self.processes();
        Self::signal(&pids, signal);
        if signal != "STOP" {
            // The postmaster was stopped on the way: SIGKILL ends it anyway; anything else
            // would leave it stopped.
            Self::signal(&[postmaster], "CONT");
        }
        pids
    }

    fn signal(pids: &[u32], signal: &str) {
        let mut command = Command::new("kill");
        command.arg(format!("-{signal}"));
        command.args(pids.iter().map(u32::to_string));
        command.stderr(Stdio::null()).status().unwrap();
    }

    fn kill(&self) -> usize {
        self.signal_cluster("KILL").len()
    }

    fn freeze(&self) -> usize {
        let pids = self.signal_cluster("STOP");
        let count = pids.len();
        self.frozen.lock().unwrap().extend(pids);
        count
    }

    fn thaw(&self) {
        let pids = std::mem::take(&mut *self.frozen.lock().unwrap());
        if !pids.is_empty() {
            Self::signal(&pids, "CONT");
        }
    }

    /// Starts the killed cluster again on the same port (crash recovery replays the WAL).
    fn restart(&self) {
        let bin = sekisho_embedded_pg::locate_binaries(None)
            .unwrap()
            .join("pg_ctl");
        let mut command = if is_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(bin);
            command
        } else {
            Command::new(bin)
        };
        let status = command
            .arg("start")
            .arg("-D")
            .arg(&self.pgdata)
            .arg("-l")
            .arg(self.pgdata.join("server.log"))
            .args(["-w", "-t", "60", "-o", &format!("-p {}", self.port)])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "the cluster did not start again");
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.pgdata.join("server.log")).unwrap_or_default()
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        self.thaw();
        drop(self.cluster.take());
        if std::env::var_os("SEKISHO_FAULTS_KEEP").is_none() {
            std::fs::remove_dir_all(&self.dir).ok();
        }
    }
}

/// `sekisho serve` on the private cluster, stopped on drop.
struct Server {
    child: Child,
    base: String,
    log_path: PathBuf,
    /// An API key of a tenant made with `sekisho admin create-tenant`.
    key: String,
}

impl Server {
    async fn start(cluster: &PrivateCluster) -> Server {
        let owner_url = cluster.superuser_url("sekisho");
        migrate::ensure_database(&cluster.superuser_url("postgres"), "sekisho")
            .await
            .unwrap();
        migrate::run_pending(&owner_url).await.unwrap();
        let password = "fault-test-app-password";
        migrate::ensure_app_login(&owner_url, password)
            .await
            .unwrap();
        let app_url = format!(
            "postgres://{}:{password}@127.0.0.1:{}/sekisho",
            migrate::APP_LOGIN_ROLE,
            cluster.port
        );
        let created = sekisho(&["admin", "create-tenant", "--name", "Fault Shop"])
            .env("SEKISHO_DATABASE_URL", &app_url)
            .env("SEKISHO_MIGRATION_DATABASE_URL", &owner_url)
            .output()
            .unwrap();
        assert!(
            created.status.success(),
            "{}",
            String::from_utf8_lossy(&created.stderr)
        );
        let created: Value = serde_json::from_slice(&created.stdout).unwrap();
        let key = created["api_key"]["key"].as_str().unwrap().to_owned();
        let port = free_port();
        let log_path = cluster.dir.join("sekisho.log");
        let millis = DEADLINE.as_millis().to_string();
        let child = sekisho(&["serve"])
            .env("SEKISHO_DATABASE_URL", &app_url)
            .env("SEKISHO_MIGRATION_DATABASE_URL", &owner_url)
            .env(
                "SEKISHO_JWT_SECRET",
                "fault-test-jwt-secret-0123456789abcdef",
            )
            .env("SEKISHO_CONSORTIUM_KEY", TEST_CONSORTIUM_KEY_HEX)
            .env(
                "SEKISHO_CUSTOMER_DATA_KEY",
                sekisho_test_support::TEST_CUSTOMER_DATA_KEY_HEX,
            )
            .env("SEKISHO_LISTEN", format!("127.0.0.1:{port}"))
            .env("SEKISHO_WORKERS", "2")
            .env("SEKISHO_REPORTS_PER_TENANT_PER_HOUR", "1000000")
            .env("SEKISHO_REQUEST_TIMEOUT_MS", &millis)
            .env("SEKISHO_DB_STATEMENT_TIMEOUT_MS", "1000")
            .env("SEKISHO_POOL_TIMEOUT_MS", "1000")
            .env("SEKISHO_DB_CONNECT_TIMEOUT_MS", "1000")
            // What production logs: the privacy proof reads it afterwards.
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log_path,
            key,
        };
        server.wait_ready(Duration::from_secs(60)).await;
        server
    }

    async fn wait_ready(&mut self, within: Duration) {
        let started = Instant::now();
        while readyz(&self.base).await != 200 {
            assert!(started.elapsed() < within, "not ready within {within:?}");
            assert!(self.child.try_wait().unwrap().is_none(), "server exited");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn stop(&mut self) -> String {
        if self.child.try_wait().unwrap().is_none() {
            Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status()
                .unwrap();
            self.child.wait().unwrap();
        }
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.child.kill().ok();
            self.child.wait().ok();
        }
    }
}

async fn readyz(base: &str) -> u16 {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    match client.get(format!("{base}/readyz")).send().await {
        Ok(response) => response.status().as_u16(),
        Err(_) => 0,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    Order,
    Report,
    Attempt,
    Outcome,
}

/// One request of the load loop: what it was, when, how long it took and what came back
/// (status 0: no answer within the client's timeout, or no connection).
#[derive(Debug, Clone)]
struct Sent {
    write: Write,
    at: Duration,
    took: Duration,
    status: u16,
    /// The id the acknowledgement carried (Sekisho's order id for orders and outcomes).
    id: Option<String>,
}

struct Load {
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<Sent>>>,
    epoch: Instant,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    fn start(base: &str, key: &str) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let epoch = Instant::now();
        let client = reqwest::Client::builder()
            .timeout(CLIENT_TIMEOUT)
            // Below the server's 5 s keep-alive, so that an idle connection the server is
            // closing is never picked for the next request (a client-side race, not a failure).
            .pool_idle_timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let tasks = (0..WORKERS)
            .map(|worker| {
                let (stop, log, client) = (stop.clone(), log.clone(), client.clone());
                let (base, key) = (base.to_owned(), key.to_owned());
                tokio::spawn(async move {
                    let mut acked_orders: Vec<String> = Vec::new();
                    for n in 0..MAX_REQUESTS_PER_WORKER {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let write = match (n % 4, acked_orders.last()) {
                            (0, _) | (3, None) => Write::Order,
                            (1, _) => Write::Report,
                            (2, _) => Write::Attempt,
                            _ => Write::Outcome,
                        };
                        let (path, body) = request(write, worker, n, acked_orders.last());
                        let started = Instant::now();
                        let response = client
                            .post(format!("{base}{path}"))
                            .bearer_auth(&key)
                            .json(&body)
                            .send()
                            .await;
                        let (status, answer) = match response {
                            Ok(response) => {
                                let status = response.status().as_u16();
                                (
                                    status,
                                    response.json::<Value>().await.unwrap_or(Value::Null),
                                )
                            }
                            Err(_) => (0, Value::Null),
                        };
                        let id = match write {
                            Write::Order | Write::Outcome => answer["order_id"]
                                .as_str()
                                .or(answer["order"]["order_id"].as_str()),
                            Write::Report | Write::Attempt => answer["id"].as_str(),
                        }
                        .map(str::to_owned);
                        if write == Write::Order && (200..300).contains(&status) {
                            acked_orders.extend(id.clone());
                        }
                        log.lock().unwrap().push(Sent {
                            write,
                            at: started - epoch,
                            took: started.elapsed(),
                            status,
                            id,
                        });
                        // Bounded rate: failing fast must not become a busy loop.
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                })
            })
            .collect();
        Load {
            stop,
            log,
            epoch,
            tasks,
        }
    }

    fn now(&self) -> Duration {
        self.epoch.elapsed()
    }

    fn between(&self, from: Duration, to: Duration) -> Vec<Sent> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.at >= from && s.at < to)
            .cloned()
            .collect()
    }

    async fn finish(self) -> Vec<Sent> {
        self.stop.store(true, Ordering::Relaxed);
        for task in self.tasks {
            task.await.unwrap();
        }
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

fn request(write: Write, worker: usize, n: usize, order: Option<&String>) -> (String, Value) {
    let customer =
        json!({ "account_id": format!("fault-{worker}"), "email": EMAIL, "phone": PHONE });
    match write {
        Write::Order => (
            "/v1/orders/score".to_owned(),
            json!({ "order_id": format!("F-{worker}-{n}"), "amount": 1000 + n, "currency": "JPY",
                    "payment_method": "card", "customer": customer,
                    "card": { "number": CARD }, "device": { "ip": "203.0.113.50" } }),
        ),
        Write::Report => (
            "/v1/fraud-reports".to_owned(),
            json!({ "category": "chargeback", "amount": 5000 + n, "currency": "JPY",
                    "occurred_at": "2026-11-01T00:00:00Z",
                    "identifiers": { "card": CARD, "email": EMAIL, "phone": PHONE } }),
        ),
        Write::Attempt => (
            "/v1/payments/attempts".to_owned(),
            json!({ "card": { "number": CARD }, "amount": 300 + n, "currency": "JPY",
                    "result": "approved", "ip": "203.0.113.51" }),
        ),
        Write::Outcome => (
            format!(
                "/v1/orders/{}/outcomes",
                order.map_or("none", String::as_str)
            ),
            json!({ "type": "authorization", "result": "approved" }),
        ),
    }
}

/// The load's log from `from` on, once it holds `count` acknowledgements (at most 60 s).
async fn acknowledged_from(load: &Load, from: Duration, count: usize) -> Vec<Sent> {
    let started = Instant::now();
    loop {
        let window = load.between(from, load.now());
        let acked = window
            .iter()
            .filter(|s| (200..300).contains(&s.status))
            .count();
        if acked >= count || started.elapsed() > Duration::from_secs(60) {
            return window;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `/readyz` answers `status`, and says how long it took.
async fn readyz_turns(base: &str, status: u16, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if readyz(base).await == status {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "/readyz did not answer {status} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// During an outage every request is answered, with 503, within `bound`.
fn assert_fails_fast(window: &[Sent], what: &str, bound: Duration) {
    assert!(
        window.len() >= WORKERS,
        "too few requests during the {what}: {}",
        window.len()
    );
    let slow: Vec<_> = window.iter().filter(|s| s.took > bound).collect();
    assert!(
        slow.is_empty(),
        "{} of {} requests took longer than {bound:?} during the {what}: {:?}",
        slow.len(),
        window.len(),
        slow.iter().take(5).collect::<Vec<_>>()
    );
    let wrong: Vec<_> = window
        .iter()
        .filter(|s| s.status != 503 && !(200..300).contains(&s.status))
        .collect();
    assert!(
        wrong.is_empty(),
        "during the {what} requests must get 503 (or succeed), got: {:?}",
        wrong.iter().take(5).collect::<Vec<_>>()
    );
    assert!(
        window.iter().filter(|s| s.status == 503).count() >= WORKERS,
        "the {what} was not noticed: {window:?}"
    );
}

fn assert_resumed(window: &[Sent], what: &str) {
    let ok = window
        .iter()
        .filter(|s| (200..300).contains(&s.status))
        .count();
    let failed: Vec<_> = window
        .iter()
        .filter(|s| !(200..300).contains(&s.status))
        .take(10)
        .collect();
    assert!(
        ok >= 20,
        "only {ok} acknowledged after the {what}: {failed:?}"
    );
    assert!(
        failed.is_empty(),
        "failures after the {what} recovered: {failed:?}"
    );
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// Every acknowledged write is in the database; returns how many were checked.
async fn assert_durable(cluster: &PrivateCluster, log: &[Sent]) -> usize {
    use diesel_async::RunQueryDsl;
    let mut conn = AsyncPgConnection::establish(&cluster.superuser_url("sekisho"))
        .await
        .unwrap();
    let mut checked = 0;
    for (write, sql) in [
        (
            Write::Order,
            "SELECT count(*) AS n FROM orders WHERE id = ANY",
        ),
        (
            Write::Report,
            "SELECT count(*) AS n FROM fraud_reports WHERE id = ANY",
        ),
        (
            Write::Attempt,
            "SELECT count(*) AS n FROM payment_attempts WHERE id = ANY",
        ),
        (
            Write::Outcome,
            "SELECT count(*) AS n FROM orders WHERE authorization_result IS NOT NULL AND id = ANY",
        ),
    ] {
        let mut ids: Vec<String> = log
            .iter()
            .filter(|s| s.write == write && (200..300).contains(&s.status))
            .map(|s| s.id.clone().expect("an acknowledgement carries its id"))
            .collect();
        ids.sort();
        ids.dedup();
        assert!(!ids.is_empty(), "no {write:?} was acknowledged at all");
        for id in &ids {
            uuid::Uuid::parse_str(id).expect("ids are UUIDs");
        }
        let array = format!("('{{{}}}'::uuid[])", ids.join(","));
        let found = diesel::sql_query(format!("{sql} {array}"))
            .get_result::<Count>(&mut conn)
            .await
            .unwrap()
            .n;
        assert_eq!(
            found,
            ids.len() as i64,
            "acknowledged {write:?}s missing after the faults"
        );
        checked += ids.len();
    }
    checked
}

fn pg_dump(cluster: &PrivateCluster) -> String {
    let bin = sekisho_embedded_pg::locate_binaries(None)
        .ok()
        .map(|dir| dir.join("pg_dump"))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| "pg_dump".into());
    let output = Command::new(bin)
        .arg("--data-only")
        .arg(cluster.superuser_url("sekisho"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// No card number, email or phone the load sent is in the server's log, PostgreSQL's log or a
/// dump of the database.
fn assert_private(server_log: &str, cluster: &PrivateCluster) {
    let dump = pg_dump(cluster);
    let pg_log = cluster.log();
    assert!(
        server_log.contains("sekisho listening"),
        "the server's own log"
    );
    assert!(
        dump.contains("COPY public.orders"),
        "a dump with the orders"
    );
    let digits: String = PHONE.chars().filter(char::is_ascii_digit).collect();
    for secret in [
        CARD,
        EMAIL,
        "fault.proof.5521",
        PHONE,
        digits.as_str(),
        "+819055210147",
    ] {
        for (name, text) in [
            ("server log", server_log),
            ("PostgreSQL log", &pg_log),
            ("pg_dump", &dump),
        ] {
            assert!(
                !text.contains(secret),
                "the {name} contains a value that was sent: {secret}"
            );
        }
    }
}

/// Runs the load for `warm`, injects the fault, keeps the load on for `outage`, ends the fault,
/// waits for the service to come back by itself and loads it for `after`. Returns the whole log.
async fn under_load(
    cluster: &PrivateCluster,
    server: &mut Server,
    what: &str,
    bound: Duration,
    inject: impl FnOnce(&PrivateCluster) -> usize,
    heal: impl FnOnce(&PrivateCluster),
) -> (Vec<Sent>, usize) {
    let load = Load::start(&server.base, &server.key);
    // The warm-up only has to get going (the first connections are slow to open on a busy
    // machine); what counts is the outage and the recovery.
    let before = acknowledged_from(&load, Duration::ZERO, 20).await;
    let warmed = before
        .iter()
        .filter(|s| (200..300).contains(&s.status))
        .count();
    assert!(warmed >= 20, "only {warmed} acknowledged before the {what}");

    let injected_at = load.now();
    let processes = inject(cluster);
    let noticed = readyz_turns(&server.base, 503, DEADLINE + SLACK + Duration::from_secs(2)).await;
    eprintln!("{what}: {processes} PostgreSQL processes; /readyz 503 after {noticed:?}");
    tokio::time::sleep(Duration::from_secs(5)).await;
    let healed_at = load.now();
    eprintln!("{what}: injected at {injected_at:?}, healing at {healed_at:?}");
    heal(cluster);
    let resumed = readyz_turns(&server.base, 200, Duration::from_secs(45)).await;
    eprintln!("{what}: /readyz 200 again {resumed:?} after the database returned");
    // Requests already waiting when it returned may still fail; what is sent after must not.
    tokio::time::sleep(DEADLINE + SLACK).await;
    let after = acknowledged_from(&load, load.now(), 20).await;
    let log = load.finish().await;
    // Every request that was waiting at some point of the outage (once the fault was in place),
    // including any that hung until the client gave up.
    let in_place = injected_at + Duration::from_millis(500);
    let outage: Vec<Sent> = log
        .iter()
        .filter(|s| s.at < healed_at && s.at + s.took > in_place)
        .cloned()
        .collect();
    assert_fails_fast(&outage, what, bound);
    assert_resumed(&after, what);
    (log, processes)
}

/// The bound of the pool alone (a 5 s wait for a slot, then a 5 s connect), before the request
/// deadline of the hardening work: what the durability test holds the server to.
const POOL_BOUND: Duration = Duration::from_secs(12);

async fn fault_run(what: &str, bound: Duration) {
    let cluster = PrivateCluster::start();
    let mut server = Server::start(&cluster).await;
    let (log, _) = if what == "SIGKILL" {
        let restart = PrivateCluster::restart;
        under_load(
            &cluster,
            &mut server,
            what,
            bound,
            PrivateCluster::kill,
            restart,
        )
        .await
    } else {
        let thaw = PrivateCluster::thaw;
        under_load(
            &cluster,
            &mut server,
            what,
            bound,
            PrivateCluster::freeze,
            thaw,
        )
        .await
    };
    let checked = assert_durable(&cluster, &log).await;
    let acknowledged = log
        .iter()
        .filter(|s| (200..300).contains(&s.status))
        .count();
    eprintln!(
        "{what}: {} requests, {acknowledged} acknowledged, {checked} distinct writes checked",
        log.len()
    );
    let server_log = server.stop();
    assert_private(&server_log, &cluster);
}

#[tokio::test]
async fn postgres_killed_under_load_gives_503s_then_resumes_and_loses_no_acknowledged_write() {
    fault_run("SIGKILL", POOL_BOUND).await;
}

#[tokio::test]
async fn postgres_killed_under_load_fails_fast_within_the_request_deadline() {
    fault_run("SIGKILL", DEADLINE + SLACK).await;
}

#[tokio::test]
async fn postgres_frozen_under_load_gives_503s_within_the_request_deadline_then_resumes() {
    fault_run("SIGSTOP", DEADLINE + SLACK).await;
}
