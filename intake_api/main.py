"""The FastAPI application: includes the routers and serves the widget files."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import errors
from .config import REPO_ROOT, Settings, settings_problem
from .deps import current_settings
from .retention_schedule import lifespan
from .routes import (
    answer_ratings,
    audit_log,
    content,
    conversations,
    demo,
    exports,
    feedback,
    health,
    keys,
    messages,
    reports,
    status,
    training,
    units,
)
from .staff.app import install as install_staff_pages

STATIC_DIR = Path(__file__).resolve().parent / "static"
# The chat widget, bundled by `make install` (widget/build.mjs): innbyggerdialog.js and .css.
WIDGET_DIR = REPO_ROOT / "widget" / "dist"

DESCRIPTION = """Feedback and messages from residents; the system of record behind the chat bot.

Every key has one role: **bot** (submit, read the unit registry), **unit** (feedback of its own
units), **servicetorget** (messages), **leader** (read everything), **admin** (unit registry, keys,
audit log). Send it as the `X-API-Key` header. The status lookup and "delete my conversation" need
no key and are rate limited.
"""


def summaries_from_docstrings(router: APIRouter) -> APIRouter:
    """Each endpoint's OpenAPI summary is the first line of its docstring (the rest is the description)."""
    for route in router.routes:
        if isinstance(route, APIRoute) and route.summary is None and route.description:
            route.summary = route.description.strip().splitlines()[0].rstrip(".")
    return router


def create_app() -> FastAPI:
    # lifespan: retention runs by itself on a schedule while the API runs (retention_schedule.py).
    app = FastAPI(title="Innbyggerdialog intake API", version="0.2.0", description=DESCRIPTION, lifespan=_lifespan)
    errors.install(app)
    for module in (
        health, feedback, messages, status, answer_ratings, units, exports, keys, audit_log, conversations, reports,
        content, training,
    ):  # fmt: skip
        app.include_router(summaries_from_docstrings(module.router))
    app.include_router(demo.router)
    install_staff_pages(app)  # the staff pages under /staff (sign-in, inbox, queue, reports, admin)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # A stable address for kommune sites to embed: /widget/innbyggerdialog.js (+ .css).
    app.mount("/widget", WidgetFiles(WIDGET_DIR), name="widget")
    conversations.hide_conversation_ids_in_access_log()
    # Outermost: an oversized body is refused before any parsing, authentication or routing.
    app.add_middleware(BodyLimit, app_of_settings=app)
    return app


# -- start-up check, request body limit, widget files (pure ASGI) ---------------------------------
class ConfigurationRefused(RuntimeError):
    """The settings are not fit to run with (e.g. trivial secrets in production); names variables, never values."""


async def app_settings(app: FastAPI) -> Settings:
    """The settings the routes of `app` get (through the same dependency, so a test app sees its own)."""
    provided = app.dependency_overrides.get(current_settings, current_settings)()
    return await provided if inspect.isawaitable(provided) else provided


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Refuse to start with settings that do not validate (uvicorn exits before it serves anything),
    then run the retention schedule for as long as the app runs."""
    try:
        await app_settings(app)
    except ValidationError as error:
        raise ConfigurationRefused(f"the intake API does not start: {settings_problem(error)}") from None
    async with lifespan(app):
        yield


class BodyLimit:
    """ASGI middleware: a request body over INTAKE_MAX_BODY_BYTES gets 413 before the app reads any of it.

    A declared Content-Length over the limit is refused at once, without reading the body (the
    server delivers no more than the length it announced). A body without a length (chunked) is
    read by this middleware up to the limit and refused as soon as it goes beyond; below the
    limit it is handed on to the app unchanged.
    """

    def __init__(self, app: ASGIApp, app_of_settings: FastAPI):
        self.app = app
        self.settings_app = app_of_settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared, chunked = headers.get(b"content-length"), b"transfer-encoding" in headers
        if declared is None and not chunked:
            await self.app(scope, receive, send)  # no body
            return
        limit = (await app_settings(self.settings_app)).max_body_bytes
        if declared is not None:
            length = int(declared) if declared.isdigit() else 0
            if length > limit:
                await self._too_large(scope, receive, send, limit, f"this one announces {length} bytes")
                return
            await self.app(scope, receive, send)
            return
        received: list[Message] = []
        size = 0
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":
                break  # the client went away; the app sees that as it would have
            size += len(message.get("body", b""))
            if size > limit:
                await self._too_large(scope, receive, send, limit, "more was sent")
                return
            if not message.get("more_body", False):
                break
        pending = iter(received)

        async def replay() -> Message:
            return next(pending, None) or await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int, what: str) -> None:
        detail = f"request body too large: at most {limit} bytes are accepted (INTAKE_MAX_BODY_BYTES); {what}"
        # Connection: close, so the rest of the body is not read to keep the connection.
        response = JSONResponse({"detail": detail}, status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)


class WidgetFiles:
    """/widget/*: the built bundle; when it was never built, a 404 that says so (StaticFiles would answer 500)."""

    BUNDLE = "innbyggerdialog.js"

    def __init__(self, directory: Path):
        self.directory = directory
        self.files = StaticFiles(directory=directory, check_dir=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not (self.directory / self.BUNDLE).is_file():
            response = PlainTextResponse(
                f"The chat widget is not built on this server: widget/dist/{self.BUNDLE} is missing. "
                "Run `make widget` (or `make install`), then reload.",
                status_code=404,
                headers={"Cache-Control": "no-store"},
            )
            await response(scope, receive, send)
            return
        await self.files(scope, receive, send)


app = create_app()
