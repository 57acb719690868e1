"""Start the intake API, the action server and the Rasa server together.

`make run` calls `python -m devtools.stack run`; the end-to-end tests use
`Stack` directly with free ports and a temporary data folder. Every process
gets its own process group, so stopping the stack stops all of them: on Ctrl-C,
on SIGTERM (a process manager, `systemctl stop`) and on SIGHUP (a closed terminal)
alike, SIGTERM to each group and SIGKILL after a grace period.

Every listener binds to loopback unless configured otherwise (API_HOST, ACTION_HOST,
RASA_HOST). The processes' own output (Rasa's, TensorFlow's and Sanic's start-up noise
included) goes to log files under the data folder; `make run` shows only what starts,
where it answers, and errors.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_RASA_TOKEN = "dev-rasa-token"
LOOPBACK = "127.0.0.1"
WILDCARDS = {"", "0.0.0.0", "::", "[::]"}
NAMES = {"api": "intake API", "actions": "action server", "rasa": "Rasa server", "trainer": "trainer"}


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_host(name: str) -> str:
    return os.environ.get(name) or LOOPBACK


@dataclass
class StackConfig:
    """Ports, folders and secrets for one running set of processes."""

    rasa_port: int = field(default_factory=lambda: _env_int("RASA_PORT", 5005))
    action_port: int = field(default_factory=lambda: _env_int("ACTION_PORT", 5055))
    api_port: int = field(default_factory=lambda: _env_int("API_PORT", 8000))
    host: str = LOOPBACK  # where this launcher (and the processes) reach each other
    # Where each server listens: loopback unless configured (e.g. ACTION_HOST=0.0.0.0 for a container).
    api_host: str = field(default_factory=lambda: _env_host("API_HOST"))
    action_host: str = field(default_factory=lambda: _env_host("ACTION_HOST"))
    rasa_host: str = field(default_factory=lambda: _env_host("RASA_HOST"))
    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("INNBYGGER_DATA_DIR", REPO_ROOT / "data")))
    model: Path = field(
        default_factory=lambda: Path(os.environ.get("RASA_MODEL", REPO_ROOT / "models" / "innbygger.tar.gz"))
    )
    # Without a model Rasa still starts (its HTTP API and channels answer, the bot does not):
    # for work on the API, the staff pages or the widget before the first training.
    without_model: bool = False
    # The trainer (bot/trainer.py): retrains with editors' examples when they ask for it in the staff pages.
    trainer: bool = True
    rasa_token: str = field(default_factory=lambda: os.environ.get("RASA_TOKEN", DEV_RASA_TOKEN))
    bot_venv: Path = field(default_factory=lambda: Path(os.environ.get("BOT_VENV", REPO_ROOT / ".venv" / "bot")))
    app_venv: Path = field(default_factory=lambda: Path(os.environ.get("APP_VENV", REPO_ROOT / ".venv" / "app")))
    log_dir: Path | None = None  # None: prefix each line and print to the terminal
    # With a log folder: also print the lines that report errors (`make run`), with the process's name.
    echo_errors: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def model_in_force(self) -> Path:
        """The model editors last put in force (bot/trainer.py writes <data>/models/current), else `model`."""
        pointer = self.data_dir / "models" / "current"
        if pointer.exists():
            chosen = Path(pointer.read_text(encoding="utf-8").strip())
            if chosen.exists():
                return chosen
        return self.model

    def _reach(self, bind: str) -> str:
        return self.host if bind in WILDCARDS else bind

    @property
    def rasa_url(self) -> str:
        return f"http://{self._reach(self.rasa_host)}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self._reach(self.action_host)}:{self.action_port}"

    @property
    def api_url(self) -> str:
        return f"http://{self._reach(self.api_host)}:{self.api_port}"

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
                # The trainer loads new models into this Rasa server and starts from this model.
                "RASA_SERVER_URLS": self.rasa_url,
                "RASA_TOKEN": self.rasa_token,
                "RASA_MODEL": str(self.model),
                # rasa-sdk's action server listens on SANIC_HOST, and on every interface without it.
                "SANIC_HOST": self.action_host,
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
        self._readers: list[threading.Thread] = []

    # -- commands ---------------------------------------------------------
    def commands(self) -> dict[str, list[str]]:
        c = self.config
        bot_bin, app_bin = c.bot_venv / "bin", c.app_venv / "bin"
        cors = c.page_origins()
        # Without a model: an empty folder, so Rasa neither loads one nor creates models/ here.
        model = c.data_dir / "no-model" if c.without_model else c.model_in_force
        return {
            "api": [str(app_bin / "uvicorn"), "intake_api.main:app", "--host", c.api_host, "--port", str(c.api_port)],
            "actions": [
                str(bot_bin / "rasa"), "run", "actions", "--actions", "bot.actions", "--port", str(c.action_port),
            ],
            "rasa": [
                str(bot_bin / "rasa"), "run", "--enable-api", "--auth-token", c.rasa_token,
                "--interface", c.rasa_host, "--port", str(c.rasa_port), "--model", str(model),
                "--credentials", "credentials.yml", "--endpoints", "endpoints.yml", "--cors", *cors,
            ],
            "trainer": [str(bot_bin / "python"), "-m", "bot.trainer"],
        }  # fmt: skip

    def health_urls(self) -> dict[str, str]:
        c = self.config
        return {
            "api": f"{c.api_url}/health",
            "actions": f"{c.action_url}/health",
            # /status needs a loaded model; without one the server's root answers.
            "rasa": f"{c.rasa_url}/" if c.without_model else f"{c.rasa_url}/status?token={c.rasa_token}",
        }

    def log_path(self, name: str) -> Path | None:
        return None if self.config.log_dir is None else self.config.log_dir / f"{name}.log"

    # -- lifecycle --------------------------------------------------------
    def migrate(self) -> None:
        """Bring the intake database to the newest schema before the API starts.

        What it prints (the development keys) is shown; Alembic's log lines go to the log folder.
        """
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        command = [str(self.config.app_venv / "bin" / "python"), "-m", "intake_api.migrate"]
        log_path = self.log_path("migrate")
        if log_path is None:
            subprocess.run(command, cwd=REPO_ROOT, env=self.config.environment(), check=True)
            return
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("ab") as log:
            done = subprocess.run(
                command, cwd=REPO_ROOT, env=self.config.environment(), stdout=subprocess.PIPE, stderr=log,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        if self.config.echo_errors:
            say(done.stdout.decode("utf-8", "replace").rstrip("\n"))
        if done.returncode != 0:
            raise RuntimeError(f"the migration failed (exit code {done.returncode}); see {log_path}")

    def start(self, timeout_s: float = 240.0) -> None:
        if not self.config.without_model and not self.config.model.exists():
            raise FileNotFoundError(f"no trained model at {self.config.model}; run `make model`")
        if self.config.without_model:
            (self.config.data_dir / "no-model").mkdir(parents=True, exist_ok=True)
        self.migrate()
        try:
            for name in ("api", "actions", "rasa"):
                self._spawn(name)
            self.wait_healthy(timeout_s)
            if self.config.trainer:
                self._spawn("trainer")
        except BaseException:
            self.stop()
            raise

    def _spawn(self, name: str) -> None:
        c = self.config
        log_path = self.log_path(name)
        out: int | IO[bytes] = subprocess.PIPE
        log: IO[bytes] | None = None
        if log_path is not None:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            log = open(log_path, "ab")  # noqa: SIM115 (closed in stop())
            self._log_files.append(log)
            if not c.echo_errors:
                out = log  # straight into the file: nothing of it on the terminal
        process = subprocess.Popen(
            self.commands()[name], cwd=REPO_ROOT, env=c.environment(),
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        self.processes[name] = process
        if process.stdout is not None:
            reader = threading.Thread(target=_read_output, args=(name, process.stdout, log), daemon=True)
            reader.start()
            self._readers.append(reader)

    def wait_healthy(self, timeout_s: float, on_ready: Callable[[str, float], None] | None = None) -> None:
        started = time.monotonic()
        deadline = started + timeout_s
        pending = dict(self.health_urls())
        while pending:
            for name, url in list(pending.items()):
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with code {process.returncode} during start-up")
                try:
                    if httpx.get(url, timeout=2.0).status_code == 200:
                        del pending[name]
                        if on_ready is not None:
                            on_ready(name, time.monotonic() - started)
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not healthy after {timeout_s:.0f} s: {', '.join(pending)}")
            if pending:
                time.sleep(0.5)

    def stop(self, name: str | None = None, grace_s: float = 15.0) -> None:
        """Stop one process or all of them: SIGTERM to each process group, SIGKILL to what is
        left of a group after the grace period (children that ignored SIGTERM go too)."""
        names = [name] if name else list(self.processes)
        for n in names:
            process = self.processes.get(n)
            if process is not None:
                _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for n in names:
            process = self.processes.pop(n, None)
            if process is None:
                continue
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(max(0.0, deadline - time.monotonic()))
            while _group_alive(process.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            _signal_group(process, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(5)
        if name is None:
            for reader in self._readers:
                reader.join(2)
            self._readers.clear()
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
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


# -- the terminal ---------------------------------------------------------
def say(text: str, error: bool = False) -> None:
    """Print a line of the launcher's own; a terminal that is gone (SIGHUP) must not stop the clean-up."""
    if not text:
        return
    stream = sys.stderr if error else sys.stdout
    with contextlib.suppress(OSError, ValueError):
        stream.write(text + "\n")
        stream.flush()


# A line reports an error if its level says so (Rasa, Sanic, uvicorn, Python logging), or it is
# part of a traceback. Warnings (DeprecationWarning, TensorFlow's notices) stay in the log file.
_ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL|FATAL)\b|^\S*Error:|^\S*Exception:")
_TRACEBACK = "Traceback (most recent call last):"


class ErrorLines:
    """Picks the lines of a process's output that report errors, tracebacks whole."""

    def __init__(self) -> None:
        self.in_traceback = False

    def __call__(self, line: str) -> bool:
        if line.startswith(_TRACEBACK):
            self.in_traceback = True
            return True
        if self.in_traceback:
            if not line[:1].isspace() and line.strip():
                self.in_traceback = False  # the exception line ends the traceback
            return True
        return bool(_ERROR_LINE.search(line))


def _read_output(name: str, stream: IO[bytes], log: IO[bytes] | None) -> None:
    """Copy a process's output into its log file; print its error lines (or, without a log, all)."""
    errors = ErrorLines()
    for raw in iter(stream.readline, b""):
        if log is not None:
            with contextlib.suppress(ValueError, OSError):  # closed by stop() while a last line came
                log.write(raw)
                log.flush()
        line = raw.decode("utf-8", "replace").rstrip("\n")
        if log is None or errors(line):
            say(f"[{name:7}] {line}", error=log is not None)


def tail(path: Path | None, lines: int = 15) -> str:
    if path is None or not path.exists():
        return ""
    with path.open("rb") as f:
        last = deque(f, maxlen=lines)
    return "".join(line.decode("utf-8", "replace") for line in last).rstrip("\n")


# -- stopping on a signal -----------------------------------------------------
class StopRequested(Exception):
    """SIGINT, SIGTERM or SIGHUP arrived: stop everything and exit."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class SignalGuard:
    """While active, the first of SIGINT/SIGTERM/SIGHUP raises StopRequested in the main thread.

    Later signals are ignored, and so is every signal once `quiet()` is called before the clean-up:
    a second Ctrl-C, a process manager's repeated SIGTERM or a late SIGHUP cannot cut stopping short.
    """

    def __init__(self) -> None:
        self.stopping = False

    def quiet(self) -> None:
        self.stopping = True

    def handler(self, signum: int, _frame: FrameType | None) -> None:
        if self.stopping:
            return
        self.stopping = True
        raise StopRequested(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[SignalGuard]:
    guard = SignalGuard()
    previous = {sig: signal.signal(sig, guard.handler) for sig in STOP_SIGNALS}
    try:
        yield guard
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run(without_model: bool = False) -> int:
    """Start everything, print where to look, and stop all on Ctrl-C, SIGTERM, SIGHUP or when one part dies."""
    config = StackConfig(without_model=without_model, echo_errors=True)
    config.log_dir = config.data_dir / "logs"
    stack = Stack(config)
    c = stack.config
    with stop_on_signals() as signals:
        try:
            say(f"Starter Innbyggerdialog (data: {c.data_dir}) …")
            say(f"The servers' own output goes to {c.log_dir}/{{api,actions,rasa,migrate}}.log")
            if c.rasa_token == DEV_RASA_TOKEN:
                say(f"Rasa HTTP API token (development default): {c.rasa_token}  — set RASA_TOKEN in production")
            if c.without_model:
                say("Without a model: Rasa starts, but the bot does not answer (run `make model` to train one).")
            if not c.without_model and not c.model.exists():
                say(f"No trained model at {c.model}: run `make model` (or start with --without-model).", error=True)
                return 1
            stack.migrate()
            for name in ("api", "actions", "rasa"):
                say(f"  starting the {NAMES[name]} …")
                stack._spawn(name)
            stack.wait_healthy(240.0, on_ready=lambda name, s: say(f"  {NAMES[name]} ready ({s:.0f} s)"))
            if c.trainer and not c.without_model:
                stack._spawn("trainer")
            say(
                "\nAlt kjører. Everything is up:\n"
                f"  Demo page with the chat widget:  http://localhost:{c.api_port}/\n"
                f"  Intake API docs:                 http://localhost:{c.api_port}/docs\n"
                f"  Rasa server (REST, socket.io):   {c.rasa_url}\n"
                f"  Action server:                   {c.action_url}\n"
                f"  Logs:                            {c.log_dir}/\n"
                "Press Ctrl-C to stop all."
            )
            while all(p.poll() is None for p in stack.processes.values()):
                time.sleep(1)
            dead = [n for n, p in stack.processes.items() if p.poll() is not None]
            for name in dead:
                _report(stack, name, f"{name} stopped unexpectedly (exit code {stack.processes[name].returncode})")
            say("Stopping the rest.", error=True)
            return 1
        except StopRequested as stop:
            reason = "" if stop.signum == signal.SIGINT else f" ({signal.Signals(stop.signum).name})"
            say(f"\nStopping{reason} …")
            return 0
        except (RuntimeError, TimeoutError) as error:
            say(f"Start-up failed: {error}", error=True)
            for name in stack.processes:
                # The one that exited, or (on a time-out) every one that did not answer.
                if isinstance(error, TimeoutError) or stack.processes[name].poll() is not None:
                    _report(stack, name, "")
            return 1
        finally:
            signals.quiet()
            stack.stop()
            say("Stopped.")


def _report(stack: Stack, name: str, headline: str) -> None:
    """Say what happened to a process, with the end of its log file."""
    path = stack.log_path(name)
    if headline:
        say(headline, error=True)
    last = tail(path)
    if last:
        say(f"Last lines of {path}:\n{last}", error=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.stack", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["run"])
    parser.add_argument(
        "--without-model", action="store_true", help="start Rasa without a trained model (the bot does not answer)"
    )
    args = parser.parse_args(argv)
    return run(without_model=args.without_model)


if __name__ == "__main__":
    sys.exit(main())
