"""The servicetorget's queue: callback requests and messages, handled with a note to the resident.

The servicetorget handles them; leaders may read them.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ...deps import SessionDep
from ...followup import overdue_clause
from ...models import Message, utcnow
from ...schemas.common import REFERENCE_PATTERN
from ..errors import forbidden, not_found
from ..followup_form import NOTE_HINT, follow_up, notice_text, outcome_choices, status_choices
from ..sessions import CheckedForm, Staff, require
from ..templating import KIND_NAMES, render
from .forms import int_or_none, text
from .items import STATUS_FILTERS, contact_for, history

router = APIRouter(prefix="/staff/messages", include_in_schema=False)
MessageStaff = Annotated[Staff, Depends(require("servicetorget", "leader"))]

PAGE_SIZE = 25
_REFERENCE = re.compile(REFERENCE_PATTERN)


def queue_query(status: str, kind: str, overdue: bool) -> Select[Any]:
    query = select(Message)
    if status == "apne":
        query = query.where(Message.status != "lukket")
    elif status != "alle":
        query = query.where(Message.status == status)
    if kind:
        query = query.where(Message.kind == kind)
    if overdue:
        query = query.where(overdue_clause(Message, utcnow()))
    # Oldest deadline first would hide new callbacks; newest first as in the units' inbox.
    return query.order_by(Message.created_at.desc(), Message.id.desc())


@router.get("", response_class=HTMLResponse)
def queue(request: Request, current: MessageStaff, session: SessionDep) -> HTMLResponse:
    """Callback requests and messages, newest first; open ones unless the filter says otherwise."""
    params = request.query_params
    status = params.get("status", "apne") if params.get("status", "apne") in STATUS_FILTERS else "apne"
    kind = params.get("kind", "") if params.get("kind", "") in KIND_NAMES else ""
    overdue = params.get("overdue") == "ja"
    query = queue_query(status, kind, overdue)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, int_or_none(params.get("side")) or 1), pages)
    items = list(session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    base = f"/staff/messages?status={status}&kind={kind}" + ("&overdue=ja" if overdue else "")
    return render(
        request, "messages.html", current, items=items, total=total, page=page, pages=pages, status=status,
        kind=kind, overdue=overdue, status_filters=STATUS_FILTERS, base=base,
    )  # fmt: skip


def find_message(session: Session, reference: str) -> Message:
    if not _REFERENCE.fullmatch(reference):
        raise not_found(f"«{reference[:20]}» er ikke en referanse. En referanse ser slik ut: SKA-7KQ4MX.")
    item = session.scalar(select(Message).where(Message.reference == reference.upper()))
    if item is None:
        raise not_found(f"Ingen melding har referansen {reference.upper()}.")
    return item


def message_page(
    request: Request, current: Staff, session: Session, item: Message, *, errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None, notice: str = "", status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    return render(
        request, "message.html", current, status_code=status_code, item=item,
        contact=contact_for(session, current, item, "message"), history=history(session, "message", item.reference),
        errors=errors or {}, form=form or {}, notice=notice, status_choices=status_choices(item.status, "message"),
        outcome_choices=list(outcome_choices()), note_hint=NOTE_HINT, may_change=current.can("servicetorget"),
        action=f"/staff/messages/{item.reference}/status",
    )  # fmt: skip


@router.get("/{reference}", response_class=HTMLResponse)
def read_message(
    request: Request, reference: str, current: MessageStaff, session: SessionDep, ok: str = ""
) -> Response:
    """One message: what the resident wrote, how to reach them (audited), and its handling."""
    item = find_message(session, reference)
    return message_page(request, current, session, item, notice=notice_text(ok, item))


@router.post("/{reference}/status", response_class=HTMLResponse)
def handle_message(
    request: Request, reference: str, current: MessageStaff, form: CheckedForm, session: SessionDep
) -> Response:
    """Mark as being handled, or as handled (lukket) with an outcome and a note the resident sees."""
    if not current.can("servicetorget"):
        raise forbidden("Bare servicetorget behandler meldinger. Ledere kan lese dem.")
    item = find_message(session, reference)
    result = follow_up(session, current.principal, item, "message", form)
    if result.errors:
        session.rollback()
        values = {name: text(form, name) for name in ("status", "outcome", "closing_note")}
        return message_page(request, current, session, item, errors=result.errors, form=values, status_code=422)
    session.commit()
    return RedirectResponse(f"/staff/messages/{item.reference}?ok={result.notice}", status_code=303)
