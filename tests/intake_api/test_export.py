"""Export of filtered feedback as CSV and JSON."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from intake_api.export import COLUMNS
from intake_api.models import Feedback
from tests.app_fixtures import KEYS

from .helpers import VALID_FEEDBACK, close, submit, unit_id

LEADER = KEYS["leader"]


def test_csv_has_a_header_and_one_row_per_item(client, session):
    home = unit_id(session, "Hjemmetjenesten")
    body = {**VALID_FEEDBACK, "unit_id": home, "themes": ["ventetid", "holdning"],
            "contact": {"phone": "91234567"}, "contact_consent": True}  # fmt: skip
    reference = submit(client, body).json()["reference"]
    response = client.get("/api/v1/exports/feedback", headers=LEADER)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == COLUMNS
    assert rows[0]["reference"] == reference and rows[0]["unit_name"] == "Hjemmetjenesten"
    assert rows[0]["themes"] == "ventetid;holdning" and rows[0]["avvik"] == "nei"
    assert "91234567" not in response.text and "+47" not in response.text  # no contact details


def test_json_export_and_filters(client, session):
    borsa = unit_id(session, "Børsa barnehage")
    first = submit(client, {**VALID_FEEDBACK, "sector": "barnehage", "unit_id": borsa}).json()["reference"]
    submit(client, VALID_FEEDBACK)
    close(client, f"/api/v1/feedback/{first}")
    body = client.get(
        "/api/v1/exports/feedback", params={"format": "json", "sector": "barnehage", "status": "lukket"}, headers=LEADER
    ).json()
    assert body["count"] == 1 and body["columns"] == COLUMNS
    item = body["items"][0]
    assert (item["reference"], item["status"], item["outcome"]) == (first, "lukket", "utbedret")
    assert (
        client.get("/api/v1/exports/feedback", params={"format": "json", "unit_id": borsa}, headers=LEADER).json()[
            "count"
        ]
        == 1
    )


def test_period_filter_uses_norwegian_dates(client, session):
    reference = submit(client).json()["reference"]
    old = datetime(2026, 1, 31, 23, 30, tzinfo=timezone.utc)  # 1 February 00:30 in Norway
    session.execute(update(Feedback).where(Feedback.reference == reference).values(created_at=old))
    session.commit()

    def count(**params: str) -> int:
        return client.get("/api/v1/exports/feedback", params={"format": "json", **params}, headers=LEADER).json()[
            "count"
        ]

    assert count(**{"from": "2026-02-01", "to": "2026-02-28"}) == 1
    assert count(**{"from": "2026-01-01", "to": "2026-01-31"}) == 0
    assert count(to=(datetime.now(timezone.utc) + timedelta(days=1)).date().isoformat()) == 1


def test_cells_a_spreadsheet_would_run_are_defused(client):
    submit(client, {**VALID_FEEDBACK, "text": '=HYPERLINK("http://x")'})
    text = client.get("/api/v1/exports/feedback", headers=LEADER).text
    assert "'=HYPERLINK" in text
