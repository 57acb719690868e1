"""The bot's figures from a Rasa tracker store: conversations, office hours, answered rate, what it missed."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import create_engine

from analytics.botstats import bot_figures, outside_office_hours, sector_of
from analytics.demo.tracker import EVENTS, _metadata
from analytics.periods import parse_period
from innbygger_common.opening_hours import OSLO


def _user(sender: str, at: datetime, text: str, intent: str = "faq") -> dict:
    stamp = at.timestamp()
    data = {"event": "user", "timestamp": stamp, "text": text}
    return {"sender_id": sender, "type_name": "user", "timestamp": stamp, "intent_name": intent,
            "action_name": None, "data": json.dumps(data)}  # fmt: skip


@pytest.fixture
def tracker(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    _metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_figures(tracker, engine):
    evening = datetime(2026, 3, 10, 20, 0, tzinfo=OSLO)  # a Tuesday evening
    office = datetime(2026, 3, 11, 10, 0, tzinfo=OSLO)
    rows = []
    for i in range(6):  # six conversations ask the same thing the bot does not know
        rows.append(_user(f"s{i}", evening, "Kan jeg grille på stranda?", "nlu_fallback"))
        rows.append(_user(f"s{i}", evening.replace(minute=1), "søppeltømming", "faq"))
    rows.append(_user("o1", office, "Jeg heter Ola Hansen og lurer på noe", "nlu_fallback"))
    rows.append(_user("o2", office, "ring meg på 91234567", "nlu_fallback"))
    rows.append(_user("s0", datetime(2026, 3, 12, 20, 0, tzinfo=OSLO), "hei"))  # a second conversation, days later
    with tracker.begin() as connection:
        connection.execute(EVENTS.insert(), rows)
    figures = bot_figures(engine, tracker, parse_period("2026-03"))
    assert figures.available and figures.conversations == 9
    assert figures.outside_office_hours_share == round(7 / 9, 3)
    assert figures.user_messages == 15 and figures.answered_share == round(7 / 15, 3)
    assert [(q.text, q.conversations) for q in figures.not_understood_questions] == [("kan jeg grille på stranda", 6)]
    # Personal texts never appear, whatever their count: only in the sector counts (here none has five).
    dumped = json.dumps([q.text for q in figures.not_understood_questions])
    assert "Ola" not in dumped and "9123" not in dumped


def test_without_tracker_store(engine):
    assert bot_figures(engine, None, parse_period("2026-03")).available is False


def test_office_hours_and_holidays():
    import pandas as pd

    stamps = pd.Series([
        datetime(2026, 3, 11, 10, tzinfo=OSLO).timestamp(),  # Wednesday morning: open
        datetime(2026, 3, 11, 16, tzinfo=OSLO).timestamp(),  # after 15:30
        datetime(2026, 3, 14, 10, tzinfo=OSLO).timestamp(),  # Saturday
        datetime(2026, 5, 14, 10, tzinfo=OSLO).timestamp(),  # Kristi himmelfartsdag
    ])  # fmt: skip
    assert outside_office_hours(stamps).tolist() == [False, True, True, True]


def test_sector_of_a_question():
    assert sector_of("når tømmes søppeldunken") == "vann_avlop_renovasjon"
    assert sector_of("hva er meningen med livet") is None
