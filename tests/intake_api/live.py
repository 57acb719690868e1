"""A real uvicorn server for the tests that need real HTTP and real concurrency.

`live_server(app)` runs the test app (with its dependency overrides) in a thread of this
process; `uvicorn_process(...)` starts `uvicorn intake_api.main:app` as `make run` and
`make run-production` do, reading its settings from the environment, so its start-up and
its log output can be checked.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from intake_api.config import REPO_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """The app behind uvicorn on a free loopback port, in a background thread; yields the base URL."""
    port = free_port()
    # log_config=None: uvicorn leaves this process's logging (pytest's) alone.
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@dataclass
class Process:
    """A running `uvicorn intake_api.main:app` and the file its stdout and stderr go to."""

    url: str
    popen: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _environment(env: dict[str, str]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]))
    return {**base, **env}


def start_uvicorn(env: dict[str, str], log: Path, *args: str) -> Process:
    """Start uvicorn on the real app with only `env`'s INTAKE_* settings (not waiting for it)."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "intake_api.main:app", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as sink:
        popen = subprocess.Popen(
            [*command, *args], cwd=REPO_ROOT, env=_environment(env), stdout=sink, stderr=subprocess.STDOUT
        )
    return Process(url=f"http://127.0.0.1:{port}", popen=popen, log=log)


def stop(process: Process) -> None:
    if process.popen.poll() is None:
        process.popen.terminate()
        try:
            process.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.popen.kill()
            process.popen.wait(timeout=5)


def wait_until_up(process: Process, timeout_s: float = 90) -> bool:
    """True once /health answers; False if the process ended first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            return False
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{process.url}/health", timeout=2).status_code == 200:
                return True
        time.sleep(0.2)
    raise TimeoutError(f"uvicorn neither answered nor stopped within {timeout_s} s:\n{process.output()}")


@contextlib.contextmanager
def uvicorn_process(env: dict[str, str], log: Path, *args: str) -> Iterator[Process]:
    """A started, answering uvicorn process; stopped (and its output complete) after the block."""
    process = start_uvicorn(env, log, *args)
    try:
        if not wait_until_up(process):
            raise RuntimeError(f"uvicorn stopped at start-up:\n{process.output()}")
        yield process
    finally:
        stop(process)
