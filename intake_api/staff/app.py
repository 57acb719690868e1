"""Adds the staff pages to the API app: routes, stylesheet, error pages, security headers."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import PageError, PasswordChangeRequired, SignInRequired, not_found
from .routes import (
    admin_keys,
    admin_units,
    admin_users,
    auth,
    editor_answers,
    editor_facts,
    editor_model,
    editor_worklist,
    items,
    messages,
    reports,
)
from .sessions import signin_url
from .templating import render

STATIC_DIR = Path(__file__).resolve().parent / "static"

# No scripts at all, styles only from our own stylesheet, no framing, forms post only here.
SECURITY_HEADERS = {
    b"content-security-policy": b"default-src 'none'; style-src 'self'; img-src 'self' data:; "
    b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    b"x-frame-options": b"DENY",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
}


class StaffHeaders:
    """ASGI middleware: security headers on every /staff response; pages are never cached (personal data)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/staff"):
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/staff/static/")

        async def _send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                # A route may set its own policy (the downloaded reports); everything else gets ours.
                headers += [(k, v) for k, v in SECURITY_HEADERS.items() if k not in present]
                if not static:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, _send)


async def _sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return RedirectResponse(signin_url(exc.next_path), status_code=303)


async def _change_password(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/staff/password", status_code=303)


async def _page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    # The error page shows the navigation when someone is signed in (set by the dependencies).
    current = getattr(request.state, "staff", None)
    return render(request, "error.html", current, status_code=exc.status_code, error=exc)


not_found_router = APIRouter(include_in_schema=False)


@not_found_router.get("/staff/{rest:path}", response_class=HTMLResponse)
def unknown_page(rest: str) -> HTMLResponse:
    """Any other address under /staff: a page that says so (not the API's JSON)."""
    raise not_found()


def install(app: FastAPI) -> None:
    """Add the staff pages to `app` (call once, from create_app)."""
    app.mount("/staff/static", StaticFiles(directory=STATIC_DIR), name="staff-static")
    for module in (
        auth,
        items,
        messages,
        reports,
        admin_units,
        admin_users,
        admin_keys,
        editor_answers,
        editor_facts,
        editor_worklist,
        editor_model,
    ):
        app.include_router(module.router)
    app.include_router(not_found_router)  # last: every other /staff address is matched before it
    app.add_exception_handler(SignInRequired, _sign_in)
    app.add_exception_handler(PasswordChangeRequired, _change_password)
    app.add_exception_handler(PageError, _page_error)
    app.add_middleware(StaffHeaders)
