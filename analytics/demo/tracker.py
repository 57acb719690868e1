"""A demo Rasa tracker store: conversations with answered and not-understood questions.

The table is Rasa 3.6's `events` (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent); the
app's environment has no Rasa, so the columns are declared here as the bot stores them.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from innbygger_common.catalogue import catalogue
from innbygger_common.opening_hours import OSLO

from . import comments as c

_metadata = sa.MetaData()
EVENTS = sa.Table(
    "events",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def _hour(rng: random.Random) -> int:
    # Most traffic outside office hours (PRODUCT.md): evenings weigh most.
    weights = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 5, 6, 7, 7, 6, 4, 2]
    return rng.choices(range(24), weights=weights)[0]


def _event(
    sender: str, kind: str, stamp: float, intent: str | None = None, action: str | None = None, text: str | None = None
) -> dict[str, object]:
    data: dict[str, object] = {"event": kind, "timestamp": stamp}
    if text is not None:
        data["text"] = text
    if intent is not None:
        data["parse_data"] = {"intent": {"name": intent, "confidence": 0.9}, "text": text}
    if action is not None:
        data["name"] = action
    return {
        "sender_id": sender,
        "type_name": kind,
        "timestamp": stamp,
        "intent_name": intent,
        "action_name": action,
        "data": json.dumps(data, ensure_ascii=False),
    }


def write_tracker(url: str, months: list[date], last_day: date, rng: random.Random, per_month: int = 160) -> int:
    """Replace the demo tracker store's events; returns the number of conversations."""
    engine = sa.create_engine(url)
    topics = [t.question for t in catalogue().topics.values()]
    rows: list[dict[str, object]] = []
    conversations = 0
    for month in months:
        for _ in range(int(per_month * rng.uniform(0.8, 1.2))):
            day = month + timedelta(days=rng.randrange(28))
            if day > last_day:
                continue
            sender = uuid.UUID(int=rng.getrandbits(128)).hex
            stamp = datetime.combine(day, time(_hour(rng), rng.randrange(60)), OSLO).timestamp()
            conversations += 1
            rows.append(_event(sender, "action", stamp, action="action_session_start"))
            for turn in range(rng.randrange(1, 5)):
                at = stamp + 30 * turn + 1
                roll = rng.random()
                if roll < 0.14:
                    text = rng.choice(c.UNKNOWN_COMMON) if rng.random() < 0.97 else rng.choice(c.UNKNOWN_RARE)
                    rows.append(_event(sender, "user", at, intent="nlu_fallback", text=text))
                    rows.append(_event(sender, "action", at + 0.5, action="action_not_understood"))
                else:
                    rows.append(_event(sender, "user", at, intent="faq", text=rng.choice(topics).lower()))
                    rows.append(_event(sender, "action", at + 0.5, action="action_answer_faq"))
                rows.append(_event(sender, "bot", at + 0.6, text="…"))
    with engine.begin() as connection:
        _metadata.drop_all(connection)
        _metadata.create_all(connection)
        for start in range(0, len(rows), 5000):
            connection.execute(EVENTS.insert(), rows[start : start + 5000])
    engine.dispose()
    return conversations
