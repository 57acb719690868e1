"""Schemathesis against the OpenAPI document: no server errors, and every answer as documented.

Bounded: a few examples per operation (a few hundred requests in all), run in-process.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from intake_api.db import make_engine
from intake_api.main import create_app
from tests.app_fixtures import BOT, KEYS, STAFF, build_app, private_database, settings_for

from .helpers import VALID_FEEDBACK, VALID_MESSAGE

# Hypothesis keeps caches in ./.hypothesis by default; keep the work tree clean.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "innbyggerdialog-hypothesis")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 12


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    url = private_database(folder)
    engine = make_engine(url)
    app = build_app(engine, settings_for(url, f"sqlite:///{folder / 'tracker.db'}"), fresh=True)
    # Some real items, so that generated references and filters sometimes find something.
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        client.post("/api/v1/feedback", json=VALID_FEEDBACK, headers={**BOT, "Idempotency-Key": "fuzz-seed-0001"})
        client.post("/api/v1/messages", json=VALID_MESSAGE, headers={**BOT, "Idempotency-Key": "fuzz-seed-0002"})
    yield app
    engine.dispose()


def key_for(method: str, path: str) -> dict[str, str]:
    """A key whose role may call the operation, so the fuzzing gets past authentication."""
    if method == "POST" and path in ("/api/v1/feedback", "/api/v1/messages", "/api/v1/answer-ratings"):
        return BOT
    if method == "PATCH" and path.startswith("/api/v1/messages/"):
        return KEYS["servicetorget"]
    return STAFF


# The document comes from the app itself; the requests go to the module's app on its own database.
schema = schemathesis.openapi.from_dict(create_app().openapi())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_documented(case, fuzz_app):
    case.call_and_validate(app=fuzz_app, headers=key_for(case.method.upper(), case.path), checks=CHECKS)


def test_every_operation_is_documented():
    document = create_app().openapi()
    public = {("get", "/health"), ("get", "/api/v1/status/{reference}"),
              ("delete", "/api/v1/conversations/{conversation_id}"),
              ("post", "/api/v1/conversations/delete")}  # fmt: skip
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary") and operation.get("description"), (method, path)
            assert operation.get("tags"), (method, path)
            if (method, path) not in public:
                assert "401" in operation["responses"], (method, path)
    assert "APIKeyHeader" in document["components"]["securitySchemes"]
