"""Fixtures for the analytics tests: the app's database fixtures, and one demo database per session."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from analytics.demo import generate_demo
from intake_api.db import make_engine
from intake_api.keys import ensure_dev_keys
from tests.app_fixtures import DATABASES, client, database_url, engine, make_client, session, settings_for  # noqa: F401  (fixtures)

# The demo ends here, so tertial 2026-T2 (May–August) is complete and has a previous tertial.
DEMO_LAST_DAY = date(2026, 9, 30)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass(frozen=True)
class Demo:
    url: str
    tracker_url: str
    engine: Engine
    tracker: Engine


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """A demo database (SQLite, or a fresh PostgreSQL schema) and a demo Rasa tracker store, shared read-only."""
    url = DATABASES.fresh()
    tracker_url = f"sqlite:///{tmp_path_factory.mktemp('tracker') / 'demo_tracker.db'}"
    generate_demo(url, tracker_url, months=14, last_day=DEMO_LAST_DAY)
    demo_engine, tracker = make_engine(url), create_engine(tracker_url)
    with Session(demo_engine) as keys_session:  # the API tests call the reports with the development keys
        ensure_dev_keys(keys_session, settings_for(url))
    yield Demo(url, tracker_url, demo_engine, tracker)
    demo_engine.dispose()
    tracker.dispose()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
