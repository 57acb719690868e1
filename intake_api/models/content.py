"""What editors change in the staff pages: answers, kommune facts, training examples, worklist decisions.

Every change is a new row, never an update: the newest row per (kind, key) is what the bot uses,
the older rows are the history an editor can revert to. A row without a body takes the key back to
the seed in content/ (the reviewed YAML files), so "revert to the original" is a change like any other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UtcDateTime
from .base import utcnow

CONTENT_KINDS = ("answer", "fact", "example")
DECISIONS = ("example", "out_of_scope", "new_topic")


class ContentChange(Base):
    """One version of an answer ({nb, nn, en}), a fact ({value, source}) or an example ({topic, text, language})."""

    __tablename__ = "content_change"
    __table_args__ = (Index("ix_content_change_kind_key", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(120))
    # None: back to the seed (answers and facts) or removed (examples).
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    author: Mapped[str] = mapped_column(String(60))
    # The change whose body this one restored (a revert), for the history page.
    restores_id: Mapped[int | None] = mapped_column(ForeignKey("content_change.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class WorklistDecision(Base):
    """What an editor decided for a group of questions the bot did not understand."""

    __tablename__ = "worklist_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The group's normalised question (scrubbed): the same question asked again is already decided.
    group_key: Mapped[str] = mapped_column(String(300), unique=True)
    decision: Mapped[str] = mapped_column(String(12))
    topic: Mapped[str | None] = mapped_column(String(60), default=None)
    note: Mapped[str | None] = mapped_column(String(300), default=None)
    change_id: Mapped[int | None] = mapped_column(ForeignKey("content_change.id"), default=None)
    decided_by: Mapped[str] = mapped_column(String(60))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class TrainingJob(Base):
    """A retraining with editors' examples (or a rollback to an earlier model), done by the trainer.

    The trainer (bot/trainer.py) claims queued jobs through the API, reports each stage, and loads
    the new model into every Rasa server only when it passed the held-out floors.
    """

    __tablename__ = "training_job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "train" or "rollback"
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)  # queued, running, done, failed
    stage: Mapped[str] = mapped_column(String(200), default="")
    requested_by: Mapped[str] = mapped_column(String(60))
    # The newest content change the training read: examples added after it wait for the next one.
    content_revision: Mapped[int] = mapped_column(Integer, default=0)
    examples: Mapped[int] = mapped_column(Integer, default=0)
    # The model this job put in force (a rollback: the one it went back to), and the one before.
    model_path: Mapped[str | None] = mapped_column(String(500), default=None)
    previous_model_path: Mapped[str | None] = mapped_column(String(500), default=None)
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
