"""Editors' changes to answers and facts, fetched from the intake API while the action server runs.

Editors change answers and kommune facts in the staff pages; the intake API keeps them. Each
action server process polls GET /api/v1/content/live every CONTENT_POLL_SECONDS (20 by default,
0 turns polling off) in a background thread and swaps in the new changes at once, so every replica
answers with an editor's change within the interval and without a restart. A poll that fails keeps
what the process had: the seed in content/ and the last changes fetched. Residents never wait for
a poll (it runs beside the conversation), except the very first answer of a new process, which
waits for one fetch of at most a second.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Changes:
    """The answers and facts editors changed, as of one revision (0: none fetched yet)."""

    revision: int = 0
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)


class LivePoller:
    def __init__(self, base_url: str, api_key: str, interval_s: float):
        self.url = base_url.rstrip("/") + "/api/v1/content/live"
        self.api_key = api_key
        self.interval_s = interval_s
        self.changes = Changes()
        self._etag = ""
        self._failing = False

    def fetch_once(self, timeout_s: float = 5.0) -> Changes:
        request = urllib.request.Request(self.url, headers={"X-API-Key": self.api_key})
        if self._etag:
            request.add_header("If-None-Match", self._etag)
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                body = json.loads(response.read().decode("utf-8"))
                self._etag = response.headers.get("ETag", "")
        except urllib.error.HTTPError as error:
            if error.code != 304:
                self._warn(f"HTTP {error.code}")
            return self.changes
        except (OSError, ValueError) as error:
            self._warn(type(error).__name__)
            return self.changes
        if self._failing:
            logger.info("editors' content reachable again (revision %s)", body.get("revision"))
            self._failing = False
        self.changes = Changes(revision=int(body.get("revision") or 0), answers=dict(body.get("answers") or {}),
                               facts={str(k): str(v) for k, v in (body.get("facts") or {}).items()})  # fmt: skip
        return self.changes

    def _warn(self, reason: str) -> None:
        # Once per outage, and never with content: the answers in force are kept meanwhile.
        if not self._failing:
            logger.warning("editors' content not fetched (%s); answering with what this process has", reason)
            self._failing = True

    def run_forever(self) -> None:
        while True:
            self.fetch_once()
            time.sleep(self.interval_s)


_poller: LivePoller | None = None
_lock = threading.Lock()


def _start() -> LivePoller:
    global _poller
    with _lock:
        if _poller is None:
            poller = LivePoller(
                os.environ.get("INTAKE_API_URL", "http://127.0.0.1:8000"),
                os.environ.get("INTAKE_BOT_API_KEY", "dev-bot-key"),
                float(os.environ.get("CONTENT_POLL_SECONDS", "20")),
            )
            if poller.interval_s > 0:
                # Once before the first answer, so a restarted process does not answer with the seed
                # for one interval; briefly, so an API that is down delays that answer by a second at most.
                poller.fetch_once(timeout_s=1.0)
                threading.Thread(target=poller.run_forever, name="editors-content", daemon=True).start()
            _poller = poller
        return _poller


def changes() -> Changes:
    """The editors' changes in force in this process (the poll starts on first use)."""
    return (_poller or _start()).changes


def as_dict(value: Changes) -> dict[str, Any]:
    return {"revision": value.revision, "answers": value.answers, "facts": value.facts}
