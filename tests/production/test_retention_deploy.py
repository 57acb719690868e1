"""Retention in deploy/: the APIs purge by themselves, and a scheduled job runs the same command.

Fast checks of the files (no containers here): the compose service and the Kubernetes CronJob run
`python -m intake_api.retention all` with the API's own settings, the CronJob never overlaps
itself, and nothing switches the API's own schedule off.
"""

from __future__ import annotations

import subprocess
import sys

import yaml

from devtools.production.config import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
COMMAND = ["python", "-m", "intake_api.retention", "all"]


def documents(path: str) -> list[dict]:
    return [d for d in yaml.safe_load_all((DEPLOY / path).read_text(encoding="utf-8")) if d]


def test_compose_runs_the_retention_command_with_the_apis_settings():
    services = yaml.safe_load((DEPLOY / "compose" / "compose.yaml").read_text(encoding="utf-8"))["services"]
    job = services["retention"]
    assert job["image"] == services["api-1"]["image"] == "innbyggerdialog-app"
    assert job["environment"] == services["api-1"]["environment"]  # the same database, tracker store, periods
    script = job["command"][-1]
    assert job["command"][:2] == ["sh", "-c"] and " ".join(COMMAND) in script and "sleep" in script
    assert job["restart"] == "unless-stopped" and job["init"] is True
    assert job["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    for name in ("api-1", "api-2"):
        assert int(services[name]["environment"]["INTAKE_RETENTION_INTERVAL_SECONDS"]) > 0


def test_kubernetes_cronjob_runs_the_retention_command_with_the_apis_settings():
    (cronjob,) = documents("kubernetes/80-retention-cronjob.yaml")
    api = next(d for d in documents("kubernetes/30-intake-api.yaml") if d["kind"] == "Deployment")
    api_container = api["spec"]["template"]["spec"]["containers"][0]
    assert cronjob["kind"] == "CronJob" and cronjob["metadata"]["namespace"] == api["metadata"]["namespace"]
    spec = cronjob["spec"]
    assert spec["concurrencyPolicy"] == "Forbid" and spec["timeZone"] == "Europe/Oslo"
    assert len(spec["schedule"].split()) == 5
    container = spec["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == COMMAND
    assert container["image"] == api_container["image"]
    assert container["envFrom"] == api_container["envFrom"]
    config = next(d for d in documents("kubernetes/10-config.yaml") if d["kind"] == "ConfigMap")["data"]
    assert int(config["INTAKE_RETENTION_INTERVAL_SECONDS"]) > 0


def test_the_deployed_command_line_is_one_the_module_accepts():
    result = subprocess.run(
        [sys.executable, *COMMAND[1:], "--help"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "usage: python -m intake_api.retention all" in result.stdout, result.stderr
