"""Administrators: staff users (role, units, active), temporary passwords, unlocking."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import audit
from ...deps import SessionDep
from ...models import USER_ROLES, StaffUser, Unit, utcnow
from ..errors import not_found
from ..sessions import CheckedForm, Staff, StaffSettingsDep, require
from ..templating import render
from ..users import ROLE_NAMES, UserRefused, create_user, reset_password, unlock, update_user
from .forms import int_or_none, text, texts

router = APIRouter(prefix="/staff/admin/users", include_in_schema=False)
Admin = Annotated[Staff, Depends(require("admin"))]

ROLE_HINTS = {
    "unit": "følger opp tilbakemeldinger til enhetene som er valgt nedenfor",
    "servicetorget": "behandler meldinger og ønsker om å bli ringt opp",
    "leader": "leser alle tilbakemeldinger og meldinger, og henter rapporter",
    "editor": "retter svarene og faktaene til chatboten, og lærer den spørsmålene den ikke forsto",
    "admin": "administrerer enheter, brukere og API-nøkler, og kan alt en redaktør kan",
}


def _choices(session: Session) -> dict[str, Any]:
    units = [(str(u.id), u.name) for u in session.scalars(select(Unit).order_by(Unit.name))]
    roles = [(role, f"{ROLE_NAMES[role]} – {ROLE_HINTS[role]}") for role in USER_ROLES]
    return {"unit_choices": units, "role_choices": roles}


def _unit_ids(form: Any) -> list[int]:
    return [i for i in (int_or_none(v) for v in texts(form, "units")) if i is not None]


def _user(session: Session, user_id: str) -> StaffUser:
    number = int_or_none(user_id)
    user = session.get(StaffUser, number) if number else None
    if user is None:
        raise not_found("Brukeren finnes ikke.")
    return user


@router.get("", response_class=HTMLResponse)
def list_users(request: Request, current: Admin, session: SessionDep, ok: str = "") -> HTMLResponse:
    """All staff users."""
    users = list(session.scalars(select(StaffUser).order_by(StaffUser.display_name)))
    notice = {"saved": "Endringene er lagret.", "unlocked": "Brukeren er låst opp."}.get(ok, "")
    return render(request, "admin_users.html", current, users=users, now=utcnow(), notice=notice,
                  role_names=ROLE_NAMES)  # fmt: skip


@router.get("/new", response_class=HTMLResponse)
def new_user(request: Request, current: Admin, session: SessionDep) -> HTMLResponse:
    """The form for a new user."""
    values = {"username": "", "display_name": "", "role": "", "units": []}
    return render(request, "admin_user.html", current, user=None, values=values, errors={}, **_choices(session))


@router.post("/new", response_class=HTMLResponse)
def create(
    request: Request, current: Admin, form: CheckedForm, session: SessionDep, staff: StaffSettingsDep
) -> Response:
    """Add a user; the temporary password is shown this once."""
    username, name, role, unit_ids = (
        text(form, "username"),
        text(form, "display_name"),
        text(form, "role"),
        _unit_ids(form),
    )
    values = {"username": username, "display_name": name, "role": role, "units": [str(i) for i in unit_ids]}
    try:
        issued = create_user(session, staff, username=username, display_name=name, role=role, unit_ids=unit_ids)
    except UserRefused as refused:
        session.rollback()
        errors = {refused.field or "username": str(refused)}
        return render(request, "admin_user.html", current, user=None, values=values, errors=errors, status_code=422,
                      **_choices(session))  # fmt: skip
    audit.record(session, current.principal, "user.create", item_kind="user", item_reference=issued.user.username,
                 detail={"role": issued.user.role, "unit_ids": [u.id for u in issued.user.units]})  # fmt: skip
    session.commit()
    return render(request, "admin_password.html", current, user=issued.user, password=issued.password, created=True)


@router.get("/{user_id}", response_class=HTMLResponse)
def edit_user(request: Request, user_id: str, current: Admin, session: SessionDep) -> HTMLResponse:
    """One user: name, role, units, active; password reset and unlocking."""
    user = _user(session, user_id)
    values = {"username": user.username, "display_name": user.display_name, "role": user.role,
              "units": [str(u.id) for u in user.units], "active": user.active}  # fmt: skip
    return render(request, "admin_user.html", current, user=user, values=values, errors={}, now=utcnow(),
                  **_choices(session))  # fmt: skip


@router.post("/{user_id}", response_class=HTMLResponse)
def save_user(request: Request, user_id: str, current: Admin, form: CheckedForm, session: SessionDep) -> Response:
    """Save name, role, units and whether the user may sign in (changed rights end their sessions)."""
    user = _user(session, user_id)
    name, role, unit_ids, active = (
        text(form, "display_name"),
        text(form, "role"),
        _unit_ids(form),
        text(form, "active") == "1",
    )
    values = {"username": user.username, "display_name": name, "role": role, "units": [str(i) for i in unit_ids],
              "active": active}  # fmt: skip
    errors: dict[str, str] = {}
    changes: dict[str, object] = {}
    if user.id == current.user.id and (role != "admin" or not active):
        errors["role"] = "Du kan ikke ta bort din egen administratorrolle eller deaktivere deg selv."
    else:
        try:
            changes = update_user(session, user, display_name=name, role=role, unit_ids=unit_ids, active=active)
        except UserRefused as refused:
            errors[refused.field or "role"] = str(refused)
    if errors:
        session.rollback()
        return render(request, "admin_user.html", current, user=user, values=values, errors=errors, now=utcnow(),
                      status_code=422, **_choices(session))  # fmt: skip
    if changes:
        audit.record(session, current.principal, "user.update", item_kind="user", item_reference=user.username,
                     detail=changes)  # fmt: skip
    session.commit()
    return RedirectResponse("/staff/admin/users?ok=saved", status_code=303)


@router.post("/{user_id}/password", response_class=HTMLResponse)
def new_password(
    request: Request, user_id: str, current: Admin, form: CheckedForm, session: SessionDep, staff: StaffSettingsDep
) -> Response:
    """Give the user a new temporary password (shown once); their sessions end."""
    user = _user(session, user_id)
    password = reset_password(session, staff, user)
    audit.record(session, current.principal, "user.password_reset", item_kind="user", item_reference=user.username)
    session.commit()
    return render(request, "admin_password.html", current, user=user, password=password, created=False)


@router.post("/{user_id}/unlock", response_class=HTMLResponse)
def unlock_user(request: Request, user_id: str, current: Admin, form: CheckedForm, session: SessionDep) -> Response:
    """Lift a lockout after too many wrong passwords."""
    user = _user(session, user_id)
    unlock(user)
    audit.record(session, current.principal, "user.unlock", item_kind="user", item_reference=user.username)
    session.commit()
    return RedirectResponse("/staff/admin/users?ok=unlocked", status_code=303)
