"""Bodies and small helpers shared by the intake API tests."""

from __future__ import annotations

import itertools
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.models import Unit
from tests.app_fixtures import BOT, KEYS

VALID_FEEDBACK: dict[str, Any] = {
    "sector": "omsorg",
    "rating": 5,
    "text": "Hyggelige folk. Ring 912 34 567.",
    "channel": "chat",
    "language": "nb",
}
VALID_MESSAGE: dict[str, Any] = {
    "kind": "callback",
    "subject": "Søknad om barnehageplass",
    "text": "Jeg lurer på når vi får svar. Ring etter kl 16.",
    "contact": {"name": "Kari Nordmann", "phone": "912 34 567"},
    "contact_consent": True,
    "channel": "chat",
    "language": "nb",
}
_keys = itertools.count(1)


def new_key(prefix: str = "key") -> str:
    return f"{prefix}-{next(_keys):06d}-test"


def submit(client: TestClient, body: dict[str, Any] | None = None, key: str | None = None, headers=BOT) -> Response:
    return client.post(
        "/api/v1/feedback", json=VALID_FEEDBACK if body is None else body,
        headers={**headers, "Idempotency-Key": key or new_key()},
    )  # fmt: skip


def send_message(client: TestClient, body: dict[str, Any] | None = None, key: str | None = None) -> Response:
    return client.post(
        "/api/v1/messages", json=VALID_MESSAGE if body is None else body,
        headers={**BOT, "Idempotency-Key": key or new_key("msg")},
    )  # fmt: skip


def unit_id(session: Session, name: str) -> int:
    """Ids differ between SQLite and PostgreSQL runs; tests find units by name."""
    found = session.scalar(select(Unit.id).where(Unit.name == name))
    assert found is not None, name
    return found


def feedback_for_unit(client: TestClient, unit: int, **extra: Any) -> str:
    """Submit feedback about a unit; returns its reference."""
    response = submit(client, {**VALID_FEEDBACK, "unit_id": unit, **extra})
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def close(client: TestClient, path: str, headers=KEYS["leader"], note: str = "Vi har tatt kontakt.") -> Response:
    return client.patch(path, json={"status": "lukket", "outcome": "utbedret", "closing_note": note}, headers=headers)
