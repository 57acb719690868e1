"""A small client for the intake API: the only way the bot stores anything."""

from __future__ import annotations

import os
from typing import Any

import aiohttp


class IntakeUnavailable(Exception):
    """The API could not be reached, timed out, answered with a server error or asked us to slow
    down (429): the same request will succeed later, so submissions wait in the outbox."""


# Statuses that say "not now" rather than "never": a rate limit, a request timeout.
RETRY_LATER = frozenset({408, 429})


class IntakeRejected(Exception):
    """The API refused the request (4xx); retrying the same request will not help."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _problem(body: Any) -> str:
    """The API's error without the submitted values (FastAPI echoes them as "input"),
    so no personal data reaches a log line."""
    detail = body.get("detail") if isinstance(body, dict) else body
    if isinstance(detail, list):
        return "; ".join(
            f"{'.'.join(map(str, d.get('loc', [])))}: {d.get('msg', '')}" for d in detail if isinstance(d, dict)
        )
    return str(detail)[:300]


class IntakeClient:
    """Talks to the intake API with the bot's API key."""

    def __init__(self, base_url: str | None = None, api_key: str | None = None, timeout_s: float = 5.0):
        self.base_url = (base_url or os.environ.get("INTAKE_API_URL", "http://127.0.0.1:8000")).rstrip("/")
        self.api_key = api_key or os.environ.get("INTAKE_BOT_API_KEY", "dev-bot-key")
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"X-API-Key": self.api_key, **kwargs.pop("headers", {})}
        try:
            async with (
                aiohttp.ClientSession(timeout=self.timeout) as session,
                session.request(method, self.base_url + path, headers=headers, **kwargs) as response,
            ):
                if response.status >= 500 or response.status in RETRY_LATER:
                    raise IntakeUnavailable(f"{method} {path}: HTTP {response.status}")
                body = await response.json(content_type=None)
                if response.status >= 400:
                    raise IntakeRejected(response.status, f"{method} {path}: HTTP {response.status}: {_problem(body)}")
                return body
        except (aiohttp.ClientError, TimeoutError) as error:
            raise IntakeUnavailable(f"{method} {path}: {type(error).__name__}") from error

    async def post(
        self, path: str, payload: dict[str, Any], idempotency_key: str, told_reference: str | None = None
    ) -> dict[str, Any]:
        """POST a submission; safe to repeat with the same key. The receipt's `reference` is the code stored.

        `told_reference`: the code the resident was already told (outbox deliveries).
        """
        headers = {"Idempotency-Key": idempotency_key}
        if told_reference:
            headers["Told-Reference"] = told_reference
        return await self._request("POST", path, json=payload, headers=headers)

    async def units(self) -> list[dict[str, Any]]:
        """The unit registry (GET /api/v1/units)."""
        body: Any = await self._request("GET", "/api/v1/units")
        return list(body if isinstance(body, list) else body.get("items", []))

    async def status(self, reference: str) -> dict[str, Any] | None:
        """Public status of a reference code, or None if unknown."""
        try:
            return await self._request("GET", f"/api/v1/status/{reference}")
        except IntakeRejected as error:
            if error.status == 404:
                return None
            raise

    async def rate_answer(self, body: dict[str, Any]) -> None:
        """POST /api/v1/answer-ratings: whether an answer helped."""
        await self._request("POST", "/api/v1/answer-ratings", json=body)
