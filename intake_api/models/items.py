"""Feedback and servicetorget messages, their reference codes, their follow-up, and the resident's contact details."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column

from ..db import Base, UtcDateTime
from .base import utcnow

STATUSES = ("mottatt", "under_behandling", "lukket")
OUTCOMES = ("utbedret", "ikke_utbedret", "ikke_aktuelt")
# A comment's polarity, as the labelled training data has it.
POLARITIES = ("ros", "kritikk", "blandet", "nøytral")
_STATUS_CHECK = "status IN ('mottatt', 'under_behandling', 'lukket')"
_OUTCOME_CHECK = "outcome IS NULL OR outcome IN ('utbedret', 'ikke_utbedret', 'ikke_aktuelt')"


class ReferenceCode(Base):
    """Every reference code handed out, feedback and messages alike: one code, one item, one kind.

    A submission claims its Idempotency-Key and its code here first (the unique constraints decide
    a race), then stores its item, whose (reference, reference_kind) must name a row of this table.
    So no code can belong to a feedback and a message, and no key can create both. An alias is a
    code the bot told a resident while the API was away that differs from the stored one; it
    leads to the stored code. `shared` marks a code two residents were told (an alias that could
    not be kept because the code was already another item's): the public lookup then shows neither.
    """

    __tablename__ = "reference_code"
    __table_args__ = (
        CheckConstraint("kind IN ('feedback', 'message')", name="kind_known"),
        CheckConstraint("alias_of IS NULL OR idempotency_key IS NULL", name="alias_has_no_key"),
        # The target of the items' (reference, reference_kind) foreign keys.
        UniqueConstraint("code", "kind", name="uq_reference_code_code_kind"),
        # An alias leads to a code of its own kind.
        ForeignKeyConstraint(
            ["alias_of", "kind"], ["reference_code.code", "reference_code.kind"], name="fk_reference_code_alias_of"
        ),
    )

    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    # None for aliases (and for the few items a key was used twice for before this table existed).
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True, default=None)
    alias_of: Mapped[str | None] = mapped_column(String(24), index=True, default=None)
    shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


def _reference_of(kind: str) -> tuple[CheckConstraint, ForeignKeyConstraint]:
    """The item's code must be a claimed code of the item's kind."""
    return (
        CheckConstraint(f"reference_kind = '{kind}'", name=f"reference_kind_{kind}"),
        ForeignKeyConstraint(["reference", "reference_kind"], ["reference_code.code", "reference_code.kind"]),
    )


class FollowUp:
    """Columns every followed-up item has (Open311-style status with an outcome and a public note)."""

    reference: Mapped[str] = mapped_column(String(24), unique=True, index=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(20), default="chat")
    language: Mapped[str] = mapped_column(String(5), default="nb")
    # The chat conversation the item came from; lets "delete my conversation" unlink it.
    conversation_id: Mapped[str | None] = mapped_column(String(255), index=True, default=None)
    status: Mapped[str] = mapped_column(String(20), default="mottatt", index=True)
    outcome: Mapped[str | None] = mapped_column(String(20), default=None)
    # Written for the resident: shown by the public status lookup.
    closing_note: Mapped[str | None] = mapped_column(Text, default=None)
    avvik: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    @property
    def overdue(self) -> bool:
        """Not closed and past its deadline (computed, never stored)."""
        return self.status != "lukket" and self.due_at is not None and self.due_at < utcnow()


class Feedback(FollowUp, Base):
    """One piece of structured feedback on a service."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 6", name="rating_range"),
        CheckConstraint(_STATUS_CHECK, name="status_known"),
        CheckConstraint(_OUTCOME_CHECK, name="outcome_known"),
        *_reference_of("feedback"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference_kind: Mapped[str] = mapped_column(String(10), default="feedback", server_default="feedback")
    sector: Mapped[str] = mapped_column(String(40), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True, default=None)
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    # Praise or criticism as staff read it (POLARITIES), set with a theme correction; None: not given.
    polarity: Mapped[str | None] = mapped_column(String(10), default=None)
    # Who (the audit actor, "user:<username>") corrected the themes on the staff pages, and when; None for
    # themes a client stored or none at all. Only corrected rows are exported as labelled comments.
    themes_corrected_by: Mapped[str | None] = mapped_column(String(60), default=None)
    themes_corrected_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None, index=True)


class Message(FollowUp, Base):
    """A callback request or message for the servicetorget."""

    __tablename__ = "message"
    __table_args__ = (
        CheckConstraint("kind IN ('callback', 'message')", name="kind_known"),
        CheckConstraint(_STATUS_CHECK, name="status_known"),
        CheckConstraint(_OUTCOME_CHECK, name="outcome_known"),
        *_reference_of("message"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference_kind: Mapped[str] = mapped_column(String(10), default="message", server_default="message")
    kind: Mapped[str] = mapped_column(String(20), default="message")
    subject: Mapped[str] = mapped_column(String(400))  # 200 typed; scrub labels may lengthen it
    text: Mapped[str] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(String(40), default=None)


class Contact(Base):
    """How to reach the resident, given with consent; kept apart from the text and deleted after closing."""

    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint(
            "(feedback_id IS NULL AND message_id IS NOT NULL) OR (feedback_id IS NOT NULL AND message_id IS NULL)",
            name="one_item",
        ),
        CheckConstraint("phone IS NOT NULL OR email IS NOT NULL", name="reachable"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), unique=True, default=None
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), unique=True, default=None
    )
    name: Mapped[str | None] = mapped_column(String(120), default=None)
    phone: Mapped[str | None] = mapped_column(String(32), default=None)
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    consent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


# Whether contact details are still on file, without loading them (reading them is audited).
Feedback.has_contact = column_property(
    select(Contact.id).where(Contact.feedback_id == Feedback.id).exists(), deferred=False
)
Message.has_contact = column_property(
    select(Contact.id).where(Contact.message_id == Message.id).exists(), deferred=False
)
