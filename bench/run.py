"""The benchmark harness behind scripts/bench (stdlib only; see docs/BENCHMARKS.md).

Seeds the data directory if it is new (bench/seed.py), starts the release `sekisho serve` on it
(127.0.0.1, a free port), runs every scenario one after the other with an established load
generator (wrk for closed loop, oha for the fixed-rate open loop corrected for coordinated
omission), and measures per scenario: throughput, p50/p99/p99.9, non-2xx and socket errors, the
server's peak RSS, CPU seconds of the server, of PostgreSQL (the postmaster and its children) and
of the load generator, the machine's other CPU use, WAL bytes per request and the top statements
of pg_stat_statements. Writes the JSON summary and refreshes the generated section of
docs/BENCHMARKS.md (bench/report.py).
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_pools  # noqa: E402
import report  # noqa: E402
import seed  # noqa: E402
from http_client import get_ok  # noqa: E402
from pg import Database, sekisho_env  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TICKS = os.sysconf("SC_CLK_TCK")


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def children_of(parent):
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent:
            pids.append(int(entry))
    return pids


def machine_busy_seconds():
    """CPU seconds the whole machine spent busy (everything but idle and iowait)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / TICKS


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Server:
    def __init__(self, binary, data_dir, run_dir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = sekisho_env(
            data_dir, SEKISHO_LISTEN=f"127.0.0.1:{self.port}",
            # PostgreSQL shares this machine's cores with the server and the load generator:
            # past about four connections per core they only queue for a core, and each one
            # plans its statements again after every ANALYZE (docs/BENCHMARKS.md).
            SEKISHO_POOL_SIZE=os.environ.get("SEKISHO_BENCH_POOL_SIZE", str(4 * (os.cpu_count() or 2))),
            # The bench measures the service, not its abuse limits.
            SEKISHO_API_KEY_REQUESTS_PER_SECOND="1000000",
            SEKISHO_REPORTS_PER_TENANT_PER_HOUR="100000000")
        self.log_path = os.path.join(run_dir, "server.log")
        self.process = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL,
                                        stderr=open(self.log_path, "w"))
        for _ in range(600):
            if get_ok(self.base, "/readyz"):
                return
            if self.process.poll() is not None:
                raise SystemExit(f"bench: the server exited; see {self.log_path}")
            time.sleep(0.5)
        raise SystemExit("bench: the server did not become ready in 5 minutes")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wrk_command(args, base, script, script_args, connections=None):
    return ["wrk", f"-t{args.threads}", f"-c{connections or args.connections}", f"-d{args.duration}s",
            "--timeout", "5s", "--latency", "-s", os.path.join(HERE, script), base, "--", *script_args]


def parse_wrk(text):
    line = [line for line in text.splitlines() if line.startswith("{")]
    if not line:
        raise SystemExit(f"bench: wrk printed no figures:\n{text}")
    figures = json.loads(line[-1])
    errors = (figures["non_2xx"] + figures["connect_errors"] + figures["read_errors"]
              + figures["write_errors"] + figures["timeouts"])
    return {"requests": figures["requests"], "rps": round(figures["rate"], 1),
            "p50_ms": figures["p50_ms"], "p99_ms": figures["p99_ms"], "p999_ms": figures["p999_ms"],
            "max_ms": figures["max_ms"], "errors": errors, "non_2xx": figures["non_2xx"]}


def parse_oha(text):
    data = json.loads(text)
    summary = data["summary"]
    percentiles = data.get("latencyPercentiles", {})
    codes = data.get("statusCodeDistribution", {})
    ok = sum(n for code, n in codes.items() if code.startswith("2"))
    total = sum(codes.values())
    failed = sum(data.get("errorDistribution", {}).values())
    seconds = summary.get("total") or 1

    def ms(key):
        value = percentiles.get(key)
        return round(value * 1000, 3) if value is not None else None

    return {"requests": total + failed, "rps": round(total / seconds, 1),
            "p50_ms": ms("p50"), "p99_ms": ms("p99"), "p999_ms": ms("p99.9"),
            "max_ms": round((summary.get("slowest") or 0) * 1000, 3),
            "errors": total - ok + failed, "non_2xx": total - ok}


def run_load(command, server, db, run_dir, name):
    """Runs one load generator to its end, measuring around it."""
    pg_pids = [db.postmaster_pid, *children_of(db.postmaster_pid)]
    server_cpu0 = cpu_seconds(server.process.pid)
    pg_cpu0 = {pid: cpu_seconds(pid) for pid in pg_pids}
    busy0 = machine_busy_seconds()
    peak = {"rss": rss_mib(server.process.pid)}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], rss_mib(server.process.pid))
            stop.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out_path = os.path.join(run_dir, f"{name}.out")
    started = time.time()
    with open(out_path, "w") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.time() - started
    stop.set()
    sampler.join()
    pg_now = [db.postmaster_pid, *children_of(db.postmaster_pid)]
    pg_cpu = sum(cpu_seconds(pid) - pg_cpu0.get(pid, 0.0) for pid in pg_now)
    server_cpu = cpu_seconds(server.process.pid) - server_cpu0
    generator_cpu = usage.ru_utime + usage.ru_stime
    busy = machine_busy_seconds() - busy0
    with open(out_path) as f:
        text = f.read()
    if child.returncode != 0:
        raise SystemExit(f"bench: {command[0]} failed ({child.returncode}):\n{text[-2000:]}")
    cpu = {
        "server_cores": round(server_cpu / wall, 2),
        "postgres_cores": round(pg_cpu / wall, 2),
        "load_generator_cores": round(generator_cpu / wall, 2),
        # Whatever else ran on the machine meanwhile (other builds share it).
        "other_cores": round(max(0.0, busy - server_cpu - pg_cpu - generator_cpu) / wall, 2),
    }
    return text, cpu, round(peak["rss"], 1)


def statement_ms_per_request(db, requests):
    """PostgreSQL's time in statements per request (executing; planning too where
    pg_stat_statements.track_planning is on), whatever the statements are: how the database's
    share of a request moves between changes."""
    total = float(db.value(
        "SELECT coalesce(sum(total_exec_time + total_plan_time), 0) FROM pg_stat_statements "
        "WHERE query NOT ILIKE '%pg_stat_statements%'"))
    return round(total / max(1, requests), 3)


def top_statements(db, limit=8):
    rows = db.rows(
        "SELECT calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3), "
        "rows, regexp_replace(left(query, 160), '\\s+', ' ', 'g') FROM pg_stat_statements "
        f"WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT {limit}")
    return [{"calls": int(c), "total_ms": float(t), "mean_ms": float(m), "rows": int(r), "query": q}
            for c, t, m, r, q in rows]


def scenarios(args, state, key):
    reports = str(seed.SCALES[state["scale"]]["reports"])
    listed = str(seed.SCALES[state["scale"]]["listed"])

    def load(mode, hit="0.05", forwarders="0.05"):
        return ("load.lua", [key, mode, hit, forwarders, reports, listed])

    return [
        ("me", "GET /v1/me (baseline)", load("me")),
        ("orders", "POST /v1/orders/score, closed loop, consortium hits 5 %", load("order")),
        ("orders_hit_0_5", "the same, consortium hits 0.5 %", load("order", hit="0.005")),
        ("orders_hit_20", "the same, consortium hits 20 %", load("order", hit="0.2")),
        ("orders_open", f"the same, open loop at {args.rate}/s (oha, latency corrected)", "open"),
        ("forwarders", "every order to one of the 50 busy forwarders", load("order", forwarders="1.0")),
        ("negative_lookup", "POST /v1/negative/lookup, hits 5 %", load("lookup")),
        ("logins", "POST /v1/logins/score (credential-stuffing bursts)", load("login")),
        ("payments", "POST /v1/payments/attempts (card-testing bursts)", load("payment")),
        ("fraud_reports", "POST /v1/fraud-reports", load("report")),
    ]


def open_loop_command(args, server, state, key, run_dir):
    """oha at a fixed rate with --latency-correction; bodies are varied orders written up front."""
    bodies = os.path.join(run_dir, "open-loop-bodies.jsonl")
    count = int(args.rate * args.duration * 1.2) + 100
    report.write_open_loop_bodies(bodies, count, state)
    return [args.oha, "-z", f"{args.duration}s", "-q", str(args.rate), "-c", str(args.connections),
            "--latency-correction", "--no-tui", "--output-format", "json", "-m", "POST",
            "-H", f"Authorization: Bearer {key}", "-T", "application/json", "-Z", bodies,
            f"{server.base}/v1/orders/score"]


def measure(args, name, title, spec, server, db, state, key, run_dir):
    if db.statements:
        db.run("SELECT pg_stat_statements_reset()")
    wal0 = db.value("SELECT pg_current_wal_lsn()")
    if spec == "open":
        if not (args.oha and os.access(args.oha, os.X_OK)):
            log("oha not found: the open-loop scenario is skipped (scripts/prerequisites bench)")
            return None
        command = open_loop_command(args, server, state, key, run_dir)
        tool = "oha"
    else:
        script, script_args = spec
        command = wrk_command(args, server.base, script, script_args)
        tool = "wrk"
    text, cpu, peak_rss = run_load(command, server, db, run_dir, name)
    figures = parse_oha(text) if tool == "oha" else parse_wrk(text)
    wal_bytes = int(db.value(f"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{wal0}')::bigint"))
    ok = max(1, figures["requests"] - figures["errors"])
    # Per request, so that runs of different throughput compare (the A/B tables in BENCHMARKS).
    ms_per_request = 1000.0 / figures["rps"] if figures["rps"] else 0.0
    cpu_ms = {f"{part.removesuffix('_cores')}_ms_per_request": round(cores * ms_per_request, 3)
              for part, cores in cpu.items()}
    result = {
        "scenario": name, "what": title, "tool": tool, **figures, "rss_mib": peak_rss,
        "cpu": {**cpu, **cpu_ms}, "wal_bytes_per_request": round(wal_bytes / ok),
        "top_statements": top_statements(db) if db.statements else [],
    }
    if db.statements:
        result["statement_ms_per_request"] = statement_ms_per_request(db, ok)
    log(f"{name}: {figures['rps']}/s p50 {figures['p50_ms']} ms p99 {figures['p99_ms']} ms "
        f"p99.9 {figures['p999_ms']} ms errors {figures['errors']} rss {peak_rss} MiB cpu {cpu}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(seed.SCALES), default="small")
    parser.add_argument("--dir", required=True, help="holds the data directory, state and runs")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--oha", default="")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rate", type=int, default=200, help="open-loop orders per second")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--history-days", type=int, default=seed.DEFAULT_HISTORY_DAYS,
                        help="days the seeded orders spread over (e.g. 365 for a year of "
                             "partitioned history); fixed when a seed is made")
    parser.add_argument("--out", default="")
    parser.add_argument("--docs", default="")
    parser.add_argument("--revert-after", default="",
                        help="after the run, revert this binary's migrations newer than VERSION, "
                             "so that an older binary measured next on the same seed runs its "
                             "own SQL functions (A/B comparisons)")
    args = parser.parse_args()

    args.data_dir = os.path.join(args.dir, "data")
    os.makedirs(args.dir, exist_ok=True)
    os.chmod(args.dir, 0o755)
    run_dir = os.path.join(args.dir, "runs", time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()))
    os.makedirs(run_dir, exist_ok=True)
    scale = seed.SCALES[args.scale]
    state = seed.load_state(args.dir)
    if state and state["scale"] != args.scale:
        raise SystemExit(f"bench: {args.dir} holds a {state['scale']} seed; use another --dir")
    if not 1 <= args.history_days <= 3650:
        raise SystemExit("bench: --history-days is 1 to 3650")
    if state and state.get("history_days", seed.DEFAULT_HISTORY_DAYS) != args.history_days:
        raise SystemExit(f"bench: {args.dir} holds a seed over {state.get('history_days', seed.DEFAULT_HISTORY_DAYS)} "
                         "days of history; use another --dir")
    seeding_started, measuring = time.time(), 0
    if state is None:
        log(f"seeding at scale {args.scale} into {args.dir}")
        state = seed.base(args, scale)
    server = Server(args.binary, args.data_dir, run_dir)
    results, flat_base = [], state.get("flat_base")
    try:
        check_pools.check(server.base)
        db = Database(args.data_dir)
        try:
            db.run("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            db.run("SELECT pg_stat_statements_reset()")
            db.statements = True
        except subprocess.CalledProcessError:
            log("pg_stat_statements is not loaded (shared_preload_libraries): no statement figures")
            db.statements = False
        if "forwarders" not in state:
            seed.online(args, scale, state, db, server.base)
        key = state["tenants"][0]["key"]
        if state["stage"] == "base":
            if not args.seed_only:
                # The same order scenario at the base volume, before the bulk of the orders.
                log(f"orders at {state['orders']} stored orders (before the bulk)")
                flat_base = measure(args, "orders_at_base", "orders, closed loop, before the bulk load",
                                    scenarios(args, state, key)[1][2], server, db, state, key, run_dir)
                flat_base["stored_orders"] = state["orders"]
                state["flat_base"] = flat_base
                measuring += args.duration
            seed.bulk(args, scale, state, db)
        if "seed_seconds" not in state or state.get("seed_seconds") is None:
            state["seed_seconds"] = round(time.time() - seeding_started - measuring, 1)
            seed.save(args, state)
        if args.seed_only:
            return
        # A few seconds of orders first, so that the first measured scenario does not pay for
        # cold caches and connection set-up.
        warm = wrk_command(args, server.base, *scenarios(args, state, key)[1][2])
        warm[3] = "-d3s"
        subprocess.run(warm, stdout=subprocess.DEVNULL, check=False)
        wanted = {n for n in args.only.split(",") if n}
        for name, title, spec in scenarios(args, state, key):
            if wanted and name not in wanted:
                continue
            result = measure(args, name, title, spec, server, db, state, key, run_dir)
            if result:
                results.append(result)
        stored = int(db.value("SELECT count(*) FROM orders"))
        machine = report.machine(db)
    finally:
        server.stop()
        if args.revert_after:
            # The server migrated the seed to this binary's schema; the SQL functions it
            # replaced would otherwise stay in force under the next, older binary.
            log(seed.sekisho(args.binary, args.data_dir, "migrate", "--revert-after",
                             args.revert_after).strip())
    summary = report.summary(args, state, results, flat_base, stored, machine)
    with open(os.path.join(run_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2, ensure_ascii=False)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(summary, f, indent=2, ensure_ascii=False)
            f.write("\n")
    if args.docs:
        report.refresh_docs(args.docs, summary)
    for budget in summary["budgets"]:
        mark = "met" if budget["met"] else "NOT MET"
        log(f"budget {budget['budget']}: measured {budget['measured']} → {mark}")
    log(f"run directory {run_dir}")


if __name__ == "__main__":
    main()
