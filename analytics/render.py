"""HTML for the reports (Jinja templates in analytics/templates) and PDF from that HTML.

The same HTML is the e-mail body, the staff page content and the PDF's source, so what a
unit leader reads on screen and what politicians get on paper cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from innbygger_common.opening_hours import OSLO

from . import charts, format
from .digest import UnitDigest
from .figures import GroupFigures
from .pack import DialoguePack
from .summary import RadmannSummary
from .suppression import SUPPRESSED_TEXT
from .trend import MonthPoint

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _day(value: datetime | date) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(OSLO).date()
    return f"{value.day}.{value.month}.{value.year}"


def _short(name: str) -> str:
    """A sector's name without the bracketed examples: "Helse (legevakt, …)" -> "Helse"."""
    return name.split(" (")[0]


def _unit_bars(rows: Sequence[GroupFigures], title: str) -> str:
    return charts.bars([charts.Bar(r.name, r.mean) for r in rows], title, maximum=6.0)


def _theme_bars(figures: GroupFigures) -> str:
    rows = [charts.Bar(t.name, t.share) for t in figures.themes]
    if not rows:
        return ""
    top = max(t.share for t in figures.themes)
    return charts.bars(rows, "Andel av kommentarene som nevner temaet", maximum=max(0.05, top * 1.1), as_percent=True)


def _trend(points: Sequence[MonthPoint], title: str) -> str:
    return charts.trend([(p.label, p.mean) for p in points], title)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=format.number,
        percent=format.percent,
        signed=format.signed,
        signed_points=format.signed_points,
        count=format.count,
        day=_day,
        short=_short,
    )
    env.globals.update(
        distribution=charts.distribution,
        mini_bar=charts.mini_bar,
        unit_bars=_unit_bars,
        theme_bars=_theme_bars,
        trend_chart=_trend,
        suppressed_text=SUPPRESSED_TEXT,
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
    )
    return env


def render_pack_html(pack: DialoguePack) -> str:
    """The dialogue-conference pack as one self-contained HTML page (styles and charts inline)."""
    return environment().get_template("pack.html").render(pack=pack)


def render_summary_html(summary: RadmannSummary) -> str:
    """The rådmann's summary as one self-contained HTML document (one printed page per section)."""
    return environment().get_template("summary.html").render(s=summary)


def render_digest_html(digest: UnitDigest) -> str:
    """The unit digest's HTML e-mail body."""
    return environment().get_template("digest.html").render(d=digest)


def render_digest_text(digest: UnitDigest) -> str:
    """The unit digest's plain-text e-mail body (for mail programs that show no HTML, and screen readers)."""
    f = digest.figures
    lines = [f"Tilbakemeldinger til {digest.unit.name}, {digest.label}", ""]
    if digest.demo:
        lines += ["DEMODATA – ikke ekte tilbakemeldinger.", ""]
    lines.append(f"{digest.new_items} nye · {digest.open_items} ikke lukket · {len(digest.overdue)} over fristen")
    if f.suppressed:
        lines.append("Karakterene: færre enn 5 nye svar, snitt vises ikke.")
    else:
        lines.append(
            f"Karakterene: snitt {format.number(f.mean)} av 6, "
            f"{format.percent(f.satisfied_share)} fornøyde (5 eller 6)."
        )
    if digest.overdue:
        lines += ["", "OVER FRISTEN"]
        for item in digest.overdue:
            flag = " [avvik]" if item.avvik else ""
            lines += [f"- {item.reference} ({item.status}, mottatt {_day(item.created)}){flag}", f"  {item.url}"]
    lines += ["", "NYE TILBAKEMELDINGER ETTER TEMA"]
    for group in digest.groups:
        lines += ["", f"{group.theme} ({len(group.items)})"]
        for item in group.items:
            flags = (" [avvik]" if item.avvik else "") + (" [over fristen]" if item.overdue else "")
            lines += [
                f"- {item.reference}, {item.rating} av 6, {_day(item.created)}{flags}",
                f"  {item.text or '(ingen kommentar)'}",
                f"  {item.url}",
            ]
    if not digest.groups:
        lines.append("Ingen nye tilbakemeldinger i perioden.")
    lines += ["", f"Følg opp og lukk hver sak på sakssidene: {digest.staff_url}", ""]
    return "\n".join(lines)


def html_to_pdf(html: str) -> bytes:
    """A PDF of report HTML (WeasyPrint: pure Python on Debian's Pango, no browser needed on the server)."""
    from weasyprint import HTML  # imported late: it loads Pango, which the CLI's other commands don't need

    return bytes(HTML(string=html, base_url=str(TEMPLATES)).write_pdf())
