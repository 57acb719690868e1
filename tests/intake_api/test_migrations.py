"""Alembic migrations: from an empty database, and up from the walking skeleton's revision 0002.

Runs on SQLite, and on PostgreSQL when INTAKE_TEST_DATABASE_URL is set (each test its own schema).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from intake_api.db import Base, make_engine
from intake_api.migrate import alembic_config, prepare, upgrade
from intake_api.models import Feedback, Unit
from tests.app_fixtures import DATABASES, settings_for

HEAD_TABLES = {"feedback", "answer_rating", "unit", "message", "contact", "api_key", "api_key_unit", "audit_log"}


@pytest.fixture
def fresh_url():
    return DATABASES.fresh()


def test_revisions_form_one_line_after_0002():
    script = ScriptDirectory.from_config(alembic_config())
    revisions = [r.revision for r in script.walk_revisions("base", "heads")]
    assert revisions[-2:] == ["0002", "0001"] and len(script.get_heads()) == 1


def test_from_empty_to_head_matches_the_models(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    try:
        assert set(inspect(engine).get_table_names()) >= HEAD_TABLES
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == [], diff
    finally:
        engine.dispose()


def test_upgrade_from_0002_keeps_the_data(fresh_url):
    upgrade(fresh_url, "0002")
    engine = make_engine(fresh_url)
    created = datetime(2026, 11, 1, 9, 30, tzinfo=timezone.utc)
    stamp = created if engine.dialect.name == "postgresql" else created.replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO feedback (reference, idempotency_key, payload_hash, sector, rating, text, channel,"
                " language, status, created_at) VALUES ('SKA-ABCDEF', 'old-key-0001', :h, 'omsorg', 4, 'Fint',"
                " 'chat', 'nb', 'mottatt', :t)"
            ),
            {"h": "0" * 64, "t": stamp},
        )
        connection.execute(
            text(
                "INSERT INTO answer_rating (topic, helpful, language, created_at)"
                " VALUES ('tommekalender', :y, 'nb', :t)"
            ),
            {"y": True, "t": stamp},
        )
    engine.dispose()

    lines = prepare(fresh_url, settings=settings_for(fresh_url))
    assert lines and "seeded" in lines[0]

    engine = make_engine(fresh_url)
    try:
        with Session(engine) as session:
            old = session.query(Feedback).one()
            assert (old.reference, old.rating, old.text, old.status, old.avvik) == (
                "SKA-ABCDEF",
                4,
                "Fint",
                "mottatt",
                False,
            )
            assert old.created_at == created
            assert old.due_at == created + timedelta(days=14)
            assert old.unit_id is None and old.has_contact is False
            assert session.query(Unit).count() > 10
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM answer_rating")).scalar() == 1
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == [], diff
    finally:
        engine.dispose()


def test_downgrade_to_0002_and_up_again(fresh_url):
    from alembic import command

    upgrade(fresh_url)
    command.downgrade(alembic_config(fresh_url), "0002")
    engine = make_engine(fresh_url)
    assert set(inspect(engine).get_table_names()) - {"alembic_version"} == {"feedback", "answer_rating"}
    engine.dispose()
    upgrade(fresh_url)
