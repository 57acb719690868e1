"""Feedback as export rows, CSV or JSON: the same columns either way."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from innbygger_common.catalogue import catalogue

from .models import Feedback

COLUMNS = [
    "reference", "created_at", "sector", "sector_name", "unit_id", "unit_name", "rating", "text", "themes",
    "channel", "language", "status", "outcome", "closing_note", "avvik", "due_at", "overdue", "closed_at",
]  # fmt: skip
# Spreadsheet programs run a cell that starts with one of these as a formula; residents write the text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_row(item: Feedback, unit_names: dict[int, str]) -> dict[str, Any]:
    """One feedback item as a flat record (no contact details, text already scrubbed)."""
    sectors = catalogue().sectors
    return {
        "reference": item.reference,
        "created_at": item.created_at.isoformat(),
        "sector": item.sector,
        "sector_name": sectors.get(item.sector, item.sector),
        "unit_id": item.unit_id,
        "unit_name": unit_names.get(item.unit_id) if item.unit_id is not None else None,
        "rating": item.rating,
        "text": item.text,
        "themes": list(item.themes or []),
        "channel": item.channel,
        "language": item.language,
        "status": item.status,
        "outcome": item.outcome,
        "closing_note": item.closing_note,
        "avvik": item.avvik,
        "due_at": item.due_at.isoformat() if item.due_at else None,
        "overdue": item.overdue,
        "closed_at": item.closed_at.isoformat() if item.closed_at else None,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: Iterable[dict[str, Any]]) -> str:
    """RFC 4180 CSV, header first; cells that a spreadsheet would run as formulas are quoted with '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in COLUMNS])
    return buffer.getvalue()
