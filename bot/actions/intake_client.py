"""A small client for the intake API: the only way the bot stores anything."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import aiohttp


class IntakeUnavailable(Exception):
    """The API could not be reached, timed out or answered with a server error."""


class IntakeRejected(Exception):
    """The API refused the submission (4xx); retrying the same request will not help."""


@dataclass(frozen=True)
class Receipt:
    reference: str
    status: str


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
                if response.status >= 500:
                    raise IntakeUnavailable(f"{method} {path}: HTTP {response.status}")
                body = await response.json(content_type=None)
                if response.status >= 400:
                    raise IntakeRejected(f"{method} {path}: HTTP {response.status}: {body}")
                return body
        except (aiohttp.ClientError, TimeoutError) as error:
            raise IntakeUnavailable(f"{method} {path}: {type(error).__name__}") from error

    async def submit_feedback(self, payload: dict[str, Any], idempotency_key: str) -> Receipt:
        """POST /api/v1/feedback; safe to repeat with the same key."""
        body = await self._request(
            "POST", "/api/v1/feedback", json=payload, headers={"Idempotency-Key": idempotency_key}
        )
        return Receipt(reference=body["reference"], status=body["status"])

    async def rate_answer(self, body: dict[str, Any]) -> None:
        """POST /api/v1/answer-ratings: whether an answer helped."""
        await self._request("POST", "/api/v1/answer-ratings", json=body)
