"""The production topology as processes on this machine.

nginx in front; N Rasa servers (SQL tracker store on PostgreSQL, Redis lock store), N action
servers (each with its own outbox file), N intake APIs (PostgreSQL, rate limits in Redis).
Every process gets its own session (process group) and log file; `stop`, `kill` and `restart`
act on one of them by name (`rasa-1`, `actions-2`, `api-1`, `nginx` ...), which is what the
fault tests and the load benchmarks need.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx

from .config import RASA_LOGGING, REPO_ROOT, UVICORN_LOGGING, ProductionConfig
from .nginx import layout_for, render


class ProductionStack:
    """Start, watch and stop the production processes."""

    def __init__(self, config: ProductionConfig):
        self.config = config
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: dict[str, IO[bytes]] = {}

    # -- what runs ----------------------------------------------------------
    def names(self) -> list[str]:
        c = self.config
        return (
            ["nginx"]
            + [f"api-{i}" for i in range(1, c.api_replicas + 1)]
            + [f"actions-{i}" for i in range(1, c.action_replicas + 1)]
            + [f"rasa-{i}" for i in range(1, c.rasa_replicas + 1)]
        )

    def port_of(self, name: str) -> int:
        kind, _, number = name.partition("-")
        ports = {"rasa": self.config.rasa_ports, "actions": self.config.action_ports, "api": self.config.api_ports}
        return ports[kind]()[int(number) - 1]

    def url_of(self, name: str) -> str:
        return f"http://{self.config.host}:{self.port_of(name)}"

    def command(self, name: str) -> list[str]:
        c = self.config
        bot_bin, app_bin = c.bot_venv / "bin", c.app_venv / "bin"
        if name == "nginx":
            return [c.nginx, "-p", str(c.run_dir), "-c", str(c.run_dir / "nginx.conf"),
                    "-e", str(c.log_dir / "nginx-error.log")]  # fmt: skip
        kind = name.split("-")[0]
        port = str(self.port_of(name))
        if kind == "api":
            return [
                str(app_bin / "uvicorn"), "intake_api.main:app", "--host", c.host, "--port", port,
                "--proxy-headers", "--forwarded-allow-ips", c.host, "--timeout-keep-alive", "75",
                "--no-server-header", "--log-config", str(UVICORN_LOGGING),
            ]  # fmt: skip
        if kind == "actions":
            return [
                str(bot_bin / "python"), "-m", "rasa_sdk", "--actions", "bot.actions", "--port", port,
                # (sic: rasa-sdk 3.6 spells the option with one underscore)
                "--logging-config_file", str(RASA_LOGGING),
            ]  # fmt: skip
        return [
            str(bot_bin / "rasa"), "run", "--enable-api", "--auth-token", c.rasa_token,
            "--interface", c.host, "--port", port, "--model", str(c.model),
            "--credentials", "credentials.yml", "--endpoints", str(c.endpoints_file),
            "--logging-config-file", str(RASA_LOGGING), "--cors", *c.origins(),
        ]  # fmt: skip

    def environment(self, name: str) -> dict[str, str]:
        env = self.config.environment()
        if name.startswith("actions-"):
            env["BOT_OUTBOX_PATH"] = str(self.config.outbox_path(int(name.split("-")[1])))
        # Sanic (Rasa, action servers) keeps idle connections longer than nginx does (4 s), so
        # nginx never reuses a connection the server is just closing.
        env["SANIC_KEEP_ALIVE_TIMEOUT"] = "75"
        return env

    def health_url(self, name: str) -> str:
        if name == "nginx":
            return f"{self.config.public_url}/webhooks/rest/"
        if name.startswith("rasa-"):
            return f"{self.url_of(name)}/status?token={self.config.rasa_token}"
        return f"{self.url_of(name)}/health"

    def log_path(self, name: str) -> Path:
        return self.config.log_dir / f"{name}.log"

    def log_files(self) -> list[Path]:
        return sorted(p for p in self.config.log_dir.glob("*.log") if p.is_file())

    # -- preparation --------------------------------------------------------
    def write_nginx_config(self) -> Path:
        c = self.config
        for folder in (c.run_dir, c.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        path = c.run_dir / "nginx.conf"
        path.write_text(render(layout_for(c)), encoding="utf-8")
        return path

    def ensure_databases(self) -> None:
        """Create the tracker and intake databases if missing (local convenience; needs CREATEDB)."""
        import psycopg
        from sqlalchemy.engine import make_url

        c = self.config
        targets = {make_url(c.intake_database_url), make_url(c.tracker_database_url())}
        for url in targets:
            if not url.drivername.startswith("postgresql") or not url.database:
                continue
            admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
            with psycopg.connect(admin, autocommit=True, connect_timeout=5) as db:
                if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone() is None:
                    with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                        db.execute(f'CREATE DATABASE "{url.database}"')

    def migrate(self) -> None:
        """The intake database to the newest schema (Alembic), the unit registry seeded; no dev keys."""
        subprocess.run(
            [str(self.config.app_venv / "bin" / "python"), "-m", "intake_api.migrate"],
            cwd=REPO_ROOT, env=self.config.environment(), check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    # -- lifecycle ----------------------------------------------------------
    def start(self, timeout_s: float = 300.0) -> None:
        c = self.config
        c.validate()
        if not c.model.exists():
            raise FileNotFoundError(f"no trained model at {c.model}; run `make model`")
        if not Path(c.nginx).exists():
            raise FileNotFoundError(f"nginx not found at {c.nginx}; `make run-production` installs it")
        c.workdir.mkdir(parents=True, exist_ok=True)
        self.write_nginx_config()
        self.ensure_databases()
        self.migrate()
        try:
            for name in self.names():
                self._spawn(name)
            self.wait_healthy(self.names(), timeout_s)
            self.check_stores()
            self.warm_up()
        except BaseException:
            self.stop()
            raise

    def _spawn(self, name: str) -> None:
        self.config.log_dir.mkdir(parents=True, exist_ok=True)
        log = self._logs.get(name)
        if log is None or log.closed:
            log = self._logs[name] = open(self.log_path(name), "ab")  # noqa: SIM115 (closed in stop())
        self.processes[name] = subprocess.Popen(
            self.command(name), cwd=REPO_ROOT, env=self.environment(name),
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    def warm_up(self, names: list[str] | None = None) -> None:
        """Let each Rasa server parse a message once: its first inference is seconds slower than
        the rest, and a resident should not be the one who waits for it."""
        if names is None:
            names = [n for n in self.processes if n.startswith("rasa-")]

        def parse(name: str) -> None:
            with contextlib.suppress(httpx.HTTPError):
                httpx.post(f"{self.url_of(name)}/model/parse", params={"token": self.config.rasa_token},
                           json={"text": "hei, når er biblioteket åpent?"}, timeout=60)  # fmt: skip

        threads = [threading.Thread(target=parse, args=(n,)) for n in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def check_stores(self) -> None:
        """Rasa falls back to an in-memory tracker store, with only a warning, when it cannot import
        the configured one: with several replicas that loses conversations. Refuse to run so."""
        for name in self.names():
            if name.startswith("rasa-") and "Using `InMemoryTrackerStore` instead" in self.log_path(name).read_text(
                encoding="utf-8", errors="replace"
            ):
                raise RuntimeError(f"{name} could not load the SQL tracker store; see {self.log_path(name)}")

    def healthy(self, name: str) -> bool:
        try:
            return httpx.get(self.health_url(name), timeout=3.0).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_healthy(self, names: list[str], timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        pending = list(names)
        while pending:
            for name in list(pending):
                process = self.processes.get(name)
                if process is None or process.poll() is not None:
                    code = None if process is None else process.returncode
                    raise RuntimeError(f"{name} exited ({code}) during start-up; see {self.log_path(name)}")
                if self.healthy(name):
                    pending.remove(name)
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not healthy after {timeout_s:.0f} s: {', '.join(pending)}")
            if pending:
                time.sleep(0.5)

    def stop(self, name: str | None = None, grace_s: float = 15.0) -> None:
        """Stop one process or all of them (SIGTERM to the process group, SIGKILL after the grace)."""
        names = [name] if name else list(self.processes)
        for n in names:
            process = self.processes.get(n)
            if process is not None and process.poll() is None:
                _signal_group(process.pid, signal.SIGTERM)
        for n in names:
            process = self.processes.pop(n, None)
            if process is None:
                continue
            try:
                process.wait(grace_s)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait(5)
        if name is None:
            for log in self._logs.values():
                log.close()
            self._logs.clear()

    def outbox_counts(self) -> dict[str, int]:
        """Submissions waiting in (and refused into) the action servers' outbox files."""
        import sqlite3

        counts = {"outbox": 0, "rejected": 0}
        for i in range(1, self.config.action_replicas + 1):
            path = self.config.outbox_path(i)
            if not path.exists():
                continue
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
                for table in counts:
                    with contextlib.suppress(sqlite3.OperationalError):  # table not made yet
                        counts[table] += int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        return {"queued": counts["outbox"], "rejected": counts["rejected"]}

    def stored_reference_counts(self, references: list[str]) -> dict[str, int]:
        """How many rows each reference code has in the intake database (feedback and messages)."""
        import psycopg

        url = self.config.intake_database_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url, connect_timeout=10) as db:
            rows = db.execute(
                "SELECT reference, COUNT(*) FROM (SELECT reference FROM feedback UNION ALL"
                " SELECT reference FROM message) AS items WHERE reference = ANY(%s) GROUP BY reference",
                (references,),
            ).fetchall()
        counts = dict.fromkeys(references, 0)
        counts.update({str(ref): int(n) for ref, n in rows})
        return counts

    def kill(self, name: str) -> None:
        """SIGKILL one process group: a crash, no chance to clean up (locks, connections)."""
        process = self.processes.pop(name)
        _signal_group(process.pid, signal.SIGKILL)
        process.wait(10)

    def restart(self, *names: str, timeout_s: float = 240.0) -> None:
        """Start the named processes again (stopping any still running) and wait until they answer."""
        for name in names:
            if name in self.processes:
                self.stop(name)
        for name in names:
            self._spawn(name)
        self.wait_healthy(list(names), timeout_s)
        self.warm_up([n for n in names if n.startswith("rasa-")])

    def pids(self, name: str) -> list[int]:
        """Every process in the named process's session (nginx's workers, for instance)."""
        process = self.processes.get(name)
        return [] if process is None else session_members(process.pid)

    def rss_mib(self) -> dict[str, float]:
        """Resident memory of each running process (with its children), in MiB."""
        return {name: sum(rss_kib(pid) for pid in self.pids(name)) / 1024 for name in self.processes}

    def __enter__(self) -> ProductionStack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _proc_stats() -> Iterator[tuple[int, list[str]]]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                raw = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name (field 2) may hold spaces; the fields after its ")" are plain.
            yield int(entry.name), raw[raw.rfind(")") + 2 :].split()


def session_members(sid: int) -> list[int]:
    """The processes whose session id is `sid` (fields after the name: state ppid pgrp session ...)."""
    return [pid for pid, fields in _proc_stats() if len(fields) > 3 and int(fields[3]) == sid]


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
