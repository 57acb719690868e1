"""Follow-up: the status workflow, closing rules, avvik, deadlines, overdue, audit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from intake_api.config import Settings
from intake_api.followup import add_working_days, feedback_deadline, message_deadline
from intake_api.models import AuditEntry, Feedback
from tests.app_fixtures import KEYS

from .helpers import VALID_FEEDBACK, close, feedback_for_unit, submit, unit_id

UNIT = KEYS["unit"]
LEADER = KEYS["leader"]


@pytest.fixture
def reference(client, session):
    return feedback_for_unit(client, unit_id(session, "Hjemmetjenesten"))


def patch(client, reference, body, headers=UNIT):
    return client.patch(f"/api/v1/feedback/{reference}", json=body, headers=headers)


def test_the_whole_workflow(client, reference, session):
    assert patch(client, reference, {"status": "under_behandling"}).json()["status"] == "under_behandling"
    closed = close(client, f"/api/v1/feedback/{reference}", headers=UNIT, note="Ring oss på 912 34 567.").json()
    assert (closed["status"], closed["outcome"]) == ("lukket", "utbedret")
    assert closed["closing_note"] == "Ring oss på [telefon]."  # scrubbed: the public status shows it
    assert closed["closed_at"] is not None
    status = client.get(f"/api/v1/status/{reference}").json()
    assert (status["status"], status["closing_note"]) == ("lukket", "Ring oss på [telefon].")
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "status.change")).all()
    assert [(e.detail["from"]["status"], e.detail["to"]["status"]) for e in entries] == [
        ("mottatt", "under_behandling"), ("under_behandling", "lukket")
    ]  # fmt: skip
    assert {e.actor for e in entries} == {"key:dev-unit"} and {e.role for e in entries} == {"unit"}


@pytest.mark.parametrize(
    ("steps", "last", "message"),
    [
        ([], {"status": "mottatt"}, "cannot move to 'mottatt'"),
        ([{"status": "under_behandling"}], {"status": "under_behandling"}, "cannot move to 'under_behandling'"),
        ([{"status": "under_behandling"}], {"status": "mottatt"}, "allowed from 'under_behandling': lukket"),
        ([{"status": "lukket", "outcome": "ikke_aktuelt", "closing_note": "Ok."}],
         {"status": "lukket", "outcome": "utbedret", "closing_note": "Igjen."}, "cannot move to 'lukket'"),
        ([], {"outcome": "utbedret"}, "set when closing"),
    ],
)  # fmt: skip
def test_transitions_that_are_not_allowed_are_a_409(client, reference, steps, last, message):
    for step in steps:
        assert patch(client, reference, step).status_code == 200
    response = patch(client, reference, last)
    assert response.status_code == 409
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"status": "lukket"}, "needs outcome and closing_note"),
        ({"status": "lukket", "outcome": "utbedret"}, "needs closing_note"),
        ({"status": "lukket", "outcome": "utbedret", "closing_note": "   "}, "must not be empty"),
        ({"status": "under_behandling", "outcome": "utbedret"}, "belong to closing"),
        ({}, "nothing to change"),
        ({"status": "parkert"}, "Input should be"),
    ],
)
def test_closing_needs_outcome_and_note(client, reference, body, message):
    response = patch(client, reference, body)
    assert response.status_code == 422
    assert message in str(response.json()["detail"])


def test_reopen_clears_the_outcome_and_a_closed_note_can_be_corrected(client, reference):
    close(client, f"/api/v1/feedback/{reference}", headers=UNIT)
    corrected = patch(client, reference, {"closing_note": "Rettet: vi ringte 3. mars."}).json()
    assert corrected["closing_note"] == "Rettet: vi ringte 3. mars." and corrected["status"] == "lukket"
    reopened = patch(client, reference, {"status": "under_behandling"}).json()
    assert (reopened["outcome"], reopened["closing_note"], reopened["closed_at"]) == (None, None, None)


def test_ikke_utbedret_is_a_distinct_outcome(client, reference):
    body = {"status": "lukket", "outcome": "ikke_utbedret", "closing_note": "Vi har ikke kapasitet nå."}
    assert patch(client, reference, body).json()["outcome"] == "ikke_utbedret"
    assert client.get(f"/api/v1/status/{reference}").json()["outcome"] == "ikke_utbedret"


def test_avvik_is_marked_unmarked_and_audited(client, reference, session):
    assert patch(client, reference, {"avvik": True}).json()["avvik"] is True
    listed = client.get("/api/v1/feedback", params={"avvik": True}, headers=UNIT).json()
    assert [r["reference"] for r in listed] == [reference]
    assert patch(client, reference, {"avvik": False}).json()["avvik"] is False
    details = [e.detail for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "avvik.change"))]
    assert details == [{"avvik": True}, {"avvik": False}]


def test_overdue_is_computed_from_the_deadline(client, reference, session):
    session.execute(
        update(Feedback)
        .where(Feedback.reference == reference)
        .values(due_at=datetime.now(timezone.utc) - timedelta(hours=1))
    )
    session.commit()
    row = client.get(f"/api/v1/feedback/{reference}", headers=UNIT).json()
    assert row["overdue"] is True
    assert [r["reference"] for r in client.get("/api/v1/feedback", params={"overdue": True}, headers=UNIT).json()] == [
        reference
    ]
    close(client, f"/api/v1/feedback/{reference}", headers=UNIT)
    assert client.get(f"/api/v1/feedback/{reference}", headers=UNIT).json()["overdue"] is False


def test_leaders_assign_feedback_without_a_unit(client, session):
    reference = submit(client, VALID_FEEDBACK).json()["reference"]
    home = unit_id(session, "Hjemmetjenesten")
    assert patch(client, reference, {"status": "under_behandling"}).status_code == 403  # not the unit's yet
    assert patch(client, reference, {"unit_id": home}, headers=LEADER).json()["unit_id"] == home
    assert patch(client, reference, {"status": "under_behandling"}).status_code == 200
    refused = patch(client, reference, {"unit_id": unit_id(session, "Skaun bibliotek")})
    assert refused.status_code == 422 and "leader" in str(refused.json()["detail"])
    assert patch(client, reference, {"unit_id": 99999}, headers=LEADER).status_code == 422


def test_deadlines_from_settings():
    settings = Settings(environment="test", deadline_feedback_days=14, deadline_message_working_days=2)
    created = datetime(2026, 3, 27, 14, 0, tzinfo=timezone.utc)  # a Friday, before Easter 2026
    assert feedback_deadline(created, settings) == created + timedelta(days=14)
    # Friday + 2 working days = Tuesday (weekend skipped).
    assert message_deadline(created, settings).date().isoformat() == "2026-03-31"


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-04-01T10:00:00+02:00", 1, "2026-04-07"),  # onsdag før påske: skjærtorsdag … andre påskedag skipped
        ("2026-12-23T10:00:00+01:00", 1, "2026-12-24"),  # julaften is a weekday, not a public holiday
        ("2026-12-24T10:00:00+01:00", 1, "2026-12-28"),  # 25 and 26 December, then the weekend
        ("2026-05-15T10:00:00+02:00", 1, "2026-05-18"),  # Friday -> Monday
        ("2026-05-16T10:00:00+02:00", 1, "2026-05-18"),  # Saturday -> Monday (17 May is a Sunday in 2026)
    ],
)
def test_working_days_skip_weekends_and_holidays(start, days, due):
    result = add_working_days(datetime.fromisoformat(start), days)
    assert result.date().isoformat() == due
