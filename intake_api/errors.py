"""Error answers a developer can act on: malformed JSON, wrong content type, database limits.

Every error body is {"detail": "…"} or, for validation, {"detail": [{"loc", "msg", "type"}, …]}.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger(__name__)


class Problem(BaseModel):
    """An error: a sentence, or the list of fields that failed validation."""

    detail: str | list[dict[str, Any]]


_DESCRIPTIONS = {
    400: "Malformed JSON body",
    401: "Missing, unknown or revoked API key",
    403: "The key's role or units do not allow this",
    404: "No such item",
    409: "The change conflicts with the item's current state",
    415: "The body is not sent as application/json",
    422: "A field failed validation, or the Idempotency-Key was reused with another body",
    429: "Rate limit exceeded; see the Retry-After header",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the given error codes, all with the Problem body."""
    return {code: {"model": Problem, "description": _DESCRIPTIONS[code]} for code in codes}


def field_error(field: str, message: str, kind: str = "value_error") -> HTTPException:
    """A 422 shaped like FastAPI's own validation errors, for checks that need the database."""
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT, [{"loc": ["body", field], "msg": message, "type": kind}]
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            position = error.get("loc", ["body", "?"])[-1]
            reason = (error.get("ctx") or {}).get("error", "invalid JSON")
            return JSONResponse(
                {"detail": f"malformed JSON body at character {position}: {reason}"},
                status_code=status.HTTP_400_BAD_REQUEST,
            )
    errors = [{key: _safe(value) for key, value in error.items() if key != "input"} for error in exc.errors()]
    return JSONResponse({"detail": errors}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


def _safe(value: Any) -> Any:
    """JSON-ready, and free of lone surrogates, which cannot be encoded as UTF-8 (they would turn a 422 into a 500).

    The rejected input itself is not echoed: it may hold the resident's personal data.
    """
    value = jsonable_encoder(value)
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_safe(item) for item in value]
    if isinstance(value, dict):
        return {_safe(key): _safe(item) for key, item in value.items()}
    return value


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    # Input validation should catch everything first; this keeps a missed case a 422, not a 500.
    logger.warning("database refused a value on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(
        {"detail": "a value does not fit the database (too long or out of range)"},
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


class RequireJson:
    """ASGI middleware: request bodies of the API must be JSON, else 415 before any parsing."""

    def __init__(self, app: ASGIApp, prefix: str = "/api/"):
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in {"POST", "PUT", "PATCH"}
            and scope["path"].startswith(self.prefix)
        ):
            headers = dict(scope["headers"])
            content_type = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
            # No body at all is left to validation, which names the missing body precisely.
            has_body = headers.get(b"content-length", b"0") != b"0" or b"transfer-encoding" in headers
            is_json = content_type == "application/json" or content_type.endswith("+json")
            if has_body and not is_json:
                got = f"'{content_type}'" if content_type else "no Content-Type"
                response = JSONResponse(
                    {"detail": f"send the body as JSON with Content-Type: application/json (got {got})"},
                    status_code=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_middleware(RequireJson)
