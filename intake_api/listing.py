"""Filters for listing and exporting feedback and messages, and the queries they build."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import Select, select

from innbygger_common.opening_hours import OSLO

from .followup import overdue_clause
from .models import Feedback, Message, utcnow
from .schemas.common import REFERENCE_PATTERN, DbId, SectorCode, Status
from .security import Principal


class Period(BaseModel):
    """A period of creation dates, both ends included, in Norwegian time."""

    model_config = ConfigDict(populate_by_name=True)

    created_from: date | None = Field(default=None, alias="from", description="First day, e.g. 2026-01-01.")
    created_to: date | None = Field(default=None, alias="to", description="Last day, included.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.created_from and self.created_to and self.created_from > self.created_to:
            raise ValueError("'from' is after 'to'")
        return self

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        start = datetime.combine(self.created_from, time(0), OSLO) if self.created_from else None
        end = datetime.combine(self.created_to + timedelta(days=1), time(0), OSLO) if self.created_to else None
        return start, end


class ItemFilters(Period):
    reference: str | None = Field(default=None, pattern=REFERENCE_PATTERN)
    status: Status | None = None
    overdue: bool | None = Field(default=None, description="Only items past their deadline (true) or not (false).")
    avvik: bool | None = None
    limit: int = Field(default=100, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class FeedbackFilters(ItemFilters):
    sector: SectorCode | None = None
    unit_id: DbId | None = None


class MessageFilters(ItemFilters):
    kind: str | None = Field(default=None, pattern="^(callback|message)$")


def _common(query: Select, model: type[Feedback] | type[Message], filters: ItemFilters) -> Select:
    if filters.reference:
        query = query.where(model.reference == filters.reference.upper())
    if filters.status:
        query = query.where(model.status == filters.status)
    if filters.avvik is not None:
        query = query.where(model.avvik.is_(filters.avvik))
    if filters.overdue is not None:
        clause = overdue_clause(model, utcnow())
        query = query.where(clause if filters.overdue else ~clause)
    start, end = filters.bounds()
    if start:
        query = query.where(model.created_at >= start)
    if end:
        query = query.where(model.created_at < end)
    return query.order_by(model.created_at.desc(), model.id.desc())


def feedback_query(filters: FeedbackFilters, principal: Principal) -> Select[Feedback]:
    """Feedback matching the filters that the principal may see."""
    query = select(Feedback)
    if not principal.sees_all_units():
        query = query.where(Feedback.unit_id.in_(sorted(principal.unit_ids)))
    if filters.sector:
        query = query.where(Feedback.sector == filters.sector)
    if filters.unit_id is not None:
        query = query.where(Feedback.unit_id == filters.unit_id)
    return _common(query, Feedback, filters)


def message_query(filters: MessageFilters) -> Select[Message]:
    query = select(Message)
    if filters.kind:
        query = query.where(Message.kind == filters.kind)
    return _common(query, Message, filters)
