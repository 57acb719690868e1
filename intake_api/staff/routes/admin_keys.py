"""Administrators: API keys (create – shown once –, revoke) and the audit log."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from ... import audit
from ...deps import SessionDep, SettingsDep
from ...keys import KeyRefused, create_key
from ...models import ApiKey, AuditEntry, Unit, utcnow
from ...security import ROLES
from ..errors import not_found
from ..sessions import CheckedForm, Staff, require
from ..templating import render
from .forms import int_or_none, text, texts

router = APIRouter(prefix="/staff/admin", include_in_schema=False)
Admin = Annotated[Staff, Depends(require("admin"))]

KEY_ROLE_NAMES = {
    "bot": "Chatbot – sender inn tilbakemeldinger og meldinger",
    "unit": "Enhet – leser og følger opp tilbakemeldinger til valgte enheter",
    "servicetorget": "Servicetorget – behandler meldinger",
    "leader": "Leder – leser alt",
    "admin": "Administrator – enheter, nøkler og logg",
}
AUDIT_PAGE = 100


def _key_page(
    request: Request, current: Staff, session: SessionDep, *, values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None, notice: str = "", status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    keys = list(session.scalars(select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.id)))
    units = [(str(u.id), u.name) for u in session.scalars(select(Unit).order_by(Unit.name))]
    return render(
        request, "admin_keys.html", current, keys=keys, unit_choices=units, role_choices=list(KEY_ROLE_NAMES.items()),
        values=values or {"name": "", "role": "", "units": []}, errors=errors or {}, notice=notice,
        status_code=status_code,
    )  # fmt: skip


@router.get("/keys", response_class=HTMLResponse)
def list_keys(request: Request, current: Admin, session: SessionDep, ok: str = "") -> HTMLResponse:
    """The API keys (never their secrets) and the form for a new one."""
    return _key_page(request, current, session, notice="Nøkkelen er trukket tilbake." if ok == "revoked" else "")


@router.post("/keys", response_class=HTMLResponse)
def issue_key(
    request: Request, current: Admin, form: CheckedForm, session: SessionDep, settings: SettingsDep
) -> Response:
    """Create a key with one role; it is shown this once."""
    unit_ids = [i for i in (int_or_none(v) for v in texts(form, "units")) if i is not None]
    values: dict[str, object] = {"name": " ".join(text(form, "name").split()), "role": text(form, "role"),
                                 "units": [str(i) for i in unit_ids]}  # fmt: skip
    errors: dict[str, str] = {}
    name, role = str(values["name"]), str(values["role"])
    if not name:
        errors["name"] = "Skriv hvem eller hva nøkkelen er til, for eksempel «Nettskjema på skaun.kommune.no»."
    elif len(name) > 120:
        errors["name"] = "Navnet kan ha høyst 120 tegn."
    if role not in ROLES:
        errors["role"] = "Velg en rolle for nøkkelen."
    elif role == "unit" and not unit_ids:
        errors["units"] = "En enhetsnøkkel må ha minst én enhet."
    elif role != "unit" and unit_ids:
        errors["units"] = "Bare nøkler med rollen Enhet har enheter. Fjern hakene, eller velg rollen Enhet."
    if not errors:
        try:
            issued = create_key(session, settings, name=name, role=role, unit_ids=unit_ids)
        except KeyRefused:
            errors["units"] = "En av enhetene finnes ikke lenger. Last inn siden på nytt."
    if errors:
        session.rollback()
        return _key_page(request, current, session, values=values, errors=errors, status_code=422)
    audit.record(session, current.principal, "key.create", item_kind="key", item_reference=issued.row.key_id,
                 detail={"role": role, "unit_ids": unit_ids})  # fmt: skip
    session.commit()
    return render(request, "admin_key_created.html", current, key=issued.key, row=issued.row)


@router.post("/keys/{key_id}/revoke", response_class=HTMLResponse)
def revoke_key(request: Request, key_id: str, current: Admin, form: CheckedForm, session: SessionDep) -> Response:
    """Revoke a key: it stops working at once."""
    row = (
        session.scalar(select(ApiKey).where(ApiKey.key_id == key_id))
        if re.fullmatch(r"[a-z0-9-]{3,40}", key_id)
        else None
    )
    if row is None:
        raise not_found("Nøkkelen finnes ikke.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(session, current.principal, "key.revoke", item_kind="key", item_reference=key_id)
        session.commit()
    return RedirectResponse("/staff/admin/keys?ok=revoked", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit_log(request: Request, current: Admin, session: SessionDep) -> HTMLResponse:
    """The newest audit entries: who read contact details or changed what, sign-ins and lockouts."""
    reference = request.query_params.get("reference", "").strip()
    action = request.query_params.get("action", "").strip()
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(AUDIT_PAGE)
    if re.fullmatch(r"[A-Za-z0-9._-]{1,40}", reference):
        query = query.where(func.upper(AuditEntry.item_reference) == reference.upper())
    else:
        reference = ""
    actions = sorted(session.scalars(select(AuditEntry.action).distinct()))
    if action in actions:
        query = query.where(AuditEntry.action == action)
    else:
        action = ""
    entries = list(session.scalars(query))
    return render(request, "admin_audit.html", current, entries=entries, reference=reference, action=action,
                  actions=actions, limit=AUDIT_PAGE)  # fmt: skip
