"""Rasa 3.6's SQL tracker store table, rebuilt here: the app's environment has no Rasa to import.

Mirrors `SQLTrackerStore.SQLEvent` in rasa/core/tracker_store.py (rasa 3.6.21): table `events`,
columns id, sender_id, type_name, timestamp (epoch seconds as a float), intent_name, action_name, data.
"""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa

metadata = sa.MetaData()
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("events_seq"), primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def create(url: str) -> sa.Engine:
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    return engine


def add_conversation(engine: sa.Engine, sender_id: str, at: datetime, messages: int = 2) -> None:
    """A user message and a bot answer per turn, as Rasa stores them."""
    rows = []
    for turn in range(messages):
        stamp = at.timestamp() + turn
        rows.append(
            {
                "sender_id": sender_id,
                "type_name": "user",
                "timestamp": stamp,
                "intent_name": "greet",
                "action_name": None,
                "data": json.dumps({"event": "user", "text": "hei", "timestamp": stamp}),
            }
        )
        rows.append(
            {
                "sender_id": sender_id,
                "type_name": "bot",
                "timestamp": stamp + 0.5,
                "intent_name": None,
                "action_name": None,
                "data": json.dumps({"event": "bot", "text": "Hei!", "timestamp": stamp + 0.5}),
            }
        )
    with engine.begin() as connection:
        connection.execute(events.insert(), rows)


def senders(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        query = sa.select(events.c.sender_id, sa.func.count()).group_by(events.c.sender_id)
        return {sender: count for sender, count in connection.execute(query)}


def add_turns(engine: sa.Engine, sender_id: str, at: datetime, turns: list[dict]) -> None:
    """A conversation as Rasa 3.6 stores it, turn by turn: the user event with its parse data
    (intent, language entity, the response selector's ranking), then what the bot did.

    A turn: {"text", "intent", "ranking": [(topic, confidence)], "language", "said": [utter names],
    "slots": {name: value}, "loop": form name or "" (active_loop events before the user event)}.
    """
    rows = []
    stamp = at.timestamp()

    def row(kind: str, data: dict, intent: str | None = None, action: str | None = None) -> None:
        nonlocal stamp
        stamp += 0.1
        body = json.dumps({"event": kind, "timestamp": stamp, **data})
        rows.append({"sender_id": sender_id, "type_name": kind, "timestamp": stamp, "intent_name": intent,
                     "action_name": action, "data": body})  # fmt: skip

    row("action", {"name": "action_session_start"}, action="action_session_start")
    for turn in turns:
        if "loop" in turn:
            row("active_loop", {"name": turn["loop"] or None})
        ranking = [{"confidence": c, "intent_response_key": f"faq/{t}"} for t, c in turn.get("ranking", [])]
        parse = {
            "intent": {"name": turn.get("intent", "faq"), "confidence": 0.9},
            "entities": [{"entity": "language", "value": turn.get("language", "nb")}, *turn.get("entities", [])],
            "response_selector": {"faq": {"ranking": ranking}},
        }
        row("user", {"text": turn["text"], "parse_data": parse}, intent=turn.get("intent", "faq"))
        row("action", {"name": turn.get("action", "action_answer_faq")}, action=turn.get("action", "action_answer_faq"))
        for utter in turn.get("said", []):
            row("bot", {"text": "…", "metadata": {"utter_action": utter}})
        for name, value in turn.get("slots", {}).items():
            row("slot", {"name": name, "value": value}, action=name)
    with engine.begin() as connection:
        connection.execute(events.insert(), rows)
