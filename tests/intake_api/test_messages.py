"""Messages for the servicetorget: callback requests with contact details, the queue, handling."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from intake_api.models import AuditEntry, Contact, Message
from tests.app_fixtures import KEYS

from .helpers import VALID_MESSAGE, close, send_message, submit

ST = KEYS["servicetorget"]


def test_a_callback_request_is_stored_scrubbed_with_contact_apart(client, session):
    body = {**VALID_MESSAGE, "text": "Ring meg på 912 34 567 eller kari@example.no"}
    response = send_message(client, body)
    assert response.status_code == 201
    reference = response.json()["reference"]
    row = client.get(f"/api/v1/messages/{reference}", headers=ST).json()
    assert row["text"] == "Ring meg på [telefon] eller [e-post]"
    assert (row["kind"], row["subject"], row["status"], row["has_contact"]) == (
        "callback", "Søknad om barnehageplass", "mottatt", True
    )  # fmt: skip
    stored = session.scalar(select(Message).where(Message.reference == reference))
    contact = session.scalar(select(Contact).where(Contact.message_id == stored.id))
    assert contact.phone == "+47 912 34 567"


def test_deadline_counts_working_days(client, session):
    reference = send_message(client).json()["reference"]
    row = session.scalar(select(Message).where(Message.reference == reference))
    assert row.due_at > row.created_at
    assert row.due_at.weekday() < 5


def test_idempotency_as_for_feedback(client):
    first = send_message(client, key="msg-key-000001")
    again = send_message(client, key="msg-key-000001")
    other = send_message(client, {**VALID_MESSAGE, "text": "Noe annet"}, key="msg-key-000001")
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 422)
    assert first.json() == again.json()


def test_a_key_used_for_feedback_cannot_be_reused_for_a_message(client):
    assert submit(client, key="shared-key-0001").status_code == 201
    response = send_message(client, key="shared-key-0001")
    assert response.status_code == 409
    assert "already used for a feedback" in response.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"subject": ""}, "subject"),
        ({"contact_consent": False}, "contact_consent"),
        ({"contact": {"email": "kari@example.no"}}, "body"),  # callback needs a phone
        ({"sector": "romfart"}, "sector"),
    ],
)
def test_bad_messages_get_a_precise_422(client, change, field):
    response = send_message(client, {**VALID_MESSAGE, **change})
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"]), response.json()


def test_a_message_without_contact_is_refused(client):
    body = {k: v for k, v in VALID_MESSAGE.items() if k != "contact"}
    assert send_message(client, body).status_code == 422


def test_the_servicetorget_handles_a_message_and_the_resident_sees_the_note(client, session):
    reference = send_message(client).json()["reference"]
    contact = client.get(f"/api/v1/messages/{reference}/contact", headers=ST)
    assert contact.json()["phone"] == "+47 912 34 567"
    assert close(client, f"/api/v1/messages/{reference}", headers=ST, note="Vi ringte deg 12.3.").status_code == 200
    assert client.get(f"/api/v1/status/{reference}").json() == {
        "reference": reference, "kind": "message", "status": "lukket", "outcome": "utbedret",
        "closing_note": "Vi ringte deg 12.3.",
    }  # fmt: skip
    actions = [e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.item_reference == reference))]
    assert sorted(actions) == ["contact.read", "status.change"]


def test_the_queue_lists_newest_first_and_filters(client):
    first = send_message(client).json()["reference"]
    second = send_message(client, {**VALID_MESSAGE, "kind": "message"}).json()["reference"]
    listed = client.get("/api/v1/messages", headers=ST).json()
    assert [m["reference"] for m in listed] == [second, first]
    callbacks = client.get("/api/v1/messages", params={"kind": "callback"}, headers=ST).json()
    assert [m["reference"] for m in callbacks] == [first]
    today = datetime.now(timezone.utc).date().isoformat()
    assert len(client.get("/api/v1/messages", params={"from": today}, headers=KEYS["leader"]).json()) == 2
