"""Seeds a benchmark database at a chosen scale (run by scripts/bench; stdlib only).

Stage `base`: tenants, the consortium (fraud reports through `sekisho import reports`), reference
addresses and card BINs (`sekisho import addresses` / `card-bins`), the bench tenant's lists and
the first orders. Stage `bulk`: the rest of the orders, among them the history of the 50 busy
forwarders, so that a run can measure scoring at the base volume first and at the full volume
after (the "cost stays flat" budget).

Orders go straight into `orders` and `order_identifiers` through COPY, as the schema owner:
`sekisho import` has no order importer (orders are the product's output, not an input any
operator loads), and scoring a million orders through the API would take the hour the benchmark
is meant to save. Their fingerprints are computed here from bench/pools.py, so the history is
what velocity finds; the forwarders' address fingerprints are learnt from the server (an order to
each scored through the API), since Japanese address normalisation lives in Rust. Before writing,
the seed scores a probe order and checks that its own fingerprints equal the server's.
"""

import csv
import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pools  # noqa: E402
from pg import Database, sekisho_env  # noqa: E402

SCALES = {
    # 10 M consortium fingerprints (8 per report), 1 M orders over 90 days, 101,000 reference
    # addresses, 10,000 list entries.
    "full": dict(reports=1_250_000, hot_reports=2_000, vacant=100_000, extra_forwarders=950,
                 listed=10_000, base_orders=10_000, forwarder_orders=10_000,
                 bulk_orders=int(os.environ.get("SEKISHO_BENCH_BULK_ORDERS", "490000"))),
    # 1 %: quick runs.
    "small": dict(reports=12_500, hot_reports=100, vacant=1_000, extra_forwarders=50,
                  listed=1_000, base_orders=2_000, forwarder_orders=100,
                  bulk_orders=int(os.environ.get("SEKISHO_BENCH_BULK_ORDERS", "3000"))),
}
# Days the base and bulk orders spread over (`--history-days`; 365 gives a year of history, so
# that a run measures scoring over a year of monthly partitions). The forwarders' history stays
# within 30 days: that is what their velocity signal reads.
DEFAULT_HISTORY_DAYS = 90
TENANTS = ["Bench Shop", "Second Shop", "Third Shop", "Fourth Shop"]
CATEGORIES = ["chargeback", "unpaid", "resale", "card_testing", "account_takeover", "other"]
HISTORY_KINDS = ["email", "phone", "ip", "card", "device_id", "name", "account"]
# A forwarder's history needs only what the per-address velocity counts (names, accounts and
# cards per delivery point): four rows per order instead of nine keep the seed's disk use down.
FORWARDER_KINDS = ["card", "name", "account"]


def log(message):
    print(f"seed: {message}", file=sys.stderr, flush=True)


def sekisho(binary, data_dir, *args):
    out = subprocess.run([binary, *args], env=sekisho_env(data_dir), check=True,
                         stdout=subprocess.PIPE, text=True)
    return out.stdout


def order_body(k, order_id, address):
    return {
        "order_id": order_id, "amount": 4800, "currency": "JPY", "payment_method": "card",
        "customer": {"account_id": pools.account(k), "email": pools.email(k),
                     "phone": pools.phone_national(k), "name": pools.name(k)},
        "shipping_address": address,
        "card": {"number": pools.card(k)},
        "device": {"ip": pools.ip(k), "device_id": pools.device(k)},
        "items": [{"sku": "SEED-1", "quantity": 1, "unit_price": 4800, "category": "books"}],
    }


def write_reports(directory, scale, tenants):
    """One CSV per tenant: the reported customers round-robin, the hot identifiers by all."""
    paths = []
    files = [open(os.path.join(directory, f"reports-{i}.csv"), "w", newline="", encoding="utf-8")
             for i in range(len(tenants))]
    writers = [csv.writer(f) for f in files]
    for w in writers:
        w.writerow(["category", "amount", "currency", "occurred_at", "order_id", "email", "phone",
                    "ip", "card", "device_id", "name"])
    day0 = datetime(2026, 6, 1)
    for j in range(scale["reports"]):
        k = pools.REPORTED_BASE + j
        when = (day0 + timedelta(days=j % 180)).strftime("%Y-%m-%d")
        writers[j % len(tenants)].writerow([
            CATEGORIES[j % 6], 1000 + j % 90000, "JPY", when, f"R-{j}", pools.email(k),
            pools.phone_national(k), pools.ip(k), pools.card(k), pools.device(k), pools.name(k)])
    for h in range(pools.HOT_COUNT):
        k = pools.HOT_BASE + h
        for r in range(scale["hot_reports"]):
            when = (day0 + timedelta(days=r % 180, minutes=r)).strftime("%Y-%m-%dT%H:%M:00+09:00")
            writers[r % len(tenants)].writerow([
                CATEGORIES[r % 6], 1000 + r, "JPY", when, f"H-{h}-{r}", pools.email(k),
                pools.phone_national(k), pools.ip(k), pools.card(k), pools.device(k),
                pools.name(k)])
    for i, f in enumerate(files):
        f.close()
        paths.append(f.name)
    return paths


def write_reference(directory, scale):
    vacant = os.path.join(directory, "vacant.csv")
    with open(vacant, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["country", "postal_code", "region", "locality", "line1", "line2", "label"])
        for i in range(scale["vacant"]):
            a = pools.customer_address(pools.POOL + i)
            w.writerow(["JP", a["postal_code"], "", "", a["line1"], f"{1000 + i % 9000}号室", "bench"])
    forwarders = os.path.join(directory, "forwarders.csv")
    with open(forwarders, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["country", "postal_code", "region", "locality", "line1", "line2", "label"])
        for i in range(pools.FORWARDERS):
            a = pools.forwarder_address(i)
            w.writerow(["JP", a["postal_code"], "", "", a["line1"], a["line2"], "bench forwarder"])
        for i in range(scale["extra_forwarders"]):
            w.writerow(["JP", "135-0061", "", "", f"東京都江東区豊洲{1 + i % 6}-{1 + i // 6 % 20}-{1 + i % 9}",
                        "", "bench forwarder"])
    bins = os.path.join(directory, "card-bins.csv")
    with open(bins, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["bin", "brand", "issuer_country", "card_type", "issuer"])
        for b in range(450000, 460000):
            w.writerow([b, "visa", "US" if b % 17 == 0 else "JP", "credit", "Bench Bank"])
    return vacant, forwarders, bins


def learn_from_server(base_url, api_key, db, fingerprints, bench_tenant):
    """Scores a probe order and one order per forwarder; returns the forwarders' address
    fingerprints and the kinds whose Python fingerprints equal the server's."""
    from http_client import post_json  # noqa: PLC0415

    probe_k = 12_345
    status, _ = post_json(base_url, "/v1/orders/score", api_key,
                          order_body(probe_k, "seed-probe", pools.customer_address(probe_k)))
    if status != 200:
        raise SystemExit(f"seed: the probe order was refused ({status})")
    server = dict(db.rows(
        "SELECT oi.kind, encode(oi.fingerprint, 'hex') FROM order_identifiers oi "
        "JOIN orders o ON o.tenant_id = oi.tenant_id AND o.id = oi.order_id "
        "WHERE o.merchant_order_id = 'seed-probe'"))
    ours = fingerprints.customer(probe_k, bench_tenant)
    agree = [kind for kind, fp in ours.items() if server.get(kind) == fp.hex()]
    disagree = [kind for kind in ours if kind not in agree]
    if disagree:
        log(f"WARNING: fingerprints differ from the server's for {disagree}; history orders will "
            "not be found by velocity for those kinds")
    forwarders = []
    for i in range(pools.FORWARDERS):
        order_id = f"seed-forwarder-{i}"
        status, _ = post_json(base_url, "/v1/orders/score", api_key,
                              order_body(probe_k + 1 + i, order_id, pools.forwarder_address(i)))
        if status != 200:
            raise SystemExit(f"seed: a forwarder order was refused ({status})")
        rows = dict(db.rows(
            "SELECT oi.kind, encode(oi.fingerprint, 'hex') FROM order_identifiers oi "
            "JOIN orders o ON o.tenant_id = oi.tenant_id AND o.id = oi.order_id "
            f"WHERE o.merchant_order_id = '{order_id}'"))
        forwarders.append((bytes.fromhex(rows["address_delivery_point"]),
                           bytes.fromhex(rows["address_building"])))
    return forwarders, agree


def write_lists(path, scale, fingerprints, bench_tenant):
    """Block list entries for the listed customers (kinds in turn), allow list for 100 regulars."""
    kinds = [("email", pools.email), ("card", pools.card), ("phone", pools.phone_e164),
             ("device_id", pools.device)]
    now = datetime.now(timezone.utc).isoformat()
    with open(path, "w", encoding="utf-8") as f:
        for i in range(scale["listed"]):
            list_name, k = ("allow", 1 + i) if i < 100 else ("block", pools.LISTED_BASE + i)
            kind, value = kinds[i % len(kinds)]
            fp = fingerprints.of(kind, value(k))
            f.write(f"{bench_tenant}\t{uuid.uuid4()}\t{list_name}\t{kind}\t\\\\x{fp.hex()}\t***\t"
                    f"bench\t\\N\tbench\t{now}\n")


def uuid7(at):
    """A UUIDv7 of time `at`, as the server mints for a new order: `orders` is partitioned by
    the month its id encodes (migration 2026-12-02-950001)."""
    raw = bytearray(int(at.timestamp() * 1000).to_bytes(6, "big") + os.urandom(10))
    raw[6] = 0x70 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    return uuid.UUID(bytes=bytes(raw))


def write_orders(orders_path, ids_path, plan, fingerprints, rng):
    """plan: (tenant_id, count, days, forwarder index or None, order id prefix)."""
    now = datetime.now(timezone.utc)
    written = 0
    with open(orders_path, "w", encoding="utf-8") as orders, open(ids_path, "w", encoding="utf-8") as ids:
        for tenant_id, count, days, forwarder, prefix in plan:
            for n in range(count):
                k = pools.zipf(rng.random())
                at = now - timedelta(seconds=rng.random() * days * 86400)
                at_text = at.isoformat()
                order_id = uuid7(at)
                amount = 1000 + int(rng.random() * 30000)
                orders.write(
                    f"{tenant_id}\t{order_id}\t{prefix}-{n}\t{at_text}\t{amount}\tJPY\tcard\t"
                    f"{pools.account(k)}\taccept\t5\t[]\tnone\t1\t[]\t{{}}\t{{}}\taccepted\t{at_text}\n")
                prints = fingerprints.customer(k, tenant_id)
                for kind in (HISTORY_KINDS if forwarder is None else FORWARDER_KINDS):
                    ids.write(f"{tenant_id}\t{order_id}\t{kind}\t\\\\x{prints[kind].hex()}\t{at_text}\n")
                if forwarder is not None:
                    point = forwarder[0]
                    ids.write(f"{tenant_id}\t{order_id}\taddress_delivery_point\t\\\\x{point.hex()}\t{at_text}\n")
                else:
                    point, building = os.urandom(32), os.urandom(32)
                    ids.write(f"{tenant_id}\t{order_id}\taddress_delivery_point\t\\\\x{point.hex()}\t{at_text}\n")
                    ids.write(f"{tenant_id}\t{order_id}\taddress_building\t\\\\x{building.hex()}\t{at_text}\n")
                written += 1
    return written


ORDER_COLUMNS = ("tenant_id, id, merchant_order_id, ordered_at, amount_minor, currency, payment_method, "
                 "account_id, decision, score, reasons, three_ds, policy_version, shadow_rules, signals, "
                 "summary, status, scored_at")


def copy_orders(db, directory, name, plan, fingerprints, rng):
    orders_path = os.path.join(directory, f"{name}-orders.tsv")
    ids_path = os.path.join(directory, f"{name}-order-identifiers.tsv")
    start = time.time()
    n = write_orders(orders_path, ids_path, plan, fingerprints, rng)
    log(f"{name}: {n} orders written in {time.time() - start:.1f} s; loading with COPY")
    start = time.time()
    # The months of the history get their partitions first, or its rows would all land in the
    # default partitions (the server creates only last month and the months ahead).
    days = max(p[2] for p in plan)
    db.run("SELECT sekisho_create_partition(t, m::date) "
           "FROM unnest(ARRAY['orders', 'order_identifiers']) AS t, "
           f"generate_series(date_trunc('month', now() - interval '{int(days) + 1} days'), now(), "
           "interval '1 month') AS m")
    db.copy_in(f"orders ({ORDER_COLUMNS})", orders_path)
    db.copy_in("order_identifiers (tenant_id, order_id, kind, fingerprint, at)", ids_path)
    db.run("ANALYZE orders; ANALYZE order_identifiers")
    log(f"{name}: loaded in {time.time() - start:.1f} s")
    os.remove(orders_path)
    os.remove(ids_path)
    return n


def base(args, scale):
    """Everything but the bulk of the orders; leaves state.json in the data directory."""
    directory = args.dir
    files = os.path.join(directory, "seed-files")
    os.makedirs(files, exist_ok=True)
    timings = {}
    started = time.time()
    sekisho(args.binary, args.data_dir, "migrate")
    tenants = []
    for name in TENANTS:
        out = json.loads(sekisho(args.binary, args.data_dir, "admin", "create-tenant", "--name", name))
        tenants.append({"id": out["tenant_id"], "name": name, "key": out["api_key"]["key"]})
    t = time.time()
    report_files = write_reports(files, scale, tenants)
    log(f"reports written in {time.time() - t:.1f} s; importing")
    t = time.time()
    imported = 0
    for path, tenant in zip(report_files, tenants):
        summary = json.loads(sekisho(args.binary, args.data_dir, "import", "reports", path,
                                     "--tenant", tenant["id"]))
        imported += summary["identifiers"]
        os.remove(path)
    timings["import_reports_s"] = round(time.time() - t, 1)
    log(f"{imported} consortium fingerprints imported in {timings['import_reports_s']} s")
    t = time.time()
    vacant, forwarders, bins = write_reference(files, scale)
    references = 0
    for command in (["addresses", vacant, "--list", "vacant_room"],
                    ["addresses", forwarders, "--list", "forwarder"],
                    ["card-bins", bins]):
        summary = json.loads(sekisho(args.binary, args.data_dir, "import", *command))
        references += summary["imported"] + summary["unchanged"]
        os.remove(command[1])
    timings["import_reference_s"] = round(time.time() - t, 1)
    state = {"scale": args.scale, "history_days": args.history_days, "tenants": tenants, "stage": "base",
             "consortium_fingerprints": imported, "reference_rows": references,
             "timings": timings}
    with open(os.path.join(directory, "state.json"), "w") as f:
        json.dump(state, f, indent=2)
    log(f"base stage (offline part) done in {time.time() - started:.1f} s")
    return state


def online(args, scale, state, db, base_url):
    """The part that needs the server: learning fingerprints, lists and the base orders."""
    from pg import consortium_key  # noqa: PLC0415

    fingerprints = pools.Fingerprints(consortium_key(args.data_dir))
    bench = state["tenants"][0]
    t = time.time()
    forwarders, agree = learn_from_server(base_url, bench["key"], db, fingerprints, bench["id"])
    state["forwarders"] = [[p.hex(), b.hex()] for p, b in forwarders]
    state["fingerprints_agree"] = agree
    lists = os.path.join(args.dir, "seed-files", "lists.tsv")
    write_lists(lists, scale, fingerprints, bench["id"])
    # An interrupted earlier attempt may have loaded some of this stage: start it again clean.
    db.run("DELETE FROM tenant_lists WHERE created_by = 'bench'; "
           "DELETE FROM orders WHERE merchant_order_id LIKE 'seed-base-%'")
    db.copy_in("tenant_lists (tenant_id, id, list, kind, fingerprint, display, note, expires_at, "
               "created_by, created_at)", lists)
    os.remove(lists)
    state["list_entries"] = scale["listed"]
    rng = random.Random(1)
    per_tenant = scale["base_orders"] // len(state["tenants"])
    days = state.get("history_days", DEFAULT_HISTORY_DAYS)
    plan = [(tenant["id"], per_tenant, days, None, f"seed-base-{i}") for i, tenant in enumerate(state["tenants"])]
    state["orders"] = copy_orders(db, os.path.join(args.dir, "seed-files"), "base", plan, fingerprints, rng)
    state["timings"]["base_orders_s"] = round(time.time() - t, 1)
    save(args, state)


def bulk(args, scale, state, db):
    from pg import consortium_key  # noqa: PLC0415

    fingerprints = pools.Fingerprints(consortium_key(args.data_dir))
    t = time.time()
    rng = random.Random(2)
    tenants = state["tenants"]
    bench = tenants[0]["id"]
    plan = [(bench, scale["forwarder_orders"], 30, (bytes.fromhex(p), bytes.fromhex(b)), f"seed-fwd-{i}")
            for i, (p, b) in enumerate(state["forwarders"])]
    # The rest over the history's days (90 unless --history-days): 40 % to the bench tenant,
    # 20 % to each other tenant.
    days = state.get("history_days", DEFAULT_HISTORY_DAYS)
    shares = [0.4, 0.2, 0.2, 0.2]
    plan += [(tenant["id"], int(scale["bulk_orders"] * share), days, None, f"seed-bulk-{i}")
             for i, (tenant, share) in enumerate(zip(tenants, shares))]
    state["orders"] += copy_orders(db, os.path.join(args.dir, "seed-files"), "bulk", plan, fingerprints, rng)
    state["stage"] = "bulk"
    state["timings"]["bulk_orders_s"] = round(time.time() - t, 1)
    save(args, state)


def save(args, state):
    with open(os.path.join(args.dir, "state.json"), "w") as f:
        json.dump(state, f, indent=2)


def load_state(directory):
    path = os.path.join(directory, "state.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)
