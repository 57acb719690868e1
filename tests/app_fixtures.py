"""Fixtures for the app's tests (Python 3.11 environment): a migrated database and an API client.

Imported by the conftest of each app test folder; the bot's tests run in another
environment without FastAPI, so these must not live in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from intake_api.config import DEV_BOT_KEY, DEV_STAFF_KEY, Settings, get_settings
from intake_api.db import get_session, make_engine
from intake_api.main import create_app
from intake_api.migrate import upgrade

BOT = {"X-API-Key": DEV_BOT_KEY}
STAFF = {"X-API-Key": DEV_STAFF_KEY}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A fresh SQLite file brought to the newest schema by the real migrations."""
    url = f"sqlite:///{tmp_path / 'intake.db'}"
    upgrade(url)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    app = create_app()
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    def _session() -> Iterator[Session]:
        with factory() as session:
            yield session

    app.dependency_overrides[get_session] = _session
    app.dependency_overrides[get_settings] = lambda: Settings(environment="test", database_url=database_url)
    with TestClient(app) as test_client:
        yield test_client
