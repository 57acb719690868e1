"""Feedback: submit (bot), list and read (unit keys for their units, leaders for all), follow up, contact."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from sqlalchemy import select

from innbygger_common.scrub import scrub

from .. import audit
from ..deps import BotKey, FeedbackReader, SessionDep, SettingsDep
from ..errors import Problem, field_error, responses
from ..followup import apply_follow_up, feedback_deadline
from ..items import FeedbackInScope, audited_contact, ensure_unit_scope
from ..listing import FeedbackFilters, feedback_query
from ..models import Contact, Feedback, Unit, utcnow
from ..ratelimit import rate_limited
from ..schemas.contact import ContactPublic
from ..schemas.feedback import FeedbackCreate, FeedbackPublic, FeedbackReceipt, FeedbackUpdate
from ..submissions import IdempotencyKey, ToldReference, find_repeat, payload_hash, store_once

router = APIRouter(prefix="/api/v1/feedback", tags=["feedback"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=FeedbackReceipt,
    dependencies=[Depends(rate_limited("submit"))],
    responses={
        200: {"description": "Repeated request: the first result", "model": FeedbackReceipt},
        409: {"description": "The Idempotency-Key was already used for a message", "model": Problem},
        **responses(400, 401, 403, 415, 422, 429),
    },
)
def submit_feedback(
    principal: BotKey,
    body: FeedbackCreate,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    idempotency_key: IdempotencyKey,
    told_reference: ToldReference = None,
) -> FeedbackReceipt:
    """Store one piece of feedback, exactly once per Idempotency-Key; the answer holds the code it is stored under."""
    digest = payload_hash(body)
    unknown_unit = body.unit_id is not None and session.get(Unit, body.unit_id) is None
    if unknown_unit and find_repeat(session, Feedback, idempotency_key, digest) is None:
        # Inactive units still take feedback: a submission queued by the bot must not be lost.
        raise field_error("unit_id", f"unknown unit_id {body.unit_id}; GET /api/v1/units lists them", "unknown_unit")
    now = utcnow()

    def build(code: str) -> Feedback:
        return Feedback(
            reference=code,
            idempotency_key=idempotency_key,
            payload_hash=digest,
            sector=body.sector,
            unit_id=body.unit_id,
            rating=body.rating,
            text=scrub(body.text.strip()),
            themes=body.themes,
            channel=body.channel,
            language=body.language,
            conversation_id=body.conversation_id,
            created_at=now,
            due_at=feedback_deadline(now, settings),
        )

    stored = store_once(session, Feedback, idempotency_key, digest, build, body.contact, response, told_reference)
    return FeedbackReceipt(reference=stored.reference, status=stored.status)  # type: ignore[arg-type]


@router.get("", response_model=list[FeedbackPublic], responses=responses(401, 403, 422))
def list_feedback(
    principal: FeedbackReader,
    session: SessionDep,
    filters: Annotated[FeedbackFilters, Query()],
) -> list[Feedback]:
    """List feedback, newest first; unit keys see their own units only."""
    if filters.unit_id is not None:
        ensure_unit_scope(principal, filters.unit_id, f"unit {filters.unit_id}")
    query = feedback_query(filters, principal).limit(filters.limit).offset(filters.offset)
    return list(session.scalars(query))


@router.get("/{reference}", response_model=FeedbackPublic, responses=responses(401, 403, 404, 422))
def read_feedback(item: FeedbackInScope) -> Feedback:
    """One piece of feedback with its follow-up state (no contact details)."""
    return item


@router.patch("/{reference}", response_model=FeedbackPublic, responses=responses(400, 401, 403, 404, 409, 415, 422))
def follow_up_feedback(
    principal: FeedbackReader, item: FeedbackInScope, change: FeedbackUpdate, session: SessionDep
) -> Feedback:
    """Change status (mottatt → under_behandling → lukket), outcome, closing note, avvik or unit."""
    now = utcnow()
    events = apply_follow_up(item, change, now)
    if "unit_id" in change.model_fields_set and change.unit_id != item.unit_id:
        if not principal.sees_all_units():
            raise field_error("unit_id", "only leader keys (re)assign feedback to a unit", "not_allowed")
        if change.unit_id is not None and session.get(Unit, change.unit_id) is None:
            raise field_error("unit_id", f"unknown unit_id {change.unit_id}; GET /api/v1/units lists them")
        events.append(("unit.assign", {"from": item.unit_id, "to": change.unit_id}))
        item.unit_id = change.unit_id
    for action, detail in events:
        audit.record(session, principal, action, item_kind="feedback", item_reference=item.reference, detail=detail)
    session.commit()
    return item


@router.get("/{reference}/contact", response_model=ContactPublic, responses=responses(401, 403, 404, 422))
def read_feedback_contact(principal: FeedbackReader, item: FeedbackInScope, session: SessionDep) -> Contact:
    """The resident's contact details, if they asked to be contacted. Every read is audited."""
    contact = session.scalar(select(Contact).where(Contact.feedback_id == item.id))
    return audited_contact(session, principal, contact, "feedback", item.reference)
