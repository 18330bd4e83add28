//! Creating, starting, reusing and stopping one private cluster.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rand::Rng;
use sha2::{Digest, Sha256};

use crate::ClusterError;
use crate::binaries;
use crate::process::{RunAs, run};
use crate::tuning::{self, Features, Machine, TUNING_FILE};

/// The superuser `initdb` creates; migrations run as it, the application never does.
pub const SUPERUSER: &str = "sekisho";

/// The line of `postgresql.conf` that reads the machine-sized settings; a missing file (a test
/// cluster) is skipped.
const INCLUDE_TUNING: &str = "include_if_exists = 'sekisho-tuning.conf'";

/// Where the cluster lives when root's `postgres` user cannot reach the requested directory.
const ROOT_FALLBACK_DIR: &str = "/var/lib/sekisho/clusters";

#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Holds the credentials, the lock and (normally) the data directory.
    pub dir: PathBuf,
    /// Where `initdb`, `pg_ctl` and `postgres` are; found automatically when `None`.
    pub bin_dir: Option<PathBuf>,
    /// Off only for throw-away clusters (tests): fsync and synchronous commit are skipped. A
    /// durable cluster also gets the settings for serving load, sized for the machine
    /// ([`crate::tuning`]); a throw-away one keeps PostgreSQL's small defaults, since several
    /// test clusters may share a machine.
    pub durable: bool,
    /// Stop the server when the `Cluster` is dropped, if this process started it; a server
    /// that was already running (another process's) is left alone. Shared test clusters pass
    /// `false` and keep running.
    pub stop_on_drop: bool,
}

#[derive(Debug)]
pub struct Cluster {
    pgdata: PathBuf,
    port: u16,
    password: String,
    run_as: RunAs,
    bin_dir: PathBuf,
    stop_on_drop: bool,
}

impl Cluster {
    /// Initialises the cluster on first use, starts it unless it already runs, and reports where
    /// it listens. Concurrent callers (several test processes) are serialised by a lock file.
    pub fn start(options: &ClusterOptions) -> Result<Cluster, ClusterError> {
        create_dir(&options.dir, 0o755)?;
        let lock_path = options.dir.join("cluster.lock");
        let lock = File::create(&lock_path).map_err(|e| ClusterError::io(&lock_path, e))?;
        lock.lock().map_err(|e| ClusterError::io(&lock_path, e))?;

        let bin_dir = binaries::locate(options.bin_dir.as_deref())?;
        let run_as = RunAs::detect()?;
        let pgdata = data_directory(&options.dir, &run_as)?;
        let password = superuser_password(&options.dir)?;

        if !pgdata.join("PG_VERSION").is_file() {
            initialise(&bin_dir, &run_as, &pgdata, &password)?;
        }
        let mut cluster = Cluster {
            pgdata,
            port: 0,
            password,
            run_as,
            bin_dir,
            stop_on_drop: options.stop_on_drop,
        };
        cluster.port = match cluster.running_port() {
            Some(port) => {
                cluster.stop_on_drop = false;
                port
            }
            None => {
                if options.durable {
                    cluster.write_tuning()?;
                }
                cluster.launch(options.durable)?
            }
        };
        drop(lock);
        Ok(cluster)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn data_directory(&self) -> &Path {
        &self.pgdata
    }

    /// A connection URL for the superuser to `database`.
    pub fn superuser_url(&self, database: &str) -> String {
        format!(
            "postgres://{SUPERUSER}:{}@127.0.0.1:{}/{database}",
            self.password, self.port
        )
    }

    pub fn stop(&self) -> Result<(), ClusterError> {
        let mut command = self.run_as.command(&self.bin_dir.join("pg_ctl"));
        command
            .arg("stop")
            .arg("-D")
            .arg(&self.pgdata)
            .args(["-m", "fast", "-w", "-t", "60"]);
        run(command).map(|_| ())
    }

    /// The port of a server already running on this data directory, if any.
    fn running_port(&self) -> Option<u16> {
        let mut command = self.run_as.command(&self.bin_dir.join("pg_ctl"));
        command.arg("status").arg("-D").arg(&self.pgdata);
        let status = command.output().ok()?.status;
        if !status.success() {
            return None;
        }
        // postmaster.pid's fourth line is the port (PostgreSQL's documented layout).
        let pid_file = std::fs::read_to_string(self.pgdata.join("postmaster.pid")).ok()?;
        pid_file.lines().nth(3)?.trim().parse().ok()
    }

    /// Writes [`TUNING_FILE`] for this machine and makes sure `postgresql.conf` includes it
    /// (clusters initialised before the file existed get the line appended once).
    fn write_tuning(&self) -> Result<(), ClusterError> {
        let path = self.pgdata.join(TUNING_FILE);
        let text = tuning::render(Machine::detect(), Features::detect(&self.bin_dir));
        std::fs::write(&path, text).map_err(|e| ClusterError::io(&path, e))?;
        self.run_as.give(&path)?;
        let conf = self.pgdata.join("postgresql.conf");
        let current = std::fs::read_to_string(&conf).map_err(|e| ClusterError::io(&conf, e))?;
        if !current.contains(INCLUDE_TUNING) {
            let mut file = OpenOptions::new()
                .append(true)
                .open(&conf)
                .map_err(|e| ClusterError::io(&conf, e))?;
            file.write_all(format!("\n{INCLUDE_TUNING}\n").as_bytes())
                .map_err(|e| ClusterError::io(&conf, e))?;
        }
        Ok(())
    }

    fn launch(&self, durable: bool) -> Result<u16, ClusterError> {
        let mut last_error = None;
        for _ in 0..3 {
            let port = free_port()?;
            let mut options = format!("-p {port}");
            if !durable {
                options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            }
            let mut command = self.run_as.command(&self.bin_dir.join("pg_ctl"));
            command
                .arg("start")
                .arg("-D")
                .arg(&self.pgdata)
                .arg("-l")
                .arg(self.pgdata.join("server.log"))
                .args(["-w", "-t", "60", "-o", &options]);
            match run(command) {
                Ok(_) => {
                    tracing::info!(port, pgdata = %self.pgdata.display(), "embedded PostgreSQL started");
                    return Ok(port);
                }
                // Another process may have taken the port between our probe and the bind.
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.unwrap_or(ClusterError::BinariesNotFound))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.stop_on_drop {
            match self.stop() {
                Ok(()) => tracing::info!("embedded PostgreSQL stopped"),
                Err(error) => tracing::warn!(%error, "embedded PostgreSQL did not stop cleanly"),
            }
        }
    }
}

fn initialise(
    bin_dir: &Path,
    run_as: &RunAs,
    pgdata: &Path,
    password: &str,
) -> Result<(), ClusterError> {
    create_dir(pgdata, 0o700)?;
    run_as.give(pgdata)?;
    let pwfile = pgdata.with_extension("pwfile");
    write_private(&pwfile, password)?;
    run_as.give(&pwfile)?;
    let mut command = run_as.command(&bin_dir.join("initdb"));
    command
        .arg("-D")
        .arg(pgdata)
        .args(["-U", SUPERUSER, "--auth=scram-sha-256", "-E", "UTF8"])
        .args(["--locale=C", "--no-instructions"])
        .arg(format!("--pwfile={}", pwfile.display()));
    let outcome = run(command);
    let _ = std::fs::remove_file(&pwfile);
    outcome?;

    let conf = pgdata.join("postgresql.conf");
    let mut file = OpenOptions::new()
        .append(true)
        .open(&conf)
        .map_err(|e| ClusterError::io(&conf, e))?;
    // Loopback only and no Unix socket: several private clusters can share one machine and
    // nobody else's directory permissions matter.
    let settings = "\n# Sekisho's embedded cluster\nlisten_addresses = '127.0.0.1'\n\
                    unix_socket_directories = ''\nmax_connections = 300\n";
    file.write_all(settings.as_bytes())
        .map_err(|e| ClusterError::io(&conf, e))?;
    tracing::info!(pgdata = %pgdata.display(), "embedded PostgreSQL cluster initialised");
    Ok(())
}

/// The data directory: inside `dir` when the server's account can reach it, else (as root with
/// `dir` somewhere `postgres` cannot enter, such as under /root) a directory of its own under
/// /var/lib/sekisho, named after `dir` so that each checkout keeps its own cluster.
fn data_directory(dir: &Path, run_as: &RunAs) -> Result<PathBuf, ClusterError> {
    let inside = dir.join("pgdata");
    if run_as.check_reachable(dir).is_ok() {
        return Ok(inside);
    }
    let canonical = dir.canonicalize().map_err(|e| ClusterError::io(dir, e))?;
    let digest = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
    let fallback_root = PathBuf::from(ROOT_FALLBACK_DIR);
    create_dir(&fallback_root, 0o755)?;
    let fallback = fallback_root.join(hex::encode(&digest[..8]));
    run_as.check_reachable(&fallback_root)?;
    tracing::warn!(
        requested = %dir.display(),
        pgdata = %fallback.display(),
        "the postgres user cannot reach the data directory; the cluster lives in the fallback"
    );
    Ok(fallback)
}

fn superuser_password(dir: &Path) -> Result<String, ClusterError> {
    let path = dir.join("superuser.password");
    match std::fs::read_to_string(&path) {
        Ok(password) if !password.trim().is_empty() => Ok(password.trim().to_owned()),
        _ => {
            let password = hex::encode(rand::rng().random::<[u8; 24]>());
            write_private(&path, &password)?;
            Ok(password)
        }
    }
}

fn write_private(path: &Path, contents: &str) -> Result<(), ClusterError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| ClusterError::io(path, e))?;
    file.write_all(contents.as_bytes())
        .map_err(|e| ClusterError::io(path, e))
}

fn create_dir(path: &Path, mode: u32) -> Result<(), ClusterError> {
    if path.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(path).map_err(|e| ClusterError::io(path, e))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| ClusterError::io(path, e))
}

fn free_port() -> Result<u16, ClusterError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(ClusterError::NoPort)?;
    let port = listener.local_addr().map_err(ClusterError::NoPort)?.port();
    Ok(port)
}
