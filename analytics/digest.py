"""The unit digest: new feedback for one unit grouped by theme, ratings, open and overdue items.

The digest is the unit's work list: it names each item (reference, rating, scrubbed text and
a link to follow it up), as the unit's own staff pages do. Its summary figures follow the
small-number rule like every other report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pandas as pd

from innbygger_common.opening_hours import OSLO

from .config import item_url
from .data import Bind, UnitInfo, is_demo_database, load_feedback, load_units
from .figures import GroupFigures, figures_from_frame, theme_lists
from .periods import Period
from .themes import theme_name
from .themes.polarity import read_comments

STATUS_NAMES = {"mottatt": "Mottatt", "under_behandling": "Under behandling", "lukket": "Lukket"}
NO_THEME = "Uten tema (bare karakter eller kort kommentar)"


@dataclass(frozen=True)
class DigestItem:
    """One feedback item in the digest, with the link to follow it up."""

    reference: str
    created: datetime
    rating: int
    text: str
    status: str
    overdue: bool
    avvik: bool
    url: str
    # "ros", "kritikk", "blandet" or "nøytral", read from the text (analytics/themes/polarity.py);
    # "" without a comment.
    polarity: str = ""


@dataclass(frozen=True)
class DigestGroup:
    """New items whose first theme is `theme`."""

    theme: str
    items: tuple[DigestItem, ...]


@dataclass(frozen=True)
class UnitDigest:
    """The digest of one unit for [since, until)."""

    unit: UnitInfo
    since: datetime
    until: datetime
    demo: bool
    new_items: int
    figures: GroupFigures
    groups: tuple[DigestGroup, ...]
    open_items: int
    overdue: tuple[DigestItem, ...]
    staff_url: str

    @property
    def label(self) -> str:
        last = (self.until - timedelta(seconds=1)).astimezone(OSLO)
        first = self.since.astimezone(OSLO)
        return f"{first.day}.{first.month}.–{last.day}.{last.month}.{last.year}"


def _item(row: pd.Series, base_url: str, now: datetime, polarity: str = "") -> DigestItem:
    due = row["due_at"]
    is_open = row["status"] != "lukket"
    return DigestItem(
        reference=str(row["reference"]),
        created=row["created_at"].to_pydatetime(),
        rating=int(row["rating"]),
        text=str(row["text"]),
        status=STATUS_NAMES.get(str(row["status"]), str(row["status"])),
        overdue=bool(is_open and pd.notna(due) and due < pd.Timestamp(now)),
        avvik=bool(row["avvik"]),
        url=item_url(base_url, str(row["reference"])),
        polarity=polarity,
    )


def build_unit_digest(
    bind: Bind,
    unit_id: int,
    since: datetime,
    until: datetime | None = None,
    base_url: str = "http://localhost:8000",
    now: datetime | None = None,
) -> UnitDigest:
    """New feedback for the unit in [since, until) grouped by theme, plus every open overdue item."""
    now = now or datetime.now(timezone.utc)
    until = until or now
    units = load_units(bind)
    if unit_id not in units:
        raise LookupError(f"no unit with id {unit_id}")
    unit = units[unit_id]
    everything = load_feedback(bind, unit_ids=[unit_id])
    new = everything[(everything["created_at"] >= since) & (everything["created_at"] < until)].sort_values("created_at")
    first_day = since.astimezone(OSLO).date()
    last_day = (until - timedelta(seconds=1)).astimezone(OSLO).date()
    period = Period("range", first_day, max(first_day, last_day))
    figures = figures_from_frame(new, period, "unit", units=units, now=now, keys=[str(unit_id)])[0]
    groups: dict[str, list[DigestItem]] = {}
    lists = theme_lists(new)
    commented = [bool(text.strip()) for text in new["text"]]
    readings = iter(
        read_comments(
            [t for t, c in zip(new["text"], commented, strict=True) if c],
            [themes for themes, c in zip(lists, commented, strict=True) if c],
        )
    )
    for (_, row), themes, has_text in zip(new.iterrows(), lists, commented, strict=True):
        read = next(readings).polarity if has_text else ""
        # What staff set on the item page wins over the reading of the text.
        polarity = str(row["polarity"]) if has_text and row.get("polarity") else read
        groups.setdefault(theme_name(themes[0]) if themes else NO_THEME, []).append(_item(row, base_url, now, polarity))
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == NO_THEME, -len(kv[1]), kv[0]))
    open_rows = everything[everything["status"] != "lukket"]
    overdue = open_rows[open_rows["due_at"] < pd.Timestamp(now)].sort_values("due_at")
    return UnitDigest(
        unit=unit,
        since=since,
        until=until,
        demo=is_demo_database(bind),
        new_items=len(new),
        figures=figures,
        groups=tuple(DigestGroup(name, tuple(items)) for name, items in ordered),
        open_items=len(open_rows),
        overdue=tuple(_item(row, base_url, now) for _, row in overdue.iterrows()),
        staff_url=f"{base_url.rstrip('/')}/staff/items",
    )
