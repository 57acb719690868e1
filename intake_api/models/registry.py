"""The unit registry (enheter): who receives feedback and digests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UtcDateTime
from .base import utcnow


class Unit(Base):
    """One service unit: a barnehage, a school, hjemmetjenesten, byggesak …"""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sector: Mapped[str] = mapped_column(String(40), index=True)
    # What residents call it ("Børsa bhg", "hjemmesykepleien"); the bot matches on these.
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Where the unit digest goes.
    email: Mapped[str] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
