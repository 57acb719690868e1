"""Public status by reference code: what the resident (and the bot for them) may see."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy import select

from ..deps import SessionDep
from ..errors import responses
from ..models import Feedback, Message
from ..ratelimit import rate_limited
from ..schemas.access import PublicStatus
from ..schemas.common import ReferencePath

router = APIRouter(prefix="/api/v1", tags=["public"])


@router.get(
    "/status/{reference}",
    response_model=PublicStatus,
    dependencies=[Depends(rate_limited("public"))],
    responses=responses(404, 422, 429),
)
def public_status(reference: ReferencePath, session: SessionDep) -> PublicStatus:
    """Status, outcome and closing note of a submission by its reference code; nothing personal."""
    code = reference.upper()
    found: Feedback | Message | None = session.scalar(select(Feedback).where(Feedback.reference == code))
    if found is None:
        found = session.scalar(select(Message).where(Message.reference == code))
    if found is not None:
        return PublicStatus.model_validate(
            {
                "reference": found.reference,
                "kind": "feedback" if isinstance(found, Feedback) else "message",
                "status": found.status,
                "outcome": found.outcome,
                "closing_note": found.closing_note,
            }
        )
    raise HTTPException(status.HTTP_404_NOT_FOUND, f"no submission with reference {code!r}")
