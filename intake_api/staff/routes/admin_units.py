"""Administrators: the unit registry (names, the aliases the bot matches on, digest e-mail, active)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from innbygger_common.catalogue import catalogue
from innbygger_common.contact import normalise_email
from innbygger_common.profile import fact

from ... import audit
from ...deps import SessionDep
from ...models import Feedback, Unit
from ..errors import not_found
from ..sessions import CheckedForm, Staff, require
from ..templating import render
from .forms import int_or_none, text

router = APIRouter(prefix="/staff/admin/units", include_in_schema=False)
Admin = Annotated[Staff, Depends(require("admin"))]

MAX_ALIASES = 30


def _aliases(raw: str) -> list[str]:
    seen: dict[str, str] = {}
    for part in raw.replace(",", "\n").splitlines():
        alias = " ".join(part.split())
        if alias:
            seen.setdefault(alias.casefold(), alias)
    return list(seen.values())


def check_unit_form(form: FormData, session: Session, unit: Unit | None) -> tuple[dict[str, Any], dict[str, str]]:
    """The unit's values from the form, and the errors per field in bokmål."""
    values: dict[str, Any] = {
        "name": " ".join(text(form, "name").split()),
        "sector": text(form, "sector"),
        "aliases": _aliases(text(form, "aliases")),
        "email": text(form, "email"),
        "active": text(form, "active") == "1",
    }
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = "Skriv navnet på enheten."
    elif len(values["name"]) > 120:
        errors["name"] = "Navnet kan ha høyst 120 tegn."
    else:
        taken = select(Unit.id).where(func.lower(Unit.name) == values["name"].lower())
        if unit is not None:
            taken = taken.where(Unit.id != unit.id)
        if session.scalar(taken) is not None:
            errors["name"] = f"Det finnes allerede en enhet som heter {values['name']}."
    if values["sector"] not in catalogue().sectors:
        errors["sector"] = "Velg tjenesteområdet enheten hører til."
    if len(values["aliases"]) > MAX_ALIASES:
        errors["aliases"] = f"Skriv høyst {MAX_ALIASES} andre navn."
    elif any(len(a) > 120 for a in values["aliases"]):
        errors["aliases"] = "Hvert navn kan ha høyst 120 tegn."
    email = normalise_email(values["email"]) if values["email"] else None
    if not values["email"]:
        errors["email"] = "Skriv e-postadressen sammendraget skal sendes til."
    elif email is None or len(email) > 254:
        errors["email"] = "Skriv en gyldig e-postadresse, for eksempel postmottak@skaun.kommune.no."
    else:
        values["email"] = email
    return values, errors


def _form_page(
    request: Request, current: Staff, unit: Unit | None, values: dict[str, Any], errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    return render(request, "admin_unit.html", current, unit=unit, values=values, errors=errors,
                  sectors=list(catalogue().sectors.items()), status_code=status_code)  # fmt: skip


@router.get("", response_class=HTMLResponse)
def list_units(request: Request, current: Admin, session: SessionDep, ok: str = "") -> HTMLResponse:
    """All units by sector and name, with how much feedback each has."""
    units = list(session.scalars(select(Unit).order_by(Unit.sector, Unit.name)))
    grouped = session.execute(select(Feedback.unit_id, func.count()).group_by(Feedback.unit_id))
    counts = {unit_id: count for unit_id, count in grouped}
    notice = {"created": "Enheten er lagt til.", "saved": "Endringene er lagret."}.get(ok, "")
    return render(request, "admin_units.html", current, units=units, counts=counts, notice=notice)


@router.get("/new", response_class=HTMLResponse)
def new_unit(request: Request, current: Admin) -> HTMLResponse:
    """The form for a new unit."""
    values = {"name": "", "sector": "", "aliases": [], "email": str(fact("servicetorget.email")), "active": True}
    return _form_page(request, current, None, values, {})


@router.post("/new", response_class=HTMLResponse)
def create_unit(request: Request, current: Admin, form: CheckedForm, session: SessionDep) -> Response:
    """Add a unit."""
    values, errors = check_unit_form(form, session, None)
    if errors:
        return _form_page(request, current, None, values, errors, status_code=422)
    unit = Unit(**values)
    session.add(unit)
    session.flush()
    audit.record(session, current.principal, "unit.create", item_kind="unit", item_reference=str(unit.id),
                 detail={"name": unit.name})  # fmt: skip
    session.commit()
    return RedirectResponse("/staff/admin/units?ok=created", status_code=303)


def _unit(session: Session, unit_id: str) -> Unit:
    number = int_or_none(unit_id)
    unit = session.get(Unit, number) if number else None
    if unit is None:
        raise not_found("Enheten finnes ikke.")
    return unit


@router.get("/{unit_id}", response_class=HTMLResponse)
def edit_unit(request: Request, unit_id: str, current: Admin, session: SessionDep) -> HTMLResponse:
    """The form for one unit."""
    unit = _unit(session, unit_id)
    values = {"name": unit.name, "sector": unit.sector, "aliases": unit.aliases, "email": unit.email,
              "active": unit.active}  # fmt: skip
    return _form_page(request, current, unit, values, {})


@router.post("/{unit_id}", response_class=HTMLResponse)
def update_unit(request: Request, unit_id: str, current: Admin, form: CheckedForm, session: SessionDep) -> Response:
    """Save a unit's name, sector, aliases, digest e-mail and whether it is active."""
    unit = _unit(session, unit_id)
    values, errors = check_unit_form(form, session, unit)
    if errors:
        return _form_page(request, current, unit, values, errors, status_code=422)
    changes = {name: value for name, value in values.items() if getattr(unit, name) != value}
    if changes:
        for name, value in changes.items():
            setattr(unit, name, value)
        audit.record(session, current.principal, "unit.update", item_kind="unit", item_reference=str(unit.id),
                     detail=changes)  # fmt: skip
        session.commit()
    return RedirectResponse("/staff/admin/units?ok=saved", status_code=303)
