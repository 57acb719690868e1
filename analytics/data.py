"""Read feedback, units and answer ratings from the intake database into pandas (read-only).

Columns come through as plain values (no ORM objects, no per-row datetime processing): a
tertial of a large kommune is hundreds of thousands of rows, and building Python objects
for each was most of the cost before this.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Boolean, Text, select, type_coerce
from sqlalchemy.engine import Connection, Engine

from intake_api.models import AnswerRating, AuditEntry, Feedback, Unit

Bind = Engine | Connection

# What the figures need; text and themes only when comments are read (they are the bulk of the bytes).
_NUMERIC = [
    "id",
    "reference",
    "sector",
    "unit_id",
    "rating",
    "status",
    "outcome",
    "avvik",
    "due_at",
    "closed_at",
    "created_at",
    "language",
    "channel",
]
_TIMES = ("due_at", "closed_at", "created_at")
DEMO_ACTION = "demo.generate"


@dataclass(frozen=True)
class UnitInfo:
    """One unit of the registry, as reports need it."""

    id: int
    name: str
    sector: str
    email: str
    active: bool


def _column(name: str) -> Any:
    column = getattr(Feedback, name)
    if name in _TIMES:
        # Raw values: ISO strings on SQLite, aware datetimes on PostgreSQL; pandas reads both at once.
        return type_coerce(column, Text).label(name)
    if name == "themes":
        return type_coerce(column, Text).label(name)
    return column


def load_feedback(
    bind: Bind,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    sectors: list[str] | None = None,
    unit_ids: list[int] | None = None,
    with_text: bool = True,
    text_since: datetime | None = None,
) -> pd.DataFrame:
    """Feedback created in [start, end), optionally of some sectors or units, one row each.

    `created_at`, `due_at` and `closed_at` are UTC timestamps; `themes` (with text) is a tuple or None.
    With `text_since`, only rows created from then on get their text (the rest get ""): comparison
    periods need numbers only, and comments are most of the bytes of a year-long window.
    """
    split = with_text and text_since is not None
    # `polarity`: ros/kritikk/blandet/nøytral where staff set it on the item page, else None.
    names = _NUMERIC + (["text", "themes", "polarity"] if with_text and not split else [])
    frame = _read(bind, _filtered(select(*(_column(n) for n in names)), start, end, sectors, unit_ids), names)
    if split:
        columns = [_column("text"), _column("themes"), _column("polarity")]
        query = _filtered(select(Feedback.id, *columns), text_since, end, sectors, unit_ids)
        comments = _read(bind, query, ["id", "text", "themes", "polarity"]).set_index("id")
        frame["text"] = frame["id"].map(comments["text"])
        frame["themes"] = frame["id"].map(comments["themes"])
        frame["polarity"] = frame["id"].map(comments["polarity"])
    for name in _TIMES:
        frame[name] = pd.to_datetime(frame[name], utc=True, format="ISO8601")
    frame["rating"] = frame["rating"].astype("int64")
    frame["avvik"] = frame["avvik"].astype(bool)
    frame["unit_id"] = frame["unit_id"].astype("Int64")
    if with_text:
        frame["text"] = frame["text"].fillna("").astype(str)
        frame["themes"] = pd.Series([_themes(value) for value in frame["themes"]], index=frame.index, dtype=object)
        frame["polarity"] = frame["polarity"].astype(object).where(frame["polarity"].notna(), None)
    return frame


def _filtered(
    query: Any, start: datetime | None, end: datetime | None, sectors: list[str] | None, unit_ids: list[int] | None
) -> Any:
    if start is not None:
        query = query.where(Feedback.created_at >= start)
    if end is not None:
        query = query.where(Feedback.created_at < end)
    if sectors is not None:
        query = query.where(Feedback.sector.in_(sectors))
    if unit_ids is not None:
        query = query.where(Feedback.unit_id.in_(unit_ids))
    return query


def _themes(value: Any) -> tuple[str, ...] | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = json.loads(value)  # "null" when a JSON null was stored
    if value is None:
        return None
    # An empty list is an answer (staff found no theme): kept as (), not read from the text again.
    return tuple(str(code) for code in value)


def _read(bind: Bind, query: Any, names: list[str]) -> pd.DataFrame:
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            rows = connection.execute(query).all()
    else:
        rows = bind.execute(query).all()
    return pd.DataFrame.from_records(rows, columns=names)


def load_units(bind: Bind) -> dict[int, UnitInfo]:
    """Every unit of the registry by id (inactive ones too: old feedback still names them)."""
    query = select(Unit.id, Unit.name, Unit.sector, Unit.email, type_coerce(Unit.active, Boolean))
    rows = _read(bind, query, ["id", "name", "sector", "email", "active"])
    return {
        int(r["id"]): UnitInfo(int(r["id"]), str(r["name"]), str(r["sector"]), str(r["email"]), bool(r["active"]))
        for r in rows.to_dict("records")
    }


def load_answer_ratings(bind: Bind, start: datetime, end: datetime) -> pd.DataFrame:
    """The bot's "did this help?" ratings in [start, end): topic, helpful."""
    query = select(AnswerRating.topic, AnswerRating.helpful).where(
        AnswerRating.created_at >= start, AnswerRating.created_at < end
    )
    frame = _read(bind, query, ["topic", "helpful"])
    frame["helpful"] = frame["helpful"].astype(bool)
    return frame


def is_demo_database(bind: Bind) -> bool:
    """Whether the database holds generated demo data (marked in the audit log by `analytics demo-data`)."""
    query = select(AuditEntry.id).where(AuditEntry.action == DEMO_ACTION).limit(1)
    return not _read(bind, query, ["id"]).empty
