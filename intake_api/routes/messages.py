"""Messages for the servicetorget: submit (bot), queue and follow-up (servicetorget), read (leaders)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from sqlalchemy import select

from innbygger_common.scrub import scrub

from .. import audit
from ..deps import BotKey, MessageHandler, MessageReader, SessionDep, SettingsDep
from ..errors import Problem, responses
from ..followup import apply_follow_up, message_deadline
from ..items import MessageByReference, audited_contact
from ..listing import MessageFilters, message_query
from ..models import Contact, Message, utcnow
from ..ratelimit import rate_limited
from ..schemas.contact import ContactPublic
from ..schemas.followup import FollowUpUpdate
from ..schemas.messages import MessageCreate, MessagePublic, MessageReceipt
from ..submissions import IdempotencyKey, ToldReference, payload_hash, store_once

router = APIRouter(prefix="/api/v1/messages", tags=["messages"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=MessageReceipt,
    dependencies=[Depends(rate_limited("submit"))],
    responses={
        200: {"description": "Repeated request: the first result", "model": MessageReceipt},
        409: {"description": "The Idempotency-Key was already used for feedback", "model": Problem},
        **responses(400, 401, 403, 415, 422, 429),
    },
)
def submit_message(
    principal: BotKey,
    body: MessageCreate,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    idempotency_key: IdempotencyKey,
    told_reference: ToldReference = None,
) -> MessageReceipt:
    """Leave a message or callback request for the servicetorget, exactly once per Idempotency-Key."""
    digest = payload_hash(body)
    now = utcnow()

    def build(code: str) -> Message:
        return Message(
            reference=code,
            idempotency_key=idempotency_key,
            payload_hash=digest,
            kind=body.kind,
            subject=scrub(body.subject),
            text=scrub(body.text),
            sector=body.sector,
            channel=body.channel,
            language=body.language,
            conversation_id=body.conversation_id,
            created_at=now,
            due_at=message_deadline(now, settings),
        )

    stored = store_once(session, Message, idempotency_key, digest, build, body.contact, response, told_reference)
    return MessageReceipt(reference=stored.reference, status=stored.status)  # type: ignore[arg-type]


@router.get("", response_model=list[MessagePublic], responses=responses(401, 403, 422))
def list_messages(
    principal: MessageReader, session: SessionDep, filters: Annotated[MessageFilters, Query()]
) -> list[Message]:
    """The servicetorget's queue, newest first; filter by status, kind, overdue, period."""
    return list(session.scalars(message_query(filters).limit(filters.limit).offset(filters.offset)))


@router.get("/{reference}", response_model=MessagePublic, responses=responses(401, 403, 404, 422))
def read_message(principal: MessageReader, item: MessageByReference) -> Message:
    """One message with its follow-up state (no contact details)."""
    return item


@router.patch("/{reference}", response_model=MessagePublic, responses=responses(400, 401, 403, 404, 409, 415, 422))
def follow_up_message(
    principal: MessageHandler, item: MessageByReference, change: FollowUpUpdate, session: SessionDep
) -> Message:
    """Mark a message as being handled or handled (lukket, with an outcome and a note the resident sees)."""
    for action, detail in apply_follow_up(item, change, utcnow()):
        audit.record(session, principal, action, item_kind="message", item_reference=item.reference, detail=detail)
    session.commit()
    return item


@router.get("/{reference}/contact", response_model=ContactPublic, responses=responses(401, 403, 404, 422))
def read_message_contact(principal: MessageReader, item: MessageByReference, session: SessionDep) -> Contact:
    """Who to call or write back to. Every read is audited."""
    contact = session.scalar(select(Contact).where(Contact.message_id == item.id))
    return audited_contact(session, principal, contact, "message", item.reference)
