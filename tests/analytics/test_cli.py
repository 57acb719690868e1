"""`analytics sectors` prints volume and mean rating per sector from the intake database."""

from __future__ import annotations

import subprocess
import sys

from tests.app_fixtures import BOT


def test_sectors_command_reads_the_database(client, database_url):
    for i, (sector, rating) in enumerate([("omsorg", 5), ("omsorg", 2), ("barnehage", 6)]):
        body = {"sector": sector, "rating": rating, "text": "", "channel": "web", "language": "nb"}
        response = client.post("/api/v1/feedback", json=body, headers={**BOT, "Idempotency-Key": f"cli-test-{i:04d}"})
        assert response.status_code == 201
    result = subprocess.run(
        [sys.executable, "-m", "analytics.cli", "sectors", "--database-url", database_url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert lines[0].split()[0] == "Sektor"
    omsorg = next(line for line in lines if line.startswith("Pleie og omsorg"))
    assert omsorg.split()[-2:] == ["2", "3.50"]
    barnehage = next(line for line in lines if line.startswith("Barnehage"))
    assert barnehage.split()[-2:] == ["1", "6.00"]


def test_empty_database(database_url):
    result = subprocess.run(
        [sys.executable, "-m", "analytics.cli", "sectors", "--database-url", database_url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "Ingen tilbakemeldinger" in result.stdout


def test_help_has_an_example():
    result = subprocess.run(
        [sys.executable, "-m", "analytics.cli", "sectors", "--help"], capture_output=True, text=True
    )
    assert "Example:" in result.stdout
