"""Export of filtered feedback as CSV or JSON, for units (their own) and leaders (all)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select

from ..deps import FeedbackReader, SessionDep
from ..errors import responses
from ..export import COLUMNS, export_row, to_csv
from ..items import ensure_unit_scope
from ..listing import FeedbackFilters, feedback_query
from ..models import Unit, utcnow

router = APIRouter(prefix="/api/v1/exports", tags=["exports"])

MAX_EXPORT_ROWS = 100_000

_EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The rows as CSV (format=csv) or JSON (format=json)",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "exported_at": {"type": "string", "format": "date-time"},
                        "count": {"type": "integer"},
                        "columns": {"type": "array", "items": {"type": "string"}},
                        "items": {"type": "array", "items": {"type": "object"}},
                    },
                    "required": ["exported_at", "count", "columns", "items"],
                }
            },
        },
    },
    **responses(401, 403, 422),
}


@router.get("/feedback", response_class=Response, responses=_EXPORT_RESPONSES)
def export_feedback(
    principal: FeedbackReader,
    session: SessionDep,
    filters: Annotated[FeedbackFilters, Query()],
    format: Literal["csv", "json"] = "csv",
) -> Response:
    """Filtered feedback (sector, unit, period, status …) as CSV or JSON; no contact details."""
    if filters.unit_id is not None:
        ensure_unit_scope(principal, filters.unit_id, f"unit {filters.unit_id}")
    # limit/offset of the filters page lists; an export takes everything that matches.
    items = list(session.scalars(feedback_query(filters, principal).limit(MAX_EXPORT_ROWS)))
    unit_names: dict[int, str] = {row.id: row.name for row in session.execute(select(Unit.id, Unit.name))}
    rows = [export_row(item, unit_names) for item in items]
    stamp = utcnow()
    filename = f"tilbakemeldinger-{stamp:%Y%m%d-%H%M}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == "json":
        body = {"exported_at": stamp.isoformat(), "count": len(rows), "columns": COLUMNS, "items": rows}
        return JSONResponse(body, headers=headers)
    return Response(to_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)
