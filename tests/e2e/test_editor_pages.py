"""Editors in Debian's chromium (Playwright) against the real intake API, Rasa server, action server
and trainer: change an answer and hear the bot say it; assign a question the bot did not
understand, retrain, hear it answered; roll back. axe-core (WCAG 2.1 A and AA) on every editor page
state; screenshots and axe results in test-artifacts/ (staff-editor-*.png, axe-staff-editor-*.json).

The live preview runs under the page's real Content-Security-Policy (a context without bypass_csp);
axe is injected in the other context. Retraining takes a few minutes (training, then the held-out
floors); the model is rolled back at the end, so later modules talk to the model `make test` trained.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from devtools.stack import Stack
from tests.e2e.test_staff_pages import PHONE, browser, check_page, new_context, sign_in, url  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

TOPIC = "bibliotek"
NEW_ANSWER = "Biblioteket har nye åpningstider fra januar. Ring {servicetorget.phone} for å høre mer."
UNKNOWN = "Kan jeg få låne en kano av kommunen til sommeren"
RETRAIN_TIMEOUT_S = 15 * 60


@pytest.fixture
def editor(browser: Browser, stack: Stack) -> Iterator[Page]:  # noqa: F811 (the imported browser fixture)
    context = new_context(browser)
    page = context.new_page()
    page.goto(url(stack, "/staff/login"))
    sign_in(page, "editor")
    expect(page).to_have_url(re.compile(r"/staff/editor/worklist$"))
    yield page
    context.close()


def bot_says(stack: Stack, text: str, sender: str) -> str:
    response = httpx.post(f"{stack.config.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                          timeout=60)  # fmt: skip
    return "\n".join(m.get("text", "") for m in response.json())


def wait_for_bot(stack: Stack, question: str, wanted: str, timeout_s: float = 60) -> float:
    """Seconds until the bot's answer contains `wanted` (new conversations each time)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if wanted in bot_says(stack, question, f"editor-{time.monotonic_ns()}"):
            return time.monotonic() - started
        time.sleep(1)
    raise AssertionError(f"the bot did not say {wanted!r} within {timeout_s} s")


def test_change_an_answer_see_it_live_hear_the_bot_say_it_and_revert(stack, editor, browser):  # noqa: F811
    page = editor
    page.get_by_role("link", name="Svar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Svarene til chatboten")
    check_page(page, "editor-answers")
    page.goto(url(stack, f"/staff/editor/answers/{TOPIC}"))
    check_page(page, "editor-answer")

    # The live preview, under the page's own policy (script-src 'self'): typing updates it.
    strict = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    live = strict.new_page()
    live.goto(url(stack, f"/staff/editor/answers/{TOPIC}"))
    sign_in(live, "editor")
    live.goto(url(stack, f"/staff/editor/answers/{TOPIC}"))
    live.get_by_label("Bokmål", exact=True).fill("Ring {servicetorget.phone} i dag.")
    expect(live.locator("#forhandsvisning-innhold")).to_contain_text("Ring 72 86 72 00 i dag.")
    strict.close()

    # Bad input: an empty nynorsk text and an unknown placeholder are refused, nothing changes.
    nynorsk = page.get_by_label("Nynorsk", exact=True)
    kept_nynorsk = nynorsk.input_value()
    nynorsk.fill("")
    page.get_by_label("Bokmål", exact=True).fill("Ring {servicetorget.telefon}.")
    page.get_by_role("button", name="Lagre svaret").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Svaret på nynorsk mangler")
    expect(summary).to_contain_text("{servicetorget.telefon} er ikke et faktum")
    expect(page.get_by_label("Nynorsk", exact=True)).to_have_attribute("aria-invalid", "true")
    check_page(page, "editor-answer-errors")

    summary.get_by_role("link", name=re.compile("nynorsk mangler")).click()  # the summary leads to the field
    expect(page.get_by_label("Nynorsk", exact=True)).to_be_focused()

    # Corrected and saved with the keyboard alone: type, Tab to the next fields and to "Lagre svaret", Enter.
    page.get_by_label("Nynorsk", exact=True).fill(kept_nynorsk)
    page.get_by_label("Bokmål", exact=True).fill(NEW_ANSWER)
    page.get_by_label("Engelsk", exact=True).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Lagre svaret")).to_be_focused()
    saved_at = time.monotonic()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Svaret er lagret")
    check_page(page, "editor-answer-saved")
    seconds = wait_for_bot(
        stack, "når er biblioteket åpent?", "Biblioteket har nye åpningstider fra januar. Ring 72 86 72 00"
    )
    print(
        f"\nan edited answer reached the bot {time.monotonic() - saved_at:.1f} s after saving ({seconds:.1f} s polling)"
    )

    page.get_by_role("link", name="Se historikken og tidligere versjoner").click()
    expect(page.locator("main")).to_contain_text("Lagt til: Biblioteket har nye åpningstider fra januar")
    check_page(page, "editor-answer-history")
    page.get_by_role("button", name=re.compile("Ta i bruk denne versjonen fra innholdsfilene")).click()
    expect(page.get_by_role("status")).to_contain_text("Versjonen er tatt i bruk igjen")
    original = httpx.get(f"{stack.config.api_url}/api/v1/content/live", headers={"X-API-Key": "dev-bot-key"}).json()
    assert TOPIC not in original["answers"]
    wait_for_bot(stack, "når er biblioteket åpent?", "Bautaen")


def test_facts_pages(stack, editor):
    page = editor
    page.get_by_role("link", name="Fakta", exact=True).click()
    check_page(page, "editor-facts")
    page.goto(url(stack, "/staff/editor/facts/servicetorget.phone"))
    page.get_by_label("Kilde").fill("")
    page.get_by_role("button", name="Lagre faktumet").click()
    expect(page.locator(".error-summary")).to_contain_text("Skriv hvor opplysningen kommer fra")
    check_page(page, "editor-fact-error")


def test_assign_an_unanswered_question_retrain_hear_it_answered_and_roll_back(stack, editor, browser):  # noqa: F811
    before = bot_says(stack, UNKNOWN, "kano-1")
    assert "Mente du" in before, before  # asked back: it lands on the worklist
    page = editor
    page.goto(url(stack, "/staff/editor/worklist?days=7"))
    group = page.locator("section.group", has_text=UNKNOWN)
    expect(group).to_be_visible()
    check_page(page, "editor-worklist")
    group.get_by_label("Tema", exact=True).select_option(label="Kan jeg leie gymsal eller idrettshall?")
    group.get_by_role("button", name=re.compile("Lagre")).click()
    expect(page.get_by_role("status")).to_contain_text("Lagt til som eksempel")
    expect(page.locator("section.group", has_text=UNKNOWN)).to_have_count(0)
    check_page(page, "editor-worklist-decided")

    page.get_by_role("link", name="Modell", exact=True).click()
    expect(page.locator("main")).to_contain_text(UNKNOWN)
    check_page(page, "editor-model")
    started = time.monotonic()
    page.get_by_role("button", name="Tren og ta i bruk ny modell").click()
    expect(page.get_by_role("status")).to_contain_text("Treningen er satt i kø")
    page.get_by_role("button", name="Tren og ta i bruk ny modell").click()  # a second one while it runs
    expect(page.locator(".error-summary")).to_contain_text("Det pågår allerede en trening")
    check_page(page, "editor-model-busy")
    jobs = page.locator("#treninger")
    expect(jobs).to_contain_text("Ferdig: den nye modellen er i bruk", timeout=RETRAIN_TIMEOUT_S * 1000)
    print(f"\nretrain with one example, checked against the floors and loaded: {time.monotonic() - started:.0f} s")
    check_page(page, "editor-model-trained")
    after = bot_says(stack, UNKNOWN, "kano-2")
    assert "lokaler" in after and "Mente du" not in after, after

    started = time.monotonic()
    page.get_by_role("button", name="Gå tilbake til forrige modell").click()
    expect(jobs).to_contain_text("Ferdig: den forrige modellen er i bruk", timeout=120_000)
    print(f"rollback: {time.monotonic() - started:.1f} s")
    assert "Mente du" in bot_says(stack, UNKNOWN, "kano-3")


def test_editor_pages_on_a_phone(stack, browser):  # noqa: F811
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(url(stack, "/staff/login"))
    sign_in(page, "editor")
    for path, name in (
        (f"/staff/editor/answers/{TOPIC}", "editor-answer-phone"),
        ("/staff/editor/worklist", "editor-worklist-phone"),
    ):
        page.goto(url(stack, path))
        check_page(page, name)
    context.close()
