"""The bot's "share outside opening hours" says when it is computed against assumed hours.

Skaun's profile has no servicetorget.opening_hours yet, so the share is computed against
08.00–15.30 on weekdays; every place that shows it (the rådmann summary as HTML and PDF, the
command line, the staff reports page, see tests/staff/test_reports_office_hours.py) then says so.
With hours in the profile the share uses them and no note is shown.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update

from analytics import botstats, build_radmann_summary, html_to_pdf, parse_period, render_summary_html
from analytics.botstats import ASSUMED_HOURS_NOTE, bot_figures
from analytics.demo.tracker import EVENTS, _metadata
from innbygger_common.opening_hours import OSLO
from innbygger_common.profile import profile
from intake_api.models import Feedback
from tests.intake_api.helpers import VALID_FEEDBACK, submit

PERIOD = parse_period("2026-03")
NOTE = "beregnet mot antatt åpningstid 08.00–15.30 fordi kommunen ikke har registrert åpningstider"
# Known hours for the second case: the servicetorget opens late, 10.00–14.00 every weekday.
KNOWN = {day: ["10:00", "14:00"] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")}


@pytest.fixture
def tracker(tmp_path):
    """Four conversations on a Wednesday: at 09.00, 11.00, 15.00 and 20.00 (Oslo time)."""
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    _metadata.create_all(engine)
    rows = []
    for i, hour in enumerate((9, 11, 15, 20)):
        stamp = datetime(2026, 3, 11, hour, 0, tzinfo=OSLO).timestamp()
        data = json.dumps({"event": "user", "timestamp": stamp, "text": "når tømmes søppelet?"})
        rows.append({"sender_id": f"c{i}", "type_name": "user", "timestamp": stamp, "intent_name": "faq",
                     "action_name": None, "data": data})  # fmt: skip
    with engine.begin() as connection:
        connection.execute(EVENTS.insert(), rows)
    yield engine
    engine.dispose()


@pytest.fixture
def feedback(client, session):
    """Six pieces of feedback in March 2026: enough for the summary's key points (fewer than five are withheld)."""
    references = [submit(client, VALID_FEEDBACK).json()["reference"] for _ in range(6)]
    march = datetime(2026, 3, 11, 12, tzinfo=OSLO)
    session.execute(update(Feedback).where(Feedback.reference.in_(references)).values(created_at=march))
    session.commit()


@pytest.fixture
def hours_known(monkeypatch):
    with_hours = {**profile(), "servicetorget": {**profile()["servicetorget"], "opening_hours": KNOWN}}
    monkeypatch.setattr(botstats, "profile", lambda: with_hours)


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "summary.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def test_the_profile_has_no_opening_hours_yet():
    # The case this module is about; when Skaun's hours are added, the note goes away by itself.
    assert not (profile().get("servicetorget") or {}).get("opening_hours")
    assert ASSUMED_HOURS_NOTE == NOTE


def test_assumed_hours_are_named_everywhere_the_share_is_shown(engine, tracker, feedback, tmp_path):
    figures = bot_figures(engine, tracker, PERIOD)
    assert figures.outside_office_hours_share == 0.25  # only 20.00 is outside 08.00–15.30
    assert figures.office_hours_note == NOTE

    summary = build_radmann_summary(engine, PERIOD, tracker)
    point = next(p for p in summary.key_points if p.startswith("Chatboten hadde"))
    assert f"25 % av dem utenfor servicetorgets åpningstid ({NOTE})." in point
    html = render_summary_html(summary)
    assert "utenfor servicetorgets åpningstid*" in html and f"* Andelen utenfor åpningstid er {NOTE}." in html
    text = pdf_text(html_to_pdf(html), tmp_path)
    assert f"Andelen utenfor åpningstid er {NOTE}" in text, text


def test_known_hours_are_used_and_need_no_note(engine, tracker, feedback, tmp_path, hours_known):
    figures = bot_figures(engine, tracker, PERIOD)
    assert figures.outside_office_hours_share == 0.75  # 09.00, 15.00 and 20.00 are outside 10.00–14.00
    assert figures.office_hours_note is None

    summary = build_radmann_summary(engine, PERIOD, tracker)
    html = render_summary_html(summary)
    assert "75 % av dem utenfor servicetorgets åpningstid." in html
    assert "antatt" not in html and "åpningstid*" not in html
    assert "antatt" not in pdf_text(html_to_pdf(html), tmp_path)


def test_the_command_line_says_so_too(database_url, tracker, capsys):
    from analytics.cli import main

    tracker_url = tracker.url.render_as_string(hide_password=False)
    argv = ["--database-url", database_url, "--tracker-url", tracker_url, "bot", "--period", "2026-03"]
    assert main(argv) == 0
    assert f"utenfor åpningstid: 25 % ({NOTE})" in capsys.readouterr().out
