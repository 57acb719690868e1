"""Figures and learning for a period straight from the database: what the CLI and the staff API call."""

from __future__ import annotations

from dataclasses import dataclass

from .data import Bind, load_feedback, load_units
from .figures import GroupFigures, Level, figures_from_frame, resolve_themes
from .learning import Improvement, RecurringTheme, improved_units, recurring_themes
from .periods import Period, report_window


@dataclass(frozen=True)
class Learning:
    """Kommune-level learning for one period."""

    period: Period
    recurring: tuple[RecurringTheme, ...]
    improved: tuple[Improvement, ...]


def figures_for_period(
    bind: Bind, period: Period, level: Level = "sector", sector: str | None = None
) -> list[GroupFigures]:
    """Figures per group (sector, unit or the whole kommune) for `period`, optionally within one sector."""
    start, end = report_window(period, months_back=1)
    frame = load_feedback(bind, start, end, sectors=[sector] if sector else None, text_since=period.bounds()[0])
    return figures_from_frame(frame, period, level, units=load_units(bind))


def learning_for_period(bind: Bind, period: Period) -> Learning:
    """Recurring critical themes across units, and the units that improved most against the previous period."""
    units = load_units(bind)
    start, end = report_window(period, months_back=1)
    first, last = period.bounds()
    frame = resolve_themes(load_feedback(bind, start, end, text_since=first))
    current = frame[(frame["created_at"] >= first) & (frame["created_at"] < last)]
    recurring = recurring_themes(current, units) if not current.empty else []
    improved = improved_units(figures_from_frame(frame, period, "unit", units=units))
    return Learning(period, tuple(recurring), tuple(improved))
