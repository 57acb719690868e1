"""The `analytics` command, run through its installed entry point, and its output read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.cli import COMMANDS, main
from tests.app_fixtures import BOT

ENTRY_POINT = str(Path(sys.executable).with_name("analytics"))


def run(*args: str, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ENTRY_POINT, *args], capture_output=True, text=True, check=check,
                          env={**os.environ, **(env or {})})  # fmt: skip


def test_sectors_command_reads_the_database(client, database_url):
    rows = [("omsorg", 5), ("omsorg", 2), ("omsorg", 4), ("omsorg", 4), ("omsorg", 5), ("barnehage", 6)]
    for i, (sector, rating) in enumerate(rows):
        body = {"sector": sector, "rating": rating, "text": "", "channel": "web", "language": "nb"}
        response = client.post("/api/v1/feedback", json=body, headers={**BOT, "Idempotency-Key": f"cli-test-{i:04d}"})
        assert response.status_code == 201
    lines = run("sectors", "--database-url", database_url).stdout.splitlines()
    assert lines[0].split()[0] == "Sektor"
    omsorg = next(line for line in lines if line.startswith("Pleie og omsorg"))
    assert omsorg.split()[-2:] == ["5", "4.00"]
    # One response is not shown: fewer than five (small-number protection).
    barnehage = next(line for line in lines if line.startswith("Barnehage"))
    assert barnehage.split()[-2:] == ["<5", "–"]


def test_empty_database(database_url):
    assert "Ingen tilbakemeldinger" in run("sectors", "--database-url", database_url).stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented_with_an_example(name, capsys):
    # In-process (the entry point itself is exercised by the other tests): ten interpreter starts cost ~30 s.
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "Example:" in text and "analytics" in text.split("Example:")[1]


def test_top_level_help_lists_every_command():
    text = run("--help").stdout
    assert all(name in text for name in COMMANDS) and "Example:" in text


def test_pack_pdf_through_the_entry_point(demo, tmp_path):
    pdf = tmp_path / "pakke.pdf"
    run("--database-url", demo.url, "pack", "--sector", "barnehage", "--period", "2026-T2", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_reports_from_demo_data(demo, capsys):
    urls = ["--database-url", demo.url, "--tracker-url", demo.tracker_url]
    html = cli(capsys, *urls, "summary", "--period", "2026-T2")
    assert "Kort fortalt" in html and "DEMODATA" in html
    figures = json.loads(cli(capsys, *urls, "figures", "--period", "2026-T2", "--level", "unit", "--json"))
    assert figures and all(f["responses"] is None or f["responses"] >= 5 for f in figures)
    table = cli(capsys, *urls, "figures", "--period", "2026-T2")
    assert table.startswith("2. tertial 2026 (endring mot 1. tertial 2026)") and "Pleie og omsorg" in table
    bot = cli(capsys, *urls, "bot", "--period", "2026-T2")
    assert "Samtaler:" in bot and "utenfor åpningstid" in bot
    assert "Temaer som går igjen" in cli(capsys, *urls, "learning", "--period", "2026-T2")
    themes = cli(capsys, "themes", "Ingen tok telefonen, dere burde svare raskere.")
    assert "Ventetid og tilgjengelighet" in themes and "forslag" in themes


def test_digest_to_the_outbox(demo, tmp_path):
    env = {"ANALYTICS_OUTBOX_DIR": str(tmp_path / "outbox"), "ANALYTICS_SMTP_HOST": ""}
    out = run("--database-url", demo.url, "digest", "--all", "--since", "2026-09-01", "--until", "2026-09-30", env=env)
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == len(out.stdout.splitlines()) >= 10
    assert "Subject: [DEMO] Tilbakemeldinger til" in files[0].read_text(encoding="utf-8")


def test_demo_data_command_refuses_a_real_database(client, database_url, tmp_path):
    body = {"sector": "omsorg", "rating": 5, "text": "", "channel": "web", "language": "nb"}
    client.post("/api/v1/feedback", json=body, headers={**BOT, "Idempotency-Key": "real-cli-0001"})
    result = run(
        "demo-data", "--database-url", database_url, "--tracker-url", f"sqlite:///{tmp_path}/t.db", check=False
    )
    assert result.returncode == 1 and "not demo data" in result.stderr


def test_a_bad_period_says_what_to_write(database_url):
    result = run("figures", "--database-url", database_url, "--period", "i fjor", check=False)
    assert result.returncode == 2 and "2026-T1" in result.stderr
