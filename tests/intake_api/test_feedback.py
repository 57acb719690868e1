"""Submitting feedback: validation, idempotency, scrubbing, access and public status."""

from __future__ import annotations

import pytest
from innbygger_common.reference import reference_for

from tests.app_fixtures import BOT, STAFF

VALID = {
    "sector": "omsorg",
    "rating": 5,
    "text": "Hyggelige folk. Ring 912 34 567.",
    "channel": "chat",
    "language": "nb",
}


def submit(client, body=VALID, key="key-0001-abcdef", headers=BOT):
    return client.post("/api/v1/feedback", json=body, headers={**headers, "Idempotency-Key": key})


def test_submit_stores_scrubbed_text_and_returns_reference(client):
    response = submit(client)
    assert response.status_code == 201
    reference = response.json()["reference"]
    assert reference == reference_for("key-0001-abcdef", "SKA")
    rows = client.get("/api/v1/feedback", params={"reference": reference}, headers=STAFF).json()
    assert len(rows) == 1
    assert rows[0]["sector"] == "omsorg" and rows[0]["rating"] == 5
    assert rows[0]["text"] == "Hyggelige folk. Ring [telefon]."
    assert rows[0]["status"] == "mottatt"


def test_repeated_submission_is_stored_once(client):
    first = submit(client)
    second = submit(client)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert len(client.get("/api/v1/feedback", headers=STAFF).json()) == 1


def test_reused_key_with_other_body_is_refused(client):
    submit(client)
    response = submit(client, body={**VALID, "rating": 1})
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**VALID, "sector": "romfart"}, "sector"),
        ({**VALID, "rating": 7}, "rating"),
        ({**VALID, "rating": 0}, "rating"),
        ({**VALID, "text": "x" * 4001}, "text"),
        ({k: v for k, v in VALID.items() if k != "rating"}, "rating"),
    ],
)
def test_bad_input_gets_a_precise_422(client, body, field):
    response = submit(client, body=body)
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])


def test_missing_idempotency_key_is_a_422(client):
    response = client.post("/api/v1/feedback", json=VALID, headers=BOT)
    assert response.status_code == 422
    assert any("idempotency-key" in error["loc"] for error in response.json()["detail"])


def test_access(client):
    assert submit(client, headers={}).status_code == 401
    assert submit(client, headers={"X-API-Key": "wrong"}).status_code == 401
    assert client.get("/api/v1/feedback", headers=BOT).status_code == 403
    assert client.get("/api/v1/feedback").status_code == 401


def test_public_status_reveals_nothing_personal(client):
    reference = submit(client).json()["reference"]
    body = client.get(f"/api/v1/status/{reference.lower()}").json()
    assert body == {"reference": reference, "status": "mottatt"}
    assert client.get("/api/v1/status/SKA-XXXXXX").status_code == 404


def test_health_and_demo_page(client):
    assert client.get("/health").json() == {"status": "ok"}
    page = client.get("/")
    assert page.status_code == 200
    assert 'lang="nb"' in page.text and "chat.js" in page.text
