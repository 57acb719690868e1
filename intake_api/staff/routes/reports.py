"""Leaders: the sector and unit figures with their charts, and the reports to download.

Everything here comes from the analytics library (build_radmann_summary, build_dialogue_pack,
the SVG charts, the report renderers); this module only picks the period and shows the results.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine, create_engine

from analytics import charts, format
from analytics.pack import build_dialogue_pack
from analytics.periods import Period, parse_period, period_containing
from analytics.render import html_to_pdf, render_pack_html, render_summary_html
from analytics.summary import RadmannSummary, build_radmann_summary
from innbygger_common.catalogue import catalogue
from innbygger_common.opening_hours import OSLO

from ... import audit
from ...deps import SessionDep, SettingsDep
from ..errors import PageError
from ..sessions import Staff, require
from ..templating import env, render

router = APIRouter(prefix="/staff/reports", include_in_schema=False)
Leader = Annotated[Staff, Depends(require("leader"))]

FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
# The downloaded HTML report carries its own styles and charts inline; it is an attachment, never run here.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


@lru_cache(maxsize=4)
def _tracker_engine(url: str) -> Engine:
    return create_engine(url)


def tracker(url: str) -> Engine | None:
    """Rasa's tracker store, for the bot's figures; None while it does not exist yet (no conversations)."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    return _tracker_engine(url)


def period_choices(today: date) -> list[tuple[str, str]]:
    """The current and five previous tertials, this year and last year, and the last three months."""
    choices: list[tuple[str, str]] = []
    tertial = period_containing("tertial", today)
    for step in range(6):
        label = tertial.label + (" (hittil)" if step == 0 else "")
        choices.append((tertial.code, label[0].upper() + label[1:]))
        tertial = tertial.previous()
    year = period_containing("year", today)
    choices += [(year.code, f"Året {year.label} (hittil)"), (year.previous().code, f"Året {year.previous().label}")]
    month = period_containing("month", today)
    for _ in range(3):
        month = month.previous()
        choices.append((month.code, month.label[0].upper() + month.label[1:]))
    return choices


def chosen_period(query: dict[str, str], today: date) -> tuple[Period, dict[str, str]]:
    """The period the form asks for (a listed one, or from–to dates); errors per field in bokmål."""
    errors: dict[str, str] = {}
    first, last = query.get("fra", "").strip(), query.get("til", "").strip()
    if first or last:
        try:
            start, end = date.fromisoformat(first), date.fromisoformat(last)
        except ValueError:
            errors["fra" if not _is_date(first) else "til"] = "Skriv datoene som åååå-mm-dd, for eksempel 2026-01-31."
        else:
            if end < start:
                errors["til"] = "Til-datoen må være samme dag som eller etter fra-datoen."
            elif (end - start).days > 3 * 366:
                errors["til"] = "Velg en periode på høyst tre år."
            else:
                return Period("range", start, end), {}
    code = query.get("periode", "")
    try:
        return (parse_period(code) if code else period_containing("tertial", today)), errors
    except ValueError:
        return period_containing("tertial", today), {**errors, "periode": "Velg en periode fra listen."}


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _today() -> date:
    return datetime.now(OSLO).date()


def _summary(session: SessionDep, settings: SettingsDep, period: Period) -> RadmannSummary:
    return build_radmann_summary(session.connection(), period, tracker(settings.tracker_database_url))


def _short(name: str) -> str:
    """A sector's name without the bracketed examples: "Helse (legevakt, …)" -> "Helse"."""
    return name.split(" (")[0]


env.filters.update(percent=format.percent, signed=format.signed, signed_points=format.signed_points, short=_short)


def _charts(summary: RadmannSummary) -> dict[str, Any]:
    """The SVG charts of the page (analytics draws them; the tables beside them hold the same figures)."""
    kommune, sectors = summary.kommune, [s for s in summary.sectors if not s.suppressed]
    units = {}
    for page in summary.pages:
        if any(not unit.suppressed for unit in page.units):
            bars = [charts.Bar(unit.name, unit.mean) for unit in page.units]
            units[page.figures.key] = charts.bars(bars, f"Snittkarakter per enhet: {_short(page.figures.name)}", 6.0)
    distribution = kommune.distribution
    sector_bars = [charts.Bar(_short(s.name), s.mean) for s in sectors]
    return {
        "distribution": charts.distribution(distribution, "Fordeling av karakterene 1–6") if distribution else "",
        "sectors": charts.bars(sector_bars, "Snittkarakter per tjenesteområde", 6.0) if sectors else "",
        "units": units,
    }


@router.get("", response_class=HTMLResponse)
def reports(request: Request, current: Leader, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    """Figures per sector and unit for a period, with charts, and the report downloads."""
    today = _today()
    period, errors = chosen_period(dict(request.query_params), today)
    summary = _summary(session, settings, period)
    return render(
        request, "reports.html", current, status_code=422 if errors else 200, s=summary, period=period,
        charts=_charts(summary), choices=period_choices(today), errors=errors,
        sectors=list(catalogue().sectors.items()), query=dict(request.query_params),
        first_default=(today - timedelta(days=30)).isoformat(), last_default=today.isoformat(),
    )  # fmt: skip


def _download(
    session: SessionDep, current: Staff, body: str, fmt: str, filename: str, report: str, period: Period
) -> Response:
    audit.record(session, current.principal, "report.download", item_kind="report", item_reference=report,
                 detail={"period": period.code, "format": fmt})  # fmt: skip
    session.commit()
    content: bytes | str = html_to_pdf(body) if fmt == "pdf" else body
    headers = {"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'}
    if fmt == "html":
        headers["Content-Security-Policy"] = REPORT_CSP
    return Response(content, media_type=FORMATS[fmt], headers=headers)


def _format(request: Request) -> str:
    fmt = request.query_params.get("format", "pdf")
    if fmt not in FORMATS:
        raise PageError(400, "Ukjent format", "Velg PDF eller HTML.")
    return fmt


def _period_or_error(request: Request) -> Period:
    period, errors = chosen_period(dict(request.query_params), _today())
    if errors:
        raise PageError(400, "Ugyldig periode", " ".join(errors.values()))
    return period


@router.get("/radmann")
def download_summary(request: Request, current: Leader, session: SessionDep, settings: SettingsDep) -> Response:
    """The rådmann's summary for politicians for the period, as PDF or HTML."""
    fmt, period = _format(request), _period_or_error(request)
    body = render_summary_html(_summary(session, settings, period))
    return _download(session, current, body, fmt, f"radmannens-sammendrag-{period.code}", "radmann", period)


@router.get("/dialogkonferanse")
def download_pack(request: Request, current: Leader, session: SessionDep) -> Response:
    """The dialogue-conference pack of one sector for the period, as PDF or HTML."""
    fmt, period = _format(request), _period_or_error(request)
    sector = request.query_params.get("sektor", "")
    if sector not in catalogue().sectors:
        raise PageError(400, "Velg tjenesteområde", "Velg hvilket tjenesteområde pakken skal gjelde, og prøv igjen.")
    body = render_pack_html(build_dialogue_pack(session.connection(), sector, period))
    return _download(session, current, body, fmt, f"dialogkonferanse-{sector}-{period.code}", "dialogue_pack", period)
