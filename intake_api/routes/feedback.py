"""Feedback: submit (bot role), list (staff), public status by reference code."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response, status
from innbygger_common.profile import profile
from innbygger_common.reference import reference_for
from innbygger_common.scrub import scrub
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..deps import SessionDep, require_bot, require_staff
from ..models import Feedback
from ..schemas import FeedbackCreate, FeedbackPublic, FeedbackReceipt, PublicStatus

router = APIRouter(prefix="/api/v1", tags=["feedback"])

IdempotencyKey = Annotated[
    str,
    Header(
        min_length=8,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="Client-chosen key; repeating a request with the same key and body returns the first result.",
    ),
]


def _payload_hash(body: FeedbackCreate) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@router.post(
    "/feedback",
    status_code=status.HTTP_201_CREATED,
    response_model=FeedbackReceipt,
    dependencies=[Depends(require_bot)],
    responses={200: {"description": "Repeated request: the first result", "model": FeedbackReceipt}},
)
def submit_feedback(
    body: FeedbackCreate, session: SessionDep, response: Response, idempotency_key: IdempotencyKey
) -> FeedbackReceipt:
    """Store one piece of feedback, exactly once per Idempotency-Key."""
    digest = _payload_hash(body)
    existing = session.scalar(select(Feedback).where(Feedback.idempotency_key == idempotency_key))
    if existing is None:
        row = Feedback(
            reference=reference_for(idempotency_key, profile()["reference_prefix"]),
            idempotency_key=idempotency_key,
            payload_hash=digest,
            sector=body.sector,
            rating=body.rating,
            text=scrub(body.text.strip()),
            channel=body.channel,
            language=body.language,
        )
        session.add(row)
        try:
            session.commit()
            return FeedbackReceipt(reference=row.reference, status=row.status)
        except IntegrityError:
            # A concurrent retry with the same key won the race; answer as a repeat below.
            session.rollback()
            existing = session.scalar(select(Feedback).where(Feedback.idempotency_key == idempotency_key))
            if existing is None:
                raise HTTPException(
                    status.HTTP_409_CONFLICT, "reference code collision; retry with a new key"
                ) from None
    if existing.payload_hash != digest:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "Idempotency-Key was already used with a different body; use a new key for a new submission",
        )
    response.status_code = status.HTTP_200_OK
    return FeedbackReceipt(reference=existing.reference, status=existing.status)


@router.get("/feedback", response_model=list[FeedbackPublic], dependencies=[Depends(require_staff)])
def list_feedback(
    session: SessionDep,
    reference: str | None = None,
    sector: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[Feedback]:
    """List feedback, newest first, optionally filtered by reference or sector."""
    query = select(Feedback).order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(limit)
    if reference:
        query = query.where(Feedback.reference == reference.upper())
    if sector:
        query = query.where(Feedback.sector == sector)
    return list(session.scalars(query))


@router.get("/status/{reference}", response_model=PublicStatus, tags=["public"])
def public_status(reference: str, session: SessionDep) -> PublicStatus:
    """Status of a submission by its reference code; reveals nothing personal."""
    row = session.scalar(select(Feedback).where(Feedback.reference == reference.upper()))
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no submission with reference {reference!r}")
    return PublicStatus(reference=row.reference, status=row.status)
