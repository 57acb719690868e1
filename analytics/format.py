"""Numbers as Norwegian readers write them: decimal comma, a space before %, signed changes."""

from __future__ import annotations


def number(value: float | None, decimals: int = 1) -> str:
    """4.25 -> "4,3"; None -> "–"."""
    if value is None:
        return "–"
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


def percent(share: float | None, decimals: int = 0) -> str:
    """0.456 -> "46 %"."""
    return "–" if share is None else f"{number(share * 100, decimals)} %"


def signed(value: float | None, decimals: int = 1) -> str:
    """A change: +0,3 / −0,2 / ±0,0; "–" when it cannot be compared."""
    if value is None:
        return "–"
    if round(value, decimals) == 0:
        return f"±{number(0.0, decimals)}"
    return ("+" if value > 0 else "") + number(value, decimals)


def signed_points(share: float | None) -> str:
    """A change in a share, in percentage points: +5 poeng."""
    return "–" if share is None else f"{signed(share * 100, 0)} poeng"


def count(value: int | None) -> str:
    """12345 -> "12 345" (a thin space keeps the number together)."""
    return "–" if value is None else f"{value:,}".replace(",", "\u202f")
