"""Public status by reference code: what the resident (and the bot for them) may see."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy import select

from ..deps import SessionDep
from ..errors import Problem, responses
from ..models import Feedback, Message
from ..ratelimit import rate_limited
from ..schemas.access import PublicStatus
from ..schemas.common import ReferencePath
from ..submissions import resolve

router = APIRouter(prefix="/api/v1", tags=["public"])


@router.get(
    "/status/{reference}",
    response_model=PublicStatus,
    dependencies=[Depends(rate_limited("public"))],
    responses={
        409: {"description": "The code was given to two submissions; the servicetorget can help", "model": Problem},
        **responses(404, 422, 429),
    },
)
def public_status(reference: ReferencePath, session: SessionDep) -> PublicStatus:
    """Status, outcome and closing note of the one submission a reference code belongs to; nothing personal.

    The code's kind (from the one table of codes) decides where to look, so a code can never show
    another kind's item. A code the bot gave while the API was away that was stored under another
    code leads to the stored one.
    """
    code = reference.upper()
    found = resolve(session, code)
    if found is not None:
        claim, stored = found
        if claim.shared:
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                f"reference {code!r} was given to two submissions; the servicetorget can tell them apart",
            )
        item: Feedback | Message | None
        if claim.kind == "feedback":
            item = session.scalar(select(Feedback).where(Feedback.reference == stored))
        else:
            item = session.scalar(select(Message).where(Message.reference == stored))
        if item is not None:
            return PublicStatus.model_validate(
                {
                    "reference": code,
                    "kind": claim.kind,
                    "status": item.status,
                    "outcome": item.outcome,
                    "closing_note": item.closing_note,
                }
            )
    raise HTTPException(status.HTTP_404_NOT_FOUND, f"no submission with reference {code!r}")
