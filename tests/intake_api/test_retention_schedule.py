"""Retention runs by itself inside the real API process, with one runner among several processes.

The API is started as `make run` and production start it (`uvicorn intake_api.main:app`, settings
from the environment) on the test database: SQLite by default, PostgreSQL when
INTAKE_TEST_DATABASE_URL is set (`make test` runs this folder on both). Nobody runs a command:
the old transcript and the expired contact details must disappear on their own.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from intake_api.config import REPO_ROOT, Settings
from intake_api.models import Contact, Feedback
from intake_api.retention import tracker_engine
from intake_api.retention_schedule import FileRunnerLock, pass_lock, runner_lock, scheduler_for
from tests.app_fixtures import on_postgres, tracker_url_for

from . import rasa_tracker
from .helpers import VALID_FEEDBACK, close, submit
from .live import Process, start_uvicorn, stop, uvicorn_process, wait_until_up

NOW = datetime.now(timezone.utc)
PASS_LINE = re.compile(
    r"retention pass \(pid (\d+)\): (\d+) contact record\(s\) deleted, (\d+) transcript event\(s\) "
    r"in (\d+) conversation\(s\) removed"
)
NAME, PHONE = "Kari Nordmann", "912 34 567"


@pytest.fixture
def tracker(database_url, tmp_path):
    url = tracker_url_for(database_url, tmp_path)
    engine = rasa_tracker.create(url)
    yield url, engine
    if on_postgres():
        rasa_tracker.metadata.drop_all(engine)
    engine.dispose()
    tracker_engine.cache_clear()


def api_env(database_url: str, tracker_url: str, data_dir: Path, interval: int = 1) -> dict[str, str]:
    return {
        "INNBYGGER_DATA_DIR": str(data_dir),
        "INTAKE_DATABASE_URL": database_url,
        "INTAKE_TRACKER_DATABASE_URL": tracker_url,
        "INTAKE_RETENTION_INTERVAL_SECONDS": str(interval),
        "INTAKE_CONTACT_RETENTION_DAYS": "30",
        "INTAKE_TRANSCRIPT_RETENTION_DAYS": "21",
    }


def feedback_with_contact(client, session, closed_days_ago: int | None) -> str:
    body = {**VALID_FEEDBACK, "contact": {"name": NAME, "phone": PHONE}, "contact_consent": True}
    reference = submit(client, body).json()["reference"]
    if closed_days_ago is not None:
        close(client, f"/api/v1/feedback/{reference}")
        session.execute(
            update(Feedback)
            .where(Feedback.reference == reference)
            .values(closed_at=NOW - timedelta(days=closed_days_ago))
        )
        session.commit()
    return reference


def with_contact(session) -> set[str]:
    session.expire_all()
    return set(session.scalars(select(Feedback.reference).join(Contact, Contact.feedback_id == Feedback.id)))


def passes(process: Process) -> list[tuple[int, ...]]:
    return [tuple(int(g) for g in m.groups()) for m in PASS_LINE.finditer(process.output())]


def wait_for(condition: Callable[[], bool], timeout_s: float, what: str, *processes: Process) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    logs = "\n".join(f"--- {p.log.name}\n{p.output()[-3000:]}" for p in processes)
    pytest.fail(f"not within {timeout_s:.0f} s: {what}\n{logs}")


def test_old_transcripts_and_expired_contacts_go_with_nobody_running_a_command(
    client, session, tracker, database_url, tmp_path
):
    tracker_url, events = tracker
    expired = feedback_with_contact(client, session, closed_days_ago=40)
    recently_closed = feedback_with_contact(client, session, closed_days_ago=2)
    still_open = feedback_with_contact(client, session, closed_days_ago=None)
    rasa_tracker.add_conversation(events, "old-conversation-schedule-01", NOW - timedelta(days=30))
    rasa_tracker.add_conversation(events, "new-conversation-schedule-01", NOW - timedelta(hours=2))
    assert with_contact(session) == {expired, recently_closed, still_open}

    env = api_env(database_url, tracker_url, tmp_path / "data")
    with uvicorn_process(env, tmp_path / "api.log") as api:
        wait_for(
            lambda: expired not in with_contact(session) and "old-conversation-schedule-01" not in
            rasa_tracker.senders(events),
            30, "the expired contact details and the old transcript removed by the API's schedule", api,
        )  # fmt: skip
        wait_for(lambda: len(passes(api)) >= 2, 15, "a second pass one interval later", api)
    assert with_contact(session) == {recently_closed, still_open}
    assert rasa_tracker.senders(events) == {"new-conversation-schedule-01": 4}

    output = api.output()
    first = passes(api)[0]
    assert first[1:] == (1, 4, 1), output  # 1 contact record; 4 events in 1 conversation
    assert all(p[1:] == (0, 0, 0) for p in passes(api)[1:]), output  # later passes find nothing more
    # Counts only: no reference code, no conversation id, nothing of the contact details.
    for personal in (expired, "old-conversation-schedule-01", NAME, PHONE, PHONE.replace(" ", "")):
        assert personal not in output, personal


def test_two_api_processes_have_one_runner_and_the_other_takes_over(client, tracker, database_url, tmp_path):
    tracker_url, _ = tracker
    env = api_env(database_url, tracker_url, tmp_path / "data")
    first = start_uvicorn(env, tmp_path / "api-1.log")
    second = start_uvicorn(env, tmp_path / "api-2.log")
    try:
        assert wait_until_up(first) and wait_until_up(second), first.output() + second.output()
        both = (first, second)
        wait_for(lambda: sum(len(passes(p)) for p in both) >= 4, 30, "four passes between the two", *both)
        runners = [p for p in both if passes(p)]
        assert len(runners) == 1, "both processes ran passes:\n" + first.output() + second.output()
        runner, standby = runners[0], next(p for p in both if p is not runners[0])
        assert {p[0] for p in passes(runner)} == {runner.popen.pid}
        assert "another process runs the passes" in standby.output()

        stop(runner)  # the runner goes away (a rolling update, a crash): the other takes over
        wait_for(lambda: bool(passes(standby)), 15, "the standby process taking over the passes", standby)
        assert {p[0] for p in passes(standby)} == {standby.popen.pid}
        assert "is the runner" in standby.output()
    finally:
        stop(first)
        stop(second)


def test_off_with_zero_and_for_in_process_test_apps(tmp_path):
    url = f"sqlite:///{tmp_path / 'intake.db'}"
    assert scheduler_for(Settings(database_url=url, retention_interval_seconds=0)) is None
    assert scheduler_for(Settings(database_url=url, environment="test")) is None
    scheduler = scheduler_for(Settings(database_url=url))
    assert scheduler is not None and scheduler.interval_s == 3600
    scheduler.stop()  # never started: releases nothing it does not hold


def test_the_sqlite_lock_lets_one_holder_at_a_time(tmp_path):
    url = f"sqlite:///{tmp_path / 'intake.db'}"
    one, two = runner_lock(url), runner_lock(url)
    assert isinstance(one, FileRunnerLock) and one.path == tmp_path / "intake.db.retention-lock"
    assert one.acquire() and one.acquire()  # the holder stays the runner
    assert not two.acquire()
    one.release()
    assert two.acquire()
    two.release()


def test_the_retention_command_waits_for_a_pass_in_progress(database_url, tracker, tmp_path):
    """deploy/'s scheduled `retention all` and the API's own pass never purge at the same time."""
    tracker_url, _ = tracker
    env = {**os.environ, **api_env(database_url, tracker_url, tmp_path / "data")}
    command = [sys.executable, "-m", "intake_api.retention", "all"]
    with pass_lock(database_url):  # what the API's runner holds during a pass
        job = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            job.wait(8)
        assert job.poll() is None, job.communicate()[0].decode()
    out, _ = job.communicate(timeout=60)
    assert job.returncode == 0 and b"contact details: 0 deleted" in out, out.decode()
