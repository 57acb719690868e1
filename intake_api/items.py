"""Loading one feedback item or message by reference, with the caller's scope checked.

Used as dependencies (`FeedbackInScope`, `MessageByReference`), so a missing item is a 404
and an item outside a unit key's units is a 403 the same way on every route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .deps import FeedbackReader, MessageReader, SessionDep
from .models import Contact, Feedback, Message
from .schemas.common import ReferencePath
from .security import Principal


def ensure_unit_scope(principal: Principal, unit_id: int | None, what: str) -> None:
    """403 unless the caller may see items of `unit_id` (leaders see all; unit keys their own units)."""
    if principal.may_see_unit(unit_id):
        return
    owned = ", ".join(str(u) for u in sorted(principal.unit_ids)) or "none"
    where = f"unit {unit_id}" if unit_id is not None else "no unit (a leader assigns it)"
    raise HTTPException(status.HTTP_403_FORBIDDEN, f"{what} belongs to {where}; this key covers units {owned}")


def feedback_in_scope(reference: ReferencePath, session: SessionDep, principal: FeedbackReader) -> Feedback:
    row = session.scalar(select(Feedback).where(Feedback.reference == reference.upper()))
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no feedback with reference {reference.upper()!r}")
    ensure_unit_scope(principal, row.unit_id, row.reference)
    return row


def message_by_reference(reference: ReferencePath, session: SessionDep, _principal: MessageReader) -> Message:
    row = session.scalar(select(Message).where(Message.reference == reference.upper()))
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no message with reference {reference.upper()!r}")
    return row


FeedbackInScope = Annotated[Feedback, Depends(feedback_in_scope)]
MessageByReference = Annotated[Message, Depends(message_by_reference)]


def audited_contact(session: Session, principal: Principal, contact: Contact | None, kind: str, ref: str) -> Contact:
    """The contact details, with the read written to the audit log; 404 when there are none."""
    if contact is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"{ref} has no contact details (none given, or deleted after closing)"
        )
    audit.record(session, principal, "contact.read", item_kind=kind, item_reference=ref)
    session.commit()
    return contact
