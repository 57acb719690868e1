"""The demo "kommune page" with the chat widget, for `make run` and browser tests."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from innbygger_common.profile import profile

from ..deps import SettingsDep

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")


@router.get("/", response_class=HTMLResponse)
def demo_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """A plain page standing in for the kommune website, with the widget embedded."""
    return templates.TemplateResponse(
        request, "demo.html", {"kommune": profile(), "socket_url": settings.rasa_public_url}
    )
