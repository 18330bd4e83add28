//! Running PostgreSQL's commands, as the `postgres` user when this process is root.

use std::path::Path;
use std::process::{Command, Output};

use nix::unistd::{Gid, Uid, User, chown};

use crate::ClusterError;

/// Who the server commands run as.
#[derive(Debug, Clone)]
pub enum RunAs {
    CurrentUser,
    /// The process is root; commands go through `runuser` to this account.
    Postgres {
        uid: Uid,
        gid: Gid,
    },
}

impl RunAs {
    pub fn detect() -> Result<Self, ClusterError> {
        if !Uid::effective().is_root() {
            return Ok(RunAs::CurrentUser);
        }
        match User::from_name("postgres") {
            Ok(Some(user)) => Ok(RunAs::Postgres {
                uid: user.uid,
                gid: user.gid,
            }),
            _ => Err(ClusterError::NoPostgresUser),
        }
    }

    pub fn command(&self, program: &Path) -> Command {
        match self {
            RunAs::CurrentUser => Command::new(program),
            RunAs::Postgres { .. } => {
                let mut command = Command::new("runuser");
                command.args(["-u", "postgres", "--"]).arg(program);
                command
            }
        }
    }

    /// Hands a file or directory the server must own over to it.
    pub fn give(&self, path: &Path) -> Result<(), ClusterError> {
        match self {
            RunAs::CurrentUser => Ok(()),
            RunAs::Postgres { uid, gid } => chown(path, Some(*uid), Some(*gid))
                .map_err(|errno| ClusterError::io(path, std::io::Error::from(errno))),
        }
    }

    /// Whether the server's account can reach `dir` (it and every parent searchable).
    pub fn check_reachable(&self, dir: &Path) -> Result<(), ClusterError> {
        if let RunAs::CurrentUser = self {
            return Ok(());
        }
        let output = self
            .command(Path::new("test"))
            .arg("-x")
            .arg(dir)
            .output()
            .map_err(|source| ClusterError::io(dir, source))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(ClusterError::Unreachable {
                path: dir.to_path_buf(),
                detail: "a parent directory is not searchable by `postgres` (for example /root \
                         is mode 700); set SEKISHO_DATA_DIR to a directory it can reach"
                    .to_owned(),
            })
        }
    }
}

/// Runs a command to completion, turning a non-zero exit into an error that carries its output.
pub fn run(mut command: Command) -> Result<Output, ClusterError> {
    let rendered = format!("{command:?}");
    let output = command.output().map_err(|source| ClusterError::Command {
        command: rendered.clone(),
        output: source.to_string(),
    })?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(ClusterError::Command {
            command: rendered,
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        })
    }
}
