"""Feedback submissions per second and latency, intake API next to a minimal insert endpoint.

    .venv/app/bin/python -m bench.intake_submit [--requests 1000] [--seconds 20] [--no-postgres]

Starts four uvicorn processes on loopback (one worker each): the intake API and the
minimal FastAPI + SQLAlchemy app (bench/minimal_app.py), each on SQLite and on
PostgreSQL (INTAKE_TEST_DATABASE_URL, default the local server; a fresh schema,
dropped afterwards). Each is driven by 1, 20 and 100 concurrent clients, every request
a new feedback submission with its own Idempotency-Key. A level stops after --requests
requests or --seconds seconds, whichever comes first. Client and servers share the
machine's cores, so the absolute figures are lower than on a dedicated server; the ratio
intake/minimal measured in the same run is the figure that matters. The load comes from a
small asyncio HTTP/1.1 client (bench/raw_http.py): httpx itself saturates a core at 100
connections.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from .raw_http import Connection

REPO_ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("INTAKE_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
LEVELS = (1, 20, 100)
BODY = {
    "sector": "omsorg",
    "rating": 4,
    "text": "Hjemmesykepleien kom for sent i dag, men de var hyggelige. Ring meg gjerne på 912 34 567.",
    "channel": "chat",
    "language": "nb",
}


@dataclass
class Result:
    server: str
    database: str
    clients: int
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(app: str, database_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "INTAKE_ENVIRONMENT": "test",
        "INTAKE_DATABASE_URL": database_url,
        "INTAKE_RATE_LIMIT_SUBMIT": "10000000/minute",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
         "--no-access-log", "--log-level", "warning"],
        cwd=REPO_ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/docs", timeout=1)
            return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app} did not start; see {log}")


async def drive(base: str, clients: int, total: int, seconds: float) -> tuple[list[float], int, float]:
    """`clients` concurrent connections posting feedback until `total` requests or `seconds` are spent."""
    latencies: list[float] = []
    errors = 0
    sent = 0
    stop_at = time.monotonic() + seconds
    host, port = base.removeprefix("http://").split(":")

    async def one_client() -> None:
        nonlocal sent, errors
        connection = Connection(host, int(port))
        try:
            while sent < total and time.monotonic() < stop_at:
                sent += 1
                headers = {"X-API-Key": "dev-bot-key", "Idempotency-Key": f"bench-{uuid.uuid4().hex}"}
                start = time.perf_counter()
                status = await connection.post_json("/api/v1/feedback", BODY, headers)
                latencies.append((time.perf_counter() - start) * 1000)
                if status != 201:
                    errors += 1
        finally:
            await connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(server: str, database: str, base: str, args: argparse.Namespace) -> list[Result]:
    asyncio.run(drive(base, 4, 50, 10))  # warm-up: connections, caches, first inserts
    results = []
    for clients in LEVELS:
        latencies, errors, elapsed = asyncio.run(drive(base, clients, args.requests, args.seconds))
        results.append(
            Result(server, database, clients, len(latencies), errors, round(len(latencies) / elapsed, 1),
                   round(statistics.median(latencies), 1), round(percentile(latencies, 0.95), 1))
        )  # fmt: skip
        last = results[-1]
        print(f"  {server:<8} {database:<10} {clients:>3} clients: {last.per_second:>7.1f}/s  "
              f"p50 {last.p50_ms:>6.1f} ms  p95 {last.p95_ms:>7.1f} ms  errors {errors}", flush=True)  # fmt: skip
    return results


def databases(folder: Path, use_postgres: bool) -> dict[str, str]:
    urls = {"sqlite": f"sqlite:///{folder / 'bench.db'}"}
    if use_postgres:
        urls["postgresql"] = PG_URL
    return urls


def isolated(url: str, name: str, folder: Path, schemas: list[str]) -> str:
    """A private SQLite file or PostgreSQL schema for one server."""
    if url.startswith("sqlite"):
        return f"sqlite:///{folder / f'{name}.db'}"
    schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    schemas.append(schema)
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000, help="at most this many requests per level")
    parser.add_argument("--seconds", type=float, default=20, help="at most this long per level")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--json", type=Path, default=REPO_ROOT / "test-artifacts" / "bench_intake_submit.json")
    args = parser.parse_args()

    from intake_api.migrate import prepare

    results: list[Result] = []
    schemas: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            for database, base_url in databases(folder, not args.no_postgres).items():
                for server, app in (("intake", "intake_api.main:app"), ("minimal", "bench.minimal_app:app")):
                    url = isolated(base_url, f"{server}_{database}", folder, schemas)
                    if server == "intake":
                        prepare(url)
                    process, base = start(app, url, folder / f"{server}-{database}.log")
                    try:
                        results += measure(server, database, base, args)
                    finally:
                        process.terminate()
                        process.wait(15)
        finally:
            if schemas:
                engine = create_engine(PG_URL)
                with engine.begin() as connection:
                    for schema in schemas:
                        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                engine.dispose()

    print("\n| database | clients | intake/s | p50 | p95 | minimal/s | p50 | p95 | intake/minimal |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in (r for r in results if r.server == "intake"):
        m = next(x for x in results if x.server == "minimal" and x.database == r.database and x.clients == r.clients)
        print(f"| {r.database} | {r.clients} | {r.per_second} | {r.p50_ms} ms | {r.p95_ms} ms | {m.per_second} | "
              f"{m.p50_ms} ms | {m.p95_ms} ms | {r.per_second / m.per_second:.2f} |")  # fmt: skip
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))


if __name__ == "__main__":
    main()
