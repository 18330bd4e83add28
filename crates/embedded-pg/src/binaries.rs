//! Finding the installed PostgreSQL server binaries.

use std::path::{Path, PathBuf};

use crate::ClusterError;

/// Where `initdb` and `pg_ctl` live: the explicit directory if given, else the first `PATH`
/// entry that has both, else the newest `/usr/lib/postgresql/<major>/bin` (Debian's layout,
/// which keeps the server binaries off `PATH`).
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, ClusterError> {
    if let Some(dir) = explicit {
        return if has_server_binaries(dir) {
            Ok(dir.to_path_buf())
        } else {
            Err(ClusterError::BinariesNotFound)
        };
    }
    let on_path = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .unwrap_or_default();
    if let Some(dir) = on_path.into_iter().find(|dir| has_server_binaries(dir)) {
        return Ok(dir);
    }
    debian_versions()
        .into_iter()
        .map(|(_, dir)| dir)
        .find(|dir| has_server_binaries(dir))
        .ok_or(ClusterError::BinariesNotFound)
}

fn has_server_binaries(dir: &Path) -> bool {
    ["initdb", "pg_ctl", "postgres"]
        .iter()
        .all(|name| dir.join(name).is_file())
}

/// Debian's installed majors, newest first.
fn debian_versions() -> Vec<(u32, PathBuf)> {
    let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") else {
        return Vec::new();
    };
    let mut versions: Vec<(u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let major = entry.file_name().to_str()?.parse().ok()?;
            Some((major, entry.path().join("bin")))
        })
        .collect();
    versions.sort_by_key(|(major, _)| std::cmp::Reverse(*major));
    versions
}
