"""Submit to the intake API, or keep the submission in the outbox when the API is away."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from innbygger_common.profile import profile
from innbygger_common.reference import reference_for

from .intake_client import IntakeClient, IntakeUnavailable
from .outbox import Outbox, ensure_delivery_loop

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submitted:
    """The reference code to tell the resident (the one the API stored, or the one derived while it is
    away), and whether the submission waits in the outbox."""

    reference: str
    queued: bool


async def submit_or_queue(path: str, body: dict[str, Any], idempotency_key: str) -> Submitted:
    """Registered now, or saved durably for delivery later. IntakeRejected (4xx) propagates."""
    ensure_delivery_loop()
    try:
        receipt = await IntakeClient().post(path, body, idempotency_key)
        return Submitted(reference=str(receipt["reference"]), queued=False)
    except IntakeUnavailable as error:
        logger.warning("intake API unavailable, submission queued in the outbox: %s", error)
        # The API derives the same code from the same key when the submission arrives (and keeps
        # this one findable should that code be taken by then).
        told = reference_for(idempotency_key, profile()["reference_prefix"])
        Outbox().put(idempotency_key, path, body, told)
        return Submitted(reference=told, queued=True)
