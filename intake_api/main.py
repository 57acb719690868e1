"""The FastAPI application: includes the routers and serves the widget files."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from . import errors
from .config import REPO_ROOT
from .routes import (
    answer_ratings,
    audit_log,
    conversations,
    demo,
    exports,
    feedback,
    health,
    keys,
    messages,
    reports,
    status,
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
    app = FastAPI(title="Innbyggerdialog intake API", version="0.2.0", description=DESCRIPTION)
    errors.install(app)
    for module in (
        health, feedback, messages, status, answer_ratings, units, exports, keys, audit_log, conversations, reports
    ):  # fmt: skip
        app.include_router(summaries_from_docstrings(module.router))
    app.include_router(demo.router)
    install_staff_pages(app)  # the staff pages under /staff (sign-in, inbox, queue, reports, admin)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # A stable address for kommune sites to embed: /widget/innbyggerdialog.js (+ .css).
    app.mount("/widget", StaticFiles(directory=WIDGET_DIR, check_dir=False), name="widget")
    return app


app = create_app()
