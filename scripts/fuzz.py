"""The API fuzz suite (run through scripts/fuzz, which provides the pinned schemathesis).

Starts a real `sekisho serve --demo` on a private data directory and a free 127.0.0.1 port,
signs in as each kind of caller (a tenant's API key, its owner, analyst and reviewer, and a
platform admin), and runs schemathesis over every operation of the served /openapi.json once per
caller. It fails on any 5xx, any response that violates its schema or content type, and any status
code the operation does not document.

Then the privacy proof: the card numbers, emails and phones that were sent (the fuzzer's, read
back from its HAR report, and a fixed set of canaries sent in every field position and JSON type)
must appear neither in the server's log, nor in PostgreSQL's log, nor in a pg_dump of the
database.

Exit code 0 only when every run and the privacy proof passed. A summary is printed (and written
as JSON with --summary PATH).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from demo_server import Server, request, sign_in

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
# Order matters: the API key first, the platform admin last, so that a caller that may revoke
# keys or change the policy runs after the callers that depend on them.
CALLERS = ["api_key", "analyst", "reviewer", "owner", "platform_admin"]

# Canaries: personal data the privacy proof looks for afterwards. Sent in valid requests and in
# every wrong position and JSON type a client could get wrong.
CANARY_CARD = "4024007186754924"
CANARY_CARD_SPACED = "4024 0071 8675 4924"
CANARY_EMAIL = "fuzz.canary.8731@example-mail.jp"
CANARY_PHONE = "090-3141-5926"
CANARY_PHONE_DIGITS = "09031415926"
CANARY_E164 = "+819031415926"


def log(message: str) -> None:
    print(f"fuzz: {message}", file=sys.stderr, flush=True)


def fuzz_settings(jwt_ttl_secs: int) -> dict[str, str]:
    return {
        "SEKISHO_JWT_TTL_SECS": str(jwt_ttl_secs),
        # The fuzzer signs in and files reports far faster than a person; the limits have tests
        # of their own (a 429 is documented and accepted all the same).
        "SEKISHO_LOGIN_PER_IP_PER_MINUTE": "1000000",
        "SEKISHO_LOGIN_PER_ACCOUNT_PER_MINUTE": "1000000",
        "SEKISHO_REPORTS_PER_TENANT_PER_HOUR": "1000000",
        "SEKISHO_DEVICE_TAG_PER_IP_PER_MINUTE": "1000000",
    }


def run_schemathesis(args, base: str, caller: str, token: str, report_dir: Path) -> dict:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{base}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--workers",
        str(args.workers),
        "--request-timeout",
        "30",
        "--report",
        "har,junit",
        "--report-dir",
        str(report_dir),
        "--suppress-health-check",
        "all",
        "--continue-on-failure",
        "--no-color",
    ]
    if args.max_time:
        command += ["--max-time", str(args.max_time)]
    if args.phases:
        command += ["--phases", args.phases]
    log(f"{caller}: {' '.join(command[:3])} … (max {args.max_examples} examples per operation)")
    started = time.monotonic()
    output_path = report_dir / "output.txt"
    with open(output_path, "wb") as output:
        # In the report's directory: schemathesis keeps a cache in its working directory.
        code = subprocess.call(command, stdout=output, stderr=subprocess.STDOUT, env=quiet_env(), cwd=report_dir)
    text = output_path.read_text(errors="replace")
    cases = junit_cases(report_dir)
    result = {
        "caller": caller,
        "exit_code": code,
        "seconds": round(time.monotonic() - started, 1),
        "requests": har_requests(report_dir),
        **har_statuses(report_dir),
        "operations": cases["operations"],
        "failing_operations": cases["failing"],
        "summary": summary_lines(text),
    }
    if code != 0:
        log(f"{caller}: schemathesis failed (exit {code}); its report:\n{text[-12000:]}")
    return result


def quiet_env():
    env = dict(os.environ)
    # No telemetry and no update checks: the network reaches only package registries.
    env["SCHEMATHESIS_TELEMETRY"] = "false"
    env["NO_COLOR"] = "1"
    return env


def summary_lines(text: str) -> list[str]:
    keep = ("Test cases", "API Operations", "Test Phases", "Failures", "Errors", "Warnings", "passed", "failed")
    lines = [line.strip() for line in text.splitlines() if any(k in line for k in keep)]
    return lines[-12:]


def junit_cases(report_dir: Path) -> dict:
    import xml.etree.ElementTree as ET

    operations, failing = 0, []
    for path in report_dir.glob("*.xml"):
        for case in ET.parse(path).getroot().iter("testcase"):
            operations += 1
            if case.find("failure") is not None or case.find("error") is not None:
                failing.append(case.get("name"))
    return {"operations": operations, "failing": failing}


def har_entries(report_dir: Path):
    for path in report_dir.glob("har-*.json"):
        try:
            yield from json.loads(path.read_text())["log"]["entries"]
        except (ValueError, KeyError):
            continue


def har_requests(report_dir: Path) -> int:
    return sum(1 for _ in har_entries(report_dir))


def har_statuses(report_dir: Path) -> dict:
    """How often each status and each error code came back."""
    statuses, codes = {}, {}
    for entry in har_entries(report_dir):
        response = entry.get("response", {})
        status = str(response.get("status"))
        statuses[status] = statuses.get(status, 0) + 1
        if status.startswith(("4", "5")):
            try:
                code = json.loads((response.get("content") or {}).get("text") or "{}")["error"]["code"]
            except (ValueError, KeyError, TypeError):
                code = "(not an error body)"
            key = f"{status} {code}"
            codes[key] = codes.get(key, 0) + 1
    return {"statuses": dict(sorted(statuses.items())), "error_codes": dict(sorted(codes.items()))}


# --- the privacy proof -------------------------------------------------------------------------

# Operations whose bodies carry customers' personal data (staff accounts' own emails, as sent to
# the user-management operations, are account data and are stored as such).
PERSONAL_DATA_PATHS = re.compile(
    r"/v1/(orders/score|orders/[^/]+/outcomes|fraud-reports|negative/lookup|payments/attempts"
    r"|logins/score)$"
)
PERSONAL_KEYS = {"number", "card", "email", "phone"}


def sent_personal_data(report_dirs: list[Path]) -> set[str]:
    """The card numbers, emails and phones the fuzzer sent, as it sent them."""
    found: set[str] = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif key in PERSONAL_KEYS and isinstance(value, (str, int)) and not isinstance(value, bool):
            text = str(value)
            # Short or repetitive values ("0", "aaaa") occur in any log by chance.
            if len(text) >= 10 and len(set(text)) >= 5:
                found.add(text)

    handed_out = []
    for report_dir in report_dirs:
        for entry in har_entries(report_dir):
            handed_out.append((entry.get("response", {}).get("content") or {}).get("text") or "")
            req = entry.get("request", {})
            path = urllib.parse.urlparse(req.get("url", "")).path
            if not PERSONAL_DATA_PATHS.search(path):
                continue
            text = (req.get("postData") or {}).get("text")
            if not text:
                continue
            try:
                walk(json.loads(text))
            except ValueError:
                continue
    # What the server itself handed out (masked summaries, staff emails), the fuzzer may send
    # back; finding it stored again proves nothing either way.
    responses = "\n".join(handed_out)
    return {value for value in found if "*" not in value and value not in responses}


def send_canaries(base: str, api_key: str) -> int:
    """Sends the canaries through every scoring and consortium operation, valid and invalid."""
    bodies, wrong = canary_bodies()
    sent = 0
    for path, body in bodies + wrong:
        request("POST", f"{base}{path}", body, api_key)
        sent += 1
    # Not JSON at all, and a query string holding the values.
    request("POST", f"{base}/v1/orders/score", token=api_key, raw=f'{{"card": {CANARY_CARD}, "email": {CANARY_EMAIL}'.encode())
    request("GET", f"{base}/v1/orders?q={CANARY_EMAIL}&limit={CANARY_CARD}", token=api_key)
    request("GET", f"{base}/v1/orders/{CANARY_CARD}", token=api_key)
    return sent + 3


def canary_bodies():
    """Valid requests carrying the canaries, and requests with them in the wrong places."""
    card = {"number": CANARY_CARD_SPACED}
    customer = {"email": CANARY_EMAIL, "phone": CANARY_PHONE, "account_id": "canary-account"}
    bodies = [
        ("/v1/orders/score", {"order_id": "canary-1", "amount": 1200, "currency": "JPY",
                              "payment_method": "card", "customer": customer, "card": card,
                              "shipping_address": {"postal_code": "150-0002", "line1": "東京都渋谷区渋谷2-21-1",
                                                   "phone": CANARY_PHONE}}),
        ("/v1/fraud-reports", {"category": "chargeback", "amount": 9800, "currency": "JPY",
                               "occurred_at": "2026-11-01T00:00:00Z",
                               "identifiers": {"card": CANARY_CARD, "email": CANARY_EMAIL, "phone": CANARY_PHONE}}),
        ("/v1/negative/lookup", {"identifiers": {"card": CANARY_CARD, "email": CANARY_EMAIL, "phone": CANARY_PHONE}}),
        ("/v1/payments/attempts", {"card": card, "amount": 500, "currency": "JPY", "result": "declined",
                                   "decline_code": "05", "ip": "203.0.113.77"}),
    ]
    # Wrong types and wrong places: a PAN as a JSON number, personal data in enum, number and
    # date fields, and in the places of ids.
    wrong = [
        ("/v1/orders/score", {"order_id": "canary-2", "amount": 1200, "currency": "JPY",
                              "card": {"number": int(CANARY_CARD)}}),
        ("/v1/orders/score", {"order_id": "canary-3", "amount": CANARY_CARD, "currency": CANARY_EMAIL,
                              "payment_method": CANARY_PHONE}),
        ("/v1/orders/score", {"order_id": "canary-4", "amount": 1200, "currency": "JPY",
                              "customer": {"email": int(CANARY_PHONE_DIGITS), "phone": [CANARY_PHONE]}}),
        ("/v1/orders/score", {"order_id": "canary-5", "amount": 1200, "currency": "JPY",
                              "card": {"number": CANARY_CARD, "expiry": CANARY_EMAIL}}),
        ("/v1/fraud-reports", {"category": CANARY_EMAIL, "amount": 1, "currency": "JPY",
                               "occurred_at": CANARY_PHONE, "identifiers": {"card": int(CANARY_CARD)}}),
        ("/v1/negative/lookup", {"identifiers": {"card": {"number": CANARY_CARD}, "email": 12, "phone": True}}),
        ("/v1/payments/attempts", {"card": {"number": int(CANARY_CARD)}, "amount": 1, "currency": "JPY",
                                   "result": CANARY_CARD}),
        ("/v1/logins/score", {"account_id": CANARY_EMAIL, "success": CANARY_PHONE, "ip": CANARY_CARD}),
        (f"/v1/orders/{CANARY_CARD}/outcomes", {"type": CANARY_EMAIL, "reason": CANARY_PHONE}),
    ]
    return bodies, wrong


def hostile_text_probe(base: str, tokens: dict) -> dict:
    """Invalid text (a NUL byte, a lone surrogate escape) in every path and query parameter of
    every operation, and in every string of the canaries' valid bodies: schemathesis rarely sends
    these, and each must give a documented 4xx, never a 5xx."""
    document = json.loads(request("GET", f"{base}/openapi.json")[1])
    failures, sent = [], 0

    def check(method, template, url, body, token, where=""):
        nonlocal sent
        sent += 1
        raw = json.dumps(body).encode() if body is not None else None
        status, answer = request(method, url, token=token, raw=raw)
        documented = document["paths"][template][method.lower()]["responses"]
        if status >= 500 or str(status) not in documented:
            failures.append(f"{method} {url.removeprefix(base)}{where} -> {status} {answer[:120]!r}")

    for template, item in document["paths"].items():
        for method, operation in item.items():
            params = operation.get("parameters", [])
            callers = ["platform_admin"] if "/admin/" in template else ["owner", "api_key"]
            body = {} if "requestBody" in operation else None
            for token, bad in [(tokens[c], b) for c in callers for b in ("a%00b", "%ED%A0%80")]:
                if any(p["in"] == "path" for p in params):
                    url = re.sub(r"\{[^}]+\}", bad, template)
                    check(method.upper(), template, f"{base}{url}", body, token)
                for p in params:
                    if p["in"] == "query":
                        url = re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", template)
                        check(method.upper(), template, f"{base}{url}?{p['name']}={bad}", body, token)

    def variants(value, at=""):
        """The body once per string leaf, that leaf holding a NUL byte: (field, body)."""
        if isinstance(value, str):
            yield at, value + "\u0000x"
        elif isinstance(value, dict):
            for k, v in value.items():
                for field, changed in variants(v, f"{at}.{k}" if at else k):
                    yield field, {**value, k: changed}
        elif isinstance(value, list):
            for i, v in enumerate(value):
                for field, changed in variants(v, f"{at}[{i}]"):
                    yield field, value[:i] + [changed] + value[i + 1:]

    for path, body in canary_bodies()[0]:
        for field, variant in variants(body):
            check("POST", path, f"{base}{path}", variant, tokens["api_key"], f" (NUL in {field})")
    return {"requests": sent, "failures": failures}


def privacy_proof(server: Server, secrets: set[str]) -> dict:
    port, password, pg_log = server.postgres()
    pg_dump = find_pg_binary("pg_dump")
    dump = subprocess.run(
        [pg_dump, "--data-only", "-h", "127.0.0.1", "-p", port, "-U", "sekisho", "sekisho"],
        env={**os.environ, "PGPASSWORD": password},
        capture_output=True,
        check=False,
    )
    if dump.returncode != 0:
        raise SystemExit(f"pg_dump failed: {dump.stderr.decode(errors='replace')}")
    server.stop()
    ansi = re.compile(r"\x1b\[[0-9;]*m")
    texts = {
        # Without the terminal colours, which could split a value from the proof's eyes.
        "server log": ansi.sub("", server.log_path.read_text(errors="replace")),
        "PostgreSQL log": pg_log.read_text(errors="replace") if pg_log.exists() else "",
        "pg_dump": dump.stdout.decode(errors="replace"),
    }
    if "sekisho listening" not in texts["server log"]:
        raise SystemExit("the server log is not the server's: the proof would prove nothing")
    if "COPY public.orders" not in texts["pg_dump"]:
        raise SystemExit("the dump holds no orders: the proof would prove nothing")
    leaks = []
    for secret in sorted(secrets):
        for name, text in texts.items():
            if secret in text:
                leaks.append({"value": redact(secret), "where": name, "context": context(text, secret)})
    return {"values_checked": len(secrets), "leaks": leaks,
            "bytes_searched": {name: len(text) for name, text in texts.items()}}


def redact(value: str) -> str:
    return value[:4] + "…" + value[-2:] if len(value) > 8 else "…"


def context(text: str, secret: str) -> str:
    at = text.find(secret)
    return text[max(0, at - 120): at].replace(secret, "<SECRET>")[-120:] + "<SECRET>" + \
        text[at + len(secret): at + len(secret) + 60]


def find_pg_binary(name: str) -> str:
    for candidate in [os.environ.get("SEKISHO_PG_BIN_DIR", ""), *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]:
        path = Path(candidate) / name
        if candidate and path.is_file():
            return str(path)
    return name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", type=Path, required=True)
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--max-time", type=int, default=0, help="seconds per caller (fuzzing repeats until spent)")
    parser.add_argument("--phases", default="", help="schemathesis phases (default: all)")
    parser.add_argument("--seed", type=int, default=20261201)
    # One worker: schemathesis 4.32 on CPython 3.11 occasionally fails inside its own code when
    # several threads build strategies at once (a KeyError or "AST constructor recursion depth
    # mismatch"), which would fail the run for no fault of the server.
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--callers", default=",".join(CALLERS))
    parser.add_argument("--summary", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the work directory (reports, logs)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sekisho-fuzz-"))
    log(f"work directory {work}")
    server = Server(
        args.binary,
        work,
        fuzz_settings(max(3600, 2 * args.max_time * len(CALLERS))),
        # The level a production server runs at: what it logs is what the proof reads.
        log_level=os.environ.get("SEKISHO_FUZZ_LOG", "info"),
    )
    results, privacy, hostile, ok = [], None, None, False
    started = time.monotonic()
    try:
        server.wait_ready()
        (admin_email, admin_password), staff, api_key = server.demo_logins()
        tokens = {"api_key": api_key, "platform_admin": sign_in(server.base, admin_email, admin_password)}
        for role, (email, password) in staff.items():
            tokens[role] = sign_in(server.base, email, password)
        canaries = send_canaries(server.base, api_key)
        report_dirs = []
        for caller in args.callers.split(","):
            report_dir = work / f"report-{caller}"
            report_dir.mkdir()
            report_dirs.append(report_dir)
            results.append(run_schemathesis(args, server.base, caller, tokens[caller], report_dir))
        send_canaries(server.base, api_key)
        hostile = hostile_text_probe(server.base, tokens)
        if hostile["failures"]:
            log(f"invalid text gave undocumented or 5xx answers: {json.dumps(hostile['failures'], ensure_ascii=False)[:4000]}")
        secrets = sent_personal_data(report_dirs) | {
            CANARY_CARD, CANARY_CARD_SPACED, CANARY_EMAIL, CANARY_PHONE, CANARY_PHONE_DIGITS, CANARY_E164,
        }
        privacy = privacy_proof(server, secrets)
        privacy["canary_requests"] = 2 * canaries
        ok = all(r["exit_code"] == 0 for r in results) and not privacy["leaks"] and not hostile["failures"]
    finally:
        server.stop()
        summary = {
            "passed": ok,
            "seconds": round(time.monotonic() - started, 1),
            "max_examples": args.max_examples,
            "max_time": args.max_time,
            "seed": args.seed,
            "requests": sum(r["requests"] for r in results),
            "runs": results,
            "invalid_text": hostile,
            "privacy": privacy,
            "work_directory": str(work) if args.keep or not ok else None,
        }
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        if args.summary:
            args.summary.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        if ok and not args.keep:
            subprocess.run(["rm", "-rf", str(work)], check=False)
    if privacy and privacy["leaks"]:
        log(f"personal data found where it must never be: {json.dumps(privacy['leaks'], ensure_ascii=False)[:4000]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
