"""Submitting feedback: validation, idempotency, scrubbing, contact details, public status."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from innbygger_common.reference import reference_for
from intake_api.models import Contact, Feedback
from intake_api.schemas.feedback import FeedbackCreate
from intake_api.submissions import payload_hash
from tests.app_fixtures import BOT, KEYS, STAFF

from .helpers import VALID_FEEDBACK, submit, unit_id

VALID = VALID_FEEDBACK


def test_submit_stores_scrubbed_text_and_returns_reference(client):
    response = submit(client, key="key-0001-abcdef")
    assert response.status_code == 201
    reference = response.json()["reference"]
    assert reference == reference_for("key-0001-abcdef", "SKA")
    rows = client.get("/api/v1/feedback", params={"reference": reference}, headers=STAFF).json()
    assert len(rows) == 1
    assert rows[0]["sector"] == "omsorg" and rows[0]["rating"] == 5
    assert rows[0]["text"] == "Hyggelige folk. Ring [telefon]."
    assert rows[0]["status"] == "mottatt"
    assert rows[0]["has_contact"] is False and rows[0]["overdue"] is False


def test_repeated_submission_is_stored_once(client):
    first = submit(client, key="key-0001-abcdef")
    second = submit(client, key="key-0001-abcdef")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert len(client.get("/api/v1/feedback", headers=STAFF).json()) == 1


def test_reused_key_with_other_body_is_refused(client):
    submit(client, key="key-0001-abcdef")
    response = submit(client, body={**VALID, "rating": 1}, key="key-0001-abcdef")
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]


def test_a_body_from_before_the_new_fields_hashes_as_it_did():
    # The hash the walking skeleton stored; a queued retry from then must still count as a repeat.
    old = json.dumps({**VALID}, sort_keys=True, ensure_ascii=False)
    assert payload_hash(FeedbackCreate(**VALID)) == hashlib.sha256(old.encode()).hexdigest()
    assert payload_hash(FeedbackCreate(**VALID, unit_id=None, contact=None)) == hashlib.sha256(old.encode()).hexdigest()


def test_unit_themes_and_conversation_are_stored(client, session):
    borsa = unit_id(session, "Børsa barnehage")
    body = {**VALID, "sector": "barnehage", "unit_id": borsa, "themes": ["ventetid", "mat"],
            "conversation_id": "c0ffee00c0ffee00c0ffee"}  # fmt: skip
    reference = submit(client, body).json()["reference"]
    row = client.get(f"/api/v1/feedback/{reference}", headers=STAFF).json()
    assert (row["unit_id"], row["themes"]) == (borsa, ["ventetid", "mat"])
    stored = session.scalar(select(Feedback).where(Feedback.reference == reference))
    assert stored.conversation_id == "c0ffee00c0ffee00c0ffee"


def test_contact_details_are_normalised_and_stored_apart(client, session):
    body = {**VALID, "contact": {"name": " Kari  Nordmann ", "phone": "0047 91234567", "email": "Kari@Example.NO"},
            "contact_consent": True}  # fmt: skip
    reference = submit(client, body).json()["reference"]
    feedback = session.scalar(select(Feedback).where(Feedback.reference == reference))
    contact = session.scalar(select(Contact).where(Contact.feedback_id == feedback.id))
    assert (contact.name, contact.phone, contact.email) == ("Kari Nordmann", "+47 912 34 567", "Kari@example.no")
    assert contact.consent_at is not None
    assert "912" not in feedback.text
    listed = client.get(f"/api/v1/feedback/{reference}", headers=STAFF).json()
    assert listed["has_contact"] is True and "phone" not in listed


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**VALID, "sector": "romfart"}, "sector"),
        ({**VALID, "rating": 7}, "rating"),
        ({**VALID, "rating": 0}, "rating"),
        ({**VALID, "rating": "fem"}, "rating"),
        ({**VALID, "text": "x" * 4001}, "text"),
        ({k: v for k, v in VALID.items() if k != "rating"}, "rating"),
        ({**VALID, "channel": "fax"}, "channel"),
        ({**VALID, "unit_id": 0}, "unit_id"),
        ({**VALID, "unit_id": 2**40}, "unit_id"),
        ({**VALID, "themes": ["Ikke gyldig!"]}, "themes"),
        ({**VALID, "contact": {"phone": "12"}, "contact_consent": True}, "phone"),
        ({**VALID, "contact": {"email": "kari@"}, "contact_consent": True}, "email"),
        ({**VALID, "contact": {"name": "Kari"}, "contact_consent": True}, "contact"),
        ({**VALID, "text": "null\x00byte"}, "text"),
        ({**VALID, "shoe_size": 44}, "shoe_size"),
    ],
)
def test_bad_input_gets_a_precise_422(client, body, field):
    response = submit(client, body=body)
    assert response.status_code == 422, response.text
    assert any(field in error["loc"] for error in response.json()["detail"]), response.json()


def test_contact_without_consent_is_refused(client):
    response = submit(client, {**VALID, "contact": {"phone": "912 34 567"}})
    assert response.status_code == 422
    assert "contact_consent" in response.json()["detail"][0]["msg"]


def test_unknown_unit_is_a_422_naming_the_field(client):
    response = submit(client, {**VALID, "unit_id": 99999})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "unit_id"],
            "msg": "unknown unit_id 99999; GET /api/v1/units lists them",
            "type": "unknown_unit",
        }
    ]


def test_missing_idempotency_key_is_a_422(client):
    response = client.post("/api/v1/feedback", json=VALID, headers=BOT)
    assert response.status_code == 422
    assert any("idempotency-key" in error["loc"] for error in response.json()["detail"])


def test_access(client):
    assert submit(client, headers={}).status_code == 401
    assert submit(client, headers={"X-API-Key": "wrong"}).status_code == 401
    assert client.get("/api/v1/feedback", headers=BOT).status_code == 403
    assert client.get("/api/v1/feedback").status_code == 401
    assert submit(client, headers=KEYS["bot"]).status_code == 201


def test_list_filters(client, session):
    borsa, buvik = unit_id(session, "Børsa barnehage"), unit_id(session, "Buvik barnehage")
    submit(client, {**VALID, "sector": "barnehage", "unit_id": borsa})
    submit(client, {**VALID, "sector": "barnehage", "unit_id": buvik, "rating": 2})
    submit(client, VALID)
    assert len(client.get("/api/v1/feedback", params={"sector": "barnehage"}, headers=STAFF).json()) == 2
    assert [r["unit_id"] for r in client.get("/api/v1/feedback", params={"unit_id": buvik}, headers=STAFF).json()] == [
        buvik
    ]
    assert len(client.get("/api/v1/feedback", params={"limit": 2}, headers=STAFF).json()) == 2
    assert len(client.get("/api/v1/feedback", params={"overdue": True}, headers=STAFF).json()) == 0
    assert (
        client.get("/api/v1/feedback", params={"from": "2026-02-01", "to": "2026-01-01"}, headers=STAFF).status_code
        == 422
    )


def test_public_status_reveals_nothing_personal(client):
    body = {**VALID, "contact": {"name": "Kari", "phone": "912 34 567"}, "contact_consent": True}
    reference = submit(client, body).json()["reference"]
    answer = client.get(f"/api/v1/status/{reference.lower()}").json()
    assert answer == {
        "reference": reference, "kind": "feedback", "status": "mottatt", "outcome": None, "closing_note": None
    }  # fmt: skip
    assert client.get("/api/v1/status/SKA-XXXXXX").status_code == 404
    assert client.get("/api/v1/status/not-a-code").status_code == 422


def test_health_and_demo_page(client):
    assert client.get("/health").json() == {"status": "ok"}
    page = client.get("/")
    assert page.status_code == 200
    assert 'lang="nb"' in page.text
