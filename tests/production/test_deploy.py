"""Fast checks of the production configuration files (no processes; part of every `pytest tests`).

endpoints.production.yml's variables are plain scalars and set by every description of the
topology (devtools/production, compose, Kubernetes); nginx accepts the rendered configuration;
the compose copy of it is up to date; the log redaction removes what it must and keeps the rest.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from devtools.production import log_redaction
from devtools.production.config import ENDPOINTS_FILE, REPO_ROOT, SECRET_NAMES, ProductionConfig
from devtools.production.log_redaction import RedactPersonalData, redact_text
from devtools.production.nginx import compose_layout, layout_for, render

DEPLOY = REPO_ROOT / "deploy"
VARIABLE = re.compile(r"\$\{(\w+)\}")


def endpoint_variables() -> set[str]:
    return set(VARIABLE.findall(ENDPOINTS_FILE.read_text(encoding="utf-8")))


def test_endpoint_variables_are_unquoted_and_set_everywhere():
    text = ENDPOINTS_FILE.read_text(encoding="utf-8")
    assert not re.search(r"[\"']\$\{", text), "Rasa substitutes ${VAR} only in plain (unquoted) scalars"
    needed = endpoint_variables()
    assert {"RASA_TRACKER_DB_HOST", "RASA_LOCK_STORE_HOST", "ACTION_ENDPOINT_URL"} <= needed
    config = ProductionConfig.from_env({}, secrets=dict.fromkeys(SECRET_NAMES, "x"))
    assert needed <= set(config.environment())
    compose = yaml.safe_load((DEPLOY / "compose" / "compose.yaml").read_text(encoding="utf-8"))
    assert needed <= set(compose["x-rasa-env"])
    k8s_config = yaml.safe_load((DEPLOY / "kubernetes" / "10-config.yaml").read_text(encoding="utf-8"))["data"]
    secret_comment = (DEPLOY / "kubernetes" / "10-config.yaml").read_text(encoding="utf-8")
    for name in needed:
        assert name in k8s_config or f"--from-literal={name}=" in secret_comment, name


def test_endpoints_select_the_production_stores():
    endpoints = yaml.safe_load(ENDPOINTS_FILE.read_text(encoding="utf-8"))
    tracker_store = endpoints["tracker_store"]
    assert tracker_store["type"] == "devtools.production.rasa_tracker_store.ResilientSQLTrackerStore"
    assert tracker_store["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "devtools.production.rasa_lock_store.AtomicRedisLockStore"


def test_deploy_files_parse():
    for path in [*DEPLOY.rglob("*.yaml"), *DEPLOY.rglob("*.yml")]:
        documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        assert documents and all(d is not None for d in documents), path


def test_compose_nginx_conf_is_rendered_from_the_template():
    committed = (DEPLOY / "compose" / "nginx.conf").read_text(encoding="utf-8")
    assert committed == render(compose_layout()), "run: python -m devtools.production render-nginx --compose"


@pytest.mark.skipif(not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(), reason="no nginx")
def test_nginx_accepts_the_configuration(tmp_path: Path):
    config = ProductionConfig(workdir=tmp_path, secrets=dict.fromkeys(SECRET_NAMES, "x"), debug_headers=True)
    (tmp_path / "run").mkdir()
    (tmp_path / "logs").mkdir()
    (tmp_path / "run" / "nginx.conf").write_text(render(layout_for(config)), encoding="utf-8")
    result = subprocess.run(
        ["/usr/sbin/nginx", "-t", "-p", str(tmp_path / "run"), "-c", str(tmp_path / "run" / "nginx.conf"),
         "-e", str(tmp_path / "logs" / "error.log")],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_configuration_refuses_missing_and_development_secrets():
    with pytest.raises(ValueError, match="secrets missing"):
        ProductionConfig.from_env({}).validate()
    dev = dict.fromkeys(SECRET_NAMES, "long-enough-value") | {"RASA_TOKEN": "dev-rasa-token"}
    with pytest.raises(ValueError, match="development values refused"):
        ProductionConfig.from_env(dev).validate()
    with pytest.raises(ValueError, match="alphanumeric"):
        ProductionConfig.from_env(dict.fromkeys(SECRET_NAMES, "s"), lock_prefix="inn-bygger").validate()
    config = ProductionConfig.from_env({"INNBYGGER_RASA_REPLICAS": "3", "INTAKE_BOT_API_KEY": "b"})
    missing = [n for n in SECRET_NAMES if n != "INTAKE_BOT_API_KEY"]
    assert config.rasa_replicas == 3 and config.missing_secrets() == missing
    assert config.generate_missing_secrets() == missing and not config.missing_secrets()


def test_the_launcher_refuses_weak_secrets_and_generates_strong_ones():
    from intake_api.config import Settings

    weak = dict.fromkeys(SECRET_NAMES, "A-strong-looking-but-short-1") | {"INTAKE_API_KEY_PEPPER": "p" * 40}
    with pytest.raises(ValueError, match="too weak") as refused:
        ProductionConfig.from_env(weak).validate()
    message = str(refused.value)
    assert all(name in message for name in SECRET_NAMES) and "A-strong-looking" not in message
    config = ProductionConfig.from_env({})
    assert config.generate_missing_secrets() == list(SECRET_NAMES)
    config.validate()
    # What `make run-production` hands the intake API is what the API accepts at start-up.
    env = config.environment()
    Settings(environment="production", bot_api_key=env["INTAKE_BOT_API_KEY"],
             staff_api_key=env["INTAKE_STAFF_API_KEY"], api_key_pepper=env["INTAKE_API_KEY_PEPPER"])  # fmt: skip


def test_conversation_ids_in_addresses_are_masked():
    line = '127.0.0.1:5 - "DELETE /api/v1/conversations/socket-0f3a9c1d2e4b5a6978 HTTP/1.1" 200'
    assert redact_text(line) == '127.0.0.1:5 - "DELETE /api/v1/conversations/[conversation-id] HTTP/1.1" 200'
    assert redact_text("POST /api/v1/conversations/delete HTTP/1.1") == "POST /api/v1/conversations/delete HTTP/1.1"
    assert "abc-123" not in redact_text("GET /conversations/abc-123/tracker")


# -- log redaction ---------------------------------------------------------------------------------
def test_redaction_of_rasa_failure_events():
    event = {"event": "rest.message.received.failure", "text": "ring meg på 912 34 567", "log_level": "error"}
    redacted = json.loads(redact_text(json.dumps(event)))
    assert redacted == {**event, "text": "[redacted]"}


def test_redaction_of_sql_parameters_in_tracebacks():
    error = (
        "(psycopg2.OperationalError) server closed the connection unexpectedly\n"
        "[SQL: INSERT INTO events (sender_id, data) VALUES (%(sender_id)s, %(data)s)]\n"
        "[parameters: {'sender_id': 'x', 'data': '{\"text\": \"Kari, kari@example.no\"}'}]\n"
        "(Background on this error at: https://sqlalche.me/e/14/e3q8)"
    )
    out = redact_text(error)
    assert "Kari" not in out and "[parameters: [redacted]]" in out and "Background on this error" in out
    as_json = redact_text(json.dumps({"event": "x", "exception": error}))
    assert "Kari" not in as_json and json.loads(as_json)["event"] == "x"


def test_redaction_patterns_and_what_they_leave_alone():
    out = redact_text("fnr 01018012345? nei: 15076500565, tlf +47 912 34 567 / 48123456, mail a.b@example.no")
    assert "15076500565" not in out and "912 34 567" not in out and "48123456" not in out
    assert "a.b@example.no" not in out and "01018012345" in out  # no valid check digits: not a fødselsnummer
    kept = "2026-11-28 09:11:56 127.0.0.1:18010 pid 4194303 id 3f2a1b9c12345678d order 12345678901"
    assert redact_text(kept) == kept


def test_redaction_applies_to_every_record_of_the_process():
    previous = logging.getLogRecordFactory()
    try:
        RedactPersonalData()  # what the logging configuration creates: installs the record factory
        logger = logging.getLogger("tests.redaction")
        record = logger.makeRecord(logger.name, logging.ERROR, __file__, 1, "message %s", ("kari@example.no",), None)
        assert record.getMessage() == "message [e-post]"
        plain = logger.makeRecord(logger.name, logging.INFO, __file__, 1, "%s - %s", ("127.0.0.1", "GET /"), None)
        assert plain.args == ("127.0.0.1", "GET /")  # untouched when nothing personal (uvicorn's access lines)
        try:
            raise ValueError("bad contact ola@example.no")
        except ValueError:
            failed = logger.makeRecord(logger.name, logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
        assert failed.exc_text and "ola@example.no" not in failed.exc_text and "[e-post]" in failed.exc_text
    finally:  # this test process keeps its own logging
        logging.setLogRecordFactory(previous)
        log_redaction._installed = False
