"""Mean rating per month over the last twelve months of a period (small months left as gaps)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from innbygger_common.opening_hours import OSLO

from .periods import MONTHS, Period
from .suppression import shown


@dataclass(frozen=True)
class MonthPoint:
    """One month: responses and mean rating, both None when fewer than five responded."""

    label: str
    responses: int | None
    mean: float | None


def monthly_trend(frame: pd.DataFrame, period: Period, months: int = 12) -> list[MonthPoint]:
    """The `months` calendar months ending with the period's last month."""
    local = frame["created_at"].dt.tz_convert(OSLO)
    keys = local.dt.year * 100 + local.dt.month
    stats = {
        int(str(k)): (int(v["size"]), float(v["mean"]))
        for k, v in frame["rating"].groupby(keys).agg(["size", "mean"]).to_dict("index").items()
    }
    points = []
    year, month = period.last.year, period.last.month
    wanted = []
    for _ in range(months):
        wanted.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    for year, month in reversed(wanted):
        key = year * 100 + month
        size, mean = stats.get(key, (0, 0.0))
        label = f"{MONTHS[month - 1][:3]}" + (f" {year % 100:02d}" if month == 1 else "")
        if shown(size):
            points.append(MonthPoint(label, size, round(mean, 2)))
        else:
            points.append(MonthPoint(label, None, None))
    return points
