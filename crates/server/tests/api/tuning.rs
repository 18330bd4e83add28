//! The embedded cluster serves with the settings sized for the machine (crates/embedded-pg's
//! `tuning`), and a throw-away test cluster does not: a durable private cluster is started and
//! asked what it runs with.

use std::path::PathBuf;

use sekisho_embedded_pg::tuning::{self, Features, Machine};
use sekisho_embedded_pg::{Cluster, ClusterOptions, locate_binaries};

async fn show(url: &str, names: &[&str]) -> Vec<String> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("connect as the superuser");
    tokio::spawn(connection);
    let mut values = Vec::new();
    for name in names {
        let row = client
            .query_one(&format!("SELECT current_setting('{name}')"), &[])
            .await
            .expect("a setting");
        values.push(row.get::<_, String>(0));
    }
    values
}

fn start(durable: bool) -> (Cluster, PathBuf) {
    let dir =
        std::env::temp_dir().join(format!("sekisho-tuning-{}", uuid::Uuid::new_v4().simple()));
    let cluster = Cluster::start(&ClusterOptions {
        dir: dir.clone(),
        bin_dir: std::env::var_os("SEKISHO_PG_BIN_DIR").map(PathBuf::from),
        durable,
        stop_on_drop: true,
    })
    .expect("a private cluster");
    (cluster, dir)
}

#[tokio::test]
async fn a_durable_cluster_runs_with_the_machine_sized_settings_and_synchronous_commit() {
    let (cluster, dir) = tokio::task::spawn_blocking(|| start(true)).await.unwrap();
    let bin_dir = locate_binaries(
        std::env::var_os("SEKISHO_PG_BIN_DIR")
            .map(PathBuf::from)
            .as_deref(),
    )
    .unwrap();
    let expected = tuning::settings(Machine::detect(), Features::detect(&bin_dir));
    let value = |name: &str| {
        expected
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.trim_matches('\'').to_owned())
            .unwrap()
    };
    let url = cluster.superuser_url("postgres");
    let got = show(
        &url,
        &[
            "shared_buffers",
            "max_wal_size",
            "checkpoint_timeout",
            "wal_compression",
            "autovacuum_vacuum_scale_factor",
            "synchronous_commit",
            "fsync",
            "shared_preload_libraries",
        ],
    )
    .await;
    // PostgreSQL prints sizes in its own units: compare through the same unit.
    let shared_mb: u64 = value("shared_buffers")
        .trim_end_matches("MB")
        .parse()
        .unwrap();
    let shown = &got[0];
    let shown_mb = if let Some(gb) = shown.strip_suffix("GB") {
        gb.parse::<u64>().unwrap() * 1024
    } else {
        shown.trim_end_matches("MB").parse().unwrap()
    };
    assert_eq!(shown_mb, shared_mb, "shared_buffers");
    assert_eq!(got[1], "4GB");
    assert_eq!(got[2], "15min");
    assert_eq!(got[3], value("wal_compression"));
    assert_eq!(got[4], "0.05");
    assert_eq!(got[5], "on", "acknowledged means committed");
    assert_eq!(got[6], "on");
    if Features::detect(&bin_dir).pg_stat_statements {
        assert_eq!(got[7], "pg_stat_statements");
    }
    assert!(cluster.data_directory().join(tuning::TUNING_FILE).is_file());
    drop(cluster);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_test_cluster_keeps_the_defaults() {
    let (cluster, dir) = tokio::task::spawn_blocking(|| start(false)).await.unwrap();
    let got = show(
        &cluster.superuser_url("postgres"),
        &["max_wal_size", "shared_preload_libraries"],
    )
    .await;
    assert_eq!(got[0], "1GB");
    assert_eq!(got[1], "");
    drop(cluster);
    let _ = std::fs::remove_dir_all(dir);
}
