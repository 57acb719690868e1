"""Rate limits on the endpoints residents and clients hit without a human in between.

Built on the `limits` library: in-memory per process by default, shared through
Redis when INTAKE_RATE_LIMIT_STORAGE=redis://host:port is set (needed once several
API replicas run). A caller with a valid key is limited per key (the bot speaks
for many residents from one address); anonymous callers per client address.
If the storage is unreachable the request goes through: losing a resident's
feedback is worse than an unthrottled minute.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Literal

from fastapi import HTTPException, Request, status
from limits import RateLimitItem, parse_many, storage, strategies

from .deps import OptionalPrincipal, SettingsDep

logger = logging.getLogger(__name__)
Bucket = Literal["submit", "public"]


@lru_cache(maxsize=32)
def _limits(spec: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(spec))


class RateLimiter:
    """A sliding-window-counter limiter over one storage.

    Two counters per caller and window approximate a moving window (no burst of twice the
    limit at a window edge) at constant memory and time per request; the moving window keeps a
    timestamp per request, which in memory costs a scan of all of them every 10 ms.
    """

    def __init__(self, storage_uri: str):
        self.storage = storage.storage_from_string(storage_uri)
        self.strategy = strategies.SlidingWindowCounterRateLimiter(self.storage)

    def check(self, spec: str, *identifiers: str) -> int | None:
        """Count one hit; None when allowed, else the seconds until the caller may try again."""
        for item in _limits(spec):
            if not self.strategy.hit(item, *identifiers):
                reset = self.strategy.get_window_stats(item, *identifiers).reset_time
                return max(1, math.ceil(reset - time.time()))
        return None


def limiter_for(request: Request, storage_uri: str) -> RateLimiter:
    """One limiter per app and storage, so each test app starts with empty counters."""
    limiters: dict[str, RateLimiter] | None = getattr(request.app.state, "rate_limiters", None)
    if limiters is None:
        limiters = request.app.state.rate_limiters = {}
    if storage_uri not in limiters:
        limiters[storage_uri] = RateLimiter(storage_uri)
    return limiters[storage_uri]


def rate_limited(bucket: Bucket) -> Callable[..., Awaitable[None]]:
    """A dependency counting the request against the bucket's limit; 429 with Retry-After when exceeded."""

    # Async: counting in memory needs no worker thread; a Redis round trip is short enough to do inline.
    async def _limit(request: Request, settings: SettingsDep, principal: OptionalPrincipal) -> None:
        if not settings.rate_limit_enabled:
            return
        if principal is not None:
            identity, spec = principal.actor, settings.rate_limit_submit
        else:
            identity = f"ip:{request.client.host if request.client else 'unknown'}"
            spec = settings.rate_limit_public if bucket == "public" else settings.rate_limit_submit
        try:
            retry_after = limiter_for(request, settings.rate_limit_storage).check(spec, bucket, identity)
        except Exception:  # storage down: fail open, but say so in the log
            logger.exception("rate-limit storage %s unavailable; request let through", settings.rate_limit_storage)
            return
        if retry_after is not None:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"too many requests ({spec} per caller); try again in {retry_after} s",
                headers={"Retry-After": str(retry_after)},
            )

    _limit.__name__ = f"rate_limit_{bucket}"
    return _limit
