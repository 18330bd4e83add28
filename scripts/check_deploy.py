"""Offline checks of the deployment files (run through scripts/check-deploy, which provides the
pinned tools): hadolint on the Dockerfile, kubernetes-validate (strict) on every manifest,
systemd-analyze on the unit, and the rules that tie them to the code: every SEKISHO_* variable
they set is a documented setting, the probes use /readyz and /healthz, the containers run as
non-root, and the autoscaler's floor matches SEKISHO_REPLICAS (per-key rate shares)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
KUBERNETES_VERSION = "1.30.0"
failures: list[str] = []


def fail(message: str) -> None:
    failures.append(message)


def tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def documented_settings() -> set[str]:
    return set(re.findall(r"SEKISHO_[A-Z0-9_]*[A-Z0-9]", (ROOT / "docs/CONFIGURATION.md").read_text()))


def check_dockerfile() -> None:
    result = subprocess.run(
        [tool("hadolint"), "--failure-threshold", "warning", str(ROOT / "Dockerfile")],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        fail(f"hadolint: {result.stdout}{result.stderr}")
    text = (ROOT / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    if not users or users[-1].split(":")[0] in ("0", "root"):
        fail("Dockerfile: the final stage must run as a non-root USER")


def manifests() -> list[tuple[Path, dict]]:
    found = []
    for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                found.append((path, document))
    return found


def check_kubernetes(documented: set[str]) -> None:
    paths = sorted({str(p) for p, _ in manifests()})
    result = subprocess.run(
        [tool("kubernetes-validate"), "--strict", "--quiet", "-k", KUBERNETES_VERSION, *paths],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        fail(f"kubernetes-validate: {result.stdout}{result.stderr}")
    kustomization = yaml.safe_load((DEPLOY / "kubernetes/kustomization.yaml").read_text())
    listed = set(kustomization.get("resources", []))
    for path in {Path(p).name for p in paths} - listed - {"secret.example.yaml"}:
        fail(f"kustomization.yaml does not list {path}")
    by_kind = {document["kind"]: document for _, document in manifests()}
    config = by_kind["ConfigMap"]["data"]
    secret = by_kind["Secret"]["stringData"]
    for name in [*config, *secret]:
        if name not in documented:
            fail(f"kubernetes: {name} is not a setting in docs/CONFIGURATION.md")
    pod = by_kind["Deployment"]["spec"]["template"]["spec"]
    if not pod.get("securityContext", {}).get("runAsNonRoot"):
        fail("deployment: the pod must run as non-root")
    container = pod["containers"][0]
    probes = {
        "readinessProbe": "/readyz",
        "livenessProbe": "/healthz",
    }
    for probe, path in probes.items():
        if container.get(probe, {}).get("httpGet", {}).get("path") != path:
            fail(f"deployment: {probe} must GET {path}")
    hpa_floor = by_kind["HorizontalPodAutoscaler"]["spec"]["minReplicas"]
    if str(hpa_floor) != config.get("SEKISHO_REPLICAS"):
        fail(f"SEKISHO_REPLICAS ({config.get('SEKISHO_REPLICAS')}) must equal the autoscaler's minReplicas ({hpa_floor})")
    budget = by_kind["PodDisruptionBudget"]["spec"]["minAvailable"]
    if budget >= hpa_floor:
        fail("the disruption budget would block every voluntary eviction")


def check_compose(documented: set[str]) -> None:
    compose = yaml.safe_load((DEPLOY / "compose/compose.yaml").read_text())
    sekisho = compose["services"]["sekisho"]
    for name in sekisho["environment"]:
        if name not in documented:
            fail(f"compose: {name} is not a setting in docs/CONFIGURATION.md")
    if sekisho["depends_on"]["postgres"]["condition"] != "service_healthy":
        fail("compose: sekisho must wait for a healthy PostgreSQL")
    example = (DEPLOY / "compose/env.example").read_text()
    wanted = set(re.findall(r"\$\{([A-Z_]+):\?", (DEPLOY / "compose/compose.yaml").read_text()))
    given = set(re.findall(r"^([A-Z_]+)=", example, re.M))
    for name in sorted(wanted - given):
        fail(f"compose: env.example does not give {name}")


def check_prometheus_rules() -> None:
    rules = yaml.safe_load((DEPLOY / "prometheus/sekisho-rules.yml").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            name = rule.get("alert", "?")
            if not rule.get("expr") or rule.get("labels", {}).get("severity") not in ("page", "ticket"):
                fail(f"prometheus rule {name}: needs expr and a severity of page or ticket")
            for metric in re.findall(r"\b(sekisho_[a-z_]+)", rule.get("expr", "")):
                if metric not in ("sekisho_http_requests_total", "sekisho_http_requests_duration_seconds_bucket"):
                    fail(f"prometheus rule {name}: {metric} is not a metric Sekisho exports")


def check_systemd(binary: Path | None) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None or binary is None:
        fail("systemd-analyze (Debian's systemd) and a built sekisho binary are needed to verify the unit")
        return
    unit = (DEPLOY / "sekisho.service").read_text()
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "sekisho.service"
        # The unit as installed, pointing at this build's binary instead of /usr/local/bin.
        copy.write_text(unit.replace("/usr/local/bin/sekisho", str(binary.resolve())))
        result = subprocess.run([analyze, "verify", "--man=no", str(copy)], capture_output=True, text=True)
        problems = [
            line
            for line in (result.stdout + result.stderr).splitlines()
            if line.strip() and "sekisho.service" in line
        ]
        if result.returncode != 0 or problems:
            fail("systemd-analyze verify: " + "\n".join(problems or [result.stderr]))


def main() -> None:
    binary = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    documented = documented_settings()
    check_dockerfile()
    check_kubernetes(documented)
    check_compose(documented)
    check_prometheus_rules()
    check_systemd(binary)
    if failures:
        print("check-deploy: " + "\ncheck-deploy: ".join(failures), file=sys.stderr)
        raise SystemExit(1)
    print("check-deploy: Dockerfile, Kubernetes manifests, compose file, Prometheus rules and systemd unit are valid", file=sys.stderr)


if __name__ == "__main__":
    main()
