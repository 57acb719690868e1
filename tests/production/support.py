"""Helpers of the production tests: PostgreSQL's state, the ledger of personal data sent."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import psycopg

PG_VERSION = next(iter(sorted(p.name for p in Path("/etc/postgresql").glob("*"))), "15")


def postgres_ready() -> bool:
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2) as db:
            db.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def ensure_postgres_running(timeout_s: float = 60) -> None:
    """Start the cluster again if a test left it stopped (the restart test, on failure)."""
    if postgres_ready():
        return
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, "main", "start"],
        check=False, capture_output=True, timeout=120,
    )  # fmt: skip
    deadline = time.monotonic() + timeout_s
    while not postgres_ready():
        if time.monotonic() > deadline:
            raise RuntimeError("PostgreSQL did not come back")
        time.sleep(0.5)


class PersonalDataLedger:
    """Every phone number, e-mail and fødselsnummer the tests sent, for the log scan."""

    def __init__(self) -> None:
        self.values: set[str] = set()

    def add(self, values: list[str]) -> None:
        self.values.update(values)
