//! A private PostgreSQL cluster started from the server binaries installed on the machine, so
//! that a newcomer (and the test suite) needs nothing but `initdb`, `pg_ctl` and `postgres`.
//!
//! The cluster lives in a directory of its own, listens only on 127.0.0.1 on a private port, has
//! no Unix socket (so several clusters coexist) and authenticates its superuser with a generated
//! password kept in a 0600 file beside it. It is reused on the next start. PostgreSQL refuses to
//! run as root, so when the process is root every server command runs as the `postgres` user.
//!
//! Everything here blocks; async callers wrap it in `spawn_blocking`.

mod binaries;
mod cluster;
mod process;
pub mod tuning;

pub use binaries::locate as locate_binaries;
pub use cluster::{Cluster, ClusterOptions, SUPERUSER};

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found; install PostgreSQL \
         15 or newer, or set SEKISHO_PG_BIN_DIR to the directory that holds them"
    )]
    BinariesNotFound,
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{command}` failed: {output}")]
    Command { command: String, output: String },
    #[error(
        "the process runs as root, so PostgreSQL must run as the `postgres` user, and that user \
         cannot reach {path}: {detail}"
    )]
    Unreachable { path: PathBuf, detail: String },
    #[error("no `postgres` system user exists to run the cluster as (the process is root)")]
    NoPostgresUser,
    #[error("no free TCP port on 127.0.0.1: {0}")]
    NoPort(std::io::Error),
}

impl ClusterError {
    fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ClusterError::Io {
            path: path.into(),
            source,
        }
    }
}
