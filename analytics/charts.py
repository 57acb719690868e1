"""Charts as inline SVG: crisp in the browser, in e-mail-less HTML and in the PDF, no plotting library.

Each chart has a <title> and the figures are also in a table beside it, so a screen reader
loses nothing. Colours are a red-to-green rating scale that stays apart in greyscale print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .format import number, percent
from .suppression import SUPPRESSED_TEXT

RATING_COLOURS = ("#b2182b", "#e0694c", "#f4b183", "#a6cfe3", "#4f9bc8", "#1f5f96")
RATING_LABELS = ("1", "2", "3", "4", "5", "6")
INK, MUTED, GRID, BAR = "#1d2733", "#5b6770", "#d9dee2", "#1f5f96"
FONT = "font-family=\"'DejaVu Sans', 'Liberation Sans', Arial, sans-serif\""


@dataclass(frozen=True)
class Bar:
    """One labelled bar; value None draws no bar but the suppression note."""

    label: str
    value: float | None
    note: str = ""


def _svg(width: int, height: int, title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" {FONT}><title>{escape(title)}</title>{body}</svg>'
    )


def distribution(shares: Sequence[float], title: str, width: int = 640) -> str:
    """A stacked bar of the shares of ratings 1–6 with a legend below."""
    bar_top, bar_height, left = 6, 30, 0
    parts = []
    x = float(left)
    for rating, share in enumerate(shares):
        w = share * width
        if w > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="{bar_top}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{RATING_COLOURS[rating]}"/>'
            )
            if w > 34:
                colour = "#fff" if rating in (0, 1, 4, 5) else INK
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{bar_top + 20}" text-anchor="middle" font-size="13" '
                    f'fill="{colour}">{percent(share)}</text>'
                )
        x += w
    legend_y = bar_top + bar_height + 22
    parts.append(f'<text x="0" y="{legend_y}" font-size="12" fill="{MUTED}">Karakter:</text>')
    for rating, label in enumerate(RATING_LABELS):
        lx = 70 + rating * 44
        parts.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{RATING_COLOURS[rating]}"/>')
        parts.append(f'<text x="{lx + 17}" y="{legend_y}" font-size="12" fill="{MUTED}">{escape(label)}</text>')
    parts.append(
        f'<text x="{width}" y="{legend_y}" text-anchor="end" font-size="12" fill="{MUTED}">'
        "1 = svært misfornøyd, 6 = svært fornøyd</text>"
    )
    return _svg(width, legend_y + 8, title, "".join(parts))


def bars(
    rows: Sequence[Bar],
    title: str,
    maximum: float,
    unit: str = "",
    width: int = 640,
    label_width: int = 250,
    decimals: int = 1,
    as_percent: bool = False,
) -> str:
    """Horizontal bars with the value at the end; rows without a value show why (suppressed)."""
    row_height, top = 26, 4
    plot = width - label_width - 70
    parts = []
    for tick in range(0, 5):
        gx = label_width + plot * tick / 4
        parts.append(f'<line x1="{gx:.1f}" y1="0" x2="{gx:.1f}" y2="{top + row_height * len(rows)}" stroke="{GRID}"/>')
    for index, row in enumerate(rows):
        y = top + index * row_height
        # About 7–8 px per character at 13 px: cut long unit names so they never run past the left edge.
        limit = label_width // 8
        label = row.label if len(row.label) <= limit else row.label[: limit - 1].rstrip() + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        if row.value is None:
            note = row.note or SUPPRESSED_TEXT
            parts.append(
                f'<text x="{label_width + 4}" y="{y + 17}" font-size="12" fill="{MUTED}" '
                f'font-style="italic">{escape(note)}</text>'
            )
            continue
        w = max(1.0, plot * min(row.value, maximum) / maximum)
        shown = percent(row.value) if as_percent else number(row.value, decimals) + unit
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{w:.1f}" height="{row_height - 9}" fill="{BAR}" rx="2"/>'
        )
        parts.append(
            f'<text x="{label_width + w + 6:.1f}" y="{y + 17}" font-size="13" fill="{INK}">{escape(shown)}</text>'
        )
    return _svg(width, top + row_height * len(rows) + 4, title, "".join(parts))


def trend(
    points: Sequence[tuple[str, float | None]],
    title: str,
    width: int = 640,
    height: int = 200,
    low: float = 1.0,
    high: float = 6.0,
) -> str:
    """Mean rating per month as a line; months with fewer than five responses leave a gap."""
    left, right, top, bottom = 34, 10, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = []
    for tick in range(int(low), int(high) + 1):
        gy = top + plot_h * (high - tick) / (high - low)
        parts.append(f'<line x1="{left}" y1="{gy:.1f}" x2="{width - right}" y2="{gy:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 8}" y="{gy + 4:.1f}" text-anchor="end" font-size="11" fill="{MUTED}">{tick}</text>'
        )
    step = plot_w / max(1, len(points) - 1)
    path: list[str] = []
    for index, (label, value) in enumerate(points):
        px = left + index * step
        parts.append(
            f'<text x="{px:.1f}" y="{height - 18}" text-anchor="middle" font-size="11" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
        if value is None:
            if path:
                parts.append(f'<polyline points="{" ".join(path)}" fill="none" stroke="{BAR}" stroke-width="2.5"/>')
            path = []
            continue
        py = top + plot_h * (high - value) / (high - low)
        path.append(f"{px:.1f},{py:.1f}")
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{BAR}"/>')
    if path:
        parts.append(f'<polyline points="{" ".join(path)}" fill="none" stroke="{BAR}" stroke-width="2.5"/>')
    parts.append(
        f'<text x="{left}" y="{height - 2}" font-size="11" fill="{MUTED}">Snitt per måned (1–6); '
        "hull = færre enn 5 svar</text>"
    )
    return _svg(width, height, title, "".join(parts))


def mini_bar(value: float | None, maximum: float = 6.0, width: int = 48) -> str:
    """A small inline bar for a table cell (the number stands beside it, so it is decorative)."""
    if value is None:
        return ""
    w = max(1.0, width * min(value, maximum) / maximum)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="10" viewBox="0 0 {width} 10" '
        f'aria-hidden="true"><rect width="{width}" height="10" fill="{GRID}" rx="2"/>'
        f'<rect width="{w:.1f}" height="10" fill="{BAR}" rx="2"/></svg>'
    )
