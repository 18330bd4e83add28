//! The processes a fault test runs: its own durable PostgreSQL cluster and `sekisho serve`,
//! each stopped on drop.

use super::*;

pub(super) fn is_root() -> bool {
    std::os::unix::fs::MetadataExt::uid(&std::fs::metadata("/proc/self").unwrap()) == 0
}

/// A durable cluster of this test's own, in a temporary directory removed afterwards.
pub(super) struct PrivateCluster {
    pub(super) cluster: Option<Cluster>,
    pub(super) dir: PathBuf,
    pub(super) port: u16,
    pub(super) pgdata: PathBuf,
    /// Processes stopped with SIGSTOP, continued on drop whatever happened.
    pub(super) frozen: Mutex<Vec<u32>>,
}

impl PrivateCluster {
    pub(super) fn start() -> PrivateCluster {
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

    pub(super) fn superuser_url(&self, database: &str) -> String {
        self.cluster.as_ref().unwrap().superuser_url(database)
    }

    /// The postmaster and every process it forked (backends, checkpointer, WAL writer…).
    pub(super) fn processes(&self) -> Vec<u32> {
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
    pub(super) fn signal_cluster(&self, signal: &str) -> Vec<u32> {
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

    pub(super) fn signal(pids: &[u32], signal: &str) {
        let mut command = Command::new("kill");
        command.arg(format!("-{signal}"));
        command.args(pids.iter().map(u32::to_string));
        command.stderr(Stdio::null()).status().unwrap();
    }

    pub(super) fn kill(&self) -> usize {
        self.signal_cluster("KILL").len()
    }

    pub(super) fn freeze(&self) -> usize {
        let pids = self.signal_cluster("STOP");
        let count = pids.len();
        self.frozen.lock().unwrap().extend(pids);
        count
    }

    pub(super) fn thaw(&self) {
        let pids = std::mem::take(&mut *self.frozen.lock().unwrap());
        if !pids.is_empty() {
            Self::signal(&pids, "CONT");
        }
    }

    /// Starts the killed cluster again on the same port (crash recovery replays the WAL).
    pub(super) fn restart(&self) {
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

    pub(super) fn log(&self) -> String {
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
pub(super) struct Server {
    pub(super) child: Child,
    pub(super) base: String,
    pub(super) log_path: PathBuf,
    /// An API key of a tenant made with `sekisho admin create-tenant`.
    pub(super) key: String,
}

impl Server {
    pub(super) async fn start(cluster: &PrivateCluster) -> Server {
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

    pub(super) async fn wait_ready(&mut self, within: Duration) {
        let started = Instant::now();
        while readyz(&self.base).await != 200 {
            assert!(started.elapsed() < within, "not ready within {within:?}");
            assert!(self.child.try_wait().unwrap().is_none(), "server exited");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub(super) fn stop(&mut self) -> String {
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
