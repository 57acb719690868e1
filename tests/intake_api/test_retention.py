"""Retention: contact details after closing, chat transcripts after N days, "delete my conversation"."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from intake_api.models import AuditEntry, Contact, Feedback, Message
from intake_api.retention import main as retention_main
from intake_api.retention import purge_contacts, purge_transcripts, tracker_engine
from tests.app_fixtures import KEYS, on_postgres, tracker_url_for

from . import rasa_tracker
from .helpers import VALID_FEEDBACK, close, send_message, submit

NOW = datetime.now(timezone.utc)


@pytest.fixture
def tracker(database_url, tmp_path):
    url = tracker_url_for(database_url, tmp_path)
    engine = rasa_tracker.create(url)
    yield url, engine
    if on_postgres():
        rasa_tracker.metadata.drop_all(engine)
    engine.dispose()
    tracker_engine.cache_clear()


def with_contact(client) -> str:
    body = {**VALID_FEEDBACK, "contact": {"name": "Kari", "phone": "912 34 567"}, "contact_consent": True}
    return submit(client, body).json()["reference"]


def closed_days_ago(session, model, reference: str, days: int) -> None:
    session.execute(update(model).where(model.reference == reference).values(closed_at=NOW - timedelta(days=days)))
    session.commit()


def test_contact_details_go_n_days_after_closing(client, session):
    old, recent, still_open = with_contact(client), with_contact(client), with_contact(client)
    message = send_message(client).json()["reference"]
    for reference in (old, recent):
        close(client, f"/api/v1/feedback/{reference}")
    close(client, f"/api/v1/messages/{message}", headers=KEYS["servicetorget"])
    closed_days_ago(session, Feedback, old, 31)
    closed_days_ago(session, Feedback, recent, 29)
    closed_days_ago(session, Message, message, 40)

    assert purge_contacts(session, 30, dry_run=True).references == sorted([old, message])
    assert session.scalar(select(Contact.id).join(Feedback).where(Feedback.reference == old)) is not None

    result = purge_contacts(session, 30)
    assert result.references == sorted([old, message])
    left = set(session.scalars(select(Feedback.reference).join(Contact, Contact.feedback_id == Feedback.id)))
    assert left == {recent, still_open}
    assert client.get(f"/api/v1/feedback/{old}/contact", headers=KEYS["leader"]).status_code == 404
    assert client.get(f"/api/v1/feedback/{old}", headers=KEYS["leader"]).json()["has_contact"] is False
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "contact.delete")).one()
    assert entry.actor == "system:retention" and entry.detail["references"] == sorted([old, message])
    assert purge_contacts(session, 30).deleted == 0


def test_transcripts_older_than_n_days_are_removed(tracker):
    url, engine = tracker
    rasa_tracker.add_conversation(engine, "old-conversation-000001", NOW - timedelta(days=22))
    rasa_tracker.add_conversation(engine, "new-conversation-000001", NOW - timedelta(days=20))
    # A conversation that spans the cut-off keeps only its recent part.
    rasa_tracker.add_conversation(engine, "long-conversation-00001", NOW - timedelta(days=25))
    rasa_tracker.add_conversation(engine, "long-conversation-00001", NOW - timedelta(days=1))

    dry = purge_transcripts(url, 21, dry_run=True)
    assert (dry.deleted_events, dry.conversations) == (8, 2)
    assert len(rasa_tracker.senders(engine)) == 3

    result = purge_transcripts(url, 21)
    assert (result.deleted_events, result.conversations) == (8, 2)
    assert rasa_tracker.senders(engine) == {"new-conversation-000001": 4, "long-conversation-00001": 4}


def test_a_missing_tracker_store_is_not_an_error(tmp_path):
    url = f"sqlite:///{tmp_path / 'nothing-yet.db'}"
    assert purge_transcripts(url, 21).deleted_events == 0
    assert not (tmp_path / "nothing-yet.db").exists()


def test_a_resident_deletes_their_conversation(client, session, tracker):
    _, engine = tracker
    mine, other = f"socket-{uuid.uuid4().hex}", f"socket-{uuid.uuid4().hex}"
    rasa_tracker.add_conversation(engine, mine, NOW - timedelta(minutes=5), messages=3)
    rasa_tracker.add_conversation(engine, other, NOW - timedelta(minutes=5))
    reference = submit(client, {**VALID_FEEDBACK, "conversation_id": mine}).json()["reference"]

    response = client.post("/api/v1/conversations/delete", json={"conversation_id": mine})
    assert response.status_code == 200
    assert response.json() == {"conversation_id": mine, "deleted_events": 6, "unlinked_items": 1}
    assert rasa_tracker.senders(engine) == {other: 4}
    session.expire_all()
    row = session.scalar(select(Feedback).where(Feedback.reference == reference))
    assert row.conversation_id is None and row.text  # the feedback itself stays
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "conversation.delete")).one()
    assert mine not in str(entry.detail) and entry.actor == "resident"
    again = client.post("/api/v1/conversations/delete", json={"conversation_id": mine})
    assert again.json()["deleted_events"] == 0


def test_the_older_delete_by_address_still_works(client, tracker):
    _, engine = tracker
    mine = f"socket-{uuid.uuid4().hex}"
    rasa_tracker.add_conversation(engine, mine, NOW - timedelta(minutes=5), messages=2)
    response = client.delete(f"/api/v1/conversations/{mine}")
    assert response.status_code == 200 and response.json()["deleted_events"] == 4
    assert mine not in rasa_tracker.senders(engine)


@pytest.mark.parametrize("conversation_id", ["default", "short-id", "x" * 129, "has spaces in the id here"])
def test_short_or_odd_conversation_ids_are_refused(client, conversation_id):
    assert client.delete(f"/api/v1/conversations/{conversation_id}").status_code in (404, 422)
    body = client.post("/api/v1/conversations/delete", json={"conversation_id": conversation_id})
    assert body.status_code == 422 and body.json()["detail"][0]["loc"] == ["body", "conversation_id"]


def test_retention_commands(database_url, tracker, client, session, capsys):
    url, engine = tracker
    rasa_tracker.add_conversation(engine, "cli-conversation-000001", NOW - timedelta(days=30))
    reference = with_contact(client)
    close(client, f"/api/v1/feedback/{reference}")
    closed_days_ago(session, Feedback, reference, 100)
    base = ["--database-url", database_url, "--tracker-url", url]
    assert retention_main([*base, "all"]) == 0
    out = capsys.readouterr().out
    assert "contact details: 1 deleted" in out and "transcripts: 4 events in 1 conversation(s)" in out
    rasa_tracker.add_conversation(engine, "cli-conversation-000002", NOW)
    assert retention_main([*base, "conversation", "cli-conversation-000002"]) == 0
    assert "4 events deleted" in capsys.readouterr().out


def test_retention_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "intake_api.retention", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("contacts", "transcripts", "conversation", "all"):
        assert command in result.stdout
