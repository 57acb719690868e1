"""The staff reports page names the assumed opening hours beside the bot's "outside opening hours" share.

The rådmann summary, its PDF and the command line are checked in tests/analytics/test_office_hours_note.py.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update

from analytics import botstats
from innbygger_common.opening_hours import OSLO
from innbygger_common.profile import profile
from intake_api.models import Feedback
from tests.app_fixtures import on_postgres, tracker_url_for
from tests.intake_api import rasa_tracker

from .helpers import feedback_in, signed_in, text_of

NOTE = "beregnet mot antatt åpningstid 08.00–15.30 fordi kommunen ikke har registrert åpningstider"
MARCH = datetime(2026, 3, 11, 12, tzinfo=OSLO)  # a Wednesday


@pytest.fixture
def conversations(database_url, tmp_path):
    """Four conversations that Wednesday, at 09.00, 11.00, 15.00 and 20.00, in the app's tracker store."""
    engine = rasa_tracker.create(tracker_url_for(database_url, tmp_path))
    for i, hour in enumerate((9, 11, 15, 20)):
        rasa_tracker.add_conversation(engine, f"staff-report-{i:02d}", MARCH.replace(hour=hour), messages=1)
    yield
    if on_postgres():
        rasa_tracker.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def feedback(client, session):
    """Six pieces of feedback in March 2026, so the page shows figures (fewer than five are withheld)."""
    references = [feedback_in(client, session, "Hjemmetjenesten", rating=5) for _ in range(6)]
    session.execute(update(Feedback).where(Feedback.reference.in_(references)).values(created_at=MARCH))
    session.commit()


def bot_section(text: str) -> str:
    return text[text.index("Chatboten Samtaler") : text.index("Last ned rapporter")]


def test_assumed_hours_are_named_on_the_reports_page(client, users, feedback, conversations):
    text = text_of(signed_in(client, users.leader).get("/staff/reports?periode=2026-03"))
    assert f"Utenfor åpningstiden 25 % ({NOTE})" in bot_section(text)
    assert f"25 % av dem utenfor servicetorgets åpningstid ({NOTE})." in text  # the key point above


def test_known_hours_need_no_note_on_the_reports_page(client, users, feedback, conversations, monkeypatch):
    hours = {day: ["10:00", "14:00"] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")}
    with_hours = {**profile(), "servicetorget": {**profile()["servicetorget"], "opening_hours": hours}}
    monkeypatch.setattr(botstats, "profile", lambda: with_hours)
    text = text_of(signed_in(client, users.leader).get("/staff/reports?periode=2026-03"))
    assert "Utenfor åpningstiden 75 % Spørsmål chatboten forsto" in bot_section(text)
    assert "antatt" not in text
