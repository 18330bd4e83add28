//! The run's shared cluster: started by the first test process that needs it (a lock file keeps
//! concurrent processes from racing) and left running for the next, which makes each test's
//! start-up a matter of milliseconds.

use std::path::PathBuf;
use std::sync::OnceLock;

use sekisho_embedded_pg::{Cluster, ClusterOptions};

static CLUSTER: OnceLock<Cluster> = OnceLock::new();

/// Where the shared cluster lives: `SEKISHO_TEST_PG_DIR`, else a per-user directory under the
/// system's temporary directory (reachable by the `postgres` user when tests run as root).
pub fn cluster_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SEKISHO_TEST_PG_DIR") {
        return PathBuf::from(dir);
    }
    let uid = nix_uid();
    std::env::temp_dir().join(format!("sekisho-test-pg-{uid}"))
}

fn nix_uid() -> u32 {
    std::fs::metadata("/proc/self")
        .map(|meta| std::os::unix::fs::MetadataExt::uid(&meta))
        .unwrap_or_default()
}

pub fn shared_cluster() -> &'static Cluster {
    CLUSTER.get_or_init(|| {
        let options = ClusterOptions {
            dir: cluster_dir(),
            bin_dir: std::env::var_os("SEKISHO_PG_BIN_DIR").map(PathBuf::from),
            durable: false,
            stop_on_drop: false,
        };
        match Cluster::start(&options) {
            Ok(cluster) => cluster,
            Err(error) => panic!("cannot start the test PostgreSQL cluster: {error}"),
        }
    })
}
