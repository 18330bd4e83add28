//! The server settings of a durable (serving) cluster, sized for the machine it starts on.
//!
//! PostgreSQL's defaults are for a small shared host (128 MB of buffers, a checkpoint every 1 GB
//! of WAL). Scoring writes an order, its identifiers and its signals per request, so with the
//! defaults a load run spends its time in checkpoints and full-page writes. The settings are
//! written to `sekisho-tuning.conf` in the data directory at every start (so that they follow the
//! machine: more memory, more buffers) and included from `postgresql.conf`; `ALTER SYSTEM`
//! (`postgresql.auto.conf`) is read after it and still wins. `synchronous_commit` is left on: an
//! acknowledged order is a committed order. docs/OPERATIONS.md gives the same list for operators
//! who bring their own server.

use std::path::{Path, PathBuf};

/// The file written beside `postgresql.conf` and included from it.
pub const TUNING_FILE: &str = "sekisho-tuning.conf";

/// What the settings are sized from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Machine {
    pub memory_bytes: u64,
    pub cores: usize,
}

impl Machine {
    /// This machine: total memory from /proc/meminfo (1 GiB assumed if it cannot be read) and the
    /// cores this process may use.
    pub fn detect() -> Machine {
        let memory_bytes = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| mem_total_bytes(&text))
            .unwrap_or(GIB);
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Machine {
            memory_bytes,
            cores,
        }
    }
}

/// What the server binaries offer that the settings depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Features {
    /// `pg_stat_statements.so` is installed (Debian's server package ships it).
    pub pg_stat_statements: bool,
    /// The server was built with LZ4 (`--with-lz4`), the cheapest WAL and TOAST compression.
    pub lz4: bool,
}

impl Features {
    /// Asks the installation the binaries belong to (following a symlinked `postgres`, as in
    /// /usr/local/bin → /usr/lib/postgresql/15/bin): its `pg_config --pkglibdir` (else `../lib`)
    /// for `pg_stat_statements.so`, and `pg_config --configure` for LZ4.
    pub fn detect(bin_dir: &Path) -> Features {
        let real_bin = std::fs::canonicalize(bin_dir.join("postgres"))
            .ok()
            .and_then(|postgres| postgres.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| bin_dir.to_path_buf());
        let pg_config = |arg: &str| {
            std::process::Command::new(real_bin.join("pg_config"))
                .arg(arg)
                .output()
                .ok()
                .filter(|output| output.status.success())
                .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        };
        let lib_dir = pg_config("--pkglibdir")
            .map(PathBuf::from)
            .or_else(|| real_bin.parent().map(|parent| parent.join("lib")));
        let pg_stat_statements = lib_dir
            .as_deref()
            .is_some_and(|dir| dir.join("pg_stat_statements.so").is_file());
        let lz4 = pg_config("--configure").is_some_and(|text| text.contains("--with-lz4"));
        Features {
            pg_stat_statements,
            lz4,
        }
    }
}

const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * MIB;

/// The settings, in the order they are written. The cluster shares the machine with the server
/// (and in development with everything else), so it takes an eighth of the memory for buffers
/// rather than the quarter a dedicated database host would.
pub fn settings(machine: Machine, features: Features) -> Vec<(&'static str, String)> {
    let memory = machine.memory_bytes;
    let shared_buffers = (memory / 8).clamp(128 * MIB, 8 * GIB);
    let effective_cache = (memory / 2).max(shared_buffers);
    let maintenance_work_mem = (memory / 32).clamp(64 * MIB, GIB);
    let workers = machine.cores.clamp(1, 8);
    let mut settings = vec![
        ("shared_buffers", size(shared_buffers)),
        ("effective_cache_size", size(effective_cache)),
        ("maintenance_work_mem", size(maintenance_work_mem)),
        // Checkpoints by time, not by volume: a bulk import or a load run writes gigabytes of WAL,
        // and every checkpoint makes the next write of each page a full-page image.
        ("max_wal_size", "4GB".to_owned()),
        ("min_wal_size", "512MB".to_owned()),
        ("checkpoint_timeout", "15min".to_owned()),
        ("checkpoint_completion_target", "0.9".to_owned()),
        (
            "wal_compression",
            if features.lz4 { "lz4" } else { "on" }.to_owned(),
        ),
        // An order's row (its reasons, signals and summary) and a stored answer pass the TOAST
        // threshold and are compressed as they are written: pglz took about 3 % of PostgreSQL's
        // CPU under order scoring, and with LZ4 the orders upsert, where an order's row is
        // compressed, took 30 % less time (docs/BENCHMARKS.md).
        (
            "default_toast_compression",
            if features.lz4 { "lz4" } else { "pglz" }.to_owned(),
        ),
        // Solid-state storage is assumed: index probes cost little more than sequential reads.
        ("random_page_cost", "1.1".to_owned()),
        ("effective_io_concurrency", "200".to_owned()),
        // Orders, identifiers and counters are insert- and update-heavy: vacuum them after a few
        // per cent of change rather than a fifth, and let vacuum work faster. Statistics keep
        // PostgreSQL's default (a tenth): every ANALYZE of a hot table makes every connection
        // plan its statements on that table again, and the hot path's plans are generic.
        ("autovacuum_naptime", "15s".to_owned()),
        ("autovacuum_vacuum_scale_factor", "0.05".to_owned()),
        ("autovacuum_vacuum_insert_scale_factor", "0.05".to_owned()),
        ("autovacuum_analyze_scale_factor", "0.1".to_owned()),
        ("autovacuum_vacuum_cost_limit", "1000".to_owned()),
        ("autovacuum_max_workers", workers.clamp(2, 4).to_string()),
        ("max_worker_processes", workers.max(8).to_string()),
        ("max_parallel_workers_per_gather", (workers / 2).to_string()),
    ];
    if features.pg_stat_statements {
        // Which statements cost the most, for the benchmark harness and for operators.
        settings.push((
            "shared_preload_libraries",
            "'pg_stat_statements'".to_owned(),
        ));
        settings.push(("pg_stat_statements.track", "top".to_owned()));
    }
    settings
}

/// The contents of [`TUNING_FILE`].
pub fn render(machine: Machine, features: Features) -> String {
    let mut text = format!(
        "# Written by Sekisho at every start of the embedded cluster, sized for this machine\n\
         # ({} MiB of memory, {} cores). Edits are lost: use ALTER SYSTEM, which wins.\n",
        machine.memory_bytes / MIB,
        machine.cores
    );
    for (name, value) in settings(machine, features) {
        text.push_str(&format!("{name} = {value}\n"));
    }
    text
}

/// A size in PostgreSQL's units, rounded down to whole MB.
fn size(bytes: u64) -> String {
    format!("{}MB", bytes / MIB)
}

fn mem_total_bytes(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|line| line.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(settings: &[(&'static str, String)], name: &str) -> Option<String> {
        settings
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }

    #[test]
    fn buffers_are_an_eighth_of_memory_within_bounds() {
        let features = Features::default();
        let small = settings(
            Machine {
                memory_bytes: 512 * MIB,
                cores: 1,
            },
            features,
        );
        assert_eq!(value(&small, "shared_buffers").as_deref(), Some("128MB"));
        let this_kind = settings(
            Machine {
                memory_bytes: 24 * GIB,
                cores: 2,
            },
            features,
        );
        assert_eq!(
            value(&this_kind, "shared_buffers").as_deref(),
            Some("3072MB")
        );
        assert_eq!(
            value(&this_kind, "effective_cache_size").as_deref(),
            Some("12288MB")
        );
        let big = settings(
            Machine {
                memory_bytes: 512 * GIB,
                cores: 64,
            },
            features,
        );
        assert_eq!(value(&big, "shared_buffers").as_deref(), Some("8192MB"));
        assert_eq!(value(&big, "autovacuum_max_workers").as_deref(), Some("4"));
    }

    #[test]
    fn synchronous_commit_is_never_relaxed() {
        let all = settings(
            Machine {
                memory_bytes: 8 * GIB,
                cores: 4,
            },
            Features {
                pg_stat_statements: true,
                lz4: true,
            },
        );
        assert!(
            all.iter()
                .all(|(name, _)| !name.contains("synchronous_commit"))
        );
        assert!(all.iter().all(|(name, _)| *name != "fsync"));
    }

    #[test]
    fn optional_features_follow_the_binaries() {
        let machine = Machine {
            memory_bytes: 8 * GIB,
            cores: 2,
        };
        let bare = settings(machine, Features::default());
        assert_eq!(value(&bare, "wal_compression").as_deref(), Some("on"));
        assert_eq!(
            value(&bare, "default_toast_compression").as_deref(),
            Some("pglz")
        );
        assert_eq!(value(&bare, "shared_preload_libraries"), None);
        let full = settings(
            machine,
            Features {
                pg_stat_statements: true,
                lz4: true,
            },
        );
        assert_eq!(value(&full, "wal_compression").as_deref(), Some("lz4"));
        assert_eq!(
            value(&full, "default_toast_compression").as_deref(),
            Some("lz4")
        );
        assert_eq!(
            value(&full, "shared_preload_libraries").as_deref(),
            Some("'pg_stat_statements'")
        );
    }

    #[test]
    fn meminfo_is_read_in_kib() {
        let text = "MemTotal:       24590340 kB\nMemFree:         3000000 kB\n";
        assert_eq!(mem_total_bytes(text), Some(24_590_340 * 1024));
        assert_eq!(mem_total_bytes("nothing"), None);
    }
}
