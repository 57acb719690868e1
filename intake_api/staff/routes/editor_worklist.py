"""Editors: the worklist of questions the bot did not understand, and what to do with each group.

For each group of near-identical questions (scrubbed, intake_api/worklist.py) an editor can
(a) add it as a training example of a topic, rephrased if they like, (b) mark it out of scope (a
training example of "not ours"), or (c) note that a new topic is needed. The text stored is
scrubbed again, so what an editor types cannot bring personal data into the training data either.
A decided group leaves the worklist; the examples wait on the model page for the next training.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from innbygger_common.answers import load_titles
from innbygger_common.catalogue import catalogue
from innbygger_common.scrub import scrub

from ... import audit, content_store
from ...deps import SessionDep, SettingsDep
from ...models import WorklistDecision
from ...worklist import MAX_TEXT, group_key, open_groups
from ..sessions import CheckedForm, Staff, require
from ..templating import render
from .forms import int_or_none, text

router = APIRouter(prefix="/staff/editor/worklist", include_in_schema=False)
Editor = Annotated[Staff, Depends(require("editor", "admin"))]
PERIODS = (7, 30, 90)
SHOWN = 100
OUT_OF_SCOPE = "out_of_scope"


def _topic_options() -> list[tuple[str, str]]:
    titles = load_titles()
    return sorted(((topic, titles.get(topic, {}).get("nb", topic)) for topic in catalogue().topics),
                  key=lambda option: option[1])  # fmt: skip


@router.get("", response_class=HTMLResponse)
def worklist(request: Request, current: Editor, session: SessionDep, settings: SettingsDep, days: int = 30,
             ok: str = "", error: str = "") -> HTMLResponse:  # fmt: skip
    """The open groups of the period, most asked first."""
    days = days if days in PERIODS else 30
    groups = open_groups(session, settings.tracker_database_url, days)
    notices = {"example": "Lagt til som eksempel. Det blir med i neste trening av modellen.",
               "out_of_scope": "Merket som utenfor det chatboten svarer på. Det blir med i neste trening.",
               "new_topic": "Notert at det trengs et nytt tema."}  # fmt: skip
    return render(request, "editor_worklist.html", current, groups=groups[:SHOWN], total=len(groups), days=days,
                  periods=PERIODS, topics=_topic_options(), titles=load_titles(), notice=notices.get(ok, ""),
                  problem=error)  # fmt: skip


def _back(days: int, **query: str) -> RedirectResponse:
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return RedirectResponse(f"/staff/editor/worklist?days={days}{extra}", status_code=303)


@router.post("", response_class=HTMLResponse)
def decide(current: Editor, form: CheckedForm, session: SessionDep) -> Response:
    """Record the editor's decision for one group; a bad form changes nothing and says why."""
    days = int_or_none(text(form, "days")) or 30
    key = group_key(text(form, "key"))[:300]
    decision = text(form, "decision")
    topic = text(form, "topic")
    wording = " ".join(scrub(text(form, "text")).split())
    language = text(form, "language") if text(form, "language") in ("nb", "nn", "en") else "nb"
    note = " ".join(text(form, "note").split())[:300]
    problem = ""
    if not key:
        problem = "tom"
    elif session.scalar(select(WorklistDecision.id).where(WorklistDecision.group_key == key)):
        problem = "behandlet"
    elif decision not in ("example", OUT_OF_SCOPE, "new_topic"):
        problem = "valg"
    elif decision == "example" and topic not in catalogue().topics:
        problem = "tema"
    elif decision in ("example", OUT_OF_SCOPE) and not wording:
        problem = "tekst"
    elif len(wording) > MAX_TEXT:
        problem = "lang"
    elif decision == "new_topic" and not note:
        problem = "notat"
    if problem:
        return _back(days, error=problem)
    change = None
    if decision in ("example", OUT_OF_SCOPE):
        body = {"topic": topic if decision == "example" else OUT_OF_SCOPE, "text": wording, "language": language}
        change = content_store.record(session, current.principal, "example", f"ex-{secrets.token_hex(6)}", body)
    session.add(WorklistDecision(group_key=key, decision=decision, topic=topic if decision == "example" else None,
                                 note=note or None, change_id=change.id if change else None,
                                 decided_by=current.principal.actor))  # fmt: skip
    audit.record(session, current.principal, f"worklist.{decision}", item_kind="worklist",
                 detail={"topic": topic if decision == "example" else None})  # fmt: skip
    session.commit()
    return _back(days, ok=decision)
