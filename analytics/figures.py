"""Figures per sector or unit for a period: volume, ratings, change, follow-up and themes.

Pure functions over a DataFrame from analytics.data; groups under the small-number threshold
come out with `suppressed=True` and no figures at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

import pandas as pd

from innbygger_common.catalogue import catalogue

from .data import UnitInfo
from .periods import Period
from .suppression import MIN_RESPONSES, shown
from .themes import classify_many, theme_name

Level = Literal["kommune", "sector", "unit"]
NO_UNIT = "Ikke knyttet til en enhet"


@dataclass(frozen=True)
class SectorFigures:
    """Feedback volume and mean rating (1–6) for one sector (`analytics sectors`); None when suppressed."""

    sector: str
    sector_name: str
    count: int | None
    mean_rating: float | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Comparison:
    """Change against another period: mean rating (points) and share satisfied (fraction, 0.05 = 5 points)."""

    label: str
    mean: float | None
    satisfied_share: float | None


@dataclass(frozen=True)
class ThemeCount:
    """How many comments in a group name a theme, their share of the group's comments and their mean rating."""

    code: str
    name: str
    count: int
    share: float
    mean_rating: float
    # Of those comments, how many praise and how many criticise this theme (read from the text,
    # analytics/themes/polarity.py); None where the report did not read it.
    praised: int | None = None
    criticised: int | None = None


@dataclass(frozen=True)
class GroupFigures:
    """One sector, unit or the whole kommune in one period.

    When `suppressed` (fewer than five responses) every figure is None and `themes` is empty.
    `distribution` holds the shares of ratings 1 to 6 (they sum to 1).
    """

    level: Level
    key: str
    name: str
    sector: str
    suppressed: bool
    responses: int | None = None
    distribution: tuple[float, ...] | None = None
    mean: float | None = None
    satisfied_share: float | None = None
    previous: Comparison | None = None
    last_year: Comparison | None = None
    open: int | None = None
    overdue: int | None = None
    avvik: int | None = None
    comments: int | None = None
    themes: tuple[ThemeCount, ...] = field(default_factory=tuple)


def sector_figures(feedback: pd.DataFrame) -> list[SectorFigures]:
    """One row per sector with feedback, largest volume first; small groups without figures."""
    if feedback.empty:
        return []
    grouped = feedback.groupby("sector")["rating"].agg(["count", "mean"]).sort_values("count", ascending=False)
    names = catalogue().sectors
    rows = []
    for code, row in grouped.iterrows():
        visible = shown(int(row["count"]))
        rows.append(
            SectorFigures(
                sector=str(code),
                sector_name=names.get(str(code), str(code)),
                count=int(row["count"]) if visible else None,
                mean_rating=round(float(row["mean"]), 2) if visible else None,
            )
        )
    return rows


def theme_lists(frame: pd.DataFrame) -> pd.Series:
    """Each row's themes: those staff or the bot stored, else the classifier's reading of the text."""
    stored = list(frame["themes"]) if "themes" in frame else [None] * len(frame)
    # The rows without stored themes go through the classifier in one batch (much cheaper per row).
    unset = [i for i, s in enumerate(stored) if s is None]
    read = iter(classify_many([frame["text"].iloc[i] for i in unset]))
    return pd.Series(
        [tuple(s) if s is not None else next(read) for s in stored],
        index=frame.index,
        dtype=object,
    )


def resolve_valences(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame (themes resolved) with `valences`: per commented row, {theme: "ros" | "kritikk"}.

    Read from the text (analytics/themes/polarity.py), except where staff set the comment's polarity
    to ros or kritikk on the item page: then every theme of it has that."""
    if "text" not in frame or frame.empty:
        return frame
    from .themes.polarity import read_comments

    resolved = frame.copy()
    commented = resolved["text"].str.strip().str.len() > 0
    rows = resolved[commented]
    readings = read_comments(list(rows["text"]), [tuple(t or ()) for t in rows["themes"]])
    stored = list(rows["polarity"]) if "polarity" in rows else [None] * len(rows)
    valences = [
        # Staff said the whole comment is praise (or criticism): every theme of it is.
        dict.fromkeys(reading.themes, said) if said in ("ros", "kritikk") else reading.themes
        for reading, said in zip(readings, stored, strict=True)
    ]
    resolved["valences"] = pd.Series([{}] * len(resolved), index=resolved.index, dtype=object)
    resolved.loc[commented, "valences"] = pd.Series(valences, index=rows.index, dtype=object)
    return resolved


def resolve_themes(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every commented row's themes settled once (a report reads them several times)."""
    if "text" not in frame or frame.empty:
        return frame
    resolved = frame.copy()
    commented = resolved["text"].str.len() > 0
    resolved["themes"] = resolved["themes"].astype(object)
    resolved.loc[commented, "themes"] = theme_lists(resolved[commented])
    return resolved


def _in(frame: pd.DataFrame, period: Period) -> pd.Series:
    start, end = period.bounds()
    return (frame["created_at"] >= start) & (frame["created_at"] < end)


def _keys(frame: pd.DataFrame, level: Level) -> pd.Series:
    if level == "kommune":
        return pd.Series("kommune", index=frame.index)
    if level == "sector":
        return frame["sector"].astype(str)
    return frame["unit_id"].astype("string").fillna("none")


# (responses, mean rating, share satisfied) per group key, as plain Python numbers.
Stats = dict[str, tuple[int, float, float]]


def _rating_stats(frame: pd.DataFrame, keys: pd.Series) -> Stats:
    ratings = frame["rating"]
    table = pd.DataFrame(
        {
            "count": ratings.groupby(keys).size(),
            "mean": ratings.groupby(keys).mean(),
            "satisfied": (ratings >= 5).groupby(keys).mean(),
        }
    )
    return {
        str(k): (int(v["count"]), float(v["mean"]), float(v["satisfied"])) for k, v in table.to_dict("index").items()
    }


def _comparison(label: str, now: tuple[int, float, float], then: Stats, key: str) -> Comparison:
    if key not in then or then[key][0] < MIN_RESPONSES:
        return Comparison(label, None, None)
    return Comparison(label, round(now[1] - then[key][1], 2), round(now[2] - then[key][2], 3))


def figures_from_frame(
    frame: pd.DataFrame,
    period: Period,
    level: Level,
    *,
    units: dict[int, UnitInfo] | None = None,
    now: datetime | None = None,
    themes: Callable[[pd.DataFrame], pd.Series] = theme_lists,
    keys: list[str] | None = None,
) -> list[GroupFigures]:
    """Figures per group for `period`, compared with the previous period and the same one last year.

    `frame` must hold the rows of all three periods (analytics.data.load_feedback over
    analytics.report_window). `keys` lists groups to show even without feedback (the units of a
    sector side by side); by default the groups with feedback in the period, largest first.
    """
    now = now or datetime.now(timezone.utc)
    units = units or {}
    current = frame[_in(frame, period)]
    current_keys = _keys(current, level)
    stats = _rating_stats(current, current_keys)
    before = _rating_stats(*_subset(frame, period.previous(), level))
    year_ago = _rating_stats(*_subset(frame, period.same_last_year(), level))
    counts = current["rating"].groupby(current_keys).value_counts().unstack(fill_value=0)
    distribution = {str(k): v for k, v in counts.reindex(columns=range(1, 7), fill_value=0).to_dict("index").items()}
    open_items = current["status"] != "lukket"
    follow_up = (
        pd.DataFrame(
            {
                "open": open_items,
                "overdue": open_items & (current["due_at"] < pd.Timestamp(now)),
                "avvik": current["avvik"],
            }
        )
        .groupby(current_keys)
        .sum()
        .to_dict("index")
    )
    theme_table = _theme_table(current, current_keys, themes) if "text" in current else {}
    order = keys if keys is not None else sorted(stats, key=lambda k: -stats[k][0])
    result = []
    for key in order:
        name, sector = _describe(level, key, units)
        count = stats[key][0] if key in stats else 0
        if not shown(count):
            result.append(GroupFigures(level=level, key=key, name=name, sector=sector, suppressed=True))
            continue
        row = stats[key]
        dist = distribution[key]
        follow = follow_up[key]
        comments, theme_counts = theme_table.get(key, (0, ()))
        result.append(
            GroupFigures(
                level=level,
                key=key,
                name=name,
                sector=sector,
                suppressed=False,
                responses=count,
                distribution=tuple(round(int(dist[r]) / count, 4) for r in range(1, 7)),
                mean=round(row[1], 2),
                satisfied_share=round(row[2], 3),
                previous=_comparison(period.previous().label, row, before, key),
                last_year=_comparison(period.same_last_year().label, row, year_ago, key),
                open=int(follow["open"]),
                overdue=int(follow["overdue"]),
                avvik=int(follow["avvik"]),
                comments=comments,
                themes=theme_counts,
            )
        )
    return result


def _subset(frame: pd.DataFrame, period: Period, level: Level) -> tuple[pd.DataFrame, pd.Series]:
    part = frame[_in(frame, period)]
    return part, _keys(part, level)


def _theme_table(
    current: pd.DataFrame, keys: pd.Series, themes: Callable[[pd.DataFrame], pd.Series]
) -> dict[str, tuple[int, tuple[ThemeCount, ...]]]:
    """Per group: the number of comments, and the themes named in at least five of them."""
    with_text = current["text"].str.strip().str.len() > 0
    if not with_text.any():
        return {}
    commented = current[with_text]
    lists = themes(commented)
    exploded = pd.DataFrame({"key": keys[with_text], "theme": lists, "rating": commented["rating"]}).explode("theme")
    exploded = exploded.dropna(subset=["theme"])
    comment_counts = {str(k): int(n) for k, n in keys[with_text].value_counts().to_dict().items()}
    per_theme = exploded.groupby(["key", "theme"])["rating"].agg(["size", "mean"]).to_dict("index")
    valence_counts = _valence_counts(commented, keys[with_text], lists) if "valences" in commented else None
    found: dict[str, list[ThemeCount]] = {key: [] for key in comment_counts}
    for pair, value in per_theme.items():
        key, code = str(pair[0]), str(pair[1])  # type: ignore[index]  # a two-level index gives (key, theme)
        size, n_comments = int(value["size"]), comment_counts[str(key)]
        if shown(size):
            praised, criticised = (
                (valence_counts.get((key, code, "ros"), 0), valence_counts.get((key, code, "kritikk"), 0))
                if valence_counts is not None
                else (None, None)
            )
            found[str(key)].append(
                ThemeCount(
                    str(code),
                    theme_name(str(code)),
                    size,
                    round(size / n_comments, 3),
                    round(float(value["mean"]), 2),
                    praised,
                    criticised,
                )
            )
    return {
        key: (comment_counts[key], tuple(sorted(rows, key=lambda t: (-t.count, t.name)))) for key, rows in found.items()
    }


def _valence_counts(commented: pd.DataFrame, keys: pd.Series, lists: pd.Series) -> dict[tuple[str, str, str], int]:
    """(group key, theme, "ros" | "kritikk") -> number of comments, for the themes each comment has."""
    counts: dict[tuple[str, str, str], int] = {}
    for key, codes, valences in zip(keys, lists, commented["valences"], strict=True):
        for code in codes:
            valence = (valences or {}).get(code)
            if valence:
                counts[(str(key), str(code), valence)] = counts.get((str(key), str(code), valence), 0) + 1
    return counts


def _describe(level: Level, key: str, units: dict[int, UnitInfo]) -> tuple[str, str]:
    """(name, sector code) of a group key: Norwegian names for readers, never the code."""
    sectors = catalogue().sectors
    if level == "kommune":
        return "Hele kommunen", ""
    if level == "sector":
        return sectors.get(key, key), key
    if key == "none":
        return NO_UNIT, ""
    unit = units.get(int(key))
    return (unit.name, unit.sector) if unit else (f"Enhet {key}", "")
