"""The demo page embeds the widget with one script tag whose attributes come from settings and the profile.

The widget itself is driven in a real browser in test_widget.py; these checks need
only HTTP (the running intake API) and the function that builds the snippet.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest

from innbygger_common.profile import profile
from intake_api.config import Settings
from intake_api.routes.demo import widget_attributes


class ScriptTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag == "html":
            self.lang = dict(attrs).get("lang")


def embed(stack, query: str = "") -> ScriptTags:
    page = httpx.get(f"{stack.config.api_url}/{query}", timeout=10)
    page.raise_for_status()
    parser = ScriptTags()
    parser.feed(page.text)
    return parser


def test_the_demo_page_uses_the_embed_snippet_filled_from_settings_and_profile(stack):
    page = embed(stack)
    assert page.lang == "nb"
    # One script tag: the widget, with socket.io-client inside the bundle.
    assert [s.get("src") for s in page.scripts] == ["/widget/innbyggerdialog.js"]
    script = page.scripts[0]
    kommune = profile()
    desk = kommune["servicetorget"]
    assert script["data-socket-url"] == f"http://localhost:{stack.config.rasa_port}"
    assert script["data-api-url"] == stack.config.api_url
    assert script["data-privacy-url"] == kommune["web"]["personvern"]
    assert script["data-retention-days"] == str(kommune["chat"]["retention_days"])
    assert script["data-contact-name"] == desk["name"]
    if desk.get("phone"):
        assert script["data-contact-phone"] == str(desk["phone"])
    else:
        assert script["data-contact-email"] == desk["email"] and "data-contact-phone" not in script


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_page_language_is_the_widget_language(stack, lang):
    assert embed(stack, f"?lang={lang}").lang == lang
    assert httpx.get(f"{stack.config.api_url}/tjenester?lang={lang}", timeout=10).status_code == 200


def test_the_bundle_and_its_stylesheet_are_served_at_a_stable_address(stack):
    js = httpx.get(f"{stack.config.api_url}/widget/innbyggerdialog.js", timeout=10)
    css = httpx.get(f"{stack.config.api_url}/widget/innbyggerdialog.css", timeout=10)
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert re.match(r"/\*! Innbyggerdialog chat widget \d+\.\d+\.\d+", js.text)
    assert "socket.io" in js.text  # socket.io-client is bundled, not loaded separately
    assert len(js.content) < 80_000  # small: plain JS plus socket.io-client


def test_the_fallback_contact_is_the_phone_or_else_the_email():
    settings = Settings(rasa_public_url="https://bot.example.no")
    base = {"web": {"personvern": "https://k.example.no/personvern"}, "chat": {"retention_days": 21}}
    with_phone = {**base, "servicetorget": {"name": "Servicetorget", "phone": "12 34 56 78", "email": "p@k.no"}}
    without_phone = {**base, "servicetorget": {"name": "Servicetorget", "email": "p@k.no"}}
    attributes = widget_attributes(with_phone, settings, "https://api.example.no/")
    assert attributes["data-contact-phone"] == "12 34 56 78" and "data-contact-email" not in attributes
    assert attributes["data-api-url"] == "https://api.example.no"
    assert attributes["data-socket-url"] == "https://bot.example.no"
    attributes = widget_attributes(without_phone, settings, "https://api.example.no")
    assert attributes["data-contact-email"] == "p@k.no" and "data-contact-phone" not in attributes
    assert attributes["data-retention-days"] == "21"
