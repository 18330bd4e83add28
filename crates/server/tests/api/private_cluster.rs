//! A PostgreSQL cluster of one test's own, for tests that freeze it or reconfigure it (never the
//! shared test cluster, which every other test of the run is using).

use std::path::PathBuf;
use std::process::Command;

use sekisho_embedded_pg::{Cluster, ClusterOptions};

pub struct PrivateCluster {
    pub cluster: Cluster,
    pub dir: PathBuf,
}

impl PrivateCluster {
    pub async fn start(purpose: &str) -> PrivateCluster {
        // Under /tmp: the `postgres` user (when tests run as root) must reach it.
        let dir = std::env::temp_dir().join(format!(
            "sekisho-{purpose}-{}",
            uuid::Uuid::new_v4().simple()
        ));
        let options = ClusterOptions {
            dir: dir.clone(),
            bin_dir: std::env::var_os("SEKISHO_PG_BIN_DIR").map(PathBuf::from),
            durable: false,
            stop_on_drop: true,
        };
        let cluster = tokio::task::spawn_blocking(move || Cluster::start(&options))
            .await
            .unwrap()
            .expect("start a private cluster");
        PrivateCluster { cluster, dir }
    }

    /// The postmaster and every process it started (backends, background workers).
    pub fn processes(&self) -> Vec<i32> {
        let pid_file =
            std::fs::read_to_string(self.cluster.data_directory().join("postmaster.pid")).unwrap();
        let postmaster: i32 = pid_file.lines().next().unwrap().trim().parse().unwrap();
        let mut pids = vec![postmaster];
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // After the command name in parentheses: state, then the parent's pid.
            let parent = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|ppid| ppid.parse::<i32>().ok());
            if parent == Some(postmaster) {
                pids.push(pid);
            }
        }
        pids
    }

    /// Freezes every process of the cluster (SIGSTOP) until the guard is dropped (SIGCONT).
    pub fn freeze(&self) -> Frozen {
        let pids = self.processes();
        signal("STOP", &pids);
        Frozen { pids }
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        let _ = self.cluster.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub struct Frozen {
    pids: Vec<i32>,
}

impl Frozen {
    pub fn thaw(self) {}
}

impl Drop for Frozen {
    fn drop(&mut self) {
        signal("CONT", &self.pids);
    }
}

fn signal(name: &str, pids: &[i32]) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .args(pids.iter().map(ToString::to_string))
        .status()
        .unwrap();
    assert!(status.success(), "kill -{name} {pids:?}");
}
