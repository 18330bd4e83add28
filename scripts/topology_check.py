"""Proves the topology scripts/topology starts (nginx → two replicas → a primary with a
synchronous hot standby): run by `scripts/topology check`, which starts it first and stops it after.

1. nginx spreads requests over both replicas;
2. an Idempotency-Key replayed through the other replica gets the first answer;
3. card-testing detection counts attempts that reached different replicas;
4. under a bounded scoring load, the standby's replication lag (sampled), then the standby's
   tables agree with the primary's once it has replayed everything;
5. failover: while orders are being scored, the primary is stopped hard, the standby promoted and
   the replicas repointed (scripts/topology failover); every order the API acknowledged, before
   and after, is in the promoted database, and the time until the first acknowledged order after
   the stop is the failover time.
Writes docs/topology-last-run.json. Every loop is bounded in count and time; 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIR = Path(os.environ.get("SEKISHO_TOPOLOGY_DIR", "/tmp/sekisho-topology"))
NGINX = "http://127.0.0.1:18080"
PRIMARY, STANDBY = 55432, 55433
REPLICA_PORTS = {"127.0.0.1:18081", "127.0.0.1:18082"}
SUPERUSER_PASSWORD = "topology-superuser"
OWNER_URL = "postgres://sekisho_owner:topology-owner@127.0.0.1:{port}/sekisho?sslmode=disable"
API_URL = "postgres://sekisho_api:topology-api@127.0.0.1:{port}/sekisho?sslmode=disable"
LOAD_SECONDS = 10
WRITERS = 8
failures: list[str] = []


def log(message: str) -> None:
    print(f"topology: {message}", file=sys.stderr, flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        failures.append(message)
        log(f"FAILED: {message}")


def call(method: str, path: str, token: str, body=None, headers=None, timeout=10.0):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{NGINX}{path}", data=data, method=method)
    request.add_header("authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("content-type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), parse(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), parse(error.read())


def parse(body: bytes):
    # nginx answers 502 with HTML while no replica is up.
    try:
        return json.loads(body or b"null")
    except ValueError:
        return None


def sql(port: int, statement: str) -> str:
    pg_bin = os.environ.get("SEKISHO_PG_BIN_DIR") or sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    result = subprocess.run(
        [str(Path(pg_bin) / "psql"), "-X", "-q", "-t", "-A", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "sekisho", "-c", statement],
        env={**os.environ, "PGPASSWORD": SUPERUSER_PASSWORD},
        capture_output=True,
        text=True,
        timeout=30,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    return result.stdout.strip()


def upstreams_since(offset: int) -> list[str]:
    # nginx writes a request's log line after its response has gone out.
    time.sleep(0.3)
    lines = (DIR / "nginx/access.log").read_text().splitlines()[offset:]
    return [line.split()[-1] for line in lines if line.split()]


def access_log_length() -> int:
    path = DIR / "nginx/access.log"
    return len(path.read_text().splitlines()) if path.exists() else 0


def create_tenant(binary: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEKISHO_")}
    env.update(
        {
            "SEKISHO_DATABASE_URL": API_URL.format(port=PRIMARY),
            "SEKISHO_MIGRATION_DATABASE_URL": OWNER_URL.format(port=PRIMARY),
            "SEKISHO_JWT_SECRET": "topology-jwt-secret-0123456789abcdef0123456789",
            "SEKISHO_CONSORTIUM_KEY": "746f706f6c6f67792d636f6e736f727469756d2d6b65792d3031323334353637",
            "RUST_LOG": "warn",
        }
    )
    output = subprocess.run(
        [binary, "admin", "create-tenant", "--name", f"Topology Shop {uuid.uuid4().hex[:6]}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(output.stdout)["api_key"]["key"]


def order(merchant_order_id: str, n: int) -> dict:
    return {
        "order_id": merchant_order_id,
        "amount": 4800 + n % 50 * 100,
        "currency": "JPY",
        "payment_method": "card",
        "customer": {"email": f"buyer{n}@topology-mail.jp", "phone": f"090{n % 100000000:08d}"},
        "shipping_address": {"postal_code": "150-0002", "line1": f"東京都渋谷区渋谷2-{n % 20 + 1}-{n % 9 + 1}"},
        "card": {"bin": "453978", "last4": f"{n % 10000:04d}", "fingerprint": f"topology-{n}", "provider": "stripe"},
        "device": {"ip": f"192.0.2.{n % 250 + 1}"},
    }


def check_spread(key: str) -> None:
    offset = access_log_length()
    for _ in range(20):
        status, _, _ = call("GET", "/v1/me", key)
        check(status == 200, f"GET /v1/me through nginx answered {status}")
    used = set(upstreams_since(offset))
    check(used == REPLICA_PORTS, f"nginx used {sorted(used)}, not both replicas")
    log(f"requests spread over {sorted(used)}")


def check_idempotency(key: str) -> None:
    offset = access_log_length()
    body = order("TOPO-IDEM-1", 1)
    headers = {"Idempotency-Key": "topology-idem-1"}
    first = call("POST", "/v1/orders/score", key, body, headers)
    second = call("POST", "/v1/orders/score", key, body, headers)
    used = upstreams_since(offset)
    check(len(set(used)) == 2, f"the two requests did not reach two replicas: {used}")
    check(first[0] == 200 and second[0] == 200, f"scoring answered {first[0]}, {second[0]}")
    check(second[2] == first[2], "the replay through the other replica is not the first answer")
    replayed = {k.lower(): v for k, v in second[1].items()}.get("idempotent-replayed")
    check(replayed == "true", "the second answer is not marked Idempotent-Replayed")
    log("an Idempotency-Key replays across replicas")


def check_card_testing(key: str) -> None:
    offset = access_log_length()
    answers = []
    for n in range(7):
        attempt = {
            "card": {"bin": "411111", "last4": f"{n:04d}", "fingerprint": f"topology-ct-{n}", "provider": "stripe"},
            "amount": 500,
            "currency": "JPY",
            "result": "declined",
            "decline_code": "05",
            "ip": "198.51.100.77",
            "attempted_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        status, _, answer = call("POST", "/v1/payments/attempts", key, attempt)
        check(status in (200, 201), f"payment attempt answered {status}: {answer}")
        answers.append(answer)
    used = set(upstreams_since(offset))
    codes = {reason["code"] for reason in answers[-1].get("reasons", [])}
    check(len(used) == 2, f"attempts did not reach both replicas: {used}")
    check(
        answers[-1].get("decision") == "reject" and codes & {"card_testing", "card_testing_source"},
        f"7 declines from one IP over two replicas were not caught: {answers[-1]}",
    )
    log("card testing is caught across replicas")


class Writers:
    """Threads scoring distinct orders through nginx until told to stop (bounded by a deadline)."""

    def __init__(self, key: str, prefix: str, deadline: float):
        self.key, self.prefix, self.deadline = key, prefix, deadline
        self.acknowledged: list[tuple[float, str]] = []
        self.errors: list[tuple[float, int]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(WRITERS)]

    def run(self, index: int) -> None:
        n = 0
        while not self.stopping.is_set() and time.monotonic() < self.deadline:
            merchant_order_id = f"{self.prefix}-{index}-{n}"
            try:
                status, _, _ = call("POST", "/v1/orders/score", self.key, order(merchant_order_id, index * 100000 + n), timeout=5)
            except (OSError, ValueError):
                status = 0
            with self.lock:
                if status == 200:
                    self.acknowledged.append((time.monotonic(), merchant_order_id))
                else:
                    self.errors.append((time.monotonic(), status))
            if status != 200:
                time.sleep(0.05)
            n += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)


def replication_lag_bytes() -> int:
    value = sql(PRIMARY, "SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), -1) FROM pg_stat_replication")
    return int(float(value))


def check_load_and_standby(key: str) -> dict:
    lags = []
    with Writers(key, "TOPO-LOAD", time.monotonic() + LOAD_SECONDS + 30) as writers:
        end = time.monotonic() + LOAD_SECONDS
        while time.monotonic() < end:
            lags.append(replication_lag_bytes())
            time.sleep(0.5)
    rate = len(writers.acknowledged) / LOAD_SECONDS
    check(not writers.errors, f"{len(writers.errors)} scoring errors under load")
    check(all(lag >= 0 for lag in lags), "the standby was not streaming during the load")
    # Caught up: the standby has replayed everything the primary wrote.
    target = sql(PRIMARY, "SELECT pg_current_wal_lsn()")
    caught_up = False
    for _ in range(100):
        if sql(STANDBY, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
            caught_up = True
            break
        time.sleep(0.1)
    check(caught_up, "the standby did not catch up within 10 s")
    queries = {
        "orders": "SELECT count(*) FROM orders",
        "order_identifiers": "SELECT count(*) FROM order_identifiers",
        "payment_attempts": "SELECT count(*) FROM payment_attempts",
        "decisions": "SELECT string_agg(decision || ':' || n, ',' ORDER BY decision) FROM (SELECT decision, count(*) n FROM orders GROUP BY decision) d",
    }
    for name, query in queries.items():
        on_primary, on_standby = sql(PRIMARY, query), sql(STANDBY, query)
        check(on_primary == on_standby, f"{name}: primary {on_primary}, standby {on_standby}")
    log(f"{len(writers.acknowledged)} orders in {LOAD_SECONDS} s ({rate:.0f}/s) through nginx; max lag {max(lags)} bytes; the standby agrees")
    return {
        "orders_per_second": round(rate, 1),
        "replication_lag_bytes_max": max(lags),
        "replication_lag_bytes_median": sorted(lags)[len(lags) // 2],
        "lag_samples": len(lags),
        "synchronous": sql(PRIMARY, "SELECT string_agg(sync_state, ',') FROM pg_stat_replication"),
    }


def check_failover(key: str, topology: str) -> dict:
    with Writers(key, "TOPO-FAIL", time.monotonic() + 120) as writers:
        time.sleep(2)
        stopped_at = time.monotonic()
        subprocess.run([topology, "failover"], check=True, timeout=120)
        repointed_at = time.monotonic()
        # Keep writing against the promoted standby for a little while.
        for _ in range(100):
            with writers.lock:
                after = [t for t, _ in writers.acknowledged if t > repointed_at]
            if len(after) >= 20:
                break
            time.sleep(0.1)
    acknowledged = [order_id for _, order_id in writers.acknowledged]
    before = [t for t, _ in writers.acknowledged if t < stopped_at]
    # The outage: from the first request that failed after the stop to the next acknowledged one.
    first_failure = min((t for t, _ in writers.errors if t >= stopped_at), default=None)
    resumed = [t for t, _ in writers.acknowledged if first_failure is not None and t > first_failure]
    check(bool(before) and bool(resumed), "no orders acknowledged before and after the failover")
    stored = set(sql(STANDBY, "SELECT merchant_order_id FROM orders WHERE merchant_order_id LIKE 'TOPO-FAIL-%'").split())
    missing = [order_id for order_id in acknowledged if order_id not in stored]
    check(not missing, f"{len(missing)} acknowledged orders are missing after the failover, e.g. {missing[:5]}")
    failover_seconds = (min(resumed) - first_failure) if resumed and first_failure else None
    log(
        f"failover: {len(acknowledged)} orders acknowledged, {len(missing)} missing on the promoted standby; "
        f"scoring unavailable for {failover_seconds or 0:.2f} s (script {repointed_at - stopped_at:.2f} s); "
        f"{len(writers.errors)} requests refused or failed meanwhile (merchants fail open and retry)"
    )
    return {
        "acknowledged_orders": len(acknowledged),
        "missing_after_failover": len(missing),
        "failed_requests_during_failover": len(writers.errors),
        "unavailable_seconds": round(failover_seconds, 2) if failover_seconds is not None else None,
        "failover_script_seconds": round(repointed_at - stopped_at, 2),
    }


def main() -> None:
    topology, binary = sys.argv[1], sys.argv[2]
    key = create_tenant(binary)
    check_spread(key)
    check_idempotency(key)
    check_card_testing(key)
    load = check_load_and_standby(key)
    failover = check_failover(key, topology)
    summary = {
        "ran_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "kernel": platform.release()},
        "binary": binary,
        "load_seconds": LOAD_SECONDS,
        "writers": WRITERS,
        "load": load,
        "failover": failover,
        "failures": failures,
    }
    (ROOT / "docs/topology-last-run.json").write_text(json.dumps(summary, indent=2) + "\n")
    if failures:
        raise SystemExit("topology: " + "; ".join(failures))
    log("every check passed; docs/topology-last-run.json written")


if __name__ == "__main__":
    main()
