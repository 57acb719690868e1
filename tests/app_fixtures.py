"""Fixtures for the app's tests (Python 3.11 environment): a migrated database and an API client.

Imported by the conftest of each app test folder; the bot's tests run in another
environment without FastAPI, so these must not live in tests/conftest.py.

SQLite by default: the migrations run once per test session into a template file,
and each test gets a fresh copy. With INTAKE_TEST_DATABASE_URL set to a PostgreSQL
URL the same tests run there: one new schema per test session (dropped at the end),
emptied and re-seeded before each test.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from intake_api.config import DEV_BOT_KEY, DEV_STAFF_KEY, Settings
from intake_api.db import Base, get_session, make_engine
from intake_api.deps import current_settings
from intake_api.keys import DEV_KEYS, ensure_dev_keys
from intake_api.main import create_app
from intake_api.migrate import prepare
from intake_api.seed import seed_if_empty

BOT = {"X-API-Key": DEV_BOT_KEY}
STAFF = {"X-API-Key": DEV_STAFF_KEY}
# Database keys, one per role (created by `python -m intake_api.keys ensure-dev`).
KEYS = {role: {"X-API-Key": key} for role, key in DEV_KEYS.items()}
PG_URL = os.environ.get("INTAKE_TEST_DATABASE_URL", "")
HIGH_LIMIT = "100000/minute"


def on_postgres() -> bool:
    return PG_URL.startswith("postgresql")


def schema_url(base: str, schema: str) -> str:
    """A PostgreSQL URL whose connections use `schema` (search_path), so each run is isolated."""
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-csearch_path={schema}')}"


class Databases:
    """Creates fresh databases (SQLite files or PostgreSQL schemas); the schemas are dropped at exit."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="intake-test-"))
        self.schemas: list[str] = []
        self.template = ""
        atexit.register(self.drop_all)

    def fresh(self) -> str:
        """An empty database URL."""
        if on_postgres():
            schema = f"intake_test_{uuid.uuid4().hex[:10]}"
            engine = create_engine(PG_URL)
            with engine.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            engine.dispose()
            self.schemas.append(schema)
            return schema_url(PG_URL, schema)
        return f"sqlite:///{self.folder / f'{uuid.uuid4().hex[:10]}.db'}"

    def template_url(self) -> str:
        """One database brought to the newest schema by the real migrations, with units and dev keys."""
        if not self.template:
            url = self.fresh()
            prepare(url, settings=settings_for(url))
            _reset(url, truncate=False)
            self.template = url
        return self.template

    def drop_all(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if not self.schemas:
            return
        engine = create_engine(PG_URL)
        with engine.begin() as connection:
            for schema in self.schemas:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
        self.schemas.clear()


# Module-level rather than a session fixture, so that a conftest importing only `client`,
# `database_url` and `engine` (as tests/analytics does) gets everything it needs.
DATABASES = Databases()


def settings_for(database_url: str, tracker_url: str = "", **overrides: Any) -> Settings:
    """Settings for a test app: high rate limits unless a test asks for low ones."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "tracker_database_url": tracker_url or database_url,
        "rate_limit_submit": HIGH_LIMIT,
        "rate_limit_public": HIGH_LIMIT,
    }
    values.update(overrides)
    return Settings(**values)


def _reset(url: str, truncate: bool = True) -> None:
    """Empty every table (PostgreSQL) and put back the seeded units and the development keys."""
    engine = make_engine(url)
    if truncate:
        tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    with Session(engine, expire_on_commit=False) as session:
        seed_if_empty(session)
        ensure_dev_keys(session, settings_for(url))
    engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A database at the newest schema with the seeded units and the development keys, private to the test."""
    template = DATABASES.template_url()
    if on_postgres():
        _reset(template)
        return template
    path = tmp_path / "intake.db"
    shutil.copyfile(template.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def tracker_url_for(database_url: str, tmp_path: Path) -> str:
    """Where a test's Rasa tracker store lives: a SQLite file, or the test schema on PostgreSQL."""
    return database_url if on_postgres() else f"sqlite:///{tmp_path / 'rasa_tracker.db'}"


def private_database(folder: Path) -> str:
    """A database of its own (not reset by other tests): for module-scoped fixtures."""
    if on_postgres():
        url = DATABASES.fresh()
        prepare(url, settings=settings_for(url))
        _reset(url, truncate=False)
        return url
    path = folder / f"{uuid.uuid4().hex[:10]}.db"
    shutil.copyfile(DATABASES.template_url().removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


_SHARED_APP: list[FastAPI] = []


def build_app(engine: Engine, settings: Settings, fresh: bool = False) -> FastAPI:
    """The real app on the test database and settings.

    Building the app takes longer than most tests, so one app is reused and only its
    dependency overrides and rate-limit counters change; `fresh` builds a separate one
    (for a test that needs two apps with different settings at once).
    """
    if fresh or not _SHARED_APP:
        app = create_app()
        if not fresh:
            _SHARED_APP.append(app)
    else:
        app = _SHARED_APP[0]
        app.state.rate_limiters = {}
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    def _session() -> Iterator[Session]:
        with factory() as session:
            yield session

    app.dependency_overrides[get_session] = _session

    async def _settings() -> Settings:
        return settings

    app.dependency_overrides[current_settings] = _settings
    return app


@pytest.fixture
def make_client(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """A factory for clients with changed settings (e.g. low rate limits)."""
    clients: list[TestClient] = []
    tracker_url = tracker_url_for(database_url, tmp_path)

    def _make(**overrides: Any) -> TestClient:
        client = TestClient(build_app(engine, settings_for(database_url, tracker_url, **overrides), fresh=True))
        client.__enter__()
        clients.append(client)
        return client

    yield _make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = settings_for(database_url, tracker_url_for(database_url, tmp_path))
    with TestClient(build_app(engine, settings)) as test_client:
        yield test_client


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test database, for arranging and checking rows directly."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
