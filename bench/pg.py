"""The benchmark's access to the embedded cluster: psql as its superuser (stdlib only)."""

import glob
import hashlib
import os
import subprocess

ROOT_FALLBACK_DIR = "/var/lib/sekisho/clusters"


def sekisho_env(data_dir, **extra):
    """The environment of a `sekisho` command on the bench's data directory: no SEKISHO_*
    setting of the caller's leaks in (a database URL would point it elsewhere)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEKISHO_")}
    # The embedded cluster's "lives in the fallback" warning would repeat on every command.
    env.update({"SEKISHO_DATA_DIR": data_dir, "RUST_LOG": "error"})
    env.update(extra)
    return env


def pgdata(data_dir):
    """Where the embedded cluster keeps its data: inside the data directory, or (root, and
    `postgres` cannot reach it) the fallback named after it, as crates/embedded-pg decides."""
    inside = os.path.join(data_dir, "postgres", "pgdata")
    if os.path.exists(os.path.join(inside, "PG_VERSION")):
        return inside
    digest = hashlib.sha256(os.path.realpath(os.path.join(data_dir, "postgres")).encode()).hexdigest()
    return os.path.join(ROOT_FALLBACK_DIR, digest[:16])


def bin_dir():
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if os.path.exists(os.path.join(candidate, "psql")):
            return candidate
    return ""


def consortium_key(data_dir):
    with open(os.path.join(data_dir, "consortium.key")) as f:
        return f.read().strip()


class Database:
    """The running cluster of `data_dir` (its port read from postmaster.pid)."""

    def __init__(self, data_dir):
        self.pgdata = pgdata(data_dir)
        with open(os.path.join(self.pgdata, "postmaster.pid")) as f:
            lines = f.read().splitlines()
        self.postmaster_pid = int(lines[0])
        self.port = int(lines[3])
        with open(os.path.join(data_dir, "postgres", "superuser.password")) as f:
            password = f.read().strip()
        self.url = f"postgres://sekisho:{password}@127.0.0.1:{self.port}/sekisho"
        directory = bin_dir()
        self.psql = os.path.join(directory, "psql") if directory else "psql"

    def _psql(self, *args, stdin=None):
        out = subprocess.run([self.psql, self.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", *args],
                             check=True, stdout=subprocess.PIPE, text=True, input=stdin)
        return out.stdout

    def run(self, sql):
        self._psql("-c", sql)

    def rows(self, sql):
        out = self._psql("-A", "-t", "-F", "\t", "-c", sql)
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def value(self, sql):
        rows = self.rows(sql)
        return rows[0][0] if rows else None

    def copy_in(self, target, path):
        self._psql("-c", f"\\copy {target} FROM '{path}'")
