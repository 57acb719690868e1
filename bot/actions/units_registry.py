"""The unit registry from the intake API, cached briefly in the action server."""

from __future__ import annotations

import logging
import time

from innbygger_common.units import Unit

from .intake_client import IntakeClient, IntakeRejected, IntakeUnavailable

logger = logging.getLogger(__name__)
CACHE_SECONDS = 60.0
_cache: tuple[float, list[Unit]] = (0.0, [])


async def registry_units() -> list[Unit]:
    """Active units; an empty list when the API cannot be reached (the form then skips the unit)."""
    global _cache
    fetched_at, units = _cache
    if units and time.monotonic() - fetched_at < CACHE_SECONDS:
        return units
    try:
        rows = await IntakeClient().units()
    except (IntakeUnavailable, IntakeRejected) as error:
        logger.warning("unit registry unavailable: %s", error)
        return units  # a stale list is better than none
    units = [Unit.from_api(row) for row in rows if row.get("active", True)]
    _cache = (time.monotonic(), units)
    return units
