"""Checks that bench/load.lua and bench/pools.py describe the same customers (run by
scripts/bench before a run; exits non-zero on any difference). wrk runs the Lua for a moment
against the given base URL and prints the identifiers from done()."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pools  # noqa: E402


def check(base_url):
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, SEKISHO_BENCH_POOLS_CHECK="1")
    out = subprocess.run(["wrk", "-t1", "-c1", "-d1s", "-s", os.path.join(here, "load.lua"),
                          base_url + "/healthz", "--", "", "lookup"],
                         env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    problems = []
    for line in out.splitlines():
        if not line.startswith("{"):
            continue
        lua = json.loads(line)
        if "zipf" in lua:
            if pools.zipf(lua["u"]) != lua["zipf"]:
                problems.append(f"zipf({lua['u']}): lua {lua['zipf']}, python {pools.zipf(lua['u'])}")
            continue
        k = lua["k"]
        python = {"email": pools.email(k), "phone": pools.phone_national(k), "card": pools.card(k),
                  "ip": pools.ip(k), "device": pools.device(k), "name": pools.name(k),
                  "account": pools.account(k), "address": pools.customer_address(k),
                  "forwarder": pools.forwarder_address(k % 50)}
        for field, value in python.items():
            if lua[field] != value:
                problems.append(f"k={k} {field}: lua {lua[field]!r}, python {value!r}")
    if not out.strip() or problems:
        raise SystemExit("bench: bench/load.lua and bench/pools.py disagree:\n" + "\n".join(problems or [out]))


if __name__ == "__main__":
    check(sys.argv[1])
