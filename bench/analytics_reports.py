"""Benchmark: the rådmann summary and one dialogue-conference pack over 10 k, 100 k and 1 M feedback rows.

    .venv/app/bin/python -m bench.analytics_reports                 # 10k, 100k, 1M (about 10 minutes)
    .venv/app/bin/python -m bench.analytics_reports --rows 10000 100000 --json test-artifacts/bench_analytics.json

Each size gets its own SQLite file with three years of feedback (a tertial holds a ninth of
the rows; 60 % have a comment from the demo pool). Each task runs in a fresh interpreter so
its peak memory (ru_maxrss) is its own: the summary (build + HTML), the pack (build + HTML),
and, as the yardstick, a plain pandas read + groupby of the same figures (count, mean, share
satisfied, distribution per sector and per unit, for the period, the one before and last year).
PDF rendering is timed once: it does not grow with the rows.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

PERIOD = "2026-T2"
SECTOR = "omsorg"


def _texts() -> list[str]:
    from analytics.demo import comments as c

    pool = [pair[0] for pair in c.GOOD + c.BAD + c.SUGGESTIONS] + [pair[1] for pair in c.GOOD + c.BAD]
    for spec in c.SECTOR.values():
        for options in spec.values():
            pool += [pair[0] for pair, _ in options] + [pair[1] for pair, _ in options]
    # Vary them a little so the classifier's cache does not make real data look cheaper than it is.
    return [f"{text} {suffix}".strip() for text in pool for suffix in ("", "Takk.", "Hilsen innbygger.", "Mvh")]


def build_database(path: Path, rows: int, seed: int = 7) -> str:
    """A migrated intake database with `rows` synthetic feedback rows over 2024–2026."""
    from intake_api.migrate import prepare

    url = f"sqlite:///{path}"
    prepare(url)
    connection = sqlite3.connect(path)
    units = connection.execute("SELECT id, sector FROM unit").fetchall()
    rng = random.Random(seed)
    texts = _texts()
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    span = (datetime(2027, 1, 1, tzinfo=timezone.utc) - start).total_seconds()
    batch = []
    for i in range(rows):
        unit_id, sector = units[i % len(units)]
        created = start + timedelta(seconds=rng.random() * span)
        stamp = created.strftime("%Y-%m-%d %H:%M:%S.%f")
        due = (created + timedelta(days=14)).strftime("%Y-%m-%d %H:%M:%S.%f")
        status = "lukket" if rng.random() < 0.9 else "mottatt"
        batch.append((f"B-{i:09d}", f"bench-{i}", "0" * 64, sector, unit_id, rng.choice((2, 3, 4, 4, 5, 5, 6)),
                      rng.choice(texts) if rng.random() < 0.6 else "", "chat", "nb", status,
                      int(rng.random() < 0.004), due, stamp, stamp))  # fmt: skip
        if len(batch) == 50_000 or i == rows - 1:
            connection.executemany(
                "INSERT INTO feedback (reference, idempotency_key, payload_hash, sector, unit_id, rating, text, "
                "channel, language, status, avvik, due_at, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                batch,
            )
            batch = []
    connection.commit()
    connection.close()
    return url


def task_summary(url: str) -> None:
    from analytics import build_radmann_summary, parse_period, render_summary_html
    from intake_api.db import make_engine

    render_summary_html(build_radmann_summary(make_engine(url), parse_period(PERIOD)))


def task_pack(url: str) -> None:
    from analytics import build_dialogue_pack, parse_period, render_pack_html
    from intake_api.db import make_engine

    render_pack_html(build_dialogue_pack(make_engine(url), SECTOR, parse_period(PERIOD)))


def task_pandas(url: str) -> None:
    """The same figures the plain way: read the window, group by sector and unit for three periods."""
    import pandas as pd
    from sqlalchemy import create_engine

    from analytics import parse_period

    period = parse_period(PERIOD)
    periods = {"now": period, "previous": period.previous(), "last_year": period.same_last_year()}
    first = min(p.first for p in periods.values())
    frame = pd.read_sql(
        "SELECT sector, unit_id, rating, status, avvik, due_at, created_at FROM feedback WHERE created_at >= ?",
        create_engine(url),
        params=(first.isoformat(),),
    )
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True, format="ISO8601")
    for name, chosen in periods.items():
        low, high = (pd.Timestamp(t) for t in chosen.bounds())
        part = frame[(frame["created_at"] >= low) & (frame["created_at"] < high)]
        for key in ("sector", "unit_id"):
            grouped = part.groupby(key)["rating"]
            stats = grouped.agg(["size", "mean"]).join((part["rating"] >= 5).groupby(part[key]).mean().rename("sat"))
            if name == "now":
                stats = stats.join(grouped.value_counts().unstack(fill_value=0))
                stats = stats.join((part["status"] != "lukket").groupby(part[key]).sum().rename("open"))
            stats.to_dict()


def task_pdf(url: str) -> None:
    from analytics import build_radmann_summary, html_to_pdf, parse_period, render_summary_html
    from intake_api.db import make_engine

    html_to_pdf(render_summary_html(build_radmann_summary(make_engine(url), parse_period(PERIOD))))


TASKS = {"summary": task_summary, "pack": task_pack, "pandas": task_pandas, "pdf": task_pdf}


def measure(task: str, url: str) -> dict[str, float]:
    """Run one task in a fresh interpreter: wall seconds of the task itself and the process's peak RSS."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.analytics_reports", "--run", task, "--url", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_one(task: str, url: str) -> None:
    # Imports are warmed first, so the time is the work, not the interpreter's start-up.
    import analytics  # noqa: F401
    import intake_api.db  # noqa: F401

    before = time.perf_counter()
    TASKS[task](url)
    seconds = time.perf_counter() - before
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_mb)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--run", choices=sorted(TASKS), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_one(args.run, args.url)
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-analytics-") as folder:
        for rows in args.rows:
            began = time.perf_counter()
            url = build_database(Path(folder) / f"bench-{rows}.db", rows)
            print(f"{rows:>9} rows: database built in {time.perf_counter() - began:.0f} s", flush=True)
            for task in ("pandas", "summary", "pack"):
                result = {"rows": rows, "task": task, **measure(task, url)}
                results.append(result)
                print(f"{'':>9}  {task:<8} {result['seconds']:>7.2f} s  {result['peak_mb']:>6} MB", flush=True)
        pdf = {"rows": args.rows[-1], "task": "summary+pdf", **measure("pdf", url)}
        results.append(pdf)
        print(f"{'':>9}  summary+pdf at {rows} rows: {pdf['seconds']:.2f} s, {pdf['peak_mb']} MB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
