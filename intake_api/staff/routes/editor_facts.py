"""Editors: the kommune's facts (phone numbers, addresses, links, fees …), each with its source.

The profile file in content/kommune/ is the reviewed seed; a fact changed here is an override with
the editor's source, and every answer using the fact's placeholder follows (the action servers
fill the placeholders from the facts in force). A fact must keep a value and say where it comes
from; a web address must be a working https:// link.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from innbygger_common.answer_check import link_problem
from innbygger_common.answers import load_titles
from innbygger_common.profile import placeholders

from ... import content_store
from ...deps import SessionDep
from ..errors import PageError, not_found
from ..sessions import CheckedForm, Staff, require
from ..templating import render
from .forms import text

router = APIRouter(prefix="/staff/editor/facts", include_in_schema=False)
Editor = Annotated[Staff, Depends(require("editor", "admin"))]
MAX_VALUE = 500
MAX_SOURCE = 500
_DIGITS = re.compile(r"\d")


def _fact(path: str) -> str:
    if path not in content_store.seed_facts():
        raise not_found("Det finnes ikke noe faktum med den adressen.")
    return path


def used_by(path: str) -> list[tuple[str, str]]:
    """(topic, title) of the answers whose text uses the fact."""
    titles = load_titles()
    return [
        (topic, titles.get(topic, {}).get("nb", topic))
        for topic, texts in content_store.seed_answers().items()
        if any(path in placeholders(texts[language]) for language in texts)
    ]


def fact_problems(path: str, value: str, source: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    seed = content_store.seed_facts()[path].value
    if not value:
        errors["value"] = (
            "Skriv verdien. Et faktum kan ikke stå tomt; svarene som bruker det, ville blitt ufullstendige."
        )
    elif len(value) > MAX_VALUE:
        errors["value"] = f"Verdien kan ha høyst {MAX_VALUE} tegn."
    elif seed.startswith("http") or path.startswith("web."):
        if problem := link_problem(value):
            errors["value"] = problem
    elif ("phone" in path or "telefon" in path) and not _DIGITS.search(value):
        errors["value"] = "Et telefonnummer må ha sifre, for eksempel 72 86 72 00."
    if not source:
        errors["source"] = (
            "Skriv hvor opplysningen kommer fra, for eksempel nettadressen eller «telefon med servicetorget 4.12.2026»."
        )
    elif len(source) > MAX_SOURCE:
        errors["source"] = f"Kilden kan ha høyst {MAX_SOURCE} tegn."
    return errors


@router.get("", response_class=HTMLResponse)
def list_facts(request: Request, current: Editor, session: SessionDep, ok: str = "") -> HTMLResponse:
    """Every fact of the profile with its value and source; changed ones are marked."""
    changed = set(content_store.fact_overrides(session))
    notice = "Faktumet er lagret. Svarene som bruker det, er oppdatert innen et minutt." if ok == "saved" else ""
    return render(request, "editor_facts.html", current, facts=content_store.facts_in_force(session), changed=changed,
                  notice=notice)  # fmt: skip


def _form(request: Request, current: Staff, path: str, value: str, source: str, errors: dict[str, str],
          session: SessionDep, status_code: int = 200, notice: str = "") -> HTMLResponse:  # fmt: skip
    history = content_store.history(session, "fact", path)
    return render(request, "editor_fact.html", current, path=path, value=value, source=source, errors=errors,
                  seed=content_store.seed_facts()[path], used_by=used_by(path), history=history,
                  in_force=history[0].id if history else 0, notice=notice, status_code=status_code)  # fmt: skip


@router.get("/{path}", response_class=HTMLResponse)
def edit_fact(request: Request, current: Editor, session: SessionDep, path: str, ok: str = "") -> HTMLResponse:
    _fact(path)
    fact = next(f for f in content_store.facts_in_force(session) if f.path == path)
    notice = "Versjonen er tatt i bruk igjen." if ok == "reverted" else ""
    return _form(request, current, path, fact.value, fact.source, {}, session, notice=notice)


@router.post("/{path}", response_class=HTMLResponse)
def save_fact(request: Request, current: Editor, form: CheckedForm, session: SessionDep, path: str) -> Response:
    """Change the fact (value and source); every answer with its placeholder follows."""
    _fact(path)
    value, source = " ".join(text(form, "value").split()), " ".join(text(form, "source").split())
    errors = fact_problems(path, value, source)
    if errors:
        return _form(request, current, path, value, source, errors, session, status_code=422)
    content_store.record(session, current.principal, "fact", path, {"value": value, "source": source})
    session.commit()
    return RedirectResponse("/staff/editor/facts?ok=saved", status_code=303)


@router.post("/{path}/revert", response_class=HTMLResponse)
def revert_fact(current: Editor, form: CheckedForm, session: SessionDep, path: str) -> Response:
    """Put an earlier value (or the profile file's) in force again, as a new version."""
    _fact(path)
    if not content_store.revert(session, current.principal, "fact", path, text(form, "version")):
        raise PageError(422, "Fant ikke versjonen", "Versjonen finnes ikke for dette faktumet. Gå tilbake og "
                        "velg en av versjonene i listen.")  # fmt: skip
    session.commit()
    return RedirectResponse(f"/staff/editor/facts/{path}?ok=reverted", status_code=303)
