"""The follow-up form (status, outcome, closing note), checked with messages in bokmål.

Shared by feedback (units, leaders) and messages (servicetorget). The checks mirror
FollowUpUpdate and the allowed transitions in intake_api.followup, so the API's own rules
apply; the messages here say what to do in the words the staff use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from fastapi import HTTPException
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from .. import audit
from ..followup import TRANSITIONS, apply_follow_up
from ..models import FollowUp, utcnow
from ..schemas.common import MAX_NOTE
from ..schemas.followup import FollowUpUpdate
from ..security import Principal
from .routes.forms import text
from .templating import OUTCOME_NAMES, STATUS_NAMES

NOTE_HINT = (
    "Innbyggeren ser svaret når hen spør etter saken med referansen. Telefonnumre, e-postadresser og "
    "fødselsnumre fjernes automatisk."
)


@dataclass
class FollowUpResult:
    """What a posted follow-up form did: the audit events, or the errors per field (nothing changed)."""

    errors: dict[str, str] = field(default_factory=dict)
    events: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    notice: str = ""


def status_choices(current: str, kind: str = "feedback") -> list[tuple[str, str]]:
    """The statuses an item may move to from `current`, with their labels."""
    closing = "Lukket – med svar til innbyggeren" if kind == "feedback" else "Behandlet – med svar til innbyggeren"
    labels = {"under_behandling": "Under behandling", "lukket": closing}
    if current == "lukket":
        labels["under_behandling"] = "Gjenåpne (under behandling)"
    return [(code, labels[code]) for code in ("under_behandling", "lukket") if code in TRANSITIONS[current]]


def outcome_choices() -> Iterable[tuple[str, str]]:
    return OUTCOME_NAMES.items()


def _check(form: FormData, item: FollowUp) -> tuple[FollowUpUpdate | None, dict[str, str]]:
    action = text(form, "status")
    outcome = text(form, "outcome") or None
    note = text(form, "closing_note")
    errors: dict[str, str] = {}
    if action == "rett":  # correct the outcome or the note of a closed item
        if item.status != "lukket":
            errors["status"] = "Bare en lukket sak kan få rettet svaret. Velg ny status."
    elif action not in STATUS_NAMES or action == "mottatt":
        errors["status"] = "Velg ny status for saken."
    elif action not in TRANSITIONS[item.status]:
        errors["status"] = f"Saken er allerede «{STATUS_NAMES[item.status].lower()}». Velg en annen status."
    closing = action in {"lukket", "rett"}
    if closing and outcome not in OUTCOME_NAMES:
        errors["outcome"] = "Velg utfallet av saken."
    if closing and not note:
        errors["closing_note"] = "Skriv et svar til innbyggeren. Svaret vises når innbyggeren spør etter saken."
    elif len(note) > MAX_NOTE:
        errors["closing_note"] = f"Svaret kan ha høyst {MAX_NOTE} tegn. Nå er det {len(note)}."
    if errors:
        return None, errors
    if action == "rett":
        return FollowUpUpdate(outcome=outcome, closing_note=note), {}  # type: ignore[arg-type]
    if action == "lukket":
        return FollowUpUpdate(status="lukket", outcome=outcome, closing_note=note), {}  # type: ignore[arg-type]
    return FollowUpUpdate(status=action), {}  # type: ignore[arg-type]


def follow_up(session: Session, principal: Principal, item: FollowUp, kind: str, form: FormData) -> FollowUpResult:
    """Apply the posted form to the item and audit it (not committed); errors change nothing."""
    change, errors = _check(form, item)
    if change is None:
        return FollowUpResult(errors=errors)
    try:
        events = apply_follow_up(item, change, utcnow())
    except HTTPException as refused:  # a transition checked above; only a race gets here
        return FollowUpResult(errors={"status": f"Endringen ble ikke lagret: {refused.detail}"})
    for action, detail in events:
        audit.record(session, principal, action, item_kind=kind, item_reference=item.reference, detail=detail)
    notice = "corrected" if change.status is None else ("closed" if item.status == "lukket" else "status")
    return FollowUpResult(events=events, notice=notice)


def toggle_avvik(session: Session, principal: Principal, item: FollowUp, kind: str, form: FormData) -> str:
    """Mark or unmark the item as avvik; returns the notice code."""
    wanted = text(form, "avvik") == "1"
    for action, detail in apply_follow_up(item, FollowUpUpdate(avvik=wanted), utcnow()):
        audit.record(session, principal, action, item_kind=kind, item_reference=item.reference, detail=detail)
    return "avvik-on" if wanted else "avvik-off"


def notice_text(code: str, item: FollowUp) -> str:
    """The confirmation shown after a change (the code travels in ?ok= after the redirect)."""
    texts = {
        "closed": "Saken er lukket. Innbyggeren ser svaret ditt når hen spør etter saken.",
        "status": f"Status er endret til «{STATUS_NAMES[item.status].lower()}».",
        "corrected": "Svaret til innbyggeren er rettet.",
        "avvik-on": "Saken er merket som avvik.",
        "avvik-off": "Avviksmerkingen er fjernet.",
        "unit": "Enheten er endret.",
    }
    return texts.get(code, "")
