"""The rådmann's summary for politicians: all sectors on one page, a page per sector, the bot's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.engine import Engine

from innbygger_common.catalogue import catalogue

from .botstats import BotFigures, bot_figures
from .data import Bind, is_demo_database, load_feedback, load_units
from .figures import GroupFigures, figures_from_frame, resolve_themes
from .format import count, number, percent
from .learning import Improvement, RecurringTheme, improved_units, recurring_themes
from .periods import Period, report_window


@dataclass(frozen=True)
class SectorPage:
    """One sector's page: its figures and its units side by side."""

    figures: GroupFigures
    units: tuple[GroupFigures, ...]


@dataclass(frozen=True)
class RadmannSummary:
    """The whole summary; `key_points` are the overview's plain-language sentences."""

    period: Period
    generated_at: datetime
    demo: bool
    kommune: GroupFigures
    sectors: tuple[GroupFigures, ...]
    pages: tuple[SectorPage, ...]
    recurring: tuple[RecurringTheme, ...]
    improved: tuple[Improvement, ...]
    bot: BotFigures
    key_points: tuple[str, ...]


def key_points(
    period: Period, kommune: GroupFigures, sectors: list[GroupFigures], recurring: list[RecurringTheme], bot: BotFigures
) -> list[str]:
    """Short sentences in plain bokmål for the overview page."""
    if kommune.suppressed or kommune.responses is None:
        return [f"For få tilbakemeldinger i {period.label} til å vise tall (færre enn 5)."]
    points = [
        f"Innbyggerne ga {count(kommune.responses)} tilbakemeldinger i {period.label}. "
        f"Snittet var {number(kommune.mean)} av 6, og {percent(kommune.satisfied_share)} var fornøyde (5 eller 6)."
    ]
    if kommune.previous and kommune.previous.mean is not None:
        change = kommune.previous.mean
        if abs(change) < 0.05:
            points.append(f"Snittet har holdt seg omtrent likt siden {kommune.previous.label}.")
        else:
            direction = "opp" if change > 0 else "ned"
            points.append(f"Snittet har gått {direction} {number(abs(change))} siden {kommune.previous.label}.")
    shown = [s for s in sectors if not s.suppressed and s.mean is not None]
    if len(shown) >= 2:
        best = max(shown, key=lambda s: s.mean or 0)
        worst = min(shown, key=lambda s: s.mean or 0)
        best_name, worst_name = best.name.split(" (")[0], worst.name.split(" (")[0]
        points.append(
            f"Mest fornøyde: {best_name} ({number(best.mean)}). Minst fornøyde: {worst_name} ({number(worst.mean)})."
        )
    if recurring:
        points.append(
            f"Går igjen i kritiske kommentarer ved flere enheter: {recurring[0].name.lower()} "
            f"({len(recurring[0].units)} enheter)."
        )
    if kommune.avvik:
        points.append(f"{kommune.avvik} alvorlige klager er registrert som avvik.")
    if bot.available and bot.conversations:
        assumed = f" ({bot.office_hours_note})" if bot.office_hours_note else ""
        points.append(
            f"Chatboten hadde {count(bot.conversations)} samtaler, {percent(bot.outside_office_hours_share)} av dem "
            f"utenfor servicetorgets åpningstid{assumed}."
        )
    return points


def build_radmann_summary(
    bind: Bind, period: Period, tracker: Engine | None = None, now: datetime | None = None
) -> RadmannSummary:
    """All figures of the summary for `period` (a tertial or a year is what politicians get)."""
    now = now or datetime.now(timezone.utc)
    units = load_units(bind)
    start, end = report_window(period, months_back=1)
    frame = resolve_themes(load_feedback(bind, start, end, text_since=period.bounds()[0]))
    kommune = figures_from_frame(frame, period, "kommune", units=units, now=now, keys=["kommune"])[0]
    sector_codes = list(catalogue().sectors)
    sectors = figures_from_frame(frame, period, "sector", units=units, now=now, keys=sector_codes)
    unit_rows = figures_from_frame(frame, period, "unit", units=units, now=now)
    pages = []
    for figures in sectors:
        in_sector = [u for u in unit_rows if u.sector == figures.key]
        pages.append(SectorPage(figures, tuple(sorted(in_sector, key=lambda u: u.name))))
    period_start, period_end = period.bounds()
    current = frame[(frame["created_at"] >= period_start) & (frame["created_at"] < period_end)]
    recurring = recurring_themes(current, units) if not current.empty else []
    bot = bot_figures(bind, tracker, period)
    return RadmannSummary(
        period=period,
        generated_at=now,
        demo=is_demo_database(bind),
        kommune=kommune,
        sectors=tuple(sectors),
        pages=tuple(pages),
        recurring=tuple(recurring),
        improved=tuple(improved_units(unit_rows)),
        bot=bot,
        key_points=tuple(key_points(period, kommune, sectors, recurring, bot)),
    )
