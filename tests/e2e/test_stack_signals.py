"""The stack launcher (`make run`) as a process: it stops everything it started on SIGTERM and SIGHUP
as it does on Ctrl-C, every listener is on loopback, and its terminal shows the service's own lines.

`python -m devtools.stack run` is started as `make run` starts it, on free ports with a data folder of
its own. The fast cases run Rasa without a model (`--without-model`: the same three processes and
ports, no training needed); one case runs the trained model the other end-to-end tests use.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.stack import REPO_ROOT, ErrorLines, Stack, StackConfig
from tests.e2e.conftest import free_port

MODEL = REPO_ROOT / "models" / "innbygger.tar.gz"
START_TIMEOUT_S = 300
NOISE = re.compile(r"DeprecationWarning|tensorflow|Warning:", re.IGNORECASE)


# -- what runs: processes and their listening sockets, from /proc ----------------------------
def parents() -> dict[int, int]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                found[int(entry.name)] = int(stat[stat.rfind(")") + 2 :].split()[1])
    return found


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for child, parent in parents().items():
        children.setdefault(parent, []).append(child)
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to reap it counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 :].split()[0] != "Z"


def _address(hex_address: str) -> tuple[str, int]:
    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    if len(raw) == 4:
        return socket.inet_ntop(socket.AF_INET, raw[::-1]), int(port, 16)
    # IPv6: four 32-bit words, each in host (little-endian) order.
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
    return socket.inet_ntop(socket.AF_INET6, words), int(port, 16)


def listeners(pids: set[int]) -> dict[int, str]:
    """Listening TCP ports of these processes and the address each is bound to."""
    by_inode: dict[str, tuple[str, int]] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                by_inode[fields[9]] = _address(fields[1])
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    inode = target[len("socket:[") : -1] if target.startswith("socket:[") else ""
                    if inode in by_inode:
                        host, port = by_inode[inode]
                        found[port] = host
    return found


def port_free(port: int) -> bool:
    """Nothing listens on the port any more: a server started again could bind it.

    SO_REUSEADDR as every server sets it: connections the stopped server closed itself (the
    trainer's and the health checks' requests) linger in TIME_WAIT, which blocks a plain bind for
    a minute but not a server's."""
    for host in ("127.0.0.1", "0.0.0.0"):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                return False
    return True


# -- the launcher ------------------------------------------------------------------------------
@dataclass
class Launcher:
    popen: subprocess.Popen[bytes]
    output_path: Path
    data_dir: Path
    ports: dict[str, int]

    def output(self) -> str:
        return self.output_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, text: str, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if self.popen.poll() is not None:
                pytest.fail(f"the launcher ended ({self.popen.returncode}) before {text!r}:\n{self.output()}")
            time.sleep(0.5)
        pytest.fail(f"no {text!r} within {timeout_s} s:\n{self.output()}")


def start_launcher(tmp_path: Path, without_model: bool) -> Launcher:
    ports = {"api": free_port(), "actions": free_port(), "rasa": free_port()}
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("API_HOST", "ACTION_HOST", "RASA_HOST", "RASA_MODEL")}
    env.update(
        API_PORT=str(ports["api"]), ACTION_PORT=str(ports["actions"]), RASA_PORT=str(ports["rasa"]),
        INNBYGGER_DATA_DIR=str(data_dir), RASA_MODEL=str(MODEL),
    )  # fmt: skip
    command = [sys.executable, "-m", "devtools.stack", "run", *(["--without-model"] if without_model else [])]
    output = tmp_path / "launcher-output.txt"
    with output.open("wb") as sink:
        popen = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    return Launcher(popen, output, data_dir, ports)


@pytest.mark.parametrize(
    ("variant", "sig"),
    [("without-model", signal.SIGTERM), ("without-model", signal.SIGHUP), ("trained-model", signal.SIGTERM)],
    ids=["sigterm", "sighup", "sigterm-trained-model"],
)
def test_a_stop_signal_stops_every_process_and_frees_every_port(tmp_path, variant, sig):
    if variant == "trained-model" and not MODEL.exists():
        pytest.fail("no trained model: run `make model` (make test trains it first)")
    launcher = start_launcher(tmp_path, without_model=variant == "without-model")
    children: set[int] = set()
    try:
        launcher.wait_for("Alt kjører", START_TIMEOUT_S)
        children = descendants(launcher.popen.pid)
        assert len(children) >= 3, children  # uvicorn, the action server, the Rasa server

        # Every listener of every process is on loopback, and the three ports are among them.
        listening = listeners(children)
        assert set(launcher.ports.values()) <= set(listening), (listening, launcher.ports)
        assert all(host == "127.0.0.1" for host in listening.values()), listening

        # The terminal: what starts, the URLs, "Alt kjører", where the logs are, and no library noise.
        output = launcher.output()
        logs = launcher.data_dir / "logs"
        assert f"{logs}/" in output, output
        for name in ("intake API", "action server", "Rasa server"):
            assert f"{name} ready" in output, output
        assert f"http://localhost:{launcher.ports['api']}/" in output
        noisy = [line for line in output.splitlines() if NOISE.search(line)]
        assert not noisy, noisy
        # ... while the noise went to the log files, with the servers' own lines.
        assert "Rasa server is up and running" in (logs / "rasa.log").read_text(errors="replace")
        assert "Action endpoint is up and running" in (logs / "actions.log").read_text(errors="replace")
        assert "Application startup complete" in (logs / "api.log").read_text(errors="replace")

        launcher.popen.send_signal(sig)
        assert launcher.popen.wait(60) == 0, launcher.output()
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in children if alive(pid)], "processes left running after " + sig.name
        assert all(port_free(port) for port in launcher.ports.values()), launcher.ports
        assert f"Stopping ({sig.name})" in launcher.output()
    finally:
        if launcher.popen.poll() is None:
            launcher.popen.kill()
            launcher.popen.wait(10)
        for pid in children | descendants(launcher.popen.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# -- configuration without processes ----------------------------------------------------------
def test_every_listener_is_on_loopback_unless_configured(monkeypatch):
    for name in ("API_HOST", "ACTION_HOST", "RASA_HOST"):
        monkeypatch.delenv(name, raising=False)
    stack = Stack(StackConfig())
    commands = stack.commands()
    assert commands["api"][commands["api"].index("--host") + 1] == "127.0.0.1"
    assert commands["rasa"][commands["rasa"].index("--interface") + 1] == "127.0.0.1"
    assert stack.config.environment()["SANIC_HOST"] == "127.0.0.1"  # rasa-sdk's default is 0.0.0.0

    monkeypatch.setenv("ACTION_HOST", "0.0.0.0")
    monkeypatch.setenv("API_HOST", "0.0.0.0")
    configured = Stack(StackConfig())
    assert configured.config.environment()["SANIC_HOST"] == "0.0.0.0"
    assert configured.commands()["api"][configured.commands()["api"].index("--host") + 1] == "0.0.0.0"
    # The launcher and the other processes still reach them on loopback.
    assert configured.config.action_url.startswith("http://127.0.0.1:")
    assert configured.config.environment()["ACTION_ENDPOINT_URL"].startswith("http://127.0.0.1:")


def test_the_terminal_shows_errors_and_tracebacks_not_warnings():
    lines = [
        "/x/rasa/shared/utils/validation.py:134: DeprecationWarning: pkg_resources is deprecated as an API.",
        "  import pkg_resources",
        "2026-12-03 16:45:22 INFO     root  - Rasa server is up and running.",
        "W tensorflow/core/platform/cpu_feature_guard.cc:193] This TensorFlow binary is optimized",
        "2026-12-03 16:45:23 ERROR    rasa.core.agent  - Could not load model due to Invalid model.",
        "ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', 8000)",
        "Traceback (most recent call last):",
        '  File "/x/y.py", line 1, in <module>',
        "    raise ValueError('x')",
        "ValueError: x",
        "INFO:     Application startup complete.",
    ]
    pick = ErrorLines()
    shown = [line for line in lines if pick(line)]
    assert shown == lines[4:10]
