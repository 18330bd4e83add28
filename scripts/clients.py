"""The client libraries in clients/, generated from openapi/openapi.json (run through
scripts/clients, which provides the pinned generators).

  generate   regenerate clients/python/sekisho-client and clients/typescript/src/schema.d.ts
  test       fail when they are stale, type-check them (mypy, tsc), then run each client's README
             example against a real `sekisho serve --demo`
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from demo_server import Server

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi/openapi.json"
PYTHON_DIR = ROOT / "clients/python"
PYTHON_PACKAGE = PYTHON_DIR / "sekisho-client"
TYPESCRIPT_DIR = ROOT / "clients/typescript"
TYPESCRIPT_SCHEMA = TYPESCRIPT_DIR / "src/schema.d.ts"


def log(message: str) -> None:
    print(f"clients: {message}", file=sys.stderr, flush=True)


def run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"clients: {' '.join(str(c) for c in command[:3])} … failed ({result.returncode})")


def venv_env() -> dict[str, str]:
    # The generator's formatting hooks (ruff) live beside it in the virtual environment.
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def generate_python(into: Path) -> None:
    run(
        [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path",
            str(DOCUMENT),
            "--config",
            str(PYTHON_DIR / "config.yml"),
            "--meta",
            "pdm",
            "--output-path",
            str(into),
            "--overwrite",
        ],
        env=venv_env(),
        stdout=subprocess.DEVNULL,
    )


def generate_typescript(into: Path) -> None:
    run(
        [
            str(TYPESCRIPT_DIR / "node_modules/.bin/openapi-typescript"),
            str(DOCUMENT),
            "-o",
            str(into),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ between two trees, ignoring caches."""
    found = []
    compared = filecmp.dircmp(left, right, ignore=["__pycache__", ".mypy_cache", ".ruff_cache"])
    found += [str(right / name) for name in compared.left_only + compared.right_only + compared.diff_files]
    for name in compared.subdirs:
        found += differences(left / name, right / name)
    return found


def command_generate() -> None:
    with tempfile.TemporaryDirectory() as work:
        fresh = Path(work) / "sekisho-client"
        generate_python(fresh)
        shutil.rmtree(PYTHON_PACKAGE, ignore_errors=True)
        shutil.copytree(fresh, PYTHON_PACKAGE)
    generate_typescript(TYPESCRIPT_SCHEMA)
    log(f"regenerated {PYTHON_PACKAGE.relative_to(ROOT)} and {TYPESCRIPT_SCHEMA.relative_to(ROOT)}")


def check_current(work: Path) -> None:
    fresh = work / "python/sekisho-client"
    generate_python(fresh)
    stale = differences(fresh, PYTHON_PACKAGE)
    fresh_schema = work / "schema.d.ts"
    generate_typescript(fresh_schema)
    if fresh_schema.read_bytes() != TYPESCRIPT_SCHEMA.read_bytes():
        stale.append(str(TYPESCRIPT_SCHEMA))
    if stale:
        raise SystemExit(
            "clients: generated from an older openapi/openapi.json; run scripts/clients generate:\n  "
            + "\n  ".join(str(Path(s).relative_to(ROOT)) if s.startswith(str(ROOT)) else s for s in stale[:20])
        )


def readme_example(readme: Path, language: str) -> str:
    blocks = re.findall(rf"^```{language}\n(.*?)^```", readme.read_text(), re.M | re.S)
    if len(blocks) != 1:
        raise SystemExit(f"clients: {readme.relative_to(ROOT)} must hold one ```{language} example")
    return blocks[0]


def type_check(work: Path) -> Path:
    example = work / "python_example.py"
    example.write_text(readme_example(PYTHON_DIR / "README.md", "python"))
    # --strict, less one check the generator's enum parsers fail (they return the parsed Any).
    run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--disable-error-code",
            "no-any-return",
            "--cache-dir",
            str(work / "mypy-cache"),
            str(PYTHON_PACKAGE / "sekisho_client"),
            str(example),
        ],
        env={**os.environ, "MYPYPATH": str(PYTHON_PACKAGE)},
        stdout=subprocess.DEVNULL,
    )
    run(["npm", "run", "--silent", "build"], cwd=TYPESCRIPT_DIR)
    return example


def run_examples(binary: Path, work: Path, python_example: Path) -> None:
    server = Server(binary, work, {})
    try:
        server.wait_ready()
        _, _, api_key = server.demo_logins()
        env = {**os.environ, "SEKISHO_BASE_URL": server.base, "SEKISHO_API_KEY": api_key}
        run(
            [sys.executable, str(python_example)],
            env={**env, "PYTHONPATH": str(PYTHON_PACKAGE)},
        )
        log("the Python example ran")
        # In the package's folder, so that the example imports "@sekisho/client" by its name.
        js_example = TYPESCRIPT_DIR / ".example.mjs"
        js_example.write_text(readme_example(TYPESCRIPT_DIR / "README.md", "js"))
        try:
            run(["node", str(js_example)], env=env)
        finally:
            js_example.unlink(missing_ok=True)
        log("the TypeScript example ran")
    finally:
        server.stop()


def command_test(binary: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="sekisho-clients-") as work_dir:
        work = Path(work_dir)
        check_current(work)
        log("both clients match openapi/openapi.json")
        python_example = type_check(work)
        log("both clients and their examples type-check")
        run_examples(binary, work, python_example)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["generate", "test"])
    parser.add_argument("--binary", type=Path, help="the sekisho binary the examples run against")
    args = parser.parse_args()
    if args.command == "generate":
        command_generate()
    else:
        if args.binary is None:
            raise SystemExit("clients: test needs --binary")
        command_test(args.binary)


if __name__ == "__main__":
    main()
