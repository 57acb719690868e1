"""Bot-answer ratings: no personal data, just whether an answer helped."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UtcDateTime
from .base import utcnow


class AnswerRating(Base):
    """A resident's "did this answer help?" for one FAQ topic (no personal data)."""

    __tablename__ = "answer_rating"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(60), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    language: Mapped[str] = mapped_column(String(5), default="nb")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
