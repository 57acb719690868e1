"""Editors: the bot's answers — usage and "Fikk du svar?" per topic, editing with a live preview, history.

An answer is saved only when all three written forms are there, every placeholder names a fact of
the kommune profile and every link can work (innbygger_common.answer_check); the preview shows it
as a resident would see it, facts filled and the servicetorget's opening sentence added. Saving
appends a version (content_store): the action servers pick it up within their poll interval.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from innbygger_common.answer_check import LANGUAGES, answer_problems, plain_language
from innbygger_common.answers import load_titles
from innbygger_common.catalogue import catalogue
from innbygger_common.opening_text import as_resident_sees
from innbygger_common.profile import MissingFact, fill

from ... import content_store
from ...deps import SessionDep, SettingsDep
from ...models import AnswerRating
from ...worklist import topic_usage
from ..errors import PageError, not_found
from ..sessions import CheckedForm, Staff, require
from ..templating import render
from .forms import int_or_none, text

router = APIRouter(prefix="/staff/editor", include_in_schema=False)
Editor = Annotated[Staff, Depends(require("editor", "admin"))]
PERIOD_DAYS = 90
# The editing page runs one small script of our own (the live preview); the others run none.
PREVIEW_CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
LANGUAGE_LABELS = {"nb": "Bokmål", "nn": "Nynorsk", "en": "Engelsk"}


def _topic(topic: str) -> str:
    if topic not in content_store.seed_answers():
        raise not_found("Det finnes ikke noe svar med den adressen.")
    return topic


def _ratings(session: Session, since: datetime) -> dict[str, tuple[int, int]]:
    """topic -> (Ja, Nei) to "Fikk du svar?" since `since`."""
    rows = session.execute(
        select(AnswerRating.topic, func.sum(case((AnswerRating.helpful, 1), else_=0)), func.count())
        .where(AnswerRating.created_at >= since)
        .group_by(AnswerRating.topic)
    )
    return {topic: (int(yes or 0), int(total) - int(yes or 0)) for topic, yes, total in rows}


@router.get("/answers", response_class=HTMLResponse)
def list_answers(
    request: Request, current: Editor, session: SessionDep, settings: SettingsDep, sort: str = "nei"
) -> HTMLResponse:
    """Every topic with how often the bot answered it and what residents said to "Fikk du svar?"."""
    since = datetime.now(timezone.utc) - timedelta(days=PERIOD_DAYS)
    ratings = _ratings(session, since)
    usage = topic_usage(settings.tracker_database_url, since)
    changed = {key for key, change in content_store.newest(session, "answer").items() if change.body}
    rows = []
    for topic in content_store.seed_answers():
        yes, no = ratings.get(topic, (0, 0))
        rows.append({
            "topic": topic, "title": _title(topic), "sector": catalogue().topics[topic].sector,
            "usage": usage.get(topic, 0), "yes": yes, "no": no,
            "share_no": no / (yes + no) if yes + no else None, "changed": topic in changed,
        })  # fmt: skip
    orders = {
        "nei": lambda r: (-(r["share_no"] or 0), -r["no"], r["title"]),
        "bruk": lambda r: (-r["usage"], r["title"]),
        "navn": lambda r: (r["title"],),
    }
    rows.sort(key=orders.get(sort, orders["nei"]))
    return render(request, "editor_answers.html", current, rows=rows, sort=sort if sort in orders else "nei",
                  days=PERIOD_DAYS)  # fmt: skip


def preview(session: Session, texts: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Per written form: the text as a resident would see it (or None), and its plain-language hints."""
    facts = content_store.profile_in_force(session)
    now = datetime.now(timezone.utc)
    shown: dict[str, dict[str, Any]] = {}
    for language in LANGUAGES:
        raw = " ".join(texts.get(language, "").split())
        try:
            filled: str | None = fill(raw, facts)
        except MissingFact:
            filled = None
        shown[language] = {
            "text": as_resident_sees(filled, facts, now, language) if raw and filled is not None else None,
            "plain": plain_language(raw if filled is None else filled),  # hints while a placeholder is wrong too
        }
    return shown


def _title(topic: str) -> str:
    return load_titles().get(topic, {}).get("nb", topic)


def _form_page(
    request: Request, current: Staff, session: Session, topic: str, texts: dict[str, str], errors: dict[str, str],
    base: int, status_code: int = 200, notice: str = "",
) -> HTMLResponse:  # fmt: skip
    response = render(
        request, "editor_answer.html", current, topic=topic, title=_title(topic),
        question=catalogue().topics[topic].question, texts=texts, errors=errors, preview=preview(session, texts),
        base=base, labels=LANGUAGE_LABELS, facts=content_store.facts_in_force(session), notice=notice,
        status_code=status_code,
    )  # fmt: skip
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response


def _in_force_id(session: Session, topic: str) -> int:
    change = content_store.newest(session, "answer").get(topic)
    return change.id if change else 0


@router.get("/answers/{topic}", response_class=HTMLResponse)
def edit_answer(request: Request, current: Editor, session: SessionDep, topic: str, ok: str = "") -> HTMLResponse:
    """The answer in bokmål, nynorsk and English side by side, with the preview."""
    _topic(topic)
    notice = "Svaret er lagret. Chatboten bruker det innen et minutt." if ok == "saved" else ""
    texts = content_store.answers_in_force(session)[topic]
    return _form_page(request, current, session, topic, texts, {}, _in_force_id(session, topic), notice=notice)


def _texts(form: FormData) -> dict[str, str]:
    return {language: " ".join(text(form, language).split()) for language in LANGUAGES}


@router.post("/answers/{topic}", response_class=HTMLResponse)
def save_answer(request: Request, current: Editor, form: CheckedForm, session: SessionDep, topic: str) -> Response:
    """Save the answer (all three forms checked), or show the preview ("Forhåndsvis" without script)."""
    _topic(topic)
    texts = _texts(form)
    base = int_or_none(text(form, "base")) or 0
    if text(form, "action") == "preview":
        return _form_page(request, current, session, topic, texts, {}, base)
    problems = answer_problems(texts, content_store.profile_in_force(session))
    errors = {language: " ".join(found) for language, found in problems.items()}
    in_force = _in_force_id(session, topic)
    if not errors and in_force != base:
        errors["nb"] = ("Noen andre har lagret en ny versjon av dette svaret mens du skrev. Teksten din er ikke "
                        "lagret: se historikken, og lagre på nytt hvis din versjon skal gjelde.")  # fmt: skip
        base = in_force
    if errors:
        return _form_page(request, current, session, topic, texts, errors, base, status_code=422)
    if texts == content_store.answers_in_force(session)[topic]:
        return RedirectResponse(f"/staff/editor/answers/{topic}", status_code=303)
    content_store.record(session, current.principal, "answer", topic, texts)
    session.commit()
    return RedirectResponse(f"/staff/editor/answers/{topic}?ok=saved", status_code=303)


@router.post("/answers/{topic}/preview", response_class=HTMLResponse)
def preview_fragment(request: Request, current: Editor, form: CheckedForm, session: SessionDep, topic: str) -> Response:
    """The preview alone, for the page's script (the texts being written, not yet saved)."""
    _topic(topic)
    texts = _texts(form)
    problems = answer_problems(texts, content_store.profile_in_force(session))
    return render(request, "_answer_preview.html", current, preview=preview(session, texts), labels=LANGUAGE_LABELS,
                  problems=problems)  # fmt: skip


@router.get("/answers/{topic}/history", response_class=HTMLResponse)
def answer_history(request: Request, current: Editor, session: SessionDep, topic: str, ok: str = "") -> HTMLResponse:
    """Every version of the answer, newest first: who, when, what changed; each can be put back."""
    _topic(topic)
    notice = "Versjonen er tatt i bruk igjen. Chatboten bruker den innen et minutt." if ok == "reverted" else ""
    return render(request, "editor_answer_history.html", current, topic=topic, title=_title(topic),
                  versions=content_store.answer_versions(session, topic), in_force=_in_force_id(session, topic),
                  labels=LANGUAGE_LABELS, notice=notice)  # fmt: skip


@router.post("/answers/{topic}/revert", response_class=HTMLResponse)
def revert_answer(current: Editor, form: CheckedForm, session: SessionDep, topic: str) -> Response:
    """Put an earlier version (or the original from content/) in force again, as a new version."""
    _topic(topic)
    if not content_store.revert(session, current.principal, "answer", topic, text(form, "version")):
        raise PageError(422, "Fant ikke versjonen", "Versjonen finnes ikke for dette svaret. Gå tilbake til "
                        "historikken og velg en av versjonene der.")  # fmt: skip
    session.commit()
    return RedirectResponse(f"/staff/editor/answers/{topic}/history?ok=reverted", status_code=303)
