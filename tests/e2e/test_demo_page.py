"""The demo page in a real browser: the widget reaches the bot over socket.io and back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.e2e.conftest import artifacts_dir

CHROMIUM = "/usr/bin/chromium"
# The machine has no network beyond the registries: keep Chromium from calling home.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_chat_in_the_browser(stack, browser):
    page = browser.new_page()
    page.goto(f"http://localhost:{stack.config.api_port}/")
    page.get_by_role("button", name="Chat med oss").click()
    textbox = page.get_by_label("Skriv meldingen din")
    expect(textbox).to_be_focused()
    textbox.fill("hei")
    textbox.press("Enter")
    expect(page.locator(".msg.bot").first).to_contain_text("Hei", timeout=20_000)
    page.screenshot(path=str(artifacts_dir() / "demo-page-greeting.png"))
    page.close()
