"""The follow-up workflow: deadlines, overdue, and the allowed status transitions."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import HTTPException, status
from sqlalchemy import ColumnElement, and_

from innbygger_common.opening_hours import OSLO, public_holidays
from innbygger_common.scrub import scrub

from .config import Settings
from .models import Feedback, FollowUp, Message
from .schemas.followup import FollowUpUpdate

# Open311/FixMyStreet-style: an item can be closed straight from "mottatt" (a callback handled in
# one go) and reopened; it never goes back to "mottatt".
TRANSITIONS: dict[str, frozenset[str]] = {
    "mottatt": frozenset({"under_behandling", "lukket"}),
    "under_behandling": frozenset({"lukket"}),
    "lukket": frozenset({"under_behandling"}),
}


def add_working_days(start: datetime, days: int) -> datetime:
    """`start` moved forward by `days` Norwegian working days (no weekends or public holidays), same clock time."""
    local = start.astimezone(OSLO)
    day = local.date()
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in public_holidays(day.year):
            remaining -= 1
    return datetime.combine(day, local.timetz()).astimezone(start.tzinfo)


def feedback_deadline(created_at: datetime, settings: Settings) -> datetime:
    return created_at + timedelta(days=settings.deadline_feedback_days)


def message_deadline(created_at: datetime, settings: Settings) -> datetime:
    # The servicetorget promises an answer within working days, so weekends and holidays don't count.
    return add_working_days(created_at, settings.deadline_message_working_days)


def overdue_clause(model: type[Feedback] | type[Message], now: datetime) -> ColumnElement[bool]:
    """The SQL form of is_overdue, for list filters."""
    return and_(model.status != "lukket", model.due_at.is_not(None), model.due_at < now)


def apply_follow_up(item: FollowUp, change: FollowUpUpdate, now: datetime) -> list[tuple[str, dict[str, object]]]:
    """Apply a change to an item; returns the audit events (action, detail). 409 for a transition not allowed."""
    events: list[tuple[str, dict[str, object]]] = []
    if change.status is not None:
        allowed = TRANSITIONS[item.status]
        if change.status not in allowed:
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                f"{item.reference} is '{item.status}' and cannot move to '{change.status}'; "
                f"allowed from '{item.status}': {', '.join(sorted(allowed))}",
            )
        before = {"status": item.status, "outcome": item.outcome}
        item.status = change.status
        if change.status == "lukket":
            item.outcome = change.outcome
            # Staff write this for the resident and the public status shows it: scrub it like resident text.
            item.closing_note = scrub(change.closing_note or "")
            item.closed_at = now
        else:
            item.outcome, item.closing_note, item.closed_at = None, None, None
        events.append(("status.change", {"from": before, "to": {"status": item.status, "outcome": item.outcome}}))
    elif change.outcome is not None or change.closing_note is not None:
        if item.status != "lukket":
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                f"{item.reference} is '{item.status}': outcome and closing_note are set when closing "
                "(send status 'lukket' with both)",
            )
        before = {"outcome": item.outcome}
        if change.outcome is not None:
            item.outcome = change.outcome
        if change.closing_note is not None:
            item.closing_note = scrub(change.closing_note)
        events.append(("closing.correct", {"from": before, "to": {"outcome": item.outcome}}))
    if change.avvik is not None and change.avvik != item.avvik:
        item.avvik = change.avvik
        events.append(("avvik.change", {"avvik": item.avvik}))
    return events
