"""Start the intake API, the action server and the Rasa server together.

`make run` calls `python -m devtools.stack run`; the end-to-end tests use
`Stack` directly with free ports and a temporary data folder. Every process
gets its own process group so Ctrl-C (or a failing test) stops all of them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_RASA_TOKEN = "dev-rasa-token"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass
class StackConfig:
    """Ports, folders and secrets for one running set of processes."""

    rasa_port: int = field(default_factory=lambda: _env_int("RASA_PORT", 5005))
    action_port: int = field(default_factory=lambda: _env_int("ACTION_PORT", 5055))
    api_port: int = field(default_factory=lambda: _env_int("API_PORT", 8000))
    host: str = "127.0.0.1"
    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("INNBYGGER_DATA_DIR", REPO_ROOT / "data")))
    model: Path = field(
        default_factory=lambda: Path(os.environ.get("RASA_MODEL", REPO_ROOT / "models" / "innbygger.tar.gz"))
    )
    rasa_token: str = field(default_factory=lambda: os.environ.get("RASA_TOKEN", DEV_RASA_TOKEN))
    bot_venv: Path = field(default_factory=lambda: Path(os.environ.get("BOT_VENV", REPO_ROOT / ".venv" / "bot")))
    app_venv: Path = field(default_factory=lambda: Path(os.environ.get("APP_VENV", REPO_ROOT / ".venv" / "app")))
    log_dir: Path | None = None  # None: prefix each line and print to the terminal
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    def page_origins(self) -> list[str]:
        return [f"http://localhost:{self.api_port}", f"http://127.0.0.1:{self.api_port}"]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "RASA_TELEMETRY_ENABLED": "false",
                "INNBYGGER_DATA_DIR": str(self.data_dir),
                "RASA_TRACKER_DB": str(self.data_dir / "rasa_tracker.db"),
                "ACTION_ENDPOINT_URL": f"{self.action_url}/webhook",
                "INTAKE_API_URL": self.api_url,
                "INTAKE_RASA_PUBLIC_URL": f"http://localhost:{self.rasa_port}",
                # Keep TensorFlow quiet and on the CPU; nothing may phone home.
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "CUDA_VISIBLE_DEVICES": "",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env


class Stack:
    """The three processes of the service, started in dependency order."""

    def __init__(self, config: StackConfig | None = None):
        self.config = config or StackConfig()
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._log_files: list[IO[bytes]] = []

    # -- commands ---------------------------------------------------------
    def commands(self) -> dict[str, list[str]]:
        c = self.config
        bot_bin, app_bin = c.bot_venv / "bin", c.app_venv / "bin"
        cors = c.page_origins()
        return {
            "api": [str(app_bin / "uvicorn"), "intake_api.main:app", "--host", c.host, "--port", str(c.api_port)],
            "actions": [
                str(bot_bin / "rasa"), "run", "actions", "--actions", "bot.actions", "--port", str(c.action_port),
            ],
            "rasa": [
                str(bot_bin / "rasa"), "run", "--enable-api", "--auth-token", c.rasa_token,
                "--interface", c.host, "--port", str(c.rasa_port), "--model", str(c.model),
                "--credentials", "credentials.yml", "--endpoints", "endpoints.yml", "--cors", *cors,
            ],
        }  # fmt: skip

    def health_urls(self) -> dict[str, str]:
        c = self.config
        return {
            "api": f"{c.api_url}/health",
            "actions": f"{c.action_url}/health",
            "rasa": f"{c.rasa_url}/status?token={c.rasa_token}",
        }

    # -- lifecycle --------------------------------------------------------
    def migrate(self) -> None:
        """Bring the intake database to the newest schema before the API starts."""
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(self.config.app_venv / "bin" / "python"), "-m", "intake_api.migrate"],
            cwd=REPO_ROOT, env=self.config.environment(), check=True,
        )  # fmt: skip

    def start(self, timeout_s: float = 240.0) -> None:
        if not self.config.model.exists():
            raise FileNotFoundError(f"no trained model at {self.config.model}; run `make model`")
        self.migrate()
        try:
            for name in ("api", "actions", "rasa"):
                self._spawn(name)
            self.wait_healthy(timeout_s)
        except BaseException:
            self.stop()
            raise

    def _spawn(self, name: str) -> None:
        if self.config.log_dir is not None:
            self.config.log_dir.mkdir(parents=True, exist_ok=True)
            log = open(self.config.log_dir / f"{name}.log", "ab")  # noqa: SIM115 (closed in stop())
            self._log_files.append(log)
            out: int | IO[bytes] = log
        else:
            out = subprocess.PIPE
        process = subprocess.Popen(
            self.commands()[name], cwd=REPO_ROOT, env=self.config.environment(),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes[name] = process
        if process.stdout is not None:
            threading.Thread(target=_prefix_lines, args=(name, process.stdout), daemon=True).start()

    def wait_healthy(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        pending = dict(self.health_urls())
        while pending:
            for name, url in list(pending.items()):
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with code {process.returncode} during start-up")
                try:
                    if httpx.get(url, timeout=2.0).status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not healthy after {timeout_s:.0f} s: {', '.join(pending)}")
            if pending:
                time.sleep(0.5)

    def stop(self, name: str | None = None, grace_s: float = 15.0) -> None:
        """Stop one process or all of them (process groups, so children go too)."""
        names = [name] if name else list(self.processes)
        for n in names:
            process = self.processes.get(n)
            if process is not None and process.poll() is None:
                _signal_group(process, signal.SIGTERM)
        for n in names:
            process = self.processes.pop(n, None)
            if process is None:
                continue
            try:
                process.wait(grace_s)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(5)
        if name is None:
            for log in self._log_files:
                log.close()
            self._log_files.clear()

    def restart(self, name: str, timeout_s: float = 120.0) -> None:
        """Start one stopped process again and wait until it answers."""
        self._spawn(name)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.health_urls()[name], timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise TimeoutError(f"{name} not healthy after restart")

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def _prefix_lines(name: str, stream: IO[bytes]) -> None:
    for raw in iter(stream.readline, b""):
        sys.stdout.write(f"[{name:7}] {raw.decode('utf-8', 'replace')}")
        sys.stdout.flush()


def run() -> int:
    """Start everything, print where to look, and stop all on Ctrl-C or when one part dies."""
    stack = Stack()
    c = stack.config
    print(f"Starter Innbyggerdialog (data: {c.data_dir}) …", flush=True)
    if c.rasa_token == DEV_RASA_TOKEN:
        print(f"Rasa HTTP API token (development default): {c.rasa_token}  — set RASA_TOKEN in production", flush=True)
    stack.start()
    print(
        "\nAlt kjører. Everything is up:\n"
        f"  Demo page with the chat widget:  http://localhost:{c.api_port}/\n"
        f"  Intake API docs:                 http://localhost:{c.api_port}/docs\n"
        f"  Rasa server (REST, socket.io):   {c.rasa_url}\n"
        f"  Action server:                   {c.action_url}\n"
        "Press Ctrl-C to stop all.\n",
        flush=True,
    )
    try:
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        dead = [n for n, p in stack.processes.items() if p.poll() is not None]
        print(f"{', '.join(dead)} stopped unexpectedly; stopping the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping …", flush=True)
        return 0
    finally:
        stack.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.stack", description=__doc__)
    parser.add_argument("command", choices=["run"])
    parser.parse_args(argv)
    return run()


if __name__ == "__main__":
    sys.exit(main())
