"""Feedback for the units: the inbox with filters, one item, and its follow-up.

Unit users see the feedback of their own units; leaders see all of it and may also assign
feedback to a unit. /staff/items/{reference} is the address the unit digest e-mail links to.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from analytics.themes import THEMES, classify_many

from ... import audit
from ...deps import SessionDep
from ...followup import overdue_clause
from ...listing import FeedbackFilters, feedback_query
from ...models import AuditEntry, Contact, Feedback, Message, StaffUser, Unit, utcnow
from ...schemas.common import REFERENCE_PATTERN
from ..errors import forbidden, not_found
from ..followup_form import NOTE_HINT, follow_up, notice_text, outcome_choices, status_choices, toggle_avvik
from ..sessions import CheckedForm, Staff, require
from ..templating import OUTCOME_NAMES, STATUS_NAMES, render, theme_name
from ..themes_form import (
    GUESS_NOTE,
    NOTICES,
    POLARITY_HINT,
    POLARITY_NAMES,
    THEMES_HINT,
    correct_themes,
    polarity_choices,
    stored_or_read,
)
from .forms import int_or_none, text, texts

router = APIRouter(prefix="/staff/items", include_in_schema=False)
FeedbackStaff = Annotated[Staff, Depends(require("unit", "leader"))]

PAGE_SIZE = 25
# With a theme filter the themes are read in Python (stored, or the classifier's); at most this many items.
MAX_THEME_SCAN = 5000
_REFERENCE = re.compile(REFERENCE_PATTERN)
STATUS_FILTERS = {
    "apne": "Åpne saker",
    "mottatt": "Mottatt",
    "under_behandling": "Under behandling",
    "lukket": "Lukket",
    "alle": "Alle",
}
YES_NO = {"ja": "Ja", "nei": "Nei"}


@dataclass(frozen=True)
class InboxFilters:
    """The inbox filters as given in the address; unknown values are ignored, not errors."""

    status: str = "apne"
    theme: str = ""
    rating: int | None = None
    overdue: bool = False
    avvik: str = ""
    unit: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query: dict[str, str]) -> InboxFilters:
        status = query.get("status", "apne")
        rating = int_or_none(query.get("rating"))
        theme = query.get("theme", "")
        unit = query.get("unit", "")
        return cls(
            status=status if status in STATUS_FILTERS else "apne",
            theme=theme if re.fullmatch(r"[a-z0-9_]{2,40}", theme) else "",
            rating=rating if rating in range(1, 7) else None,
            overdue=query.get("overdue") == "ja",
            avvik=query.get("avvik", "") if query.get("avvik") in YES_NO else "",
            unit=unit if unit == "uten" or int_or_none(unit) else "",
            page=max(1, min(int_or_none(query.get("side")) or 1, 100_000)),
        )

    def address(self, **changes: Any) -> str:
        """The inbox address for these filters (for the page links)."""
        values = {"status": self.status, "theme": self.theme, "rating": self.rating or "",
                  "overdue": "ja" if self.overdue else "", "avvik": self.avvik, "unit": self.unit,
                  "side": self.page if self.page > 1 else ""}  # fmt: skip
        values.update(changes)
        query = "&".join(f"{k}={v}" for k, v in values.items() if v not in ("", None))
        return "/staff/items" + (f"?{query}" if query else "")


def _scoped(current: Staff) -> Select[Any]:
    return feedback_query(FeedbackFilters(), current.principal)


def inbox_query(current: Staff, filters: InboxFilters) -> Select[Any]:
    query = _scoped(current)
    if filters.status == "apne":
        query = query.where(Feedback.status != "lukket")
    elif filters.status != "alle":
        query = query.where(Feedback.status == filters.status)
    if filters.rating:
        query = query.where(Feedback.rating == filters.rating)
    if filters.overdue:
        query = query.where(overdue_clause(Feedback, utcnow()))
    if filters.avvik:
        query = query.where(Feedback.avvik.is_(filters.avvik == "ja"))
    if filters.unit == "uten":
        query = query.where(Feedback.unit_id.is_(None))
    elif filters.unit:
        query = query.where(Feedback.unit_id == int(filters.unit))
    return query


def item_themes(item: Feedback) -> tuple[tuple[str, ...], bool]:
    """(theme codes, whether they were read from the text): the stored ones (staff or the bot) or else the
    analytics classifier's reading, the same themes the unit digest groups the items by."""
    return stored_or_read(item)


def _with_theme(session: Session, query: Select[Any], theme: str) -> list[int]:
    rows = list(
        session.execute(query.with_only_columns(Feedback.id, Feedback.themes, Feedback.text).limit(MAX_THEME_SCAN))
    )
    read = iter(classify_many([text_ or "" for _, stored, text_ in rows if stored is None]))
    return [item_id for item_id, stored, _ in rows if theme in (stored if stored is not None else next(read))]


def unit_names(session: Session) -> dict[int, str]:
    return {unit_id: name for unit_id, name in session.execute(select(Unit.id, Unit.name))}


def _theme_options(session: Session, current: Staff) -> list[tuple[str, str]]:
    """The taxonomy's themes, then any other code staff or a client stored on the user's feedback."""
    stored: set[str] = set()
    for themes in session.scalars(_scoped(current).with_only_columns(Feedback.themes).limit(MAX_THEME_SCAN)):
        stored.update(themes or [])
    extra = sorted(stored - set(THEMES))
    return [(code, theme.name) for code, theme in THEMES.items()] + [(code, theme_name(code)) for code in extra]


def _unit_options(current: Staff, names: dict[int, str]) -> list[tuple[str, str]]:
    if current.principal.sees_all_units():
        options = sorted(((str(i), n) for i, n in names.items()), key=lambda o: o[1])
        return [*options, ("uten", "Uten enhet (ikke fordelt)")]
    return sorted(((str(u.id), u.name) for u in current.user.units), key=lambda o: o[1])


@router.get("", response_class=HTMLResponse)
def inbox(request: Request, current: FeedbackStaff, session: SessionDep) -> HTMLResponse:
    """Feedback for the user's units, newest first, with filters."""
    filters = InboxFilters.from_query(dict(request.query_params))
    query = inbox_query(current, filters)
    if filters.theme:
        ids = _with_theme(session, query, filters.theme)
        total = len(ids)
    else:
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(filters.page, pages)
    if filters.theme:
        shown = ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        found = {item.id: item for item in session.scalars(select(Feedback).where(Feedback.id.in_(shown)))}
        items = [found[item_id] for item_id in shown]
    else:
        items = list(session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    names = unit_names(session)
    return render(
        request, "inbox.html", current, items=items, total=total, page=page, pages=pages, filters=filters,
        names=names, themes=_theme_options(session, current), unit_options=_unit_options(current, names),
        item_themes=item_themes,
        status_filters=STATUS_FILTERS, yes_no=YES_NO,
        scope=", ".join(u.name for u in current.user.units) if current.role == "unit" else "alle enheter",
    )  # fmt: skip


def find_feedback(session: Session, current: Staff, reference: str) -> Feedback:
    """The feedback with this reference if the user may see it; a 404 or 403 page otherwise."""
    if not _REFERENCE.fullmatch(reference):
        raise not_found(f"«{reference[:20]}» er ikke en referanse. En referanse ser slik ut: SKA-7KQ4MX.")
    item = session.scalar(select(Feedback).where(Feedback.reference == reference.upper()))
    if item is None:
        raise not_found(f"Ingen tilbakemelding har referansen {reference.upper()}.")
    if not current.principal.may_see_unit(item.unit_id):
        raise forbidden(
            f"Tilbakemeldingen {item.reference} hører til en enhet du ikke følger opp. "
            "Mener du at du skal ha tilgang, kan en administrator legge enheten til brukeren din."
        )
    return item


def history(session: Session, kind: str, reference: str) -> list[dict[str, Any]]:
    """The item's audit entries, oldest first, with the staff's names where the actor is a user."""
    entries = list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.item_kind == kind, AuditEntry.item_reference == reference)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
    usernames = {e.actor.removeprefix("user:") for e in entries if e.actor.startswith("user:")}
    named = select(StaffUser.username, StaffUser.display_name).where(StaffUser.username.in_(usernames))
    people = {username: name for username, name in session.execute(named)} if usernames else {}
    rows = []
    for entry in entries:
        who = entry.actor
        if who.startswith("user:"):
            who = people.get(who[5:], who[5:])
        elif who.startswith("key:"):
            who = f"API-nøkkel {who[4:]}"
        rows.append({"at": entry.at, "who": who, "what": describe_event(entry)})
    return rows


def describe_event(entry: AuditEntry) -> str:
    detail = entry.detail or {}
    if entry.action == "status.change":
        to = detail.get("to") or {}
        status, outcome = str(to.get("status")), to.get("outcome")
        described = f"Status: {STATUS_NAMES.get(status, status)}"
        return described + (f" ({OUTCOME_NAMES.get(str(outcome), str(outcome))})" if outcome else "")
    if entry.action == "closing.correct":
        return "Svaret til innbyggeren ble rettet"
    if entry.action == "avvik.change":
        return "Merket som avvik" if detail.get("avvik") else "Avviksmerking fjernet"
    if entry.action == "contact.read":
        return "Kontaktinformasjonen ble vist"
    if entry.action == "unit.assign":
        return "Enhet endret"
    if entry.action == "themes.correct":
        chosen = [theme_name(str(code)) for code in detail.get("to") or []]
        described = "Tema satt: " + (", ".join(chosen) if chosen else "ingen tema")
        polarity = (detail.get("polarity") or {}).get("to")
        return described + (f" ({POLARITY_NAMES.get(str(polarity), str(polarity)).lower()})" if polarity else "")
    return entry.action


def contact_for(session: Session, current: Staff, item: Feedback | Message, kind: str) -> Contact | None:
    """The contact details, if the resident gave them; showing them is written to the audit log."""
    if not getattr(item, "has_contact", False):
        return None
    column = Contact.feedback_id if kind == "feedback" else Contact.message_id
    contact = session.scalar(select(Contact).where(column == item.id))
    if contact is not None:
        audit.record(session, current.principal, "contact.read", item_kind=kind, item_reference=item.reference,
                     detail={"via": "staff page"})  # fmt: skip
        session.commit()
    return contact


def item_page(
    request: Request, current: Staff, session: Session, item: Feedback, *, errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None, notice: str = "", status_code: int = 200,
    theme_form: dict[str, Any] | None = None,
) -> HTMLResponse:  # fmt: skip
    names = unit_names(session)
    themes = item_themes(item)
    ticked = theme_form or {"themes": themes[0], "polarity": item.polarity or ""}
    return render(
        request, "item.html", current, status_code=status_code, item=item, unit_name=names.get(item.unit_id or 0),
        contact=contact_for(session, current, item, "feedback"), history=history(session, "feedback", item.reference),
        errors=errors or {}, form=form or {}, notice=notice, status_choices=status_choices(item.status),
        themes=themes, theme_form=ticked, theme_choices=[(code, theme.name) for code, theme in THEMES.items()],
        theme_covers=THEMES, polarity_choices=polarity_choices(), themes_hint=THEMES_HINT,
        polarity_hint=POLARITY_HINT, guess_note=GUESS_NOTE,
        outcome_choices=list(outcome_choices()), note_hint=NOTE_HINT,
        unit_choices=sorted(((str(i), n) for i, n in names.items()), key=lambda o: o[1]),
    )  # fmt: skip


@router.get("/{reference}", response_class=HTMLResponse)
def read_item(request: Request, reference: str, current: FeedbackStaff, session: SessionDep, ok: str = "") -> Response:
    """One piece of feedback: the scrubbed text, contact details if given (audited), follow-up."""
    item = find_feedback(session, current, reference)
    return item_page(request, current, session, item, notice=notice_text(ok, item) or NOTICES.get(ok, ""))


def _after(item: Feedback, code: str) -> RedirectResponse:
    return RedirectResponse(f"/staff/items/{item.reference}?ok={code}", status_code=303)


@router.post("/{reference}/status", response_class=HTMLResponse)
def change_status(
    request: Request, reference: str, current: FeedbackStaff, form: CheckedForm, session: SessionDep
) -> Response:
    """Move the item on (under behandling, lukket with outcome and note), reopen it, or correct the note."""
    item = find_feedback(session, current, reference)
    result = follow_up(session, current.principal, item, "feedback", form)
    if result.errors:
        session.rollback()
        values = {name: text(form, name) for name in ("status", "outcome", "closing_note")}
        return item_page(request, current, session, item, errors=result.errors, form=values, status_code=422)
    session.commit()
    return _after(item, result.notice)


@router.post("/{reference}/avvik", response_class=HTMLResponse)
def change_avvik(
    request: Request, reference: str, current: FeedbackStaff, form: CheckedForm, session: SessionDep
) -> Response:
    """Mark or unmark the item as avvik (a serious deviation)."""
    item = find_feedback(session, current, reference)
    code = toggle_avvik(session, current.principal, item, "feedback", form)
    session.commit()
    return _after(item, code)


@router.post("/{reference}/unit", response_class=HTMLResponse)
def assign_unit(
    request: Request, reference: str, current: FeedbackStaff, form: CheckedForm, session: SessionDep
) -> Response:
    """Leaders (re)assign feedback to a unit."""
    item = find_feedback(session, current, reference)
    if not current.principal.sees_all_units():
        raise forbidden("Bare ledere kan flytte en tilbakemelding til en annen enhet.")
    raw = text(form, "unit_id")
    unit_id = int_or_none(raw)
    if raw and (unit_id is None or session.get(Unit, unit_id) is None):
        return item_page(request, current, session, item, errors={"unit_id": "Velg en enhet fra listen."},
                         status_code=422)  # fmt: skip
    if unit_id != item.unit_id:
        audit.record(session, current.principal, "unit.assign", item_kind="feedback", item_reference=item.reference,
                     detail={"from": item.unit_id, "to": unit_id})  # fmt: skip
        item.unit_id = unit_id
        session.commit()
    return _after(item, "unit")


@router.post("/{reference}/themes", response_class=HTMLResponse)
def change_themes(
    request: Request, reference: str, current: FeedbackStaff, form: CheckedForm, session: SessionDep
) -> Response:
    """Set the comment's themes and, optionally, whether it is praise or criticism (audited, exported for training)."""
    item = find_feedback(session, current, reference)
    result = correct_themes(session, current.principal, item, form)
    if result.errors:
        session.rollback()
        values = {"themes": texts(form, "themes"), "polarity": text(form, "polarity")}
        return item_page(request, current, session, item, errors=result.errors, theme_form=values, status_code=422)
    session.commit()
    return _after(item, result.notice)
