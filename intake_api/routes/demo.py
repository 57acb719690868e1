"""The demo "kommune page" with the chat widget, for `make run` and browser tests.

The page embeds the widget exactly as a kommune website would: one script tag with
data attributes. The attributes come from the settings (where the browser reaches
Rasa) and from the kommune profile (privacy statement, retention, servicetorget
contact), so nothing here repeats a fact. `?lang=nn` or `?lang=en` shows the page
(and therefore the widget) in nynorsk or English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from innbygger_common.profile import profile

from ..config import Settings
from ..deps import SettingsDep

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")

Language = Literal["nb", "nn", "en"]
Page = Literal["home", "services"]

# The few sentences of the stand-in kommune page (the widget has its own strings).
PAGE_TEXT: dict[str, dict[str, str]] = {
    "nb": {
        "demo_flag": "Demoside – ikke kommunens ekte nettsted",
        "nav": "Hovedmeny",
        "home": "Forside",
        "services": "Tjenester",
        "welcome": "Velkommen til {name}",
        "intro": "Har du spørsmål om barnehage, renovasjon, byggesak eller andre tjenester? "
        "Chatten nede i hjørnet svarer hele døgnet.",
        "feedback": "Du kan også gi ros, ris eller forslag til en tjeneste i chatten.",
        "services_title": "Tjenester A–Å",
        "services_intro": "Her står kommunens tjenester. Samtalen i chatten fortsetter når du går mellom sidene.",
        "language": "Språk",
    },
    "nn": {
        "demo_flag": "Demoside – ikkje den ekte nettstaden til kommunen",
        "nav": "Hovudmeny",
        "home": "Framside",
        "services": "Tenester",
        "welcome": "Velkomen til {name}",
        "intro": "Har du spørsmål om barnehage, renovasjon, byggjesak eller andre tenester? "
        "Chatten nede i hjørnet svarar heile døgeret.",
        "feedback": "Du kan òg gi ros, kritikk eller forslag til ei teneste i chatten.",
        "services_title": "Tenester A–Å",
        "services_intro": "Her står tenestene til kommunen. Samtalen i chatten held fram når du går mellom sidene.",
        "language": "Språk",
    },
    "en": {
        "demo_flag": "Demo page – not the municipality's real website",
        "nav": "Main menu",
        "home": "Home",
        "services": "Services",
        "welcome": "Welcome to {name}",
        "intro": "Questions about kindergarten, waste collection, building permits or other services? "
        "The chat in the corner answers day and night.",
        "feedback": "You can also give praise, criticism or suggestions about a service in the chat.",
        "services_title": "Services A–Z",
        "services_intro": "The municipality's services are listed here. "
        "The chat conversation continues as you move between pages.",
        "language": "Language",
    },
}


def widget_attributes(kommune: dict[str, Any], settings: Settings, api_url: str) -> dict[str, str]:
    """The embed snippet's data attributes, in the order the README shows them.

    The fallback contact is the servicetorget's phone number; a profile without one
    (it is only added with a source) gives the servicetorget's e-mail instead.
    """
    desk = kommune.get("servicetorget") or {}
    attributes = {
        "data-socket-url": settings.rasa_public_url,
        "data-api-url": api_url.rstrip("/"),
        "data-privacy-url": str(kommune["web"]["personvern"]),
        "data-retention-days": str(kommune["chat"]["retention_days"]),
        "data-contact-name": str(desk.get("name", "")),
    }
    if desk.get("phone"):
        attributes["data-contact-phone"] = str(desk["phone"])
    elif desk.get("email"):
        attributes["data-contact-email"] = str(desk["email"])
    return attributes


def _render(request: Request, settings: Settings, page: Page, lang: Language) -> HTMLResponse:
    kommune = profile()
    text = {key: value.format(name=kommune["name"]) for key, value in PAGE_TEXT[lang].items()}
    context = {
        "kommune": kommune,
        "lang": lang,
        "page": page,
        "text": text,
        "widget": widget_attributes(kommune, settings, str(request.base_url)),
        "languages": {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"},
    }
    return templates.TemplateResponse(request, "demo.html", context)


@router.get("/", response_class=HTMLResponse)
def demo_page(request: Request, settings: SettingsDep, lang: Language = "nb") -> HTMLResponse:
    """A plain page standing in for the kommune website, with the widget embedded."""
    return _render(request, settings, "home", lang)


@router.get("/tjenester", response_class=HTMLResponse)
def demo_services_page(request: Request, settings: SettingsDep, lang: Language = "nb") -> HTMLResponse:
    """A second page, to show that the conversation follows the resident between pages."""
    return _render(request, settings, "services", lang)
