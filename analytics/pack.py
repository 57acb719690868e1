"""The dialogue-conference pack (dialogkonferanse) for one sector and period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd

from innbygger_common.catalogue import catalogue

from .anonymize import add_known_names, quotable
from .data import Bind, is_demo_database, load_feedback, load_units
from .figures import GroupFigures, figures_from_frame, resolve_themes, resolve_valences, theme_lists
from .periods import Period, report_window
from .suppression import shown
from .themes import is_suggestion, theme_name
from .trend import MonthPoint, monthly_trend

MAX_QUOTES = 6
MAX_SUGGESTIONS_PER_THEME = 4


@dataclass(frozen=True)
class Quote:
    """An anonymised comment, with its rating and themes."""

    text: str
    rating: int
    themes: tuple[str, ...]


@dataclass(frozen=True)
class SuggestionGroup:
    """Residents' suggestions on one theme: how many, and distinct examples that are safe to quote."""

    theme: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class DialoguePack:
    """Everything the pack shows; `figures.suppressed` means the whole sector had fewer than five responses."""

    sector: str
    sector_name: str
    period: Period
    generated_at: datetime
    demo: bool
    figures: GroupFigures
    units: tuple[GroupFigures, ...]
    trend: tuple[MonthPoint, ...]
    suggestions: tuple[SuggestionGroup, ...]
    quotes: tuple[Quote, ...]


def _current(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    start, end = period.bounds()
    return frame[(frame["created_at"] >= start) & (frame["created_at"] < end)]


def _suggestions(current: pd.DataFrame, allowed: frozenset[str]) -> tuple[SuggestionGroup, ...]:
    """Suggestions by their first theme, once the sector has at least five of them in the period."""
    commented = current[current["text"].str.len() > 0]
    ideas = commented[[is_suggestion(text) for text in commented["text"]]]
    if not shown(len(ideas)):
        return ()  # fewer than five suggestions could point at the few who wrote them
    groups: dict[str, list[str]] = {}
    for text, themes in zip(ideas["text"], theme_lists(ideas), strict=True):
        groups.setdefault(themes[0] if themes else "", []).append(text)
    result = []
    for code, texts in groups.items():
        examples = list(dict.fromkeys(t.strip() for t in texts if quotable(t, allowed)))[:MAX_SUGGESTIONS_PER_THEME]
        if examples:
            result.append(SuggestionGroup(theme_name(code) if code else "Annet", len(texts), tuple(examples)))
    result.sort(key=lambda g: -g.count)
    return tuple(result)


def _quotes(current: pd.DataFrame, allowed: frozenset[str]) -> tuple[Quote, ...]:
    commented = current[current["text"].str.len() > 0].sort_values("created_at", ascending=False)
    themes = theme_lists(commented)
    seen: set[str] = set()
    picked: dict[str, list[Quote]] = {"critical": [], "positive": []}
    for text, rating, codes in zip(commented["text"], commented["rating"], themes, strict=True):
        clean = text.strip()
        side = "positive" if rating >= 5 else "critical" if rating <= 3 else ""
        if not side or clean in seen or len(picked[side]) >= MAX_QUOTES // 2 or not quotable(clean, allowed):
            continue
        # One quote per theme and side, so the quotes cover more ground than the most common complaint.
        if any(q.themes[:1] == tuple(theme_name(c) for c in codes[:1]) for q in picked[side]):
            continue
        seen.add(clean)
        picked[side].append(Quote(clean, int(rating), tuple(theme_name(c) for c in codes)))
    return tuple(picked["critical"] + picked["positive"])


def build_dialogue_pack(bind: Bind, sector: str, period: Period, now: datetime | None = None) -> DialoguePack:
    """Figures, units side by side, trend, suggestions and quotes for one sector."""
    names = catalogue().sectors
    if sector not in names:
        raise ValueError(f"unknown sector {sector!r}; known: {', '.join(names)}")
    now = now or datetime.now(timezone.utc)
    units = load_units(bind)
    start, end = report_window(period)
    frame = resolve_themes(load_feedback(bind, start, end, sectors=[sector], text_since=period.bounds()[0]))
    # What residents praise and what they criticise, per theme, read from the comments of the period.
    frame = resolve_valences(frame)
    sector_figures = figures_from_frame(frame, period, "sector", units=units, now=now, keys=[sector])[0]
    sector_units = [str(u.id) for u in sorted(units.values(), key=lambda u: u.name) if u.sector == sector and u.active]
    current = _current(frame, period)
    extra = sorted({str(k) for k in current["unit_id"].dropna().astype(int)} - set(sector_units))
    if current["unit_id"].isna().any():
        extra.append("none")
    unit_rows = figures_from_frame(frame, period, "unit", units=units, now=now, keys=sector_units + extra)
    allowed = add_known_names(u.name for u in units.values())
    visible = not sector_figures.suppressed
    return DialoguePack(
        sector=sector,
        sector_name=names[sector],
        period=period,
        generated_at=now,
        demo=is_demo_database(bind),
        figures=sector_figures,
        units=tuple(unit_rows),
        trend=tuple(monthly_trend(frame, period)),
        suggestions=_suggestions(current, allowed) if visible else (),
        quotes=_quotes(current, allowed) if visible else (),
    )
