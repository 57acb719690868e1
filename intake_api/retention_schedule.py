"""Retention on a schedule, inside the intake API process: nobody has to remember a timer.

Every INTAKE_RETENTION_INTERVAL_SECONDS (default 3600; 0 switches it off; the first pass 30 s
after start-up, or one interval if that is shorter) the API runs the same
purge as `python -m intake_api.retention all`: contact details of items closed longer ago than
INTAKE_CONTACT_RETENTION_DAYS, chat transcripts older than INTAKE_TRANSCRIPT_RETENTION_DAYS.

One runner, however many API processes share the database. The first process to take the
runner lock keeps it for as long as it lives and runs every pass; the others try again once per
interval and take over when the runner is gone (stopped, crashed, or its database connection
lost). The lock is

- on PostgreSQL a session advisory lock, keyed by the database schema, held by one dedicated
  connection (released by PostgreSQL when that connection or the process ends);
- on SQLite an exclusive `flock` on a file beside the database (released by the kernel when the
  process ends), so two processes on one file do not purge at the same time either.

Each pass also holds a short pass lock, which the `python -m intake_api.retention` command takes as
well: the scheduled job in deploy/ (belt and braces) never purges at the same time as the API.

The log says what was removed in counts only: no reference codes, no conversation ids, and for a
failed pass only the error's type (a database error can quote the row it failed on).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from fastapi import FastAPI
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from .config import Settings
from .db import make_engine
from .retention import RetentionPass, purge_all

log = logging.getLogger("intake_api.retention")
LOCK_NAME = "innbyggerdialog.retention."  # + the schema: one runner per database schema
PASS_LOCK_NAME = "innbyggerdialog.retention-pass."
STOP_GRACE_S = 30.0
FIRST_PASS_DELAY_S = 30.0


class RunnerLock(Protocol):
    def acquire(self) -> bool:
        """True when this process is the runner (it took the lock now or holds it still)."""
        ...

    def release(self) -> None: ...


class PostgresRunnerLock:
    """`pg_try_advisory_lock` on a connection of its own, kept open while this process is the runner."""

    def __init__(self, url: str):
        # NullPool: closing the connection really ends the session, and with it the lock.
        self.engine = create_engine(url, poolclass=NullPool)
        self.connection: Connection | None = None

    def acquire(self) -> bool:
        if self.connection is not None:
            try:
                self.connection.execute(text("SELECT 1"))
                return True
            except Exception:  # the connection is gone (PostgreSQL restarted): so is the lock
                self._close()
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            taken = connection.execute(
                text("SELECT pg_try_advisory_lock(hashtext(:name || current_schema()))"), {"name": LOCK_NAME}
            ).scalar()
        except Exception:
            connection.close()
            raise
        if not taken:
            connection.close()
            return False
        self.connection = connection
        return True

    def _close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):
                self.connection.close()
            self.connection = None

    def release(self) -> None:
        self._close()
        self.engine.dispose()


class FileRunnerLock:
    """An exclusive, non-blocking `flock` on a file; the kernel drops it when the process ends."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        if self.fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the lock
            self.fd = None


class ProcessLock:
    """For a database no other process can open (SQLite in memory): this process is the runner."""

    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        pass


@contextlib.contextmanager
def pass_lock(database_url: str) -> Iterator[None]:
    """Held for the length of one pass, by the API's runner and by the `retention` command alike
    (deploy/'s scheduled job): two passes on one database never overlap; the second one waits."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        engine = create_engine(database_url, poolclass=NullPool)
        key = {"name": PASS_LOCK_NAME}
        try:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("SELECT pg_advisory_lock(hashtext(:name || current_schema()))"), key)
                try:
                    yield
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(hashtext(:name || current_schema()))"), key)
        finally:
            engine.dispose()
    elif url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database).with_name(Path(url.database).name + ".retention-pass-lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # waits for a pass in progress
            yield
        finally:
            os.close(fd)
    else:
        yield


def runner_lock(database_url: str) -> RunnerLock:
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        return PostgresRunnerLock(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return FileRunnerLock(Path(url.database).with_name(Path(url.database).name + ".retention-lock"))
    return ProcessLock()


@dataclass
class RetentionScheduler:
    """A thread that runs a retention pass every `interval_s` seconds while this process holds the lock."""

    settings: Settings
    interval_s: float
    engine: Engine | None = None
    lock: RunnerLock | None = None

    def __post_init__(self) -> None:
        self.engine = self.engine or make_engine(self.settings.database_url)
        self.lock = self.lock or runner_lock(self.settings.database_url)
        self.passes = 0
        self._runner: bool | None = None  # last known role, so the log says each change once
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="retention-schedule", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.ident is not None:  # started
            self._thread.join(STOP_GRACE_S)
        if self._thread.is_alive():
            log.warning("retention: a pass was still running at shutdown; it ends with the process")
            return
        assert self.lock is not None and self.engine is not None
        self.lock.release()
        self.engine.dispose()

    def _loop(self) -> None:
        # The first pass once the API has settled (at most FIRST_PASS_DELAY_S after start-up), then one per interval.
        if self._stop.wait(min(self.interval_s, FIRST_PASS_DELAY_S)):
            return
        while not self._stop.is_set():
            self.tick()
            if self._stop.wait(self.interval_s):
                break

    def tick(self) -> RetentionPass | None:
        """One pass if this process is the runner; None if another process is, or the pass failed."""
        assert self.lock is not None and self.engine is not None
        try:
            runner = self.lock.acquire()
        except Exception as error:
            log.warning("retention: the runner lock could not be checked (%s); next try in %.0f s",
                        type(error).__name__, self.interval_s)  # fmt: skip
            return None
        if runner != self._runner:
            self._runner = runner
            if runner:
                log.info("retention: this process (pid %d) is the runner; a pass every %.0f s",
                         os.getpid(), self.interval_s)  # fmt: skip
            else:
                log.info("retention: another process runs the passes; this one (pid %d) stands by", os.getpid())
        if not runner:
            return None
        started = time.monotonic()
        try:
            with pass_lock(self.settings.database_url), Session(self.engine) as session:
                done = purge_all(session, self.settings)
        except Exception as error:
            log.warning("retention pass failed (%s); next try in %.0f s", type(error).__name__, self.interval_s)
            return None
        self.passes += 1
        log.info(
            "retention pass (pid %d): %d contact record(s) deleted, %d transcript event(s) in %d conversation(s) "
            "removed, %.2f s",
            os.getpid(), done.contacts.deleted, done.transcripts.deleted_events, done.transcripts.conversations,
            time.monotonic() - started,
        )  # fmt: skip
        return done


def _visible(logger: logging.Logger) -> None:
    # uvicorn's default logging configures only its own loggers: without a handler of its own
    # this logger's INFO lines would go nowhere under `make run`. Production's configuration
    # (deploy/logging/uvicorn.yml) has a root handler, which is then used as is.
    if not logger.hasHandlers():
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)


async def _settings_of(app: FastAPI) -> Settings:
    # The settings the routes get: through the same dependency, so an app built for a test
    # (settings overridden, INTAKE_ENVIRONMENT=test) sees its own.
    from .deps import current_settings

    provider = app.dependency_overrides.get(current_settings, current_settings)
    return await provider()


def scheduler_for(settings: Settings) -> RetentionScheduler | None:
    """The scheduler these settings ask for, or None (interval 0, or a test app run in-process)."""
    if settings.retention_interval_seconds <= 0 or settings.environment == "test":
        return None
    return RetentionScheduler(settings, float(settings.retention_interval_seconds))


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The API's lifespan: start the retention schedule with the app, stop it on shutdown."""
    scheduler = scheduler_for(await _settings_of(app))
    if scheduler is not None:
        _visible(log)
        scheduler.start()
    try:
        yield
    finally:
        if scheduler is not None:
            await asyncio.to_thread(scheduler.stop)  # waits for a pass in progress, off the event loop
