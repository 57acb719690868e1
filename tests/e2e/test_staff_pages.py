"""The staff pages in Debian's chromium (Playwright) against the real intake API, Rasa and action server.

Signs in as each role with the development users that `python -m intake_api.migrate` prints,
follows a digest link to an item, closes it with a note and asks the bot about the case as a
resident would; runs axe-core (WCAG 2.1 A and AA) on every page type, on a work PC and on a
320 px phone. Screenshots and axe results land in test-artifacts/ (staff-*.png, axe-staff-*.json).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from devtools.stack import REPO_ROOT, Stack
from intake_api.config import DEV_BOT_KEY, DEV_STAFF_KEY
from intake_api.staff.users import DEV_USERS
from tests.e2e.conftest import artifacts_dir

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
AXE = REPO_ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PC = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 640}
HOMES = {"unit": "/staff/items", "servicetorget": "/staff/messages", "leader": "/staff/reports",
         "admin": "/staff/admin/units"}  # fmt: skip
AXE_RESULTS: dict[str, Any] = {}


# -- fixtures and helpers ---------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not AXE.exists():
        pytest.fail("widget/node_modules is missing: run `make install` (npm ci in widget/)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    (artifacts_dir() / "axe-staff-summary.json").write_text(json.dumps(AXE_RESULTS, indent=2), encoding="utf-8")


def new_context(browser: Browser, viewport: dict[str, int] = PC) -> BrowserContext:
    # bypass_csp lets axe-core be injected: the pages' policy allows no scripts at all.
    return browser.new_context(viewport=viewport, locale="nb-NO", bypass_csp=True)  # type: ignore[arg-type]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser)
    yield context.new_page()
    context.close()


def url(stack: Stack, path: str) -> str:
    return f"http://localhost:{stack.config.api_port}{path}"


def api(stack: Stack, method: str, path: str, key: str = DEV_BOT_KEY, **kwargs: Any) -> httpx.Response:
    headers = {"X-API-Key": key, **kwargs.pop("headers", {})}
    return httpx.request(method, f"{stack.config.api_url}{path}", headers=headers, timeout=10, **kwargs)


def unit_id(stack: Stack, name: str) -> int:
    return next(u["id"] for u in api(stack, "GET", "/api/v1/units").json() if u["name"] == name)


def new_feedback(stack: Stack, text: str, **extra: Any) -> str:
    body = {"sector": "omsorg", "rating": 2, "text": text, "unit_id": unit_id(stack, "Hjemmetjenesten"), **extra}
    response = api(stack, "POST", "/api/v1/feedback", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def new_message(stack: Stack) -> str:
    body = {"kind": "callback", "subject": "Søknad om barnehageplass", "text": "Når får vi svar? Ring etter kl. 16.",
            "contact": {"name": "Per Hansen", "phone": "922 33 444"}, "contact_consent": True}  # fmt: skip
    response = api(stack, "POST", "/api/v1/messages", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def sign_in(page: Page, role: str) -> None:
    """Fill in the sign-in form on the current page with the development user of `role`."""
    username, _name, password = DEV_USERS[role]
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


def check_axe(page: Page, name: str) -> None:
    """axe-core in the page: zero violations of the WCAG 2.1 A and AA rules."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    violations = result["violations"]
    AXE_RESULTS[name] = {"violations": len(violations), "passed_rules": len(result["passes"])}
    summary = {
        "state": name, "url": page.url, "tags": WCAG_TAGS, "axe_version": result["testEngine"]["version"],
        "violations": [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in violations],
        "passed_rules": sorted(r["id"] for r in result["passes"]),
        "incomplete_rules": sorted(r["id"] for r in result["incomplete"]),
    }  # fmt: skip
    (artifacts_dir() / f"axe-staff-{name}.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    assert not violations, "axe: " + "; ".join(
        f"{v['id']} ({v['help']}): {[n['target'] for n in v['nodes']]}" for v in violations
    )


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(artifacts_dir() / f"staff-{name}.png"), full_page=True)


def check_page(page: Page, name: str) -> None:
    """What every staff page must have: Norwegian, one h1, a title, no sideways scrolling; then axe and a picture."""
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "nb"
    expect(page.locator("h1")).to_have_count(1)
    assert page.title().endswith("Innbyggerdialog – Skaun kommune")
    width = page.viewport_size["width"] if page.viewport_size else 1280
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => !e.closest('.table-scroll'))"
        ".some(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
    )
    assert not overflow, f"{name}: something sticks out sideways at {width} px"
    check_axe(page, name)
    shot(page, name)


def focus_ring(page: Page) -> bool:
    return bool(page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"
    ))  # fmt: skip


# -- tests ----------------------------------------------------------------------------
def test_sign_in_by_keyboard_alone_wrong_password_first(stack, page):
    page.goto(url(stack, "/staff/"))
    expect(page).to_have_url(re.compile(r"/staff/login"))
    check_page(page, "login")
    username, _name, password = DEV_USERS["unit"]
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Gå til hovedinnholdet")).to_be_focused()
    assert focus_ring(page)
    page.keyboard.press("Enter")  # the skip link moves focus past the header
    page.keyboard.press("Tab")
    expect(page.get_by_label("Brukernavn")).to_be_focused()
    assert focus_ring(page)
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("feil passord")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Feil brukernavn eller passord")
    expect(page.get_by_label("Brukernavn")).to_have_value(username)
    check_page(page, "login-wrong-password")

    page.get_by_label("Passord").focus()
    page.keyboard.type(password)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Logg inn")).to_be_focused()
    assert focus_ring(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/items$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilbakemeldinger")
    # The stylesheet loads under the pages' Content-Security-Policy (this context enforces it).
    context = page.context.browser.new_context()  # type: ignore[union-attr]
    strict = context.new_page()
    strict.goto(url(stack, "/staff/login"))
    assert strict.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") == "rgb(0, 75, 107)"
    context.close()


@pytest.mark.parametrize("role", ["servicetorget", "leader", "admin"])
def test_each_role_signs_in_to_its_own_start_page(stack, page, role):
    page.goto(url(stack, "/staff/login"))
    sign_in(page, role)
    expect(page).to_have_url(re.compile(re.escape(HOMES[role]) + "$"))
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    if role != "leader":  # the leader's start page is checked with the reports below
        check_page(page, f"home-{role}")


def test_digest_link_close_with_a_note_and_the_resident_hears_it(stack, page, resident):
    reference = new_feedback(
        stack, "De kom to timer for sent tre dager på rad, og ingen ringte oss.", themes=["ventetid", "informasjon"],
        contact={"name": "Kari Nordmann", "phone": "912 34 567"}, contact_consent=True,
    )  # fmt: skip
    # The digest e-mail links to /staff/items/{reference}: signed out, the link goes through sign-in and back.
    page.goto(url(stack, f"/staff/items/{reference}"))
    expect(page).to_have_url(re.compile(r"/staff/login\?next="))
    sign_in(page, "unit")
    expect(page).to_have_url(re.compile(re.escape(f"/staff/items/{reference}") + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tilbakemelding {reference}")
    expect(page.locator("main")).to_contain_text("Kari Nordmann")
    expect(page.locator("main")).to_contain_text("At du har sett opplysningene, er logget")
    check_page(page, "item")

    # Closing without a note: a clear message tied to the field, nothing saved.
    page.get_by_label("Lukket – med svar til innbyggeren").check()
    page.get_by_label("Utbedret", exact=True).check()
    page.get_by_role("button", name="Lagre", exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Skriv et svar til innbyggeren")
    note_field = page.get_by_label("Svar til innbyggeren (når saken lukkes)")
    expect(note_field).to_have_attribute("aria-invalid", "true")
    expect(note_field).to_have_accessible_description(re.compile("Skriv et svar til innbyggeren"))
    check_page(page, "item-error-empty-note")
    summary.get_by_role("link").first.click()
    expect(note_field).to_be_focused()
    status = api(stack, "GET", f"/api/v1/status/{reference}").json()
    assert status["status"] == "mottatt"

    note = "Vi har snakket med vaktlaget, og besøkene er flyttet til faste tider fra mandag."
    note_field.fill(note)
    page.get_by_label("Lukket – med svar til innbyggeren").check()
    page.get_by_label("Utbedret", exact=True).check()
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saken er lukket")
    expect(page.locator(".closed-note")).to_contain_text(note)
    check_page(page, "item-closed")

    answer = resident.says(f"hva skjer med {reference}?")
    assert reference in answer and note in answer, answer

    # The unit corrects the comment's themes and says it is criticism: stored, shown, and it counts.
    themes = page.get_by_role("group", name="Hva handler tilbakemeldingen om?")
    themes.get_by_label("Pris og gebyr").check()
    page.get_by_label("Kritikk", exact=True).check()
    page.get_by_role("button", name="Lagre temaene").click()
    expect(page.get_by_role("status")).to_contain_text("Temaene er lagret")
    expect(
        page.get_by_role("group", name="Hva handler tilbakemeldingen om?").get_by_label("Pris og gebyr")
    ).to_be_checked()
    check_page(page, "item-themes-saved")

    page.get_by_role("button", name="Merk som avvik").click()
    expect(page.get_by_role("status")).to_contain_text("merket som avvik")
    page.goto(url(stack, "/staff/items?status=alle&avvik=ja"))
    expect(page.locator(".cards")).to_contain_text(reference)
    check_page(page, "inbox-filtered")


def test_someone_elses_item_is_refused(stack, page):
    other = unit_id(stack, "Børsa barnehage")
    reference = new_feedback(stack, "Trygg og god barnehage.", sector="barnehage", unit_id=other, rating=6)
    page.goto(url(stack, f"/staff/items/{reference}"))
    sign_in(page, "unit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har ikke tilgang")
    check_page(page, "item-forbidden")


def test_the_servicetorget_handles_a_callback(stack, page):
    reference = new_message(stack)
    page.goto(url(stack, "/staff/login"))
    sign_in(page, "servicetorget")
    page.get_by_role("link", name="Søknad om barnehageplass").first.click()
    expect(page).to_have_url(re.compile(r"/staff/messages/"))
    page.goto(url(stack, f"/staff/messages/{reference}"))
    expect(page.locator("main")).to_contain_text("922 33 444")
    check_page(page, "message")
    page.get_by_label("Behandlet – med svar til innbyggeren").check()
    page.get_by_label("Utbedret", exact=True).check()
    page.get_by_label("Svar til innbyggeren (når saken lukkes)").fill("Vi ringte deg tirsdag og svarte på søknaden.")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saken er lukket")
    status = api(stack, "GET", f"/api/v1/status/{reference}").json()
    assert status["status"] == "lukket"


def test_the_leader_reads_figures_and_downloads_the_reports(stack, page):
    for rating in (2, 4, 5, 5, 6):  # groups under five responses are not shown
        new_feedback(stack, "Hyggelige folk, men de kommer ofte for sent.", rating=rating)
    page.goto(url(stack, "/staff/login"))
    sign_in(page, "leader")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter og tall")
    expect(page.get_by_role("table", name=re.compile("Tall per tjenesteområde"))).to_contain_text("Pleie og omsorg")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    page.locator("details summary", has_text="Pleie og omsorg").click()
    expect(page.get_by_role("region", name="Enheter i Pleie og omsorg")).to_contain_text("Hjemmetjenesten")
    check_page(page, "reports")

    with page.expect_download() as summary:
        page.get_by_role("link", name="Last ned sammendraget som PDF").click()
    pdf = artifacts_dir() / "staff-radmann-summary.pdf"
    summary.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert summary.value.suggested_filename.startswith("radmannens-sammendrag-")

    page.get_by_label("Tjenesteområde", exact=True).select_option("omsorg")
    page.get_by_label("Nettside (HTML)").check()
    with page.expect_download() as pack:
        page.get_by_role("button", name="Last ned pakken").click()
    html = artifacts_dir() / "staff-dialogue-pack-omsorg.html"
    pack.value.save_as(html)
    assert "Pleie og omsorg" in html.read_text(encoding="utf-8")

    page.goto(url(stack, "/staff/reports?periode=tull"))
    expect(page.locator(".error-summary")).to_contain_text("Velg en periode fra listen.")
    check_page(page, "reports-bad-period")


def test_admin_pages(stack, page):
    page.goto(url(stack, "/staff/login"))
    sign_in(page, "admin")
    check_page(page, "admin-units")
    page.get_by_role("link", name="Hjemmetjenesten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hjemmetjenesten")
    check_page(page, "admin-unit-form")
    page.get_by_label("E-post for sammendrag").fill("ikke en adresse")
    page.get_by_role("button", name="Lagre endringene").click()
    expect(page.locator(".error-summary")).to_contain_text("Skriv en gyldig e-postadresse")
    check_page(page, "admin-unit-form-error")

    page.get_by_role("link", name="Brukere").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brukere")
    check_page(page, "admin-users")
    page.get_by_role("link", name="Legg til bruker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny bruker")
    page.get_by_label("Brukernavn").fill("kari.nordmann")
    page.get_by_label("Navn", exact=True).fill("Kari Nordmann")
    page.get_by_label(re.compile("^Enhet – ")).check()
    page.get_by_label("Hjemmetjenesten").check()
    check_page(page, "admin-user-form")
    page.get_by_role("button", name="Legg til brukeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Midlertidig passord for Kari Nordmann")
    check_page(page, "admin-user-created")

    page.get_by_role("link", name="API-nøkler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-nøkler")
    check_page(page, "admin-keys")
    page.get_by_role("link", name="Logg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg")
    check_page(page, "admin-audit")


def test_the_unit_pages_on_a_phone(stack, browser):
    reference = new_feedback(stack, "Maten er ofte kald når den kommer.", rating=3, themes=["kvalitet"])
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(url(stack, "/staff/login"))
    check_page(page, "phone-login")
    sign_in(page, "unit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilbakemeldinger")
    check_page(page, "phone-inbox")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    check_page(page, "phone-item")
    context.close()


def test_staff_key_still_works_beside_the_pages(stack):
    # The pages add no rules to the API: the settings key reads as before.
    assert api(stack, "GET", "/api/v1/feedback?limit=1", key=DEV_STAFF_KEY).status_code == 200
