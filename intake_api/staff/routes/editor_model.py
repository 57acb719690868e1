"""Editors: the examples added from the worklist, retraining with them, and rollback.

"Tren ny modell" queues a job for the trainer (intake_api/training.py): it trains, checks the new
model against the held-out floors and only then loads it into every Rasa server. The page shows
each job's stage while it runs (a small script refreshes the status; without it, reload the page).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from innbygger_common.answers import load_titles

from ... import content_store, training
from ...deps import SessionDep
from ..errors import not_found
from ..sessions import CheckedForm, Staff, require
from ..templating import render
from .editor_answers import PREVIEW_CSP

router = APIRouter(prefix="/staff/editor/model", include_in_schema=False)
Editor = Annotated[Staff, Depends(require("editor", "admin"))]
NOTICES = {
    "train": "Treningen er satt i kø. Den tar noen minutter; siden viser hvor langt den har kommet.",
    "rollback": "Tilbakerullingen er satt i kø. Den forrige modellen er i bruk om et øyeblikk.",
    "removed": "Eksempelet er fjernet. Det blir borte fra modellen ved neste trening.",
}
REFUSALS = {
    "busy": "Det pågår allerede en trening eller tilbakerulling. Vent til den er ferdig, og prøv igjen.",
    "no_previous": "Det finnes ingen tidligere modell å gå tilbake til.",
}


def _status_context(session: SessionDep) -> dict[str, Any]:
    return {"jobs": training.recent(session), "active": training.active(session),
            "in_force": training.model_in_force(session)}  # fmt: skip


@router.get("", response_class=HTMLResponse)
def model_page(request: Request, current: Editor, session: SessionDep, ok: str = "", error: str = "") -> HTMLResponse:
    """The examples editors added, what waits for training, and the trainings so far."""
    examples = list(reversed(content_store.examples_in_force(session)))
    response = render(request, "editor_model.html", current, examples=examples, titles=load_titles(),
                      waiting=training.waiting_examples(session), notice=NOTICES.get(ok, ""),
                      problem=REFUSALS.get(error, ""),
                      **_status_context(session))  # fmt: skip
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response


@router.get("/status", response_class=HTMLResponse)
def status_fragment(request: Request, current: Editor, session: SessionDep) -> HTMLResponse:
    """The jobs table alone, for the page's script."""
    return render(request, "_training_jobs.html", current, **_status_context(session))


def _queue(current: Staff, session: SessionDep, kind: str) -> Response:
    try:
        training.request(session, current.principal, kind)
    except training.JobRefused as refused:
        session.rollback()
        return RedirectResponse(f"/staff/editor/model?error={refused.code}", status_code=303)
    session.commit()
    return RedirectResponse(f"/staff/editor/model?ok={kind}", status_code=303)


@router.post("/train", response_class=HTMLResponse)
def train(current: Editor, form: CheckedForm, session: SessionDep) -> Response:
    """Queue a training with the examples in force (refused while one is queued or running)."""
    return _queue(current, session, "train")


@router.post("/rollback", response_class=HTMLResponse)
def rollback(current: Editor, form: CheckedForm, session: SessionDep) -> Response:
    """Queue going back to the model before the one in force."""
    return _queue(current, session, "rollback")


@router.post("/examples/{key}/remove", response_class=HTMLResponse)
def remove_example(current: Editor, form: CheckedForm, session: SessionDep, key: str) -> Response:
    """Take an example out of the training data (it stays in the history)."""
    change = content_store.newest(session, "example").get(key)
    if change is None or change.body is None:
        raise not_found("Eksempelet finnes ikke, eller det er allerede fjernet.")
    content_store.record(session, current.principal, "example", key, None)
    session.commit()
    return RedirectResponse("/staff/editor/model?ok=removed", status_code=303)
