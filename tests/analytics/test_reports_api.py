"""The read-only staff endpoints under /api/v1/reports: leaders see all, unit keys their own units."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from analytics import load_units
from intake_api.keys import DEV_UNIT_NAMES
from tests.app_fixtures import KEYS, STAFF, build_app, settings_for


@pytest.fixture
def reports(demo):
    """A client on the demo database (read-only for these endpoints) with its tracker store."""
    app = build_app(demo.engine, settings_for(demo.url, demo.tracker_url), fresh=True)
    with TestClient(app) as client:
        yield client


def test_figures_for_leaders(reports):
    response = reports.get("/api/v1/reports/figures", params={"period": "2026-T2"}, headers=STAFF)
    assert response.status_code == 200
    rows = response.json()
    assert {row["key"] for row in rows} >= {"omsorg", "barnehage"}
    assert all(row["responses"] is None or row["responses"] >= 5 for row in rows)


def test_unit_keys_see_only_their_units(reports, demo):
    unit = KEYS["unit"]
    covered = {str(u.id) for u in load_units(demo.engine).values() if u.name in DEV_UNIT_NAMES}
    first, other = sorted(covered)[0], "1"
    assert other not in covered
    assert reports.get("/api/v1/reports/figures", params={"period": "2026-T2"}, headers=unit).status_code == 403
    rows = reports.get("/api/v1/reports/figures", params={"period": "2026-T2", "level": "unit"}, headers=unit).json()
    own = {row["key"] for row in rows}
    assert own == covered
    assert reports.get(f"/api/v1/reports/units/{first}/digest", headers=unit).status_code == 200
    assert reports.get(f"/api/v1/reports/units/{other}/digest", headers=unit).status_code == 403
    for path in ("/api/v1/reports/learning", "/api/v1/reports/bot", "/api/v1/reports/radmann-summary"):
        assert reports.get(path, headers=unit).status_code == 403


def test_documents(reports):
    pack = reports.get("/api/v1/reports/dialogue-pack/helse", params={"period": "2026-T2"}, headers=STAFF)
    assert pack.status_code == 200 and pack.headers["content-type"].startswith("text/html")
    assert "Dialogkonferanse: Helse" in pack.text
    pdf = reports.get("/api/v1/reports/radmann-summary", params={"period": "2026-T2", "format": "pdf"}, headers=STAFF)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = reports.get("/api/v1/reports/units/1/digest", params={"since": "2026-09-01", "until": "2026-09-30",
                                                                  "format": "text"}, headers=STAFF)  # fmt: skip
    assert text.status_code == 200 and "/staff/items/DEMO-" in text.text


def test_learning_and_bot(reports):
    learning = reports.get("/api/v1/reports/learning", params={"period": "2026-T2"}, headers=STAFF).json()
    assert learning["period"]["kind"] == "tertial" and learning["recurring"]
    bot = reports.get("/api/v1/reports/bot", params={"period": "2026-T2"}, headers=STAFF).json()
    assert bot["available"] and bot["conversations"] > 100


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("/api/v1/reports/figures", {"period": "T5"}, 422),
        ("/api/v1/reports/dialogue-pack/ukjent", {}, 422),
        ("/api/v1/reports/units/999/digest", {}, 404),
    ],
)
def test_bad_requests(reports, path, params, expected):
    assert reports.get(path, params=params, headers=STAFF).status_code == expected


def test_no_key(reports):
    assert reports.get("/api/v1/reports/figures").status_code == 401
