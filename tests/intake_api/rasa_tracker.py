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
