"""Every role against every endpoint: 401 without a valid key, 403 for the wrong role, through otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from intake_api.db import make_engine
from intake_api.main import create_app
from tests.app_fixtures import BOT, KEYS, STAFF, build_app, private_database, settings_for

from .helpers import VALID_FEEDBACK, VALID_MESSAGE, new_key, send_message, submit, unit_id

CALLERS: dict[str, dict[str, str]] = {
    "no key": {},
    "unknown key": {"X-API-Key": "ibd.nobody.thisisnotarealsecretatall"},
    "revoked key": {"X-API-Key": "REVOKED"},  # replaced by a freshly revoked key in the fixture
    "bot": KEYS["bot"],
    "unit": KEYS["unit"],
    "servicetorget": KEYS["servicetorget"],
    "leader": KEYS["leader"],
    "admin": KEYS["admin"],
    "settings bot": BOT,
    "settings staff": STAFF,
}
ROLES_OF = {
    "bot": {"bot"}, "unit": {"unit"}, "servicetorget": {"servicetorget"}, "leader": {"leader"},
    "admin": {"admin"}, "settings bot": {"bot"}, "settings staff": {"leader", "admin"},
}  # fmt: skip
PUBLIC = "public"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    allowed: set[str] | str  # roles, or PUBLIC
    ok: int = 200
    body: str | None = None  # name of a body in bodies()


ENDPOINTS = [
    Endpoint("POST", "/api/v1/feedback", {"bot"}, 201, "feedback"),
    Endpoint("GET", "/api/v1/feedback", {"unit", "leader"}),
    Endpoint("GET", "/api/v1/feedback/{feedback}", {"unit", "leader"}),
    Endpoint("PATCH", "/api/v1/feedback/{feedback}", {"unit", "leader"}, body="avvik"),
    Endpoint("GET", "/api/v1/feedback/{feedback}/contact", {"unit", "leader"}),
    Endpoint("POST", "/api/v1/messages", {"bot"}, 201, "message"),
    Endpoint("GET", "/api/v1/messages", {"servicetorget", "leader"}),
    Endpoint("GET", "/api/v1/messages/{message}", {"servicetorget", "leader"}),
    Endpoint("PATCH", "/api/v1/messages/{message}", {"servicetorget"}, body="avvik"),
    Endpoint("GET", "/api/v1/messages/{message}/contact", {"servicetorget", "leader"}),
    Endpoint("POST", "/api/v1/answer-ratings", {"bot"}, 201, "rating"),
    Endpoint("GET", "/api/v1/answer-ratings/summary", {"leader", "admin"}),
    Endpoint("GET", "/api/v1/sectors", {"bot", "unit", "servicetorget", "leader", "admin"}),
    Endpoint("GET", "/api/v1/units", {"bot", "unit", "servicetorget", "leader", "admin"}),
    Endpoint("GET", "/api/v1/units/{unit}", {"bot", "unit", "servicetorget", "leader", "admin"}),
    Endpoint("POST", "/api/v1/units", {"admin"}, 201, "unit"),
    Endpoint("PATCH", "/api/v1/units/{unit}", {"admin"}, body="unit_change"),
    Endpoint("GET", "/api/v1/exports/feedback", {"unit", "leader"}),
    Endpoint("GET", "/api/v1/keys", {"admin"}),
    Endpoint("POST", "/api/v1/keys", {"admin"}, 201, "key"),
    Endpoint("DELETE", "/api/v1/keys/{key}", {"admin"}),
    Endpoint("GET", "/api/v1/audit", {"admin"}),
    Endpoint("GET", "/api/v1/reports/figures", {"leader"}),  # unit keys: level=unit only (tests/analytics)
    Endpoint("GET", "/api/v1/reports/learning", {"leader"}),
    Endpoint("GET", "/api/v1/reports/bot", {"leader"}),
    Endpoint("GET", "/api/v1/reports/units/{unit}/digest", {"unit", "leader"}),
    Endpoint("GET", "/api/v1/reports/dialogue-pack/{sector}", {"leader"}),
    Endpoint("GET", "/api/v1/reports/radmann-summary", {"leader"}),
    Endpoint("GET", "/api/v1/status/{feedback}", PUBLIC),
    Endpoint("POST", "/api/v1/conversations/delete", PUBLIC, body="conversation"),
    Endpoint("DELETE", "/api/v1/conversations/{conversation}", PUBLIC),
    Endpoint("GET", "/api/v1/content/live", {"bot"}),
    Endpoint("GET", "/api/v1/content/examples", {"bot"}),
    Endpoint("POST", "/api/v1/training/claim", {"bot"}, 204),  # no job queued in this world
    Endpoint("POST", "/api/v1/training/{job_id}/progress", {"bot"}, 404, "progress"),  # no such job
    Endpoint("POST", "/api/v1/training/{job_id}/finish", {"bot"}, 404, "finish"),
    Endpoint("GET", "/health", PUBLIC),
]


def bodies(name: str, own_unit: int) -> dict[str, Any]:
    return {
        "feedback": VALID_FEEDBACK,
        "message": VALID_MESSAGE,
        "avvik": {"avvik": True},
        "rating": {"topic": "tommekalender", "helpful": False},
        "unit": {"name": f"Ny enhet {new_key()}", "sector": "kultur_fritid"},
        "unit_change": {"aliases": ["nytt alias"]},
        "key": {"name": "Test", "role": "leader"},
        "conversation": {"conversation_id": "c" * 32},
        "progress": {"stage": "Trener"},
        "finish": {"ok": False, "stage": "Mislyktes"},
    }[name]


def expected(endpoint: Endpoint, caller: str) -> int:
    if endpoint.allowed == PUBLIC:
        return endpoint.ok
    if caller in ("no key", "unknown key", "revoked key"):
        return 401
    return endpoint.ok if ROLES_OF[caller] & set(endpoint.allowed) else 403


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One database and client for the whole table: every call in it either reads or changes
    something in a way that does not alter the expected answer of another call."""
    url = private_database(tmp_path_factory.mktemp("access"))
    engine = make_engine(url)
    with (
        TestClient(build_app(engine, settings_for(url), fresh=True)) as client,
        Session(engine, expire_on_commit=False) as session,
    ):
        yield client, session
    engine.dispose()


@pytest.fixture(scope="module")
def world(shared):
    """One item of each kind in the unit key's scope, a unit, a key to revoke and a revoked key."""
    client, session = shared
    home = unit_id(session, "Hjemmetjenesten")
    feedback = submit(
        client, {**VALID_FEEDBACK, "unit_id": home, "contact": {"phone": "91234567"}, "contact_consent": True}
    ).json()["reference"]
    message = send_message(client).json()["reference"]
    victim = client.post("/api/v1/keys", json={"name": "victim", "role": "bot"}, headers=STAFF).json()
    revoked = client.post("/api/v1/keys", json={"name": "old", "role": "leader"}, headers=STAFF).json()
    client.delete(f"/api/v1/keys/{revoked['key_id']}", headers=STAFF)
    return {
        "feedback": feedback, "message": message, "unit": home, "key": victim["key_id"],
        "conversation": "c" * 32, "revoked": revoked["key"], "sector": "omsorg", "job_id": 999999,
    }  # fmt: skip


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.path}")
def test_role_table(shared, world, endpoint, caller):
    client = shared[0]
    headers = dict(CALLERS[caller])
    if caller == "revoked key":
        headers = {"X-API-Key": world["revoked"]}
    path = endpoint.path.format(**world)
    kwargs: dict[str, Any] = {"headers": headers}
    if endpoint.body:
        kwargs["json"] = bodies(endpoint.body, world["unit"])
    if endpoint.method == "POST" and endpoint.path in ("/api/v1/feedback", "/api/v1/messages"):
        headers["Idempotency-Key"] = new_key("access")
    response = client.request(endpoint.method, path, **kwargs)
    assert response.status_code == expected(endpoint, caller), response.text
    if response.status_code in (401, 403):
        assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_the_table_covers_every_endpoint():
    paths = create_app().openapi()["paths"]
    routes = {(method.upper(), path) for path, operations in paths.items() for method in operations}
    covered = {(e.method, e.path.replace("{feedback}", "{reference}").replace("{message}", "{reference}")
               .replace("{unit}", "{unit_id}").replace("{key}", "{key_id}")
               .replace("{conversation}", "{conversation_id}")) for e in ENDPOINTS}  # fmt: skip
    assert routes == covered


def test_a_unit_key_sees_only_its_own_units(client, session):
    own = unit_id(session, "Hjemmetjenesten")
    other = unit_id(session, "Børsa barnehage")
    mine = submit(client, {**VALID_FEEDBACK, "unit_id": own}).json()["reference"]
    theirs = submit(client, {**VALID_FEEDBACK, "sector": "barnehage", "unit_id": other}).json()["reference"]
    unassigned = submit(client, VALID_FEEDBACK).json()["reference"]
    unit = KEYS["unit"]
    assert [r["reference"] for r in client.get("/api/v1/feedback", headers=unit).json()] == [mine]
    for reference in (theirs, unassigned):
        for suffix in ("", "/contact"):
            response = client.get(f"/api/v1/feedback/{reference}{suffix}", headers=unit)
            assert response.status_code == 403
            assert "this key covers units" in response.json()["detail"]
        assert client.patch(f"/api/v1/feedback/{theirs}", json={"avvik": True}, headers=unit).status_code == 403
    assert client.get("/api/v1/feedback", params={"unit_id": other}, headers=unit).status_code == 403
    assert client.get("/api/v1/exports/feedback", params={"unit_id": other}, headers=unit).status_code == 403
    exported = client.get("/api/v1/exports/feedback", params={"format": "json"}, headers=unit).json()
    assert [row["reference"] for row in exported["items"]] == [mine]
    leader = client.get("/api/v1/feedback", headers=KEYS["leader"]).json()
    assert {r["reference"] for r in leader} == {mine, theirs, unassigned}
