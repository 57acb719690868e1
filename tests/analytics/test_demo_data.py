"""Demo data: every sector and unit, seasons, both written forms, a few avvik; marked, and never mixed."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from analytics.data import is_demo_database, load_feedback, load_units
from analytics.demo import generate_demo
from analytics.demo.generate import DemoRefused
from innbygger_common.catalogue import catalogue


def test_demo_database_is_full_and_marked(demo):
    frame = load_feedback(demo.engine)
    units = load_units(demo.engine)
    assert is_demo_database(demo.engine)
    assert frame["reference"].str.startswith("DEMO-").all()
    assert set(frame["sector"]) == set(catalogue().sectors)
    assert set(frame["unit_id"].dropna().astype(int)) == set(units)
    assert set(frame["language"]) == {"nb", "nn"}
    assert frame["avvik"].sum() >= 3
    months = frame["created_at"].dt.month.value_counts()
    assert months[7] < months[9]  # summer holiday is quiet


def test_refuses_a_database_with_real_feedback(client, database_url, tmp_path, engine):
    from tests.app_fixtures import BOT

    body = {"sector": "omsorg", "rating": 5, "text": "", "channel": "web", "language": "nb"}
    assert (
        client.post("/api/v1/feedback", json=body, headers={**BOT, "Idempotency-Key": "real-0001"}).status_code == 201
    )
    with pytest.raises(DemoRefused):
        generate_demo(database_url, f"sqlite:///{tmp_path / 't.db'}", months=1)
    assert not is_demo_database(engine)
    with Session(engine) as session:
        assert pd.read_sql("SELECT count(*) AS n FROM feedback", session.connection())["n"][0] == 1
