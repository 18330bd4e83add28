"""`sekisho serve --demo` on a private data directory and a free 127.0.0.1 port, for the
suites that drive a real server from Python (scripts/fuzz.py, scripts/clients.py)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(method: str, url: str, body=None, token: str | None = None, raw: bytes | None = None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    """`sekisho serve --demo` on a private data directory."""

    def __init__(self, binary: Path, work: Path, settings: dict[str, str], log_level: str = "info"):
        self.data_dir = work / "data"
        self.data_dir.mkdir()
        # As root, PostgreSQL runs as `postgres`, which must reach the directory.
        os.chmod(work, 0o755)
        os.chmod(self.data_dir, 0o755)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = work / "server.log"
        self.stdout_path = work / "server.stdout"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEKISHO_")}
        env.update(settings)
        env.update(
            {
                "SEKISHO_DATA_DIR": str(self.data_dir),
                "SEKISHO_LISTEN": f"127.0.0.1:{self.port}",
                "RUST_LOG": log_level,
            }
        )
        self.process = subprocess.Popen(
            [str(binary), "serve", "--demo"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=open(self.stdout_path, "wb"),
            stderr=open(self.log_path, "wb"),
        )

    def wait_ready(self, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"sekisho exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status, _ = request("GET", f"{self.base}/readyz")
                if status == 200 and "API key" in self.stdout_path.read_text():
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise SystemExit(f"sekisho did not become ready in {seconds} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-40:])

    def demo_logins(self):
        """Parses the logins `serve --demo` prints: the admin and the first tenant's staff."""
        text = self.stdout_path.read_text()
        admin = re.search(r"Platform admin:\s+(\S+) / (\S+)", text)
        staff = re.findall(r"^\s+(owner|analyst|reviewer)\s+(\S+) / (\S+)$", text, re.M)
        keys = re.findall(r"API key\s+(sk_live_\S+)", text)
        if not admin or len(staff) < 3 or not keys:
            raise SystemExit(f"cannot read the demo logins from:\n{text}")
        first = {role: (email, password) for role, email, password in staff[:3]}
        return admin.groups(), first, keys[0]

    def postgres(self):
        """The embedded cluster's port, superuser password and log file."""
        cluster = self.data_dir / "postgres"
        password = (cluster / "superuser.password").read_text().strip()
        pgdata = cluster / "pgdata"
        port = (pgdata / "postmaster.pid").read_text().splitlines()[3].strip()
        return port, password, pgdata / "server.log"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def sign_in(base: str, email: str, password: str) -> str:
    status, body = request("POST", f"{base}/v1/auth/login", {"email": email, "password": password})
    if status != 200:
        raise SystemExit(f"cannot sign in as {email}: {status} {body[:200]!r}")
    return json.loads(body)["access_token"]
