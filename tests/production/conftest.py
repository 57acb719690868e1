"""The production topology, started once for this folder: nginx, 2 Rasa servers, 2 action
servers and 2 intake APIs on PostgreSQL (fresh databases, dropped afterwards) and Redis.

These tests restart the machine's PostgreSQL and take a few minutes, so they run only when
INNBYGGER_PRODUCTION_TESTS=1 (`make test` sets it on its own line); a plain `pytest tests`
leaves this folder out. The logs of the run are copied to test-artifacts/production-logs/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from devtools.production.isolated import isolated_stack
from devtools.production.stack import ProductionStack
from devtools.stack import REPO_ROOT

from .support import PersonalDataLedger, ensure_postgres_running

ENABLED = os.environ.get("INNBYGGER_PRODUCTION_TESTS") == "1"
collect_ignore_glob = [] if ENABLED else ["test_production.py"]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "production-logs"


@pytest.fixture(scope="session")
def ledger() -> PersonalDataLedger:
    return PersonalDataLedger()


@pytest.fixture(scope="session")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProductionStack]:
    model = REPO_ROOT / "models" / "innbygger.tar.gz"
    if not model.exists():
        pytest.fail("no trained model: run `make model` (make test trains it first)")
    ensure_postgres_running()
    workdir = tmp_path_factory.mktemp("production")
    try:
        with isolated_stack(purpose="test", workdir=workdir, debug_headers=True) as stack:
            yield stack
            ensure_postgres_running()  # before the databases are dropped
            if ARTIFACTS.exists():
                shutil.rmtree(ARTIFACTS)
            shutil.copytree(stack.config.log_dir, ARTIFACTS)
    finally:
        ensure_postgres_running()
