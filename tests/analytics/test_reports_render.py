"""Each report rendered as a person sees it: HTML to PNG in Chromium, PDF to PNG with pdftoppm.

Checks the sections, figures and charts are there; the PNGs land in test-artifacts/ to look at.
"""

from __future__ import annotations

import re
import subprocess
from datetime import datetime, time
from pathlib import Path

import pytest

from analytics import (
    build_dialogue_pack,
    build_radmann_summary,
    build_unit_digest,
    html_to_pdf,
    parse_period,
    render_digest_html,
    render_pack_html,
    render_summary_html,
)
from innbygger_common.opening_hours import OSLO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
PERIOD = parse_period("2026-T2")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def screenshot(browser, html: str, path: Path) -> dict:
    """Render the HTML at A4-ish width, save a full-page PNG, and return what the page shows."""
    page = browser.new_page(viewport={"width": 900, "height": 1200})
    page.set_content(html, wait_until="load")
    page.screenshot(path=str(path), full_page=True)
    found = page.evaluate(
        """() => ({
            sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
            charts: [...document.querySelectorAll('svg.chart')].map(s => s.getAttribute('aria-label')),
            chartSizes: [...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width),
            text: document.body.innerText,
        })"""
    )
    page.close()
    return found


def pdf_pages(pdf: bytes, folder: Path, stem: str) -> tuple[int, str]:
    """Write the PDF, turn each page into a PNG, and return (pages, text)."""
    path = folder / f"{stem}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(path), str(folder / stem)], check=True)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return len(list(folder.glob(f"{stem}-*.png"))), text


def test_dialogue_pack(demo, browser, artifacts):
    pack = build_dialogue_pack(demo.engine, "omsorg", PERIOD)
    assert pack.demo and not pack.figures.suppressed
    assert [u.name for u in pack.units][:2] == ["Hjemmetjenesten", "Rossvollheimen helse- og omsorgssenter"]
    assert pack.quotes and all("[navn]" not in q.text for q in pack.quotes)
    html = render_pack_html(pack)
    shown = screenshot(browser, html, artifacts / "analytics-pack.png")
    assert shown["sections"] == ["tall", "enheter", "temaer", "forslag", "sitater"]
    assert len(shown["charts"]) == 4 and all(width > 300 for width in shown["chartSizes"])
    assert "DEMODATA" in shown["text"] and "Pleie og omsorg" in shown["text"] and "omsorg:" not in shown["text"]
    assert "Hjemmetjenesten" in shown["text"]  # names, not codes
    # What residents praise next to what they criticise, per theme, read from the comments.
    assert "Roser" in shown["text"] and "Kritiserer" in shown["text"]
    assert all(t.praised is not None and t.praised + t.criticised <= t.count for t in pack.figures.themes)
    assert sum(t.praised for t in pack.figures.themes) and sum(t.criticised for t in pack.figures.themes)
    pages, text = pdf_pages(html_to_pdf(html), artifacts, "analytics-pack")
    assert 2 <= pages <= 5
    for heading in ("Tallene", "Enhetene side om side", "Hva kommentarene handler om", "Hva innbyggerne foreslår"):
        assert heading in text


def test_radmann_summary(demo, browser, artifacts):
    summary = build_radmann_summary(demo.engine, PERIOD, demo.tracker)
    assert summary.bot.available and summary.bot.conversations
    assert summary.bot.outside_office_hours_share > 0.5
    assert all(q.conversations >= 5 for q in summary.bot.not_understood_questions)
    html = render_summary_html(summary)
    shown = screenshot(browser, html, artifacts / "analytics-summary.png")
    assert shown["sections"][:2] == ["oversikt", "laering"]
    assert len([s for s in shown["sections"] if s.startswith("sektor-")]) == 12
    assert "Kort fortalt" in shown["text"] and "Chatboten" in shown["text"]
    pages, text = pdf_pages(html_to_pdf(html), artifacts, "analytics-summary")
    # The overview fits on the first page: every sector's row is on it.
    first_page = text.split("\f")[0]
    assert all(name.split(" (")[0].split(",")[0] in first_page for name in ("Barnehage", "Servicetorget"))
    assert pages >= 14  # overview, learning and the bot, then one page per sector
    assert re.search(r"Side 1 av \d+", first_page)


def test_unit_digest(demo, browser, artifacts):
    since = datetime.combine(datetime(2026, 9, 1), time(0), OSLO)
    until = datetime.combine(datetime(2026, 10, 1), time(0), OSLO)
    digest = build_unit_digest(demo.engine, 1, since, until, base_url="https://intra.example/")
    assert digest.new_items and digest.groups
    assert all(i.url.startswith("https://intra.example/staff/items/DEMO-") for g in digest.groups for i in g.items)
    shown = screenshot(browser, render_digest_html(digest), artifacts / "analytics-digest.png")
    assert "Nye tilbakemeldinger etter tema" in shown["text"] and digest.unit.name in shown["text"]
    # Every comment is marked as praise, criticism, both or neither, read from its text.
    items = [i for g in digest.groups for i in g.items]
    assert all(i.polarity in {"ros", "kritikk", "blandet", "nøytral"} for i in items if i.text.strip())
    assert {"ros", "kritikk"} <= {i.polarity for i in items}
