"""Kommune-level learning: themes that recur across units, and the units that improved most."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .data import UnitInfo
from .figures import GroupFigures, theme_lists
from .suppression import MIN_RESPONSES
from .themes import theme_name

# A theme "recurs" in a unit when at least this many of the unit's critical comments name it.
MIN_MENTIONS_PER_UNIT = 2
# Critical: rated 1–3. Praise of short waiting times is not a problem to solve across units.
CRITICAL_MAX_RATING = 3


@dataclass(frozen=True)
class RecurringTheme:
    """A theme named in critical comments (rated 1–3) in several units: something to solve once for the kommune."""

    code: str
    name: str
    units: tuple[str, ...]
    mentions: int
    mean_rating: float


@dataclass(frozen=True)
class Improvement:
    """A unit whose mean rating rose most against the comparison period."""

    unit_id: int
    name: str
    sector: str
    mean: float
    change: float
    satisfied_share: float
    compared_with: str


def recurring_themes(
    current: pd.DataFrame, units: dict[int, UnitInfo], min_units: int = 3, limit: int = 8
) -> list[RecurringTheme]:
    """Themes of critical comments in at least `min_units` units (each with five or more responses), widest first."""
    rated = current.dropna(subset=["unit_id"])
    sizes = rated.groupby("unit_id").size()
    big_enough = set(sizes[sizes >= MIN_RESPONSES].index)
    critical = rated["rating"] <= CRITICAL_MAX_RATING
    commented = rated[rated["unit_id"].isin(big_enough) & critical & (rated["text"].str.strip().str.len() > 0)]
    if commented.empty:
        return []
    exploded = pd.DataFrame(
        {"unit_id": commented["unit_id"].astype(int), "theme": theme_lists(commented), "rating": commented["rating"]}
    ).explode("theme")
    exploded = exploded.dropna(subset=["theme"])
    per_unit = exploded.groupby(["theme", "unit_id"])["rating"].agg(["size", "sum"]).reset_index()
    per_unit = per_unit[per_unit["size"] >= MIN_MENTIONS_PER_UNIT]
    result = []
    for code, group in per_unit.groupby("theme"):
        if len(group) < min_units:
            continue
        names = tuple(sorted(units[int(u)].name if int(u) in units else f"Enhet {u}" for u in group["unit_id"]))
        mentions = int(group["size"].sum())
        result.append(
            RecurringTheme(
                str(code), theme_name(str(code)), names, mentions, round(float(group["sum"].sum()) / mentions, 2)
            )
        )
    result.sort(key=lambda t: (-len(t.units), -t.mentions, t.name))
    return result[:limit]


def improved_units(unit_figures: list[GroupFigures], limit: int = 5, against: str = "previous") -> list[Improvement]:
    """Units with the largest rise in mean rating (both periods with five or more responses), best first."""
    rows = []
    for figures in unit_figures:
        comparison = figures.previous if against == "previous" else figures.last_year
        if figures.suppressed or comparison is None or comparison.mean is None or figures.key == "none":
            continue
        if comparison.mean <= 0 or figures.mean is None or figures.satisfied_share is None:
            continue
        rows.append(
            Improvement(
                int(figures.key),
                figures.name,
                figures.sector,
                figures.mean,
                comparison.mean,
                figures.satisfied_share,
                comparison.label,
            )
        )
    rows.sort(key=lambda r: (-r.change, r.name))
    return rows[:limit]
