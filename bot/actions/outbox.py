"""A durable outbox: submissions the intake API could not take right now.

When the API is unreachable, slow or answers 5xx, the submission is written
to a small SQLite file (BOT_OUTBOX_PATH, default <data dir>/outbox.db) with
its idempotency key, and the resident is told the truth: saved, will be
registered, the reference code is valid. A background loop in the action
server delivers queued submissions when the API is back. The API stores each
idempotency key once, so a delivery repeated after a crash is harmless:
exactly one row.

Each entry keeps the code the resident was told, and delivery sends it along
(`Told-Reference`): should the API have stored the submission under another
code (the told one was taken by then), it keeps the told code findable.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from innbygger_common.profile import profile
from innbygger_common.reference import legacy_reference_for

from .intake_client import IntakeClient, IntakeRejected, IntakeUnavailable

logger = logging.getLogger(__name__)

RETRY_SECONDS = float(os.environ.get("BOT_OUTBOX_RETRY_SECONDS", "5"))


def outbox_path() -> Path:
    explicit = os.environ.get("BOT_OUTBOX_PATH")
    if explicit:
        return Path(explicit)
    data_dir = Path(os.environ.get("INNBYGGER_DATA_DIR", Path(__file__).resolve().parents[2] / "data"))
    return data_dir / "outbox.db"


@dataclass(frozen=True)
class Queued:
    """One waiting submission and the reference code its resident was told."""

    key: str
    path: str
    body: dict[str, Any]
    told: str


class Outbox:
    """Queued submissions keyed by idempotency key."""

    def __init__(self, path: Path | None = None):
        self.path = path or outbox_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS outbox (key TEXT PRIMARY KEY, path TEXT NOT NULL, body TEXT NOT NULL,"
                " created REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, told TEXT)"
            )
            # Files from before the told code was kept: their entries were told the six-character code.
            columns = {row[1] for row in db.execute("PRAGMA table_info(outbox)")}
            if "told" not in columns:
                db.execute("ALTER TABLE outbox ADD COLUMN told TEXT")
            # Submissions the API refused (4xx) are kept for an operator, never silently dropped.
            db.execute(
                "CREATE TABLE IF NOT EXISTS rejected (key TEXT PRIMARY KEY, path TEXT NOT NULL, body TEXT NOT NULL,"
                " error TEXT NOT NULL, created REAL NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def put(self, key: str, path: str, body: dict[str, Any], told: str) -> None:
        """Queue a submission with the code the resident is told; a second put of the key changes nothing."""
        with self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (key, path, body, created, told) VALUES (?, ?, ?, ?, ?)",
                (key, path, json.dumps(body, ensure_ascii=False), time.time(), told),
            )

    def queued(self) -> list[Queued]:
        """What waits, oldest first."""
        with self._connect() as db:
            rows = db.execute("SELECT key, path, body, told FROM outbox ORDER BY created").fetchall()
        prefix = str(profile()["reference_prefix"])
        return [
            Queued(key, path, json.loads(body), told or legacy_reference_for(key, prefix))
            for key, path, body, told in rows
        ]

    def pending(self) -> list[tuple[str, str, dict[str, Any]]]:
        return [(entry.key, entry.path, entry.body) for entry in self.queued()]

    def done(self, key: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM outbox WHERE key = ?", (key,))

    def reject(self, key: str, path: str, body: dict[str, Any], error: str) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO rejected (key, path, body, error, created) VALUES (?, ?, ?, ?, ?)",
                (key, path, json.dumps(body, ensure_ascii=False), error, time.time()),
            )
            db.execute("DELETE FROM outbox WHERE key = ?", (key,))

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])


async def deliver_pending(outbox: Outbox, client: IntakeClient | None = None) -> int:
    """Send what is queued, oldest first; stop at the first sign the API is still away."""
    client = client or IntakeClient()
    delivered = 0
    for entry in outbox.queued():
        try:
            receipt = await client.post(entry.path, entry.body, idempotency_key=entry.key, told_reference=entry.told)
        except IntakeUnavailable:
            break
        except IntakeRejected as error:
            logger.error("queued submission refused by the intake API, kept in the outbox's rejected table: %s", error)
            outbox.reject(entry.key, entry.path, entry.body, str(error))
            continue
        if receipt.get("reference") != entry.told:
            # Only after a collision while the API was away; the API keeps the told code findable.
            logger.warning(
                "queued submission stored as %s; its resident was told %s", receipt.get("reference"), entry.told
            )
        outbox.done(entry.key)
        delivered += 1
    if delivered:
        logger.info("delivered %d queued submission(s)", delivered)
    return delivered


_loop_task: asyncio.Task[None] | None = None


async def _delivery_loop() -> None:
    outbox = Outbox()
    while True:
        try:
            if outbox.count():
                await deliver_pending(outbox)
        except Exception:  # the loop must outlive any single failure
            logger.exception("outbox delivery failed; retrying")
        await asyncio.sleep(RETRY_SECONDS)


def ensure_delivery_loop() -> None:
    """Start the background delivery loop in this action-server process (once)."""
    global _loop_task
    if _loop_task is None or _loop_task.done():
        _loop_task = asyncio.get_running_loop().create_task(_delivery_loop())
