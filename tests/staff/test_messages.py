"""The servicetorget's queue: list, read (contact audited), handle with a note; leaders read only."""

from __future__ import annotations

from sqlalchemy import func, select

from intake_api.models import AuditEntry, Message
from tests.intake_api.helpers import VALID_MESSAGE, send_message

from .helpers import post_form, signed_in, text_of


def message(client, **changes) -> str:
    response = send_message(client, {**VALID_MESSAGE, **changes})
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def test_the_queue_shows_open_messages_newest_first(client, users, session):
    older = message(client, subject="Første")
    newer = message(client, kind="message", subject="Andre", contact={"email": "kari@example.no"})
    signed_in(client, users.servicetorget)
    page = client.get("/staff/messages")
    assert page.status_code == 200
    assert page.text.index(newer) < page.text.index(older)
    assert "Ring meg tilbake" in text_of(page)
    callbacks = client.get("/staff/messages?kind=callback")
    assert older in callbacks.text and newer not in callbacks.text


def test_handle_a_callback_with_a_note(client, users, session):
    reference = message(client)
    signed_in(client, users.servicetorget)
    page = client.get(f"/staff/messages/{reference}")
    assert "Kari Nordmann" in text_of(page) and "+47 912 34 567" in text_of(page)
    assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "contact.read")) == 1
    done = post_form(client, f"/staff/messages/{reference}/status",
                     {"status": "lukket", "outcome": "utbedret", "closing_note": "Vi ringte deg tirsdag."},
                     page=f"/staff/messages/{reference}")  # fmt: skip
    assert done.status_code == 303
    status = client.get(f"/api/v1/status/{reference}").json()
    assert (status["status"], status["closing_note"]) == ("lukket", "Vi ringte deg tirsdag.")
    assert reference not in client.get("/staff/messages").text  # handled: out of the open queue
    assert reference in client.get("/staff/messages?status=lukket").text


def test_an_empty_note_is_refused_and_nothing_changes(client, users, session):
    reference = message(client)
    signed_in(client, users.servicetorget)
    response = post_form(client, f"/staff/messages/{reference}/status",
                         {"status": "lukket", "outcome": "utbedret", "closing_note": " "},
                         page=f"/staff/messages/{reference}")  # fmt: skip
    assert response.status_code == 422
    assert "Skriv et svar til innbyggeren" in text_of(response)
    assert session.scalar(select(Message.status).where(Message.reference == reference)) == "mottatt"


def test_leaders_read_but_do_not_handle(client, users, session):
    reference = message(client)
    signed_in(client, users.leader)
    page = client.get(f"/staff/messages/{reference}")
    assert page.status_code == 200 and "Som leder kan du lese dem" in text_of(page)
    assert 'action="/staff/messages/' not in page.text
    refused = post_form(client, f"/staff/messages/{reference}/status", {"status": "under_behandling"},
                        page=f"/staff/messages/{reference}")  # fmt: skip
    assert refused.status_code == 403
    assert session.scalar(select(Message.status).where(Message.reference == reference)) == "mottatt"


def test_units_and_admins_do_not_see_messages(client, users):
    reference = message(client)
    for who in (users.unit, users.admin):
        signed_in(client, who)
        assert client.get("/staff/messages").status_code == 403
        assert client.get(f"/staff/messages/{reference}").status_code == 403
