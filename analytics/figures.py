"""Figures per sector: volume and mean rating."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from innbygger_common.catalogue import catalogue


@dataclass(frozen=True)
class SectorFigures:
    """Feedback volume and mean rating (1–6) for one sector."""

    sector: str
    sector_name: str
    count: int
    mean_rating: float


def sector_figures(feedback: pd.DataFrame) -> list[SectorFigures]:
    """One row per sector with feedback, largest volume first."""
    if feedback.empty:
        return []
    grouped = feedback.groupby("sector")["rating"].agg(["count", "mean"]).sort_values("count", ascending=False)
    names = catalogue().sectors
    return [
        SectorFigures(
            sector=str(code),
            sector_name=names.get(str(code), str(code)),
            count=int(row["count"]),
            mean_rating=round(float(row["mean"]), 2),
        )
        for code, row in grouped.iterrows()
    ]
