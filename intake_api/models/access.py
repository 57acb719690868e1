"""API keys (stored hashed, one role each) and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UtcDateTime
from .base import utcnow
from .registry import Unit

ROLES = ("bot", "unit", "servicetorget", "leader", "admin")


class ApiKey(Base):
    """A client's key. Only a salted, peppered hash of the secret is kept; the key is shown once."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The public part of the key ("ibd.<key_id>.<secret>"), used to find the row without scanning hashes.
    key_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    salt: Mapped[str] = mapped_column(String(64))
    secret_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    units: Mapped[list[Unit]] = relationship(secondary="api_key_unit", lazy="selectin", order_by=Unit.id)


class ApiKeyUnit(Base):
    """Which units a unit-role key may read and update."""

    __tablename__ = "api_key_unit"

    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_key.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True)


class AuditEntry(Base):
    """Who read contact details or changed an item, a unit or a key, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    # "key:<key_id>", "settings:bot", "settings:staff", "resident" or "system:<command>".
    actor: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40), index=True)
    item_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    item_reference: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
