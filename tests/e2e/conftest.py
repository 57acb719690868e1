"""The real service as processes: intake API, action server and Rasa server.

Started once per test session on free ports with a temporary data folder and
shared by every end-to-end module; the model is the one `make test` trained.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devtools.stack import REPO_ROOT, Stack, StackConfig

ARTIFACTS = REPO_ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    config = StackConfig(
        rasa_port=free_port(),
        action_port=free_port(),
        api_port=free_port(),
        data_dir=tmp_path_factory.mktemp("data"),
        model=REPO_ROOT / "models" / "innbygger.tar.gz",
        log_dir=ARTIFACTS / "logs",
    )
    if not config.model.exists():
        pytest.fail("no trained model: run `make model` (make test trains it first)")
    running = Stack(config)
    running.start()
    yield running
    running.stop()


class Resident:
    """A resident chatting through Rasa's REST channel, one conversation id."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.sender = f"test-{uuid.uuid4()}"

    def say(self, text: str) -> list[dict]:
        response = httpx.post(
            f"{self.stack.config.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=30,
        )
        response.raise_for_status()
        return list(response.json())

    def says(self, text: str) -> str:
        """Send a message and return the bot's replies joined into one text."""
        return "\n".join(m.get("text", "") for m in self.say(text))


@pytest.fixture
def resident(stack: Stack) -> Resident:
    return Resident(stack)


def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
