"""Prepare the database: `python -m intake_api.migrate [revision]`.

Applies the Alembic migrations, seeds the unit registry when it is empty and,
in development, creates and prints the development API key and staff user of each role.
`make run` calls this before the API starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session

from .config import Settings, get_settings
from .db import make_engine

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(ALEMBIC_INI))
    if database_url:
        config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    """Bring the database to `revision` (default: the newest)."""
    command.upgrade(alembic_config(database_url), revision)


def prepare(database_url: str | None = None, settings: Settings | None = None, dev_keys: bool = False) -> list[str]:
    """Migrate to the newest schema and seed units if the table is empty; returns lines to print."""
    from .keys import describe, ensure_dev_keys  # imported late: the models import the settings
    from .seed import seed_if_empty
    from .staff.settings import get_staff_settings
    from .staff.users import describe as describe_user
    from .staff.users import ensure_dev_users

    settings = settings or get_settings()
    url = database_url or settings.database_url
    upgrade(url)
    lines: list[str] = []
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            seeded = seed_if_empty(session)
            if seeded is not None:
                lines.append(f"Unit registry seeded with {len(seeded.added)} units.")
            if dev_keys:
                lines.append("Development API keys (X-API-Key header), one per role:")
                lines += [describe(issued) for issued in ensure_dev_keys(session, settings)]
                lines.append(f"  {'bot+settings':<14} {settings.bot_api_key}   (INTAKE_BOT_API_KEY)")
                lines.append(f"  {'leader+admin':<14} {settings.staff_api_key}   (INTAKE_STAFF_API_KEY)")
                lines.append("Development staff users for the staff pages (/staff/), username / password:")
                users = ensure_dev_users(session, settings, get_staff_settings())
                lines += [describe_user(issued) for issued in users]
    finally:
        engine.dispose()
    return lines


if __name__ == "__main__":
    revision = sys.argv[1] if len(sys.argv) > 1 else "head"
    if revision != "head":
        upgrade(revision=revision)
    else:
        settings = get_settings()
        for line in prepare(settings=settings, dev_keys=settings.environment == "development"):
            print(line, flush=True)
