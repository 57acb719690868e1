"""Templates of the staff pages and the words they show for codes (status, outcome, rating …)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from analytics.themes import theme_name
from innbygger_common.catalogue import catalogue
from innbygger_common.opening_hours import OSLO
from innbygger_common.profile import profile

from .sessions import CSRF_FIELD, Staff

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")

STATUS_NAMES = {"mottatt": "Mottatt", "under_behandling": "Under behandling", "lukket": "Lukket"}
OUTCOME_NAMES = {
    "utbedret": "Utbedret",
    "ikke_utbedret": "Lukket, ikke utbedret",
    "ikke_aktuelt": "Ikke aktuelt å følge opp",
}
# KS bedrekommune scale, as the bot asks it.
RATING_NAMES = {
    1: "svært misfornøyd",
    2: "misfornøyd",
    3: "litt misfornøyd",
    4: "litt fornøyd",
    5: "fornøyd",
    6: "svært fornøyd",
}
KIND_NAMES = {"callback": "Ring meg tilbake", "message": "Melding"}
CHANNEL_NAMES = {"chat": "Chat", "web": "Nettskjema", "qr": "QR-kode", "phone": "Telefon"}
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "Engelsk", "other": "Annet språk"}
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")  # fmt: skip

# The navigation of each role: (path, label).
NAVIGATION = {
    "unit": [("/staff/items", "Tilbakemeldinger")],
    "servicetorget": [("/staff/messages", "Meldinger")],
    "leader": [("/staff/items", "Tilbakemeldinger"), ("/staff/messages", "Meldinger"), ("/staff/reports", "Rapporter")],
    "editor": [
        ("/staff/editor/worklist", "Arbeidsliste"),
        ("/staff/editor/answers", "Svar"),
        ("/staff/editor/facts", "Fakta"),
        ("/staff/editor/model", "Modell"),
    ],
    "admin": [
        ("/staff/admin/units", "Enheter"),
        ("/staff/admin/users", "Brukere"),
        ("/staff/admin/keys", "API-nøkler"),
        ("/staff/admin/audit", "Logg"),
        ("/staff/editor/worklist", "Arbeidsliste"),
        ("/staff/editor/answers", "Svar"),
        ("/staff/editor/facts", "Fakta"),
        ("/staff/editor/model", "Modell"),
    ],
}
HOME = {"unit": "/staff/items", "servicetorget": "/staff/messages", "leader": "/staff/reports",
        "editor": "/staff/editor/worklist", "admin": "/staff/admin/units"}  # fmt: skip


def local(value: datetime | None) -> datetime | None:
    return value.astimezone(OSLO) if value is not None else None


def format_datetime(value: datetime | None) -> str:
    """28.11.2026 kl. 09.15 (Norwegian time)."""
    moment = local(value)
    return f"{moment:%d.%m.%Y} kl. {moment:%H.%M}" if moment else "–"


def format_date(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = local(value)
    return f"{value:%d.%m.%Y}"


def format_long_date(value: Any) -> str:
    """28. november 2026."""
    if isinstance(value, datetime):
        value = local(value)
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}" if value is not None else "–"


def format_number(value: float | int | None, decimals: int = 1) -> str:
    """Norwegian decimal comma: 4,5."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    return f"{value:.{decimals}f}".replace(".", ",")


def sector_name(code: str | None) -> str:
    return catalogue().sectors.get(code or "", code or "–")


env = templates.env
env.trim_blocks = env.lstrip_blocks = True  # smaller pages: no blank lines left by the template tags
env.filters.update(
    datetime=format_datetime,
    date=format_date,
    long_date=format_long_date,
    number=format_number,
    status_name=lambda code: STATUS_NAMES.get(code, code),
    outcome_name=lambda code: OUTCOME_NAMES.get(code, code or "–"),
    rating_name=lambda value: RATING_NAMES.get(value, str(value)),
    kind_name=lambda code: KIND_NAMES.get(code, code),
    channel_name=lambda code: CHANNEL_NAMES.get(code, code),
    language_name=lambda code: LANGUAGE_NAMES.get(code, code),
    sector_name=sector_name,
    theme_name=theme_name,
)
env.globals.update(CSRF_FIELD=CSRF_FIELD, STATUS_NAMES=STATUS_NAMES, OUTCOME_NAMES=OUTCOME_NAMES,
                   RATING_NAMES=RATING_NAMES, KIND_NAMES=KIND_NAMES)  # fmt: skip


def render(
    request: Request, template: str, current: Staff | None, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A staff page: the template with the signed-in user, their navigation and the kommune's name."""
    base = {
        "current": current,
        "navigation": NAVIGATION.get(current.role, []) if current else [],
        "home": HOME.get(current.role, "/staff/") if current else "/staff/login",
        "kommune": profile().get("name", ""),
        "path": request.url.path,
    }
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)
