"""Read-only analytics for staff: figures, digests, dialogue-conference packs and the rådmann's summary.

Every endpoint calls an analytics library function; nothing here computes a figure. Leaders see
everything; a unit key sees only its own units' figures and digests. Small groups (fewer than
five responses) are suppressed by the library, so these answers can be shared as they are.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.engine import Engine

from analytics import (
    BotFigures,
    GroupFigures,
    Learning,
    Period,
    bot_figures,
    build_dialogue_pack,
    build_radmann_summary,
    build_unit_digest,
    current_period,
    figures_for_period,
    get_analytics_settings,
    html_to_pdf,
    learning_for_period,
    parse_period,
    render_digest_html,
    render_digest_text,
    render_pack_html,
    render_summary_html,
)
from innbygger_common.catalogue import catalogue
from innbygger_common.opening_hours import OSLO

from ..deps import FeedbackReader, SessionDep, SettingsDep, require
from ..errors import responses
from ..items import ensure_unit_scope
from ..retention import tracker_engine
from ..schemas.common import DbId, SectorCode
from ..security import Principal

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

LeaderKey = Annotated[Principal, Depends(require("leader"))]
PeriodText = Annotated[
    str | None,
    Query(
        description="2026-03 (month), 2026-T1 (tertial), 2026 (year) or 2026-01-01..2026-02-15; default: last tertial.",
        max_length=40,
    ),
]
EARLIEST, LATEST = date(1990, 1, 1), date(2999, 12, 30)
_DOCUMENT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}, "application/pdf": {}}, "description": "HTML or PDF"}
}
_DIGEST: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}, "text/plain": {}}, "description": "HTML or plain text"}
}


def _period(text: str | None) -> Period:
    if not text:
        return current_period("tertial")
    try:
        return parse_period(text)
    except ValueError as problem:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(problem)) from None


def _tracker(url: str) -> Engine | None:
    # Rasa creates its SQLite file on first use; connecting to a missing path would create an empty one.
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    return tracker_engine(url)


async def _document(html: str, format: str, filename: str) -> Response:
    if format == "pdf":
        pdf = await run_in_threadpool(html_to_pdf, html)  # a few seconds of CPU: off the event loop
        headers = {"Content-Disposition": f'inline; filename="{filename}.pdf"'}
        return Response(pdf, media_type="application/pdf", headers=headers)
    return Response(html, media_type="text/html; charset=utf-8")


@router.get("/figures", response_model=list[GroupFigures], responses=responses(401, 403, 422))
def read_figures(
    principal: FeedbackReader,
    session: SessionDep,
    period: PeriodText = None,
    level: Literal["kommune", "sector", "unit"] = "sector",
    sector: SectorCode | None = None,
) -> list[GroupFigures]:
    """Figures per sector, unit or for the kommune; unit keys get their own units only."""
    if level != "unit" and not principal.sees_all_units():
        raise HTTPException(status.HTTP_403_FORBIDDEN, "unit keys read figures with level=unit (their own units)")
    rows = figures_for_period(session.connection(), _period(period), level, sector=sector)
    if level == "unit" and not principal.sees_all_units():
        rows = [row for row in rows if row.key != "none" and principal.may_see_unit(int(row.key))]
    return rows


@router.get("/learning", response_model=Learning, responses=responses(401, 403, 422))
def read_learning(principal: LeaderKey, session: SessionDep, period: PeriodText = None) -> Learning:
    """Themes recurring in critical comments across units, and the units that improved most."""
    return learning_for_period(session.connection(), _period(period))


@router.get("/bot", response_model=BotFigures, responses=responses(401, 403, 422))
def read_bot_figures(
    principal: LeaderKey, session: SessionDep, settings: SettingsDep, period: PeriodText = None
) -> BotFigures:
    """The chatbot's conversations, share outside office hours, answered rate and what to improve."""
    return bot_figures(session.connection(), _tracker(settings.tracker_database_url), _period(period))


@router.get("/units/{unit_id}/digest", response_class=Response, responses={**_DIGEST, **responses(401, 403, 404, 422)})
def read_unit_digest(
    principal: FeedbackReader,
    session: SessionDep,
    unit_id: DbId,
    since: Annotated[date | None, Query(description="First day (default: 7 days ago).", ge=EARLIEST, le=LATEST)] = None,
    until: Annotated[
        date | None, Query(description="Last day, included (default: today).", ge=EARLIEST, le=LATEST)
    ] = None,
    format: Literal["html", "text"] = "html",
) -> Response:
    """The unit digest as the unit would receive it by e-mail (HTML or plain text)."""
    ensure_unit_scope(principal, unit_id, f"the digest of unit {unit_id}")
    end = datetime.combine((until or datetime.now(OSLO).date()) + timedelta(days=1), time(0), OSLO)
    start = datetime.combine(since, time(0), OSLO) if since else end - timedelta(days=8)
    try:
        digest = build_unit_digest(
            session.connection(), unit_id, start, end, base_url=get_analytics_settings().staff_base_url
        )
    except LookupError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no unit with id {unit_id}") from None
    if format == "text":
        return Response(render_digest_text(digest), media_type="text/plain; charset=utf-8")
    return Response(render_digest_html(digest), media_type="text/html; charset=utf-8")


@router.get("/dialogue-pack/{sector}", response_class=Response, responses={**_DOCUMENT, **responses(401, 403, 422)})
async def read_dialogue_pack(
    principal: LeaderKey,
    session: SessionDep,
    sector: Annotated[str, PathParam(max_length=40, description="Sector code from topics.yml, e.g. 'omsorg'.")],
    period: PeriodText = None,
    format: Literal["html", "pdf"] = "html",
) -> Response:
    """The dialogue-conference pack for one sector and period, as HTML or PDF."""
    if sector not in catalogue().sectors:
        known = ", ".join(catalogue().sectors)
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"unknown sector {sector!r}; use one of: {known}")
    chosen = _period(period)
    pack = await run_in_threadpool(build_dialogue_pack, session.connection(), sector, chosen)
    return await _document(render_pack_html(pack), format, f"dialogkonferanse-{sector}-{chosen.code}")


@router.get("/radmann-summary", response_class=Response, responses={**_DOCUMENT, **responses(401, 403, 422)})
async def read_radmann_summary(
    principal: LeaderKey,
    session: SessionDep,
    settings: SettingsDep,
    period: PeriodText = None,
    format: Literal["html", "pdf"] = "html",
) -> Response:
    """The rådmann's summary for politicians (overview, a page per sector, the chatbot), as HTML or PDF."""
    chosen = _period(period)
    summary = await run_in_threadpool(
        build_radmann_summary, session.connection(), chosen, _tracker(settings.tracker_database_url)
    )
    return await _document(render_summary_html(summary), format, f"innbyggerdialog-{chosen.code}")
